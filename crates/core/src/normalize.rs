//! Normalisation: one canonical form of the text for analysis, with a map back to the original.
//!
//! What it does, and nothing more (it is a char-by-char fold, not a full NFKC pass, so that it
//! runs at memory speed and never dominates a run):
//!
//! - full-width ASCII letters, digits and symbols become ASCII (`第２３条` → `第23条`), except the
//!   sentence punctuation Chinese text writes full-width (，。：；？！), which stays;
//! - punctuation variants are unified: parentheses `( ) ﹙﹚` → `（）`, 〖〗 → 【】, 「」/『』 →
//!   “”/‘’, dashes and hyphens, small and vertical forms, middle dots;
//! - whitespace is collapsed and scraping debris removed: leading and trailing whitespace goes; a
//!   run that holds a line break becomes one `\n` (paragraphs survive); any other run becomes one
//!   space, or nothing between two Chinese characters (`总　　则` → `总则`);
//! - Excel's escapes of control characters left in exported text by some tools (`_x000D_`,
//!   `_x000A_`, `_x0009_`) count as the whitespace they stand for;
//! - zero-width characters (U+200B–U+200D, U+2060, U+FEFF, soft hyphen) and control characters
//!   are removed;
//! - optionally, traditional characters are folded to simplified ones
//!   ([`Script::Simplified`]), character for character, through the `simplet2s` table.
//!
//! Why `simplet2s` for the traditional fold: it is pure Rust, small to compile, and maps one
//! character to one character (2,734 pairs from OpenCC's character table, with a few context
//! rules such as 乾燥 → 干燥 but 乾隆 kept), so the character count and the offset map survive.
//! The phrase-level converters (`zhconv`, `ferrous-opencc`) change lengths and carry large
//! tables for regional vocabulary we do not need; `fast2s` writes through raw pointers.
//!
//! Every byte offset of the normalised text maps back to the original
//! ([`Normalized::original_span`]), so what later stages find can be shown in the text as sent.

use std::borrow::Cow;
use std::fmt;
use std::ops::Range;
use std::sync::Arc;

/// Whether traditional characters are folded to simplified ones.
#[non_exhaustive]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Script {
    /// Characters are kept as written (the default).
    #[default]
    AsWritten,
    /// Traditional characters become simplified ones (`條例` → `条例`), for consultations that
    /// receive opinions from Hong Kong, Macao or Taiwan residents.
    Simplified,
}

/// Normalises opinion text. Cheap to clone, `Send + Sync`, no global state.
///
/// ```
/// use minyi_core::Normalizer;
///
/// let raw = "\n\t\t\t建议将第２３条（三）项\u{200B}修改为：“禁止在楼道充电”。\n\t\t";
/// let normalized = Normalizer::new().normalize(raw);
/// assert_eq!(normalized.as_str(), "建议将第23条（三）项修改为：“禁止在楼道充电”。");
///
/// // Spans map back to the text as it was sent.
/// let at = normalized.as_str().find("23").unwrap();
/// let span = normalized.original_span(at..at + 2);
/// assert_eq!(&raw[span], "２３");
/// # Ok::<(), minyi_core::Error>(())
/// ```
#[derive(Clone, Debug, Default)]
pub struct Normalizer {
    /// The characters `simplet2s` may change, when traditional is folded to simplified
    /// ([`Script::Simplified`]); `None` keeps the script as written.
    traditional: Option<Arc<Traditional>>,
}

impl Normalizer {
    /// A normaliser that keeps the script as written.
    pub fn new() -> Normalizer {
        Normalizer::default()
    }

    /// Sets whether traditional characters are folded to simplified ones. Asking for
    /// [`Script::Simplified`] takes a few milliseconds (the characters the fold can change are
    /// listed once, so that text without any is not looked up character by character): set it
    /// once and clone the normaliser.
    ///
    /// ```
    /// use minyi_core::{Normalizer, Script};
    ///
    /// let mut normalizer = Normalizer::new();
    /// normalizer.script(Script::Simplified);
    /// assert_eq!(normalizer.normalize("電動自行車條例").as_str(), "电动自行车条例");
    /// # Ok::<(), minyi_core::Error>(())
    /// ```
    pub fn script(&mut self, script: Script) -> &mut Normalizer {
        self.traditional = match script {
            Script::AsWritten => None,
            Script::Simplified => {
                Some(self.traditional.take().unwrap_or_else(|| Arc::new(Traditional::new())))
            }
        };
        self
    }

    /// Normalises `text`. Borrows it when nothing changes.
    pub fn normalize<'t>(&self, text: &'t str) -> Normalized<'t> {
        let folded = fold(text);
        match &self.traditional {
            None => folded,
            // Most text holds no traditional character: skip simplet2s's look-ups (three
            // hash maps a character) unless one is there.
            Some(traditional) if !folded.as_str().chars().any(|c| traditional.contains(c)) => {
                folded
            }
            Some(_) => to_simplified(folded),
        }
    }

    /// Calls `f` with each character of the normalised text that is not whitespace, in order,
    /// without building the text or its map: what duplicate keys need, at a fraction of the
    /// cost. Whitespace collapsing only ever writes whitespace, so outside it normalising is
    /// a fold of each character (and of Excel's escapes) on its own.
    pub(crate) fn for_each_visible(&self, text: &str, mut f: impl FnMut(char)) {
        if self.traditional.is_some() {
            self.normalize(text).as_str().chars().filter(|c| !c.is_whitespace()).for_each(f);
            return;
        }
        let mut skip_to = 0;
        for (i, c) in text.char_indices() {
            // Chinese characters and printable ASCII but `(`, `)` and `_` are kept as they are
            // (escapes are ASCII: a Chinese character is never inside one).
            if ('\u{4E00}'..='\u{9FFF}').contains(&c) {
                f(c);
                continue;
            }
            if i < skip_to {
                continue;
            }
            if ('\u{21}'..='\u{7E}').contains(&c) && !matches!(c, '(' | ')' | '_') {
                f(c);
                continue;
            }
            if c == '_'
                && let Some((len, _)) = excel_escape(&text[i..])
            {
                skip_to = i + len;
                continue;
            }
            match fold_char(c) {
                Fold::Keep => f(c),
                Fold::Char(to) => f(to),
                Fold::Remove | Fold::Space { .. } => {}
            }
        }
    }
}

/// The characters [`simplet2s::convert`] can change, one bit each: every key of its table lies
/// in the CJK Unified Ideographs block.
struct Traditional {
    bits: Box<[u64]>,
}

/// The block [`Traditional`] covers.
const CJK: std::ops::RangeInclusive<u32> = 0x4E00..=0x9FFF;

impl Traditional {
    /// Asks `simplet2s` about every character of the block once (in one call, each character
    /// alone on a line, so no context rule applies), then adds the characters it changes only
    /// in context (乾燥 → 干燥, 藉口 → 借口, 看著 → 看着, 苧麻 → 苎麻).
    fn new() -> Traditional {
        let chars: Vec<char> = CJK.filter_map(char::from_u32).collect();
        let mut all = String::with_capacity(chars.len() * 4);
        for &c in &chars {
            all.push(c);
            all.push('\n');
        }
        let converted = simplet2s::convert(&all);
        let mut bits = vec![0u64; (CJK.end() - CJK.start()) as usize / 64 + 1].into_boxed_slice();
        let mut set = |c: char| {
            let i = (u32::from(c) - CJK.start()) as usize;
            bits[i / 64] |= 1 << (i % 64);
        };
        for (&c, to) in chars.iter().zip(converted.split('\n')) {
            if to.chars().ne([c]) {
                set(c);
            }
        }
        for c in ['乾', '藉', '著', '苧'] {
            set(c);
        }
        Traditional { bits }
    }

    #[inline]
    fn contains(&self, c: char) -> bool {
        let c = u32::from(c);
        CJK.contains(&c) && {
            let i = (c - CJK.start()) as usize;
            self.bits[i / 64] & (1 << (i % 64)) != 0
        }
    }
}

impl fmt::Debug for Traditional {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let chars: u32 = self.bits.iter().map(|b| b.count_ones()).sum();
        f.debug_struct("Traditional").field("chars", &chars).finish()
    }
}

/// Normalised text and the way back to the original.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Normalized<'t> {
    text: Cow<'t, str>,
    /// Pieces of the normalised text, in order. Empty when the text is the original.
    pieces: Vec<Piece>,
}

/// A piece of normalised text that starts at `norm` and comes from the original at `orig`.
/// A `Same` piece has the same length in both (identical bytes, or characters of the same
/// length); a `Replaced` piece is one character or one collapsed whitespace run standing for
/// `orig_len` original bytes. Text removed from the original lies between pieces.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Piece {
    norm: u32,
    orig: u32,
    /// `u32::MAX` for a piece of the same length in both texts.
    orig_len: u32,
}

const SAME: u32 = u32::MAX;

impl Normalized<'_> {
    /// The normalised text.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Whether the text needed no change (no allocation was made).
    pub fn is_borrowed(&self) -> bool {
        matches!(self.text, Cow::Borrowed(_))
    }

    /// The byte span in the original text of a byte span of the normalised text.
    ///
    /// Spans that do not fall on character boundaries of the normalised text are widened to
    /// them. A span ending at a collapsed whitespace run covers the whole run.
    pub fn original_span(&self, span: Range<usize>) -> Range<usize> {
        let end = span.end.min(self.text.len());
        let start = span.start.min(end);
        if self.pieces.is_empty() {
            return start..end;
        }
        let start_orig = self.map_start(start);
        let end_orig = if end == start { start_orig } else { self.map_end(end) };
        start_orig..end_orig.max(start_orig)
    }

    /// Each character of the normalised text with its span in the original, as
    /// [`Normalized::original_span`] gives it, in one pass over the map (no search per
    /// character).
    pub(crate) fn char_spans(&self) -> impl Iterator<Item = (char, Range<usize>)> + '_ {
        let mut i = 0;
        self.text.char_indices().map(move |(at, c)| {
            let end = at + c.len_utf8();
            if self.pieces.is_empty() {
                return (c, at..end);
            }
            // The last piece that starts at or before `at`: pieces start on character
            // boundaries, so the character ends inside it too.
            while i + 1 < self.pieces.len() && self.pieces[i + 1].norm as usize <= at {
                i += 1;
            }
            let p = self.pieces[i];
            let (start, stop) = if p.orig_len == SAME {
                let orig = p.orig as usize;
                (orig + (at - p.norm as usize), orig + (end - p.norm as usize))
            } else {
                (p.orig as usize, (p.orig + p.orig_len) as usize)
            };
            (c, start..stop.max(start))
        })
    }

    /// The original byte offset where the normalised byte `at` comes from.
    fn map_start(&self, at: usize) -> usize {
        if at >= self.text.len() {
            // Past the end: just after the last piece.
            return self.map_end(self.text.len());
        }
        let i = self.pieces.partition_point(|p| p.norm as usize <= at) - 1;
        let p = self.pieces[i];
        if p.orig_len == SAME { p.orig as usize + (at - p.norm as usize) } else { p.orig as usize }
    }

    /// The original byte offset just after the normalised byte `end - 1`.
    fn map_end(&self, end: usize) -> usize {
        if end == 0 {
            return self.pieces.first().map_or(0, |p| p.orig as usize);
        }
        let i = self.pieces.partition_point(|p| (p.norm as usize) < end) - 1;
        let p = self.pieces[i];
        if p.orig_len == SAME {
            p.orig as usize + (end - p.norm as usize)
        } else {
            (p.orig + p.orig_len) as usize
        }
    }
}

impl AsRef<str> for Normalized<'_> {
    fn as_ref(&self) -> &str {
        &self.text
    }
}

/// Builds normalised text and its pieces.
struct Builder {
    out: String,
    pieces: Vec<Piece>,
}

impl Builder {
    fn with_capacity(n: usize) -> Builder {
        Builder { out: String::with_capacity(n), pieces: Vec::new() }
    }

    /// Appends `s`, which stands for `orig_len` original bytes at `orig`.
    fn push(&mut self, s: &str, orig: usize, orig_len: usize) {
        let norm = self.out.len();
        if s.len() == orig_len {
            let continues = self.pieces.last().is_some_and(|p| {
                p.orig_len == SAME && p.orig as usize + (norm - p.norm as usize) == orig
            });
            if !continues {
                self.pieces.push(Piece { norm: norm as u32, orig: orig as u32, orig_len: SAME });
            }
        } else {
            self.pieces.push(Piece {
                norm: norm as u32,
                orig: orig as u32,
                orig_len: orig_len as u32,
            });
        }
        self.out.push_str(s);
    }

    fn finish<'t>(self) -> Normalized<'t> {
        Normalized { text: Cow::Owned(self.out), pieces: self.pieces }
    }
}

/// What one character becomes.
enum Fold {
    Keep,
    Remove,
    Space { line_break: bool },
    Char(char),
}

/// The fold of one character. Fast for the common case: ASCII and CJK ideographs are kept.
#[inline]
fn fold_char(c: char) -> Fold {
    match c {
        '\n' | '\r' | '\u{0B}' | '\u{0C}' | '\u{85}' | '\u{2028}' | '\u{2029}' => {
            Fold::Space { line_break: true }
        }
        ' '
        | '\t'
        | '\u{A0}'
        | '\u{1680}'
        | '\u{2000}'..='\u{200A}'
        | '\u{202F}'
        | '\u{205F}'
        | '\u{3000}' => Fold::Space { line_break: false },
        '(' => Fold::Char('（'),
        ')' => Fold::Char('）'),
        '\u{21}'..='\u{7E}' => Fold::Keep,
        '\u{0}'..='\u{1F}' | '\u{7F}'..='\u{9F}' => Fold::Remove,
        '\u{AD}' | '\u{200B}'..='\u{200F}' | '\u{2060}'..='\u{2064}' | '\u{FEFF}' => Fold::Remove,
        '\u{4E00}'..='\u{9FFF}' => Fold::Keep,
        // Full-width forms: keep the sentence punctuation Chinese writes full-width.
        '！' | '，' | '：' | '；' | '？' => Fold::Keep,
        '（' | '）' => Fold::Keep,
        '\u{FF01}'..='\u{FF5E}' => Fold::Char(char::from_u32(c as u32 - 0xFEE0).unwrap_or(c)),
        '\u{FF61}' => Fold::Char('。'),
        '\u{FF62}' => Fold::Char('“'),
        '\u{FF63}' => Fold::Char('”'),
        '\u{FF64}' => Fold::Char('、'),
        '\u{FF65}' | '\u{30FB}' | '\u{2027}' | '\u{2219}' | '\u{22C5}' | '\u{00B7}' => {
            Fold::Char('·')
        }
        '\u{FE59}' | '\u{207D}' => Fold::Char('（'),
        '\u{FE5A}' | '\u{207E}' => Fold::Char('）'),
        '〖' => Fold::Char('【'),
        '〗' => Fold::Char('】'),
        '「' | '〝' => Fold::Char('“'),
        '」' | '〞' => Fold::Char('”'),
        '『' => Fold::Char('‘'),
        '』' => Fold::Char('’'),
        '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2212}' | '\u{FE63}' => {
            Fold::Char('-')
        }
        '\u{2015}' | '\u{2500}' => Fold::Char('—'),
        '〜' | '\u{223C}' => Fold::Char('~'),
        '\u{FE50}' => Fold::Char(','),
        '\u{FE51}' => Fold::Char('、'),
        '\u{FE52}' => Fold::Char('.'),
        '\u{FE54}' | '\u{FE14}' => Fold::Char('；'),
        '\u{FE55}' | '\u{FE13}' | '\u{FE30}' => Fold::Char('：'),
        '\u{FE56}' | '\u{FE16}' => Fold::Char('？'),
        '\u{FE57}' | '\u{FE15}' => Fold::Char('！'),
        '\u{FE10}' => Fold::Char('，'),
        '\u{FE11}' => Fold::Char('、'),
        '\u{FE12}' => Fold::Char('。'),
        '\u{FE19}' => Fold::Char('…'),
        '\u{FE35}' => Fold::Char('（'),
        '\u{FE36}' => Fold::Char('）'),
        '\u{FE3B}' => Fold::Char('【'),
        '\u{FE3C}' => Fold::Char('】'),
        _ => Fold::Keep,
    }
}

/// Chinese characters and full-width punctuation: a space between two of them is debris.
#[inline]
fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{2E80}'..='\u{2FFF}' | '\u{3001}'..='\u{303F}' | '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' | '\u{FF01}'..='\u{FF0F}'
        | '\u{FF1A}'..='\u{FF20}' | '\u{20000}'..='\u{3134F}' | '“' | '”' | '‘' | '’' | '…' | '—')
}

fn fold(text: &str) -> Normalized<'_> {
    // First pass: find the first character that changes anything, so that text already in
    // canonical form is returned borrowed.
    let mut first_change = None;
    let mut prev_space = true; // leading whitespace is removed
    for (i, c) in text.char_indices() {
        match fold_char(c) {
            Fold::Keep if c == '_' && excel_escape(&text[i..]).is_some() => {
                first_change = Some(i);
                break;
            }
            Fold::Keep => prev_space = false,
            Fold::Space { line_break: false } if c == ' ' && !prev_space => {
                // A single ASCII space may stay; decided in the slow path only if it is followed
                // by more whitespace, sits between Chinese characters or ends the text.
                let next = text[i + 1..].chars().next();
                let prev = text[..i].chars().next_back();
                let stays = match (prev, next) {
                    (Some(p), Some(n)) => {
                        let blank_next = matches!(fold_char(n), Fold::Space { .. } | Fold::Remove);
                        !(blank_next || is_cjk(p) && is_cjk(n))
                    }
                    _ => false,
                };
                if !stays {
                    first_change = Some(i);
                    break;
                }
                prev_space = true;
            }
            _ => {
                first_change = Some(i);
                break;
            }
        }
    }
    let Some(first_change) = first_change else {
        return Normalized { text: Cow::Borrowed(text), pieces: Vec::new() };
    };

    let mut b = Builder::with_capacity(text.len());
    b.push(&text[..first_change], 0, first_change);
    // Unchanged bytes not yet copied start at `run`.
    let mut run = first_change;
    let bytes = text.as_bytes();
    let mut i = first_change;
    while i < text.len() {
        // ASCII fast path.
        let byte = bytes[i];
        if (0x21..0x7F).contains(&byte) && !matches!(byte, b'(' | b')' | b'_') {
            i += 1;
            continue;
        }
        let c = text[i..].chars().next().unwrap_or('\u{FFFD}');
        let len = c.len_utf8();
        let fold = match excel_escape(&text[i..]) {
            Some((_, line_break)) => Fold::Space { line_break },
            None => fold_char(c),
        };
        match fold {
            Fold::Keep => i += len,
            Fold::Char(to) => {
                b.push(&text[run..i], run, i - run);
                let mut buf = [0u8; 4];
                b.push(to.encode_utf8(&mut buf), i, len);
                i += len;
                run = i;
            }
            Fold::Remove => {
                b.push(&text[run..i], run, i - run);
                i += len;
                run = i;
            }
            Fold::Space { .. } => {
                b.push(&text[run..i], run, i - run);
                // The whole run of whitespace and invisible characters.
                let start = i;
                let mut line_break = false;
                let mut saw_space = false;
                while i < text.len() {
                    if let Some((len, lb)) = excel_escape(&text[i..]) {
                        line_break |= lb;
                        saw_space = true;
                        i += len;
                        continue;
                    }
                    let c = text[i..].chars().next().unwrap_or('\u{FFFD}');
                    match fold_char(c) {
                        Fold::Space { line_break: lb } => {
                            line_break |= lb;
                            saw_space = true;
                        }
                        Fold::Remove => {}
                        _ => break,
                    }
                    i += c.len_utf8();
                }
                run = i;
                let prev = b.out.chars().next_back();
                let next = text[i..].chars().next();
                let replacement = match (prev, next) {
                    (None, _) | (_, None) => None,
                    _ if !saw_space => None,
                    _ if line_break => Some("\n"),
                    (Some(p), Some(n)) if is_cjk(p) && is_cjk(fold_to_char(n)) => None,
                    _ => Some(" "),
                };
                if let Some(r) = replacement {
                    b.push(r, start, i - start);
                }
            }
        }
    }
    b.push(&text[run..], run, text.len() - run);
    b.finish()
}

/// Excel's escape of a control character (`_x000D_`) at the start of `s`: its length and
/// whether it is a line break.
#[inline]
fn excel_escape(s: &str) -> Option<(usize, bool)> {
    let b = s.as_bytes();
    if b.len() < 7 || b[0] != b'_' || b[6] != b'_' || !b[1].eq_ignore_ascii_case(&b'x') {
        return None;
    }
    match &b[2..6] {
        b"000D" | b"000d" | b"000A" | b"000a" => Some((7, true)),
        b"0009" => Some((7, false)),
        _ => None,
    }
}

/// The character `c` becomes, for the look-ahead of whitespace collapsing.
fn fold_to_char(c: char) -> char {
    match fold_char(c) {
        Fold::Char(to) => to,
        _ => c,
    }
}

/// Folds traditional characters to simplified ones, keeping the map to the original.
fn to_simplified(folded: Normalized<'_>) -> Normalized<'_> {
    let converted = simplet2s::convert(folded.as_str());
    if converted == folded.as_str() {
        return folded;
    }
    // The table maps one character to one character; rebuild the pieces char by char so that
    // a change of UTF-8 length (rare) keeps offsets right.
    let mut b = Builder::with_capacity(converted.len());
    let mut old = folded.as_str().char_indices();
    let mut buf = [0u8; 4];
    for new in converted.chars() {
        let Some((at, c)) = old.next() else { break };
        let span = folded.original_span(at..at + c.len_utf8());
        b.push(new.encode_utf8(&mut buf), span.start, span.end - span.start);
    }
    let mut out = b.finish();
    if out.as_str().chars().count() != folded.as_str().chars().count() {
        // Not char for char after all: keep the unconverted text rather than a wrong map.
        return folded;
    }
    out.pieces.shrink_to_fit();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn norm(s: &str) -> String {
        Normalizer::new().normalize(s).as_str().to_owned()
    }

    #[test]
    fn scraping_debris_is_removed() {
        let raw = "\n\t\t\t\t\t\n\t\t\t\t\t座落在A市A3区联丰路米兰春天G2栋320，一家影楼。\n\t\t\t\t\t\n\t\t\t\t\t\n\t\t\t\t";
        assert_eq!(norm(raw), "座落在A市A3区联丰路米兰春天G2栋320，一家影楼。");
    }

    #[test]
    fn paragraphs_survive_as_one_line_break() {
        let raw = "一、关于第五条。\r\n\t\t\r\n二、关于第十条。";
        assert_eq!(norm(raw), "一、关于第五条。\n二、关于第十条。");
    }

    #[test]
    fn full_width_ascii_folds_but_chinese_punctuation_stays() {
        assert_eq!(norm("第１２条ＡＢＣ％，建议：删除！"), "第12条ABC%，建议：删除！");
        assert_eq!(norm("第(三)项与第﹙四﹚项"), "第（三）项与第（四）项");
        assert_eq!(norm("「禁止」『充电』〖条〗"), "“禁止”‘充电’【条】");
    }

    #[test]
    fn letter_spaced_headings_close_up() {
        assert_eq!(norm("第一章　总　　则"), "第一章总则");
        assert_eq!(norm("第 十二 条"), "第十二条");
        // Between Latin words a space stays, collapsed to one.
        assert_eq!(norm("A3区  G2 栋"), "A3区 G2 栋");
    }

    #[test]
    fn excel_escapes_left_in_exports_are_whitespace() {
        assert_eq!(
            norm("各位领导好_x000D_\n\u{3000}\u{3000}我是双水湾小区的"),
            "各位领导好\n我是双水湾小区的"
        );
        assert_eq!(norm("_x000D_第一条_x0009_规定"), "第一条规定");
        assert_eq!(norm("file_x000Z_name my_var"), "file_x000Z_name my_var");
        assert!(Normalizer::new().normalize("snake_case_name").is_borrowed());
    }

    #[test]
    fn zero_width_characters_are_removed() {
        assert_eq!(norm("电动\u{200B}自行车\u{FEFF}"), "电动自行车");
        assert_eq!(norm("第一条\n\u{200B}\n第二条"), "第一条\n第二条");
    }

    #[test]
    fn canonical_text_is_borrowed() {
        for s in ["建议增加集中充电设施。", "A3区 G2栋", "", "第12条，建议删除。"]
        {
            let n = Normalizer::new().normalize(s);
            assert!(n.is_borrowed(), "{s:?} should need no change");
            assert_eq!(n.as_str(), s);
        }
        assert!(!Normalizer::new().normalize("末尾空格 ").is_borrowed());
    }

    #[test]
    fn spans_map_back_through_every_kind_of_change() {
        let raw = "\t\t第２３条\u{200B}规定　　不得在楼道（含电梯）\r\n\r\n充电。ＯＫ";
        let n = Normalizer::new().normalize(raw);
        assert_eq!(n.as_str(), "第23条规定不得在楼道（含电梯）\n充电。OK");
        for needle in ["第23条", "23", "规定", "楼道（含电梯）", "充电。OK", "OK", "\n"]
        {
            let at = n.as_str().find(needle).unwrap();
            let span = n.original_span(at..at + needle.len());
            let original = &raw[span.clone()];
            assert_eq!(
                norm(original),
                needle.trim(),
                "{needle:?} maps to {original:?} at {span:?}"
            );
        }
        // The whole text maps to the whole text less the debris at the ends.
        let all = n.original_span(0..n.as_str().len());
        assert_eq!(&raw[all], raw.trim_start());
    }

    #[test]
    fn every_char_boundary_maps_to_a_char_boundary() {
        let raw = "  ａｂ\u{3000}\u{3000}电动自行车\u{200B}（第５条）\n\n\t「充电」 end ";
        let n = Normalizer::new().normalize(raw);
        let s = n.as_str();
        let mut prev = 0;
        for (i, _) in s.char_indices().chain(std::iter::once((s.len(), ' '))) {
            let span = n.original_span(i..i);
            assert!(raw.is_char_boundary(span.start), "offset {i} maps inside a character");
            assert!(span.start >= prev, "the map is monotone");
            prev = span.start;
        }
    }

    /// Texts that exercise every kind of fold, whitespace run and Excel escape.
    fn messy_texts() -> Vec<String> {
        let alphabet: Vec<&str> = vec![
            "建",
            "议",
            "第",
            "条",
            "，",
            "。",
            "！",
            "（",
            "）",
            "(",
            ")",
            "“",
            "”",
            "「",
            "」",
            "２",
            "３",
            "Ａ",
            "ｂ",
            "a",
            "Z",
            "7",
            " ",
            "  ",
            "\t",
            "\n",
            "\r\n",
            "\u{3000}",
            "\u{200B}",
            "\u{FEFF}",
            "\u{AD}",
            "\u{1F}",
            "_",
            "_x000D_",
            "_x000a_",
            "_x0009_",
            "_x000D_x000A_",
            "\u{FE59}",
            "〖",
            "·",
            "\u{2013}",
            "—",
            "…",
            "〇",
            "々",
            "①",
            "é",
            "條",
            "電",
            "\u{00A0}",
        ];
        let mut state = 0x2545_f491_4f6c_dd1du64;
        let mut next = move |n: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % n as u64) as usize
        };
        (0..2_000)
            .map(|_| (0..next(40)).map(|_| alphabet[next(alphabet.len())]).collect())
            .collect()
    }

    #[test]
    fn visible_characters_are_those_of_the_normalised_text() {
        for script in [Script::AsWritten, Script::Simplified] {
            let mut normalizer = Normalizer::new();
            normalizer.script(script);
            for text in messy_texts() {
                let mut fast = String::new();
                normalizer.for_each_visible(&text, |c| fast.push(c));
                let slow: String = normalizer
                    .normalize(&text)
                    .as_str()
                    .chars()
                    .filter(|c| !c.is_whitespace())
                    .collect();
                assert_eq!(fast, slow, "{text:?}");
            }
        }
    }

    #[test]
    fn char_spans_are_the_original_spans_of_each_character() {
        for text in messy_texts() {
            let n = Normalizer::new().normalize(&text);
            let spans: Vec<(char, Range<usize>)> = n.char_spans().collect();
            let expected: Vec<(char, Range<usize>)> = n
                .as_str()
                .char_indices()
                .map(|(at, c)| (c, n.original_span(at..at + c.len_utf8())))
                .collect();
            assert_eq!(spans, expected, "{text:?}");
        }
    }

    #[test]
    fn traditional_folds_to_simplified_when_asked() {
        let mut normalizer = Normalizer::new();
        normalizer.script(Script::Simplified);
        let raw = "建議刪除第５條關於電動自行車的規定";
        let n = normalizer.normalize(raw);
        assert_eq!(n.as_str(), "建议删除第5条关于电动自行车的规定");
        let at = n.as_str().find("电动自行车").unwrap();
        assert_eq!(&raw[n.original_span(at..at + "电动自行车".len())], "電動自行車");
        // As written by default.
        assert_eq!(Normalizer::new().normalize(raw).as_str(), "建議刪除第5條關於電動自行車的規定");
    }

    #[test]
    fn the_traditional_pre_check_changes_nothing() {
        let mut normalizer = Normalizer::new();
        normalizer.script(Script::Simplified);
        let traditional = normalizer.traditional.as_deref().expect("set");
        let chars: u32 = traditional.bits.iter().map(|b| b.count_ones()).sum();
        assert!(chars >= 2_734, "every key of simplet2s's table: {chars}");
        // Characters changed only in context count too (乾燥 → 干燥, 乾隆 kept).
        for raw in [
            "建议在小区设置电动自行车集中充电设施。",
            "天氣乾燥，乾隆年間",
            "以此為藉口，慰藉",
            "看著辦",
            "苧麻",
            "答覆與回覆",
            "電動車（ＡＢ棟）",
            "",
        ] {
            assert_eq!(normalizer.normalize(raw), to_simplified(fold(raw)), "{raw}");
        }
        assert_eq!(normalizer.normalize("天氣乾燥").as_str(), "天气干燥");
        let simplified = "建议在小区设置电动自行车集中充电设施。";
        assert!(normalizer.normalize(simplified).is_borrowed());
        assert!(format!("{normalizer:?}").len() < 200, "no bit dump in Debug");
    }
}
