//! Redaction throughput: it runs on every opinion before anything leaves the office, so it
//! has to be far faster than reading.
//!
//! Input: the project's sample opinions (`corpora/sample/opinions.jsonl`, 1,200 opinions, about
//! 6 % with planted personal data), with and without the submitters' names; and the real
//! messages of `../shared/corpora/messages` when present (already anonymised: the common case
//! of a text with nothing to remove).
//!
//! ```text
//! cargo bench --bench privacy
//! ```

#![allow(clippy::print_stderr)] // a benchmark says what it measures on

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use minyi_core::Redactor;

/// The sample opinions: (text, submitter).
fn sample() -> Vec<(String, String)> {
    let jsonl = include_str!("../corpora/sample/opinions.jsonl");
    jsonl
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .map(|v| {
            let text = v["text"].as_str().unwrap_or_default().to_owned();
            let submitter = v["submitter"].as_str().unwrap_or_default().to_owned();
            (text, submitter)
        })
        .collect()
}

fn messages() -> Option<Vec<String>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let path = root.join("../shared/corpora/messages/tipdm2020C_att3_hot_messages.jsonl");
    let jsonl = std::fs::read_to_string(path).ok()?;
    Some(
        jsonl
            .lines()
            .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
            .filter_map(|v| v["detail"].as_str().map(str::to_owned))
            .collect(),
    )
}

fn privacy(c: &mut Criterion) {
    let redactor = Redactor::new();
    let sample = sample();
    let bytes: u64 = sample.iter().map(|(t, _)| t.len() as u64).sum();
    let removals = |with_names: bool| -> usize {
        sample
            .iter()
            .map(|(text, name)| {
                let names: &[&str] = if with_names { &[name.as_str()] } else { &[] };
                redactor.redact_with_names(text, names).removals().len()
            })
            .sum()
    };
    let (plain, named) = (removals(false), removals(true));
    eprintln!(
        "input: {} sample opinions, {bytes} bytes; {plain} removals, {named} with names",
        sample.len()
    );

    let mut group = c.benchmark_group("privacy");
    group.throughput(Throughput::Bytes(bytes));
    group.bench_function("sample", |b| {
        b.iter(|| {
            let n: usize = sample
                .iter()
                .map(|(text, _)| redactor.redact(black_box(text)).removals().len())
                .sum();
            assert_eq!(n, plain);
        });
    });
    group.bench_function("sample_with_names", |b| {
        b.iter(|| {
            let n: usize = sample
                .iter()
                .map(|(text, name)| {
                    redactor.redact_with_names(black_box(text), &[name.as_str()]).removals().len()
                })
                .sum();
            assert_eq!(n, named);
        });
    });
    if let Some(messages) = messages() {
        let bytes: u64 = messages.iter().map(|t| t.len() as u64).sum();
        eprintln!("input: {} real messages, {bytes} bytes", messages.len());
        group.throughput(Throughput::Bytes(bytes));
        group.bench_function("real_messages", |b| {
            b.iter(|| {
                messages
                    .iter()
                    .map(|t| redactor.redact(black_box(t)).removals().len())
                    .sum::<usize>()
            });
        });
    } else {
        eprintln!("../shared/corpora is absent: real messages not measured");
    }
    group.finish();
}

criterion_group!(benches, privacy);
criterion_main!(benches);
