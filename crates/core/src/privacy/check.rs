//! Checks on digit strings: 身份证号 (GB 11643: region, birth date, ISO 7064 MOD 11-2), Luhn
//! for bank cards, and the shape of Chinese area codes and mobile numbers.
//!
//! Digits are given as values 0–9 (not ASCII), the check character X as 10.

/// The weights of the first 17 digits of an 18-digit 身份证号 (2^(17-i) mod 11).
const ID_WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

/// The check character for each remainder of the weighted sum mod 11 (10 stands for X).
const ID_CHECK: [u8; 11] = [1, 0, 10, 9, 8, 7, 6, 5, 4, 3, 2];

/// Province-level codes in use (the first two digits of a 身份证号): 11–15, 21–23, 31–37,
/// 41–46, 50–54, 61–65, and 71 (Taiwan), 81/82 (Hong Kong, Macao), 83 (Taiwan residents'
/// residence permits), which follow the same format.
fn is_province(code: u8) -> bool {
    matches!(code, 11..=15 | 21..=23 | 31..=37 | 41..=46 | 50..=54 | 61..=65 | 71 | 81..=83)
}

/// A region code whose province exists and whose city part is not 00.
fn is_region(d: &[u8]) -> bool {
    is_province(d[0] * 10 + d[1]) && !(d[2] == 0 && d[3] == 0)
}

fn is_leap(year: u32) -> bool {
    (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400)
}

/// A calendar date that exists, with a year from 1900 to 2099.
fn is_date(year: u32, month: u32, day: u32) -> bool {
    if !(1900..=2099).contains(&year) || !(1..=12).contains(&month) || day == 0 {
        return false;
    }
    let days = match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    day <= days
}

fn number(d: &[u8]) -> u32 {
    d.iter().fold(0, |n, &x| n * 10 + u32::from(x))
}

/// An 18-digit 身份证号: a plausible region, an existing birth date, and the right check
/// character (`d[17]` may be 10 for X).
pub(crate) fn is_id18(d: &[u8]) -> bool {
    if d.len() != 18 || d[..17].iter().any(|&x| x > 9) || !is_region(d) {
        return false;
    }
    if !is_date(number(&d[6..10]), number(&d[10..12]), number(&d[12..14])) {
        return false;
    }
    let sum: u32 = d[..17].iter().zip(ID_WEIGHTS).map(|(&x, w)| u32::from(x) * w).sum();
    ID_CHECK[(sum % 11) as usize] == d[17]
}

/// A 15-digit 身份证号 of the first generation (before 1999): a plausible region and an existing
/// birth date in the 1900s. It has no check digit.
pub(crate) fn is_id15(d: &[u8]) -> bool {
    d.len() == 15
        && d.iter().all(|&x| x <= 9)
        && is_region(d)
        && is_date(1900 + number(&d[6..8]), number(&d[8..10]), number(&d[10..12]))
}

/// The Luhn check of a card number.
pub(crate) fn luhn(d: &[u8]) -> bool {
    let sum: u32 = d
        .iter()
        .rev()
        .enumerate()
        .map(|(i, &x)| {
            let x = u32::from(x);
            if i % 2 == 1 {
                let y = x * 2;
                if y > 9 { y - 9 } else { y }
            } else {
                x
            }
        })
        .sum();
    !d.is_empty() && sum.is_multiple_of(10)
}

/// A mainland mobile number: 11 digits, 1 then 3–9.
pub(crate) fn is_mobile(d: &[u8]) -> bool {
    d.len() == 11 && d[0] == 1 && (3..=9).contains(&d[1])
}

/// A long-distance area code: 010, 02x, or 0 and three digits from 03xx to 09xx.
pub(crate) fn is_area_code(d: &[u8]) -> bool {
    matches!(d, [0, 1, 0] | [0, 2, _] | [0, 3..=9, _, _])
}

/// A local landline number: 7 or 8 digits, not starting with 0 or 1.
pub(crate) fn is_local_number(d: &[u8]) -> bool {
    (7..=8).contains(&d.len()) && d[0] >= 2
}

#[cfg(test)]
mod tests {
    use super::*;

    fn digits(s: &str) -> Vec<u8> {
        s.bytes().map(|b| if b == b'X' { 10 } else { b - b'0' }).collect()
    }

    #[test]
    fn id18_checksum_region_and_date() {
        // The example of GB 11643-1999 and two from the sample.
        assert!(is_id18(&digits("11010519491231002X")));
        assert!(is_id18(&digits("510107198406233100")));
        assert!(is_id18(&digits("330182195208094042")));
        // One digit off: the check fails.
        assert!(!is_id18(&digits("330182195208094043")));
        assert!(!is_id18(&digits("11010519491231002")));
        // Right check character, impossible date (1949-02-30).
        let mut d = digits("11010519490230000");
        let sum: u32 = d.iter().zip(ID_WEIGHTS).map(|(&x, w)| u32::from(x) * w).sum();
        d.push(ID_CHECK[(sum % 11) as usize]);
        assert!(!is_id18(&d));
        // Right check character, no such province (99).
        let mut d = digits("99010519491231002");
        let sum: u32 = d.iter().zip(ID_WEIGHTS).map(|(&x, w)| u32::from(x) * w).sum();
        d.push(ID_CHECK[(sum % 11) as usize]);
        assert!(!is_id18(&d));
    }

    #[test]
    fn id15_region_and_date() {
        assert!(is_id15(&digits("110105491231002")));
        assert!(!is_id15(&digits("110105491331002"))); // month 13
        assert!(!is_id15(&digits("990105491231002"))); // no province 99
        assert!(!is_id15(&digits("110105000229002"))); // 1900 was not a leap year
        assert!(is_id15(&digits("110105960229002"))); // 1996 was
    }

    #[test]
    fn luhn_cards() {
        assert!(luhn(&digits("6225885057174518727")));
        assert!(luhn(&digits("6214835140164771")));
        assert!(luhn(&digits("4111111111111111")));
        assert!(!luhn(&digits("4111111111111112")));
    }

    #[test]
    fn phone_shapes() {
        assert!(is_mobile(&digits("13800138000")));
        assert!(!is_mobile(&digits("12800138000")));
        assert!(is_area_code(&digits("010")));
        assert!(is_area_code(&digits("0571")));
        assert!(is_area_code(&digits("021")));
        assert!(!is_area_code(&digits("011")));
        assert!(!is_area_code(&digits("0086")));
        assert!(is_local_number(&digits("82219022")));
        assert!(!is_local_number(&digits("02219022")));
    }
}
