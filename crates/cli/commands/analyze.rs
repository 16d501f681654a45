//! `minyi analyze`: the main job. Reads the draft and every opinion, runs the pipeline
//! (dedup, assign, cluster), writes `OUTDIR/analysis.json` and prints a summary.

use std::fs::File;
use std::io::{BufReader, BufWriter, Write};
use std::path::Path;
use std::sync::Mutex;
use std::time::Instant;

use indicatif::ProgressBar;
use minyi_core::{
    Analysis, Assigner, Draft, Normalizer, Pipeline, Progress, Script, Segmenter, Stage, Stats,
    StatsRecord,
};

use crate::Outcome;
use crate::args::AnalyzeArgs;

#[cfg(not(feature = "table"))]
pub(crate) fn run(args: &AnalyzeArgs, _quiet: bool) -> anyhow::Result<Outcome> {
    super::without_table(&args.read)
}

#[cfg(feature = "table")]
pub(crate) fn run(args: &AnalyzeArgs, quiet: bool) -> anyhow::Result<Outcome> {
    let draft_path = match (&args.draft, args.opinions.is_empty()) {
        (Some(path), _) => Some(path.clone()),
        (None, true) => Some(super::sample_dir().join("草案.md")),
        (None, false) => None,
    };
    let draft = match &draft_path {
        Some(path) => {
            let text = minyi_table::read_draft(path).map_err(|e| super::BadInput(e.to_string()))?;
            let draft = Draft::parse(&text)
                .map_err(|e| super::BadInput(format!("{}: {e}", path.display())))?;
            Some(draft)
        }
        None => None,
    };
    let files = if args.opinions.is_empty() {
        let sample = super::sample_dir().join("意见.xlsx");
        if !sample.exists() {
            return Err(super::BadInput(format!(
                "no --opinions given and the bundled sample {} is missing; name your files with \
                 --opinions FILE...",
                sample.display()
            ))
            .into());
        }
        eprintln!("minyi: no --opinions given: analysing the bundled sample {}", sample.display());
        vec![sample]
    } else {
        args.opinions.clone()
    };
    let mut builder = Pipeline::builder();
    builder.segmenter(segmenter(args)?);
    if args.simplified {
        let mut normalizer = Normalizer::new();
        normalizer.script(Script::Simplified);
        builder.normalizer(normalizer);
    }
    let mut assign = Assigner::builder();
    if let Some(threshold) = args.threshold {
        assign.threshold(threshold);
    }
    builder.assign(assign).use_article_column(!args.ignore_article_column);
    if args.no_redact {
        builder.redactor(None);
    }
    builder.redact_names(args.redact_names);
    let pipeline = builder.build().map_err(|e| super::BadInput(e.to_string()))?;

    let started = Instant::now();
    let ingest = super::read(&files, &args.read);
    log::info!("ingest: {:.2} s", started.elapsed().as_secs_f64());
    for error in ingest.errors() {
        eprintln!("minyi: {error}");
    }
    let progress = Bars::new(quiet);
    let analysis = pipeline.run_with(draft.as_ref(), ingest.opinions(), &progress);
    progress.finish();

    std::fs::create_dir_all(&args.out).map_err(|e| {
        super::BadInput(format!("cannot create the output folder {}: {e}", args.out.display()))
    })?;
    let json_path = args.out.join("analysis.json");
    let migration = match (&args.migrate_to, &draft) {
        (Some(path), Some(draft)) => Some(migrate(path, draft, &analysis)?),
        (Some(_), None) => {
            return Err(super::BadInput("--migrate-to needs --draft".into()).into());
        }
        _ => None,
    };
    let started = Instant::now();
    write_atomically(&json_path, |w| match &migration {
        None => analysis.write_json(ingest.opinions(), w).map_err(std::io::Error::other),
        Some(migration) => {
            // The migration is one more member of the top-level object, after the others.
            let mut json = Vec::new();
            analysis.write_json(ingest.opinions(), &mut json).map_err(std::io::Error::other)?;
            while json.last().is_some_and(u8::is_ascii_whitespace) {
                json.pop();
            }
            if json.pop() != Some(b'}') {
                return Err(std::io::Error::other("analysis.json is not an object"));
            }
            w.write_all(&json)?;
            w.write_all(b",\"migration\":")?;
            serde_json::to_writer(&mut *w, migration)?;
            w.write_all(b"}")
        }
    })?;
    log::info!("analysis.json: {:.2} s", started.elapsed().as_secs_f64());
    let stats = Stats::compute(&StatsRecord::from_analysis(&analysis, ingest.opinions())?);
    let html = minyi_table::report_html(&analysis, ingest.opinions(), draft.as_ref(), &stats);
    let html_path = args.out.join("report.html");
    write_atomically(&html_path, |w| w.write_all(html.as_bytes()))?;
    let exported = export(&args.out, &analysis, ingest.opinions(), draft.as_ref())?;

    let mut out = std::io::stdout().lock();
    let counts = ingest.counts();
    writeln!(out, "{counts}")?;
    for report in ingest.reports() {
        if ingest.reports().len() > 1 {
            writeln!(out, "  {}: {}", report.file(), report.counts())?;
        }
        for p in report.problems().iter().filter(|p| p.status.is_invalid()).take(5) {
            writeln!(out, "  {} row {}: {}", report.file(), p.row, p.status)?;
        }
    }
    if let Some(draft) = &draft {
        writeln!(
            out,
            "draft: {}{}: {} articles in {} chapters, {} warnings",
            draft.title().unwrap_or("(untitled)"),
            draft.stage().map(|s| format!("（{s}）")).unwrap_or_default(),
            draft.articles().len(),
            draft.chapters().count(),
            draft.warnings().len()
        )?;
    } else {
        writeln!(
            out,
            "no draft given: every opinion is filed under 总体意见 (give one with --draft)"
        )?;
    }
    summary(&mut out, &analysis, draft.as_ref(), args.top)?;
    writeln!(out, "wrote {}", json_path.display())?;
    writeln!(out, "wrote {}", html_path.display())?;
    for path in &exported {
        writeln!(out, "wrote {}", path.display())?;
    }
    out.flush()?;
    Ok(super::ingest::report::outcome(&ingest))
}

/// `"migration"` of analysis.json: each draft article's place in the next version, and each
/// opinion's articles in the next version's numbering.
#[cfg(feature = "table")]
#[derive(serde::Serialize)]
struct MigrationJson {
    next: String,
    articles: Vec<MigratedArticle>,
    opinions: Vec<MigratedOpinion>,
}

#[cfg(feature = "table")]
#[derive(serde::Serialize)]
struct MigratedArticle {
    article: u32,
    article_sub: Option<u32>,
    next: Vec<Number>,
}

#[cfg(feature = "table")]
#[derive(serde::Serialize)]
struct MigratedOpinion {
    id: String,
    next: Vec<Number>,
}

#[cfg(feature = "table")]
#[derive(Clone, Copy, PartialEq, Eq, serde::Serialize)]
struct Number {
    article: u32,
    article_sub: Option<u32>,
}

/// Aligns the draft with the next version and carries every opinion's articles over.
#[cfg(feature = "table")]
fn migrate(path: &Path, draft: &Draft, analysis: &Analysis) -> anyhow::Result<MigrationJson> {
    let text = minyi_table::read_draft(path).map_err(|e| super::BadInput(e.to_string()))?;
    let next =
        Draft::parse(&text).map_err(|e| super::BadInput(format!("{}: {e}", path.display())))?;
    let alignment = minyi_core::Aligner::new().align(draft, &next);
    let migration = minyi_core::Migration::new(&alignment);
    let numbers = |n: u32, sub: Option<u32>| -> Vec<Number> {
        migration
            .next(n, sub)
            .iter()
            .map(|&(article, article_sub)| Number { article, article_sub })
            .collect()
    };
    let articles = draft
        .articles()
        .iter()
        .map(|a| MigratedArticle {
            article: a.number(),
            article_sub: a.sub(),
            next: numbers(a.number(), a.sub()),
        })
        .collect();
    let opinions = analysis
        .opinions()
        .iter()
        .map(|o| {
            let mut next: Vec<Number> = Vec::new();
            for (n, sub) in o.articles() {
                for number in numbers(n, sub) {
                    if !next.contains(&number) {
                        next.push(number);
                    }
                }
            }
            MigratedOpinion { id: o.id().as_str().to_owned(), next }
        })
        .collect();
    log::info!(
        "migration to {}: {} of {} articles changed",
        path.display(),
        alignment.changed().count(),
        alignment.pairs().len()
    );
    Ok(MigrationJson { next: path.display().to_string(), articles, opinions })
}

/// Rows accounted for, copies, filing, the busiest articles and the topics.
fn summary(
    out: &mut impl Write,
    analysis: &Analysis,
    draft: Option<&Draft>,
    top: usize,
) -> std::io::Result<()> {
    let dedup = analysis.dedup();
    let analysed = dedup.analysed();
    let campaigns =
        dedup.groups().iter().filter(|g| g.kind() == minyi_core::GroupKind::Campaign).count();
    writeln!(
        out,
        "{analysed} opinions analysed: {} distinct once {} copies are merged into {} duplicate \
         groups ({campaigns} campaigns); every copy stays counted",
        dedup.distinct(),
        dedup.copies(),
        dedup.groups().len(),
    )?;
    let general = analysis.general();
    let share = |n: usize| if analysed == 0 { 0.0 } else { 100.0 * n as f64 / analysed as f64 };
    writeln!(
        out,
        "filed under an article: {} ({:.1}%); 总体意见: {general} ({:.1}%)",
        analysed - general,
        share(analysed - general),
        share(general)
    )?;
    let mut articles = analysis.per_article();
    if !articles.is_empty() {
        articles.sort_by_key(|a| std::cmp::Reverse(a.opinions));
        writeln!(out, "opinions per article (top {}):", top.min(articles.len()))?;
        for a in articles.iter().take(top) {
            let label = draft
                .and_then(|d| d.article(a.article, a.sub))
                .map_or_else(|| format!("第{}条", a.article), minyi_core::Article::label);
            writeln!(
                out,
                "  {label}: {} opinions ({} distinct), {} topics",
                a.opinions, a.distinct, a.topics
            )?;
        }
    }
    let topics = analysis.topics();
    let in_general = topics.iter().filter(|t| t.article().is_none()).count();
    let multi = topics.iter().filter(|t| t.members().len() > 1).count();
    writeln!(
        out,
        "topics: {} ({} under articles, {in_general} in 总体意见); {multi} gather two or more \
         distinct opinions",
        topics.len(),
        topics.len() - in_general,
    )?;
    Ok(())
}

/// Writes `汇总表.xlsx`, `opinions.csv` and `opinions.parquet` beside `analysis.json`.
#[cfg(feature = "table")]
fn export(
    out: &Path,
    analysis: &Analysis,
    opinions: &[minyi_core::Opinion],
    draft: Option<&Draft>,
) -> anyhow::Result<Vec<std::path::PathBuf>> {
    let started = Instant::now();
    let export = minyi_table::Export::new(analysis, opinions, draft);
    let xlsx = out.join("汇总表.xlsx");
    let csv = out.join("opinions.csv");
    let parquet = out.join("opinions.parquet");
    // One after the other: each holds a copy of the rows while it is written, and a million
    // rows three times over would not fit the memory a large consultation may use.
    let part = out.join("汇总表.xlsx.part");
    export.write_xlsx(&part)?;
    std::fs::rename(&part, &xlsx)?;
    write_atomically(&csv, |w| export.write_csv(w).map_err(std::io::Error::other))?;
    write_atomically(&parquet, |w| export.write_parquet(w).map_err(std::io::Error::other))?;
    log::info!(
        "汇总表.xlsx, opinions.csv, opinions.parquet: {:.2} s",
        started.elapsed().as_secs_f64()
    );
    Ok(vec![xlsx, csv, parquet])
}

/// Writes through a temporary file renamed into place, so that an interrupted run never leaves
/// half a file under the final name.
fn write_atomically(
    path: &Path,
    write: impl FnOnce(&mut BufWriter<File>) -> std::io::Result<()>,
) -> anyhow::Result<()> {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".part");
    let tmp = path.with_file_name(name);
    let file = File::create(&tmp)
        .map_err(|e| super::BadInput(format!("cannot write {}: {e}", tmp.display())))?;
    let mut w = BufWriter::new(file);
    write(&mut w)?;
    w.flush()?;
    drop(w);
    std::fs::rename(&tmp, path)?;
    Ok(())
}

/// One progress bar per stage, on a terminal only.
/// With `-v`, the time each stage took is logged.
struct Bars {
    quiet: bool,
    bar: Mutex<Option<ProgressBar>>,
    stage: Mutex<Option<(Stage, Instant)>>,
}

impl Bars {
    fn new(quiet: bool) -> Bars {
        Bars { quiet, bar: Mutex::new(None), stage: Mutex::new(None) }
    }

    fn lap(&self, next: Option<Stage>) {
        if let Ok(mut stage) = self.stage.lock() {
            if let Some((done, since)) = stage.take() {
                log::info!("{}: {:.2} s", done.name(), since.elapsed().as_secs_f64());
            }
            *stage = next.map(|s| (s, Instant::now()));
        }
    }

    fn finish(&self) {
        self.lap(None);
        if let Ok(mut bar) = self.bar.lock()
            && let Some(bar) = bar.take()
        {
            bar.finish_and_clear();
        }
    }
}

impl Progress for Bars {
    fn start(&self, stage: Stage, total: u64) {
        self.lap(Some(stage));
        if let Ok(mut bar) = self.bar.lock() {
            if let Some(old) = bar.take() {
                old.finish_and_clear();
            }
            *bar = Some(crate::progress::bar(total, stage.name(), self.quiet));
        }
    }

    fn advance(&self, n: u64) {
        if let Ok(bar) = self.bar.lock()
            && let Some(bar) = bar.as_ref()
        {
            bar.inc(n);
        }
    }
}

fn segmenter(args: &AnalyzeArgs) -> anyhow::Result<Segmenter> {
    if args.user_dict.is_none() && args.stop_words.is_none() {
        return Ok(Segmenter::new());
    }
    let mut builder = Segmenter::builder();
    if let Some(path) = &args.user_dict {
        builder.user_dict(open(path, "user dictionary")?).map_err(|e| bad(path, &e))?;
    }
    if let Some(path) = &args.stop_words {
        builder.stop_words(open(path, "stop-word list")?).map_err(|e| bad(path, &e))?;
    }
    Ok(builder.build()?)
}

fn open(path: &Path, what: &str) -> Result<BufReader<File>, super::BadInput> {
    File::open(path)
        .map(BufReader::new)
        .map_err(|e| super::BadInput(format!("cannot open the {what} {}: {e}", path.display())))
}

fn bad(path: &Path, error: &minyi_core::Error) -> super::BadInput {
    super::BadInput(format!("{}: {error}", path.display()))
}
