//! Finding personal data: one pass over the bytes of a text.
//!
//! Most of an opinion is Chinese text, in which personal data can only start at a few bytes: a
//! digit, `+`, `@`, an upper-case letter (licence plates, `A座`), `h`/`w` (URLs, skipped whole)
//! and the lead byte of full-width forms (`１３８…`, `＠`). Every other byte is passed over by a
//! table look-up. At a trigger the detectors read forward (and, for a plate or an e-mail
//! address, a little backward) on characters with full-width ASCII folded, so that spans stay
//! on the original text's character boundaries.
//!
//! Every detector returns candidates; overlaps are settled afterwards ([`super::resolve`]).

use super::PersonalKind;
use super::check;

/// A stretch of the text that holds personal data of one kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Candidate {
    pub(crate) kind: PersonalKind,
    pub(crate) start: usize,
    pub(crate) end: usize,
}

/// Bytes where a detector may start.
static TRIGGER: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = b'0';
    while b <= b'9' {
        t[b as usize] = true;
        b += 1;
    }
    let mut b = b'A';
    while b <= b'Z' {
        t[b as usize] = true;
        b += 1;
    }
    t[b'+' as usize] = true;
    t[b'@' as usize] = true;
    t[b'h' as usize] = true;
    t[b'w' as usize] = true;
    // The lead byte of U+F000–U+FFFF, which holds the full-width forms U+FF01–U+FF5E.
    t[0xEF] = true;
    t
};

/// Finds every candidate in `text` (names excepted), in order of where the scan met them.
pub(crate) fn scan(text: &str, out: &mut Vec<Candidate>) {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if !TRIGGER[usize::from(bytes[i])] {
            i += 1;
            continue;
        }
        // Triggers are ASCII or a lead byte, so `i` is on a character boundary.
        let Some((c, len)) = at(text, i) else {
            i += 1;
            continue;
        };
        i = match c {
            '0'..='9' | '+' => number_or_address(text, i, c, len, out),
            '@' => match email(text, i, len) {
                Some((start, end)) => {
                    out.push(Candidate { kind: PersonalKind::Email, start, end });
                    end
                }
                None => i + len,
            },
            'A'..='Z' | 'a'..='z' => letter(text, i, c, len, out),
            _ => i + len,
        };
    }
}

/// Finds the given names of the submitter. Names that are too short to be safe or that stand
/// for no one (匿名) are passed over.
pub(crate) fn scan_names(text: &str, names: &[&str], out: &mut Vec<Candidate>) {
    for name in names {
        let name = name.trim();
        let chars = name.chars().count();
        if !(2..=20).contains(&chars) || NOT_NAMES.contains(&name) {
            continue;
        }
        let ascii = name.is_ascii();
        if ascii && chars < 4 {
            continue;
        }
        for (start, m) in text.match_indices(name) {
            let end = start + m.len();
            let prev = text[..start].chars().next_back();
            let next = text[end..].chars().next();
            let fits = if ascii {
                // A Latin name is a whole word.
                !prev.is_some_and(|c| c.is_ascii_alphanumeric())
                    && !next.is_some_and(|c| c.is_ascii_alphanumeric())
            } else if chars == 2 {
                // Two characters occur inside words (周明 in 四周明亮, 张明 in 主张明确): a
                // two-character name needs a boundary or a telling word on one side.
                !prev.is_some_and(is_han)
                    || !next.is_some_and(is_han)
                    || NAME_BEFORE.iter().any(|w| text[..start].ends_with(w))
                    || NAME_AFTER.iter().any(|w| text[end..].starts_with(w))
            } else {
                true
            };
            if fits {
                out.push(Candidate { kind: PersonalKind::Name, start, end });
            }
        }
    }
}

/// Submitter cells that name no one.
const NOT_NAMES: &[&str] =
    &["匿名", "佚名", "无名", "不详", "未知", "无", "某某", "网友", "市民", "群众", "居民"];

/// Words just before a name (本人王亮, 提出人：).
const NAME_BEFORE: &[&str] =
    &["本人", "我是", "我叫", "提出人", "姓名", "名叫", "联系人", "签名", "居民", "业主", "村民"];

/// Words just after a name (王亮同志).
const NAME_AFTER: &[&str] = &["同志", "先生", "女士", "老师", "律师", "代表"];

fn is_han(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '\u{20000}'..='\u{2A6DF}')
}

// ---- characters -----------------------------------------------------------------------------

/// Full-width ASCII (U+FF01–U+FF5E) to ASCII, the ideographic and the no-break space to a space.
fn fold(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(u32::from(c) - 0xFEE0).unwrap_or(c),
        '\u{3000}' | '\u{00A0}' => ' ',
        _ => c,
    }
}

/// The character at byte `i`, folded, and its length in the text; `None` at the end or off a
/// character boundary.
#[inline]
fn at(s: &str, i: usize) -> Option<(char, usize)> {
    let b = *s.as_bytes().get(i)?;
    if b < 0x80 {
        return Some((char::from(b), 1));
    }
    let c = s.get(i..)?.chars().next()?;
    Some((fold(c), c.len_utf8()))
}

/// The character that ends at byte `i`, folded, and its length.
fn before(s: &str, i: usize) -> Option<(char, usize)> {
    let c = s.get(..i)?.chars().next_back()?;
    Some((fold(c), c.len_utf8()))
}

/// The value of the digit at byte `i` (ASCII or full-width) and its length.
fn digit(s: &str, i: usize) -> Option<(u8, usize)> {
    let (c, len) = at(s, i)?;
    // `to_digit(10)` takes ASCII digits only; full-width ones were folded.
    let d = c.to_digit(10)?;
    Some((d as u8, len))
}

/// How many digits start at byte `i`, and where they end.
fn digit_run(s: &str, mut i: usize) -> (usize, usize) {
    let mut n = 0;
    while let Some((_, len)) = digit(s, i) {
        n += 1;
        i += len;
    }
    (n, i)
}

/// Up to `chars` characters before byte `i`, back to the start of the sentence at most.
fn context_before(s: &str, i: usize, chars: usize) -> &str {
    let head = &s[..i];
    let mut start = i;
    for (n, (pos, c)) in head.char_indices().rev().enumerate() {
        if n == chars || matches!(c, '。' | '；' | ';' | '！' | '？' | '!' | '?' | '\n') {
            break;
        }
        start = pos;
    }
    // A placeholder a previous pass left says nothing about this number (【银行卡号】 holds 卡号),
    // even one the window cuts: the context starts after it, so that redacting twice finds no
    // more than once.
    let mut lo = start.saturating_sub(PLACEHOLDER_BYTES);
    while !head.is_char_boundary(lo) {
        lo -= 1;
    }
    let after = PersonalKind::ALL
        .iter()
        .filter_map(|k| {
            let p = k.placeholder();
            head[lo..].rfind(p).map(|at| lo + at + p.len())
        })
        .max()
        .unwrap_or(start);
    &head[after.max(start)..]
}

/// The longest default placeholder, in bytes (【身份证号】).
const PLACEHOLDER_BYTES: usize = 18;

fn mentions(context: &str, words: &[&str]) -> bool {
    words.iter().any(|w| context.contains(w))
}

/// Words before a bank card number.
const CARD_WORDS: &[&str] = &[
    "卡号",
    "银行卡",
    "账号",
    "帐号",
    "卡上",
    "储蓄卡",
    "信用卡",
    "借记卡",
    "开户",
    "收款",
    "转账",
    "汇款",
    "银行",
    "社保卡",
    "打到",
];

/// Words before a number that is not personal (an order, a document, a parcel).
const ORDER_WORDS: &[&str] = &[
    "订单",
    "单号",
    "流水",
    "编号",
    "运单",
    "交易号",
    "合同",
    "发票",
    "批次",
    "案号",
    "文号",
    "工单",
    "序列号",
    "条码",
    "快递",
];

/// Words before a local landline number given without its area code.
const PHONE_WORDS: &[&str] =
    &["电话", "座机", "固话", "传真", "致电", "拨打", "联系方式", "tel", "Tel", "TEL"];

// ---- numbers ----------------------------------------------------------------------------------

const MAX_GROUPS: usize = 8;
const MAX_DIGITS: usize = 48;

/// A run of digits inside a number as written.
#[derive(Clone, Copy, Debug, Default)]
struct Group {
    /// Where its digits end.
    end: usize,
    /// Number of digits.
    len: usize,
    /// The separator before it: `' '`, `'-'`, `')'`, or `'\0'` for the first.
    sep: char,
}

/// A number as written: digit groups parted by single spaces or dashes (`138 0013 8000`,
/// `0571-82219022`), perhaps after `+` or inside a bracket (`(010)12345678`, `（+86）…`).
#[derive(Debug)]
struct Number {
    /// Where it begins: at `(`, `+` or the first digit.
    start: usize,
    plus: bool,
    /// The first group stands in brackets.
    paren: bool,
    groups: [Group; MAX_GROUPS],
    n: usize,
    digits: [u8; MAX_DIGITS],
    /// Digits kept in `digits` (a longer number keeps its first `MAX_DIGITS`).
    kept: usize,
    /// An X (the check character of a 身份证号) right after group `.0`, ending at byte `.1`.
    x: Option<(usize, usize)>,
}

impl Number {
    /// Reads the number starting at byte `i` (a digit or `+`).
    fn read(s: &str, i: usize) -> Option<Number> {
        let mut num = Number {
            start: i,
            plus: false,
            paren: false,
            groups: [Group::default(); MAX_GROUPS],
            n: 0,
            digits: [0; MAX_DIGITS],
            kept: 0,
            x: None,
        };
        let mut j = i;
        let (c, len) = at(s, j)?;
        if c == '+' {
            num.plus = true;
            j += len;
        }
        let open = before(s, i).filter(|&(c, _)| c == '(');
        let mut sep = '\0';
        loop {
            let mut len = 0;
            while let Some((d, l)) = digit(s, j) {
                if num.kept < MAX_DIGITS {
                    num.digits[num.kept] = d;
                    num.kept += 1;
                }
                len += 1;
                j += l;
            }
            if len == 0 {
                break;
            }
            num.groups[num.n] = Group { end: j, len, sep };
            num.n += 1;
            if num.n == MAX_GROUPS {
                break;
            }
            let Some((c, l)) = at(s, j) else { break };
            if matches!(c, 'X' | 'x') {
                num.x = Some((num.n - 1, j + l));
                break;
            }
            if c == ')' && num.n == 1 {
                if let Some((_, open_len)) = open
                    && len <= 4
                {
                    // (010)12345678, (+86) 138…: the bracket belongs to the number. Only an
                    // area code or country code is bracketed so: a longer group is a number
                    // of its own (a card in brackets), whatever follows the bracket.
                    let mut k = j + l;
                    if let Some((' ', l)) = at(s, k) {
                        k += l;
                    }
                    if digit(s, k).is_some() {
                        num.paren = true;
                        num.start = i - open_len;
                        sep = ')';
                        j = k;
                        continue;
                    }
                }
                break;
            }
            if matches!(c, ' ' | '-') && digit(s, j + l).is_some() {
                sep = c;
                j += l;
                continue;
            }
            break;
        }
        (num.n > 0).then_some(num)
    }

    /// Digits in groups `a..b`, if all were kept.
    fn digits(&self, a: usize, b: usize) -> Option<&[u8]> {
        let from: usize = self.groups[..a].iter().map(|g| g.len).sum();
        let to: usize = from + self.groups[a..b].iter().map(|g| g.len).sum::<usize>();
        (to <= self.kept).then(|| &self.digits[from..to])
    }

    /// The lengths of groups `a..b`, to match against shapes.
    fn lens(&self, a: usize, b: usize) -> ([usize; MAX_GROUPS], usize) {
        let mut lens = [0; MAX_GROUPS];
        for (k, g) in self.groups[a..b].iter().enumerate() {
            lens[k] = g.len;
        }
        (lens, b - a)
    }

    /// A 身份证号, 18 digits (grouped 6-8-4 or 6-4-4-4 perhaps, X last) or the old 15: its end.
    fn id_card(&self) -> Option<usize> {
        if self.plus || self.paren {
            return None;
        }
        for k in 1..=self.n.min(4) {
            let (lens, n) = self.lens(0, k);
            let digits = self.digits(0, k)?;
            match &lens[..n] {
                [18] | [6, 8, 4] | [6, 4, 4, 4] if check::is_id18(digits) => {
                    return Some(self.groups[k - 1].end);
                }
                [17] | [6, 8, 3] | [6, 4, 4, 3] => match self.x {
                    Some((g, end)) if g == k - 1 => {
                        let mut d = [0u8; 18];
                        d[..17].copy_from_slice(digits);
                        d[17] = 10;
                        if check::is_id18(&d) {
                            return Some(end);
                        }
                    }
                    _ => {}
                },
                [15] if check::is_id15(digits) => return Some(self.groups[0].end),
                _ => {}
            }
        }
        None
    }

    /// A bank card: 13–19 digits, whole or in fours (or 6 + the rest), passing Luhn; without a
    /// word such as 卡号 nearby only the usual 16 or 19 digits from 3, 4, 5 or 6.
    fn bank_card(&self, s: &str) -> Option<usize> {
        if self.plus || self.paren {
            return None;
        }
        let mut found = None;
        let mut total = 0;
        for k in 1..=self.n {
            total += self.groups[k - 1].len;
            if total > 19 {
                break;
            }
            if total < 13 {
                continue;
            }
            let (lens, n) = self.lens(0, k);
            let lens = &lens[..n];
            let shape = n == 1
                || (lens[..n - 1].iter().all(|&l| l == 4) && (1..=4).contains(&lens[n - 1]))
                || (n == 2 && lens[0] == 6);
            let digits = self.digits(0, k)?;
            if shape && check::luhn(digits) && !check::is_id18(digits) {
                found = Some((k, total, digits[0]));
            }
        }
        let (k, total, first) = found?;
        let context = context_before(s, self.start, 12);
        let usual = matches!(total, 16 | 19) && (3..=6).contains(&first);
        if mentions(context, ORDER_WORDS) || !(usual || mentions(context, CARD_WORDS)) {
            return None;
        }
        Some(self.groups[k - 1].end)
    }

    /// A mobile number, 11 digits (3-4-4, 3-8, 7-4), after +86, 0086 or 86 perhaps.
    fn mobile(&self, s: &str) -> Option<usize> {
        let g0 = self.digits(0, 1)?;
        let first = if self.n >= 2 && (g0 == [8, 6] || (g0 == [0, 0, 8, 6] && !self.plus)) {
            1
        } else {
            // Written together: +8613800138000, 008613800138000.
            let glued = match g0 {
                [8, 6, rest @ ..] if check::is_mobile(rest) => true,
                [0, 0, 8, 6, rest @ ..] if !self.plus && check::is_mobile(rest) => true,
                _ => false,
            };
            if glued {
                return Some(self.groups[0].end);
            }
            if self.plus || self.paren {
                return None;
            }
            0
        };
        for k in first + 1..=self.n.min(first + 3) {
            let (lens, n) = self.lens(first, k);
            if matches!(&lens[..n], [11] | [3, 4, 4] | [3, 8] | [7, 4])
                && check::is_mobile(self.digits(first, k)?)
            {
                if mentions(context_before(s, self.start, 8), ORDER_WORDS) {
                    return None;
                }
                return Some(self.groups[k - 1].end);
            }
        }
        None
    }

    /// A landline: area code and local number (`0571-82219022`, `(010)12345678`,
    /// `057182219022`), or a local number after 电话/座机; an extension is included.
    fn landline(&self, s: &str) -> Option<usize> {
        if self.plus {
            return None;
        }
        let local = |lens: &[usize]| matches!(lens, [7] | [8] | [3, 4] | [4, 4]);
        let g0 = self.digits(0, 1)?;
        let mut used = None;
        if check::is_area_code(g0) {
            for k in 2..=self.n.min(3) {
                let (lens, n) = self.lens(1, k);
                if local(&lens[..n]) && check::is_local_number(self.digits(1, k)?) {
                    used = Some(k);
                }
            }
        } else if self.paren {
            return None;
        } else if (10..=12).contains(&g0.len()) && g0[0] == 0 {
            let area = if matches!(g0[1], 1 | 2) { 3 } else { 4 };
            if check::is_area_code(&g0[..area]) && check::is_local_number(&g0[area..]) {
                used = Some(1);
            }
        } else {
            for k in 1..=self.n.min(2) {
                let (lens, n) = self.lens(0, k);
                if local(&lens[..n]) && check::is_local_number(self.digits(0, k)?) {
                    used = Some(k);
                }
            }
            if used.is_some() && !mentions(context_before(s, self.start, 8), PHONE_WORDS) {
                return None;
            }
        }
        let k = used?;
        let end = self.groups[k - 1].end;
        match self.groups.get(k) {
            Some(g) if k < self.n && g.sep == '-' && (1..=5).contains(&g.len) => Some(g.end),
            _ => Some(extension(s, end)),
        }
    }

    /// What the number is, if anything personal: the longest reading wins, then the more
    /// specific kind.
    fn classify(&self, s: &str) -> Option<Candidate> {
        if !number_may_start(s, self.start) {
            return None;
        }
        let readings = [
            (PersonalKind::IdCard, self.id_card()),
            (PersonalKind::BankCard, self.bank_card(s)),
            (PersonalKind::Mobile, self.mobile(s)),
            (PersonalKind::Landline, self.landline(s)),
        ];
        let mut best: Option<Candidate> = None;
        for (kind, end) in readings {
            let Some(end) = end else { continue };
            if number_may_end(s, end, kind) && best.is_none_or(|b| end > b.end) {
                best = Some(Candidate { kind, start: self.start, end });
            }
        }
        best
    }
}

/// Whether a number may start at byte `i`: not glued to a word, a decimal point or another
/// number (`ABC13800138000`, `3.13800138000`); `Tel13800138000` is fine, and so is a number
/// that opens with `+` whatever stands before it (`13800138000+8613900139000`: the `+` parts
/// them).
///
/// Whether a number is found must not depend on whether the one before it was replaced by a
/// placeholder, or redacting twice would find more than redacting once.
fn number_may_start(s: &str, i: usize) -> bool {
    let Some((c, len)) = before(s, i) else { return true };
    // After `+` the digits were read with it, as an international number (+86…): read alone
    // they are no card.
    if c == '_' || c == '+' {
        return false;
    }
    if s[i..].starts_with('+') {
        return true;
    }
    if after_placeholder(s, i) {
        return false;
    }
    if c.is_ascii_digit() {
        return false;
    }
    if c == '.' {
        return !before(s, i - len).is_some_and(|(c, _)| c.is_ascii_digit());
    }
    if c.is_ascii_alphabetic() {
        let word: String = s[..i]
            .chars()
            .rev()
            .take_while(char::is_ascii_alphabetic)
            .map(|c| c.to_ascii_lowercase())
            .collect();
        return matches!(word.as_str(), "let" | "enohp" | "elibom" | "xaf");
    }
    true
}

/// Characters after a number that make it an amount or a count (13800138000元).
const QUANTITY: &str = "元万亿%人次个户件辆年月日号条款项岁米斤吨";

/// Whether a number of this kind may end at byte `i`.
fn number_may_end(s: &str, i: usize, kind: PersonalKind) -> bool {
    let Some((c, len)) = at(s, i) else { return true };
    if c.is_ascii_alphanumeric() || c == '@' || c == '_' {
        return false;
    }
    if c == '.' && digit(s, i + len).is_some() {
        return false;
    }
    kind == PersonalKind::IdCard || !QUANTITY.contains(c)
}

/// The end of an extension after a landline ending at byte `i` (转123, 分机123, -123, ext.123).
fn extension(s: &str, i: usize) -> usize {
    let rest = &s[i..];
    for lead in ["转分机", "转", "分机", "ext.", "ext", "EXT", "x"] {
        if let Some(after) = rest.strip_prefix(lead) {
            let (n, end) = digit_run(s, i + (rest.len() - after.len()));
            if (1..=6).contains(&n) {
                return end;
            }
        }
    }
    i
}

/// At a digit or `+`: a number (身份证号, card, phone) or the door number of an address.
fn number_or_address(s: &str, i: usize, c: char, len: usize, out: &mut Vec<Candidate>) -> usize {
    let mut next = i + len;
    let mut best = None;
    if let Some(num) = Number::read(s, i) {
        if c != '+' {
            next = num.groups[0].end;
        }
        best = num.classify(s);
    }
    if c != '+'
        && address_may_start(s, i)
        && let Some(end) = address(s, i)
        && best.is_none_or(|b: Candidate| end > b.end)
    {
        best = Some(Candidate { kind: PersonalKind::Address, start: i, end });
    }
    match best {
        Some(found) => {
            out.push(found);
            found.end.max(next)
        }
        None => next,
    }
}

/// At an ASCII letter: a URL (skipped whole), a licence plate, or an address (A座1201室).
fn letter(s: &str, i: usize, c: char, len: usize, out: &mut Vec<Candidate>) -> usize {
    if matches!(c, 'h' | 'w' | 'H' | 'W')
        && let Some(end) = url(s, i)
    {
        return end;
    }
    if c.is_ascii_uppercase() {
        if let Some((start, end)) = plate(s, i, len) {
            out.push(Candidate { kind: PersonalKind::LicencePlate, start, end });
            return end;
        }
        if address_may_start(s, i)
            && let Some(end) = address(s, i)
        {
            out.push(Candidate { kind: PersonalKind::Address, start: i, end });
            return end;
        }
    }
    i + len
}

// ---- URLs and e-mail ---------------------------------------------------------------------------

/// The end of a URL starting at byte `i` (http://, https://, www.). URLs are left alone:
/// cutting a number out of one breaks the link and rarely removes anything personal.
fn url(s: &str, i: usize) -> Option<usize> {
    let b = &s.as_bytes()[i..];
    let starts = |p: &[u8]| b.len() >= p.len() && b[..p.len()].eq_ignore_ascii_case(p);
    if !(starts(b"http://") || starts(b"https://") || starts(b"www.")) {
        return None;
    }
    let len = b
        .iter()
        .position(|&c| {
            !c.is_ascii_graphic() || matches!(c, b'<' | b'>' | b'"' | b'\'' | b'`' | b'\\')
        })
        .unwrap_or(b.len());
    Some(i + len)
}

/// An e-mail address around the `@` at byte `at_pos` (of length `at_len`: `＠` is 3 bytes).
fn email(s: &str, at_pos: usize, at_len: usize) -> Option<(usize, usize)> {
    let b = s.as_bytes();
    let local = |c: u8| c.is_ascii_alphanumeric() || matches!(c, b'.' | b'_' | b'%' | b'+' | b'-');
    let mut start = at_pos;
    while start > 0 && local(b[start - 1]) {
        start -= 1;
    }
    while start < at_pos && matches!(b[start], b'.' | b'-' | b'+') {
        start += 1;
    }
    if start == at_pos || at_pos - start > 64 || b[at_pos - 1] == b'.' {
        return None;
    }
    let mut end = at_pos + at_len;
    let mut labels = 0;
    let mut last = (end, end);
    loop {
        let label = end;
        while end < b.len() && (b[end].is_ascii_alphanumeric() || b[end] == b'-') {
            end += 1;
        }
        if end == label {
            break;
        }
        labels += 1;
        last = (label, end);
        if end + 1 < b.len() && b[end] == b'.' && b[end + 1].is_ascii_alphanumeric() {
            end += 1;
            continue;
        }
        break;
    }
    let tld = &b[last.0..last.1];
    (labels >= 2 && tld.len() >= 2 && tld.iter().all(u8::is_ascii_alphabetic))
        .then_some((start, last.1))
}

// ---- licence plates ----------------------------------------------------------------------------

/// The one-character names of provinces on licence plates (and 使/领 for embassies).
const PROVINCES: &str = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼使领";

/// A licence plate whose city letter is at byte `i`: 浙A12345, 沪B·D12345 (new energy, six),
/// 苏A1234学. Returns its span, from the province character.
fn plate(s: &str, i: usize, len: usize) -> Option<(usize, usize)> {
    let (province, plen) = before(s, i)?;
    if !PROVINCES.contains(province) {
        return None;
    }
    let mut j = i + len;
    if let Some((c, l)) = at(s, j)
        && matches!(c, '·' | '•' | '・' | '.' | ' ' | '-' | '‧' | '∙')
    {
        j += l;
    }
    let mut chars = [0u8; 7];
    let mut n = 0;
    while n < chars.len() {
        match at(s, j) {
            Some((c, l)) if c.is_ascii_digit() || c.is_ascii_uppercase() => {
                chars[n] = c as u8;
                n += 1;
                j += l;
            }
            _ => break,
        }
    }
    if at(s, j).is_some_and(|(c, _)| c.is_ascii_alphanumeric()) {
        return None;
    }
    let chars = &chars[..n];
    if chars.iter().any(|c| matches!(c, b'I' | b'O')) {
        return None;
    }
    let digits = chars.iter().filter(|c| c.is_ascii_digit()).count();
    let end = match n {
        5 if digits >= 3 => j,
        // Coach, police, trailer, consulate, Hong Kong and Macao plates: four and a character.
        4 if digits >= 3 => match at(s, j) {
            Some((c, l)) if "学警挂领试超港澳".contains(c) => j + l,
            _ => return None,
        },
        6 if (matches!(chars[0], b'D' | b'F') && digits >= 4)
            || (matches!(chars[5], b'D' | b'F') && digits == 5) =>
        {
            j
        }
        _ => return None,
    };
    Some((i - plen, end))
}

// ---- addresses ---------------------------------------------------------------------------------

/// What a part of a door number counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Unit {
    /// 号: a house number, or a date (11月1号), or a document (第18230号).
    Hao,
    /// 幢, 栋, 座, 号楼, 号院: a building.
    Building,
    /// 单元: an entrance.
    Entrance,
    /// 楼, 层: a floor.
    Floor,
    /// 室, 房: a flat.
    Room,
    /// 户: a flat, or a count of households (208户).
    Household,
    /// 17-3-801: building, entrance and flat.
    Dashed { groups: u8 },
}

impl Unit {
    /// Whether it names the flat itself: what makes an address detailed. A building and its
    /// entrance (9栋2单元) are shared by many households and stay.
    fn is_fine(self) -> bool {
        matches!(self, Unit::Room | Unit::Household | Unit::Dashed { .. })
    }
}

/// One part of a door number: `86号`, `G2栋`, `4单元`, `101室`, `17-3-801`.
#[derive(Clone, Copy, Debug)]
struct Part {
    unit: Unit,
    digits: usize,
    letter: bool,
    /// Whether its unit word starts with 号 (号, 号楼, 号院).
    hao: bool,
    end: usize,
}

/// Unit words after a number, longest first.
const UNITS: [(&str, Unit); 12] = [
    ("号楼", Unit::Building),
    ("号院", Unit::Building),
    ("单元", Unit::Entrance),
    ("号", Unit::Hao),
    ("幢", Unit::Building),
    ("栋", Unit::Building),
    ("座", Unit::Building),
    ("楼", Unit::Floor),
    ("层", Unit::Floor),
    ("室", Unit::Room),
    ("房", Unit::Room),
    ("户", Unit::Household),
];

/// Characters that end the name of a road or a village: the number after them is a house
/// number (文昌路86号, 和平里3号, 新民村12号).
const ROAD_ENDS: &str = "路街巷弄道里村组同屯庄段";

/// Characters that end the name of a housing estate or building (香樟园4-4-1201).
const ESTATE_ENDS: &str = "园苑村区城府湾里庭居阁寓厦墅庄坊舍宅楼院邸轩场";

fn address_may_start(s: &str, i: usize) -> bool {
    !after_placeholder(s, i)
        && !before(s, i)
            .is_some_and(|(c, _)| c.is_ascii_alphanumeric() || matches!(c, '第' | '.' | '-'))
}

/// Whether the text before byte `i` ends with a placeholder a previous pass left. What stood
/// there was a number, a card, an e-mail…: whatever follows right after was glued to it, and is
/// judged so, so that redacting twice finds no more than once.
fn after_placeholder(s: &str, i: usize) -> bool {
    s[..i].ends_with('】') && PersonalKind::ALL.iter().any(|k| s[..i].ends_with(k.placeholder()))
}

/// One part of a door number at byte `i`.
fn part(s: &str, i: usize) -> Option<Part> {
    let mut j = i;
    let letter = at(s, j).is_some_and(|(c, _)| c.is_ascii_uppercase());
    if letter {
        j += at(s, j).map_or(1, |(_, l)| l);
    }
    let (digits, after) = digit_run(s, j);
    if digits > 5 || (digits == 0 && !letter) {
        return None;
    }
    // The last two digits: a flat's number within its floor (101: 01).
    let mut last_two = 0;
    let mut k = j;
    while let Some((d, l)) = digit(s, k) {
        last_two = (last_two * 10 + u32::from(d)) % 100;
        k += l;
    }
    j = after;
    if (1..=4).contains(&digits) && !letter && at(s, j).is_some_and(|(c, _)| c == '-') {
        let mut groups = 1u8;
        let mut k = j;
        while groups < 3 && at(s, k).is_some_and(|(c, _)| c == '-') {
            let (n, e) = digit_run(s, k + 1);
            if !(1..=4).contains(&n) {
                break;
            }
            groups += 1;
            k = e;
        }
        if groups >= 2 && !at(s, k).is_some_and(|(c, _)| c == '-' || c.is_ascii_alphanumeric()) {
            // 3-201室: the unit word, if any, belongs to it.
            let end = if s[k..].starts_with('室') { k + '室'.len_utf8() } else { k };
            return Some(Part { unit: Unit::Dashed { groups }, digits, letter, hao: false, end });
        }
        return None;
    }
    let rest = &s[j..];
    let (word, unit) = UNITS.iter().find(|(w, _)| rest.starts_with(w))?;
    let end = j + word.len();
    if digits == 0 && !matches!(unit, Unit::Building | Unit::Entrance | Unit::Floor) {
        return None;
    }
    let next = &s[end..];
    let refused = match unit {
        // 1号线, 5号地铁线: an underground line.
        Unit::Hao => next.starts_with('线') || next.starts_with("地铁"),
        // 3室2厅: the layout of a flat; 2005房补: a housing subsidy; 房价, 房贷, 房型…
        Unit::Room => {
            is_layout(next)
                || (*word == "房" && next.starts_with(|c: char| "补产价贷款源型租".contains(c)))
        }
        // 101户 is a flat, 724户 and 68户 are counts, 03户型 a layout: a flat's number ends in
        // 01 to 12 and has a floor before it.
        Unit::Household => next.starts_with('型') || digits < 3 || !(1..=12).contains(&last_two),
        _ => false,
    };
    if refused {
        return None;
    }
    Some(Part { unit: *unit, digits, letter, hao: word.starts_with('号'), end })
}

/// Whether a text goes on with the rest of a layout (2厅, 一厅, 两卫) after 室 or 房.
fn is_layout(rest: &str) -> bool {
    let mut chars = rest.chars().map(fold);
    let first = chars.next();
    let first = match first {
        Some(c) if c.is_ascii_digit() || "一二两三四五".contains(c) => chars.next(),
        other => other,
    };
    first.is_some_and(|c| matches!(c, '厅' | '卫'))
}

/// The flat number after a building or an entrance: 2 to 4 digits standing alone (G2栋320).
fn bare_room(s: &str, i: usize) -> Option<usize> {
    let (n, end) = digit_run(s, i);
    if !(2..=4).contains(&n) {
        return None;
    }
    match at(s, end) {
        None => Some(end),
        Some((c, _)) if c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '@') => None,
        Some((c, _))
            if QUANTITY.contains(c) || UNITS.iter().any(|(w, _)| s[end..].starts_with(w)) =>
        {
            None
        }
        Some(_) => Some(end),
    }
}

/// Up to 12 Chinese characters, then a part of a door number: the estate between a house
/// number and a building (86号文昌小区6幢).
fn estate_gap(s: &str, i: usize) -> Option<usize> {
    let mut j = i;
    for _ in 0..12 {
        let (c, l) = at(s, j)?;
        if !is_han(c) {
            break;
        }
        j += l;
        if part(s, j).is_some() {
            return Some(j);
        }
    }
    None
}

/// A detailed address whose door number starts at byte `i`: its end. The road, estate and
/// district before it stay; from the house number or building on, it goes.
///
/// Taken: a house number after a road (文昌路86号, with what follows: 6幢4单元101室,
/// 17-3-801); two or more parts of which one is a flat (2幢1302室, G2栋320); a flat number
/// alone with three digits or more (1302室); a dashed number after an estate (香樟园4-4-1201).
/// Not taken: 第18230号, 11月1号, 208户, 6栋楼, 9栋2单元, 44栋724户, 3室2厅, 1号线.
fn address(s: &str, i: usize) -> Option<usize> {
    let first = part(s, i)?;
    let prev = before(s, i).map(|(c, _)| c);
    let road = first.hao && !first.letter && prev.is_some_and(|c| ROAD_ENDS.contains(c));
    let mut parts = 1;
    let mut fine = first.unit.is_fine();
    let mut last = first.unit;
    let mut end = first.end;
    let mut gap_used = false;
    loop {
        if let Some(p) = part(s, end) {
            parts += 1;
            fine |= p.unit.is_fine();
            last = p.unit;
            end = p.end;
            continue;
        }
        if matches!(last, Unit::Building | Unit::Entrance | Unit::Floor)
            && let Some(e) = bare_room(s, end)
        {
            parts += 1;
            fine = true;
            end = e;
            break;
        }
        if road
            && parts == 1
            && !gap_used
            && let Some(e) = estate_gap(s, end)
        {
            gap_used = true;
            end = e;
            continue;
        }
        break;
    }
    if gap_used && parts == 1 {
        // The gap was taken for a part that then did not count: undo it.
        end = first.end;
    }
    let alone = match first.unit {
        Unit::Room => first.digits >= 3 && !first.letter,
        Unit::Dashed { groups: 3 } => prev.is_some_and(|c| ESTATE_ENDS.contains(c)),
        _ => false,
    };
    (road || (parts >= 2 && fine) || (parts == 1 && alone)).then_some(end)
}
