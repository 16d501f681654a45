//! `汇总表.xlsx`: the summary table a clerk prints and forwards, through rust_xlsxwriter.

use std::path::Path;

use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError};

use crate::error::{Error, ErrorKind, Result};
use crate::export::Export;

/// Past this many characters an article's text is cut short with ….
const ARTICLE_CHARS: usize = 300;
/// Excel's limit on the characters of a cell.
const CELL_CHARS: usize = 32_767;
/// A4 in Excel's paper codes.
const A4: u8 = 9;

pub(crate) fn write(export: &Export<'_>, path: &Path) -> Result<()> {
    let file = path.display().to_string();
    let fail = |e: XlsxError| Error::with_source(ErrorKind::Io, &file, "cannot write it", e);
    let mut book = Workbook::new();
    book.set_properties(&rust_xlsxwriter::DocProperties::new().set_title(export.title()));
    let styles = Styles::new();
    summary(book.add_worksheet(), export, &styles).map_err(fail)?;
    details(book.add_worksheet(), export, &styles).map_err(fail)?;
    stats(book.add_worksheet(), export, &styles).map_err(fail)?;
    book.save(path).map_err(fail)
}

struct Styles {
    title: Format,
    header: Format,
    text: Format,
    center: Format,
    number: Format,
}

impl Styles {
    fn new() -> Styles {
        let base = Format::new()
            .set_font_size(10)
            .set_text_wrap()
            .set_align(FormatAlign::Top)
            .set_border(FormatBorder::Thin);
        Styles {
            title: Format::new().set_bold().set_font_size(14),
            header: base
                .clone()
                .set_bold()
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter)
                .set_background_color(0xD9E1F2),
            text: base.clone(),
            center: base.clone().set_align(FormatAlign::Center),
            number: base.set_align(FormatAlign::Center).set_num_format("0"),
        }
    }
}

/// Landscape A4, one page wide, the header row on every page, the title above and page
/// numbers below.
fn print_setup(
    sheet: &mut Worksheet,
    title: &str,
    header_row: u32,
) -> std::result::Result<(), XlsxError> {
    sheet
        .set_landscape()
        .set_paper_size(A4)
        .set_print_fit_to_pages(1, 0)
        .set_margins(0.5, 0.5, 0.7, 0.6, 0.3, 0.3)
        .set_header(format!("&C&\"-,Bold\"{}", escape(title)))
        .set_footer("&C第 &P 页，共 &N 页");
    sheet.set_repeat_rows(header_row, header_row)?;
    sheet.set_freeze_panes(header_row + 1, 0)?;
    Ok(())
}

/// `&` starts a code in headers and footers; Excel limits them to 255 characters.
fn escape(title: &str) -> String {
    title.replace('&', "&&").chars().take(200).collect()
}

fn cell(text: &str) -> std::borrow::Cow<'_, str> {
    if text.chars().count() <= CELL_CHARS {
        text.into()
    } else {
        let mut s: String = text.chars().take(CELL_CHARS - 1).collect();
        s.push('…');
        s.into()
    }
}

fn shorten(text: &str, chars: usize) -> String {
    if text.chars().count() <= chars {
        text.to_owned()
    } else {
        let mut s: String = text.chars().take(chars).collect();
        s.push('…');
        s
    }
}

/// The height in points a row needs so that its wrapped cells show whole: LibreOffice does not
/// fit rows on opening a file, and Excel only sometimes. Column widths are in Excel's units (the
/// width of a `0`); a Chinese character takes about two.
fn fit_row(
    sheet: &mut Worksheet,
    row: u32,
    cells: &[(&str, f64)],
) -> std::result::Result<(), XlsxError> {
    let lines = cells
        .iter()
        .map(|(text, width)| {
            let room = (width - 1.0).max(1.0);
            text.split('\n')
                .map(|line| {
                    let units: f64 =
                        line.chars().map(|c| if c.is_ascii() { 1.0 } else { 1.85 }).sum::<f64>()
                            * (10.0 / 11.0);
                    (units / room).ceil().max(1.0)
                })
                .sum::<f64>()
        })
        .fold(1.0, f64::max);
    sheet.set_row_height(row, (lines * 13.0 + 3.0).min(409.0))?;
    Ok(())
}

fn headers(
    sheet: &mut Worksheet,
    row: u32,
    columns: &[(&str, f64)],
    styles: &Styles,
) -> std::result::Result<(), XlsxError> {
    for (c, (name, width)) in columns.iter().enumerate() {
        let c = c as u16;
        sheet.write_string_with_format(row, c, *name, &styles.header)?;
        sheet.set_column_width(c, *width)?;
    }
    sheet.set_row_height(row, 28)?;
    Ok(())
}

/// 意见汇总: one row per suggestion group, by article.
fn summary(
    sheet: &mut Worksheet,
    export: &Export<'_>,
    styles: &Styles,
) -> std::result::Result<(), XlsxError> {
    sheet.set_name("意见汇总")?;
    const COLUMNS: [(&str, f64); 9] = [
        ("序号", 6.0),
        ("条款", 11.0),
        ("条文原文", 36.0),
        ("意见（代表性表述）", 48.0),
        ("理由", 28.0),
        ("提出次数", 7.0),
        ("提出人数", 7.0),
        ("来源联系点", 16.0),
        ("意见编号", 16.0),
    ];
    sheet.write_string_with_format(0, 0, export.title(), &styles.title)?;
    sheet.set_row_height(0, 24)?;
    headers(sheet, 1, &COLUMNS, styles)?;
    let mut row = 2;
    for (n, s) in export.suggestions().iter().enumerate() {
        sheet.write_number_with_format(row, 0, (n + 1) as f64, &styles.number)?;
        sheet.write_string_with_format(row, 1, &s.article, &styles.center)?;
        sheet.write_string_with_format(
            row,
            2,
            shorten(&s.article_text, ARTICLE_CHARS),
            &styles.text,
        )?;
        sheet.write_string_with_format(row, 3, cell(&s.opinion), &styles.text)?;
        sheet.write_string_with_format(row, 4, cell(&s.reason), &styles.text)?;
        sheet.write_number_with_format(row, 5, s.count as f64, &styles.number)?;
        sheet.write_number_with_format(row, 6, s.submitters as f64, &styles.number)?;
        sheet.write_string_with_format(row, 7, s.contact_points.join("、"), &styles.text)?;
        let ids = s.ids.join("、");
        sheet.write_string_with_format(row, 8, cell(&ids), &styles.text)?;
        let places = s.contact_points.join("、");
        let article_text = shorten(&s.article_text, ARTICLE_CHARS);
        let wrapped = [
            (article_text.as_str(), COLUMNS[2].1),
            (s.opinion.as_str(), COLUMNS[3].1),
            (s.reason.as_str(), COLUMNS[4].1),
            (places.as_str(), COLUMNS[7].1),
            (ids.as_str(), COLUMNS[8].1),
        ];
        fit_row(sheet, row, &wrapped)?;
        row += 1;
    }
    sheet.autofilter(1, 0, (row - 1).max(1), COLUMNS.len() as u16 - 1)?;
    print_setup(sheet, export.title(), 1)
}

/// The most rows 意见明细 lists: past this a workbook is neither printable nor light (it is
/// held in memory while written); opinions.csv and opinions.parquet hold every row, and a last
/// row says so.
const DETAIL_ROWS: usize = 100_000;

/// 意见明细: every row read, whatever its status (up to [`DETAIL_ROWS`]).
fn details(
    sheet: &mut Worksheet,
    export: &Export<'_>,
    styles: &Styles,
) -> std::result::Result<(), XlsxError> {
    sheet.set_name("意见明细")?;
    const COLUMNS: [(&str, f64); 7] = [
        ("编号", 10.0),
        ("文件/行", 16.0),
        ("状态", 10.0),
        ("条款", 18.0),
        ("重复组", 15.0),
        ("主题", 20.0),
        ("意见内容", 80.0),
    ];
    headers(sheet, 0, &COLUMNS, styles)?;
    let mut row = 1;
    for o in export.opinion_rows().take(DETAIL_ROWS) {
        sheet.write_string_with_format(row, 0, &o.id, &styles.text)?;
        // The file's name: the folders it sat in only take room on paper.
        let file =
            Path::new(&o.file).file_name().map_or(o.file.as_str().into(), |n| n.to_string_lossy());
        sheet.write_string_with_format(row, 1, format!("{file}:{}", o.row), &styles.text)?;
        sheet.write_string_with_format(row, 2, o.status_zh, &styles.text)?;
        let articles = if o.articles.is_empty() { &o.article } else { &o.articles };
        sheet.write_string_with_format(row, 3, articles, &styles.text)?;
        sheet.write_string_with_format(row, 4, o.group.as_deref().unwrap_or(""), &styles.text)?;
        let topic = match (&o.topic, &o.topic_label) {
            (Some(id), Some(label)) => format!("{id} {label}"),
            (Some(id), None) => id.clone(),
            _ => String::new(),
        };
        sheet.write_string_with_format(row, 5, topic, &styles.text)?;
        sheet.write_string_with_format(row, 6, cell(&o.text), &styles.text)?;
        fit_row(sheet, row, &[(&o.text, COLUMNS[6].1), (articles, COLUMNS[3].1)])?;
        row += 1;
    }
    let rest = export.opinion_count().saturating_sub(DETAIL_ROWS);
    if rest > 0 {
        let note = format!("其余 {rest} 条意见见 opinions.csv 或 opinions.parquet（每条都在）。");
        sheet.write_string_with_format(row, 6, note, &styles.text)?;
        row += 1;
    }
    sheet.autofilter(0, 0, (row - 1).max(1), COLUMNS.len() as u16 - 1)?;
    print_setup(sheet, export.title(), 0)
}

/// 统计: the tables of figures, one under the other.
fn stats(
    sheet: &mut Worksheet,
    export: &Export<'_>,
    styles: &Styles,
) -> std::result::Result<(), XlsxError> {
    sheet.set_name("统计")?;
    sheet.set_column_width(0, 36)?;
    for c in 1..6 {
        sheet.set_column_width(c, 16)?;
    }
    sheet.write_string_with_format(0, 0, export.title(), &styles.title)?;
    let mut row = 2;
    for table in export.stats() {
        sheet.write_string_with_format(row, 0, table.heading(), &styles.title)?;
        row += 1;
        sheet.write_string_with_format(row, 0, "项目", &styles.header)?;
        for (c, name) in table.columns().iter().enumerate() {
            sheet.write_string_with_format(row, c as u16 + 1, name, &styles.header)?;
        }
        row += 1;
        for (label, values) in table.rows() {
            sheet.write_string_with_format(row, 0, label, &styles.text)?;
            for (c, v) in values.iter().enumerate() {
                let c = c as u16 + 1;
                if v.is_finite() {
                    let format = if v.fract() == 0.0 { &styles.number } else { &styles.center };
                    sheet.write_number_with_format(row, c, *v, format)?;
                } else {
                    sheet.write_string_with_format(row, c, "", &styles.text)?;
                }
            }
            row += 1;
        }
        row += 1;
    }
    sheet
        .set_portrait()
        .set_paper_size(A4)
        .set_print_fit_to_pages(1, 0)
        .set_header(format!("&C&\"-,Bold\"{}", escape(export.title())))
        .set_footer("&C第 &P 页，共 &N 页");
    Ok(())
}
