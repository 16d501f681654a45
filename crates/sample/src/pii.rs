//! Personal data that looks real and passes the checks a redactor applies.

use crate::rng::Rng;

/// Region codes (省市区 level) used in 身份证号; any six digits of this shape would do.
const REGIONS: [&str; 16] = [
    "330102", "330105", "330106", "330108", "330110", "330182", "330281", "330324", "330421",
    "330521", "330683", "320106", "340104", "360102", "410105", "510107",
];

/// ISO 7064 MOD 11-2 check character of the first 17 digits of a resident ID number.
pub(crate) fn id_check_char(first17: &str) -> char {
    const W: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let sum: u32 = first17.bytes().zip(W).map(|(b, w)| u32::from(b - b'0') * w).sum();
    ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'][(sum % 11) as usize]
}

/// True if `s` is an 18-character resident ID number whose check character matches.
pub fn id_card_valid(s: &str) -> bool {
    s.len() == 18
        && s.bytes().take(17).all(|b| b.is_ascii_digit())
        && s.chars().nth(17) == Some(id_check_char(&s[..17]))
}

pub(crate) fn id_card(rng: &mut Rng) -> String {
    let year = rng.range(1950, 2006);
    let month = rng.range(1, 12);
    let day = rng.range(1, 28);
    let seq = rng.range(1, 999);
    let first17 = format!("{}{year:04}{month:02}{day:02}{seq:03}", rng.pick(&REGIONS));
    let check = id_check_char(&first17);
    format!("{first17}{check}")
}

/// Luhn check over the digits of `s` (spaces and dashes ignored; fewer than 12 digits fail).
pub fn luhn_valid(s: &str) -> bool {
    let digits: Vec<u32> = s.chars().filter_map(|c| c.to_digit(10)).collect();
    if digits.len() < 12 {
        return false;
    }
    let sum: u32 = digits
        .iter()
        .rev()
        .enumerate()
        .map(|(i, &d)| if i % 2 == 1 { if d * 2 > 9 { d * 2 - 9 } else { d * 2 } } else { d })
        .sum();
    sum.is_multiple_of(10)
}

/// A 16- or 19-digit UnionPay-looking card number (62…) with a valid Luhn digit,
/// sometimes grouped by fours.
pub(crate) fn bank_card(rng: &mut Rng) -> String {
    const BINS: [&str; 6] = ["622202", "621700", "622848", "621483", "622588", "623668"];
    let len = if rng.chance(0.6) { 19 } else { 16 };
    let mut digits: Vec<u32> = rng.pick(&BINS).chars().filter_map(|c| c.to_digit(10)).collect();
    while digits.len() < len - 1 {
        digits.push(rng.below(10) as u32);
    }
    // Luhn digit: the sum including it must be 0 mod 10; it sits at position 0 from the right.
    let partial: u32 = digits
        .iter()
        .rev()
        .enumerate()
        .map(|(i, &d)| if i % 2 == 0 { if d * 2 > 9 { d * 2 - 9 } else { d * 2 } } else { d })
        .sum();
    digits.push((10 - partial % 10) % 10);
    let plain: String = digits.iter().map(|d| char::from(b'0' + *d as u8)).collect();
    if rng.chance(0.35) {
        plain
            .as_bytes()
            .chunks(4)
            .map(|c| std::str::from_utf8(c).unwrap_or(""))
            .collect::<Vec<_>>()
            .join(" ")
    } else {
        plain
    }
}

/// A mobile number 1[3-9]x in one of the ways people type it.
pub(crate) fn mobile(rng: &mut Rng) -> String {
    const PREFIXES: [&str; 24] = [
        "130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151", "152", "153",
        "155", "157", "158", "159", "166", "173", "177", "180", "186", "189", "199",
    ];
    let p = rng.pick(&PREFIXES);
    let a = rng.range(0, 9999);
    let b = rng.range(0, 9999);
    match rng.weighted(&[70, 10, 8, 7, 5]) {
        0 => format!("{p}{a:04}{b:04}"),
        1 => format!("{p}-{a:04}-{b:04}"),
        2 => format!("{p} {a:04} {b:04}"),
        3 => format!("+86 {p} {a:04} {b:04}"),
        _ => format!("+86-{p}{a:04}{b:04}"),
    }
}

pub(crate) fn landline(rng: &mut Rng) -> String {
    let n = rng.range(0, 9_999_999);
    match rng.weighted(&[70, 20, 10]) {
        0 => format!("0571-8{n:07}"),
        1 => format!("（0571）8{n:07}"),
        _ => format!("0571 8{n:07}"),
    }
}

pub(crate) fn email(rng: &mut Rng) -> String {
    const SYL: [&str; 24] = [
        "wang", "li", "zhang", "liu", "chen", "yang", "zhao", "huang", "zhou", "wu", "xu", "sun",
        "hu", "zhu", "gao", "lin", "he", "guo", "ma", "luo", "jian", "hua", "ming", "xiao",
    ];
    const DOMAINS: [&str; 6] =
        ["163.com", "126.com", "qq.com", "sina.com", "139.com", "foxmail.com"];
    let domain = rng.pick(&DOMAINS);
    if *domain == "qq.com" && rng.chance(0.7) {
        return format!("{}@qq.com", rng.range(10_000_000, 2_999_999_999));
    }
    let mut user = String::new();
    for _ in 0..rng.range(1, 3) {
        user.push_str(rng.pick_str(&SYL));
    }
    if rng.chance(0.7) {
        user.push_str(&rng.range(1960, 2005).to_string());
    }
    format!("{user}@{domain}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_checksums() {
        // The check digit examples of GB 11643-1999 style numbers.
        assert_eq!(id_check_char("11010519491231002"), 'X');
        assert!(id_card_valid("11010519491231002X"));
        assert!(!id_card_valid("110105194912310021"));
        assert!(luhn_valid("4111 1111 1111 1111"));
        assert!(!luhn_valid("4111 1111 1111 1112"));
        let mut rng = Rng::new(7);
        for _ in 0..2000 {
            assert!(id_card_valid(&id_card(&mut rng)));
            assert!(luhn_valid(&bank_card(&mut rng)));
        }
    }
}
