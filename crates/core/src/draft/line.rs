//! The line grammar of CITATIONS.md §1.2: each line of a draft on its own, with its byte span in
//! the original text. What a line means in its context (a TOC entry, a title, the continuation
//! of an item) is decided by the parser.

use std::ops::Range;

use crate::numeral;

/// Whitespace inside the line grammar (`WS` of §1.2), plus the invisible characters real
/// exports carry: zero-width spaces on lines of their own, a BOM at the start, `\r` of CRLF.
pub(super) fn is_ws(c: char) -> bool {
    c.is_whitespace()
        || matches!(c, '\u{3000}' | '\u{00A0}' | '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}')
        || c == '\u{FEFF}'
}

/// `s` without whitespace (U+3000 and zero-width characters included): `总　　则` → `总则`.
pub(super) fn squeeze(s: &str) -> String {
    s.chars().filter(|&c| !is_ws(c)).collect()
}

/// A clean display form: whitespace next to a CJK character goes (`总　　则` → `总则`, `立 法
/// 条 例` → `立法条例`), any other run becomes one space (`Part A` stays).
pub(super) fn display(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut gap = false;
    for c in s.trim_matches(is_ws).chars() {
        if is_ws(c) {
            gap = true;
            continue;
        }
        if gap && !is_wide(c) && out.chars().next_back().is_some_and(|p| !is_wide(p)) {
            out.push(' ');
        }
        gap = false;
        out.push(c);
    }
    out
}

/// CJK characters and full-width punctuation: no spaces between them in running text.
fn is_wide(c: char) -> bool {
    c >= '\u{2E80}'
}

/// One line of the input: its 1-based number and its content with surrounding whitespace (and a
/// Markdown heading marker) removed, located in the original text.
#[derive(Clone, Copy, Debug)]
pub(super) struct Line<'a> {
    pub(super) no: usize,
    /// Byte offset of `text` in the input.
    pub(super) start: usize,
    pub(super) text: &'a str,
    /// How many `#` marked it as a Markdown heading (0: none).
    pub(super) hashes: usize,
}

impl Line<'_> {
    pub(super) fn span(&self) -> Range<usize> {
        self.start..self.start + self.text.len()
    }

    /// The span of `part`, a subslice of `self.text`.
    pub(super) fn span_of(&self, part: &str) -> Range<usize> {
        let offset = (part.as_ptr() as usize).saturating_sub(self.text.as_ptr() as usize);
        let offset = offset.min(self.text.len());
        self.start + offset..self.start + offset + part.len().min(self.text.len() - offset)
    }
}

/// Splits `input` into lines (`\n`, `\r\n` or a lone `\r`), trimmed.
pub(super) fn lines(input: &str) -> Vec<Line<'_>> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut no = 1;
    let bytes = input.as_bytes();
    let mut i = 0;
    while i <= bytes.len() {
        let end_of_line = i == bytes.len() || bytes[i] == b'\n' || bytes[i] == b'\r';
        if !end_of_line {
            i += 1;
            continue;
        }
        // `start..i` is one line; `\n`, `\r` and the end are ASCII, so both are char boundaries.
        out.push(line(input, start, i, no));
        if i + 1 < bytes.len() && bytes[i] == b'\r' && bytes[i + 1] == b'\n' {
            i += 1;
        }
        i += 1;
        start = i;
        no += 1;
    }
    out
}

fn line(input: &str, start: usize, end: usize, no: usize) -> Line<'_> {
    let raw = input.get(start..end).unwrap_or("");
    let trimmed_start = raw.trim_start_matches(is_ws);
    let mut text = trimmed_start.trim_end_matches(is_ws);
    let mut offset = start + (raw.len() - trimmed_start.len());
    let mut hashes = 0;
    if text.starts_with('#') {
        let after = text.trim_start_matches('#');
        let n = text.len() - after.len();
        // `#` then a space (or the end) is a Markdown heading; `#1` is not.
        if n <= 6 && (after.is_empty() || after.starts_with(is_ws)) {
            let body = after.trim_start_matches(is_ws);
            offset += text.len() - body.len();
            text = body;
            hashes = n;
        }
    }
    Line { no, start: offset, text, hashes }
}

/// The levels above the article.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(super) enum Level {
    Part,
    SubPart,
    Chapter,
    Section,
}

/// What a line is, by its form alone.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Kind<'a> {
    Blank,
    /// An HTML comment (`<!-- INFO END -->` in the Markdown texts).
    Comment,
    /// `目录`, `目 录`, `目　　录`.
    Toc,
    /// `第一章　总　　则`: `title` as written (maybe empty).
    Heading {
        level: Level,
        number: u32,
        title: &'a str,
    },
    /// `第一条　…`, `第二百八十四条之一 …`: `rest` is what follows the number, untrimmed.
    /// `separated` when the number is followed by whitespace, a bracket or nothing.
    Article {
        number: u32,
        sub: Option<u32>,
        rest: &'a str,
        separated: bool,
    },
    /// `（一）…`, `(二)…`.
    Item {
        number: u32,
    },
    /// `1.…`, `１．…`, `1、…`.
    SubItem {
        number: u32,
    },
    /// Anything else.
    Text,
}

/// The longest numeral taken between 第 and its unit.
const MAX_NUMERAL_CHARS: usize = 12;

/// Reads `第 CN` at the start of `s`: the numeral and the rest after it.
fn ordinal(s: &str) -> Option<(u32, &str)> {
    let after = s.strip_prefix('第')?;
    let (numeral, rest) = numeral_prefix(after.trim_start_matches(is_ws))?;
    Some((numeral, rest.trim_start_matches(is_ws)))
}

/// A numeral at the start of `s` (whitespace inside tolerated): its value and the rest, from
/// just after its last character.
fn numeral_prefix(s: &str) -> Option<(u32, &str)> {
    let mut end = 0;
    let mut chars = 0;
    for (i, c) in s.char_indices() {
        if numeral::is_numeral_char(c) {
            end = i + c.len_utf8();
        } else if !is_ws(c) {
            break;
        }
        chars += 1;
        if chars > MAX_NUMERAL_CHARS {
            return None;
        }
    }
    if end == 0 {
        return None;
    }
    let value = numeral::parse(s.get(..end)?)?.value;
    Some((value, s.get(end..)?))
}

fn opens_bracket(c: char) -> bool {
    matches!(c, '（' | '(' | '【' | '〖' | '[' | '［')
}

/// Sentence punctuation: a heading's title never holds it.
fn is_sentence_punct(c: char) -> bool {
    matches!(c, '。' | '；' | '：' | '！' | '？' | ';' | ':' | '!' | '?')
}

/// The longest heading title taken (characters, whitespace removed).
const MAX_HEADING_TITLE: usize = 40;

pub(super) fn classify<'a>(line: &Line<'a>) -> Kind<'a> {
    let text = line.text;
    if text.is_empty() {
        return Kind::Blank;
    }
    if text.starts_with("<!--") {
        return Kind::Comment;
    }
    if text.starts_with('目') && squeeze(text) == "目录" {
        return Kind::Toc;
    }
    if let Some(kind) = numbered(text) {
        return kind;
    }
    if let Some(kind) = item(text) {
        return kind;
    }
    if let Some(kind) = sub_item(text) {
        return kind;
    }
    Kind::Text
}

/// `第…编/分编/章/节/条` lines.
fn numbered(text: &str) -> Option<Kind<'_>> {
    let (number, rest) = ordinal(text)?;
    if let Some(after) = rest.strip_prefix('条') {
        let (sub, after) = match after.strip_prefix('之').and_then(numeral_prefix) {
            Some((sub, after)) => (Some(sub), after),
            None => (None, after),
        };
        let separated =
            after.is_empty() || after.starts_with(is_ws) || after.starts_with(opens_bracket);
        return Some(Kind::Article { number, sub, rest: after, separated });
    }
    let (level, after) = if let Some(a) = rest.strip_prefix("分编") {
        (Level::SubPart, a)
    } else if let Some(a) = rest.strip_prefix('编') {
        (Level::Part, a)
    } else if let Some(a) = rest.strip_prefix('章') {
        (Level::Chapter, a)
    } else if let Some(a) = rest.strip_prefix('节') {
        (Level::Section, a)
    } else {
        return None;
    };
    let title = after.trim_matches(is_ws);
    let plain = squeeze(title);
    if plain.chars().count() > MAX_HEADING_TITLE
        || plain.chars().any(is_sentence_punct)
        // 第三章第二节规定的… is a reference, not a heading.
        || plain.starts_with('第')
        || plain.starts_with('的')
    {
        return None;
    }
    Some(Kind::Heading { level, number, title })
}

/// `（一）…` / `(一)…`: a Chinese numeral from 一 to 九十九 in parentheses. `（1）` is an
/// informal marker (§1.3 rule 9), not an item.
fn item(text: &str) -> Option<Kind<'_>> {
    let inner = text.strip_prefix('（').or_else(|| text.strip_prefix('('))?;
    let close = inner.find(['）', ')'])?;
    let numeral = inner.get(..close)?;
    if numeral.is_empty()
        || numeral.chars().count() > 3
        || !numeral.chars().all(|c| numeral::is_numeral_char(c) && !c.is_ascii_digit())
        || numeral.chars().any(|c| ('０'..='９').contains(&c))
    {
        return None;
    }
    let number = numeral::parse(numeral)?.value;
    (1..=99).contains(&number).then_some(Kind::Item { number })
}

/// `1.…`, `１．…`, `1、…`: a 目. `1.5倍` and `2024年` are not.
fn sub_item(text: &str) -> Option<Kind<'_>> {
    let digits_end = text
        .char_indices()
        .find(|&(_, c)| !(c.is_ascii_digit() || ('０'..='９').contains(&c)))
        .map_or(text.len(), |(i, _)| i);
    let digits = text.get(..digits_end)?;
    if digits.is_empty() || digits.chars().count() > 3 {
        return None;
    }
    let mut rest = text.get(digits_end..)?.chars();
    if !matches!(rest.next(), Some('.' | '．' | '、')) {
        return None;
    }
    if rest.next().is_some_and(|c| c.is_ascii_digit() || ('０'..='９').contains(&c)) {
        return None;
    }
    let number = numeral::parse(digits)?.value;
    Some(Kind::SubItem { number })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(s: &str) -> Kind<'_> {
        let l = lines(s);
        // The tests pass one line; a leaked reference is fine for a 'static test string.
        let first = l[0];
        classify(&first)
    }

    #[test]
    fn lines_are_trimmed_and_located_in_the_original() {
        let input =
            "\u{FEFF}\r\n## 第一章　总　　则\r\n\u{3000}\u{3000}第一条　为了……\r\n\u{200B}\n末行";
        let ls = lines(input);
        assert_eq!(ls.len(), 5);
        assert_eq!((ls[0].no, ls[0].text), (1, ""));
        assert_eq!((ls[1].no, ls[1].text, ls[1].hashes), (2, "第一章　总　　则", 2));
        assert_eq!(&input[ls[1].span()], "第一章　总　　则");
        assert_eq!(&input[ls[2].span()], "第一条　为了……");
        assert_eq!(ls[3].text, "");
        assert_eq!((ls[4].no, ls[4].text), (5, "末行"));
        // A lone \r also ends a line.
        assert_eq!(lines("甲\r乙").len(), 2);
        assert_eq!(lines("").len(), 1);
    }

    #[test]
    fn headings_of_every_level() {
        assert_eq!(
            kind("第一章　总　　则"),
            Kind::Heading { level: Level::Chapter, number: 1, title: "总　　则" }
        );
        assert_eq!(
            kind("## 第八章 附 则"),
            Kind::Heading { level: Level::Chapter, number: 8, title: "附 则" }
        );
        assert_eq!(
            kind("第二分编  典型合同"),
            Kind::Heading { level: Level::SubPart, number: 2, title: "典型合同" }
        );
        assert_eq!(
            kind("第三编 合同"),
            Kind::Heading { level: Level::Part, number: 3, title: "合同" }
        );
        assert_eq!(
            kind("\u{3000}\u{3000}第三节　国家机关处理个人信息的特别规定"),
            Kind::Heading {
                level: Level::Section,
                number: 3,
                title: "国家机关处理个人信息的特别规定"
            }
        );
        // Arabic numbering (an academic code draft), no space, empty title (a scraped TOC).
        assert_eq!(
            kind("第1章总则"),
            Kind::Heading { level: Level::Chapter, number: 1, title: "总则" }
        );
        assert_eq!(kind("第一章"), Kind::Heading { level: Level::Chapter, number: 1, title: "" });
        // References at the start of a sentence are not headings.
        assert_eq!(kind("第三章第二节规定的情形除外。"), Kind::Text);
        assert_eq!(kind("第二章的规定适用于本章。"), Kind::Text);
    }

    #[test]
    fn article_starts() {
        assert_eq!(
            kind("第一条　为了加强管理，制定本条例。"),
            Kind::Article {
                number: 1,
                sub: None,
                rest: "\u{3000}为了加强管理，制定本条例。",
                separated: true
            }
        );
        assert_eq!(
            kind("第一千二百六十条 本法自2021年1月1日起施行。"),
            Kind::Article {
                number: 1260,
                sub: None,
                rest: " 本法自2021年1月1日起施行。",
                separated: true
            }
        );
        assert_eq!(
            kind("第二百八十四条之一　组织考试作弊的……"),
            Kind::Article {
                number: 284,
                sub: Some(1),
                rest: "\u{3000}组织考试作弊的……",
                separated: true
            }
        );
        assert_eq!(
            kind("第一条(立法目的)为了"),
            Kind::Article { number: 1, sub: None, rest: "(立法目的)为了", separated: true }
        );
        assert_eq!(
            kind("第12条 【债的概念】"),
            Kind::Article { number: 12, sub: None, rest: " 【债的概念】", separated: true }
        );
        assert_eq!(
            kind("第三十条规定的罚款"),
            Kind::Article { number: 30, sub: None, rest: "规定的罚款", separated: false }
        );
        assert_eq!(
            kind("第五条"),
            Kind::Article { number: 5, sub: None, rest: "", separated: true }
        );
        // Not line-initial, or no numeral: text.
        assert_eq!(kind("依照第十条规定"), Kind::Text);
        assert_eq!(kind("第条"), Kind::Text);
        assert_eq!(kind("第十二次会议"), Kind::Text);
    }

    #[test]
    fn items_and_sub_items() {
        assert_eq!(kind("（一）给予未成年人特殊、优先保护；"), Kind::Item { number: 1 });
        assert_eq!(kind("(十二)其他情形。"), Kind::Item { number: 12 });
        assert_eq!(kind("（1）非正式的编号"), Kind::Text);
        assert_eq!(kind("（1991年9月4日第七届全国人民代表大会常务委员会通过）"), Kind::Text);
        assert_eq!(kind("（镇）土地利用总体规划"), Kind::Text);
        assert_eq!(kind("１．由不同的人提供"), Kind::SubItem { number: 1 });
        assert_eq!(kind("2.产地和生产者"), Kind::SubItem { number: 2 });
        assert_eq!(kind("3、其他"), Kind::SubItem { number: 3 });
        assert_eq!(kind("1.5倍以下罚款"), Kind::Text);
        assert_eq!(kind("2024年1月1日起施行"), Kind::Text);
        // 一、 lines are list markers of reports, not 项 (§1.3 rule 8).
        assert_eq!(kind("一、将第一条修改为"), Kind::Text);
    }

    #[test]
    fn toc_and_comments() {
        for toc in ["目录", "目 录", "目　　录", "  目\u{3000}录  "] {
            assert_eq!(kind(toc), Kind::Toc, "{toc}");
        }
        assert_eq!(kind("<!-- INFO END -->"), Kind::Comment);
        assert_eq!(kind("\u{200B}"), Kind::Blank);
        assert_eq!(kind("#1 号文件"), Kind::Text);
    }

    #[test]
    fn display_titles() {
        assert_eq!(display("总　　则"), "总则");
        assert_eq!(display(" 准 合 同 "), "准合同");
        assert_eq!(display("Part  A 总则"), "Part A总则");
        assert_eq!(squeeze("第一章　总　　则"), "第一章总则");
    }
}
