//! Normalisation and segmentation throughput, next to raw jieba-rs `cut` on the same text.
//!
//! Input: the real messages of `../shared/corpora/messages` when present (the `detail` field,
//! scraping debris and all), else the project's own sample. The normalised texts are also
//! written to `target/bench-input/segment.jsonl` so that the Python baseline
//! (`../shared/peers/py_jieba_seg.py`) can be run on exactly the same input:
//! `benches/compare-text.sh` runs both.
//!
//! ```text
//! cargo bench --bench text
//! ```

#![allow(clippy::print_stderr)] // a benchmark says what it measures on

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use minyi_core::{Normalizer, Segmenter};

/// The raw texts to measure on.
fn texts() -> (String, Vec<String>) {
    let shared = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/corpora/messages/tipdm2020C_att3_hot_messages.jsonl");
    if let Ok(jsonl) = std::fs::read_to_string(&shared) {
        let texts = jsonl
            .lines()
            .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
            .filter_map(|v| v["detail"].as_str().map(str::to_owned))
            .collect();
        return ("real messages (tipdm2020C_att3, 4,326)".into(), texts);
    }
    eprintln!("../shared/corpora is absent: measuring on the generated sample instead");
    let texts = minyi_sample::Generator::new(20_261_128)
        .generate(4_000)
        .into_iter()
        .map(|o| o.text)
        .collect();
    ("generated sample (4,000)".into(), texts)
}

fn bytes(texts: &[impl AsRef<str>]) -> u64 {
    texts.iter().map(|t| t.as_ref().len() as u64).sum()
}

fn text(c: &mut Criterion) {
    let (what, raw) = texts();
    let normalizer = Normalizer::new();
    let normalized: Vec<String> =
        raw.iter().map(|t| normalizer.normalize(t).as_str().to_owned()).collect();
    write_python_input(&normalized);
    eprintln!("input: {what}; {} bytes raw, {} bytes normalised", bytes(&raw), bytes(&normalized));

    let mut group = c.benchmark_group("normalize");
    group.throughput(Throughput::Bytes(bytes(&raw)));
    group.bench_function("normalize", |b| {
        b.iter(|| {
            let mut changed = 0;
            for t in &raw {
                changed += usize::from(!normalizer.normalize(black_box(t)).is_borrowed());
            }
            assert!(changed > 0, "the real messages carry debris to remove");
            changed
        });
    });
    group.finish();

    let mut group = c.benchmark_group("segment");
    group.throughput(Throughput::Bytes(bytes(&normalized)));
    group.sample_size(20);
    let segmenter = Segmenter::new();
    group.bench_function("minyi_segment", |b| {
        b.iter(|| {
            let mut tokens = 0;
            for t in &normalized {
                tokens += segmenter.segment(black_box(t)).len();
            }
            assert!(tokens > normalized.len());
            tokens
        });
    });
    // The same dictionary, called directly: what our wrapper costs.
    let mut jieba = jieba_rs::Jieba::new();
    let dict = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("corpora/dict/legal_dict.txt"),
    )
    .expect("the shipped dictionary");
    jieba.load_dict(&mut dict.as_bytes()).expect("a valid dictionary");
    group.bench_function("jieba_rs_cut_same_dict", |b| {
        b.iter(|| {
            let mut tokens = 0;
            for t in &normalized {
                tokens += jieba.cut(black_box(t), true).len();
            }
            tokens
        });
    });
    let plain = jieba_rs::Jieba::new();
    group.bench_function("jieba_rs_cut_default_dict", |b| {
        b.iter(|| {
            let mut tokens = 0;
            for t in &normalized {
                tokens += plain.cut(black_box(t), true).len();
            }
            tokens
        });
    });
    group.finish();

    let mut group = c.benchmark_group("setup");
    group.sample_size(10);
    group.bench_function("segmenter_new", |b| b.iter(Segmenter::new));
    group.finish();
}

/// The normalised texts as `{"id", "text"}` JSON Lines for the Python baseline.
fn write_python_input(texts: &[String]) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-input");
    if std::fs::create_dir_all(&dir).is_err() {
        return;
    }
    let lines: Vec<String> = texts
        .iter()
        .enumerate()
        .map(|(i, t)| serde_json::json!({"id": i.to_string(), "text": t}).to_string())
        .collect();
    let _ = std::fs::write(dir.join("segment.jsonl"), lines.join("\n") + "\n");
}

criterion_group!(benches, text);
criterion_main!(benches);
