//! Assignment accuracy on a generated consultation whose truth is known.
//!
//! ```text
//! cargo run --release -p minyi-core --example assign_eval -- corpora/sample
//! ```
//!
//! Reads `草案.md`, `opinions.jsonl` and `truth.jsonl` from the folder; prints accuracy per
//! reference kind (explicit, quoted, implicit, none). `DUMP=kind` prints the misses of a kind.

#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::collections::BTreeMap;
use std::path::PathBuf;

use minyi_core::{Assigner, Draft, Normalizer, Segmenter};
use serde_json::Value;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = PathBuf::from(std::env::args().nth(1).unwrap_or_else(|| "corpora/sample".into()));
    let draft = Draft::parse(&std::fs::read_to_string(dir.join("草案.md"))?)?;
    let segmenter = Segmenter::new();
    let mut builder = Assigner::builder();
    if let Ok(t) = std::env::var("THRESHOLD") {
        builder.threshold(t.parse()?);
    }
    if let Ok(m) = std::env::var("MARGIN") {
        builder.margin(m.parse()?);
    }
    let mut assigner = builder.build(&draft, &segmenter)?;
    let normalizer = Normalizer::new();
    let read = |name: &str| -> Result<Vec<Value>, Box<dyn std::error::Error>> {
        let text = std::fs::read_to_string(dir.join(name))?;
        Ok(text.lines().map(serde_json::from_str).collect::<Result<_, _>>()?)
    };
    let opinions = read("opinions.jsonl")?;
    let truth = read("truth.jsonl")?;
    if std::env::var("LEARN").is_ok() {
        let texts: Vec<String> = opinions
            .iter()
            .map(|o| {
                normalizer.normalize(o["text"].as_str().unwrap_or_default()).as_str().to_owned()
            })
            .collect();
        assigner.learn(&texts);
    }
    let dump = std::env::var("DUMP").ok();
    let use_column = std::env::var("NO_COLUMN").is_err();
    // kind -> (n, exact set, top1 in truth, top3 hit)
    let mut table: BTreeMap<String, [usize; 4]> = BTreeMap::new();
    for (o, t) in opinions.iter().zip(&truth) {
        let text = normalizer.normalize(o["text"].as_str().unwrap_or_default());
        let column = if use_column { o["article_column"].as_str() } else { None };
        let a = assigner.assign(text.as_str(), column);
        let mut got: Vec<u32> = a.articles().map(|(n, _)| n).collect();
        got.sort_unstable();
        let mut want: Vec<u32> = t["articles"]
            .as_array()
            .map(|v| v.iter().filter_map(Value::as_u64).map(|n| n as u32).collect())
            .unwrap_or_default();
        want.sort_unstable();
        let kind = t["reference"].as_str().unwrap_or("?").to_owned();
        let first = a.segments()[0].candidates().first().map(|c| c.article());
        let top1 =
            if want.is_empty() { got.is_empty() } else { first.is_some_and(|f| want.contains(&f)) };
        let top3 = want.is_empty()
            || a.segments()[0].candidates().iter().take(3).any(|c| want.contains(&c.article()));
        let row = table.entry(kind.clone()).or_default();
        row[0] += 1;
        row[1] += usize::from(got == want);
        row[2] += usize::from(top1);
        row[3] += usize::from(top3);
        if std::env::var("FEATURES").is_ok() {
            let c = a.segments()[0].candidates();
            let s = |k: usize| c.get(k).map_or(0.0, |c| c.score());
            let ev = c.first().map_or("none", |c| c.evidence().name());
            println!(
                "F\t{kind}\t{}\t{ev}\t{:.3}\t{:.3}\t{}",
                u8::from(top1 && !want.is_empty()),
                s(0),
                s(1),
                a.segments().len()
            );
        }
        if dump.as_deref() == Some(kind.as_str()) && got != want {
            let best: Vec<String> = a.segments()[0]
                .candidates()
                .iter()
                .take(3)
                .map(|c| format!("{}:{:.2}:{}", c.article(), c.score(), c.evidence().name()))
                .collect();
            println!(
                "{} want {want:?} got {got:?} [{}] {}",
                o["id"],
                best.join(" "),
                text.as_str()
            );
        }
    }
    let mut all = [0usize; 4];
    println!("{:<10} {:>6} {:>8} {:>8} {:>8}", "kind", "n", "exact", "top1", "top3");
    for (kind, row) in &table {
        for k in 0..4 {
            all[k] += row[k];
        }
        let pct = |x: usize| 100.0 * x as f64 / row[0] as f64;
        println!(
            "{kind:<10} {:>6} {:>7.1}% {:>7.1}% {:>7.1}%",
            row[0],
            pct(row[1]),
            pct(row[2]),
            pct(row[3])
        );
    }
    let pct = |x: usize| 100.0 * x as f64 / all[0] as f64;
    println!(
        "{:<10} {:>6} {:>7.1}% {:>7.1}% {:>7.1}%",
        "all",
        all[0],
        pct(all[1]),
        pct(all[2]),
        pct(all[3])
    );
    Ok(())
}
