//! Assignment accuracy on the hand-labelled real messages of `tests/data/assign_dev.jsonl`.
//!
//! ```text
//! cargo run --release -p minyi-core --example assign_dev
//! ```
//!
//! Needs `../shared/corpora`. Prints top-1 and top-3 accuracy per law, and how many messages
//! went to 总体意见. `DUMP=1` prints the top-1 misses.

#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use minyi_core::{Assigner, Draft, Normalizer, Segmenter};
use serde_json::Value;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let shared = Path::new("../shared/corpora");
    let labels = std::fs::read_to_string("tests/data/assign_dev.jsonl")?;
    let segmenter = Segmenter::new();
    let normalizer = Normalizer::new();
    let mut drafts: HashMap<String, Assigner> = HashMap::new();
    let mut messages: HashMap<String, HashMap<String, (String, String)>> = HashMap::new();
    let mut table: BTreeMap<String, [usize; 5]> = BTreeMap::new();
    let dump = std::env::var("DUMP").is_ok();
    for line in labels.lines() {
        let label: Value = serde_json::from_str(line)?;
        let law = label["law"].as_str().unwrap_or_default().to_owned();
        let file = label["file"].as_str().unwrap_or_default().to_owned();
        let want: Vec<u32> = label["articles"]
            .as_array()
            .map(|v| v.iter().filter_map(Value::as_u64).map(|n| n as u32).collect())
            .unwrap_or_default();
        if !drafts.contains_key(&law) {
            let draft = Draft::parse(&std::fs::read_to_string(shared.join("laws").join(&law))?)?;
            let mut builder = Assigner::builder();
            let k1 = std::env::var("K1").ok().and_then(|v| v.parse().ok()).unwrap_or(1.2);
            let b = std::env::var("B").ok().and_then(|v| v.parse().ok()).unwrap_or(0.75);
            builder.bm25(k1, b);
            drafts.insert(law.clone(), builder.build(&draft, &segmenter)?);
        }
        if !messages.contains_key(&file) {
            let text = std::fs::read_to_string(shared.join("messages").join(&file))?;
            let mut map = HashMap::new();
            for l in text.lines() {
                let m: Value = serde_json::from_str(l)?;
                let id = m["id"].as_str().map_or_else(|| m["id"].to_string(), str::to_owned);
                let title = m["title"].as_str().unwrap_or_default().to_owned();
                let detail = m["detail"].as_str().unwrap_or_default().to_owned();
                map.insert(id, (title, detail));
            }
            messages.insert(file.clone(), map);
        }
        let id = label["message"].as_str().unwrap_or_default();
        let Some((title, detail)) = messages[&file].get(id) else {
            eprintln!("{file}: no message {id}");
            continue;
        };
        let detail = if std::env::var("TITLE_ONLY").is_ok() { "" } else { detail.as_str() };
        let title = if std::env::var("NO_TITLE").is_ok() { "" } else { title.as_str() };
        let text = normalizer.normalize(detail);
        let assignment =
            drafts[&law].assign_titled(Some(title).filter(|t| !t.is_empty()), text.as_str(), None);
        let ranked: Vec<u32> = assignment.ranked().into_iter().map(|(n, _)| n).collect();
        let row = table.entry(law.clone()).or_default();
        row[0] += 1;
        if want.is_empty() {
            row[4] += 1;
            continue;
        }
        let top1 = ranked.first().is_some_and(|a| want.contains(a));
        let main = ranked.first() == want.first();
        row[1] += usize::from(top1);
        row[2] += usize::from(ranked.iter().take(3).any(|a| want.contains(a)));
        row[3] += usize::from(assignment.is_general());
        let _ = main;
        if std::env::var("FEATURES").is_ok() {
            let c = assignment.segments()[0].candidates();
            let sc = |k: usize| c.get(k).map_or(0.0, |c| c.score());
            println!(
                "F\t{}\t{:.3}\t{:.3}\t{}",
                u8::from(top1),
                sc(0),
                sc(1),
                assignment.segments().len()
            );
        }
        if dump && !top1 {
            println!("{law} {id} want {want:?} got {:?} | {title}", &ranked[..ranked.len().min(5)]);
        }
    }
    println!("{:<36} {:>5} {:>7} {:>7} {:>8}", "law", "n", "top1", "top3", "general");
    let mut all = [0usize; 5];
    for (law, row) in &table {
        for k in 0..5 {
            all[k] += row[k];
        }
        let n = (row[0] - row[4]).max(1) as f64;
        println!(
            "{law:<36} {:>5} {:>6.1}% {:>6.1}% {:>8}",
            row[0],
            100.0 * row[1] as f64 / n,
            100.0 * row[2] as f64 / n,
            row[3]
        );
    }
    let n = (all[0] - all[4]).max(1) as f64;
    println!(
        "{:<36} {:>5} {:>6.1}% {:>6.1}% {:>8}",
        "all",
        all[0],
        100.0 * all[1] as f64 / n,
        100.0 * all[2] as f64 / n,
        all[3]
    );
    Ok(())
}
