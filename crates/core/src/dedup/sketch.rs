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
        let normalized = normalizer.normalize(text);
        let n = normalized.as_str();
        let mut key = Key::default();
        for (at, c) in n.char_indices() {
            // Chinese characters and ASCII first: the Unicode tables only for the rest.
            let kept = if ('\u{4E00}'..='\u{9FFF}').contains(&c) {
                true
            } else if c.is_ascii() {
                c.is_ascii_alphanumeric()
            } else {
                c.is_alphanumeric()
            };
            if !kept {
                continue;
            }
            key.chars.push(c.to_ascii_lowercase());
            if with_spans == WithSpans::Yes {
                key.spans.push(normalized.original_span(at..at + c.len_utf8()));
            }
        }
        key
    }

    /// A 64-bit hash of the whole key (exact duplicates share it).
    pub(crate) fn hash(&self) -> u64 {
        self.chars.iter().fold(0x243f_6a88_85a3_08d3u64, |h, &c| mix(h ^ u64::from(c)))
    }

    /// The sorted, distinct hashes of the character `n`-grams. A key shorter than `n` is one
    /// shingle (the whole key), so short texts do not all collide on an empty set.
    pub(crate) fn shingles(&self, n: usize) -> Vec<u32> {
        let mut out: Vec<u32> = if self.chars.len() < n {
            if self.chars.is_empty() { Vec::new() } else { vec![self.hash() as u32] }
        } else {
            self.chars.windows(n).map(|w| shingle_hash(w) as u32).collect()
        };
        out.sort_unstable();
        out.dedup();
        out
    }
}

/// Whether a key keeps the byte span of each character (needed only to show additions).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum WithSpans {
    Yes,
    No,
}

#[inline]
pub(crate) fn shingle_hash(chars: &[char]) -> u64 {
    chars.iter().fold(0x9e37_79b9_7f4a_7c15u64, |h, &c| mix(h.rotate_left(21) ^ u64::from(c)))
}

/// A MinHash signature by one-permutation hashing with optimal densification (Shrivastava,
/// 2017): each shingle is hashed once into one of `k` bins, the minimum is kept per bin, and
/// empty bins borrow from a pseudo-randomly chosen non-empty bin. The chance that two
/// signatures agree in a bin is the Jaccard similarity of the sets, as with `k` independent
/// permutations, at the cost of one hash per shingle instead of `k`.
pub(crate) fn minhash(shingles: &[u32], k: usize) -> Vec<u32> {
    let mut bins = vec![u32::MAX; k];
    let mut filled = vec![false; k];
    if shingles.is_empty() {
        return bins;
    }
    for &s in shingles {
        let h = mix(u64::from(s) ^ 0x5851_f42d_4c95_7f2d);
        let bin = (((h >> 32) * k as u64) >> 32) as usize;
        let value = h as u32;
        if value <= bins[bin] {
            bins[bin] = value;
            filled[bin] = true;
        }
    }
    for i in 0..k {
        if filled[i] {
            continue;
        }
        // Probe a sequence of bins fixed by i alone, so that two documents that both miss bin
        // i borrow from the same place.
        let mut attempt = 0u64;
        loop {
            let j = (mix((i as u64) << 32 | attempt) % k as u64) as usize;
            if filled[j] {
                bins[i] = bins[j];
                break;
            }
            attempt += 1;
            if attempt > 64 * k as u64 {
                // Practically never; bounded all the same: the next filled bin.
                let j = (1..k).map(|d| (i + d) % k).find(|&j| filled[j]).unwrap_or(i);
                bins[i] = bins[j];
                break;
            }
        }
    }
    bins
}

/// Winnowing fingerprints (Schleimer, Wilkerson and Aiken, 2003): the smallest shingle hash
/// of every window of `w` consecutive shingles. Any common run of at least `w + n - 1`
/// characters shares a fingerprint, wherever it sits in either text: this finds a short text
/// copied inside a long one, which set resemblance cannot.
pub(crate) fn winnow(key: &Key, n: usize, w: usize) -> Vec<u32> {
    if key.chars.len() < n + w - 1 {
        return Vec::new();
    }
    let hashes: Vec<u32> = key.chars.windows(n).map(|s| shingle_hash(s) as u32).collect();
    let mut out: Vec<u32> = Vec::new();
    let mut last: Option<usize> = None;
    for start in 0..=hashes.len() - w {
        // The rightmost minimum of the window, as the paper does, so runs of equal hashes
        // give one fingerprint.
        let window = &hashes[start..start + w];
        let (offset, &min) =
            window.iter().enumerate().rev().min_by_key(|&(_, h)| *h).unwrap_or((0, &window[0]));
        let at = start + offset;
        if last != Some(at) {
            out.push(min);
            last = Some(at);
        }
    }
    out.sort_unstable();
    out.dedup();
    out
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

    #[test]
    fn short_texts_are_one_shingle_not_an_empty_set() {
        assert_eq!(key("同意").shingles(3).len(), 1);
        assert_ne!(key("同意").shingles(3), key("反对").shingles(3));
        assert!(key("，。").shingles(3).is_empty());
    }

    #[test]
    fn minhash_agreement_estimates_jaccard() {
        let a: Vec<u32> = (0..400).collect();
        let b: Vec<u32> = (100..500).collect(); // J = 300/500 = 0.6
        let (sa, sb) = (minhash(&a, 256), minhash(&b, 256));
        let agree = sa.iter().zip(&sb).filter(|(x, y)| x == y).count() as f64 / 256.0;
        assert!((agree - 0.6).abs() < 0.1, "{agree}");
        assert_eq!(minhash(&a, 128), minhash(&a, 128));
        assert!(minhash(&[7], 128).iter().all(|&v| v == minhash(&[7], 128)[0]));
    }

    #[test]
    fn winnowing_finds_a_short_text_inside_a_long_one() {
        let short = key("小区地下车库的充电桩已经坏了三个月物业一直不修");
        let long = key(
            "我是春晓小区的业主，情况是这样的：小区地下车库的充电桩已经坏了三个月，物业一直不修。\
             大家只好把电动车推上楼充电，楼道里到处是电线，非常危险，希望有关部门尽快处理。",
        );
        let (fs, fl) = (winnow(&short, 3, 6), winnow(&long, 3, 6));
        assert!(!fs.is_empty());
        let shared = intersection(&fs, &fl);
        assert!(shared * 2 >= fs.len(), "{shared} of {}", fs.len());
        let (ss, sl) = (short.shingles(3), long.shingles(3));
        assert_eq!(intersection(&ss, &sl), ss.len(), "every shingle of the short text is inside");
    }
}
