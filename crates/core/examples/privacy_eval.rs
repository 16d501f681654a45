//! Redaction scored against the personal data planted in the sample, or listed on real texts
//! for a hand check:
//!
//! ```text
//! cargo run --release -p minyi-core --example privacy_eval
//! cargo run --release -p minyi-core --example privacy_eval -- OPINIONS.jsonl TRUTH.jsonl
//! cargo run --release -p minyi-core --example privacy_eval -- --real MESSAGES.jsonl [SHOW]
//! ```
//!
//! Scoring (defaults: `corpora/sample/opinions.jsonl` and `truth.jsonl`): each opinion is
//! redacted with its submitter's name. A planted value is *found* when a removal of its kind
//! covers every digit, letter and (for names and e-mail) character of it: for an address that
//! is the door number, since the road and district are kept on purpose. A removal is *right*
//! when it overlaps a planted value of its kind. Names planted that are not the submitter's own
//! (a copy of someone else's letter) are counted apart: nobody asked for them.
//!
//! `--real` redacts the `detail_stripped` (else `detail`, `text`) field of every line and
//! prints the counts per kind and SHOW removals (default 20), evenly spread, in context.
#![allow(clippy::print_stdout)]

use std::collections::BTreeMap;
use std::ops::Range;

use minyi_core::{PersonalKind, Redactor, Removal};

fn read(path: &str) -> Vec<serde_json::Value> {
    std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("cannot read {path}: {e}"))
        .lines()
        .filter_map(|l| serde_json::from_str(l).ok())
        .collect()
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("--real") {
        let show = args.get(2).and_then(|n| n.parse().ok()).unwrap_or(20);
        real(args.get(1).expect("--real MESSAGES.jsonl"), show);
        return;
    }
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../../corpora/sample");
    let opinions = args.first().cloned().unwrap_or_else(|| format!("{root}/opinions.jsonl"));
    let truth = args.get(1).cloned().unwrap_or_else(|| format!("{root}/truth.jsonl"));
    score(&read(&opinions), &read(&truth));
}

/// Per kind: planted, found, not asked (names), removals, right.
#[derive(Default)]
struct Tally {
    planted: usize,
    found: usize,
    not_asked: usize,
    removals: usize,
    right: usize,
}

fn kind_of(name: &str) -> PersonalKind {
    PersonalKind::from_name(name).unwrap_or_else(|| panic!("unknown kind {name:?} in the truth"))
}

fn overlaps(a: &Range<usize>, b: &Range<usize>) -> bool {
    a.start < b.end && b.start < a.end
}

/// Whether the removals of `kind` cover what identifies the value at `span`.
fn covered(text: &str, span: &Range<usize>, kind: PersonalKind, removals: &[Removal]) -> bool {
    let inside = |i: usize| removals.iter().any(|r| r.kind() == kind && r.span().contains(&i));
    let whole = matches!(kind, PersonalKind::Name | PersonalKind::Email);
    text[span.clone()]
        .char_indices()
        .filter(|(_, c)| whole || c.is_alphanumeric() && !is_han(*c))
        .all(|(i, _)| inside(span.start + i))
}

fn is_han(c: char) -> bool {
    ('\u{4E00}'..='\u{9FFF}').contains(&c)
}

fn context(text: &str, span: &Range<usize>, chars: usize) -> String {
    let before: String = text[..span.start]
        .chars()
        .rev()
        .take(chars)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    let after: String = text[span.end..].chars().take(chars).collect();
    format!("{before}[{}]{after}", &text[span.clone()]).replace(['\n', '\r', '\t'], " ")
}

fn score(opinions: &[serde_json::Value], truth: &[serde_json::Value]) {
    let redactor = Redactor::new();
    let truth: BTreeMap<&str, &serde_json::Value> =
        truth.iter().filter_map(|t| Some((t["id"].as_str()?, t))).collect();
    let mut tally: BTreeMap<PersonalKind, Tally> = BTreeMap::new();
    let mut notes = Vec::new();
    let mut bytes = 0;
    let started = std::time::Instant::now();
    for o in opinions {
        let id = o["id"].as_str().unwrap_or_default();
        let text = o["text"].as_str().unwrap_or_default();
        let submitter = o["submitter"].as_str().unwrap_or_default();
        bytes += text.len();
        let redacted = redactor.redact_with_names(text, &[submitter]);
        let removals = redacted.removals();
        // Every occurrence of every planted value.
        let mut planted: Vec<(PersonalKind, Range<usize>, bool)> = Vec::new();
        let personal =
            truth.get(id).and_then(|t| t["personal"].as_array()).cloned().unwrap_or_default();
        for p in &personal {
            let kind = kind_of(p["kind"].as_str().unwrap_or_default());
            let value = p["value"].as_str().unwrap_or_default();
            let asked = kind != PersonalKind::Name || value == submitter;
            for (start, _) in text.match_indices(value) {
                let span = start..start + value.len();
                if !planted.iter().any(|(k, s, _)| *k == kind && *s == span) {
                    planted.push((kind, span, asked));
                }
            }
        }
        for (kind, span, asked) in &planted {
            let t = tally.entry(*kind).or_default();
            if !asked {
                t.not_asked += 1;
                continue;
            }
            t.planted += 1;
            if covered(text, span, *kind, removals) {
                t.found += 1;
            } else {
                notes.push(format!("missed {kind} in {id}: {}", context(text, span, 12)));
            }
        }
        for r in removals {
            let t = tally.entry(r.kind()).or_default();
            t.removals += 1;
            if planted.iter().any(|(k, s, _)| *k == r.kind() && overlaps(s, &r.span())) {
                t.right += 1;
            } else {
                notes.push(format!("wrong {} in {id}: {}", r.kind(), context(text, &r.span(), 12)));
            }
        }
    }
    let elapsed = started.elapsed();
    println!(
        "{} opinions, {bytes} bytes, redacted in {:.1} ms",
        opinions.len(),
        elapsed.as_secs_f64() * 1e3
    );
    println!(
        "{:<14} {:>7} {:>6} {:>7} {:>9} {:>6} {:>9} {:>7}",
        "kind", "planted", "found", "recall", "removals", "right", "precision", "not asked"
    );
    let mut all = Tally::default();
    for (kind, t) in &tally {
        println!(
            "{:<14} {:>7} {:>6} {:>7} {:>9} {:>6} {:>9} {:>7}",
            kind.name(),
            t.planted,
            t.found,
            ratio(t.found, t.planted),
            t.removals,
            t.right,
            ratio(t.right, t.removals),
            t.not_asked
        );
        all.planted += t.planted;
        all.found += t.found;
        all.removals += t.removals;
        all.right += t.right;
        all.not_asked += t.not_asked;
    }
    println!(
        "{:<14} {:>7} {:>6} {:>7} {:>9} {:>6} {:>9} {:>7}",
        "all",
        all.planted,
        all.found,
        ratio(all.found, all.planted),
        all.removals,
        all.right,
        ratio(all.right, all.removals),
        all.not_asked
    );
    for note in notes {
        println!("{note}");
    }
}

fn ratio(a: usize, b: usize) -> String {
    if b == 0 { "-".to_owned() } else { format!("{:.3}", a as f64 / b as f64) }
}

fn real(path: &str, show: usize) {
    let redactor = Redactor::new();
    let rows = read(path);
    let mut found: Vec<(String, PersonalKind, String)> = Vec::new();
    let mut counts: BTreeMap<PersonalKind, usize> = BTreeMap::new();
    let mut bytes = 0;
    let mut touched = 0;
    let started = std::time::Instant::now();
    for (i, v) in rows.iter().enumerate() {
        let text = ["detail_stripped", "detail", "text"]
            .iter()
            .find_map(|f| v[*f].as_str())
            .unwrap_or_default();
        bytes += text.len();
        let id = v["id"].as_str().map_or_else(|| (i + 1).to_string(), str::to_owned);
        let redacted = redactor.redact(text);
        touched += usize::from(!redacted.is_unchanged());
        for r in redacted.removals() {
            *counts.entry(r.kind()).or_default() += 1;
            found.push((id.clone(), r.kind(), context(text, &r.span(), 15)));
        }
    }
    let elapsed = started.elapsed();
    println!(
        "{} texts, {bytes} bytes, {:.1} ms ({:.0} MB/s); {touched} texts changed, {} removals",
        rows.len(),
        elapsed.as_secs_f64() * 1e3,
        bytes as f64 / 1e6 / elapsed.as_secs_f64(),
        found.len()
    );
    for (kind, n) in &counts {
        println!("  {:<14} {n}", kind.name());
    }
    let step = (found.len() as f64 / show.max(1) as f64).max(1.0);
    let mut k = 0.0;
    while (k as usize) < found.len() {
        let (id, kind, ctx) = &found[k as usize];
        println!("{id}\t{kind}\t{ctx}");
        k += step;
    }
}
