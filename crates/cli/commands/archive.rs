//! `minyi archive`: add analysed consultations to a searchable archive, search it, list it.

use std::io::Write;
use std::path::PathBuf;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

use anyhow::Context;
use clap::{Args as ClapArgs, Subcommand};
use indicatif::ProgressBar;
use minyi_core::{
    Archive, ArchiveQuery, ArchiveRecord, ArchiveResults, Copies, ErrorKind, Progress, Stage,
};

use super::BadInput;
use crate::Outcome;

#[derive(Debug, ClapArgs)]
pub(crate) struct ArchiveArgs {
    #[command(subcommand)]
    pub(crate) command: ArchiveCommand,
}

#[derive(Debug, Subcommand)]
pub(crate) enum ArchiveCommand {
    /// Add an analysed consultation (OUTDIR/analysis.json from `minyi analyze`) to the archive
    /// under a name; adding the same name again replaces it (no doubled copies).
    #[command(after_help = "Examples:
  minyi analyze --draft 草案.docx --opinions 意见.xlsx -o 2026-电动自行车
  minyi archive add --index 档案 --consultation 2026电动自行车条例 2026-电动自行车

The archive is a folder (created if missing). An add is one commit: if it is interrupted, the
archive stays as it was before. Exit code 2 if OUTDIR holds no analysis.json of schema 1.")]
    Add(AddArgs),
    /// Search the archive: words (all required), \"phrases\", AND, OR, NOT; filters by
    /// consultation, article, contact point, duplicate group and date.
    #[command(after_help = "Examples:
  minyi archive search --index 档案 物业 维修基金
  minyi archive search --index 档案 '\"电动车 充电\"' --since 2019-01-01 --until 2019-06-30
  minyi archive search --index 档案 '噪音 NOT 广场舞' --consultation 热点留言 --limit 20
  minyi archive search --index 档案 充电 --article 23 --point 江北区望湖街道基层立法联系点 --json

Copies of one duplicate group are shown once, with the group's size (副本); --all-copies
lists every copy. Counts by consultation (征求意见) and article (条文) cover every match.
How words are found: 自行车 finds 电动自行车, 简单 finds 安装简单; 电动车 does not find
电动自行车 (search 电动车 OR 电动自行车, or 电动). Exit code 2 for a malformed query or date.")]
    Search(SearchArgs),
    /// List the consultations in the archive with their numbers of opinions.
    #[command(after_help = "Example:
  minyi archive stats --index 档案")]
    Stats(StatsArgs),
}

#[derive(Debug, ClapArgs)]
pub(crate) struct AddArgs {
    /// The archive folder.
    #[arg(long, value_name = "DIR")]
    pub(crate) index: PathBuf,
    /// The name the consultation is filed under.
    #[arg(long, value_name = "NAME")]
    pub(crate) consultation: String,
    /// The output folder of `minyi analyze` (or its analysis.json).
    #[arg(value_name = "OUTDIR")]
    pub(crate) outdir: PathBuf,
}

#[derive(Debug, ClapArgs)]
pub(crate) struct SearchArgs {
    /// The archive folder.
    #[arg(long, value_name = "DIR")]
    pub(crate) index: PathBuf,
    /// The query; several arguments are joined with spaces.
    #[arg(value_name = "QUERY", required = true)]
    pub(crate) query: Vec<String>,
    /// Only this consultation.
    #[arg(long, value_name = "C")]
    pub(crate) consultation: Option<String>,
    /// Only opinions filed under this article (its number: 23 for 第二十三条).
    #[arg(long, value_name = "N")]
    pub(crate) article: Option<u32>,
    /// Only opinions collected by this contact point (its full name).
    #[arg(long, value_name = "P")]
    pub(crate) point: Option<String>,
    /// Only copies of this duplicate group (its id in analysis.json).
    #[arg(long, value_name = "G")]
    pub(crate) group: Option<String>,
    /// Only opinions sent on or after this date (2019-02-28).
    #[arg(long, value_name = "D")]
    pub(crate) since: Option<String>,
    /// Only opinions sent on or before this date.
    #[arg(long, value_name = "D")]
    pub(crate) until: Option<String>,
    /// Hits shown.
    #[arg(long, value_name = "K", default_value_t = 10)]
    pub(crate) limit: usize,
    /// Print the results as JSON on stdout.
    #[arg(long)]
    pub(crate) json: bool,
    /// Show every copy of a duplicate group, not one hit per group.
    #[arg(long)]
    pub(crate) all_copies: bool,
}

#[derive(Debug, ClapArgs)]
pub(crate) struct StatsArgs {
    /// The archive folder.
    #[arg(long, value_name = "DIR")]
    pub(crate) index: PathBuf,
    /// Print as JSON on stdout.
    #[arg(long)]
    pub(crate) json: bool,
}

pub(crate) fn run(args: &ArchiveArgs, quiet: bool) -> anyhow::Result<Outcome> {
    match &args.command {
        ArchiveCommand::Add(add) => run_add(add, quiet),
        ArchiveCommand::Search(search) => run_search(search),
        ArchiveCommand::Stats(stats) => run_stats(stats),
    }
}

fn open(dir: &std::path::Path) -> anyhow::Result<Archive> {
    Archive::open(dir).map_err(|e| match e.kind() {
        ErrorKind::Archive => BadInput(format!("{}: {e}", dir.display())).into(),
        _ => anyhow::Error::new(e),
    })
}

fn run_add(args: &AddArgs, quiet: bool) -> anyhow::Result<Outcome> {
    let path =
        if args.outdir.is_dir() { args.outdir.join("analysis.json") } else { args.outdir.clone() };
    let json = std::fs::read_to_string(&path)
        .map_err(|e| BadInput(format!("cannot read {}: {e}", path.display())))?;
    let records = ArchiveRecord::from_analysis_json(&json)
        .map_err(|e| BadInput(format!("{}: {e}", path.display())))?;
    drop(json);
    if args.consultation.trim().is_empty() {
        return Err(BadInput("--consultation needs a name".into()).into());
    }
    let archive = open(&args.index)?;
    log::info!("写入 {} 条意见到 {}", records.len(), args.index.display());
    let bar = Bar { bar: Mutex::new(None), done: AtomicU64::new(0), quiet };
    let n = archive
        .add_with_progress(&args.consultation, &records, &bar)
        .with_context(|| format!("cannot add {} to {}", path.display(), args.index.display()))?;
    if let Ok(mut b) = bar.bar.lock()
        && let Some(b) = b.take()
    {
        b.finish_and_clear();
    }
    let stats = archive.stats()?;
    let mut err = std::io::stderr().lock();
    if !quiet {
        writeln!(
            err,
            "已归档「{}」：{} 条意见；档案共 {} 次征求意见、{} 条意见",
            args.consultation,
            n,
            stats.consultations.len(),
            stats.opinions
        )?;
    }
    Ok(Outcome::Success)
}

/// A progress bar, and a log line every 10,000 opinions (`-v`).
struct Bar {
    bar: Mutex<Option<ProgressBar>>,
    done: AtomicU64,
    quiet: bool,
}

impl Progress for Bar {
    fn start(&self, stage: Stage, total: u64) {
        if let Ok(mut bar) = self.bar.lock() {
            *bar = Some(crate::progress::bar(total, stage.name(), self.quiet));
        }
    }

    fn advance(&self, n: u64) {
        let before = self.done.fetch_add(n, Ordering::Relaxed);
        if (before + n) / 10_000 > before / 10_000 {
            log::info!("已写入 {} 条", before + n);
        }
        if let Ok(bar) = self.bar.lock()
            && let Some(bar) = bar.as_ref()
        {
            bar.inc(n);
        }
    }
}

fn run_search(args: &SearchArgs) -> anyhow::Result<Outcome> {
    let text = args.query.join(" ");
    let mut query = ArchiveQuery::new(text.clone());
    query.limit(args.limit);
    if let Some(c) = &args.consultation {
        query.consultation(c.clone());
    }
    if let Some(a) = args.article {
        query.article(a);
    }
    if let Some(p) = &args.point {
        query.contact_point(p.clone());
    }
    if let Some(g) = &args.group {
        query.group(g.clone());
    }
    if let Some(d) = &args.since {
        query.since(d).map_err(|e| BadInput(e.to_string()))?;
    }
    if let Some(d) = &args.until {
        query.until(d).map_err(|e| BadInput(e.to_string()))?;
    }
    if args.all_copies {
        query.copies(Copies::All);
    }
    if !args.index.join("meta.json").exists() {
        return Err(BadInput(format!("{}: no archive here", args.index.display())).into());
    }
    let archive = open(&args.index)?;
    let results = archive.search(&query).map_err(|e| match e.kind() {
        ErrorKind::Query => BadInput(format!("{e}: {}", source_of(&e))).into(),
        _ => anyhow::Error::new(e),
    })?;
    let mut out = std::io::stdout().lock();
    if args.json {
        serde_json::to_writer_pretty(&mut out, &results)?;
        writeln!(out)?;
    } else {
        print_results(&mut out, &text, &results, args.all_copies)?;
    }
    Ok(Outcome::Success)
}

fn source_of(e: &minyi_core::Error) -> String {
    std::error::Error::source(e).map(ToString::to_string).unwrap_or_default()
}

fn print_results(
    out: &mut impl Write,
    text: &str,
    results: &ArchiveResults,
    all_copies: bool,
) -> std::io::Result<()> {
    let shown = if all_copies { "每份副本单列" } else { "副本合并" };
    writeln!(
        out,
        "「{text}」共 {} 条意见（{shown}，显示 {} 条）",
        results.total,
        results.hits.len()
    )?;
    if results.total == 0 {
        return Ok(());
    }
    let consultations: Vec<String> =
        results.by_consultation.iter().map(|(c, n)| format!("{c} {n}")).collect();
    writeln!(out, "按征求意见：{}", consultations.join(" · "))?;
    let articles: Vec<String> = results
        .by_article
        .iter()
        .take(12)
        .map(|(a, n)| match a {
            Some(a) => format!("第{a}条 {n}"),
            None => format!("总体意见 {n}"),
        })
        .collect();
    let more = if results.by_article.len() > 12 { " · …" } else { "" };
    writeln!(out, "按条文：{}{more}", articles.join(" · "))?;
    for (i, hit) in results.hits.iter().enumerate() {
        let mut head = format!("{}. [{}] #{}", i + 1, hit.consultation, hit.id);
        if hit.articles.is_empty() {
            head.push_str(" 总体意见");
        } else {
            let a: Vec<String> = hit.articles.iter().map(|a| format!("第{a}条")).collect();
            head.push(' ');
            head.push_str(&a.join("、"));
        }
        if hit.copies > 1 {
            head.push_str(&format!(" 副本 {}", hit.copies));
        }
        if let Some(d) = &hit.date {
            head.push(' ');
            head.push_str(d);
        }
        if let Some(p) = &hit.contact_point {
            head.push(' ');
            head.push_str(p);
        }
        writeln!(out, "{head}")?;
        if let Some(t) = &hit.title {
            writeln!(out, "   标题：{t}")?;
        }
        writeln!(out, "   {}", hit.snippet)?;
    }
    Ok(())
}

fn run_stats(args: &StatsArgs) -> anyhow::Result<Outcome> {
    if !args.index.join("meta.json").exists() {
        return Err(BadInput(format!("{}: no archive here", args.index.display())).into());
    }
    let stats = open(&args.index)?.stats()?;
    let mut out = std::io::stdout().lock();
    if args.json {
        serde_json::to_writer_pretty(&mut out, &stats)?;
        writeln!(out)?;
        return Ok(Outcome::Success);
    }
    writeln!(out, "征求意见\t意见数\t草案")?;
    for c in &stats.consultations {
        writeln!(
            out,
            "{}\t{}\t{}",
            c.name,
            c.opinions,
            c.draft_title.as_deref().unwrap_or("（无）")
        )?;
    }
    writeln!(out, "共 {} 次征求意见、{} 条意见", stats.consultations.len(), stats.opinions)?;
    Ok(Outcome::Success)
}
