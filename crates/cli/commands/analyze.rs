//! `minyi analyze`: the main job. Today it reads the draft and every opinion and summarises:
//! the row accounting, the draft's structure, duplicate groups, the draft's articles cited
//! explicitly, and the most frequent terms.

use std::collections::HashMap;
use std::fs::File;
use std::io::BufReader;
use std::io::Write;
use std::path::Path;

use minyi_core::{CiteContext, Citer, Deduper, Draft, Law, Normalizer, Script, Segmenter};
use rayon::prelude::*;

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
    let segmenter = segmenter(args)?;
    let mut normalizer = Normalizer::new();
    if args.simplified {
        normalizer.script(Script::Simplified);
    }

    let ingest = super::read(&files, &args.read);
    for error in ingest.errors() {
        eprintln!("minyi: {error}");
    }
    let opinions: Vec<_> = ingest.opinions().iter().filter(|o| o.status().is_ok()).collect();
    let bar = crate::progress::bar(opinions.len() as u64, "segment", quiet);
    let stats = opinions
        .par_iter()
        .map(|o| {
            let normalized = normalizer.normalize(o.text());
            let tokens = segmenter.segment(normalized.as_str());
            let mut stats =
                Stats { chars: normalized.as_str().chars().count(), ..Stats::default() };
            stats.tokens = tokens.len();
            for t in tokens.iter().filter(|t| t.is_content() && t.text().chars().count() > 1) {
                *stats.terms.entry(t.text().to_owned()).or_insert(0) += 1;
            }
            bar.inc(1);
            stats
        })
        .reduce(Stats::default, Stats::merge);
    bar.finish_and_clear();

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
    writeln!(
        out,
        "{} opinions analysed: {} characters after normalisation, {} tokens",
        opinions.len(),
        stats.chars,
        stats.tokens
    )?;
    if let Some(draft) = &draft {
        let chapters = draft.chapters().count();
        writeln!(
            out,
            "draft: {}{}: {} articles in {} chapters, {} warnings",
            draft.title().unwrap_or("(untitled)"),
            draft.stage().map(|s| format!("（{s}）")).unwrap_or_default(),
            draft.articles().len(),
            chapters,
            draft.warnings().len()
        )?;
    }
    let dedup = Deduper::new().run(ingest.opinions());
    writeln!(out, "duplicates: {}", super::dedup::merged(&dedup))?;
    cited(&mut out, draft.as_ref(), &opinions)?;
    let mut terms: Vec<(&String, &usize)> = stats.terms.iter().collect();
    terms.sort_by(|a, b| b.1.cmp(a.1).then_with(|| a.0.cmp(b.0)));
    if !terms.is_empty() {
        writeln!(out, "most frequent terms:")?;
        for (term, n) in terms.into_iter().take(args.top) {
            writeln!(out, "  {n:>6}  {term}")?;
        }
    }
    out.flush()?;
    Ok(super::ingest::report::outcome(&ingest))
}

/// Opinions that cite the draft's articles explicitly (第二十八条, 条例第28条…), and those
/// that cite other laws, with the most cited articles.
fn cited(
    out: &mut impl Write,
    draft: Option<&Draft>,
    opinions: &[&minyi_core::Opinion],
) -> std::io::Result<()> {
    let mut ctx =
        draft.and_then(Draft::title).map_or_else(CiteContext::new, CiteContext::from_title);
    if let Some(draft) = draft {
        for alias in draft.aliases() {
            ctx.alias(alias);
        }
    }
    let citer = Citer::new();
    let per_opinion: Vec<(Vec<u32>, bool)> = opinions
        .par_iter()
        .map(|o| {
            let found = citer.extract(o.text(), &ctx);
            let mut articles: Vec<u32> = found
                .targets()
                .filter(|c| c.law() == Law::Draft)
                .filter_map(|c| c.article())
                .collect();
            articles.sort_unstable();
            articles.dedup();
            let other = found.targets().any(|c| matches!(c.law(), Law::Other(_)));
            (articles, other)
        })
        .collect();
    let mut by_article: HashMap<u32, usize> = HashMap::new();
    for (articles, _) in &per_opinion {
        for &a in articles {
            *by_article.entry(a).or_insert(0) += 1;
        }
    }
    let citing = per_opinion.iter().filter(|(a, _)| !a.is_empty()).count();
    let other = per_opinion.iter().filter(|(_, o)| *o).count();
    writeln!(
        out,
        "citations: {citing} opinions cite the draft's articles explicitly, {other} cite other laws"
    )?;
    let mut top: Vec<(u32, usize)> = by_article.into_iter().collect();
    top.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let listed: Vec<String> = top
        .iter()
        .take(10)
        .map(|&(a, n)| match draft.map(|d| d.article(a, None)) {
            Some(Some(article)) => format!("{} {n}", article.label()),
            Some(None) => format!("第{a}条 {n} (not in the draft)"),
            None => format!("第{a}条 {n}"),
        })
        .collect();
    if !listed.is_empty() {
        writeln!(out, "  most cited: {}", listed.join(", "))?;
    }
    Ok(())
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

#[derive(Default)]
struct Stats {
    chars: usize,
    tokens: usize,
    terms: HashMap<String, usize>,
}

impl Stats {
    fn merge(mut self, other: Stats) -> Stats {
        self.chars += other.chars;
        self.tokens += other.tokens;
        for (term, n) in other.terms {
            *self.terms.entry(term).or_insert(0) += n;
        }
        self
    }
}
