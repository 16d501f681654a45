//! `minyi diff`: two versions of a text aligned article by article, for people or as JSON.

use std::fmt::Write as _;
use std::io::Write;
use std::path::Path;

use anyhow::Context;
use minyi_core::{AlignStatus, AlignedPair, Aligner, Alignment, ArticleRef, Draft, Edit, EditOp};

use super::BadInput;
use crate::Outcome;
use crate::args::DiffArgs;

/// Characters of unchanged text shown on each side of a change.
const CONTEXT: usize = 12;
/// Characters of an inserted or deleted article shown.
const PREVIEW: usize = 60;

pub(crate) fn run(args: &DiffArgs) -> anyhow::Result<Outcome> {
    let old = parse(&args.old)?;
    let new = parse(&args.new)?;
    let started = std::time::Instant::now();
    let alignment = Aligner::new().align(&old, &new);
    log::info!(
        "aligned {} and {} articles in {:.2?}",
        old.articles().len(),
        new.articles().len(),
        started.elapsed()
    );
    // Everything goes to one string first, so that a closed pipe is reported as such.
    let mut out = if args.json {
        serde_json::to_string_pretty(&alignment).context("alignment as JSON")? + "\n"
    } else {
        let (a, b) = (args.old.display().to_string(), args.new.display().to_string());
        human(&a, &b, &old, &new, &alignment)
    };
    if out.is_empty() {
        out.push('\n');
    }
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(out.as_bytes())?;
    stdout.flush()?;
    Ok(Outcome::Success)
}

fn parse(path: &Path) -> anyhow::Result<Draft> {
    let text = super::draft::read(path)?;
    Draft::parse(&text).map_err(|e| BadInput(format!("{}: {e}", path.display())).into())
}

/// The summary: the files, the counts per status, then each change.
fn human(
    old_file: &str,
    new_file: &str,
    old: &Draft,
    new: &Draft,
    alignment: &Alignment,
) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{old_file} → {new_file}: {} → {}",
        articles(old.articles().len()),
        articles(new.articles().len())
    );
    let counts: Vec<String> = AlignStatus::ALL
        .iter()
        .map(|&s| (s, alignment.count(s)))
        .filter(|&(_, n)| n > 0)
        .map(|(s, n)| format!("{n} {s}"))
        .collect();
    let _ = writeln!(out, "{}", counts.join(", "));
    let changed: Vec<&AlignedPair> = alignment.changed().collect();
    let mut k = 0;
    while k < changed.len() {
        // A run of articles renumbered by the same offset is one line.
        let run = renumbered_run(&changed[k..]);
        if run > 1 {
            let (first, last) = (changed[k], changed[k + run - 1]);
            let _ = writeln!(
                out,
                "{:<11}{}–{} → {}–{} ({run} articles)",
                "renumbered",
                first.old_articles()[0].label(),
                last.old_articles()[0].label(),
                first.new_articles()[0].label(),
                last.new_articles()[0].label(),
            );
            k += run;
            continue;
        }
        entry(&mut out, changed[k]);
        k += 1;
    }
    out
}

fn articles(n: usize) -> String {
    if n == 1 { "1 article".to_owned() } else { format!("{n} articles") }
}

/// How many entries from the first are renumbered articles whose old and new numbers both go
/// up by one each time.
fn renumbered_run(pairs: &[&AlignedPair]) -> usize {
    let plain = |p: &AlignedPair| -> Option<(u32, u32)> {
        let (o, n) = (p.old_articles().first()?, p.new_articles().first()?);
        (p.status() == AlignStatus::Renumbered && o.sub().is_none() && n.sub().is_none())
            .then_some((o.number(), n.number()))
    };
    let Some((o, n)) = pairs.first().and_then(|p| plain(p)) else { return 0 };
    let mut run = 1;
    while let Some((o2, n2)) = pairs.get(run).and_then(|p| plain(p)) {
        if o2 != o + run as u32 || n2 != n + run as u32 {
            break;
        }
        run += 1;
    }
    run
}

fn labels(refs: &[ArticleRef]) -> String {
    refs.iter().map(ArticleRef::label).collect::<Vec<_>>().join("、")
}

/// One changed entry: status, numbers, and a compact diff or a preview of the text.
fn entry(out: &mut String, pair: &AlignedPair) {
    let (old, new) = (labels(pair.old_articles()), labels(pair.new_articles()));
    let status = pair.status().name();
    match pair.status() {
        AlignStatus::Inserted | AlignStatus::Deleted => {
            let label = if old.is_empty() { new } else { old };
            let text = pair.diff().first().map_or("", Edit::text);
            let _ = writeln!(out, "{status:<11}{label}: {}", preview(text));
        }
        _ => {
            let numbers = if old == new { old } else { format!("{old} → {new}") };
            let _ = writeln!(out, "{status:<11}{numbers}");
            if pair.diff().iter().any(|e| e.op() != EditOp::Equal) {
                let _ = writeln!(out, "    {}", compact(pair.diff()));
            }
        }
    }
}

fn preview(text: &str) -> String {
    let text = text.replace('\n', "¶");
    if text.chars().count() <= PREVIEW {
        return text;
    }
    let head: String = text.chars().take(PREVIEW).collect();
    format!("{head}…")
}

/// The diff on one line: changes marked 【删除：…】【增加：…】, unchanged text cut to a few
/// characters around them, line breaks as ¶.
fn compact(edits: &[Edit]) -> String {
    let mut s = String::new();
    let last = edits.len().saturating_sub(1);
    for (k, edit) in edits.iter().enumerate() {
        let text = edit.text().replace('\n', "¶");
        match edit.op() {
            EditOp::Delete => {
                let _ = write!(s, "【删除：{text}】");
            }
            EditOp::Insert => {
                let _ = write!(s, "【增加：{text}】");
            }
            EditOp::Equal => {
                let chars: Vec<char> = text.chars().collect();
                let n = chars.len();
                let head = |c: usize| chars[..c.min(n)].iter().collect::<String>();
                let tail = |c: usize| chars[n - c.min(n)..].iter().collect::<String>();
                match (k == 0, k == last) {
                    (true, true) => s.push_str(&text),
                    (true, false) if n > CONTEXT => {
                        let _ = write!(s, "…{}", tail(CONTEXT));
                    }
                    (false, true) if n > CONTEXT => {
                        let _ = write!(s, "{}…", head(CONTEXT));
                    }
                    (false, false) if n > 2 * CONTEXT + 1 => {
                        let _ = write!(s, "{}…{}", head(CONTEXT), tail(CONTEXT));
                    }
                    _ => s.push_str(&text),
                }
            }
        }
    }
    s
}
