//! Citations in free text: which units of the draft (or of another law) an opinion talks about,
//! and what it suggests doing with them (CITATIONS.md §2).
//!
//! One left-to-right pass over the text as written, folding each character on the fly
//! (full-width digits, `（）`, U+3000, 條/項/節/編…), so every span is a byte span of the
//! original text and nothing is allocated for a text without a citation-looking character.
//!
//! - **Grammar** (§2.2): 编 > 分编 > 章 > 节 > 条(之N) > 款 > 项 > 目; `第（三）项`, `第一款（三）`,
//!   lists with inheritance (`第十四条第一款、第二款，第二十条` → 14.1, 14.2, 20), compressed
//!   lists and ranges (`第30、33条`, `第一至三条`, `第10-12条`, `第十五条第一款至第三款`), and
//!   concatenation (`第八条第九条` is two articles).
//! - **Relative references** (§2.3): 本条, 该条, 前款, 前两款, 本项, 本章… resolved against the
//!   text's own discourse (the last explicit path, the article heading the text starts with) or
//!   [`CiteContext::current_article`]; unresolved ones keep their word and no number.
//! - **Attribution** (§2.4): a running law context. `《…》`, a bare law name (民法典, 刑法, 合同法,
//!   from a dictionary or by shape), 该法/同法 switch it; 草案, 本条例 and the draft's aliases
//!   switch back; it returns to the draft at each sentence (or, configurably, paragraph).
//! - **Quotes** (§2.4 step 6): citations inside “…” are content, [`Role::Quoted`], except a
//!   quote that holds only a citation (`对“第十条”的意见`).
//! - **Look-alikes** (§2.4 steps 5, 7): `208条意见`, `共21条`, `第18230号`, `宪法第十二条修正案`
//!   are not citations; an article heading at the start of a line (`第四十条　宪法第二十七条…`)
//!   is the text's own article, not a citation.
//! - **Action** (§2.6): the first transformation verb of the first clause holding a citation.

use std::fmt;
use std::ops::Range;

use serde::Serialize;

use crate::numeral;
use prescan::Pre;

mod action;
mod laws;
mod prescan;

/// Levels of a path, from the top.
const PART: usize = 0;
const SUBPART: usize = 1;
const CHAPTER: usize = 2;
const SECTION: usize = 3;
const ARTICLE: usize = 4;
const PARAGRAPH: usize = 5;
const ITEM: usize = 6;
const SUB_ITEM: usize = 7;
const LEVELS: usize = 8;

/// Extracts citations. Built once, cheap to clone, `Send + Sync`, no global state.
///
/// ```
/// use minyi_core::{Action, CiteContext, Citer, Law};
///
/// let citer = Citer::new();
/// let ctx = CiteContext::from_title("滨江市电动自行车管理条例（草案）");
/// let found = citer.extract("建议删除第十四条第一款、第二款，第二十条。", &ctx);
/// let refs: Vec<String> = found.refs().iter().map(|r| r.to_string()).collect();
/// assert_eq!(refs, ["第十四条第一款", "第十四条第二款", "第二十条"]);
/// assert_eq!(found.action(), Some(Action::Delete));
///
/// let found = citer.extract("与《民法典》第1165条的规定不一致", &ctx);
/// assert_eq!(found.refs()[0].law(), Law::Other("民法典"));
/// assert_eq!(found.refs()[0].article(), Some(1165));
/// # Ok::<(), minyi_core::Error>(())
/// ```
#[derive(Clone, Debug, Default)]
pub struct Citer {
    law_reset: LawReset,
}

/// When the law context returns to the draft (CITATIONS.md §2.4 step 4). It always does at the
/// start of a text and at a line break.
#[non_exhaustive]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum LawReset {
    /// Also after each sentence (。！？ outside quotes): the default, best for citizens'
    /// opinions, where a bare 第十条 in a new sentence means the draft.
    #[default]
    Sentence,
    /// Only at line breaks: better for academic text that discusses one law for a paragraph.
    Paragraph,
}

impl Citer {
    /// A citer with the default settings.
    pub fn new() -> Citer {
        Citer::default()
    }

    /// Sets when the law context returns to the draft.
    ///
    /// ```
    /// use minyi_core::{CiteContext, Citer, Law, LawReset};
    ///
    /// let text = "《劳动法》第四十四条规定了加班工资。第四十五条规定了年休假。";
    /// let ctx = CiteContext::new();
    /// let by_sentence = Citer::new().extract(text, &ctx);
    /// assert_eq!(by_sentence.refs()[1].law(), Law::Draft);
    /// let by_paragraph = Citer::new().law_reset(LawReset::Paragraph).extract(text, &ctx);
    /// assert_eq!(by_paragraph.refs()[1].law(), Law::Other("劳动法"));
    /// # Ok::<(), minyi_core::Error>(())
    /// ```
    pub fn law_reset(&mut self, reset: LawReset) -> &mut Citer {
        self.law_reset = reset;
        self
    }

    /// The citations in `text` and the action it suggests.
    pub fn extract<'t>(&self, text: &'t str, ctx: &CiteContext) -> Citations<'t> {
        match prescan::prescan(text) {
            Pre::Nothing => Citations { refs: Vec::new(), action: None },
            Pre::ActionOnly => Citations { refs: Vec::new(), action: prescan::action_only(text) },
            Pre::Full => {
                let mut scan = Scan::new(text, ctx, self.law_reset);
                scan.run();
                scan.finish()
            }
        }
    }
}

/// What the citer knows about the draft under discussion: its title and the names it goes by,
/// and optionally the article an opinion was submitted under.
///
/// ```
/// use minyi_core::{CiteContext, Citer, Law};
///
/// let mut ctx = CiteContext::from_title("滨江市物业管理条例（草案征求意见稿）");
/// assert!(ctx.is_draft("《物业管理条例》"));
/// assert!(ctx.is_draft("本条例"));
/// ctx.alias("物业新规");
/// let found = Citer::new().extract("物业新规第十二条规定的收费标准过高", &ctx);
/// assert_eq!(found.refs()[0].law(), Law::Draft);
/// # Ok::<(), minyi_core::Error>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CiteContext {
    title: Option<String>,
    /// Comparison keys (see `laws::name_key`).
    aliases: Vec<String>,
    /// The aliases as chars, for matching backwards from 第.
    alias_chars: Vec<Vec<char>>,
    current_article: Option<u32>,
    convention: Option<Convention>,
}

/// Which unit is which below the article (CITATIONS.md §2.7).
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Convention {
    /// 条 > 款 (paragraph) > 项 (numbered item) > 目: the mainland's, also in traditional
    /// characters.
    Mainland,
    /// 條 > 項 (paragraph) > 款 (numbered item) > 目: Taiwan's 中央法規標準法.
    Taiwan,
}

impl Convention {
    /// The convention of a text: Taiwan's when it shows it is Taiwanese (a 民國 date, 立法院,
    /// 大法官, 司法院), else the mainland's.
    ///
    /// ```
    /// use minyi_core::Convention;
    ///
    /// assert_eq!(Convention::of("立法院三讀通過，第十條第二項"), Convention::Taiwan);
    /// assert_eq!(Convention::of("民國一百一十年修正之第五條"), Convention::Taiwan);
    /// assert_eq!(Convention::of("第十條第二項規定的情形"), Convention::Mainland);
    /// ```
    pub fn of(text: &str) -> Convention {
        const SIGNS: [&str; 8] =
            ["立法院", "大法官", "司法院", "中華民國", "民國", "民国", "中央法規", "中央法规"];
        if SIGNS.iter().any(|s| text.contains(s)) {
            Convention::Taiwan
        } else {
            Convention::Mainland
        }
    }
}

impl CiteContext {
    /// Fixes the convention instead of reading it from each text ([`Convention::of`]), for
    /// documents known to come from one side.
    ///
    /// ```
    /// use minyi_core::{CiteContext, Citer, Convention};
    ///
    /// let mut ctx = CiteContext::new();
    /// ctx.convention(Convention::Taiwan);
    /// let found = Citer::new().extract("第六條第二項第一款", &ctx);
    /// let r = &found.refs()[0];
    /// assert_eq!((r.article(), r.paragraph(), r.item()), (Some(6), Some(2), Some(1)));
    /// ```
    pub fn convention(&mut self, convention: Convention) -> &mut CiteContext {
        self.convention = Some(convention);
        self
    }

    /// A context that knows nothing about the draft: 草案, 本条例, 本法… still name it.
    pub fn new() -> CiteContext {
        CiteContext::default()
    }

    /// A context for the draft with this title, with the aliases derived from it (CITATIONS.md
    /// §1.5): the title without its stage marker and without 中华人民共和国, without the name of
    /// its city or province, and the short forms by type (条例 and 本条例, 本法, 解释 and 本解释…).
    pub fn from_title(title: &str) -> CiteContext {
        let mut ctx = CiteContext::new();
        let title = title.trim();
        if !title.is_empty() {
            ctx.title = Some(title.to_owned());
            for key in laws::derive_aliases(title) {
                ctx.push_key(key);
            }
        }
        ctx
    }

    /// Adds a name the draft goes by (a `（以下简称《X》）` it defines, a popular name).
    pub fn alias(&mut self, alias: &str) -> &mut CiteContext {
        self.push_key(laws::name_key(alias));
        self
    }

    /// Sets the article the text was submitted under (many consultation platforms collect
    /// opinions article by article): 本条 and 前款 resolve against it when the text names none.
    ///
    /// ```
    /// use minyi_core::{CiteContext, Citer};
    ///
    /// let mut ctx = CiteContext::new();
    /// ctx.current_article(8);
    /// let found = Citer::new().extract("本条第二款的罚款数额过高", &ctx);
    /// assert_eq!((found.refs()[0].article(), found.refs()[0].paragraph()), (Some(8), Some(2)));
    /// # Ok::<(), minyi_core::Error>(())
    /// ```
    pub fn current_article(&mut self, article: u32) -> &mut CiteContext {
        self.current_article = (article > 0).then_some(article);
        self
    }

    /// The title, if one was given.
    pub fn title(&self) -> Option<&str> {
        self.title.as_deref()
    }

    /// The names the draft goes by, in comparison form.
    pub fn aliases(&self) -> impl Iterator<Item = &str> {
        self.aliases.iter().map(String::as_str)
    }

    /// Whether `name` (with or without 《》, stage marker or 中华人民共和国) names the draft.
    pub fn is_draft(&self, name: &str) -> bool {
        let key = laws::name_key(name);
        !key.is_empty() && self.aliases.contains(&key)
    }

    fn push_key(&mut self, key: String) {
        if !key.is_empty() && !self.aliases.contains(&key) {
            self.alias_chars.push(key.chars().collect());
            self.aliases.push(key);
        }
    }
}

/// The citations found in one text, in order, and the action it suggests.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Citations<'t> {
    refs: Vec<Citation<'t>>,
    action: Option<Action>,
}

impl<'t> Citations<'t> {
    /// All citations, in the order they start in the text, quoted ones included.
    pub fn refs(&self) -> &[Citation<'t>] {
        &self.refs
    }

    /// The citations that are not quoted text: what the text is about.
    pub fn targets(&self) -> impl Iterator<Item = &Citation<'t>> {
        self.refs.iter().filter(|r| r.role != Role::Quoted)
    }

    /// The suggested action, or `None` for text that suggests nothing (statute text).
    pub fn action(&self) -> Option<Action> {
        self.action
    }

    /// Whether no citation was found.
    pub fn is_empty(&self) -> bool {
        self.refs.is_empty()
    }

    /// How many citations were found.
    pub fn len(&self) -> usize {
        self.refs.len()
    }
}

impl<'a, 't> IntoIterator for &'a Citations<'t> {
    type Item = &'a Citation<'t>;
    type IntoIter = std::slice::Iter<'a, Citation<'t>>;

    fn into_iter(self) -> Self::IntoIter {
        self.refs.iter()
    }
}

/// Which law a citation belongs to.
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Law<'t> {
    /// The draft under discussion.
    Draft,
    /// Another law, regulation or document, by the name written (without 《》): 民法典,
    /// 中华人民共和国劳动法, 该合同, 上位法.
    Other(&'t str),
}

impl Serialize for Law<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Law::Draft => s.serialize_str("draft"),
            Law::Other(name) => s.serialize_str(name),
        }
    }
}

/// What part a citation plays in its sentence (CITATIONS.md §2.6).
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// The unit the text is about (the default).
    Target,
    /// The X of `在第X条后增加一条`: the new unit goes after it; group the opinion under it.
    Anchor,
    /// The position being created: `作为第Y条`.
    New,
    /// A unit renumbered by the text (`第七项至第十五项相应改为…`).
    Renumbered,
    /// Where a unit is moved to: `移至第Y章`.
    Destination,
    /// Inside quoted or proposed text: content, not a target.
    Quoted,
}

/// The action a text suggests (CITATIONS.md §2.6).
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// Change the wording or a value (修改为, 改为, 提高…).
    Modify,
    /// Add a unit or a provision (增加一款, 在第X条后增加一条).
    Add,
    /// Delete a unit or words (删去, 删除).
    Delete,
    /// A remark without a transformation verb (规定不合理, 与上位法不一致).
    Comment,
}

impl Action {
    /// The name used in the JSON schema: `modify`, `add`, `delete`, `comment`.
    pub fn name(self) -> &'static str {
        match self {
            Action::Modify => "modify",
            Action::Add => "add",
            Action::Delete => "delete",
            Action::Comment => "comment",
        }
    }
}

impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl Role {
    /// The name used in the JSON schema: `target`, `anchor`, `new`, …
    pub fn name(self) -> &'static str {
        match self {
            Role::Target => "target",
            Role::Anchor => "anchor",
            Role::New => "new",
            Role::Renumbered => "renumbered",
            Role::Destination => "destination",
            Role::Quoted => "quoted",
        }
    }
}

/// A unit that is not numbered.
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    /// The title (名称, 标题): `将名称中的“侵犯”修改为“侵害”`.
    Title,
    /// The preamble (序言), cited by natural paragraph.
    Preamble,
}

/// One citation: a path into a law (part … sub-item), where it is in the text, and its role.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Citation<'t> {
    law: Law<'t>,
    path: Path,
    part_name: Option<&'t str>,
    unit: Option<Unit>,
    role: Role,
    relative: Option<&'t str>,
    version: Option<&'t str>,
    low_confidence: bool,
    text: &'t str,
    start: usize,
}

/// Numbers of a path; 0 is "not given" (no unit is numbered 0).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
struct Path {
    lv: [u32; LEVELS],
    sub: u32,
    to: u32,
    to_sub: u32,
}

fn opt(n: u32) -> Option<u32> {
    (n > 0).then_some(n)
}

impl<'t> Citation<'t> {
    /// The law it belongs to.
    pub fn law(&self) -> Law<'t> {
        self.law
    }

    /// Part (编) number.
    pub fn part(&self) -> Option<u32> {
        opt(self.path.lv[PART])
    }

    /// Part name when the part is cited by name (`《民法典》人格权编第997条` → 人格权编).
    pub fn part_name(&self) -> Option<&'t str> {
        self.part_name
    }

    /// Sub-part (分编) number.
    pub fn subpart(&self) -> Option<u32> {
        opt(self.path.lv[SUBPART])
    }

    /// Chapter (章) number.
    pub fn chapter(&self) -> Option<u32> {
        opt(self.path.lv[CHAPTER])
    }

    /// Section (节) number.
    pub fn section(&self) -> Option<u32> {
        opt(self.path.lv[SECTION])
    }

    /// Article (条) number.
    pub fn article(&self) -> Option<u32> {
        opt(self.path.lv[ARTICLE])
    }

    /// The N of an inserted article 第X条之N.
    pub fn article_sub(&self) -> Option<u32> {
        opt(self.path.sub)
    }

    /// Paragraph (款) number.
    pub fn paragraph(&self) -> Option<u32> {
        opt(self.path.lv[PARAGRAPH])
    }

    /// Item (项) number.
    pub fn item(&self) -> Option<u32> {
        opt(self.path.lv[ITEM])
    }

    /// Sub-item (目) number.
    pub fn sub_item(&self) -> Option<u32> {
        opt(self.path.lv[SUB_ITEM])
    }

    /// The end of a range, at the deepest level given (`第十五条第一款至第三款` → 3).
    pub fn range_to(&self) -> Option<u32> {
        opt(self.path.to)
    }

    /// The N of a range end 第Y条之N.
    pub fn range_to_sub(&self) -> Option<u32> {
        opt(self.path.to_sub)
    }

    /// An unnumbered unit (the title, the preamble).
    pub fn unit(&self) -> Option<Unit> {
        self.unit
    }

    /// Its role in the sentence.
    pub fn role(&self) -> Role {
        self.role
    }

    /// The relative word it was written with (本条, 前款, 该条…), if any. Its numbers are filled
    /// from the discourse when known and left empty otherwise.
    pub fn relative(&self) -> Option<&'t str> {
        self.relative
    }

    /// The draft version it names (二审稿, 草案三次审议稿), if any.
    pub fn draft_version(&self) -> Option<&'t str> {
        self.version
    }

    /// Whether a number was read leniently (一百十, 两百, 一〇五, a missing 条) or a relative
    /// word could not be resolved.
    pub fn is_low_confidence(&self) -> bool {
        self.low_confidence
    }

    /// Its byte span in the text (the law name is not included).
    pub fn span(&self) -> Range<usize> {
        self.start..self.start + self.text.len()
    }

    /// The text it was written as.
    pub fn as_str(&self) -> &'t str {
        self.text
    }

    /// The deepest level given (the one a range applies to), as a unit character.
    fn deepest(&self) -> Option<usize> {
        (0..LEVELS).rev().find(|&l| self.path.lv[l] > 0)
    }
}

const UNIT_CHARS: [char; LEVELS] = ['编', '编', '章', '节', '条', '款', '项', '目'];

/// The canonical written form: `第十四条第一款`, `《民法典》第一千一百六十五条`,
/// `第六条至第十二条`, `第二章第一节至第五节`; an unresolved relative word as written.
impl fmt::Display for Citation<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Law::Other(name) = self.law {
            write!(f, "《{name}》")?;
        }
        if let Some(name) = self.part_name {
            f.write_str(name)?;
        }
        match self.unit {
            Some(Unit::Title) => f.write_str("名称")?,
            Some(Unit::Preamble) => f.write_str("序言")?,
            None => {}
        }
        let deepest = self.deepest();
        if deepest.is_none()
            && let Some(word) = self.relative
        {
            f.write_str(word)?;
        }
        for (level, (&n, unit)) in self.path.lv.iter().zip(UNIT_CHARS).enumerate() {
            if n == 0 {
                continue;
            }
            write!(f, "第{}", numeral::format(n))?;
            if level == SUBPART {
                f.write_str("分编")?;
            } else {
                write!(f, "{unit}")?;
            }
            if level == ARTICLE && self.path.sub > 0 {
                write!(f, "之{}", numeral::format(self.path.sub))?;
            }
        }
        if let (Some(level), true) = (deepest, self.path.to > 0) {
            write!(f, "至第{}{}", numeral::format(self.path.to), UNIT_CHARS[level])?;
            if level == ARTICLE && self.path.to_sub > 0 {
                write!(f, "之{}", numeral::format(self.path.to_sub))?;
            }
        }
        // A relative word whose own level is unknown: `第二十一条第二款本项`.
        if deepest.is_some()
            && self.low_confidence
            && let Some(word) = self.relative
        {
            f.write_str(word)?;
        }
        Ok(())
    }
}

impl Serialize for Citation<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Repr<'a> {
            law: Law<'a>,
            #[serde(skip_serializing_if = "Option::is_none")]
            part: Option<u32>,
            #[serde(skip_serializing_if = "Option::is_none")]
            part_name: Option<&'a str>,
            #[serde(skip_serializing_if = "Option::is_none")]
            subpart: Option<u32>,
            chapter: Option<u32>,
            section: Option<u32>,
            article: Option<u32>,
            article_sub: Option<u32>,
            paragraph: Option<u32>,
            item: Option<u32>,
            #[serde(skip_serializing_if = "Option::is_none")]
            sub_item: Option<u32>,
            range_to: Option<u32>,
            #[serde(skip_serializing_if = "Option::is_none")]
            range_to_sub: Option<u32>,
            #[serde(skip_serializing_if = "Option::is_none")]
            unit: Option<Unit>,
            role: Role,
            #[serde(skip_serializing_if = "Option::is_none")]
            relative: Option<&'a str>,
            #[serde(skip_serializing_if = "Option::is_none")]
            draft_version: Option<&'a str>,
            #[serde(skip_serializing_if = "std::ops::Not::not")]
            low_confidence: bool,
            text: &'a str,
            span: [usize; 2],
        }
        let span = self.span();
        Repr {
            law: self.law,
            part: self.part(),
            part_name: self.part_name,
            subpart: self.subpart(),
            chapter: self.chapter(),
            section: self.section(),
            article: self.article(),
            article_sub: self.article_sub(),
            paragraph: self.paragraph(),
            item: self.item(),
            sub_item: self.sub_item(),
            range_to: self.range_to(),
            range_to_sub: self.range_to_sub(),
            unit: self.unit,
            role: self.role,
            relative: self.relative,
            draft_version: self.version,
            low_confidence: self.low_confidence,
            text: self.text,
            span: [span.start, span.end],
        }
        .serialize(s)
    }
}

// ---------------------------------------------------------------------------------------------
// The scanner.

/// A character of the text: folded for matching, with its byte offset in the original and
/// whether it lies inside quotes.
#[derive(Clone, Copy, Debug)]
struct Ch {
    ch: char,
    at: u32,
    q: bool,
}

/// A law named before a path, waiting for the path that must start at `at`.
#[derive(Clone, Copy, Debug)]
struct Anchor<'t> {
    law: Law<'t>,
    version: Option<&'t str>,
    /// Char index where the name starts (roles look before it).
    start: usize,
    /// Char index where the path must start.
    at: usize,
    part_name: Option<&'t str>,
    /// Written with 《》: a bare `第11` after it is an article.
    bracketed: bool,
}

/// A path being built.
#[derive(Clone, Copy, Debug)]
struct Item<'t> {
    law: Law<'t>,
    path: Path,
    /// The deepest level written (relative words count, even unresolved).
    depth: Option<usize>,
    part_name: Option<&'t str>,
    unit: Option<Unit>,
    relative: Option<&'t str>,
    version: Option<&'t str>,
    low: bool,
    /// Whether its article came from the previous path.
    inherited: bool,
    start: usize,
    end: usize,
}

/// A component `第 N unit` (or a compressed list `第30、33条`).
#[derive(Clone, Copy, Debug)]
struct Comp {
    level: usize,
    /// Numbers and range ends: `第一、三至五条` → (1,0), (3,5).
    nums: [(u32, u32); 8],
    len: usize,
    sub: u32,
    low: bool,
    end: usize,
}

/// A ref on its way out, with what the clean-up needs.
#[derive(Clone, Debug)]
struct Out<'t> {
    cite: Citation<'t>,
    start_char: usize,
    dropped: bool,
}

/// What the discourse knows: the last path and its law.
type State<'t> = Option<(Path, Law<'t>)>;

struct Scan<'c, 't> {
    text: &'t str,
    cs: Vec<Ch>,
    ctx: &'c CiteContext,
    reset: LawReset,
    out: Vec<Out<'t>>,
    law_ctx: Law<'t>,
    last_law: Option<Law<'t>>,
    /// Aliases defined in the text: `（以下简称《食品安全法》）`.
    defined: Vec<(String, Law<'t>)>,
    last: State<'t>,
    /// The last path of the draft: 本条 (this article) is the draft's, even after 《民法典》….
    last_draft: State<'t>,
    /// The discourse inside quotes, separate from the text's own.
    last_quoted: State<'t>,
    /// The article the text is itself (its heading `第十三条　…`).
    own: Option<u32>,
    pending: Option<Anchor<'t>>,
    /// Index in `out` of a unit that a following `增加一款，作为第Y款` adds to.
    container: Option<usize>,
    /// Indices in `out` of the last list emitted, and the clause it was in.
    last_list: Option<(Range<usize>, usize)>,
    /// Char indices of clause ends outside quotes.
    breaks: Vec<usize>,
    line_start: usize,
}

fn is_cjk(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}')
}

/// 条/款/项… → level.
fn unit_level(c: char) -> Option<usize> {
    Some(match c {
        '编' => PART,
        '章' => CHAPTER,
        '节' => SECTION,
        '条' => ARTICLE,
        '款' => PARAGRAPH,
        '项' => ITEM,
        '目' => SUB_ITEM,
        _ => return None,
    })
}

const RANGE_CHARS: [char; 4] = ['至', '到', '-', '~'];

/// Characters after 本条/该条 that make it a phrase about something else (该条道路, 本条线路).
const NOT_AFTER_TIAO: &[char] = &[
    '街', '路', '线', '消', '微', '留', '信', '评', '新', '河', '道', '船', '鱼', '狗', '短', '回',
    '帖', '链', '视', '广', '巷', '公', '龙', '腿', '命', '件', '心', '例', '缝', '沟', '渠', '溪',
    '江', '被', '裤', '裙', '烟', '横', '标', '幅',
];

impl<'c, 't> Scan<'c, 't> {
    fn new(text: &'t str, ctx: &'c CiteContext, reset: LawReset) -> Scan<'c, 't> {
        let mut cs: Vec<Ch> = Vec::with_capacity(text.len() / 2 + 8);
        // Under Taiwan's convention 項 is the paragraph and 款 the item: read them swapped.
        // Taiwanese texts are in traditional characters: simplified text never pays the look.
        let taiwan = match ctx.convention {
            Some(convention) => convention == Convention::Taiwan,
            None => text.contains(['條', '項']) && Convention::of(text) == Convention::Taiwan,
        };
        for (at, c) in text.char_indices() {
            let ch = match laws::fold(c) {
                '项' if taiwan => '款',
                '款' if taiwan => '项',
                other => other,
            };
            cs.push(Ch { ch, at: at as u32, q: false });
        }
        mark_quotes(&mut cs);
        let line_start = skip_blank(&cs, 0);
        Scan {
            text,
            cs,
            ctx,
            reset,
            out: Vec::new(),
            law_ctx: Law::Draft,
            last_law: None,
            defined: Vec::new(),
            last: None,
            last_draft: None,
            last_quoted: None,
            own: None,
            pending: None,
            container: None,
            last_list: None,
            breaks: Vec::new(),
            line_start,
        }
    }

    fn ch(&self, i: usize) -> char {
        self.cs.get(i).map_or('\0', |c| c.ch)
    }

    fn byte(&self, i: usize) -> usize {
        self.cs.get(i).map_or(self.text.len(), |c| c.at as usize)
    }

    fn slice(&self, from: usize, to: usize) -> &'t str {
        let (a, b) = (self.byte(from), self.byte(to.max(from)));
        &self.text[a..b]
    }

    fn starts(&self, i: usize, word: &str) -> bool {
        action::starts(&self.cs, i, word)
    }

    fn ends_with(&self, end: usize, word: &[char]) -> bool {
        word.len() <= end
            && self.cs[end - word.len()..end].iter().zip(word).all(|(c, w)| c.ch == *w)
    }

    fn ends_with_str(&self, end: usize, word: &str) -> bool {
        let n = word.chars().count();
        n <= end && self.cs[end - n..end].iter().zip(word.chars()).all(|(c, w)| c.ch == w)
    }

    fn skip_ws(&self, mut i: usize) -> usize {
        while self.ch(i) == ' ' {
            i += 1;
        }
        i
    }

    fn clause(&self) -> usize {
        self.breaks.len()
    }

    fn run(&mut self) {
        let n = self.cs.len();
        let mut i = 0;
        while i < n {
            let c = self.cs[i];
            if !c.q {
                match c.ch {
                    '\n' => {
                        self.boundary(i);
                        self.law_ctx = Law::Draft;
                        self.line_start = skip_blank(&self.cs, i + 1);
                        i += 1;
                        continue;
                    }
                    '。' | '!' | '?' => {
                        self.boundary(i);
                        if self.reset == LawReset::Sentence {
                            self.law_ctx = Law::Draft;
                        }
                        i += 1;
                        continue;
                    }
                    ';' | '|' => {
                        self.boundary(i);
                        i += 1;
                        continue;
                    }
                    _ => {}
                }
            }
            let next = match c.ch {
                '《' => Some(self.bracketed_law(i)),
                '第' | '弟' | '递' | '帝' | '地' => self.at_di(i),
                '本' | '该' | '此' | '前' | '上' | '下' | '同' => self.at_word(i),
                '(' => self.citation(i, None),
                '名' | '标' => self.title(i),
                '序' => self.preamble(i),
                _ => None,
            };
            let next = next.or_else(|| self.stage_anchor(i));
            i = match next {
                Some(k) if k > i => k,
                _ => i + 1,
            };
        }
    }

    /// The end of a clause at `i` (outside quotes).
    fn boundary(&mut self, i: usize) {
        self.breaks.push(i);
        self.container = None;
        self.pending = None;
    }

    /// At 第 (or a homophone typo of it).
    fn at_di(&mut self, i: usize) -> Option<usize> {
        if self.cs[i].ch != '第' && !self.typo_di(i) {
            return None;
        }
        if i == self.line_start
            && !self.cs[i].q
            && let Some(end) = self.heading(i)
        {
            return Some(end);
        }
        let anchor = match self.pending.take() {
            Some(a) if a.at == i => Some(a),
            _ => self.law_before(i),
        };
        if let Some(a) = anchor
            && !self.cs[i].q
        {
            self.law_ctx = a.law;
        }
        self.citation(i, anchor)
    }

    /// 弟/递/帝/地 typed for 第: only directly before a numeral and a unit, and 地 only where a
    /// citation can stand (not in 当地三条街道).
    fn typo_di(&self, i: usize) -> bool {
        if self.cs[i].ch == '地' {
            let before = if i == 0 { ' ' } else { self.cs[i - 1].ch };
            let ok = !is_cjk(before)
                || matches!(
                    before,
                    '将' | '对' | '在' | '把' | '除' | '去' | '例' | '法' | '案' | '议' | '改'
                );
            if !ok {
                return false;
            }
        }
        let mut k = i + 1;
        let mut digits = 0;
        while numeral::is_numeral_char(self.ch(k)) {
            k += 1;
            digits += 1;
        }
        digits > 0 && matches!(self.ch(k), '条' | '款' | '项' | '章' | '节')
    }

    /// An article heading at the start of a line (`第十三条　中、外方投资者…`): the text's own
    /// article, not a citation. It is one unless the rest of the line reads as an opinion
    /// (`第十条 建议删除…`) or suggests a change without citing anything itself (`第十条 删除`).
    fn heading(&mut self, i: usize) -> Option<usize> {
        let comp = self.comp(i, None)?;
        if comp.level != ARTICLE || comp.len != 1 || comp.nums[0].1 != 0 {
            return None;
        }
        let after = self.ch(comp.end);
        let titled = matches!(after, '(' | '【');
        if after != ' ' && !titled {
            return None;
        }
        let line_end =
            (comp.end..self.cs.len()).find(|&k| self.cs[k].ch == '\n').unwrap_or(self.cs.len());
        let rest = &self.cs[comp.end..line_end];
        // `第七条 项…`: a unit word after the space continues the citation.
        if rest.iter().find(|c| c.ch != ' ').is_some_and(|c| matches!(c.ch, '款' | '项' | '目'))
        {
            return None;
        }
        let cites = rest.windows(2).any(|w| w[0].ch == '第' && numeral::is_numeral_char(w[1].ch));
        let mut verbs = Vec::new();
        action::verbs(rest, &mut verbs);
        // An opinion (建议, 认为…) is about the article it starts with; statute text and
        // amendment instruments (`第四十条　宪法第二十七条增加一款`) are not.
        if action::is_opinion(rest) || !cites && verbs.iter().any(|v| v.strong) {
            return None;
        }
        self.own = Some(comp.nums[0].0);
        Some(comp.end)
    }

    /// A numeral at `j` (spaces inside allowed): value, end, whether read leniently.
    fn number(&self, j: usize) -> Option<(u32, usize, bool)> {
        let mut k = j;
        let mut end = j;
        while k < self.cs.len() && k - j < 12 {
            let c = self.cs[k].ch;
            if numeral::is_numeral_char(c) {
                k += 1;
                end = k;
            } else if c == ' ' && end > j {
                k += 1;
            } else {
                break;
            }
        }
        if end == j {
            return None;
        }
        let n = numeral::parse(self.slice(j, end))?;
        (n.value > 0).then_some((n.value, end, !n.canonical))
    }

    /// A component at `i` = 第. `anchor` allows a bare `第11` right after a bracketed law name.
    fn comp(&self, i: usize, anchor: Option<&Anchor<'t>>) -> Option<Comp> {
        let typo = self.cs[i].ch != '第';
        let j = self.skip_ws(i + 1);
        if self.ch(j) == '(' {
            // 第（三）项
            let (n, k, low) = self.number(self.skip_ws(j + 1))?;
            let k = self.skip_ws(k);
            if self.ch(k) != ')' {
                return None;
            }
            let k = self.skip_ws(k + 1);
            if self.ch(k) != '项' {
                return None;
            }
            return Some(Comp::single(ITEM, n, low, k + 1));
        }
        let (n, mut k, mut low) = self.number(j)?;
        let mut comp = Comp::single(ARTICLE, n, low, k);
        // Compressed lists and ranges before the unit: 第30、33条, 第一至三条, 第一至第三条.
        loop {
            let k2 = self.skip_ws(k);
            let c = self.ch(k2);
            // The continuation of a compressed list is a bare numeral: 第一，第二十条 and
            // 第一、第二十条 open with enumeration ordinals (first, …), not a list of articles.
            if matches!(c, '、' | ',') && comp.len < comp.nums.len() {
                let k3 = self.skip_ws(k2 + 1);
                if let Some((m, k4, l)) = self.number(k3) {
                    let after = self.ch(self.skip_ws(k4));
                    if matches!(after, '、' | ',')
                        || RANGE_CHARS.contains(&after)
                        || unit_level(after).is_some()
                    {
                        comp.nums[comp.len] = (m, 0);
                        comp.len += 1;
                        low |= l;
                        k = k4;
                        continue;
                    }
                }
            }
            if RANGE_CHARS.contains(&c) && comp.nums[comp.len - 1].1 == 0 {
                let mut k3 = self.skip_ws(k2 + 1);
                if self.ch(k3) == '第' {
                    k3 += 1;
                }
                if let Some((m, k4, l)) = self.number(k3)
                    && m > comp.nums[comp.len - 1].0
                    && unit_level(self.ch(self.skip_ws(k4))).is_some()
                {
                    comp.nums[comp.len - 1].1 = m;
                    low |= l;
                    k = k4;
                    continue;
                }
            }
            break;
        }
        let k2 = self.skip_ws(k);
        let u = self.ch(k2);
        let (level, mut end) = if u == '分' && self.ch(k2 + 1) == '编' {
            (SUBPART, k2 + 2)
        } else if let Some(level) = unit_level(u) {
            (level, k2 + 1)
        } else if typo || comp.len > 1 || comp.nums[0].1 > 0 {
            return None;
        } else if u == '第' && self.ch(k2 + 1) != '第' {
            // 第105第2款: 条 left out.
            (ARTICLE, k)
        } else if anchor.is_some_and(|a| a.bracketed)
            && (k2 >= self.cs.len() || matches!(u, ')' | ',' | '。' | '、' | ';' | '|' | ' '))
        {
            // （《刑法修正案（七）》第11）
            (ARTICLE, k)
        } else {
            return None;
        };
        if level == ARTICLE && end == k {
            low = true;
        }
        comp.level = level;
        if level == ARTICLE && end > k {
            // 之N
            if self.ch(end) == '之'
                && let Some((s, k3, _)) = self.number(end + 1)
            {
                comp.sub = s;
                end = k3;
            }
            // 宪法第十二条修正案: amendment No. 12.
            if self.starts(end, "修正案") {
                return None;
            }
        }
        if typo
            && level != ARTICLE
            && level != PARAGRAPH
            && level != ITEM
            && level != CHAPTER
            && level != SECTION
        {
            return None;
        }
        comp.low = low || typo;
        comp.end = self.skip_gloss(end);
        Some(comp)
    }

    /// A pinyin gloss after a unit: 第三項(xiàng).
    fn skip_gloss(&self, end: usize) -> usize {
        if self.ch(end) != '(' {
            return end;
        }
        let mut k = end + 1;
        while k < self.cs.len() && k - end <= 10 {
            let c = self.cs[k].ch;
            if c == ')' {
                return if k > end + 1 { k + 1 } else { end };
            }
            if !(c.is_ascii_alphabetic() || ('\u{C0}'..='\u{24F}').contains(&c)) {
                return end;
            }
            k += 1;
        }
        end
    }

    /// A component written without 第 after a separator, at the level of the one before:
    /// `第十五条、十六条`, `第（一）项、（二）项`.
    fn continuation(&self, j: usize, level: usize) -> Option<Comp> {
        if self.ch(j) == '(' && level == ITEM {
            let (n, k, low) = self.number(j + 1)?;
            if self.ch(k) != ')' {
                return None;
            }
            let end = if self.ch(k + 1) == '项' { k + 2 } else { k + 1 };
            return Some(Comp::single(ITEM, n, low, end));
        }
        let (n, k, low) = self.number(j)?;
        let k2 = self.skip_ws(k);
        if unit_level(self.ch(k2)) != Some(level) {
            return None;
        }
        let mut comp = Comp::single(level, n, low, k2 + 1);
        if level == ARTICLE
            && self.ch(k2 + 1) == '之'
            && let Some((s, k3, _)) = self.number(k2 + 2)
        {
            comp.sub = s;
            comp.end = k3;
        }
        Some(comp)
    }

    /// A separator of a list at `j`: the index after it.
    fn separator(&self, j: usize) -> Option<usize> {
        let j = self.skip_ws(j);
        let c = self.ch(j);
        let k = if matches!(c, '、' | ',' | '和' | '及' | '与') {
            if self.starts(j, "及其") {
                return None;
            }
            if self.starts(j, "以及") { j + 2 } else { j + 1 }
        } else if self.starts(j, "以及") || self.starts(j, "或者") {
            j + 2
        } else if c == '或' {
            j + 1
        } else {
            return None;
        };
        Some(self.skip_ws(k))
    }

    /// A citation list starting at `i`: paths joined by separators, ranges and inheritance.
    fn citation(&mut self, i: usize, anchor: Option<Anchor<'t>>) -> Option<usize> {
        let quoted = self.cs[i].q;
        let state = if quoted { self.last_quoted } else { self.last };
        let mut items: Vec<Item<'t>> = Vec::new();
        let mut cur: Option<Item<'t>> = None;
        let mut j = i;
        let base_law = anchor.map_or(if quoted { Law::Draft } else { self.law_ctx }, |a| a.law);
        // The previous path the first one may inherit from: not across an explicit law change.
        let prev_state = match (anchor, state) {
            (Some(a), Some((_, law))) if a.law != law => None,
            (_, s) => s,
        };
        loop {
            let at_start = cur.is_none() && items.is_empty();
            let prev_level = cur.as_ref().and_then(|c| c.depth);
            // One element: a component, a relative word, or a continuation without 第.
            let comp = if matches!(self.ch(j), '第' | '弟' | '递' | '帝' | '地')
                && (j == i || !at_start)
            {
                let a = if j == i { anchor.as_ref() } else { None };
                if self.ch(j) != '第' && !self.typo_di(j) { None } else { self.comp(j, a) }
            } else if self.ch(j) == '(' && at_start {
                self.paren_item(j)
            } else {
                None
            };
            if let Some(comp) = comp {
                self.add_comp(&mut cur, &mut items, comp, j, base_law, prev_state);
                j = comp.end;
            } else if let Some(item) = {
                // Inside a list, relative words point from the path before them.
                let prev = cur.as_ref().or(items.last()).map(|c| (c.path, c.law));
                self.relative(j, quoted, base_law, prev)
            } {
                if let Some(c) = cur.take() {
                    items.push(c);
                }
                j = item.end;
                cur = Some(item);
            } else if let (false, Some(level)) = (at_start, prev_level) {
                match self.continuation(j, level) {
                    Some(comp) => {
                        self.add_comp(&mut cur, &mut items, comp, j, base_law, prev_state);
                        j = comp.end;
                    }
                    None => break,
                }
            } else {
                break;
            }
            // After an element: a bracketed item (第一款（三）), a range, a separator, or a
            // directly following component (第十条第二款, 第八条第九条).
            if let Some(c) = cur.as_mut() {
                if self.ch(j) == '('
                    && matches!(c.depth, Some(ARTICLE | PARAGRAPH))
                    && let Some((n, k, low)) = self.number(j + 1)
                    && self.ch(k) == ')'
                {
                    c.path.lv[ITEM] = n;
                    c.depth = Some(ITEM);
                    c.low |= low;
                    j = if self.ch(k + 1) == '项' { k + 2 } else { k + 1 };
                    c.end = j;
                }
                if let Some((to, to_sub, k)) = self.range_end(j, c) {
                    c.path.to = to;
                    c.path.to_sub = to_sub;
                    c.end = k;
                    j = k;
                }
            }
            if matches!(self.ch(j), '第' | '弟' | '递' | '帝') {
                continue;
            }
            match self.separator(j) {
                Some(k) if self.element_follows(k, cur.as_ref()) => j = k,
                _ => break,
            }
        }
        if let Some(c) = cur.take() {
            items.push(c);
        }
        if items.is_empty() {
            return None;
        }
        if let Some(a) = anchor {
            items[0].part_name = a.part_name;
            for it in &mut items {
                it.version = a.version;
            }
        }
        let end = items.iter().map(|it| it.end).max().unwrap_or(i + 1);
        let start = anchor.map_or(i, |a| a.start.min(i));
        self.emit(&items, start, end, quoted);
        Some(end)
    }

    /// `(三)项` at the start of a citation.
    fn paren_item(&self, j: usize) -> Option<Comp> {
        let (n, k, low) = self.number(j + 1)?;
        if self.ch(k) != ')' || self.ch(k + 1) != '项' {
            return None;
        }
        Some(Comp::single(ITEM, n, low, k + 2))
    }

    /// Whether a list element starts at `k`.
    fn element_follows(&self, k: usize, cur: Option<&Item<'t>>) -> bool {
        match self.ch(k) {
            '第' => self.comp(k, None).is_some(),
            '本' | '该' | '此' | '前' | '上' | '下' => {
                self.relative(k, self.cs.get(k).is_some_and(|c| c.q), Law::Draft, None).is_some()
            }
            _ => {
                cur.and_then(|c| c.depth).is_some_and(|level| self.continuation(k, level).is_some())
            }
        }
    }

    /// A range end after a path: `至第三款`, `至十二条`, `至第二百一十九条之一`.
    fn range_end(&self, j: usize, item: &Item<'t>) -> Option<(u32, u32, usize)> {
        let level = item.depth?;
        let k = self.skip_ws(j);
        if !RANGE_CHARS.contains(&self.ch(k)) || item.path.to > 0 {
            return None;
        }
        let mut k2 = self.skip_ws(k + 1);
        if self.ch(k2) == '第' {
            k2 += 1;
        }
        let (m, k3, _) = self.number(k2)?;
        let k4 = self.skip_ws(k3);
        if unit_level(self.ch(k4)) != Some(level) {
            return None;
        }
        let mut end = k4 + 1;
        let mut sub = 0;
        if level == ARTICLE
            && self.ch(end) == '之'
            && let Some((s, k5, _)) = self.number(end + 1)
        {
            sub = s;
            end = k5;
        }
        let from = item.path.lv[level];
        (m > from || (m == from && sub > item.path.sub)).then_some((m, sub, end))
    }

    /// Adds a component to the path being built, or starts a new path after it.
    fn add_comp(
        &self,
        cur: &mut Option<Item<'t>>,
        items: &mut Vec<Item<'t>>,
        comp: Comp,
        start: usize,
        base_law: Law<'t>,
        prev_state: State<'t>,
    ) {
        let level = comp.level;
        let extend = cur.as_ref().is_some_and(|c| c.depth.is_none_or(|d| level > d));
        if !extend {
            let prev = cur.take();
            let (prev_path, prev_law) = match (&prev, prev_state) {
                (Some(p), _) => (Some(p.path), p.law),
                (None, Some((path, law))) if items.is_empty() => (Some(path), law),
                _ => (None, base_law),
            };
            let relative = prev.as_ref().and_then(|p| p.relative.filter(|_| level > ARTICLE));
            if let Some(p) = prev {
                items.push(p);
            }
            let mut item = Item {
                law: base_law,
                path: Path::default(),
                depth: None,
                part_name: None,
                unit: None,
                relative,
                version: None,
                low: false,
                inherited: false,
                start,
                end: start,
            };
            if let Some(pp) = prev_path {
                let inherit_to = match level {
                    PARAGRAPH | ITEM | SUB_ITEM => level,
                    SUBPART | CHAPTER | SECTION => level,
                    _ => 0,
                };
                for l in 0..inherit_to {
                    item.path.lv[l] = pp.lv[l];
                }
                if inherit_to > ARTICLE {
                    item.path.sub = pp.sub;
                    if pp.lv[ARTICLE] > 0 {
                        item.inherited = true;
                        item.law = prev_law;
                    }
                }
            }
            *cur = Some(item);
        }
        let Some(c) = cur.as_mut() else { return };
        c.path.lv[level] = comp.nums[0].0;
        c.path.to = comp.nums[0].1;
        if level == ARTICLE {
            c.path.sub = comp.sub;
        }
        c.depth = Some(level);
        c.low |= comp.low;
        c.end = comp.end;
        // Compressed list: one path per number.
        for &(n, to) in &comp.nums[1..comp.len] {
            let mut next = *c;
            next.path.lv[level] = n;
            next.path.to = to;
            items.push(*c);
            *c = next;
        }
    }

    /// A relative word at `i` as the start of a path (本条, 该条第二款, 前款, 本章…).
    fn relative(
        &self,
        i: usize,
        quoted: bool,
        base_law: Law<'t>,
        prev: State<'t>,
    ) -> Option<Item<'t>> {
        let c0 = self.ch(i);
        let c1 = self.ch(i + 1);
        let after = |k: usize| self.ch(k);
        let state = prev.or(if quoted { self.last_quoted } else { self.last });
        let (last_path, last_law) = match state {
            Some((p, l)) => (Some(p), l),
            None => (None, base_law),
        };
        let own = if quoted { None } else { self.own.or(self.ctx.current_article) };
        // (level, end, how to resolve)
        enum R {
            This,
            That,
            Prev(u32),
            Next,
        }
        let (level, end, how) = match (c0, c1) {
            ('本' | '此' | '该', '条') => {
                let a = after(i + 2);
                if NOT_AFTER_TIAO.contains(&a) {
                    return None;
                }
                let end = if a == '款' { i + 3 } else { i + 2 };
                (ARTICLE, end, if c0 == '本' { R::This } else { R::That })
            }
            ('前', '条') => (ARTICLE, i + 2, R::Prev(1)),
            ('上', '一') if after(i + 2) == '条' && !NOT_AFTER_TIAO.contains(&after(i + 3)) => {
                (ARTICLE, i + 3, R::Prev(1))
            }
            ('下', '一') if after(i + 2) == '条' && !NOT_AFTER_TIAO.contains(&after(i + 3)) => {
                (ARTICLE, i + 3, R::Next)
            }
            ('本' | '该' | '此', '款' | '项' | '目') => {
                if !self.unit_word_ends(i + 2) {
                    return None;
                }
                let level = unit_level(c1)?;
                (level, i + 2, if c0 == '本' { R::This } else { R::That })
            }
            ('前', '款' | '项') => (unit_level(c1)?, i + 2, R::Prev(1)),
            ('前', _) if numeral::is_numeral_char(c1) => {
                let (n, k, _) = self.number(i + 1)?;
                let level = unit_level(self.ch(k))?;
                if !(2..=9).contains(&n) || !matches!(level, PARAGRAPH | ITEM) {
                    return None;
                }
                (level, k + 1, R::Prev(n))
            }
            ('本', '章') if after(i + 2) != '程' => (CHAPTER, i + 2, R::This),
            ('本', '节') if !matches!(after(i + 2), '目' | '日' | '约' | '能' | '省' | '假') => {
                (SECTION, i + 2, R::This)
            }
            ('本', '编') if !matches!(after(i + 2), '辑' | '写' | '制' | '著' | '号' | '码') => {
                (PART, i + 2, R::This)
            }
            _ => return None,
        };
        let mut item = Item {
            law: Law::Draft,
            path: Path::default(),
            depth: Some(level),
            part_name: None,
            unit: None,
            relative: Some(self.slice(
                i,
                if level == ARTICLE && self.ch(end - 1) == '款' { end - 1 } else { end },
            )),
            version: None,
            low: false,
            inherited: false,
            start: i,
            end,
        };
        // The unit the word points from: for 本条 the text's own article first, for 该条 the
        // last one mentioned first.
        let from_own = |item: &mut Item<'t>| {
            if let Some(a) = own {
                item.path.lv[ARTICLE] = a;
                item.law = Law::Draft;
                true
            } else {
                false
            }
        };
        let from_last = |item: &mut Item<'t>| {
            if let Some(p) =
                last_path.filter(|p| p.lv[..=level.max(ARTICLE)].iter().any(|&n| n > 0))
            {
                for l in 0..(level + 1).min(LEVELS) {
                    item.path.lv[l] = p.lv[l];
                }
                item.path.sub = p.sub;
                item.law = last_law;
                true
            } else {
                false
            }
        };
        let from_last_draft = |item: &mut Item<'t>| match (prev, quoted, self.last_draft) {
            (None, false, Some((p, _))) if p.lv[ARTICLE] > 0 => {
                item.path.lv[..=ARTICLE].copy_from_slice(&p.lv[..=ARTICLE]);
                item.path.sub = p.sub;
                item.law = Law::Draft;
                true
            }
            _ => false,
        };
        let resolved = match (level, &how) {
            (ARTICLE, R::This) => {
                from_own(&mut item) || from_last_draft(&mut item) || from_last(&mut item)
            }
            (ARTICLE, _) => from_last(&mut item) || from_own(&mut item),
            (CHAPTER | SECTION | PART, _) => from_last(&mut item) && item.path.lv[level] > 0,
            _ => from_last(&mut item) || from_own(&mut item),
        };
        match how {
            R::This | R::That => {}
            // 前两款, 前三项: all the units before, written in the unit after them (¶1–2 from ¶3).
            R::Prev(n) if n > 1 => {
                item.path.lv[level] = 1;
                item.path.to = n;
            }
            R::Prev(n) => {
                let cur = item.path.lv[level];
                item.path.lv[level] = if resolved && cur > n { cur - n } else { 0 };
            }
            R::Next => {
                if resolved && item.path.lv[level] > 0 {
                    item.path.lv[level] += 1;
                }
            }
        }
        item.low = item.path.lv[level] == 0;
        if !resolved {
            // Nothing is known above the word's own level.
            for l in 0..level {
                item.path.lv[l] = 0;
            }
            item.path.sub = 0;
        }
        Some(item)
    }

    /// After 本款/该项: the word ends here (该项规定) rather than going on (该项工作, 本项目).
    fn unit_word_ends(&self, k: usize) -> bool {
        let c = self.ch(k);
        k >= self.cs.len()
            || !is_cjk(c)
            || matches!(
                c,
                '规' | '中'
                    | '的'
                    | '所'
                    | '内'
                    | '修'
                    | '删'
                    | '应'
                    | '和'
                    | '及'
                    | '与'
                    | '或'
                    | '后'
                    | '前'
                    | '第'
                    | '增'
                    | '改'
                    | '之'
                    | '关'
                    | '有'
                    | '提'
                    | '可'
                    | '涉'
                    | '明'
                    | '列'
                    | '作'
                    | '建'
                    | '不'
                    | '已'
                    | '也'
                    | '是'
                    | '在'
                    | '对'
                    | '将'
                    | '并'
                    | '都'
                    | '还'
                    | '需'
                    | '须'
                    | '要'
            )
    }

    /// Emits the paths of one list with the role the words around it give them.
    fn emit(&mut self, items: &[Item<'t>], start: usize, end: usize, quoted: bool) {
        let before = self.word_before(start);
        let role = if quoted {
            Role::Quoted
        } else if before == Before::As {
            Role::New
        } else if before == Before::ChangedTo {
            // The new number of a renumbered unit: the old one is what the text is about.
            if let Some((range, clause)) = self.last_list.clone()
                && clause == self.clause()
            {
                for o in &mut self.out[range] {
                    if o.cite.role == Role::Target {
                        o.cite.role = Role::Renumbered;
                    }
                }
            }
            // What follows the new number in the same list (`改为第三十五条，第一款修改为…`) goes
            // on about the renumbered unit, which the draft under discussion still numbers
            // the old way.
            let (Some(new), Some((old, _))) = (items.first(), self.last) else { return };
            // New numbers are dropped (`改为第五项、第六项`); what goes on below their level is
            // kept (`改为第三十五条，第一款` reads as one path, 35.1).
            let deepest = |p: &Path| (0..p.lv.len()).rev().find(|&k| p.lv[k] > 0);
            let old_depth = deepest(&old);
            let rest: Vec<Item<'t>> = items
                .iter()
                .filter(|it| deepest(&it.path) > old_depth)
                .map(|it| {
                    let mut it = *it;
                    if it.path.lv[ARTICLE] == new.path.lv[ARTICLE] && it.path.sub == new.path.sub {
                        it.path.lv[ARTICLE] = old.lv[ARTICLE];
                        it.path.sub = old.sub;
                    }
                    it
                })
                .collect();
            if !rest.is_empty() {
                self.emit_as(&rest, end, quoted, Role::Target);
            }
            return;
        } else if before == Before::MovedTo {
            Role::Destination
        } else if self.after_is_anchor(end) {
            Role::Anchor
        } else {
            Role::Target
        };
        self.emit_as(items, end, quoted, role);
    }

    /// Emits the paths of one list with a role decided.
    fn emit_as(&mut self, items: &[Item<'t>], end: usize, quoted: bool, role: Role) {
        if role == Role::New {
            if let (Some(idx), Some(first)) = (self.container, items.first()) {
                let container = &self.out[idx].cite;
                if (first.inherited || first.relative.is_some())
                    && container.law == first.law
                    && container.path.lv[ARTICLE] == first.path.lv[ARTICLE]
                {
                    self.out[idx].dropped = true;
                }
            }
            self.container = None;
        }
        // `第337条第1款（《刑法修正案（七）》第11）`: an article annotated with the amendment
        // that made it belongs to the amended law.
        let amended = if quoted { None } else { self.amended_law(end) };
        let first_out = self.out.len();
        for it in items {
            let law = match (amended, it.law, it.relative) {
                (Some(law), Law::Draft, None) => law,
                _ => it.law,
            };
            let text = self.slice(it.start, it.end);
            let unresolved = it.relative.is_some() && it.depth.is_some_and(|d| it.path.lv[d] == 0);
            self.out.push(Out {
                cite: Citation {
                    law,
                    path: it.path,
                    part_name: it.part_name,
                    unit: it.unit,
                    role,
                    relative: it.relative,
                    version: it.version,
                    low_confidence: it.low || unresolved,
                    text,
                    start: self.byte(it.start),
                },
                start_char: it.start,
                dropped: false,
            });
        }
        if role == Role::Target && self.adds_into(end) {
            self.container = Some(self.out.len() - 1);
        }
        self.last_list = Some((first_out..self.out.len(), self.clause()));
        if let Some(last) = items.iter().rev().find(|it| it.unit.is_none()) {
            let state = Some((last.path, last.law));
            if quoted {
                self.last_quoted = state;
            } else {
                self.last = state;
                if last.law == Law::Draft {
                    self.last_draft = state;
                }
            }
        }
    }

    /// The law amended by the 《…修正案…》 in brackets right after `end`, unless it is the draft.
    fn amended_law(&self, end: usize) -> Option<Law<'t>> {
        let k = self.skip_ws(end);
        if self.ch(k) != '(' || self.ch(k + 1) != '《' {
            return None;
        }
        let mut e = k + 2;
        while e < self.cs.len() && e - k < 40 && !matches!(self.cs[e].ch, '》' | '修') {
            e += 1;
        }
        if !self.starts(e, "修正案") || e == k + 2 {
            return None;
        }
        match self.resolve(self.slice(k + 2, e)) {
            Law::Draft => None,
            law => Some(law),
        }
    }

    /// What the words just before a citation make of it.
    fn word_before(&self, start: usize) -> Before {
        let mut k = start;
        while k > 0 && matches!(self.cs[k - 1].ch, ' ' | '“') {
            k -= 1;
        }
        if self.ends_with_str(k, "作为") {
            Before::As
        } else if self.ends_with_str(k, "改为") && !self.ends_with_str(k, "修改为")
            || self.ends_with_str(k, "顺延为")
        {
            Before::ChangedTo
        } else if ["移至", "移到", "调至", "调整至", "移入", "并入", "放到", "放在"]
            .iter()
            .any(|w| self.ends_with_str(k, w))
        {
            Before::MovedTo
        } else {
            Before::Other
        }
    }

    /// `第X条后增加一条`: the new unit goes after (or before) X.
    fn after_is_anchor(&self, end: usize) -> bool {
        let mut k = self.skip_ws(end);
        if self.starts(k, "之后") || self.starts(k, "之前") {
            k += 2;
        } else if matches!(self.ch(k), '后' | '前') {
            k += 1;
        } else {
            return false;
        }
        k = self.skip_ws(k);
        if self.ch(k) == ',' {
            k = self.skip_ws(k + 1);
        }
        ["增加", "增设", "新增", "补充", "插入", "增写", "加上", "添加"]
            .iter()
            .any(|w| self.starts(k, w))
    }

    /// `第X条中增加一款`, `第六十二条“…”中增加一项`, `第二十七条增加一款`: X receives the new unit.
    fn adds_into(&self, end: usize) -> bool {
        let mut k = self.skip_ws(end);
        if matches!(self.ch(k), '“' | '"') {
            // Skip the quoted words: 宪法第六十二条“全国人民代表大会行使下列职权”中
            while k < self.cs.len() && (self.cs[k].q || matches!(self.cs[k].ch, '“' | '"')) {
                k += 1;
            }
            if matches!(self.ch(k), '”' | '"') {
                k += 1;
            }
        }
        if self.ch(k) == '中' {
            k += 1;
        }
        k = self.skip_ws(k);
        if self.ch(k) == ',' {
            k = self.skip_ws(k + 1);
        }
        ["增加", "增设", "新增", "补充", "增写"].iter().any(|w| self.starts(k, w))
    }

    /// A law name in 《》 at `i`: resolves it, reads an alias definition after it, and waits for
    /// a path (`《民法典》第1165条`, `《民法典》人格权编第997条`).
    fn bracketed_law(&mut self, i: usize) -> usize {
        let mut k = i + 1;
        while k < self.cs.len() && k - i <= 80 && !matches!(self.cs[k].ch, '》' | '《' | '\n') {
            k += 1;
        }
        if self.ch(k) != '》' || k == i + 1 {
            return i + 1;
        }
        let name = self.slice(i + 1, k);
        let law = self.resolve(name);
        if !self.cs[i].q {
            self.last_law = Some(law);
        }
        let mut j = k + 1;
        // （以下简称《食品安全法》）, （以下简称“条例”）
        let j2 = self.skip_ws(j);
        if self.ch(j2) == '(' {
            let mut e = j2 + 1;
            while e < self.cs.len() && e - j2 <= 40 && self.cs[e].ch != ')' {
                e += 1;
            }
            let inner = self.slice(j2 + 1, e);
            let after = self.skip_ws(e + 1);
            if self.ch(e) == ')'
                && !(inner.contains("简称") || inner.contains("下称"))
                && (matches!(self.ch(after), '第' | '序')
                    || (after < self.cs.len() && self.typo_di(after)))
            {
                // 《…办法》（楚政办发〔2016〕12号）第五章: a document number between the name and
                // the path.
                j = e + 1;
            } else if self.ch(e) == ')' && (inner.contains("简称") || inner.contains("下称")) {
                let short = inner.split(['称', '：', ':']).next_back().unwrap_or("").trim_matches(
                    |c: char| matches!(c, '《' | '》' | '“' | '”' | '"' | ' ' | '「' | '」'),
                );
                let key = laws::name_key(short);
                if !key.is_empty() {
                    self.defined.push((key, law));
                }
                j = e + 1;
            }
        }
        j = self.skip_ws(j);
        let part_name = self.part_name(j);
        if let Some((_, e)) = part_name {
            j = e;
        }
        if matches!(self.ch(j), '第' | '序') || (j < self.cs.len() && self.typo_di(j)) {
            self.pending = Some(Anchor {
                law,
                version: None,
                start: i,
                at: j,
                part_name: part_name.map(|(n, _)| n),
                bracketed: true,
            });
        }
        j
    }

    /// A part cited by name before 第: 人格权编, 合同编.
    fn part_name(&self, j: usize) -> Option<(&'t str, usize)> {
        let mut k = j;
        while k < self.cs.len() && k - j < 6 && is_cjk(self.cs[k].ch) && self.cs[k].ch != '编' {
            k += 1;
        }
        (self.ch(k) == '编' && k > j && self.ch(k + 1) == '第')
            .then(|| (self.slice(j, k + 1), k + 1))
    }

    /// Which law a name means: the draft (an alias of it, a stage marker), a name defined in
    /// the text, or another law.
    fn resolve(&self, name: &'t str) -> Law<'t> {
        let key = laws::name_key(name);
        if key.is_empty() {
            return Law::Other(name);
        }
        if self.ctx.aliases.contains(&key) || laws::has_stage_marker(name) {
            return Law::Draft;
        }
        if let Some((_, law)) = self.defined.iter().rev().find(|(k, _)| *k == key) {
            return *law;
        }
        Law::Other(name)
    }

    /// A law named without 《》 just before 第 at `i`: the draft's aliases, names defined in
    /// the text, 上位法/该合同…, the dictionary of short names, or a name by shape (…法, …条例).
    fn law_before(&mut self, i: usize) -> Option<Anchor<'t>> {
        if i == 0 || !is_cjk(self.cs[i - 1].ch) {
            return None;
        }
        let mut best: Option<(usize, Law<'t>)> = None;
        let consider = |best: &mut Option<(usize, Law<'t>)>, len: usize, law: Law<'t>| {
            if best.is_none_or(|(l, _)| len > l) {
                *best = Some((len, law));
            }
        };
        for alias in &self.ctx.alias_chars {
            if self.ends_with(i, alias) {
                consider(&mut best, alias.len(), Law::Draft);
            }
        }
        for (key, law) in &self.defined {
            if self.ends_with_str(i, key) {
                consider(&mut best, key.chars().count(), *law);
            }
        }
        for word in OTHER_DOCUMENTS {
            if self.ends_with_str(i, word) {
                let n = word.chars().count();
                consider(&mut best, n, Law::Other(self.slice(i - n, i)));
            }
        }
        let last = self.cs[i - 1].ch;
        if matches!(last, '法' | '典' | '例' | '则' | '定' | '范' | '办' | '准' | '程') {
            for name in laws::BARE_LAW_NAMES {
                if self.ends_with_str(i, name) {
                    let mut n = name.chars().count();
                    if self.ends_with_str(i - n, "中华人民共和国") {
                        n += 7;
                    }
                    let law = self.resolve(self.slice(i - n, i));
                    consider(&mut best, n, law);
                }
            }
            if best.is_none()
                && let Some((n, law)) = self.law_by_shape(i)
            {
                consider(&mut best, n, law);
            }
        }
        let (len, law) = best?;
        if let Law::Other(_) = law {
            self.last_law = Some(law);
        }
        Some(Anchor {
            law,
            version: None,
            start: i - len,
            at: i,
            part_name: None,
            bracketed: false,
        })
    }

    /// A law name found by its shape, walking back from the 法/条例 before `i`.
    fn law_by_shape(&self, i: usize) -> Option<(usize, Law<'t>)> {
        // Technical standards, codes of practice and charters are documents too: 校舍建设标准
        // 第八条 is not the draft's article 8.
        let suffix =
            ["条例", "办法", "规定", "细则", "规则", "准则", "标准", "规程", "规范", "章程", "法"]
                .into_iter()
                .find(|s| self.ends_with_str(i, s))?;
        let suffix_len = suffix.chars().count();
        let mut s = i - suffix_len;
        while s > 0 && i - s < 20 {
            let c = self.cs[s - 1].ch;
            if !is_cjk(c) || SHAPE_STOP.contains(&c) {
                break;
            }
            s -= 1;
        }
        let name = self.slice(s, i);
        let len = i - s;
        if len == suffix_len {
            // 条例第十条, 办法第三条: the document under discussion. A bare 法, 标准 or 规程 is
            // nothing.
            let draft_word = matches!(suffix, "条例" | "办法" | "规定" | "细则" | "规则");
            return draft_word.then_some((len, Law::Draft));
        }
        if suffix == "法" && (len < 3 || laws::NOT_LAW_ENDINGS.iter().any(|w| name.ends_with(w))) {
            return None;
        }
        if matches!(name, "本法" | "该法" | "同法") {
            return None;
        }
        let key = laws::name_key(name);
        if self.ctx.aliases.iter().any(|a| a.ends_with(&key)) {
            return Some((len, Law::Draft));
        }
        Some((len, self.resolve(name)))
    }

    /// Words at `i`: 本条例/本法… (the draft), 该法/同法 (the last law), or a relative path.
    fn at_word(&mut self, i: usize) -> Option<usize> {
        let c0 = self.cs[i].ch;
        if c0 == '本'
            && let Some(w) = DRAFT_SELF.iter().find(|w| self.starts(i + 1, w))
        {
            let end = i + 1 + w.chars().count();
            return Some(self.anchor_word(i, end, Law::Draft, None));
        }
        // 同法 in 合同法 is part of a name.
        let before = if i == 0 { ' ' } else { self.cs[i - 1].ch };
        let free = !is_cjk(before)
            || matches!(
                before,
                '照' | '据' | '反' | '用' | '及' | '和' | '与' | '在' | '按' | '对' | '即'
            );
        if matches!(c0, '该' | '同' | '上' | '前')
            && free
            && let Some(w) = LAW_ANAPHORA.iter().find(|w| self.starts(i, w))
        {
            let end = i + w.chars().count();
            let law = self
                .last_law
                .or_else(|| self.law_mentioned_before(i))
                .unwrap_or(Law::Other(self.slice(i, end)));
            return Some(self.anchor_word(i, end, law, None));
        }
        let quoted = self.cs[i].q;
        self.relative(i, quoted, self.law_ctx, None)?;
        let anchor = self.pending.take().filter(|a| a.at == i);
        self.citation(i, anchor)
    }

    /// A draft or law word from `i` to `end`: switches the law context and waits for a path.
    fn anchor_word(
        &mut self,
        i: usize,
        end: usize,
        law: Law<'t>,
        version: Option<&'t str>,
    ) -> usize {
        if !self.cs[i].q {
            self.law_ctx = law;
        }
        let at = self.skip_ws(end);
        let at = if self.ch(at) == '的' && self.ch(at + 1) == '第' { at + 1 } else { at };
        let part_name = self.part_name(at);
        let at2 = part_name.map_or(at, |(_, e)| e);
        self.pending = Some(Anchor {
            law,
            version,
            start: i,
            at: at2,
            part_name: part_name.map(|(n, _)| n),
            bracketed: false,
        });
        at2
    }

    /// 草案, 二审稿, 征求意见稿…: the draft, with its version.
    fn stage_anchor(&mut self, i: usize) -> Option<usize> {
        let ok = match self.cs[i].ch {
            '草' => self.ch(i + 1) == '案',
            '征' => self.ch(i + 1) == '求',
            '送' | '一' | '二' | '三' => self.ch(i + 1) == '审',
            '审' => self.ch(i + 1) == '议',
            '修' => matches!(self.ch(i + 1), '订' | '正' | '改'),
            '建' => self.starts(i, "建议稿"),
            _ => false,
        };
        if !ok {
            return None;
        }
        let w = laws::STAGE_MARKERS.iter().filter(|w| self.starts(i, w)).max_by_key(|w| w.len())?;
        if matches!(self.cs[i].ch, '一' | '二' | '三')
            && i > 0
            && numeral::is_numeral_char(self.cs[i - 1].ch)
        {
            return None;
        }
        let end = i + w.chars().count();
        let version = (*w != "草案").then(|| self.slice(i, end));
        Some(self.anchor_word(i, end, Law::Draft, version))
    }

    /// For 该法 with no law named in 《》 yet: the nearest bare law name before `i`.
    fn law_mentioned_before(&self, i: usize) -> Option<Law<'t>> {
        let mut k = i;
        while k > 0 {
            k -= 1;
            if self.cs[k].ch != '法' && self.cs[k].ch != '典' && self.cs[k].ch != '例' {
                continue;
            }
            let end = k + 1;
            let mut best: Option<usize> = None;
            for name in laws::BARE_LAW_NAMES {
                if self.ends_with_str(end, name) {
                    let n = name.chars().count();
                    if best.is_none_or(|b| n > b) {
                        best = Some(n);
                    }
                }
            }
            if let Some(n) = best {
                let n =
                    if self.ends_with_str(end - n, "中华人民共和国") { n + 7 } else { n };
                return Some(self.resolve(self.slice(end - n, end)));
            }
        }
        None
    }

    /// 名称/标题 as a unit: `将名称、第一条…中的“侵犯”修改为“侵害”`.
    fn title(&mut self, i: usize) -> Option<usize> {
        if !(self.starts(i, "名称") || self.starts(i, "标题")) {
            return None;
        }
        let end = i + 2;
        let before = if i == 0 { ' ' } else { self.cs[i - 1].ch };
        let after_ok = ["、第", ",第", "和第", "中的", "修改为", "改为", "中“"]
            .iter()
            .any(|w| self.starts(end, w));
        let anchored = self.pending.is_some_and(|a| a.at == i);
        if !after_ok || !(anchored || matches!(before, '将' | '把')) {
            return None;
        }
        let law = self.pending.take().filter(|a| a.at == i).map_or(self.law_ctx, |a| a.law);
        let item = Item {
            law,
            path: Path::default(),
            depth: None,
            part_name: None,
            unit: Some(Unit::Title),
            relative: None,
            version: None,
            low: false,
            inherited: false,
            start: i,
            end,
        };
        let quoted = self.cs[i].q;
        self.emit(&[item], i, end, quoted);
        Some(end)
    }

    /// 序言 (第N段): `《宪法》序言第2段`.
    fn preamble(&mut self, i: usize) -> Option<usize> {
        let anchor = self.pending.filter(|a| a.at == i)?;
        if !self.starts(i, "序言") {
            return None;
        }
        self.pending = None;
        let mut end = i + 2;
        let mut path = Path::default();
        if self.ch(end) == '第'
            && let Some((n, k, _)) = self.number(end + 1)
        {
            let k = if self.starts(k, "自然段") {
                k + 3
            } else if self.ch(k) == '段' {
                k + 1
            } else {
                0
            };
            if k > 0 {
                path.lv[PARAGRAPH] = n;
                end = k;
            }
        }
        let item = Item {
            law: anchor.law,
            path,
            depth: None,
            part_name: None,
            unit: Some(Unit::Preamble),
            relative: None,
            version: anchor.version,
            low: false,
            inherited: false,
            start: i,
            end,
        };
        let quoted = self.cs[i].q;
        self.emit(&[item], anchor.start, end, quoted);
        Some(end)
    }

    fn finish(mut self) -> Citations<'t> {
        // Versions and part names from the anchors are attached when the list starts; dedupe.
        let mut refs: Vec<Citation<'t>> = Vec::with_capacity(self.out.len());
        let mut starts: Vec<usize> = Vec::new();
        self.out.sort_by_key(|o| o.cite.start);
        for o in &self.out {
            if o.dropped {
                continue;
            }
            let c = &o.cite;
            let dup = refs.iter().any(|r| {
                r.law == c.law
                    && r.path == c.path
                    && r.role == c.role
                    && r.unit == c.unit
                    && r.relative == c.relative
            });
            if !dup {
                if c.role != Role::Quoted {
                    starts.push(o.start_char);
                }
                refs.push(c.clone());
            }
        }
        let mut verbs = Vec::new();
        action::verbs(&self.cs, &mut verbs);
        let action = action::classify(&self.cs, &verbs, &starts, &self.breaks);
        Citations { refs, action }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Before {
    As,
    ChangedTo,
    MovedTo,
    Other,
}

/// 本 + these name the draft.
const DRAFT_SELF: &[&str] = &[
    "实施细则",
    "实施办法",
    "条例",
    "办法",
    "规定",
    "解释",
    "规则",
    "细则",
    "决定",
    "安排",
    "意见",
    "批复",
    "准则",
    "标准",
    "法",
];

/// Words that refer back to the last law named.
const LAW_ANAPHORA: &[&str] =
    &["该法", "同法", "上述法律", "前述法律", "该条例", "该办法", "该规定", "该解释", "该决定"];

/// Documents that are not the draft, cited before 第 (CITATIONS.md §2.4 step 5).
const OTHER_DOCUMENTS: &[&str] = &[
    "上位法",
    "现行法",
    "原法",
    "旧法",
    "现行条例",
    "原条例",
    "旧条例",
    "修改前",
    "该合同",
    "本合同",
    "此合同",
    "原合同",
    "合同",
    "合同书",
    "该协议",
    "本协议",
    "协议",
    "协议书",
    "认购书",
    "意向书",
    "承诺书",
    "章程",
    "公司章程",
    "管理规约",
    "临时管理规约",
    "规约",
    "公约",
    "业主公约",
];

/// Characters a law name found by shape does not contain (verbs and particles before it).
const SHAPE_STOP: &[char] = &[
    '的', '了', '和', '与', '及', '或', '在', '是', '为', '以', '对', '由', '从', '把', '将', '按',
    '依', '据', '照', '即', '见', '如', '用', '于', '违', '适', '参', '比', '条', '款', '项', '第',
    '之', '中', '并', '且', '等', '其', '该', '本', '此', '各', '向', '给', '被', '让', '经', '所',
    '有', '没', '无', '不', '也', '都', '还', '就', '要', '应', '可', '能', '会', '已', '又', '再',
    '凡', '若', '关', '看', '查', '读', '说', '按', '这', '那', '个', '我', '你', '他', '们',
];

impl Comp {
    fn single(level: usize, n: u32, low: bool, end: usize) -> Comp {
        let mut nums = [(0, 0); 8];
        nums[0] = (n, 0);
        Comp { level, nums, len: 1, sub: 0, low, end }
    }
}

fn skip_blank(cs: &[Ch], mut i: usize) -> usize {
    while cs.get(i).is_some_and(|c| c.ch == ' ') {
        i += 1;
    }
    i
}

/// Marks the characters inside quotes (“…”, ‘…’, 「…」 folded to “…”, and ASCII "…"). An
/// unclosed quote runs to the end. A quote holding only a citation (`对“第十条”的意见`) stays
/// transparent, unless the words around it make it text to change (`中的“第七条”修改为`).
fn mark_quotes(cs: &mut [Ch]) {
    if !cs.iter().any(|c| matches!(c.ch, '“' | '‘' | '"')) {
        return;
    }
    let mut depth = 0usize;
    let mut ascii_open = false;
    let mut open_at = 0;
    for i in 0..cs.len() {
        let c = cs[i].ch;
        let opens = matches!(c, '“' | '‘') || (c == '"' && !ascii_open);
        let closes = matches!(c, '”' | '’') || (c == '"' && ascii_open);
        if opens {
            cs[i].q = depth > 0;
            if depth == 0 {
                open_at = i;
            }
            depth += 1;
            if c == '"' {
                ascii_open = true;
            }
        } else if closes && depth > 0 {
            depth -= 1;
            if c == '"' {
                ascii_open = false;
            }
            cs[i].q = depth > 0;
            if depth == 0 && transparent(cs, open_at, i) {
                for c in &mut cs[open_at + 1..i] {
                    c.q = false;
                }
            }
        } else {
            cs[i].q = depth > 0;
        }
    }
}

/// Whether the quote from `open` to `close` holds only a citation that is not text to change.
fn transparent(cs: &[Ch], open: usize, close: usize) -> bool {
    let inner = &cs[open + 1..close];
    if inner.first().is_none_or(|c| c.ch != '第') || inner.len() > 30 {
        return false;
    }
    let path_only = inner.iter().all(|c| {
        numeral::is_numeral_char(c.ch)
            || matches!(
                c.ch,
                '第' | '条'
                    | '款'
                    | '项'
                    | '目'
                    | '章'
                    | '节'
                    | '编'
                    | '之'
                    | '至'
                    | '、'
                    | ','
                    | '和'
                    | '('
                    | ')'
                    | ' '
                    | '-'
            )
    });
    let before = if open == 0 { ' ' } else { cs[open - 1].ch };
    let after = cs.get(close + 1).map_or(' ', |c| c.ch);
    path_only
        && !matches!(before, '的' | '为' | '成' | '将' | '把' | '中' | '去' | '除' | '到' | '至')
        && !matches!(after, '修' | '改' | '替' | '删' | '字' | '等' | '一' | '两' | '二' | '换')
}

#[cfg(test)]
mod tests;
