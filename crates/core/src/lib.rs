//! `minyi-core`: the analysis library of minyi (民意).
//!
//! minyi turns the opinions people send in on a Chinese draft law or regulation into something a
//! legislative office can forward, act on and search later. This crate holds the analysis; it
//! never sees a file format (readers live in `minyi-table`) and keeps no global state.
//!
//! The stages so far:
//!
//! ```text
//! draft text ─► Draft::parse ─► Draft (编/章/节/条/款/项/目, byte spans, warnings)
//!
//! rows ─► Opinion (id, original text, metadata, status) ─► Normalizer ─► Normalized (+ offset map)
//!                │                                                         │
//!                │                                    Segmenter (jieba + legal dictionary) ─► Token
//!                ├─► Citer::extract (with CiteContext) ─► Citations (第十二条第二款…, law, action)
//!                └─► Deduper::run ─► Dedup (DuplicateGroup: every copy, additions, campaigns)
//! ```
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

mod cite;
mod cluster;
mod dedup;
mod draft;
mod error;
mod normalize;
// Chinese numerals for the draft parser and the citation extractor.
mod numeral;
mod opinion;
mod segment;

pub use crate::{
    cite::{Action, Citation, Citations, CiteContext, Citer, Law, LawReset, Role, Unit},
    cluster::{Clusterer, ClustererBuilder, DistinctPoint, TermStats, Topic},
    dedup::{Addition, Dedup, DedupBuilder, Deduper, DuplicateGroup, GroupId, GroupKind},
    draft::{
        Address, Article, Draft, DraftWarning, DraftWarningKind, Heading, HeadingLevel, Item,
        Paragraph, SubItem,
    },
    error::{Error, ErrorKind, Result},
    normalize::{Normalized, Normalizer, Script},
    opinion::{Field, Opinion, OpinionId, RowCounts, RowStatus, Source},
    segment::{NewWords, Segmenter, SegmenterBuilder, Token, TokenKind},
};
