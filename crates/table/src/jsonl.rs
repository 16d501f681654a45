//! JSON Lines: one object per line, its keys as columns. A line that is not a JSON object is
//! kept as a malformed row, so the count still adds up.

use std::borrow::Cow;

use minyi_core::RowStatus;
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde_json::Value;

use crate::decode::{Decoded, decode_file};
use crate::error::{Error, ErrorKind, Result};
use crate::read::{Header, RawRow, Table};

pub(crate) fn read(file: &str, bytes: Vec<u8>) -> Result<Table> {
    // UTF-8 without a byte order mark (the common case) is read in place: one fast check and
    // no copy of the file. Anything else is decoded as every text format is.
    let (bytes, decoded): (Vec<u8>, Option<Decoded>) = if plain_utf8(&bytes).is_some() {
        (bytes, None)
    } else {
        let advice = "Save it as UTF-8 and try again.";
        (Vec::new(), Some(decode_file(file, bytes, "JSON Lines", advice)?))
    };
    let (text, encoding): (&str, Cow<'static, str>) = match &decoded {
        Some(d) => (d.text.as_str(), Cow::Owned(d.encoding_name())),
        None => (plain_utf8(&bytes).unwrap_or_default(), Cow::Borrowed("UTF-8")),
    };
    // Each line is parsed on its own (in parallel) and reduced at once to its values by key,
    // so that a large file is held as little more than its cells (a parsed object per line
    // costs several times its text). Keys are numbered afterwards, in line order.
    let mut lines: Vec<(usize, &str)> = Vec::new();
    let mut at = 0;
    for line in text.split('\n') {
        lines.push((at, line));
        at += line.len() + 1;
    }
    let parsed: Vec<Option<Parsed>> = lines
        .par_iter()
        .enumerate()
        .map(|(n, &(line_start, line))| {
            let line_end = line_start + line.len();
            let line = line.trim_end_matches('\r');
            if line.trim().is_empty() {
                return None;
            }
            let result = match serde_json::from_str::<Value>(line) {
                Ok(Value::Object(map)) => {
                    let problem = decoded
                        .as_ref()
                        .and_then(|d| d.replaced_in(line_start..line_end))
                        .map(|offset| RowStatus::Undecodable { offset });
                    Ok((map.into_iter().map(|(k, v)| (k, cell(v))).collect(), problem))
                }
                Ok(other) => {
                    Err(format!("line {} is JSON but not an object: {}", n + 1, kind(&other)))
                }
                Err(e) => Err(format!("line {} is not valid JSON: {e}", n + 1)),
            };
            Some(Parsed { row: n as u64 + 1, result })
        })
        .collect();
    drop(lines);
    // Trailing newline: the last "line" is empty and not a row.
    let skipped_blank_rows =
        parsed.iter().filter(|p| p.is_none()).count() as u64 - u64::from(text.ends_with('\n'));
    drop(decoded);
    let mut keys: Vec<String> = Vec::new();
    let mut key_index: FxHashMap<String, usize> = FxHashMap::default();
    let mut rows: Vec<RawRow> = Vec::with_capacity(parsed.len());
    let mut pending: Vec<(u64, Object)> = Vec::new();
    for Parsed { row, result } in parsed.into_iter().flatten() {
        match result {
            Ok((values, problem)) => {
                let mut numbered: Vec<(usize, String)> = Vec::with_capacity(values.len());
                for (k, v) in values {
                    let index = match key_index.get(k.as_str()) {
                        Some(&index) => index,
                        None => {
                            keys.push(k.clone());
                            key_index.insert(k, keys.len() - 1);
                            keys.len() - 1
                        }
                    };
                    numbered.push((index, v));
                }
                pending.push((row, Ok((numbered, problem))));
            }
            Err(reason) => pending.push((row, Err(reason))),
        }
    }
    if pending.is_empty() {
        return Err(Error::new(ErrorKind::Empty, file, "the file holds no JSON lines"));
    }
    for (row, result) in pending {
        rows.push(match result {
            Ok((values, problem)) => {
                let mut cells: Vec<String> = vec![String::new(); keys.len()];
                for (index, value) in values {
                    cells[index] = value;
                }
                let problem_column = problem
                    .as_ref()
                    .and_then(|_| cells.iter().position(|c| c.contains('\u{FFFD}')));
                RawRow { row, cells, problem, problem_column }
            }
            Err(reason) => RawRow {
                row,
                cells: Vec::new(),
                problem: Some(RowStatus::Malformed { reason }),
                problem_column: None,
            },
        });
    }
    Ok(Table {
        encoding: Some(encoding.into_owned()),
        sheet: None,
        sheets: Vec::new(),
        header: Header::Given(keys),
        rows,
        skipped_blank_rows,
    })
}

/// The file as text if it is UTF-8 without a byte order mark or NUL bytes, else `None` (and
/// the general decoder decides).
fn plain_utf8(bytes: &[u8]) -> Option<&str> {
    if bytes.is_empty() || bytes.starts_with(b"\xEF\xBB\xBF") || bytes.contains(&0) {
        return None;
    }
    simdutf8::basic::from_utf8(bytes).ok()
}

/// A parsed line: its number, and its values by key with any decoding problem, or why it is
/// not an object.
struct Parsed {
    row: u64,
    result: std::result::Result<Values, String>,
}

/// A line's values by key, and the decoding problem of its line.
type Values = (Vec<(String, String)>, Option<RowStatus>);

/// A line's values by key number and the decoding problem of its line, or why it is not an
/// object.
type Object = std::result::Result<(Vec<(usize, String)>, Option<RowStatus>), String>;

/// A JSON value as a cell: strings as they are, numbers as JSON writes them (`188006`, not
/// `188006.0`), null as empty.
fn cell(value: Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::String(s) => s,
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        other => other.to_string(),
    }
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn objects_become_rows_and_bad_lines_are_kept() {
        let text = "{\"id\": 188006, \"text\": \"建议增加充电桩\"}\n\n[1,2]\n{\"id\": \"2\", \"text\": \"第五条\", \"likes\": 3}\nnot json\n";
        let t = read("m.jsonl", text.as_bytes().to_vec()).unwrap();
        let Header::Given(keys) = &t.header else { panic!("keys are the header") };
        assert_eq!(keys, &["id", "text", "likes"]);
        assert_eq!(t.rows.len(), 4);
        assert_eq!(t.rows[0].cells, ["188006", "建议增加充电桩", ""]);
        assert_eq!(t.rows[1].row, 3);
        assert!(
            matches!(&t.rows[1].problem, Some(RowStatus::Malformed { reason }) if reason.contains("not an object"))
        );
        assert!(
            matches!(&t.rows[3].problem, Some(RowStatus::Malformed { reason }) if reason.contains("line 5"))
        );
        assert_eq!(t.skipped_blank_rows, 1);
    }
}
