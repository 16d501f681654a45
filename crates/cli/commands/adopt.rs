//! `minyi adopt`: which suggestions of an analysis were adopted in the final text.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::Write;
use std::path::Path;

use anyhow::Context;
use minyi_core::{Adopter, Adoption, AdoptionClass, AdoptionInput, Draft, Tally};

use super::BadInput;
use crate::Outcome;
use crate::args::AdoptArgs;

/// The workbook written into the analysis folder.
pub(crate) const WORKBOOK: &str = "采纳情况.xlsx";

pub(crate) fn run(args: &AdoptArgs) -> anyhow::Result<Outcome> {
    let json_path = args.analysis.join("analysis.json");
    let json = std::fs::read_to_string(&json_path)
        .map_err(|e| BadInput(format!("cannot read {}: {e}", json_path.display())))?;
    let input = AdoptionInput::from_json(&json)
        .map_err(|e| BadInput(format!("{}: {e}", json_path.display())))?;
    let text = super::draft::read(&args.last)?;
    let last =
        Draft::parse(&text).map_err(|e| BadInput(format!("{}: {e}", args.last.display())))?;
    let adoption = Adopter::new().adopt(&input, &last);
    write_workbook(&adoption, &args.analysis.join(WORKBOOK))?;

    let mut out = if args.json {
        serde_json::to_string_pretty(&adoption).context("adoption as JSON")? + "\n"
    } else {
        human(&adoption, args.top)
    };
    if let Some(path) = &args.truth {
        out.push_str(&score(&adoption, path)?);
    }
    if !args.json {
        let _ = writeln!(out, "wrote {}", args.analysis.join(WORKBOOK).display());
        if args.analysis.join("report.html").exists() {
            let _ = writeln!(
                out,
                "added the adoption section to {}",
                args.analysis.join("report.html").display()
            );
        }
    }
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(out.as_bytes())?;
    stdout.flush()?;
    Ok(Outcome::Success)
}

/// Writes 采纳情况.xlsx and, when `minyi analyze` wrote a report.html beside it, puts the
/// adoption section in it.
#[cfg(feature = "table")]
fn write_workbook(adoption: &Adoption, path: &Path) -> anyhow::Result<()> {
    minyi_table::write_adoption(adoption, path).map_err(|e| BadInput(e.to_string()))?;
    let report = path.with_file_name("report.html");
    if let Ok(html) = std::fs::read_to_string(&report) {
        let html =
            minyi_table::with_adoption_section(&html, &minyi_table::adoption_section(adoption));
        let part = path.with_file_name("report.html.part");
        std::fs::write(&part, html)
            .and_then(|()| std::fs::rename(&part, &report))
            .with_context(|| format!("cannot write {}", report.display()))?;
    }
    Ok(())
}

#[cfg(not(feature = "table"))]
fn write_workbook(_: &Adoption, path: &Path) -> anyhow::Result<()> {
    log::warn!("built without file formats (feature `table`): {} not written", path.display());
    Ok(())
}

fn tally(t: &Tally) -> String {
    let parts: Vec<String> = AdoptionClass::ALL
        .iter()
        .map(|&c| format!("{} {}", t.opinions_of(c), c.label_zh()))
        .collect();
    format!("{} opinions: {}; adoption rate {:.1}%", t.total(), parts.join(", "), 100.0 * t.rate())
}

fn human(adoption: &Adoption, top: usize) -> String {
    let mut out = String::new();
    let total = adoption.total();
    let _ = writeln!(out, "{}", tally(total));
    let groups: Vec<String> = AdoptionClass::ALL
        .iter()
        .map(|&c| format!("{} {}", total.topics_of(c), c.label_zh()))
        .collect();
    let _ = writeln!(out, "suggestion groups: {}", groups.join(", "));
    let _ = writeln!(out, "changed articles: {}", adoption.articles().len());
    for article in adoption.articles() {
        let (old, new) = (article.draft_articles().join("、"), article.final_articles().join("、"));
        let numbers = match (old.is_empty(), new.is_empty()) {
            (true, _) => new,
            (_, true) => old,
            _ if old == new => old,
            _ => format!("{old} → {new}"),
        };
        let _ = writeln!(
            out,
            "  {:<10} {numbers}: {} groups",
            article.status().name(),
            article.topics().len()
        );
        for topic in article.topics().iter().take(top) {
            let _ = writeln!(
                out,
                "      {} {} ({}×, {:.2}) {}",
                topic.class().label_zh(),
                topic.topic(),
                topic.count(),
                topic.score(),
                topic.evidence()
            );
        }
    }
    for (what, rows) in
        [("contact point", adoption.by_contact_point()), ("collector", adoption.by_collector())]
    {
        let _ = writeln!(out, "by {what}:");
        for (name, t) in rows {
            let _ = writeln!(out, "  {name}: {}", tally(t));
        }
    }
    out
}

/// Precision and recall against known answers: of "adopted", and of "adopted or possibly".
fn score(adoption: &Adoption, path: &Path) -> anyhow::Result<String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| BadInput(format!("cannot read {}: {e}", path.display())))?;
    let mut truth = BTreeMap::new();
    for (k, line) in text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
        let value: serde_json::Value = serde_json::from_str(line)
            .map_err(|e| BadInput(format!("{} line {}: {e}", path.display(), k + 1)))?;
        let id = value["id"].as_str().map_or_else(|| value["id"].to_string(), str::to_owned);
        truth.insert(id, value["adopted"].as_bool().unwrap_or(false));
    }
    let mut out = String::new();
    for (name, classes) in [
        ("adopted", &[AdoptionClass::Adopted][..]),
        ("adopted or possibly", &[AdoptionClass::Adopted, AdoptionClass::Possibly][..]),
    ] {
        let (mut tp, mut fp, mut missed) = (0usize, 0usize, 0usize);
        for o in adoption.opinions() {
            let Some(&adopted) = truth.get(o.id()) else { continue };
            match (classes.contains(&o.class()), adopted) {
                (true, true) => tp += 1,
                (true, false) => fp += 1,
                (false, true) => missed += 1,
                (false, false) => {}
            }
        }
        let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
        let _ = writeln!(
            out,
            "{name}: precision {:.3} ({tp}/{}), recall {:.3} ({tp}/{})",
            ratio(tp, tp + fp),
            tp + fp,
            ratio(tp, tp + missed),
            tp + missed
        );
    }
    Ok(out)
}
