//! What citation extraction costs on the real messages, and what it outputs, for checking that
//! a speed-up changes nothing:
//!
//! ```text
//! cargo build --release -p minyi-core --example cite_cost
//! target/release/examples/cite_cost dump /tmp/cite-before.jsonl   # every result as JSON
//! target/release/examples/cite_cost time                          # sentences/s, MB/s
//! for mode in setup run; do
//!   valgrind --tool=callgrind --callgrind-out-file=/dev/null \
//!     target/release/examples/cite_cost $mode 2>&1 | grep refs
//! done
//! ```
//!
//! Inputs: the `detail` of the hot messages (`../shared/corpora/messages`), the `detail` and
//! `reply` of the messages with replies, the dev set's `text`, and the sample opinions' `text`,
//! each whole and cut into sentences (。！？ and line breaks, as the benchmark does). `dump`
//! runs them under two settings (the benchmark's title with sentence reset; no title, an
//! article given and paragraph reset). `time` and `run` measure the messages' sentences with
//! the benchmark's settings; `setup` only reads them.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::fmt::Write as _;
use std::hint::black_box;
use std::path::Path;
use std::time::Instant;

use minyi_core::{CiteContext, Citer, LawReset};

fn read_field(path: &Path, field: &str) -> Vec<String> {
    let Ok(jsonl) = std::fs::read_to_string(path) else {
        eprintln!("{} is absent: skipped", path.display());
        return Vec::new();
    };
    jsonl
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter_map(|v| v[field].as_str().map(str::to_owned))
        .collect()
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

fn main() {
    let mut args = std::env::args().skip(1);
    let mode = args.next().unwrap_or_default();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let shared = root.join("../shared");
    let messages = shared.join("corpora/messages");
    let hot = read_field(&messages.join("tipdm2020C_att3_hot_messages.jsonl"), "detail");
    let citer = Citer::new();
    let ctx = CiteContext::from_title("滨江市电动自行车管理条例（草案）");
    match mode.as_str() {
        "dump" => {
            let out = args.next().unwrap_or_else(|| "/tmp/cite-dump.jsonl".into());
            let replies = messages.join("tipdm2020C_att4_messages_with_replies.jsonl");
            let mut texts = hot;
            texts.extend(read_field(&replies, "detail"));
            texts.extend(read_field(&replies, "reply"));
            texts.extend(read_field(&shared.join("eval/citations_dev.jsonl"), "text"));
            texts.extend(read_field(&root.join("corpora/sample/opinions.jsonl"), "text"));
            let mut all = sentences(&texts);
            all.extend(texts);
            let mut para = Citer::new();
            para.law_reset(LawReset::Paragraph);
            let mut ctx2 = CiteContext::new();
            ctx2.current_article(8);
            let mut s = String::new();
            let mut refs = 0;
            for t in &all {
                for (c, x) in [(&citer, &ctx), (&para, &ctx2)] {
                    let found = c.extract(t, x);
                    refs += found.len();
                    let json = serde_json::to_string(&found).expect("serialisable");
                    writeln!(s, "{json}").expect("a String takes writes");
                }
            }
            std::fs::write(&out, s).unwrap_or_else(|e| panic!("cannot write {out}: {e}"));
            println!("{} texts, {refs} refs → {out}", all.len());
        }
        "time" | "run" | "setup" => {
            let sents = sentences(&hot);
            let bytes: usize = sents.iter().map(String::len).sum();
            let rounds = if mode == "time" { 20 } else { 1 };
            if mode == "setup" {
                black_box(&sents);
                return;
            }
            let t0 = Instant::now();
            let mut n = 0;
            for _ in 0..rounds {
                for t in &sents {
                    n += citer.extract(black_box(t), &ctx).len();
                }
            }
            let secs = t0.elapsed().as_secs_f64() / f64::from(rounds);
            println!(
                "{} sentences, {bytes} bytes, {} refs: {:.3} M sentences/s, {:.1} MB/s",
                sents.len(),
                n / rounds as usize,
                sents.len() as f64 / secs / 1e6,
                bytes as f64 / secs / 1e6
            );
        }
        _ => eprintln!("usage: cite_cost dump [OUT] | time | run | setup"),
    }
}
