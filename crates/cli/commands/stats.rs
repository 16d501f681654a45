//! `minyi stats OUTDIR`: participation and collector statistics of an analysis written earlier
//! by `minyi analyze -o OUTDIR`.

use std::fs::File;
use std::io::Write;

use minyi_core::{Stats, StatsRecord, UnitStats};

use crate::Outcome;
use crate::args::StatsArgs;

pub(crate) fn run(args: &StatsArgs) -> anyhow::Result<Outcome> {
    let dir = &args.dir;
    let hint = format!("run `minyi analyze -o {}` first", dir.display());
    if !dir.is_dir() {
        return Err(super::BadInput(format!("no folder {}: {hint}", dir.display())).into());
    }
    let path = dir.join("analysis.json");
    let file = File::open(&path)
        .map_err(|e| super::BadInput(format!("cannot open {}: {e}; {hint}", path.display())))?;
    let records = StatsRecord::read_json(file)
        .map_err(|e| super::BadInput(format!("{}: {e:#}; {hint}", path.display())))?;
    let stats = Stats::compute(&records);
    let mut out = std::io::stdout().lock();
    if args.json {
        serde_json::to_writer_pretty(&mut out, &stats)?;
        writeln!(out)?;
    } else {
        print(&mut out, &stats)?;
    }
    out.flush()?;
    Ok(Outcome::Success)
}

/// The tables, with Chinese headings.
pub(crate) fn print(out: &mut impl Write, stats: &Stats) -> std::io::Result<()> {
    writeln!(
        out,
        "共读入 {} 行，分析意见 {} 条（不同意见 {} 条，重复 {} 条，重复占比 {}）",
        stats.rows(),
        stats.analysed(),
        stats.total().distinct(),
        stats.total().copies(),
        percent(stats.total().duplicate_share()),
    )?;
    for breadth in stats.breadth() {
        writeln!(out)?;
        writeln!(out, "参与广度：按{}", breadth.label())?;
        let mut rows: Vec<Vec<String>> = breadth
            .categories()
            .iter()
            .map(|c| vec![c.value().to_owned(), c.opinions().to_string(), percent(c.share())])
            .collect();
        if breadth.unspecified() > 0 {
            let share = breadth.unspecified() as f64 / stats.analysed().max(1) as f64;
            rows.push(vec![
                "（未填）".to_owned(),
                breadth.unspecified().to_string(),
                percent(share),
            ]);
        }
        table(out, &[breadth.label(), "意见数", "占比"], &rows)?;
        writeln!(
            out,
            "  多样性：香农均匀度 {:.3}（香农熵 / ln 类别数），辛普森指数 {:.3}（1 − Σp²）",
            breadth.evenness(),
            breadth.simpson()
        )?;
    }
    for (title, heading, units) in [
        ("按联系点", "联系点", stats.contact_points()),
        ("按信息员", "信息员", stats.collectors()),
        ("按渠道", "渠道", stats.channels()),
    ] {
        writeln!(out)?;
        writeln!(out, "{title}")?;
        let rows: Vec<Vec<String>> = units.iter().map(unit_row).collect();
        table(
            out,
            &[heading, "意见数", "不同意见", "重复占比", "主题数", "涉及条款", "归入条款占比"],
            &rows,
        )?;
    }
    writeln!(out)?;
    writeln!(
        out,
        "不同意见：同一重复组的各份合并为一条（在该联系点、信息员或渠道内部计算）；\
         重复占比 = (意见数 − 不同意见) / 意见数；归入条款占比：归入至少一条条款（非总体意见）的意见所占比例。"
    )
}

fn unit_row(u: &UnitStats) -> Vec<String> {
    vec![
        u.name().unwrap_or("（未填）").to_owned(),
        u.opinions().to_string(),
        u.distinct().to_string(),
        percent(u.duplicate_share()),
        u.topics().to_string(),
        u.articles().to_string(),
        percent(u.filed_share()),
    ]
}

fn percent(x: f64) -> String {
    format!("{:.1}%", 100.0 * x)
}

/// Display width: CJK and full-width characters take two columns.
fn width(s: &str) -> usize {
    s.chars()
        .map(|c| if c >= '\u{1100}' && !('\u{2000}'..'\u{2E80}').contains(&c) { 2 } else { 1 })
        .sum()
}

/// A table: the first column left-aligned, the others right-aligned.
fn table(out: &mut impl Write, headings: &[&str], rows: &[Vec<String>]) -> std::io::Result<()> {
    let mut widths: Vec<usize> = headings.iter().map(|h| width(h)).collect();
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(width(cell));
        }
    }
    let line = |out: &mut dyn Write, cells: &[&str]| -> std::io::Result<()> {
        write!(out, " ")?;
        for (k, (cell, w)) in cells.iter().zip(&widths).enumerate() {
            let pad = " ".repeat(w - width(cell));
            if k == 0 {
                write!(out, " {cell}{pad}")?;
            } else {
                write!(out, "  {pad}{cell}")?;
            }
        }
        writeln!(out)
    };
    line(out, headings)?;
    for row in rows {
        let cells: Vec<&str> = row.iter().map(String::as_str).collect();
        line(out, &cells)?;
    }
    Ok(())
}
