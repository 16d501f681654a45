//! The untidiness of real exports, applied to a finished text and recorded.

use crate::Mess;
use crate::cn::full_width_digits;
use crate::rng::Rng;

/// Apply `f` to the parts of `text` outside “…” quotes (quoted wording stays as written).
pub(crate) fn map_outside_quotes(text: &str, f: impl Fn(&str) -> String) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut rest = text;
    loop {
        match rest.find('“') {
            Some(open) => {
                out.push_str(&f(&rest[..open]));
                let after = &rest[open..];
                match after.find('”') {
                    Some(close) => {
                        let end = close + '”'.len_utf8();
                        out.push_str(&after[..end]);
                        rest = &after[end..];
                    }
                    None => {
                        out.push_str(after);
                        return out;
                    }
                }
            }
            None => {
                out.push_str(&f(rest));
                return out;
            }
        }
    }
}

fn is_cn_digit(c: char) -> bool {
    "零〇一二三四五六七八九十百千两".contains(c)
}

/// Byte ranges of `第…条/款/项` numerals written in ASCII digits or Chinese numerals.
fn ref_numerals(text: &str) -> Vec<(usize, usize, bool)> {
    let mut out = Vec::new();
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut k = 0;
    while k < chars.len() {
        if chars[k].1 == '第' {
            let start = k + 1;
            let mut j = start;
            let ascii = j < chars.len() && chars[j].1.is_ascii_digit();
            while j < chars.len()
                && if ascii { chars[j].1.is_ascii_digit() } else { is_cn_digit(chars[j].1) }
            {
                j += 1;
            }
            if j > start && j < chars.len() && matches!(chars[j].1, '条' | '款' | '项') {
                out.push((chars[start].0, chars[j].0, ascii));
                k = j;
                continue;
            }
        }
        k += 1;
    }
    out
}

/// Convert the ASCII digits of `第23条`-style references to full-width (`第２３条`).
pub(crate) fn full_width_refs(text: &str) -> Option<String> {
    let spans: Vec<_> = ref_numerals(text).into_iter().filter(|s| s.2).collect();
    if spans.is_empty() {
        return None;
    }
    let mut out = String::with_capacity(text.len() + 8);
    let mut last = 0;
    for (a, b, _) in spans {
        out.push_str(&text[last..a]);
        out.push_str(&full_width_digits(&text[a..b]));
        last = b;
    }
    out.push_str(&text[last..]);
    Some(out)
}

/// The IME typo 弟/地/递 for the 第 of the first reference.
fn di_typo(rng: &mut Rng, text: &str) -> Option<String> {
    let (a, _, _) = *ref_numerals(text).first()?;
    let di = a - '第'.len_utf8();
    Some(format!("{}{}{}", &text[..di], rng.pick(&["弟", "地", "递"]), &text[a..]))
}

/// Swap the numeral style of article references outside quotes: 第二十八条 <-> 第28条.
pub(crate) fn swap_numerals(text: &str) -> String {
    map_outside_quotes(text, |part| {
        let spans = ref_numerals(part);
        let mut out = String::with_capacity(part.len() + 8);
        let mut last = 0;
        for (a, b, ascii) in spans {
            out.push_str(&part[last..a]);
            let num = &part[a..b];
            if ascii {
                match num.parse::<u32>() {
                    Ok(n) if (1..10_000).contains(&n) => out.push_str(&crate::cn::cn_number(n)),
                    _ => out.push_str(num),
                }
            } else {
                match crate::cn::parse_cn_number(num) {
                    Some(n) => out.push_str(&n.to_string()),
                    None => out.push_str(num),
                }
            }
            last = b;
        }
        out.push_str(&part[last..]);
        out
    })
}

fn mixed_punctuation(rng: &mut Rng, text: &str) -> String {
    let all = rng.chance(0.5);
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        let swap = all || rng.chance(0.5);
        out.push(match c {
            '，' if swap => ',',
            '：' if swap => ':',
            '；' if swap => ';',
            '“' | '”' if all => '"',
            '（' if swap => '(',
            '）' if swap => ')',
            '！' if swap => '!',
            '？' if swap => '?',
            _ => c,
        });
    }
    out
}

/// Insert `ins` after some sentence or clause ends (or at the start when there is none).
fn insert_after_punct(
    rng: &mut Rng,
    text: &str,
    ins: &str,
    marks: &[char],
    times: usize,
) -> String {
    let positions: Vec<usize> = text
        .char_indices()
        .filter(|(_, c)| marks.contains(c))
        .map(|(i, c)| i + c.len_utf8())
        .filter(|&i| i < text.len())
        .collect();
    if positions.is_empty() {
        return format!("{ins}{text}");
    }
    let mut chosen: Vec<usize> = (0..times).map(|_| *rng.pick(&positions)).collect();
    chosen.sort_unstable();
    chosen.dedup();
    let mut out = String::with_capacity(text.len() + times * ins.len());
    let mut last = 0;
    for p in chosen {
        out.push_str(&text[last..p]);
        out.push_str(ins);
        last = p;
    }
    out.push_str(&text[last..]);
    out
}

/// Make `text` look like a cell of a real export. `content` allows changes beyond whitespace
/// (full-width digits, punctuation, typos); exact copies get whitespace changes only.
pub(crate) fn apply(rng: &mut Rng, text: &str, online: bool, content: bool) -> (String, Vec<Mess>) {
    let mut messy = Vec::new();
    let mut t = text.to_string();
    if content {
        if rng.chance(0.3)
            && let Some(fw) = full_width_refs(&t)
        {
            t = fw;
            messy.push(Mess::FullWidthDigits);
        }
        if rng.chance(0.015)
            && let Some(typo) = di_typo(rng, &t)
        {
            t = typo;
            messy.push(Mess::DiTypo);
        }
        if rng.chance(0.04) {
            let m = mixed_punctuation(rng, &t);
            if m != t {
                t = m;
                messy.push(Mess::MixedPunctuation);
            }
        }
    }
    if rng.chance(0.04) && t.matches('。').count() >= 2 {
        let br = if rng.chance(0.6) { "\r\n" } else { "\n" };
        t = insert_after_punct(rng, &t, br, &['。'], 2);
    }
    if t.contains(['\n', '\r']) {
        messy.push(Mess::LineBreaksInCell);
    }
    if rng.chance(0.02) {
        let times = 1 + rng.below(3);
        t = insert_after_punct(rng, &t, "\u{200B}", &['，', '。', '：'], times);
        messy.push(Mess::ZeroWidth);
    }
    if rng.chance(0.03) {
        t = if rng.chance(0.6) {
            format!("\u{3000}\u{3000}{t}")
        } else {
            insert_after_punct(rng, &t, "\u{3000}", &['。', '，'], 2)
        };
        messy.push(Mess::IdeographicSpace);
    }
    if rng.chance(0.05) {
        t.push_str(rng.pick_str(&[" ", "  ", "   ", "\u{3000}", "\t", " \u{3000}"]));
        messy.push(Mess::TrailingSpaces);
    }
    if rng.chance(if online { 0.18 } else { 0.04 }) {
        let lead = rng.pick(&[
            "\n\t\t\t\t\t\n\t\t\t\t\t",
            "\n\t\t\t",
            "\r\n\t\t\t\t\t\r\n\t\t\t\t\t",
            "\t\t\t\t\t",
        ]);
        t = format!("{lead}{t}");
        if rng.chance(0.6) {
            t.push_str(rng.pick_str(&[
                "\n\t\t\t\t\t\n\t\t\t\t\t\n\t\t\t\t",
                "\n\t\t\t\t",
                "\t\t\t\t\n",
            ]));
        }
        messy.push(Mess::LeadingDebris);
    }
    (t, messy)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numeral_helpers() {
        assert_eq!(
            full_width_refs("关于第23条第2款，“第5条”").as_deref(),
            Some("关于第２３条第２款，“第５条”")
        );
        assert_eq!(full_width_refs("第二十三条"), None);
        assert_eq!(swap_numerals("第二十八条第一款和“第十一条”"), "第28条第1款和“第十一条”");
        assert_eq!(swap_numerals("第28条"), "第二十八条");
        assert_eq!(map_outside_quotes("a“a”a", |s| s.replace('a', "b")), "b“a”b");
    }
}
