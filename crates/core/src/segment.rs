//! Segmentation: words out of Chinese text, through jieba-rs with the project's legal dictionary.
//!
//! jieba-rs is wrapped, never exposed: [`Segmenter`] and [`Token`] are ours, so a change of the
//! segmenter (its API moved between 0.9 and 0.10) never reaches a caller.

use std::fmt;
use std::io::BufRead;
use std::ops::Range;
use std::sync::Arc;

use rustc_hash::FxHashSet;

use crate::error::{Error, ErrorKind, Result};

/// The legal and government vocabulary the project ships (jieba format: `词语 频率 词性`).
const LEGAL_DICT: &str = include_str!("../../../corpora/dict/legal_dict.txt");
/// The stop words the project ships, one a line.
const STOP_WORDS: &str = include_str!("../../../corpora/dict/stopwords.txt");

/// Whether the segmenter guesses words its dictionary lacks (jieba's HMM).
#[non_exhaustive]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum NewWords {
    /// Unknown runs of characters are joined into words by jieba's HMM (the default, as in
    /// Python jieba's `cut`).
    #[default]
    Discover,
    /// Only dictionary words; unknown runs fall apart into single characters.
    DictionaryOnly,
}

/// What a token is.
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TokenKind {
    /// A word that carries meaning.
    Word,
    /// A function word from the stop-word list (的, 了, 以及).
    StopWord,
    /// Digits (`50`, `3.5`, `20%`).
    Number,
    /// Punctuation and symbols.
    Punctuation,
    /// Spaces and line breaks.
    Whitespace,
}

/// A word of the text: a slice of it, where it is, and what kind it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Token<'t> {
    text: &'t str,
    start: usize,
    kind: TokenKind,
}

impl<'t> Token<'t> {
    /// The token's text, a slice of the segmented text.
    pub fn text(&self) -> &'t str {
        self.text
    }

    /// Its byte span in the segmented text.
    pub fn span(&self) -> Range<usize> {
        self.start..self.start + self.text.len()
    }

    /// What kind of token it is.
    pub fn kind(&self) -> TokenKind {
        self.kind
    }

    /// Whether it carries meaning (a word or a number, not a stop word or punctuation).
    pub fn is_content(&self) -> bool {
        matches!(self.kind, TokenKind::Word | TokenKind::Number)
    }
}

/// Segments Chinese text into [`Token`]s. Cheap to clone (the dictionary is shared), `Send +
/// Sync`: one instance serves every rayon worker.
///
/// ```
/// use minyi_core::{Segmenter, TokenKind};
///
/// let segmenter = Segmenter::new();
/// let text = "建议基层立法联系点收集业主委员会的意见";
/// let words: Vec<&str> = segmenter.segment(text).iter().map(|t| t.text()).collect();
/// assert!(words.contains(&"基层立法联系点"));
/// assert!(words.contains(&"业主委员会"));
///
/// let content: Vec<&str> =
///     segmenter.segment(text).iter().filter(|t| t.is_content()).map(|t| t.text()).collect();
/// assert!(!content.contains(&"的"));
/// # Ok::<(), minyi_core::Error>(())
/// ```
#[derive(Clone)]
pub struct Segmenter {
    inner: Arc<Inner>,
}

struct Inner {
    jieba: jieba_rs::Jieba,
    stop_words: StopWords,
    hmm: bool,
    user_words: usize,
}

/// Stop words, looked up on every token, so the look-up must cost little next to jieba's own
/// work (about 80 ns a token): most tokens are settled by a bit test on their first character,
/// and the rest by a hash of the word packed into a `u128`, with no string comparison.
struct StopWords {
    /// Stop words of up to 16 bytes, packed by [`pack`].
    short: FxHashSet<u128>,
    /// Longer stop words (rare).
    long: FxHashSet<Box<str>>,
    /// Single-character stop words of the Basic Multilingual Plane, one bit per code point.
    single: Vec<u64>,
    /// First characters (BMP) of the other stop words.
    first_of_longer: Vec<u64>,
}

/// A word of at most 16 bytes as a number (UTF-8 text holds no NUL byte inside a word).
#[inline]
fn pack(word: &[u8]) -> u128 {
    let mut buf = [0u8; 16];
    buf[..word.len()].copy_from_slice(word);
    u128::from_le_bytes(buf)
}

impl StopWords {
    fn new(words: &FxHashSet<Box<str>>) -> StopWords {
        let mut stop = StopWords {
            short: FxHashSet::default(),
            long: FxHashSet::default(),
            single: vec![0u64; 1024],
            first_of_longer: vec![0u64; 1024],
        };
        for word in words {
            let mut chars = word.chars();
            let Some(first) = chars.next() else { continue };
            if word.len() <= 16 {
                stop.short.insert(pack(word.as_bytes()));
            } else {
                stop.long.insert(word.clone());
            }
            let bits =
                if chars.next().is_none() { &mut stop.single } else { &mut stop.first_of_longer };
            // Outside the BMP the hash look-up decides alone.
            if let c @ 0..=0xFFFF = u32::from(first) {
                bits[c as usize / 64] |= 1 << (c % 64);
            }
        }
        stop
    }

    /// Whether `word`, whose first character is `first`, is a stop word. The bit tests are
    /// inlined into the classification; only words whose first character begins some longer
    /// stop word go on to the hash look-up.
    #[inline(always)]
    fn contains(&self, word: &str, first: char) -> bool {
        let c = u32::from(first);
        if word.len() <= 16 && c <= 0xFFFF {
            let bit = |set: &[u64]| set[c as usize / 64] & (1 << (c % 64)) != 0;
            if first.len_utf8() == word.len() {
                return bit(&self.single);
            }
            if !bit(&self.first_of_longer) {
                return false;
            }
        }
        self.look_up(word)
    }

    #[inline(never)]
    fn look_up(&self, word: &str) -> bool {
        let bytes = word.as_bytes();
        if bytes.len() > 16 { self.long.contains(word) } else { self.short.contains(&pack(bytes)) }
    }

    fn len(&self) -> usize {
        self.short.len() + self.long.len()
    }
}

impl fmt::Debug for Segmenter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Segmenter")
            .field("user_words", &self.inner.user_words)
            .field("stop_words", &self.inner.stop_words.len())
            .field("hmm", &self.inner.hmm)
            .finish()
    }
}

impl Default for Segmenter {
    fn default() -> Segmenter {
        Segmenter::new()
    }
}

impl Segmenter {
    /// A segmenter with jieba's dictionary, the project's legal dictionary and stop words.
    /// Loading takes a few hundred milliseconds: build one and share it.
    pub fn new() -> Segmenter {
        SegmenterBuilder::new().build().expect("the shipped dictionary and stop words are valid")
    }

    /// A builder to replace the user dictionary or the stop words.
    pub fn builder() -> SegmenterBuilder {
        SegmenterBuilder::new()
    }

    /// Segments `text`.
    pub fn segment<'t>(&self, text: &'t str) -> Vec<Token<'t>> {
        let inner = &*self.inner;
        inner
            .jieba
            .cut(text, inner.hmm)
            .into_iter()
            .map(|t| Token { text: t.word, start: t.byte_start, kind: inner.classify(t.word) })
            .collect()
    }

    /// Whether `word` is in the dictionary (jieba's and the user dictionary).
    #[cfg_attr(not(feature = "archive"), allow(dead_code))]
    pub(crate) fn has_word(&self, word: &str) -> bool {
        self.inner.jieba.has_word(word)
    }

    /// Whether `word` is a stop word.
    pub fn is_stop_word(&self, word: &str) -> bool {
        word.chars().next().is_some_and(|first| self.inner.stop_words.contains(word, first))
    }
}

impl Inner {
    #[inline]
    fn classify(&self, word: &str) -> TokenKind {
        let bytes = word.as_bytes();
        let Some(&lead) = bytes.first() else { return TokenKind::Punctuation };
        if lead < 0x80 {
            return self.classify_ascii(word);
        }
        let Some(first) = word.chars().next() else { return TokenKind::Punctuation };
        if ('\u{4E00}'..='\u{9FFF}').contains(&first) {
            return self.stop_or_word(word, first);
        }
        // A lone character of the punctuation blocks Chinese text uses.
        if first.len_utf8() == bytes.len() {
            match first {
                '\u{3000}' => return TokenKind::Whitespace,
                '\u{2010}'..='\u{2027}'
                | '\u{2030}'..='\u{205E}'
                | '\u{3001}'..='\u{3004}'
                | '\u{3008}'..='\u{3020}'
                | '\u{3030}'
                | '\u{303D}'..='\u{303F}'
                | '\u{FF01}'..='\u{FF0F}'
                | '\u{FF1A}'..='\u{FF20}'
                | '\u{FF3B}'..='\u{FF40}'
                | '\u{FF5B}'..='\u{FF65}' => {
                    return TokenKind::Punctuation;
                }
                _ => {}
            }
        }
        if word.chars().all(char::is_whitespace) {
            return TokenKind::Whitespace;
        }
        if word.chars().all(|c| !c.is_alphanumeric()) {
            return TokenKind::Punctuation;
        }
        self.stop_or_word(word, first)
    }

    /// Tokens starting with an ASCII byte: jieba keeps ASCII runs together (`A3`, `2019`, `3.5%`).
    fn classify_ascii(&self, word: &str) -> TokenKind {
        let bytes = word.as_bytes();
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return TokenKind::Whitespace;
        }
        if bytes.iter().all(u8::is_ascii_punctuation) {
            return TokenKind::Punctuation;
        }
        if bytes.iter().any(u8::is_ascii_digit)
            && bytes.iter().all(|c| c.is_ascii_digit() || matches!(c, b'.' | b',' | b'%'))
        {
            return TokenKind::Number;
        }
        if !word.is_ascii() && word.chars().all(|c| !c.is_alphanumeric() && !c.is_whitespace()) {
            return TokenKind::Punctuation;
        }
        self.stop_or_word(word, char::from(bytes[0]))
    }

    #[inline]
    fn stop_or_word(&self, word: &str, first: char) -> TokenKind {
        if self.stop_words.contains(word, first) { TokenKind::StopWord } else { TokenKind::Word }
    }
}

/// Where a word list comes from.
#[derive(Clone, Debug)]
enum WordList {
    Shipped,
    Custom(String),
}

/// Builds a [`Segmenter`] (non-consuming: one builder can build several).
///
/// ```
/// use minyi_core::{NewWords, Segmenter};
///
/// let mut builder = Segmenter::builder();
/// builder.user_dict("充电桩管理办法 3000 n\n".as_bytes())?.new_words(NewWords::DictionaryOnly);
/// let segmenter = builder.build()?;
/// let words: Vec<&str> = segmenter.segment("修订充电桩管理办法").iter().map(|t| t.text()).collect();
/// assert_eq!(words, ["修订", "充电桩管理办法"]);
/// # Ok::<(), minyi_core::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct SegmenterBuilder {
    user_dict: WordList,
    stop_words: WordList,
    new_words: NewWords,
}

impl Default for SegmenterBuilder {
    fn default() -> SegmenterBuilder {
        SegmenterBuilder::new()
    }
}

impl SegmenterBuilder {
    /// The shipped dictionary and stop words, new words discovered.
    pub fn new() -> SegmenterBuilder {
        SegmenterBuilder {
            user_dict: WordList::Shipped,
            stop_words: WordList::Shipped,
            new_words: NewWords::default(),
        }
    }

    /// Replaces the shipped legal dictionary by `dict`, in jieba's format: one `词语 [频率]
    /// [词性]` a line; blank lines and lines starting with `#` are skipped.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Io`] if reading fails, [`ErrorKind::Dictionary`] naming the line if an entry
    /// is malformed.
    pub fn user_dict<R: BufRead>(&mut self, mut dict: R) -> Result<&mut SegmenterBuilder> {
        let mut text = String::new();
        dict.read_to_string(&mut text)
            .map_err(|e| Error::with_source(ErrorKind::Io, "cannot read the user dictionary", e))?;
        parse_dict(&text)?;
        self.user_dict = WordList::Custom(text);
        Ok(self)
    }

    /// Replaces the shipped stop words by `words`, one a line; blank lines and lines starting
    /// with `#` are skipped.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Io`] if reading fails, [`ErrorKind::Dictionary`] naming the line if a line
    /// holds more than one word.
    pub fn stop_words<R: BufRead>(&mut self, mut words: R) -> Result<&mut SegmenterBuilder> {
        let mut text = String::new();
        words
            .read_to_string(&mut text)
            .map_err(|e| Error::with_source(ErrorKind::Io, "cannot read the stop-word list", e))?;
        parse_stop_words(&text)?;
        self.stop_words = WordList::Custom(text);
        Ok(self)
    }

    /// Sets whether unknown words are discovered.
    pub fn new_words(&mut self, new_words: NewWords) -> &mut SegmenterBuilder {
        self.new_words = new_words;
        self
    }

    /// Builds the segmenter.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Dictionary`] if a word list is malformed.
    pub fn build(&self) -> Result<Segmenter> {
        let dict = match &self.user_dict {
            WordList::Shipped => LEGAL_DICT,
            WordList::Custom(text) => text,
        };
        let stop = match &self.stop_words {
            WordList::Shipped => STOP_WORDS,
            WordList::Custom(text) => text,
        };
        let entries = parse_dict(dict)?;
        let stop_words = parse_stop_words(stop)?;
        let mut jieba = jieba_rs::Jieba::new();
        for entry in &entries {
            jieba.add_word(entry.word, entry.freq, entry.tag);
        }
        Ok(Segmenter {
            inner: Arc::new(Inner {
                jieba,
                stop_words: StopWords::new(&stop_words),
                hmm: self.new_words == NewWords::Discover,
                user_words: entries.len(),
            }),
        })
    }
}

struct DictEntry<'a> {
    word: &'a str,
    freq: Option<usize>,
    tag: Option<&'a str>,
}

fn is_skipped(line: &str) -> bool {
    let line = line.trim();
    line.is_empty() || line.starts_with('#')
}

fn parse_dict(text: &str) -> Result<Vec<DictEntry<'_>>> {
    let mut entries = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if is_skipped(line) {
            continue;
        }
        let line = line.trim_start_matches('\u{FEFF}');
        let mut parts = line.split_whitespace();
        let word = parts.next().unwrap_or_default();
        let freq = match parts.next() {
            None => None,
            Some(f) => Some(f.parse::<usize>().map_err(|_| {
                Error::new(
                    ErrorKind::Dictionary,
                    format!(
                        "user dictionary line {}: frequency {f:?} of {word:?} is not a whole number \
                         (expected `词语 频率 词性`)",
                        n + 1
                    ),
                )
            })?),
        };
        let tag = parts.next();
        if let Some(extra) = parts.next() {
            return Err(Error::new(
                ErrorKind::Dictionary,
                format!(
                    "user dictionary line {}: unexpected {extra:?} after the tag \
                     (expected `词语 频率 词性`)",
                    n + 1
                ),
            ));
        }
        entries.push(DictEntry { word, freq, tag });
    }
    Ok(entries)
}

fn parse_stop_words(text: &str) -> Result<FxHashSet<Box<str>>> {
    let mut words = FxHashSet::default();
    for (n, line) in text.lines().enumerate() {
        if is_skipped(line) {
            continue;
        }
        let word = line.trim().trim_start_matches('\u{FEFF}');
        if word.split_whitespace().nth(1).is_some() {
            return Err(Error::new(
                ErrorKind::Dictionary,
                format!("stop-word list line {}: {word:?} holds more than one word", n + 1),
            ));
        }
        words.insert(Box::from(word));
    }
    Ok(words)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(segmenter: &Segmenter, text: &str) -> Vec<String> {
        segmenter.segment(text).iter().map(|t| t.text().to_owned()).collect()
    }

    #[test]
    fn legal_vocabulary_stays_whole() {
        let s = Segmenter::new();
        let text = "住宅专项维修资金由业主大会决定使用，物业服务企业不得挪用；非机动车应当在非机动车道内行驶。";
        let w = words(&s, text);
        for term in ["住宅专项维修资金", "业主大会", "物业服务企业", "非机动车道", "非机动车"]
        {
            assert!(w.iter().any(|x| x == term), "{term} split in {w:?}");
        }
    }

    #[test]
    fn spans_are_byte_spans_into_the_text() {
        let s = Segmenter::new();
        let text = "第23条：电动自行车不得在楼道内充电。";
        let tokens = s.segment(text);
        let mut end = 0;
        for t in &tokens {
            assert_eq!(&text[t.span()], t.text());
            assert_eq!(t.span().start, end, "tokens tile the text");
            end = t.span().end;
        }
        assert_eq!(end, text.len());
    }

    #[test]
    fn tokens_are_classified() {
        let s = Segmenter::new();
        let tokens = s.segment("罚款由50元提高到200元，以及 3.5%的比例。");
        let kind = |w: &str| tokens.iter().find(|t| t.text() == w).map(|t| t.kind());
        assert_eq!(kind("50"), Some(TokenKind::Number));
        assert_eq!(kind("3.5%"), Some(TokenKind::Number));
        assert_eq!(kind("罚款"), Some(TokenKind::Word));
        assert_eq!(kind("，"), Some(TokenKind::Punctuation));
        assert_eq!(kind("以及"), Some(TokenKind::StopWord));
        assert_eq!(kind(" "), Some(TokenKind::Whitespace));
        assert!(!tokens.iter().find(|t| t.text() == "以及").unwrap().is_content());
    }

    #[test]
    fn replacing_the_dictionary_changes_segmentation() {
        let text = "设立电动自行车集中充电场所";
        let shipped = words(&Segmenter::new(), text);
        let mut b = Segmenter::builder();
        b.user_dict("集中充电场所 50000 n\n".as_bytes()).unwrap();
        let custom = words(&b.build().unwrap(), text);
        assert!(custom.iter().any(|w| w == "集中充电场所"), "{custom:?}");
        assert!(!shipped.iter().any(|w| w == "集中充电场所"), "{shipped:?}");
    }

    #[test]
    fn replacing_stop_words() {
        let mut b = Segmenter::builder();
        b.stop_words("# 只把“建议”当作停用词\n建议\n".as_bytes()).unwrap();
        let s = b.build().unwrap();
        assert!(s.is_stop_word("建议"));
        assert!(!s.is_stop_word("的"));
        assert!(Segmenter::new().is_stop_word("的"));
        assert!(!Segmenter::new().is_stop_word("建议"), "actions are meaningful, not stop words");
    }

    #[test]
    fn malformed_word_lists_name_the_line() {
        let err = Segmenter::builder()
            .user_dict("业主委员会 100 n\n物业 很多 n\n".as_bytes())
            .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Dictionary);
        assert!(err.to_string().contains("line 2"), "{err}");
        let err = Segmenter::builder().stop_words("的\n了 吗\n".as_bytes()).unwrap_err();
        assert!(err.to_string().contains("line 2"), "{err}");
    }

    #[test]
    fn shared_across_threads() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<Segmenter>();
        let s = Segmenter::new();
        let texts = ["业主委员会应当公开住宅专项维修资金", "电动自行车不得进入电梯"];
        let serial: Vec<_> = texts.iter().map(|t| words(&s, t)).collect();
        let parallel: Vec<_> = std::thread::scope(|scope| {
            let handles: Vec<_> = texts.iter().map(|t| scope.spawn(|| words(&s, t))).collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        });
        assert_eq!(serial, parallel);
    }

    #[test]
    fn stop_word_bit_tests_agree_with_the_set() {
        let list = "的\n了\n以及\n与此同时\n𠀀字\n中华人民共和国国务院\n";
        let words = parse_stop_words(list).unwrap();
        let stop = StopWords::new(&words);
        let cases =
            ["的", "了", "以及", "与此同时", "𠀀字", "以", "与此", "的确", "𠀀", "", "条例", "A"];
        let long = ["中华人民共和国国务院", "中华人民共和国国务"];
        for w in cases.into_iter().chain(long) {
            let first = w.chars().next().unwrap_or(' ');
            assert_eq!(!w.is_empty() && stop.contains(w, first), words.contains(w), "{w:?}");
        }
        let shipped = StopWords::new(&parse_stop_words(STOP_WORDS).unwrap());
        for w in STOP_WORDS.lines().filter(|l| !is_skipped(l)) {
            let w = w.trim();
            assert!(shipped.contains(w, w.chars().next().unwrap()), "{w}");
        }
        assert_eq!(shipped.len(), parse_stop_words(STOP_WORDS).unwrap().len());
    }

    #[test]
    fn shipped_lists_are_substantial() {
        assert!(parse_dict(LEGAL_DICT).unwrap().len() >= 300);
        assert!(parse_stop_words(STOP_WORDS).unwrap().len() >= 200);
    }
}
