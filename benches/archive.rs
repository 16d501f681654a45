//! The searchable archive: indexing throughput on one thread, and query latency (p50/p99) of a
//! two-word query with one filter over an archive of 1M generated opinions.
//!
//! ```text
//! cargo bench --no-default-features --features archive --bench archive     # 1M opinions
//! MINYI_BENCH_ARCHIVE_N=200000 cargo bench --no-default-features --features archive --bench archive
//! ```
//!
//! Records are made straight from the project's generator (seeded), with the planted articles,
//! duplicate groups, contact points and dates, so the bench skips `minyi analyze`. The 1M
//! archive is built once (on two threads) and its build time is printed; criterion then times
//! the queries, and the p50/p99 over varied queries are printed beside its report.
//!
//! On a quiet machine (2026-11-29 05:40, load average 1.3, nothing else running): one thread
//! indexes **59.2k opinions/s** (criterion median, 20k opinions, `Archive::open` included);
//! 1M opinions are indexed in **9.9 s** on two threads (101k/s); over 1M, 1,600 searches of the
//! eight two-word queries with one filter give **p50 3.75 ms, p99 9.28 ms** (max 9.72 ms), and
//! the heaviest takes 8.8 ms (criterion median).
//!
//! Earlier the same day, while other work was running (wall figures are criterion's medians,
//! with the 1-minute load average when the run started):
//!
//! - One thread indexes 20k opinions (281 bytes of text each on average; the time includes
//!   `Archive::open`, which loads the dictionary) at 37.9k opinions/s (median of three runs
//!   under load 3.4–3.6: 37.9k, 36.7k, 40.4k/s; the code before the tokenizer work gave 25.8k,
//!   27.8k, 27.7k/s in runs interleaved with these). Under load 5.5–5.8: 32.2k, 29.5k, 33.6k/s
//!   (before: 20.4k, 22.0k, 22.3k/s). In instructions (callgrind, 20k opinions, the indexing
//!   thread and the add call): 2.51 G, down from 4.89 G, 125k an opinion. What is left: jieba's
//!   cut 25%, tantivy's postings 23% and segment serialisation 13%, normalisation 9%; opening
//!   costs 0.47 G more (the dictionary, and the table of traditional characters).
//! - 1M opinions are indexed in 17.2 s on two threads (58.0k/s; load 3.9; before: 25.3 s under
//!   load 5.4).
//! - Over 1M, 1,600 searches of the eight queries below give p50 3.5 ms and p99 13.1 ms (load
//!   3.9; another run under load 4.5: p50 3.6 ms, p99 9.6 ms; before, under load 5.4: p50
//!   3.4 ms, p99 12.7 ms); the heaviest, 电动车 充电 with article 28, takes 8.8 ms (criterion;
//!   before: 8.7 ms). Earlier, under a load average of about 2: p50 3.8 ms, p99 9.5 ms. A
//!   search also got cheaper, since its snippets are cut by the same tokenizer: 160 searches
//!   of these queries over 20k opinions take 0.97 G instructions, down from 1.68 G (callgrind).
//!
//! A query's cost is dominated by counting every match (the exact total and the facets rule
//! out tantivy's block-WAND top-k pruning), and the generated corpus is all about e-bikes.
#![allow(clippy::print_stderr)]

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use minyi_core::{Archive, ArchiveQuery, ArchiveRecord};

fn records(n: usize) -> Vec<ArchiveRecord> {
    minyi_sample::Generator::new(minyi_sample::DEFAULT_SEED)
        .iter(n)
        .map(|o| {
            let mut r = ArchiveRecord::new(o.id, o.text);
            r.articles = o.truth.articles.clone();
            if let Some(g) = o.truth.dup_group {
                r.group = Some(format!("g{g}"));
            }
            r.contact_point = Some(o.contact_point);
            r.channel = Some(o.channel);
            r.submitter_group = Some(o.group);
            r.date = Some(o.date);
            r
        })
        .collect()
}

fn indexing(c: &mut Criterion) {
    let n = 20_000;
    let input = records(n);
    let bytes: usize = input.iter().map(|r| r.text.len()).sum();
    eprintln!(
        "indexing input: {n} opinions, {:.0} bytes of text each on average",
        bytes as f64 / n as f64
    );
    let mut group = c.benchmark_group("archive_index");
    group.throughput(Throughput::Elements(n as u64));
    group.sample_size(10);
    group.bench_function("one_thread", |b| {
        b.iter_with_large_drop(|| {
            let dir = tempfile::tempdir().expect("temp dir");
            let mut archive = Archive::open(dir.path()).expect("open");
            archive.threads(1);
            let added = archive.add("bench", black_box(&input)).expect("add");
            assert_eq!(added, n as u64);
            dir
        });
    });
    group.finish();
}

/// Two-word queries, each with one filter (an article, a contact point or a date range).
fn queries() -> Vec<ArchiveQuery> {
    let words = [
        "电动车 充电",
        "楼道 停放",
        "头盔 佩戴",
        "物业 管理",
        "充电 收费",
        "罚款 标准",
        "登记 上牌",
        "外卖 骑手",
    ];
    let mut out = Vec::new();
    for (i, w) in words.iter().enumerate() {
        let mut q = ArchiveQuery::new(*w);
        match i % 3 {
            0 => {
                q.article(28);
            }
            1 => {
                q.contact_point("滨江市人大常委会法制工作委员会");
            }
            _ => {
                q.since("2026-11-10").expect("date");
            }
        }
        out.push(q);
    }
    out
}

fn querying(c: &mut Criterion) {
    let n: usize = std::env::var("MINYI_BENCH_ARCHIVE_N")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    let dir = tempfile::tempdir().expect("temp dir");
    let mut archive = Archive::open(dir.path()).expect("open");
    archive.threads(2);
    let mut built = Duration::ZERO;
    // In batches of 100k: the generator's records are dropped after each add.
    let mut left = n;
    let mut batch = 0;
    let generated = Instant::now();
    let all = records(n);
    let generated = generated.elapsed();
    while left > 0 {
        let take = left.min(100_000);
        let start = n - left;
        let t = Instant::now();
        archive.add(&format!("c{batch}"), &all[start..start + take]).expect("add");
        built += t.elapsed();
        left -= take;
        batch += 1;
    }
    drop(all);
    eprintln!(
        "archive of {n} opinions: generated in {:.1} s, indexed in {:.1} s on 2 threads = {:.0} opinions/s ({:.0} per thread)",
        generated.as_secs_f64(),
        built.as_secs_f64(),
        n as f64 / built.as_secs_f64(),
        n as f64 / built.as_secs_f64() / 2.0
    );
    let qs = queries();
    for q in &qs {
        let r = archive.search(q).expect("search");
        assert!(r.total > 0, "{q:?} finds something");
    }
    // Latency distribution over the varied queries.
    let mut times = Vec::with_capacity(qs.len() * 200);
    for _ in 0..200 {
        for q in &qs {
            let t = Instant::now();
            black_box(archive.search(q).expect("search"));
            times.push(t.elapsed());
        }
    }
    times.sort();
    let at = |p: f64| times[((times.len() as f64 * p) as usize).min(times.len() - 1)];
    eprintln!(
        "query latency over {n} opinions, {} searches of 8 two-word queries with one filter: p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
        times.len(),
        at(0.50).as_secs_f64() * 1e3,
        at(0.99).as_secs_f64() * 1e3,
        times[times.len() - 1].as_secs_f64() * 1e3
    );
    let mut group = c.benchmark_group("archive_query");
    group.sample_size(50);
    let q = &qs[0];
    group.bench_function("two_words_one_filter", |b| {
        b.iter(|| {
            let r = archive.search(black_box(q)).expect("search");
            assert!(!r.hits.is_empty());
            r.total
        });
    });
    group.finish();
}

criterion_group!(benches, indexing, querying);
criterion_main!(benches);
