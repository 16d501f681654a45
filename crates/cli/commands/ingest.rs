//! `minyi ingest`: the column mapping and the row accounting, nothing else.

use std::io::Write;

use crate::Outcome;
use crate::args::IngestArgs;

#[cfg(not(feature = "table"))]
pub(crate) fn run(args: &IngestArgs) -> anyhow::Result<Outcome> {
    super::without_table(&args.read)
}

#[cfg(feature = "table")]
pub(crate) fn run(args: &IngestArgs) -> anyhow::Result<Outcome> {
    let ingest = super::read(&args.files, &args.read);
    // Written to memory first: serde_json hides a closed pipe inside its own error type.
    let mut buf: Vec<u8> = Vec::new();
    if args.json {
        serde_json::to_writer_pretty(&mut buf, &report::json(&ingest))?;
        writeln!(buf)?;
    } else {
        report::human(&mut buf, &ingest)?;
    }
    let mut out = std::io::stdout().lock();
    out.write_all(&buf)?;
    out.flush()?;
    Ok(report::outcome(&ingest))
}

#[cfg(feature = "table")]
pub(crate) mod report {
    //! The ingest report, for people and as JSON.

    use std::io::{self, Write};

    use minyi_core::RowStatus;
    use minyi_table::{FileReport, Ingest, Recognition};
    use serde_json::json;

    use crate::Outcome;

    /// Problems listed per file before "… and N more".
    const SHOWN_PROBLEMS: usize = 20;

    /// Bad input when a file could not be read or a row is invalid.
    pub(crate) fn outcome(ingest: &Ingest) -> Outcome {
        if !ingest.errors().is_empty() || ingest.counts().invalid > 0 {
            Outcome::BadInput
        } else {
            Outcome::Success
        }
    }

    pub(crate) fn json(ingest: &Ingest) -> serde_json::Value {
        let errors: Vec<_> = ingest
            .errors()
            .iter()
            .map(|e| json!({"file": e.file(), "kind": format!("{:?}", e.kind()), "message": e.to_string()}))
            .collect();
        let total = ingest.counts();
        json!({
            "files": ingest.reports(),
            "errors": errors,
            "total": total,
            "adds_up": total.adds_up(),
        })
    }

    pub(crate) fn human(out: &mut impl Write, ingest: &Ingest) -> io::Result<()> {
        for report in ingest.reports() {
            file(out, report)?;
            writeln!(out)?;
        }
        for error in ingest.errors() {
            writeln!(out, "{}: NOT READ", error.file())?;
            writeln!(out, "  error: {error}")?;
            writeln!(out)?;
        }
        let total = ingest.counts();
        let files = ingest.reports().len() + ingest.errors().len();
        if files > 1 {
            writeln!(out, "total over {} files read: {total}", ingest.reports().len())?;
        }
        if !ingest.errors().is_empty() {
            writeln!(
                out,
                "{} of {files} files could not be read (see above); their rows are not counted",
                ingest.errors().len()
            )?;
        }
        Ok(())
    }

    fn file(out: &mut impl Write, r: &FileReport) -> io::Result<()> {
        let mut about = vec![r.format().describe().to_owned()];
        if let Some(encoding) = r.encoding() {
            about.push(encoding.to_owned());
        }
        if let Some(sheet) = r.sheet() {
            about.push(format!("sheet {sheet} (1 of {})", r.sheets().len()));
        }
        if let Some(row) = r.header_row() {
            about.push(format!("header on row {row}"));
        }
        writeln!(out, "{}: {}", r.file(), about.join(", "))?;
        let width = r.columns().iter().map(|c| display_width(&c.header)).max().unwrap_or(0);
        for c in r.columns() {
            let pad = " ".repeat(width.saturating_sub(display_width(&c.header)));
            match (c.field, c.recognition) {
                (Some(field), Some(how)) => {
                    let how = match how {
                        Recognition::Override => " (--column)",
                        Recognition::Guessed => " (guessed from the header)",
                        _ => "",
                    };
                    writeln!(out, "  {}{pad} -> {field}{how}", c.header)?;
                }
                _ => writeln!(out, "  {}{pad} -> kept as extra data", c.header)?,
            }
        }
        if r.skipped_blank_rows() > 0 {
            writeln!(
                out,
                "  {} blank rows (no value in any cell) skipped",
                r.skipped_blank_rows()
            )?;
        }
        writeln!(out, "  {}", r.counts())?;
        for p in r.problems().iter().take(SHOWN_PROBLEMS) {
            let column = p.column.as_deref().map(|c| format!(", column {c}")).unwrap_or_default();
            let what = match &p.status {
                RowStatus::RepeatedId { original } => {
                    format!("id {original} repeats an earlier row; kept as {}", p.id)
                }
                other => other.to_string(),
            };
            writeln!(out, "  row {} (id {}{column}): {what}", p.row, p.id)?;
        }
        if r.problems().len() > SHOWN_PROBLEMS {
            writeln!(
                out,
                "  … and {} more rows with problems (--json lists them all)",
                r.problems().len() - SHOWN_PROBLEMS
            )?;
        }
        Ok(())
    }

    /// Columns of a terminal: CJK characters take two.
    fn display_width(s: &str) -> usize {
        s.chars().map(|c| if c >= '\u{1100}' && !c.is_ascii() { 2 } else { 1 }).sum()
    }
}
