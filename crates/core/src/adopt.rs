//! Which suggestions were adopted: the draft an analysis was run on, aligned with the final (or
//! next) text, and each opinion's own request checked against what changed.
//!
//! 1. [`AdoptionInput::from_json`] reads what is needed from `analysis.json`: the draft's
//!    articles (rebuilt into a [`Draft`]), every opinion (id, articles, topic, text, contact
//!    point, collector) and the topics.
//! 2. The draft and the final text are aligned ([`Aligner`]).
//! 3. Each opinion's requests are read from its text: 修改为“B” / 改为“B” (wording proposed),
//!    将“A”修改为… / 删除“A” (wording to go), 增加“C” (wording to add, also as a new article),
//!    建议删除本条 (the article to go), 合并 or 拆分. An opinion with none is a remark.
//! 4. Each request is scored against the article(s) the opinion is filed under, 0 to 1:
//!    - wording proposed or to add: the share of its character bigrams that were *not* in the
//!      old article and are in the new one (1 when it is there verbatim and was not before);
//!      wording to add is also tried against every inserted article;
//!    - wording to go: the share of its bigrams that were in the old article and are not in the
//!      new one (1 when the article was deleted); for 将“A”修改为“B”, half of that;
//!    - the article to go: 1 when deleted, 0.6 when merged into another; articles to merge
//!      (合并) or to split (拆分): 1 when merged or split;
//!    - a remark: the share of the article's changed wording (the bigrams it gained and lost)
//!      that the opinion's text shares, at most 0.6: never more than "possibly".
//!
//!    An opinion's score is its best request's; its class is adopted from
//!    [`AdopterBuilder::adopted`] (0.8), possibly adopted from [`AdopterBuilder::possibly`]
//!    (0.4), else "article unchanged" when every article it is filed under kept its text (for
//!    an opinion under no article, 总体意见: when no article changed), else not adopted.
//! 5. Per changed article: its diff and the topics filed under it, each scored by its best
//!    member, ranked by score then by how many opinions it holds. Tallies per article, contact
//!    point and collector.
//!
//! Deterministic: everything is sorted, ties broken by position and id.

use std::collections::BTreeMap;
use std::fmt;

use rustc_hash::{FxHashMap, FxHashSet};
use serde::{Deserialize, Serialize};

use crate::draft::{AlignStatus, AlignedPair, Aligner, Alignment, Draft, Edit, EditOp};
use crate::error::{Error, ErrorKind, Result};

/// From this score an opinion counts as adopted.
const ADOPTED: f32 = 0.8;
/// From this score an opinion counts as possibly adopted.
const POSSIBLY: f32 = 0.4;
/// The most a remark (no request read) can score.
const REMARK_CAP: f32 = 0.6;
/// What a deleted article's request to go scores when the article was merged into another.
const MERGED_DELETE: f32 = 0.6;

/// How an opinion (or a topic) fared.
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AdoptionClass {
    /// The change matches what was asked.
    Adopted,
    /// The change goes partly the way asked: for staff to confirm.
    Possibly,
    /// The article changed, but not the way asked.
    NotAdopted,
    /// The article it is filed under kept its text.
    Unchanged,
}

impl AdoptionClass {
    /// Every class, best first.
    pub const ALL: [AdoptionClass; 4] = [
        AdoptionClass::Adopted,
        AdoptionClass::Possibly,
        AdoptionClass::NotAdopted,
        AdoptionClass::Unchanged,
    ];

    /// `adopted`, `possibly`, `not_adopted`, `unchanged`.
    pub fn name(self) -> &'static str {
        match self {
            AdoptionClass::Adopted => "adopted",
            AdoptionClass::Possibly => "possibly",
            AdoptionClass::NotAdopted => "not_adopted",
            AdoptionClass::Unchanged => "unchanged",
        }
    }

    /// 采纳, 可能采纳, 未采纳, 条文未改.
    pub fn label_zh(self) -> &'static str {
        match self {
            AdoptionClass::Adopted => "采纳",
            AdoptionClass::Possibly => "可能采纳",
            AdoptionClass::NotAdopted => "未采纳",
            AdoptionClass::Unchanged => "条文未改",
        }
    }

    fn index(self) -> usize {
        self as usize
    }
}

impl fmt::Display for AdoptionClass {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// What an opinion asks for, as read from its text.
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RequestKind {
    /// Wording proposed in place of the old (修改为“…”).
    Propose,
    /// Wording to add (增加“…”), possibly as a new article.
    Add,
    /// Wording to go (删除“…”).
    Remove,
    /// Wording replaced (the A of 将“A”修改为“B”).
    Replace,
    /// The whole article to go (建议删除本条).
    DeleteArticle,
    /// Articles to merge (建议将第十条和第十一条合并).
    Merge,
    /// The article to split (建议拆分为两条).
    Split,
}

/// One request read from an opinion's text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Request {
    kind: RequestKind,
    text: String,
}

impl Request {
    /// What is asked.
    pub fn kind(&self) -> RequestKind {
        self.kind
    }

    /// The wording concerned (empty for [`RequestKind::DeleteArticle`]).
    pub fn text(&self) -> &str {
        &self.text
    }
}

/// The requests in an opinion's text.
///
/// ```
/// use minyi_core::{RequestKind, read_requests};
///
/// let found = read_requests("建议将第五条中的“三十日”修改为“十五日”，并删除“原则上”。");
/// let kinds: Vec<(RequestKind, &str)> = found.iter().map(|r| (r.kind(), r.text())).collect();
/// assert_eq!(
///     kinds,
///     [(RequestKind::Replace, "三十日"), (RequestKind::Propose, "十五日"), (RequestKind::Remove, "原则上")]
/// );
/// assert_eq!(read_requests("建议删除本条。")[0].kind(), RequestKind::DeleteArticle);
/// ```
pub fn read_requests(text: &str) -> Vec<Request> {
    let chars: Vec<char> = canon(text).chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    // Where the current clause starts: a verb before it does not govern a quote after it.
    let mut clause = 0;
    let mut last_end = 0;
    while i < chars.len() {
        let c = chars[i];
        if matches!(c, '。' | '；' | '！' | '？' | '\n') {
            clause = i + 1;
        }
        let close = match c {
            '“' => '”',
            '「' => '」',
            '"' => '"',
            '‘' => '’',
            _ => {
                i += 1;
                continue;
            }
        };
        let Some(len) = chars[i + 1..].iter().position(|&d| d == close) else { break };
        let quoted: String = chars[i + 1..i + 1 + len].iter().collect();
        let end = i + 1 + len + 1;
        let before: String = chars[clause.max(last_end)..i].iter().collect();
        let after: String = chars[end..(end + 12).min(chars.len())].iter().collect();
        let after = after_quote(&after);
        let kind = if ends_with_any(&before, PROPOSE) {
            Some(RequestKind::Propose)
        } else if starts_with_any(after, PROPOSE) {
            Some(RequestKind::Replace)
        } else if starts_with_any(after, REMOVE) || tail_has_any(&before, REMOVE) {
            Some(RequestKind::Remove)
        } else if tail_has_any(&before, ADD) {
            Some(RequestKind::Add)
        } else {
            None
        };
        if let Some(kind) = kind
            && quoted.chars().count() >= 2
        {
            out.push(Request { kind, text: quoted });
        }
        last_end = end;
        i = end;
    }
    let text: String = chars.iter().collect();
    if out.is_empty() && deletes_article(&text) {
        out.push(Request { kind: RequestKind::DeleteArticle, text: String::new() });
    }
    if out.is_empty() && text.contains("合并") {
        out.push(Request { kind: RequestKind::Merge, text: String::new() });
    }
    if out.is_empty() && (text.contains("拆分") || text.contains("分为两条")) {
        out.push(Request { kind: RequestKind::Split, text: String::new() });
    }
    out
}

const PROPOSE: &[&str] = &[
    "修改为",
    "修改成",
    "改为",
    "改成",
    "调整为",
    "表述为",
    "替换为",
    "更改为",
    "修订为",
    "明确为",
    "规定为",
    "更正为",
    "变更为",
    "写为",
    "写成",
    "提高到",
    "提高至",
    "降低到",
    "降低至",
    "延长至",
    "延长到",
    "缩短为",
    "缩短至",
];
const REMOVE: &[&str] = &["删除", "删去", "删掉", "去掉", "去除", "取消"];
const ADD: &[&str] =
    &["增加", "增设", "新增", "加入", "补充", "增写", "加上", "添加", "写入", "增补"];

/// What follows a quote, without the words between it and its verb: “原则上”一词应当删除 →
/// 删除.
fn after_quote(after: &str) -> &str {
    let mut rest = after;
    for noun in ["一词", "二字", "三字", "四字", "等字", "字样", "的表述", "的规定", "这一表述"]
    {
        if let Some(r) = rest.strip_prefix(noun) {
            rest = r;
            break;
        }
    }
    rest = rest.trim_start_matches('，');
    for modal in ["建议", "应当", "应该", "应予", "应", "予以", "可以", "最好"] {
        if let Some(r) = rest.strip_prefix(modal) {
            rest = r;
            break;
        }
    }
    rest
}

fn ends_with_any(s: &str, words: &[&str]) -> bool {
    let s = s.trim_end_matches(['：', ':', '，']);
    words.iter().any(|w| s.ends_with(w))
}

fn starts_with_any(s: &str, words: &[&str]) -> bool {
    words.iter().any(|w| s.starts_with(w))
}

/// Whether one of `words` is in the last 24 characters of `s` (the verb governing a quote).
fn tail_has_any(s: &str, words: &[&str]) -> bool {
    let chars: Vec<char> = s.chars().collect();
    let tail: String = chars[chars.len().saturating_sub(24)..].iter().collect();
    words.iter().any(|w| tail.contains(w))
}

/// 建议删除本条 / 该条 / 第N条, 本条应当删除: the whole article, not words inside it.
fn deletes_article(text: &str) -> bool {
    let verbs = ["删除", "删去", "取消", "去掉"];
    let units = ["本条", "该条", "此条", "这一条", "这条", "整条"];
    for verb in verbs {
        for unit in units {
            if text.contains(&format!("{verb}{unit}")) || text.contains(&format!("{unit}{verb}")) {
                return true;
            }
            for mid in ["应当", "应", "建议", "可以"] {
                if text.contains(&format!("{unit}{mid}{verb}")) {
                    return true;
                }
            }
        }
        // 删除第十条 (and not 删除第十条第二款 / 第十条中的…).
        let mut rest = text;
        while let Some(k) = rest.find(verb) {
            rest = &rest[k + verb.len()..];
            if let Some(after) = rest.strip_prefix('第')
                && let Some(t) = after.find('条')
            {
                let number = &after[..t];
                let next = &after[t + '条'.len_utf8()..];
                if number.chars().count() <= 6
                    && number.chars().all(|c| "零〇一二三四五六七八九十百千0123456789".contains(c))
                    && !next.starts_with('第')
                    && !next.starts_with('中')
                    && !next.starts_with('的')
                {
                    return true;
                }
            }
        }
    }
    false
}

/// Whitespace removed, ASCII punctuation as full-width (as the aligner's diff has it).
fn canon(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{200b}')
        .map(|c| match c {
            ',' => '，',
            ';' => '；',
            ':' => '：',
            '?' => '？',
            '!' => '！',
            '(' => '（',
            ')' => '）',
            c => c,
        })
        .collect()
}

fn bigrams(text: &str) -> FxHashSet<(char, char)> {
    let chars: Vec<char> = text.chars().filter(|c| !is_punct(*c)).collect();
    chars.windows(2).map(|w| (w[0], w[1])).collect()
}

fn is_punct(c: char) -> bool {
    "，。；：、！？“”‘’「」（）《》【】\"'()".contains(c)
}

// ---------------------------------------------------------------------------------------------
// Input: what analysis.json holds.

#[derive(Deserialize)]
struct JsonAnalysis {
    draft: JsonDraft,
    #[serde(default)]
    opinions: Vec<JsonOpinion>,
    #[serde(default)]
    clusters: Vec<JsonCluster>,
}

#[derive(Deserialize)]
struct JsonDraft {
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    articles: Vec<JsonArticle>,
}

#[derive(Deserialize)]
struct JsonArticle {
    label: String,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    text: Option<String>,
}

#[derive(Deserialize)]
struct JsonFiled {
    article: u32,
    #[serde(default)]
    article_sub: Option<u32>,
}

#[derive(Deserialize)]
struct JsonSegment {
    #[serde(default)]
    cluster: Option<String>,
}

#[derive(Deserialize, Default)]
struct JsonMeta {
    #[serde(default)]
    contact_point: Option<String>,
    #[serde(default)]
    collector: Option<String>,
}

#[derive(Deserialize)]
struct JsonOpinion {
    id: String,
    #[serde(default)]
    status: Option<String>,
    #[serde(default)]
    cluster: Option<String>,
    #[serde(default)]
    clusters: Vec<String>,
    #[serde(default)]
    articles: Vec<JsonFiled>,
    #[serde(default)]
    segments: Vec<JsonSegment>,
    #[serde(default)]
    text: Option<String>,
    #[serde(default)]
    meta: Option<JsonMeta>,
}

#[derive(Deserialize)]
struct JsonCluster {
    id: String,
    #[serde(default)]
    article: Option<u32>,
    #[serde(default)]
    article_sub: Option<u32>,
    #[serde(default)]
    label: String,
    #[serde(default)]
    count: usize,
}

/// An opinion as [`Adopter`] needs it.
#[derive(Clone, Debug, PartialEq)]
struct InputOpinion {
    id: String,
    articles: Vec<(u32, Option<u32>)>,
    topics: Vec<String>,
    text: String,
    contact_point: Option<String>,
    collector: Option<String>,
}

/// A topic as [`Adopter`] needs it.
#[derive(Clone, Debug, PartialEq)]
struct InputTopic {
    id: String,
    article: Option<(u32, Option<u32>)>,
    label: String,
    count: usize,
}

/// What the adoption check needs from an analysis: the draft, the opinions and the topics.
///
/// ```
/// use minyi_core::AdoptionInput;
///
/// let json = r#"{"draft": {"articles": [{"label": "第一条", "text": "物业服务企业应当公布收支情况。"}]},
///   "opinions": [{"id": "7", "cluster": "t1-1", "articles": [{"article": 1}],
///                 "text": "建议将“公布”修改为“每季度公布”。", "meta": {"contact_point": "春晓"}}],
///   "clusters": [{"id": "t1-1", "article": 1, "label": "公布", "count": 1}]}"#;
/// let input = AdoptionInput::from_json(json)?;
/// assert_eq!(input.draft().articles().len(), 1);
/// assert_eq!(input.opinions(), 1);
/// # Ok::<(), minyi_core::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct AdoptionInput {
    draft: Draft,
    opinions: Vec<InputOpinion>,
    topics: Vec<InputTopic>,
}

impl AdoptionInput {
    /// Reads `analysis.json` (schema 1). Rows that were not analysed (`status` other than `ok`)
    /// are left out.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Io`] when the JSON cannot be read; [`ErrorKind::Draft`] when it holds no
    /// draft article with its text (an analysis run without a draft, or by a minyi older than
    /// the field `text`).
    pub fn from_json(json: &str) -> Result<AdoptionInput> {
        let parsed: JsonAnalysis = serde_json::from_str(json)
            .map_err(|e| Error::with_source(ErrorKind::Io, "cannot read analysis.json", e))?;
        let mut text = String::new();
        if let Some(title) = &parsed.draft.title {
            text.push_str(title);
            text.push('\n');
        }
        for article in &parsed.draft.articles {
            let Some(body) = &article.text else {
                return Err(Error::new(
                    ErrorKind::Draft,
                    "analysis.json has the draft's articles without their text: run minyi \
                     analyze again",
                ));
            };
            // The title in brackets, as the parser takes it, so that titled articles compare
            // with the final text's on the same terms.
            text.push_str(&article.label);
            match &article.title {
                Some(title) => {
                    text.push('【');
                    text.push_str(title);
                    text.push('】');
                }
                None => text.push('　'),
            }
            text.push_str(body);
            text.push('\n');
        }
        if parsed.draft.articles.is_empty() {
            return Err(Error::new(
                ErrorKind::Draft,
                "analysis.json holds no draft: run minyi analyze with --draft",
            ));
        }
        let draft = Draft::parse(&text)?;
        let opinions = parsed
            .opinions
            .into_iter()
            .filter(|o| o.status.as_deref().is_none_or(|s| s == "ok"))
            .map(|o| {
                let mut topics: Vec<String> = o.cluster.into_iter().collect();
                let more =
                    o.clusters.into_iter().chain(o.segments.into_iter().flat_map(|s| s.cluster));
                for c in more {
                    if !topics.contains(&c) {
                        topics.push(c);
                    }
                }
                let meta = o.meta.unwrap_or_default();
                InputOpinion {
                    id: o.id,
                    articles: o.articles.iter().map(|a| (a.article, a.article_sub)).collect(),
                    topics,
                    text: o.text.unwrap_or_default(),
                    contact_point: meta.contact_point,
                    collector: meta.collector,
                }
            })
            .collect();
        let topics = parsed
            .clusters
            .into_iter()
            .map(|c| InputTopic {
                id: c.id,
                article: c.article.filter(|&n| n > 0).map(|n| (n, c.article_sub)),
                label: c.label,
                count: c.count,
            })
            .collect();
        Ok(AdoptionInput { draft, opinions, topics })
    }

    /// The draft the analysis was run on, rebuilt from its articles (numbers, titles, texts;
    /// not its chapters).
    pub fn draft(&self) -> &Draft {
        &self.draft
    }

    /// How many analysed opinions it holds.
    pub fn opinions(&self) -> usize {
        self.opinions.len()
    }
}

// ---------------------------------------------------------------------------------------------
// Output.

/// How one opinion fared.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct OpinionAdoption {
    id: String,
    articles: Vec<String>,
    class: AdoptionClass,
    score: f32,
    requests: Vec<Request>,
    evidence: String,
    #[serde(skip)]
    pair: Option<usize>,
    contact_point: Option<String>,
    collector: Option<String>,
}

impl OpinionAdoption {
    /// The opinion's id.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The draft articles it is filed under (第五条…), empty for 总体意见.
    pub fn articles(&self) -> &[String] {
        &self.articles
    }

    /// Its class.
    pub fn class(&self) -> AdoptionClass {
        self.class
    }

    /// How well the change matches its best request, 0 to 1.
    pub fn score(&self) -> f32 {
        self.score
    }

    /// The requests read from its text.
    pub fn requests(&self) -> &[Request] {
        &self.requests
    }

    /// Why: the words found or gone (empty when nothing matched).
    pub fn evidence(&self) -> &str {
        &self.evidence
    }

    /// Its contact point, when known.
    pub fn contact_point(&self) -> Option<&str> {
        self.contact_point.as_deref()
    }

    /// Its collector, when known.
    pub fn collector(&self) -> Option<&str> {
        self.collector.as_deref()
    }
}

/// A topic (a group of similar suggestions) on a changed article, scored by its best member.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TopicAdoption {
    topic: String,
    label: String,
    count: usize,
    class: AdoptionClass,
    score: f32,
    evidence: String,
    best: String,
    ids: Vec<String>,
}

impl TopicAdoption {
    /// The topic's id in analysis.json.
    pub fn topic(&self) -> &str {
        &self.topic
    }

    /// Its label (keywords).
    pub fn label(&self) -> &str {
        &self.label
    }

    /// How many opinions it holds (every copy).
    pub fn count(&self) -> usize {
        self.count
    }

    /// The class of its best member.
    pub fn class(&self) -> AdoptionClass {
        self.class
    }

    /// Its best member's score.
    pub fn score(&self) -> f32 {
        self.score
    }

    /// Its best member's evidence.
    pub fn evidence(&self) -> &str {
        &self.evidence
    }

    /// The id of its best member.
    pub fn best(&self) -> &str {
        &self.best
    }

    /// Its members' ids, best first.
    pub fn ids(&self) -> &[String] {
        &self.ids
    }
}

/// A changed article: the alignment entry, its diff, and the topics filed under it, ranked.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ArticleAdoption {
    status: AlignStatus,
    old: Vec<String>,
    new: Vec<String>,
    diff: Vec<Edit>,
    topics: Vec<TopicAdoption>,
}

impl ArticleAdoption {
    /// What happened to it.
    pub fn status(&self) -> AlignStatus {
        self.status
    }

    /// The draft's article(s): 第五条; none when inserted.
    pub fn draft_articles(&self) -> &[String] {
        &self.old
    }

    /// The final text's article(s); none when deleted.
    pub fn final_articles(&self) -> &[String] {
        &self.new
    }

    /// The word-level diff, as [`AlignedPair::diff`].
    pub fn diff(&self) -> &[Edit] {
        &self.diff
    }

    /// The topics filed under it (for an inserted article: those whose wording it took), best
    /// first.
    pub fn topics(&self) -> &[TopicAdoption] {
        &self.topics
    }
}

/// Counts by class: of topics (suggestion groups) and of opinions (every copy).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Tally {
    /// Topics by class, in the order of [`AdoptionClass::ALL`].
    pub topics: [usize; 4],
    /// Opinions by class, in the order of [`AdoptionClass::ALL`].
    pub opinions: [usize; 4],
}

impl Tally {
    /// Opinions of `class`.
    pub fn opinions_of(&self, class: AdoptionClass) -> usize {
        self.opinions[class.index()]
    }

    /// Topics of `class`.
    pub fn topics_of(&self, class: AdoptionClass) -> usize {
        self.topics[class.index()]
    }

    /// Opinions in all.
    pub fn total(&self) -> usize {
        self.opinions.iter().sum()
    }

    /// The share of opinions adopted, 0 to 1 (0 when there are none).
    pub fn rate(&self) -> f64 {
        let total = self.total();
        if total == 0 {
            0.0
        } else {
            self.opinions_of(AdoptionClass::Adopted) as f64 / total as f64
        }
    }
}

/// The adoption check of one analysis against a final text.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Adoption {
    articles: Vec<ArticleAdoption>,
    opinions: Vec<OpinionAdoption>,
    total: Tally,
    by_article: Vec<(String, Tally)>,
    by_contact_point: Vec<(String, Tally)>,
    by_collector: Vec<(String, Tally)>,
}

impl Adoption {
    /// The changed articles, in document order, with the topics filed under them.
    pub fn articles(&self) -> &[ArticleAdoption] {
        &self.articles
    }

    /// Every analysed opinion, in input order.
    pub fn opinions(&self) -> &[OpinionAdoption] {
        &self.opinions
    }

    /// All opinions and topics.
    pub fn total(&self) -> &Tally {
        &self.total
    }

    /// Per draft article (in the draft's order; 总体意见 last).
    pub fn by_article(&self) -> &[(String, Tally)] {
        &self.by_article
    }

    /// Per contact point (sorted by name; 未注明 for none).
    pub fn by_contact_point(&self) -> &[(String, Tally)] {
        &self.by_contact_point
    }

    /// Per collector (sorted by name; 未注明 for none).
    pub fn by_collector(&self) -> &[(String, Tally)] {
        &self.by_collector
    }
}

// ---------------------------------------------------------------------------------------------
// The check.

/// Checks an analysis against the final (or next) text.
///
/// ```
/// use minyi_core::{AdoptionClass, AdoptionInput, Adopter, Draft};
///
/// let json = r#"{"draft": {"articles": [
///     {"label": "第一条", "text": "为了规范物业管理，制定本规定。"},
///     {"label": "第二条", "text": "物业服务企业应当公布收支情况。"},
///     {"label": "第三条", "text": "业主应当按时交纳物业费，逾期三十日未交纳的，物业服务企业可以停止服务。"}]},
///   "opinions": [
///     {"id": "1", "cluster": "t2-1", "articles": [{"article": 2}],
///      "text": "建议将“公布”修改为“每季度公布”。"},
///     {"id": "2", "cluster": "t3-1", "articles": [{"article": 3}],
///      "text": "建议删除“物业服务企业可以停止服务”，停水停电不合法。"},
///     {"id": "3", "cluster": "t1-1", "articles": [{"article": 1}], "text": "很好。"}],
///   "clusters": [{"id": "t2-1", "article": 2, "label": "公布", "count": 1},
///                {"id": "t3-1", "article": 3, "label": "停止服务", "count": 1},
///                {"id": "t1-1", "article": 1, "label": "很好", "count": 1}]}"#;
/// let input = AdoptionInput::from_json(json)?;
/// let last = Draft::parse("\
/// 第一条 为了规范物业管理，制定本规定。
/// 第二条 物业服务企业应当每季度公布收支情况。
/// 第三条 业主应当按时交纳物业费。")?;
/// let adoption = Adopter::new().adopt(&input, &last);
/// let classes: Vec<AdoptionClass> = adoption.opinions().iter().map(|o| o.class()).collect();
/// assert_eq!(classes, [AdoptionClass::Adopted, AdoptionClass::Adopted, AdoptionClass::Unchanged]);
/// assert_eq!(adoption.articles().len(), 2);
/// assert_eq!(adoption.articles()[0].topics()[0].topic(), "t2-1");
/// assert_eq!(adoption.total().opinions_of(AdoptionClass::Adopted), 2);
/// # Ok::<(), minyi_core::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct Adopter {
    aligner: Aligner,
    adopted: f32,
    possibly: f32,
}

impl Default for Adopter {
    fn default() -> Adopter {
        Adopter::new()
    }
}

/// Builds an [`Adopter`]: thresholds and the aligner.
#[derive(Clone, Debug)]
pub struct AdopterBuilder {
    aligner: Option<Aligner>,
    adopted: f32,
    possibly: f32,
}

impl Default for AdopterBuilder {
    fn default() -> AdopterBuilder {
        AdopterBuilder::new()
    }
}

impl AdopterBuilder {
    /// The defaults: adopted from 0.8, possibly from 0.4, [`Aligner::new`].
    pub fn new() -> AdopterBuilder {
        AdopterBuilder { aligner: None, adopted: ADOPTED, possibly: POSSIBLY }
    }

    /// The score from which an opinion is adopted.
    pub fn adopted(&mut self, score: f32) -> &mut AdopterBuilder {
        self.adopted = score;
        self
    }

    /// The score from which an opinion is possibly adopted.
    pub fn possibly(&mut self, score: f32) -> &mut AdopterBuilder {
        self.possibly = score;
        self
    }

    /// The aligner of the two versions.
    pub fn aligner(&mut self, aligner: Aligner) -> &mut AdopterBuilder {
        self.aligner = Some(aligner);
        self
    }

    /// The adopter.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Config`] unless `0 < possibly <= adopted <= 1`.
    pub fn build(&self) -> Result<Adopter> {
        if !(self.possibly > 0.0 && self.possibly <= self.adopted && self.adopted <= 1.0) {
            return Err(Error::new(
                ErrorKind::Config,
                format!(
                    "the thresholds must satisfy 0 < possibly <= adopted <= 1, not {} and {}",
                    self.possibly, self.adopted
                ),
            ));
        }
        Ok(Adopter {
            aligner: self.aligner.clone().unwrap_or_default(),
            adopted: self.adopted,
            possibly: self.possibly,
        })
    }
}

/// One aligned entry as the scoring sees it.
struct Target<'p> {
    pair: &'p AlignedPair,
    old: String,
    new: String,
    old_bigrams: FxHashSet<(char, char)>,
    new_bigrams: FxHashSet<(char, char)>,
    inserted: Vec<&'p str>,
    deleted: Vec<&'p str>,
}

impl Adopter {
    /// The defaults (see [`AdopterBuilder::new`]).
    pub fn new() -> Adopter {
        Adopter { aligner: Aligner::new(), adopted: ADOPTED, possibly: POSSIBLY }
    }

    /// A builder.
    pub fn builder() -> AdopterBuilder {
        AdopterBuilder::new()
    }

    /// Aligns the input's draft with `last` and classifies every opinion.
    pub fn adopt(&self, input: &AdoptionInput, last: &Draft) -> Adoption {
        let old = &input.draft;
        let alignment = self.aligner.align(old, last);
        self.adopt_aligned(input, last, &alignment)
    }

    /// As [`Adopter::adopt`], with the alignment of the input's draft and `last` done already.
    pub fn adopt_aligned(
        &self,
        input: &AdoptionInput,
        last: &Draft,
        alignment: &Alignment,
    ) -> Adoption {
        let old = &input.draft;
        let joined = |draft: &Draft, refs: &[crate::draft::ArticleRef]| -> String {
            refs.iter()
                .map(|r| canon(draft.articles()[r.index()].text()))
                .collect::<Vec<_>>()
                .join("\n")
        };
        let targets: Vec<Target<'_>> = alignment
            .pairs()
            .iter()
            .map(|pair| {
                let (o, n) = (joined(old, pair.old_articles()), joined(last, pair.new_articles()));
                Target {
                    pair,
                    old_bigrams: bigrams(&o),
                    new_bigrams: bigrams(&n),
                    old: o,
                    new: n,
                    inserted: pair
                        .diff()
                        .iter()
                        .filter(|e| e.op() == EditOp::Insert)
                        .map(Edit::text)
                        .collect(),
                    deleted: pair
                        .diff()
                        .iter()
                        .filter(|e| e.op() == EditOp::Delete)
                        .map(Edit::text)
                        .collect(),
                }
            })
            .collect();
        // Old article (number, sub) -> its entry.
        let mut of_old: FxHashMap<(u32, Option<u32>), usize> = FxHashMap::default();
        for (k, pair) in alignment.pairs().iter().enumerate() {
            for r in pair.old_articles() {
                of_old.insert((r.number(), r.sub()), k);
            }
        }
        let inserted: Vec<usize> = (0..targets.len())
            .filter(|&k| targets[k].pair.status() == AlignStatus::Inserted)
            .collect();

        let opinions: Vec<OpinionAdoption> = input
            .opinions
            .iter()
            .map(|o| self.opinion(o, old, &targets, &of_old, &inserted))
            .collect();

        // Topics on each entry.
        let mut members: BTreeMap<&str, Vec<&OpinionAdoption>> = BTreeMap::new();
        for (o, a) in input.opinions.iter().zip(&opinions) {
            for t in &o.topics {
                members.entry(t.as_str()).or_default().push(a);
            }
        }
        let mut per_pair: Vec<Vec<TopicAdoption>> = vec![Vec::new(); targets.len()];
        let mut topic_class: FxHashMap<&str, AdoptionClass> = FxHashMap::default();
        for topic in &input.topics {
            let list = members.get(topic.id.as_str()).map_or(&[][..], Vec::as_slice);
            let Some(best) = list.iter().copied().min_by(|a, b| rank(a, b)) else { continue };
            topic_class.insert(topic.id.as_str(), best.class);
            let mut ids: Vec<&OpinionAdoption> = list.to_vec();
            ids.sort_by(|a, b| rank(a, b));
            let entry = TopicAdoption {
                topic: topic.id.clone(),
                label: topic.label.clone(),
                count: topic.count.max(list.len()),
                class: best.class,
                score: best.score,
                evidence: best.evidence.clone(),
                best: best.id.clone(),
                ids: ids.iter().map(|o| o.id.clone()).collect(),
            };
            // Under the article it is filed under, and under the inserted article it matched.
            let home = topic.article.and_then(|a| of_old.get(&a).copied());
            if let Some(k) = home {
                per_pair[k].push(entry.clone());
            }
            if let Some(k) = best.pair
                && Some(k) != home
            {
                per_pair[k].push(entry);
            }
        }
        let articles: Vec<ArticleAdoption> = targets
            .iter()
            .zip(per_pair)
            .filter(|(t, _)| changed(t.pair.status()))
            .map(|(t, mut topics)| {
                topics.sort_by(|a, b| {
                    b.score
                        .total_cmp(&a.score)
                        .then(b.count.cmp(&a.count))
                        .then_with(|| a.topic.cmp(&b.topic))
                });
                ArticleAdoption {
                    status: t.pair.status(),
                    old: t.pair.old_articles().iter().map(|r| r.label()).collect(),
                    new: t.pair.new_articles().iter().map(|r| r.label()).collect(),
                    diff: t.pair.diff().to_vec(),
                    topics,
                }
            })
            .collect();

        // Tallies.
        let mut article_order: Vec<String> = old.articles().iter().map(|a| a.label()).collect();
        article_order.push("总体意见".to_owned());
        let position: FxHashMap<&str, usize> =
            article_order.iter().enumerate().map(|(k, l)| (l.as_str(), k)).collect();
        let mut total = Counter::default();
        let mut by_article: BTreeMap<usize, Counter<'_>> = BTreeMap::new();
        let mut by_point: BTreeMap<String, Counter<'_>> = BTreeMap::new();
        let mut by_collector: BTreeMap<String, Counter<'_>> = BTreeMap::new();
        let unknown = || "未注明".to_owned();
        for (o, a) in input.opinions.iter().zip(&opinions) {
            let (class, topics) = (a.class, o.topics.as_slice());
            total.add(class, topics, &topic_class);
            let mut keys: Vec<usize> =
                a.articles.iter().filter_map(|l| position.get(l.as_str()).copied()).collect();
            if a.articles.is_empty() {
                keys.push(article_order.len() - 1);
            }
            for k in keys {
                by_article.entry(k).or_default().add(class, topics, &topic_class);
            }
            let point = o.contact_point.clone().unwrap_or_else(unknown);
            by_point.entry(point).or_default().add(class, topics, &topic_class);
            let collector = o.collector.clone().unwrap_or_else(unknown);
            by_collector.entry(collector).or_default().add(class, topics, &topic_class);
        }
        Adoption {
            articles,
            opinions,
            total: total.tally,
            by_article: by_article
                .into_iter()
                .map(|(k, c)| (article_order[k].clone(), c.tally))
                .collect(),
            by_contact_point: by_point.into_iter().map(|(k, c)| (k, c.tally)).collect(),
            by_collector: by_collector.into_iter().map(|(k, c)| (k, c.tally)).collect(),
        }
    }

    fn opinion(
        &self,
        o: &InputOpinion,
        old: &Draft,
        targets: &[Target<'_>],
        of_old: &FxHashMap<(u32, Option<u32>), usize>,
        inserted: &[usize],
    ) -> OpinionAdoption {
        let requests = read_requests(&o.text);
        let homes: Vec<usize> = o.articles.iter().filter_map(|a| of_old.get(a).copied()).collect();
        let mut best: (f32, String, Option<usize>) = (0.0, String::new(), None);
        let mut consider = |score: f32, evidence: String, k: usize| {
            if score > best.0 {
                best = (score, evidence, Some(k));
            }
        };
        for request in &requests {
            let text = canon(&request.text);
            for &k in &homes {
                let t = &targets[k];
                let (score, evidence) = match request.kind {
                    RequestKind::Propose | RequestKind::Add => present(&text, t),
                    RequestKind::Remove => gone(&text, t),
                    RequestKind::Replace => {
                        let (s, e) = gone(&text, t);
                        (s * 0.5, e)
                    }
                    RequestKind::DeleteArticle => match t.pair.status() {
                        AlignStatus::Deleted => (1.0, "终稿已删除本条".to_owned()),
                        AlignStatus::Merged => {
                            let into = t.pair.new_articles().iter().map(|r| r.label());
                            let into: Vec<String> = into.collect();
                            (MERGED_DELETE, format!("本条并入{}", into.join("、")))
                        }
                        _ => (0.0, String::new()),
                    },
                    RequestKind::Merge if t.pair.status() == AlignStatus::Merged => {
                        let into = t.pair.new_articles()[0].label();
                        (1.0, format!("终稿已合并为{into}"))
                    }
                    RequestKind::Split if t.pair.status() == AlignStatus::Split => {
                        let into: Vec<String> =
                            t.pair.new_articles().iter().map(|r| r.label()).collect();
                        (1.0, format!("终稿已拆分为{}", into.join("、")))
                    }
                    RequestKind::Merge | RequestKind::Split => (0.0, String::new()),
                };
                consider(score, evidence, k);
            }
            if matches!(request.kind, RequestKind::Add | RequestKind::Propose) {
                // Another article's new text counts only when it clearly took this wording.
                for &k in inserted {
                    let (score, evidence) = present(&text, &targets[k]);
                    if score >= self.possibly {
                        let label = targets[k].pair.new_articles()[0].label();
                        consider(score, format!("新增{label}：{evidence}"), k);
                    }
                }
            }
        }
        if requests.is_empty() {
            for &k in &homes {
                let (score, evidence) = remark(&o.text, &targets[k]);
                consider(score.min(REMARK_CAP), evidence, k);
            }
        }
        let (score, evidence, pair) = best;
        let class = if score >= self.adopted {
            AdoptionClass::Adopted
        } else if score >= self.possibly {
            AdoptionClass::Possibly
        } else if homes.iter().all(|&k| !changed(targets[k].pair.status()))
            && (!homes.is_empty() || targets.iter().all(|t| !changed(t.pair.status())))
        {
            // Filed under unchanged articles, or under none (总体意见) when nothing changed.
            AdoptionClass::Unchanged
        } else {
            AdoptionClass::NotAdopted
        };
        let articles = o
            .articles
            .iter()
            .map(|&(n, sub)| old.article(n, sub).map_or_else(|| format!("第{n}条"), |a| a.label()))
            .collect();
        OpinionAdoption {
            id: o.id.clone(),
            articles,
            class,
            score: (score * 1000.0).round() / 1000.0,
            requests,
            evidence: if score > 0.0 { evidence } else { String::new() },
            pair,
            contact_point: o.contact_point.clone(),
            collector: o.collector.clone(),
        }
    }
}

/// A tally being counted: each topic once.
#[derive(Default)]
struct Counter<'a> {
    tally: Tally,
    seen: FxHashSet<&'a str>,
}

impl<'a> Counter<'a> {
    fn add(
        &mut self,
        class: AdoptionClass,
        topics: &'a [String],
        classes: &FxHashMap<&str, AdoptionClass>,
    ) {
        self.tally.opinions[class.index()] += 1;
        for t in topics {
            if self.seen.insert(t.as_str())
                && let Some(class) = classes.get(t.as_str())
            {
                self.tally.topics[class.index()] += 1;
            }
        }
    }
}

/// Best first: higher score, then class, then id.
fn rank(a: &OpinionAdoption, b: &OpinionAdoption) -> std::cmp::Ordering {
    b.score.total_cmp(&a.score).then(a.class.cmp(&b.class)).then_with(|| a.id.cmp(&b.id))
}

fn changed(status: AlignStatus) -> bool {
    !matches!(status, AlignStatus::Unchanged | AlignStatus::Renumbered | AlignStatus::Moved)
}

/// Wording proposed or to add: is it in the new text and was it not in the old?
fn present(text: &str, t: &Target<'_>) -> (f32, String) {
    if text.is_empty() || !changed(t.pair.status()) {
        return (0.0, String::new());
    }
    if t.new.contains(text) && !t.old.contains(text) {
        return (1.0, format!("终稿有“{text}”"));
    }
    let wanted = bigrams(text);
    let novel: Vec<&(char, char)> = wanted.iter().filter(|b| !t.old_bigrams.contains(b)).collect();
    if novel.is_empty() {
        return (0.0, String::new());
    }
    let found = novel.iter().filter(|b| t.new_bigrams.contains(b)).count();
    let score = found as f32 / novel.len() as f32;
    (score, words_shared(&t.inserted, &wanted, "终稿新增"))
}

/// Wording to go: was it in the old text and is it gone from the new?
fn gone(text: &str, t: &Target<'_>) -> (f32, String) {
    if text.is_empty() || !changed(t.pair.status()) {
        return (0.0, String::new());
    }
    if t.pair.status() == AlignStatus::Deleted {
        return (1.0, "终稿已删除本条".to_owned());
    }
    if t.old.contains(text) && !t.new.contains(text) {
        return (1.0, format!("终稿已无“{text}”"));
    }
    let wanted = bigrams(text);
    let was: Vec<&(char, char)> = wanted.iter().filter(|b| t.old_bigrams.contains(b)).collect();
    if was.len() * 2 < wanted.len() || was.is_empty() {
        return (0.0, String::new());
    }
    let went = was.iter().filter(|b| !t.new_bigrams.contains(b)).count();
    (went as f32 / was.len() as f32 * 0.8, format!("终稿删去部分“{text}”"))
}

/// A remark: how much of the article's new wording, and of the wording it lost, the opinion's
/// text shares.
fn remark(text: &str, t: &Target<'_>) -> (f32, String) {
    let mine = bigrams(&canon(text));
    let added: FxHashSet<(char, char)> =
        t.inserted.iter().flat_map(|s| bigrams(s)).filter(|b| !t.old_bigrams.contains(b)).collect();
    let removed: FxHashSet<(char, char)> =
        t.deleted.iter().flat_map(|s| bigrams(s)).filter(|b| !t.new_bigrams.contains(b)).collect();
    let total = added.len() + removed.len();
    if total == 0 {
        return (0.0, String::new());
    }
    let shared = added.iter().chain(&removed).filter(|b| mine.contains(b)).count();
    let mut evidence = words_shared(&t.inserted, &mine, "意见与终稿新增相同");
    let gone = words_shared(&t.deleted, &mine, "意见提及终稿删去的");
    if !gone.is_empty() {
        if !evidence.is_empty() {
            evidence.push('；');
        }
        evidence.push_str(&gone);
    }
    (shared as f32 / total as f32, evidence)
}

/// The inserted runs that share a bigram with `wanted`, as `prefix：A、B`.
fn words_shared(inserted: &[&str], wanted: &FxHashSet<(char, char)>, prefix: &str) -> String {
    let mut words: Vec<&str> = Vec::new();
    for run in inserted {
        if bigrams(run).iter().any(|b| wanted.contains(b)) && !words.contains(run) {
            words.push(run);
        }
    }
    if words.is_empty() { String::new() } else { format!("{prefix}：{}", words.join("、")) }
}

/// Where each article of the old version went: its entry's new article(s), for carrying
/// opinions to the next version's numbering.
///
/// ```
/// use minyi_core::{Aligner, Draft, Migration};
///
/// let old = Draft::parse("第一条 甲乙丙丁戊己。\n第二条 庚辛壬癸子丑。")?;
/// let new = Draft::parse("第一条 寅卯辰巳午未。\n第二条 甲乙丙丁戊己。\n第三条 庚辛壬癸子丑。")?;
/// let migration = Migration::new(&Aligner::new().align(&old, &new));
/// assert_eq!(migration.next(2, None), [(3, None)]);
/// # Ok::<(), minyi_core::Error>(())
/// ```
#[derive(Clone, Debug, Default)]
pub struct Migration {
    next: FxHashMap<Number, Vec<Number>>,
}

/// An article's number and its 之N.
type Number = (u32, Option<u32>);

impl Migration {
    /// From an alignment of the old and the next version.
    pub fn new(alignment: &Alignment) -> Migration {
        let mut next = FxHashMap::default();
        for pair in alignment.pairs() {
            let to: Vec<Number> =
                pair.new_articles().iter().map(|r| (r.number(), r.sub())).collect();
            for r in pair.old_articles() {
                next.insert((r.number(), r.sub()), to.clone());
            }
        }
        Migration { next }
    }

    /// The next version's article(s) for an old one: none when deleted (or unknown), several
    /// when split.
    pub fn next(&self, number: u32, sub: Option<u32>) -> &[Number] {
        self.next.get(&(number, sub)).map_or(&[], Vec::as_slice)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_requests() {
        let r = read_requests("建议增加一款：“住宅小区应当设置充电设施。”");
        assert_eq!(r[0].kind(), RequestKind::Add);
        let r = read_requests("第十条的“原则上”一词应当删除");
        assert_eq!(r[0].kind(), RequestKind::Remove);
        let r = read_requests("“七日”改为“三日”更合理");
        assert_eq!((r[0].kind(), r[1].kind()), (RequestKind::Replace, RequestKind::Propose));
        assert!(read_requests("条文中“物业”的表述很好。").is_empty());
        assert_eq!(read_requests("建议删除第十二条。")[0].kind(), RequestKind::DeleteArticle);
        assert!(read_requests("建议删除第十二条第二款。").is_empty());
    }

    #[test]
    fn titled_articles_are_rebuilt_with_their_titles() {
        let json = r#"{"draft": {"articles": [
            {"label": "第一条", "title": "立法目的", "text": "为了规范养犬行为，制定本条例。"},
            {"label": "第二条", "title": "适用范围", "text": "本条例适用于本市。"}]},
          "opinions": [{"id": "1", "articles": [{"article": 2}], "text": "建议删除“本市”。"}]}"#;
        let input = AdoptionInput::from_json(json).unwrap();
        assert_eq!(input.draft().articles()[1].title(), Some("适用范围"));
        let last = Draft::parse(
            "第一条【立法目的】为了规范养犬行为，制定本条例。\n第二条【适用范围】本条例适用于本市行政区域。",
        )
        .unwrap();
        let adoption = Adopter::new().adopt(&input, &last);
        assert_eq!(adoption.articles().len(), 1, "only 第二条 changed");
        assert_eq!(adoption.opinions()[0].class(), AdoptionClass::NotAdopted);
    }
}
