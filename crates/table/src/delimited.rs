//! CSV and TSV: decoded first (any supported encoding), then split into records.

use minyi_core::RowStatus;

use crate::decode::{Decoded, decode_file};
use crate::error::{Error, ErrorKind, Result};
use crate::read::{Format, RawRow, Table};

pub(crate) fn read(file: &str, bytes: Vec<u8>, format: Format) -> Result<Table> {
    let decoded = decode_file(
        file,
        bytes,
        "text",
        "If it is a spreadsheet, give it its real extension (.xlsx, .xls); \
         if it is text, save it as UTF-8 or GB18030 and try again",
    )?;
    let delimiter = match format {
        Format::Tsv => b'\t',
        _ => sniff_delimiter(&decoded.text),
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(decoded.text.as_bytes());
    let mut rows = Vec::new();
    let mut record = csv::StringRecord::new();
    let mut skipped_blank_rows = 0;
    // Lines are counted here: the csv reader counts a record's line break with the next record.
    let text = decoded.text.as_bytes();
    let (mut cursor, mut line) = (0usize, 1u64);
    loop {
        let start = reader.position().clone();
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                // The csv parser is lenient; an error here is an I/O problem of the reader.
                return Err(Error::with_source(
                    ErrorKind::Format,
                    file,
                    format!("cannot split into records after line {}: {e}", start.line()),
                    e,
                ));
            }
        }
        let end = reader.position().byte() as usize;
        let mut record_start = record.position().map_or(start.byte(), csv::Position::byte) as usize;
        while record_start < end && matches!(text[record_start], b'\r' | b'\n') {
            record_start += 1;
        }
        line +=
            text[cursor..record_start.max(cursor)].iter().filter(|&&b| b == b'\n').count() as u64;
        cursor = cursor.max(record_start);
        if record.iter().all(|c| c.trim().is_empty()) {
            skipped_blank_rows += 1;
            continue;
        }
        let cells: Vec<String> = record.iter().map(str::to_owned).collect();
        let (problem, problem_column) = undecodable(&decoded, &record, record_start..end);
        rows.push(RawRow { row: line, cells, problem, problem_column });
    }
    Ok(Table {
        encoding: Some(decoded.encoding_name()),
        sheet: None,
        sheets: Vec::new(),
        header: crate::read::Header::InRows,
        rows,
        skipped_blank_rows,
    })
}

/// Whether the record holds replaced bytes, and in which cell.
fn undecodable(
    decoded: &Decoded,
    record: &csv::StringRecord,
    range: std::ops::Range<usize>,
) -> (Option<RowStatus>, Option<usize>) {
    let Some(offset) = decoded.replaced_in(range) else { return (None, None) };
    let column = record.iter().position(|c| c.contains('\u{FFFD}'));
    (Some(RowStatus::Undecodable { offset }), column)
}

/// Tabs or commas, from the first non-blank line (quoted parts ignored).
fn sniff_delimiter(text: &str) -> u8 {
    let line = text.lines().find(|l| !l.trim().is_empty()).unwrap_or_default();
    let (mut commas, mut tabs, mut semicolons, mut quoted) = (0, 0, 0, false);
    for c in line.chars() {
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => commas += 1,
            '\t' if !quoted => tabs += 1,
            ';' if !quoted => semicolons += 1,
            _ => {}
        }
    }
    if tabs > commas && tabs >= semicolons {
        b'\t'
    } else if semicolons > commas {
        b';'
    } else {
        b','
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delimiters_are_sniffed() {
        assert_eq!(sniff_delimiter("编号\t意见内容\t日期\n"), b'\t');
        assert_eq!(sniff_delimiter("\n编号,意见内容\n"), b',');
        assert_eq!(sniff_delimiter("\"意见,内容\";编号;日期\n"), b';');
    }

    #[test]
    fn records_keep_line_breaks_and_tabs_in_cells() {
        let csv = "编号,意见内容\r\n1,\"\n\t\t建议第五条\r\n增加，“充电”\"\r\n\r\n2,第六条\r\n";
        let t = read("a.csv", csv.as_bytes().to_vec(), Format::Csv).unwrap();
        assert_eq!(t.rows.len(), 3);
        assert_eq!(t.rows[1].cells[1], "\n\t\t建议第五条\r\n增加，“充电”");
        assert_eq!(t.rows[1].row, 2);
        assert_eq!(t.rows[2].row, 6, "rows are the lines where records start");
        assert_eq!(t.skipped_blank_rows, 0);
    }
}
