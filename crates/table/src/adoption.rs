//! `采纳情况.xlsx`: the adoption check of an analysis against the final text, for staff to
//! confirm.

use std::path::Path;

use minyi_core::{Adoption, AdoptionClass, AlignStatus, Edit, EditOp, Tally};
use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};

use crate::error::{Error, ErrorKind, Result};
use crate::html::esc;

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

/// The adoption section of `report.html`: the totals, each changed article with its diff and
/// its suggestion groups (best first), and the tallies per contact point and collector. One
/// `<section id="adoption">`, using the report's own table classes.
pub fn adoption_section(adoption: &Adoption) -> String {
    let mut s = String::from("<section id=\"adoption\"><h2>采纳情况</h2>\n");
    let total = adoption.total();
    let counts: Vec<String> = AdoptionClass::ALL
        .iter()
        .map(|&c| format!("{} {}", c.label_zh(), total.opinions_of(c)))
        .collect();
    s.push_str(&format!(
        "<p>意见 {} 件：{}；采纳率 {:.1}%。修改的条文 {} 处。“可能采纳”须人工确认。</p>\n",
        total.total(),
        counts.join("，"),
        100.0 * total.rate(),
        adoption.articles().len()
    ));
    s.push_str(
        "<div class=\"scroll\"><table id=\"adoption-table\"><thead><tr><th>条款</th><th>变化</th>\
         <th>修改内容</th><th>意见组（采纳情况，提出次数）</th></tr></thead><tbody>\n",
    );
    for article in adoption.articles() {
        let (old, new) = (article.draft_articles().join("、"), article.final_articles().join("、"));
        let numbers = match (old.is_empty(), new.is_empty()) {
            (true, _) => format!("（新）{new}"),
            (_, true) => old,
            _ if old == new => old,
            _ => format!("{old} → {new}"),
        };
        let diff = match article.status() {
            AlignStatus::Inserted | AlignStatus::Deleted => {
                article.diff().first().map(|e| e.text().to_owned()).unwrap_or_default()
            }
            _ => compact(article.diff()),
        };
        let topics: Vec<String> = article
            .topics()
            .iter()
            .map(|t| format!("{}：{}（{}）", t.class().label_zh(), esc(t.label()), t.count()))
            .collect();
        s.push_str(&format!(
            "<tr><td class=\"k\">{}</td><td>{}</td><td class=\"t\">{}</td><td class=\"t\">{}</td></tr>\n",
            esc(&numbers),
            status_zh(article.status()),
            esc(&diff),
            topics.join("<br>")
        ));
    }
    s.push_str("</tbody></table></div>\n");
    for (title, rows) in
        [("按联系点", adoption.by_contact_point()), ("按信息员", adoption.by_collector())]
    {
        s.push_str(&format!(
            "<h3>{title}</h3><div class=\"scroll\"><table><thead><tr><th>名称</th><th class=\"n\">意见数</th>"
        ));
        for class in AdoptionClass::ALL {
            s.push_str(&format!("<th class=\"n\">{}</th>", class.label_zh()));
        }
        s.push_str("<th class=\"n\">采纳率</th></tr></thead><tbody>\n");
        for (name, t) in rows {
            s.push_str(&format!(
                "<tr><td class=\"name\">{}</td><td class=\"n\">{}</td>",
                esc(name),
                t.total()
            ));
            for class in AdoptionClass::ALL {
                s.push_str(&format!("<td class=\"n\">{}</td>", t.opinions_of(class)));
            }
            s.push_str(&format!("<td class=\"n\">{:.1}%</td></tr>\n", 100.0 * t.rate()));
        }
        s.push_str("</tbody></table></div>\n");
    }
    s.push_str("</section>\n");
    s
}

/// `report.html` with the adoption section put in: in place of an earlier one, else before the
/// footer (else before `</main>`, else at the end).
///
/// ```
/// let page = "<main><section id=\"a\"></section>\n<footer>x</footer></main>";
/// let once = minyi_table::with_adoption_section(page, "<section id=\"adoption\">1</section>\n");
/// let twice = minyi_table::with_adoption_section(&once, "<section id=\"adoption\">2</section>\n");
/// assert_eq!(twice, "<main><section id=\"a\"></section>\n<section id=\"adoption\">2</section>\n<footer>x</footer></main>");
/// ```
pub fn with_adoption_section(html: &str, section: &str) -> String {
    const START: &str = "<section id=\"adoption\">";
    if let Some(start) = html.find(START)
        && let Some(len) = html[start..].find("</section>\n")
    {
        let end = start + len + "</section>\n".len();
        return format!("{}{section}{}", &html[..start], &html[end..]);
    }
    let at = html.find("<footer").or_else(|| html.find("</main>")).unwrap_or(html.len());
    format!("{}{section}{}", &html[..at], &html[at..])
}
