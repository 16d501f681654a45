//! Stage 8, privacy: personal data found in an opinion's text and replaced by a placeholder
//! of its kind, with an audit record of every removal.
//!
//! What is found and how is told on [`Redactor`].

use std::borrow::Cow;
use std::fmt;
use std::ops::Range;

use serde::{Serialize, Serializer};
use sha2::{Digest as _, Sha256};

use crate::error::{Error, ErrorKind, Result};

mod check;
mod scan;
#[cfg(test)]
mod tests;

use scan::Candidate;

/// A kind of personal data.
///
/// ```
/// use minyi_core::PersonalKind;
///
/// assert_eq!(PersonalKind::Mobile.placeholder(), "【手机号】");
/// assert_eq!(PersonalKind::from_name("id_card"), Some(PersonalKind::IdCard));
/// assert_eq!(PersonalKind::ALL.len(), 8);
/// # Ok::<(), minyi_core::Error>(())
/// ```
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PersonalKind {
    /// A resident identity card number (居民身份证号码).
    IdCard,
    /// A bank card number (银行卡号).
    BankCard,
    /// A mobile phone number (手机号).
    Mobile,
    /// A landline number (固定电话).
    Landline,
    /// An e-mail address (电子邮箱).
    Email,
    /// A licence plate (车牌号).
    LicencePlate,
    /// A door number: house, building, entrance, flat (详细地址).
    Address,
    /// The submitter's own name (姓名).
    Name,
}

impl PersonalKind {
    /// Every kind, the more specific first (the order that settles overlaps of equal length).
    pub const ALL: [PersonalKind; 8] = [
        PersonalKind::IdCard,
        PersonalKind::BankCard,
        PersonalKind::Mobile,
        PersonalKind::Landline,
        PersonalKind::Email,
        PersonalKind::LicencePlate,
        PersonalKind::Address,
        PersonalKind::Name,
    ];

    /// The name used in JSON and on the command line: `id_card`, `bank_card`, `mobile`,
    /// `landline`, `email`, `licence_plate`, `address`, `name`.
    pub fn name(self) -> &'static str {
        match self {
            PersonalKind::IdCard => "id_card",
            PersonalKind::BankCard => "bank_card",
            PersonalKind::Mobile => "mobile",
            PersonalKind::Landline => "landline",
            PersonalKind::Email => "email",
            PersonalKind::LicencePlate => "licence_plate",
            PersonalKind::Address => "address",
            PersonalKind::Name => "name",
        }
    }

    /// The default placeholder: 【身份证号】, 【银行卡号】, 【手机号】, 【固定电话】, 【电子邮箱】,
    /// 【车牌号】, 【详细地址】, 【姓名】.
    pub fn placeholder(self) -> &'static str {
        match self {
            PersonalKind::IdCard => "【身份证号】",
            PersonalKind::BankCard => "【银行卡号】",
            PersonalKind::Mobile => "【手机号】",
            PersonalKind::Landline => "【固定电话】",
            PersonalKind::Email => "【电子邮箱】",
            PersonalKind::LicencePlate => "【车牌号】",
            PersonalKind::Address => "【详细地址】",
            PersonalKind::Name => "【姓名】",
        }
    }

    /// Looks a kind up by its [name](PersonalKind::name).
    pub fn from_name(name: &str) -> Option<PersonalKind> {
        PersonalKind::ALL.into_iter().find(|k| k.name() == name)
    }

    fn index(self) -> usize {
        self as usize
    }
}

impl fmt::Display for PersonalKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// How the audit digests are computed.
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DigestAlgorithm {
    /// SHA-256 of the removed bytes. Anyone can recompute it, so anyone holding a guess (a
    /// phone number, an ID number: small spaces) can confirm it.
    Sha256,
    /// HMAC-SHA256 (RFC 2104) of the removed bytes under a key the office keeps: only the key
    /// holder can confirm a guess.
    HmacSha256,
}

impl DigestAlgorithm {
    /// `sha256` or `hmac_sha256`.
    pub fn name(self) -> &'static str {
        match self {
            DigestAlgorithm::Sha256 => "sha256",
            DigestAlgorithm::HmacSha256 => "hmac_sha256",
        }
    }
}

/// A 32-byte audit digest of a removed value; `Display` writes it as 64 lower-case hex digits.
///
/// ```
/// use minyi_core::Redactor;
///
/// let redacted = Redactor::new().redact("邮箱 a@b.cn");
/// // echo -n a@b.cn | sha256sum
/// assert_eq!(
///     redacted.removals()[0].digest().to_string(),
///     "3d125644fd5b2667cd625bd799517ff580bebacb5fec04f603d379661cf13463",
/// );
/// # Ok::<(), minyi_core::Error>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Digest([u8; 32]);

impl Digest {
    /// The 32 bytes.
    pub fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }
}

impl fmt::Display for Digest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for b in self.0 {
            write!(f, "{b:02x}")?;
        }
        Ok(())
    }
}

impl fmt::Debug for Digest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Digest({self})")
    }
}

impl Serialize for Digest {
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// One removal: what kind of data, where it was in the original text, and a digest of it. The
/// value itself is never kept.
///
/// ```
/// use minyi_core::{PersonalKind, Redactor};
///
/// let text = "联系电话：13800138000。";
/// let redacted = Redactor::new().redact(text);
/// let removal = &redacted.removals()[0];
/// assert_eq!(removal.kind(), PersonalKind::Mobile);
/// assert_eq!(&text[removal.span()], "13800138000");
/// assert_eq!(serde_json::to_value(removal)?["start"], 15);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct Removal {
    kind: PersonalKind,
    start: usize,
    end: usize,
    digest: Digest,
}

impl Removal {
    /// The kind of data removed.
    pub fn kind(&self) -> PersonalKind {
        self.kind
    }

    /// The byte span of the removed value in the original text (on character boundaries).
    pub fn span(&self) -> Range<usize> {
        self.start..self.end
    }

    /// The digest of the removed bytes, `text[span]` exactly as written (see
    /// [`Redactor::digest_algorithm`]).
    pub fn digest(&self) -> &Digest {
        &self.digest
    }
}

/// A text with its personal data replaced, and the removals in order of position.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Redacted<'t> {
    text: Cow<'t, str>,
    removals: Vec<Removal>,
}

impl<'t> Redacted<'t> {
    /// The redacted text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The redacted text, borrowed from the input when nothing was removed.
    pub fn into_text(self) -> Cow<'t, str> {
        self.text
    }

    /// Every removal, ordered by span; spans do not overlap.
    pub fn removals(&self) -> &[Removal] {
        &self.removals
    }

    /// Whether nothing was removed.
    pub fn is_unchanged(&self) -> bool {
        self.removals.is_empty()
    }
}

/// The kinds a redactor looks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct KindSet(u16);

impl KindSet {
    const ALL: KindSet = KindSet((1 << PersonalKind::ALL.len()) - 1);

    fn contains(self, kind: PersonalKind) -> bool {
        self.0 & (1 << kind.index()) != 0
    }
}

/// The keyed or plain hash of removed values.
#[derive(Clone)]
enum Hasher {
    Sha256,
    /// The HMAC's inner and outer states, after the padded key.
    Hmac(Box<(Sha256, Sha256)>),
}

impl Hasher {
    fn keyed(key: &[u8]) -> Hasher {
        let mut block = [0u8; 64];
        if key.len() > block.len() {
            block[..32].copy_from_slice(&Sha256::digest(key));
        } else {
            block[..key.len()].copy_from_slice(key);
        }
        let inner = Sha256::new().chain_update(block.map(|b| b ^ 0x36));
        let outer = Sha256::new().chain_update(block.map(|b| b ^ 0x5c));
        Hasher::Hmac(Box::new((inner, outer)))
    }

    fn digest(&self, value: &[u8]) -> Digest {
        match self {
            Hasher::Sha256 => Digest(Sha256::digest(value).into()),
            Hasher::Hmac(states) => {
                let (inner, outer) = &**states;
                let inner = inner.clone().chain_update(value).finalize();
                Digest(outer.clone().chain_update(inner).finalize().into())
            }
        }
    }

    fn algorithm(&self) -> DigestAlgorithm {
        match self {
            Hasher::Sha256 => DigestAlgorithm::Sha256,
            Hasher::Hmac(_) => DigestAlgorithm::HmacSha256,
        }
    }
}

impl fmt::Debug for Hasher {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Never the key, nor the states derived from it.
        f.write_str(self.algorithm().name())
    }
}

/// The shortest audit key accepted, in bytes.
const MIN_KEY_BYTES: usize = 16;

/// Settings for a [`Redactor`]: which kinds, which placeholders, which digest. Non-consuming
/// setters; [`RedactorBuilder::build`] checks them.
///
/// ```
/// use minyi_core::{PersonalKind, Redactor};
///
/// let redactor = Redactor::builder()
///     .kinds([PersonalKind::IdCard, PersonalKind::Mobile])
///     .placeholder(PersonalKind::Mobile, "[phone]")
///     .audit_key("a secret the office keeps, 16 bytes or more")
///     .build()?;
/// let redacted = redactor.redact("手机13800138000，邮箱a@b.cn");
/// assert_eq!(redacted.text(), "手机[phone]，邮箱a@b.cn");
/// # Ok::<(), minyi_core::Error>(())
/// ```
#[derive(Clone)]
pub struct RedactorBuilder {
    kinds: Vec<PersonalKind>,
    placeholders: [Option<String>; PersonalKind::ALL.len()],
    key: Option<Vec<u8>>,
}

impl Default for RedactorBuilder {
    fn default() -> RedactorBuilder {
        RedactorBuilder::new()
    }
}

impl fmt::Debug for RedactorBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RedactorBuilder")
            .field("kinds", &self.kinds)
            .field("placeholders", &self.placeholders)
            .field("audit_key", &self.key.as_ref().map(|_| "(set)"))
            .finish()
    }
}

impl RedactorBuilder {
    /// Every kind, the default placeholders, SHA-256 digests.
    pub fn new() -> RedactorBuilder {
        RedactorBuilder {
            kinds: PersonalKind::ALL.to_vec(),
            placeholders: Default::default(),
            key: None,
        }
    }

    /// Looks for these kinds only (the default is all of them).
    pub fn kinds(&mut self, kinds: impl IntoIterator<Item = PersonalKind>) -> &mut RedactorBuilder {
        self.kinds = kinds.into_iter().collect();
        self
    }

    /// Replaces data of this kind by `text` instead of the default placeholder.
    pub fn placeholder(
        &mut self,
        kind: PersonalKind,
        text: impl Into<String>,
    ) -> &mut RedactorBuilder {
        self.placeholders[kind.index()] = Some(text.into());
        self
    }

    /// Computes the audit digests as HMAC-SHA256 under this key instead of plain SHA-256, so
    /// that an audit file alone does not let anyone confirm a guessed phone or ID number.
    pub fn audit_key(&mut self, key: impl AsRef<[u8]>) -> &mut RedactorBuilder {
        self.key = Some(key.as_ref().to_vec());
        self
    }

    /// The redactor.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Config`] when no kind is chosen, when a placeholder is empty or holds an
    /// ASCII letter, digit or `@` (a redacted text must come out unchanged if redacted again),
    /// or when the audit key is shorter than 16 bytes.
    pub fn build(&self) -> Result<Redactor> {
        if self.kinds.is_empty() {
            return Err(Error::new(ErrorKind::Config, "redaction needs at least one kind of data"));
        }
        let mut kinds = 0u16;
        for kind in &self.kinds {
            kinds |= 1 << kind.index();
        }
        let mut placeholders = PersonalKind::ALL.map(|k| k.placeholder().to_owned());
        for (kind, text) in PersonalKind::ALL.iter().zip(&self.placeholders) {
            let Some(text) = text else { continue };
            if text.trim().is_empty() || text.chars().any(|c| c.is_ascii_digit() || c == '@') {
                return Err(Error::new(
                    ErrorKind::Config,
                    format!(
                        "the placeholder for {kind} must be non-blank and hold no digit or @, \
                         not {text:?}"
                    ),
                ));
            }
            placeholders[kind.index()].clone_from(text);
        }
        let hasher = match &self.key {
            None => Hasher::Sha256,
            Some(key) if key.len() < MIN_KEY_BYTES => {
                return Err(Error::new(
                    ErrorKind::Config,
                    format!("the audit key has {} bytes; use {MIN_KEY_BYTES} or more", key.len()),
                ));
            }
            Some(key) => Hasher::keyed(key),
        };
        Ok(Redactor { kinds: KindSet(kinds), placeholders, hasher })
    }
}

/// Finds personal data in a text and replaces it by placeholders, with an audit record.
///
/// What is found, and how:
///
/// | kind | placeholder | found when |
/// |---|---|---|
/// | [`PersonalKind::IdCard`] | 【身份证号】 | 18 digits (or 17 and X) with a known province, an existing birth date and the ISO 7064 MOD 11-2 check; 15 digits with a province and a date |
/// | [`PersonalKind::BankCard`] | 【银行卡号】 | 13–19 digits passing Luhn, not a 身份证号; without 卡号/银行卡/账号… nearby only 16 or 19 digits from 3, 4, 5 or 6 |
/// | [`PersonalKind::Mobile`] | 【手机号】 | 11 digits from 13–19, whole or as 3-4-4, 3-8, 7-4 with spaces or dashes, after +86, 0086 or 86 perhaps |
/// | [`PersonalKind::Landline`] | 【固定电话】 | an area code (010, 02x, 0xxx) and 7–8 digits, `(010)12345678`, an extension; a local number alone after 电话/座机 |
/// | [`PersonalKind::Email`] | 【电子邮箱】 | `local@domain.tld` |
/// | [`PersonalKind::LicencePlate`] | 【车牌号】 | a province, a letter, then 5 characters (浙A12345) or 6 for new energy (沪B·D12345) |
/// | [`PersonalKind::Address`] | 【详细地址】 | a door number: a house number after a road (文昌路86号…), a building with its flat (2幢1302室, G2栋320, 17-3-801), a flat alone (1302室); the road, estate and district before it stay, and so does a building or entrance without a flat (9栋2单元) |
/// | [`PersonalKind::Name`] | 【姓名】 | a name given by the caller ([`Redactor::redact_with_names`]) |
///
/// Full-width digits and letters count as ASCII ones. Left alone: article numbers (第123条),
/// dates, amounts and counts (5000元, 208户), document numbers (第18230号, 〔2020〕12号),
/// 18-digit numbers failing the check, numbers after 订单/单号/编号…, and URLs (a number cut out
/// of a link breaks it).
///
/// Overlaps are settled the same way every time: the longer match wins, then the more specific
/// kind in the order of the table above.
///
/// Cheap to clone, `Send + Sync`, no global state; one redactor serves any number of texts and
/// threads.
///
/// ```
/// use minyi_core::{PersonalKind, Redactor};
///
/// let redactor = Redactor::new();
/// let text = "本人王亮，身份证号11010519491231002X，手机+86 138-0013-8000，\
///             住滨江市文昌路86号文昌小区6幢4单元101室。建议第23条增加罚则，罚款5000元。";
/// let redacted = redactor.redact_with_names(text, &["王亮"]);
/// assert_eq!(
///     redacted.text(),
///     "本人【姓名】，身份证号【身份证号】，手机【手机号】，\
///      住滨江市文昌路【详细地址】。建议第23条增加罚则，罚款5000元。",
/// );
/// let kinds: Vec<PersonalKind> = redacted.removals().iter().map(|r| r.kind()).collect();
/// assert_eq!(
///     kinds,
///     [PersonalKind::Name, PersonalKind::IdCard, PersonalKind::Mobile, PersonalKind::Address]
/// );
/// // The audit keeps where and a digest, never the value.
/// let id = &redacted.removals()[1];
/// assert_eq!(&text[id.span()], "11010519491231002X");
/// assert_eq!(id.digest().to_string().len(), 64);
/// # Ok::<(), minyi_core::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct Redactor {
    kinds: KindSet,
    placeholders: [String; PersonalKind::ALL.len()],
    hasher: Hasher,
}

impl Default for Redactor {
    fn default() -> Redactor {
        Redactor::new()
    }
}

impl Redactor {
    /// Every kind, the default placeholders, SHA-256 digests.
    pub fn new() -> Redactor {
        Redactor {
            kinds: KindSet::ALL,
            placeholders: PersonalKind::ALL.map(|k| k.placeholder().to_owned()),
            hasher: Hasher::Sha256,
        }
    }

    /// Settings other than the default.
    pub fn builder() -> RedactorBuilder {
        RedactorBuilder::new()
    }

    /// The placeholder that replaces data of this kind.
    pub fn placeholder(&self, kind: PersonalKind) -> &str {
        &self.placeholders[kind.index()]
    }

    /// How the audit digests are computed.
    pub fn digest_algorithm(&self) -> DigestAlgorithm {
        self.hasher.algorithm()
    }

    /// Redacts a text.
    pub fn redact<'t>(&self, text: &'t str) -> Redacted<'t> {
        self.redact_with_names(text, &[])
    }

    /// Redacts a text and also the given names of its submitter wherever they occur (a name of
    /// two characters only where a boundary or a word such as 本人 or 提出人 shows it is one:
    /// 周明 stays in 四周明亮). Names of one character, and 匿名, are not looked for.
    pub fn redact_with_names<'t>(&self, text: &'t str, names: &[&str]) -> Redacted<'t> {
        let mut found = Vec::new();
        scan::scan(text, &mut found);
        if self.kinds.contains(PersonalKind::Name) {
            scan::scan_names(text, names, &mut found);
        }
        let found = resolve(found);
        let mut removals = Vec::new();
        let mut out = String::new();
        let mut last = 0;
        for c in found.into_iter().filter(|c| self.kinds.contains(c.kind)) {
            if removals.is_empty() {
                out.reserve(text.len());
            }
            out.push_str(&text[last..c.start]);
            out.push_str(self.placeholder(c.kind));
            last = c.end;
            let digest = self.hasher.digest(&text.as_bytes()[c.start..c.end]);
            removals.push(Removal { kind: c.kind, start: c.start, end: c.end, digest });
        }
        if removals.is_empty() {
            return Redacted { text: Cow::Borrowed(text), removals };
        }
        out.push_str(&text[last..]);
        Redacted { text: Cow::Owned(out), removals }
    }
}

/// Settles overlapping candidates: the longer wins, then the more specific kind, then the
/// earlier. Returns them by position.
fn resolve(mut found: Vec<Candidate>) -> Vec<Candidate> {
    found.sort_by_key(|c| (c.start, c.end));
    if found.windows(2).all(|w| w[0].end <= w[1].start) {
        return found;
    }
    found.sort_by(|a, b| {
        (b.end - b.start)
            .cmp(&(a.end - a.start))
            .then(a.kind.cmp(&b.kind))
            .then(a.start.cmp(&b.start))
    });
    let mut chosen: Vec<Candidate> = Vec::with_capacity(found.len());
    for c in found {
        // `chosen` stays sorted by start, so one binary search finds the neighbours.
        let at = chosen.partition_point(|d| d.start < c.start);
        let clear_before = at == 0 || chosen[at - 1].end <= c.start;
        let clear_after = chosen.get(at).is_none_or(|d| c.end <= d.start);
        if clear_before && clear_after {
            chosen.insert(at, c);
        }
    }
    chosen
}
