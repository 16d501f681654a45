//! `minyi redact`: the rows of an opinion file with personal data removed from their text, an
//! audit file beside them, and the count per kind on stdout.

#[cfg(not(feature = "table"))]
pub(crate) fn run(args: &crate::args::RedactArgs) -> anyhow::Result<crate::Outcome> {
    super::without_table(&args.read)
}

#[cfg(feature = "table")]
pub(crate) use with_table::run;

/// Everything that needs the file formats of minyi-table.
#[cfg(feature = "table")]
mod with_table {
    use std::fs::File;
    use std::io::{BufWriter, Write};
    use std::path::{Path, PathBuf};

    use anyhow::Context;
    use minyi_core::{Field, Opinion, PersonalKind, Redactor, Removal};
    use rayon::prelude::*;

    use crate::Outcome;
    use crate::args::RedactArgs;

    /// The output formats, chosen by the extension of `-o`.
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    enum Format {
        /// CSV in UTF-8 with a BOM, so that Excel reads it as UTF-8.
        Csv,
        JsonLines,
    }

    impl Format {
        fn of(path: &Path) -> Result<Format, crate::commands::BadInput> {
            let ext = path.extension().and_then(|e| e.to_str()).unwrap_or_default().to_lowercase();
            match ext.as_str() {
                "csv" => Ok(Format::Csv),
                "jsonl" | "ndjson" => Ok(Format::JsonLines),
                _ => Err(crate::commands::BadInput(format!(
                    "cannot tell the output format of {}: name it .csv or .jsonl",
                    path.display()
                ))),
            }
        }
    }

    /// One row of the output: its cells in the input's column order, and what was removed.
    struct Row {
        cells: Vec<String>,
        removals: Vec<Removal>,
    }

    pub(crate) fn run(args: &RedactArgs) -> anyhow::Result<Outcome> {
        let format = Format::of(&args.out)?;
        let audit_path = audit_path(&args.out);
        if same_file(&args.file, &args.out) || same_file(&args.file, &audit_path) {
            return Err(crate::commands::BadInput(format!(
                "{} would overwrite the input; write somewhere else",
                args.out.display()
            ))
            .into());
        }
        let redactor = redactor(args)?;
        let ingest = crate::commands::read(std::slice::from_ref(&args.file), &args.read);
        if let Some(error) = ingest.errors().first() {
            return Err(crate::commands::BadInput(error.to_string()).into());
        }
        let report = &ingest.reports()[0];
        let headers: Vec<(String, Option<Field>)> = report
            .columns()
            .iter()
            .map(|c| {
                let name = if c.header.trim().is_empty() {
                    format!("列{}", c.index + 1)
                } else {
                    c.header.clone()
                };
                (name, c.field)
            })
            .collect();
        let rows: Vec<Row> =
            ingest.opinions().par_iter().map(|o| row(o, &headers, &redactor, args.name)).collect();

        let write = |path: &Path, f: &dyn Fn(&mut BufWriter<File>) -> anyhow::Result<()>| {
            let file = File::create(path).map_err(|e| {
                crate::commands::BadInput(format!("cannot write {}: {e}", path.display()))
            })?;
            let mut out = BufWriter::new(file);
            f(&mut out)?;
            out.flush().with_context(|| format!("cannot write {}", path.display()))
        };
        let names: Vec<&str> = headers.iter().map(|(h, _)| h.as_str()).collect();
        write(&args.out, &|out| match format {
            Format::Csv => write_csv(out, &names, &rows),
            Format::JsonLines => write_jsonl(out, &names, &rows),
        })?;
        let digest = redactor.digest_algorithm().name();
        write(&audit_path, &|out| write_audit(out, ingest.opinions(), &rows, digest))?;

        let mut summary = String::new();
        summarise(&mut summary, &ingest, &rows, args, &audit_path);
        let mut stdout = std::io::stdout().lock();
        stdout.write_all(summary.as_bytes())?;
        stdout.flush()?;
        Ok(crate::commands::ingest::report::outcome(&ingest))
    }

    /// `out.csv` → `out.csv.audit.jsonl`.
    fn audit_path(out: &Path) -> PathBuf {
        let mut name = out.file_name().unwrap_or_default().to_os_string();
        name.push(".audit.jsonl");
        out.with_file_name(name)
    }

    fn same_file(a: &Path, b: &Path) -> bool {
        match (a.canonicalize(), b.canonicalize()) {
            (Ok(a), Ok(b)) => a == b,
            _ => false,
        }
    }

    fn redactor(args: &RedactArgs) -> anyhow::Result<Redactor> {
        let mut builder = Redactor::builder();
        if !args.kinds.is_empty() {
            builder.kinds(args.kinds.iter().copied());
        }
        if let Some(path) = &args.audit_key {
            let key = std::fs::read(path).map_err(|e| {
                crate::commands::BadInput(format!(
                    "cannot read the audit key {}: {e}",
                    path.display()
                ))
            })?;
            // A key typed into a file usually ends with a line break that is not part of it.
            let key = key.trim_ascii_end();
            builder.audit_key(key);
        }
        builder.build().map_err(|e| crate::commands::BadInput(e.to_string()).into())
    }

    /// The submitter cell as names: 张三、李四 is two people.
    fn names(cell: &str) -> Vec<&str> {
        cell.split(['、', '，', ',', '；', ';', '/', ' ', '\u{3000}'])
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .collect()
    }

    /// The output row of one opinion. Every row is redacted, whatever its status: a text too long
    /// to analyse can still hold a phone number.
    fn row(
        o: &Opinion,
        headers: &[(String, Option<Field>)],
        redactor: &Redactor,
        name: bool,
    ) -> Row {
        let names = match o.field(Field::Submitter) {
            Some(cell) if name => names(cell),
            _ => Vec::new(),
        };
        let redacted = redactor.redact_with_names(o.text(), &names);
        let mut extra = o.extra().peekable();
        let cells = headers
            .iter()
            .map(|(header, field)| match field {
                Some(Field::Text) => redacted.text().to_owned(),
                Some(Field::Id) => match o.status() {
                    minyi_core::RowStatus::RepeatedId { original } => original.clone(),
                    _ => o.id().as_str().to_owned(),
                },
                Some(f) => o.field(*f).unwrap_or_default().to_owned(),
                // Extra cells come in column order, empty ones left out.
                None => match extra.next_if(|(k, _)| k == header) {
                    Some((_, v)) => v.to_owned(),
                    None => String::new(),
                },
            })
            .collect();
        let removals = redacted.removals().to_vec();
        Row { cells, removals }
    }

    fn write_csv(out: &mut impl Write, headers: &[&str], rows: &[Row]) -> anyhow::Result<()> {
        out.write_all("\u{FEFF}".as_bytes())?;
        let mut csv = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(out);
        csv.write_record(headers)?;
        for row in rows {
            csv.write_record(&row.cells)?;
        }
        csv.flush()?;
        Ok(())
    }

    fn write_jsonl(out: &mut impl Write, headers: &[&str], rows: &[Row]) -> anyhow::Result<()> {
        // Written by hand so that the keys keep the input's column order.
        for row in rows {
            out.write_all(b"{")?;
            for (k, (header, cell)) in headers.iter().zip(&row.cells).enumerate() {
                if k > 0 {
                    out.write_all(b",")?;
                }
                serde_json::to_writer(&mut *out, header)?;
                out.write_all(b":")?;
                serde_json::to_writer(&mut *out, cell)?;
            }
            out.write_all(b"}\n")?;
        }
        Ok(())
    }

    fn write_audit(
        out: &mut impl Write,
        opinions: &[Opinion],
        rows: &[Row],
        digest: &str,
    ) -> anyhow::Result<()> {
        // Written by hand so that the keys come in the documented order.
        for (o, row) in opinions.iter().zip(rows) {
            let id = serde_json::to_string(o.id().as_str())?;
            for r in &row.removals {
                writeln!(
                    out,
                    r#"{{"id":{id},"row":{},"kind":"{}","start":{},"end":{},"{digest}":"{}"}}"#,
                    o.source().row(),
                    r.kind(),
                    r.span().start,
                    r.span().end,
                    r.digest()
                )?;
            }
        }
        Ok(())
    }

    fn summarise(
        out: &mut String,
        ingest: &minyi_table::Ingest,
        rows: &[Row],
        args: &RedactArgs,
        audit: &Path,
    ) {
        use std::fmt::Write as _;
        let _ = writeln!(out, "{}: {}", args.file.display(), ingest.counts());
        let removals: usize = rows.iter().map(|r| r.removals.len()).sum();
        let changed = rows.iter().filter(|r| !r.removals.is_empty()).count();
        let _ = writeln!(out, "{removals} removals in {changed} rows:");
        for kind in PersonalKind::ALL {
            if !args.kinds.is_empty() && !args.kinds.contains(&kind) {
                continue;
            }
            if kind == PersonalKind::Name && !args.name {
                let _ = writeln!(out, "  {:<14} {:>5}  (not asked: --name)", kind.name(), "-");
                continue;
            }
            let n = rows.iter().flat_map(|r| &r.removals).filter(|r| r.kind() == kind).count();
            let _ = writeln!(out, "  {:<14} {n:>5}  {}", kind.name(), kind.placeholder());
        }
        let _ = writeln!(
            out,
            "wrote {} ({} rows) and {} ({removals} lines)",
            args.out.display(),
            rows.len(),
            audit.display()
        );
    }
}
