//! Reading opinion files: format detection, header detection, column mapping and row accounting.

use std::collections::HashMap;
use std::io::Read;
use std::path::Path;
use std::sync::Arc;

use minyi_core::{Field, Opinion, RowCounts, RowStatus, Source};
use rustc_hash::FxHashSet;
use serde::Serialize;

use crate::columns::{ColumnUse, Mapping, MappingError, map_columns};
use crate::error::{Error, ErrorKind, Result};
use crate::{delimited, excel, jsonl, parquet};

/// The longest text analysed, in characters, unless told otherwise.
pub const DEFAULT_MAX_CHARS: usize = 20_000;

/// How many rows at the top of a sheet are searched for the header.
const HEADER_SEARCH_ROWS: usize = 10;

/// How to read opinion files. Non-consuming setters.
///
/// ```
/// use minyi_core::Field;
/// use minyi_table::ReadOptions;
///
/// let mut options = ReadOptions::new();
/// options.sheet("意见汇总").column(Field::Text, "留言详情").column(Field::Id, "留言编号").max_chars(50_000);
/// ```
#[derive(Clone, Debug)]
pub struct ReadOptions {
    sheet: Option<String>,
    columns: Vec<(Field, String)>,
    max_chars: usize,
}

impl Default for ReadOptions {
    fn default() -> ReadOptions {
        ReadOptions::new()
    }
}

impl ReadOptions {
    /// The first sheet, recognised headers, texts up to [`DEFAULT_MAX_CHARS`].
    pub fn new() -> ReadOptions {
        ReadOptions { sheet: None, columns: Vec::new(), max_chars: DEFAULT_MAX_CHARS }
    }

    /// Reads the named sheet of a workbook instead of the first.
    pub fn sheet(&mut self, name: impl Into<String>) -> &mut ReadOptions {
        self.sheet = Some(name.into());
        self
    }

    /// Takes `field` from the column headed `header` (or numbered so, from 1).
    pub fn column(&mut self, field: Field, header: impl Into<String>) -> &mut ReadOptions {
        self.columns.retain(|(f, _)| *f != field);
        self.columns.push((field, header.into()));
        self
    }

    /// Marks texts longer than `chars` characters as too long.
    pub fn max_chars(&mut self, chars: usize) -> &mut ReadOptions {
        self.max_chars = chars;
        self
    }
}

/// The format of a file, from its content first and its extension second.
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    /// Comma-separated values.
    Csv,
    /// Tab-separated values.
    Tsv,
    /// An Excel workbook (XLSX, XLSM, XLSB) or OpenDocument spreadsheet.
    Xlsx,
    /// A legacy Excel workbook (XLS).
    Xls,
    /// JSON Lines: one object per line.
    JsonLines,
    /// Apache Parquet.
    Parquet,
}

impl Format {
    /// A name for people.
    pub fn describe(self) -> &'static str {
        match self {
            Format::Csv => "CSV",
            Format::Tsv => "TSV",
            Format::Xlsx => "Excel workbook",
            Format::Xls => "Excel 97-2003 workbook",
            Format::JsonLines => "JSON Lines",
            Format::Parquet => "Parquet",
        }
    }
}

/// A row that is not fine, for the report.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RowProblem {
    /// The row (or line) number.
    pub row: u64,
    /// The opinion's id.
    pub id: String,
    /// The column concerned, when one is.
    pub column: Option<String>,
    /// What is wrong.
    pub status: RowStatus,
}

/// What reading one file found: format, encoding, header, column mapping, row accounting and
/// the rows that are not fine.
#[derive(Clone, Debug, Serialize)]
pub struct FileReport {
    file: String,
    format: Format,
    encoding: Option<String>,
    sheet: Option<String>,
    sheets: Vec<String>,
    header_row: Option<u64>,
    columns: Vec<ColumnUse>,
    skipped_blank_rows: u64,
    counts: RowCounts,
    problems: Vec<RowProblem>,
}

impl FileReport {
    /// The file, as the user named it.
    pub fn file(&self) -> &str {
        &self.file
    }

    /// Its format.
    pub fn format(&self) -> Format {
        self.format
    }

    /// The text encoding detected (CSV, TSV and JSON Lines).
    pub fn encoding(&self) -> Option<&str> {
        self.encoding.as_deref()
    }

    /// The sheet read, for workbooks.
    pub fn sheet(&self) -> Option<&str> {
        self.sheet.as_deref()
    }

    /// Every sheet of a workbook.
    pub fn sheets(&self) -> &[String] {
        &self.sheets
    }

    /// The row (or line) holding the header, when the format has one.
    pub fn header_row(&self) -> Option<u64> {
        self.header_row
    }

    /// Every column, with what it was taken for.
    pub fn columns(&self) -> &[ColumnUse] {
        &self.columns
    }

    /// Rows with no value in any cell, which are not opinions and were skipped.
    pub fn skipped_blank_rows(&self) -> u64 {
        self.skipped_blank_rows
    }

    /// Row accounting.
    pub fn counts(&self) -> RowCounts {
        self.counts
    }

    /// Every row that is not fine, in file order.
    pub fn problems(&self) -> &[RowProblem] {
        &self.problems
    }
}

/// The opinions of several files, their reports, and the files that could not be read.
#[derive(Debug)]
pub struct Ingest {
    opinions: Vec<Opinion>,
    reports: Vec<FileReport>,
    errors: Vec<Error>,
}

impl Ingest {
    /// Every row of every readable file, in input order.
    pub fn opinions(&self) -> &[Opinion] {
        &self.opinions
    }

    /// Takes the opinions.
    pub fn into_opinions(self) -> Vec<Opinion> {
        self.opinions
    }

    /// One report per readable file, in input order.
    pub fn reports(&self) -> &[FileReport] {
        &self.reports
    }

    /// The files that could not be read at all.
    pub fn errors(&self) -> &[Error] {
        &self.errors
    }

    /// The accounting over all files.
    pub fn counts(&self) -> RowCounts {
        let mut total = RowCounts::default();
        for r in &self.reports {
            total.merge(r.counts);
        }
        total
    }
}

/// A sheet of cells before mapping, as every format reader produces it.
#[derive(Debug, Default)]
pub(crate) struct Table {
    pub(crate) encoding: Option<String>,
    pub(crate) sheet: Option<String>,
    pub(crate) sheets: Vec<String>,
    /// Whether the first rows may be a title above the header (CSV, workbooks), or the header
    /// is given (JSON keys, Parquet columns).
    pub(crate) header: Header,
    pub(crate) rows: Vec<RawRow>,
    pub(crate) skipped_blank_rows: u64,
}

#[derive(Debug, Default)]
pub(crate) enum Header {
    /// Find it among the first rows.
    #[default]
    InRows,
    /// These are the column names.
    Given(Vec<String>),
}

/// One row of cells.
#[derive(Debug)]
pub(crate) struct RawRow {
    /// 1-based row or line number.
    pub(crate) row: u64,
    pub(crate) cells: Vec<String>,
    /// A problem the format reader found with the row as a whole.
    pub(crate) problem: Option<RowStatus>,
    /// For undecodable bytes: the column they are in.
    pub(crate) problem_column: Option<usize>,
}

/// Reads one file.
///
/// # Errors
///
/// An [`Error`] naming the file when it cannot be read at all: missing, not text in any
/// supported encoding, a damaged workbook, empty, or without a text column. Rows with problems
/// are not errors: they are kept with a status and listed in the report.
pub fn read_file(path: &Path, options: &ReadOptions) -> Result<(Vec<Opinion>, FileReport)> {
    let file = path.display().to_string();
    let io = |e: std::io::Error| {
        Error::with_source(ErrorKind::Io, &file, format!("cannot read it: {e}"), e)
    };
    // The format is told by the first bytes (and the extension), so JSON Lines can stream.
    let mut reader = std::fs::File::open(path).map_err(io)?;
    let size = reader.metadata().map_or(0, |m| m.len());
    let mut head = Vec::with_capacity(MAGIC_BYTES);
    (&mut reader).take(MAGIC_BYTES as u64).read_to_end(&mut head).map_err(io)?;
    let format = detect_format(path, &head);
    if format == Format::JsonLines {
        // Each chunk of lines becomes opinions as soon as it is read: the raw cells of the
        // whole file are never held at once.
        let mut stream = Streaming { file: &file, options, size, state: StreamState::Unmapped };
        let table = jsonl::read_stream(
            &file,
            head.as_slice().chain(&mut reader),
            |keys: &[String], rows: Vec<RawRow>, read: u64| stream.take(keys, rows, read),
        )?;
        // Otherwise (another encoding, or keys that map only once all are seen) it is read
        // whole, as other formats are.
        if let Some(table) = table
            && let StreamState::Mapped(converter) = stream.state
        {
            return Ok(converter.finish(&table, None));
        }
    }
    let bytes = std::fs::read(path).map_err(io)?;
    let table = match format {
        Format::Csv | Format::Tsv => delimited::read(&file, bytes, format)?,
        Format::Xlsx | Format::Xls => excel::read(&file, bytes, options.sheet.as_deref())?,
        Format::JsonLines => jsonl::read(&file, bytes)?,
        Format::Parquet => parquet::read(&file, bytes)?,
    };
    build(&file, format, table, options)
}

/// JSON Lines becoming opinions chunk by chunk, with the columns mapped from the keys seen so
/// far.
struct Streaming<'a> {
    file: &'a str,
    options: &'a ReadOptions,
    /// The file's size in bytes, to reserve the opinions once.
    size: u64,
    state: StreamState<'a>,
}

enum StreamState<'a> {
    /// No text column among the keys seen so far (none yet, in practice): nothing converted.
    Unmapped,
    Mapped(Box<Converter<'a>>),
    /// A key seen late changed what an earlier column was taken for: the file is read again
    /// whole, so that every row is mapped as reading whole maps it.
    Remapped,
}

impl<'a> Streaming<'a> {
    /// Takes the rows of a chunk, `read` bytes into the file; `false` to stop streaming.
    fn take(&mut self, keys: &[String], rows: Vec<RawRow>, read: u64) -> bool {
        match &mut self.state {
            StreamState::Unmapped => {
                // Mapped by the keys of the first lines: a file whose first chunk has no text
                // column is left to reading whole, which explains the error.
                let Ok(mapping) = map_columns(keys, &self.options.columns) else {
                    return false;
                };
                let mut converter = Converter::new(
                    self.file,
                    Format::JsonLines,
                    None,
                    keys.to_vec(),
                    mapping,
                    self.options,
                );
                // The rows of the whole file, estimated from this first chunk: one allocation.
                let estimate =
                    (rows.len() as u64).saturating_mul(self.size) / read.max(1) * 11 / 10;
                converter.opinions.reserve_exact(usize::try_from(estimate).unwrap_or(0));
                converter.convert(rows);
                self.state = StreamState::Mapped(Box::new(converter));
                true
            }
            StreamState::Mapped(converter) => {
                if keys.len() > converter.header.len() {
                    // Keys first seen in this chunk: the earlier columns must keep their use.
                    let Ok(mapping) = map_columns(keys, &self.options.columns) else {
                        self.state = StreamState::Remapped;
                        return false;
                    };
                    let known = converter.mapping.columns.len();
                    if mapping.columns.get(..known) != Some(&converter.mapping.columns[..]) {
                        self.state = StreamState::Remapped;
                        return false;
                    }
                    converter.remap(keys.to_vec(), mapping);
                }
                converter.convert(rows);
                true
            }
            StreamState::Remapped => false,
        }
    }
}

/// Reads several files: one failing does not stop the others. Ids repeated across or within
/// files are made unique (`188006#2`) and marked.
pub fn read_files<P: AsRef<Path>>(paths: &[P], options: &ReadOptions) -> Ingest {
    let mut opinions = Vec::new();
    let mut reports = Vec::new();
    let mut errors = Vec::new();
    let mut ranges = Vec::new();
    for path in paths {
        match read_file(path.as_ref(), options) {
            Ok((rows, report)) => {
                ranges.push(opinions.len()..opinions.len() + rows.len());
                // The first file's opinions are taken as they are, not copied.
                if opinions.is_empty() {
                    opinions = rows;
                } else {
                    opinions.extend(rows);
                }
                reports.push(report);
            }
            Err(e) => errors.push(e),
        }
    }
    // Ids are unique inside each file already; across files they may repeat.
    mark_repeated_ids(&mut opinions);
    for (report, range) in reports.iter_mut().zip(ranges) {
        let rows = &opinions[range];
        let undecodable: HashMap<u64, String> = report
            .problems
            .iter()
            .filter(|p| matches!(p.status, RowStatus::Undecodable { .. }))
            .filter_map(|p| Some((p.row, p.column.clone()?)))
            .collect();
        report.counts = RowCounts::tally(rows);
        report.problems = problems(rows, &report.columns, &undecodable);
    }
    Ingest { opinions, reports, errors }
}

/// How many leading bytes [`detect_format`] looks at.
const MAGIC_BYTES: usize = 8;

fn detect_format(path: &Path, bytes: &[u8]) -> Format {
    if bytes.starts_with(b"PK\x03\x04") {
        return Format::Xlsx;
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        return Format::Xls;
    }
    if bytes.starts_with(b"PAR1") {
        return Format::Parquet;
    }
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or_default().to_ascii_lowercase();
    match ext.as_str() {
        "xlsx" | "xlsm" | "xlsb" | "ods" => Format::Xlsx,
        "xls" => Format::Xls,
        "jsonl" | "ndjson" | "json" => Format::JsonLines,
        "parquet" | "pq" => Format::Parquet,
        "tsv" | "tab" => Format::Tsv,
        _ => Format::Csv,
    }
}

/// Maps the columns and turns rows into opinions.
fn build(
    file: &str,
    format: Format,
    mut table: Table,
    options: &ReadOptions,
) -> Result<(Vec<Opinion>, FileReport)> {
    let mut rows = std::mem::take(&mut table.rows);
    if rows.is_empty() && matches!(table.header, Header::InRows) {
        return Err(Error::new(
            ErrorKind::Empty,
            file,
            "the file holds no rows; export the opinions again, with a header row",
        ));
    }
    let (header_row, header, mapping) = match std::mem::take(&mut table.header) {
        Header::Given(names) => {
            let mapping = map_or_explain(file, &names, options, None)?;
            (None, names, mapping)
        }
        Header::InRows => {
            // The header is the row among the first few whose cells name the most fields: a
            // title row above it ("……意见建议收集表") names one at best.
            let candidates = rows.len().min(HEADER_SEARCH_ROWS);
            let found = (0..candidates)
                .filter_map(|i| map_columns(&rows[i].cells, &options.columns).ok().map(|m| (i, m)))
                .max_by_key(|(i, m)| (m.score(), std::cmp::Reverse(*i)));
            match found {
                Some((i, mapping)) => {
                    // The header and any title rows above it are not data.
                    let header = rows.drain(..=i).next_back().map(|r| (r.row, r.cells));
                    let (row, cells) = header.unwrap_or_default();
                    (Some(row), cells, mapping)
                }
                None => {
                    let first = &rows[0];
                    let error = map_columns(&first.cells, &options.columns)
                        .err()
                        .unwrap_or(MappingError::NoText);
                    return Err(explain(file, &first.cells, error, Some(first.row)));
                }
            }
        }
    };
    let mut converter =
        Converter::new(file, format, table.sheet.as_deref(), header, mapping, options);
    converter.opinions.reserve_exact(rows.len());
    converter.convert(rows);
    Ok(converter.finish(&table, header_row))
}

/// Turns rows into opinions once the columns are mapped, a batch of rows at a time.
struct Converter<'a> {
    file: &'a str,
    format: Format,
    options: &'a ReadOptions,
    header: Vec<String>,
    mapping: Mapping,
    /// The name kept for each column's values when no field takes them.
    headers: Vec<Arc<str>>,
    text_col: usize,
    id_col: Option<usize>,
    file_name: String,
    file_arc: Arc<str>,
    sheet_arc: Option<Arc<str>>,
    /// One allocation per distinct metadata value (contact points, channels, dates repeat).
    interned: FxHashSet<Arc<str>>,
    /// The column of the undecodable bytes of a row, by row.
    undecodable: HashMap<u64, String>,
    opinions: Vec<Opinion>,
}

impl<'a> Converter<'a> {
    fn new(
        file: &'a str,
        format: Format,
        sheet: Option<&str>,
        header: Vec<String>,
        mapping: Mapping,
        options: &'a ReadOptions,
    ) -> Converter<'a> {
        let file_name = Path::new(file)
            .file_name()
            .map_or_else(|| file.to_owned(), |n| n.to_string_lossy().into_owned());
        let mut converter = Converter {
            file,
            format,
            options,
            header: Vec::new(),
            mapping: Mapping { columns: Vec::new() },
            headers: Vec::new(),
            text_col: 0,
            id_col: None,
            file_name,
            file_arc: file.into(),
            sheet_arc: sheet.map(Into::into),
            interned: FxHashSet::default(),
            undecodable: HashMap::new(),
            opinions: Vec::new(),
        };
        converter.remap(header, mapping);
        converter
    }

    /// Maps the columns anew (the same columns and more).
    fn remap(&mut self, header: Vec<String>, mapping: Mapping) {
        self.text_col = mapping.index_of(Field::Text).unwrap_or_default();
        self.id_col = mapping.index_of(Field::Id);
        self.headers = mapping
            .columns
            .iter()
            .map(|column| {
                if column.header.trim().is_empty() {
                    format!("列{}", column.index + 1).into()
                } else {
                    column.header.as_str().into()
                }
            })
            .collect();
        self.header = header;
        self.mapping = mapping;
    }

    /// Turns rows into opinions. Rows are consumed as they become opinions: the text moves,
    /// it is not copied.
    fn convert(&mut self, rows: Vec<RawRow>) {
        let Converter {
            format,
            options,
            header,
            mapping,
            headers,
            text_col,
            id_col,
            file_name,
            file_arc,
            sheet_arc,
            interned,
            undecodable,
            opinions,
            ..
        } = self;
        for r in &rows {
            if let Some(column) = r.problem_column.and_then(|c| mapping.columns.get(c)) {
                undecodable.insert(r.row, column.header.clone());
            }
        }
        let mut intern = |value: &str| -> Arc<str> {
            if let Some(shared) = interned.get(value) {
                return Arc::clone(shared);
            }
            let shared: Arc<str> = value.into();
            interned.insert(Arc::clone(&shared));
            shared
        };
        for mut raw in rows {
            let cells = raw.cells.len();
            let text = raw.cells.get_mut(*text_col).map(std::mem::take).unwrap_or_default();
            let cell = |i: usize| raw.cells.get(i).map_or("", String::as_str);
            let id = id_col
                .map(|i| cell(i).trim())
                .filter(|id| !id.is_empty())
                .map_or_else(|| format!("{file_name}:{}", raw.row), str::to_owned);
            let mut source = Source::new(Arc::clone(file_arc), raw.row);
            if let Some(sheet) = sheet_arc {
                source = source.in_sheet(Arc::clone(sheet));
            }
            let status = if let Some(problem) = raw.problem.take() {
                problem
            } else if cells != header.len() && matches!(format, Format::Csv | Format::Tsv) {
                RowStatus::Malformed {
                    reason: format!(
                        "the row has {cells} cells where the header has {}; check for an unquoted separator",
                        header.len()
                    ),
                }
            } else if is_blank(&text) {
                RowStatus::Empty
            } else {
                let chars = text.chars().count();
                if chars > options.max_chars {
                    RowStatus::TooLong { chars, limit: options.max_chars }
                } else {
                    RowStatus::Ok
                }
            };
            let mut opinion = Opinion::new(id, text, source).with_status(status);
            for (column, header) in mapping.columns.iter().zip(headers.iter()) {
                let value = cell(column.index).trim();
                if value.is_empty() {
                    continue;
                }
                match column.field {
                    Some(Field::Text | Field::Id) => {}
                    Some(field) => opinion = opinion.with_field(field, intern(value)),
                    None => opinion = opinion.with_extra(Arc::clone(header), intern(value)),
                }
            }
            opinions.push(opinion);
        }
    }

    /// The opinions, with repeated ids made unique, and the report.
    fn finish(self, table: &Table, header_row: Option<u64>) -> (Vec<Opinion>, FileReport) {
        let Converter { file, format, mapping, undecodable, mut opinions, .. } = self;
        mark_repeated_ids(&mut opinions);
        let counts = RowCounts::tally(&opinions);
        let problems = problems(&opinions, &mapping.columns, &undecodable);
        let report = FileReport {
            file: file.to_owned(),
            format,
            encoding: table.encoding.clone(),
            sheet: table.sheet.clone(),
            sheets: table.sheets.clone(),
            header_row,
            columns: mapping.columns,
            skipped_blank_rows: table.skipped_blank_rows,
            counts,
            problems,
        };
        (opinions, report)
    }
}

fn map_or_explain(
    file: &str,
    header: &[String],
    options: &ReadOptions,
    row: Option<u64>,
) -> Result<Mapping> {
    map_columns(header, &options.columns).map_err(|e| explain(file, header, e, row))
}

/// The error for a header row that cannot be mapped, listing the columns there are.
fn explain(file: &str, header: &[String], e: MappingError, row: Option<u64>) -> Error {
    {
        let shown: Vec<&str> = header.iter().map(|h| h.trim()).filter(|h| !h.is_empty()).collect();
        let at = row.map(|r| {
            format!(" (header looked for in the first rows; row {r} has: {})", shown.join(", "))
        });
        let listed = at.unwrap_or_else(|| format!(" (columns: {})", shown.join(", ")));
        match e {
            MappingError::NoText => Error::new(
                ErrorKind::NoTextColumn,
                file,
                format!(
                    "no column looks like the opinion text{listed}; name it with --column text=HEADER"
                ),
            ),
            MappingError::NoSuchColumn { field, header } => Error::new(
                ErrorKind::UnknownColumn,
                file,
                format!("--column {field}={header}: there is no such column{listed}"),
            ),
        }
    }
}

/// Whether a text holds nothing but whitespace and invisible characters.
fn is_blank(text: &str) -> bool {
    text.chars().all(|c| {
        c.is_whitespace() || matches!(c, '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}')
    })
}

/// The rows that are not fine, with the column concerned: the text column for empty and long
/// texts, the id column for repeated ids, and the column of undecodable bytes where known.
fn problems(
    rows: &[Opinion],
    columns: &[ColumnUse],
    undecodable: &HashMap<u64, String>,
) -> Vec<RowProblem> {
    let header_of =
        |field| columns.iter().find(|c| c.field == Some(field)).map(|c| c.header.clone());
    let text = header_of(Field::Text);
    let id = header_of(Field::Id);
    rows.iter()
        .filter(|o| o.status() != &RowStatus::Ok)
        .map(|o| RowProblem {
            row: o.source().row(),
            id: o.id().to_string(),
            column: match o.status() {
                RowStatus::Empty | RowStatus::TooLong { .. } => text.clone(),
                RowStatus::RepeatedId { .. } => id.clone(),
                RowStatus::Undecodable { .. } => undecodable.get(&o.source().row()).cloned(),
                _ => None,
            },
            status: o.status().clone(),
        })
        .collect()
}

/// Makes repeated ids unique with a `#n` suffix and marks the rows (an earlier status such as
/// empty or invalid is kept: it says more).
fn mark_repeated_ids(opinions: &mut [Opinion]) {
    // Most files repeat no id: one look at each, and done.
    let mut distinct: FxHashSet<&str> = FxHashSet::default();
    distinct.reserve(opinions.len());
    if opinions.iter().all(|o| distinct.insert(o.id().as_str())) {
        return;
    }
    drop(distinct);
    let mut seen: HashMap<String, u32> = HashMap::with_capacity(opinions.len());
    for o in opinions.iter() {
        seen.entry(o.id().to_string()).or_insert(0);
    }
    let mut count: HashMap<String, u32> = HashMap::new();
    for slot in opinions.iter_mut() {
        let id = slot.id().to_string();
        let n = count.entry(id.clone()).or_insert(0);
        *n += 1;
        if *n == 1 {
            continue;
        }
        let mut k = *n;
        let mut unique = format!("{id}#{k}");
        while seen.contains_key(&unique) {
            k += 1;
            unique = format!("{id}#{k}");
        }
        seen.insert(unique.clone(), 0);
        let opinion = std::mem::replace(slot, Opinion::new("", "", Source::new("", 0)));
        let status = if opinion.status() == &RowStatus::Ok {
            RowStatus::RepeatedId { original: id }
        } else {
            opinion.status().clone()
        };
        *slot = opinion.with_id(unique).with_status(status);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeated_ids_become_unique_and_are_marked() {
        let src = || Source::new("a.csv", 2);
        let mut rows = vec![
            Opinion::new("7", "第一条", src()),
            Opinion::new("7", "第二条", src()),
            Opinion::new("7#2", "第三条", src()),
            Opinion::new("7", "", src()).with_status(RowStatus::Empty),
        ];
        mark_repeated_ids(&mut rows);
        let ids: Vec<&str> = rows.iter().map(|o| o.id().as_str()).collect();
        assert_eq!(ids, ["7", "7#3", "7#2", "7#4"]);
        assert_eq!(rows[1].status(), &RowStatus::RepeatedId { original: "7".into() });
        assert_eq!(rows[3].status(), &RowStatus::Empty);
        let unique: std::collections::HashSet<_> = ids.iter().collect();
        assert_eq!(unique.len(), ids.len());
    }

    #[test]
    fn json_lines_streamed_read_as_read_whole() {
        // Over a chunk of lines before the keys change: a key that adds a column, a text column
        // found only later, and a better text column found later (which changes the use of an
        // earlier one).
        let cases = [
            (
                "{\"id\": \"A{i}\", \"text\": \"意见{i}\"}",
                "{\"id\": \"B{i}\", \"text\": \"意见\", \"likes\": {i}}",
            ),
            ("{\"id\": \"A{i}\", \"likes\": {i}}", "{\"id\": \"B{i}\", \"text\": \"意见{i}\"}"),
            (
                "{\"id\": \"A{i}\", \"content\": \"意见{i}\"}",
                "{\"id\": \"B{i}\", \"意见内容\": \"建议{i}\"}",
            ),
        ];
        let dir = tempfile::tempdir().unwrap();
        for (n, (early, late)) in cases.into_iter().enumerate() {
            let mut text = String::new();
            for i in 0..40_000 {
                let line = if i < 30_000 { early } else { late };
                text.push_str(&line.replace("{i}", &i.to_string()));
                text.push('\n');
            }
            let path = dir.path().join(format!("{n}.jsonl"));
            std::fs::write(&path, &text).unwrap();
            let options = ReadOptions::new();
            let streamed = read_file(&path, &options).unwrap();
            let file = path.display().to_string();
            let table = jsonl::read(&file, text.into_bytes()).unwrap();
            let whole = build(&file, Format::JsonLines, table, &options).unwrap();
            assert_eq!(streamed.0, whole.0, "case {n}");
            let report = |r: &FileReport| serde_json::to_string(r).unwrap();
            assert_eq!(report(&streamed.1), report(&whole.1), "case {n}");
        }
    }

    #[test]
    fn formats_are_sniffed_before_extensions() {
        assert_eq!(detect_format(Path::new("a.csv"), b"PK\x03\x04...."), Format::Xlsx);
        assert_eq!(detect_format(Path::new("a.dat"), b"PAR1...."), Format::Parquet);
        assert_eq!(detect_format(Path::new("a.TSV"), "编号\t意见".as_bytes()), Format::Tsv);
        assert_eq!(detect_format(Path::new("a.jsonl"), b"{}"), Format::JsonLines);
        assert_eq!(detect_format(Path::new("a.txt"), "编号,意见".as_bytes()), Format::Csv);
    }

    #[test]
    fn blank_means_invisible_too() {
        assert!(is_blank(" \t\n\u{3000}\u{200B}"));
        assert!(!is_blank(" 建议 "));
    }
}
