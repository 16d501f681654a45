//! Duplicate groups of a JSON Lines file, scored against planted truth when given:
//!
//! ```text
//! cargo run --release -p minyi-core --example dedup_eval -- OPINIONS.jsonl [TRUTH.jsonl] [THRESHOLD]
//! ```
//!
//! OPINIONS.jsonl holds `{"id", "text", "submitter"?}` lines (the sample generator's
//! `opinions.jsonl`); TRUTH.jsonl its `truth.jsonl` (`dup_group` per id). Prints the groups
//! found and the pairwise precision and recall of "same group" against the truth. Empty cells
//! are left out of the comparison, as the CLI leaves them out.
#![allow(clippy::print_stdout)]

use std::collections::HashMap;

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
            let mut o = Opinion::new(id, text, Source::new(&args[0], i as u64 + 1));
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
    let truth: HashMap<String, u64> = read(truth_path)
        .iter()
        .filter_map(|v| Some((v["id"].as_str()?.to_owned(), v["dup_group"].as_u64()?)))
        .collect();
    let mut predicted: HashMap<&str, usize> = HashMap::new();
    for (g, group) in dedup.groups().iter().enumerate() {
        for m in group.members() {
            predicted.insert(m.as_str(), g);
        }
    }
    // Pairs in the same predicted group, in the same true group, and in both, counted from
    // the contingency of (predicted, true) labels: no quadratic loop.
    let pairs = |n: u64| n * n.saturating_sub(1) / 2;
    let mut by_pred: HashMap<usize, u64> = HashMap::new();
    let mut by_truth: HashMap<u64, u64> = HashMap::new();
    let mut by_both: HashMap<(usize, u64), u64> = HashMap::new();
    for o in &opinions {
        let id = o.id().as_str();
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
    println!("pairs: precision {p:.3}, recall {r:.3} (tp {tp}, fp {fp}, fn {fn_})");
}
