//! Sentences of the bank that can be written several ways.
//!
//! People who make the same point independently do not write the same sentence. A sentence of
//! the bank therefore offers
//!
//! - whole alternative phrasings: `|` lines after it in `points.txt` (another structure, other
//!   words, the same content);
//! - inline alternatives: `[甲|乙|丙]` picks one, `[|甲]` makes a word optional;
//! - on top of both, the words of a small lexicon of interchangeable words (很多/不少/好多,
//!   根本/压根, 修改为/改为/改成 …), each occurrence a choice of its own.
//!
//! Quotations stay as written: “…” (a quote of the draft, or proposed wording) and 《…》 (a law's
//! title), and after `《…》第` the rest of the sentence (what that law says). Everything is
//! compiled once when the bank is parsed; rendering walks the pieces and draws from the
//! generator's stream, so a rendering costs a few random numbers and one string.

use crate::rng::Rng;

/// Interchangeable words: each occurrence outside quotations becomes a choice between the word
/// and its alternatives, uniformly. Longer entries win over shorter ones at the same place; an
/// entry without alternatives protects a phrase from the shorter entries inside it.
const LEXICON: &[(&str, &[&str])] = &[
    ("电动自行车", &["电动车", "电瓶车"]),
    ("电动车", &["电瓶车", "电动自行车"]),
    ("非常危险", &["十分危险", "特别危险", "太危险了"]),
    ("太危险了", &["非常危险", "实在太危险"]),
    ("非常", &["十分", "特别"]),
    ("很多", &["不少", "好多", "许多"]),
    ("困难群众", &["困难家庭"]),
    ("群众", &["老百姓", "市民"]),
    ("老百姓", &["群众", "市民"]),
    ("现在", &["目前", "眼下", "如今"]),
    ("目前", &["现在", "眼下"]),
    ("因为", &["由于"]),
    ("但是", &["但", "可是", "不过"]),
    ("如果", &["要是", "假如", "若是"]),
    ("没有办法", &["没办法", "没法子"]),
    ("根本", &["压根", "完全"]),
    ("太低", &["过低", "偏低"]),
    ("太轻", &["过轻", "偏轻"]),
    ("太短", &["过短", "偏短"]),
    ("太笼统", &["过于笼统", "太宽泛"]),
    ("太模糊", &["过于模糊", "不够清楚"]),
    ("应当", &["应该", "要"]),
    ("建议明确", &["建议写明", "建议在条例里写明", "建议进一步明确"]),
    ("建议增加", &["建议补充", "建议再加上"]),
    ("修改为", &["改为", "改成", "调整为"]),
    ("建议删除", &["建议删去", "建议删掉", "建议去掉"]),
    ("不合理", &["不太合理", "说不过去"]),
    ("老人孩子", &["老人和小孩"]),
    ("老人", &["老年人"]),
    ("孩子", &["小孩", "小孩子"]),
    ("很难", &["难以", "不太容易"]),
    ("不知道", &["不清楚", "搞不清"]),
    ("经常", &["常常", "时常", "老是"]),
    ("造成不便", &[]),
    ("造成困难", &[]),
    ("造成", &["导致"]),
    ("必须", &["一定要", "务必"]),
    ("避免", &["防止", "以免"]),
    ("实际上", &["其实", "事实上"]),
    ("不公平", &["不公道", "有失公平"]),
    ("往往", &["常常", "通常"]),
    ("比如", &["例如", "像"]),
    ("特别是", &["尤其是"]),
    ("而且", &["并且", "还"]),
    ("只能是", &[]),
    ("只能", &["只好", "只得"]),
    ("确实", &["的确", "实在"]),
    ("大家", &["大伙儿", "大伙"]),
    ("这一规定", &["这条规定", "这个规定", "该规定"]),
    ("我们", &["咱们"]),
    ("我家", &["我们家"]),
    ("每天", &["天天", "每日"]),
    ("怎么办", &[]),
    ("怎么", &["如何"]),
    ("比较", &["较为", "相对"]),
    ("不要", &["别", "不能"]),
    ("有没有", &[]),
    ("没有", &["没"]),
    ("可以", &["能", "可"]),
    ("一定的", &["适当的"]),
    ("这些", &["这类"]),
    ("能够", &["能"]),
    ("老年人", &["老人"]),
    ("，建议", &["，希望", "，我建议"]),
    ("很大程度", &[]),
    ("得很", &[]),
    ("很", &["挺", "非常"]),
];

/// The most a phrasing weighs when one is drawn (see [`Phrase::render`]).
const CAP: u32 = 16;

#[derive(Debug, Clone)]
enum Piece {
    Lit(String),
    Choice(Vec<String>),
}

/// One sentence of the bank, with its alternative phrasings compiled.
#[derive(Debug, Clone)]
pub(crate) struct Phrase {
    /// The phrasings as written in the bank (first = the main one).
    raw: Vec<String>,
    variants: Vec<Vec<Piece>>,
    /// How often each phrasing is drawn: by how many ways it can be written (capped), so that
    /// a plain phrasing is not the one most texts share.
    weights: Vec<u32>,
}

impl Phrase {
    pub(crate) fn new(raw: &str) -> Phrase {
        let mut p = Phrase { raw: Vec::new(), variants: Vec::new(), weights: Vec::new() };
        p.add_variant(raw);
        p
    }

    /// Another phrasing of the same sentence.
    pub(crate) fn add_variant(&mut self, raw: &str) {
        self.raw.push(raw.to_string());
        let pieces = compile(raw);
        let ways = pieces.iter().fold(1u32, |w, p| match p {
            Piece::Lit(_) => w,
            Piece::Choice(options) => w.saturating_mul(options.len() as u32).min(CAP),
        });
        self.weights.push(ways);
        self.variants.push(pieces);
    }

    /// The phrasings as written in the bank, inline alternatives included.
    #[cfg(test)]
    pub(crate) fn raw(&self) -> &[String] {
        &self.raw
    }

    /// One phrasing, each choice drawn.
    pub(crate) fn render(&self, rng: &mut Rng) -> String {
        let pieces =
            &self.variants[if self.variants.len() == 1 { 0 } else { rng.weighted(&self.weights) }];
        let mut out = String::with_capacity(96);
        for piece in pieces {
            match piece {
                Piece::Lit(s) => out.push_str(s),
                Piece::Choice(options) => out.push_str(&options[rng.below(options.len())]),
            }
        }
        out
    }
}

/// Pieces of one phrasing: inline `[…|…]` choices, protected quotations, lexicon choices.
fn compile(raw: &str) -> Vec<Piece> {
    let mut pieces: Vec<Piece> = Vec::new();
    // After 《…》第, what that law says, up to the end of the sentence: no lexicon.
    let mut law = false;
    let mut rest = raw;
    while !rest.is_empty() {
        // The next special place: a choice, a quotation, a title or the end of a sentence.
        let next = rest.find(['[', '“', '《', '。']).unwrap_or(rest.len());
        if law {
            push_lit(&mut pieces, &rest[..next]);
        } else {
            lexical(&mut pieces, &rest[..next]);
        }
        rest = &rest[next..];
        let Some(c) = rest.chars().next() else { break };
        let end = match c {
            '[' => {
                let close = rest.find(']').unwrap_or_else(|| panic!("unclosed [ in {raw:?}"));
                let options: Vec<String> = rest[1..close].split('|').map(str::to_string).collect();
                assert!(options.len() >= 2, "a choice needs two options: {raw:?}");
                pieces.push(Piece::Choice(options));
                rest = &rest[close + 1..];
                continue;
            }
            '“' => rest.find('”').map_or(rest.len(), |e| e + '”'.len_utf8()),
            '《' => {
                let end = rest.find('》').map_or(rest.len(), |e| e + '》'.len_utf8());
                law = rest[end..].starts_with('第');
                end
            }
            _ => {
                law = false;
                c.len_utf8()
            }
        };
        push_lit(&mut pieces, &rest[..end]);
        rest = &rest[end..];
    }
    pieces
}

/// Literal text with the lexicon's words turned into choices.
fn lexical(pieces: &mut Vec<Piece>, text: &str) {
    let mut plain = String::new();
    let mut at = 0;
    while at < text.len() {
        let here = &text[at..];
        let hit = LEXICON
            .iter()
            .filter(|(word, _)| here.starts_with(word))
            .max_by_key(|(word, _)| word.len());
        match hit {
            Some((word, alternatives)) => {
                if alternatives.is_empty() {
                    plain.push_str(word);
                } else {
                    if !plain.is_empty() {
                        push_lit(pieces, &plain);
                        plain.clear();
                    }
                    let mut options = vec![(*word).to_string()];
                    options.extend(alternatives.iter().map(|s| (*s).to_string()));
                    pieces.push(Piece::Choice(options));
                }
                at += word.len();
            }
            None => {
                let c = here.chars().next().expect("not at the end");
                plain.push(c);
                at += c.len_utf8();
            }
        }
    }
    if !plain.is_empty() {
        push_lit(pieces, &plain);
    }
}

fn push_lit(pieces: &mut Vec<Piece>, s: &str) {
    if s.is_empty() {
        return;
    }
    if let Some(Piece::Lit(last)) = pieces.last_mut() {
        last.push_str(s);
    } else {
        pieces.push(Piece::Lit(s.to_string()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotations_and_law_text_stay_as_written() {
        let p = Phrase::new(
            "建议将“很多”修改为“不少”。《中华人民共和国消防法》第二十八条规定很多单位不得占用。很多人不知道。",
        );
        let mut rng = Rng::new(1);
        for _ in 0..50 {
            let s = p.render(&mut rng);
            assert!(s.starts_with("建议将“很多”"), "{s}");
            assert!(
                s.contains("“不少”。《中华人民共和国消防法》第二十八条规定很多单位不得占用。"),
                "{s}"
            );
        }
    }

    #[test]
    fn choices_and_variants_are_all_used() {
        let mut p = Phrase::new("[甲|乙][|丙]丁。");
        p.add_variant("戊。");
        let mut rng = Rng::new(2);
        let seen: std::collections::BTreeSet<String> =
            (0..200).map(|_| p.render(&mut rng)).collect();
        let want = ["甲丁。", "甲丙丁。", "乙丁。", "乙丙丁。", "戊。"];
        assert_eq!(seen, want.iter().map(|s| s.to_string()).collect());
    }

    #[test]
    fn choices_inside_what_a_law_says() {
        let p = Phrase::new("《消防法》第六十条[规定|写明]很多。很多。");
        let mut rng = Rng::new(4);
        let seen: std::collections::BTreeSet<String> =
            (0..100).map(|_| p.render(&mut rng)).collect();
        assert!(seen.contains("《消防法》第六十条写明很多。不少。"), "{seen:?}");
        assert!(seen.iter().all(|s| s.contains("条规定很多。") || s.contains("条写明很多。")));
    }

    #[test]
    fn longer_lexicon_entries_win() {
        // 造成不便 is protected from 造成 → 导致.
        let p = Phrase::new("给老人造成不便。");
        let mut rng = Rng::new(3);
        for _ in 0..30 {
            assert!(p.render(&mut rng).ends_with("造成不便。"));
        }
    }
}
