//! The archive's tokenizer: our [`Segmenter`] as a tantivy tokenizer, for the text indexed (and
//! snippets) and, without sub-words, for queries.
//!
//! - Text is normalised first ([`Normalizer`], traditional folded to simplified, full-width
//!   folded), and every token's offsets are mapped back to **byte offsets in the original
//!   text**, so snippets highlight what was written.
//! - A token's **position is its index** among the tokens of the text (stop words and
//!   punctuation take a position but are not indexed; whitespace takes none), never a character
//!   offset: phrase queries need adjacent words at adjacent positions.
//! - **Sub-words for recall.** A word of four or more characters that the dictionary tiles
//!   completely into words of two or more characters (电动自行车 = 电动|自行车, 集中充电 =
//!   集中|充电, 安装简单 = 安装|简单) is indexed as those pieces at **successive positions**.
//!   So 自行车 finds 电动自行车 and 简单 finds 安装简单; and since a query goes through the same
//!   tokenizer, a query cut differently from the text still matches as a phrase: the query
//!   集中充电 (one jieba word) is the phrase 集中 充电, which the text 集中充电设施 (jieba:
//!   集中|充电设施 → 集中 充电 设施) holds. jieba's own search mode puts overlapping sub-words at
//!   the word's position instead; then such a query would need the text cut the same way.
//! - Words that do not tile so stay whole: 电动车 (电动|车), 充电桩, 委员会. In the index
//!   ([`Mode::Index`]) a piece of three or more characters also yields its two- and
//!   three-character dictionary sub-words **at its own position** (jieba's search mode): 充电
//!   finds 充电桩, 电动 finds 电动车. Queries ([`Mode::Query`]) are cut without them, so the
//!   query 电动车 is the one word 电动车.
//!
//! Tantivy does not store tokenizers with an index: [`super::Archive::open`] registers both on
//! every open (the query one in the query parser's own manager).

use std::ops::Range;

use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

use crate::{Normalized, Normalizer, Script, Segmenter, TokenKind};

/// The name under which the tokenizer is registered.
pub(super) const NAME: &str = "minyi_zh";

/// Whether overlapping sub-words are emitted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Mode {
    /// Pieces and their dictionary sub-words (for the text indexed and for snippets).
    Index,
    /// Pieces only (for queries).
    Query,
}

#[derive(Clone, Debug)]
pub(super) struct ZhTokenizer {
    segmenter: Segmenter,
    normalizer: Normalizer,
    mode: Mode,
    /// Buffers reused from one text to the next (tantivy tokenizes every field value of every
    /// document through one tokenizer per indexing thread).
    scratch: Scratch,
}

/// Working buffers of [`ZhTokenizer`]; their contents never outlive one text.
#[derive(Clone, Debug, Default)]
struct Scratch {
    /// The tokens of the current text.
    tokens: Vec<Span>,
    /// Byte offsets of a word's characters, and its length at the end.
    starts: Vec<usize>,
    /// See [`ZhTokenizer::tile`].
    best: Vec<Option<(usize, usize)>>,
    /// The pieces of the current word (byte ranges in it).
    pieces: Vec<Range<usize>>,
}

/// A token as a span of the normalised text; its text is written out only when tantivy asks.
#[derive(Clone, Copy, Debug)]
struct Span {
    start: u32,
    end: u32,
    position: u32,
}

impl ZhTokenizer {
    pub(super) fn new(segmenter: Segmenter, mode: Mode) -> ZhTokenizer {
        let mut normalizer = Normalizer::new();
        normalizer.script(Script::Simplified);
        ZhTokenizer { segmenter, normalizer, mode, scratch: Scratch::default() }
    }

    /// The same tokenizer in another mode (sharing the segmenter and the normaliser).
    pub(super) fn with_mode(&self, mode: Mode) -> ZhTokenizer {
        ZhTokenizer {
            segmenter: self.segmenter.clone(),
            normalizer: self.normalizer.clone(),
            mode,
            scratch: Scratch::default(),
        }
    }

    /// The tokens of `text`, in order of position.
    #[cfg(test)]
    fn tokens(&mut self, text: &str) -> Vec<Token> {
        let mut stream = self.token_stream(text);
        let mut out = Vec::new();
        while stream.advance() {
            out.push(stream.token().clone());
        }
        out
    }

    /// Cuts `norm` into `self.scratch.tokens`, in order of position.
    fn cut(&mut self, norm: &str) {
        let Scratch { tokens, starts, best, pieces } = &mut self.scratch;
        tokens.clear();
        let mut position = 0u32;
        for token in self.segmenter.segment(norm) {
            match token.kind() {
                TokenKind::Whitespace => continue,
                TokenKind::Punctuation | TokenKind::StopWord => {
                    position += 1;
                    continue;
                }
                _ => {}
            }
            let word = token.text();
            let at = token.span().start;
            pieces.clear();
            tile(&self.segmenter, word, starts, best, pieces);
            if pieces.is_empty() {
                pieces.push(0..word.len());
            }
            for piece in pieces.iter() {
                let mut push = |range: Range<usize>| {
                    // u32 is enough: tantivy offsets and positions are u32 on disk as well.
                    tokens.push(Span {
                        start: (at + range.start) as u32,
                        end: (at + range.end) as u32,
                        position,
                    });
                };
                push(piece.clone());
                if self.mode == Mode::Index {
                    sub_words(&self.segmenter, &word[piece.clone()], starts, |from, len| {
                        push(piece.start + from..piece.start + from + len);
                    });
                }
                position += 1;
            }
        }
    }
}

/// Fills `starts` with the byte offset of each character of `word` and then its length; returns
/// the number of characters.
fn char_starts(word: &str, starts: &mut Vec<usize>) -> usize {
    starts.clear();
    starts.extend(word.char_indices().map(|(i, _)| i));
    let n = starts.len();
    starts.push(word.len());
    n
}

/// Calls `f(byte offset, byte length)` for each dictionary word of two or three characters
/// inside a piece of three or more characters, as jieba's search mode (充电 in 充电桩).
fn sub_words(
    segmenter: &Segmenter,
    piece: &str,
    starts: &mut Vec<usize>,
    mut f: impl FnMut(usize, usize),
) {
    // Fewer than three characters (at most three bytes each in the BMP) have no sub-words.
    if piece.len() < 3 || piece.is_ascii() {
        return;
    }
    let n = char_starts(piece, starts);
    for len in 2..=3.min(n.saturating_sub(1)) {
        for i in 0..=n - len {
            let sub = &piece[starts[i]..starts[i + len]];
            if segmenter.has_word(sub) {
                f(starts[i], sub.len());
            }
        }
    }
}

/// The tiling of `word` (four characters or more) into the fewest dictionary words of two or
/// more characters, longer first pieces preferred on ties, into `out`; nothing when there is
/// none.
fn tile(
    segmenter: &Segmenter,
    word: &str,
    starts: &mut Vec<usize>,
    best: &mut Vec<Option<(usize, usize)>>,
    out: &mut Vec<Range<usize>>,
) {
    // Fewer than four characters (at most four bytes each) cannot be tiled.
    if word.len() < 4 || word.is_ascii() {
        return;
    }
    let n = char_starts(word, starts);
    if n < 4 {
        return;
    }
    // best[i]: (pieces, next) for tiling chars i..n; computed right to left.
    best.clear();
    best.resize(n + 1, None);
    best[n] = Some((0, n));
    for i in (0..n - 1).rev() {
        // Longest first, so ties keep the longer first piece.
        for j in (i + 2..=n).rev() {
            if j - i == n {
                continue; // the whole word is not a piece of itself
            }
            let Some((rest, _)) = best[j] else { continue };
            if best[i].is_some_and(|(b, _)| b <= rest + 1) {
                continue;
            }
            if segmenter.has_word(&word[starts[i]..starts[j]]) {
                best[i] = Some((rest + 1, j));
            }
        }
    }
    let mut i = 0;
    if best[0].is_none() {
        return;
    }
    while i < n {
        let Some((_, j)) = best[i] else { return };
        out.push(starts[i]..starts[j]);
        i = j;
    }
}

impl Tokenizer for ZhTokenizer {
    type TokenStream<'a> = ZhTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> ZhTokenStream<'a> {
        let normalized = self.normalizer.normalize(text);
        self.cut(normalized.as_str());
        ZhTokenStream { normalized, tokens: &self.scratch.tokens, next: 0, token: Token::default() }
    }
}

/// The tokens of one text. The one [`Token`] handed to tantivy is rewritten in place by each
/// [`TokenStream::advance`], so a text costs no allocation a token.
pub(super) struct ZhTokenStream<'a> {
    normalized: Normalized<'a>,
    tokens: &'a [Span],
    /// Index of the next token; the current one is `next - 1`.
    next: usize,
    token: Token,
}

impl TokenStream for ZhTokenStream<'_> {
    fn advance(&mut self) -> bool {
        let Some(span) = self.tokens.get(self.next) else { return false };
        self.next += 1;
        let (start, end) = (span.start as usize, span.end as usize);
        let orig = self.normalized.original_span(start..end);
        let token = &mut self.token;
        token.offset_from = orig.start;
        token.offset_to = orig.end;
        token.position = span.position as usize;
        token.position_length = 1;
        token.text.clear();
        token.text.push_str(&self.normalized.as_str()[start..end]);
        token.text.make_ascii_lowercase();
        true
    }

    fn token(&self) -> &Token {
        &self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.token
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<(String, usize, String)> {
        ZhTokenizer::new(Segmenter::new(), Mode::Query)
            .tokens(text)
            .into_iter()
            .map(|t| (t.text, t.position, text[t.offset_from..t.offset_to].to_owned()))
            .collect()
    }

    fn pieces(text: &str) -> Vec<String> {
        words(text).into_iter().map(|t| t.0).collect()
    }

    #[test]
    fn positions_are_token_indexes_and_offsets_are_bytes_of_the_original() {
        let text = "禁止在楼道内充电，ＡＢ栋";
        let tokens = words(text);
        for (word, _, orig) in &tokens {
            // Full-width ＡＢ is folded to ab, but the offsets point at the original.
            if word == "ab" {
                assert_eq!(orig, "ＡＢ");
            } else {
                assert_eq!(word, orig);
            }
        }
        let positions: Vec<usize> = tokens.iter().map(|t| t.1).collect();
        assert!(positions.windows(2).all(|w| w[0] < w[1]), "{tokens:?}");
        assert!(positions.iter().all(|&p| p < 12), "positions are not character offsets");
    }

    #[test]
    fn long_words_are_tiled_into_dictionary_pieces_at_successive_positions() {
        let tokens = words("电动自行车");
        let at: Vec<(&str, usize)> = tokens.iter().map(|t| (t.0.as_str(), t.1)).collect();
        assert_eq!(at, [("电动", 0), ("自行车", 1)]);
        assert_eq!(pieces("安装简单"), ["安装", "简单"]);
        assert_eq!(pieces("集中充电"), pieces("集中充电设施")[..2]);
        // Words without such a tiling stay whole.
        assert_eq!(pieces("电动车"), ["电动车"]);
        assert_eq!(pieces("委员会"), ["委员会"]);
        assert_eq!(pieces("业主委员会"), ["业主", "委员会"]);
        // Traditional characters are folded.
        assert_eq!(pieces("電動車"), ["电动车"]);
    }

    #[test]
    fn index_tokens_of_a_realistic_sentence_are_exact() {
        // Traditional and full-width folded, offsets into the text as written; 在 (a stop
        // word) and ， take positions 1 and 9, the space none; 电动自行车 tiled, 自行车 with
        // its sub-words at its own position.
        let text = "建議在小區設置電動自行車集中充電設施，ＵＳＢ接口 安装简单。";
        let mut tokenizer = ZhTokenizer::new(Segmenter::new(), Mode::Index);
        let got: Vec<(String, usize, &str)> = tokenizer
            .tokens(text)
            .into_iter()
            .map(|t| (t.text, t.position, &text[t.offset_from..t.offset_to]))
            .collect();
        let expected = [
            ("建议", 0, "建議"),
            ("小区", 2, "小區"),
            ("设置", 3, "設置"),
            ("电动", 4, "電動"),
            ("自行车", 5, "自行車"),
            ("自行", 5, "自行"),
            ("行车", 5, "行車"),
            ("集中", 6, "集中"),
            ("充电", 7, "充電"),
            ("设施", 8, "設施"),
            ("usb", 10, "ＵＳＢ"),
            ("接口", 11, "接口"),
            ("安装", 12, "安装"),
            ("简单", 13, "简单"),
        ];
        let got: Vec<(&str, usize, &str)> = got.iter().map(|t| (t.0.as_str(), t.1, t.2)).collect();
        assert_eq!(got, expected);
        // The buffers are reused: a second text is cut afresh, a third gives the first again.
        assert_eq!(tokenizer.tokens("楼道").len(), 1);
        assert_eq!(tokenizer.tokens(text).len(), expected.len());
    }

    #[test]
    fn the_index_adds_sub_words_of_pieces_at_their_position() {
        let index: Vec<(String, usize)> = ZhTokenizer::new(Segmenter::new(), Mode::Index)
            .tokens("充电桩和电动自行车")
            .into_iter()
            .map(|t| (t.text, t.position))
            .collect();
        let at: Vec<(&str, usize)> = index.iter().map(|t| (t.0.as_str(), t.1)).collect();
        for expected in [("充电桩", 0), ("充电", 0), ("电动", 2), ("自行车", 3), ("自行", 3)]
        {
            assert!(at.contains(&expected), "{expected:?} in {at:?}");
        }
        assert!(!at.iter().any(|t| t.0 == "电动车"), "{at:?}");
    }
}
