//! Topics inside one bucket (an article of the draft, or 总体意见): the distinct points people
//! make, grouped by what they are about.
//!
//! 1. [`TermStats`] counts, once for the whole consultation, in how many distinct points each
//!    content term occurs. Its inverse document frequency (IDF) makes boilerplate every opinion
//!    shares (建议, 草案, 应当, 尊敬的领导, 我是…小区居民) weigh little and concrete things
//!    (an estate, a road, an object) weigh a lot, whatever the bucket.
//! 2. Each point becomes a TF-IDF vector (sublinear term frequency `1 + ln tf`), of unit length.
//! 3. Candidate pairs come from an inverted index over each point's heaviest terms: the
//!    shortest run of them outside of which the rest of the vector cannot reach the
//!    threshold, at most [`ClustererBuilder::index_terms`] of them, and at most
//!    [`ClustererBuilder::max_postings`] points under one term. Every candidate is verified by
//!    its exact cosine similarity.
//! 4. The graph of pairs at or above the threshold is clustered; see [`ClustererBuilder`] for
//!    the method and the measurements behind it.
//! 5. Each topic gets its most central member as representative and keywords by TF-IDF over
//!    its members.
//!
//! Every step is deterministic: no random start, no hash-map order reaches the output, and the
//! result is the same on any number of rayon threads.

use std::cmp::Ordering;
use std::collections::BTreeMap;

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
/// cluster each bucket with it.
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
/// assert!(stats.idf("烧烤") > stats.idf("建议"));
/// assert_eq!(stats.idf("建议"), 0.0, "a term in every point tells nothing");
/// ```
#[derive(Clone, Debug)]
pub struct TermStats {
    /// Term to id; ids follow the sorted order of the terms.
    ids: FxHashMap<Box<str>, u32>,
    /// Document frequency by id.
    df: Vec<u32>,
    documents: u32,
}

impl TermStats {
    /// Counts the documents (each an iterator over its content terms) that contain each term. A
    /// term repeated inside one document counts once.
    pub fn new<D, T>(documents: impl IntoIterator<Item = D>) -> TermStats
    where
        D: IntoIterator<Item = T>,
        T: AsRef<str>,
    {
        let mut counts: FxHashMap<Box<str>, u32> = FxHashMap::default();
        let mut seen: Vec<String> = Vec::new();
        let mut n: u32 = 0;
        for doc in documents {
            n = n.saturating_add(1);
            seen.clear();
            seen.extend(doc.into_iter().map(|t| t.as_ref().to_owned()));
            seen.sort_unstable();
            seen.dedup();
            for term in &seen {
                match counts.get_mut(term.as_str()) {
                    Some(c) => *c = c.saturating_add(1),
                    None => {
                        counts.insert(term.as_str().into(), 1);
                    }
                }
            }
        }
        let mut sorted: Vec<(Box<str>, u32)> = counts.into_iter().collect();
        sorted.sort_unstable();
        let mut ids = FxHashMap::default();
        ids.reserve(sorted.len());
        let mut df = Vec::with_capacity(sorted.len());
        for (id, (term, count)) in sorted.into_iter().enumerate() {
            ids.insert(term, id as u32);
            df.push(count);
        }
        TermStats { ids, df, documents: n }
    }

    /// The number of documents counted.
    pub fn documents(&self) -> usize {
        self.documents as usize
    }

    /// The number of distinct terms.
    pub fn terms(&self) -> usize {
        self.df.len()
    }

    /// In how many documents `term` occurs (0 if never).
    pub fn document_frequency(&self, term: &str) -> usize {
        self.ids.get(term).map_or(0, |&id| self.df[id as usize] as usize)
    }

    /// The inverse document frequency of `term`: `ln((1 + N) / (1 + df))`, 0 for a term in
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
/// Members are indices into the points given to [`Clusterer::cluster`], in ascending order.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Topic {
    label: String,
    keywords: Vec<String>,
    representative: usize,
    weight: u64,
    members: Vec<usize>,
}

impl Topic {
    /// The indices of its points, ascending.
    pub fn members(&self) -> &[usize] {
        &self.members
    }

    /// The most central member: the one whose vector is closest to the weighted sum of the
    /// members' vectors (a point with many copies pulls the centre towards itself); ties go to
    /// the earliest.
    pub fn representative(&self) -> usize {
        self.representative
    }

    /// A short label: the first two or three keywords joined with 、.
    pub fn label(&self) -> &str {
        &self.label
    }

    /// The terms that describe the topic best, best first: the highest TF-IDF weights averaged
    /// over the members (weighted by copies), words of two or more characters first, no word
    /// contained in a better one.
    pub fn keywords(&self) -> &[String] {
        &self.keywords
    }

    /// The total weight of its members (the copies behind them).
    pub fn weight(&self) -> u64 {
        self.weight
    }
}

/// Settings of [`Clusterer`].
///
/// Defaults (measured with `crates/core/examples/cluster_eval.rs`):
///
/// - TODO
#[derive(Clone, Debug)]
pub struct ClustererBuilder {
    threshold: f32,
    merge: f32,
    index_terms: usize,
    max_postings: usize,
    keywords: usize,
    linkage: Linkage,
}

/// How the similarity graph is cut into topics. (Internal for now.)
#[doc(hidden)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Linkage {
    /// Stars in order of weighted degree, members moved to their most similar centre.
    Star,
    /// Average linkage over the graph (missing pairs count 0), stopped at `merge`.
    Average,
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
            threshold: 0.3,
            merge: 0.3,
            index_terms: 12,
            max_postings: 2000,
            keywords: 5,
            linkage: Linkage::Average,
        }
    }

    /// The cosine similarity from which two points are linked (0 < x ≤ 1).
    pub fn threshold(&mut self, cosine: f32) -> &mut ClustererBuilder {
        self.threshold = cosine;
        self
    }

    /// The average similarity from which two groups merge.
    #[doc(hidden)]
    pub fn merge(&mut self, cosine: f32) -> &mut ClustererBuilder {
        self.merge = cosine;
        self
    }

    /// How the graph is cut.
    #[doc(hidden)]
    pub fn linkage(&mut self, linkage: Linkage) -> &mut ClustererBuilder {
        self.linkage = linkage;
        self
    }

    /// At most this many of a point's heaviest terms are indexed (at least 1).
    pub fn index_terms(&mut self, k: usize) -> &mut ClustererBuilder {
        self.index_terms = k;
        self
    }

    /// At most this many points are kept under one indexed term, the heaviest first (at least
    /// 1): a term half the bucket shares cannot make every pair a candidate.
    pub fn max_postings(&mut self, n: usize) -> &mut ClustererBuilder {
        self.max_postings = n;
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
        let unit = |x: f32| x > 0.0 && x <= 1.0;
        if !unit(self.threshold) {
            return Err(Error::new(
                ErrorKind::Config,
                format!("cluster threshold must be in (0, 1], got {}", self.threshold),
            ));
        }
        if !unit(self.merge) {
            return Err(Error::new(
                ErrorKind::Config,
                format!("cluster merge similarity must be in (0, 1], got {}", self.merge),
            ));
        }
        if self.index_terms == 0 {
            return Err(Error::new(ErrorKind::Config, "cluster index_terms must be at least 1"));
        }
        if self.max_postings == 0 {
            return Err(Error::new(ErrorKind::Config, "cluster max_postings must be at least 1"));
        }
        if self.keywords < 2 {
            return Err(Error::new(
                ErrorKind::Config,
                format!("cluster keywords must be at least 2, got {}", self.keywords),
            ));
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
/// let texts = [
///     "我是春晓小区居民，小区楼下烧烤摊油烟噪音扰民，晚上睡不着。",
///     "我是望湖小区居民，小区停车位被外来车辆长期占用。",
///     "春晓小区楼下烧烤摊的油烟和噪音太扰民了，请城管处理。",
/// ];
/// let tokens: Vec<_> = texts.iter().map(|t| segmenter.segment(t)).collect();
/// let points: Vec<DistinctPoint<'_>> =
///     tokens.iter().map(|t| DistinctPoint::from_tokens(t, 1)).collect();
/// // In a real consultation the statistics come from every point, not one bucket.
/// let stats = TermStats::new(points.iter().map(|p| p.terms().iter().copied()));
/// let topics = Clusterer::new().cluster(&stats, &points);
/// assert_eq!(topics.len(), 2);
/// assert_eq!(topics[0].members(), [0, 2]);
/// assert_eq!(topics[1].members(), [1]);
/// assert!(topics[0].keywords().iter().any(|k| k == "烧烤"));
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

/// Points as unit TF-IDF vectors, terms ascending by id, in flat arrays.
struct Vectors {
    offsets: Vec<usize>,
    terms: Vec<u32>,
    weights: Vec<f32>,
    /// IDF by term id (ids past the statistics' vocabulary are terms it never saw).
    idf: Vec<f32>,
    /// Term text by id, for the ids in use.
    names: FxHashMap<u32, Box<str>>,
}

impl Vectors {
    fn len(&self) -> usize {
        self.offsets.len() - 1
    }

    fn get(&self, i: usize) -> (&[u32], &[f32]) {
        let r = self.offsets[i]..self.offsets[i + 1];
        (&self.terms[r.clone()], &self.weights[r])
    }
}

/// A link of the similarity graph: two points (`a < b`) and their cosine similarity.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Edge {
    a: u32,
    b: u32,
    sim: f32,
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
    /// `stats` (built from the whole consultation). Every point belongs to exactly one topic
    /// (a point like no other is a topic of its own). Topics come heaviest first, then by
    /// their first member.
    pub fn cluster(&self, stats: &TermStats, points: &[DistinctPoint<'_>]) -> Vec<Topic> {
        if points.is_empty() {
            return Vec::new();
        }
        let vectors = vectorize(stats, points);
        let weights: Vec<u64> = points.iter().map(DistinctPoint::weight).collect();
        let edges = self.edges(&vectors, &weights);
        let groups = match self.config.linkage {
            Linkage::Star => star(&edges, &weights),
            Linkage::Average => average(&edges, &weights, self.config.merge),
        };
        let mut topics: Vec<Topic> =
            groups.into_par_iter().map(|members| self.topic(&vectors, &weights, members)).collect();
        topics.sort_by(|x, y| y.weight.cmp(&x.weight).then(x.members[0].cmp(&y.members[0])));
        topics
    }

    /// The similarity graph: every pair of points at or above the threshold that the index
    /// proposes, sorted.
    fn edges(&self, v: &Vectors, weights: &[u64]) -> Vec<Edge> {
        let n = v.len();
        let t = self.config.threshold;
        // Heaviest points first: they keep their place in a full posting list.
        let mut rank: Vec<u32> = (0..n as u32).collect();
        rank.sort_by(|&x, &y| weights[y as usize].cmp(&weights[x as usize]).then(x.cmp(&y)));
        // Each point's indexed terms (positions into its vector) and the norm of the rest.
        let prefixes: Vec<(Vec<u32>, f32)> = (0..n)
            .into_par_iter()
            .map(|i| {
                let (_, w) = v.get(i);
                let mut order: Vec<u32> = (0..w.len() as u32).collect();
                order.sort_by(|&x, &y| w[y as usize].total_cmp(&w[x as usize]).then(x.cmp(&y)));
                let mut rest: f32 = 1.0;
                let mut taken = Vec::new();
                for &p in &order {
                    if taken.len() == self.config.index_terms || rest.sqrt() < t {
                        break;
                    }
                    taken.push(p);
                    rest -= w[p as usize] * w[p as usize];
                }
                (taken, rest.max(0.0).sqrt())
            })
            .collect();
        let mut postings: Vec<Vec<(u32, f32)>> = vec![Vec::new(); v.idf.len()];
        for &i in &rank {
            let (terms, w) = v.get(i as usize);
            for &p in &prefixes[i as usize].0 {
                let list = &mut postings[terms[p as usize] as usize];
                if list.len() < self.config.max_postings {
                    list.push((i, w[p as usize]));
                }
            }
        }
        let probe = |scratch: &mut (Vec<f32>, Vec<u32>, Vec<f32>), y: usize| -> Vec<Edge> {
            let (acc, touched, dense) = scratch;
            let (yt, yw) = v.get(y);
            for &p in &prefixes[y].0 {
                let p = p as usize;
                for &(x, xw) in &postings[yt[p] as usize] {
                    if x as usize == y {
                        continue;
                    }
                    if acc[x as usize] == 0.0 {
                        touched.push(x);
                    }
                    acc[x as usize] += xw * yw[p];
                }
            }
            for (&term, &w) in yt.iter().zip(yw) {
                dense[term as usize] = w;
            }
            let mut out = Vec::new();
            touched.sort_unstable();
            for &x in touched.iter() {
                let bound = acc[x as usize] + prefixes[x as usize].1 + prefixes[y].1;
                acc[x as usize] = 0.0;
                if bound < t {
                    continue;
                }
                let (xt, xw) = v.get(x as usize);
                let sim: f32 = xt.iter().zip(xw).map(|(&term, &w)| dense[term as usize] * w).sum();
                if sim >= t {
                    let (a, b) = if (x as usize) < y { (x, y as u32) } else { (y as u32, x) };
                    out.push(Edge { a, b, sim });
                }
            }
            touched.clear();
            for &term in yt {
                dense[term as usize] = 0.0;
            }
            out
        };
        let mut edges: Vec<Edge> = (0..n)
            .into_par_iter()
            .map_init(
                || (vec![0.0f32; n], Vec::new(), vec![0.0f32; v.idf.len()]),
                |scratch, y| probe(scratch, y),
            )
            .flatten_iter()
            .collect();
        edges.par_sort_unstable_by(|x, y| (x.a, x.b).cmp(&(y.a, y.b)));
        edges.dedup_by(|x, y| (x.a, x.b) == (y.a, y.b));
        edges
    }

    /// The topic of `members` (ascending): representative, keywords, weight.
    fn topic(&self, v: &Vectors, weights: &[u64], members: Vec<usize>) -> Topic {
        // The weighted sum of the members' vectors.
        let mut centre: BTreeMap<u32, f64> = BTreeMap::new();
        for &m in &members {
            let (terms, w) = v.get(m);
            for (&term, &x) in terms.iter().zip(w) {
                *centre.entry(term).or_default() += weights[m] as f64 * f64::from(x);
            }
        }
        let mut representative = members[0];
        let mut best = f64::NEG_INFINITY;
        for &m in &members {
            let (terms, w) = v.get(m);
            let score: f64 = terms.iter().zip(w).map(|(t, &x)| centre[t] * f64::from(x)).sum();
            if score > best {
                best = score;
                representative = m;
            }
        }
        let mut ranked: Vec<(&str, f64)> = centre
            .iter()
            .map(|(t, &s)| (&*v.names[t], s * f64::from(v.idf[*t as usize])))
            .collect();
        ranked.retain(|(t, s)| *s > 0.0 && t.chars().any(|c| c.is_alphabetic()) && !is_code(t));
        ranked.sort_by(|x, y| {
            let long = |t: &str| t.chars().count() >= 2;
            long(y.0).cmp(&long(x.0)).then(y.1.total_cmp(&x.1)).then(x.0.cmp(y.0))
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
        let weight = members.iter().map(|&m| weights[m]).sum();
        Topic { label, keywords, representative, weight, members }
    }
}

/// Whether a term is an ASCII code (`A3`, `G2`) rather than a word: a poor label.
fn is_code(term: &str) -> bool {
    term.is_ascii() && term.chars().any(|c| c.is_ascii_digit())
}

/// Unit TF-IDF vectors of the points, with sublinear term frequency.
fn vectorize(stats: &TermStats, points: &[DistinctPoint<'_>]) -> Vectors {
    // Terms the statistics never saw get ids past its vocabulary, in sorted order.
    let mut unknown: BTreeMap<&str, u32> = BTreeMap::new();
    for p in points {
        for &t in p.terms() {
            if stats.id(t).is_none() {
                unknown.insert(t, 0);
            }
        }
    }
    let base = stats.terms() as u32;
    for (k, id) in unknown.values_mut().enumerate() {
        *id = base + k as u32;
    }
    let lookup = |t: &str| stats.id(t).or_else(|| unknown.get(t).copied());
    let rows: Vec<Vec<(u32, f32)>> = points
        .par_iter()
        .map(|p| {
            let mut ids: Vec<u32> = p.terms().iter().filter_map(|t| lookup(t)).collect();
            ids.sort_unstable();
            let mut row: Vec<(u32, f32)> = Vec::new();
            for id in ids {
                match row.last_mut() {
                    Some((last, c)) if *last == id => *c += 1.0,
                    _ => row.push((id, 1.0)),
                }
            }
            for (id, c) in &mut row {
                let df = stats.df.get(*id as usize).copied().unwrap_or(0);
                *c = (1.0 + c.ln()) * stats.idf_of_df(df);
            }
            let norm = row.iter().map(|(_, w)| w * w).sum::<f32>().sqrt();
            if norm > 0.0 {
                row.iter_mut().for_each(|(_, w)| *w /= norm);
            }
            row.retain(|(_, w)| *w > 0.0);
            row
        })
        .collect();
    let mut offsets = Vec::with_capacity(rows.len() + 1);
    offsets.push(0);
    let mut terms = Vec::new();
    let mut weights = Vec::new();
    for row in &rows {
        for &(id, w) in row {
            terms.push(id);
            weights.push(w);
        }
        offsets.push(terms.len());
    }
    let vocab = base as usize + unknown.len();
    let mut idf = vec![stats.idf_of_df(0); vocab];
    for (id, &df) in stats.df.iter().enumerate() {
        idf[id] = stats.idf_of_df(df);
    }
    let mut names: FxHashMap<u32, Box<str>> = FxHashMap::default();
    for p in points {
        for &t in p.terms() {
            if let Some(id) = lookup(t) {
                names.entry(id).or_insert_with(|| t.into());
            }
        }
    }
    Vectors { offsets, terms, weights, idf, names }
}

/// Star clustering: points in order of weighted degree become centres and take their
/// unassigned neighbours; then every member moves to its most similar centre.
fn star(edges: &[Edge], weights: &[u64]) -> Vec<Vec<usize>> {
    let n = weights.len();
    let mut adj: Vec<Vec<(u32, f32)>> = vec![Vec::new(); n];
    for e in edges {
        adj[e.a as usize].push((e.b, e.sim));
        adj[e.b as usize].push((e.a, e.sim));
    }
    let degree: Vec<f64> = (0..n)
        .map(|i| {
            weights[i] as f64
                + adj[i]
                    .iter()
                    .map(|&(j, s)| weights[j as usize] as f64 * f64::from(s))
                    .sum::<f64>()
        })
        .collect();
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&x, &y| degree[y].total_cmp(&degree[x]).then(x.cmp(&y)));
    const NONE: usize = usize::MAX;
    let mut centre_of = vec![NONE; n];
    let mut is_centre = vec![false; n];
    for &i in &order {
        if centre_of[i] != NONE {
            continue;
        }
        is_centre[i] = true;
        centre_of[i] = i;
        for &(j, _) in &adj[i] {
            if centre_of[j as usize] == NONE {
                centre_of[j as usize] = i;
            }
        }
    }
    for i in 0..n {
        if is_centre[i] {
            continue;
        }
        let mut best = (f32::NEG_INFINITY, centre_of[i]);
        for &(j, s) in &adj[i] {
            if is_centre[j as usize] && s > best.0 {
                best = (s, j as usize);
            }
        }
        centre_of[i] = best.1;
    }
    let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (i, &c) in centre_of.iter().enumerate() {
        groups.entry(c).or_default().push(i);
    }
    groups.into_values().collect()
}

/// Average-linkage agglomerative clustering over the sparse graph: the two groups with the
/// highest average similarity over all their cross pairs (weighted by copies; pairs without a
/// link count 0) merge, until no two groups reach `cutoff`.
fn average(edges: &[Edge], weights: &[u64], cutoff: f32) -> Vec<Vec<usize>> {
    use std::collections::BinaryHeap;

    let n = weights.len();
    // For each live group: the sum of weighted similarities to each neighbouring group.
    let mut links: Vec<FxHashMap<u32, f64>> = vec![FxHashMap::default(); n];
    for e in edges {
        let s = weights[e.a as usize] as f64 * weights[e.b as usize] as f64 * f64::from(e.sim);
        links[e.a as usize].insert(e.b, s);
        links[e.b as usize].insert(e.a, s);
    }
    let mut mass: Vec<f64> = weights.iter().map(|&w| w as f64).collect();
    let mut members: Vec<Vec<usize>> = (0..n).map(|i| vec![i]).collect();
    let mut version: Vec<u32> = vec![0; n];
    let mut alive: Vec<bool> = vec![true; n];

    #[derive(PartialEq)]
    struct Cand {
        sim: f64,
        a: u32,
        b: u32,
        va: u32,
        vb: u32,
    }
    impl Eq for Cand {}
    impl PartialOrd for Cand {
        fn partial_cmp(&self, other: &Cand) -> Option<Ordering> {
            Some(self.cmp(other))
        }
    }
    impl Ord for Cand {
        fn cmp(&self, other: &Cand) -> Ordering {
            self.sim.total_cmp(&other.sim).then_with(|| (other.a, other.b).cmp(&(self.a, self.b)))
        }
    }
    let cutoff = f64::from(cutoff);
    let mut heap = BinaryHeap::new();
    for e in edges {
        let sim = f64::from(e.sim);
        if sim >= cutoff {
            heap.push(Cand { sim, a: e.a, b: e.b, va: 0, vb: 0 });
        }
    }
    while let Some(c) = heap.pop() {
        let (a, b) = (c.a as usize, c.b as usize);
        if !alive[a] || !alive[b] || version[a] != c.va || version[b] != c.vb {
            continue;
        }
        // The group with fewer links is merged into the other (small into large).
        let (keep, gone) = if links[a].len() >= links[b].len() { (a, b) } else { (b, a) };
        alive[gone] = false;
        let gone_links = std::mem::take(&mut links[gone]);
        let mut keep_links = std::mem::take(&mut links[keep]);
        keep_links.remove(&(gone as u32));
        for (&other, &s) in &gone_links {
            if other as usize == keep {
                continue;
            }
            *keep_links.entry(other).or_default() += s;
            let o = &mut links[other as usize];
            let moved = o.remove(&(gone as u32)).unwrap_or(0.0);
            *o.entry(keep as u32).or_default() += moved;
        }
        let gone_members = std::mem::take(&mut members[gone]);
        members[keep].extend(gone_members);
        mass[keep] += mass[gone];
        version[keep] += 1;
        // New candidates of the merged group, in a fixed order.
        let mut next: Vec<(u32, f64)> = keep_links.iter().map(|(&o, &s)| (o, s)).collect();
        next.sort_unstable_by_key(|&(o, _)| o);
        for (o, s) in next {
            let sim = s / (mass[keep] * mass[o as usize]);
            if sim >= cutoff {
                let (x, y) = if (o as usize) < keep { (o, keep as u32) } else { (keep as u32, o) };
                heap.push(Cand {
                    sim,
                    a: x,
                    b: y,
                    va: version[x as usize],
                    vb: version[y as usize],
                });
            }
        }
        links[keep] = keep_links;
    }
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for (i, m) in members.into_iter().enumerate() {
        if alive[i] {
            let mut m = m;
            m.sort_unstable();
            groups.push(m);
        }
    }
    groups
}

#[cfg(test)]
mod tests;
