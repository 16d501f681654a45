//! The citation extractor on the development set of CITATIONS.md (`../shared/eval/
//! citations_dev.jsonl`): every sentence exact, refs compared as in "Use as tests" (a multiset
//! on law == draft, article, paragraph, item, range_to, article_sub; quoted refs left out) and
//! the action. Skipped with a message when the shared directory is absent.
//!
//! One allowance, by rule: a relative word that points at the sentence's own position in its
//! statute (本条, 前款, 本项… in `本条第二款第五项规定的…`) cannot be resolved from the sentence,
//! since the input carries no position; the dev set fills those levels from the source file.
//! For such refs the levels the word stands for are compared as unknown on both sides, and the
//! levels the sentence writes (第二款第五项) are compared exactly. The strict count is printed too.
#![allow(clippy::print_stderr)]

use std::path::PathBuf;

use minyi_core::{CiteContext, Citer, Law};
use serde_json::Value;

type Key = (bool, Option<u64>, Option<u64>, Option<u64>, Option<u64>, Option<u64>);

/// How many levels, from the article down, a positional relative word stands for.
fn positional_levels(word: &str) -> usize {
    match word {
        "本条" | "此条" | "前条" | "上一条" | "下一条" => 1,
        "本款" | "前款" => 2,
        "本项" | "前项" => 3,
        // 前两款 = ¶1–2 wherever it is written; only the article is positional.
        w if w.starts_with('前') => 1,
        _ => 0,
    }
}

fn mask(mut key: Key, levels: usize) -> Key {
    if levels >= 1 {
        key.1 = None;
    }
    if levels >= 2 {
        key.2 = None;
    }
    if levels >= 3 {
        key.3 = None;
    }
    key
}

fn dev_set() -> Option<String> {
    let path =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/eval/citations_dev.jsonl");
    std::fs::read_to_string(&path).ok()
}

/// Keys of the expected refs, strict and with positional levels masked.
fn expected_keys(refs: &[Value]) -> (Vec<Key>, Vec<Key>) {
    let n = |r: &Value, k: &str| r.get(k).and_then(Value::as_u64);
    let mut strict = Vec::new();
    let mut relaxed = Vec::new();
    for r in refs.iter().filter(|r| r.get("role").and_then(Value::as_str) != Some("quoted")) {
        let draft = r.get("law").and_then(Value::as_str) == Some("draft");
        let key = (
            draft,
            n(r, "article"),
            n(r, "paragraph"),
            n(r, "item"),
            n(r, "range_to"),
            n(r, "article_sub"),
        );
        let levels = r.get("relative").and_then(Value::as_str).map_or(0, positional_levels);
        strict.push(key);
        relaxed.push(mask(key, levels));
    }
    strict.sort();
    relaxed.sort();
    (strict, relaxed)
}

fn got_keys(text: &str, title: &str) -> (Vec<Key>, Vec<Key>, Option<&'static str>) {
    let found = Citer::new().extract(text, &CiteContext::from_title(title));
    let u = |n: Option<u32>| n.map(u64::from);
    let mut strict = Vec::new();
    let mut relaxed = Vec::new();
    for r in found.targets() {
        let key = (
            r.law() == Law::Draft,
            u(r.article()),
            u(r.paragraph()),
            u(r.item()),
            u(r.range_to()),
            u(r.article_sub()),
        );
        let levels = match r.relative() {
            Some(word) if r.article().is_none() => positional_levels(word),
            _ => 0,
        };
        strict.push(key);
        relaxed.push(mask(key, levels));
    }
    strict.sort();
    relaxed.sort();
    (strict, relaxed, found.action().map(|a| a.name()))
}

#[test]
fn dev_set_sentences_come_out_exactly() {
    let Some(dev) = dev_set() else {
        eprintln!("skipped: ../shared/eval/citations_dev.jsonl is not there");
        return;
    };
    let mut misses = Vec::new();
    let mut strict_exact = 0;
    let mut total = 0;
    for (line, row) in dev.lines().enumerate() {
        if row.trim().is_empty() {
            continue;
        }
        total += 1;
        let row: Value = serde_json::from_str(row).expect("valid JSON");
        let text = row["text"].as_str().expect("text");
        let title = row["context"]["draft"].as_str().unwrap_or("");
        let (want_strict, want) = expected_keys(row["refs"].as_array().expect("refs"));
        let want_action = row["action"].as_str();
        let (got_strict, got, action) = got_keys(text, title);
        if got_strict == want_strict && action == want_action {
            strict_exact += 1;
        }
        if got != want || action != want_action {
            misses.push(format!(
                "line {}: {text}\n  want {want:?} {want_action:?}\n  got  {got:?} {action:?}",
                line + 1
            ));
        }
    }
    eprintln!(
        "{} of {total} exact; {strict_exact} of {total} also exact on levels only the source file's position tells",
        total - misses.len()
    );
    assert!(misses.is_empty(), "{} misses:\n{}", misses.len(), misses.join("\n"));
}
