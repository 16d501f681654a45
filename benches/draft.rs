//! `Draft::parse` throughput over the 13 real laws of `../shared/corpora/laws` (when present),
//! else over the project's sample draft.
//!
//! ```text
//! cargo bench --bench draft
//! ```

#![allow(clippy::print_stderr)] // a benchmark says what it measures on

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use minyi_core::Draft;

/// The texts to measure on, and what they are.
fn texts() -> (String, Vec<String>) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let laws = root.join("../shared/corpora/laws");
    let mut texts: Vec<(String, String)> = std::fs::read_dir(&laws)
        .into_iter()
        .flatten()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "md" || e == "txt"))
        .filter_map(|p| Some((p.display().to_string(), std::fs::read_to_string(&p).ok()?)))
        .collect();
    texts.sort();
    if !texts.is_empty() {
        let what = format!("the {} real laws of ../shared/corpora/laws", texts.len());
        return (what, texts.into_iter().map(|(_, t)| t).collect());
    }
    eprintln!("../shared/corpora is absent: measuring on the sample draft instead");
    let sample =
        std::fs::read_to_string(root.join("corpora/sample/草案.md")).expect("sample draft");
    ("corpora/sample/草案.md".into(), vec![sample])
}

fn draft(c: &mut Criterion) {
    let (what, texts) = texts();
    let bytes: u64 = texts.iter().map(|t| t.len() as u64).sum();
    eprintln!("input: {what}; {bytes} bytes");
    let mut group = c.benchmark_group("draft");
    group.throughput(Throughput::Bytes(bytes));
    group.bench_function("parse", |b| {
        b.iter(|| {
            let mut articles = 0;
            for t in &texts {
                let draft = Draft::parse(black_box(t)).expect("a law has articles");
                articles += draft.articles().len();
            }
            assert!(articles >= texts.len());
            articles
        });
    });
    group.finish();
}

criterion_group!(benches, draft);
criterion_main!(benches);
