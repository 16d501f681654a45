//! Chinese numerals as they appear between 第 and a unit character (条, 款, 项, 章, 节, 编).
//!
//! Parse only that span: a general converter turns 统一 into 统1 and 万一 into 0.0001. Official
//! texts write one canonical form (第一百一十条, 第一百零五条, 第一千一百六十五条; never 一百十
//! or 一十二); opinions also write Arabic and full-width digits, 两, 〇, digit-by-digit forms
//! (一〇五), the formal characters (壹贰叁), the archaic 廿/卅/卌 and colloquial short forms
//! (一百五 = 150). Those are read too, and marked as not canonical.

/// A numeral read from text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) struct Numeral {
    /// Its value.
    pub(crate) value: u32,
    /// Whether it is written in the official form (or in Arabic digits). A lenient reading
    /// (两百, 一百十, 一〇五, 廿一) is not.
    pub(crate) canonical: bool,
}

/// The largest number read: article numbers stay below 10,000 (the Civil Code ends at 1,260).
const MAX: u32 = 99_999;

const fn digit(c: char) -> Option<u32> {
    Some(match c {
        '零' | '〇' | '○' | '0' | '０' => 0,
        '一' | '壹' | '1' | '１' => 1,
        '二' | '贰' | '貳' | '两' | '兩' | '2' | '２' => 2,
        '三' | '叁' | '參' | '3' | '３' => 3,
        '四' | '肆' | '4' | '４' => 4,
        '五' | '伍' | '5' | '５' => 5,
        '六' | '陆' | '陸' | '6' | '６' => 6,
        '七' | '柒' | '7' | '７' => 7,
        '八' | '捌' | '8' | '８' => 8,
        '九' | '玖' | '9' | '９' => 9,
        _ => return None,
    })
}

const fn unit(c: char) -> Option<u32> {
    match c {
        '十' | '拾' => Some(10),
        '百' | '佰' => Some(100),
        '千' | '仟' => Some(1000),
        _ => None,
    }
}

const fn archaic(c: char) -> Option<u32> {
    match c {
        '廿' => Some(20),
        '卅' => Some(30),
        '卌' => Some(40),
        _ => None,
    }
}

/// Whether `c` can be part of a numeral.
pub(crate) const fn is_numeral_char(c: char) -> bool {
    digit(c).is_some() || unit(c).is_some() || archaic(c).is_some()
}

/// Reads a numeral; whitespace inside it is skipped (`第二 十九条`). `None` when it is not a
/// well-formed numeral (一百零十, 十百) or too large.
pub(crate) fn parse(s: &str) -> Option<Numeral> {
    let chars: Vec<char> = s.chars().filter(|c| !c.is_whitespace()).collect();
    if chars.is_empty() {
        return None;
    }
    let arabic = chars.iter().all(|c| c.is_ascii_digit() || ('０'..='９').contains(c));
    let has_unit = chars.iter().any(|&c| unit(c).is_some() || archaic(c).is_some());
    let value = if !has_unit {
        // Digit by digit: 12, １２, 一〇五.
        if chars.len() > 5 {
            return None;
        }
        chars.iter().try_fold(0u32, |acc, &c| Some(acc * 10 + digit(c)?))?
    } else {
        with_units(&chars)?
    };
    if value > MAX {
        return None;
    }
    let canonical = arabic || chars.iter().copied().eq(format(value).chars());
    Some(Numeral { value, canonical })
}

/// The unit algorithm of CITATIONS.md §3.2, with the checks that keep malformed input out.
fn with_units(chars: &[char]) -> Option<u32> {
    let mut total = 0u32;
    let mut pending: Option<u32> = None; // a digit waiting for its unit
    let mut last_unit = u32::MAX;
    let mut after_zero = false;
    for (i, &c) in chars.iter().enumerate() {
        if let Some(d) = digit(c) {
            if pending.is_some_and(|p| p != 0) {
                return None; // two digits in a row: 一二百
            }
            if d == 0 {
                after_zero = true;
            }
            pending = Some(d);
        } else if let Some(u) = unit(c) {
            if u >= last_unit {
                return None; // units must decrease: 十百
            }
            let times = match pending {
                Some(0) => return None, // 一百零十
                Some(d) => d,
                // 十 without a digit: at the start (十二), or colloquially after a larger unit
                // (一百十 = 110).
                None => 1,
            };
            total += times * u;
            last_unit = u;
            pending = None;
            after_zero = false;
        } else if let Some(a) = archaic(c) {
            if i != 0 {
                return None;
            }
            total = a;
            last_unit = 10;
        } else {
            return None;
        }
    }
    if let Some(d) = pending {
        // 一百五 is 150 when spoken; 一百零五 is 105.
        if !after_zero && last_unit >= 100 && last_unit != u32::MAX {
            total += d * (last_unit / 10);
        } else {
            total += d;
        }
    }
    Some(total)
}

const DIGITS: [char; 10] = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/// The official form of `n` (0..=99,999): 十二, 一百零五, 一百一十, 一千零一十, 一千一百六十五.
pub(crate) fn format(n: u32) -> String {
    if n == 0 {
        return "零".to_owned();
    }
    let places = [(10_000, '万'), (1000, '千'), (100, '百'), (10, '十'), (1, ' ')];
    let mut out = String::new();
    let mut zero_gap = false;
    for (value, name) in places {
        let d = n / value % 10;
        if d == 0 {
            zero_gap = !out.is_empty();
            continue;
        }
        if zero_gap {
            out.push('零');
            zero_gap = false;
        }
        // A leading 十 has no 一: 十二, not 一十二.
        if !(value == 10 && d == 1 && out.is_empty()) {
            out.push(DIGITS[d as usize]);
        }
        if value > 1 {
            out.push(name);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value(s: &str) -> Option<u32> {
        parse(s).map(|n| n.value)
    }

    #[test]
    fn official_forms_round_trip_over_1_to_9999() {
        for n in 1..=9999 {
            let written = format(n);
            assert_eq!(parse(&written), Some(Numeral { value: n, canonical: true }), "{written}");
            assert_eq!(value(&n.to_string()), Some(n));
            let full_width: String =
                n.to_string().chars().map(|c| char::from_u32(c as u32 + 0xFEE0).unwrap()).collect();
            assert_eq!(value(&full_width), Some(n));
        }
    }

    #[test]
    fn official_forms_look_right() {
        assert_eq!(format(10), "十");
        assert_eq!(format(12), "十二");
        assert_eq!(format(105), "一百零五");
        assert_eq!(format(110), "一百一十");
        assert_eq!(format(1005), "一千零五");
        assert_eq!(format(1010), "一千零一十");
        assert_eq!(format(1165), "一千一百六十五");
        assert_eq!(format(1260), "一千二百六十");
    }

    #[test]
    fn the_edge_cases_of_the_spec() {
        let lenient = |s: &str, v: u32| {
            assert_eq!(parse(s), Some(Numeral { value: v, canonical: false }), "{s}");
        };
        lenient("一百十", 110);
        lenient("一百五", 150);
        lenient("两百", 200);
        lenient("一百〇五", 105);
        lenient("一〇五", 105);
        lenient("廿", 20);
        lenient("廿一", 21);
        lenient("卅", 30);
        lenient("一千零零五", 1005);
        lenient("一十二", 12);
        lenient("1百", 100);
        lenient("壹佰零伍", 105);
        assert_eq!(value("〇"), Some(0));
        assert_eq!(value("二 十九"), Some(29));
        assert_eq!(parse("１２"), Some(Numeral { value: 12, canonical: true }));
        for malformed in ["一百零十", "十百", "一二百", "五廿", "", "万", "第", "123456"]
        {
            assert_eq!(parse(malformed), None, "{malformed}");
        }
    }

    #[test]
    fn numeral_characters() {
        assert!("一百零五〇两廿１2".chars().all(is_numeral_char));
        assert!(!"条款项第之".chars().any(is_numeral_char));
    }
}
