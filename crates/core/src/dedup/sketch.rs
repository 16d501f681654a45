//! What duplicate detection compares: a key text (normalised, without whitespace or
//! punctuation), its character n-gram shingles, a MinHash signature of them and winnowing
//! fingerprints for containment.

use std::ops::Range;

use crate::normalize::Normalizer;

/// A mixing function with good avalanche (the splitmix64 finaliser): stable across platforms
/// and releases, unlike `std`'s hasher.
#[inline]
pub(crate) fn mix(mut x: u64) -> u64 {
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

/// The characters compared, with the byte span in the original text each comes from.
#[derive(Debug, Default)]
pub(crate) struct Key {
    pub(crate) chars: Vec<char>,
    pub(crate) spans: Vec<Range<usize>>,
}

impl Key {
    /// The key of `text`: normalised, ASCII lower-cased, whitespace, punctuation and symbols
    /// dropped (a changed comma or a re-spaced line must not look like a different text).
    pub(crate) fn of(normalizer: &Normalizer, text: &str, with_spans: WithSpans) -> Key {
        let mut key = Key { chars: Vec::with_capacity(text.len() / 3 + 8), spans: Vec::new() };
        match with_spans {
            // Without spans the normalised text is never built.
            #[cfg(test)]
            WithSpans::No => key.fill(normalizer, text),
            WithSpans::Yes => {
                key.spans.reserve(text.len() / 3 + 8);
                for (c, span) in normalizer.normalize(text).char_spans() {
                    if kept(c) {
                        key.chars.push(c.to_ascii_lowercase());
                        key.spans.push(span);
                    }
                }
            }
        }
        key
    }

    /// Makes this the key of `text`, without spans, in the memory it holds already.
    fn fill(&mut self, normalizer: &Normalizer, text: &str) {
        self.chars.clear();
        self.spans.clear();
        normalizer.for_each_visible(text, |c| {
            if kept(c) {
                self.chars.push(c.to_ascii_lowercase());
            }
        });
    }

    /// A 64-bit hash of the whole key (exact duplicates share it).
    pub(crate) fn hash(&self) -> u64 {
        self.chars.iter().fold(0x243f_6a88_85a3_08d3u64, |h, &c| mix(h ^ u64::from(c)))
    }

    /// The hashes of the character `n`-grams, in text order (empty for a key shorter than `n`).
    pub(crate) fn shingle_hashes(&self, n: usize) -> Vec<u32> {
        if self.chars.len() < n {
            return Vec::new();
        }
        self.chars.windows(n).map(|w| shingle_hash(w) as u32).collect()
    }

    /// The sorted, distinct hashes of the character `n`-grams, from [`Key::shingle_hashes`]. A
    /// key shorter than `n` is one shingle (the whole key), so short texts do not all collide
    /// on an empty set.
    pub(crate) fn shingles(&self, hashes: &[u32]) -> Vec<u32> {
        if hashes.is_empty() {
            return if self.chars.is_empty() { Vec::new() } else { vec![self.hash() as u32] };
        }
        let mut out = hashes.to_vec();
        out.sort_unstable();
        out.dedup();
        out
    }
}

/// What duplicate detection keeps of a text: its key hash, the sorted distinct hashes of its
/// shingles, its winnowing fingerprints (see [`winnow`]; none for a key shorter than
/// `min_prints` characters) and its length in characters.
pub(crate) type Sketch = (u64, Vec<u32>, Vec<u32>, usize);

/// The working memory of [`sketch`], reused from text to text (one per thread).
#[derive(Debug, Default)]
pub(crate) struct Scratch {
    key: Key,
    hashes: Vec<u32>,
    grams: Vec<u32>,
    set: Vec<u32>,
}

/// The sketch of `text` with `n`-gram shingles and fingerprints winnowed from its `2n`-grams
/// in windows of `w`: the same as [`Key::of`], [`Key::shingle_hashes`], [`Key::shingles`],
/// [`double_grams`] and [`winnow`] give, but the key and the hashes are built in `scratch`,
/// and what is kept is allocated at its exact size.
/// Thousands of texts are sketched in a row: were the working memory allocated per text,
/// between the sets that are kept, the sets would end up scattered over memory mostly free.
pub(crate) fn sketch(
    normalizer: &Normalizer,
    text: &str,
    n: usize,
    w: usize,
    min_prints: usize,
    scratch: &mut Scratch,
) -> Sketch {
    let Scratch { key, hashes, grams, set } = scratch;
    key.fill(normalizer, text);
    hashes.clear();
    if key.chars.len() >= n {
        hashes.extend(key.chars.windows(n).map(|w| shingle_hash(w) as u32));
    }
    let shingles = if hashes.is_empty() {
        if key.chars.is_empty() { Vec::new() } else { vec![key.hash() as u32] }
    } else {
        set.clear();
        set.extend_from_slice(hashes);
        set.sort_unstable();
        set.dedup();
        set.as_slice().to_vec()
    };
    let prints = if key.chars.len() >= min_prints {
        double_grams_into(hashes, n, grams);
        winnow_into(grams, w, set);
        set.as_slice().to_vec()
    } else {
        Vec::new()
    };
    (key.hash(), shingles, prints, key.chars.len())
}

/// Whether a character of the normalised text is part of the key: letters and digits of any
/// script. Chinese characters, ASCII and the punctuation Chinese text writes are decided
/// without the Unicode tables.
#[inline]
fn kept(c: char) -> bool {
    if ('\u{4E00}'..='\u{9FFF}').contains(&c) {
        true
    } else if c.is_ascii() {
        c.is_ascii_alphanumeric()
    } else if is_common_punctuation(c) {
        false
    } else {
        c.is_alphanumeric()
    }
}

/// General punctuation (quotes, dashes, ellipsis), CJK punctuation and full-width punctuation:
/// no letter or digit among them (a test walks every one).
#[inline]
fn is_common_punctuation(c: char) -> bool {
    matches!(c,
        '\u{2000}'..='\u{206F}' | '\u{3000}'..='\u{3004}' | '\u{3008}'..='\u{3020}'
        | '\u{FF01}'..='\u{FF0F}' | '\u{FF1A}'..='\u{FF20}')
}

/// Whether a key keeps the byte span of each character (needed only to show additions).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum WithSpans {
    Yes,
    /// The characters only: what [`sketch`] builds, in memory it reuses.
    #[cfg(test)]
    No,
}

#[inline]
pub(crate) fn shingle_hash(chars: &[char]) -> u64 {
    chars.iter().fold(0x9e37_79b9_7f4a_7c15u64, |h, &c| mix(h.rotate_left(21) ^ u64::from(c)))
}

/// MinHash signatures by one-permutation hashing with optimal densification (Shrivastava,
/// 2017): each shingle is hashed once into one of `k` bins, the minimum is kept per bin, and
/// empty bins borrow from a pseudo-randomly chosen non-empty bin. The chance that two
/// signatures agree in a bin is the Jaccard similarity of the sets, as with `k` independent
/// permutations, at the cost of one hash per shingle instead of `k`.
///
/// An empty bin `i` probes a sequence of bins fixed by `i` alone (so that two texts that both
/// miss bin `i` borrow from the same place), at most `64 k + 1` probes, and then takes the
/// next filled bin. Only the first probe of each bin matters, so the sequences are kept once
/// as the bins in the order they are first probed: a short text, which leaves most bins empty,
/// walks these lists instead of hashing thousands of probes.
#[derive(Clone, Debug)]
pub(crate) struct MinHasher {
    k: usize,
    /// The bins of each sequence in order of first probe: `order[starts[i]..starts[i + 1]]`.
    order: Vec<u32>,
    starts: Vec<u32>,
}

impl MinHasher {
    pub(crate) fn new(k: usize) -> MinHasher {
        let mut order = Vec::new();
        let mut starts = vec![0u32];
        let mut seen = vec![false; k];
        for i in 0..k {
            seen.iter_mut().for_each(|s| *s = false);
            let mut distinct = 0;
            for attempt in 0..=64 * k as u64 {
                let j = (mix((i as u64) << 32 | attempt) % k as u64) as usize;
                if !seen[j] {
                    seen[j] = true;
                    order.push(j as u32);
                    distinct += 1;
                    if distinct == k {
                        break;
                    }
                }
            }
            starts.push(order.len() as u32);
        }
        MinHasher { k, order, starts }
    }

    /// The signature of a sorted set of shingle hashes (all `u32::MAX` for the empty set).
    pub(crate) fn signature(&self, shingles: &[u32]) -> Vec<u32> {
        let k = self.k;
        let Some((mut bins, filled)) = one_permutation(shingles, k) else {
            return vec![u32::MAX; k];
        };
        for i in 0..k {
            if filled[i] {
                continue;
            }
            let sequence = &self.order[self.starts[i] as usize..self.starts[i + 1] as usize];
            let j = match sequence.iter().find(|&&j| filled[j as usize]) {
                Some(&j) => j as usize,
                // Practically never; bounded all the same: the next filled bin.
                None => (1..k).map(|d| (i + d) % k).find(|&j| filled[j]).unwrap_or(i),
            };
            bins[i] = bins[j];
        }
        bins
    }
}

/// Each shingle hashed once into one of `k` bins, the least value kept per bin; with which
/// bins were filled. `None` for the empty set.
fn one_permutation(shingles: &[u32], k: usize) -> Option<(Vec<u32>, Vec<bool>)> {
    if shingles.is_empty() {
        return None;
    }
    let mut bins = vec![u32::MAX; k];
    let mut filled = vec![false; k];
    for &s in shingles {
        let h = mix(u64::from(s) ^ 0x5851_f42d_4c95_7f2d);
        let bin = (((h >> 32) * k as u64) >> 32) as usize;
        let value = h as u32;
        if value <= bins[bin] {
            bins[bin] = value;
            filled[bin] = true;
        }
    }
    Some((bins, filled))
}

/// The straightforward densification, to check [`MinHasher`] against.
#[cfg(test)]
fn minhash_by_probing(shingles: &[u32], k: usize) -> Vec<u32> {
    let Some((mut bins, filled)) = one_permutation(shingles, k) else {
        return vec![u32::MAX; k];
    };
    for i in 0..k {
        if filled[i] {
            continue;
        }
        let mut attempt = 0u64;
        loop {
            let j = (mix((i as u64) << 32 | attempt) % k as u64) as usize;
            if filled[j] {
                bins[i] = bins[j];
                break;
            }
            attempt += 1;
            if attempt > 64 * k as u64 {
                let j = (1..k).map(|d| (i + d) % k).find(|&j| filled[j]).unwrap_or(i);
                bins[i] = bins[j];
                break;
            }
        }
    }
    bins
}

/// Hashes of the `2n`-grams of a text from the hashes of its `n`-grams in text order: each
/// joins the n-gram at `i` and the one at `i + n`, which together cover `2n` characters.
/// Fingerprints are taken from these: at 100k opinions most 3-grams of a sentence also
/// occur in dozens of unrelated opinions, and a fingerprint that common tells nothing.
#[cfg(test)]
pub(crate) fn double_grams(hashes: &[u32], n: usize) -> Vec<u32> {
    let mut out = Vec::new();
    double_grams_into(hashes, n, &mut out);
    out
}

/// [`double_grams`] into `out` (cleared first).
fn double_grams_into(hashes: &[u32], n: usize, out: &mut Vec<u32>) {
    out.clear();
    if n == 0 {
        return;
    }
    out.extend(
        hashes
            .iter()
            .zip(hashes.iter().skip(n))
            .map(|(&a, &b)| (mix((u64::from(a) << 32) | u64::from(b)) >> 32) as u32),
    );
}

/// Winnowing fingerprints (Schleimer, Wilkerson and Aiken, 2003): the smallest shingle hash
/// of every window of `w` consecutive shingles, from the shingle hashes in text order. Any
/// common run of at least `w + n - 1` characters shares a fingerprint, wherever it sits in
/// either text: this finds a short text copied inside a long one, which set resemblance
/// cannot.
#[cfg(test)]
pub(crate) fn winnow(hashes: &[u32], w: usize) -> Vec<u32> {
    let mut out = Vec::new();
    winnow_into(hashes, w, &mut out);
    out
}

/// [`winnow`] into `out` (cleared first).
fn winnow_into(hashes: &[u32], w: usize, out: &mut Vec<u32>) {
    out.clear();
    if w == 0 || hashes.len() < w {
        return;
    }
    let mut last = usize::MAX;
    for start in 0..=hashes.len() - w {
        // The rightmost minimum of the window, as the paper does, so runs of equal hashes
        // give one fingerprint.
        let (mut at, mut min) = (start, hashes[start]);
        for (j, &h) in hashes.iter().enumerate().take(start + w).skip(start + 1) {
            if h <= min {
                (at, min) = (j, h);
            }
        }
        if at != last {
            out.push(min);
            last = at;
        }
    }
    out.sort_unstable();
    out.dedup();
}

/// |A ∩ B| of two sorted, distinct lists.
pub(crate) fn intersection(a: &[u32], b: &[u32]) -> usize {
    // Branch-free merge: which side advances is data the processor cannot predict, so the
    // comparisons feed the indexes instead of jumps (about twice as fast on shingle sets).
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        let (x, y) = (a[i], b[j]);
        n += usize::from(x == y);
        i += usize::from(x <= y);
        j += usize::from(y <= x);
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(s: &str) -> Key {
        Key::of(&Normalizer::new(), s, WithSpans::Yes)
    }

    #[test]
    fn a_sketch_in_reused_memory_is_the_sketch_made_afresh() {
        let normalizer = Normalizer::new();
        let texts = [
            "建议第二十三条增加规定：住宅小区应当设置电动自行车集中充电设施，方便居民充电。",
            "",
            "好",
            "同意。",
            "　　第五条规定的罚款数额过低，建议提高到五百元！！",
            "我是春晓小区的业主，情况是这样的：小区地下车库的充电桩已经坏了三个月，物业一直不修。",
            "建议第二十三条增加规定：住宅小区应当设置电动自行车集中充电设施，方便居民充电。",
        ];
        // One scratch for every text, long after short and short after long, as a thread
        // of the pool uses it.
        let mut scratch = Scratch::default();
        for text in texts {
            let fresh = {
                let key = Key::of(&normalizer, text, WithSpans::No);
                let hashes = key.shingle_hashes(3);
                let prints = if key.chars.len() >= 20 {
                    winnow(&double_grams(&hashes, 3), 3)
                } else {
                    Vec::new()
                };
                (key.hash(), key.shingles(&hashes), prints, key.chars.len())
            };
            assert_eq!(sketch(&normalizer, text, 3, 3, 20, &mut scratch), fresh, "{text}");
        }
    }

    #[test]
    fn intersection_counts_the_shared_elements_of_two_sorted_sets() {
        let mut state = 0x9e37_79b9_7f4a_7c15u64;
        let mut set = |n: usize, range: u64| {
            let mut v: Vec<u32> = (0..n)
                .map(|_| {
                    state = mix(state);
                    (state % range) as u32
                })
                .collect();
            v.sort_unstable();
            v.dedup();
            v
        };
        for (n, m, range) in [(0, 5, 10), (50, 80, 100), (200, 30, 1000), (300, 300, 400)] {
            let (a, b) = (set(n, range), set(m, range));
            let naive = a.iter().filter(|x| b.binary_search(x).is_ok()).count();
            assert_eq!(intersection(&a, &b), naive);
            assert_eq!(intersection(&b, &a), naive);
        }
    }

    #[test]
    fn keys_ignore_punctuation_whitespace_and_width() {
        let a = key("建议第２３条增加：集中充电设施！");
        let b = key("\n\t建议 第23条增加,集中充电设施");
        assert_eq!(a.chars, b.chars);
        assert_eq!(a.hash(), b.hash());
        let text = "建议，第５条";
        let k = key(text);
        assert_eq!(&text[k.spans[2].clone()], "第");
        assert_eq!(&text[k.spans[3].clone()], "５");
    }

    fn shingles(s: &str) -> Vec<u32> {
        let k = key(s);
        k.shingles(&k.shingle_hashes(3))
    }

    #[test]
    fn short_texts_are_one_shingle_not_an_empty_set() {
        assert_eq!(shingles("同意").len(), 1);
        assert_ne!(shingles("同意"), shingles("反对"));
        assert!(shingles("，。").is_empty());
    }

    #[test]
    fn keys_with_and_without_spans_hold_the_same_characters() {
        for text in
            ["建议第２３条增加：集中充电设施！", "_x000D_ＡＢＣ（第五条）〇々①é", "  \u{200B}，。 "]
        {
            let with = Key::of(&Normalizer::new(), text, WithSpans::Yes);
            let without = Key::of(&Normalizer::new(), text, WithSpans::No);
            assert_eq!(with.chars, without.chars, "{text:?}");
            assert_eq!(with.spans.len(), with.chars.len());
            assert!(without.spans.is_empty());
        }
    }

    #[test]
    fn the_punctuation_shortcut_holds_no_letter_or_digit() {
        let punctuation =
            (0..=0x10FFFFu32).filter_map(char::from_u32).filter(|&c| is_common_punctuation(c));
        for c in punctuation {
            assert!(!c.is_alphanumeric(), "{c:?} U+{:04X}", c as u32);
        }
    }

    #[test]
    fn winnowing_takes_the_rightmost_minimum_of_each_window() {
        // Windows of 3 over 5 3 3 7 1 9: (5 3 3) -> 3 at 2, (3 3 7) -> 3 at 2, (3 7 1) -> 1.
        assert_eq!(winnow(&[5, 3, 3, 7, 1, 9], 3), vec![1, 3]);
        assert!(winnow(&[1, 2], 3).is_empty());
    }

    #[test]
    fn minhash_agreement_estimates_jaccard() {
        let a: Vec<u32> = (0..400).collect();
        let b: Vec<u32> = (100..500).collect(); // J = 300/500 = 0.6
        let minhash = |set: &[u32], k: usize| MinHasher::new(k).signature(set);
        let (sa, sb) = (minhash(&a, 256), minhash(&b, 256));
        let agree = sa.iter().zip(&sb).filter(|(x, y)| x == y).count() as f64 / 256.0;
        assert!((agree - 0.6).abs() < 0.1, "{agree}");
        assert_eq!(minhash(&a, 128), minhash(&a, 128));
        assert!(minhash(&[7], 128).iter().all(|&v| v == minhash(&[7], 128)[0]));
    }

    #[test]
    fn signatures_are_those_of_probing_bin_by_bin() {
        for k in [1, 7, 64, 100, 128] {
            let hasher = MinHasher::new(k);
            for set in [vec![], vec![7], vec![1, 2, 3], (0..40).collect(), (0..400).collect()] {
                assert_eq!(hasher.signature(&set), minhash_by_probing(&set, k), "k {k}, {set:?}");
            }
        }
    }

    #[test]
    fn double_grams_are_equal_exactly_where_six_characters_are() {
        let a = key("建议第二十三条增加规定充电设施");
        let b = key("我们建议第二十三条删除规定");
        let (ga, gb) =
            (double_grams(&a.shingle_hashes(3), 3), double_grams(&b.shingle_hashes(3), 3));
        // 15 characters give 10 six-character grams; 13 give 8.
        assert_eq!((ga.len(), gb.len()), (10, 8));
        // 建议第二十三 议第二十三条 are in both; 第二十三条增 and 第二十三条删 are not.
        let shared: Vec<(usize, usize)> = (0..ga.len())
            .flat_map(|i| (0..gb.len()).map(move |j| (i, j)))
            .filter(|&(i, j)| ga[i] == gb[j])
            .collect();
        assert_eq!(shared, vec![(0, 2), (1, 3)]);
        assert!(double_grams(&[1, 2, 3], 3).is_empty());
    }

    #[test]
    fn winnowing_finds_a_short_text_inside_a_long_one() {
        let short = key("小区地下车库的充电桩已经坏了三个月物业一直不修");
        let long = key(
            "我是春晓小区的业主，情况是这样的：小区地下车库的充电桩已经坏了三个月，物业一直不修。\
             大家只好把电动车推上楼充电，楼道里到处是电线，非常危险，希望有关部门尽快处理。",
        );
        let (hs, hl) = (short.shingle_hashes(3), long.shingle_hashes(3));
        let (fs, fl) = (winnow(&double_grams(&hs, 3), 3), winnow(&double_grams(&hl, 3), 3));
        assert!(!fs.is_empty());
        let shared = intersection(&fs, &fl);
        assert!(shared * 2 >= fs.len(), "{shared} of {}", fs.len());
        let (ss, sl) = (short.shingles(&hs), long.shingles(&hl));
        assert_eq!(intersection(&ss, &sl), ss.len(), "every shingle of the short text is inside");
    }
}
