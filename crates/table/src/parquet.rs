//! Apache Parquet, through polars (the only crate here that depends on it).

use std::io::Cursor;

use polars::prelude::{AnyValue, ParquetReader, SerReader};

use crate::error::{Error, ErrorKind, Result};
use crate::read::{Header, RawRow, Table};

pub(crate) fn read(file: &str, bytes: Vec<u8>) -> Result<Table> {
    let frame = ParquetReader::new(Cursor::new(bytes)).finish().map_err(|e| {
        Error::new(
            ErrorKind::Format,
            file,
            format!("cannot read it as Parquet ({e}); the file may be truncated or damaged"),
        )
    })?;
    let columns = frame.columns();
    let names: Vec<String> = columns.iter().map(|c| c.name().to_string()).collect();
    let mut rows = Vec::with_capacity(frame.height());
    for i in 0..frame.height() {
        let cells =
            columns.iter().map(|c| c.get(i).map(|v| cell(&v)).unwrap_or_default()).collect();
        rows.push(RawRow { row: i as u64 + 1, cells, problem: None, problem_column: None });
    }
    Ok(Table {
        encoding: None,
        sheet: None,
        sheets: Vec::new(),
        header: Header::Given(names),
        rows,
        skipped_blank_rows: 0,
    })
}

/// A value as text: strings as they are, whole floats without `.0`, null as empty.
fn cell(value: &AnyValue<'_>) -> String {
    match value {
        AnyValue::Null => String::new(),
        AnyValue::String(s) => (*s).to_owned(),
        AnyValue::StringOwned(s) => s.to_string(),
        AnyValue::Float64(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        AnyValue::Float32(f) if f.fract() == 0.0 && f.abs() < 1e7 => format!("{}", *f as i64),
        other => other.to_string(),
    }
}
