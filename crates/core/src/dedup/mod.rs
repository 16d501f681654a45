//! Duplicate groups that keep every copy: exact copies, near-identical texts and form letters.
//!
//! 1. Every analysable opinion gets a key: its normalised text without whitespace,
//!    punctuation or symbols. Opinions with the same key are exact copies.
//! 2. One opinion of each key is sketched: the character n-grams of its key (shingles), a
//!    MinHash signature of them (one-permutation hashing, one hash per shingle) and
//!    winnowing fingerprints.
//! 3. Candidates come from LSH banding of the signatures (similar sets) and from shared
//!    fingerprints (a short text copied inside a long one, which set similarity misses).
//! 4. Every candidate is verified on the exact shingle sets: Jaccard resemblance at least the
//!    threshold, or containment of the shorter text at least [`DedupBuilder::containment`].
//! 5. Texts are grouped around centres: the most linked text takes the texts verified as its
//!    copies, then the next, and so on (a chain of borderline links never glues unrelated
//!    texts together, as union-find would).
//!
//! Merging never deletes: a group lists every copy, and its count is the number of copies.
//!
//! The defaults were chosen by measurement on the project's sample consultation (planted
//! exact copies, near copies and campaigns) and on the 4,326 real messages of the TipDM
//! data; see [`DedupBuilder`].

mod sketch;

use std::collections::BTreeSet;
use std::fmt;
use std::ops::Range;

use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde::Serialize;

use crate::error::{Error, ErrorKind, Result};
use crate::normalize::Normalizer;
use crate::opinion::{Field, Opinion, OpinionId};
use sketch::{Key, MinHasher, Scratch, WithSpans, intersection, mix, sketch};

/// The id of a duplicate group: derived from the texts of its members only, so it stays the
/// same when unrelated opinions are added to the input.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct GroupId(u64);

impl fmt::Display for GroupId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "g{:012x}", self.0 >> 16)
    }
}

impl Serialize for GroupId {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// What kind of copies a group holds.
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum GroupKind {
    /// The same text, up to whitespace, punctuation and character width.
    Exact,
    /// Near-identical texts: edits, an added sentence, a text copied inside another.
    Near,
    /// A form letter: copies from many submitters, or one template with slots filled in
    /// differently.
    Campaign,
}

/// Text a member adds beyond the representative, as byte spans into the member's own text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Addition {
    /// The byte span in the member's original text.
    pub span: Range<usize>,
    /// The text of that span.
    pub text: String,
}

/// A group of copies of one opinion.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DuplicateGroup {
    id: GroupId,
    kind: GroupKind,
    members: Vec<OpinionId>,
    representative: OpinionId,
    variants: usize,
    submitters: Vec<String>,
    channels: Vec<String>,
    contact_points: Vec<String>,
    additions: Vec<(OpinionId, Vec<Addition>)>,
    template: Option<String>,
}

impl DuplicateGroup {
    /// The group's stable id.
    pub fn id(&self) -> GroupId {
        self.id
    }

    /// Exact, near or campaign.
    pub fn kind(&self) -> GroupKind {
        self.kind
    }

    /// Every copy, in input order.
    pub fn members(&self) -> &[OpinionId] {
        &self.members
    }

    /// The number of copies (every copy counts).
    pub fn count(&self) -> usize {
        self.members.len()
    }

    /// The most central member (ties to the earliest): the text staff read.
    pub fn representative(&self) -> &OpinionId {
        &self.representative
    }

    /// How many different texts the copies have, after normalisation.
    pub fn variants(&self) -> usize {
        self.variants
    }

    /// Distinct submitters, when the input names them, sorted.
    pub fn submitters(&self) -> &[String] {
        &self.submitters
    }

    /// Distinct channels, sorted.
    pub fn channels(&self) -> &[String] {
        &self.channels
    }

    /// Distinct contact points, sorted.
    pub fn contact_points(&self) -> &[String] {
        &self.contact_points
    }

    /// For each member that adds something beyond the representative, what it adds.
    pub fn additions(&self) -> &[(OpinionId, Vec<Addition>)] {
        &self.additions
    }

    /// For a campaign, the representative's text with the parts that vary between copies
    /// replaced by `【…】`.
    pub fn template(&self) -> Option<&str> {
        self.template.as_deref()
    }
}

/// The result of deduplication: the groups of two or more copies, and the accounting.
#[derive(Clone, Debug, Serialize)]
pub struct Dedup {
    groups: Vec<DuplicateGroup>,
    analysed: usize,
    distinct: usize,
}

impl Dedup {
    /// Groups of two or more copies, in the input order of their first member.
    pub fn groups(&self) -> &[DuplicateGroup] {
        &self.groups
    }

    /// Opinions compared (those whose status lets them be analysed).
    pub fn analysed(&self) -> usize {
        self.analysed
    }

    /// Distinct opinions once copies are merged: singletons plus one per group.
    pub fn distinct(&self) -> usize {
        self.distinct
    }

    /// Copies beyond the first in every group; `analysed == distinct + copies`.
    pub fn copies(&self) -> usize {
        self.analysed - self.distinct
    }
}

/// Settings of [`Deduper`], with defaults chosen by measurement.
///
/// - `ngram` 3: on Chinese text a one-character edit in a 100-character opinion keeps the
///   3-gram Jaccard near 0.94; bigger grams make small edits cost more, bigrams make unrelated
///   texts share too much.
/// - `hashes` 128 and `bands` 32 (4 rows): a pair at Jaccard 0.5 becomes a candidate with
///   probability 0.87, at 0.6 with 0.985, at 0.2 with 0.05; every candidate is verified.
/// - `threshold` 0.5: verified Jaccard of the 3-gram sets. Pairwise precision/recall against
///   the planted families of generated consultations (seed 20261128; in brackets: without the
///   campaign letters, whose pairs outnumber all others), and on the 4,326 real messages the
///   groups and copies merged (all of them genuine copies on hand check at 0.5):
///
///   | threshold | 10k: precision / recall | 100k | real messages |
///   |-----------|-------------------------|------|---------------|
///   | 0.4       | 0.971 / 1.000 (0.434 / 1.000) | 0.988 / 1.000 (0.156 / 0.974) | 308 groups, 400 copies |
///   | **0.5**   | 0.992 / 1.000 (0.744 / 0.999) | 0.995 / 1.000 (0.328 / 0.991) | 299 groups, 390 copies |
///   | 0.6       | 0.998 / 1.000 (0.923 / 0.997) | 0.999 / 1.000 (0.613 / 0.993) | 297 groups, 386 copies |
///   | 0.7       | 0.999 / 1.000 (0.962 / 0.984) | 0.999 / 1.000 (0.789 / 0.986) | 297 groups, 385 copies |
///
///   0.6 would merge fewer independent opinions of the generator, but it loses four copies of
///   the real messages that are re-posts of one complaint with a few words changed (Jaccard
///   0.51-0.59, 50-74 shared 3-grams), so 0.5 stays. Independent opinions on one point of the
///   generator reach 0.5 in 0.2 % of pairs (median 0.04); with a thousand opinions on one
///   point (100k) that is still many pairs.
/// - `overlap` 0.3 with at least 100 shared 3-grams: a long text re-posted with rewording
///   (the same complaint sent again) shares long runs but falls below 0.5. On the 4,326 real
///   messages this adds 14 groups and 25 copies (38 linked pairs), all re-posts of one
///   complaint on hand check, and changes nothing on the generated consultations at any
///   threshold above; short texts never share 100 3-grams of boilerplate.
/// - `containment` 0.9 for texts of at least `min_contained` (20) characters: a shorter
///   text whose shingles lie mostly inside a longer one is a copy of part of it. At 0.85 more
///   of the generator's independent opinions that reuse one stock sentence with small changes
///   merge (false pairs at 10k: 1,188 against 1,113 at 0.9; at 100k: 66,677 against 64,829).
/// - `long_containment` 0.85 with at least 40 shared 3-grams: a longer excerpt is the same
///   copy at a lower share. On the real messages 0.9 alone loses one re-post (a 62-character
///   complaint inside the 225-character letter it came from, 丽发新城 at 0.86); with this rule
///   it is kept, for 11 more false pairs at 10k and 899 at 100k (`LONG=off` in the example
///   below turns the rule off).
/// - `campaign_submitters` 5: a group whose copies come from at least this many distinct
///   submitters is a campaign.
///
/// Grouping around centres rather than by union-find: on the real messages both give the
/// same groups, but on generated data union-find chains independent opinions through
/// borderline links (100k precision 0.816, 0.010 without campaigns, against 0.995 and 0.328).
/// Centres alone have faults, each mended by a pass after them, all at resemblance 0.7
/// (`JOIN`; pairs wrongly merged / pairs missed, with the other passes on):
///
/// | pass | 10k | 100k | 10k, seed 99 |
/// |------|-----|------|--------------|
/// | all three | 1,113 / 4 | 64,829 / 297 | 1,269 / 0 |
/// | without joining split stars | 1,113 / 4 | 64,829 / 297 | 1,269 / 2,972 |
/// | without the closest centre | 1,298 / 14 | 106,987 / 994 | 1,436 / 0 |
/// | without attaching texts left alone | 1,113 / 4 | 64,665 / 340 | 1,262 / 1 |
/// | none (centres only) | 1,266 / 102 | 102,012 / 1,695 | 1,388 / 4,462 |
///
/// - A campaign of hundreds of letters falls into several stars when, in crowded LSH
///   buckets, some letters never met the centre (seed 99: 495 letters, then 3 and 2): stars
///   whose centres resemble each other are joined.
/// - The heaviest centre takes every text it reaches, not the texts closest to it: a text
///   that resembles its centre weakly moves to the centre it resembles most.
/// - A text left alone joins the group of the member it resembles most: a near copy that
///   never met its centre.
///
/// Reproduce: `minyi-sample --format jsonl --n N --out DIR`, then
/// `examples/dedup_eval DIR/opinions.jsonl DIR/truth.jsonl THRESHOLD` (env `OVERLAP=off`,
/// `CONTAINMENT=X`, `LONG=off`), and the same example on the real messages without a truth
/// file (`-`). Seed 99: `minyi-sample --seed 99`.
#[derive(Clone, Debug)]
pub struct DedupBuilder {
    ngram: usize,
    hashes: usize,
    bands: usize,
    threshold: f32,
    overlap_threshold: f32,
    overlap_shingles: usize,
    containment: f32,
    long_containment: f32,
    long_contained_shingles: usize,
    min_contained: usize,
    campaign_submitters: usize,
}

impl Default for DedupBuilder {
    fn default() -> DedupBuilder {
        DedupBuilder {
            ngram: 3,
            hashes: 128,
            bands: 32,
            threshold: 0.5,
            overlap_threshold: 0.3,
            overlap_shingles: 100,
            containment: 0.9,
            long_containment: 0.85,
            long_contained_shingles: 40,
            min_contained: 20,
            campaign_submitters: 5,
        }
    }
}

impl DedupBuilder {
    /// Characters per shingle.
    pub fn ngram(&mut self, n: usize) -> &mut DedupBuilder {
        self.ngram = n;
        self
    }

    /// MinHash signature length.
    pub fn hashes(&mut self, k: usize) -> &mut DedupBuilder {
        self.hashes = k;
        self
    }

    /// LSH bands (the signature length must be a multiple).
    pub fn bands(&mut self, b: usize) -> &mut DedupBuilder {
        self.bands = b;
        self
    }

    /// Least Jaccard similarity of two near-duplicates, in (0, 1].
    pub fn threshold(&mut self, jaccard: f32) -> &mut DedupBuilder {
        self.threshold = jaccard;
        self
    }

    /// Long texts are also copies at a lower Jaccard similarity when they share at least
    /// `shingles` n-grams (a complaint re-posted with rewording).
    pub fn overlap(&mut self, jaccard: f32, shingles: usize) -> &mut DedupBuilder {
        self.overlap_threshold = jaccard;
        self.overlap_shingles = shingles;
        self
    }

    /// Least share of a shorter text's shingles found in a longer one, in (0, 1].
    pub fn containment(&mut self, share: f32) -> &mut DedupBuilder {
        self.containment = share;
        self
    }

    /// A longer excerpt is also a copy at a lower share `share` when it shares at least
    /// `shingles` n-grams with the text it lies in (a long passage re-sent with a few words
    /// changed around it).
    pub fn long_containment(&mut self, share: f32, shingles: usize) -> &mut DedupBuilder {
        self.long_containment = share;
        self.long_contained_shingles = shingles;
        self
    }

    /// Distinct submitters that make a group a campaign.
    pub fn campaign_submitters(&mut self, n: usize) -> &mut DedupBuilder {
        self.campaign_submitters = n;
        self
    }

    /// Checks the settings.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Config`] if a value is out of range or the bands do not divide the
    /// signature.
    pub fn build(&self) -> Result<Deduper> {
        let bad = |what: String| Err(Error::new(ErrorKind::Config, what));
        if !(1..=8).contains(&self.ngram) {
            return bad(format!("n-gram size {} is not between 1 and 8", self.ngram));
        }
        if self.hashes == 0 || self.bands == 0 || !self.hashes.is_multiple_of(self.bands) {
            return bad(format!(
                "{} bands do not divide a signature of {} hashes",
                self.bands, self.hashes
            ));
        }
        for (name, v) in [
            ("threshold", self.threshold),
            ("overlap threshold", self.overlap_threshold),
            ("containment", self.containment),
            ("long containment", self.long_containment),
        ] {
            if !(v > 0.0 && v <= 1.0) {
                return bad(format!("the {name} {v} is not in (0, 1]"));
            }
        }
        Ok(Deduper {
            config: self.clone(),
            normalizer: Normalizer::new(),
            minhasher: MinHasher::new(self.hashes),
        })
    }
}

/// Finds duplicate groups. `Send + Sync`; uses rayon inside (same result on any number of
/// threads).
///
/// ```
/// use minyi_core::{Deduper, GroupKind, Opinion, Source};
///
/// let texts = [
///     "建议第二十三条增加规定：住宅小区应当设置电动自行车集中充电设施，方便居民充电。",
///     "建议第二十三条增加规定，住宅小区应当设置电动自行车集中充电设施，方便居民充电！",
///     "第五条规定的罚款数额过低，建议提高到五百元。",
/// ];
/// let opinions: Vec<Opinion> = texts
///     .iter()
///     .enumerate()
///     .map(|(i, t)| Opinion::new((i + 1).to_string(), *t, Source::new("意见.csv", i as u64 + 2)))
///     .collect();
/// let dedup = Deduper::new().run(&opinions);
/// assert_eq!(dedup.groups().len(), 1);
/// let group = &dedup.groups()[0];
/// assert_eq!(group.kind(), GroupKind::Exact);
/// assert_eq!(group.count(), 2);
/// assert_eq!(dedup.distinct(), 2);
/// # Ok::<(), minyi_core::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct Deduper {
    config: DedupBuilder,
    normalizer: Normalizer,
    minhasher: MinHasher,
}

impl Default for Deduper {
    fn default() -> Deduper {
        Deduper::new()
    }
}

/// One distinct text (a class of exact copies) and its sketch.
struct Unique {
    /// Indexes into the opinions, in input order.
    copies: Vec<usize>,
    hash: u64,
    shingles: Vec<u32>,
    /// Winnowing fingerprints (texts long enough to be found inside another only).
    prints: Vec<u32>,
    chars: usize,
}

/// Least resemblance that settles where a text or a star belongs once the centres are
/// chosen (see [`Deduper::components`]).
const JOIN: f32 = 0.7;
/// Winnowing window over the `2n`-gram hashes: a common run of `WINDOW + 2n - 1` characters
/// (8 with 3-grams) always shares a fingerprint. Fingerprints of 6-grams in windows of 3
/// rather than of 3-grams in windows of 6: the same guarantee, 1.75 times as many
/// fingerprints, but distinctive ones. On 100k generated opinions with 1,890 letters that
/// quote another opinion whole, the letters found with their original went from 48% to
/// 76% (the rest quote stock text found in hundreds of opinions).
const WINDOW: usize = 3;
/// A fingerprint shared by more distinct texts than this is boilerplate, not a copy.
const MAX_SHARING: usize = 24;

impl Deduper {
    /// The default settings.
    pub fn new() -> Deduper {
        DedupBuilder::default().build().expect("the default settings are valid")
    }

    /// A builder to change the settings.
    pub fn builder() -> DedupBuilder {
        DedupBuilder::default()
    }

    /// Groups the opinions whose status lets them be analysed.
    pub fn run(&self, opinions: &[Opinion]) -> Dedup {
        let n = self.config.ngram;
        let analysable: Vec<usize> =
            (0..opinions.len()).filter(|&i| opinions[i].status().is_ok()).collect();
        let min_contained = self.config.min_contained;
        // Each n-gram is hashed once, for both the set and the fingerprints.
        let keyed: Vec<Sketched> = analysable
            .par_iter()
            .map_init(Scratch::default, |scratch, &i| {
                sketch(&self.normalizer, opinions[i].text(), n, WINDOW, min_contained, scratch)
            })
            .collect();

        // Exact copies: the same key hash.
        let mut order: Vec<usize> = (0..keyed.len()).collect();
        order.sort_by_key(|&k| (keyed[k].0, k));
        // As many uniques as distinct keys, allocated once.
        let distinct = order.chunk_by(|&a, &b| keyed[a].0 == keyed[b].0).count();
        let mut uniques: Vec<Unique> = Vec::with_capacity(distinct);
        let mut keyed: Vec<Option<Sketched>> = keyed.into_iter().map(Some).collect();
        for k in order {
            let Some((hash, shingles, prints, chars)) = keyed[k].take() else { continue };
            match uniques.last_mut() {
                Some(u) if u.hash == hash => u.copies.push(analysable[k]),
                _ => uniques.push(Unique {
                    copies: vec![analysable[k]],
                    hash,
                    shingles,
                    prints,
                    chars,
                }),
            }
        }
        drop(keyed);
        // Input order of first copies, so that everything downstream is in input order.
        for u in &mut uniques {
            u.copies.sort_unstable();
        }
        uniques.sort_by_key(|u| u.copies[0]);

        // The fingerprints serve only to find candidates: they go before the rest is built.
        let prints: Vec<Vec<u32>> =
            uniques.iter_mut().map(|u| std::mem::take(&mut u.prints)).collect();
        let edges = self.verified_links(&uniques, prints);
        let components = self.components(&uniques, edges);
        let mut groups: Vec<(usize, DuplicateGroup)> = components
            .into_par_iter()
            .filter(|c| c.members.iter().map(|&u| uniques[u].copies.len()).sum::<usize>() >= 2)
            .map(|c| self.group(opinions, &uniques, &c))
            .collect();
        groups.sort_by_key(|(first, _)| *first);
        let groups: Vec<DuplicateGroup> = groups.into_iter().map(|(_, g)| g).collect();
        let copies: usize = groups.iter().map(|g| g.count() - 1).sum();
        Dedup { groups, analysed: analysable.len(), distinct: analysable.len() - copies }
    }

    /// Candidate pairs of distinct texts from LSH banding and shared fingerprints, verified on
    /// the exact shingle sets. Each link carries its similarity.
    fn verified_links(&self, uniques: &[Unique], prints: Vec<Vec<u32>>) -> Vec<(u32, u32, Link)> {
        let cfg = &self.config;
        // Candidate pairs packed as `a << 32 | b`: sorted as one number, about twice as fast
        // as comparing tuples.
        let pack = |(a, b): (u32, u32)| (u64::from(a) << 32) | u64::from(b);
        // Verifies the candidates not linked already (`linked`: sorted, packed).
        let verify = |candidates: &mut Vec<u64>, linked: &[u64]| -> Vec<(u32, u32, Link)> {
            candidates.par_sort_unstable();
            candidates.dedup();
            candidates
                .par_iter()
                .filter(|p| linked.binary_search(p).is_err())
                .filter_map(|&p| {
                    let (a, b) = ((p >> 32) as u32, p as u32);
                    let link = self.link(&uniques[a as usize], &uniques[b as usize]);
                    (link != Link::None).then_some((a, b, link))
                })
                .collect()
        };
        // The fingerprints are dropped as soon as they have served.
        let mut candidates: Vec<u64> =
            self.fingerprint_pairs(&prints).into_iter().map(pack).collect();
        drop(prints);
        let mut links = verify(&mut candidates, &[]);
        drop(candidates);
        let rows = cfg.hashes / cfg.bands;
        // Each text's band keys, computed straight from its signature, which is then dropped.
        // The bands go in a few passes, each computing the signatures again, keeping the keys
        // of its own bands only (one flat allocation of `uniques × bands / passes` numbers)
        // and verifying its own candidates.
        let passes = (1..=BAND_PASSES).rev().find(|&p| cfg.bands.is_multiple_of(p)).unwrap_or(1);
        let per_pass = cfg.bands / passes;
        // Keys of 32 bits: two buckets that share one by chance only add candidates, which
        // are verified like any other.
        let mut band_keys: Vec<u32> = vec![0; uniques.len() * per_pass];
        for pass in 0..passes {
            let first = pass * per_pass;
            band_keys.par_chunks_mut(per_pass).zip(uniques.par_iter()).for_each(|(keys, u)| {
                let sig = self.minhasher.signature(&u.shingles);
                let slices = sig.chunks_exact(rows).skip(first);
                for (band, (key, slice)) in keys.iter_mut().zip(slices).enumerate() {
                    let seed = mix((first + band) as u64 + 1);
                    *key = (slice.iter().fold(seed, |h, &v| mix(h ^ u64::from(v))) >> 32) as u32;
                }
            });
            let mut candidates: Vec<u64> = (0..per_pass)
                .into_par_iter()
                .flat_map_iter(|band| {
                    // (bucket key, text) packed in one number: sorted as such, about twice as
                    // fast as comparing tuples.
                    let mut keys: Vec<u64> = (0..uniques.len())
                        .filter(|&u| !uniques[u].shingles.is_empty())
                        .map(|u| (u64::from(band_keys[u * per_pass + band]) << 32) | u as u64)
                        .collect();
                    keys.sort_unstable();
                    bucket_pairs(&keys).into_iter().map(pack)
                })
                .collect();
            // A similar pair falls in bands of every pass: once linked, it is not verified
            // again. (Dissimilar pairs rarely come back, and are verified again if they do.)
            let mut linked: Vec<u64> = links.iter().map(|&(a, b, _)| pack((a, b))).collect();
            linked.par_sort_unstable();
            let found = verify(&mut candidates, &linked);
            links.extend(found);
        }
        drop(band_keys);
        links.par_sort_unstable_by_key(|x| (x.0, x.1));
        links.dedup_by_key(|x| (x.0, x.1));
        links
    }

    /// Pairs of texts that share enough winnowing fingerprints to be checked for containment:
    /// at least two, and at least half of those of the text with fewer. Fingerprints shared by
    /// more than [`MAX_SHARING`] texts are boilerplate: they count neither as shared nor in
    /// the half, so a sentence of one's own around stock phrases still finds its copies.
    ///
    /// The shared fingerprints of each text are counted against every later text in a
    /// counter per thread, rather than by listing and sorting every pair that shares one:
    /// the same pairs, in order, without the sort that dominated this step.
    fn fingerprint_pairs(&self, prints: &[Vec<u32>]) -> Vec<(u32, u32)> {
        // The texts of each useful fingerprint, one run after the other, and for each text the
        // runs it is in (as a compressed list: `runs_of[starts[u]..starts[u + 1]]`).
        let mut members: Vec<u32> = Vec::new();
        let mut runs: Vec<(u32, u32)> = Vec::new();
        let mut per_text = vec![0u32; prints.len() + 1];
        // Each text's fingerprints that are boilerplate: they count neither as shared nor in
        // the share, so that a personal sentence around a stock one still finds its copies.
        let mut boilerplate = vec![0u32; prints.len()];
        // (fingerprint, text) packed in one number, sorted: the texts of each fingerprint. In
        // parts by the fingerprint's top bits, so that the runs still come in fingerprint
        // order but only a part of all the postings is held at once.
        for part in 0..1u32 << POSTING_PART_BITS {
            let in_part = |p: u32| p >> (32 - POSTING_PART_BITS) == part;
            let mut postings: Vec<u64> = prints
                .iter()
                .enumerate()
                .flat_map(|(u, x)| {
                    x.iter()
                        .filter(move |&&p| in_part(p))
                        .map(move |&p| (u64::from(p) << 32) | u as u64)
                })
                .collect();
            postings.par_sort_unstable();
            for run in postings.chunk_by(|a, b| a >> 32 == b >> 32) {
                if run.len() > MAX_SHARING {
                    for &p in run {
                        boilerplate[p as u32 as usize] += 1;
                    }
                    continue;
                }
                if run.len() < 2 {
                    continue;
                }
                let from = members.len() as u32;
                for &p in run {
                    let u = p as u32;
                    members.push(u);
                    per_text[u as usize + 1] += 1;
                }
                runs.push((from, members.len() as u32));
            }
        }
        for u in 0..prints.len() {
            per_text[u + 1] += per_text[u];
        }
        let starts = per_text;
        let mut fill = starts.clone();
        let mut runs_of = vec![0u32; members.len()];
        for (r, &(from, to)) in runs.iter().enumerate() {
            for &u in &members[from as usize..to as usize] {
                runs_of[fill[u as usize] as usize] = r as u32;
                fill[u as usize] += 1;
            }
        }
        drop(fill);
        (0..prints.len())
            .into_par_iter()
            .with_min_len(256)
            .map_init(
                || (vec![0u32; prints.len()], Vec::new()),
                |(shared, touched), a| {
                    let mut out: Vec<(u32, u32)> = Vec::new();
                    for &r in &runs_of[starts[a] as usize..starts[a + 1] as usize] {
                        let (from, to) = runs[r as usize];
                        for &b in &members[from as usize..to as usize] {
                            if b as usize > a {
                                if shared[b as usize] == 0 {
                                    touched.push(b);
                                }
                                shared[b as usize] += 1;
                            }
                        }
                    }
                    touched.sort_unstable();
                    for &b in touched.iter() {
                        let count = shared[b as usize] as usize;
                        shared[b as usize] = 0;
                        let own = |u: usize| prints[u].len() - boilerplate[u] as usize;
                        let fewer = own(a).min(own(b as usize));
                        if count >= 2 && count * 2 >= fewer {
                            out.push((a as u32, b));
                        }
                    }
                    touched.clear();
                    out
                },
            )
            .flatten_iter()
            .collect()
    }

    /// The similarity of two texts if it makes them copies, else 0: Jaccard, or the
    /// containment of the shorter in the longer.
    fn similarity(&self, a: &Unique, b: &Unique) -> f32 {
        match self.link(a, b) {
            Link::Resembles(s) | Link::Contained(s) => s,
            Link::None => 0.0,
        }
    }

    /// How two texts are copies of each other: resemblance (Jaccard of the shingle sets at
    /// least the threshold), or the shorter contained in the longer.
    fn link(&self, a: &Unique, b: &Unique) -> Link {
        let (sa, sb) = (&a.shingles, &b.shingles);
        if sa.is_empty() || sb.is_empty() {
            return Link::None;
        }
        let common = intersection(sa, sb) as f32;
        let jaccard = common / ((sa.len() + sb.len()) as f32 - common);
        if jaccard >= self.config.threshold
            || (jaccard >= self.config.overlap_threshold
                && common >= self.config.overlap_shingles as f32)
        {
            return Link::Resembles(jaccard);
        }
        let shorter = if a.chars <= b.chars { a } else { b };
        if shorter.chars >= self.config.min_contained {
            let contained = common / shorter.shingles.len() as f32;
            let cfg = &self.config;
            if contained >= cfg.containment
                || (contained >= cfg.long_containment
                    && common >= cfg.long_contained_shingles as f32)
            {
                return Link::Contained(contained);
            }
        }
        Link::None
    }
}

/// How two distinct texts are copies.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Link {
    None,
    Resembles(f32),
    /// The shorter text lies inside the longer one.
    Contained(f32),
}

/// A text's key hash, shingles, fingerprints and length in characters.
type Sketched = sketch::Sketch;

/// Distinct texts that form one group, and the most central of them.
struct Component {
    members: Vec<usize>,
    representative: usize,
}

impl Deduper {
    /// Groups distinct texts around centres (star clustering): the text with the heaviest
    /// verified links (each weighted by the other text's copies, its own copies counting
    /// fully) becomes a centre and takes every unassigned text linked to it; then the next
    /// heaviest unassigned text, and so on. Every member is a verified copy of its group's
    /// centre, so a chain of borderline links cannot glue unrelated texts together, and the
    /// work is linear in the links. Then three passes, each linear in the links too: stars of
    /// one campaign are joined ([`Deduper::join_split_stars`]), texts weakly tied to their
    /// centre go to the closest centre ([`closest_centre`]), and a text left alone joins the
    /// group of a member it resembles closely ([`attach_left_alone`]).
    fn components(&self, uniques: &[Unique], links: Vec<(u32, u32, Link)>) -> Vec<Component> {
        // Each text's links: the other text, the similarity, and whether the shorter of the two
        // lies inside the longer.
        // Each list allocated at its size, and the links freed as they are read.
        let mut degree = vec![0u32; uniques.len()];
        for &(a, b, _) in &links {
            degree[a as usize] += 1;
            degree[b as usize] += 1;
        }
        let mut neighbours: Vec<Vec<(u32, f32, bool)>> =
            degree.iter().map(|&d| Vec::with_capacity(d as usize)).collect();
        drop(degree);
        for (a, b, link) in links {
            let (s, contained) = match link {
                Link::Resembles(s) => (s, false),
                Link::Contained(s) => (s, true),
                Link::None => continue,
            };
            neighbours[a as usize].push((b, s, contained));
            neighbours[b as usize].push((a, s, contained));
        }
        // A text contained in many others, or containing many, is not made central by
        // that alone: containment links weigh half.
        let weight: Vec<f32> = (0..uniques.len())
            .map(|u| {
                (uniques[u].copies.len() - 1) as f32
                    + neighbours[u]
                        .iter()
                        .map(|&(v, s, contained)| {
                            let w = if contained { 0.5 } else { 1.0 };
                            w * s * uniques[v as usize].copies.len() as f32
                        })
                        .sum::<f32>()
            })
            .collect();
        let mut order: Vec<usize> = (0..uniques.len()).collect();
        order.sort_by(|&a, &b| weight[b].total_cmp(&weight[a]).then(a.cmp(&b)));
        let mut assigned = vec![false; uniques.len()];
        let mut done = Vec::new();
        for centre in order {
            if assigned[centre] {
                continue;
            }
            assigned[centre] = true;
            let mut members = vec![centre];
            let mut nearest: Vec<(u32, f32, bool)> = neighbours[centre].clone();
            nearest.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
            // Texts found inside the centre must be copies of the same part of it: a long
            // letter that quotes several different short opinions does not make them one.
            // And texts the centre is found inside must be copies of each other: a stock
            // sentence that several different letters use does not make them one.
            let mut excerpt: Option<usize> = None;
            let mut container: Option<usize> = None;
            for (v, _, contained) in nearest {
                let v = v as usize;
                if assigned[v] {
                    continue;
                }
                if contained && uniques[v].chars < uniques[centre].chars {
                    match excerpt {
                        None => excerpt = Some(v),
                        Some(first) if self.similarity(&uniques[v], &uniques[first]) > 0.0 => {}
                        Some(_) => continue,
                    }
                }
                if contained && uniques[v].chars > uniques[centre].chars {
                    match container {
                        None => container = Some(v),
                        Some(first) if self.similarity(&uniques[v], &uniques[first]) > 0.0 => {}
                        Some(_) => continue,
                    }
                }
                assigned[v] = true;
                members.push(v);
            }
            members.sort_unstable();
            done.push(Component { members, representative: centre });
        }
        self.join_split_stars(uniques, &neighbours, &mut done);
        closest_centre(&mut done, &neighbours);
        attach_left_alone(&mut done, &neighbours);
        done.retain(|c| !c.members.is_empty());
        for c in &mut done {
            c.members.sort_unstable();
        }
        done.sort_by_key(|c| c.members[0]);
        done
    }

    /// A star whose centre resembles the centre of a larger star it touches (a member of one
    /// linked to a member of the other) at [`JOIN`] or more joins it: one campaign of
    /// hundreds of letters split in stars because, in a crowded LSH bucket, some letters were
    /// paired with other letters but never with the centre. The two centres are compared
    /// here, on their shingles; a star joins the closest such centre, and a chain of joins
    /// ends at the largest star (larger: more texts, then the earlier centre).
    fn join_split_stars(
        &self,
        uniques: &[Unique],
        neighbours: &[Vec<(u32, f32, bool)>],
        done: &mut [Component],
    ) {
        let component_of = component_of(done, neighbours.len());
        let larger = |a: usize, b: usize| {
            let (la, lb) = (done[a].members.len(), done[b].members.len());
            la > lb || (la == lb && a < b)
        };
        let target: Vec<Option<usize>> = done
            .par_iter()
            .enumerate()
            .map(|(ci, c)| {
                let mut touched: Vec<usize> = c
                    .members
                    .iter()
                    .flat_map(|&m| neighbours[m].iter())
                    .filter(|&&(_, _, contained)| !contained)
                    .map(|&(v, _, _)| component_of[v as usize])
                    .filter(|&cj| cj != ci && larger(cj, ci))
                    .collect();
                touched.sort_unstable();
                touched.dedup();
                let centre = &uniques[c.representative];
                touched
                    .into_iter()
                    .filter_map(|cj| match self.link(centre, &uniques[done[cj].representative]) {
                        Link::Resembles(s) if s >= JOIN => Some((cj, s)),
                        _ => None,
                    })
                    .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)))
                    .map(|(cj, _)| cj)
            })
            .collect();
        for ci in 0..done.len() {
            // Each step goes to a larger star, so the chain ends.
            let mut to = ci;
            while let Some(next) = target[to] {
                to = next;
            }
            if to != ci {
                let moved = std::mem::take(&mut done[ci].members);
                done[to].members.extend(moved);
            }
        }
    }

    /// The group of a component, with the index of its first copy for ordering.
    fn group(
        &self,
        opinions: &[Opinion],
        uniques: &[Unique],
        c: &Component,
    ) -> (usize, DuplicateGroup) {
        let mut copies: Vec<(usize, usize)> = c
            .members
            .iter()
            .flat_map(|&u| uniques[u].copies.iter().map(move |&i| (i, u)))
            .collect();
        copies.sort_unstable();
        let rep = &uniques[c.representative];
        let rep_opinion = &opinions[rep.copies[0]];
        let distinct = |field: Field| -> Vec<String> {
            let set: BTreeSet<&str> =
                copies.iter().filter_map(|&(i, _)| opinions[i].field(field)).collect();
            set.into_iter().map(str::to_owned).collect()
        };
        let submitters = distinct(Field::Submitter);
        let rep_key = Key::of(&self.normalizer, rep_opinion.text(), WithSpans::Yes);
        let n = self.config.ngram;
        let mut additions = Vec::new();
        let mut longest_addition = 0;
        // Copies with the very same text as an earlier copy add the same: computed once.
        let mut seen: FxHashMap<&str, Vec<Range<usize>>> = FxHashMap::default();
        for &(i, u) in &copies {
            if u == c.representative {
                continue;
            }
            let text = opinions[i].text();
            let spans = seen
                .entry(text)
                .or_insert_with(|| {
                    let key = Key::of(&self.normalizer, text, WithSpans::Yes);
                    uncovered(&key, &rep.shingles, n)
                })
                .clone();
            if spans.is_empty() {
                continue;
            }
            let added: Vec<Addition> = spans
                .into_iter()
                .map(|span| Addition { text: text[span.clone()].to_owned(), span })
                .collect();
            longest_addition = longest_addition
                .max(added.iter().map(|a| a.text.chars().count()).max().unwrap_or(0));
            additions.push((opinions[i].id().clone(), added));
        }
        let others: Vec<&Unique> =
            c.members.iter().filter(|&&u| u != c.representative).map(|&u| &uniques[u]).collect();
        let slots = slots(&rep_key, &others, n);
        let templated = others.len() >= 2 && !slots.is_empty() && longest_addition <= 16;
        let kind = if submitters.len() >= self.config.campaign_submitters || templated {
            GroupKind::Campaign
        } else if c.members.len() == 1 {
            GroupKind::Exact
        } else {
            GroupKind::Near
        };
        let template = (kind == GroupKind::Campaign).then(|| {
            let mut t = rep_opinion.text().to_owned();
            for span in slots.iter().rev() {
                t.replace_range(span.clone(), "【…】");
            }
            self.normalizer.normalize(&t).as_str().to_owned()
        });
        let group = DuplicateGroup {
            id: GroupId(c.members.iter().map(|&u| uniques[u].hash).min().unwrap_or(0)),
            kind,
            members: copies.iter().map(|&(i, _)| opinions[i].id().clone()).collect(),
            representative: rep_opinion.id().clone(),
            variants: c.members.len(),
            submitters,
            channels: distinct(Field::Channel),
            contact_points: distinct(Field::ContactPoint),
            additions,
            template,
        };
        (copies[0].0, group)
    }
}

/// Each text of a group that resembles its centre less than [`JOIN`] moves to the centre it
/// resembles most, if it resembles that one more: the first centre to reach a text takes it,
/// and the heaviest centre comes first, not the closest. A text found inside its centre, or
/// containing it, stays. Moves go to centres only, decided on the groups as they stand, so
/// every member still resembles its group's centre. A text that resembles its centre at
/// [`JOIN`] or more stays: letters of one campaign resemble each other about equally, and
/// moving them between two centres of the same campaign would split it.
fn closest_centre(done: &mut [Component], neighbours: &[Vec<(u32, f32, bool)>]) {
    let component_of = component_of(done, neighbours.len());
    let centre_of = |u: usize| {
        let c = component_of[u];
        (c != usize::MAX).then(|| done[c].representative)
    };
    let mut moves: Vec<(usize, usize, usize)> = Vec::new();
    for (u, links) in neighbours.iter().enumerate() {
        let Some(centre) = centre_of(u) else { continue };
        if centre == u {
            continue;
        }
        let Some(&(_, now, false)) = links.iter().find(|x| x.0 as usize == centre) else {
            continue;
        };
        if now >= JOIN {
            continue;
        }
        let best = links
            .iter()
            .filter(|&&(v, s, contained)| {
                !contained && s > now && centre_of(v as usize) == Some(v as usize)
            })
            .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)));
        if let Some(&(v, _, _)) = best {
            moves.push((u, component_of[u], component_of[v as usize]));
        }
    }
    // Each group left is filtered once, however many texts leave it.
    let mut moving = vec![false; neighbours.len()];
    let mut left: Vec<usize> = Vec::with_capacity(moves.len());
    for &(u, from, _) in &moves {
        moving[u] = true;
        left.push(from);
    }
    left.sort_unstable();
    left.dedup();
    for from in left {
        done[from].members.retain(|&m| !moving[m]);
    }
    for (u, _, to) in moves {
        done[to].members.push(u);
    }
}

/// The index of each text's component (`usize::MAX` for a text in none).
fn component_of(done: &[Component], texts: usize) -> Vec<usize> {
    let mut of = vec![usize::MAX; texts];
    for (ci, c) in done.iter().enumerate() {
        for &m in &c.members {
            of[m] = ci;
        }
    }
    of
}

/// A text left alone although it resembles a member of a group joins that group (the one of
/// the member it resembles most, ties to the earliest). Star clustering leaves such a text
/// alone when it never met the group's centre as a candidate or falls short of the threshold
/// with the centre while a near copy of the centre reaches it: on generated consultations
/// these were the near copies and campaign letters that centres missed. Only texts left
/// alone move, only on resemblance (a text found inside a member does not qualify, since
/// a long letter may quote several unrelated opinions), and only to the groups as the centres
/// formed them, so no chain can form.
fn attach_left_alone(done: &mut [Component], neighbours: &[Vec<(u32, f32, bool)>]) {
    let component_of = component_of(done, neighbours.len());
    let mut joins: Vec<(usize, usize)> = Vec::new();
    for (ci, c) in done.iter().enumerate() {
        let [alone] = c.members[..] else { continue };
        let best = neighbours[alone]
            .iter()
            .filter(|&&(v, s, contained)| {
                !contained && s >= JOIN && done[component_of[v as usize]].members.len() > 1
            })
            .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)));
        if let Some(&(v, _, _)) = best {
            joins.push((ci, component_of[v as usize]));
        }
    }
    for (from, to) in joins {
        let moved = std::mem::take(&mut done[from].members);
        done[to].members.extend(moved);
    }
}

/// Byte spans of the text in `key` not covered by any n-gram of `reference`: what it adds.
fn uncovered(key: &Key, reference: &[u32], n: usize) -> Vec<Range<usize>> {
    let len = key.chars.len();
    let mut covered = vec![false; len];
    if len >= n {
        for i in 0..=len - n {
            let h = sketch::shingle_hash(&key.chars[i..i + n]) as u32;
            if reference.binary_search(&h).is_ok() {
                covered[i..i + n].iter_mut().for_each(|c| *c = true);
            }
        }
    } else if reference.binary_search(&(key.hash() as u32)).is_ok() {
        covered.iter_mut().for_each(|c| *c = true);
    }
    runs(&covered, false).map(|r| key.spans[r.start].start..key.spans[r.end - 1].end).collect()
}

/// Byte spans of the representative's text that fewer than half of the other variants share:
/// the slots of a template.
fn slots(rep: &Key, others: &[&Unique], n: usize) -> Vec<Range<usize>> {
    let len = rep.chars.len();
    if others.is_empty() || len < n {
        return Vec::new();
    }
    // How many other variants hold each distinct n-gram of the representative: one merge of
    // the sorted sets per variant, rather than a search per n-gram and variant (campaigns
    // have hundreds of variants).
    let hashes = rep.shingle_hashes(n);
    let distinct = rep.shingles(&hashes);
    let mut sharing = vec![0u32; distinct.len()];
    for u in others {
        let (a, b) = (&distinct, &u.shingles);
        let (mut i, mut j) = (0, 0);
        while i < a.len() && j < b.len() {
            match a[i].cmp(&b[j]) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    sharing[i] += 1;
                    i += 1;
                    j += 1;
                }
            }
        }
    }
    let mut fixed = vec![false; len];
    for (i, h) in hashes.iter().enumerate() {
        let at = distinct.binary_search(h).unwrap_or_default();
        if sharing[at] as usize * 2 >= others.len() {
            fixed[i..i + n].iter_mut().for_each(|c| *c = true);
        }
    }
    runs(&fixed, false).map(|r| rep.spans[r.start].start..rep.spans[r.end - 1].end).collect()
}

/// Maximal runs of `value` in `flags`, as index ranges.
fn runs(flags: &[bool], value: bool) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut i = 0;
    std::iter::from_fn(move || {
        while i < flags.len() && flags[i] != value {
            i += 1;
        }
        if i >= flags.len() {
            return None;
        }
        let start = i;
        while i < flags.len() && flags[i] == value {
            i += 1;
        }
        Some(start..i)
    })
}

/// The postings of fingerprints are sorted in `2^POSTING_PART_BITS` parts: 8 rather than 4
/// took the peak of `minyi dedup` on 101,390 generated opinions from 203 to 197 MB at the
/// same speed (16 parts: no lower).
const POSTING_PART_BITS: u32 = 3;

/// In how many passes the LSH bands are keyed (at most; fewer when the bands do not divide).
/// Each pass computes the signatures again: 4 passes rather than 2 cost 17% more CPU time for
/// 13 MB less on 101,390 generated opinions; band keys of 32 bits rather than 64 save as much
/// (197 -> 180 MB) at no cost, and give the same groups.
const BAND_PASSES: usize = 2;

/// Candidate pairs from a sorted list of (bucket key, text), packed as `key << 32 | text`:
/// inside each bucket every text is paired with the first and with the one before it, which
/// bounds the work on huge buckets while keeping each bucket connected.
fn bucket_pairs(keys: &[u64]) -> Vec<(u32, u32)> {
    let mut out = Vec::new();
    for bucket in keys.chunk_by(|a, b| a >> 32 == b >> 32) {
        let text = |i: usize| bucket[i] as u32;
        for i in 1..bucket.len() {
            out.push((text(0), text(i)));
            if i > 1 {
                out.push((text(i - 1), text(i)));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests;
