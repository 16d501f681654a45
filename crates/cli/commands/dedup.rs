//! `minyi dedup`: duplicate groups, as a summary for people or as JSON Lines.

use std::collections::HashMap;
use std::io::Write;

use minyi_core::{Deduper, DuplicateGroup, GroupKind, Opinion};
use serde_json::json;

use crate::Outcome;
use crate::args::DedupArgs;

#[cfg(not(feature = "table"))]
pub(crate) fn run(args: &DedupArgs) -> anyhow::Result<Outcome> {
    super::without_table(&args.read)
}

#[cfg(feature = "table")]
pub(crate) fn run(args: &DedupArgs) -> anyhow::Result<Outcome> {
    let deduper = Deduper::builder()
        .threshold(args.threshold)
        .containment(args.containment)
        .ngram(args.ngram)
        .hashes(args.hashes)
        .bands(args.bands)
        .build()
        .map_err(|e| super::BadInput(format!("{e}")))?;
    let ingest = super::read(&args.files, &args.read);
    for error in ingest.errors() {
        eprintln!("minyi: {error}");
    }
    let opinions = ingest.opinions();
    let dedup = deduper.run(opinions);
    // Everything goes to one string first, so that a closed pipe is reported as such.
    let mut out = String::new();
    if args.jsonl {
        for g in dedup.groups() {
            out.push_str(&group_json(g).to_string());
            out.push('\n');
        }
    } else {
        summary(&mut out, &ingest.counts(), &dedup, opinions, args.show);
    }
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(out.as_bytes())?;
    stdout.flush()?;
    Ok(super::ingest::report::outcome(&ingest))
}

/// The JSON of one group, in the schema of the command's help.
fn group_json(g: &DuplicateGroup) -> serde_json::Value {
    let additions: serde_json::Map<String, serde_json::Value> = g
        .additions()
        .iter()
        .map(|(id, added)| {
            let texts: Vec<&str> = added.iter().map(|a| a.text.as_str()).collect();
            (id.to_string(), json!(texts))
        })
        .collect();
    let mut value = json!({
        "id": g.id().to_string(),
        "members": g.members().iter().map(|m| m.as_str()).collect::<Vec<_>>(),
        "representative": g.representative().as_str(),
        "count": g.count(),
        "kind": g.kind(),
        "additions": additions,
    });
    if let Some(template) = g.template() {
        value["template"] = json!(template);
    }
    value
}

fn summary(
    out: &mut String,
    counts: &minyi_core::RowCounts,
    dedup: &minyi_core::Dedup,
    opinions: &[Opinion],
    show: usize,
) {
    use std::fmt::Write as _;
    let _ = writeln!(out, "{counts}");
    let _ = writeln!(out, "{} opinions compared: {}", dedup.analysed(), merged(dedup));
    let text_of: HashMap<&str, &str> =
        opinions.iter().map(|o| (o.id().as_str(), o.text())).collect();
    let mut largest: Vec<&DuplicateGroup> = dedup.groups().iter().collect();
    largest.sort_by(|a, b| b.count().cmp(&a.count()).then(a.members()[0].cmp(&b.members()[0])));
    for g in largest.iter().take(show) {
        let kind = match g.kind() {
            GroupKind::Exact => "exact",
            GroupKind::Near => "near",
            _ => "campaign",
        };
        let _ = writeln!(
            out,
            "\n{} {kind}: {} copies, {} variants{}",
            g.id(),
            g.count(),
            g.variants(),
            if g.submitters().is_empty() {
                String::new()
            } else {
                format!(", {} submitters", g.submitters().len())
            }
        );
        let rep = g.representative().as_str();
        let _ = writeln!(
            out,
            "  representative {rep}: {}",
            excerpt(text_of.get(rep).copied().unwrap_or(""), 80)
        );
        if let Some(t) = g.template() {
            let _ = writeln!(out, "  template: {}", excerpt(t, 120));
        }
        let ids: Vec<&str> = g.members().iter().map(|m| m.as_str()).collect();
        let more = if ids.len() > 12 {
            format!(" … and {} more", ids.len() - 12)
        } else {
            String::new()
        };
        let _ = writeln!(out, "  copies: {}{more}", ids[..ids.len().min(12)].join(", "));
        for (id, added) in g.additions().iter().take(5) {
            let texts: Vec<String> =
                added.iter().map(|a| format!("“{}”", excerpt(&a.text, 40))).collect();
            let _ = writeln!(out, "  {id} adds {}", texts.join(" "));
        }
        if g.additions().len() > 5 {
            let _ = writeln!(
                out,
                "  … {} more copies add text (--jsonl lists all)",
                g.additions().len() - 5
            );
        }
    }
    if dedup.groups().len() > show {
        let _ = writeln!(
            out,
            "\n… {} smaller groups (--jsonl lists all, --show N more here)",
            dedup.groups().len() - show
        );
    }
}

/// How many distinct opinions remain once copies are merged, and in which groups.
pub(crate) fn merged(dedup: &minyi_core::Dedup) -> String {
    let kinds = |k: GroupKind| dedup.groups().iter().filter(|g| g.kind() == k).count();
    format!(
        "{} distinct once {} copies are merged, in {} groups ({} exact, {} near, {} campaign)",
        dedup.distinct(),
        dedup.copies(),
        dedup.groups().len(),
        kinds(GroupKind::Exact),
        kinds(GroupKind::Near),
        kinds(GroupKind::Campaign),
    )
}

/// The first `chars` characters of a text on one line.
fn excerpt(text: &str, chars: usize) -> String {
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut out: String = flat.chars().take(chars).collect();
    if flat.chars().count() > chars {
        out.push('…');
    }
    out
}
