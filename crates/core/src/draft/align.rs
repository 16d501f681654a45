//! Two versions of a text, aligned article by article: which articles stayed, which changed
//! (with a word-level diff), which were renumbered, moved, inserted, deleted, split or merged.
//!
//! Articles are matched on their text, never on their numbers, so that an insertion that
//! renumbers everything after it costs nothing:
//!
//! 1. Each article's text (with its title) is put in a canonical form: the [`Normalizer`]'s
//!    folding, whitespace removed (a stray space inside a word is debris, not an amendment),
//!    ASCII `,;:?!` as their full-width forms. Same canonical text, same article text.
//! 2. Similarity is the weighted Jaccard index of the sets of character bigrams of the two
//!    texts, each bigram weighted by its inverse document frequency over the articles of both
//!    versions, `ln(1 + N/df)`, so that 应当 or 规定 count for little and 民法典 for much. One
//!    inverted index gives every pair's shared weight.
//! 3. An order-preserving alignment (dynamic programming over both article lists, as in
//!    sentence alignment) maximises the summed similarity of matched pairs. A pair needs
//!    [`AlignerBuilder::threshold`]; identical texts get a small bonus. The alignment may also
//!    match one old article with up to eight consecutive new ones (a split) or the reverse (a
//!    merge) when every part is mostly contained in the other side
//!    ([`AlignerBuilder::part_threshold`]) and the union is clearly more similar than the best
//!    single part.
//! 4. Between two matched pairs, as many old as new articles left over are paired in order when
//!    they share a little text (a rewrite in place, such as 未成年人保护法 2024's 第九条).
//! 5. What is still left is paired across the order when similar enough
//!    ([`AlignerBuilder::move_threshold`]): an article moved.
//! 6. Chapters are mapped old to new by where most of their articles went; an article that
//!    lands in another chapter than its chapter's is moved too.
//!
//! Everything is deterministic: ties are broken by position, scores are integers.

mod diff;
#[cfg(test)]
mod tests;

use std::fmt;

use rustc_hash::FxHashMap;
use serde::Serialize;
use serde::ser::SerializeStruct;

use super::{Article, Draft};
use crate::error::{Error, ErrorKind, Result};
use crate::normalize::Normalizer;
use crate::segment::Segmenter;

pub use diff::{Edit, EditOp};

/// The most parts of a split or a merge.
const MAX_PARTS: usize = 8;
/// A split or a merge must beat its best single part by this much similarity.
const SPLIT_GAIN: f32 = 0.15;
/// Old and new articles left between two matched pairs, as many of each, are paired in order
/// from this similarity.
const SLOT_THRESHOLD: f32 = 0.15;
/// Scores are similarities in millionths: integer sums, exact ties.
const SCALE: f32 = 1_000_000.0;
/// Added to the score of a pair with identical text, so that it anchors the alignment.
const EXACT_BONUS: i64 = 100_000;

/// What happened to an article between two versions.
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AlignStatus {
    /// Same text, same number, same place.
    Unchanged,
    /// The text changed (whatever happened to its number or place).
    Modified,
    /// Same text, another number, same place in the order of articles.
    Renumbered,
    /// Same text, moved out of the order of articles or into another chapter.
    Moved,
    /// Only in the new version.
    Inserted,
    /// Only in the old version.
    Deleted,
    /// One old article became several consecutive new ones.
    Split,
    /// Several consecutive old articles became one new one.
    Merged,
}

impl AlignStatus {
    /// Every status, in the order reports list them.
    pub const ALL: [AlignStatus; 8] = [
        AlignStatus::Unchanged,
        AlignStatus::Modified,
        AlignStatus::Renumbered,
        AlignStatus::Moved,
        AlignStatus::Inserted,
        AlignStatus::Deleted,
        AlignStatus::Split,
        AlignStatus::Merged,
    ];

    /// Its name: `unchanged`, `modified`, `renumbered`, `moved`, `inserted`, `deleted`, `split`,
    /// `merged`.
    pub fn name(self) -> &'static str {
        match self {
            AlignStatus::Unchanged => "unchanged",
            AlignStatus::Modified => "modified",
            AlignStatus::Renumbered => "renumbered",
            AlignStatus::Moved => "moved",
            AlignStatus::Inserted => "inserted",
            AlignStatus::Deleted => "deleted",
            AlignStatus::Split => "split",
            AlignStatus::Merged => "merged",
        }
    }
}

impl fmt::Display for AlignStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// An article of one of the two versions: its position in [`Draft::articles`] and its number.
///
/// ```
/// use minyi_core::{Aligner, Draft};
///
/// let old = Draft::parse("第一条 甲乙丙丁。\n第一条之一 戊己庚辛。")?;
/// let new = Draft::parse("第一条 甲乙丙丁。\n第二条 戊己庚辛。")?;
/// let alignment = Aligner::new().align(&old, &new);
/// let second = &alignment.pairs()[1];
/// let (from, to) = (&second.old_articles()[0], &second.new_articles()[0]);
/// assert_eq!((from.index(), from.number(), from.sub()), (1, 1, Some(1)));
/// assert_eq!((from.label(), to.label()), ("第一条之一".to_owned(), "第二条".to_owned()));
/// # Ok::<(), minyi_core::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ArticleRef {
    index: usize,
    number: u32,
    sub: Option<u32>,
}

impl ArticleRef {
    fn new(index: usize, article: &Article) -> ArticleRef {
        ArticleRef { index, number: article.number(), sub: article.sub() }
    }

    /// Its position in its draft's [`Draft::articles`].
    pub fn index(&self) -> usize {
        self.index
    }

    /// Its number: 9 for 第九条.
    pub fn number(&self) -> u32 {
        self.number
    }

    /// N for 第…条之N.
    pub fn sub(&self) -> Option<u32> {
        self.sub
    }

    /// `第九条`, `第二十条之一`.
    pub fn label(&self) -> String {
        super::label(self.number, self.sub)
    }
}

/// One entry of an [`Alignment`]: the old article(s), the new article(s), what happened, and the
/// word-level diff when the text changed.
///
/// ```
/// use minyi_core::{AlignStatus, Aligner, Draft};
///
/// let old = Draft::parse("第一条 物业服务企业应当按时公布收支情况。")?;
/// let new = Draft::parse("第一条 物业服务企业应当每季度公布收支情况。")?;
/// let alignment = Aligner::new().align(&old, &new);
/// let pair = &alignment.pairs()[0];
/// assert_eq!(pair.status(), AlignStatus::Modified);
/// assert_eq!((pair.old_articles()[0].number(), pair.new_articles()[0].number()), (1, 1));
/// assert!(pair.similarity() > 0.5 && pair.similarity() < 1.0);
/// assert!(!pair.is_moved() && !pair.is_renumbered());
/// assert!(pair.diff().iter().any(|e| e.text() == "每季度"));
/// # Ok::<(), minyi_core::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct AlignedPair {
    status: AlignStatus,
    old: Vec<ArticleRef>,
    new: Vec<ArticleRef>,
    similarity: f32,
    moved: bool,
    renumbered: bool,
    diff: Vec<Edit>,
}

impl AlignedPair {
    /// What happened.
    pub fn status(&self) -> AlignStatus {
        self.status
    }

    /// The old article(s): none when inserted, several when merged, one otherwise; in order.
    pub fn old_articles(&self) -> &[ArticleRef] {
        &self.old
    }

    /// The new article(s): none when deleted, several when split, one otherwise; in order.
    pub fn new_articles(&self) -> &[ArticleRef] {
        &self.new
    }

    /// The similarity of the two sides (weighted Jaccard index of character bigrams, 0 to 1);
    /// 0 for an inserted or a deleted article.
    pub fn similarity(&self) -> f32 {
        self.similarity
    }

    /// Whether it moved out of the order of articles or into another chapter (a modified
    /// article may have moved too).
    pub fn is_moved(&self) -> bool {
        self.moved
    }

    /// Whether its number changed (a modified or moved article may have been renumbered too).
    pub fn is_renumbered(&self) -> bool {
        self.renumbered
    }

    /// The word-level diff of the canonical texts (whitespace removed, see the module docs),
    /// old against new; for a split or a merge, the texts of the several side are joined by a
    /// line break. Empty for an unchanged, renumbered or moved article; one insertion for an
    /// inserted article, one deletion for a deleted one.
    pub fn diff(&self) -> &[Edit] {
        &self.diff
    }
}

/// Two versions aligned: one [`AlignedPair`] per entry, in document order (an inserted or
/// moved article where it is in the new version, a deleted one where it was in the old).
///
/// Every old article and every new article appears in exactly one entry.
///
/// ```
/// use minyi_core::{AlignStatus, Aligner, Draft};
///
/// let old = Draft::parse("\
/// 第一条 为了规范养犬行为，维护市容环境和社会秩序，制定本条例。
/// 第二条 养犬人应当为犬只办理登记，并按期注射狂犬病疫苗。
/// 第三条 本条例自公布之日起施行。")?;
/// let new = Draft::parse("\
/// 第一条 为了规范养犬行为，维护市容环境和社会秩序，制定本条例。
/// 第二条 携犬出户时，应当为犬只束犬链，并及时清除犬只粪便。
/// 第三条 养犬人应当为犬只办理登记，并按期注射狂犬病疫苗。
/// 第四条 本条例自2025年1月1日起施行。")?;
/// let alignment = Aligner::new().align(&old, &new);
/// let statuses: Vec<&str> = alignment.pairs().iter().map(|p| p.status().name()).collect();
/// assert_eq!(statuses, ["unchanged", "inserted", "renumbered", "modified"]);
/// assert_eq!(alignment.count(AlignStatus::Renumbered), 1);
/// assert_eq!(alignment.changed().count(), 3);
///
/// // The JSON form of `minyi diff --json`.
/// let json = serde_json::to_value(&alignment).unwrap();
/// assert_eq!(json["articles"][2]["old"], 2);
/// assert_eq!(json["articles"][2]["new"], 3);
/// assert_eq!(json["articles"][2]["diff"], serde_json::Value::Null);
/// # Ok::<(), minyi_core::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Alignment {
    pairs: Vec<AlignedPair>,
}

impl Alignment {
    /// The entries in document order.
    pub fn pairs(&self) -> &[AlignedPair] {
        &self.pairs
    }

    /// How many entries have `status`.
    pub fn count(&self, status: AlignStatus) -> usize {
        self.pairs.iter().filter(|p| p.status == status).count()
    }

    /// The entries whose status is not [`AlignStatus::Unchanged`].
    pub fn changed(&self) -> impl Iterator<Item = &AlignedPair> + '_ {
        self.pairs.iter().filter(|p| p.status != AlignStatus::Unchanged)
    }
}

/// `{"articles": [{"status", "old", "new", "diff", ...}]}`: `old` and `new` are article
/// numbers or null (`old_sub`/`new_sub` added for 第N条之M), `diff` is null for an unchanged,
/// renumbered or moved article and a list of `{"op": "equal"|"insert"|"delete", "text"}`
/// otherwise, `similarity` is
/// given when both sides exist; a split lists its new numbers in `into` (`new` is the first), a
/// merge its old numbers in `from` (`old` is the first).
impl Serialize for Alignment {
    fn serialize<S: serde::Serializer>(
        &self,
        serializer: S,
    ) -> std::result::Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("Alignment", 1)?;
        s.serialize_field("articles", &self.pairs)?;
        s.end()
    }
}

impl Serialize for AlignedPair {
    fn serialize<S: serde::Serializer>(
        &self,
        serializer: S,
    ) -> std::result::Result<S::Ok, S::Error> {
        let (old, new) = (self.old.first(), self.new.first());
        let old_sub = old.and_then(|a| a.sub);
        let new_sub = new.and_then(|a| a.sub);
        let both = old.is_some() && new.is_some();
        let len = 4
            + usize::from(old_sub.is_some())
            + usize::from(new_sub.is_some())
            + usize::from(both)
            + usize::from(matches!(self.status, AlignStatus::Split | AlignStatus::Merged));
        let mut s = serializer.serialize_struct("AlignedPair", len)?;
        s.serialize_field("status", &self.status)?;
        s.serialize_field("old", &old.map(|a| a.number))?;
        if let Some(sub) = old_sub {
            s.serialize_field("old_sub", &sub)?;
        }
        s.serialize_field("new", &new.map(|a| a.number))?;
        if let Some(sub) = new_sub {
            s.serialize_field("new_sub", &sub)?;
        }
        match self.status {
            AlignStatus::Split => {
                let into: Vec<u32> = self.new.iter().map(|a| a.number).collect();
                s.serialize_field("into", &into)?;
            }
            AlignStatus::Merged => {
                let from: Vec<u32> = self.old.iter().map(|a| a.number).collect();
                s.serialize_field("from", &from)?;
            }
            _ => {}
        }
        if both {
            let rounded = (f64::from(self.similarity) * 1000.0).round() / 1000.0;
            s.serialize_field("similarity", &rounded)?;
        }
        if self.diff.is_empty() {
            s.serialize_field("diff", &None::<()>)?;
        } else {
            s.serialize_field("diff", &self.diff)?;
        }
        s.end()
    }
}

/// Aligns two versions of a text. Cheap to clone, `Send + Sync`.
///
/// ```
/// use minyi_core::{AlignStatus, Aligner, Draft};
///
/// let old = Draft::parse("\
/// 第一章 总则
/// 第一条 为了规范电动自行车管理，制定本条例。
/// 第二条 电动自行车应当登记。登记后方可上道路行驶。
/// 第二章 附则
/// 第三条 本条例自公布之日起施行。")?;
/// let new = Draft::parse("\
/// 第一章 总则
/// 第一条 为了规范电动自行车管理，制定本条例。
/// 第二条 电动自行车应当登记。
/// 第三条 登记后方可上道路行驶。
/// 第二章 附则
/// 第四条 本条例自公布之日起施行。")?;
/// let alignment = Aligner::new().align(&old, &new);
/// let split = &alignment.pairs()[1];
/// assert_eq!(split.status(), AlignStatus::Split);
/// let parts: Vec<u32> = split.new_articles().iter().map(|a| a.number()).collect();
/// assert_eq!(parts, [2, 3]);
/// assert_eq!(alignment.pairs()[2].status(), AlignStatus::Renumbered);
/// # Ok::<(), minyi_core::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct Aligner {
    config: Config,
    segmenter: Segmenter,
    normalizer: Normalizer,
}

#[derive(Clone, Copy, Debug, PartialEq)]
struct Config {
    threshold: f32,
    move_threshold: f32,
    part_threshold: f32,
}

impl Default for Config {
    fn default() -> Config {
        Config { threshold: 0.3, move_threshold: 0.6, part_threshold: 0.6 }
    }
}

impl Default for Aligner {
    fn default() -> Aligner {
        Aligner::new()
    }
}

impl Aligner {
    /// An aligner with the default thresholds and segmenter (building the segmenter takes a few
    /// hundred milliseconds: build one aligner and reuse it).
    pub fn new() -> Aligner {
        AlignerBuilder::new().build().expect("the default thresholds are valid")
    }

    /// A builder to set the thresholds or share a segmenter.
    pub fn builder() -> AlignerBuilder {
        AlignerBuilder::new()
    }

    /// Aligns `old` with `new`.
    pub fn align(&self, old: &Draft, new: &Draft) -> Alignment {
        align(self, old, new)
    }
}

/// Builds an [`Aligner`] (non-consuming: one builder can build several).
///
/// ```
/// use minyi_core::{Aligner, ErrorKind};
///
/// let aligner = Aligner::builder().threshold(0.4).move_threshold(0.7).build()?;
/// # let _ = aligner;
/// let err = Aligner::builder().threshold(1.5).build().unwrap_err();
/// assert_eq!(err.kind(), ErrorKind::Config);
/// # Ok::<(), minyi_core::Error>(())
/// ```
#[derive(Clone, Debug, Default)]
pub struct AlignerBuilder {
    config: Config,
    segmenter: Option<Segmenter>,
}

impl AlignerBuilder {
    /// The defaults: threshold 0.3, move threshold 0.6, part threshold 0.6, the default
    /// segmenter.
    pub fn new() -> AlignerBuilder {
        AlignerBuilder::default()
    }

    /// The least similarity of an old and a new article for them to be paired in order
    /// (default 0.3). Lower pairs more rewritten articles and risks pairing unrelated ones.
    pub fn threshold(&mut self, threshold: f32) -> &mut AlignerBuilder {
        self.config.threshold = threshold;
        self
    }

    /// The least similarity of an old and a new article for them to be paired out of order, as
    /// a moved article (default 0.6).
    pub fn move_threshold(&mut self, threshold: f32) -> &mut AlignerBuilder {
        self.config.move_threshold = threshold;
        self
    }

    /// The least share of each part of a split (or merge) found in the article it comes from
    /// (goes to), weighted like the similarity (default 0.6).
    pub fn part_threshold(&mut self, threshold: f32) -> &mut AlignerBuilder {
        self.config.part_threshold = threshold;
        self
    }

    /// The segmenter for the word-level diff (default: [`Segmenter::new`]).
    pub fn segmenter(&mut self, segmenter: Segmenter) -> &mut AlignerBuilder {
        self.segmenter = Some(segmenter);
        self
    }

    /// Builds the aligner.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Config`] if a threshold is not a number in (0, 1].
    pub fn build(&self) -> Result<Aligner> {
        let c = self.config;
        for (name, value) in [
            ("threshold", c.threshold),
            ("move threshold", c.move_threshold),
            ("part threshold", c.part_threshold),
        ] {
            if !(value > 0.0 && value <= 1.0) {
                return Err(Error::new(
                    ErrorKind::Config,
                    format!("the alignment {name} must be above 0 and at most 1, not {value}"),
                ));
            }
        }
        Ok(Aligner {
            config: c,
            segmenter: self.segmenter.clone().unwrap_or_default(),
            normalizer: Normalizer::new(),
        })
    }
}

/// Where an article sits: its 编, 分编 and 章 numbers.
type ChapterKey = (Option<u32>, Option<u32>, Option<u32>);

fn chapter_key(article: &Article) -> ChapterKey {
    (
        article.part().map(|a| a.number()),
        article.sub_part().map(|a| a.number()),
        article.chapter().map(|a| a.number()),
    )
}

/// The canonical text of an article: title in 【】 and text, normalised, whitespace other than
/// line breaks removed, ASCII sentence punctuation made full-width.
fn canonical(normalizer: &Normalizer, article: &Article) -> String {
    let mut raw = String::with_capacity(article.text().len() + 16);
    if let Some(title) = article.title() {
        raw.push('【');
        raw.push_str(title);
        raw.push('】');
    }
    raw.push_str(article.text());
    normalizer
        .normalize(&raw)
        .as_str()
        .chars()
        .filter_map(|c| match c {
            '\n' => Some('\n'),
            c if c.is_whitespace() => None,
            ',' => Some('，'),
            ';' => Some('；'),
            ':' => Some('：'),
            '?' => Some('？'),
            '!' => Some('！'),
            c => Some(c),
        })
        .collect()
}

/// The distinct character bigrams of a text's letters, digits and ideographs (a lone character
/// stands for itself), as exact keys.
fn bigrams(text: &str) -> Vec<u64> {
    let chars: Vec<u64> = text.chars().filter(|c| c.is_alphanumeric()).map(u64::from).collect();
    let mut grams: Vec<u64> = match chars.as_slice() {
        [] => Vec::new(),
        [c] => vec![(c << 21) | 0x1F_FFFF],
        _ => chars.windows(2).map(|w| (w[0] << 21) | w[1]).collect(),
    };
    grams.sort_unstable();
    grams.dedup();
    grams
}

/// One side's articles, ready to compare.
struct Side {
    refs: Vec<ArticleRef>,
    canon: Vec<String>,
    /// Each article's bigrams with their weights, sorted by key.
    grams: Vec<Vec<(u64, f32)>>,
    /// The summed weight of each article's bigrams.
    weight: Vec<f32>,
    chapter: Vec<ChapterKey>,
}

/// The similarities of every old article with every new one.
struct Scores {
    m: usize,
    /// Shared bigram weight, row-major (old × new).
    shared: Vec<f32>,
}

impl Scores {
    fn shared(&self, i: usize, j: usize) -> f32 {
        self.shared[i * self.m + j]
    }
}

/// The alignment's working state: both sides, their similarities, the settings.
struct Work<'a> {
    config: &'a Config,
    old: Side,
    new: Side,
    scores: Scores,
}

impl Work<'_> {
    /// The weighted Jaccard index of old `i` and new `j` (1 for two empty texts).
    fn similarity(&self, i: usize, j: usize) -> f32 {
        let (wa, wb) = (self.old.weight[i], self.new.weight[j]);
        if self.old.canon[i] == self.new.canon[j] {
            return 1.0;
        }
        let shared = self.scores.shared(i, j);
        let union = wa + wb - shared;
        if union <= 0.0 { 0.0 } else { (shared / union).clamp(0.0, 1.0) }
    }

    /// The share of new `j`'s weight found in old `i`.
    fn new_in_old(&self, i: usize, j: usize) -> f32 {
        let w = self.new.weight[j];
        if w <= 0.0 { 0.0 } else { self.scores.shared(i, j) / w }
    }

    /// The share of old `i`'s weight found in new `j`.
    fn old_in_new(&self, i: usize, j: usize) -> f32 {
        let w = self.old.weight[i];
        if w <= 0.0 { 0.0 } else { self.scores.shared(i, j) / w }
    }

    fn same_text(&self, i: usize, j: usize) -> bool {
        self.old.canon[i] == self.new.canon[j]
    }

    /// The DP score of pairing old `i` with new `j`, if they may be paired in order.
    fn pair_score(&self, i: usize, j: usize) -> Option<i64> {
        let sim = self.similarity(i, j);
        if sim < self.config.threshold {
            return None;
        }
        let bonus = if self.same_text(i, j) { EXACT_BONUS } else { 0 };
        Some(scaled(sim) + bonus)
    }
}

fn scaled(sim: f32) -> i64 {
    (sim * SCALE).round() as i64
}

/// The weighted Jaccard index of `one` and the union of `many` (sorted keyed sets).
fn union_similarity(one: &[(u64, f32)], many: &[&[(u64, f32)]]) -> f32 {
    let mut union: Vec<(u64, f32)> = many.iter().flat_map(|g| g.iter().copied()).collect();
    union.sort_unstable_by_key(|&(k, _)| k);
    union.dedup_by_key(|&mut (k, _)| k);
    let (mut a, mut b) = (0, 0);
    let (mut shared, mut total) = (0.0f32, 0.0f32);
    loop {
        match (one.get(a), union.get(b)) {
            (Some(&(ka, wa)), Some(&(kb, wb))) => {
                if ka == kb {
                    shared += wa;
                    total += wa;
                    a += 1;
                    b += 1;
                } else if ka < kb {
                    total += wa;
                    a += 1;
                } else {
                    total += wb;
                    b += 1;
                }
            }
            (Some(&(_, wa)), None) => {
                total += wa;
                a += 1;
            }
            (None, Some(&(_, wb))) => {
                total += wb;
                b += 1;
            }
            (None, None) => break,
        }
    }
    if total <= 0.0 { 0.0 } else { shared / total }
}

/// A step of the alignment: `old` old articles against `new` new ones.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Bead {
    /// Old `i` only.
    Delete(usize),
    /// New `j` only.
    Insert(usize),
    /// Old `i` with new `j`, in order.
    Pair(usize, usize),
    /// Old `i` with new `j` out of order.
    Moved(usize, usize),
    /// Old `i` with new `j..j + k`.
    Split(usize, usize, usize),
    /// Old `i..i + k` with new `j`.
    Merge(usize, usize, usize),
}

fn align(aligner: &Aligner, old: &Draft, new: &Draft) -> Alignment {
    let (old_side, new_side) = sides(&aligner.normalizer, old, new);
    let scores = shared_weights(&old_side, &new_side);
    let work = Work { config: &aligner.config, old: old_side, new: new_side, scores };
    let beads = in_order(&work);
    let beads = pair_slots(&work, &beads);
    let beads = pair_moves(&work, beads);
    let chapters = chapter_map(&work, &beads);
    let pairs = beads.iter().map(|&bead| entry(aligner, &work, &chapters, bead)).collect();
    Alignment { pairs }
}

/// Both sides with canonical texts and weighted bigrams (weights from both sides' document
/// frequencies).
fn sides(normalizer: &Normalizer, old: &Draft, new: &Draft) -> (Side, Side) {
    let canon = |d: &Draft| -> Vec<String> {
        d.articles().iter().map(|a| canonical(normalizer, a)).collect()
    };
    let (old_canon, new_canon) = (canon(old), canon(new));
    let old_grams: Vec<Vec<u64>> = old_canon.iter().map(|t| bigrams(t)).collect();
    let new_grams: Vec<Vec<u64>> = new_canon.iter().map(|t| bigrams(t)).collect();
    let mut df: FxHashMap<u64, u32> = FxHashMap::default();
    for g in old_grams.iter().chain(&new_grams).flatten() {
        *df.entry(*g).or_insert(0) += 1;
    }
    let n = (old_grams.len() + new_grams.len()) as f32;
    let weigh = |grams: Vec<Vec<u64>>| -> Vec<Vec<(u64, f32)>> {
        grams
            .into_iter()
            .map(|gs| {
                gs.into_iter()
                    .map(|g| (g, (1.0 + n / df.get(&g).copied().unwrap_or(1) as f32).ln()))
                    .collect()
            })
            .collect()
    };
    let side = |d: &Draft, canon: Vec<String>, grams: Vec<Vec<(u64, f32)>>| -> Side {
        Side {
            refs: d.articles().iter().enumerate().map(|(i, a)| ArticleRef::new(i, a)).collect(),
            weight: grams.iter().map(|g| g.iter().map(|&(_, w)| w).sum()).collect(),
            chapter: d.articles().iter().map(chapter_key).collect(),
            canon,
            grams,
        }
    };
    let (old_w, new_w) = (weigh(old_grams), weigh(new_grams));
    (side(old, old_canon, old_w), side(new, new_canon, new_w))
}

/// The shared bigram weight of every pair, through an inverted index of the old side.
fn shared_weights(old: &Side, new: &Side) -> Scores {
    let (n, m) = (old.refs.len(), new.refs.len());
    let mut postings: FxHashMap<u64, Vec<u32>> = FxHashMap::default();
    for (i, grams) in old.grams.iter().enumerate() {
        for &(g, _) in grams {
            postings.entry(g).or_default().push(i as u32);
        }
    }
    let mut shared = vec![0.0f32; n * m];
    for (j, grams) in new.grams.iter().enumerate() {
        for &(g, w) in grams {
            if let Some(olds) = postings.get(&g) {
                for &i in olds {
                    shared[i as usize * m + j] += w;
                }
            }
        }
    }
    Scores { m, shared }
}

/// The splits (one old, several new) and merges (several old, one new) worth considering, by
/// the DP cell where they end, with their scores.
fn many_beads(work: &Work<'_>) -> FxHashMap<(usize, usize), Vec<(Bead, i64)>> {
    let (n, m) = (work.old.refs.len(), work.new.refs.len());
    let part = work.config.part_threshold;
    let mut found: FxHashMap<(usize, usize), Vec<(Bead, i64)>> = FxHashMap::default();
    let mut consider = |bead: Bead, sim: f32, best_part: f32, end: (usize, usize)| {
        if sim >= work.config.threshold && sim >= best_part + SPLIT_GAIN {
            found.entry(end).or_default().push((bead, scaled(sim)));
        }
    };
    for i in 0..n {
        for j in 0..m {
            if work.new_in_old(i, j) < part {
                continue;
            }
            let mut best = work.similarity(i, j);
            for k in 2..=MAX_PARTS.min(m - j) {
                let last = j + k - 1;
                if work.new_in_old(i, last) < part {
                    break;
                }
                best = best.max(work.similarity(i, last));
                let parts: Vec<&[(u64, f32)]> =
                    (j..j + k).map(|p| work.new.grams[p].as_slice()).collect();
                let sim = union_similarity(&work.old.grams[i], &parts);
                consider(Bead::Split(i, j, k), sim, best, (i + 1, j + k));
            }
        }
    }
    for j in 0..m {
        for i in 0..n {
            if work.old_in_new(i, j) < part {
                continue;
            }
            let mut best = work.similarity(i, j);
            for k in 2..=MAX_PARTS.min(n - i) {
                let last = i + k - 1;
                if work.old_in_new(last, j) < part {
                    break;
                }
                best = best.max(work.similarity(last, j));
                let parts: Vec<&[(u64, f32)]> =
                    (i..i + k).map(|p| work.old.grams[p].as_slice()).collect();
                let sim = union_similarity(&work.new.grams[j], &parts);
                consider(Bead::Merge(i, j, k), sim, best, (i + k, j + 1));
            }
        }
    }
    found
}

/// The order-preserving alignment of highest summed score, as beads in document order.
fn in_order(work: &Work<'_>) -> Vec<Bead> {
    let (n, m) = (work.old.refs.len(), work.new.refs.len());
    let width = m + 1;
    let many = many_beads(work);
    let mut best = vec![0i64; (n + 1) * width];
    // The last bead of the best path to each cell.
    let mut last: Vec<Option<Bead>> = vec![None; (n + 1) * width];
    for i in 0..=n {
        for j in 0..=m {
            if i == 0 && j == 0 {
                continue;
            }
            // Candidates in order of preference: the first of equal scores wins.
            let mut top: Option<(i64, Bead)> = None;
            let mut offer = |score: i64, bead: Bead| {
                if top.is_none_or(|(s, _)| score > s) {
                    top = Some((score, bead));
                }
            };
            if i > 0
                && j > 0
                && let Some(score) = work.pair_score(i - 1, j - 1)
            {
                offer(best[(i - 1) * width + j - 1] + score, Bead::Pair(i - 1, j - 1));
            }
            if let Some(beads) = many.get(&(i, j)) {
                for &(bead, score) in beads {
                    let from = match bead {
                        Bead::Split(i0, j0, _) | Bead::Merge(i0, j0, _) => i0 * width + j0,
                        _ => continue,
                    };
                    offer(best[from] + score, bead);
                }
            }
            if j > 0 {
                offer(best[i * width + j - 1], Bead::Insert(j - 1));
            }
            if i > 0 {
                offer(best[(i - 1) * width + j], Bead::Delete(i - 1));
            }
            if let Some((score, bead)) = top {
                best[i * width + j] = score;
                last[i * width + j] = Some(bead);
            }
        }
    }
    let mut beads = Vec::new();
    let (mut i, mut j) = (n, m);
    while let Some(bead) = last[i * width + j] {
        beads.push(bead);
        (i, j) = match bead {
            Bead::Delete(a) => (a, j),
            Bead::Insert(b) => (i, b),
            Bead::Pair(a, b) | Bead::Moved(a, b) => (a, b),
            Bead::Split(a, b, _) | Bead::Merge(a, b, _) => (a, b),
        };
        if i == 0 && j == 0 {
            break;
        }
    }
    beads.reverse();
    beads
}

/// Between two matched beads (or an end of the texts), as many deleted as inserted articles are
/// paired in order when they share a little text: an article rewritten in place.
fn pair_slots(work: &Work<'_>, beads: &[Bead]) -> Vec<Bead> {
    let mut out = Vec::with_capacity(beads.len());
    let mut k = 0;
    while k < beads.len() {
        if !matches!(beads[k], Bead::Delete(_) | Bead::Insert(_)) {
            out.push(beads[k]);
            k += 1;
            continue;
        }
        let end = (k..beads.len())
            .find(|&e| !matches!(beads[e], Bead::Delete(_) | Bead::Insert(_)))
            .unwrap_or(beads.len());
        let mut olds: Vec<usize> = Vec::new();
        let mut news: Vec<usize> = Vec::new();
        for bead in &beads[k..end] {
            match *bead {
                Bead::Delete(i) => olds.push(i),
                Bead::Insert(j) => news.push(j),
                _ => {}
            }
        }
        olds.sort_unstable();
        news.sort_unstable();
        let pairs: Vec<(usize, usize)> = if olds.len() == news.len() {
            olds.iter()
                .zip(&news)
                .filter(|&(&i, &j)| work.similarity(i, j) >= SLOT_THRESHOLD)
                .map(|(&i, &j)| (i, j))
                .collect()
        } else {
            Vec::new()
        };
        if pairs.is_empty() {
            out.extend_from_slice(&beads[k..end]);
        } else {
            // Unpaired deletions, then unpaired insertions, before each pair; the rest after.
            let (mut o, mut nw) = (0, 0);
            let paired_old = |i: usize| pairs.iter().any(|&(a, _)| a == i);
            let paired_new = |j: usize| pairs.iter().any(|&(_, b)| b == j);
            for &(i, j) in &pairs {
                while o < olds.len() && olds[o] < i {
                    if !paired_old(olds[o]) {
                        out.push(Bead::Delete(olds[o]));
                    }
                    o += 1;
                }
                while nw < news.len() && news[nw] < j {
                    if !paired_new(news[nw]) {
                        out.push(Bead::Insert(news[nw]));
                    }
                    nw += 1;
                }
                out.push(Bead::Pair(i, j));
            }
            out.extend(olds[o..].iter().filter(|&&i| !paired_old(i)).map(|&i| Bead::Delete(i)));
            out.extend(news[nw..].iter().filter(|&&j| !paired_new(j)).map(|&j| Bead::Insert(j)));
        }
        k = end;
    }
    out
}

/// Deleted and inserted articles similar enough are paired across the order, best pairs first:
/// the pair takes the place of the insertion, the deletion goes.
fn pair_moves(work: &Work<'_>, beads: Vec<Bead>) -> Vec<Bead> {
    let olds: Vec<usize> = beads
        .iter()
        .filter_map(|b| if let Bead::Delete(i) = *b { Some(i) } else { None })
        .collect();
    let news: Vec<usize> = beads
        .iter()
        .filter_map(|b| if let Bead::Insert(j) = *b { Some(j) } else { None })
        .collect();
    let mut candidates: Vec<(i64, usize, usize)> = Vec::new();
    for &i in &olds {
        for &j in &news {
            let sim = work.similarity(i, j);
            if sim >= work.config.move_threshold {
                let bonus = if work.same_text(i, j) { EXACT_BONUS } else { 0 };
                candidates.push((scaled(sim) + bonus, i, j));
            }
        }
    }
    if candidates.is_empty() {
        return beads;
    }
    candidates.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    let mut old_to: FxHashMap<usize, usize> = FxHashMap::default();
    let mut new_from: FxHashMap<usize, usize> = FxHashMap::default();
    for (_, i, j) in candidates {
        if !old_to.contains_key(&i) && !new_from.contains_key(&j) {
            old_to.insert(i, j);
            new_from.insert(j, i);
        }
    }
    beads
        .into_iter()
        .filter_map(|b| match b {
            Bead::Delete(i) if old_to.contains_key(&i) => None,
            Bead::Insert(j) => Some(new_from.get(&j).map_or(b, |&i| Bead::Moved(i, j))),
            _ => Some(b),
        })
        .collect()
}

/// Each old chapter's new chapter: where most of its articles paired in order went (ties to
/// the earlier new chapter).
fn chapter_map(work: &Work<'_>, beads: &[Bead]) -> FxHashMap<ChapterKey, ChapterKey> {
    let mut counts: FxHashMap<ChapterKey, Vec<(ChapterKey, usize)>> = FxHashMap::default();
    for bead in beads {
        if let Bead::Pair(i, j) = *bead {
            let to = work.new.chapter[j];
            let tally = counts.entry(work.old.chapter[i]).or_default();
            match tally.iter_mut().find(|(c, _)| *c == to) {
                Some((_, n)) => *n += 1,
                None => tally.push((to, 1)),
            }
        }
    }
    counts
        .into_iter()
        .map(|(from, tally)| {
            // New chapters are tallied in document order: the first of the most wins.
            let mut top = tally[0];
            for &(c, n) in &tally[1..] {
                if n > top.1 {
                    top = (c, n);
                }
            }
            (from, top.0)
        })
        .collect()
}

/// The entry of a bead: status, articles, similarity, diff.
fn entry(
    aligner: &Aligner,
    work: &Work<'_>,
    chapters: &FxHashMap<ChapterKey, ChapterKey>,
    bead: Bead,
) -> AlignedPair {
    let (old, new) = (&work.old, &work.new);
    let join =
        |side: &Side, range: std::ops::Range<usize>| -> String { side.canon[range].join("\n") };
    let words = |a: &str, b: &str| diff::words(&aligner.segmenter, a, b);
    let mut pair = AlignedPair {
        status: AlignStatus::Unchanged,
        old: Vec::new(),
        new: Vec::new(),
        similarity: 0.0,
        moved: false,
        renumbered: false,
        diff: Vec::new(),
    };
    match bead {
        Bead::Delete(i) => {
            pair.status = AlignStatus::Deleted;
            pair.old.push(old.refs[i]);
            if !old.canon[i].is_empty() {
                pair.diff.push(Edit::new(EditOp::Delete, old.canon[i].as_str()));
            }
        }
        Bead::Insert(j) => {
            pair.status = AlignStatus::Inserted;
            pair.new.push(new.refs[j]);
            if !new.canon[j].is_empty() {
                pair.diff.push(Edit::new(EditOp::Insert, new.canon[j].as_str()));
            }
        }
        Bead::Pair(i, j) | Bead::Moved(i, j) => {
            let (a, b) = (old.refs[i], new.refs[j]);
            pair.old.push(a);
            pair.new.push(b);
            pair.similarity = work.similarity(i, j);
            pair.renumbered = (a.number, a.sub) != (b.number, b.sub);
            pair.moved = matches!(bead, Bead::Moved(..))
                || chapters.get(&old.chapter[i]).is_some_and(|&c| c != new.chapter[j]);
            pair.status = if !work.same_text(i, j) {
                pair.diff = words(&old.canon[i], &new.canon[j]);
                AlignStatus::Modified
            } else if pair.moved {
                AlignStatus::Moved
            } else if pair.renumbered {
                AlignStatus::Renumbered
            } else {
                AlignStatus::Unchanged
            };
        }
        Bead::Split(i, j, k) => {
            pair.status = AlignStatus::Split;
            pair.old.push(old.refs[i]);
            pair.new.extend_from_slice(&new.refs[j..j + k]);
            let parts: Vec<&[(u64, f32)]> = (j..j + k).map(|p| new.grams[p].as_slice()).collect();
            pair.similarity = union_similarity(&old.grams[i], &parts);
            pair.renumbered =
                (old.refs[i].number, old.refs[i].sub) != (new.refs[j].number, new.refs[j].sub);
            pair.diff = words(&old.canon[i], &join(new, j..j + k));
        }
        Bead::Merge(i, j, k) => {
            pair.status = AlignStatus::Merged;
            pair.old.extend_from_slice(&old.refs[i..i + k]);
            pair.new.push(new.refs[j]);
            let parts: Vec<&[(u64, f32)]> = (i..i + k).map(|p| old.grams[p].as_slice()).collect();
            pair.similarity = union_similarity(&new.grams[j], &parts);
            pair.renumbered =
                (old.refs[i].number, old.refs[i].sub) != (new.refs[j].number, new.refs[j].sub);
            pair.diff = words(&join(old, i..i + k), &new.canon[j]);
        }
    }
    pair
}
