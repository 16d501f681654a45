//! Duplicate groups of a JSON Lines file, scored against planted truth when given:
//!
//! ```text
//! cargo run --release -p minyi-core --example dedup_eval -- OPINIONS.jsonl [TRUTH.jsonl] [THRESHOLD]
//! ```
//!
//! OPINIONS.jsonl holds `{"id", "text", "submitter"?}` lines (the sample generator's
//! `opinions.jsonl`); TRUTH.jsonl its `truth.jsonl` (`dup_group` per id). Prints the groups
//! found and the pairwise precision and recall of "same group" against the truth, overall and
//! without the campaign letters (whose pairs outnumber all others). Empty cells are left out of
//! the comparison, as the CLI leaves them out.
//!
//! Settings: THRESHOLD (the third argument), env CONTAINMENT=X, LONG=S,N or LONG=off,
//! OVERLAP=J,N or OVERLAP=off.
#![allow(clippy::print_stdout)]

use std::collections::{HashMap, HashSet};

use minyi_core::{Deduper, Field, Opinion, RowStatus, Source};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let read = |path: &str| -> Vec<serde_json::Value> {
        std::fs::read_to_string(path)
            .unwrap_or_else(|e| panic!("cannot read {path}: {e}"))
            .lines()
            .filter_map(|l| serde_json::from_str(l).ok())
            .collect()
    };
    let rows = read(&args[0]);
    let opinions: Vec<Opinion> = rows
        .iter()
        .enumerate()
        .map(|(i, v)| {
            let id = match &v["id"] {
                serde_json::Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            let text = v["text"].as_str().or_else(|| v["detail"].as_str()).unwrap_or_default();
            let mut o = Opinion::new(id, text, Source::new(args[0].as_str(), i as u64 + 1));
            // An empty cell is read as empty, as `minyi dedup` reads it: never a copy.
            if text.chars().all(|c| c.is_whitespace() || c == '\u{200B}') {
                o = o.with_status(RowStatus::Empty);
            }
            if let Some(s) = v["submitter"].as_str().or_else(|| v["user"].as_str()) {
                o = o.with_field(Field::Submitter, s);
            }
            o
        })
        .collect();
    let mut builder = Deduper::builder();
    if let Some(t) = args.get(2).and_then(|t| t.parse().ok()) {
        builder.threshold(t);
    }
    if let Some(c) = std::env::var("CONTAINMENT").ok().and_then(|c| c.parse().ok()) {
        builder.containment(c);
    }
    // LONG=S,N: an excerpt sharing N n-grams is a copy at containment S; LONG=off: none.
    if let Ok(l) = std::env::var("LONG") {
        match l.split_once(',') {
            Some((c, n)) => {
                builder
                    .long_containment(c.parse().expect("LONG=S,N"), n.parse().expect("LONG=S,N"));
            }
            None => {
                builder.long_containment(1.0, usize::MAX);
            }
        }
    }
    // OVERLAP=J,N: the overlap rule at Jaccard J with N shared n-grams; OVERLAP=off: none.
    if let Ok(o) = std::env::var("OVERLAP") {
        match o.split_once(',') {
            Some((j, n)) => {
                builder.overlap(j.parse().expect("OVERLAP=J,N"), n.parse().expect("OVERLAP=J,N"));
            }
            None => {
                builder.overlap(1.0, usize::MAX);
            }
        }
    }
    let deduper = builder.build().expect("valid settings");
    let started = std::time::Instant::now();
    let dedup = deduper.run(&opinions);
    let elapsed = started.elapsed();
    let by_kind = |k| dedup.groups().iter().filter(|g| g.kind() == k).count();
    println!(
        "{} opinions: {} groups ({} exact, {} near, {} campaign), {} copies merged, {} distinct; {:.3} s",
        dedup.analysed(),
        dedup.groups().len(),
        by_kind(minyi_core::GroupKind::Exact),
        by_kind(minyi_core::GroupKind::Near),
        by_kind(minyi_core::GroupKind::Campaign),
        dedup.copies(),
        dedup.distinct(),
        elapsed.as_secs_f64()
    );
    if let Some(path) = std::env::var_os("GROUPS_OUT") {
        let lines: Vec<String> = dedup
            .groups()
            .iter()
            .map(|g| serde_json::to_string(g).expect("serialisable"))
            .collect();
        std::fs::write(path, lines.join("\n")).expect("write groups");
    }
    let Some(truth_path) = args.get(1).filter(|p| !p.is_empty() && *p != "-") else { return };
    let rows = read(truth_path);
    let truth: HashMap<String, u64> = rows
        .iter()
        .filter_map(|v| Some((v["id"].as_str()?.to_owned(), v["dup_group"].as_u64()?)))
        .collect();
    let campaign: HashSet<&str> = rows
        .iter()
        .filter(|v| v["dup_kind"] == "campaign")
        .filter_map(|v| v["id"].as_str())
        .collect();
    let mut predicted: HashMap<&str, usize> = HashMap::new();
    for (g, group) in dedup.groups().iter().enumerate() {
        for m in group.members() {
            predicted.insert(m.as_str(), g);
        }
    }
    let ids: Vec<&str> = opinions.iter().map(|o| o.id().as_str()).collect();
    let (p, r, tp, fp, fn_) = score(&ids, &predicted, &truth);
    println!("pairs: precision {p:.3}, recall {r:.3} (tp {tp}, fp {fp}, fn {fn_})");
    // The pairs of a large campaign outnumber all others; without its letters the figures
    // show the exact and near copies and the independent opinions.
    if !campaign.is_empty() {
        let rest: Vec<&str> = ids.iter().copied().filter(|id| !campaign.contains(id)).collect();
        let (p, r, tp, fp, fn_) = score(&rest, &predicted, &truth);
        println!(
            "pairs without campaign letters: precision {p:.3}, recall {r:.3} (tp {tp}, fp {fp}, fn {fn_})"
        );
    }
}

/// Pairwise precision and recall of "same group" over `ids`, with the pair counts, from the
/// contingency of (predicted, true) labels: no quadratic loop.
fn score(
    ids: &[&str],
    predicted: &HashMap<&str, usize>,
    truth: &HashMap<String, u64>,
) -> (f64, f64, u64, u64, u64) {
    let pairs = |n: u64| n * n.saturating_sub(1) / 2;
    let mut by_pred: HashMap<usize, u64> = HashMap::new();
    let mut by_truth: HashMap<u64, u64> = HashMap::new();
    let mut by_both: HashMap<(usize, u64), u64> = HashMap::new();
    for &id in ids {
        let p = predicted.get(id).copied();
        let t = truth.get(id).copied();
        if let Some(p) = p {
            *by_pred.entry(p).or_default() += 1;
        }
        if let Some(t) = t {
            *by_truth.entry(t).or_default() += 1;
        }
        if let (Some(p), Some(t)) = (p, t) {
            *by_both.entry((p, t)).or_default() += 1;
        }
    }
    let tp: u64 = by_both.values().map(|&n| pairs(n)).sum();
    let fp = by_pred.values().map(|&n| pairs(n)).sum::<u64>() - tp;
    let fn_ = by_truth.values().map(|&n| pairs(n)).sum::<u64>() - tp;
    let p = tp as f64 / (tp + fp).max(1) as f64;
    let r = tp as f64 / (tp + fn_).max(1) as f64;
    (p, r, tp, fp, fn_)
}
