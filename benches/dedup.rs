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
//! Last measured 2026-11-29, whole processes side by side on 2 shared cores (load average
//! about 1.3), 10k generated opinions, `minyi dedup FILE --jsonl` against
//! `py_datasketch_dedup.py --threshold 0.5 --verify 0.5` (`perf stat -r 15`, datasketch `-r 3`):
//! minyi 0.063 s wall, 0.095 s CPU, 88 MB peak; datasketch 2.79 s wall, 2.85 s CPU, 307 MB:
//! 44x wall, 30x CPU (before the 2026-11-29 changes: 0.111 s wall, 0.147 s CPU, 42 MB, 25x).
//!
//! Memory, measured 2026-11-29 after the JSON Lines reader began to stream and the LSH band
//! keys to be made straight from the signatures (`/usr/bin/time -f %M`, whole process, 2
//! threads, median of 15 at 10k): 10k 51 MB (was 92 MB, same 0.07 s wall); 100k 205-212 MB,
//! 2.1 KB an opinion (was 320-340 MB); 1M 1.74-1.79 GB, 1.8 KB an opinion (was 2.34-2.46 GB),
//! 14.8 s wall against 14.7 s before. datasketch holds about 16 KB an opinion.

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
