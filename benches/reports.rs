//! What an analysis is handed over as, on 10,000 generated opinions (the project's generator,
//! seeded) analysed once: `analysis.json` (on the rayon pool and on one thread), the
//! statistics, `report.html`, and the exports of minyi-table (gathering the 汇总表 rows,
//! `opinions.csv`, `opinions.parquet`, `汇总表.xlsx`). Throughput is in opinions.
//!
//! ```text
//! cargo bench --bench reports
//! ```
//!
//! The writers run one after the other in `minyi analyze`; `-v` logs how long they take at
//! any size (`minyi analyze -v --draft … --opinions … -o OUT`).
//!
//! Criterion medians on the shared 2-core machine (2026-11-29, load average 1.4), for 10,000
//! opinions: analysis.json 24.7 ms on the rayon pool and 40.4 ms on one thread, the
//! statistics 18.2 ms, report.html 2.0 ms, gathering the 汇总表 rows 13.1 ms, opinions.csv
//! 19.9 ms, opinions.parquet 35.0 ms, 汇总表.xlsx 168 ms (its 意见明细 sheet lists each opinion,
//! up to 100,000). Making each opinion's row (its redacted text, article labels, topic)
//! dominates the CSV and Parquet writers.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use minyi_core::{Analysis, Draft, Field, Opinion, Pipeline, Source, Stats, StatsRecord};
use minyi_table::Export;

fn opinions(n: usize) -> Vec<Opinion> {
    minyi_sample::Generator::new(minyi_sample::DEFAULT_SEED)
        .iter(n)
        .enumerate()
        .map(|(i, o)| {
            let mut opinion = Opinion::new(o.id, o.text, Source::new("意见.jsonl", i as u64 + 2))
                .with_field(Field::Submitter, o.submitter)
                .with_field(Field::ContactPoint, o.contact_point)
                .with_field(Field::Collector, o.collector)
                .with_field(Field::Channel, o.channel)
                .with_field(Field::Group, o.group)
                .with_field(Field::Date, o.date);
            if let Some(column) = o.article_column {
                opinion = opinion.with_field(Field::Article, column);
            }
            opinion
        })
        .collect()
}

fn reports(c: &mut Criterion) {
    let draft = Draft::parse(minyi_sample::draft_text()).expect("the sample draft parses");
    let n = 10_000;
    let input = opinions(n);
    let analysis: Analysis = Pipeline::new().expect("default options").run(Some(&draft), &input);
    let stats = Stats::compute(&StatsRecord::from_analysis(&analysis, &input).expect("same input"));
    let export = Export::new(&analysis, &input, Some(&draft));
    let dir = tempfile::tempdir().expect("a temporary folder");
    let xlsx = dir.path().join("汇总表.xlsx");

    let mut group = c.benchmark_group(format!("reports_{n}"));
    group.throughput(Throughput::Elements(n as u64));
    group.sample_size(10);
    group.bench_function("analysis_json", |b| {
        let mut out = Vec::with_capacity(16 << 20);
        b.iter(|| {
            out.clear();
            analysis.write_json(black_box(&input), &mut out).expect("writes to memory");
            out.len()
        });
    });
    let one = rayon::ThreadPoolBuilder::new().num_threads(1).build().expect("a pool");
    group.bench_function("analysis_json_single_thread", |b| {
        let mut out = Vec::with_capacity(16 << 20);
        b.iter(|| {
            out.clear();
            one.install(|| analysis.write_json(black_box(&input), &mut out))
                .expect("writes to memory");
            out.len()
        });
    });
    group.bench_function("statistics", |b| {
        b.iter(|| {
            let records = StatsRecord::from_analysis(&analysis, black_box(&input)).expect("same");
            Stats::compute(&records).analysed()
        });
    });
    group.bench_function("report_html", |b| {
        b.iter(|| {
            minyi_table::report_html(&analysis, black_box(&input), Some(&draft), &stats).len()
        });
    });
    group.bench_function("export_gather", |b| {
        b.iter(|| Export::new(&analysis, black_box(&input), Some(&draft)).suggestions().len());
    });
    group.bench_function("opinions_csv", |b| {
        let mut out = Vec::with_capacity(16 << 20);
        b.iter(|| {
            out.clear();
            export.write_csv(&mut out).expect("writes to memory");
            out.len()
        });
    });
    group.bench_function("opinions_parquet", |b| {
        let mut out = Vec::with_capacity(16 << 20);
        b.iter(|| {
            out.clear();
            export.write_parquet(&mut out).expect("writes to memory");
            out.len()
        });
    });
    group.bench_function("summary_xlsx", |b| {
        b.iter(|| export.write_xlsx(black_box(&xlsx)).expect("writes the workbook"));
    });
    group.finish();
}

criterion_group!(benches, reports);
criterion_main!(benches);
