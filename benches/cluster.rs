//! Topic clustering throughput: every point of a generated consultation (the project's
//! generator, seeded: about a hundred planted opinion points, each in many wordings) in one
//! bucket, the hardest case (a topic holds thousands of points), on the rayon pool and on one
//! thread. Normalisation, segmentation and the term statistics are made once, outside the
//! measurement.
//!
//! ```text
//! cargo bench --bench cluster
//! ```

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use minyi_core::{Clusterer, DistinctPoint, Normalizer, Segmenter, TermStats};

/// The content terms of `n` generated opinions.
fn terms(n: usize) -> Vec<Vec<String>> {
    let normalizer = Normalizer::new();
    let segmenter = Segmenter::new();
    minyi_sample::Generator::new(minyi_sample::DEFAULT_SEED)
        .iter(n)
        .map(|o| {
            let norm = normalizer.normalize(&o.text);
            segmenter
                .segment(norm.as_str())
                .iter()
                .filter(|t| t.is_content())
                .map(|t| t.text().to_owned())
                .collect()
        })
        .collect()
}

fn cluster(c: &mut Criterion) {
    let clusterer = Clusterer::new();
    for n in [10_000, 50_000] {
        let terms = terms(n);
        let stats = TermStats::new(terms.iter().map(|t| t.iter()));
        let points: Vec<DistinctPoint<'_>> =
            terms.iter().map(|t| DistinctPoint::new(t.iter().map(String::as_str), 1)).collect();
        let check = |topics: &[minyi_core::Topic]| {
            let covered: usize = topics.iter().map(|t| t.members().len()).sum();
            assert_eq!(covered, n, "every point in one topic");
            assert!(topics.len() < n / 10, "the generated wordings make large topics");
            topics.len()
        };
        let mut group = c.benchmark_group(format!("cluster_{n}"));
        group.throughput(Throughput::Elements(n as u64));
        group.sample_size(10);
        group.bench_function("rayon", |b| {
            b.iter(|| check(&clusterer.cluster(&stats, black_box(&points))));
        });
        let one = rayon::ThreadPoolBuilder::new().num_threads(1).build().expect("a pool");
        group.bench_function("single_thread", |b| {
            b.iter(|| one.install(|| check(&clusterer.cluster(&stats, black_box(&points)))));
        });
        group.finish();
    }
    let terms = terms(10_000);
    let mut group = c.benchmark_group("term_stats_10000");
    group.throughput(Throughput::Elements(terms.len() as u64));
    group.bench_function("count", |b| {
        b.iter(|| TermStats::new(black_box(&terms).iter().map(|t| t.iter())).terms());
    });
    group.finish();
}

criterion_group!(benches, cluster);
criterion_main!(benches);
