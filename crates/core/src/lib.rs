//! `minyi-core`: the analysis library of minyi (民意).
//!
//! minyi turns the opinions people send in on a Chinese draft law or regulation into something a
//! legislative office can forward, act on and search later. This crate holds the analysis; it
//! never sees a file format (readers live in `minyi-table`) and keeps no global state.
//!
//! The stages, each usable on its own, and [`Pipeline`], which runs them in order:
//!
//! ```text
//! draft text ─► Draft::parse ─► Draft (编/章/节/条/款/项/目, byte spans, warnings)
//!
//! rows ─► Opinion (id, original text, metadata, status) ─► Normalizer ─► Normalized (+ offset map)
//!                │                                                         │
//!                │                                    Segmenter (jieba + legal dictionary) ─► Token
//!                ├─► Citer::extract (with CiteContext) ─► Citations (第十二条第二款…, law, action)
//!                ├─► Deduper::run ─► Dedup (DuplicateGroup: every copy, additions, campaigns)
//!                ├─► Assigner::assign ─► Assignment (articles by citation, quote or BM25; parts)
//!                └─► Clusterer::cluster ─► Topic (similar points inside one article)
//!
//! Pipeline::run(draft, opinions) ─► Analysis ─► analysis.json (schema 1)
//! Analysis (or analysis.json) ─► StatsRecord ─► Stats (participation, contact points, collectors)
//! ```
//!
//! The whole analysis of a consultation:
//!
//! ```
//! use minyi_core::{Draft, Field, Opinion, Pipeline, Source};
//!
//! let draft = Draft::parse(
//!     "滨江市电动自行车管理条例\n\
//!      第一条 为了加强电动自行车管理，制定本条例。\n\
//!      第二条 住宅小区应当设置集中充电设施，禁止在楼道内停放电动自行车或者充电。\n\
//!      第三条 驾驶电动自行车应当佩戴安全头盔。",
//! )?;
//! let opinions = vec![
//!     Opinion::new("1", "建议第三条增加儿童乘车也要戴头盔。", Source::new("意见.csv", 2)),
//!     Opinion::new("2", "楼道里充电太危险，应当严格禁止。", Source::new("意见.csv", 3)),
//!     Opinion::new("3", "希望早日出台。", Source::new("意见.csv", 4))
//!         .with_field(Field::Article, "第二条"),
//! ];
//! let analysis = Pipeline::new()?.run(Some(&draft), &opinions);
//! let filed: Vec<Vec<(u32, Option<u32>)>> =
//!     analysis.opinions().iter().map(|o| o.articles().collect()).collect();
//! assert_eq!(filed, [vec![(3, None)], vec![(2, None)], vec![(2, None)]]);
//! // Every opinion is in a topic of its article.
//! assert!(analysis.opinions().iter().all(|o| !o.topics().is_empty()));
//! # Ok::<(), minyi_core::Error>(())
//! ```
//!
//! The first stages by hand:
//!
//! ```
//! use minyi_core::{Normalizer, Opinion, RowCounts, Segmenter, Source};
//!
//! let opinions = vec![
//!     Opinion::new("1", "\n\t\t建议第２３条增加：住宅小区应当设置集中充电设施。", Source::new("意见.csv", 2)),
//!     Opinion::new("2", "物业服务企业应当劝阻在楼道内充电的行为。", Source::new("意见.csv", 3)),
//! ];
//! assert_eq!(RowCounts::tally(&opinions).to_string(), "2 rows read: 2 ok, 0 empty, 0 invalid");
//!
//! let normalizer = Normalizer::new();
//! let segmenter = Segmenter::new();
//! let normalized = normalizer.normalize(opinions[0].text());
//! assert_eq!(normalized.as_str(), "建议第23条增加：住宅小区应当设置集中充电设施。");
//! let words: Vec<&str> = segmenter
//!     .segment(normalized.as_str())
//!     .iter()
//!     .filter(|t| t.is_content())
//!     .map(|t| t.text())
//!     .collect();
//! assert!(words.contains(&"住宅小区"));
//! # Ok::<(), minyi_core::Error>(())
//! ```
#![warn(missing_docs)]

mod adopt;
mod analysis;
#[cfg(feature = "archive")]
mod archive;
mod assign;
mod cite;
mod cluster;
mod dedup;
mod draft;
mod error;
mod normalize;
// Chinese numerals for the draft parser and the citation extractor.
mod numeral;
mod opinion;
mod privacy;
mod segment;
mod stats;

#[cfg(feature = "archive")]
pub use crate::archive::{
    Archive, ArchiveHit, ArchiveQuery, ArchiveRecord, ArchiveResults, ArchiveStats,
    ConsultationStats, Copies,
};
pub use crate::{
    adopt::{
        Adopter, AdopterBuilder, Adoption, AdoptionClass, AdoptionInput, ArticleAdoption,
        Migration, OpinionAdoption, Request, RequestKind, Tally, TopicAdoption, read_requests,
    },
    analysis::{
        Analysis, ArticleCount, OpinionResult, Pipeline, PipelineBuilder, Progress, SCHEMA, Silent,
        Stage, TopicCluster,
    },
    assign::{AssignBuilder, Assigner, Assignment, Candidate, Evidence, Segment},
    cite::{
        Action, Citation, Citations, CiteContext, Citer, Convention, Law, LawReset, Role, Unit,
    },
    cluster::{Clusterer, ClustererBuilder, DistinctPoint, TermStats, Topic},
    dedup::{Addition, Dedup, DedupBuilder, Deduper, DuplicateGroup, GroupId, GroupKind},
    draft::{
        Address, AlignStatus, AlignedPair, Aligner, AlignerBuilder, Alignment, Article, ArticleRef,
        Draft, DraftWarning, DraftWarningKind, Edit, EditOp, Heading, HeadingLevel, Item,
        Paragraph, SubItem,
    },
    error::{Error, ErrorKind, Result},
    normalize::{Normalized, Normalizer, Script},
    opinion::{Field, Opinion, OpinionId, RowCounts, RowStatus, Source},
    privacy::{
        Digest, DigestAlgorithm, PersonalKind, Redacted, Redactor, RedactorBuilder, Removal,
    },
    segment::{NewWords, Segmenter, SegmenterBuilder, Token, TokenKind},
    stats::{Breadth, Share, Stats, StatsRecord, UnitStats},
};
