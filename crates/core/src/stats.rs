//! Participation and collector statistics: who took part, and what each contact point and
//! information collector brought in.
//!
//! The figures are computed from plain per-opinion [`StatsRecord`]s, so that they can be fed
//! from a [`Pipeline`](crate::Pipeline) run ([`StatsRecord::from_analysis`]) or from an
//! `analysis.json` written earlier ([`StatsRecord::read_json`]) and give the same numbers.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;
use std::sync::Arc;

use rustc_hash::FxHashMap;

use serde::{Deserialize, Serialize};

use crate::analysis::{Analysis, SCHEMA};
use crate::dedup::GroupId;
use crate::error::{Error, ErrorKind, Result};
use crate::opinion::{Field, Opinion};

/// One opinion as the statistics see it: whether it was analysed, where it came from, what it
/// is filed under, its duplicate group and topics.
///
/// ```
/// use minyi_core::{Stats, StatsRecord};
///
/// let records = vec![
///     StatsRecord::new().group("居民").contact_point("春晓").article(3, None).duplicate("g1"),
///     StatsRecord::new().group("居民").contact_point("春晓").article(3, None).duplicate("g1"),
///     StatsRecord::new().group("专家顾问").contact_point("望湖"),
/// ];
/// let stats = Stats::compute(&records);
/// let point = &stats.contact_points()[0];
/// assert_eq!((point.name(), point.opinions(), point.distinct()), (Some("春晓"), 2, 1));
/// assert_eq!(point.duplicate_share(), 0.5);
/// assert_eq!(stats.breadth()[0].categories()[0].value(), "居民");
/// # Ok::<(), minyi_core::Error>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StatsRecord {
    skipped: bool,
    // Shared strings: a million records name a few contact points and channels, and every
    // member of a duplicate group or topic names the same one.
    group: Option<Arc<str>>,
    contact_point: Option<Arc<str>>,
    collector: Option<Arc<str>>,
    channel: Option<Arc<str>>,
    articles: Vec<(u32, Option<u32>)>,
    duplicate: Option<Arc<str>>,
    topics: Vec<Arc<str>>,
    extra: Vec<(String, String)>,
}

impl StatsRecord {
    /// An analysed opinion with nothing known about it yet.
    pub fn new() -> StatsRecord {
        StatsRecord::default()
    }

    /// A row that could not be analysed (empty text, invalid…): counted in [`Stats::rows`]
    /// only.
    pub fn not_analysed() -> StatsRecord {
        StatsRecord { skipped: true, ..StatsRecord::default() }
    }

    /// The submitter's group (身份: 居民, 专家顾问…). Blank values count as not given.
    pub fn group(self, value: impl Into<String>) -> StatsRecord {
        StatsRecord { group: given(value), ..self }
    }

    /// The contact point that collected it.
    pub fn contact_point(self, value: impl Into<String>) -> StatsRecord {
        StatsRecord { contact_point: given(value), ..self }
    }

    /// The information collector who recorded it.
    pub fn collector(self, value: impl Into<String>) -> StatsRecord {
        StatsRecord { collector: given(value), ..self }
    }

    /// How it arrived (座谈会, 微信小程序…).
    pub fn channel(self, value: impl Into<String>) -> StatsRecord {
        StatsRecord { channel: given(value), ..self }
    }

    /// Files it under an article as well (number, N of 之N); repeats are ignored.
    pub fn article(mut self, number: u32, sub: Option<u32>) -> StatsRecord {
        if !self.articles.contains(&(number, sub)) {
            self.articles.push((number, sub));
        }
        self
    }

    /// Its duplicate group's id (every member of a group, the representative included).
    pub fn duplicate(self, group: impl Into<String>) -> StatsRecord {
        StatsRecord { duplicate: given(group), ..self }
    }

    /// Puts it in a topic as well; repeats are ignored.
    pub fn topic(self, id: impl Into<String>) -> StatsRecord {
        self.shared_topic(Arc::from(id.into()))
    }

    fn shared_topic(mut self, id: Arc<str>) -> StatsRecord {
        if !self.topics.contains(&id) {
            self.topics.push(id);
        }
        self
    }

    /// Another categorical column (an age band, an occupation) under `dimension`; its breadth is
    /// reported beside the submitter group's.
    pub fn category(
        mut self,
        dimension: impl Into<String>,
        value: impl Into<String>,
    ) -> StatsRecord {
        if let Some(value) = given(value) {
            self.extra.push((dimension.into(), value.to_string()));
        }
        self
    }

    /// Whether it was analysed.
    pub fn is_analysed(&self) -> bool {
        !self.skipped
    }

    /// One record per opinion of a [`Pipeline`](crate::Pipeline) run, in input order.
    ///
    /// `opinions` must be those the analysis was run on: the metadata come from them.
    ///
    /// ```
    /// use minyi_core::{Draft, Field, Opinion, Pipeline, Source, Stats, StatsRecord};
    ///
    /// let draft = Draft::parse("第一条 为了加强管理，制定本条例。\n第二条 楼道内禁止充电。")?;
    /// let opinions = vec![
    ///     Opinion::new("1", "建议第二条增加罚则。", Source::new("意见.csv", 2))
    ///         .with_field(Field::Group, "居民"),
    ///     Opinion::new("2", "建议第二条增加罚则。", Source::new("意见.csv", 3))
    ///         .with_field(Field::Group, "专家顾问"),
    /// ];
    /// let analysis = Pipeline::new()?.run(Some(&draft), &opinions);
    /// let stats = Stats::compute(&StatsRecord::from_analysis(&analysis, &opinions)?);
    /// assert_eq!(stats.analysed(), 2);
    /// assert_eq!(stats.total().distinct(), 1);
    /// assert_eq!(stats.breadth()[0].categories().len(), 2);
    /// # Ok::<(), minyi_core::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Config`] when `opinions` are not those of the analysis.
    pub fn from_analysis(analysis: &Analysis, opinions: &[Opinion]) -> Result<Vec<StatsRecord>> {
        let results = analysis.opinions();
        let matches = opinions.len() == results.len()
            && opinions.iter().zip(results).all(|(o, r)| o.id() == r.id());
        if !matches {
            return Err(Error::new(
                ErrorKind::Config,
                "statistics need the opinions the analysis was run on, in the same order",
            ));
        }
        let topics: Vec<Arc<str>> = analysis.topics().iter().map(|t| Arc::from(t.id())).collect();
        let mut values: FxHashMap<&str, Arc<str>> = FxHashMap::default();
        let mut groups: FxHashMap<GroupId, Arc<str>> = FxHashMap::default();
        Ok(opinions
            .iter()
            .zip(results)
            .map(|(o, r)| {
                let mut field = |f: Field| {
                    let v = o.field(f).filter(|v| !v.trim().is_empty())?;
                    Some(values.entry(v).or_insert_with(|| Arc::from(v.trim())).clone())
                };
                let mut record = StatsRecord {
                    skipped: !r.status().is_ok() || r.assignment().is_none(),
                    group: field(Field::Group),
                    contact_point: field(Field::ContactPoint),
                    collector: field(Field::Collector),
                    channel: field(Field::Channel),
                    duplicate: r.group().map(|g| {
                        groups.entry(g).or_insert_with(|| Arc::from(g.to_string())).clone()
                    }),
                    ..StatsRecord::default()
                };
                for (article, sub) in r.articles() {
                    record = record.article(article, sub);
                }
                for &t in r.topics() {
                    record = record.shared_topic(topics[t].clone());
                }
                record
            })
            .collect())
    }

    /// One record per opinion of an `analysis.json` (schema [`SCHEMA`]), as
    /// [`Analysis::write_json`] writes it. Metadata keys other than those of schema 1 with text
    /// values are read as extra categorical columns.
    ///
    /// ```
    /// use minyi_core::{Stats, StatsRecord};
    ///
    /// let json = r#"{"schema": 1, "opinions": [
    ///   {"status": "ok", "group": null, "cluster": "t2-1",
    ///    "articles": [{"article": 2, "article_sub": null}], "segments": [],
    ///    "meta": {"submitter_group": "居民", "contact_point": "春晓", "age_band": "60岁以上"}},
    ///   {"status": "empty", "group": null, "cluster": null, "articles": [], "segments": [],
    ///    "meta": {}}]}"#;
    /// let stats = Stats::compute(&StatsRecord::read_json(json.as_bytes())?);
    /// assert_eq!((stats.rows(), stats.analysed()), (2, 1));
    /// assert_eq!(stats.breadth()[1].dimension(), "age_band");
    /// # Ok::<(), minyi_core::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Io`] when reading fails or the text is not such a JSON document;
    /// [`ErrorKind::Config`] for another schema version.
    pub fn read_json(reader: impl Read) -> Result<Vec<StatsRecord>> {
        let doc: JsonDoc = serde_json::from_reader(std::io::BufReader::new(reader))
            .map_err(|e| Error::with_source(ErrorKind::Io, "not an analysis.json", e))?;
        if doc.schema != SCHEMA {
            return Err(Error::new(
                ErrorKind::Config,
                format!(
                    "analysis.json has schema {}; this minyi reads schema {SCHEMA}",
                    doc.schema
                ),
            ));
        }
        Ok(doc.opinions.into_iter().map(JsonOpinion::into_record).collect())
    }
}

fn given(value: impl Into<String>) -> Option<Arc<str>> {
    let value = value.into();
    let trimmed = value.trim();
    if trimmed.is_empty() {
        None
    } else if trimmed.len() == value.len() {
        Some(Arc::from(value))
    } else {
        Some(Arc::from(trimmed))
    }
}

#[derive(Deserialize)]
struct JsonDoc {
    schema: u32,
    opinions: Vec<JsonOpinion>,
}

#[derive(Deserialize)]
struct JsonOpinion {
    status: String,
    group: Option<String>,
    cluster: Option<String>,
    #[serde(default)]
    clusters: Vec<String>,
    #[serde(default)]
    articles: Vec<JsonArticle>,
    #[serde(default)]
    segments: Vec<JsonSegment>,
    #[serde(default)]
    meta: BTreeMap<String, serde_json::Value>,
}

#[derive(Deserialize)]
struct JsonArticle {
    article: u32,
    article_sub: Option<u32>,
}

#[derive(Deserialize)]
struct JsonSegment {
    cluster: Option<String>,
}

/// The metadata keys of schema 1 that are not categories of people.
const META_NOT_CATEGORIES: [&str; 7] =
    ["title", "submitter_group", "contact_point", "collector", "channel", "date", "article_column"];

impl JsonOpinion {
    fn into_record(self) -> StatsRecord {
        let text = |key: &str| self.meta.get(key).and_then(|v| v.as_str()).and_then(given);
        let mut record = StatsRecord {
            skipped: self.status != "ok",
            group: text("submitter_group"),
            contact_point: text("contact_point"),
            collector: text("collector"),
            channel: text("channel"),
            duplicate: self.group.and_then(given),
            ..StatsRecord::default()
        };
        for (key, value) in &self.meta {
            if !META_NOT_CATEGORIES.contains(&key.as_str())
                && let Some(value) = value.as_str()
            {
                record = record.category(key.as_str(), value);
            }
        }
        for a in &self.articles {
            record = record.article(a.article, a.article_sub);
        }
        for t in self
            .cluster
            .into_iter()
            .chain(self.clusters)
            .chain(self.segments.into_iter().filter_map(|s| s.cluster))
        {
            record = record.shared_topic(Arc::from(t));
        }
        record
    }
}

/// Participation and per-unit statistics of a consultation.
///
/// Definitions (every copy of a form letter counts as an opinion, as everywhere in minyi):
///
/// - **opinions**: analysed rows (status `ok`); rows that could not be analysed (empty text…)
///   are counted in [`Stats::rows`] only.
/// - **distinct points** of a contact point (or collector, channel): its opinions once copies
///   of one duplicate group are merged, i.e. the number of different duplicate groups among
///   its opinions plus its opinions in no group. Counted inside the unit: a form letter that
///   reached three contact points is one distinct point of each.
/// - **copies** = opinions − distinct points; **duplicate share** = copies / opinions.
/// - **topics**: the different topics (clusters) its opinions fall in.
/// - **articles covered**: the different articles (第N条, 第N条之M) its opinions are filed
///   under; **filed share**: the share of its opinions filed under at least one article (the
///   rest are 总体意见).
/// - **participation breadth** along a dimension (the submitter group, and any extra
///   categorical column such as age band or occupation when the input has one): opinions per
///   value and their share of all opinions. Opinions with no value are counted apart
///   ([`Breadth::unspecified`]) and left out of the diversity indexes.
/// - **diversity**: [`Breadth::evenness`] is Shannon's entropy `H = −Σ pᵢ ln pᵢ` over the
///   values given, normalised by its maximum `ln k` (Pielou's evenness: 1 when the k values
///   are equally frequent, 0 when one value has everything or k < 2);
///   [`Breadth::simpson`] is Gini–Simpson `1 − Σ pᵢ²`, the chance that two opinions drawn at
///   random (with replacement) come from different values.
///
/// Lists are ordered by opinions (most first), then by name; the unit with no name (the column
/// was empty) comes last.
///
/// ```
/// use minyi_core::{Stats, StatsRecord};
///
/// let records = vec![
///     StatsRecord::new().group("居民").collector("陆晓燕").article(3, None),
///     StatsRecord::new().group("专家顾问").collector("陆晓燕"),
///     StatsRecord::not_analysed().group("居民"),
/// ];
/// let stats = Stats::compute(&records);
/// assert_eq!((stats.rows(), stats.analysed()), (3, 2));
/// let groups = &stats.breadth()[0];
/// assert_eq!(groups.simpson(), 0.5); // two groups, one opinion each
/// assert_eq!(groups.evenness(), 1.0);
/// assert_eq!(stats.collectors()[0].filed_share(), 0.5);
/// # Ok::<(), minyi_core::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Stats {
    rows: usize,
    analysed: usize,
    breadth: Vec<Breadth>,
    total: UnitStats,
    contact_points: Vec<UnitStats>,
    collectors: Vec<UnitStats>,
    channels: Vec<UnitStats>,
}

/// The dimension name of the submitter group in [`Stats::breadth`].
const GROUP: &str = "submitter_group";

impl Stats {
    /// Computes every figure from the records.
    pub fn compute(records: &[StatsRecord]) -> Stats {
        let analysed: Vec<&StatsRecord> = records.iter().filter(|r| r.is_analysed()).collect();
        let mut breadth =
            vec![Breadth::of(GROUP, Field::Group.label(), &analysed, |r| r.group.as_deref())];
        let extra: BTreeSet<&str> =
            analysed.iter().flat_map(|r| r.extra.iter().map(|(d, _)| d.as_str())).collect();
        for dimension in extra {
            breadth.push(Breadth::of(dimension, dimension, &analysed, |r| {
                r.extra.iter().find(|(d, _)| d == dimension).map(|(_, v)| v.as_str())
            }));
        }
        Stats {
            rows: records.len(),
            analysed: analysed.len(),
            breadth,
            total: UnitStats::of(None, &analysed),
            contact_points: UnitStats::by(&analysed, |r| r.contact_point.as_deref()),
            collectors: UnitStats::by(&analysed, |r| r.collector.as_deref()),
            channels: UnitStats::by(&analysed, |r| r.channel.as_deref()),
        }
    }

    /// Rows read, analysed or not.
    pub fn rows(&self) -> usize {
        self.rows
    }

    /// Opinions analysed: the base of every share.
    pub fn analysed(&self) -> usize {
        self.analysed
    }

    /// Participation breadth: the submitter group first, then each extra categorical column
    /// by name.
    pub fn breadth(&self) -> &[Breadth] {
        &self.breadth
    }

    /// The figures of all opinions together (its [`UnitStats::name`] is `None`).
    pub fn total(&self) -> &UnitStats {
        &self.total
    }

    /// Per contact point (联系点).
    pub fn contact_points(&self) -> &[UnitStats] {
        &self.contact_points
    }

    /// Per information collector (信息员).
    pub fn collectors(&self) -> &[UnitStats] {
        &self.collectors
    }

    /// Per channel (渠道).
    pub fn channels(&self) -> &[UnitStats] {
        &self.channels
    }
}

/// How opinions spread over the values of one dimension (the submitter group, an age band…).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Breadth {
    dimension: String,
    label: String,
    categories: Vec<Share>,
    unspecified: usize,
    evenness: f64,
    simpson: f64,
}

impl Breadth {
    fn of<'r>(
        dimension: &str,
        label: &str,
        records: &[&'r StatsRecord],
        value: impl Fn(&'r StatsRecord) -> Option<&'r str>,
    ) -> Breadth {
        let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
        let mut unspecified = 0;
        for r in records {
            match value(r) {
                Some(v) => *counts.entry(v).or_default() += 1,
                None => unspecified += 1,
            }
        }
        let given: usize = counts.values().sum();
        let (mut entropy, mut concentration) = (0.0_f64, 0.0_f64);
        for &n in counts.values() {
            let p = n as f64 / given as f64;
            entropy -= p * p.ln();
            concentration += p * p;
        }
        let k = counts.len();
        let evenness = if k < 2 { 0.0 } else { entropy / (k as f64).ln() };
        let simpson = if given == 0 { 0.0 } else { 1.0 - concentration };
        let mut categories: Vec<Share> = counts
            .into_iter()
            .map(|(v, n)| Share {
                value: v.to_owned(),
                opinions: n,
                share: share(n, records.len()),
            })
            .collect();
        categories.sort_by(|a, b| b.opinions.cmp(&a.opinions).then_with(|| a.value.cmp(&b.value)));
        Breadth {
            dimension: dimension.to_owned(),
            label: label.to_owned(),
            categories,
            unspecified,
            evenness: clamp01(evenness),
            simpson: clamp01(simpson),
        }
    }

    /// The dimension: `submitter_group`, or the name of an extra column.
    pub fn dimension(&self) -> &str {
        &self.dimension
    }

    /// Its heading in reports (群体 for the submitter group).
    pub fn label(&self) -> &str {
        &self.label
    }

    /// Opinions per value, most first (ties by value).
    pub fn categories(&self) -> &[Share] {
        &self.categories
    }

    /// Opinions with no value in this dimension.
    pub fn unspecified(&self) -> usize {
        self.unspecified
    }

    /// Shannon entropy over the values given, divided by `ln k` (Pielou's evenness), 0 to 1.
    pub fn evenness(&self) -> f64 {
        self.evenness
    }

    /// Gini–Simpson index `1 − Σ pᵢ²` over the values given, 0 to `1 − 1/k`.
    pub fn simpson(&self) -> f64 {
        self.simpson
    }
}

/// One value of a dimension and its opinions.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Share {
    value: String,
    opinions: usize,
    share: f64,
}

impl Share {
    /// The value (居民, 专家顾问…).
    pub fn value(&self) -> &str {
        &self.value
    }

    /// Opinions with it, every copy counted.
    pub fn opinions(&self) -> usize {
        self.opinions
    }

    /// Its share of all opinions analysed (those with no value included in the base).
    pub fn share(&self) -> f64 {
        self.share
    }
}

/// What one contact point, collector or channel brought in.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct UnitStats {
    name: Option<String>,
    opinions: usize,
    distinct: usize,
    copies: usize,
    duplicate_share: f64,
    topics: usize,
    articles: usize,
    filed: usize,
    filed_share: f64,
}

impl UnitStats {
    fn by<'r>(
        records: &[&'r StatsRecord],
        key: impl Fn(&'r StatsRecord) -> Option<&'r str>,
    ) -> Vec<UnitStats> {
        let mut units: BTreeMap<Option<&str>, Vec<&StatsRecord>> = BTreeMap::new();
        for &r in records {
            units.entry(key(r)).or_default().push(r);
        }
        let mut list: Vec<UnitStats> =
            units.into_iter().map(|(name, rs)| UnitStats::of(name, &rs)).collect();
        list.sort_by(|a, b| {
            a.name
                .is_none()
                .cmp(&b.name.is_none())
                .then_with(|| b.opinions.cmp(&a.opinions))
                .then_with(|| a.name.cmp(&b.name))
        });
        list
    }

    fn of(name: Option<&str>, records: &[&StatsRecord]) -> UnitStats {
        let mut groups: BTreeSet<&str> = BTreeSet::new();
        let mut singles = 0;
        let mut topics: BTreeSet<&str> = BTreeSet::new();
        let mut articles: BTreeSet<(u32, Option<u32>)> = BTreeSet::new();
        let mut filed = 0;
        for r in records {
            match &r.duplicate {
                Some(g) => {
                    groups.insert(g);
                }
                None => singles += 1,
            }
            topics.extend(r.topics.iter().map(|t| &**t));
            articles.extend(r.articles.iter().copied());
            filed += usize::from(!r.articles.is_empty());
        }
        let opinions = records.len();
        let distinct = groups.len() + singles;
        let copies = opinions - distinct;
        UnitStats {
            name: name.map(str::to_owned),
            opinions,
            distinct,
            copies,
            duplicate_share: share(copies, opinions),
            topics: topics.len(),
            articles: articles.len(),
            filed,
            filed_share: share(filed, opinions),
        }
    }

    /// Its name; `None` for opinions whose column was empty (and for [`Stats::total`]).
    pub fn name(&self) -> Option<&str> {
        self.name.as_deref()
    }

    /// Opinions, every copy counted.
    pub fn opinions(&self) -> usize {
        self.opinions
    }

    /// Distinct points: its opinions with the copies of each duplicate group merged.
    pub fn distinct(&self) -> usize {
        self.distinct
    }

    /// Copies: opinions − distinct points.
    pub fn copies(&self) -> usize {
        self.copies
    }

    /// Copies / opinions (0 when it has none).
    pub fn duplicate_share(&self) -> f64 {
        self.duplicate_share
    }

    /// Different topics its opinions fall in.
    pub fn topics(&self) -> usize {
        self.topics
    }

    /// Different articles its opinions are filed under.
    pub fn articles(&self) -> usize {
        self.articles
    }

    /// Opinions filed under at least one article.
    pub fn filed(&self) -> usize {
        self.filed
    }

    /// Filed / opinions (0 when it has none).
    pub fn filed_share(&self) -> f64 {
        self.filed_share
    }
}

fn share(part: usize, whole: usize) -> f64 {
    if whole == 0 { 0.0 } else { part as f64 / whole as f64 }
}

fn clamp01(x: f64) -> f64 {
    // Rounding can put an even spread a hair above 1.
    x.clamp(0.0, 1.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-12
    }

    #[test]
    fn diversity_of_known_spreads() {
        // 3 : 1 over two groups: H = −(¾ ln ¾ + ¼ ln ¼), evenness H / ln 2; Simpson 1 − 10/16.
        let records: Vec<StatsRecord> = ["居民", "居民", "居民", "企业"]
            .iter()
            .map(|g| StatsRecord::new().group(*g))
            .chain([StatsRecord::new()])
            .collect();
        let stats = Stats::compute(&records);
        let b = &stats.breadth()[0];
        let h = -(0.75_f64 * 0.75_f64.ln() + 0.25 * 0.25_f64.ln());
        assert!(close(b.evenness(), h / 2_f64.ln()), "{}", b.evenness());
        assert!(close(b.simpson(), 0.375));
        assert_eq!(b.unspecified(), 1);
        assert_eq!(b.categories()[0].opinions(), 3);
        assert!(close(b.categories()[0].share(), 0.6));
        // One group only: no diversity.
        let one = Stats::compute(&[StatsRecord::new().group("居民")]);
        assert_eq!((one.breadth()[0].evenness(), one.breadth()[0].simpson()), (0.0, 0.0));
        // Nothing at all: zeros, no NaN.
        let none = Stats::compute(&[]);
        assert_eq!(none.total().duplicate_share(), 0.0);
        assert_eq!(none.breadth()[0].simpson(), 0.0);
    }

    #[test]
    fn units_are_ordered_by_opinions_then_name_unnamed_last() {
        let records = vec![
            StatsRecord::new().contact_point("乙"),
            StatsRecord::new().contact_point("甲"),
            StatsRecord::new(),
            StatsRecord::new(),
            StatsRecord::new(),
            StatsRecord::new().contact_point("丙"),
            StatsRecord::new().contact_point("丙"),
        ];
        let stats = Stats::compute(&records);
        let names: Vec<Option<&str>> = stats.contact_points().iter().map(UnitStats::name).collect();
        assert_eq!(names, [Some("丙"), Some("乙"), Some("甲"), None]);
    }

    #[test]
    fn blank_values_are_not_given() {
        let r = StatsRecord::new().group("  ").channel(" 座谈会 ");
        assert_eq!(r, StatsRecord::new().channel("座谈会"));
    }
}
