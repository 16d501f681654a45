//! A draft (or enacted) law as a tree: 编/分编/章/节 headings, 条 (with 之N), 款, 项, 目, each
//! with its number, text and byte span in the text as given (CITATIONS.md §1).
//!
//! The parser reads the line grammar of §1.2 over plain text or the Markdown of the law
//! corpora, skips what surrounds the text (a notice before the title, a 题注, a 目录), counts
//! 款/项/目 by the rules of §1.3, and stops at trailing material (an explanation, a comparison
//! table, an annex, a second title). What looks wrong (a gap in the article numbers, stray text)
//! becomes a [`DraftWarning`] with its line; nothing is fixed silently.

mod align;
mod line;
mod parse;
mod title;

use std::ops::Range;

use serde::Serialize;

use crate::error::Result;
use crate::numeral;

pub use align::{
    AlignStatus, AlignedPair, Aligner, AlignerBuilder, Alignment, ArticleRef, Edit, EditOp,
};

/// A parsed draft: its title, stage, aliases, headings, articles and warnings.
///
/// ```
/// use minyi_core::Draft;
///
/// let text = "\
/// 滨江市养犬管理条例
/// （草案征求意见稿）
///
/// 第一章　总　　则
///
/// 第一条　为了规范养犬行为，制定本条例。
/// 第二条　养犬人应当遵守下列规定：
/// （一）携犬出户时束犬链；
/// （二）及时清除犬只粪便。
/// 违反前款规定的，由公安机关责令改正。
/// ";
/// let draft = Draft::parse(text)?;
/// assert_eq!(draft.title(), Some("滨江市养犬管理条例"));
/// assert_eq!(draft.stage(), Some("草案征求意见稿"));
/// assert!(draft.aliases().iter().any(|a| a == "本条例"));
/// assert_eq!(draft.articles().len(), 2);
///
/// let second = draft.article(2, None).unwrap();
/// assert_eq!(second.label(), "第二条");
/// assert_eq!(second.chapter().map(|c| c.title()), Some("总则"));
/// assert_eq!(second.paragraphs().len(), 2);
/// assert_eq!(second.paragraphs()[0].items()[1].text(), "（二）及时清除犬只粪便。");
/// assert_eq!(&text[second.paragraphs()[1].span()], "违反前款规定的，由公安机关责令改正。");
/// assert!(draft.warnings().is_empty());
/// # Ok::<(), minyi_core::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Draft {
    title: Option<String>,
    stage: Option<String>,
    aliases: Vec<String>,
    headings: Vec<Heading>,
    articles: Vec<Article>,
    warnings: Vec<DraftWarning>,
}

impl Draft {
    /// Parses the text of a draft or an enacted law (plain text or Markdown; BOM, CRLF, U+3000
    /// and zero-width spaces tolerated).
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Draft`](crate::ErrorKind::Draft) when the text holds no article at all
    /// (no line starting with 第一条, 第二条 …).
    pub fn parse(text: &str) -> Result<Draft> {
        parse::parse(text)
    }

    /// The title without its stage marker (`滨江市养犬管理条例`), if the text has one.
    pub fn title(&self) -> Option<&str> {
        self.title.as_deref()
    }

    /// The stage marker of a draft (`草案`, `草案征求意见稿`, `修订草案`…), if any.
    pub fn stage(&self) -> Option<&str> {
        self.stage.as_deref()
    }

    /// The names the text goes by (CITATIONS.md §1.5): the full title with its stage marker,
    /// the title without it, without 中华人民共和国, 本条例/本法/本办法/本规定… after the
    /// title's suffix, and the short names the text defines for itself with
    /// `（以下简称《X》）` or `（以下简称X）`. No duplicates, in that order.
    pub fn aliases(&self) -> &[String] {
        &self.aliases
    }

    /// The articles in document order.
    pub fn articles(&self) -> &[Article] {
        &self.articles
    }

    /// The first article numbered `number` (and `sub` for 第N条之sub).
    ///
    /// ```
    /// use minyi_core::Draft;
    ///
    /// let draft = Draft::parse("第一条　甲。\n第一条之一　乙。\n第二条　丙。")?;
    /// assert_eq!(draft.article(1, Some(1)).map(|a| a.text()), Some("乙。"));
    /// assert!(draft.article(3, None).is_none());
    /// # Ok::<(), minyi_core::Error>(())
    /// ```
    pub fn article(&self, number: u32, sub: Option<u32>) -> Option<&Article> {
        self.articles.iter().find(|a| a.number == number && a.sub == sub)
    }

    /// Every heading (编, 分编, 章, 节) in document order; a 目录 contributes none.
    pub fn headings(&self) -> &[Heading] {
        &self.headings
    }

    /// The chapters (章) in document order.
    pub fn chapters(&self) -> impl Iterator<Item = &Heading> + '_ {
        self.headings.iter().filter(|h| h.level == HeadingLevel::Chapter)
    }

    /// The articles under `heading` (those between it and the next heading of its level or
    /// above).
    ///
    /// ```
    /// use minyi_core::Draft;
    ///
    /// let draft = Draft::parse("第一章 总则\n第一条 甲。\n第二章 附则\n第二条 乙。\n第三条 丙。")?;
    /// let last = draft.chapters().last().unwrap();
    /// let numbers: Vec<u32> = draft.articles_in(last).iter().map(|a| a.number()).collect();
    /// assert_eq!(numbers, [2, 3]);
    /// # Ok::<(), minyi_core::Error>(())
    /// ```
    pub fn articles_in(&self, heading: &Heading) -> &[Article] {
        self.articles.get(heading.articles.clone()).unwrap_or(&[])
    }

    /// What looked wrong, with line numbers, in document order.
    pub fn warnings(&self) -> &[DraftWarning] {
        &self.warnings
    }
}

/// The level of a [`Heading`].
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum HeadingLevel {
    /// 编.
    Part,
    /// 分编 (the Civil Code).
    SubPart,
    /// 章.
    Chapter,
    /// 节.
    Section,
}

impl HeadingLevel {
    /// The unit character: 编, 分编, 章, 节.
    pub fn unit(self) -> &'static str {
        match self {
            HeadingLevel::Part => "编",
            HeadingLevel::SubPart => "分编",
            HeadingLevel::Chapter => "章",
            HeadingLevel::Section => "节",
        }
    }
}

/// A heading of the body: `第二章　家庭保护`.
///
/// ```
/// use minyi_core::{Draft, HeadingLevel};
///
/// let text = "第一章　总　　则\n第一条　为了……";
/// let draft = Draft::parse(text)?;
/// let chapter = &draft.headings()[0];
/// assert_eq!((chapter.level(), chapter.number(), chapter.title()), (HeadingLevel::Chapter, 1, "总则"));
/// assert_eq!(chapter.label(), "第一章");
/// assert_eq!(&text[chapter.span()], "第一章　总　　则");
/// assert_eq!(chapter.line(), 1);
/// # Ok::<(), minyi_core::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Heading {
    level: HeadingLevel,
    number: u32,
    title: String,
    line: usize,
    span: Range<usize>,
    #[serde(skip)]
    articles: Range<usize>,
}

impl Heading {
    /// Its level.
    pub fn level(&self) -> HeadingLevel {
        self.level
    }

    /// Its number.
    pub fn number(&self) -> u32 {
        self.number
    }

    /// Its title, whitespace between Chinese characters removed (`总则` for `总　　则`).
    pub fn title(&self) -> &str {
        &self.title
    }

    /// `第一章`, `第二分编`.
    pub fn label(&self) -> String {
        format!("第{}{}", numeral::format(self.number), self.level.unit())
    }

    /// Its 1-based line.
    pub fn line(&self) -> usize {
        self.line
    }

    /// Its byte span in the text (the whole heading line, without a Markdown `#` marker).
    pub fn span(&self) -> Range<usize> {
        self.span.clone()
    }

    fn address(&self) -> Address {
        Address { number: self.number, title: self.title.clone() }
    }
}

/// Where an article sits: the number and title of one of its headings.
///
/// ```
/// use minyi_core::Draft;
///
/// let draft = Draft::parse("第二章 家庭保护\n第十五条 未成年人的父母……")?;
/// let chapter = draft.articles()[0].chapter().unwrap();
/// assert_eq!((chapter.number(), chapter.title()), (2, "家庭保护"));
/// # Ok::<(), minyi_core::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Address {
    number: u32,
    title: String,
}

impl Address {
    /// The heading's number.
    pub fn number(&self) -> u32 {
        self.number
    }

    /// The heading's title.
    pub fn title(&self) -> &str {
        &self.title
    }
}

/// An article (条), with its paragraphs.
///
/// ```
/// use minyi_core::Draft;
///
/// let text = "第一条（立法目的）为了规范……，制定本条例。\n第二条（适用范围）本条例适用于……";
/// let draft = Draft::parse(text)?;
/// let first = &draft.articles()[0];
/// assert_eq!(first.title(), Some("立法目的"));
/// assert_eq!(first.text(), "为了规范……，制定本条例。");
/// assert_eq!(&text[first.span()], "第一条（立法目的）为了规范……，制定本条例。");
/// # Ok::<(), minyi_core::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Article {
    number: u32,
    #[serde(rename = "article_sub")]
    sub: Option<u32>,
    title: Option<String>,
    part: Option<Address>,
    sub_part: Option<Address>,
    chapter: Option<Address>,
    section: Option<Address>,
    line: usize,
    span: Range<usize>,
    text: String,
    paragraphs: Vec<Paragraph>,
}

impl Article {
    /// Its number: 12 for 第十二条.
    pub fn number(&self) -> u32 {
        self.number
    }

    /// N for 第…条之N.
    pub fn sub(&self) -> Option<u32> {
        self.sub
    }

    /// `第十二条`, `第二百八十四条之一`.
    pub fn label(&self) -> String {
        label(self.number, self.sub)
    }

    /// Its title (`立法目的` of `第一条（立法目的）`), in documents that title their articles.
    pub fn title(&self) -> Option<&str> {
        self.title.as_deref()
    }

    /// The 编 it is in.
    pub fn part(&self) -> Option<&Address> {
        self.part.as_ref()
    }

    /// The 分编 it is in.
    pub fn sub_part(&self) -> Option<&Address> {
        self.sub_part.as_ref()
    }

    /// The 章 it is in.
    pub fn chapter(&self) -> Option<&Address> {
        self.chapter.as_ref()
    }

    /// The 节 it is in.
    pub fn section(&self) -> Option<&Address> {
        self.section.as_ref()
    }

    /// Its 款, in order (款 1 is the text on the 第N条 line).
    pub fn paragraphs(&self) -> &[Paragraph] {
        &self.paragraphs
    }

    /// Its text without number and title: its lines, trimmed, joined by `\n`.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Its 1-based line.
    pub fn line(&self) -> usize {
        self.line
    }

    /// Its byte span in the text: from 第 to the end of its last line.
    pub fn span(&self) -> Range<usize> {
        self.span.clone()
    }
}

/// A paragraph (款): a plain paragraph of an article and the items that hang under it.
///
/// ```
/// use minyi_core::Draft;
///
/// let draft = Draft::parse("第三条 有下列情形之一的，不予登记：\n（一）甲；\n（二）乙。\n前款规定……")?;
/// let paragraphs = draft.articles()[0].paragraphs();
/// assert_eq!(paragraphs.len(), 2);
/// assert_eq!(paragraphs[0].text(), "有下列情形之一的，不予登记：\n（一）甲；\n（二）乙。");
/// assert_eq!(paragraphs[0].items().len(), 2);
/// assert_eq!((paragraphs[1].number(), paragraphs[1].text()), (2, "前款规定……"));
/// # Ok::<(), minyi_core::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Paragraph {
    number: u32,
    line: usize,
    span: Range<usize>,
    text: String,
    items: Vec<Item>,
}

impl Paragraph {
    /// Its number in the article, from 1 (款 are not numbered in the text).
    pub fn number(&self) -> u32 {
        self.number
    }

    /// Its text with its items: lines trimmed, joined by `\n`.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Its items (项).
    pub fn items(&self) -> &[Item] {
        &self.items
    }

    /// Its first 1-based line.
    pub fn line(&self) -> usize {
        self.line
    }

    /// Its byte span in the text.
    pub fn span(&self) -> Range<usize> {
        self.span.clone()
    }
}

/// An item (项): `（一）…`, with the paragraphs that continue it and its sub-items.
///
/// ```
/// use minyi_core::Draft;
///
/// let draft = Draft::parse("第九十条 下列用语的含义：\n（一）甲，是指：\n１．子一；\n２．子二。\n（二）乙。")?;
/// let item = &draft.articles()[0].paragraphs()[0].items()[0];
/// assert_eq!(item.number(), 1);
/// assert_eq!(item.sub_items().len(), 2);
/// assert_eq!(item.sub_items()[1].text(), "２．子二。");
/// # Ok::<(), minyi_core::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Item {
    number: u32,
    line: usize,
    span: Range<usize>,
    text: String,
    sub_items: Vec<SubItem>,
}

impl Item {
    /// Its number: 3 for （三）.
    pub fn number(&self) -> u32 {
        self.number
    }

    /// Its text, marker included, with continuation paragraphs and sub-items.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Its sub-items (目).
    pub fn sub_items(&self) -> &[SubItem] {
        &self.sub_items
    }

    /// Its first 1-based line.
    pub fn line(&self) -> usize {
        self.line
    }

    /// Its byte span in the text.
    pub fn span(&self) -> Range<usize> {
        self.span.clone()
    }
}

/// A sub-item (目): `1.…` or `１．…`.
///
/// ```
/// use minyi_core::Draft;
///
/// let draft = Draft::parse("第一条 甲：\n（一）乙：\n1.丙；\n2.丁。")?;
/// let sub = &draft.articles()[0].paragraphs()[0].items()[0].sub_items()[0];
/// assert_eq!((sub.number(), sub.text(), sub.line()), (1, "1.丙；", 3));
/// # Ok::<(), minyi_core::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SubItem {
    number: u32,
    line: usize,
    span: Range<usize>,
    text: String,
}

impl SubItem {
    /// Its number.
    pub fn number(&self) -> u32 {
        self.number
    }

    /// Its text, marker included.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Its 1-based line.
    pub fn line(&self) -> usize {
        self.line
    }

    /// Its byte span in the text.
    pub fn span(&self) -> Range<usize> {
        self.span.clone()
    }
}

/// Something that looked wrong in a draft, and where.
///
/// ```
/// use minyi_core::{Draft, DraftWarningKind};
///
/// let draft = Draft::parse("第一条　甲。\n第三条　丙。")?;
/// let warning = &draft.warnings()[0];
/// assert_eq!((warning.line(), warning.kind()), (2, DraftWarningKind::NumberGap));
/// assert!(warning.message().contains("第二条"));
/// # Ok::<(), minyi_core::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DraftWarning {
    line: usize,
    kind: DraftWarningKind,
    message: String,
}

impl DraftWarning {
    /// The 1-based line it is about.
    pub fn line(&self) -> usize {
        self.line
    }

    /// What kind of problem it is.
    pub fn kind(&self) -> DraftWarningKind {
        self.kind
    }

    /// What is wrong, in words.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl std::fmt::Display for DraftWarning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

/// The kind of a [`DraftWarning`].
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DraftWarningKind {
    /// Article numbers skip one or more numbers.
    NumberGap,
    /// An article number repeats or goes back.
    NumberRepeat,
    /// Heading numbers skip, repeat or go back.
    HeadingNumber,
    /// Item numbers of one list skip, repeat or go back.
    ItemNumber,
    /// An article with no text.
    EmptyArticle,
    /// A heading with no article under it.
    EmptyHeading,
    /// Text before the first article (or between a heading and its first article) that is not
    /// a title, a notice, a 题注 or a table of contents.
    StrayText,
    /// Parsing stopped at material after the text (an explanation, a comparison table, an
    /// annex, another title); what follows is not part of the draft.
    TrailingMaterial,
}

fn label(number: u32, sub: Option<u32>) -> String {
    match sub {
        Some(sub) => format!("第{}条之{}", numeral::format(number), numeral::format(sub)),
        None => format!("第{}条", numeral::format(number)),
    }
}

/// The JSON form of a draft: a flat list of articles in document order beside the nested
/// tree of headings, which names its articles by number.
impl Serialize for Draft {
    fn serialize<S: serde::Serializer>(
        &self,
        serializer: S,
    ) -> std::result::Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Json<'a> {
            title: Option<&'a str>,
            stage: Option<&'a str>,
            aliases: &'a [String],
            articles: &'a [Article],
            tree: Vec<Node<'a>>,
            warnings: &'a [DraftWarning],
        }
        let json = Json {
            title: self.title(),
            stage: self.stage(),
            aliases: &self.aliases,
            articles: &self.articles,
            tree: tree(&self.headings, &self.articles),
            warnings: &self.warnings,
        };
        json.serialize(serializer)
    }
}

/// A node of the JSON tree.
#[derive(Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
enum Node<'a> {
    Heading {
        level: HeadingLevel,
        number: u32,
        title: &'a str,
        line: usize,
        span: Range<usize>,
        children: Vec<Node<'a>>,
    },
    Article {
        number: u32,
        article_sub: Option<u32>,
        title: Option<&'a str>,
        line: usize,
    },
}

/// Nests headings by level and puts each article under the deepest heading before it.
fn tree<'a>(headings: &'a [Heading], articles: &'a [Article]) -> Vec<Node<'a>> {
    // Events in document order: headings by line, articles by line.
    let mut root: Vec<Node<'a>> = Vec::new();
    // The open headings, outermost first, as (level, node under construction).
    let mut open: Vec<(HeadingLevel, Node<'a>)> = Vec::new();
    fn close<'a>(open: &mut Vec<(HeadingLevel, Node<'a>)>, root: &mut Vec<Node<'a>>) {
        if let Some((_, node)) = open.pop() {
            match open.last_mut() {
                Some((_, Node::Heading { children, .. })) => children.push(node),
                _ => root.push(node),
            }
        }
    }
    let (mut h, mut a) = (0, 0);
    while h < headings.len() || a < articles.len() {
        let heading_first = match (headings.get(h), articles.get(a)) {
            (Some(hd), Some(ar)) => hd.line <= ar.line,
            (Some(_), None) => true,
            _ => false,
        };
        if heading_first {
            let Some(hd) = headings.get(h) else { break };
            while open.last().is_some_and(|(level, _)| *level >= hd.level) {
                close(&mut open, &mut root);
            }
            open.push((
                hd.level,
                Node::Heading {
                    level: hd.level,
                    number: hd.number,
                    title: &hd.title,
                    line: hd.line,
                    span: hd.span(),
                    children: Vec::new(),
                },
            ));
            h += 1;
        } else {
            let Some(ar) = articles.get(a) else { break };
            let node = Node::Article {
                number: ar.number,
                article_sub: ar.sub,
                title: ar.title.as_deref(),
                line: ar.line,
            };
            match open.last_mut() {
                Some((_, Node::Heading { children, .. })) => children.push(node),
                _ => root.push(node),
            }
            a += 1;
        }
    }
    while !open.is_empty() {
        close(&mut open, &mut root);
    }
    root
}
