//! JSON Lines: one object per line, its keys as columns. A line that is not a JSON object is
//! kept as a malformed row, so the count still adds up.

use std::borrow::Cow;
use std::io::Read;

use minyi_core::RowStatus;
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde_json::Value;

use crate::decode::{Decoded, decode_file};
use crate::error::{Error, ErrorKind, Result};
use crate::read::{Header, RawRow, Table};

/// How much of a file is read and parsed at a time when it streams: enough lines to keep
/// every core busy, little next to a large file.
const CHUNK: usize = 2 << 20;

/// Reads JSON Lines from `reader` a chunk of whole lines at a time, so that neither the whole
/// file nor all its parsed lines are held at once: the rows of each chunk go to `take`, with
/// the keys seen so far and the bytes read so far, and the table returned holds no rows.
/// `None` when the file is not UTF-8 without a byte order mark or NUL bytes (or is empty), or
/// when `take` returns `false`: then it is read whole, with [`read`], so that the decoder sees
/// all of it.
pub(crate) fn read_stream(
    file: &str,
    mut reader: impl Read,
    mut take: impl FnMut(&[String], Vec<RawRow>, u64) -> bool,
) -> Result<Option<Table>> {
    let io = |e: std::io::Error| {
        Error::with_source(ErrorKind::Io, file, format!("cannot read it: {e}"), e)
    };
    let mut rows = Rows::default();
    let mut buf: Vec<u8> = Vec::with_capacity(CHUNK + CHUNK / 4);
    let mut target = CHUNK;
    let mut line = 0;
    let mut consumed = 0u64;
    let mut first = true;
    loop {
        let want = target.saturating_sub(buf.len());
        let eof = (&mut reader).take(want as u64).read_to_end(&mut buf).map_err(io)? < want;
        if first {
            if buf.is_empty() || buf.starts_with(b"\xEF\xBB\xBF") {
                return Ok(None);
            }
            first = false;
        }
        // Whole lines only, but for the last chunk, whose final line may lack its newline. A
        // newline byte never falls inside a UTF-8 sequence, so each chunk is checked alone.
        let cut = if eof { buf.len() } else { buf.iter().rposition(|&b| b == b'\n').unwrap_or(0) };
        if cut == 0 && !eof {
            // A line longer than a chunk: read on.
            target = buf.len() + CHUNK;
            continue;
        }
        let Some(text) = plain_utf8(&buf[..cut]).or(if cut == 0 { Some("") } else { None }) else {
            return Ok(None);
        };
        let lines = split_lines(text);
        rows.absorb(parse(&lines, line, None));
        line += lines.len();
        consumed += cut as u64 + 1;
        if !take(&rows.keys, std::mem::take(&mut rows.rows), consumed) {
            return Ok(None);
        }
        if eof {
            // The file ends with a newline when its last chunk did (or is empty after it).
            let ends_with_newline = buf.last().is_none_or(|&b| b == b'\n');
            return rows.finish(file, Cow::Borrowed("UTF-8"), ends_with_newline).map(Some);
        }
        buf.drain(..=cut);
        target = CHUNK;
    }
}

/// Reads JSON Lines held whole in memory, in any encoding the decoder knows.
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
    let mut rows = Rows::default();
    rows.absorb(parse(&split_lines(text), 0, decoded.as_ref()));
    let ends_with_newline = text.ends_with('\n');
    drop(decoded);
    rows.finish(file, encoding, ends_with_newline)
}

/// The lines of a text with the byte offset of each (`split('\n')`: a text ending in a newline
/// ends with an empty line).
fn split_lines(text: &str) -> Vec<(usize, &str)> {
    let mut lines: Vec<(usize, &str)> = Vec::new();
    let mut at = 0;
    for line in text.split('\n') {
        lines.push((at, line));
        at += line.len() + 1;
    }
    lines
}

/// Parses lines in parallel, the first being line `first + 1` of the file. Each line is
/// reduced at once to its values by key, so that a large file is held as little more than its
/// cells (a parsed object per line costs several times its text). Blank lines are `None`.
fn parse(lines: &[(usize, &str)], first: usize, decoded: Option<&Decoded>) -> Vec<Option<Parsed>> {
    lines
        .par_iter()
        .enumerate()
        .map(|(n, &(line_start, line))| {
            let n = first + n;
            let line_end = line_start + line.len();
            let line = line.trim_end_matches('\r');
            if line.trim().is_empty() {
                return None;
            }
            let result = match serde_json::from_str::<Value>(line) {
                Ok(Value::Object(map)) => {
                    let problem = decoded
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
        .collect()
}

/// The rows read so far, with the keys numbered in the order they first appear.
#[derive(Default)]
struct Rows {
    keys: Vec<String>,
    key_index: FxHashMap<String, usize>,
    rows: Vec<RawRow>,
    /// Rows absorbed, including those taken away.
    count: usize,
    blank_lines: u64,
    numbered: Vec<(usize, String)>,
}

impl Rows {
    /// Takes parsed lines in line order.
    fn absorb(&mut self, parsed: Vec<Option<Parsed>>) {
        for p in parsed {
            let Some(Parsed { row, result }) = p else {
                self.blank_lines += 1;
                continue;
            };
            let raw = match result {
                Ok((values, problem)) => {
                    for (k, v) in values {
                        let index = match self.key_index.get(k.as_str()) {
                            Some(&index) => index,
                            None => {
                                self.keys.push(k.clone());
                                self.key_index.insert(k, self.keys.len() - 1);
                                self.keys.len() - 1
                            }
                        };
                        self.numbered.push((index, v));
                    }
                    // Keys first seen in later lines are added to this row's cells at the end.
                    let mut cells: Vec<String> = vec![String::new(); self.keys.len()];
                    for (index, value) in self.numbered.drain(..) {
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
            };
            self.rows.push(raw);
            self.count += 1;
        }
    }

    /// The table: every object with a cell for every key.
    fn finish(
        self,
        file: &str,
        encoding: Cow<'static, str>,
        ends_with_newline: bool,
    ) -> Result<Table> {
        let Rows { keys, mut rows, blank_lines, count, .. } = self;
        if count == 0 {
            return Err(Error::new(ErrorKind::Empty, file, "the file holds no JSON lines"));
        }
        for raw in &mut rows {
            let object = !matches!(raw.problem, Some(RowStatus::Malformed { .. }));
            if object && raw.cells.len() < keys.len() {
                raw.cells.resize(keys.len(), String::new());
            }
        }
        Ok(Table {
            encoding: Some(encoding.into_owned()),
            sheet: None,
            sheets: Vec::new(),
            header: Header::Given(keys),
            rows,
            // Trailing newline: the last "line" is empty and not a row.
            skipped_blank_rows: blank_lines - u64::from(ends_with_newline),
        })
    }
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

    fn rows(t: &Table) -> Vec<(u64, Vec<String>, String)> {
        t.rows.iter().map(|r| (r.row, r.cells.clone(), format!("{:?}", r.problem))).collect()
    }

    #[test]
    fn streaming_reads_what_reading_whole_does() {
        // Several chunks, a line longer than a chunk, a key first seen late, blank and bad
        // lines, with and without a final newline.
        let mut text = String::new();
        for i in 0..60_000 {
            match i % 1000 {
                7 => text.push('\n'),
                8 => text.push_str("not json\n"),
                _ => text.push_str(&format!("{{\"id\": {i}, \"text\": \"意见{i}\"}}\n")),
            }
        }
        text.push_str(&format!("{{\"id\": \"long\", \"text\": \"{}\"}}\n", "长".repeat(CHUNK)));
        text.push_str("{\"id\": \"late\", \"likes\": 3}\n\n");
        for text in [text.clone(), text.trim_end().to_owned()] {
            let whole = read("m.jsonl", text.as_bytes().to_vec()).unwrap();
            let mut taken = Vec::new();
            let mut streamed = read_stream("m.jsonl", text.as_bytes(), |_, rows, _| {
                taken.extend(rows);
                true
            })
            .unwrap()
            .unwrap();
            assert!(streamed.rows.is_empty());
            // Rows taken before a key was first seen lack its cell, which reading whole adds
            // empty (and the mapping reads as empty).
            for raw in &mut taken {
                if !matches!(raw.problem, Some(RowStatus::Malformed { .. })) {
                    raw.cells.resize(3, String::new());
                }
            }
            streamed.rows = taken;
            let (Header::Given(a), Header::Given(b)) = (&whole.header, &streamed.header) else {
                panic!("keys are the header")
            };
            assert_eq!(a, b);
            assert_eq!(b, &["id", "text", "likes"]);
            assert_eq!(rows(&whole), rows(&streamed));
            assert_eq!(whole.skipped_blank_rows, streamed.skipped_blank_rows);
        }
    }

    #[test]
    fn streaming_leaves_other_encodings_to_the_decoder() {
        let stream = |bytes: &[u8]| read_stream("m.jsonl", bytes, |_, _, _| true).unwrap();
        assert!(stream(&b"\xEF\xBB\xBF{\"text\": \"a\"}\n"[..]).is_none());
        assert!(stream(&b"{\"text\": \"\xD2\xE2\"}\n"[..]).is_none());
        assert!(stream(&b""[..]).is_none());
    }
}
