//! Excel workbooks (XLSX, XLSM, XLSB, XLS) and OpenDocument spreadsheets, through calamine.
//! Values are read as a clerk sees them: whole numbers without `.0`, dates as dates.

use std::io::Cursor;

use calamine::{Data, Reader};

use crate::error::{Error, ErrorKind, Result};
use crate::read::{Header, RawRow, Table};

pub(crate) fn read(file: &str, bytes: Vec<u8>, sheet: Option<&str>) -> Result<Table> {
    let mut workbook = calamine::open_workbook_auto_from_rs(Cursor::new(bytes)).map_err(|e| {
        Error::with_source(
            ErrorKind::Format,
            file,
            format!(
                "cannot open it as a workbook ({e}); the file may be truncated or damaged: \
                 open it in Excel or WPS and save it again"
            ),
            e,
        )
    })?;
    let sheets = workbook.sheet_names();
    let name = match sheet {
        Some(wanted) => {
            sheets.iter().find(|s| s.trim() == wanted.trim()).cloned().ok_or_else(|| {
                Error::new(
                    ErrorKind::UnknownSheet,
                    file,
                    format!("there is no sheet {wanted:?}; the sheets are: {}", sheets.join(", ")),
                )
            })?
        }
        None => sheets
            .first()
            .cloned()
            .ok_or_else(|| Error::new(ErrorKind::Empty, file, "the workbook has no sheet"))?,
    };
    let range = workbook.worksheet_range(&name).map_err(|e| {
        Error::with_source(
            ErrorKind::Format,
            file,
            format!("cannot read sheet {name:?} ({e}); the file may be truncated or damaged"),
            e,
        )
    })?;
    let (first_row, first_col) = range.start().unwrap_or((0, 0));
    let mut rows = Vec::new();
    let mut skipped_blank_rows = 0;
    for (i, cells) in range.rows().enumerate() {
        let mut values: Vec<String> = Vec::with_capacity(first_col as usize + cells.len());
        // Columns left of the used range are empty; keep indexes aligned with the sheet.
        values.resize(first_col as usize, String::new());
        values.extend(cells.iter().map(display));
        if values.iter().all(|v| v.trim().is_empty()) {
            skipped_blank_rows += 1;
            continue;
        }
        while values.last().is_some_and(String::is_empty) {
            values.pop();
        }
        rows.push(RawRow {
            row: u64::from(first_row) + i as u64 + 1,
            cells: values,
            problem: None,
            problem_column: None,
        });
    }
    Ok(Table {
        encoding: None,
        sheet: Some(name),
        sheets,
        header: Header::InRows,
        rows,
        skipped_blank_rows,
    })
}

/// A cell as displayed.
fn display(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => number(*f),
        Data::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_owned(),
        Data::Error(e) => e.to_string(),
        Data::DateTime(dt) => {
            let (y, mo, d, h, mi, s, _) = dt.to_ymd_hms_milli();
            if dt.is_duration() {
                let total = dt.as_f64() * 24.0;
                format!("{:02}:{mi:02}:{s:02}", total.floor() as i64)
            } else if (h, mi, s) == (0, 0, 0) {
                format!("{y:04}-{mo:02}-{d:02}")
            } else {
                format!("{y:04}-{mo:02}-{d:02} {h:02}:{mi:02}:{s:02}")
            }
        }
    }
}

/// A number as Excel's General format shows it: whole numbers without a decimal point
/// (留言编号 188006, not 188006.0), others in the shortest form that reads back the same.
fn number(f: f64) -> String {
    if f.is_finite() && f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else {
        format!("{f}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_display_as_in_excel() {
        assert_eq!(number(188006.0), "188006");
        assert_eq!(number(-3.0), "-3");
        assert_eq!(number(0.1), "0.1");
        assert_eq!(number(2.5e20), "250000000000000000000");
        assert_eq!(display(&Data::Int(7)), "7");
        assert_eq!(display(&Data::Empty), "");
    }
}
