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

use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

use crate::{Normalizer, Script, Segmenter, TokenKind};

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
}

impl ZhTokenizer {
    pub(super) fn new(segmenter: Segmenter, mode: Mode) -> ZhTokenizer {
        let mut normalizer = Normalizer::new();
        normalizer.script(Script::Simplified);
        ZhTokenizer { segmenter, normalizer, mode }
    }

    /// The tokens of `text`, in order of position.
    pub(super) fn tokens(&self, text: &str) -> Vec<Token> {
        let normalized = self.normalizer.normalize(text);
        let norm = normalized.as_str();
        let mut out = Vec::with_capacity(norm.len() / 4);
        let mut position = 0;
        let mut pieces = Vec::new();
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
            let span = token.span();
            pieces.clear();
            self.tile(word, &mut pieces);
            if pieces.is_empty() {
                pieces.push(0..word.len());
            }
            for piece in &pieces {
                let mut push = |range: std::ops::Range<usize>| {
                    let orig =
                        normalized.original_span(span.start + range.start..span.start + range.end);
                    out.push(Token {
                        offset_from: orig.start,
                        offset_to: orig.end,
                        position,
                        text: lower(&word[range]),
                        position_length: 1,
                    });
                };
                push(piece.clone());
                if self.mode == Mode::Index {
                    self.sub_words(&word[piece.clone()], |at, len| {
                        push(piece.start + at..piece.start + at + len);
                    });
                }
                position += 1;
            }
        }
        out
    }

    /// Calls `f(byte offset, byte length)` for each dictionary word of two or three characters
    /// inside a piece of three or more characters, as jieba's search mode (充电 in 充电桩).
    fn sub_words(&self, piece: &str, mut f: impl FnMut(usize, usize)) {
        if piece.is_ascii() {
            return;
        }
        let starts: Vec<usize> =
            piece.char_indices().map(|(i, _)| i).chain(std::iter::once(piece.len())).collect();
        let n = starts.len() - 1;
        for len in 2..=3.min(n.saturating_sub(1)) {
            for i in 0..=n - len {
                let sub = &piece[starts[i]..starts[i + len]];
                if self.segmenter.has_word(sub) {
                    f(starts[i], sub.len());
                }
            }
        }
    }

    /// The tiling of `word` (four characters or more) into the fewest dictionary words of two
    /// or more characters, longer first pieces preferred on ties; nothing when there is none.
    fn tile(&self, word: &str, out: &mut Vec<std::ops::Range<usize>>) {
        if word.is_ascii() {
            return;
        }
        let starts: Vec<usize> =
            word.char_indices().map(|(i, _)| i).chain(std::iter::once(word.len())).collect();
        let n = starts.len() - 1;
        if n < 4 {
            return;
        }
        // best[i]: (pieces, next) for tiling chars i..n; computed right to left.
        let mut best: Vec<Option<(usize, usize)>> = vec![None; n + 1];
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
                if self.segmenter.has_word(&word[starts[i]..starts[j]]) {
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
}

fn lower(word: &str) -> String {
    if word.bytes().any(|b| b.is_ascii_uppercase()) {
        word.to_ascii_lowercase()
    } else {
        word.to_owned()
    }
}

impl Tokenizer for ZhTokenizer {
    type TokenStream<'a> = ZhTokenStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> ZhTokenStream {
        ZhTokenStream { tokens: self.tokens(text), next: 0 }
    }
}

#[derive(Debug)]
pub(super) struct ZhTokenStream {
    tokens: Vec<Token>,
    /// Index of the next token; the current one is `next - 1`.
    next: usize,
}

impl TokenStream for ZhTokenStream {
    fn advance(&mut self) -> bool {
        if self.next < self.tokens.len() {
            self.next += 1;
            true
        } else {
            false
        }
    }

    fn token(&self) -> &Token {
        &self.tokens[self.next - 1]
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.tokens[self.next - 1]
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
