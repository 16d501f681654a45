//! Topics of a consultation, scored against planted truth, or listed for a hand check:
//!
//! ```text
//! cargo run --release -p minyi-core --example cluster_eval -- sample OPINIONS.jsonl TRUTH.jsonl
//! cargo run --release -p minyi-core --example cluster_eval -- messages MESSAGES.jsonl [N]
//! ```
//!
//! `sample`: the generator's `opinions.jsonl` and `truth.jsonl`. Opinions are bucketed by their
//! TRUE first article (0 = 总体意见: this scores clustering, not assignment), one
//! representative per planted duplicate group with the group's size as weight. Each point is
//! labelled by its true point key in its bucket (`46.1`, `0#6`). Prints purity, inverse purity
//! and B-cubed precision/recall/F1 over all buckets, the same against the ask each point makes
//! (a point of the generator's bank, `crates/sample/src/data/points.txt`, has one to three
//! different asks; the ask of a text is the one sharing most character 4-grams with it), and
//! the time to count the statistics and to cluster. With
//! `ONE_BUCKET=1` every opinion goes into one bucket, and with `EVERY_COPY=1` every opinion is a
//! point of its own (the scale test: 100,000 opinions make 100,000 points).
//!
//! `messages`: real messages (`title` + `detail_stripped`), deduplicated with [`Deduper`], the
//! groups clustered as one general bucket. Prints the topic sizes and N (default 30) random
//! multi-member topics (fixed seed) with their members' titles, for a hand check.
//!
//! Settings from the environment: `LINK`, `COHESION`, `INDEX_TERMS`, `MAX_POSTINGS`,
//! `NEIGHBOURS`. With `ALL=1`, `messages` lists every multi-member topic; with `VERBOSE=1` the
//! library's debug lines (time per step) are printed.
#![allow(clippy::print_stdout)]

use std::collections::{BTreeMap, HashMap};
use std::time::Instant;

use minyi_core::{
    Clusterer, Deduper, DistinctPoint, Normalizer, Opinion, Segmenter, Source, TermStats, Topic,
};
use rayon::prelude::*;

fn read(path: &str) -> Vec<serde_json::Value> {
    std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("cannot read {path}: {e}"))
        .lines()
        .filter_map(|l| serde_json::from_str(l).ok())
        .collect()
}

fn id_of(v: &serde_json::Value) -> String {
    match &v["id"] {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn clusterer() -> Clusterer {
    let mut b = Clusterer::builder();
    let env = |k: &str| std::env::var(k).ok();
    if let Some(t) = env("LINK").and_then(|t| t.parse().ok()) {
        b.link(t);
    }
    if let Some(t) = env("COHESION").and_then(|t| t.parse().ok()) {
        b.cohesion(t);
    }
    if let Some(k) = env("INDEX_TERMS").and_then(|t| t.parse().ok()) {
        b.index_terms(k);
    }
    if let Some(k) = env("MAX_POSTINGS").and_then(|t| t.parse().ok()) {
        b.max_postings(k);
    }
    if let Some(k) = env("NEIGHBOURS").and_then(|t| t.parse().ok()) {
        b.neighbours(k);
    }
    b.build().expect("valid settings")
}

/// The normalised text of each input, segmented: content terms as owned strings.
fn terms_of(texts: &[String]) -> Vec<Vec<String>> {
    let normalizer = Normalizer::new();
    let segmenter = Segmenter::new();
    texts
        .par_iter()
        .map(|t| {
            let norm = normalizer.normalize(t);
            segmenter
                .segment(norm.as_str())
                .iter()
                .filter(|t| t.is_content())
                .map(|t| t.text().to_owned())
                .collect()
        })
        .collect()
}

/// Prints the library's `debug` lines (stage timings) when `VERBOSE` is set.
struct Logger;

impl log::Log for Logger {
    fn enabled(&self, _: &log::Metadata<'_>) -> bool {
        true
    }

    fn log(&self, record: &log::Record<'_>) {
        println!("  [{}] {}", record.level(), record.args());
    }

    fn flush(&self) {}
}

fn main() {
    if std::env::var_os("VERBOSE").is_some() {
        log::set_logger(&Logger).expect("one logger");
        log::set_max_level(log::LevelFilter::Debug);
    }
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("sample") => sample(&args[1], &args[2]),
        Some("messages") => {
            messages(&args[1], args.get(2).and_then(|n| n.parse().ok()).unwrap_or(30));
        }
        _ => println!("usage: cluster_eval sample OPINIONS TRUTH | messages MESSAGES [N]"),
    }
}

fn sample(opinions_path: &str, truth_path: &str) {
    let rows = read(opinions_path);
    let truth: HashMap<String, serde_json::Value> =
        read(truth_path).into_iter().map(|v| (id_of(&v), v)).collect();
    // One representative per planted duplicate group, weighted by its size.
    let mut reps: Vec<usize> = Vec::new();
    let mut weight: Vec<u64> = Vec::new();
    let mut by_group: HashMap<u64, usize> = HashMap::new();
    for (i, row) in rows.iter().enumerate() {
        let t = &truth[&id_of(row)];
        let group = t["dup_group"].as_u64().filter(|_| std::env::var_os("EVERY_COPY").is_none());
        match group {
            Some(g) => match by_group.get(&g) {
                Some(&k) => weight[k] += 1,
                None => {
                    by_group.insert(g, reps.len());
                    reps.push(i);
                    weight.push(1);
                }
            },
            None => {
                reps.push(i);
                weight.push(1);
            }
        }
    }
    let texts: Vec<String> =
        reps.iter().map(|&i| rows[i]["text"].as_str().unwrap_or_default().to_owned()).collect();
    let started = Instant::now();
    let terms = terms_of(&texts);
    let segmenting = started.elapsed();
    let counting = Instant::now();
    let stats = TermStats::new(terms.iter().map(|t| t.iter()));
    let counting = counting.elapsed();
    let one_bucket = std::env::var_os("ONE_BUCKET").is_some();
    // Bucket and true key of each representative.
    let mut buckets: BTreeMap<u64, Vec<usize>> = BTreeMap::new();
    let mut key: Vec<String> = Vec::new();
    for &i in &reps {
        let t = &truth[&id_of(&rows[i])];
        let article = t["articles"].as_array().and_then(|a| a.first()).and_then(|a| a.as_u64());
        let bucket = article.unwrap_or(0);
        let points: Vec<&str> = t["points"]
            .as_array()
            .map(|p| p.iter().filter_map(|p| p.as_str()).collect())
            .unwrap_or_default();
        let in_bucket = points.iter().find(|p| {
            let head = p.split(['.', '#']).next().unwrap_or("");
            head.parse::<u64>().ok() == Some(bucket)
        });
        let k = in_bucket.map_or_else(|| format!("{bucket}:none"), |p| (*p).to_owned());
        buckets.entry(if one_bucket { 0 } else { bucket }).or_default().push(key.len());
        key.push(k);
    }
    // The ask each point makes (a point of the bank has one to three asks): the ask of its
    // true point sharing the most character 4-grams with its text.
    let bank = asks_of_bank();
    let ask_key: Vec<String> = reps
        .iter()
        .zip(&key)
        .map(|(&i, k)| {
            let Some(asks) = bank.get(k) else { return k.clone() };
            let text = rows[i]["text"].as_str().unwrap_or_default();
            let grams = quadgrams(text);
            let best = asks
                .iter()
                .enumerate()
                .max_by_key(|(j, a)| (quadgrams(a).intersection(&grams).count(), usize::MAX - j))
                .map_or(0, |(j, _)| j);
            format!("{k}/{best}")
        })
        .collect();
    let clusterer = clusterer();
    let mut labelled: Vec<(String, usize)> = Vec::new(); // (true key, topic id) per point
    let mut by_ask: Vec<(String, usize)> = Vec::new(); // (true ask, topic id) per point
    let mut topics_total = 0;
    let mut multi = 0;
    let started = Instant::now();
    let mut shown = Vec::new();
    for (bucket, members) in &buckets {
        let points: Vec<DistinctPoint<'_>> = members
            .iter()
            .map(|&k| DistinctPoint::new(terms[k].iter().map(String::as_str), weight[k]))
            .collect();
        let topics = clusterer.cluster(&stats, &points);
        for topic in &topics {
            for &m in topic.members() {
                labelled.push((key[members[m]].clone(), topics_total));
                by_ask.push((ask_key[members[m]].clone(), topics_total));
            }
            topics_total += 1;
            multi += usize::from(topic.members().len() > 1);
        }
        if let Some(t) = topics.first() {
            shown.push((*bucket, t.label().to_owned(), t.members().len(), topics.len()));
        }
    }
    let clustering = started.elapsed();
    let n = labelled.len();
    let scores = score(&labelled);
    println!(
        "{} opinions, {} distinct points in {} buckets -> {} topics ({} with 2+ members)",
        rows.len(),
        n,
        buckets.len(),
        topics_total,
        multi
    );
    println!(
        "purity {:.3}, inverse purity {:.3}; B-cubed precision {:.3}, recall {:.3}, F1 {:.3}",
        scores.0, scores.1, scores.2, scores.3, scores.4
    );
    let asks = score(&by_ask);
    println!(
        "by ask: purity {:.3}, inverse purity {:.3}; B-cubed precision {:.3}, recall {:.3}, F1 {:.3}",
        asks.0, asks.1, asks.2, asks.3, asks.4
    );
    println!(
        "segmenting {:.2} s; term statistics {:.3} s; clustering {:.3} s",
        segmenting.as_secs_f64(),
        counting.as_secs_f64(),
        clustering.as_secs_f64()
    );
    if std::env::var_os("SHOW").is_some() {
        for (b, label, size, topics) in shown {
            println!("  bucket {b}: {topics} topics, largest {size} 「{label}」");
        }
    }
}

/// The asks of each point of the generator's bank (`crates/sample/src/data/points.txt`), by
/// point key, keyed as the generator keys them.
fn asks_of_bank() -> HashMap<String, Vec<String>> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../sample/src/data/points.txt");
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let mut out: HashMap<String, Vec<String>> = HashMap::new();
    let mut order: Vec<String> = Vec::new();
    let mut general = 0;
    for line in text.lines() {
        if let Some(rest) = line.strip_prefix("==") {
            let unit = rest.split('|').next().unwrap_or("").trim().to_owned();
            let key = if unit == "0" {
                general += 1;
                format!("0#{general}")
            } else {
                let n = order.iter().filter(|k| k.split('#').next() == Some(unit.as_str())).count();
                if n == 0 { unit } else { format!("{unit}#{}", n + 1) }
            };
            order.push(key.clone());
            out.insert(key, Vec::new());
        } else if let Some(ask) = line.strip_prefix('+')
            && let Some(key) = order.last()
        {
            out.entry(key.clone()).or_default().push(ask.trim().replace("{R}", ""));
        }
    }
    out
}

fn quadgrams(text: &str) -> std::collections::HashSet<[char; 4]> {
    let chars: Vec<char> = text.chars().filter(|c| c.is_alphanumeric()).collect();
    chars.windows(4).map(|w| [w[0], w[1], w[2], w[3]]).collect()
}

/// Purity, inverse purity, B-cubed precision, recall and F1 of (true key, topic) labels.
fn score(labelled: &[(String, usize)]) -> (f64, f64, f64, f64, f64) {
    let n = labelled.len() as f64;
    let mut both: HashMap<(&str, usize), usize> = HashMap::new();
    let mut by_topic: HashMap<usize, usize> = HashMap::new();
    let mut by_key: HashMap<&str, usize> = HashMap::new();
    for (k, t) in labelled {
        *both.entry((k, *t)).or_default() += 1;
        *by_topic.entry(*t).or_default() += 1;
        *by_key.entry(k).or_default() += 1;
    }
    let mut best_of_topic: HashMap<usize, usize> = HashMap::new();
    let mut best_of_key: HashMap<&str, usize> = HashMap::new();
    let (mut bp, mut br) = (0.0, 0.0);
    for (&(k, t), &c) in &both {
        let e = best_of_topic.entry(t).or_default();
        *e = (*e).max(c);
        let e = best_of_key.entry(k).or_default();
        *e = (*e).max(c);
        // Each of the c items in this cell: precision c/|topic|, recall c/|key|.
        bp += c as f64 * c as f64 / by_topic[&t] as f64;
        br += c as f64 * c as f64 / by_key[k] as f64;
    }
    let purity = best_of_topic.values().sum::<usize>() as f64 / n;
    let inverse = best_of_key.values().sum::<usize>() as f64 / n;
    let (p, r) = (bp / n, br / n);
    (purity, inverse, p, r, 2.0 * p * r / (p + r))
}

fn messages(path: &str, show: usize) {
    let rows = read(path);
    let texts: Vec<String> = rows
        .iter()
        .map(|v| {
            let title = v["title"].as_str().unwrap_or_default();
            let detail =
                v["detail_stripped"].as_str().or_else(|| v["detail"].as_str()).unwrap_or_default();
            format!("{title}\n{detail}")
        })
        .collect();
    let opinions: Vec<Opinion> = rows
        .iter()
        .zip(&texts)
        .enumerate()
        .map(|(i, (v, t))| Opinion::new(id_of(v), t.as_str(), Source::new(path, i as u64 + 1)))
        .collect();
    let dedup = Deduper::new().run(&opinions);
    let index: HashMap<&str, usize> =
        opinions.iter().enumerate().map(|(i, o)| (o.id().as_str(), i)).collect();
    // Distinct points: each group's representative with its count, every other message alone.
    let mut weight = vec![1u64; rows.len()];
    let mut covered = vec![false; rows.len()];
    for g in dedup.groups() {
        for m in g.members() {
            covered[index[m.as_str()]] = true;
        }
        let r = index[g.representative().as_str()];
        covered[r] = false;
        weight[r] = g.count() as u64;
    }
    let reps: Vec<usize> = (0..rows.len()).filter(|&i| !covered[i]).collect();
    let rep_texts: Vec<String> = reps.iter().map(|&i| texts[i].clone()).collect();
    let terms = terms_of(&rep_texts);
    let stats = TermStats::new(terms.iter().map(|t| t.iter()));
    let points: Vec<DistinctPoint<'_>> = terms
        .iter()
        .zip(&reps)
        .map(|(t, &i)| DistinctPoint::new(t.iter().map(String::as_str), weight[i]))
        .collect();
    let started = Instant::now();
    let topics = clusterer().cluster(&stats, &points);
    let elapsed = started.elapsed();
    let multi: Vec<&Topic> = topics.iter().filter(|t| t.members().len() > 1).collect();
    let mut sizes: BTreeMap<usize, usize> = BTreeMap::new();
    for t in &topics {
        *sizes.entry(t.members().len()).or_default() += 1;
    }
    println!(
        "{} messages, {} distinct -> {} topics, {} with 2+ members holding {} points; {:.3} s",
        rows.len(),
        points.len(),
        topics.len(),
        multi.len(),
        multi.iter().map(|t| t.members().len()).sum::<usize>(),
        elapsed.as_secs_f64()
    );
    println!("sizes: {sizes:?}");
    let title = |k: usize| rows[reps[k]]["title"].as_str().unwrap_or_default().to_owned();
    if std::env::var_os("ALL").is_some() {
        for (i, t) in multi.iter().enumerate() {
            println!("[{i}] 「{}」 weight {}", t.label(), t.weight());
            for &m in t.members() {
                println!("    {} {}", id_of(&rows[reps[m]]), title(m));
            }
        }
        return;
    }
    // A fixed-seed sample of multi-member topics.
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut picked: Vec<usize> = Vec::new();
    while picked.len() < show.min(multi.len()) {
        state =
            state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        let k = (state >> 33) as usize % multi.len();
        if !picked.contains(&k) {
            picked.push(k);
        }
    }
    for (n, &k) in picked.iter().enumerate() {
        let t = multi[k];
        println!(
            "#{} 「{}」 ({} points, weight {})",
            n + 1,
            t.label(),
            t.members().len(),
            t.weight()
        );
        for &m in t.members().iter().take(12) {
            let mark = if m == t.representative() { "*" } else { " " };
            println!("   {mark}{} {}", id_of(&rows[reps[m]]), title(m));
        }
        if t.members().len() > 12 {
            println!("    … {} more", t.members().len() - 12);
        }
    }
}
