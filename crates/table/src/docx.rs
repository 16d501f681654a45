//! The text of a draft file: TXT or Markdown in any encoding `decode` detects (UTF-8 with or
//! without BOM, GB18030/GBK, UTF-16), or a Word DOCX (the paragraphs of `word/document.xml`,
//! table cells included, one line each).
//!
//! The core parses the text ([`minyi_core::Draft::parse`]); it never sees the file format.

use std::io::{Cursor, Read};
use std::path::Path;

use quick_xml::Reader;
use quick_xml::escape::resolve_predefined_entity;
use quick_xml::events::Event;

use crate::decode::decode;
use crate::error::{Error, ErrorKind, Result};

/// `word/document.xml` larger than this (uncompressed) is refused: a real draft is a few MB.
const MAX_DOCUMENT_XML: u64 = 256 * 1024 * 1024;

/// Reads the text of a draft: a `.txt`/`.md` file (encoding detected) or a `.docx`.
///
/// A DOCX gives one line per paragraph (`w:p`), in document order, table cells included; a
/// tab (`w:tab`) is a tab and a line break (`w:br`) a new line. Deleted text of tracked changes
/// is left out; inserted text is kept.
///
/// ```no_run
/// use minyi_core::Draft;
///
/// let text = minyi_table::read_draft("草案.docx".as_ref())?;
/// let draft = Draft::parse(&text)?;
/// println!("{} articles", draft.articles().len());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
///
/// An [`Error`] naming the file: [`ErrorKind::Io`] when it cannot be read,
/// [`ErrorKind::Empty`] when it is empty, [`ErrorKind::Encoding`] when it is not text in a
/// supported encoding, [`ErrorKind::Format`] for a damaged DOCX, an old binary `.doc`, a PDF or
/// another ZIP file.
pub fn read_draft(path: &Path) -> Result<String> {
    let file = path.display().to_string();
    let bytes = std::fs::read(path)
        .map_err(|e| Error::with_source(ErrorKind::Io, &file, format!("cannot read it: {e}"), e))?;
    draft_text(&file, &bytes, extension(path).as_deref())
}

fn extension(path: &Path) -> Option<String> {
    path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase)
}

fn draft_text(file: &str, bytes: &[u8], extension: Option<&str>) -> Result<String> {
    if bytes.is_empty() {
        return Err(Error::new(ErrorKind::Empty, file, "the file is empty"));
    }
    if bytes.starts_with(b"PK\x03\x04") {
        return docx_text(file, bytes);
    }
    let refuse = |what: &str| {
        Err(Error::new(
            ErrorKind::Format,
            file,
            format!("{what}; save the draft as .docx, .txt or .md and try again"),
        ))
    };
    if bytes.starts_with(b"\xD0\xCF\x11\xE0") {
        return refuse("it is an old binary Word (.doc) or WPS file");
    }
    if bytes.starts_with(b"%PDF") {
        return refuse("it is a PDF");
    }
    if extension == Some("docx") {
        return refuse("it has the .docx extension but is not a DOCX (ZIP) file");
    }
    let decoded = decode(bytes).map_err(|e| {
        Error::new(
            ErrorKind::Encoding,
            file,
            format!(
                "cannot be read as text: {} (first bad byte at offset {}, line {}); save it as \
                 UTF-8 or GB18030, or as .docx, and try again",
                e.reason, e.offset, e.line
            ),
        )
    })?;
    if !decoded.replaced.is_empty() {
        log::warn!(
            "{file}: {} undecodable byte sequences replaced by U+FFFD",
            decoded.replaced.len()
        );
    }
    Ok(decoded.text)
}

fn docx_text(file: &str, bytes: &[u8]) -> Result<String> {
    let damaged = |e: &dyn std::fmt::Display| {
        Error::new(ErrorKind::Format, file, format!("cannot be read as a DOCX: {e}"))
    };
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| damaged(&e))?;
    let entry = match archive.by_name("word/document.xml") {
        Ok(entry) => entry,
        Err(zip::result::ZipError::FileNotFound) => {
            return Err(Error::new(
                ErrorKind::Format,
                file,
                "a ZIP file without word/document.xml, so not a Word DOCX (a workbook?); save \
                 the draft as .docx, .txt or .md and try again",
            ));
        }
        Err(e) => return Err(damaged(&e)),
    };
    let mut xml = String::new();
    entry.take(MAX_DOCUMENT_XML + 1).read_to_string(&mut xml).map_err(|e| damaged(&e))?;
    if xml.len() as u64 > MAX_DOCUMENT_XML {
        return Err(damaged(&format!(
            "word/document.xml is larger than {} MB",
            MAX_DOCUMENT_XML >> 20
        )));
    }
    document_text(&xml).map_err(|e| damaged(&e))
}

/// The paragraphs of `word/document.xml`, joined by `\n`.
fn document_text(xml: &str) -> std::result::Result<String, quick_xml::Error> {
    let mut reader = Reader::from_str(xml);
    let mut out = String::new();
    // Inside w:t (text), w:tabs (tab stops, not tabs), mc:Fallback (a copy of the text of a
    // text box for old readers).
    let mut in_text = false;
    let mut in_tab_stops = 0usize;
    let mut in_fallback = 0usize;
    loop {
        match reader.read_event()? {
            Event::Start(e) => match e.local_name().as_ref() {
                "t" => in_text = true,
                "tabs" => in_tab_stops += 1,
                "Fallback" => in_fallback += 1,
                _ => {}
            },
            Event::End(e) => match e.local_name().as_ref() {
                "t" => in_text = false,
                "tabs" => in_tab_stops = in_tab_stops.saturating_sub(1),
                "Fallback" => in_fallback = in_fallback.saturating_sub(1),
                "p" if in_fallback == 0 => out.push('\n'),
                _ => {}
            },
            Event::Empty(e) if in_fallback == 0 => match e.local_name().as_ref() {
                "tab" if in_tab_stops == 0 => out.push('\t'),
                "br" | "cr" => out.push('\n'),
                "p" => out.push('\n'),
                _ => {}
            },
            Event::Text(t) if in_text && in_fallback == 0 => out.push_str(&t.xml10_content()),
            Event::CData(t) if in_text && in_fallback == 0 => {
                out.push_str(&t);
            }
            Event::GeneralRef(r) if in_text && in_fallback == 0 => {
                if let Ok(Some(c)) = r.resolve_char_ref() {
                    out.push(c);
                } else if let Some(s) = resolve_predefined_entity(&r) {
                    out.push_str(s);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if out.ends_with('\n') {
        out.pop();
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use zip::write::SimpleFileOptions;

    use super::*;

    const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#;

    /// A DOCX as Word writes one: a title, a chapter heading with tab stops, an article whose
    /// text is split over runs mid-word, a tab, a line break, an entity, tracked changes and a
    /// table.
    const DOCUMENT: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><w:body>
<w:p><w:pPr><w:jc w:val="center"/></w:pPr><w:r><w:t>滨江市养犬管理条例</w:t></w:r></w:p>
<w:p><w:r><w:t>（草案）</w:t></w:r></w:p>
<w:p/>
<w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="420"/></w:tabs></w:pPr><w:r><w:t xml:space="preserve">第一章　总　　则</w:t></w:r></w:p>
<w:p><w:r><w:rPr><w:b/></w:rPr><w:t>第一条</w:t></w:r><w:r><w:tab/><w:t>为了规范养犬行为，保障公民健</w:t></w:r><w:r><w:t>康和人身安全，制定本条例。</w:t></w:r></w:p>
<w:p><w:r><w:t>第二条　养犬人应当遵守下列规定：</w:t></w:r><w:r><w:br/><w:t>（一）携犬出户时束犬链&amp;牵引；</w:t></w:r></w:p>
<w:p><w:del w:id="1" w:author="法工委"><w:r><w:delText>（二）删去的项；</w:delText></w:r></w:del><w:ins w:id="2" w:author="法工委"><w:r><w:t>（二）及时清除犬只粪便&#x3002;</w:t></w:r></w:ins></w:p>
<w:tbl><w:tr><w:tc><w:p><w:r><w:t>第三条　表格里的条文。</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>说明</w:t></w:r></w:p></w:tc></w:tr></w:tbl>
<w:p><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:t>文本框</w:t></mc:Choice><mc:Fallback><w:p><w:r><w:t>文本框</w:t></w:r></w:p></mc:Fallback></mc:AlternateContent></w:r></w:p>
<w:sectPr/></w:body></w:document>"#;

    fn docx(document: &str) -> Vec<u8> {
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options = SimpleFileOptions::default();
        zip.start_file("[Content_Types].xml", options).unwrap();
        zip.write_all(CONTENT_TYPES.as_bytes()).unwrap();
        zip.start_file("word/document.xml", options).unwrap();
        zip.write_all(document.as_bytes()).unwrap();
        zip.finish().unwrap().into_inner()
    }

    #[test]
    fn docx_paragraphs_runs_tabs_breaks_and_tables() {
        let text = draft_text("草案.docx", &docx(DOCUMENT), Some("docx")).unwrap();
        assert_eq!(
            text,
            "滨江市养犬管理条例\n（草案）\n\n第一章　总　　则\n\
             第一条\t为了规范养犬行为，保障公民健康和人身安全，制定本条例。\n\
             第二条　养犬人应当遵守下列规定：\n（一）携犬出户时束犬链&牵引；\n\
             （二）及时清除犬只粪便。\n第三条　表格里的条文。\n说明\n文本框"
        );
        let draft = minyi_core::Draft::parse(&text).unwrap();
        assert_eq!(draft.title(), Some("滨江市养犬管理条例"));
        assert_eq!(draft.stage(), Some("草案"));
        assert_eq!(draft.articles().len(), 3);
        assert_eq!(draft.articles()[1].paragraphs()[0].items().len(), 2);
    }

    #[test]
    fn text_files_in_any_supported_encoding() {
        let text = "滨江市养犬管理条例\r\n第一条　为了规范养犬行为，制定本条例。\r\n";
        let mut bom = b"\xEF\xBB\xBF".to_vec();
        bom.extend_from_slice(text.as_bytes());
        assert_eq!(draft_text("草案.txt", &bom, Some("txt")).unwrap(), text);
        let (gb, _, _) = encoding_rs::GB18030.encode(text);
        assert_eq!(draft_text("草案.txt", &gb, Some("txt")).unwrap(), text);
        let mut utf16 = b"\xFF\xFE".to_vec();
        utf16.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        assert_eq!(draft_text("草案.md", &utf16, Some("md")).unwrap(), text);
    }

    #[test]
    fn files_that_are_not_drafts() {
        let kind = |bytes: &[u8], ext: &str| draft_text("f", bytes, Some(ext)).unwrap_err().kind();
        assert_eq!(kind(b"", "txt"), ErrorKind::Empty);
        assert_eq!(kind(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", "doc"), ErrorKind::Format);
        assert_eq!(kind(b"%PDF-1.7\n", "pdf"), ErrorKind::Format);
        assert_eq!(kind("第一条".as_bytes(), "docx"), ErrorKind::Format);
        assert_eq!(kind(b"PK\x03\x04garbage", "docx"), ErrorKind::Format);
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        zip.start_file("xl/workbook.xml", SimpleFileOptions::default()).unwrap();
        let workbook = zip.finish().unwrap().into_inner();
        let e = draft_text("意见.xlsx", &workbook, Some("xlsx")).unwrap_err();
        assert!(e.to_string().contains("word/document.xml"), "{e}");
        let broken = docx("<w:document><w:body><w:p><w:t>第一条</w:body>");
        assert_eq!(kind(&broken, "docx"), ErrorKind::Format);
        let binary: Vec<u8> = (0..4000u32).map(|i| (i * 7 % 251) as u8 | 0x80).collect();
        assert_eq!(kind(&binary, "txt"), ErrorKind::Encoding);
    }

    #[test]
    fn read_draft_names_a_missing_file() {
        let e = read_draft(Path::new("不存在的草案.docx")).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Io);
        assert_eq!(e.file(), "不存在的草案.docx");
    }
}
