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
    let mut table: BTreeMap<String, [usize; 6]> = BTreeMap::new();
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
            if let Some(t) = std::env::var("THRESHOLD").ok().and_then(|v| v.parse().ok()) {
                builder.threshold(t);
            }
            if let Some(m) = std::env::var("MARGIN").ok().and_then(|v| v.parse().ok()) {
                builder.margin(m);
            }
            let mut assigner = builder.build(&draft, &segmenter)?;
            if std::env::var("LEARN").is_ok() {
                // Learn from every message of the files the labels use.
                let mut texts = Vec::new();
                for f in [
                    "tipdm2020C_att3_hot_messages.jsonl",
                    "tipdm2020C_att4_messages_with_replies.jsonl",
                ] {
                    for l in std::fs::read_to_string(shared.join("messages").join(f))?.lines() {
                        let m: Value = serde_json::from_str(l)?;
                        let text = format!(
                            "{}\n{}",
                            m["title"].as_str().unwrap_or_default(),
                            m["detail"].as_str().unwrap_or_default()
                        );
                        texts.push(normalizer.normalize(&text).as_str().to_owned());
                    }
                }
                assigner.learn(&texts);
            }
            drafts.insert(law.clone(), assigner);
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
        row[5] += usize::from(assignment.articles().any(|(a, _)| want.contains(&a)));
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
    // Negatives: labelled messages of classes far from every law here (jobs and pensions,
    // schools, health); filed under an article, they are false filings.
    let mut negatives = Vec::new();
    for file in
        ["tipdm2020C_att2_labeled_sample495.jsonl", "tipdm2020C_att2_labeled_subset921.jsonl"]
    {
        for l in std::fs::read_to_string(shared.join("messages").join(file))?.lines() {
            let m: Value = serde_json::from_str(l)?;
            if matches!(m["label_l1"].as_str(), Some("劳动和社会保障" | "卫生计生")) {
                let title = m["title"].as_str().unwrap_or_default().to_owned();
                let detail = m["detail"].as_str().unwrap_or_default().to_owned();
                negatives.push((title, detail));
            }
        }
    }
    for law in [
        "bj_property_management_2024.md",
        "sh_residential_property_2020.md",
        "sh_household_waste_2019.md",
        "zj_ebike_2020.md",
    ] {
        let Some(assigner) = drafts.get(law) else { continue };
        let mut scores = Vec::new();
        let filed = negatives
            .iter()
            .filter(|(t, d)| {
                let a = assigner.assign_titled(Some(t), normalizer.normalize(d).as_str(), None);
                let c = a.segments()[0].candidates();
                scores.push((
                    c.first().map_or(0.0, |c| c.score()),
                    c.get(1).map_or(0.0, |c| c.score()),
                ));
                !a.is_general()
            })
            .count();
        if std::env::var("FEATURES").is_ok() {
            for (a, b) in &scores {
                println!("N\t{a:.3}\t{b:.3}");
            }
        }
        println!("negatives filed under {law}: {filed} of {}", negatives.len());
    }
    println!("{:<36} {:>5} {:>7} {:>7} {:>8}", "law", "n", "top1", "top3", "general");
    let mut all = [0usize; 6];
    for (law, row) in &table {
        for k in 0..6 {
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
        "{:<36} {:>5} {:>6.1}% {:>6.1}% {:>8}  filed right {:.1}%",
        "all",
        all[0],
        100.0 * all[1] as f64 / n,
        100.0 * all[2] as f64 / n,
        all[3],
        100.0 * all[5] as f64 / n
    );
    Ok(())
}
