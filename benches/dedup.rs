//! Duplicate detection throughput on generated consultations (the project's generator, seeded:
//! exact copies, near copies and campaigns planted), on one thread and on the rayon pool.
//!
//! ```text
//! cargo bench --bench dedup
//! ```
//!
//! The side-by-side comparison with the Python datasketch baseline is made on the same
//! generated files (`minyi-sample --format jsonl --n 100000`, then `minyi dedup` and
//! `../shared/peers/py_datasketch_dedup.py`; `benches/compare-dedup.sh` does both).
//!
//! Last measured 2026-11-29 (third session, load average about 1.4): this bench's medians
//! are 69.4 ms for 10k opinions on the rayon pool and 98.8 ms on one thread; 420 and 663 ms
//! for 50k. `benches/compare`, whole processes on the same generated files (with letters that
//! quote another opinion whole): 10k 0.08 s wall and 45 MB against datasketch's 3.32 s and
//! 313 MB (41.5x); 100k 1.14 s and 178 MB (1.8 KB an opinion) against 178.1 s and 5.7 GB
//! (156x); 1M 17.5 s, stage 14.9 s, 1.53 GB (1.5 KB an opinion).

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use minyi_core::{Deduper, Field, Opinion, Source};

fn opinions(n: usize) -> Vec<Opinion> {
    minyi_sample::Generator::new(minyi_sample::DEFAULT_SEED)
        .iter(n)
        .enumerate()
        .map(|(i, o)| {
            Opinion::new(o.id, o.text, Source::new("generated", i as u64 + 2))
                .with_field(Field::Submitter, o.submitter)
        })
        .collect()
}

fn dedup(c: &mut Criterion) {
    let deduper = Deduper::new();
    for n in [10_000, 50_000] {
        let input = opinions(n);
        let mut group = c.benchmark_group(format!("dedup_{n}"));
        group.throughput(Throughput::Elements(n as u64));
        group.sample_size(10);
        group.bench_function("rayon", |b| {
            b.iter(|| {
                let found = deduper.run(black_box(&input));
                assert!(found.copies() > n / 10, "the generator plants copies");
                found.groups().len()
            });
        });
        let one = rayon::ThreadPoolBuilder::new().num_threads(1).build().expect("a pool");
        group.bench_function("single_thread", |b| {
            b.iter(|| one.install(|| deduper.run(black_box(&input)).groups().len()));
        });
        group.finish();
    }
}

criterion_group!(benches, dedup);
criterion_main!(benches);
