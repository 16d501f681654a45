//! The parser: lines in document order, through the preamble (notice, title, 题注, 目录) into
//! the body, until the end or trailing material.

use std::ops::Range;

use super::line::{self, Kind, Level, Line, is_ws, squeeze};
use super::{
    Article, Draft, DraftWarning, DraftWarningKind, Heading, HeadingLevel, Item, Paragraph,
    SubItem, label, title,
};
use crate::error::{Error, ErrorKind, Result};
use crate::numeral;

pub(super) fn parse(input: &str) -> Result<Draft> {
    let lines = line::lines(input);
    let kinds: Vec<Kind<'_>> = lines.iter().map(line::classify).collect();
    let mut parser = Parser::new(uses_article_titles(&kinds));
    let mut stop = input.len();
    for (line, kind) in lines.iter().zip(&kinds) {
        if parser.feed(line, *kind) == Flow::Stop {
            stop = line.start;
            break;
        }
    }
    parser.finish(input, &input[..stop.min(input.len())], lines.len())
}

/// The longest article title taken inside its brackets, in characters (§1.2: "closes within
/// about 12 characters").
const MAX_ARTICLE_TITLE: usize = 12;

/// `（立法目的）为了…` → (`立法目的`, `为了…`). `None` when the bracket does not close soon, or
/// when what follows continues the bracketed noun (`（镇）土地利用总体规划`, `（市）区教育行政部门`:
/// 乡（镇） and 县（市）区 with a character lost at the line start).
fn article_title(rest: &str) -> Option<(&str, &str)> {
    let r = rest.trim_start_matches(is_ws);
    let open = r.chars().next()?;
    let close = match open {
        '（' => '）',
        '(' => ')',
        '【' => '】',
        '〖' => '〗',
        '［' => '］',
        '[' => ']',
        _ => return None,
    };
    let inner = &r[open.len_utf8()..];
    let mut chars = 0;
    for (i, c) in inner.char_indices() {
        if c == close || (close == ')' && c == '）') || (close == '）' && c == ')') {
            let title = inner[..i].trim_matches(is_ws);
            let after = &inner[i + c.len_utf8()..];
            if title.is_empty() || continues_noun(title, after) {
                return None;
            }
            return Some((title, after.trim_start_matches(is_ws)));
        }
        if matches!(c, '（' | '(' | '【' | '〖' | '。' | '；' | '，' | '：') {
            return None;
        }
        if !is_ws(c) {
            chars += 1;
        }
        if chars > MAX_ARTICLE_TITLE {
            return None;
        }
    }
    None
}

/// Whether the bracket is part of a noun that the text after it continues: one character, or
/// only names of administrative levels (`县、市`), directly followed by more text.
fn continues_noun(title: &str, after: &str) -> bool {
    let glued = after.chars().next().is_some_and(|c| !is_ws(c));
    let plain = squeeze(title);
    glued && (plain.chars().count() == 1 || plain.chars().all(|c| "省市县区镇乡村、".contains(c)))
}

/// §1.2: accept article titles only when most articles have one.
fn uses_article_titles(kinds: &[Kind<'_>]) -> bool {
    let (mut total, mut titled) = (0usize, 0usize);
    for kind in kinds {
        if let Kind::Article { rest, separated: true, .. } = kind {
            total += 1;
            titled += usize::from(article_title(rest).is_some());
        }
    }
    titled * 2 > total
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Flow {
    Go,
    Stop,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Phase {
    /// Before the body: notice, title, 题注.
    Preamble,
    /// After a 目录 line: its first entry, if seen.
    Toc(Option<(Level, u32)>),
    Body,
}

/// A line of an article's body.
#[derive(Clone, Copy, Debug)]
struct BodyLine<'a> {
    kind: BodyKind,
    no: usize,
    start: usize,
    text: &'a str,
}

impl BodyLine<'_> {
    fn end(&self) -> usize {
        self.start + self.text.len()
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum BodyKind {
    Plain,
    Item(u32),
    Sub(u32),
}

/// An article being read.
#[derive(Debug)]
struct Open<'a> {
    number: u32,
    sub: Option<u32>,
    title: Option<String>,
    no: usize,
    start: usize,
    /// The end of the 第N条 line (the article's end if it has no body).
    head_end: usize,
    body: Vec<BodyLine<'a>>,
}

struct Parser<'a> {
    uses_titles: bool,
    phase: Phase,
    preamble: Vec<(Line<'a>, Kind<'a>)>,
    title: Option<String>,
    stage: Option<String>,
    headings: Vec<Heading>,
    /// Index into `headings` of the current 编, 分编, 章, 节.
    context: [Option<usize>; 4],
    /// Per level: the last number, and whether a higher heading came since.
    numbering: [(Option<u32>, bool); 4],
    articles: Vec<Article>,
    open: Option<Open<'a>>,
    last_number: Option<(u32, Option<u32>)>,
    warnings: Vec<DraftWarning>,
    /// The line of the last stray text, to report a block once.
    stray_until: Option<usize>,
    /// The last non-blank line seen.
    last_line: usize,
}

fn level_index(level: Level) -> usize {
    match level {
        Level::Part => 0,
        Level::SubPart => 1,
        Level::Chapter => 2,
        Level::Section => 3,
    }
}

fn heading_level(level: Level) -> HeadingLevel {
    match level {
        Level::Part => HeadingLevel::Part,
        Level::SubPart => HeadingLevel::SubPart,
        Level::Chapter => HeadingLevel::Chapter,
        Level::Section => HeadingLevel::Section,
    }
}

/// At most this many characters of a line are quoted in a warning.
const QUOTED: usize = 24;

fn quote(text: &str) -> String {
    let mut out: String = text.chars().take(QUOTED).collect();
    if text.chars().nth(QUOTED).is_some() {
        out.push('…');
    }
    out
}

impl<'a> Parser<'a> {
    fn new(uses_titles: bool) -> Parser<'a> {
        Parser {
            uses_titles,
            phase: Phase::Preamble,
            preamble: Vec::new(),
            title: None,
            stage: None,
            headings: Vec::new(),
            context: [None; 4],
            numbering: [(None, false); 4],
            articles: Vec::new(),
            open: None,
            last_number: None,
            warnings: Vec::new(),
            stray_until: None,
            last_line: 0,
        }
    }

    fn warn(&mut self, line: usize, kind: DraftWarningKind, message: String) {
        self.warnings.push(DraftWarning { line, kind, message });
    }

    fn feed(&mut self, line: &Line<'a>, kind: Kind<'a>) -> Flow {
        if matches!(kind, Kind::Blank | Kind::Comment) {
            if self.phase == Phase::Preamble {
                self.preamble.push((*line, kind));
            }
            return Flow::Go;
        }
        let flow = match self.phase {
            Phase::Preamble => self.preamble_line(line, kind),
            Phase::Toc(first) => self.toc_line(line, kind, first),
            Phase::Body => self.body_line(line, kind),
        };
        self.last_line = line.no;
        flow
    }

    fn preamble_line(&mut self, line: &Line<'a>, kind: Kind<'a>) -> Flow {
        match kind {
            Kind::Toc => {
                self.resolve_preamble();
                self.phase = Phase::Toc(None);
                Flow::Go
            }
            Kind::Heading { .. } | Kind::Article { .. } => {
                self.resolve_preamble();
                self.phase = Phase::Body;
                self.body_line(line, kind)
            }
            _ => {
                self.preamble.push((*line, kind));
                Flow::Go
            }
        }
    }

    /// §1.4: after 目录, headings are entries until an article or a repeat of the first entry.
    fn toc_line(&mut self, line: &Line<'a>, kind: Kind<'a>, first: Option<(Level, u32)>) -> Flow {
        match kind {
            Kind::Heading { level, number, .. } => match first {
                None => {
                    self.phase = Phase::Toc(Some((level, number)));
                    Flow::Go
                }
                Some(f) if f == (level, number) => {
                    self.phase = Phase::Body;
                    self.body_line(line, kind)
                }
                Some(_) => Flow::Go,
            },
            Kind::Article { .. } => {
                self.phase = Phase::Body;
                self.body_line(line, kind)
            }
            // Unnumbered entries: 序言, 附则, 附件.
            _ if squeeze(line.text).chars().count() <= 12
                && !line.text.contains(['。', '；', '，']) =>
            {
                Flow::Go
            }
            _ => {
                self.phase = Phase::Body;
                self.body_line(line, kind)
            }
        }
    }

    fn body_line(&mut self, line: &Line<'a>, kind: Kind<'a>) -> Flow {
        match kind {
            Kind::Heading { level, number, title } => {
                self.heading(line, level, number, title);
                Flow::Go
            }
            Kind::Article { number, sub, rest, separated } => {
                let expected = match self.last_number {
                    None => true,
                    Some(last) => next_numbers(last).contains(&(number, sub)),
                };
                if separated || expected {
                    self.article(line, number, sub, rest);
                } else {
                    self.text(line, BodyKind::Plain);
                }
                Flow::Go
            }
            Kind::Item { number } => {
                self.text(line, BodyKind::Item(number));
                Flow::Go
            }
            Kind::SubItem { number } => {
                self.text(line, BodyKind::Sub(number));
                Flow::Go
            }
            Kind::Text | Kind::Toc | Kind::Blank | Kind::Comment => {
                if !self.articles.is_empty() || self.open.is_some() {
                    let reason = if line.hashes == 1 {
                        Some("another title")
                    } else {
                        title::trailing(line.text)
                    };
                    if let Some(reason) = reason {
                        self.close_article();
                        self.warn(
                            line.no,
                            DraftWarningKind::TrailingMaterial,
                            format!(
                                "the text ends here: “{}” starts {reason}; what follows is not read",
                                quote(line.text)
                            ),
                        );
                        return Flow::Stop;
                    }
                }
                if line.hashes >= 2 {
                    // An unnumbered Markdown heading inside the body.
                    self.stray(line);
                } else {
                    self.text(line, BodyKind::Plain);
                }
                Flow::Go
            }
        }
    }

    fn heading(&mut self, line: &Line<'a>, level: Level, number: u32, raw_title: &str) {
        self.close_article();
        // A run of headings before any article that comes back to its first heading was a table
        // of contents without a 目录 line (§1.4).
        if self.articles.is_empty()
            && self
                .headings
                .first()
                .is_some_and(|h| h.level == heading_level(level) && h.number == number)
        {
            self.headings.clear();
            self.context = [None; 4];
            self.numbering = [(None, false); 4];
        }
        let i = level_index(level);
        let (last, reset) = self.numbering[i];
        if let Some(last) = last
            && number != last + 1
            && !(number == 1 && reset)
        {
            let unit = heading_level(level).unit();
            self.warn(
                line.no,
                DraftWarningKind::HeadingNumber,
                format!(
                    "第{}{unit} follows 第{}{unit}",
                    numeral::format(number),
                    numeral::format(last)
                ),
            );
        }
        self.numbering[i] = (Some(number), false);
        for deeper in self.numbering.iter_mut().skip(i + 1) {
            deeper.1 = true;
        }
        for deeper in self.context.iter_mut().skip(i + 1) {
            *deeper = None;
        }
        self.context[i] = Some(self.headings.len());
        self.headings.push(Heading {
            level: heading_level(level),
            number,
            title: line::display(raw_title),
            line: line.no,
            span: line.span(),
            articles: self.articles.len()..self.articles.len(),
        });
    }

    fn article(&mut self, line: &Line<'a>, number: u32, sub: Option<u32>, rest: &'a str) {
        self.close_article();
        self.check_number(line.no, number, sub);
        // After a number that went back, the next one is expected after the highest so far.
        let key = |(n, s): (u32, Option<u32>)| (n, s.unwrap_or(0));
        if self.last_number.is_none_or(|last| key((number, sub)) > key(last)) {
            self.last_number = Some((number, sub));
        }
        let (title, body) = match self.uses_titles.then(|| article_title(rest)).flatten() {
            Some((title, body)) => (Some(line::display(title)), body),
            None => (None, rest.trim_matches(is_ws)),
        };
        let mut open = Open {
            number,
            sub,
            title,
            no: line.no,
            start: line.start,
            head_end: line.start + line.text.len(),
            body: Vec::new(),
        };
        if !body.is_empty() {
            let span = line.span_of(body);
            open.body.push(BodyLine {
                kind: BodyKind::Plain,
                no: line.no,
                start: span.start,
                text: body,
            });
        }
        self.open = Some(open);
    }

    fn check_number(&mut self, no: usize, number: u32, sub: Option<u32>) {
        let Some(last) = self.last_number else { return };
        if next_numbers(last).contains(&(number, sub)) {
            return;
        }
        let this = label(number, sub);
        let previous = label(last.0, last.1);
        let key = |(n, s): (u32, Option<u32>)| (n, s.unwrap_or(0));
        if key((number, sub)) <= key(last) {
            self.warn(
                no,
                DraftWarningKind::NumberRepeat,
                format!("{this} comes after {previous}: the number repeats or goes back"),
            );
        } else {
            let missing = if number > last.0 + 1 {
                if number == last.0 + 2 {
                    format!("{} is missing", label(last.0 + 1, None))
                } else {
                    format!(
                        "{} to {} are missing",
                        label(last.0 + 1, None),
                        label(number - 1, None)
                    )
                }
            } else {
                "a number is missing".to_owned()
            };
            self.warn(
                no,
                DraftWarningKind::NumberGap,
                format!("{this} follows {previous}: {missing}"),
            );
        }
    }

    fn text(&mut self, line: &Line<'a>, kind: BodyKind) {
        match &mut self.open {
            Some(open) => {
                open.body.push(BodyLine { kind, no: line.no, start: line.start, text: line.text });
            }
            None => self.stray(line),
        }
    }

    /// Text outside any article: warned once per block of lines.
    fn stray(&mut self, line: &Line<'a>) {
        let continues = self.stray_until.is_some_and(|until| until == self.last_line);
        if !continues {
            let where_ = if self.articles.is_empty() && self.headings.is_empty() {
                "before the first article"
            } else {
                "outside any article"
            };
            self.warn(
                line.no,
                DraftWarningKind::StrayText,
                format!(
                    "text {where_} that is not a title, notice, 题注 or table of contents: “{}”",
                    quote(line.text)
                ),
            );
        }
        self.stray_until = Some(line.no);
    }

    fn close_article(&mut self) {
        let Some(open) = self.open.take() else { return };
        let address = |i: Option<usize>, headings: &[Heading]| {
            i.and_then(|i| headings.get(i)).map(Heading::address)
        };
        if open.body.is_empty() {
            self.warn(
                open.no,
                DraftWarningKind::EmptyArticle,
                format!("{} has no text", label(open.number, open.sub)),
            );
        }
        let end = open.body.last().map_or(open.head_end, BodyLine::end);
        let paragraphs = structure(&open.body, &mut self.warnings);
        let article = Article {
            number: open.number,
            sub: open.sub,
            title: open.title,
            part: address(self.context[0], &self.headings),
            sub_part: address(self.context[1], &self.headings),
            chapter: address(self.context[2], &self.headings),
            section: address(self.context[3], &self.headings),
            line: open.no,
            span: open.start..end,
            text: join(&open.body),
            paragraphs,
        };
        self.articles.push(article);
    }

    /// Decides what the lines before the body were (§1.4): the last title (with its stage
    /// marker lines and the first half of a split title) is the title; what comes before it is
    /// a notice; after it, only 题注, history lines and stage markers are expected.
    fn resolve_preamble(&mut self) {
        let pre = std::mem::take(&mut self.preamble);
        let is_title = |(l, k): &(Line<'_>, Kind<'_>)| {
            (l.hashes == 1 && !matches!(k, Kind::Blank | Kind::Comment))
                || (matches!(k, Kind::Text) && title::is_title_like(l.text))
        };
        let is_stage = |(l, _): &(Line<'_>, Kind<'_>)| title::is_stage_line(l.text);
        let blank = |(_, k): &(Line<'_>, Kind<'_>)| matches!(k, Kind::Blank | Kind::Comment);
        let mut group: Option<Range<usize>> = None;
        if let Some(last) = pre.iter().rposition(is_title) {
            let mut first = last;
            // Backwards: Markdown title lines (through blank lines), or the adjacent first half of
            // a split title.
            let markdown = pre[last].0.hashes == 1;
            let mut j = last;
            while j > 0 {
                j -= 1;
                let entry = &pre[j];
                if blank(entry) && markdown {
                    continue;
                }
                let joins = if markdown {
                    entry.0.hashes == 1
                } else {
                    entry.0.no + 1 == pre[first].0.no
                        && (title::is_title_fragment(entry.0.text) || is_title(entry))
                };
                if joins {
                    first = j;
                } else {
                    break;
                }
            }
            // Forwards: stage marker lines.
            let mut end = last + 1;
            let mut k = end;
            while let Some(entry) = pre.get(k) {
                if blank(entry) {
                    k += 1;
                } else if is_stage(entry) {
                    k += 1;
                    end = k;
                } else {
                    break;
                }
            }
            group = Some(first..end);
        }
        if let Some(group) = group.clone() {
            let mut titled = String::new();
            for (line, kind) in &pre[group] {
                if !matches!(kind, Kind::Blank | Kind::Comment) {
                    titled.push_str(line.text);
                }
            }
            let (name, stage) = title::split(&titled);
            self.title = (!name.is_empty()).then_some(name);
            self.stage = stage;
        }
        let after = group.map_or(0, |g| g.end);
        let mut in_note = false;
        for entry in pre.iter().skip(after) {
            let (line, kind) = entry;
            if blank(entry) {
                continue;
            }
            // A 题注 may wrap over several lines: （… up to …）.
            let opens_note = line.text.starts_with(['（', '(']);
            let closes = line.text.ends_with(['）', ')']);
            if in_note {
                in_note = !closes;
                self.last_line = line.no;
                continue;
            }
            if opens_note && !closes && matches!(kind, Kind::Text) {
                in_note = true;
                self.last_line = line.no;
                continue;
            }
            if title::is_history(line.text) || is_stage(entry) {
                self.last_line = line.no;
                continue;
            }
            self.stray(line);
            self.last_line = line.no;
        }
    }

    fn finish(mut self, input: &str, read: &str, line_count: usize) -> Result<Draft> {
        if self.phase == Phase::Preamble {
            self.resolve_preamble();
        }
        self.close_article();
        if self.articles.is_empty() {
            let lines = input.lines().filter(|l| !l.trim_matches(is_ws).is_empty()).count();
            return Err(Error::new(
                ErrorKind::Draft,
                format!(
                    "no article found in {lines} non-empty lines (of {line_count}): a draft is \
                     expected to hold articles, lines that start with 第一条, 第二条 … (or 第1条)"
                ),
            ));
        }
        // The articles under each heading: up to the next heading of its level or above.
        let starts: Vec<(HeadingLevel, usize)> =
            self.headings.iter().map(|h| (h.level, h.articles.start)).collect();
        for (i, heading) in self.headings.iter_mut().enumerate() {
            let end = starts
                .iter()
                .skip(i + 1)
                .find(|(level, _)| *level <= heading.level)
                .map_or(self.articles.len(), |&(_, start)| start);
            heading.articles = heading.articles.start..end.max(heading.articles.start);
            if heading.articles.is_empty() {
                self.warnings.push(DraftWarning {
                    line: heading.line,
                    kind: DraftWarningKind::EmptyHeading,
                    message: format!("{} {} has no article", heading.label(), heading.title),
                });
            }
        }
        self.warnings.sort_by_key(|w| w.line);
        let aliases = title::aliases(self.title.as_deref(), self.stage.as_deref(), read);
        Ok(Draft {
            title: self.title,
            stage: self.stage,
            aliases,
            headings: self.headings,
            articles: self.articles,
            warnings: self.warnings,
        })
    }
}

/// The numbers that may follow `last`: the next article, or the next 之N of this one.
fn next_numbers((number, sub): (u32, Option<u32>)) -> [(u32, Option<u32>); 2] {
    [(number.saturating_add(1), None), (number, Some(sub.map_or(1, |s| s.saturating_add(1))))]
}

fn join(lines: &[BodyLine<'_>]) -> String {
    let mut out = String::with_capacity(lines.iter().map(|l| l.text.len() + 1).sum());
    for (i, l) in lines.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str(l.text);
    }
    out
}

fn span(lines: &[BodyLine<'_>]) -> Range<usize> {
    match (lines.first(), lines.last()) {
        (Some(first), Some(last)) => first.start..last.end(),
        _ => 0..0,
    }
}

/// 款/项/目 by the rules of §1.3: the first line is 款 1; each later plain line opens a 款,
/// unless it sits inside an item list (the next item of the same list follows it: 种子法 art.
/// 90), in which case it continues the item; items hang under the 款 before them, 目 under
/// the item before them.
fn structure(lines: &[BodyLine<'_>], warnings: &mut Vec<DraftWarning>) -> Vec<Paragraph> {
    struct P {
        first: usize,
        end: usize,
        items: Vec<I>,
    }
    struct I {
        number: u32,
        first: usize,
        end: usize,
        subs: Vec<usize>,
    }
    // The index of the next item line at or after each line.
    let mut next_item = vec![None; lines.len() + 1];
    for i in (0..lines.len()).rev() {
        next_item[i] = match lines[i].kind {
            BodyKind::Item(n) => Some((i, n)),
            _ => next_item[i + 1],
        };
    }
    let mut paras: Vec<P> = Vec::new();
    let mut i = 0;
    while let Some(line) = lines.get(i) {
        match line.kind {
            BodyKind::Plain => {
                if let Some(p) = paras.last_mut()
                    && let Some(item) = p.items.last_mut()
                    && let Some((j, n)) = next_item[i]
                    && n == item.number + 1
                {
                    let subs = lines.get(i..j).unwrap_or(&[]).iter().zip(i..);
                    item.subs.extend(
                        subs.filter(|(l, _)| matches!(l.kind, BodyKind::Sub(_))).map(|(_, k)| k),
                    );
                    item.end = j;
                    p.end = j;
                    i = j;
                    continue;
                }
                paras.push(P { first: i, end: i + 1, items: Vec::new() });
            }
            BodyKind::Sub(_) => match paras.last_mut() {
                Some(p) => {
                    if let Some(item) = p.items.last_mut() {
                        item.subs.push(i);
                        item.end = i + 1;
                    }
                    p.end = i + 1;
                }
                None => paras.push(P { first: i, end: i + 1, items: Vec::new() }),
            },
            BodyKind::Item(n) => {
                if paras.is_empty() {
                    paras.push(P { first: i, end: i, items: Vec::new() });
                }
                if let Some(p) = paras.last_mut() {
                    let expected = p.items.last().map_or(1, |last| last.number + 1);
                    if n != expected {
                        warnings.push(DraftWarning {
                            line: line.no,
                            kind: DraftWarningKind::ItemNumber,
                            message: format!(
                                "item （{}） where （{}） was expected",
                                numeral::format(n),
                                numeral::format(expected)
                            ),
                        });
                    }
                    p.items.push(I { number: n, first: i, end: i + 1, subs: Vec::new() });
                    p.end = i + 1;
                }
            }
        }
        i += 1;
    }
    let slice = |r: Range<usize>| lines.get(r).unwrap_or(&[]);
    paras
        .into_iter()
        .zip(1u32..)
        .map(|(p, number)| {
            let own = slice(p.first..p.end);
            Paragraph {
                number,
                line: own.first().map_or(0, |l| l.no),
                span: span(own),
                text: join(own),
                items: p
                    .items
                    .into_iter()
                    .map(|it| {
                        let own = slice(it.first..it.end);
                        Item {
                            number: it.number,
                            line: own.first().map_or(0, |l| l.no),
                            span: span(own),
                            text: join(own),
                            sub_items: it
                                .subs
                                .into_iter()
                                .filter_map(|k| lines.get(k))
                                .map(|l| SubItem {
                                    number: match l.kind {
                                        BodyKind::Sub(n) => n,
                                        _ => 0,
                                    },
                                    line: l.no,
                                    span: l.start..l.end(),
                                    text: l.text.to_owned(),
                                })
                                .collect(),
                        }
                    })
                    .collect(),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::DraftWarningKind as W;

    fn draft(text: &str) -> Draft {
        parse(text).unwrap_or_else(|e| panic!("{e}\n{text}"))
    }

    fn numbers(d: &Draft) -> Vec<(u32, Option<u32>)> {
        d.articles().iter().map(|a| (a.number(), a.sub())).collect()
    }

    fn kinds(d: &Draft) -> Vec<(usize, W)> {
        d.warnings().iter().map(|w| (w.line(), w.kind())).collect()
    }

    /// 款 and the 项 of each, and the 目 of each 项.
    fn shape(d: &Draft, number: u32) -> Vec<Vec<usize>> {
        d.article(number, None)
            .unwrap()
            .paragraphs()
            .iter()
            .map(|p| p.items().iter().map(|i| i.sub_items().len()).collect())
            .collect()
    }

    #[test]
    fn toc_with_a_single_entry_ends_at_its_repeat() {
        // The 防震减灾法 excerpt of a public test: one TOC entry, then the body.
        let d = draft(
            "中华人民共和国防震减灾法\n目　　录\n第一章　总　　则\n第一章　总　　则\n\
             第一条　为了防御和减轻地震灾害，保护人民生命和财产安全，制定本法。",
        );
        assert_eq!(d.headings().len(), 1);
        assert_eq!((d.headings()[0].line(), d.headings()[0].title()), (4, "总则"));
        assert_eq!(d.articles()[0].chapter().map(|c| c.title()), Some("总则"));
        assert!(d.warnings().is_empty(), "{:?}", d.warnings());
    }

    #[test]
    fn toc_with_sections_and_unnumbered_entries() {
        let d = draft(
            "滨江市数据条例\n\n目　录\n\n第一章　总　　则\n第二章　数据权益\n\u{3000}\u{3000}第一节　一般规定\n\
             \u{3000}\u{3000}第二节　公共数据\n附　　则\n\n第一章　总　　则\n第一条　为了……\n\
             第二章　数据权益\n第一节　一般规定\n第二条　甲。\n第二节　公共数据\n第三条　乙。",
        );
        let heads: Vec<(usize, String)> =
            d.headings().iter().map(|h| (h.line(), h.label())).collect();
        assert_eq!(
            heads,
            [
                (11, "第一章".into()),
                (13, "第二章".into()),
                (14, "第一节".into()),
                (16, "第二节".into())
            ]
        );
        assert!(d.warnings().is_empty(), "{:?}", d.warnings());
    }

    #[test]
    fn toc_ends_at_the_first_article_and_tolerates_empty_titles() {
        // A scraped TOC with headings that lost their titles, and a body without headings.
        let d =
            draft("厦门经济特区社会信用条例\n目录\n第一章\n第二章\n第一条　为了……\n第二条　甲。");
        assert!(d.headings().is_empty());
        assert_eq!(numbers(&d), [(1, None), (2, None)]);
        // The same TOC, then a body whose headings have titles: the first entry's number decides.
        let d = draft("目录\n第一章\n第二章\n第一章 总则\n第一条 甲。\n第二章 附则\n第二条 乙。");
        assert_eq!(d.chapters().map(|c| c.title()).collect::<Vec<_>>(), ["总则", "附则"]);
    }

    #[test]
    fn a_run_of_headings_without_a_toc_line_is_a_toc() {
        let d = draft(
            "第一章 总则\n第二章 管理\n第三章 附则\n第一章 总则\n第一条 甲。\n第二章 管理\n第二条 乙。\n\
             第三章 附则\n第三条 丙。",
        );
        assert_eq!(d.headings().len(), 3);
        assert_eq!(d.headings()[0].line(), 4);
        assert!(d.warnings().is_empty(), "{:?}", d.warnings());
    }

    #[test]
    fn letter_spaced_and_indented_headings() {
        let d = draft(
            "\u{FEFF}第一章　总　　则\r\n\u{3000}\u{3000}第一条　甲。\r\n## 第二章  附    则\r\n第二条 乙。\r\n",
        );
        let titles: Vec<&str> = d.chapters().map(|c| c.title()).collect();
        assert_eq!(titles, ["总则", "附则"]);
        assert_eq!(d.articles()[0].text(), "甲。");
        assert_eq!(d.articles()[1].chapter().map(|c| c.number()), Some(2));
    }

    #[test]
    fn notice_title_stage_and_note_before_the_body() {
        let text = "关于公开征求《滨江市养犬管理条例（草案）》意见的通知\n\
            现将草案全文公布，请于2026年12月1日前提出意见。联系电话：0571-12345678。\n\
            附件1\n\
            \n\
            滨江市养犬管理条例\n\
            （草案修改二稿征求意见稿）\n\
            （2026年10月8日滨江市第十七届人民代表大会常务委员会第二十次会议第一次审议）\n\
            第一条　为了规范养犬行为，制定本条例。\n";
        let d = draft(text);
        assert_eq!(d.title(), Some("滨江市养犬管理条例"));
        assert_eq!(d.stage(), Some("草案修改二稿征求意见稿"));
        assert!(d.warnings().is_empty(), "{:?}", d.warnings());
        // A title split over lines and letter-spaced, its stage on a line of its own.
        let d = draft("广元市人民代表大会及其常务委员会\n立 法 条 例\n(修正草案)\n第一条 为了……");
        assert_eq!(d.title(), Some("广元市人民代表大会及其常务委员会立法条例"));
        assert_eq!(d.stage(), Some("修正草案"));
        assert!(d.aliases().contains(&"本条例".to_owned()));
    }

    #[test]
    fn stray_text_before_the_first_article_is_a_warning() {
        let d =
            draft("滨江市养犬管理条例\n这一段既不是题注也不是目录。\n它还有第二行。\n第一条　甲。");
        assert_eq!(kinds(&d), [(2, W::StrayText)]);
        // Without any title, unknown text is stray too; text between a heading and its first
        // article as well.
        let d = draft("说明文字。\n\n第一章 总则\n本章规定一般原则。\n第一条 甲。");
        assert_eq!(kinds(&d), [(1, W::StrayText), (4, W::StrayText)]);
    }

    #[test]
    fn numbering_problems_are_warnings_with_lines() {
        let d = draft(
            "第一条 甲。\n第二条 乙。\n第五条 丙。\n第五条 丁。\n第四条 戊。\n第六条\n第七条 己。",
        );
        assert_eq!(
            kinds(&d),
            [(3, W::NumberGap), (4, W::NumberRepeat), (5, W::NumberRepeat), (6, W::EmptyArticle)]
        );
        assert!(d.warnings()[0].message().contains("第三条 to 第四条 are missing"));
        assert_eq!(d.articles().len(), 7, "nothing is dropped or renumbered");
        // Numbering that starts late (the Civil Code's book 3) is fine.
        let d = draft("第四百六十三条 本编调整因合同产生的民事关系。\n第四百六十四条 合同是……");
        assert_eq!(numbers(&d), [(463, None), (464, None)]);
        assert!(d.warnings().is_empty());
        // Headings skipping a number, and a chapter without articles.
        let d = draft("第一章 总则\n第一条 甲。\n第三章 附则\n第四章 其他\n第二条 乙。");
        assert_eq!(kinds(&d), [(3, W::HeadingNumber), (3, W::EmptyHeading)]);
    }

    #[test]
    fn inserted_articles_and_only_line_initial_numbers() {
        let d = draft(
            "第一百二十条 依照第一百二十条之一的规定。\n第一百二十条之一　甲。\n第一百二十条之二 乙。\n\
             第一百二十一条 丙，第一百二十二条不是条文。\n第一百二十二条规定的情形除外。",
        );
        assert_eq!(
            numbers(&d),
            [(120, None), (120, Some(1)), (120, Some(2)), (121, None), (122, None)]
        );
        assert_eq!(d.articles()[1].label(), "第一百二十条之一");
        // A line-initial reference that is not the next number is a paragraph.
        let d = draft("第一条 甲。\n第二条 乙：\n第五条规定的期限届满的，依照前款处理。");
        assert_eq!(d.articles().len(), 2);
        assert_eq!(d.articles()[1].paragraphs().len(), 2);
        assert!(d.warnings().is_empty());
    }

    #[test]
    fn article_titles_when_used_consistently() {
        let d = draft(
            "第一条（立法目的）为了规范社会信用管理，制定本条例。\n第二条（社会信用界定）本条例所称社会信用……\n\
             第三条〖适用范围〗本条例适用于……\n第四条 【原则】 社会信用建设……",
        );
        let titles: Vec<Option<&str>> = d.articles().iter().map(|a| a.title()).collect();
        assert_eq!(
            titles,
            [Some("立法目的"), Some("社会信用界定"), Some("适用范围"), Some("原则")]
        );
        assert_eq!(d.articles()[3].text(), "社会信用建设……");
        assert_eq!(d.articles()[0].paragraphs()[0].text(), "为了规范社会信用管理，制定本条例。");
        // Title on its own line, body on the next.
        let d = draft("第一条（立法目的）\n为了……\n第二条（定义）本条例所称……");
        assert_eq!(d.articles()[0].text(), "为了……");
        assert!(d.warnings().is_empty());
    }

    #[test]
    fn brackets_that_are_not_titles() {
        // Trap 1 (浙江省土地利用总体规划条例): 乡（镇） with 乡 lost, in a text without titles.
        let d = draft(
            "第二十一条 县级土地利用总体规划……\n第二十二条 （镇）土地利用总体规划应当……\n第二十三条 甲。",
        );
        assert!(d.articles().iter().all(|a| a.title().is_none()));
        assert_eq!(d.articles()[1].text(), "（镇）土地利用总体规划应当……");
        // Trap 2 (宁波市学前教育促进条例) inside a text that does title its articles.
        let d = draft(
            "第十二条（规划）市和区县（市）人民政府……\n第十三条 （市）区教育行政部门应当……\n\
             第十四条（经费）学前教育经费……",
        );
        let titles: Vec<Option<&str>> = d.articles().iter().map(|a| a.title()).collect();
        assert_eq!(titles, [Some("规划"), None, Some("经费")]);
        assert_eq!(d.articles()[1].text(), "（市）区教育行政部门应当……");
        // A bracket that closes too late is text.
        let d = draft("第一条（本条例所称的电动自行车是指符合国家标准的车辆）应当登记。");
        assert_eq!(d.articles()[0].title(), None);
        // One titled article among many is not a titled document.
        let d = draft("第一条 甲。\n第二条（一）乙。\n第三条 丙。");
        assert_eq!(d.articles()[1].title(), None);
    }

    #[test]
    fn paragraphs_items_and_sub_items() {
        let d = draft(
            "第十条 禁止销售下列电动自行车：\n（一）不符合强制性国家标准的；\n（二）未取得认证的。\n\
             违反前款规定的，依法处罚。\n有下列情形之一的，从重处罚：\n（一）拒不改正的；\n（二）造成事故的。\n\
             第十一条 本条例下列用语的含义：\n（一）蓄电池，是指：\n１．锂离子蓄电池；\n２．铅酸蓄电池。\n\
             （二）充电设施，是指……",
        );
        assert_eq!(shape(&d, 10), [vec![0, 0], vec![], vec![0, 0]]);
        assert_eq!(shape(&d, 11), [vec![2, 0]]);
        let p = &d.article(10, None).unwrap().paragraphs()[2];
        assert_eq!((p.number(), p.line()), (3, 5));
        assert_eq!(p.items()[0].text(), "（一）拒不改正的；");
        // `一、` lines and `（1）` markers are not items.
        let d = draft("第五条 应当做好下列工作：\n一、宣传；\n（1）培训。");
        assert_eq!(shape(&d, 5), [Vec::<usize>::new(), vec![], vec![]]);
    }

    #[test]
    fn continuation_paragraphs_inside_an_item() {
        // The shape of 种子法 art. 90: item （六） continues over two plain paragraphs and a 目
        // list, then （七） resumes the list. Only a paragraph after the last item opens a 款.
        let d = draft(
            "第九十条 本法下列用语的含义是：\n（一）种质资源是指……；\n（六）品种是指……\n\
             前款所称的特性，应当具备下列条件：\n其中，一致性是指：\n１．形态特征一致；\n２．生物学特性一致。\n\
             （七）主要农作物是指……。\n本条所称的其他用语，依照有关规定解释。",
        );
        let a = d.article(90, None).unwrap();
        assert_eq!(a.paragraphs().len(), 2);
        let items = a.paragraphs()[0].items();
        assert_eq!(items.iter().map(|i| i.number()).collect::<Vec<_>>(), [1, 6, 7]);
        assert_eq!(
            items[1].text(),
            "（六）品种是指……\n前款所称的特性，应当具备下列条件：\n其中，一致性是指：\n１．形态特征一致；\n２．生物学特性一致。"
        );
        assert_eq!(items[1].sub_items().len(), 2);
        assert_eq!(a.paragraphs()[1].text(), "本条所称的其他用语，依照有关规定解释。");
        // The item gap （一）→（六） of this excerpt is reported, not fixed.
        assert_eq!(kinds(&d), [(3, W::ItemNumber)]);
        // Without a following item, the paragraph after an item opens a new 款.
        let d =
            draft("第三条 有下列情形之一的：\n（一）甲；\n（二）乙。\n前款规定的情形，应当公示。");
        assert_eq!(shape(&d, 3), [vec![0, 0], vec![]]);
    }

    #[test]
    fn trailing_material_stops_the_text() {
        let body = "滨江市养犬管理条例（草案）\n第一条 甲。\n第二条 乙。\n";
        for tail in [
            "关于《滨江市养犬管理条例（草案）》的说明\n第一条 说明里的引文。",
            "附件2\n第一条 另一份文件。",
            "《滨江市养犬管理条例》修改对照表\n第三条 丙。",
            "滨江市犬只收容管理办法（草案）\n第一条 另一部草案。",
            "# 另一个标题\n第三条 丙。",
        ] {
            let d = draft(&format!("{body}{tail}"));
            assert_eq!(numbers(&d), [(1, None), (2, None)], "{tail}");
            assert_eq!(kinds(&d), [(4, W::TrailingMaterial)], "{tail}");
            assert_eq!(d.articles()[1].text(), "乙。");
        }
    }

    #[test]
    fn no_article_is_an_error() {
        for text in
            ["", "\u{FEFF}\r\n", "关于征求意见的通知\n请于月底前反馈。", "第一章 总则\n（一）甲；"]
        {
            let e = parse(text).unwrap_err();
            assert_eq!(e.kind(), ErrorKind::Draft);
            assert!(e.to_string().contains("第一条"), "{e}");
        }
    }

    #[test]
    fn spans_point_into_the_original_input() {
        let text = "\u{FEFF}滨江市养犬管理条例\r\n\r\n第一章\u{3000}总\u{3000}\u{3000}则\r\n\
                    \u{3000}\u{3000}第一条\u{3000}（目的）为了……\r\n\u{200B}\r\n（一）甲；\r\n1.子。\r\n";
        let d = draft(text);
        let a = &d.articles()[0];
        assert_eq!(
            &text[a.span()],
            "第一条\u{3000}（目的）为了……\r\n\u{200B}\r\n（一）甲；\r\n1.子。"
        );
        let p = &a.paragraphs()[0];
        assert_eq!(a.title(), Some("目的"));
        assert_eq!(&text[p.span()], "为了……\r\n\u{200B}\r\n（一）甲；\r\n1.子。");
        assert_eq!(p.text(), "为了……\n（一）甲；\n1.子。");
        let item = &p.items()[0];
        assert_eq!(&text[item.sub_items()[0].span()], "1.子。");
        assert_eq!((item.line(), item.sub_items()[0].line()), (6, 7));
        assert_eq!(&text[d.headings()[0].span()], "第一章\u{3000}总\u{3000}\u{3000}则");
    }

    #[test]
    fn aliases_from_the_title_and_the_text() {
        let d = draft(
            "《滨江市住宅物业管理规定（修订草案）》\n第一条 为了规范住宅物业管理（以下简称物业管理），\
             制定《滨江市住宅物业管理规定》（以下简称《物业规定》）。",
        );
        assert_eq!(
            d.aliases(),
            ["滨江市住宅物业管理规定（修订草案）", "滨江市住宅物业管理规定", "本规定", "物业规定"]
        );
    }

    #[test]
    fn json_has_a_flat_list_and_a_tree() {
        let d = draft(
            "第一编 总则\n第一章 一般规定\n第一条 甲。\n第二章 其他\n第一节 通则\n第二条 乙。",
        );
        let v = serde_json::to_value(&d).unwrap();
        assert_eq!(v["articles"][1]["number"], 2);
        assert_eq!(v["articles"][1]["section"]["title"], "通则");
        assert_eq!(v["articles"][1]["article_sub"], serde_json::Value::Null);
        assert_eq!(v["articles"][0]["span"]["start"], 40);
        let part = &v["tree"][0];
        assert_eq!(
            (part["kind"].as_str(), part["level"].as_str()),
            (Some("heading"), Some("part"))
        );
        assert_eq!(part["children"][1]["children"][0]["children"][0]["number"], 2);
        assert_eq!(part["children"][0]["children"][0]["kind"], "article");
    }
}
