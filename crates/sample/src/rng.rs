//! A small deterministic PRNG (SplitMix64): same seed, same stream, on every platform.

/// SplitMix64 (Steele, Lea, Flood 2014): 64-bit state, passes BigCrush, trivially seedable.
#[derive(Debug, Clone)]
pub(crate) struct Rng {
    state: u64,
}

impl Rng {
    pub(crate) fn new(seed: u64) -> Self {
        // Mix the seed once so that small consecutive seeds start far apart.
        let mut r = Rng { state: seed ^ 0x6A09_E667_F3BC_C909 };
        r.next_u64();
        r
    }

    /// Stream `stream` of `seed`. Stream 0 is `Rng::new(seed)`, the default sample's; each
    /// optional addition to the sample draws from a stream of its own, so switching it on
    /// leaves the draws of the others, and their output, as they are.
    pub(crate) fn stream(seed: u64, stream: u64) -> Self {
        Rng::new(seed ^ stream.wrapping_mul(0xD6E8_FEB8_6659_FD93))
    }

    pub(crate) fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (n > 0), by multiply-shift (bias below 2^-32 for our sizes).
    pub(crate) fn below(&mut self, n: usize) -> usize {
        debug_assert!(n > 0);
        ((u128::from(self.next_u64()) * n as u128) >> 64) as usize
    }

    /// Uniform in `lo..=hi`.
    pub(crate) fn range(&mut self, lo: u32, hi: u32) -> u32 {
        lo + self.below((hi - lo + 1) as usize) as u32
    }

    /// True with probability `p`.
    pub(crate) fn chance(&mut self, p: f64) -> bool {
        ((self.next_u64() >> 11) as f64) * (1.0 / (1u64 << 53) as f64) < p
    }

    pub(crate) fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// Pick one of several strings.
    pub(crate) fn pick_str<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }

    /// Index drawn with the given non-negative weights (at least one positive).
    pub(crate) fn weighted(&mut self, weights: &[u32]) -> usize {
        let total: u64 = weights.iter().map(|&w| u64::from(w)).sum();
        let mut x = ((u128::from(self.next_u64()) * u128::from(total)) >> 64) as u64;
        for (i, &w) in weights.iter().enumerate() {
            if x < u64::from(w) {
                return i;
            }
            x -= u64::from(w);
        }
        weights.len() - 1
    }

    /// Pick from `(item, weight)` pairs.
    pub(crate) fn pick_weighted<'a, T>(&mut self, items: &'a [(T, u32)]) -> &'a T {
        let total: u64 = items.iter().map(|(_, w)| u64::from(*w)).sum();
        let mut x = ((u128::from(self.next_u64()) * u128::from(total)) >> 64) as u64;
        for (item, w) in items {
            if x < u64::from(*w) {
                return item;
            }
            x -= u64::from(*w);
        }
        &items[items.len() - 1].0
    }
}

/// FNV-1a (64 bit) of `s` without its whitespace and zero-width spaces: a fixed, seedless
/// key for "same text to a reader" (used only for membership, never for output order).
pub(crate) fn squeezed_key(s: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let b = s.as_bytes();
    let mut k = 0;
    while k < b.len() {
        match b[k] {
            b' ' | b'\t' | b'\n' | b'\r' | 0x0B | 0x0C => k += 1,
            // U+3000 ideographic space, U+200B zero-width space, U+00A0 no-break space
            0xE3 if b[k + 1..].starts_with(&[0x80, 0x80]) => k += 3,
            0xE2 if b[k + 1..].starts_with(&[0x80, 0x8B]) => k += 3,
            0xC2 if b.get(k + 1) == Some(&0xA0) => k += 2,
            x => {
                h ^= u64::from(x);
                h = h.wrapping_mul(0x0100_0000_01b3);
                k += 1;
            }
        }
    }
    h
}

/// FNV-1a (64 bit) of the letters and digits of `s` alone (ASCII lower-cased): texts that
/// differ only in punctuation, symbols or spacing share it.
pub(crate) fn loose_key(s: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut buf = [0u8; 4];
    // Chinese characters and ASCII first: the Unicode tables only for the rest.
    let kept = |c: char| {
        if ('\u{4E00}'..='\u{9FFF}').contains(&c) {
            true
        } else if c.is_ascii() {
            c.is_ascii_alphanumeric()
        } else if matches!(
            c,
            '，' | '。'
                | '、'
                | '“'
                | '”'
                | '：'
                | '；'
                | '？'
                | '！'
                | '（'
                | '）'
                | '《'
                | '》'
                | '\u{3000}'
        ) {
            // The usual Chinese punctuation, without the Unicode tables.
            false
        } else {
            c.is_alphanumeric()
        }
    };
    for c in s.chars().filter(|&c| kept(c)) {
        for &b in c.to_ascii_lowercase().encode_utf8(&mut buf).as_bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    h
}

/// Hasher for keys that are already hashes.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct KeyHasher(u64);

impl std::hash::Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

/// A set of 64-bit keys.
pub(crate) type KeySet = std::collections::HashSet<u64, std::hash::BuildHasherDefault<KeyHasher>>;
