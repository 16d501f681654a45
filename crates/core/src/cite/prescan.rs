//! The fast path: one pass over a text that sorts it by what it needs. Most sentences of a
//! general mailbox hold no citation, and many no action word either; they should cost little
//! more than reading their bytes.
//!
//! A table built at compile time classifies the common ideographs (U+4E00–U+9FFF) in one load:
//! whether [`laws::fold`] changes them, whether a citation
//! or an action word can start with them. Everything else takes the slow, exact path.

use super::{Action, Ch, action, laws, mark_quotes};
use crate::numeral;

/// What a text needs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Pre {
    /// No citation and no action: nothing to do.
    Nothing,
    /// No citation can start in it, but a verb or an opinion marker can: only the action.
    ActionOnly,
    /// A citation may be in it: the full scan.
    Full,
}

const CJK_FIRST: u32 = 0x4E00;
const CJK_LEN: usize = 0x9FFF + 1 - CJK_FIRST as usize;

/// [`laws::fold_slow`] changes the character.
const FOLDS: u8 = 1;
/// A pair that matters can start with it ([`pair_first`]).
const PAIR: u8 = 4;
/// 第: a citation may start here.
const DI: u8 = 8;

/// The classes of U+4E00–U+9FFF.
static CLASS: [u8; CJK_LEN] = build();

const fn build() -> [u8; CJK_LEN] {
    let mut table = [0u8; CJK_LEN];
    let mut i = 0;
    while i < CJK_LEN {
        if let Some(c) = char::from_u32(CJK_FIRST + i as u32) {
            let mut class = 0;
            if laws::fold_slow(c) != c {
                class |= FOLDS;
            }
            if pair_first(c) {
                class |= PAIR;
            }
            if c == '第' {
                class |= DI;
            }
            table[i] = class;
        }
        i += 1;
    }
    // The verbs and opinion words of `action`.
    let mut verbs = [""; action::VERBS.len()];
    let mut i = 0;
    while i < verbs.len() {
        verbs[i] = action::VERBS[i].0;
        i += 1;
    }
    mark_firsts(&mut table, &verbs);
    mark_firsts(&mut table, action::OPINION_MARKERS);
    mark_firsts(&mut table, action::PREDICATES);
    table
}

/// The class of an ideograph in the table, `None` for any other character.
#[inline]
fn class(c: char) -> Option<u8> {
    CLASS.get((c as u32).wrapping_sub(CJK_FIRST) as usize).copied()
}

/// Whether [`laws::fold`] leaves `c` as it is, known without the full table of folds.
#[inline]
pub(super) fn folds_to_itself(c: char) -> bool {
    match class(c) {
        Some(class) => class & FOLDS == 0,
        None => c.is_ascii() && c != '\t' && c != '\r',
    }
}

/// Whether a folded character can start a pair that matters other than an action word: a
/// relative word (本条, 此款, 该项, 前款, and 前两款 and 上一条 through their numeral), a
/// numeral before a unit (弟十条, 前两款), 名称, 标题, 序言.
const fn pair_first(c: char) -> bool {
    matches!(c, '本' | '此' | '该' | '前' | '名' | '标' | '序' | ')') || numeral::is_numeral_char(c)
}

/// Marks the first character of each word as [`PAIR`].
const fn mark_firsts(table: &mut [u8; CJK_LEN], words: &[&str]) {
    let mut i = 0;
    while i < words.len() {
        let at = (action::first_char(words[i]) as u32).wrapping_sub(CJK_FIRST) as usize;
        if at < CJK_LEN {
            table[at] |= PAIR;
        }
        i += 1;
    }
}

/// Sorts a text by what it needs. A citation is emitted only from a path (a 第, a relative
/// word 本条/前款/该项/上一条…, `（三）项`, a typo 弟十条) or from 名称/标题 and 序言, and every
/// one of them shows as a pair of folded characters: 第 itself, a unit character (条款项目章节编)
/// right after 本/此/该/前/`)` or a numeral, or 名称, 标题, 序言. A text without any of them
/// holds no citation, and its action depends on its verbs and opinion markers only, which also
/// start with a known pair ([`action::is_verb_start`], [`action::is_marker_start`]).
pub(super) fn prescan(text: &str) -> Pre {
    let mut act = false;
    let mut prev = '\0';
    // Whether `prev` can start a pair that matters (any character outside the table can).
    let mut prev_pair = false;
    for raw in text.chars() {
        let (c, pair) = match class(raw) {
            Some(class) if class & FOLDS == 0 => {
                if class & DI != 0 {
                    return Pre::Full;
                }
                (raw, class & PAIR != 0)
            }
            _ => {
                let c = laws::fold_slow(raw);
                if c == '第' {
                    return Pre::Full;
                }
                (c, true)
            }
        };
        if prev_pair {
            let cites = match c {
                '条' | '款' | '项' | '目' | '章' | '节' | '编' => {
                    matches!(prev, '本' | '此' | '该' | '前' | ')')
                        || numeral::is_numeral_char(prev)
                }
                '称' => prev == '名',
                '题' => prev == '标',
                '言' => prev == '序',
                _ => false,
            };
            if cites {
                return Pre::Full;
            }
            act = act || action::is_verb_start(prev, c) || action::is_marker_start(prev, c);
        }
        prev = c;
        prev_pair = pair;
    }
    if prev_pair {
        act = act || action::is_verb_start(prev, '\0') || action::is_marker_start(prev, '\0');
    }
    // Any verb or opinion marker decides the action, whatever else the text holds (加大,
    // 最好, 存在矛盾 too).
    if act { Pre::ActionOnly } else { Pre::Nothing }
}

/// The action of a text without citations (see [`prescan`]): the same as the full scan's.
pub(super) fn action_only(text: &str) -> Option<Action> {
    let mut cs: Vec<Ch> = Vec::with_capacity(text.len() / 2 + 8);
    for (at, c) in text.char_indices() {
        cs.push(Ch { ch: laws::fold(c), at: at as u32, q: false });
    }
    mark_quotes(&mut cs);
    let mut verbs = Vec::new();
    action::verbs(&cs, &mut verbs);
    action::classify(&cs, &verbs, &[], &[])
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::cite::{Citations, CiteContext, Citer, LawReset, Scan};

    /// What the citer gave before the fast path: the full scan of any text the old filter
    /// admits.
    fn full<'t>(text: &'t str, ctx: &CiteContext, reset: LawReset) -> Citations<'t> {
        let mut scan = Scan::new(text, ctx, reset);
        scan.run();
        scan.finish()
    }

    fn same_as_full(text: &str) {
        let mut ctx = CiteContext::from_title("滨江市电动自行车管理条例（草案）");
        let mut citer = Citer::new();
        assert_eq!(citer.extract(text, &ctx), full(text, &ctx, LawReset::Sentence), "{text:?}");
        ctx.current_article(8);
        citer.law_reset(LawReset::Paragraph);
        assert_eq!(citer.extract(text, &ctx), full(text, &ctx, LawReset::Paragraph), "{text:?}");
    }

    /// The characters and words the filter and the scan look at, their folded forms, and some
    /// that they must not look at.
    const PIECES: &[&str] = &[
        "第",
        "弟",
        "递",
        "帝",
        "地",
        "条",
        "條",
        "款",
        "项",
        "項",
        "目",
        "章",
        "节",
        "節",
        "编",
        "編",
        "本",
        "此",
        "该",
        "該",
        "前",
        "上一",
        "下一",
        "名",
        "称",
        "名称",
        "标",
        "题",
        "标题",
        "序",
        "言",
        "序言",
        "将",
        "把",
        "《",
        "》",
        "“",
        "”",
        "「",
        "」",
        "\"",
        "(",
        ")",
        "（",
        "）",
        "﹚",
        "一",
        "二",
        "两",
        "兩",
        "十",
        "百",
        "〇",
        "零",
        "廿",
        "1",
        "２",
        "?",
        "？",
        "。",
        "，",
        "、",
        " ",
        "\u{3000}",
        "\n",
        "\t",
        "删",
        "刪",
        "除",
        "删除",
        "删去",
        "增加",
        "加大",
        "不再",
        "保留",
        "修改为",
        "改为",
        "建议",
        "建",
        "议",
        "认为",
        "認為",
        "希望",
        "不合理",
        "不合理的",
        "过高",
        "過",
        "存在矛盾",
        "最好",
        "应该",
        "應",
        "明确",
        "取消",
        "新增",
        "补充",
        "補",
        "修",
        "提高",
        "作为",
        "草案",
        "本条例",
        "民法典",
        "的",
        "规定",
        "電動車",
        "道路",
        "停车",
        "a",
        "x",
        "（三）",
        "(1)",
        "前两",
        "弟十",
        "地3",
    ];

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(20_000))]

        #[test]
        fn the_fast_path_changes_nothing(pieces in prop::collection::vec(0..PIECES.len(), 0..24)) {
            let text: String = pieces.iter().map(|&i| PIECES[i]).collect();
            same_as_full(&text);
        }

        #[test]
        fn the_fast_path_changes_nothing_on_any_text(text in "\\PC{0,60}") {
            same_as_full(&text);
        }
    }

    #[test]
    fn every_pair_of_pieces() {
        for a in PIECES {
            for b in PIECES {
                same_as_full(&format!("{a}{b}"));
                same_as_full(&format!("电{a}{b}车"));
                same_as_full(&format!("建{a}{b}。"));
            }
        }
    }

    #[test]
    fn the_table_agrees_with_the_slow_functions() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            assert_eq!(laws::fold(c), laws::fold_slow(c), "{c:?}");
        }
        for (i, &class) in CLASS.iter().enumerate() {
            let Some(c) = char::from_u32(CJK_FIRST + i as u32) else { continue };
            assert_eq!(class & DI != 0, c == '第', "{c}");
        }
        let verbs = action::VERBS.iter().map(|(w, ..)| *w);
        for w in action::OPINION_MARKERS
            .iter()
            .copied()
            .chain(action::PREDICATES.iter().copied())
            .chain(verbs)
        {
            let c = w.chars().next().unwrap();
            assert_eq!(action::first_char(w), c, "{w}");
            // Every word starts inside the table or with a character outside it (always a pair).
            assert!(class(c).is_none_or(|class| class & PAIR != 0), "{w}");
        }
    }
}
