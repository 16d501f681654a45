//! Topics inside one bucket (an article of the draft, or 总体意见): the distinct points people
//! make, grouped by what they are about.
//!
//! 1. [`TermStats`] counts, once for the whole consultation, in how many distinct points each
//!    content term occurs. Its inverse document frequency (IDF) makes boilerplate that every
//!    opinion shares (建议, 草案, 应当, 尊敬的领导, 我是…小区居民) weigh little and concrete
//!    things (an estate, a road, an object) weigh a lot, whatever the bucket.
//! 2. Each point becomes a unit TF-IDF vector with sublinear term frequency (`1 + ln tf`). Its
//!    features are its terms and, for words of three or more Han characters, their
//!    two-character parts: jieba cuts an unknown name differently in different sentences
//!    (丽发新城 as 丽发/新城 here, 区丽发/新城 there), and the parts still meet.
//! 3. Candidate pairs come from an inverted index over each point's heaviest terms (the
//!    shortest run of them outside of which the rest of its vector cannot reach the link
//!    threshold, at most [`ClustererBuilder::index_terms`]); a term indexed by more than
//!    [`ClustererBuilder::max_postings`] points keeps a fixed sample of them. Candidates are
//!    verified by their exact cosine; each point keeps its
//!    [`ClustererBuilder::neighbours`] most similar at or above [`ClustererBuilder::link`].
//! 4. Topics grow by average linkage over that graph, computed on topic centres: points in
//!    order of density join the linked topic to which their mean similarity is highest, then
//!    linked topics merge while their mean similarity reaches [`ClustererBuilder::cohesion`].
//!    A mean over all pairs, not a chain of single links, so a bridge between two complaints
//!    does not glue them together.
//! 5. Each topic gets its most central member as representative, and keywords by TF-IDF over
//!    its members.
//!
//! No step goes over all pairs of points: the candidates and the links of a point are
//! bounded, and the linkage works on topic centres. Every step is deterministic: no random
//! start, no hash-map order reaches the output, and the result is the same on any number of
//! rayon threads.

use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet, BinaryHeap};
use std::time::Instant;

use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde::Serialize;

use crate::error::{Error, ErrorKind, Result};
use crate::segment::Token;

/// How many distinct points of a whole consultation contain each content term: the document
/// frequencies that weigh terms when a bucket is clustered.
///
/// Build it once from every distinct point of the consultation (one document per duplicate
/// group, not per copy: a letter sent 500 times must not make its own words look common), then
/// cluster each bucket with it. Besides the terms it counts the two-character parts of words
/// of three or more Han characters, which the clusterer uses too.
///
/// ```
/// use minyi_core::TermStats;
///
/// let stats = TermStats::new([
///     vec!["建议", "楼道", "充电"],
///     vec!["建议", "烧烤", "噪音"],
///     vec!["建议", "停车位"],
/// ]);
/// assert_eq!(stats.documents(), 3);
/// assert_eq!(stats.document_frequency("建议"), 3);
/// assert_eq!(stats.document_frequency("停车"), 1, "a part of 停车位");
/// assert!(stats.idf("烧烤") > stats.idf("建议"));
/// assert_eq!(stats.idf("建议"), 0.0, "a term in every point tells nothing");
/// ```
#[derive(Clone, Debug)]
pub struct TermStats {
    /// Feature to id; ids follow the sorted order of the features.
    ids: FxHashMap<Box<str>, u32>,
    /// Feature by id.
    names: Vec<Box<str>>,
    /// Document frequency by id.
    df: Vec<u32>,
    documents: u32,
}

impl TermStats {
    /// Counts the documents (each an iterator over its content terms) that contain each term.
    /// A term repeated inside one document counts once.
    pub fn new<D, T>(documents: impl IntoIterator<Item = D>) -> TermStats
    where
        D: IntoIterator<Item = T>,
        T: AsRef<str>,
    {
        let mut counts: FxHashMap<Box<str>, u32> = FxHashMap::default();
        let mut n: u32 = 0;
        let mut doc: Vec<T> = Vec::new();
        for terms in documents {
            n = n.saturating_add(1);
            doc.clear();
            doc.extend(terms);
            let mut seen: Vec<&str> = Vec::with_capacity(doc.len() * 2);
            for term in &doc {
                for_each_feature(term.as_ref(), |f| seen.push(f));
            }
            seen.sort_unstable();
            seen.dedup();
            for f in seen {
                match counts.get_mut(f) {
                    Some(c) => *c = c.saturating_add(1),
                    None => {
                        counts.insert(f.into(), 1);
                    }
                }
            }
        }
        let mut sorted: Vec<(Box<str>, u32)> = counts.into_iter().collect();
        sorted.sort_unstable();
        let mut ids = FxHashMap::default();
        ids.reserve(sorted.len());
        let mut names = Vec::with_capacity(sorted.len());
        let mut df = Vec::with_capacity(sorted.len());
        for (id, (term, count)) in sorted.into_iter().enumerate() {
            ids.insert(term.clone(), id as u32);
            names.push(term);
            df.push(count);
        }
        TermStats { ids, names, df, documents: n }
    }

    /// The number of documents counted.
    pub fn documents(&self) -> usize {
        self.documents as usize
    }

    /// The number of distinct terms (and parts of words) counted.
    pub fn terms(&self) -> usize {
        self.df.len()
    }

    /// In how many documents `term` occurs, as a term or as a part of a longer word (0 if
    /// never).
    pub fn document_frequency(&self, term: &str) -> usize {
        self.ids.get(term).map_or(0, |&id| self.df[id as usize] as usize)
    }

    /// The inverse document frequency of `term`, `ln((1 + N) / (1 + df))`: 0 for a term in
    /// every document, largest for a term never counted.
    pub fn idf(&self, term: &str) -> f32 {
        self.idf_of_df(self.document_frequency(term) as u32)
    }

    fn idf_of_df(&self, df: u32) -> f32 {
        ((1.0 + f64::from(self.documents)) / (1.0 + f64::from(df))).ln() as f32
    }

    fn id(&self, term: &str) -> Option<u32> {
        self.ids.get(term).copied()
    }
}

/// Calls `f` on `term` and, if it is a word of three or more Han characters, on each of its
/// two-character parts.
fn for_each_feature<'a>(term: &'a str, mut f: impl FnMut(&'a str)) {
    f(term);
    let han = |c: char| ('\u{4E00}'..='\u{9FFF}').contains(&c);
    // Han characters take three bytes each in UTF-8.
    if term.len() < 9 || !term.chars().all(han) {
        return;
    }
    for start in (0..=term.len() - 6).step_by(3) {
        f(&term[start..start + 6]);
    }
}

/// One distinct point of a bucket: its content terms (in text order, repeats kept) and its
/// weight, the number of copies of its duplicate group.
///
/// ```
/// use minyi_core::{DistinctPoint, Segmenter};
///
/// let segmenter = Segmenter::new();
/// let tokens = segmenter.segment("小区楼下烧烤噪音扰民");
/// let point = DistinctPoint::from_tokens(&tokens, 3);
/// assert!(point.terms().contains(&"烧烤"));
/// assert_eq!(point.weight(), 3);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DistinctPoint<'t> {
    terms: Vec<&'t str>,
    weight: u64,
}

impl<'t> DistinctPoint<'t> {
    /// A point of `terms` with `weight` copies; a weight of 0 counts as 1.
    pub fn new(terms: impl IntoIterator<Item = &'t str>, weight: u64) -> DistinctPoint<'t> {
        DistinctPoint { terms: terms.into_iter().collect(), weight: weight.max(1) }
    }

    /// A point of the content tokens of a segmented text ([`Token::is_content`]).
    pub fn from_tokens(tokens: &[Token<'t>], weight: u64) -> DistinctPoint<'t> {
        DistinctPoint::new(tokens.iter().filter(|t| t.is_content()).map(|t| t.text()), weight)
    }

    /// Its content terms.
    pub fn terms(&self) -> &[&'t str] {
        &self.terms
    }

    /// Its weight (at least 1).
    pub fn weight(&self) -> u64 {
        self.weight
    }
}

/// A group of points about the same thing.
///
/// ```
/// use minyi_core::{Clusterer, DistinctPoint, TermStats};
///
/// let points = [
///     DistinctPoint::new(["楼道", "电动车", "充电", "火灾"], 1),
///     DistinctPoint::new(["楼道", "电动车", "充电", "隐患"], 4),
/// ];
/// let stats = TermStats::new([vec!["建议"], vec!["噪音"], vec!["停车位"]]);
/// let topics = Clusterer::new().cluster(&stats, &points);
/// assert_eq!(topics.len(), 1);
/// let topic = &topics[0];
/// assert_eq!(topic.members(), [0, 1]);
/// assert_eq!(topic.representative(), 1, "four copies pull the centre");
/// assert_eq!(topic.weight(), 5);
/// assert!(topic.label().contains("电动车"));
/// ```
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Topic {
    label: String,
    keywords: Vec<String>,
    representative: usize,
    weight: u64,
    members: Vec<usize>,
}

impl Topic {
    /// The indices of its points in the clustered slice, ascending.
    pub fn members(&self) -> &[usize] {
        &self.members
    }

    /// The most central member: the one whose vector has the largest dot product with the
    /// members' vectors summed with their weights, its own included (a point sent in 50
    /// copies counts 50 times); ties go to the earliest.
    pub fn representative(&self) -> usize {
        self.representative
    }

    /// A short label: the first three keywords (or fewer, if there are fewer) joined with 、;
    /// empty if no member has a word.
    pub fn label(&self) -> &str {
        &self.label
    }

    /// The terms that describe the topic best, best first: the members' TF-IDF weights of
    /// each term (a word of its own, not a part of one) summed with their copies. Words of two
    /// or more characters come before single characters, a longer word before a shorter one
    /// of the same weight; numbers, codes such as `A3` and words contained in a better keyword
    /// are left out.
    pub fn keywords(&self) -> &[String] {
        &self.keywords
    }

    /// The total weight of its members (the copies behind them).
    pub fn weight(&self) -> u64 {
        self.weight
    }
}

/// Settings of [`Clusterer`], with defaults chosen by measurement.
///
/// Measured with `crates/core/examples/cluster_eval.rs` on three sets:
///
/// - *sample*: the project's sample consultation (1,200 opinions; one representative per
///   planted duplicate group, weighted by its size: 907 points in 52 buckets by their true
///   first article) against the true opinion points: purity / inverse purity, B-cubed F1.
/// - *10k*: the same on `minyi-sample --n 10000` (7,516 points).
/// - *real*: the 4,326 real TipDM messages (title and text; 3,941 after deduplication) as one
///   bucket, judged by hand: are the members about the same concrete issue?
///
/// | link, cohesion | sample | 10k |
/// |---|---|---|
/// | 0.25, 0.12 | 0.966 / 0.829, F1 0.858 | 0.964 / 0.819, F1 0.864 |
/// | **0.3, 0.12** | 0.975 / 0.794, F1 0.836 | 0.958 / 0.812, F1 0.857 |
/// | 0.35, 0.12 | 0.981 / 0.739, F1 0.791 | 0.965 / 0.802, F1 0.853 |
/// | 0.3, 0.1 | 0.960 / 0.814, F1 0.845 | 0.928 / 0.846, F1 0.867 |
/// | 0.3, 0.15 | 0.975 / 0.784, F1 0.830 | 0.971 / 0.738, F1 0.805 |
/// | 0.3, 0.2 | 0.981 / 0.724, F1 0.786 | 0.982 / 0.629, F1 0.719 |
///
/// - `link` 0.3. The sample prefers 0.25, the real messages do not: at 0.25 a shared problem
///   word joins complaints about different places (麻将馆扰民 in 20 estates, one topic; as
///   groups of 3 or 4 per estate at 0.3) and one kind of request becomes one topic (33
///   幼儿园 messages at 0.25, 21 at 0.3). Of 30 random multi-member topics of the real messages
///   (fixed seed), 23 are about one concrete issue at 0.3, 11 at 0.25.
/// - `cohesion` 0.12. Points of one opinion point are alike at 0.2 to 0.3 pair by pair, so
///   their mean over a large topic is lower, and a higher cohesion splits them (10k F1 0.72
///   at 0.2); a lower one lets large vague topics grow. On the real messages 0.1 to 0.15
///   give nearly the same topics.
/// - Average linkage on centres. On the same graph (link 0.15, cut 0.15, sample F1): star
///   clustering (centres in order of weighted degree take their unassigned neighbours) 0.73,
///   and it split the 50 real 丽发新城搅拌站 complaints into two topics; average linkage over
///   the links alone (a pair without a link counting 0) 0.74, and with links per point
///   bounded it cannot grow large topics (75k generated points in one bucket: inverse purity
///   0.15); centres 0.84.
/// - `index_terms` 12: with no limit the real messages get 2,394 links instead of 2,247 and
///   10k F1 0.879 instead of 0.857, at ten times the time; with 8, 10k F1 0.852.
/// - `max_postings` 100 and `neighbours` 32 bound the work per point; against 250 and 64 the
///   sample, the 10k and the real messages do not change (10k F1 0.857 either way), and on
///   100k points in one bucket the link step takes 2.3 s on one thread instead of 3.2 s.
/// - `keywords` 5.
#[derive(Clone, Debug)]
pub struct ClustererBuilder {
    link: f32,
    cohesion: f32,
    index_terms: usize,
    max_postings: usize,
    neighbours: usize,
    keywords: usize,
}

impl Default for ClustererBuilder {
    fn default() -> ClustererBuilder {
        ClustererBuilder::new()
    }
}

impl ClustererBuilder {
    /// The defaults.
    pub fn new() -> ClustererBuilder {
        ClustererBuilder {
            link: 0.3,
            cohesion: 0.12,
            index_terms: 12,
            max_postings: 100,
            neighbours: 32,
            keywords: 5,
        }
    }

    /// The cosine similarity from which two points are linked (in (0, 1]).
    pub fn link(&mut self, cosine: f32) -> &mut ClustererBuilder {
        self.link = cosine;
        self
    }

    /// The mean similarity (over all pairs, weighted by copies) from which a point joins a
    /// linked topic and two linked topics merge (in (0, 1]).
    pub fn cohesion(&mut self, mean: f32) -> &mut ClustererBuilder {
        self.cohesion = mean;
        self
    }

    /// At most this many of a point's heaviest terms are indexed (at least 1).
    pub fn index_terms(&mut self, k: usize) -> &mut ClustererBuilder {
        self.index_terms = k;
        self
    }

    /// At most this many points are kept under one indexed term (at least 1): a term that half
    /// the bucket shares cannot make every pair a candidate.
    pub fn max_postings(&mut self, n: usize) -> &mut ClustererBuilder {
        self.max_postings = n;
        self
    }

    /// At most this many most similar points are linked to each point (at least 1).
    pub fn neighbours(&mut self, k: usize) -> &mut ClustererBuilder {
        self.neighbours = k;
        self
    }

    /// How many keywords a topic keeps (at least 2).
    pub fn keywords(&mut self, n: usize) -> &mut ClustererBuilder {
        self.keywords = n;
        self
    }

    /// Builds the clusterer.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Config`] naming the setting out of range.
    pub fn build(&self) -> Result<Clusterer> {
        let config = |message: String| Err(Error::new(ErrorKind::Config, message));
        let unit = |x: f32| x > 0.0 && x <= 1.0;
        if !unit(self.link) {
            return config(format!("cluster link must be in (0, 1], got {}", self.link));
        }
        if !unit(self.cohesion) {
            return config(format!("cluster cohesion must be in (0, 1], got {}", self.cohesion));
        }
        for (name, value, least) in [
            ("index_terms", self.index_terms, 1),
            ("max_postings", self.max_postings, 1),
            ("neighbours", self.neighbours, 1),
            ("keywords", self.keywords, 2),
        ] {
            if value < least {
                return config(format!("cluster {name} must be at least {least}, got {value}"));
            }
        }
        Ok(Clusterer { config: self.clone() })
    }
}

/// Groups the distinct points of one bucket into [`Topic`]s. `Send + Sync`; uses rayon inside
/// (same result on any number of threads).
///
/// ```
/// use minyi_core::{Clusterer, DistinctPoint, Segmenter, TermStats};
///
/// let segmenter = Segmenter::new();
/// // The opinions of a consultation; the first four are about one article.
/// let texts = [
///     "我是春晓小区居民，小区楼下烧烤摊油烟噪音扰民，晚上睡不着。",
///     "我是望湖小区居民，小区停车位被外来车辆长期占用。",
///     "春晓小区楼下的烧烤摊油烟和噪音太扰民了，请城管处理。",
///     "我是滨江小区居民，希望小区增设电动车充电桩。",
///     "我是东湖小区居民，小区电梯经常故障，请有关部门处理。",
///     "建议草案增加物业服务企业的维修义务。",
///     "希望城管加强对占道经营的管理，晚上噪音太大。",
/// ];
/// let tokens: Vec<_> = texts.iter().map(|t| segmenter.segment(t)).collect();
/// let points: Vec<DistinctPoint<'_>> =
///     tokens.iter().map(|t| DistinctPoint::from_tokens(t, 1)).collect();
/// // Statistics from every point of the consultation, topics of one bucket.
/// let stats = TermStats::new(points.iter().map(|p| p.terms().iter().copied()));
/// let topics = Clusterer::new().cluster(&stats, &points[..4]);
/// let members: Vec<&[usize]> = topics.iter().map(|t| t.members()).collect();
/// assert_eq!(members, [&[0, 2][..], &[1], &[3]]);
/// let keywords = topics[0].keywords();
/// assert!(keywords.iter().any(|k| k == "春晓") && keywords.iter().any(|k| k.starts_with("烧烤")));
/// assert_eq!(topics[0].label().split('、').count(), 3);
/// # Ok::<(), minyi_core::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct Clusterer {
    config: ClustererBuilder,
}

impl Default for Clusterer {
    fn default() -> Clusterer {
        Clusterer::new()
    }
}

impl Clusterer {
    /// A clusterer with the default settings.
    pub fn new() -> Clusterer {
        ClustererBuilder::new().build().expect("the default settings are valid")
    }

    /// A builder to change the settings.
    pub fn builder() -> ClustererBuilder {
        ClustererBuilder::new()
    }

    /// Groups `points` (the distinct points of one bucket) into topics, weighing terms by
    /// `stats` (built from the whole consultation). Every point belongs to exactly one topic (a
    /// point like no other is a topic of its own). Topics come heaviest first, then by their
    /// first member.
    ///
    /// # Panics
    ///
    /// If there are `u32::MAX` points or more.
    pub fn cluster(&self, stats: &TermStats, points: &[DistinctPoint<'_>]) -> Vec<Topic> {
        assert!(points.len() < u32::MAX as usize, "too many points to cluster");
        if points.is_empty() {
            return Vec::new();
        }
        let started = Instant::now();
        let vectors = Vectors::new(stats, points);
        let vectorized = started.elapsed();
        let edges = self.edges(&vectors);
        let linked = started.elapsed();
        let weights: Vec<u64> = points.iter().map(DistinctPoint::weight).collect();
        let groups = average_linkage(&vectors, &edges, &weights, f64::from(self.config.cohesion));
        let grouped = started.elapsed();
        let mut topics: Vec<Topic> =
            groups.into_par_iter().map(|members| self.topic(&vectors, points, members)).collect();
        topics.sort_by(|x, y| y.weight.cmp(&x.weight).then(x.members[0].cmp(&y.members[0])));
        log::debug!(
            "cluster: {} points, {} features, {} links, {} topics; vectors {:?}, links {:?}, \
             linkage {:?}, topics {:?}",
            points.len(),
            vectors.terms.len(),
            edges.len(),
            topics.len(),
            vectorized,
            linked - vectorized,
            grouped - linked,
            started.elapsed() - grouped,
        );
        topics
    }

    /// The similarity graph: for each point, its most similar points (at most `neighbours`)
    /// among the candidates the index proposes, at or above the link threshold. Pairs come
    /// once, `a < b`, sorted.
    fn edges(&self, v: &Vectors<'_>) -> Vec<Edge> {
        let n = v.len();
        let cfg = &self.config;
        let t = cfg.link;
        // Each point's indexed terms (positions into its vector) and the norm of the rest: a
        // pair that shares no indexed term has a cosine below the sum of the two rests.
        let prefixes: Vec<(Vec<u32>, f32)> = (0..n)
            .into_par_iter()
            .map(|i| {
                let (_, w) = v.get(i);
                let mut order: Vec<u32> = (0..w.len() as u32).collect();
                order.sort_by(|&x, &y| w[y as usize].total_cmp(&w[x as usize]).then(x.cmp(&y)));
                let mut rest: f32 = 1.0;
                let mut taken = Vec::new();
                for &p in &order {
                    if taken.len() == cfg.index_terms || rest.max(0.0).sqrt() < t {
                        break;
                    }
                    taken.push(p);
                    rest -= w[p as usize] * w[p as usize];
                }
                (taken, rest.max(0.0).sqrt())
            })
            .collect();
        let postings = Postings::new(v, &prefixes, cfg.max_postings);
        let verify_at_most = cfg.neighbours * 2;
        let by_sim = |a: &(f32, u32), b: &(f32, u32)| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1));
        let probe = |scratch: &mut Scratch, y: usize| -> Vec<Edge> {
            let Scratch { acc, touched, dense } = scratch;
            let (yt, yw) = v.get(y);
            for &p in &prefixes[y].0 {
                let p = p as usize;
                for &(x, xw) in postings.of(yt[p]) {
                    if acc[x as usize] == 0.0 {
                        touched.push(x);
                    }
                    acc[x as usize] += xw * yw[p];
                }
            }
            // Candidates that can still reach the threshold, the most promising first.
            let mut cands: Vec<(f32, u32)> = touched
                .drain(..)
                .filter_map(|x| {
                    let a = std::mem::take(&mut acc[x as usize]);
                    let reach = a + prefixes[x as usize].1 + prefixes[y].1;
                    (x as usize != y && reach >= t).then_some((a, x))
                })
                .collect();
            if cands.len() > verify_at_most {
                cands.select_nth_unstable_by(verify_at_most, by_sim);
                cands.truncate(verify_at_most);
            }
            for (&term, &w) in yt.iter().zip(yw) {
                dense[term as usize] = w;
            }
            // Summed in term order: the same value from either side of the pair.
            let mut found: Vec<(f32, u32)> = cands
                .into_iter()
                .filter_map(|(_, x)| {
                    let (xt, xw) = v.get(x as usize);
                    let sim: f32 =
                        xt.iter().zip(xw).map(|(&term, &w)| dense[term as usize] * w).sum();
                    (sim >= t).then_some((sim, x))
                })
                .collect();
            for &term in yt {
                dense[term as usize] = 0.0;
            }
            if found.len() > cfg.neighbours {
                found.select_nth_unstable_by(cfg.neighbours, by_sim);
                found.truncate(cfg.neighbours);
            }
            let y = y as u32;
            found.into_iter().map(|(sim, x)| Edge { a: x.min(y), b: x.max(y), sim }).collect()
        };
        let mut edges: Vec<Edge> = (0..n)
            .into_par_iter()
            .map_init(
                || Scratch { acc: vec![0.0; n], touched: Vec::new(), dense: vec![0.0; v.vocab()] },
                probe,
            )
            .flatten_iter()
            .collect();
        edges.par_sort_unstable_by(|x, y| (x.a, x.b).cmp(&(y.a, y.b)));
        edges.dedup_by(|x, y| (x.a, x.b) == (y.a, y.b));
        edges
    }

    /// The topic of `members` (ascending): representative, keywords, weight.
    fn topic(&self, v: &Vectors<'_>, points: &[DistinctPoint<'_>], members: Vec<usize>) -> Topic {
        // The members' vectors summed with their weights (each feature summed in member
        // order).
        let mut centre: Centre = FxHashMap::default();
        for &m in &members {
            let (terms, w) = v.get(m);
            for (&term, &x) in terms.iter().zip(w) {
                *centre.entry(term).or_default() += points[m].weight as f64 * f64::from(x);
            }
        }
        let mut representative = members[0];
        let mut best = f64::NEG_INFINITY;
        for &m in &members {
            let score = dot_point(&centre, v.get(m));
            if score > best {
                best = score;
                representative = m;
            }
        }
        // Keywords: the members' terms (not parts of words), by their TF-IDF weights summed
        // like the centre's; longer words first among equals.
        let mut words: Centre = FxHashMap::default();
        for &m in &members {
            let (terms, w) = v.whole(m);
            for (&term, &x) in terms.iter().zip(w).filter(|(_, x)| **x > 0.0) {
                *words.entry(term).or_default() += points[m].weight as f64 * f64::from(x);
            }
        }
        let mut ranked: Vec<(&str, f64)> = words
            .iter()
            .map(|(&id, &s)| (v.name(id), s))
            .filter(|&(word, s)| s > 0.0 && !is_code(word))
            .collect();
        let long = |t: &str| t.chars().count() >= 2;
        ranked.sort_by(|x, y| {
            long(y.0)
                .cmp(&long(x.0))
                .then(y.1.total_cmp(&x.1))
                .then(y.0.len().cmp(&x.0.len()))
                .then(x.0.cmp(y.0))
        });
        let mut keywords: Vec<String> = Vec::new();
        for (term, _) in ranked {
            if keywords.len() == self.config.keywords {
                break;
            }
            if keywords.iter().any(|k| k.contains(term) || term.contains(k.as_str())) {
                continue;
            }
            keywords.push(term.to_owned());
        }
        let label = keywords.iter().take(3).map(String::as_str).collect::<Vec<_>>().join("、");
        let weight = members.iter().map(|&m| points[m].weight).sum();
        Topic { label, keywords, representative, weight, members }
    }
}

/// Whether a term is a poor keyword: a number or an ASCII code (`A3`, `G2`, `2019`), or
/// holds no letter at all.
fn is_code(term: &str) -> bool {
    (term.is_ascii() && term.chars().any(|c| c.is_ascii_digit()))
        || !term.chars().any(char::is_alphabetic)
}

/// Points as unit TF-IDF vectors, features ascending by id, in flat arrays.
struct Vectors<'s> {
    offsets: Vec<usize>,
    terms: Vec<u32>,
    weights: Vec<f32>,
    /// By entry: the weight of the feature's occurrences as a term of its own, on the same
    /// scale as `weights` (0 for a part of a word only).
    whole: Vec<f32>,
    /// IDF by feature id (ids past the statistics' vocabulary are features it never saw).
    idf: Vec<f32>,
    stats: &'s TermStats,
    /// Features the statistics never saw, with their ids.
    unknown: FxHashMap<&'s str, u32>,
    /// Those features by id (less the statistics' vocabulary).
    unknown_names: Vec<&'s str>,
}

impl<'s> Vectors<'s> {
    fn new<'t: 's>(stats: &'s TermStats, points: &[DistinctPoint<'t>]) -> Vectors<'s> {
        // Features the statistics never saw get ids past its vocabulary, in sorted order.
        let unknown: BTreeSet<&'t str> = points
            .par_iter()
            .map(|p| {
                let mut out = Vec::new();
                for &t in p.terms() {
                    for_each_feature(t, |f| {
                        if stats.id(f).is_none() {
                            out.push(f);
                        }
                    });
                }
                out
            })
            .flatten_iter()
            .collect();
        let base = stats.terms() as u32;
        let unknown_names: Vec<&'s str> = unknown.into_iter().collect();
        let unknown: FxHashMap<&'s str, u32> =
            unknown_names.iter().enumerate().map(|(k, &f)| (f, base + k as u32)).collect();
        let mut idf = vec![stats.idf_of_df(0); base as usize + unknown.len()];
        for (id, &df) in stats.df.iter().enumerate() {
            idf[id] = stats.idf_of_df(df);
        }
        let mut v = Vectors {
            offsets: Vec::new(),
            terms: Vec::new(),
            weights: Vec::new(),
            whole: Vec::new(),
            idf,
            stats,
            unknown,
            unknown_names,
        };
        // Per feature: its weight, and the weight of its occurrences as a term of its own
        // (for keywords: a part of a word is no keyword).
        let rows: Vec<Vec<(u32, f32, f32)>> = points
            .par_iter()
            .map(|p| {
                let mut ids: Vec<(u32, bool)> = Vec::with_capacity(p.terms().len() * 2);
                for &t in p.terms() {
                    for_each_feature(t, |f| ids.extend(v.id(f).map(|id| (id, f.len() == t.len()))));
                }
                ids.sort_unstable();
                let mut row: Vec<(u32, f32, f32)> = Vec::new();
                for run in ids.chunk_by(|a, b| a.0 == b.0) {
                    let id = run[0].0;
                    let idf = v.idf[id as usize];
                    let sublinear = |n: usize| if n == 0 { 0.0 } else { 1.0 + (n as f32).ln() };
                    let whole = run.iter().filter(|(_, w)| *w).count();
                    row.push((id, sublinear(run.len()) * idf, sublinear(whole) * idf));
                }
                let norm = row.iter().map(|(_, w, _)| w * w).sum::<f32>().sqrt();
                row.retain(|&(_, w, _)| w > 0.0);
                for (_, w, whole) in &mut row {
                    *w /= norm;
                    *whole /= norm;
                }
                row
            })
            .collect();
        v.offsets.reserve(rows.len() + 1);
        v.offsets.push(0);
        for row in &rows {
            for &(id, w, whole) in row {
                v.terms.push(id);
                v.weights.push(w);
                v.whole.push(whole);
            }
            v.offsets.push(v.terms.len());
        }
        v
    }

    fn len(&self) -> usize {
        self.offsets.len() - 1
    }

    /// The number of feature ids.
    fn vocab(&self) -> usize {
        self.idf.len()
    }

    fn id(&self, feature: &str) -> Option<u32> {
        self.stats.id(feature).or_else(|| self.unknown.get(feature).copied())
    }

    /// The feature of `id`.
    fn name(&self, id: u32) -> &'s str {
        match self.stats.names.get(id as usize) {
            Some(name) => name,
            None => self.unknown_names[id as usize - self.stats.names.len()],
        }
    }

    fn get(&self, i: usize) -> (&[u32], &[f32]) {
        let r = self.offsets[i]..self.offsets[i + 1];
        (&self.terms[r.clone()], &self.weights[r])
    }

    /// The ids of point `i` and the weights of their occurrences as terms of their own.
    fn whole(&self, i: usize) -> (&[u32], &[f32]) {
        let r = self.offsets[i]..self.offsets[i + 1];
        (&self.terms[r.clone()], &self.whole[r])
    }
}

/// The inverted index of the points' indexed terms: (point, weight) by feature id.
struct Postings {
    starts: Vec<usize>,
    entries: Vec<(u32, f32)>,
}

impl Postings {
    /// A term indexed by more than `max` points keeps a fixed pseudo-random sample of them
    /// (the smallest hashes of point and term), so that no point is always left out.
    fn new(v: &Vectors<'_>, prefixes: &[(Vec<u32>, f32)], max: usize) -> Postings {
        let mut triples: Vec<(u32, u32, f32)> = Vec::new();
        for (i, (taken, _)) in prefixes.iter().enumerate() {
            let (terms, w) = v.get(i);
            triples.extend(taken.iter().map(|&p| (terms[p as usize], i as u32, w[p as usize])));
        }
        triples.par_sort_unstable_by_key(|&(term, point, _)| (term, point));
        let mut starts: Vec<usize> = vec![0; v.vocab() + 1];
        let mut entries: Vec<(u32, f32)> = Vec::with_capacity(triples.len());
        for run in triples.chunk_by_mut(|a, b| a.0 == b.0) {
            let term = run[0].0;
            let kept = if run.len() > max {
                run.select_nth_unstable_by_key(max, |&(term, point, _)| {
                    (mix(u64::from(term) << 32 | u64::from(point)), point)
                });
                let kept = &mut run[..max];
                kept.sort_unstable_by_key(|&(_, point, _)| point);
                kept
            } else {
                run
            };
            entries.extend(kept.iter().map(|&(_, p, w)| (p, w)));
            starts[term as usize + 1] = entries.len();
        }
        for k in 1..starts.len() {
            starts[k] = starts[k].max(starts[k - 1]);
        }
        Postings { starts, entries }
    }

    fn of(&self, term: u32) -> &[(u32, f32)] {
        &self.entries[self.starts[term as usize]..self.starts[term as usize + 1]]
    }
}

/// Per-thread buffers of the candidate search.
struct Scratch {
    /// Partial dot products by point.
    acc: Vec<f32>,
    /// Points with a partial dot product.
    touched: Vec<u32>,
    /// The probing point's vector, by feature id.
    dense: Vec<f32>,
}

/// A fixed 64-bit mix (splitmix64's finaliser): the same on every platform and release.
fn mix(mut x: u64) -> u64 {
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

/// A link of the similarity graph: two points (`a < b`) and their cosine similarity.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Edge {
    a: u32,
    b: u32,
    sim: f32,
}

/// A sparse sum of weighted vectors: a topic's centre, unnormalised.
type Centre = FxHashMap<u32, f64>;

fn dot_point(centre: &Centre, (terms, w): (&[u32], &[f32])) -> f64 {
    terms.iter().zip(w).map(|(t, &x)| centre.get(t).map_or(0.0, |&c| c * f64::from(x))).sum()
}

fn dot_centres(a: &Centre, b: &Centre) -> f64 {
    let (small, large) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    // Summed in term order: the same value whatever the maps' order.
    let mut products: Vec<(u32, f64)> =
        small.iter().filter_map(|(t, &x)| Some((*t, x * large.get(t)?))).collect();
    products.sort_unstable_by_key(|&(t, _)| t);
    products.into_iter().map(|(_, p)| p).sum()
}

/// A topic's best neighbour in the merge heap, valid while the topic's version is unchanged.
#[derive(Debug, PartialEq)]
struct Best {
    sim: f64,
    topic: u32,
    other: u32,
    version: u32,
}

impl Eq for Best {}

impl PartialOrd for Best {
    fn partial_cmp(&self, other: &Best) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Best {
    /// Most similar first; ties to the pair with the smaller ids.
    fn cmp(&self, other: &Best) -> Ordering {
        let key = |b: &Best| (b.topic.min(b.other), b.topic.max(b.other), b.topic);
        self.sim.total_cmp(&other.sim).then_with(|| key(other).cmp(&key(self)))
    }
}

/// Average linkage with full similarities, computed on topic centres: the mean cosine over
/// all cross pairs of two groups, weighted by copies, is the dot product of their centres
/// (the members' vectors summed with their weights) divided by both weights, so a topic of
/// thousands of points costs one centre, not its pairs. The graph only proposes which groups
/// to compare.
///
/// 1. Points in order of density (their weight plus the weighted similarities of their
///    links; then weight; then index) join the topic of a linked point to which their mean
///    similarity is highest, if it reaches `cohesion`, or start a topic.
/// 2. Linked topics merge, the most similar pair first, while their mean similarity reaches
///    `cohesion`. Each topic keeps its best neighbour in a heap; after a merge only the merged
///    topic and the topics whose best was one of its parts look again (every other pair is
///    unchanged, and a pair with the merged topic is found from its side).
fn average_linkage(
    v: &Vectors<'_>,
    edges: &[Edge],
    weights: &[u64],
    cohesion: f64,
) -> Vec<Vec<usize>> {
    const NONE: u32 = u32::MAX;
    let n = weights.len();
    let mut adj: Vec<Vec<(u32, f32)>> = vec![Vec::new(); n];
    for e in edges {
        adj[e.a as usize].push((e.b, e.sim));
        adj[e.b as usize].push((e.a, e.sim));
    }
    let density: Vec<f64> = (0..n)
        .map(|i| {
            let links: f64 =
                adj[i].iter().map(|&(j, s)| weights[j as usize] as f64 * f64::from(s)).sum();
            weights[i] as f64 + links
        })
        .collect();
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&x, &y| {
        density[y].total_cmp(&density[x]).then(weights[y].cmp(&weights[x])).then(x.cmp(&y))
    });

    // 1. Points join topics.
    let mut topic_of: Vec<u32> = vec![NONE; n];
    let mut centres: Vec<Centre> = Vec::new();
    let mut mass: Vec<f64> = Vec::new();
    let mut cands: Vec<u32> = Vec::new();
    for &i in &order {
        cands.clear();
        cands.extend(adj[i].iter().map(|&(j, _)| topic_of[j as usize]).filter(|&t| t != NONE));
        cands.sort_unstable();
        cands.dedup();
        let x = v.get(i);
        let mut best: Option<(f64, u32)> = None;
        for &t in &cands {
            let sim = dot_point(&centres[t as usize], x) / mass[t as usize];
            if sim >= cohesion && best.is_none_or(|(b, _)| sim > b) {
                best = Some((sim, t));
            }
        }
        let t = match best {
            Some((_, t)) => t as usize,
            None => {
                centres.push(Centre::default());
                mass.push(0.0);
                centres.len() - 1
            }
        };
        topic_of[i] = t as u32;
        let w = weights[i] as f64;
        let centre = &mut centres[t];
        for (&term, &x) in x.0.iter().zip(x.1) {
            *centre.entry(term).or_default() += w * f64::from(x);
        }
        mass[t] += w;
    }

    // 2. Linked topics merge. For each live topic: the dot product of its centre with each
    // linked topic's.
    let k = centres.len();
    let mut pairs: Vec<(u32, u32)> = edges
        .iter()
        .map(|e| (topic_of[e.a as usize], topic_of[e.b as usize]))
        .filter(|(a, b)| a != b)
        .map(|(a, b)| (a.min(b), a.max(b)))
        .collect();
    pairs.sort_unstable();
    pairs.dedup();
    let dots: Vec<f64> = pairs
        .par_iter()
        .map(|&(a, b)| dot_centres(&centres[a as usize], &centres[b as usize]))
        .collect();
    let mut links: Vec<FxHashMap<u32, f64>> = vec![FxHashMap::default(); k];
    for (&(a, b), &s) in pairs.iter().zip(&dots) {
        links[a as usize].insert(b, s);
        links[b as usize].insert(a, s);
    }
    // The most similar linked topic of `g` at or above the cohesion; ties to the smaller id.
    let best = |g: usize, links: &[FxHashMap<u32, f64>], mass: &[f64]| -> Option<(f64, u32)> {
        let mut found: Option<(f64, u32)> = None;
        for (&o, &s) in &links[g] {
            let sim = s / (mass[g] * mass[o as usize]);
            if sim >= cohesion && found.is_none_or(|(bs, bo)| sim > bs || (sim == bs && o < bo)) {
                found = Some((sim, o));
            }
        }
        found
    };
    let mut version: Vec<u32> = vec![0; k];
    let mut alive: Vec<bool> = vec![true; k];
    let mut best_of: Vec<u32> = vec![NONE; k];
    let mut heap: BinaryHeap<Best> = BinaryHeap::new();
    for (g, best_of) in best_of.iter_mut().enumerate() {
        if let Some((sim, other)) = best(g, &links, &mass) {
            *best_of = other;
            heap.push(Best { sim, topic: g as u32, other, version: 0 });
        }
    }
    let mut parent: Vec<u32> = (0..k as u32).collect();
    while let Some(top) = heap.pop() {
        let (a, b) = (top.topic as usize, top.other as usize);
        if !alive[a] || version[a] != top.version || !alive[b] {
            continue;
        }
        // The smaller centre is added into the larger.
        let (keep, gone) = if centres[a].len() >= centres[b].len() { (a, b) } else { (b, a) };
        let keep_links = std::mem::take(&mut links[keep]);
        let gone_links = std::mem::take(&mut links[gone]);
        let mut others: Vec<u32> = keep_links
            .keys()
            .chain(gone_links.keys())
            .copied()
            .filter(|&o| o as usize != gone && o as usize != keep)
            .collect();
        others.sort_unstable();
        others.dedup();
        // The merged topic's dot product with each topic linked to either part; a part not
        // linked to it contributes its own dot product.
        let mut merged: FxHashMap<u32, f64> = FxHashMap::default();
        for &o in &others {
            let ou = o as usize;
            let part = |l: &FxHashMap<u32, f64>, c: &Centre| {
                l.get(&o).copied().unwrap_or_else(|| dot_centres(c, &centres[ou]))
            };
            let s = part(&keep_links, &centres[keep]) + part(&gone_links, &centres[gone]);
            merged.insert(o, s);
            let l = &mut links[ou];
            l.remove(&(gone as u32));
            l.insert(keep as u32, s);
        }
        links[keep] = merged;
        let gone_centre = std::mem::take(&mut centres[gone]);
        let centre = &mut centres[keep];
        for (term, x) in gone_centre {
            *centre.entry(term).or_default() += x;
        }
        mass[keep] += mass[gone];
        alive[gone] = false;
        parent[gone] = keep as u32;
        others.push(keep as u32);
        others.sort_unstable();
        for g in others {
            let g = g as usize;
            let was = best_of[g] as usize;
            if g != keep && was != keep && was != gone {
                continue;
            }
            version[g] += 1;
            best_of[g] = NONE;
            if let Some((sim, other)) = best(g, &links, &mass) {
                best_of[g] = other;
                heap.push(Best { sim, topic: g as u32, other, version: version[g] });
            }
        }
    }
    let root = |mut t: u32| {
        while parent[t as usize] != t {
            t = parent[t as usize];
        }
        t
    };
    let mut groups: BTreeMap<u32, Vec<usize>> = BTreeMap::new();
    for (i, &t) in topic_of.iter().enumerate() {
        groups.entry(root(t)).or_default().push(i);
    }
    groups.into_values().collect()
}

#[cfg(test)]
mod tests;
