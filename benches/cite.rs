//! Citation extraction throughput: it runs on every opinion, so it has to keep up with reading.
//!
//! Input: the real messages of `../shared/corpora/messages` (the `detail` field, whole
//! messages, most without any citation: the common case), else the project's sample opinions
//! (`corpora/sample/opinions.jsonl`, a consultation where many opinions cite articles). Also
//! measured: the sentences of the citation dev set (every one a citation) and the messages cut
//! into sentences (。！？), which is the unit the throughput is reported in.
//!
//! ```text
//! cargo bench --bench cite
//! ```

#![allow(clippy::print_stderr)] // a benchmark says what it measures on

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use minyi_core::{CiteContext, Citer};

fn read_field(path: &Path, field: &str) -> Option<Vec<String>> {
    let jsonl = std::fs::read_to_string(path).ok()?;
    Some(
        jsonl
            .lines()
            .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
            .filter_map(|v| v[field].as_str().map(str::to_owned))
            .collect(),
    )
}

/// The texts to measure on, and what they are.
fn messages() -> (String, Vec<String>) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let shared = root.join("../shared/corpora/messages/tipdm2020C_att3_hot_messages.jsonl");
    if let Some(texts) = read_field(&shared, "detail") {
        return (format!("real messages (tipdm2020C_att3, {})", texts.len()), texts);
    }
    eprintln!("../shared/corpora is absent: measuring on the sample opinions instead");
    let texts = read_field(&root.join("corpora/sample/opinions.jsonl"), "text").unwrap_or_default();
    (format!("sample opinions ({})", texts.len()), texts)
}

fn sentences(texts: &[String]) -> Vec<String> {
    texts
        .iter()
        .flat_map(|t| t.split_inclusive(['。', '！', '？', '\n']))
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

fn bytes(texts: &[String]) -> u64 {
    texts.iter().map(|t| t.len() as u64).sum()
}

fn cite(c: &mut Criterion) {
    let citer = Citer::new();
    let ctx = CiteContext::from_title("滨江市电动自行车管理条例（草案）");
    let (what, messages) = messages();
    let sentences = sentences(&messages);
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dev = read_field(&root.join("../shared/eval/citations_dev.jsonl"), "text");
    let sample =
        read_field(&root.join("corpora/sample/opinions.jsonl"), "text").unwrap_or_default();
    let refs_in =
        |texts: &[String]| -> usize { texts.iter().map(|t| citer.extract(t, &ctx).len()).sum() };
    eprintln!(
        "input: {what}: {} texts, {} sentences, {} bytes, {} refs",
        messages.len(),
        sentences.len(),
        bytes(&messages),
        refs_in(&messages)
    );

    let mut sets =
        vec![("messages", messages), ("message_sentences", sentences), ("sample_opinions", sample)];
    if let Some(dev) = dev {
        sets.push(("dev_sentences", dev));
    }
    for (name, texts) in &sets {
        if texts.is_empty() {
            continue;
        }
        let expected = refs_in(texts);
        let mut group = c.benchmark_group(format!("cite/{name}"));
        group.throughput(Throughput::Elements(texts.len() as u64));
        group.bench_function("texts", |b| {
            b.iter(|| {
                let mut n = 0;
                for t in texts {
                    n += citer.extract(black_box(t), &ctx).len();
                }
                assert_eq!(n, expected);
            });
        });
        group.throughput(Throughput::Bytes(bytes(texts)));
        group.bench_function("bytes", |b| {
            b.iter(|| {
                for t in texts {
                    black_box(citer.extract(black_box(t), &ctx));
                }
            });
        });
        group.finish();
    }
    c.bench_function("cite/context_from_title", |b| {
        b.iter(|| CiteContext::from_title(black_box("滨江市电动自行车管理条例（草案征求意见稿）")));
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = cite
}
criterion_main!(benches);
