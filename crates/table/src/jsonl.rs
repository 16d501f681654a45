//! JSON Lines: one object per line, its keys as columns. A line that is not a JSON object is
//! kept as a malformed row, so the count still adds up.

use std::collections::HashMap;

use minyi_core::RowStatus;
use serde_json::Value;

use crate::decode::decode_file;
use crate::error::{Error, ErrorKind, Result};
use crate::read::{Header, RawRow, Table};

pub(crate) fn read(file: &str, bytes: Vec<u8>) -> Result<Table> {
    let decoded = decode_file(file, bytes, "JSON Lines", "Save it as UTF-8 and try again.")?;
    // One pass: each object is reduced at once to its values by key number, so that a large
    // file is held as little more than its cells (a parsed object per line costs several times
    // its text).
    let mut parsed: Vec<Line> = Vec::new();
    let mut keys: Vec<String> = Vec::new();
    let mut key_index: HashMap<String, usize> = HashMap::new();
    let mut skipped_blank_rows = 0;
    let mut at = 0;
    for (n, line) in decoded.text.split('\n').enumerate() {
        let line_start = at;
        at += line.len() + 1;
        let line_end = line_start + line.len();
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() {
            skipped_blank_rows += 1;
            continue;
        }
        let result = match serde_json::from_str::<Value>(line) {
            Ok(Value::Object(map)) => {
                let mut values: Vec<(usize, String)> = Vec::with_capacity(map.len());
                for (k, v) in map {
                    let next = keys.len();
                    let index = *key_index.entry(k).or_insert_with_key(|k| {
                        keys.push(k.clone());
                        next
                    });
                    values.push((index, cell(v)));
                }
                let problem = decoded
                    .replaced_in(line_start..line_end)
                    .map(|offset| RowStatus::Undecodable { offset });
                Ok((values, problem))
            }
            Ok(other) => Err(format!("line {} is JSON but not an object: {}", n + 1, kind(&other))),
            Err(e) => Err(format!("line {} is not valid JSON: {e}", n + 1)),
        };
        parsed.push(Line { row: n as u64 + 1, result });
    }
    // Trailing newline: the last "line" is empty and not a row.
    skipped_blank_rows -= u64::from(decoded.text.ends_with('\n'));
    let encoding = decoded.encoding_name();
    drop(decoded);
    if parsed.is_empty() {
        return Err(Error::new(ErrorKind::Empty, file, "the file holds no JSON lines"));
    }
    let rows = parsed
        .into_iter()
        .map(|Line { row, result }| match result {
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
        })
        .collect();
    Ok(Table {
        encoding: Some(encoding),
        sheet: None,
        sheets: Vec::new(),
        header: Header::Given(keys),
        rows,
        skipped_blank_rows,
    })
}

/// A parsed line: its number, and its values by key number with any decoding problem, or why
/// it is not an object.
struct Line {
    row: u64,
    result: std::result::Result<Object, String>,
}

/// An object's values by key number, and the decoding problem of its line.
type Object = (Vec<(usize, String)>, Option<RowStatus>);

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
