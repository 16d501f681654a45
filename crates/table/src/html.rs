//! `report.html`: one self-contained page (inline CSS and hand-written inline SVG, no script,
//! no request to anywhere) with the charts and the summary table of a consultation.
//!
//! Pure string building over the public API of `minyi-core`; it lives here with the other
//! files that leave the office (DESIGN.md: reports are `minyi-table`'s), not in the analysis
//! library.

use std::fmt::Write;

use minyi_core::{Analysis, Draft, GroupKind, Opinion, Stats, UnitStats};

/// How many duplicate groups the page lists.
const TOP_GROUPS: usize = 10;
/// How many topic labels the summary table gives per article.
const TOP_TOPICS: usize = 3;

/// The HTML report of an analysis: headline figures; charts of opinions per article,
/// duplicates and campaigns, participation by submitter group, contact point, channel and
/// collector; the summary table by article (条款, 意见数, 去重后, 主题数, 主要主题).
///
/// `opinions` are those the analysis was run on (for the representative texts of the largest
/// duplicate groups, shown with personal data removed unless the pipeline was told to keep
/// it); `draft` gives the articles their labels and the page its title; `stats` is
/// [`Stats::compute`] over the same opinions. Every text is escaped; the page is readable on a
/// phone.
///
/// ```
/// use minyi_core::{Draft, Field, Opinion, Pipeline, Source, Stats, StatsRecord};
///
/// let draft = Draft::parse("某市条例\n第一条 为了加强管理，制定本条例。\n第二条 楼道内禁止充电。")?;
/// let opinions = vec![
///     Opinion::new("1", "建议第二条增加<罚则>。", Source::new("意见.csv", 2))
///         .with_field(Field::Group, "居民"),
/// ];
/// let analysis = Pipeline::new()?.run(Some(&draft), &opinions);
/// let stats = Stats::compute(&StatsRecord::from_analysis(&analysis, &opinions)?);
/// let html = minyi_table::report_html(&analysis, &opinions, Some(&draft), &stats);
/// assert!(html.starts_with("<!DOCTYPE html>"));
/// assert!(html.contains("id=\"summary\"") && html.contains("第二条"));
/// assert!(!html.contains("<罚则>"));
/// # Ok::<(), minyi_core::Error>(())
/// ```
pub fn report_html(
    analysis: &Analysis,
    opinions: &[Opinion],
    draft: Option<&Draft>,
    stats: &Stats,
) -> String {
    let title = draft.and_then(Draft::title).unwrap_or("意见建议");
    let mut page = String::with_capacity(64 * 1024);
    let _ = write!(
        page,
        "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{t} · 意见分析报告</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<main>\n\
         <header><h1>{t}</h1><p class=\"sub\">意见建议分析报告{stage}</p></header>\n",
        t = esc(title),
        stage = draft.and_then(Draft::stage).map(|s| format!("（{}）", esc(s))).unwrap_or_default(),
    );
    overview(&mut page, analysis, stats);
    articles(&mut page, analysis, draft);
    duplicates(&mut page, analysis, opinions);
    participation(&mut page, stats);
    units(&mut page, "contact-points", "联系点", "按联系点", stats.contact_points());
    units(&mut page, "channels", "渠道", "按渠道", stats.channels());
    units(&mut page, "collectors", "信息员", "按信息员", stats.collectors());
    summary(&mut page, analysis, draft);
    page.push_str(
        "<footer>由 minyi 生成。意见数计入每一份重复意见；“去重后”为合并重复后的不同意见数。\
         文本中的个人信息已按默认设置去除。</footer>\n</main>\n</body>\n</html>\n",
    );
    page
}

const STYLE: &str = "
*{box-sizing:border-box}
body{margin:0;background:#f6f7f9;color:#1a202c;font:15px/1.6 -apple-system,'Noto Sans CJK SC','PingFang SC','Microsoft YaHei',sans-serif}
main{max-width:960px;margin:0 auto;padding:12px}
header h1{font-size:1.4em;margin:.4em 0 0}
.sub{color:#4a5568;margin:0 0 .8em}
section{background:#fff;border-radius:8px;padding:12px 14px;margin:12px 0;box-shadow:0 1px 2px rgba(0,0,0,.08)}
h2{font-size:1.15em;margin:.2em 0 .6em}
.tiles{display:grid;grid-template-columns:repeat(auto-fill,minmax(130px,1fr));gap:8px}
.tile{background:#edf2f7;border-radius:6px;padding:8px 10px}
.tile b{display:block;font-size:1.4em}
.tile span{color:#4a5568;font-size:.85em}
svg.chart{display:block;width:100%;max-width:640px;height:auto;margin:.4em 0}
svg.chart text{font-size:11px;fill:#1a202c}
svg.chart .all{fill:#90cdf4}
svg.chart .part{fill:#2b6cb0}
.legend{font-size:.85em;color:#4a5568}
.legend i{display:inline-block;width:.9em;height:.9em;vertical-align:-.1em;margin:0 .3em 0 .8em}
.scroll{overflow-x:auto}
table{border-collapse:collapse;width:100%;font-size:.9em}
th,td{border-bottom:1px solid #e2e8f0;padding:4px 6px;text-align:left;vertical-align:top}
th{background:#edf2f7;white-space:nowrap}
td.n,th.n{text-align:right;white-space:nowrap}
td.k{white-space:nowrap}
td.t{min-width:16em}
td.name{min-width:9em}
p.note{color:#4a5568;font-size:.85em}
footer{color:#718096;font-size:.8em;margin:1em 0 2em}
@media (max-width:480px){body{font-size:14px}main{padding:6px}section{padding:10px 8px}.id{display:none}td.t{min-width:12em}}
";

/// Escapes text for HTML content and attribute values.
pub(crate) fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn percent(x: f64) -> String {
    format!("{:.1}%", 100.0 * x)
}

fn share(part: usize, whole: usize) -> f64 {
    if whole == 0 { 0.0 } else { part as f64 / whole as f64 }
}

/// Display width in columns (CJK: two).
fn width(c: char) -> usize {
    if c >= '\u{1100}' && !('\u{2000}'..'\u{2E80}').contains(&c) { 2 } else { 1 }
}

/// The text cut to `columns` display columns, with … when cut.
fn shorten(text: &str, columns: usize) -> String {
    let total: usize = text.chars().map(width).sum();
    if total <= columns {
        return text.to_owned();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        if used + width(c) > columns.saturating_sub(2) {
            break;
        }
        used += width(c);
        out.push(c);
    }
    out.push('…');
    out
}

/// One bar of a chart: `value` drawn light, with `part` of it drawn dark over it.
struct Bar {
    label: String,
    value: usize,
    part: Option<usize>,
    note: String,
}

/// A horizontal bar chart in inline SVG, scaled to the largest value.
fn chart(page: &mut String, id: &str, caption: &str, bars: &[Bar]) {
    const ROW: usize = 18;
    const LABEL: f64 = 112.0;
    const SPAN: f64 = 214.0;
    let max = bars.iter().map(|b| b.value).max().unwrap_or(0).max(1) as f64;
    let height = ROW * bars.len() + 4;
    let _ = writeln!(
        page,
        "<svg class=\"chart\" id=\"chart-{id}\" viewBox=\"0 0 400 {height}\" role=\"img\" \
         aria-label=\"{}\" xmlns=\"http://www.w3.org/2000/svg\">",
        esc(caption)
    );
    for (k, bar) in bars.iter().enumerate() {
        let y = k * ROW + 2;
        let w = SPAN * bar.value as f64 / max;
        let _ = write!(
            page,
            "<g class=\"bar\"><title>{full}：{note}</title>\
             <text x=\"{lx}\" y=\"{ty}\" text-anchor=\"end\">{short}</text>\
             <rect class=\"all\" x=\"{LABEL}\" y=\"{y}\" width=\"{w:.1}\" height=\"14\"/>",
            full = esc(&bar.label),
            note = esc(&bar.note),
            lx = LABEL - 4.0,
            ty = y + 11,
            short = esc(&shorten(&bar.label, 16)),
        );
        if let Some(part) = bar.part {
            let pw = SPAN * part as f64 / max;
            let _ = write!(
                page,
                "<rect class=\"part\" x=\"{LABEL}\" y=\"{y}\" width=\"{pw:.1}\" height=\"14\"/>"
            );
        }
        let _ = writeln!(
            page,
            "<text class=\"v\" x=\"{:.1}\" y=\"{}\">{}</text></g>",
            LABEL + w + 4.0,
            y + 11,
            esc(&bar.note)
        );
    }
    page.push_str("</svg>\n");
}

fn legend(page: &mut String, part: &str, all: &str) {
    let _ = writeln!(
        page,
        "<p class=\"legend\"><i style=\"background:#2b6cb0\"></i>{}<i style=\"background:#90cdf4\"></i>{}</p>",
        esc(part),
        esc(all)
    );
}

fn tile(page: &mut String, value: impl std::fmt::Display, what: &str) {
    let _ = write!(page, "<div class=\"tile\"><b>{value}</b><span>{}</span></div>", esc(what));
}

fn overview(page: &mut String, analysis: &Analysis, stats: &Stats) {
    let dedup = analysis.dedup();
    let campaigns = dedup.groups().iter().filter(|g| g.kind() == GroupKind::Campaign).count();
    let general = analysis.general();
    page.push_str("<section id=\"overview\"><h2>概况</h2><div class=\"tiles\">");
    tile(page, stats.rows(), "读入行数");
    tile(page, dedup.analysed(), "分析意见数");
    tile(page, dedup.distinct(), "去重后意见数");
    tile(page, dedup.copies(), "重复份数");
    tile(page, dedup.groups().len(), "重复组");
    tile(page, campaigns, "联名/模板意见组");
    tile(page, analysis.per_article().len(), "涉及条款数");
    tile(page, format!("{general}（{}）", percent(share(general, dedup.analysed()))), "总体意见");
    page.push_str("</div></section>\n");
}

fn label_of(draft: Option<&Draft>, article: u32, sub: Option<u32>) -> String {
    draft.and_then(|d| d.article(article, sub)).map_or_else(
        || match sub {
            Some(n) => format!("第{article}条之{n}"),
            None => format!("第{article}条"),
        },
        minyi_core::Article::label,
    )
}

fn articles(page: &mut String, analysis: &Analysis, draft: Option<&Draft>) {
    page.push_str("<section id=\"articles\"><h2>各条款意见数</h2>\n");
    let mut bars: Vec<Bar> = analysis
        .per_article()
        .iter()
        .map(|a| Bar {
            label: label_of(draft, a.article, a.sub),
            value: a.opinions,
            part: Some(a.distinct),
            note: format!("{} / {}", a.opinions, a.distinct),
        })
        .collect();
    let general = analysis.general();
    let general_distinct =
        analysis.opinions().iter().filter(|o| o.is_general() && !o.is_copy()).count();
    bars.push(Bar {
        label: "总体意见".to_owned(),
        value: general,
        part: Some(general_distinct),
        note: format!("{general} / {general_distinct}"),
    });
    legend(page, "去重后", "意见数（含重复）");
    chart(page, "articles", "各条款意见数", &bars);
    page.push_str("</section>\n");
}

fn kind_name(kind: GroupKind) -> &'static str {
    match kind {
        GroupKind::Exact => "完全相同",
        GroupKind::Near => "近似",
        GroupKind::Campaign => "联名/模板",
        _ => "其他",
    }
}

fn duplicates(page: &mut String, analysis: &Analysis, opinions: &[Opinion]) {
    let dedup = analysis.dedup();
    page.push_str("<section id=\"duplicates\"><h2>重复意见与联名/模板意见</h2>\n");
    let bars: Vec<Bar> = [GroupKind::Exact, GroupKind::Near, GroupKind::Campaign]
        .into_iter()
        .map(|kind| {
            let groups: Vec<_> = dedup.groups().iter().filter(|g| g.kind() == kind).collect();
            let copies: usize = groups.iter().map(|g| g.count()).sum();
            Bar {
                label: kind_name(kind).to_owned(),
                value: copies,
                part: Some(groups.len()),
                note: format!("{} 组 {} 份", groups.len(), copies),
            }
        })
        .collect();
    legend(page, "组数", "份数");
    chart(page, "duplicates", "重复组按类型", &bars);
    let _ = writeln!(
        page,
        "<p class=\"note\">{} 条意见中 {} 份是重复，合并为 {} 个重复组；合并后 {} 条不同意见。每一份都计入意见数。</p>",
        dedup.analysed(),
        dedup.copies(),
        dedup.groups().len(),
        dedup.distinct()
    );
    let mut largest: Vec<_> = dedup.groups().iter().collect();
    largest.sort_by(|a, b| b.count().cmp(&a.count()).then_with(|| a.id().cmp(&b.id())));
    if largest.is_empty() {
        page.push_str("</section>\n");
        return;
    }
    page.push_str(
        "<h3>最大的重复组</h3><div class=\"scroll\"><table id=\"top-groups\"><thead><tr>\
         <th class=\"id\">重复组</th><th>类型</th><th class=\"n\">份数</th><th class=\"n\">提出人数</th>\
         <th class=\"n\">联系点数</th><th>代表性表述</th></tr></thead><tbody>\n",
    );
    for g in largest.into_iter().take(TOP_GROUPS) {
        let text = opinions
            .iter()
            .find(|o| o.id() == g.representative())
            .map(|o| match analysis.redacted(o) {
                Some(r) => r.text().to_owned(),
                None => o.text().to_owned(),
            })
            .unwrap_or_default();
        let _ = writeln!(
            page,
            "<tr><td class=\"k id\">{}</td><td class=\"k\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td>\
             <td class=\"n\">{}</td><td class=\"t\">{}</td></tr>",
            esc(&g.id().to_string()),
            kind_name(g.kind()),
            g.count(),
            g.submitters().len(),
            g.contact_points().len(),
            esc(&shorten(text.trim(), 120))
        );
    }
    page.push_str("</tbody></table></div></section>\n");
}

fn participation(page: &mut String, stats: &Stats) {
    page.push_str("<section id=\"groups\"><h2>参与广度</h2>\n");
    for breadth in stats.breadth() {
        let id = if breadth.dimension() == "submitter_group" {
            "groups".to_owned()
        } else {
            format!("extra-{}", breadth.dimension())
        };
        let _ = writeln!(page, "<h3>按{}</h3>", esc(breadth.label()));
        let mut bars: Vec<Bar> = breadth
            .categories()
            .iter()
            .map(|c| Bar {
                label: c.value().to_owned(),
                value: c.opinions(),
                part: None,
                note: format!("{}（{}）", c.opinions(), percent(c.share())),
            })
            .collect();
        if breadth.unspecified() > 0 {
            bars.push(Bar {
                label: "（未填）".to_owned(),
                value: breadth.unspecified(),
                part: None,
                note: format!(
                    "{}（{}）",
                    breadth.unspecified(),
                    percent(share(breadth.unspecified(), stats.analysed()))
                ),
            });
        }
        chart(page, &id, &format!("按{}的意见数", breadth.label()), &bars);
        let _ = writeln!(
            page,
            "<p class=\"note\" id=\"diversity-{id}\">多样性：香农均匀度 {:.3}（香农熵除以 ln 类别数，1 为各类均等），\
             辛普森指数 {:.3}（1 − Σp²，随机两条意见来自不同{}的概率）。未填者不计入。</p>",
            breadth.evenness(),
            breadth.simpson(),
            esc(breadth.label())
        );
    }
    page.push_str("</section>\n");
}

fn units(page: &mut String, id: &str, heading: &str, title: &str, list: &[UnitStats]) {
    let _ = writeln!(page, "<section id=\"{id}\"><h2>{}</h2>", esc(title));
    let bars: Vec<Bar> = list
        .iter()
        .map(|u| Bar {
            label: u.name().unwrap_or("（未填）").to_owned(),
            value: u.opinions(),
            part: Some(u.distinct()),
            note: format!("{} / {}", u.opinions(), u.distinct()),
        })
        .collect();
    legend(page, "不同意见", "意见数（含重复）");
    chart(page, id, title, &bars);
    let _ = writeln!(
        page,
        "<div class=\"scroll\"><table><thead><tr><th>{}</th><th class=\"n\">意见数</th>\
         <th class=\"n\">不同意见</th><th class=\"n\">重复占比</th><th class=\"n\">主题数</th>\
         <th class=\"n\">涉及条款</th><th class=\"n\">归入条款占比</th></tr></thead><tbody>",
        esc(heading)
    );
    for u in list {
        let _ = writeln!(
            page,
            "<tr><td class=\"name\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td>\
             <td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
            esc(u.name().unwrap_or("（未填）")),
            u.opinions(),
            u.distinct(),
            percent(u.duplicate_share()),
            u.topics(),
            u.articles(),
            percent(u.filed_share())
        );
    }
    page.push_str("</tbody></table></div></section>\n");
}

fn summary(page: &mut String, analysis: &Analysis, draft: Option<&Draft>) {
    page.push_str(
        "<section id=\"summary\"><h2>意见汇总（按条款）</h2><div class=\"scroll\">\
         <table id=\"summary-table\"><thead><tr><th>条款</th><th class=\"n\">意见数</th>\
         <th class=\"n\">去重后</th><th class=\"n\">主题数</th><th>主要主题</th></tr></thead><tbody>\n",
    );
    let topics_of = |key: Option<(u32, Option<u32>)>| -> String {
        let mut topics: Vec<_> = analysis.topics().iter().filter(|t| t.article() == key).collect();
        topics.sort_by(|a, b| b.count().cmp(&a.count()).then_with(|| a.id().cmp(b.id())));
        topics
            .iter()
            .take(TOP_TOPICS)
            .map(|t| format!("{}（{}）", esc(t.label()), t.count()))
            .collect::<Vec<_>>()
            .join("；")
    };
    for a in analysis.per_article() {
        let _ = writeln!(
            page,
            "<tr><td class=\"k\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"t\">{}</td></tr>",
            esc(&label_of(draft, a.article, a.sub)),
            a.opinions,
            a.distinct,
            a.topics,
            topics_of(Some((a.article, a.sub)))
        );
    }
    let general = analysis.general();
    let general_distinct =
        analysis.opinions().iter().filter(|o| o.is_general() && !o.is_copy()).count();
    let general_topics = analysis.topics().iter().filter(|t| t.article().is_none()).count();
    let _ = writeln!(
        page,
        "<tr><td>总体意见</td><td class=\"n\">{general}</td><td class=\"n\">{general_distinct}</td>\
         <td class=\"n\">{general_topics}</td><td>{}</td></tr>",
        topics_of(None)
    );
    page.push_str("</tbody></table></div></section>\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_shortens() {
        assert_eq!(esc("<a href=\"x\">&'"), "&lt;a href=&quot;x&quot;&gt;&amp;&#39;");
        assert_eq!(shorten("江南区春晓街道基层立法联系点", 16), "江南区春晓街道…");
        assert_eq!(shorten("居民", 16), "居民");
    }
}
