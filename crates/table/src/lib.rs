//! `minyi-table`: opinion files in and exports out for minyi.
//!
//! Staff receive opinions as Excel and CSV sheets exported from online forms, forums and
//! collectors' notes. This crate reads them all into [`minyi_core::Opinion`]s and accounts for
//! every row:
//!
//! - CSV/TSV in UTF-8 (with or without BOM), GB18030/GBK or UTF-16, detected, never guessed
//!   silently; a file in none of them is an error naming the byte offset and line;
//! - XLSX/XLSM/XLSB/XLS/ODS workbooks: the first sheet or a named one, a title row above the
//!   header tolerated, values as displayed (ids such as 188006 without `.0`, dates as dates);
//! - JSON Lines and Parquet;
//! - the usual Chinese headers recognised (意见内容, 留言详情, 提出人, 联系点, 信息员…), with
//!   overrides;
//! - rows with empty text, undecodable bytes, an over-long text, the wrong number of cells or a
//!   repeated id kept with a status and listed with their row.
//!
//! It also reads the draft itself, TXT/Markdown in the same encodings or DOCX, as text for
//! [`minyi_core::Draft::parse`]: [`read_draft`].
//!
//! Out of an analysis, [`Export`] writes what staff hand over: `汇总表.xlsx` (the summary table
//! by article, every opinion, the figures; ready to print) and `opinions.csv` /
//! `opinions.parquet` for researchers, all with personal data removed.
//!
//! ```no_run
//! use minyi_table::{ReadOptions, read_files};
//!
//! let ingest = read_files(&["意见.xlsx", "意见_gb18030.csv"], &ReadOptions::new());
//! for error in ingest.errors() {
//!     eprintln!("{error}");
//! }
//! let counts = ingest.counts();
//! assert!(counts.adds_up());
//! println!("{counts}"); // 1200 rows read: 1190 ok, 6 empty, 4 invalid
//! ```
#![warn(missing_docs)]

mod adoption;
mod columns;
mod decode;
mod delimited;
mod docx;
mod error;
mod excel;
mod export;
mod html;
mod jsonl;
mod parquet;
mod read;
mod xlsx;

pub use crate::{
    adoption::{
        SHEET_ARTICLES, SHEET_OPINIONS, SHEET_SUMMARY, adoption_section, with_adoption_section,
        write_adoption,
    },
    columns::{ColumnUse, Recognition},
    docx::read_draft,
    error::{Error, ErrorKind, Result},
    export::{Export, GENERAL, OPINION_COLUMNS, OpinionRow, StatTable, SuggestionRow},
    html::report_html,
    read::{
        DEFAULT_MAX_CHARS, FileReport, Format, Ingest, ReadOptions, RowProblem, read_file,
        read_files,
    },
};
