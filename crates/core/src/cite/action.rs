//! The suggested action (CITATIONS.md §2.6): the governing verb of the clause that holds the
//! citation, with the statute text that uses the same verbs kept out.

use super::{Action, Ch};

/// A verb found in the text, outside quotes.
#[derive(Clone, Copy, Debug)]
pub(super) struct Verb {
    pub(super) action: Action,
    /// Char index where it starts.
    pub(super) at: usize,
    /// Whether it counts on its own (删去, 修改为, 增加一款). A weak verb (取消, 提高, 补充,
    /// bare 增加) also occurs in statute text, so it counts only in an opinion (one that says
    /// 建议, 认为, …).
    pub(super) strong: bool,
}

/// Verbs, longest first where one starts another.
pub(super) const VERBS: &[(&str, Action, Strength)] = &[
    ("予以删除", Action::Delete, Strength::Strong),
    ("不再保留", Action::Delete, Strength::Strong),
    ("删去", Action::Delete, Strength::Strong),
    ("删除", Action::Delete, Strength::ObjectIsUnit),
    ("删掉", Action::Delete, Strength::ObjectIsUnit),
    ("去掉", Action::Delete, Strength::ObjectIsUnit),
    ("取消", Action::Delete, Strength::Weak),
    ("增加", Action::Add, Strength::Unit),
    ("增设", Action::Add, Strength::Unit),
    ("新增", Action::Add, Strength::Unit),
    ("增写", Action::Add, Strength::Strong),
    ("增补", Action::Add, Strength::Unit),
    ("补充", Action::Add, Strength::Unit),
    ("加上", Action::Add, Strength::Weak),
    ("添加", Action::Add, Strength::Weak),
    ("修改为", Action::Modify, Strength::Strong),
    ("修改成", Action::Modify, Strength::Strong),
    ("修改如下", Action::Modify, Strength::Strong),
    ("作如下修改", Action::Modify, Strength::Strong),
    ("改为", Action::Modify, Strength::Strong),
    ("改成", Action::Modify, Strength::Strong),
    ("表述为", Action::Modify, Strength::Strong),
    ("调整为", Action::Modify, Strength::Strong),
    ("替换为", Action::Modify, Strength::Strong),
    ("更改为", Action::Modify, Strength::Strong),
    ("明确为", Action::Modify, Strength::Strong),
    ("移至", Action::Modify, Strength::Strong),
    ("合并为", Action::Modify, Strength::Strong),
    ("拆分为", Action::Modify, Strength::Strong),
    ("修改", Action::Modify, Strength::Weak),
    ("合并", Action::Modify, Strength::Weak),
    ("拆分", Action::Modify, Strength::Weak),
    ("提高", Action::Modify, Strength::Weak),
    ("降低", Action::Modify, Strength::Weak),
    ("延长", Action::Modify, Strength::Weak),
    ("缩短", Action::Modify, Strength::Weak),
    ("放宽", Action::Modify, Strength::Weak),
    ("细化", Action::Modify, Strength::Weak),
    ("明确", Action::Modify, Strength::Weak),
    ("完善", Action::Modify, Strength::Weak),
    ("调整", Action::Modify, Strength::Weak),
    ("加大", Action::Modify, Strength::Weak),
    ("加重", Action::Modify, Strength::Weak),
    ("减轻", Action::Modify, Strength::Weak),
    ("扩大", Action::Modify, Strength::Weak),
    ("缩小", Action::Modify, Strength::Weak),
    ("应规定", Action::Modify, Strength::Weak),
];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Strength {
    /// Always a suggestion.
    Strong,
    /// Strong when its object is a unit, a quote or nothing (删除第十条, 删除“…”, 建议删除。),
    /// weak before an ordinary noun (删除个人信息).
    ObjectIsUnit,
    /// Strong before a unit word (增加一款, 增加二条, 增加规定, 增加：), weak otherwise (增加投入).
    Unit,
    /// A suggestion only in an opinion.
    Weak,
}

/// Words that make a text an opinion rather than statute text. Evaluative words count only as
/// predicates: 不合理 in "附加其他不合理的交易条件" is statute wording.
pub(super) const OPINION_MARKERS: &[&str] = &[
    "建议",
    "认为",
    "希望",
    "觉得",
    "应该",
    "最好",
    "能否",
    "可否",
    "商榷",
    "斟酌",
    "欠妥",
    "不妥",
    "有待",
    "歧义",
    "模糊",
    "相矛盾",
    "自相矛盾",
    "存在矛盾",
    "过于",
    "可操作性",
    "难以操作",
    "难以执行",
    "不好操作",
    "不具可操作",
    "恳请",
    "呼吁",
    "?",
];

/// Evaluative predicates: markers unless followed by 的 (then they qualify a noun).
pub(super) const PREDICATES: &[&str] = &[
    "不合理",
    "不明确",
    "不清楚",
    "不清晰",
    "不具体",
    "不科学",
    "不现实",
    "不一致",
    "不协调",
    "不完善",
    "不周全",
    "不全面",
    "不严谨",
    "不准确",
    "不恰当",
    "不合适",
    "过高",
    "过低",
    "过重",
    "过轻",
    "过严",
    "过宽",
    "过窄",
    "过长",
    "过短",
    "太高",
    "太低",
    "太重",
    "太轻",
    "冲突",
    "重复",
    "缺失",
    "遗漏",
    "漏洞",
];

/// The first characters of the words, for a quick test before comparing a whole word.
const VERB_FIRSTS: [char; VERBS.len()] = {
    let mut firsts = ['\0'; VERBS.len()];
    let mut i = 0;
    while i < firsts.len() {
        firsts[i] = first_char(VERBS[i].0);
        i += 1;
    }
    firsts
};
const MARKER_FIRSTS: [char; OPINION_MARKERS.len()] = firsts(OPINION_MARKERS);
const PREDICATE_FIRSTS: [char; PREDICATES.len()] = firsts(PREDICATES);

const fn firsts<const N: usize>(words: &[&str]) -> [char; N] {
    let mut firsts = ['\0'; N];
    let mut i = 0;
    while i < N {
        firsts[i] = first_char(words[i]);
        i += 1;
    }
    firsts
}

/// The first character of a non-empty string, decoded at compile time.
pub(super) const fn first_char(s: &str) -> char {
    let b = s.as_bytes();
    let code = match b[0] {
        0x00..=0x7F => b[0] as u32,
        0xC0..=0xDF => ((b[0] as u32 & 0x1F) << 6) | (b[1] as u32 & 0x3F),
        0xE0..=0xEF => {
            ((b[0] as u32 & 0x0F) << 12) | ((b[1] as u32 & 0x3F) << 6) | (b[2] as u32 & 0x3F)
        }
        _ => {
            ((b[0] as u32 & 0x07) << 18)
                | ((b[1] as u32 & 0x3F) << 12)
                | ((b[2] as u32 & 0x3F) << 6)
                | (b[3] as u32 & 0x3F)
        }
    };
    match char::from_u32(code) {
        Some(c) => c,
        None => '\0',
    }
}

/// Whether the folded text at char `i` starts with `word`.
pub(super) fn starts(cs: &[Ch], i: usize, word: &str) -> bool {
    let mut chars = cs.get(i..).unwrap_or_default().iter();
    word.chars().all(|w| chars.next().is_some_and(|c| c.ch == w))
}

/// The verbs of the text outside quotes, in order.
pub(super) fn verbs(cs: &[Ch], out: &mut Vec<Verb>) {
    let mut i = 0;
    while i < cs.len() {
        let next = cs.get(i + 1).map_or('\0', |c| c.ch);
        if cs[i].q || !is_verb_start(cs[i].ch, next) {
            i += 1;
            continue;
        }
        let c = cs[i].ch;
        let Some(&(word, action, strength)) = VERBS
            .iter()
            .zip(VERB_FIRSTS)
            .find(|&(&(w, ..), f)| f == c && starts(cs, i, w))
            .map(|(v, _)| v)
        else {
            i += 1;
            continue;
        };
        let n = word.chars().count();
        let strong = match strength {
            Strength::Strong => true,
            Strength::Weak => false,
            Strength::ObjectIsUnit => object_is_unit(cs, i + n),
            Strength::Unit => unit_follows(cs, i + n),
        };
        out.push(Verb { action, at: i, strong });
        i += n;
    }
}

/// Whether a verb can start with these two characters: the common characters 不, 合, 明, 应…
/// start a verb only with the right second one.
pub(super) fn is_verb_start(c: char, next: char) -> bool {
    match c {
        '删' | '增' => true,
        '予' => next == '以',
        '不' => next == '再',
        '去' => next == '掉',
        '取' => next == '消',
        '新' => next == '增',
        '补' => next == '充',
        '加' => matches!(next, '上' | '大' | '重'),
        '添' => next == '加',
        '修' => next == '改',
        '作' => next == '如',
        '改' => matches!(next, '为' | '成'),
        '表' => next == '述',
        '调' => next == '整',
        '替' => next == '换',
        '更' => next == '改',
        '明' => next == '确',
        '移' => next == '至',
        '合' => next == '并',
        '拆' => next == '分',
        '提' => next == '高',
        '降' => next == '低',
        '延' => next == '长',
        '缩' => matches!(next, '短' | '小'),
        '放' => next == '宽',
        '细' => next == '化',
        '完' => next == '善',
        '减' => next == '轻',
        '扩' => next == '大',
        '应' => next == '规',
        _ => false,
    }
}

/// After 删除: a unit, a quote, a demonstrative or the end of the clause.
fn object_is_unit(cs: &[Ch], mut k: usize) -> bool {
    while cs.get(k).is_some_and(|c| c.ch == ' ') {
        k += 1;
    }
    match cs.get(k) {
        None => true,
        Some(c) => matches!(
            c.ch,
            '第' | '本'
                | '该'
                | '此'
                | '这'
                | '“'
                | '‘'
                | '"'
                | '。'
                | ';'
                | ','
                | '!'
                | '.'
                | '、'
                | '\n'
                | '其'
                | '上'
                | '前'
                | '后'
                | '相'
                | '原'
                | '关'
        ),
    }
}

/// After 增加: a number of units (一款, 二条, 两项), a unit word, a colon or a quote.
fn unit_follows(cs: &[Ch], mut k: usize) -> bool {
    while cs.get(k).is_some_and(|c| c.ch == ' ') {
        k += 1;
    }
    while cs.get(k).is_some_and(|c| crate::numeral::is_numeral_char(c.ch) || c.ch == '个') {
        k += 1;
    }
    match cs.get(k) {
        None => true,
        Some(c) => {
            matches!(c.ch, '条' | '款' | '项' | '目' | '章' | '节' | ':' | '“' | '"' | '。')
                || starts(cs, k, "规定")
                || starts(cs, k, "内容")
                || starts(cs, k, "表述")
                || starts(cs, k, "条款")
                || starts(cs, k, "作为")
                || starts(cs, k, "一句")
        }
    }
}

/// Whether the text reads as an opinion (建议, 认为, 不合理 as a predicate, a question).
pub(super) fn is_opinion(cs: &[Ch]) -> bool {
    for i in 0..cs.len() {
        let c = cs[i].ch;
        if cs[i].q || !is_marker_start(c, cs.get(i + 1).map_or('\0', |c| c.ch)) {
            continue;
        }
        if OPINION_MARKERS.iter().zip(MARKER_FIRSTS).any(|(m, f)| f == c && starts(cs, i, m)) {
            return true;
        }
        for p in PREDICATES.iter().zip(PREDICATE_FIRSTS).filter(|&(_, f)| f == c).map(|(p, _)| p) {
            if starts(cs, i, p) {
                let after = i + p.chars().count();
                if !cs.get(after).is_some_and(|c| c.ch == '的' || c.ch == '之') {
                    return true;
                }
            }
        }
    }
    false
}

/// Whether a marker or predicate can start with these two characters (checked by a test).
pub(super) fn is_marker_start(c: char, next: char) -> bool {
    match c {
        '?' => true,
        '建' => next == '议',
        '认' => next == '为',
        '希' => next == '望',
        '觉' => next == '得',
        '应' => next == '该',
        '最' => next == '好',
        '能' => next == '否',
        '可' => matches!(next, '否' | '操'),
        '商' => next == '榷',
        '斟' => next == '酌',
        '欠' => next == '妥',
        '有' => next == '待',
        '歧' => next == '义',
        '模' => next == '糊',
        '相' => next == '矛',
        '自' => next == '相',
        '存' => next == '在',
        '难' => next == '以',
        '恳' => next == '请',
        '呼' => next == '吁',
        '冲' => next == '突',
        '重' => next == '复',
        '缺' => next == '失',
        '遗' => next == '漏',
        '漏' => next == '洞',
        '不' => matches!(
            next,
            '妥' | '合'
                | '明'
                | '清'
                | '具'
                | '科'
                | '现'
                | '一'
                | '协'
                | '完'
                | '周'
                | '全'
                | '严'
                | '准'
                | '恰'
                | '好'
        ),
        '过' => {
            matches!(next, '于' | '高' | '低' | '重' | '轻' | '严' | '宽' | '窄' | '长' | '短')
        }
        '太' => matches!(next, '高' | '低' | '重' | '轻'),
        _ => false,
    }
}

/// The action of a text whose (unquoted) citations start at `ref_starts` (char indices).
/// `breaks` are the char indices of clause ends (。；!?, line breaks, table cell bars).
pub(super) fn classify(
    cs: &[Ch],
    verbs: &[Verb],
    ref_starts: &[usize],
    breaks: &[usize],
) -> Option<Action> {
    let opinion = is_opinion(cs);
    let counts = |v: &&Verb| v.strong || opinion;
    let clause_of = |at: usize| breaks.partition_point(|&b| b < at);
    if !ref_starts.is_empty() {
        // The first clause with a citation and a verb decides.
        let mut clauses: Vec<usize> = ref_starts.iter().map(|&s| clause_of(s)).collect();
        clauses.dedup();
        for clause in clauses {
            if let Some(v) = verbs.iter().filter(counts).find(|v| clause_of(v.at) == clause) {
                return Some(v.action);
            }
        }
        return opinion.then_some(Action::Comment);
    }
    if let Some(v) = verbs.iter().find(counts) {
        return Some(v.action);
    }
    opinion.then_some(Action::Comment)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_chars_are_decoded_right() {
        let words = VERBS.iter().map(|(w, ..)| w).chain(OPINION_MARKERS).chain(PREDICATES);
        for w in words {
            assert_eq!(Some(first_char(w)), w.chars().next(), "{w}");
        }
        assert_eq!(VERB_FIRSTS[0], '予');
        assert_eq!(MARKER_FIRSTS[0], '建');
        assert_eq!(PREDICATE_FIRSTS[0], '不');
    }

    #[test]
    fn prefilters_cover_every_word() {
        let two = |w: &str| {
            let mut chars = w.chars();
            (chars.next().unwrap(), chars.next().unwrap_or('\0'))
        };
        for w in OPINION_MARKERS.iter().chain(PREDICATES) {
            let (a, b) = two(w);
            assert!(is_marker_start(a, b), "{w}");
        }
        for (w, ..) in VERBS {
            let (a, b) = two(w);
            assert!(is_verb_start(a, b), "{w}");
        }
    }
}
