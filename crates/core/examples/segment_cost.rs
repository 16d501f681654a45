//! What segmentation through `Segmenter` costs next to raw jieba-rs `cut`, counted in
//! instructions (stable on a noisy machine) rather than in seconds:
//!
//! ```text
//! cargo build --release -p minyi-core --example segment_cost
//! for mode in setup raw minyi; do
//!   valgrind --tool=callgrind --callgrind-out-file=/dev/null \
//!     target/release/examples/segment_cost $mode TEXTS.jsonl 2>&1 | grep refs
//! done
//! ```
//!
//! `setup` loads both segmenters and reads the texts; `raw` then cuts every text with jieba-rs
//! (same dictionary); `minyi` segments them with [`minyi_core::Segmenter`]. The cost of each is
//! its count minus the setup's. TEXTS.jsonl holds `{"text": …}` lines (the benchmark writes
//! `target/bench-input/segment.jsonl`).
//!
//! `time` segments every text with [`minyi_core::Segmenter`] on one thread and prints the
//! seconds and MB/s (1e6 UTF-8 bytes a second), as `../shared/peers/py_jieba_seg.py` does for
//! Python jieba; `benches/compare` prints the two side by side.
#![allow(clippy::print_stdout)]

use std::hint::black_box;

fn main() {
    let mut args = std::env::args().skip(1);
    let mode = args.next().unwrap_or_default();
    let path = args.next().unwrap_or_else(|| "target/bench-input/segment.jsonl".into());
    let texts: Vec<String> = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {path}: {e}"))
        .lines()
        .filter_map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).ok()?;
            Some(v["text"].as_str()?.to_owned())
        })
        .collect();
    let segmenter = minyi_core::Segmenter::new();
    let mut jieba = jieba_rs::Jieba::new();
    let dict = include_str!("../../../corpora/dict/legal_dict.txt");
    jieba.load_dict(&mut dict.as_bytes()).expect("the shipped dictionary");
    if mode == "time" {
        let bytes: usize = texts.iter().map(String::len).sum();
        let started = std::time::Instant::now();
        let tokens: usize = texts.iter().map(|t| segmenter.segment(black_box(t)).len()).sum();
        let seconds = started.elapsed().as_secs_f64();
        println!(
            "docs={} bytes={bytes} tokens={tokens} seg_s={seconds:.3} MB_per_s={:.2}",
            texts.len(),
            bytes as f64 / 1e6 / seconds
        );
        return;
    }
    let tokens: usize = match mode.as_str() {
        "raw" => texts.iter().map(|t| jieba.cut(black_box(t), true).len()).sum(),
        "minyi" => texts.iter().map(|t| segmenter.segment(black_box(t)).len()).sum(),
        _ => 0,
    };
    println!("{mode}: {} texts, {tokens} tokens", texts.len());
}
