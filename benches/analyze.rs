//! Assignment and the whole pipeline (dedup, assign, cluster) on generated consultations (the
//! project's generator, seeded), on one thread and on the rayon pool.
//!
//! ```text
//! cargo bench --bench analyze
//! ```
//!
//! End-to-end figures with file reading and `analysis.json` come from the release binary:
//! `minyi-sample --format jsonl --n 100000 --out corpora/generated/100k`, then
//! `minyi analyze -v --draft corpora/sample/草案.md --opinions corpora/generated/100k/opinions.jsonl`
//! (`-v` logs the time of each stage).

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use minyi_core::{Assigner, Draft, Field, Normalizer, Opinion, Pipeline, Segmenter, Source};

fn opinions(n: usize) -> Vec<Opinion> {
    minyi_sample::Generator::new(minyi_sample::DEFAULT_SEED)
        .iter(n)
        .enumerate()
        .map(|(i, o)| {
            let mut opinion = Opinion::new(o.id, o.text, Source::new("generated", i as u64 + 2))
                .with_field(Field::Submitter, o.submitter)
                .with_field(Field::ContactPoint, o.contact_point);
            if let Some(column) = o.article_column {
                opinion = opinion.with_field(Field::Article, column);
            }
            opinion
        })
        .collect()
}

fn assign(c: &mut Criterion) {
    let draft = Draft::parse(minyi_sample::draft_text()).expect("the sample draft parses");
    let assigner = Assigner::new(&draft, &Segmenter::new()).expect("default options");
    let normalizer = Normalizer::new();
    let texts: Vec<String> = opinions(2_000)
        .iter()
        .map(|o| normalizer.normalize(o.text()).as_str().to_owned())
        .collect();
    let bytes: usize = texts.iter().map(String::len).sum();
    let mut group = c.benchmark_group("assign");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.sample_size(10);
    group.bench_function("2000_opinions_single_thread", |b| {
        b.iter(|| {
            texts.iter().filter(|t| !assigner.assign(black_box(t), None).is_general()).count()
        });
    });
    group.finish();
}

fn pipeline(c: &mut Criterion) {
    let draft = Draft::parse(minyi_sample::draft_text()).expect("the sample draft parses");
    let pipeline = Pipeline::new().expect("default options");
    let n = 10_000;
    let input = opinions(n);
    let mut group = c.benchmark_group(format!("pipeline_{n}"));
    group.throughput(Throughput::Elements(n as u64));
    group.sample_size(10);
    group.bench_function("rayon", |b| {
        b.iter(|| pipeline.run(Some(black_box(&draft)), black_box(&input)).topics().len());
    });
    let one = rayon::ThreadPoolBuilder::new().num_threads(1).build().expect("a pool");
    group.bench_function("single_thread", |b| {
        b.iter(|| one.install(|| pipeline.run(Some(&draft), &input).topics().len()));
    });
    group.finish();
}

criterion_group!(benches, assign, pipeline);
criterion_main!(benches);
