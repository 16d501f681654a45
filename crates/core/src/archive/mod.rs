//! A searchable archive of past consultations: a tantivy index in a directory.
//!
//! Each consultation (one `analysis.json`) is added under a name; adding it again replaces it in a
//! single commit, so the archive never holds two versions of a consultation, and a process killed
//! during an add leaves the archive as it was before (tantivy publishes a commit atomically).
//!
//! Text is cut by our own tokenizer (see `tokenizer.rs`): jieba with the legal dictionary,
//! positions that are token indexes (phrase queries work), byte offsets into the original text
//! (snippets highlight what was written), and sub-words for recall. **What a query word finds**:
//!
//! - a query word matches a whole word of the text or a piece of one: a word of four or more
//!   characters that the dictionary tiles into words of two or more characters is indexed as
//!   those pieces, so 自行车 and 电动 find 电动自行车, 简单 finds 安装简单, 委员会 finds
//!   业主委员会;
//! - a query word is itself cut the same way, so 电动自行车 is the phrase 电动 自行车 and finds
//!   电动自行车 (and 电动 自行车 written apart), and 集中充电 finds 集中充电设施;
//! - a two- or three-character dictionary word inside a word that stays whole is found too (as
//!   jieba's search mode): 充电 finds 充电桩, 电动 finds 电动车;
//! - a word is not found inside a word it is not a piece or sub-word of: 电动车 does **not**
//!   find 电动自行车 (电动车 is one word, 电动自行车 the pieces 电动|自行车), and 电动自行车
//!   does not find 电动车; search `电动车 OR 电动自行车` for both, or 电动 for either;
//! - traditional characters and full-width letters are folded: 電動車 finds 电动车.
//!
//! ```
//! use minyi_core::{Archive, ArchiveQuery, ArchiveRecord};
//!
//! let dir = std::env::temp_dir().join(format!("minyi-archive-doc-{}", std::process::id()));
//! let archive = Archive::open(&dir)?;
//! let mut a = ArchiveRecord::new("1", "建议在小区设置电动自行车集中充电设施。");
//! a.articles = vec![23];
//! let b = ArchiveRecord::new("2", "楼道里给电动车充电太危险。");
//! archive.add("2026 电动自行车条例", &[a, b])?;
//!
//! let results = archive.search(&ArchiveQuery::new("\"集中充电\""))?;
//! assert_eq!(results.total, 1);
//! assert_eq!(results.hits[0].id, "1");
//! assert!(results.hits[0].snippet.contains("【集中充电】"), "{}", results.hits[0].snippet);
//!
//! let mut query = ArchiveQuery::new("充电 NOT 楼道");
//! query.article(23);
//! assert_eq!(archive.search(&query)?.total, 1);
//! # drop(archive); std::fs::remove_dir_all(&dir).ok();
//! # Ok::<(), minyi_core::Error>(())
//! ```

mod facets;
mod tokenizer;

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::ops::Bound;
use std::path::Path;

use serde::Serialize;
use tantivy::collector::{Count, TopDocs};
use tantivy::columnar::StrColumn;
use tantivy::query::{AllQuery, BooleanQuery, Occur, Query, QueryParser, RangeQuery, TermQuery};
use tantivy::schema::{
    FAST, Field, INDEXED, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing,
    TextOptions, Value,
};
use tantivy::snippet::SnippetGenerator;
use tantivy::tokenizer::{TextAnalyzer, TokenizerManager};
use tantivy::{DocAddress, Index, IndexReader, ReloadPolicy, Searcher, TantivyDocument, Term};

use self::facets::FacetCollector;
use self::tokenizer::{Mode, ZhTokenizer};
use crate::{Error, ErrorKind, Progress, Result, Segmenter, Silent, Stage};

/// The fields of the archive's schema.
#[derive(Clone, Copy, Debug)]
struct Fields {
    text: Field,
    title: Field,
    id: Field,
    consultation: Field,
    draft_title: Field,
    article: Field,
    chapter: Field,
    group: Field,
    copies: Field,
    topic: Field,
    contact_point: Field,
    submitter_group: Field,
    channel: Field,
    date: Field,
}

impl Fields {
    fn schema() -> Schema {
        let mut b = Schema::builder();
        let text = TextOptions::default().set_stored().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(tokenizer::NAME)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        );
        b.add_text_field("text", text.clone());
        b.add_text_field("title", text.clone());
        b.add_text_field("id", STRING | STORED);
        b.add_text_field("consultation", STRING | STORED | FAST);
        b.add_text_field("draft_title", STORED);
        b.add_u64_field("article", INDEXED | STORED | FAST);
        b.add_text_field("chapter", STRING | STORED);
        b.add_text_field("group", STRING | STORED | FAST);
        b.add_u64_field("copies", STORED);
        b.add_text_field("topic", text);
        b.add_text_field("contact_point", STRING | STORED | FAST);
        b.add_text_field("submitter_group", STRING | STORED | FAST);
        b.add_text_field("channel", STRING | STORED | FAST);
        b.add_u64_field("date", INDEXED | STORED | FAST);
        b.build()
    }

    fn of(schema: &Schema) -> Result<Fields> {
        let f = |name: &str| {
            schema.get_field(name).map_err(|_| {
                Error::new(ErrorKind::Archive, format!("not a minyi archive: no field `{name}`"))
            })
        };
        Ok(Fields {
            text: f("text")?,
            title: f("title")?,
            id: f("id")?,
            consultation: f("consultation")?,
            draft_title: f("draft_title")?,
            article: f("article")?,
            chapter: f("chapter")?,
            group: f("group")?,
            copies: f("copies")?,
            topic: f("topic")?,
            contact_point: f("contact_point")?,
            submitter_group: f("submitter_group")?,
            channel: f("channel")?,
            date: f("date")?,
        })
    }
}

fn index_err(message: impl Into<String>, e: tantivy::TantivyError) -> Error {
    Error::with_source(ErrorKind::Archive, message, e)
}

/// One opinion as the archive holds it. Build one with [`ArchiveRecord::new`] and set the
/// fields, or read a whole `analysis.json` with [`ArchiveRecord::from_analysis_json`].
#[non_exhaustive]
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ArchiveRecord {
    /// The opinion's id in its consultation.
    pub id: String,
    /// Its text, personal data removed.
    pub text: String,
    /// Its title (online messages have one), searched with the text.
    pub title: Option<String>,
    /// The title of the draft consulted on.
    pub draft_title: Option<String>,
    /// The articles it is filed under (empty: 总体意见).
    pub articles: Vec<u32>,
    /// The chapters of those articles.
    pub chapters: Vec<String>,
    /// Its duplicate group.
    pub group: Option<String>,
    /// How many copies its duplicate group holds (1 for an opinion in none).
    pub copies: u32,
    /// The label of its topic.
    pub topic: Option<String>,
    /// The contact point (联系点) that collected it.
    pub contact_point: Option<String>,
    /// The submitter's group (身份).
    pub submitter_group: Option<String>,
    /// The channel it came by.
    pub channel: Option<String>,
    /// The date it was sent, as written (`2026-11-01`, `2019/2/28 11:25:05`).
    pub date: Option<String>,
}

impl ArchiveRecord {
    /// A record with an id and a text and nothing else.
    pub fn new(id: impl Into<String>, text: impl Into<String>) -> ArchiveRecord {
        ArchiveRecord { id: id.into(), text: text.into(), copies: 1, ..ArchiveRecord::default() }
    }

    /// The records of an `analysis.json` (schema 1): every opinion with a text, with its
    /// articles, their chapters, its group and its size, its topic's label and its metadata.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Config`] when `json` is not an analysis of schema 1.
    pub fn from_analysis_json(json: &str) -> Result<Vec<ArchiveRecord>> {
        use serde_json::Value as J;
        let bad =
            |what: &str| Error::new(ErrorKind::Config, format!("not an analysis.json: {what}"));
        let root: J = serde_json::from_str(json)
            .map_err(|e| Error::with_source(ErrorKind::Config, "not an analysis.json", e))?;
        if root.get("schema").and_then(J::as_u64) != Some(1) {
            return Err(bad("schema is not 1"));
        }
        let s = |v: &J, k: &str| v.get(k).and_then(J::as_str).map(str::to_owned);
        let draft = root.get("draft").filter(|d| !d.is_null());
        let draft_title = draft.and_then(|d| s(d, "title"));
        let mut chapters: HashMap<u64, String> = HashMap::new();
        for a in draft.and_then(|d| d.get("articles")).and_then(J::as_array).into_iter().flatten() {
            if let (Some(n), Some(c)) = (a.get("article").and_then(J::as_u64), s(a, "chapter")) {
                chapters.insert(n, c);
            }
        }
        let mut sizes: HashMap<String, u32> = HashMap::new();
        for g in root.get("groups").and_then(J::as_array).into_iter().flatten() {
            if let (Some(id), Some(n)) = (s(g, "id"), g.get("count").and_then(J::as_u64)) {
                sizes.insert(id, u32::try_from(n).unwrap_or(u32::MAX));
            }
        }
        let mut labels: HashMap<String, String> = HashMap::new();
        for c in root.get("clusters").and_then(J::as_array).into_iter().flatten() {
            if let (Some(id), Some(label)) = (s(c, "id"), s(c, "label")) {
                labels.insert(id, label);
            }
        }
        let opinions =
            root.get("opinions").and_then(J::as_array).ok_or_else(|| bad("no opinions"))?;
        let mut records = Vec::with_capacity(opinions.len());
        for o in opinions {
            let text = s(o, "text").unwrap_or_default();
            if text.trim().is_empty() {
                continue;
            }
            let id = match o.get("id") {
                Some(J::String(id)) => id.clone(),
                Some(J::Number(n)) => n.to_string(),
                _ => return Err(bad("an opinion without an id")),
            };
            let mut articles: Vec<u32> = o
                .get("articles")
                .and_then(J::as_array)
                .into_iter()
                .flatten()
                .filter_map(|a| a.get("article").and_then(J::as_u64))
                .filter_map(|n| u32::try_from(n).ok())
                .collect();
            articles.sort_unstable();
            articles.dedup();
            let mut chapter_list: Vec<String> =
                articles.iter().filter_map(|n| chapters.get(&u64::from(*n)).cloned()).collect();
            chapter_list.dedup();
            let group = s(o, "group");
            let copies = group.as_ref().and_then(|g| sizes.get(g).copied()).unwrap_or(1);
            let topic = s(o, "cluster").and_then(|c| labels.get(&c).cloned());
            let meta = o.get("meta").cloned().unwrap_or(J::Null);
            records.push(ArchiveRecord {
                id,
                text,
                title: s(&meta, "title"),
                draft_title: draft_title.clone(),
                articles,
                chapters: chapter_list,
                group,
                copies,
                topic,
                contact_point: s(&meta, "contact_point"),
                submitter_group: s(&meta, "submitter_group"),
                channel: s(&meta, "channel"),
                date: s(&meta, "date"),
            });
        }
        Ok(records)
    }
}

/// Whether a search shows one hit per duplicate group or every copy.
#[non_exhaustive]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Copies {
    /// One hit per duplicate group (the best-scoring copy), with the group's size.
    #[default]
    Collapse,
    /// Every matching copy as its own hit.
    All,
}

/// A search of the archive: query text and typed filters (a non-consuming builder).
///
/// The text is parsed as words (all required), `"phrases"`, `AND`, `OR`, `NOT`, `-word` and
/// parentheses; each word is cut by the archive's tokenizer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ArchiveQuery {
    text: String,
    consultation: Option<String>,
    article: Option<u32>,
    contact_point: Option<String>,
    group: Option<String>,
    since: Option<u64>,
    until: Option<u64>,
    limit: usize,
    copies: Copies,
}

impl ArchiveQuery {
    /// A query for `text` (empty: every opinion), ten hits, copies collapsed.
    pub fn new(text: impl Into<String>) -> ArchiveQuery {
        ArchiveQuery {
            text: text.into(),
            consultation: None,
            article: None,
            contact_point: None,
            group: None,
            since: None,
            until: None,
            limit: 10,
            copies: Copies::Collapse,
        }
    }

    /// Only opinions of this consultation.
    pub fn consultation(&mut self, name: impl Into<String>) -> &mut ArchiveQuery {
        self.consultation = Some(name.into());
        self
    }

    /// Only opinions filed under this article.
    pub fn article(&mut self, article: u32) -> &mut ArchiveQuery {
        self.article = Some(article);
        self
    }

    /// Only opinions collected by this contact point (exact name).
    pub fn contact_point(&mut self, point: impl Into<String>) -> &mut ArchiveQuery {
        self.contact_point = Some(point.into());
        self
    }

    /// Only copies of this duplicate group.
    pub fn group(&mut self, group: impl Into<String>) -> &mut ArchiveQuery {
        self.group = Some(group.into());
        self
    }

    /// Only opinions sent on or after this date (`2019-02-28`, `2019/2/28`).
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Query`] when `date` is not a date.
    pub fn since(&mut self, date: &str) -> Result<&mut ArchiveQuery> {
        self.since = Some(parse_date(date).ok_or_else(|| bad_date(date))?);
        Ok(self)
    }

    /// Only opinions sent on or before this date.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Query`] when `date` is not a date.
    pub fn until(&mut self, date: &str) -> Result<&mut ArchiveQuery> {
        self.until = Some(parse_date(date).ok_or_else(|| bad_date(date))?);
        Ok(self)
    }

    /// At most this many hits (default 10).
    pub fn limit(&mut self, limit: usize) -> &mut ArchiveQuery {
        self.limit = limit;
        self
    }

    /// Whether copies are collapsed (the default) or all shown.
    pub fn copies(&mut self, copies: Copies) -> &mut ArchiveQuery {
        self.copies = copies;
        self
    }
}

fn bad_date(date: &str) -> Error {
    Error::new(ErrorKind::Query, format!("not a date: {date:?} (write 2019-02-28)"))
}

/// A date as `yyyymmdd`, from its first three runs of digits (`2019-2-28`, `2019/2/28 11:25`,
/// `2019年2月28日`).
fn parse_date(s: &str) -> Option<u64> {
    let mut runs = s.split(|c: char| !c.is_ascii_digit()).filter(|r| !r.is_empty());
    let y: u64 = runs.next().filter(|r| r.len() == 4)?.parse().ok()?;
    let m: u64 = runs.next().filter(|r| r.len() <= 2)?.parse().ok()?;
    let d: u64 = runs.next().filter(|r| r.len() <= 2)?.parse().ok()?;
    ((1..=12).contains(&m) && (1..=31).contains(&d)).then_some(y * 10_000 + m * 100 + d)
}

fn format_date(d: u64) -> String {
    format!("{:04}-{:02}-{:02}", d / 10_000, d / 100 % 100, d % 100)
}

/// One hit of a search.
#[non_exhaustive]
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ArchiveHit {
    /// The consultation it belongs to.
    pub consultation: String,
    /// The opinion's id there.
    pub id: String,
    /// BM25 score (higher is better).
    pub score: f32,
    /// The articles it is filed under.
    pub articles: Vec<u32>,
    /// Its duplicate group.
    pub group: Option<String>,
    /// How many copies its group holds (1 for an opinion in none).
    pub copies: u32,
    /// Its title, if any.
    pub title: Option<String>,
    /// Its contact point.
    pub contact_point: Option<String>,
    /// Its date (`yyyy-mm-dd`).
    pub date: Option<String>,
    /// A passage of the text with the matched words marked 【…】.
    pub snippet: String,
}

/// What a search found.
#[non_exhaustive]
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ArchiveResults {
    /// Matching opinions, every copy counted.
    pub total: u64,
    /// The best hits, best first.
    pub hits: Vec<ArchiveHit>,
    /// Matching opinions per consultation, most first.
    pub by_consultation: Vec<(String, u64)>,
    /// Matching opinions per article (`None`: 总体意见), most first; an opinion filed under
    /// several articles counts under each.
    pub by_article: Vec<(Option<u32>, u64)>,
}

/// A consultation held in the archive.
#[non_exhaustive]
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ConsultationStats {
    /// Its name.
    pub name: String,
    /// The title of its draft.
    pub draft_title: Option<String>,
    /// Its opinions (every copy).
    pub opinions: u64,
}

/// What the archive holds.
#[non_exhaustive]
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ArchiveStats {
    /// The consultations, by name.
    pub consultations: Vec<ConsultationStats>,
    /// All opinions.
    pub opinions: u64,
}

/// A persistent, searchable archive of consultations in a directory.
pub struct Archive {
    index: Index,
    reader: IndexReader,
    fields: Fields,
    parser: QueryParser,
    threads: usize,
}

impl fmt::Debug for Archive {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Archive").field("threads", &self.threads).finish_non_exhaustive()
    }
}

impl Archive {
    /// Opens the archive in `dir`, creating the directory and an empty archive if there is none,
    /// with the default [`Segmenter`].
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Io`] when the directory cannot be created; [`ErrorKind::Archive`] when it
    /// holds an index that is not a minyi archive or cannot be read.
    pub fn open(dir: impl AsRef<Path>) -> Result<Archive> {
        Archive::open_with(dir, Segmenter::new())
    }

    /// Opens the archive in `dir` with this segmenter (its dictionary decides the words; use the
    /// same one for every open of an archive).
    ///
    /// # Errors
    ///
    /// As [`Archive::open`].
    pub fn open_with(dir: impl AsRef<Path>, segmenter: Segmenter) -> Result<Archive> {
        let dir = dir.as_ref();
        std::fs::create_dir_all(dir).map_err(|e| {
            Error::with_source(ErrorKind::Io, format!("cannot create {}", dir.display()), e)
        })?;
        let index = if dir.join("meta.json").exists() {
            Index::open_in_dir(dir)
                .map_err(|e| index_err(format!("cannot open the archive {}", dir.display()), e))?
        } else {
            Index::create_in_dir(dir, Fields::schema()).map_err(|e| {
                index_err(format!("cannot create an archive in {}", dir.display()), e)
            })?
        };
        let fields = Fields::of(&index.schema())?;
        // Tokenizers are not stored with an index: register ours on every open.
        let indexing = ZhTokenizer::new(segmenter, Mode::Index);
        let queries = TokenizerManager::default();
        queries.register(tokenizer::NAME, TextAnalyzer::from(indexing.with_mode(Mode::Query)));
        index.tokenizers().register(tokenizer::NAME, TextAnalyzer::from(indexing));
        let mut parser = QueryParser::new(index.schema(), vec![fields.text, fields.title], queries);
        parser.set_conjunction_by_default();
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()
            .map_err(|e| index_err("cannot read the archive", e))?;
        let threads = std::thread::available_parallelism().map_or(1, usize::from).min(8);
        Ok(Archive { index, reader, fields, parser, threads })
    }

    /// Sets how many threads index during [`Archive::add`] (default: the cores, at most 8).
    pub fn threads(&mut self, threads: usize) -> &mut Archive {
        self.threads = threads.max(1);
        self
    }

    /// Adds a consultation, replacing any consultation of the same name, in one commit; returns
    /// how many opinions it now holds.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Config`] for an empty name; [`ErrorKind::Archive`] when the archive is
    /// locked by another writer or writing fails (the archive then stays as it was).
    pub fn add(&self, consultation: &str, records: &[ArchiveRecord]) -> Result<u64> {
        self.add_with_progress(consultation, records, &Silent)
    }

    /// [`Archive::add`], reporting [`Stage::Archive`] progress (one unit an opinion).
    ///
    /// # Errors
    ///
    /// As [`Archive::add`].
    pub fn add_with_progress(
        &self,
        consultation: &str,
        records: &[ArchiveRecord],
        progress: &dyn Progress,
    ) -> Result<u64> {
        if consultation.trim().is_empty() {
            return Err(Error::new(ErrorKind::Config, "a consultation needs a name"));
        }
        let f = &self.fields;
        let budget = 64_000_000 * self.threads;
        let mut writer = self
            .index
            .writer_with_num_threads::<TantivyDocument>(self.threads, budget)
            .map_err(|e| index_err("cannot write to the archive (is another add running?)", e))?;
        writer.delete_term(Term::from_field_text(f.consultation, consultation));
        progress.start(Stage::Archive, records.len() as u64);
        for (i, r) in records.iter().enumerate() {
            let mut doc = TantivyDocument::new();
            doc.add_text(f.text, &r.text);
            if let Some(t) = &r.title {
                doc.add_text(f.title, t);
            }
            doc.add_text(f.id, &r.id);
            doc.add_text(f.consultation, consultation);
            if let Some(t) = &r.draft_title {
                doc.add_text(f.draft_title, t);
            }
            for a in &r.articles {
                doc.add_u64(f.article, u64::from(*a));
            }
            for c in &r.chapters {
                doc.add_text(f.chapter, c);
            }
            if let Some(g) = &r.group {
                doc.add_text(f.group, g);
            }
            doc.add_u64(f.copies, u64::from(r.copies.max(1)));
            for (field, value) in [
                (f.topic, &r.topic),
                (f.contact_point, &r.contact_point),
                (f.submitter_group, &r.submitter_group),
                (f.channel, &r.channel),
            ] {
                if let Some(v) = value {
                    doc.add_text(field, v);
                }
            }
            if let Some(d) = r.date.as_deref().and_then(parse_date) {
                doc.add_u64(f.date, d);
            }
            writer.add_document(doc).map_err(|e| index_err("cannot add an opinion", e))?;
            if (i + 1) % 1000 == 0 {
                progress.advance(1000);
            }
        }
        progress.advance(records.len() as u64 % 1000);
        writer.commit().map_err(|e| index_err("cannot commit to the archive", e))?;
        writer.wait_merging_threads().map_err(|e| index_err("cannot merge the archive", e))?;
        self.reader.reload().map_err(|e| index_err("cannot reload the archive", e))?;
        Ok(records.len() as u64)
    }

    fn build_query(&self, q: &ArchiveQuery) -> Result<Box<dyn Query>> {
        let f = &self.fields;
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        if !q.text.trim().is_empty() {
            let parsed = self.parser.parse_query(&q.text).map_err(|e| {
                Error::with_source(
                    ErrorKind::Query,
                    format!("cannot parse the query {:?}", q.text),
                    e,
                )
            })?;
            clauses.push((Occur::Must, parsed));
        }
        let term = |field: Field, value: &str| -> Box<dyn Query> {
            Box::new(TermQuery::new(Term::from_field_text(field, value), IndexRecordOption::Basic))
        };
        if let Some(c) = &q.consultation {
            clauses.push((Occur::Must, term(f.consultation, c)));
        }
        if let Some(p) = &q.contact_point {
            clauses.push((Occur::Must, term(f.contact_point, p)));
        }
        if let Some(g) = &q.group {
            clauses.push((Occur::Must, term(f.group, g)));
        }
        if let Some(a) = q.article {
            clauses.push((
                Occur::Must,
                Box::new(TermQuery::new(
                    Term::from_field_u64(f.article, u64::from(a)),
                    IndexRecordOption::Basic,
                )),
            ));
        }
        if q.since.is_some() || q.until.is_some() {
            let bound = |d: Option<u64>| {
                d.map_or(Bound::Unbounded, |d| Bound::Included(Term::from_field_u64(f.date, d)))
            };
            clauses.push((Occur::Must, Box::new(RangeQuery::new(bound(q.since), bound(q.until)))));
        }
        Ok(match clauses.len() {
            0 => Box::new(AllQuery),
            1 if clauses[0].0 == Occur::Must => clauses.pop().map_or(Box::new(AllQuery), |c| c.1),
            _ => Box::new(BooleanQuery::new(clauses)),
        })
    }

    /// Searches the archive.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Query`] when the query text does not parse; [`ErrorKind::Archive`] when
    /// the index cannot be read.
    pub fn search(&self, q: &ArchiveQuery) -> Result<ArchiveResults> {
        let f = &self.fields;
        let query = self.build_query(q)?;
        let searcher = self.reader.searcher();
        let read = |e| index_err("cannot search the archive", e);
        let limit = q.limit.max(1);
        let mut fetch = match q.copies {
            Copies::All => limit,
            Copies::Collapse => limit * 4 + 16,
        };
        let facets = FacetCollector::new("consultation", "article");
        let (mut top, total, (by_consultation, by_article)) =
            searcher.search(&*query, &(TopDocs::with_limit(fetch), Count, facets)).map_err(read)?;
        let total = total as u64;
        let mut snippets = SnippetGenerator::create(&searcher, &*query, f.text).map_err(read)?;
        snippets.set_max_num_chars(SNIPPET_CHARS);
        let mut hits: Vec<ArchiveHit> = Vec::new();
        let mut seen: HashSet<(String, String)> = HashSet::new();
        let mut columns = HashMap::new();
        let mut done = 0;
        loop {
            for &(score, addr) in &top[done..] {
                if hits.len() == limit {
                    break;
                }
                // Copies are skipped on their fast fields, without reading the stored document.
                if q.copies == Copies::Collapse
                    && let Some(key) = group_key(&searcher, addr, &mut columns).map_err(read)?
                    && !seen.insert(key)
                {
                    continue;
                }
                let doc: TantivyDocument = searcher.doc(addr).map_err(read)?;
                hits.push(self.hit(&doc, score, &snippets));
            }
            done = top.len();
            if hits.len() == limit || (top.len() as u64) < fetch as u64 || top.len() as u64 >= total
            {
                break;
            }
            fetch *= 4;
            top = searcher.search(&*query, &TopDocs::with_limit(fetch)).map_err(read)?;
        }
        Ok(ArchiveResults { total, hits, by_consultation, by_article })
    }

    fn hit(&self, doc: &TantivyDocument, score: f32, snippets: &SnippetGenerator) -> ArchiveHit {
        let f = &self.fields;
        let s = |field: Field| doc.get_first(field).and_then(|v| v.as_str()).map(str::to_owned);
        let text = s(f.text).unwrap_or_default();
        ArchiveHit {
            consultation: s(f.consultation).unwrap_or_default(),
            id: s(f.id).unwrap_or_default(),
            score,
            articles: doc
                .get_all(f.article)
                .filter_map(|v| v.as_u64())
                .filter_map(|a| u32::try_from(a).ok())
                .collect(),
            group: s(f.group),
            copies: doc
                .get_first(f.copies)
                .and_then(|v| v.as_u64())
                .map_or(1, |c| u32::try_from(c).unwrap_or(u32::MAX)),
            title: s(f.title),
            contact_point: s(f.contact_point),
            date: doc.get_first(f.date).and_then(|v| v.as_u64()).map(format_date),
            snippet: snippet(&text, snippets),
        }
    }

    /// The consultations held and their numbers of opinions.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Archive`] when the index cannot be read.
    pub fn stats(&self) -> Result<ArchiveStats> {
        let f = &self.fields;
        let searcher = self.reader.searcher();
        let read = |e| index_err("cannot read the archive", e);
        let (by_consultation, _) = searcher
            .search(&AllQuery, &FacetCollector::new("consultation", "article"))
            .map_err(read)?;
        let mut consultations = Vec::new();
        let mut opinions = 0;
        for (name, count) in by_consultation {
            let q = TermQuery::new(
                Term::from_field_text(f.consultation, &name),
                IndexRecordOption::Basic,
            );
            let top = searcher.search(&q, &TopDocs::with_limit(1)).map_err(read)?;
            let draft_title = match top.first() {
                Some(&(_, addr)) => {
                    let doc: TantivyDocument = searcher.doc(addr).map_err(read)?;
                    doc.get_first(f.draft_title).and_then(|v| v.as_str()).map(str::to_owned)
                }
                None => None,
            };
            opinions += count;
            consultations.push(ConsultationStats { name, draft_title, opinions: count });
        }
        consultations.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(ArchiveStats { consultations, opinions })
    }
}

/// The fast-field columns of one segment: consultation and group.
type GroupColumns = (Option<StrColumn>, Option<StrColumn>);

/// (consultation, group) of a document in a group, from the fast fields.
fn group_key(
    searcher: &Searcher,
    addr: DocAddress,
    columns: &mut HashMap<u32, GroupColumns>,
) -> tantivy::Result<Option<(String, String)>> {
    let (consultation, group) = match columns.entry(addr.segment_ord) {
        std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
        std::collections::hash_map::Entry::Vacant(e) => {
            let fast = searcher.segment_reader(addr.segment_ord).fast_fields();
            e.insert((fast.str("consultation")?, fast.str("group")?))
        }
    };
    let value = |column: &Option<StrColumn>| -> tantivy::Result<Option<String>> {
        let Some(column) = column else { return Ok(None) };
        let Some(ord) = column.term_ords(addr.doc_id).next() else { return Ok(None) };
        let mut out = String::new();
        column.ord_to_str(ord, &mut out)?;
        Ok(Some(out))
    };
    let Some(group) = value(group)? else { return Ok(None) };
    Ok(Some((value(consultation)?.unwrap_or_default(), group)))
}

/// The best passage of `text` with the matched words marked 【…】; the start of the text when
/// nothing in it matched (the query matched the title).
fn snippet(text: &str, generator: &SnippetGenerator) -> String {
    let snippet = generator.snippet(text);
    let fragment = snippet.fragment();
    if snippet.is_empty() || fragment.is_empty() {
        return one_line(&text.chars().take(SNIPPET_CHARS).collect::<String>());
    }
    // Adjacent pieces (电动|自行车) are marked as one.
    let mut ranges: Vec<std::ops::Range<usize>> = snippet.highlighted().to_vec();
    ranges.sort_by_key(|r| r.start);
    let mut merged: Vec<std::ops::Range<usize>> = Vec::with_capacity(ranges.len());
    for r in ranges {
        match merged.last_mut() {
            Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
            _ => merged.push(r),
        }
    }
    // A short text is shown whole; a passage of a longer one with … where it is cut.
    let start = text.find(fragment).unwrap_or(0);
    let (before, after) = if text.chars().count() <= SNIPPET_CHARS {
        (&text[..start], &text[start + fragment.len()..])
    } else {
        (
            if start > 0 { "…" } else { "" },
            if start + fragment.len() < text.len() { "…" } else { "" },
        )
    };
    let mut out = String::with_capacity(text.len().min(512) + 16);
    out.push_str(before);
    let mut at = 0;
    for r in merged {
        out.push_str(&fragment[at..r.start]);
        out.push('【');
        out.push_str(&fragment[r.clone()]);
        out.push('】');
        at = r.end;
    }
    out.push_str(&fragment[at..]);
    out.push_str(after);
    one_line(&out)
}

/// Characters of text around the matches in a snippet.
const SNIPPET_CHARS: usize = 120;

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}
