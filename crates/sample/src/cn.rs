//! Chinese numerals as they are written in legal citations (第二十三条, 第一百零五条).

const DIGITS: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];

/// 1..=9999 in the official style: 十二 (not 一十二), 一百零五, 一百一十, 二千零三.
pub(crate) fn cn_number(n: u32) -> String {
    assert!((1..10_000).contains(&n), "article numbers are 1..9999");
    if n < 10 {
        return DIGITS[n as usize].to_string();
    }
    if n < 20 {
        let mut s = String::from("十");
        if n > 10 {
            s.push_str(DIGITS[(n - 10) as usize]);
        }
        return s;
    }
    let units = [(1000, "千"), (100, "百"), (10, "十")];
    let mut s = String::new();
    let mut rest = n;
    let mut pending_zero = false;
    for (value, unit) in units {
        let d = rest / value;
        rest %= value;
        if d > 0 {
            if pending_zero {
                s.push('零');
                pending_zero = false;
            }
            s.push_str(DIGITS[d as usize]);
            s.push_str(unit);
        } else if !s.is_empty() {
            pending_zero = true;
        }
    }
    if rest > 0 {
        if pending_zero {
            s.push('零');
        }
        s.push_str(DIGITS[rest as usize]);
    }
    s
}

/// Parse the Chinese numerals this crate writes (一..九千九百九十九); None if anything else.
pub(crate) fn parse_cn_number(s: &str) -> Option<u32> {
    if s.is_empty() {
        return None;
    }
    let mut total = 0u32;
    let mut digit: Option<u32> = None;
    for ch in s.chars() {
        let unit = match ch {
            '十' => 10,
            '百' => 100,
            '千' => 1000,
            _ => {
                let d = DIGITS.iter().position(|d| d.starts_with(ch))? as u32;
                digit = Some(d);
                continue;
            }
        };
        total += digit.take().unwrap_or(1) * unit;
    }
    Some(total + digit.unwrap_or(0))
}

/// ASCII digits to full-width digits (２３).
pub(crate) fn full_width_digits(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_ascii_digit() {
                char::from_u32(c as u32 - 0x30 + 0xFF10).unwrap_or(c)
            } else {
                c
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numerals_round_trip() {
        let cases = [
            (1, "一"),
            (10, "十"),
            (12, "十二"),
            (20, "二十"),
            (23, "二十三"),
            (100, "一百"),
            (105, "一百零五"),
            (110, "一百一十"),
            (1165, "一千一百六十五"),
            (2003, "二千零三"),
        ];
        for (n, s) in cases {
            assert_eq!(cn_number(n), s);
            assert_eq!(parse_cn_number(s), Some(n));
        }
        for n in 1..10_000 {
            assert_eq!(parse_cn_number(&cn_number(n)), Some(n), "{n}");
        }
        assert_eq!(full_width_digits("第23条"), "第２３条");
    }
}
