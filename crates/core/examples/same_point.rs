//! How alike independent opinions on the same point are, next to the planted copies:
//!
//! ```text
//! cargo run --release -p minyi-core --example same_point -- OPINIONS.jsonl TRUTH.jsonl [MAX_PAIRS]
//! ```
//!
//! Reads the sample generator's `opinions.jsonl` and `truth.jsonl` and prints the distribution
//! of the Jaccard similarity of character 3-gram sets (of the key the deduper compares:
//! normalised, without whitespace, punctuation or symbols) for
//!
//! - independent pairs: two opinions with the same planted `points`, not of one family;
//! - family pairs: each copy against its family's original (campaigns: against the first
//!   letter), by `dup_kind`.
//!
//! Independent pairs are many on large corpora; at most MAX_PAIRS (default 200,000) are
//! scored, spread evenly over the points.
#![allow(clippy::print_stdout)]

use std::collections::{BTreeMap, HashMap};

use minyi_core::Normalizer;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let read = |path: &str| -> Vec<serde_json::Value> {
        std::fs::read_to_string(path)
            .unwrap_or_else(|e| panic!("cannot read {path}: {e}"))
            .lines()
            .filter_map(|l| serde_json::from_str(l).ok())
            .collect()
    };
    let opinions = read(&args[0]);
    let truth = read(&args[1]);
    let max_pairs: usize = args.get(2).and_then(|m| m.parse().ok()).unwrap_or(200_000);
    let normalizer = Normalizer::new();
    let grams: Vec<Vec<[char; 3]>> = opinions
        .iter()
        .map(|o| {
            let normalized = normalizer.normalize(o["text"].as_str().unwrap_or_default());
            let text = normalized.as_str();
            let key: Vec<char> = text
                .chars()
                .filter(|c| c.is_alphanumeric())
                .map(|c| c.to_ascii_lowercase())
                .collect();
            let mut g: Vec<[char; 3]> = key.windows(3).map(|w| [w[0], w[1], w[2]]).collect();
            g.sort_unstable();
            g.dedup();
            g
        })
        .collect();
    let jaccard = |a: usize, b: usize| {
        let (x, y) = (&grams[a], &grams[b]);
        let (mut i, mut j, mut common) = (0, 0, 0usize);
        while i < x.len() && j < y.len() {
            match x[i].cmp(&y[j]) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    common += 1;
                    i += 1;
                    j += 1;
                }
            }
        }
        let union = x.len() + y.len() - common;
        if union == 0 { 1.0 } else { common as f64 / union as f64 }
    };

    // Opinions by their exact list of points (long letters and empty texts left out).
    let mut by_points: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    let mut families: HashMap<u64, Vec<usize>> = HashMap::new();
    let family = |k: usize| truth[k]["dup_group"].as_u64();
    for (k, t) in truth.iter().enumerate() {
        let points = t["points"].as_array().map_or(0, Vec::len);
        let long = t["messy"].as_array().is_some_and(|m| m.iter().any(|x| x == "very_long"));
        if let Some(g) = family(k) {
            families.entry(g).or_default().push(k);
        }
        if points == 0 || long || grams[k].is_empty() {
            continue;
        }
        // A family counts once, by its original.
        if t["dup_kind"].is_string() {
            continue;
        }
        by_points.entry(t["points"].to_string()).or_default().push(k);
    }
    let total: usize = by_points.values().map(|v| v.len() * v.len().saturating_sub(1) / 2).sum();
    let keep = (max_pairs as f64 / total.max(1) as f64).min(1.0);
    let mut independent = Vec::new();
    let mut state = 0x9e37_79b9_7f4a_7c15u64;
    let mut coin = || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state >> 11) as f64 / (1u64 << 53) as f64
    };
    for members in by_points.values() {
        for (i, &a) in members.iter().enumerate() {
            for &b in &members[i + 1..] {
                if keep < 1.0 && coin() >= keep {
                    continue;
                }
                if family(a).is_some() && family(a) == family(b) {
                    continue;
                }
                independent.push(jaccard(a, b));
            }
        }
    }
    println!(
        "{} opinions, {} same-point groups, {} independent same-point pairs ({} scored)",
        opinions.len(),
        by_points.len(),
        total,
        independent.len()
    );
    report("independent", &mut independent);

    let mut by_kind: BTreeMap<String, Vec<f64>> = BTreeMap::new();
    for members in families.values() {
        let first = members[0];
        for &m in &members[1..] {
            let kind = truth[m]["dup_kind"].as_str().unwrap_or("none").to_owned();
            by_kind.entry(kind).or_default().push(jaccard(first, m));
        }
    }
    for (kind, values) in &mut by_kind {
        report(kind, values);
    }
}

fn report(name: &str, values: &mut [f64]) {
    if values.is_empty() {
        println!("{name:>12}: no pairs");
        return;
    }
    values.sort_by(f64::total_cmp);
    let q = |p: f64| values[((values.len() - 1) as f64 * p).round() as usize];
    let share = |t: f64| values.iter().filter(|&&v| v >= t).count() as f64 / values.len() as f64;
    let mean = values.iter().sum::<f64>() / values.len() as f64;
    println!(
        "{name:>12}: n {:>7}  mean {mean:.3}  p10 {:.3}  p50 {:.3}  p90 {:.3}  p99 {:.3}  max {:.3}  \
         >=0.3 {:.1}%  >=0.4 {:.1}%  >=0.5 {:.1}%  >=0.6 {:.1}%",
        values.len(),
        q(0.1),
        q(0.5),
        q(0.9),
        q(0.99),
        values[values.len() - 1],
        100.0 * share(0.3),
        100.0 * share(0.4),
        100.0 * share(0.5),
        100.0 * share(0.6),
    );
}
