//! Text out of bytes: UTF-8 (with or without BOM), GB18030/GBK and UTF-16, detected from the BOM
//! and from validity, never guessed silently. A few undecodable bytes in an otherwise good file
//! are replaced and remembered, so that the rows holding them can be marked; a file that
//! decodes as none of the encodings is an error naming the byte offset and line.

use encoding_rs::{DecoderResult, Encoding, GB18030, UTF_8, UTF_16BE, UTF_16LE};

use crate::error::{Error, ErrorKind, Result};

/// Decoded text and where decoding had to replace bytes.
#[derive(Debug)]
pub(crate) struct Decoded {
    pub(crate) text: String,
    pub(crate) encoding: &'static Encoding,
    pub(crate) had_bom: bool,
    /// For each replaced sequence: its byte offset in `text` (where U+FFFD now stands) and in
    /// the file.
    pub(crate) replaced: Vec<(usize, u64)>,
}

impl Decoded {
    /// The file offset of the first replaced byte inside `range` of the decoded text.
    pub(crate) fn replaced_in(&self, range: std::ops::Range<usize>) -> Option<u64> {
        let i = self.replaced.partition_point(|&(at, _)| at < range.start);
        self.replaced.get(i).filter(|&&(at, _)| at < range.end).map(|&(_, offset)| offset)
    }

    /// A name for the encoding that users recognise.
    pub(crate) fn encoding_name(&self) -> String {
        let name = if self.encoding == GB18030 { "GB18030/GBK" } else { self.encoding.name() };
        if self.had_bom { format!("{name} with BOM") } else { name.to_owned() }
    }
}

/// Why a file is not text.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct NotText {
    /// Byte offset of the first byte that fits no encoding.
    pub(crate) offset: u64,
    /// Its 1-based line.
    pub(crate) line: u64,
    pub(crate) reason: &'static str,
}

/// At most one bad sequence per this many bytes is tolerated (and marked on its row); more
/// means the file is not text in the encoding at all.
const TOLERATED_BAD_BYTES_PER: usize = 2_000;
/// A small file may still hold a few bad sequences.
const MIN_TOLERATED_BAD: usize = 3;

pub(crate) fn decode(bytes: &[u8]) -> std::result::Result<Decoded, NotText> {
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        let decoded = decode_with(encoding, &bytes[bom_len..], bom_len as u64);
        return Ok(Decoded { text: decoded.0, encoding, had_bom: true, replaced: decoded.1 });
    }
    if let Some(encoding) = utf16_without_bom(bytes) {
        let (text, replaced) = decode_with(encoding, bytes, 0);
        return Ok(Decoded { text, encoding, had_bom: false, replaced });
    }
    if let Some(nul) = bytes.iter().position(|&b| b == 0) {
        return Err(NotText {
            offset: nul as u64,
            line: line_of(bytes, nul),
            reason: "it holds NUL bytes, as binary files do",
        });
    }
    if std::str::from_utf8(bytes).is_ok() {
        let text = String::from_utf8_lossy(bytes).into_owned();
        return Ok(Decoded { text, encoding: UTF_8, had_bom: false, replaced: Vec::new() });
    }
    // Not valid UTF-8: GB18030 (a superset of GBK and GB2312) if it fits better.
    let utf8 = decode_with(UTF_8, bytes, 0);
    let gb = decode_with(GB18030, bytes, 0);
    let (encoding, (text, replaced)) =
        if gb.1.len() <= utf8.1.len() { (GB18030, gb) } else { (UTF_8, utf8) };
    let tolerated = MIN_TOLERATED_BAD + bytes.len() / TOLERATED_BAD_BYTES_PER;
    if replaced.len() > tolerated || has_binary_controls(&text) {
        let first = replaced.first().map_or(0, |&(_, offset)| offset as usize);
        return Err(NotText {
            offset: first as u64,
            line: line_of(bytes, first),
            reason: "it is not text in UTF-8, GB18030/GBK or UTF-16",
        });
    }
    Ok(Decoded { text, encoding, had_bom: false, replaced })
}

/// Like [`decode`], but valid UTF-8 (the common case) becomes the text without a copy.
pub(crate) fn decode_owned(mut bytes: Vec<u8>) -> std::result::Result<Decoded, NotText> {
    let bom = bytes.starts_with(b"\xEF\xBB\xBF");
    let body = if bom { &bytes[3..] } else { &bytes[..] };
    if std::str::from_utf8(body).is_ok() && !body.contains(&0) {
        if bom {
            bytes.drain(..3);
        }
        let text = String::from_utf8(bytes).unwrap_or_default();
        return Ok(Decoded { text, encoding: UTF_8, had_bom: bom, replaced: Vec::new() });
    }
    decode(&bytes)
}

/// Decodes a whole file read as `what` (CSV, JSON Lines): an empty file or one in no supported
/// encoding is an error naming the file, the byte offset and the line, ending with `advice`.
pub(crate) fn decode_file(file: &str, bytes: Vec<u8>, what: &str, advice: &str) -> Result<Decoded> {
    if bytes.is_empty() {
        return Err(Error::new(ErrorKind::Empty, file, "the file is empty (0 bytes)"));
    }
    decode_owned(bytes).map_err(|e| {
        Error::new(
            ErrorKind::Encoding,
            file,
            format!(
                "cannot be read as {what}: {} (first bad byte at offset {}, line {}). {advice}",
                e.reason, e.offset, e.line
            ),
        )
    })
}

/// Decodes `bytes`, replacing malformed sequences by U+FFFD and remembering where.
fn decode_with(
    encoding: &'static Encoding,
    bytes: &[u8],
    base: u64,
) -> (String, Vec<(usize, u64)>) {
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let capacity = decoder
        .max_utf8_buffer_length_without_replacement(bytes.len())
        .unwrap_or(bytes.len().saturating_mul(3));
    let mut text = String::with_capacity(capacity);
    let mut replaced = Vec::new();
    let mut read = 0;
    loop {
        let (result, n) =
            decoder.decode_to_string_without_replacement(&bytes[read..], &mut text, true);
        read += n;
        match result {
            DecoderResult::InputEmpty => break,
            DecoderResult::OutputFull => {
                let more = decoder
                    .max_utf8_buffer_length_without_replacement(bytes.len() - read)
                    .unwrap_or(4096);
                text.reserve(more.max(4));
            }
            DecoderResult::Malformed(bad, after) => {
                let at = read - after as usize - bad as usize;
                replaced.push((text.len(), base + at as u64));
                text.push('\u{FFFD}');
            }
        }
    }
    (text, replaced)
}

/// UTF-16 without a BOM shows as NUL bytes at every other position in ASCII-heavy text (digits,
/// commas, line breaks of a CSV).
fn utf16_without_bom(bytes: &[u8]) -> Option<&'static Encoding> {
    let sample = &bytes[..bytes.len().min(4096) & !1];
    if sample.len() < 4 {
        return None;
    }
    let pairs = sample.len() / 2;
    let even_nul = sample.iter().step_by(2).filter(|&&b| b == 0).count();
    let odd_nul = sample.iter().skip(1).step_by(2).filter(|&&b| b == 0).count();
    // Line breaks, digits and separators put NULs on one side only; binary data has them on both.
    let decide = |nul: usize, other: usize| nul >= 2 && nul * 50 >= pairs && other == 0;
    if decide(odd_nul, even_nul) {
        Some(UTF_16LE).filter(|e| decode_with(e, sample, 0).1.is_empty())
    } else if decide(even_nul, odd_nul) {
        Some(UTF_16BE).filter(|e| decode_with(e, sample, 0).1.is_empty())
    } else {
        None
    }
}

/// Control characters other than tab, line feed and carriage return are a sign of binary data.
fn has_binary_controls(text: &str) -> bool {
    let controls = text
        .chars()
        .filter(|&c| (c < ' ' && !matches!(c, '\t' | '\n' | '\r' | '\u{0C}')) || c == '\u{7F}')
        .count();
    controls > MIN_TOLERATED_BAD + text.len() / TOLERATED_BAD_BYTES_PER
}

/// The 1-based line holding byte `offset`.
pub(crate) fn line_of(bytes: &[u8], offset: usize) -> u64 {
    bytes[..offset.min(bytes.len())].iter().filter(|&&b| b == b'\n').count() as u64 + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str =
        "编号,意见内容\n1,建议第二十三条增加集中充电设施。\n2,电动自行车不得在楼道内充电。\n";

    #[test]
    fn owned_decoding_agrees_with_borrowed() {
        let mut bom = b"\xEF\xBB\xBF".to_vec();
        bom.extend_from_slice(TEXT.as_bytes());
        let (gbk, _, _) = encoding_rs::GBK.encode(TEXT);
        for bytes in [TEXT.as_bytes().to_vec(), bom, gbk.into_owned(), b"a,b\n\0\0".to_vec()] {
            match (decode(&bytes), decode_owned(bytes.clone())) {
                (Ok(a), Ok(b)) => {
                    assert_eq!((a.text, a.encoding, a.had_bom), (b.text, b.encoding, b.had_bom));
                }
                (Err(a), Err(b)) => assert_eq!(a, b),
                (a, b) => panic!("{a:?} vs {b:?}"),
            }
        }
    }

    #[test]
    fn utf8_with_and_without_bom() {
        let d = decode(TEXT.as_bytes()).unwrap();
        assert_eq!((d.text.as_str(), d.encoding, d.had_bom), (TEXT, UTF_8, false));
        let mut bom = b"\xEF\xBB\xBF".to_vec();
        bom.extend_from_slice(TEXT.as_bytes());
        let d = decode(&bom).unwrap();
        assert_eq!((d.text.as_str(), d.had_bom), (TEXT, true));
        assert_eq!(d.encoding_name(), "UTF-8 with BOM");
    }

    #[test]
    fn gbk_and_gb18030() {
        let (gbk, _, _) = encoding_rs::GBK.encode(TEXT);
        let d = decode(&gbk).unwrap();
        assert_eq!(d.text, TEXT);
        assert_eq!(d.encoding_name(), "GB18030/GBK");
        // A character outside GBK, in GB18030's four-byte form.
        let rare = "意见\n𠀀字与€\n";
        let (gb, _, _) = GB18030.encode(rare);
        assert_eq!(decode(&gb).unwrap().text, rare);
    }

    #[test]
    fn utf16_with_bom_and_without() {
        for (encoding, bom) in [(UTF_16LE, &b"\xFF\xFE"[..]), (UTF_16BE, &b"\xFE\xFF"[..])] {
            let units: Vec<u16> = TEXT.encode_utf16().collect();
            let body: Vec<u8> = units
                .iter()
                .flat_map(|u| if encoding == UTF_16LE { u.to_le_bytes() } else { u.to_be_bytes() })
                .collect();
            let mut with_bom = bom.to_vec();
            with_bom.extend_from_slice(&body);
            assert_eq!(decode(&with_bom).unwrap().text, TEXT);
            let d = decode(&body).unwrap();
            assert_eq!((d.text.as_str(), d.encoding), (TEXT, encoding));
        }
    }

    #[test]
    fn a_few_bad_bytes_are_replaced_and_located() {
        let mut bytes = TEXT.repeat(200).into_bytes();
        let at = TEXT.len() * 100 + 7; // just after the first comma
        bytes.insert(at, 0xFF);
        let d = decode(&bytes).unwrap();
        assert_eq!(d.encoding, UTF_8);
        assert_eq!(d.replaced.len(), 1);
        assert_eq!(d.replaced[0].1, at as u64);
        let (pos, _) = d.replaced[0];
        assert_eq!(&d.text[pos..pos + 3], "\u{FFFD}");
        assert_eq!(d.replaced_in(pos - 5..pos + 5), Some(at as u64));
        assert_eq!(d.replaced_in(0..pos), None);
    }

    #[test]
    fn binary_is_refused_with_offset_and_line() {
        let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\x01\0";
        let e = decode(png).unwrap_err();
        assert_eq!((e.offset, e.line), (8, 3));
        // Random high bytes without NULs: neither UTF-8 nor GB18030.
        let mut noise = b"id,text\n".to_vec();
        let mut x: u32 = 12345;
        for _ in 0..5000 {
            x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
            noise.push(((x >> 16) as u8) | 0x80);
        }
        let e = decode(&noise).unwrap_err();
        assert!(e.offset >= 8, "{e:?}");
        assert_eq!(e.line, 2);
    }
}
