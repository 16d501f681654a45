//! Normalisation and segmentation over real citizen messages (when `../shared` is present) and
//! over the project's sample: offsets map back, and results do not depend on threads.
#![allow(clippy::print_stderr)] // says why a test with real data is skipped

use std::path::Path;

use minyi_core::{Normalizer, Segmenter, TokenKind};
use rayon::prelude::*;
use std::collections::HashSet;

fn real_messages() -> Option<Vec<String>> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/corpora/messages/tipdm2020C_att3_hot_messages.jsonl");
    let Ok(jsonl) = std::fs::read_to_string(&path) else {
        eprintln!("skipped: ../shared/corpora is absent (a plain clone has no real data)");
        return None;
    };
    let texts: Vec<String> = jsonl
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).expect("a JSON line"))
        .map(|v| v["detail"].as_str().expect("a detail field").to_owned())
        .collect();
    assert_eq!(texts.len(), 4326);
    Some(texts)
}

/// Texts the project wrote itself, messy on purpose.
const MESSY: &[&str] = &[
    "\n\t\t\t\t\n\t\t\t建议将第２３条第（三）项修改为：“禁止在楼道、电梯内为电动自行车充电”。\n\t\t\t\n",
    "第一章　总　　则\u{200B}\n第一条　为了加强电动自行车安全管理……",
    "各位领导好_x000D_\n\u{3000}\u{3000}我是春晓小区业主，小区２千多户居民只有4个充电桩。",
    "ＡＢＣ物业服务企业(以下简称“物业”)应当……「公示」住宅专项维修资金～",
];

#[test]
fn every_content_token_maps_back_to_the_text_it_came_from() {
    let texts: Vec<String> =
        real_messages().unwrap_or_else(|| MESSY.iter().map(|s| (*s).to_owned()).collect());
    let normalizer = Normalizer::new();
    let segmenter = Segmenter::new();
    let mut checked = 0;
    for raw in &texts {
        let normalized = normalizer.normalize(raw);
        let n = normalized.as_str();
        assert!(!n.starts_with(char::is_whitespace) && !n.ends_with(char::is_whitespace));
        assert!(!n.contains('\t') && !n.contains("\n\n") && !n.contains('\u{200B}'));
        for token in segmenter.segment(n) {
            if token.kind() == TokenKind::Whitespace {
                continue;
            }
            let span = normalized.original_span(token.span());
            let original = &raw[span.clone()];
            assert_eq!(
                normalizer.normalize(original).as_str(),
                token.text(),
                "token {:?} maps to {original:?} ({span:?})",
                token.text()
            );
            checked += 1;
        }
    }
    assert!(checked > texts.len());
}

#[test]
fn same_tokens_on_one_thread_and_two() {
    let texts: Vec<String> =
        real_messages().unwrap_or_else(|| MESSY.iter().map(|s| (*s).to_owned()).collect());
    let normalizer = Normalizer::new();
    let segmenter = Segmenter::new();
    let run = |threads: usize| -> Vec<Vec<String>> {
        let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap();
        pool.install(|| {
            texts
                .par_iter()
                .map(|t| {
                    let n = normalizer.normalize(t);
                    segmenter.segment(n.as_str()).iter().map(|t| t.text().to_owned()).collect()
                })
                .collect()
        })
    };
    assert_eq!(run(1), run(2));
}

#[test]
fn real_messages_keep_their_local_vocabulary_whole() {
    let Some(texts) = real_messages() else { return };
    let normalizer = Normalizer::new();
    let segmenter = Segmenter::new();
    let mut found = std::collections::BTreeMap::new();
    for raw in &texts {
        let n = normalizer.normalize(raw);
        for t in segmenter.segment(n.as_str()) {
            if ["业主委员会", "物业服务企业", "住房公积金", "相关部门"].contains(&t.text())
            {
                *found.entry(t.text().to_owned()).or_insert(0) += 1;
            }
        }
    }
    // Each of these terms occurs whole in the real messages (never split by the segmenter).
    assert_eq!(found.len(), 4, "{found:?}");
}

/// What each kind means, written plainly; the segmenter's fast classification must agree.
fn reference_kind(word: &str, stop_words: &HashSet<&str>) -> TokenKind {
    if word.chars().all(char::is_whitespace) {
        TokenKind::Whitespace
    } else if word.chars().all(|c| !c.is_alphanumeric()) {
        TokenKind::Punctuation
    } else if word.chars().any(|c| c.is_ascii_digit())
        && word.chars().all(|c| c.is_ascii_digit() || matches!(c, '.' | ',' | '%'))
    {
        TokenKind::Number
    } else if stop_words.contains(word) {
        TokenKind::StopWord
    } else {
        TokenKind::Word
    }
}

#[test]
fn token_kinds_agree_with_their_plain_definition() {
    let stop_list = include_str!("../../../corpora/dict/stopwords.txt");
    let stop_words: HashSet<&str> =
        stop_list.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
    let mut texts: Vec<String> =
        real_messages().unwrap_or_else(|| MESSY.iter().map(|s| (*s).to_owned()).collect());
    texts.push(
        "〇号 々 — …… 《条例》 ① Ⅱ ｢引号｣ 3.5% 1,000 A3 G2栋 café 　 \u{2028} ¥50 №3".to_owned(),
    );
    let normalizer = Normalizer::new();
    let segmenter = Segmenter::new();
    let mut kinds = std::collections::BTreeMap::new();
    for raw in &texts {
        for text in [raw.as_str(), normalizer.normalize(raw).as_str()] {
            for token in segmenter.segment(text) {
                let expected = reference_kind(token.text(), &stop_words);
                assert_eq!(token.kind(), expected, "token {:?}", token.text());
                *kinds.entry(format!("{expected:?}")).or_insert(0) += 1;
            }
        }
    }
    assert_eq!(kinds.len(), 5, "every kind occurs: {kinds:?}");
}
