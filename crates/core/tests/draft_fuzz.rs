//! Property tests of the draft parser: on any input (random mixes of the characters the line
//! grammar cares about, arbitrary characters, random mutations of real texts) it never panics,
//! finishes in linear time, gives spans on char boundaries inside the input, and units in
//! document order.
//!
//! CI runs 2,000 cases per property; `PROPTEST_CASES=50000 cargo test -p minyi-core --release
//! --test draft_fuzz` runs more.

use std::ops::Range;
use std::path::Path;
use std::time::{Duration, Instant};

use minyi_core::Draft;
use proptest::prelude::*;

/// What the line grammar reacts to, and some plain text.
const TOKENS: &[&str] = &[
    "第",
    "条",
    "章",
    "节",
    "编",
    "分编",
    "之",
    "之一",
    "款",
    "项",
    "（",
    "）",
    "(",
    ")",
    "【",
    "】",
    "〖",
    "〗",
    "一",
    "二",
    "三",
    "十",
    "百",
    "千",
    "零",
    "〇",
    "两",
    "廿",
    "万",
    "1",
    "9",
    "２",
    "０",
    "1.",
    "１．",
    "2、",
    "一、",
    "（一）",
    "（二）",
    "(三)",
    "（1）",
    "。",
    "：",
    "；",
    "，",
    "\n",
    "\n",
    "\n",
    "\r\n",
    "\r",
    " ",
    "  ",
    "\t",
    "\u{3000}",
    "\u{00A0}",
    "\u{200B}",
    "\u{FEFF}",
    "目录",
    "目　　录",
    "总　　则",
    "附则",
    "# ",
    "## ",
    "### ",
    "<!-- INFO END -->",
    "附件2",
    "关于《",
    "》的说明",
    "修改对照表",
    "草案",
    "（草案征求意见稿）",
    "（以下简称《",
    "》）",
    "《",
    "》",
    "条例",
    "法",
    "本条例",
    "规定",
    "2024年1月1日",
    "通过）",
    "（镇）",
    "甲",
    "为了规范管理",
    "应当",
    "é",
    "😀",
    "\u{0301}",
];

fn token_soup() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(TOKENS), 0..300).prop_map(|t| t.concat())
}

fn any_chars() -> impl Strategy<Value = String> {
    prop::collection::vec(any::<char>(), 0..200).prop_map(|c| c.into_iter().collect())
}

/// A real text to mutate: the project's sample draft, and a real law when `../shared` is there.
fn seeds() -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut out = vec![
        std::fs::read_to_string(root.join("../../corpora/sample/草案.md")).expect("sample draft"),
    ];
    let laws = root.join("../../../shared/corpora/laws");
    for file in ["flk_raw_personal_information_protection_law_20210820.txt", "zj_ebike_2020.md"] {
        if let Ok(text) = std::fs::read_to_string(laws.join(file)) {
            out.push(text);
        }
    }
    out
}

#[derive(Clone, Debug)]
enum Mutation {
    Delete { at: usize, len: usize },
    Duplicate { at: usize, len: usize },
    Insert { at: usize, token: &'static str },
    SwapLines { a: usize, b: usize },
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), 0..400usize).prop_map(|(at, len)| Mutation::Delete { at, len }),
        (any::<usize>(), 0..400usize).prop_map(|(at, len)| Mutation::Duplicate { at, len }),
        (any::<usize>(), prop::sample::select(TOKENS))
            .prop_map(|(at, token)| Mutation::Insert { at, token }),
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Mutation::SwapLines { a, b }),
    ]
}

/// The char boundary at or before `at % (len + 1)`.
fn boundary(text: &str, at: usize) -> usize {
    let mut at = at % (text.len() + 1);
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn mutate(text: &str, mutations: &[Mutation]) -> String {
    let mut text = text.to_owned();
    for m in mutations {
        match *m {
            Mutation::Delete { at, len } => {
                let start = boundary(&text, at);
                let end = boundary(&text, start + len);
                if end >= start {
                    text.replace_range(start..end, "");
                }
            }
            Mutation::Duplicate { at, len } => {
                let start = boundary(&text, at);
                let end = boundary(&text, start + len).max(start);
                let copy = text[start..end].to_owned();
                text.insert_str(end, &copy);
            }
            Mutation::Insert { at, token } => {
                let at = boundary(&text, at);
                text.insert_str(at, token);
            }
            Mutation::SwapLines { a, b } => {
                let mut lines: Vec<&str> = text.split('\n').collect();
                let n = lines.len();
                lines.swap(a % n, b % n);
                text = lines.join("\n");
            }
        }
    }
    text
}

fn check_span(text: &str, span: &Range<usize>, within: &Range<usize>, what: &str) {
    assert!(span.start <= span.end, "{what}: {span:?}");
    assert!(span.end <= text.len(), "{what}: {span:?} beyond {}", text.len());
    assert!(
        text.is_char_boundary(span.start) && text.is_char_boundary(span.end),
        "{what}: {span:?}"
    );
    assert!(
        within.start <= span.start && span.end <= within.end,
        "{what}: {span:?} outside {within:?}"
    );
}

/// The invariants every parse keeps.
fn check(text: &str) {
    let started = Instant::now();
    let parsed = Draft::parse(text);
    assert!(started.elapsed() < Duration::from_secs(5), "slow on {} bytes", text.len());
    let Ok(draft) = parsed else { return };
    assert!(!draft.articles().is_empty());
    let all = 0..text.len();
    let mut previous_end = 0;
    let mut previous_line = 0;
    for a in draft.articles() {
        let span = a.span();
        check_span(text, &span, &all, "article");
        assert!(span.start >= previous_end, "articles in document order");
        assert!(a.line() > previous_line);
        previous_end = span.end;
        previous_line = a.line();
        let mut inner = span.start;
        for p in a.paragraphs() {
            check_span(text, &p.span(), &(inner..span.end), "paragraph");
            inner = p.span().end;
            let mut item_end = p.span().start;
            for item in p.items() {
                check_span(text, &item.span(), &(item_end..p.span().end), "item");
                item_end = item.span().end;
                let mut sub_end = item.span().start;
                for sub in item.sub_items() {
                    check_span(text, &sub.span(), &(sub_end..item.span().end), "sub-item");
                    sub_end = sub.span().end;
                }
            }
        }
    }
    let mut previous = 0;
    for h in draft.headings() {
        check_span(text, &h.span(), &all, "heading");
        assert!(h.span().start >= previous, "headings in document order");
        previous = h.span().end;
    }
    let lines = text.split(['\n']).count() + text.matches('\r').count();
    for w in draft.warnings() {
        assert!(w.line() >= 1 && w.line() <= lines.max(1), "{w}");
    }
    assert!(draft.warnings().windows(2).all(|w| w[0].line() <= w[1].line()));
    // Deterministic: the same text gives the same draft.
    assert_eq!(Draft::parse(text).ok(), Some(draft));
}

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(2_000)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases()))]

    #[test]
    fn token_soup_never_breaks_the_parser(text in token_soup()) {
        check(&text);
    }

    #[test]
    fn arbitrary_characters_never_break_the_parser(text in any_chars()) {
        check(&text);
    }

    #[test]
    fn mutated_real_texts_never_break_the_parser(
        seed in any::<usize>(),
        mutations in prop::collection::vec(mutation(), 1..12),
    ) {
        let seeds = seeds();
        let text = mutate(&seeds[seed % seeds.len()], &mutations);
        check(&text);
    }
}

/// Worst cases for the item-continuation lookahead and the TOC: long runs stay linear.
#[test]
fn long_adversarial_inputs_finish_quickly() {
    let mut items = String::from("第一条 有下列情形之一的：\n（一）甲；\n");
    items.push_str(&"前款所称的情形，依照规定处理\n１．子项；\n".repeat(40_000));
    items.push_str("（二）乙。\n");
    let mut toc = String::from("目录\n");
    toc.push_str(&"第二章 管理\n第一节 通则\n".repeat(40_000));
    toc.push_str("第一条 甲。");
    let articles: String =
        (1..=5000).map(|n| format!("第{n}条 甲。\n（一）乙；\n1.丙。\n")).collect();
    for text in [items, toc, articles, "第".repeat(100_000), "（一）".repeat(100_000)] {
        check(&text);
    }
}
