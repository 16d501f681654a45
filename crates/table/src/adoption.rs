//! `采纳情况.xlsx`: the adoption check of an analysis against the final text, for staff to
//! confirm.

use std::path::Path;

use minyi_core::{Adoption, AdoptionClass, AlignStatus, Edit, EditOp, Tally};
use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};

use crate::error::{Error, ErrorKind, Result};

/// The sheet of changed articles and the suggestion groups filed under them.
pub const SHEET_ARTICLES: &str = "逐条采纳情况";
/// The sheet of tallies per article, contact point and collector.
pub const SHEET_SUMMARY: &str = "汇总";
/// The sheet of every opinion with its class.
pub const SHEET_OPINIONS: &str = "逐件意见";

/// Characters of unchanged text kept on each side of a change in the 修改内容 column.
const CONTEXT: usize = 8;

/// Writes `采纳情况.xlsx` to `path`: sheet [`SHEET_ARTICLES`] (one row per suggestion group on a
/// changed article: 草案条款, 终稿条款, 变化, 修改内容, 意见组, 意见（代表）, 提出次数,
/// 采纳情况, 匹配度, 依据, 意见编号), [`SHEET_SUMMARY`] (per article, contact point and
/// collector: opinions by class, adoption rate, suggestion groups) and [`SHEET_OPINIONS`]
/// (every opinion: 意见编号, 条款, 采纳情况, 匹配度, 依据, 联系点, 采集员).
///
/// # Errors
///
/// [`ErrorKind::Io`] when the workbook cannot be written.
pub fn write_adoption(adoption: &Adoption, path: &Path) -> Result<()> {
    let file = path.display().to_string();
    let wrap =
        |e: XlsxError| Error::with_source(ErrorKind::Io, &file, "cannot write the workbook", e);
    let mut workbook = Workbook::new();
    let bold = Format::new().set_bold();
    articles_sheet(workbook.add_worksheet(), adoption, &bold).map_err(wrap)?;
    summary_sheet(workbook.add_worksheet(), adoption, &bold).map_err(wrap)?;
    opinions_sheet(workbook.add_worksheet(), adoption, &bold).map_err(wrap)?;
    workbook.save(path).map_err(wrap)
}

fn header(
    sheet: &mut Worksheet,
    names: &[&str],
    bold: &Format,
) -> std::result::Result<(), XlsxError> {
    for (c, name) in names.iter().enumerate() {
        sheet.write_string_with_format(0, c as u16, *name, bold)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    Ok(())
}

fn status_zh(status: AlignStatus) -> &'static str {
    match status {
        AlignStatus::Unchanged => "未改",
        AlignStatus::Modified => "修改",
        AlignStatus::Renumbered => "条号变动",
        AlignStatus::Moved => "移动",
        AlignStatus::Inserted => "新增",
        AlignStatus::Deleted => "删除",
        AlignStatus::Split => "拆分",
        AlignStatus::Merged => "合并",
        _ => "其他",
    }
}

/// The diff on one line: 【删除：…】【增加：…】 with a little unchanged text around.
fn compact(edits: &[Edit]) -> String {
    let mut s = String::new();
    let last = edits.len().saturating_sub(1);
    for (k, edit) in edits.iter().enumerate() {
        let text = edit.text().replace('\n', "¶");
        match edit.op() {
            EditOp::Delete => s.push_str(&format!("【删除：{text}】")),
            EditOp::Insert => s.push_str(&format!("【增加：{text}】")),
            EditOp::Equal => {
                let chars: Vec<char> = text.chars().collect();
                let n = chars.len();
                let head: String = chars[..CONTEXT.min(n)].iter().collect();
                let tail: String = chars[n - CONTEXT.min(n)..].iter().collect();
                match (k == 0, k == last) {
                    (true, true) => s.push_str(&text),
                    (true, false) if n > CONTEXT => s.push_str(&format!("…{tail}")),
                    (false, true) if n > CONTEXT => s.push_str(&format!("{head}…")),
                    (false, false) if n > 2 * CONTEXT + 1 => s.push_str(&format!("{head}…{tail}")),
                    _ => s.push_str(&text),
                }
            }
        }
    }
    s
}

fn articles_sheet(
    sheet: &mut Worksheet,
    adoption: &Adoption,
    bold: &Format,
) -> std::result::Result<(), XlsxError> {
    sheet.set_name(SHEET_ARTICLES)?;
    header(
        sheet,
        &[
            "草案条款",
            "终稿条款",
            "变化",
            "修改内容",
            "意见组",
            "意见组关键词",
            "提出次数",
            "采纳情况",
            "匹配度",
            "依据",
            "代表意见编号",
            "意见编号",
        ],
        bold,
    )?;
    for (c, width) in [(0, 14.0), (1, 14.0), (3, 60.0), (5, 20.0), (9, 40.0), (11, 30.0)] {
        sheet.set_column_width(c, width)?;
    }
    let mut row = 1;
    for article in adoption.articles() {
        let diff = match article.status() {
            AlignStatus::Inserted | AlignStatus::Deleted => {
                article.diff().first().map(|e| e.text().to_owned()).unwrap_or_default()
            }
            _ => compact(article.diff()),
        };
        let fixed = |sheet: &mut Worksheet, row: u32| -> std::result::Result<(), XlsxError> {
            sheet.write_string(row, 0, article.draft_articles().join("、"))?;
            sheet.write_string(row, 1, article.final_articles().join("、"))?;
            sheet.write_string(row, 2, status_zh(article.status()))?;
            sheet.write_string(row, 3, &diff)?;
            Ok(())
        };
        if article.topics().is_empty() {
            fixed(sheet, row)?;
            row += 1;
        }
        for topic in article.topics() {
            fixed(sheet, row)?;
            sheet.write_string(row, 4, topic.topic())?;
            sheet.write_string(row, 5, topic.label())?;
            sheet.write_number(row, 6, topic.count() as f64)?;
            sheet.write_string(row, 7, topic.class().label_zh())?;
            sheet.write_number(row, 8, f64::from(topic.score()))?;
            sheet.write_string(row, 9, topic.evidence())?;
            sheet.write_string(row, 10, topic.best())?;
            sheet.write_string(row, 11, topic.ids().join("、"))?;
            row += 1;
        }
    }
    Ok(())
}

fn summary_sheet(
    sheet: &mut Worksheet,
    adoption: &Adoption,
    bold: &Format,
) -> std::result::Result<(), XlsxError> {
    sheet.set_name(SHEET_SUMMARY)?;
    let mut names = vec!["分类", "名称", "意见数"];
    names.extend(AdoptionClass::ALL.iter().map(|c| c.label_zh()));
    names.extend(["采纳率", "意见组数", "意见组采纳"]);
    header(sheet, &names, bold)?;
    sheet.set_column_width(1, 30.0)?;
    let mut row = 1;
    let mut put = |sheet: &mut Worksheet, kind: &str, name: &str, t: &Tally| {
        let result = (|| {
            sheet.write_string(row, 0, kind)?;
            sheet.write_string(row, 1, name)?;
            sheet.write_number(row, 2, t.total() as f64)?;
            for (k, class) in AdoptionClass::ALL.iter().enumerate() {
                sheet.write_number(row, 3 + k as u16, t.opinions_of(*class) as f64)?;
            }
            sheet.write_number(row, 7, (t.rate() * 1000.0).round() / 1000.0)?;
            sheet.write_number(row, 8, t.topics.iter().sum::<usize>() as f64)?;
            sheet.write_number(row, 9, t.topics_of(AdoptionClass::Adopted) as f64)?;
            Ok::<(), XlsxError>(())
        })();
        row += 1;
        result
    };
    put(sheet, "合计", "全部意见", adoption.total())?;
    for (name, t) in adoption.by_article() {
        put(sheet, "条款", name, t)?;
    }
    for (name, t) in adoption.by_contact_point() {
        put(sheet, "联系点", name, t)?;
    }
    for (name, t) in adoption.by_collector() {
        put(sheet, "采集员", name, t)?;
    }
    Ok(())
}

fn opinions_sheet(
    sheet: &mut Worksheet,
    adoption: &Adoption,
    bold: &Format,
) -> std::result::Result<(), XlsxError> {
    sheet.set_name(SHEET_OPINIONS)?;
    header(sheet, &["意见编号", "条款", "采纳情况", "匹配度", "依据", "联系点", "采集员"], bold)?;
    sheet.set_column_width(4, 40.0)?;
    for (k, o) in adoption.opinions().iter().enumerate() {
        let row = k as u32 + 1;
        sheet.write_string(row, 0, o.id())?;
        sheet.write_string(row, 1, o.articles().join("、"))?;
        sheet.write_string(row, 2, o.class().label_zh())?;
        sheet.write_number(row, 3, f64::from(o.score()))?;
        sheet.write_string(row, 4, o.evidence())?;
        sheet.write_string(row, 5, o.contact_point().unwrap_or(""))?;
        sheet.write_string(row, 6, o.collector().unwrap_or(""))?;
    }
    Ok(())
}
