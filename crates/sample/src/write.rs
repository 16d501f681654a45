//! Writing opinions the way a contact point hands them over: an Excel workbook, a GB18030 CSV,
//! and JSON Lines (opinions and planted truth) for tests and benchmarks.

use std::io::{self, Write};
use std::path::Path;

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook};
use serde::Serialize;

use crate::{SampleOpinion, Truth};

/// Column headers of the collection form (意见建议收集表), in order.
pub const HEADERS: [&str; 10] = [
    "序号",
    "提出人",
    "单位",
    "身份",
    "联系点",
    "信息员",
    "渠道",
    "提交日期",
    "涉及条款",
    "意见内容",
];

/// Name of the worksheet.
pub const SHEET_NAME: &str = "意见汇总";

fn xlsx_err(e: rust_xlsxwriter::XlsxError) -> io::Error {
    io::Error::other(e)
}

fn ymd(date: &str) -> Option<(u16, u8, u8)> {
    let mut it = date.split('-');
    Some((it.next()?.parse().ok()?, it.next()?.parse().ok()?, it.next()?.parse().ok()?))
}

/// Write `意见.xlsx`: sheet 意见汇总, a merged title in row 1, the headers in row 2, one opinion
/// per row; 序号 as a number, 提交日期 as a date cell (yyyy-mm-dd), 意见内容 wrapped.
/// The file is byte-identical for identical input (fixed document dates).
pub fn write_xlsx(path: &Path, opinions: &[SampleOpinion]) -> io::Result<()> {
    let mut wb = Workbook::new();
    // A fixed creation date keeps the file byte-identical from run to run.
    let created = ExcelDateTime::from_ymd(2026, 11, 30).map_err(xlsx_err)?;
    wb.set_properties(
        &DocProperties::new()
            .set_title(format!("《{}》意见建议收集表", crate::DRAFT_TITLE))
            .set_author("minyi-sample")
            .set_creation_datetime(&created),
    );
    let ws = wb.add_worksheet();
    ws.set_name(SHEET_NAME).map_err(xlsx_err)?;
    let title = Format::new()
        .set_bold()
        .set_font_size(14)
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter);
    let head = Format::new()
        .set_bold()
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::Center)
        .set_background_color("#D9E1F2");
    let cell = Format::new().set_border(FormatBorder::Thin).set_align(FormatAlign::Top);
    let wrap =
        Format::new().set_border(FormatBorder::Thin).set_align(FormatAlign::Top).set_text_wrap();
    let date = Format::new()
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::Top)
        .set_num_format("yyyy-mm-dd");
    ws.merge_range(0, 0, 0, 9, &format!("《{}》意见建议收集表", crate::DRAFT_TITLE), &title)
        .map_err(xlsx_err)?;
    ws.set_row_height(0, 30).map_err(xlsx_err)?;
    for (c, h) in HEADERS.iter().enumerate() {
        ws.write_string_with_format(1, c as u16, *h, &head).map_err(xlsx_err)?;
    }
    for (c, w) in [6.0, 10.0, 24.0, 12.0, 30.0, 9.0, 14.0, 12.0, 14.0, 80.0].iter().enumerate() {
        ws.set_column_width(c as u16, *w).map_err(xlsx_err)?;
    }
    ws.set_freeze_panes(2, 0).map_err(xlsx_err)?;
    for (k, op) in opinions.iter().enumerate() {
        let r = (k + 2) as u32;
        match op.id.parse::<f64>() {
            Ok(n) => ws.write_number_with_format(r, 0, n, &cell),
            Err(_) => ws.write_string_with_format(r, 0, &op.id, &cell),
        }
        .map_err(xlsx_err)?;
        ws.write_string_with_format(r, 1, &op.submitter, &cell).map_err(xlsx_err)?;
        ws.write_string_with_format(r, 2, op.organization.as_deref().unwrap_or(""), &cell)
            .map_err(xlsx_err)?;
        ws.write_string_with_format(r, 3, &op.group, &cell).map_err(xlsx_err)?;
        ws.write_string_with_format(r, 4, &op.contact_point, &cell).map_err(xlsx_err)?;
        ws.write_string_with_format(r, 5, &op.collector, &cell).map_err(xlsx_err)?;
        ws.write_string_with_format(r, 6, &op.channel, &cell).map_err(xlsx_err)?;
        match ymd(&op.date) {
            Some((y, m, d)) => {
                let dt = ExcelDateTime::from_ymd(y, m, d).map_err(xlsx_err)?;
                ws.write_datetime_with_format(r, 7, &dt, &date).map_err(xlsx_err)?;
            }
            None => {
                ws.write_string_with_format(r, 7, &op.date, &cell).map_err(xlsx_err)?;
            }
        }
        ws.write_string_with_format(r, 8, op.article_column.as_deref().unwrap_or(""), &cell)
            .map_err(xlsx_err)?;
        ws.write_string_with_format(r, 9, &op.text, &wrap).map_err(xlsx_err)?;
    }
    wb.save(path).map_err(xlsx_err)
}

fn csv_field(out: &mut String, s: &str) {
    let needs = s.is_empty()
        || s.contains([',', '"', '\r', '\n'])
        || s.starts_with(char::is_whitespace)
        || s.ends_with(char::is_whitespace);
    if needs && !s.is_empty() {
        out.push('"');
        out.push_str(&s.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(s);
    }
}

/// The rows as CSV text (header first, CRLF line ends, RFC 4180 quoting when needed).
pub fn csv_string(opinions: &[SampleOpinion]) -> String {
    let mut out = String::new();
    out.push_str(&HEADERS.join(","));
    out.push_str("\r\n");
    for op in opinions {
        let fields = [
            op.id.as_str(),
            &op.submitter,
            op.organization.as_deref().unwrap_or(""),
            &op.group,
            &op.contact_point,
            &op.collector,
            &op.channel,
            &op.date,
            op.article_column.as_deref().unwrap_or(""),
            &op.text,
        ];
        for (k, f) in fields.iter().enumerate() {
            if k > 0 {
                out.push(',');
            }
            csv_field(&mut out, f);
        }
        out.push_str("\r\n");
    }
    out
}

/// Write `意见_gb18030.csv`: [`csv_string`] encoded as GB18030 (no BOM).
pub fn write_csv_gb18030(path: &Path, opinions: &[SampleOpinion]) -> io::Result<()> {
    let text = csv_string(opinions);
    let (bytes, _, unmappable) = encoding_rs::GB18030.encode(&text);
    if unmappable {
        return Err(io::Error::other("text not representable in GB18030"));
    }
    std::fs::write(path, bytes)
}

#[derive(Serialize)]
struct TruthLine<'a> {
    id: &'a str,
    #[serde(flatten)]
    truth: &'a Truth,
}

#[derive(Serialize)]
struct OpinionLine<'a> {
    id: &'a str,
    submitter: &'a str,
    organization: Option<&'a str>,
    group: &'a str,
    contact_point: &'a str,
    collector: &'a str,
    channel: &'a str,
    date: &'a str,
    article_column: Option<&'a str>,
    text: &'a str,
}

/// One line of `truth.jsonl`: `{"id": "1", "articles": [...], "reference": ..., ...}`.
pub fn write_truth_line<W: Write>(w: &mut W, op: &SampleOpinion) -> io::Result<()> {
    serde_json::to_writer(&mut *w, &TruthLine { id: &op.id, truth: &op.truth })?;
    w.write_all(b"\n")
}

/// One line of `opinions.jsonl`: id, metadata (English keys) and text, without the truth.
pub fn write_opinion_line<W: Write>(w: &mut W, op: &SampleOpinion) -> io::Result<()> {
    let line = OpinionLine {
        id: &op.id,
        submitter: &op.submitter,
        organization: op.organization.as_deref(),
        group: &op.group,
        contact_point: &op.contact_point,
        collector: &op.collector,
        channel: &op.channel,
        date: &op.date,
        article_column: op.article_column.as_deref(),
        text: &op.text,
    };
    serde_json::to_writer(&mut *w, &line)?;
    w.write_all(b"\n")
}
