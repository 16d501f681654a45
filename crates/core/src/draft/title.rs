//! The document around the articles (CITATIONS.md §1.4): title lines, stage markers, 题注 and
//! history lines, trailing material, and the aliases of §1.5.

use super::line::{display, is_ws, squeeze};

/// Words that make a bracketed text a stage marker: 草案, 征求意见稿, 修订草案, 送审稿,
/// 草案二次审议稿, 草案·建议表决稿…
const STAGE_WORDS: &[&str] = &[
    "草案",
    "征求意见稿",
    "送审稿",
    "审议稿",
    "修改稿",
    "表决稿",
    "一审稿",
    "二审稿",
    "三审稿",
    "讨论稿",
    "建议稿",
    "代拟稿",
];

/// How titles of laws and regulations end, longest first where one ends another.
const SUFFIXES: &[&str] =
    &["条例", "办法", "规定", "规则", "细则", "决定", "决议", "章程", "准则", "规程", "纲要", "法"];

/// The longest title taken, in characters.
const MAX_TITLE_CHARS: usize = 60;

fn is_sentence_punct(c: char) -> bool {
    matches!(c, '。' | '；' | '：' | '！' | '？' | '，' | ';' | ':' | '!' | '?' | ',')
}

fn closing(open: char) -> Option<char> {
    match open {
        '（' => Some('）'),
        '(' => Some(')'),
        _ => None,
    }
}

fn opening(close: char) -> Option<char> {
    match close {
        '）' => Some('（'),
        ')' => Some('('),
        _ => None,
    }
}

/// Whether `inner` (the text inside a bracket) is a stage marker.
pub(super) fn is_stage(inner: &str) -> bool {
    let inner = squeeze(inner);
    inner.chars().count() <= 20
        && !inner.chars().any(is_sentence_punct)
        && STAGE_WORDS.iter().any(|w| inner.contains(w))
}

/// Splits a trailing bracketed stage marker off `s`: `XX条例（草案）` → (`XX条例`, `草案`).
fn strip_trailing_stage(s: &str) -> Option<(&str, &str)> {
    let s = s.trim_end_matches(is_ws);
    let close = s.chars().next_back()?;
    let open = opening(close)?;
    let body = &s[..s.len() - close.len_utf8()];
    let at = body.rfind([open, if open == '（' { '(' } else { '（' }])?;
    let inner = &body[at..];
    let inner = inner.get(inner.chars().next()?.len_utf8()..)?;
    is_stage(inner).then(|| (&body[..at], inner))
}

/// A title as written, split into the title proper (display form, no 《》) and its stage
/// markers (`草案征求意见稿`). Handles `《XX条例（草案）》`, `XX条例（草案征求意见稿）` and the
/// doubled `《行政立法听证规则(草案)》(征求意见稿)`.
pub(super) fn split(s: &str) -> (String, Option<String>) {
    let mut rest = s.trim_matches(is_ws);
    let mut stages: Vec<&str> = Vec::new();
    for _ in 0..4 {
        if let Some((before, stage)) = strip_trailing_stage(rest) {
            stages.push(stage);
            rest = before.trim_end_matches(is_ws);
        } else if let Some(inner) = rest.strip_prefix('《').and_then(|r| r.strip_suffix('》')) {
            rest = inner.trim_matches(is_ws);
        } else {
            break;
        }
    }
    stages.reverse();
    let stage: String = stages.iter().map(|s| display(s)).collect();
    (display(rest), (!stage.is_empty()).then_some(stage))
}

/// Whether a line reads as the title of a law: short, no sentence punctuation, ending (before
/// its stage marker) in 法, 条例, 办法, 规定….
pub(super) fn is_title_like(line: &str) -> bool {
    let (title, _) = split(line);
    let chars = title.chars().count();
    (2..=MAX_TITLE_CHARS).contains(&chars)
        && !title.chars().any(is_sentence_punct)
        && !title.contains("以下简称")
        && !title.starts_with('第')
        && SUFFIXES.iter().any(|s| title.ends_with(s))
}

/// A line holding only stage markers: `（草案征求意见稿）`, `(修正草案)`.
pub(super) fn is_stage_line(line: &str) -> bool {
    let mut rest = line.trim_matches(is_ws);
    let mut any = false;
    while let Some(open) = rest.chars().next() {
        let Some(close) = closing(open) else { return false };
        let inner = &rest[open.len_utf8()..];
        let Some(end) = inner.find([close, if close == '）' { ')' } else { '）' }]) else {
            return false;
        };
        if !is_stage(&inner[..end]) {
            return false;
        }
        any = true;
        rest = inner[end..].get(close.len_utf8()..).unwrap_or("").trim_start_matches(is_ws);
    }
    any
}

/// A short line of Chinese characters only, the first half of a title split across lines
/// (`广元市人民代表大会及其常务委员会` / `立 法 条 例`).
pub(super) fn is_title_fragment(line: &str) -> bool {
    let plain = squeeze(line);
    let n = plain.chars().count();
    (2..=30).contains(&n)
        && plain.chars().all(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c) || "《》".contains(c))
}

/// A 题注 or history line: `（1991年9月4日…通过　…修正）`, `2015年1月29日 北京市…通过`.
pub(super) fn is_history(line: &str) -> bool {
    let plain = squeeze(line);
    let body = plain.trim_start_matches(['（', '(']);
    let year = body.chars().take_while(|c| c.is_ascii_digit() || ('０'..='９').contains(c)).count();
    let cn_year = body.chars().take_while(|c| "〇○零一二三四五六七八九".contains(*c)).count();
    let starts_with_year =
        (year == 4 || cn_year == 4) && body.chars().nth(year.max(cn_year)) == Some('年');
    let adopted = ["通过", "修订", "修正", "施行", "公布", "发布", "批准"]
        .iter()
        .any(|w| plain.trim_end_matches(['）', ')']).ends_with(w));
    starts_with_year || (plain.contains('年') && adopted)
}

/// Whether a line after the articles starts material that is not part of the text, and what.
pub(super) fn trailing(line: &str) -> Option<&'static str> {
    // Most lines are sentences: they end with punctuation, or are long.
    if line.ends_with(['。', '；', '，', '、']) || line.len() > 4 * 3 * MAX_TITLE_CHARS {
        return None;
    }
    let plain = squeeze(line);
    let short = plain.chars().count() <= MAX_TITLE_CHARS && !plain.contains('。');
    if !short {
        return None;
    }
    if plain.ends_with("说明") && (plain.starts_with("关于") || plain.contains('《')) {
        return Some("an explanation of the draft");
    }
    if plain.contains("对照表") || plain.contains("对照稿") {
        return Some("a comparison table");
    }
    for annex in ["附件", "附表"] {
        if let Some(rest) = plain.strip_prefix(annex)
            && plain.chars().count() <= 40
            && rest.chars().next().is_none_or(|c| {
                c.is_ascii_digit()
                    || ('０'..='９').contains(&c)
                    || "一二三四五六七八九十：:".contains(c)
            })
        {
            return Some("an annex");
        }
    }
    if is_title_like(line) {
        return Some("another title");
    }
    None
}

/// The aliases of §1.5, in order, without duplicates.
pub(super) fn aliases(title: Option<&str>, stage: Option<&str>, text: &str) -> Vec<String> {
    let Some(title) = title.filter(|t| !t.is_empty()) else {
        return Vec::new();
    };
    let mut out: Vec<String> = Vec::new();
    let add = |s: String, out: &mut Vec<String>| {
        if !s.is_empty() && !out.contains(&s) {
            out.push(s);
        }
    };
    if let Some(stage) = stage {
        add(format!("{title}（{stage}）"), &mut out);
    }
    add(title.to_owned(), &mut out);
    if let Some(short) = title.strip_prefix("中华人民共和国") {
        add(short.to_owned(), &mut out);
    }
    let own = [
        ("条例", "本条例"),
        ("办法", "本办法"),
        ("规定", "本规定"),
        ("规则", "本规则"),
        ("细则", "本细则"),
        ("决定", "本决定"),
        ("法", "本法"),
    ];
    if let Some((_, own)) = own.iter().find(|(suffix, _)| title.ends_with(suffix)) {
        add((*own).to_owned(), &mut out);
    }
    for short in defined_short_names(text, &out) {
        add(short, &mut out);
    }
    out
}

/// Short names the text defines for itself: `《XX条例（草案）》（以下简称《条例》）`. A short name
/// defined for something else (another law, a term: `住宅物业管理（以下简称物业管理）`) is not
/// an alias of the draft.
fn defined_short_names(text: &str, names: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(found) = text.get(from..).and_then(|t| t.find("以下简称")) {
        let at = from + found;
        from = at + "以下简称".len();
        let before = text.get(..at).unwrap_or("");
        let Some(before) = before.strip_suffix('（').or_else(|| before.strip_suffix('(')) else {
            continue;
        };
        if !names_the_draft(before.trim_end_matches(is_ws), names) {
            continue;
        }
        let after = text.get(from..).unwrap_or("");
        let Some(end) = after.find(['）', ')']) else { continue };
        let short = after.get(..end).unwrap_or("");
        let short = short.strip_prefix('为').unwrap_or(short);
        let short: String =
            squeeze(short).chars().filter(|c| !"《》“”\"'‘’「」".contains(*c)).collect();
        if (1..=20).contains(&short.chars().count()) {
            out.push(short);
        }
    }
    out
}

/// Whether `before` ends with one of the draft's names: in 《》 (with or without a stage
/// marker), or bare.
fn names_the_draft(before: &str, names: &[String]) -> bool {
    let Some(inner) = before.strip_suffix('》') else {
        let plain = squeeze(before);
        return names.iter().any(|n| n.chars().count() > 3 && plain.ends_with(&squeeze(n)));
    };
    let Some(open) = inner.rfind('《') else { return false };
    let (named, _) = split(&inner[open + '《'.len_utf8()..]);
    let named = squeeze(&named);
    names.iter().any(|n| squeeze(n) == named)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_and_stage_markers() {
        let split = |s: &str| {
            let (t, st) = split(s);
            (t, st.unwrap_or_default())
        };
        assert_eq!(
            split("滨江市电动自行车安全管理条例（草案征求意见稿）"),
            ("滨江市电动自行车安全管理条例".into(), "草案征求意见稿".into())
        );
        assert_eq!(split("《上海市XX条例（草案）》"), ("上海市XX条例".into(), "草案".into()));
        assert_eq!(
            split("《行政立法听证规则(草案)》(征求意见稿)"),
            ("行政立法听证规则".into(), "草案征求意见稿".into())
        );
        assert_eq!(split("立 法 条 例"), ("立法条例".into(), String::new()));
        assert_eq!(
            split("中华人民共和国未成年人保护法"),
            ("中华人民共和国未成年人保护法".into(), String::new())
        );
        assert!(is_title_like("厦门经济特区社会信用条例"));
        assert!(is_title_like("《滨江市养犬管理条例（修订草案·二审稿）》"));
        assert!(is_title_like("关于修改《中华人民共和国立法法》的决定"));
        assert!(!is_title_like("滨江市人大常委会法制工作委员会"));
        assert!(!is_title_like("现将《滨江市养犬管理条例（草案）》全文公布，征求意见。"));
        assert!(!is_title_like("第一章 总则"));
        for stage in [
            "（草案修改二稿征求意见稿）",
            "(修正草案)",
            "（草案·建议表决稿）",
            "（草案）（征求意见稿）",
        ] {
            assert!(is_stage_line(stage), "{stage}");
        }
        assert!(!is_stage_line("（2020年10月17日通过）"));
        assert!(!is_stage_line("（一）"));
        assert!(is_title_fragment("广元市人民代表大会及其常务委员会"));
        assert!(!is_title_fragment("2026年10月31日"));
    }

    #[test]
    fn history_lines() {
        assert!(is_history("（2021年8月20日第十三届全国人民代表大会常务委员会第三十次会议通过）"));
        assert!(is_history("2015年1月29日 北京市第十四届人民代表大会第三次会议通过"));
        assert!(is_history("二〇二四年五月十日"));
        assert!(!is_history("为了规范管理，制定本条例。"));
    }

    #[test]
    fn trailing_material() {
        assert_eq!(
            trailing("关于《滨江市养犬管理条例（草案）》的说明"),
            Some("an explanation of the draft")
        );
        assert_eq!(trailing("《滨江市养犬管理条例》修改对照表"), Some("a comparison table"));
        assert_eq!(trailing("附件2"), Some("an annex"));
        assert_eq!(trailing("附件：征求意见反馈表"), Some("an annex"));
        assert_eq!(trailing("滨江市物业管理条例（草案）"), Some("another title"));
        assert_eq!(trailing("附件所列的物品，不得携带。"), None);
        assert_eq!(trailing("违反本条例规定的，依法追究法律责任。"), None);
    }

    #[test]
    fn aliases_of_a_draft() {
        let text = "现将《滨江市养犬管理条例（草案）》（以下简称《条例》）公布。\n住宅物业管理（以下简称物业管理）……\n《中华人民共和国民法典》（以下简称民法典）";
        let a = aliases(Some("滨江市养犬管理条例"), Some("草案"), text);
        assert_eq!(a, ["滨江市养犬管理条例（草案）", "滨江市养犬管理条例", "本条例", "条例"]);
        let a = aliases(Some("中华人民共和国个人信息保护法"), None, "");
        assert_eq!(a, ["中华人民共和国个人信息保护法", "个人信息保护法", "本法"]);
        let a = aliases(Some("滨江市物业管理办法"), None, "");
        assert_eq!(a, ["滨江市物业管理办法", "本办法"]);
        let own = "本规定所称的《滨江市住宅物业管理规定》（以下简称“物业规定”）";
        let a = aliases(Some("滨江市住宅物业管理规定"), None, own);
        assert_eq!(a, ["滨江市住宅物业管理规定", "本规定", "物业规定"]);
        assert!(aliases(None, None, "").is_empty());
    }
}
