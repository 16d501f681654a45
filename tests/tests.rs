//! Integration tests of the `minyi` binary: one test binary, one module per area.
#![allow(clippy::print_stderr)] // tests say why they skip when real data is absent

#[macro_use]
mod macros;
mod util;

// `minyi adopt`: which suggestions were adopted, on the project's own draft/final pair;
// `minyi analyze --migrate-to`.
mod adopt;
// `minyi analyze`: the main job on the bundled sample and on given files.
mod analyze;
// `minyi draft`: the structure of a draft, warnings, JSON, bad input.
mod draft;
// `minyi dedup`: duplicate groups as JSON Lines and as a summary.
mod dedup;
// `minyi cite`: citations in a text, JSON Lines in and out, scoring.
mod cite;
// `minyi diff`: two versions aligned article by article, on real version pairs and bad input.
mod diff;
// `minyi ingest`: column mapping, row accounting, bad input and exit codes.
mod ingest;
// `minyi archive`: add, search, stats; re-adds and an add killed midway.
#[cfg(feature = "archive")]
mod archive;
// `minyi redact`: personal data out of the text, same rows, audit file, exit codes.
mod redact;
// `minyi stats` and report.html: hand-counted figures, the sample against its workbook, DOM checks.
mod stats;
// `minyi analyze`'s exports: 汇总表.xlsx read back, opinions.csv/.parquet, no personal data.
mod export;
