//! Assignment: the article(s) of the draft each opinion concerns.
//!
//! Three kinds of evidence, strongest first:
//!
//! 1. **Citation**: the opinion names the draft's article (第二十三条, 条例第23条, 第十至十二条,
//!    or the sheet's 涉及条款 column). Citations of another law (《民法典》第一千一百六十五条)
//!    never count, nor do numbers inside quoted replacement text.
//! 2. **Quote**: the opinion repeats the article's own wording, eight characters or more in a
//!    row, at least part of them found in no more than two articles (so 违反本条例规定 is no
//!    quote of anything).
//! 3. **Similarity**: BM25 over segmented text (jieba with the legal dictionary, plus the
//!    two-character pieces of longer words) against each paragraph and each item of an
//!    article, with the article's title and its chapter's title; an article scores its best
//!    unit plus 0.3 of its second, so a long list of prohibitions is matched item by item.
//!    The opinion's everyday words bring in the statutory terms they stand for
//!    (`corpora/dict/synonyms.txt`: 维修基金 → 专项维修资金, 飞线充电 → 私拉电线), its subject
//!    line counts twice, words it repeats count more, and, once [`Assigner::learn`] has seen
//!    the consultation, words nearly every opinion uses count less. An article of the 法律责任
//!    chapter is discounted unless the opinion speaks of penalties, since it repeats the duty
//!    the opinion is about. The score is the share of what the opinion's words could earn
//!    (words the draft never uses included), in `[0, 1]`.
//!
//! Measured on the project's generated consultation (`corpora/sample`, truth known) and on
//! real messages against real regulations labelled by hand (`tests/data/assign_dev.jsonl`);
//! the tests hold both (`cargo run --release -p minyi-core --example assign_eval` and
//! `--example assign_dev` print the tables).
//!
//! An opinion that takes up several points in parts (一、… 二、…, （一）…（二）…, 第一，…
//! 第二，…, or numbered 1、2、) is split at those markers and each part is assigned on its own;
//! a part that cites nothing inherits the citations of the lead-in (关于第五条，提两点意见：
//! 一、… 二、…).
//!
//! An opinion with no citation and no quote goes to the best-matching article when its
//! similarity clears the threshold, otherwise to 总体意见 (general).

use std::cmp::Ordering;
use std::ops::Range;

use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde::Serialize;

use crate::cite::{CiteContext, Citer, Law, Role};
use crate::draft::Draft;
use crate::error::{Error, ErrorKind, Result};
use crate::normalize::Normalizer;
use crate::segment::{Segmenter, TokenKind};

#[cfg(test)]
mod tests;

/// Everyday words (物业费, 维修基金, 飞线充电) and the statutory terms they stand for.
const SYNONYMS: &str = include_str!("../../../corpora/dict/synonyms.txt");
/// The weight of a statutory term brought in by an everyday word.
const SYNONYM: f32 = 0.7;
/// The weight of the words of an opinion's subject line, next to 1 for its text.
const TITLE: f32 = 2.0;
/// Words that show an opinion is about penalties.
const PENALTY_WORDS: [&str; 7] = ["罚", "法律责任", "追究", "处分", "责令", "吊销", "没收"];
/// The similarity of an article of the 法律责任 chapter is multiplied by this for an opinion
/// that says nothing of penalties: penalty articles repeat the duty they enforce, and the
/// opinion is about the duty.
const PENALTY_DISCOUNT: f32 = 0.75;
/// How much of a rare term's weight each word the draft never uses adds to what an opinion
/// could earn: an opinion mostly about things the draft does not mention scores low.
const UNKNOWN: f32 = 0.3;
/// How many opinions [`Assigner::learn`] reads at most (evenly spaced).
const LEARN_SAMPLE: usize = 4000;
/// The least weight a draft word keeps however many opinions use it.
const BACKGROUND_FLOOR: f32 = 0.1;
/// The share of an article's second-best paragraph or item added to its best one's score.
const SECOND_UNIT: f32 = 0.3;
/// How much a repeated term gains: its weight is multiplied by `1 + REPEAT × ln(repeats)`.
const REPEAT: f32 = 1.0;
/// The weight of a two-character piece of a longer word, next to 1 for a word.
const SUB_WORD: f32 = 0.5;
/// Characters per gram of the quote index.
const GRAM: usize = 4;
/// A gram found in more articles than this is common wording: it extends a quote but never
/// starts one.
const COMMON_GRAM: usize = 2;
/// Grams found in more articles than this are not indexed at all.
const MAX_GRAM_ARTICLES: usize = 6;

/// Options of the [`Assigner`], checked by [`AssignBuilder::build`].
///
/// The defaults were calibrated on the project's generated consultation (`corpora/sample`,
/// 1,200 opinions whose truth is known) and on the hand-labelled real messages of
/// `tests/data/assign_dev.jsonl`; see the crate's tests for the figures they hold.
#[derive(Clone, Debug)]
pub struct AssignBuilder {
    threshold: f32,
    margin: f32,
    quote_chars: usize,
    candidates: usize,
    k1: f32,
    b: f32,
}

impl Default for AssignBuilder {
    fn default() -> AssignBuilder {
        AssignBuilder {
            threshold: 0.05,
            margin: 0.1,
            quote_chars: 8,
            candidates: 5,
            k1: 1.2,
            b: 0.75,
        }
    }
}

impl AssignBuilder {
    /// The default options.
    pub fn new() -> AssignBuilder {
        AssignBuilder::default()
    }

    /// The similarity an opinion without citation or quote needs to be filed under an article
    /// rather than 总体意见, in `[0, 1]`. Default 0.05.
    pub fn threshold(&mut self, threshold: f32) -> &mut AssignBuilder {
        self.threshold = threshold;
        self
    }

    /// How far, as a share of the second's, the best article's similarity must lead the
    /// second's for the opinion to be filed under it, in `[0, 1]`: an opinion that matches two
    /// articles equally well is about neither in particular. Default 0.1 (10% ahead): on the
    /// real messages of `tests/data/assign_dev.jsonl` it files 33.2% under a right article
    /// (0.2 filed 28.3%, leaving 107 of 225 in 总体意见), and on the sample it keeps the same
    /// exact share (78.7% against 78.8%) while fewer truly general opinions stay general.
    pub fn margin(&mut self, margin: f32) -> &mut AssignBuilder {
        self.margin = margin;
        self
    }

    /// The length, in characters, of the shortest run of an article's wording that counts as
    /// a quote. Default 8.
    pub fn quote_chars(&mut self, chars: usize) -> &mut AssignBuilder {
        self.quote_chars = chars;
        self
    }

    /// How many ranked candidates each part keeps, whatever their score. Default 5.
    pub fn candidates(&mut self, n: usize) -> &mut AssignBuilder {
        self.candidates = n;
        self
    }

    /// BM25's term-frequency saturation `k1` and length normalisation `b`. Defaults 1.2 and
    /// 0.75.
    pub fn bm25(&mut self, k1: f32, b: f32) -> &mut AssignBuilder {
        self.k1 = k1;
        self.b = b;
        self
    }

    /// Indexes the draft's articles.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Config`](crate::ErrorKind::Config) when an option is out of range.
    pub fn build(&self, draft: &Draft, segmenter: &Segmenter) -> Result<Assigner> {
        if !(0.0..=1.0).contains(&self.threshold) || !(0.0..=1.0).contains(&self.margin) {
            return Err(Error::new(
                ErrorKind::Config,
                format!(
                    "the assignment threshold and margin must be between 0 and 1, not {} and {}",
                    self.threshold, self.margin
                ),
            ));
        }
        if self.quote_chars < GRAM + 1 {
            return Err(Error::new(
                ErrorKind::Config,
                format!(
                    "a quote must be at least {} characters long, not {}",
                    GRAM + 1,
                    self.quote_chars
                ),
            ));
        }
        if self.candidates == 0 {
            return Err(Error::new(ErrorKind::Config, "at least one candidate must be kept"));
        }
        if !(self.k1 > 0.0 && (0.0..=1.0).contains(&self.b)) {
            return Err(Error::new(
                ErrorKind::Config,
                format!(
                    "BM25 needs k1 > 0 and b in [0, 1], not k1 = {} and b = {}",
                    self.k1, self.b
                ),
            ));
        }
        Ok(Assigner::index(self.clone(), draft, segmenter))
    }
}

/// Files opinions under the draft's articles. Built once per draft, then shared by threads.
///
/// ```
/// use minyi_core::{Assigner, Draft, Evidence, Segmenter};
///
/// let draft = Draft::parse(
///     "滨江市电动自行车管理条例\n\
///      第一条 为了加强电动自行车管理，制定本条例。\n\
///      第二条 住宅小区应当设置集中充电设施，禁止在楼道内停放电动自行车或者充电。\n\
///      第三条 驾驶电动自行车应当佩戴安全头盔。",
/// )?;
/// let assigner = Assigner::new(&draft, &Segmenter::new())?;
///
/// let cited = assigner.assign("建议第3条增加儿童乘车也要戴头盔。", None);
/// assert_eq!(cited.articles().collect::<Vec<_>>(), [(3, None)]);
///
/// let quoted = assigner.assign("“禁止在楼道内停放电动自行车”执行起来很难。", None);
/// assert_eq!(quoted.articles().collect::<Vec<_>>(), [(2, None)]);
/// assert!(matches!(quoted.segments()[0].assigned()[0].evidence(), Evidence::Quote { .. }));
///
/// let general = assigner.assign("总体赞成，希望早日出台。", None);
/// assert!(general.is_general());
/// # Ok::<(), minyi_core::Error>(())
/// ```
#[derive(Clone)]
pub struct Assigner {
    options: AssignBuilder,
    segmenter: Segmenter,
    normalizer: Normalizer,
    citer: Citer,
    context: CiteContext,
    articles: Vec<(u32, Option<u32>)>,
    /// Term → index into `postings` and `names`.
    terms: FxHashMap<Box<str>, u32>,
    names: Vec<Box<str>>,
    /// Per term: its IDF over articles and the units holding it with their (weighted)
    /// frequency.
    postings: Vec<Posting>,
    /// Per term: how much it tells about an opinion in this consultation (1 until
    /// [`Assigner::learn`] has seen the opinions).
    background: Vec<f32>,
    /// Per unit (a plain paragraph, a list's lead-in, or one item): its article.
    unit_article: Vec<u32>,
    /// Per unit: its length in weighted terms.
    lengths: Vec<f32>,
    average_length: f32,
    /// The IDF of a term in a single article.
    max_idf: f32,
    /// Per article: whether it is in a 法律责任 chapter.
    penalty: Vec<bool>,
    /// Everyday words and the statutory terms they stand for, as term ids with weights.
    synonyms: Vec<Synonym>,
    /// Gram → the articles whose normalised text holds it (empty: too common to index).
    grams: FxHashMap<u128, Vec<u32>>,
}

impl std::fmt::Debug for Assigner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Assigner")
            .field("options", &self.options)
            .field("articles", &self.articles.len())
            .field("terms", &self.terms.len())
            .finish_non_exhaustive()
    }
}

/// An everyday word and the statutory terms it stands for, as (term, weight).
#[derive(Clone, Debug)]
struct Synonym {
    word: Box<str>,
    terms: Vec<(u32, f32)>,
}

/// A citation of the draft's article(s) `from..=to` in an opinion.
#[derive(Clone, Debug)]
struct Cited {
    span: Range<usize>,
    from: u32,
    sub: Option<u32>,
    to: u32,
    written: String,
}

#[derive(Clone, Debug)]
struct Posting {
    idf: f32,
    docs: Vec<(u32, f32)>,
}

impl Assigner {
    /// An assigner with the default options.
    ///
    /// # Errors
    ///
    /// None with the default options; the signature matches [`AssignBuilder::build`].
    pub fn new(draft: &Draft, segmenter: &Segmenter) -> Result<Assigner> {
        AssignBuilder::new().build(draft, segmenter)
    }

    /// The options, to change before [`AssignBuilder::build`].
    pub fn builder() -> AssignBuilder {
        AssignBuilder::new()
    }

    fn index(options: AssignBuilder, draft: &Draft, segmenter: &Segmenter) -> Assigner {
        let normalizer = Normalizer::new();
        let mut context = draft.title().map_or_else(CiteContext::new, CiteContext::from_title);
        for alias in draft.aliases() {
            context.alias(alias);
        }
        let mut terms: FxHashMap<Box<str>, u32> = FxHashMap::default();
        let mut postings: Vec<Posting> = Vec::new();
        let mut lengths = Vec::new();
        let mut unit_article = Vec::new();
        let mut grams: FxHashMap<u128, Vec<u32>> = FxHashMap::default();
        let mut articles = Vec::with_capacity(draft.articles().len());
        let mut penalty = Vec::with_capacity(draft.articles().len());
        let mut article_df: Vec<u32> = Vec::new();
        let mut intern = |term: &str, postings: &mut Vec<Posting>, df: &mut Vec<u32>| {
            let next = terms.len() as u32;
            let id = *terms.entry(term.into()).or_insert(next);
            if id as usize == postings.len() {
                postings.push(Posting { idf: 0.0, docs: Vec::new() });
                df.push(0);
            }
            id
        };
        for (a, article) in draft.articles().iter().enumerate() {
            let a = a as u32;
            articles.push((article.number(), article.sub()));
            penalty.push(article.chapter().is_some_and(|c| is_penalty_chapter(c.title())));
            // The words every unit of the article shares: its title, its chapter's.
            let mut shared: Vec<(String, f32)> = Vec::new();
            let words = |text: &str, weight: f32, out: &mut Vec<(String, f32)>| {
                let normalized = normalizer.normalize(text);
                each_term(segmenter, normalized.as_str(), |term, w| {
                    out.push((term.to_owned(), weight * w));
                });
            };
            if let Some(title) = article.title() {
                words(title, 2.0, &mut shared);
            }
            if let Some(chapter) = article.chapter() {
                words(chapter.title(), 0.5, &mut shared);
            }
            if let Some(section) = article.section() {
                words(section.title(), 0.5, &mut shared);
            }
            let mut units: Vec<Vec<(String, f32)>> = Vec::new();
            for paragraph in article.paragraphs() {
                if paragraph.items().is_empty() {
                    let mut unit = shared.clone();
                    words(paragraph.text(), 1.0, &mut unit);
                    units.push(unit);
                    continue;
                }
                let lead_in = paragraph.text().split('\n').next().unwrap_or_default();
                let mut head = shared.clone();
                words(lead_in, 1.0, &mut head);
                units.push(head);
                for item in paragraph.items() {
                    let mut unit = shared.clone();
                    words(lead_in, 0.5, &mut unit);
                    words(item.text(), 1.0, &mut unit);
                    units.push(unit);
                }
            }
            if units.is_empty() {
                let mut unit = shared.clone();
                words(article.text(), 1.0, &mut unit);
                units.push(unit);
            }
            let mut in_article: Vec<u32> = Vec::new();
            for unit in units {
                let u = lengths.len() as u32;
                let mut tf: FxHashMap<u32, f32> = FxHashMap::default();
                let mut length = 0.0;
                for (term, w) in unit {
                    let id = intern(&term, &mut postings, &mut article_df);
                    *tf.entry(id).or_insert(0.0) += w;
                    length += w;
                    in_article.push(id);
                }
                let mut tf: Vec<(u32, f32)> = tf.into_iter().collect();
                tf.sort_unstable_by_key(|&(id, _)| id);
                for (id, f) in tf {
                    postings[id as usize].docs.push((u, f));
                }
                lengths.push(length);
                unit_article.push(a);
            }
            in_article.sort_unstable();
            in_article.dedup();
            for id in in_article {
                article_df[id as usize] += 1;
            }

            let text = normalizer.normalize(article.text());
            let chars: Vec<char> = text.as_str().chars().collect();
            for window in chars.windows(GRAM) {
                let list = grams.entry(pack(window)).or_default();
                if list.last() != Some(&a) {
                    list.push(a);
                }
            }
        }
        let synonyms: Vec<Synonym> = SYNONYMS
            .lines()
            .filter_map(|line| {
                let (key, expansions) = line.split_once('\t')?;
                let mut ids = Vec::new();
                each_term(segmenter, &expansions.replace(' ', "，"), |term, w| {
                    if let Some(&id) = terms.get(term) {
                        ids.push((id, w * SYNONYM));
                    }
                });
                (!ids.is_empty()).then(|| Synonym { word: key.trim().into(), terms: ids })
            })
            .collect();
        let n = articles.len() as f32;
        for (posting, &df) in postings.iter_mut().zip(&article_df) {
            let df = df as f32;
            posting.idf = ((n - df + 0.5) / (df + 0.5) + 1.0).ln();
        }
        for list in grams.values_mut() {
            if list.len() > MAX_GRAM_ARTICLES {
                list.clear();
            }
        }
        let mut names = vec![Box::<str>::from(""); terms.len()];
        for (term, &id) in &terms {
            names[id as usize] = term.clone();
        }
        let average_length = if lengths.is_empty() {
            1.0
        } else {
            lengths.iter().sum::<f32>() / lengths.len() as f32
        }
        .max(1.0);
        Assigner {
            options,
            segmenter: segmenter.clone(),
            normalizer,
            citer: Citer::new(),
            context,
            articles,
            background: vec![1.0; postings.len()],
            terms,
            names,
            postings,
            unit_article,
            lengths,
            average_length,
            penalty,
            synonyms,
            grams,
            max_idf: ((n + 0.5) / 1.5 + 1.0).ln(),
        }
    }

    /// Learns from the consultation's opinions which of the draft's words tell little about an
    /// opinion because nearly every opinion uses them (物业, 小区, 业主 in a consultation on
    /// property management): such words then weigh less in the similarity. Deterministic:
    /// the same texts give the same weights in any order.
    pub fn learn<S: AsRef<str> + Sync>(&mut self, texts: &[S]) {
        let count = |mut df: Vec<u32>, text: &S| {
            let mut seen: Vec<u32> = Vec::new();
            each_term(&self.segmenter, text.as_ref(), |term, w| {
                if w >= 1.0
                    && let Some(&id) = self.terms.get(term)
                {
                    seen.push(id);
                }
            });
            seen.sort_unstable();
            seen.dedup();
            for id in seen {
                df[id as usize] += 1;
            }
            df
        };
        let size = self.postings.len();
        // Shares need no more than a few thousand texts: an even, fixed sample of a large
        // consultation gives the same weights to within a percent, at a fraction of the cost.
        let step = texts.len().div_ceil(LEARN_SAMPLE).max(1);
        let sample: Vec<&S> = texts.iter().step_by(step).collect();
        let df = sample.par_iter().map(|t| *t).fold(|| vec![0u32; size], count).reduce(
            || vec![0u32; size],
            |mut a, b| {
                for (x, y) in a.iter_mut().zip(b) {
                    *x += y;
                }
                a
            },
        );
        let n = sample.len();
        if n == 0 {
            return;
        }
        let n = n as f32;
        // A word in every opinion weighs BACKGROUND_FLOOR; one in few keeps its full weight.
        self.background = df
            .iter()
            .map(|&d| {
                let share = d as f32 / n;
                (1.0 - share).max(0.0) * (1.0 - BACKGROUND_FLOOR) + BACKGROUND_FLOOR
            })
            .collect();
    }

    /// The articles of the draft, as (number, 之N), in document order.
    pub fn articles(&self) -> &[(u32, Option<u32>)] {
        &self.articles
    }

    /// Files one opinion. `text` should be normalised ([`Normalizer`]); spans in the result
    /// are byte offsets into it. `column` is the sheet's 涉及条款 value, when there is one: it
    /// counts as a citation of the whole opinion, and 总体/总体意见/无 there means general.
    pub fn assign(&self, text: &str, column: Option<&str>) -> Assignment {
        self.assign_titled(None, text, column)
    }

    /// [`Assigner::assign`] for an opinion with a subject line (标题, 留言主题): the title's
    /// citations count for every part, and its words join every part's similarity query.
    pub fn assign_titled(
        &self,
        title: Option<&str>,
        text: &str,
        column: Option<&str>,
    ) -> Assignment {
        let title = title.map(|t| self.normalizer.normalize(t).as_str().to_owned());
        let title = title.as_deref().filter(|t| !t.trim().is_empty());
        let citations = self.citer.extract(text, &self.context);
        let cited: Vec<Cited> = citations
            .targets()
            .filter(|c| c.law() == Law::Draft && matches!(c.role(), Role::Target | Role::Anchor))
            .filter(|c| c.relative().is_none())
            .filter_map(|c| {
                let from = c.article()?;
                let to = c.range_to().filter(|&to| to > from && to - from < 50).unwrap_or(from);
                Some(Cited {
                    span: c.span(),
                    from,
                    sub: c.article_sub(),
                    to,
                    written: c.as_str().into(),
                })
            })
            .collect();
        // Citations of articles the draft does not have (another version's numbering, a
        // typo): reported, never clamped to an article that exists.
        let mut unresolved: Vec<String> = cited
            .iter()
            .filter(|c| {
                (c.from..=c.to)
                    .any(|n| self.position(n, if n == c.from { c.sub } else { None }).is_none())
            })
            .map(|c| c.written.clone())
            .collect();
        let mut column_cited = column.map(|value| self.column(value)).unwrap_or_default();
        if let Some(value) = column
            && column_cited.is_empty()
            && !is_general_column(value)
            && value.chars().any(|c| c.is_ascii_digit() || c == '条')
        {
            unresolved.push(value.trim().to_owned());
        }
        unresolved.dedup();
        if let Some(title) = title {
            for c in self.citer.extract(title, &self.context).targets() {
                if c.law() == Law::Draft
                    && matches!(c.role(), Role::Target | Role::Anchor)
                    && let Some(n) = c.article()
                    && self.position(n, c.article_sub()).is_some()
                    && !column_cited.iter().any(|f| f.0 == n)
                {
                    column_cited.push((n, c.article_sub(), c.as_str().to_owned()));
                }
            }
        }

        let parts = parts(text);
        let lead_in = parts.first().map_or(0, |p| p.start);
        let lead_cites: Vec<&Cited> = cited.iter().filter(|c| c.span.start < lead_in).collect();
        let mut segments = Vec::with_capacity(parts.len().max(1));
        let spans = if parts.is_empty() { std::iter::once(0..text.len()).collect() } else { parts };
        for span in spans {
            let mut own: Vec<&Cited> =
                cited.iter().filter(|c| span.contains(&c.span.start)).collect();
            if own.is_empty() {
                own.clone_from(&lead_cites);
            }
            let mut candidates: Vec<Candidate> = Vec::new();
            for c in own {
                for number in c.from..=c.to {
                    let sub = if number == c.from { c.sub } else { None };
                    if self.position(number, sub).is_some() {
                        push_best(
                            &mut candidates,
                            Candidate {
                                article: number,
                                sub,
                                score: 1.0,
                                evidence: Evidence::Citation {
                                    written: c.written.clone(),
                                    span: Some(c.span.clone()),
                                },
                            },
                        );
                    }
                }
            }
            for (number, sub, written) in &column_cited {
                push_best(
                    &mut candidates,
                    Candidate {
                        article: *number,
                        sub: *sub,
                        score: 1.0,
                        evidence: Evidence::Citation { written: written.clone(), span: None },
                    },
                );
            }
            for candidate in self.quotes(&text[span.clone()], span.start) {
                push_best(&mut candidates, candidate);
            }
            for candidate in self.similar(&text[span.clone()], title) {
                push_best(&mut candidates, candidate);
            }
            candidates.sort_by(Candidate::rank);
            let assigned = self.decide(&candidates, column.is_some_and(is_general_column));
            candidates.truncate(self.options.candidates);
            segments.push(Segment { span, assigned, candidates });
        }
        Assignment { segments, unresolved }
    }

    /// Which candidates are assigned: every citation; else the quotes; else the best similar
    /// article if it clears the threshold.
    fn decide(&self, ranked: &[Candidate], general: bool) -> Vec<Candidate> {
        let cited: Vec<Candidate> =
            ranked.iter().filter(|c| c.evidence.is_citation()).cloned().collect();
        if !cited.is_empty() {
            return cited;
        }
        if general {
            return Vec::new();
        }
        let quotes: Vec<&Candidate> =
            ranked.iter().filter(|c| matches!(c.evidence, Evidence::Quote { .. })).collect();
        if let Some(best) = quotes.first() {
            return quotes
                .iter()
                .filter(|c| c.score >= best.score - 0.2)
                .map(|c| (*c).clone())
                .collect();
        }
        let second = ranked.get(1).map_or(0.0, |c| c.score);
        ranked
            .first()
            .filter(|c| {
                c.score >= self.options.threshold && c.score >= (1.0 + self.options.margin) * second
            })
            .cloned()
            .into_iter()
            .collect()
    }

    fn position(&self, number: u32, sub: Option<u32>) -> Option<usize> {
        self.articles.iter().position(|&(n, s)| n == number && s == sub)
    }

    /// Articles named in a 涉及条款 cell: 第二十三条, 23, 第46条第1款，第48条.
    fn column(&self, value: &str) -> Vec<(u32, Option<u32>, String)> {
        let value = self.normalizer.normalize(value);
        let value = value.as_str().trim();
        if value.is_empty() || is_general_column(value) {
            return Vec::new();
        }
        let mut found = Vec::new();
        let mut add = |n: u32, sub: Option<u32>| {
            if self.position(n, sub).is_some() && !found.iter().any(|f: &(u32, _, _)| f.0 == n) {
                found.push((n, sub, value.to_owned()));
            }
        };
        if value.chars().all(|c| c.is_ascii_digit() || matches!(c, ',' | '，' | '、' | ' ')) {
            for n in value.split(|c: char| !c.is_ascii_digit()).filter_map(|s| s.parse().ok()) {
                add(n, None);
            }
            return found;
        }
        for c in self.citer.extract(value, &self.context).targets() {
            if c.law() == Law::Draft
                && let Some(n) = c.article()
            {
                add(n, c.article_sub());
            }
        }
        found
    }

    /// Runs of the articles' own wording in `part`.
    fn quotes(&self, part: &str, offset: usize) -> Vec<Candidate> {
        let chars: Vec<(usize, char)> = part.char_indices().collect();
        if chars.len() < GRAM {
            return Vec::new();
        }
        let window: Vec<char> = chars.iter().map(|&(_, c)| c).collect();
        // Per article: (start gram, last gram, specific) of the current run and of the best.
        let mut runs: FxHashMap<u32, (usize, usize, bool)> = FxHashMap::default();
        let mut best: FxHashMap<u32, (usize, usize)> = FxHashMap::default();
        let close = |a: u32, run: (usize, usize, bool), best: &mut FxHashMap<u32, _>| {
            let (start, last, specific) = run;
            let length = last - start + GRAM;
            if specific && length >= self.options.quote_chars {
                let entry = best.entry(a).or_insert((start, last));
                if length > entry.1 - entry.0 + GRAM {
                    *entry = (start, last);
                }
            }
        };
        for (i, gram) in window.windows(GRAM).enumerate() {
            let Some(list) = self.grams.get(&pack(gram)) else { continue };
            let specific = list.len() <= COMMON_GRAM;
            for &a in list {
                let run = runs.entry(a).or_insert((i, i, false));
                if run.1 + 1 == i || run.0 == i {
                    run.1 = i;
                    run.2 |= specific;
                } else {
                    let done = *run;
                    *run = (i, i, specific);
                    close(a, done, &mut best);
                }
            }
        }
        for (a, run) in runs {
            close(a, run, &mut best);
        }
        let mut found: Vec<Candidate> = best
            .into_iter()
            .map(|(a, (start, last))| {
                let length = last - start + GRAM;
                let from = chars[start].0;
                let to = chars.get(last + GRAM).map_or(part.len(), |&(b, _)| b);
                let (number, sub) = self.articles[a as usize];
                let extra = (length - self.options.quote_chars) as f32 / 12.0;
                Candidate {
                    article: number,
                    sub,
                    score: 0.6 + 0.35 * extra.min(1.0),
                    evidence: Evidence::Quote {
                        quoted: part[from..to].to_owned(),
                        span: offset + from..offset + to,
                    },
                }
            })
            .collect();
        found.sort_by(Candidate::rank);
        found
    }

    /// BM25 of `part` against every article, as a share of the best score its terms could earn.
    fn similar(&self, part: &str, title: Option<&str>) -> Vec<Candidate> {
        let mut query: Vec<(u32, f32)> = Vec::new();
        // Words of the opinion the draft never uses, each counted once: what the articles
        // cannot explain.
        let mut unknown: Vec<&str> = Vec::new();
        for (text, weight) in title.map(|t| (t, TITLE)).into_iter().chain([(part, 1.0)]) {
            each_term(&self.segmenter, text, |term, w| {
                if let Some(&id) = self.terms.get(term) {
                    query.push((id, w * weight));
                } else if w >= 1.0 && term.chars().count() > 1 {
                    unknown.push(term);
                }
            });
            for synonym in &self.synonyms {
                if text.contains(&*synonym.word) {
                    query.extend(synonym.terms.iter().map(|&(id, w)| (id, w * weight)));
                }
            }
        }
        // One entry per term: its largest weight, raised by how often the opinion repeats it.
        query.sort_unstable_by(|a, b| a.0.cmp(&b.0).then_with(|| b.1.total_cmp(&a.1)));
        let mut merged: Vec<(u32, f32)> = Vec::with_capacity(query.len());
        let mut k = 0;
        while k < query.len() {
            let (id, w) = query[k];
            let repeats = query[k..].iter().take_while(|q| q.0 == id).count();
            let w = w * self.background[id as usize];
            merged.push((id, w * (1.0 + REPEAT * (repeats as f32).ln())));
            k += repeats;
        }
        let query = merged;
        if query.is_empty() {
            return Vec::new();
        }
        let about_penalties =
            PENALTY_WORDS.iter().any(|w| part.contains(w) || title.is_some_and(|t| t.contains(w)));
        let (k1, b) = (self.options.k1, self.options.b);
        let mut scores = vec![0.0f32; self.lengths.len()];
        unknown.sort_unstable();
        unknown.dedup();
        let mut attainable = UNKNOWN * self.max_idf * unknown.len() as f32;
        for &(t, w) in &query {
            let posting = &self.postings[t as usize];
            attainable += w * posting.idf;
            for &(u, f) in &posting.docs {
                let norm = k1 * (1.0 - b + b * self.lengths[u as usize] / self.average_length);
                scores[u as usize] += w * posting.idf * f / (f + norm);
            }
        }
        // Each article by its best unit.
        let mut best: Vec<(f32, u32)> = vec![(0.0, u32::MAX); self.articles.len()];
        let mut second: Vec<f32> = vec![0.0; self.articles.len()];
        for (u, &score) in scores.iter().enumerate() {
            let a = self.unit_article[u] as usize;
            let score =
                if self.penalty[a] && !about_penalties { score * PENALTY_DISCOUNT } else { score };
            if score > best[a].0 {
                second[a] = best[a].0;
                best[a] = (score, u as u32);
            } else if score > second[a] {
                second[a] = score;
            }
        }
        for (b, s) in best.iter_mut().zip(&second) {
            b.0 += SECOND_UNIT * s;
        }
        let mut found: Vec<Candidate> = best
            .iter()
            .enumerate()
            .filter(|&(_, &(s, _))| s > 0.0)
            .map(|(a, &(s, unit))| {
                let (number, sub) = self.articles[a];
                let mut terms: Vec<(f32, &str)> = query
                    .iter()
                    .filter(|&&(t, w)| {
                        w >= 1.0 && self.postings[t as usize].docs.iter().any(|&(u, _)| u == unit)
                    })
                    .map(|&(t, _)| (self.postings[t as usize].idf, &*self.names[t as usize]))
                    .collect();
                terms.sort_by(|x, y| y.0.total_cmp(&x.0).then_with(|| x.1.cmp(y.1)));
                Candidate {
                    article: number,
                    sub,
                    score: (s / attainable).min(1.0),
                    evidence: Evidence::Similarity {
                        terms: terms.into_iter().take(5).map(|(_, t)| t.to_owned()).collect(),
                    },
                }
            })
            .collect();
        found.sort_by(Candidate::rank);
        found.truncate(self.options.candidates * 2);
        found
    }
}

fn is_penalty_chapter(title: &str) -> bool {
    title.contains("法律责任") || title.contains("罚则")
}

/// The terms of a text: its content words, and the two-character pieces of its longer words at
/// half weight, so 头盔 in an opinion meets 安全头盔 in the article.
fn each_term<'t>(segmenter: &Segmenter, text: &'t str, mut f: impl FnMut(&'t str, f32)) {
    for token in segmenter.segment(text) {
        // Numbers are dates, amounts and house numbers, not subjects.
        if token.kind() != TokenKind::Word
            || token.text().bytes().any(|b| b.is_ascii_alphanumeric())
        {
            continue;
        }
        let word = token.text();
        f(word, 1.0);
        let starts: Vec<usize> = word.char_indices().map(|(i, _)| i).collect();
        if starts.len() >= 3 {
            for k in 0..starts.len() - 1 {
                let end = starts.get(k + 2).copied().unwrap_or(word.len());
                f(&word[starts[k]..end], SUB_WORD);
            }
        }
    }
}

fn is_general_column(value: &str) -> bool {
    matches!(value.trim(), "总体" | "总体意见" | "综合" | "无" | "全文" | "整体" | "通篇")
}

/// Adds a candidate or keeps the stronger of it and the one already there for its article.
fn push_best(candidates: &mut Vec<Candidate>, candidate: Candidate) {
    match candidates.iter_mut().find(|c| c.article == candidate.article && c.sub == candidate.sub) {
        Some(old) => {
            if Candidate::rank(&candidate, old) == Ordering::Less {
                *old = candidate;
            }
        }
        None => candidates.push(candidate),
    }
}

/// Up to 5 chars of UTF-32 packed in 21 bits each.
fn pack(chars: &[char]) -> u128 {
    chars.iter().fold(0u128, |acc, &c| (acc << 21) | c as u128)
}

/// The parts of an opinion that takes up several points in a numbered sequence, or nothing
/// when it is one piece. The parts run from one marker to the next; the lead-in before the
/// first marker belongs to none.
fn parts(text: &str) -> Vec<Range<usize>> {
    let mut markers: Vec<(Style, u32, usize)> = Vec::new();
    let mut prev: Option<char> = None;
    for (i, c) in text.char_indices() {
        let at_boundary = prev.is_none_or(|p| {
            matches!(
                p,
                '\n' | '。' | '；' | ';' | '：' | ':' | '，' | ',' | ' ' | '　' | '！' | '？'
            )
        });
        if at_boundary && let Some((style, n)) = marker(&text[i..]) {
            markers.push((style, n, i));
        }
        prev = Some(c);
    }
    // The longest run 1, 2, 3… of one style.
    let mut best: Vec<usize> = Vec::new();
    for style in Style::ALL {
        let mut run: Vec<usize> = Vec::new();
        for &(s, n, at) in &markers {
            if s != style {
                continue;
            }
            if n as usize == run.len() + 1 {
                run.push(at);
            } else if n == 1 && run.len() < 2 {
                run = vec![at];
            }
        }
        if run.len() >= 2 && run.len() > best.len() {
            best = run;
        }
    }
    let mut parts = Vec::with_capacity(best.len());
    for (k, &start) in best.iter().enumerate() {
        let end = best.get(k + 1).copied().unwrap_or(text.len());
        parts.push(start..end);
    }
    parts
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Style {
    /// 一、
    Ordinal,
    /// （一）
    Bracketed,
    /// 第一，
    First,
    /// 1. or 1、
    Digit,
    /// （1）
    BracketedDigit,
    /// ①
    Circled,
}

impl Style {
    const ALL: [Style; 6] = [
        Style::Ordinal,
        Style::Bracketed,
        Style::First,
        Style::Digit,
        Style::BracketedDigit,
        Style::Circled,
    ];
}

/// The list marker `s` starts with, and its number.
fn marker(s: &str) -> Option<(Style, u32)> {
    let mut chars = s.chars();
    let first = chars.next()?;
    if let Some(n) = ('①'..='⑳').contains(&first).then(|| first as u32 - '①' as u32 + 1) {
        return Some((Style::Circled, n));
    }
    let small = |c: char| "一二三四五六七八九十".find(c).map(|i| (i / 3) as u32 + 1);
    match first {
        '（' | '(' => {
            let inner = chars.next()?;
            let close = chars.next()?;
            if !matches!(close, '）' | ')') {
                return None;
            }
            if let Some(n) = small(inner) {
                return Some((Style::Bracketed, n));
            }
            inner.to_digit(10).filter(|&n| n > 0).map(|n| (Style::BracketedDigit, n))
        }
        '第' | '其' => {
            let n = small(chars.next()?)?;
            matches!(chars.next()?, '，' | ',' | '：' | ':').then_some((Style::First, n))
        }
        _ => {
            if let Some(n) = small(first) {
                return (chars.next()? == '、').then_some((Style::Ordinal, n));
            }
            let n = first.to_digit(10).filter(|&n| n > 0)?;
            let after = chars.next()?;
            let next = chars.next();
            let is_marker = matches!(after, '、' | '．')
                || (after == '.' && next.is_some_and(|c| !c.is_ascii_digit()));
            is_marker.then_some((Style::Digit, n))
        }
    }
}

/// Where one opinion belongs: one [`Segment`] per part it takes up (one for most opinions).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Assignment {
    segments: Vec<Segment>,
    unresolved: Vec<String>,
}

impl Assignment {
    /// An opinion filed under 总体意见 before any analysis (no draft given).
    pub fn general(text: &str) -> Assignment {
        Assignment {
            segments: vec![Segment {
                span: 0..text.len(),
                assigned: Vec::new(),
                candidates: Vec::new(),
            }],
            unresolved: Vec::new(),
        }
    }

    /// Citations of the draft that name an article it does not have (第九十九条 in a draft of
    /// fifty; perhaps another version's numbering), as written.
    pub fn unresolved(&self) -> &[String] {
        &self.unresolved
    }

    /// Its parts, in text order; at least one.
    pub fn segments(&self) -> &[Segment] {
        &self.segments
    }

    /// The articles it is filed under, over all its parts, in order of first appearance.
    pub fn articles(&self) -> impl Iterator<Item = (u32, Option<u32>)> + '_ {
        let mut seen: Vec<(u32, Option<u32>)> = Vec::new();
        self.segments.iter().flat_map(|s| s.assigned.iter()).filter_map(move |c| {
            let key = (c.article, c.sub);
            (!seen.contains(&key)).then(|| {
                seen.push(key);
                key
            })
        })
    }

    /// Every article it may concern, best first: those it is filed under, then the other
    /// candidates of its parts.
    pub fn ranked(&self) -> Vec<(u32, Option<u32>)> {
        let mut out: Vec<(u32, Option<u32>)> = self.articles().collect();
        for segment in &self.segments {
            for c in &segment.candidates {
                if !out.contains(&(c.article, c.sub)) {
                    out.push((c.article, c.sub));
                }
            }
        }
        out
    }

    /// Whether it is filed under no article (总体意见).
    pub fn is_general(&self) -> bool {
        self.segments.iter().all(|s| s.assigned.is_empty())
    }
}

/// One part of an opinion and where it belongs.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Segment {
    span: Range<usize>,
    assigned: Vec<Candidate>,
    candidates: Vec<Candidate>,
}

impl Segment {
    /// Its byte span in the (normalised) opinion.
    pub fn span(&self) -> Range<usize> {
        self.span.clone()
    }

    /// The articles it is filed under, strongest first; empty for 总体意见.
    pub fn assigned(&self) -> &[Candidate] {
        &self.assigned
    }

    /// The best-ranked articles, whether assigned or not.
    pub fn candidates(&self) -> &[Candidate] {
        &self.candidates
    }
}

/// An article an opinion may concern, with a score in `[0, 1]` and the evidence.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Candidate {
    article: u32,
    #[serde(rename = "article_sub")]
    sub: Option<u32>,
    score: f32,
    evidence: Evidence,
}

impl Candidate {
    /// The article's number.
    pub fn article(&self) -> u32 {
        self.article
    }

    /// N of 第…条之N.
    pub fn sub(&self) -> Option<u32> {
        self.sub
    }

    /// 1 for a citation, 0.6 to 0.95 for a quote by its length, the BM25 share for similarity.
    pub fn score(&self) -> f32 {
        self.score
    }

    /// Why.
    pub fn evidence(&self) -> &Evidence {
        &self.evidence
    }

    /// Citations first, then by score, then by article.
    fn rank(a: &Candidate, b: &Candidate) -> Ordering {
        b.evidence
            .strength()
            .cmp(&a.evidence.strength())
            .then_with(|| b.score.total_cmp(&a.score))
            .then_with(|| (a.article, a.sub).cmp(&(b.article, b.sub)))
    }
}

/// Why an opinion is filed under an article.
#[non_exhaustive]
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Evidence {
    /// It names the article: the citation as written and its span, or no span when it comes
    /// from the sheet's 涉及条款 column.
    Citation {
        /// As written: `第46条第1款`.
        written: String,
        /// Byte span in the opinion.
        span: Option<Range<usize>>,
    },
    /// It repeats the article's wording.
    Quote {
        /// The repeated wording.
        quoted: String,
        /// Byte span in the opinion.
        span: Range<usize>,
    },
    /// It shares the article's terms (the rarest first).
    Similarity {
        /// Up to five shared terms.
        terms: Vec<String>,
    },
}

impl Evidence {
    /// `citation`, `quote` or `similarity`, as in `analysis.json`.
    pub fn name(&self) -> &'static str {
        match self {
            Evidence::Citation { .. } => "citation",
            Evidence::Quote { .. } => "quote",
            Evidence::Similarity { .. } => "similarity",
        }
    }

    fn is_citation(&self) -> bool {
        matches!(self, Evidence::Citation { .. })
    }

    fn strength(&self) -> u8 {
        match self {
            Evidence::Citation { .. } => 2,
            Evidence::Quote { .. } => 1,
            Evidence::Similarity { .. } => 0,
        }
    }
}
