//! The fictional consultation minyi ships and benchmarks on.
//!
//! [`draft_text`] is a hand-written draft regulation, 《滨江市电动自行车安全管理条例（草案征求意见稿）》
//! (滨江市 does not exist). [`Generator`] writes opinions on it, as a legislative contact point
//! would receive them, and records in each opinion's [`Truth`] what it planted: which articles
//! the opinion is about and how it refers to them, which opinions are copies of which, the
//! personal data it contains and the untidiness of the cell.
//!
//! Output depends only on the seed, the number of opinions and the [`Settings`]: same
//! `(seed, n, settings)`, same bytes. The default settings give the default sample; optional
//! additions ([`Settings::contained`]) add rows drawn from their own random stream and leave
//! the default rows as they are.
//!
//! ```
//! let opinions = minyi_sample::Generator::new(minyi_sample::DEFAULT_SEED).generate(50);
//! assert_eq!(opinions.len(), 50);
//! assert_eq!(opinions[0].id, "1");
//! ```

mod bank;
mod cn;
mod generator;
mod mess;
mod names;
mod phrase;
mod pii;
mod rng;
pub mod write;

use serde::Serialize;

pub use generator::{Generator, Opinions, Settings};
pub use pii::{id_card_valid, luhn_valid};

/// Title of the sample draft.
pub const DRAFT_TITLE: &str = "滨江市电动自行车安全管理条例（草案征求意见稿）";

/// Seed of the committed sample in `corpora/sample/`.
pub const DEFAULT_SEED: u64 = 20_261_128;

/// Number of opinions in the committed sample.
pub const DEFAULT_N: usize = 1200;

/// First day of the consultation window (30 days, 2026-11-01 to 2026-11-30).
pub const CONSULTATION_START: &str = "2026-11-01";

/// The draft regulation, Markdown: a notice, `# title`, `## 第一章　总则` headings,
/// `第一条　…` articles, one 款 per line, `（一）…；` items on their own lines.
pub fn draft_text() -> &'static str {
    include_str!("../../../corpora/sample/草案.md")
}

/// One opinion as a contact point exports it, with the truth planted in it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SampleOpinion {
    /// 序号: "1" … "n", in export order.
    pub id: String,
    /// 提出人 (a person's name, "匿名", or "张三等12人").
    pub submitter: String,
    /// 单位, when the submitter gave one.
    pub organization: Option<String>,
    /// 身份: 居民, 业主, 外卖骑手, 快递员, 企业, 物业服务企业, 人大代表, 专家顾问, 律师, 社区工作者, 学生, 政协委员.
    pub group: String,
    /// 联系点: the contact point (or the office) that collected the opinion.
    pub contact_point: String,
    /// 信息员: the collector who recorded it.
    pub collector: String,
    /// 渠道: 座谈会, 网上征求意见系统, 信函, 电子邮件, 微信小程序, 入户走访.
    pub channel: String,
    /// 提交日期, `YYYY-MM-DD`, inside the consultation window; non-decreasing with `id`.
    pub date: String,
    /// 涉及条款 as the collector or the online form filled it ("第二十八条", "28", "总体意见"…), often empty.
    pub article_column: Option<String>,
    /// 意见内容, exactly as exported (debris, zero-width spaces and all).
    pub text: String,
    /// What the generator planted.
    pub truth: Truth,
}

/// What an opinion is about and what is in it, as planted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Truth {
    /// Draft articles the opinion is about, ascending; empty = 总体意见 (or an empty cell).
    /// Articles of other laws cited in the text are never listed.
    pub articles: Vec<u32>,
    /// How the text refers to its articles; for several articles, the weakest form used.
    pub reference: RefKind,
    /// Keys of the planted points (`"28.1.1"`, `"14.2#2"`, `"0#3"` for a general point): opinions
    /// sharing a key make the same point, in different words unless they are copies.
    pub points: Vec<String>,
    /// Planted duplicate family; all members carry it, the first-written one has `dup_kind: None`.
    pub dup_group: Option<u32>,
    /// How this member copies its family; `None` for originals.
    pub dup_kind: Option<DupKind>,
    /// Personal data written into the text, each value exactly as it appears there.
    pub personal: Vec<PlantedPii>,
    /// Untidiness planted in the cell.
    pub messy: Vec<Mess>,
}

/// How an opinion refers to the draft articles it concerns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RefKind {
    /// No article: a general remark, or an empty cell.
    None,
    /// Only describes the subject (关于电动车进电梯的问题…).
    Implicit,
    /// Quotes the article's wording in “…” without its number.
    Quoted,
    /// Names it: 第二十八条, 第28条, 第２８条, 第二十八条第一款第（二）项, 本条 after a named article.
    Explicit,
}

/// How a family member copies the family's first text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DupKind {
    /// Same text once whitespace (incl. U+3000, U+200B, line breaks) is removed.
    Exact,
    /// Small edits: punctuation, a word, a sentence added or removed, numeral style.
    Near,
    /// One form letter with slots (name, 小区, 街道, a number) filled by many people.
    Campaign,
    /// Another submitter's longer letter (two to four times as long) that holds the family's
    /// text whole, verbatim or with one small edit (a punctuation mark, one word), among
    /// points of its own. Planted only when [`crate::Settings::contained`] is on.
    Contained,
}

/// A piece of personal data written into an opinion.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlantedPii {
    /// What it is.
    pub kind: PiiKind,
    /// The exact substring of the text.
    pub value: String,
}

/// Kinds of personal data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PiiKind {
    /// 18-character resident ID number with a valid ISO 7064 MOD 11-2 check character.
    IdCard,
    /// Mobile number, 1[3-9]…, sometimes `+86`, spaced or dashed.
    Mobile,
    /// Landline, `0571-8…`.
    Landline,
    /// E-mail address.
    Email,
    /// Bank card number passing the Luhn check, sometimes grouped by fours.
    BankCard,
    /// Address down to the room (…3幢2单元501室).
    Address,
    /// The submitter's own name inside the text.
    Name,
}

/// Untidiness of a cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Mess {
    /// Leading scraping debris (`\n\t\t\t…`), sometimes trailing too.
    LeadingDebris,
    /// Trailing spaces, tabs or U+3000.
    TrailingSpaces,
    /// `\n` or `\r\n` inside the cell.
    LineBreaksInCell,
    /// Full-width digits in a reference (第２３条).
    FullWidthDigits,
    /// U+200B zero-width spaces.
    ZeroWidth,
    /// U+3000 ideographic spaces (letter indentation or between sentences).
    IdeographicSpace,
    /// Half-width punctuation mixed into Chinese text (`,` `:` `"`).
    MixedPunctuation,
    /// Empty or whitespace-only text.
    EmptyText,
    /// A very long text (an expert's letter of several thousand characters).
    VeryLong,
    /// The IME typo 弟/地/递 for the 第 of a reference (弟28条).
    DiTypo,
}

#[cfg(test)]
mod tests;
