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

// ---- fuzzing: no panic, no hang, spans on char boundaries, refs in order ----------------------

mod fuzz {
    use minyi_core::{CiteContext, Citer};
    use proptest::prelude::*;

    /// Pieces that citations, their look-alikes and their traps are made of.
    const ALPHABET: &[&str] = &[
        "第",
        "条",
        "款",
        "项",
        "目",
        "章",
        "节",
        "编",
        "分编",
        "之",
        "至",
        "到",
        "-",
        "~",
        "、",
        "，",
        ",",
        "。",
        "；",
        "：",
        "？",
        "和",
        "及",
        "或者",
        "与",
        "《",
        "》",
        "〈",
        "〉",
        "“",
        "”",
        "‘",
        "’",
        "「",
        "」",
        "\"",
        "(",
        ")",
        "（",
        "）",
        "0",
        "1",
        "2",
        "9",
        "１",
        "２",
        "一",
        "二",
        "三",
        "十",
        "百",
        "千",
        "万",
        "两",
        "〇",
        "零",
        "廿",
        "本",
        "前",
        "该",
        "此",
        "上一",
        "下一",
        "草案",
        "二审稿",
        "征求意见稿",
        "本条例",
        "本法",
        "该法",
        "同法",
        "民法典",
        "刑法",
        "合同法",
        "条例",
        "删除",
        "删去",
        "增加",
        "修改为",
        "改为",
        "作为",
        "后",
        "中的",
        "建议",
        "不合理",
        "名称",
        "序言",
        "段",
        "号",
        "次",
        "之一",
        "修正案",
        "以下简称",
        "弟",
        "地",
        "條",
        "項",
        " ",
        "\u{3000}",
        "\n",
        "|",
        "①",
        "xiàng",
        "电动自行车",
        "的",
        "规定",
        "人格权编",
        "该合同",
    ];

    fn text_from(pieces: &[usize]) -> String {
        pieces.iter().map(|&i| ALPHABET[i % ALPHABET.len()]).collect()
    }

    fn check(text: &str) {
        let ctx = CiteContext::from_title("滨江市电动自行车管理条例（草案）");
        let citer = Citer::new();
        let found = citer.extract(text, &ctx);
        let mut last = 0;
        for r in found.refs() {
            let span = r.span();
            assert!(span.start <= span.end && span.end <= text.len(), "{text:?}");
            assert!(
                text.is_char_boundary(span.start) && text.is_char_boundary(span.end),
                "{text:?}"
            );
            assert_eq!(&text[span.clone()], r.as_str());
            assert!(span.start >= last, "refs out of order in {text:?}");
            last = span.start;
            let _ = r.to_string();
        }
        // Deterministic.
        assert_eq!(citer.extract(text, &ctx), found);
    }

    fn cases() -> u32 {
        std::env::var("CITE_FUZZ_CASES").ok().and_then(|s| s.parse().ok()).unwrap_or(20_000)
    }

    fn dev_texts() -> &'static [String] {
        static TEXTS: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
        TEXTS.get_or_init(|| {
            super::dev_set().map_or_else(
                || vec!["建议删除第十四条第一款、第二款，第二十条。".to_owned()],
                |dev| {
                    dev.lines()
                        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
                        .filter_map(|v| v["text"].as_str().map(str::to_owned))
                        .collect()
                },
            )
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(cases()))]

        #[test]
        fn random_citation_alphabet(pieces in prop::collection::vec(0usize..1000, 0..80)) {
            check(&text_from(&pieces));
        }

        #[test]
        fn arbitrary_unicode(text in "\\PC{0,120}") {
            check(&text);
        }

        #[test]
        fn mutated_dev_sentences(
            which in 0usize..1000,
            edits in prop::collection::vec((0usize..4, 0usize..400, 0usize..1000, 0usize..12), 1..8),
        ) {
            let texts = dev_texts();
            let mut chars: Vec<char> = texts[which % texts.len()].chars().collect();
            for (op, at, piece, len) in edits {
                let at = at % (chars.len() + 1);
                match op {
                    0 => { chars.splice(at..at, ALPHABET[piece % ALPHABET.len()].chars()); }
                    1 => { let end = (at + len).min(chars.len()); chars.drain(at..end); }
                    2 => { let end = (at + len).min(chars.len()); let copy: Vec<char> = chars[at..end].to_vec(); chars.splice(at..at, copy); }
                    _ => { let end = (at + len).min(chars.len()); chars[at..end].reverse(); }
                }
            }
            check(&chars.into_iter().collect::<String>());
        }
    }
}
