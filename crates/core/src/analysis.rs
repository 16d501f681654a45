//! The whole analysis of one consultation: [`Pipeline`] runs the stages on a draft and its
//! opinions and returns an [`Analysis`], which writes `analysis.json`.

use std::io::Write;
use std::ops::Range;
use std::sync::Arc;

use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde::Serialize;

use crate::assign::{AssignBuilder, Assignment, Candidate, Evidence, Segment};
use crate::cluster::{Clusterer, ClustererBuilder, DistinctPoint, TermStats};
use crate::dedup::{Dedup, Deduper, DuplicateGroup, GroupId, GroupKind};
use crate::draft::Draft;
use crate::error::{Error, ErrorKind, Result};
use crate::normalize::Normalizer;
use crate::opinion::{Field, Opinion, OpinionId, RowCounts, RowStatus};
use crate::privacy::{Redacted, Redactor};
use crate::segment::Segmenter;

#[cfg(test)]
mod tests;

/// The version of the `analysis.json` schema written by [`Analysis::write_json`].
pub const SCHEMA: u32 = 1;

/// The stages of a run, as reported to a [`Progress`].
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stage {
    /// Finding copies.
    Dedup,
    /// Filing each distinct opinion under its articles.
    Assign,
    /// Grouping the points inside each article.
    Cluster,
    /// Writing opinions into the searchable archive.
    Archive,
}

impl Stage {
    /// A short name for a progress bar.
    pub fn name(self) -> &'static str {
        match self {
            Stage::Dedup => "dedup",
            Stage::Assign => "assign",
            Stage::Cluster => "cluster",
            Stage::Archive => "archive",
        }
    }
}

/// Told how a run advances, from several threads at once; for a progress bar.
pub trait Progress: Sync {
    /// A stage starts with `total` units of work.
    fn start(&self, stage: Stage, total: u64) {
        let _ = (stage, total);
    }

    /// `n` more units are done.
    fn advance(&self, n: u64) {
        let _ = n;
    }
}

/// A [`Progress`] that ignores everything.
#[derive(Clone, Copy, Debug, Default)]
pub struct Silent;

impl Progress for Silent {}

/// Options of a [`Pipeline`], checked by [`PipelineBuilder::build`].
#[derive(Clone, Debug, Default)]
pub struct PipelineBuilder {
    segmenter: Option<Segmenter>,
    normalizer: Normalizer,
    deduper: Option<Deduper>,
    assign: AssignBuilder,
    cluster: ClustererBuilder,
    use_article_column: bool,
    redactor: Option<Redactor>,
    redact_names: bool,
}

impl PipelineBuilder {
    /// The defaults: the bundled legal dictionary and stop words, default stage options, and
    /// the sheet's 涉及条款 column taken into account.
    pub fn new() -> PipelineBuilder {
        PipelineBuilder {
            use_article_column: true,
            redactor: Some(Redactor::new()),
            ..PipelineBuilder::default()
        }
    }

    /// The segmenter (with its user dictionary and stop words).
    pub fn segmenter(&mut self, segmenter: Segmenter) -> &mut PipelineBuilder {
        self.segmenter = Some(segmenter);
        self
    }

    /// The normaliser (for instance with traditional characters folded to simplified).
    pub fn normalizer(&mut self, normalizer: Normalizer) -> &mut PipelineBuilder {
        self.normalizer = normalizer;
        self
    }

    /// The duplicate finder.
    pub fn deduper(&mut self, deduper: Deduper) -> &mut PipelineBuilder {
        self.deduper = Some(deduper);
        self
    }

    /// The assignment options, checked against the draft when the pipeline runs.
    pub fn assign(&mut self, options: AssignBuilder) -> &mut PipelineBuilder {
        self.assign = options;
        self
    }

    /// The clustering options.
    pub fn cluster(&mut self, options: ClustererBuilder) -> &mut PipelineBuilder {
        self.cluster = options;
        self
    }

    /// Whether the sheet's 涉及条款 column ([`Field::Article`]) counts as a citation
    /// (default yes).
    pub fn use_article_column(&mut self, yes: bool) -> &mut PipelineBuilder {
        self.use_article_column = yes;
        self
    }

    /// How personal data is removed from the texts `analysis.json` carries (default: every
    /// kind, with [`Redactor::new`]); `None` keeps the texts as they came in, for use inside
    /// the office only.
    pub fn redactor(&mut self, redactor: Option<Redactor>) -> &mut PipelineBuilder {
        self.redactor = redactor;
        self
    }

    /// Whether the submitter's own name is also removed from the text (default no).
    pub fn redact_names(&mut self, yes: bool) -> &mut PipelineBuilder {
        self.redact_names = yes;
        self
    }

    /// Checks the options.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Config`] when an option of a stage is out of range.
    pub fn build(&self) -> Result<Pipeline> {
        let clusterer = self.cluster.build()?;
        // Assignment options are checked here, on an empty draft, so that a bad option fails
        // before any opinion is read.
        let segmenter = self.segmenter.clone().unwrap_or_default();
        let empty = Draft::parse("第一条 检查。").map_err(|e| {
            Error::new(ErrorKind::Config, format!("cannot check the assignment options: {e}"))
        })?;
        self.assign.build(&empty, &segmenter)?;
        Ok(Pipeline {
            segmenter,
            normalizer: self.normalizer.clone(),
            deduper: self.deduper.clone().unwrap_or_default(),
            assign: self.assign.clone(),
            clusterer,
            use_article_column: self.use_article_column,
            redactor: self.redactor.clone(),
            redact_names: self.redact_names,
        })
    }
}

/// The analysis of a consultation, built once and run on any number of drafts and opinions.
///
/// ```
/// use minyi_core::{Draft, Opinion, Pipeline, Source};
///
/// let draft = Draft::parse(
///     "滨江市电动自行车管理条例\n\
///      第一条 为了加强电动自行车管理，制定本条例。\n\
///      第二条 住宅小区应当设置集中充电设施，禁止在楼道内停放电动自行车或者充电。\n\
///      第三条 驾驶电动自行车应当佩戴安全头盔。",
/// )?;
/// let opinions = vec![
///     Opinion::new("1", "建议第三条增加儿童乘车也要戴头盔。", Source::new("意见.csv", 2)),
///     Opinion::new("2", "建议第三条增加儿童乘车也要戴头盔。", Source::new("意见.csv", 3)),
///     Opinion::new("3", "“禁止在楼道内停放电动自行车”执行起来很难。", Source::new("意见.csv", 4)),
///     Opinion::new("4", "总体赞成，希望早日出台。", Source::new("意见.csv", 5)),
/// ];
/// let analysis = Pipeline::new()?.run(Some(&draft), &opinions);
/// assert_eq!(analysis.opinions()[1].articles().collect::<Vec<_>>(), [(3, None)]);
/// assert_eq!(analysis.dedup().groups().len(), 1);
/// assert!(analysis.opinions()[3].is_general());
///
/// let mut json = Vec::new();
/// analysis.write_json(&opinions, &mut json)?;
/// assert!(String::from_utf8(json).unwrap().starts_with("{\"schema\":1,"));
/// # Ok::<(), minyi_core::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct Pipeline {
    segmenter: Segmenter,
    normalizer: Normalizer,
    deduper: Deduper,
    assign: AssignBuilder,
    clusterer: Clusterer,
    use_article_column: bool,
    redactor: Option<Redactor>,
    redact_names: bool,
}

impl Pipeline {
    /// A pipeline with the default options.
    ///
    /// # Errors
    ///
    /// None with the defaults; the signature matches [`PipelineBuilder::build`].
    pub fn new() -> Result<Pipeline> {
        PipelineBuilder::new().build()
    }

    /// The options.
    pub fn builder() -> PipelineBuilder {
        PipelineBuilder::new()
    }

    /// Analyses the opinions against the draft (or, without one, files everything under
    /// 总体意见 and still finds copies and topics).
    pub fn run(&self, draft: Option<&Draft>, opinions: &[Opinion]) -> Analysis {
        self.run_with(draft, opinions, &Silent)
    }

    /// [`Pipeline::run`], reporting progress.
    pub fn run_with(
        &self,
        draft: Option<&Draft>,
        opinions: &[Opinion],
        progress: &dyn Progress,
    ) -> Analysis {
        progress.start(Stage::Dedup, opinions.len() as u64);
        let dedup = self.deduper.run(opinions);
        progress.advance(opinions.len() as u64);

        // Who decides for whom: a group's representative for every member.
        let index: FxHashMap<&str, usize> =
            opinions.iter().enumerate().rev().map(|(i, o)| (o.id().as_str(), i)).collect();
        let mut group_of: Vec<Option<usize>> = vec![None; opinions.len()];
        let mut decides: Vec<usize> = (0..opinions.len()).collect();
        for (g, group) in dedup.groups().iter().enumerate() {
            let representative = index.get(group.representative().as_str()).copied();
            for member in group.members() {
                if let Some(&m) = index.get(member.as_str()) {
                    group_of[m] = Some(g);
                    if let Some(r) = representative {
                        decides[m] = r;
                    }
                }
            }
        }
        let distinct: Vec<usize> = (0..opinions.len())
            .filter(|&i| opinions[i].status().is_ok() && decides[i] == i)
            .collect();
        let weight = |i: usize| group_of[i].map_or(1, |g| dedup.groups()[g].count());

        progress.start(Stage::Assign, distinct.len() as u64);
        let texts: Vec<String> = distinct
            .par_iter()
            .map(|&i| self.normalizer.normalize(opinions[i].text()).as_str().to_owned())
            .collect();
        let mut assigner = draft.and_then(|d| self.assign.build(d, &self.segmenter).ok());
        if let Some(assigner) = &mut assigner {
            assigner.learn(&texts);
        }
        let assigned: Vec<(String, Assignment)> = texts
            .into_par_iter()
            .zip(distinct.par_iter())
            .map(|(text, &i)| {
                let assignment = match &assigner {
                    Some(assigner) => {
                        let column =
                            opinions[i].field(Field::Article).filter(|_| self.use_article_column);
                        assigner.assign_titled(opinions[i].field(Field::Title), &text, column)
                    }
                    None => Assignment::general(&text),
                };
                progress.advance(1);
                (text, assignment)
            })
            .collect();

        // The points to cluster: each part of each distinct opinion, under each article it is
        // filed under (or 总体意见).
        progress.start(Stage::Cluster, distinct.len() as u64);
        let mut points: Vec<Point> = Vec::new();
        for (k, (_, assignment)) in assigned.iter().enumerate() {
            for (s, segment) in assignment.segments().iter().enumerate() {
                let keys: Vec<Option<(u32, Option<u32>)>> = if segment.assigned().is_empty() {
                    vec![None]
                } else {
                    segment.assigned().iter().map(|c| Some((c.article(), c.sub()))).collect()
                };
                for key in keys {
                    points.push(Point { bucket: key, distinct: k, segment: s });
                }
            }
        }
        // Points by bucket, each bucket's in their order: every bucket is one run, clustered
        // from a slice of the points without copying their terms.
        points.sort_by_cached_key(|p| bucket_order(p.bucket, draft));
        let input: Vec<DistinctPoint<'_>> = points
            .par_iter()
            .map(|p| {
                let (text, assignment) = &assigned[p.distinct];
                let span = assignment.segments()[p.segment].span();
                let terms = self.segmenter.segment(&text[span]);
                let terms = terms.iter().filter(|t| t.is_content()).map(|t| t.text());
                DistinctPoint::new(terms, weight(distinct[p.distinct]) as u64)
            })
            .collect();
        let stats = TermStats::new(input.iter().map(|p| p.terms().iter().copied()));
        let mut runs: Vec<(Bucket, Range<usize>)> = Vec::new();
        for (i, p) in points.iter().enumerate() {
            match runs.last_mut() {
                Some((bucket, run)) if *bucket == p.bucket => run.end = i + 1,
                _ => runs.push((p.bucket, i..i + 1)),
            }
        }
        let topics: Vec<Vec<TopicCluster>> = runs
            .par_iter()
            .map(|(bucket, run)| {
                let bucket = *bucket;
                // The points of this run: a topic member `m` is `points[run.start + m]`.
                let point = |m: usize| &points[run.start + m];
                let input = &input[run.clone()];
                let found = self.clusterer.cluster(&stats, input);
                found
                    .iter()
                    .enumerate()
                    .map(|(n, topic)| {
                        let id = topic_id(bucket, n + 1);
                        // Two parts of one opinion in one topic make one member.
                        let mut ids: Vec<usize> =
                            topic.members().iter().map(|&m| distinct[point(m).distinct]).collect();
                        ids.sort_unstable();
                        ids.dedup();
                        TopicCluster {
                            id,
                            article: bucket,
                            label: topic.label().to_owned(),
                            keywords: topic.keywords().to_vec(),
                            representative: opinions
                                [distinct[point(topic.representative()).distinct]]
                                .id()
                                .clone(),
                            distinct: ids.iter().map(|&i| opinions[i].id().clone()).collect(),
                            count: ids.iter().map(|&i| weight(i)).sum(),
                            parts: topic
                                .members()
                                .iter()
                                .map(|&m| {
                                    let p = point(m);
                                    (distinct[p.distinct], p.segment)
                                })
                                .collect(),
                        }
                    })
                    .collect()
            })
            .collect();
        let mut topics: Vec<TopicCluster> = topics.into_iter().flatten().collect();
        if self.redactor.is_some() {
            drop_names(&mut topics, opinions);
        }
        progress.advance(distinct.len() as u64);

        // The topic of each part of each deciding opinion (the first, for a part filed under
        // several articles).
        let mut slot = vec![usize::MAX; opinions.len()];
        for (k, &i) in distinct.iter().enumerate() {
            slot[i] = k;
        }
        let mut held: Vec<Vec<(usize, usize)>> = vec![Vec::new(); assigned.len()];
        for (t, topic) in topics.iter().enumerate() {
            for &(i, segment) in &topic.parts {
                held[slot[i]].push((segment, t));
            }
        }
        let filings: Vec<Arc<Filing>> = assigned
            .into_iter()
            .zip(held)
            .map(|((_, assignment), mut held)| {
                held.sort_unstable();
                let mut part_topics = vec![None; assignment.segments().len()];
                let mut topics: Vec<usize> = Vec::with_capacity(held.len());
                for (segment, t) in held {
                    part_topics[segment].get_or_insert(t);
                    if !topics.contains(&t) {
                        topics.push(t);
                    }
                }
                Arc::new(Filing { assignment, topics, part_topics })
            })
            .collect();
        let mut files: Vec<Arc<str>> = Vec::new();
        let results: Vec<OpinionResult> = opinions
            .iter()
            .enumerate()
            .map(|(i, o)| {
                let decider = o.status().is_ok().then_some(decides[i]);
                let name = o.source().file();
                if files.last().is_none_or(|f| &**f != name) {
                    files.push(
                        files
                            .iter()
                            .find(|f| &***f == name)
                            .cloned()
                            .unwrap_or_else(|| name.into()),
                    );
                }
                OpinionResult {
                    id: o.id().clone(),
                    index: i,
                    file: files.last().cloned().unwrap_or_else(|| name.into()),
                    row: o.source().row(),
                    status: o.status().clone(),
                    group: group_of[i].map(|g| dedup.groups()[g].id()),
                    decided_by: decider,
                    filing: decider.map(|d| Arc::clone(&filings[slot[d]])),
                }
            })
            .collect();
        Analysis {
            draft: draft.map(DraftSummary::of),
            counts: RowCounts::tally(opinions),
            opinions: results,
            dedup,
            topics,
            redactor: self.redactor.clone(),
            redact_names: self.redact_names,
        }
    }
}

/// Keywords that hold a submitter's name (王柏琳望, a name glued to the next word) are
/// personal data: they leave the keywords and the label.
fn drop_names(topics: &mut [TopicCluster], opinions: &[Opinion]) {
    let names: rustc_hash::FxHashSet<&str> = opinions
        .iter()
        .filter_map(|o| o.field(Field::Submitter))
        .map(str::trim)
        .filter(|n| (2..=4).contains(&n.chars().count()))
        .collect();
    if names.is_empty() {
        return;
    }
    let holds_name = |word: &str| {
        let starts: Vec<usize> = word.char_indices().map(|(i, _)| i).chain([word.len()]).collect();
        (0..starts.len()).any(|a| {
            (a + 2..=(a + 4).min(starts.len() - 1))
                .any(|b| names.contains(&word[starts[a]..starts[b]]))
        })
    };
    for topic in topics {
        if topic.keywords.iter().any(|k| holds_name(k)) {
            topic.keywords.retain(|k| !holds_name(k));
            topic.label = topic.keywords.iter().take(3).cloned().collect::<Vec<_>>().join("、");
        }
    }
}

/// Where a point is clustered: under an article (number, N of 之N), or 总体意见 (`None`).
type Bucket = Option<(u32, Option<u32>)>;

struct Point {
    bucket: Bucket,
    distinct: usize,
    segment: usize,
}

/// Articles in the draft's order, 总体意见 last.
fn bucket_order(bucket: Option<(u32, Option<u32>)>, draft: Option<&Draft>) -> (usize, u32, u32) {
    match bucket {
        None => (usize::MAX, 0, 0),
        Some((n, sub)) => {
            let position = draft
                .and_then(|d| d.articles().iter().position(|a| a.number() == n && a.sub() == sub))
                .unwrap_or(usize::MAX - 1);
            (position, n, sub.unwrap_or(0))
        }
    }
}

/// `t23-1` for the first topic under 第二十三条, `t23_1-2` under 第二十三条之一, `t0-1` in
/// 总体意见.
fn topic_id(bucket: Option<(u32, Option<u32>)>, n: usize) -> String {
    match bucket {
        None => format!("t0-{n}"),
        Some((article, None)) => format!("t{article}-{n}"),
        Some((article, Some(sub))) => format!("t{article}_{sub}-{n}"),
    }
}

/// The outcome of a [`Pipeline`] run.
#[derive(Clone, Debug)]
pub struct Analysis {
    draft: Option<DraftSummary>,
    counts: RowCounts,
    opinions: Vec<OpinionResult>,
    dedup: Dedup,
    topics: Vec<TopicCluster>,
    redactor: Option<Redactor>,
    redact_names: bool,
}

impl Analysis {
    /// Every opinion, in input order, whatever its status.
    pub fn opinions(&self) -> &[OpinionResult] {
        &self.opinions
    }

    /// The duplicate groups.
    pub fn dedup(&self) -> &Dedup {
        &self.dedup
    }

    /// The topics, by article in the draft's order, 总体意见 last.
    pub fn topics(&self) -> &[TopicCluster] {
        &self.topics
    }

    /// Rows by status.
    pub fn counts(&self) -> RowCounts {
        self.counts
    }

    /// Opinions (every copy) per article in the draft's order, with how many of them are
    /// distinct; articles no opinion concerns are left out.
    pub fn per_article(&self) -> Vec<ArticleCount> {
        let mut counts: FxHashMap<(u32, Option<u32>), ArticleCount> = FxHashMap::default();
        for o in &self.opinions {
            let Some(assignment) = o.assignment() else { continue };
            for (article, sub) in assignment.articles() {
                let entry = counts.entry((article, sub)).or_insert(ArticleCount {
                    article,
                    sub,
                    opinions: 0,
                    distinct: 0,
                    topics: 0,
                });
                entry.opinions += 1;
                entry.distinct += usize::from(o.decided_by == Some(o.index));
            }
        }
        for t in &self.topics {
            if let Some(key) = t.article
                && let Some(entry) = counts.get_mut(&key)
            {
                entry.topics += 1;
            }
        }
        let order: FxHashMap<(u32, Option<u32>), usize> = self
            .draft
            .iter()
            .flat_map(|d| d.articles.iter().enumerate().map(|(p, a)| ((a.article, a.sub), p)))
            .collect();
        let mut list: Vec<ArticleCount> = counts.into_values().collect();
        list.sort_by_key(|c| {
            (order.get(&(c.article, c.sub)).copied().unwrap_or(usize::MAX), c.article, c.sub)
        });
        list
    }

    /// Analysed opinions (every copy) filed under no article.
    pub fn general(&self) -> usize {
        self.opinions.iter().filter(|o| o.is_general()).count()
    }

    /// Writes `analysis.json`: schema [`SCHEMA`], fields in a fixed order, ids as given.
    ///
    /// ```json
    /// {"schema": 1,
    ///  "draft": {"title", "stage", "articles": [{"article", "article_sub", "label", "chapter", "title", "text"}], "warnings"},
    ///  "opinions": [{"id", "file", "row", "status", "group", "cluster", "clusters",
    ///                "articles": [{"article", "article_sub", "score", "evidence", "detail"}],
    ///                "candidates": [the top five, same shape],
    ///                "segments": [{"start", "end", "articles": [...], "cluster"}],
    ///                "unresolved": [citations of articles the draft does not have],
    ///                "text": the text with personal data replaced by 【手机号】…,
    ///                "redactions": [{"kind", "start", "end", "digest"}],
    ///                "meta": {"title", "submitter_group", "contact_point", "collector", "channel", "date", "article_column"}}],
    ///  "groups": [{"id", "kind", "representative", "count", "members", "submitter_count", "submitters", "channels", "contact_points", "template"}],
    ///  "clusters": [{"id", "article", "article_sub", "label", "keywords", "representative", "count", "members", "distinct"}],
    ///  "summary": {"rows", "analysed", "distinct", "copies", "groups", "campaigns", "general", "general_share", "articles"}}
    /// ```
    ///
    /// `status` is `ok` or what is wrong with the row; `group` and `cluster` are `null` for an
    /// opinion in none (`cluster` is the topic of its first part, `clusters` every topic it is
    /// in, one per article it is filed under); a copy carries its group representative's
    /// articles and topics; a
    /// group's `submitters` (names) are listed only when nothing is redacted, `submitter_count`
    /// always; a topic's keywords never hold a submitter's name unless nothing is redacted; a
    /// cluster's `members` are all its opinions, copies included, and `distinct` the ones left
    /// once copies are merged (`count` = `members` when no opinion is in it twice); `evidence` is
    /// `citation`, `quote` or `similarity` and `detail` the citation as written, the quoted
    /// wording or the shared terms; `segments` has one entry per part of an opinion that takes
    /// up several points in turn (一、… 二、…), with byte offsets into the normalised text.
    ///
    /// `opinions` must be those the analysis was run on: the texts and metadata come from them.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Config`] when `opinions` are not those of the analysis; [`ErrorKind::Io`]
    /// when writing fails.
    pub fn write_json(&self, opinions: &[Opinion], writer: impl Write) -> Result<()> {
        let matches = opinions.len() == self.opinions.len()
            && opinions.iter().zip(&self.opinions).all(|(o, r)| o.id() == r.id());
        if !matches {
            return Err(Error::new(
                ErrorKind::Config,
                "analysis.json needs the opinions the analysis was run on, in the same order",
            ));
        }
        self.write_json_parts(opinions, writer, JSON_CHUNK)
            .map_err(|e| Error::with_source(ErrorKind::Io, "cannot write analysis.json", e))
    }

    /// The members of analysis.json one after the other, as serde would write the whole, with
    /// the opinions made into JSON in parallel, `chunk` at a time and written in order.
    fn write_json_parts(
        &self,
        input: &[Opinion],
        mut w: impl Write,
        chunk: usize,
    ) -> std::io::Result<()> {
        let json = self.json();
        w.write_all(b"{\"schema\":")?;
        serde_json::to_writer(&mut w, &json.schema)?;
        w.write_all(b",\"draft\":")?;
        serde_json::to_writer(&mut w, &json.draft)?;
        w.write_all(b",\"opinions\":[")?;
        let chunk = chunk.max(1);
        for (c, start) in (0..self.opinions.len()).step_by(chunk).enumerate() {
            let end = (start + chunk).min(self.opinions.len());
            let parts: Vec<Vec<u8>> = (start..end)
                .into_par_iter()
                .map(|i| serde_json::to_vec(&self.json_opinion(&self.opinions[i], &input[i])))
                .collect::<serde_json::Result<_>>()?;
            for (k, part) in parts.iter().enumerate() {
                if c > 0 || k > 0 {
                    w.write_all(b",")?;
                }
                w.write_all(part)?;
            }
        }
        w.write_all(b"],\"groups\":")?;
        serde_json::to_writer(&mut w, &json.groups)?;
        w.write_all(b",\"clusters\":")?;
        serde_json::to_writer(&mut w, &json.clusters)?;
        w.write_all(b",\"summary\":")?;
        serde_json::to_writer(&mut w, &json.summary)?;
        w.write_all(b"}")
    }

    /// The text of an opinion as exports carry it: personal data removed (unless the pipeline
    /// was told not to), with what was removed where.
    pub fn redacted<'t>(&self, opinion: &'t Opinion) -> Option<Redacted<'t>> {
        let redactor = self.redactor.as_ref()?;
        let names: Vec<&str> = if self.redact_names {
            opinion.field(Field::Submitter).into_iter().collect()
        } else {
            Vec::new()
        };
        Some(redactor.redact_with_names(opinion.text(), &names))
    }

    fn json(&self) -> JsonAnalysis<'_> {
        let names = self.redactor.is_none();
        let groups = self.dedup.groups().iter().map(|g| JsonGroup::of(g, names)).collect();
        // Every opinion of each topic, copies included, in input order.
        let mut every: Vec<Vec<&str>> = vec![Vec::new(); self.topics.len()];
        for o in &self.opinions {
            for &t in o.topics() {
                every[t].push(o.id.as_str());
            }
        }
        let clusters = self
            .topics
            .iter()
            .zip(every)
            .map(|(t, members)| JsonCluster {
                id: &t.id,
                article: t.article.map(|a| a.0),
                article_sub: t.article.and_then(|a| a.1),
                label: &t.label,
                keywords: &t.keywords,
                representative: t.representative.as_str(),
                count: t.count,
                members,
                distinct: t.distinct.iter().map(OpinionId::as_str).collect(),
            })
            .collect();
        let analysed = self.dedup.analysed();
        let general = self.general();
        JsonAnalysis {
            schema: SCHEMA,
            draft: self.draft.as_ref(),
            groups,
            clusters,
            summary: JsonSummary {
                rows: self.counts,
                analysed,
                distinct: self.dedup.distinct(),
                copies: self.dedup.copies(),
                groups: self.dedup.groups().len(),
                campaigns: self
                    .dedup
                    .groups()
                    .iter()
                    .filter(|g| g.kind() == GroupKind::Campaign)
                    .count(),
                general,
                general_share: round(if analysed == 0 {
                    0.0
                } else {
                    general as f32 / analysed as f32
                }),
                articles: self.per_article(),
            },
        }
    }

    fn json_opinion<'a>(&'a self, o: &'a OpinionResult, input: &'a Opinion) -> JsonOpinion<'a> {
        let redacted = self.redacted(input);
        let (text, redactions) = match redacted {
            Some(r) => {
                let removals = r
                    .removals()
                    .iter()
                    .map(|m| JsonRemoval {
                        kind: m.kind().name(),
                        start: m.span().start,
                        end: m.span().end,
                        digest: m.digest().to_string(),
                    })
                    .collect();
                (r.into_text(), removals)
            }
            None => (std::borrow::Cow::Borrowed(input.text()), Vec::new()),
        };
        let meta = JsonMeta {
            title: input.field(Field::Title),
            submitter_group: input.field(Field::Group),
            contact_point: input.field(Field::ContactPoint),
            collector: input.field(Field::Collector),
            channel: input.field(Field::Channel),
            date: input.field(Field::Date),
            article_column: input.field(Field::Article),
        };
        let topic_id = |t: usize| self.topics[t].id.as_str();
        let segments: &[Segment] = o.assignment().map_or(&[], Assignment::segments);
        JsonOpinion {
            id: o.id.as_str(),
            file: &o.file,
            row: o.row,
            status: if o.status.is_ok() { "ok".into() } else { o.status.to_string().into() },
            group: o.group,
            cluster: o.topics().first().map(|&t| topic_id(t)),
            clusters: o.topics().iter().map(|&t| topic_id(t)).collect(),
            articles: merged(segments.iter().flat_map(|s| s.assigned())),
            candidates: segments
                .first()
                .map(|s| s.candidates().iter().map(JsonCandidate::of).collect())
                .unwrap_or_default(),
            segments: segments
                .iter()
                .enumerate()
                .map(|(k, s)| JsonSegment {
                    start: s.span().start,
                    end: s.span().end,
                    articles: s.assigned().iter().map(JsonCandidate::of).collect(),
                    cluster: o.topic_of_part(k).map(topic_id),
                })
                .collect(),
            unresolved: o.assignment().map_or(&[], Assignment::unresolved),
            text,
            redactions,
            meta,
        }
    }
}

fn merged<'a>(candidates: impl Iterator<Item = &'a Candidate>) -> Vec<JsonCandidate<'a>> {
    let mut out: Vec<JsonCandidate<'a>> = Vec::new();
    for c in candidates {
        if !out.iter().any(|o| o.article == c.article() && o.article_sub == c.sub()) {
            out.push(JsonCandidate::of(c));
        }
    }
    out
}

fn round(x: f32) -> f64 {
    (f64::from(x) * 1000.0).round() / 1000.0
}

/// One opinion's outcome: where it is filed, its group and topics.
#[derive(Clone, Debug)]
pub struct OpinionResult {
    id: OpinionId,
    index: usize,
    file: Arc<str>,
    row: u64,
    status: RowStatus,
    group: Option<GroupId>,
    decided_by: Option<usize>,
    /// Shared by every copy of a group with its representative.
    filing: Option<Arc<Filing>>,
}

/// Where a deciding opinion is filed, and the topic of each of its parts.
#[derive(Debug)]
struct Filing {
    assignment: Assignment,
    topics: Vec<usize>,
    part_topics: Vec<Option<usize>>,
}

impl OpinionResult {
    /// Its id, as given in the input.
    pub fn id(&self) -> &OpinionId {
        &self.id
    }

    /// Its row's status.
    pub fn status(&self) -> &RowStatus {
        &self.status
    }

    /// Its duplicate group, if it has copies.
    pub fn group(&self) -> Option<GroupId> {
        self.group
    }

    /// Where it is filed (its group representative's filing, for a copy); `None` for a row
    /// that could not be analysed.
    pub fn assignment(&self) -> Option<&Assignment> {
        self.filing.as_deref().map(|f| &f.assignment)
    }

    /// The articles it is filed under (none for 总体意见 and for rows not analysed).
    pub fn articles(&self) -> impl Iterator<Item = (u32, Option<u32>)> + '_ {
        self.assignment().into_iter().flat_map(Assignment::articles)
    }

    /// Whether it was analysed and filed under no article.
    pub fn is_general(&self) -> bool {
        self.assignment().is_some_and(Assignment::is_general)
    }

    /// Whether it is a copy whose filing was decided by its group's representative.
    pub fn is_copy(&self) -> bool {
        self.decided_by.is_some_and(|d| d != self.index)
    }

    /// Indexes into [`Analysis::topics`] of the topics holding its parts, in the order of
    /// its parts.
    pub fn topics(&self) -> &[usize] {
        self.filing.as_deref().map_or(&[], |f| &f.topics)
    }

    /// The topic holding part `segment` (the first, when the part is filed under several
    /// articles).
    pub fn topic_of_part(&self, segment: usize) -> Option<usize> {
        self.filing.as_deref().and_then(|f| f.part_topics.get(segment).copied().flatten())
    }
}

/// A topic: similar points inside one article (or 总体意见).
#[derive(Clone, Debug)]
pub struct TopicCluster {
    id: String,
    article: Option<(u32, Option<u32>)>,
    label: String,
    keywords: Vec<String>,
    representative: OpinionId,
    distinct: Vec<OpinionId>,
    count: usize,
    /// (opinion index, part) of each member point.
    parts: Vec<(usize, usize)>,
}

impl TopicCluster {
    /// `t23-1`: the first topic under 第二十三条; `t0-…` in 总体意见.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The article, as (number, 之N); `None` for 总体意见.
    pub fn article(&self) -> Option<(u32, Option<u32>)> {
        self.article
    }

    /// A few keywords joined by 、.
    pub fn label(&self) -> &str {
        &self.label
    }

    /// Its keywords, most characteristic first.
    pub fn keywords(&self) -> &[String] {
        &self.keywords
    }

    /// The opinion that states it best.
    pub fn representative(&self) -> &OpinionId {
        &self.representative
    }

    /// Its distinct opinions (group representatives and single opinions), in input order.
    pub fn members(&self) -> &[OpinionId] {
        &self.distinct
    }

    /// Every copy of every member.
    pub fn count(&self) -> usize {
        self.count
    }
}

/// How many opinions concern one article.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct ArticleCount {
    /// Its number.
    pub article: u32,
    /// N of 第…条之N.
    #[serde(rename = "article_sub")]
    pub sub: Option<u32>,
    /// Opinions filed under it, every copy counted.
    pub opinions: usize,
    /// Distinct opinions (copies merged).
    pub distinct: usize,
    /// Topics among them.
    pub topics: usize,
}

/// What `analysis.json` says of the draft.
#[derive(Clone, Debug, Serialize)]
struct DraftSummary {
    title: Option<String>,
    stage: Option<String>,
    articles: Vec<DraftArticle>,
    warnings: Vec<String>,
}

#[derive(Clone, Debug, Serialize)]
struct DraftArticle {
    article: u32,
    #[serde(rename = "article_sub")]
    sub: Option<u32>,
    label: String,
    chapter: Option<String>,
    title: Option<String>,
    text: String,
}

impl DraftSummary {
    fn of(draft: &Draft) -> DraftSummary {
        DraftSummary {
            title: draft.title().map(str::to_owned),
            stage: draft.stage().map(str::to_owned),
            articles: draft
                .articles()
                .iter()
                .map(|a| DraftArticle {
                    article: a.number(),
                    sub: a.sub(),
                    label: a.label(),
                    chapter: a.chapter().map(|c| c.title().to_owned()),
                    title: a.title().map(str::to_owned),
                    text: a.text().to_owned(),
                })
                .collect(),
            warnings: draft
                .warnings()
                .iter()
                .map(|w| format!("line {}: {}", w.line(), w.message()))
                .collect(),
        }
    }
}

/// analysis.json but its opinions, which are written as they are made.
struct JsonAnalysis<'a> {
    schema: u32,
    draft: Option<&'a DraftSummary>,
    groups: Vec<JsonGroup<'a>>,
    clusters: Vec<JsonCluster<'a>>,
    summary: JsonSummary,
}

/// The opinions of analysis.json made into JSON at a time (in parallel), then written in
/// order: a few tens of megabytes.
const JSON_CHUNK: usize = 16_384;

/// Metadata an opinion came with (names of people left out).
#[derive(Serialize)]
struct JsonMeta<'a> {
    title: Option<&'a str>,
    submitter_group: Option<&'a str>,
    contact_point: Option<&'a str>,
    collector: Option<&'a str>,
    channel: Option<&'a str>,
    date: Option<&'a str>,
    article_column: Option<&'a str>,
}

/// One removal of personal data: its kind, byte span in the original text, and the digest of
/// the value (never the value).
#[derive(Serialize)]
struct JsonRemoval {
    kind: &'static str,
    start: usize,
    end: usize,
    digest: String,
}

#[derive(Serialize)]
struct JsonOpinion<'a> {
    id: &'a str,
    file: &'a str,
    row: u64,
    status: std::borrow::Cow<'a, str>,
    group: Option<GroupId>,
    cluster: Option<&'a str>,
    clusters: Vec<&'a str>,
    articles: Vec<JsonCandidate<'a>>,
    candidates: Vec<JsonCandidate<'a>>,
    segments: Vec<JsonSegment<'a>>,
    unresolved: &'a [String],
    text: std::borrow::Cow<'a, str>,
    redactions: Vec<JsonRemoval>,
    meta: JsonMeta<'a>,
}

#[derive(Serialize)]
struct JsonCandidate<'a> {
    article: u32,
    article_sub: Option<u32>,
    score: f64,
    evidence: &'static str,
    detail: std::borrow::Cow<'a, str>,
}

impl<'a> JsonCandidate<'a> {
    fn of(c: &'a Candidate) -> JsonCandidate<'a> {
        let detail = match c.evidence() {
            Evidence::Citation { written, .. } => written.as_str().into(),
            Evidence::Quote { quoted, .. } => quoted.as_str().into(),
            Evidence::Similarity { terms } => terms.join("、").into(),
        };
        JsonCandidate {
            article: c.article(),
            article_sub: c.sub(),
            score: round(c.score()),
            evidence: c.evidence().name(),
            detail,
        }
    }
}

#[derive(Serialize)]
struct JsonSegment<'a> {
    start: usize,
    end: usize,
    articles: Vec<JsonCandidate<'a>>,
    cluster: Option<&'a str>,
}

#[derive(Serialize)]
struct JsonGroup<'a> {
    id: GroupId,
    kind: GroupKind,
    representative: &'a str,
    count: usize,
    members: Vec<&'a str>,
    submitter_count: usize,
    submitters: &'a [String],
    channels: &'a [String],
    contact_points: &'a [String],
    template: Option<&'a str>,
}

impl<'a> JsonGroup<'a> {
    /// `names`: whether the submitters' names may be listed (only when nothing is redacted).
    fn of(g: &'a DuplicateGroup, names: bool) -> JsonGroup<'a> {
        JsonGroup {
            id: g.id(),
            kind: g.kind(),
            representative: g.representative().as_str(),
            count: g.count(),
            members: g.members().iter().map(OpinionId::as_str).collect(),
            submitter_count: g.submitters().len(),
            submitters: if names { g.submitters() } else { &[] },
            channels: g.channels(),
            contact_points: g.contact_points(),
            template: g.template(),
        }
    }
}

#[derive(Serialize)]
struct JsonCluster<'a> {
    id: &'a str,
    article: Option<u32>,
    article_sub: Option<u32>,
    label: &'a str,
    keywords: &'a [String],
    representative: &'a str,
    count: usize,
    members: Vec<&'a str>,
    distinct: Vec<&'a str>,
}

#[derive(Serialize)]
struct JsonSummary {
    rows: RowCounts,
    analysed: usize,
    distinct: usize,
    copies: usize,
    groups: usize,
    campaigns: usize,
    general: usize,
    general_share: f64,
    articles: Vec<ArticleCount>,
}
