//! Tests of the generator against its own promises.

use std::collections::{BTreeMap, BTreeSet};

use crate::bank::{parse_draft, parse_points};
use crate::{
    DupKind, Generator, Mess, PiiKind, RefKind, SampleOpinion, Settings, draft_text, id_card_valid,
    luhn_valid,
};

const N: usize = crate::DEFAULT_N;

fn sample() -> Vec<SampleOpinion> {
    Generator::new(crate::DEFAULT_SEED).generate(N)
}

/// A tiny Chinese numeral parser, independent of the crate's own.
fn cn(s: &str) -> Option<u32> {
    let digit = |c: char| "零一二三四五六七八九".chars().position(|d| d == c).map(|v| v as u32);
    let (mut total, mut cur) = (0, 0);
    for c in s.chars() {
        match c {
            '十' => {
                total += if cur == 0 { 10 } else { cur * 10 };
                cur = 0;
            }
            '百' => {
                total += cur * 100;
                cur = 0;
            }
            _ => cur = digit(c)?,
        }
    }
    Some(total + cur)
}

/// Article numbers of the draft, from lines `第X条　…`.
fn draft_articles() -> Vec<u32> {
    draft_text()
        .lines()
        .filter_map(|l| {
            let rest = l.strip_prefix('第')?;
            let (num, body) = rest.split_once('条')?;
            if !body.starts_with('\u{3000}') {
                return None;
            }
            cn(num)
        })
        .collect()
}

fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace() && *c != '\u{200B}').collect()
}

fn fold(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - 0xFF10 + 0x30).unwrap_or(c),
            '弟' | '地' | '递' => '第',
            _ => c,
        })
        .collect()
}

/// The text without its “…” quotations.
fn strip_quotes(s: &str) -> String {
    let mut out = String::new();
    let mut depth = 0;
    for c in s.chars() {
        match c {
            '“' => depth += 1,
            '”' if depth > 0 => depth -= 1,
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

fn bigrams(s: &str) -> BTreeSet<(char, char)> {
    // Width-folded, as a normaliser would see it (，→, ２→2 “”→").
    let folded: String = squeeze(s)
        .chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '“' | '”' => '"',
            _ => c,
        })
        .collect();
    let v: Vec<char> = folded.chars().collect();
    v.windows(2).map(|w| (w[0], w[1])).collect()
}

fn jaccard(a: &str, b: &str) -> f64 {
    let (x, y) = (bigrams(a), bigrams(b));
    let inter = x.intersection(&y).count() as f64;
    let union = x.union(&y).count() as f64;
    if union == 0.0 { 1.0 } else { inter / union }
}

#[test]
fn deterministic_and_seed_sensitive() {
    let a = sample();
    let b = sample();
    assert_eq!(a, b, "same seed must give identical opinions");
    let streamed: Vec<SampleOpinion> = Generator::new(crate::DEFAULT_SEED).iter(N).collect();
    assert_eq!(a, streamed, "iter and generate must agree");
    let c = Generator::new(crate::DEFAULT_SEED + 1).generate(N);
    let same = a.iter().zip(&c).filter(|(x, y)| x.text == y.text).count();
    assert!(same < N / 20, "a different seed must give different texts ({same} equal)");
}

#[test]
fn draft_shape() {
    let arts = draft_articles();
    assert!(arts.len() >= 40, "{} articles", arts.len());
    assert_eq!(
        arts,
        (1..=arts.len() as u32).collect::<Vec<_>>(),
        "articles numbered 1..n in order"
    );
    let chapters =
        draft_text().lines().filter(|l| l.starts_with("## 第") && l.contains('章')).count();
    assert!((5..=8).contains(&chapters), "{chapters} chapters");
    assert!(draft_text().contains("## 第一章\u{3000}总则"));
    assert!(draft_text().lines().any(|l| l.starts_with("## 第") && l.contains("附则")));
    // 项: item lines; 款: articles with more than one paragraph.
    let items = draft_text().lines().filter(|l| l.starts_with('（') && l.contains('）')).count();
    assert!(items >= 15, "{items} items");
    let parsed = parse_draft(draft_text());
    assert_eq!(parsed.len(), arts.len());
    let multi_para = parsed
        .iter()
        .filter(|a| a.text.lines().filter(|l| !l.starts_with('（')).count() >= 2)
        .count();
    assert!(multi_para >= 10, "{multi_para} articles with several 款");
}

#[test]
fn truth_articles_exist_and_explicit_refs_are_written() {
    let arts: BTreeSet<u32> = draft_articles().into_iter().collect();
    for op in sample() {
        let t = &op.truth;
        for a in &t.articles {
            assert!(arts.contains(a), "opinion {} names article {a} not in the draft", op.id);
        }
        assert!(t.articles.windows(2).all(|w| w[0] < w[1]), "articles sorted and unique");
        assert_eq!(t.articles.is_empty(), t.reference == RefKind::None, "opinion {}", op.id);
        let text = fold(&op.text);
        if t.reference == RefKind::Explicit && t.articles.len() == 1 {
            let a = t.articles[0];
            let cn_form = format!("第{}条", crate::cn::cn_number(a));
            let ar_form = format!("第{a}条");
            assert!(
                text.contains(&cn_form) || text.contains(&ar_form),
                "explicit opinion {} lacks {cn_form}: {}",
                op.id,
                op.text
            );
        }
        if matches!(t.reference, RefKind::Implicit | RefKind::Quoted)
            && t.articles.len() == 1
            && t.dup_kind != Some(DupKind::Campaign)
        {
            // Outside quotes, an implicit or quoted opinion never names its article
            // (another law's article of the same number, 《…》第N条, is fine).
            let a = t.articles[0];
            let unquoted = strip_quotes(&text);
            for form in [format!("第{}条", crate::cn::cn_number(a)), format!("第{a}条")] {
                let named =
                    unquoted.match_indices(&form).any(|(i, _)| !unquoted[..i].ends_with('》'));
                assert!(!named, "implicit opinion {} names its article: {}", op.id, op.text);
            }
        }
        if t.reference == RefKind::Quoted && t.articles.len() == 1 {
            assert!(
                op.text.contains('“') || op.text.contains('"'),
                "quoted opinion {} has no quote",
                op.id
            );
        }
    }
}

#[test]
fn personal_data_is_valid_and_present() {
    let ops = sample();
    let mut kinds = BTreeMap::new();
    let mut rows = 0;
    for op in &ops {
        if !op.truth.personal.is_empty() {
            rows += 1;
        }
        for p in &op.truth.personal {
            *kinds.entry(p.kind).or_insert(0) += 1;
            assert!(op.text.contains(&p.value), "opinion {}: {:?} not in text", op.id, p);
            match p.kind {
                PiiKind::IdCard => assert!(id_card_valid(&p.value), "bad ID {}", p.value),
                PiiKind::BankCard => assert!(luhn_valid(&p.value), "bad card {}", p.value),
                PiiKind::Mobile => {
                    let d: String = p.value.chars().filter(char::is_ascii_digit).collect();
                    let d = d.strip_prefix("86").filter(|_| p.value.starts_with('+')).unwrap_or(&d);
                    assert!(
                        d.len() == 11 && d.starts_with('1') && d.as_bytes()[1] >= b'3',
                        "bad mobile {}",
                        p.value
                    );
                }
                PiiKind::Email => assert!(p.value.contains('@')),
                _ => {}
            }
        }
    }
    let share = rows as f64 / ops.len() as f64;
    assert!((0.04..=0.12).contains(&share), "PII share {share}");
    for k in [PiiKind::IdCard, PiiKind::Mobile, PiiKind::Address, PiiKind::Name] {
        assert!(kinds.get(&k).copied().unwrap_or(0) > 0, "no {k:?} planted");
    }
    // Bank cards and e-mails are rarer; make sure they occur in a larger run.
    let more = Generator::new(crate::DEFAULT_SEED).generate(6000);
    for op in &more {
        for p in &op.truth.personal {
            match p.kind {
                PiiKind::IdCard => assert!(id_card_valid(&p.value)),
                PiiKind::BankCard => assert!(luhn_valid(&p.value)),
                _ => {}
            }
        }
    }
    for k in [PiiKind::BankCard, PiiKind::Email, PiiKind::Landline] {
        assert!(
            more.iter().any(|o| o.truth.personal.iter().any(|p| p.kind == k)),
            "no {k:?} in 6000"
        );
    }
}

#[test]
fn duplicates_campaigns_and_copy_share() {
    let ops = sample();
    let copies = ops.iter().filter(|o| o.truth.dup_kind.is_some()).count();
    let share = copies as f64 / ops.len() as f64;
    assert!((0.20..=0.30).contains(&share), "copy share {share}");

    let mut families: BTreeMap<u32, Vec<&SampleOpinion>> = BTreeMap::new();
    for op in &ops {
        if let Some(g) = op.truth.dup_group {
            families.entry(g).or_default().push(op);
        }
    }
    let mut campaign_sizes = Vec::new();
    for (g, members) in &families {
        assert!(members.len() >= 2, "family {g} has a single member");
        let kinds: BTreeSet<_> = members.iter().map(|m| m.truth.dup_kind).collect();
        if kinds.contains(&Some(DupKind::Campaign)) {
            assert_eq!(kinds.len(), 1, "campaign {g} mixes kinds");
            let people: BTreeSet<&str> = members.iter().map(|m| m.submitter.as_str()).collect();
            assert_eq!(people.len(), members.len(), "campaign {g}: submitters must be distinct");
            campaign_sizes.push(members.len());
            continue;
        }
        let originals: Vec<_> = members.iter().filter(|m| m.truth.dup_kind.is_none()).collect();
        assert_eq!(originals.len(), 1, "family {g} needs exactly one original");
        let orig = originals[0];
        assert_eq!(orig.id, members[0].id, "family {g}: the original comes first");
        for m in &members[1..] {
            assert_eq!(
                m.truth.articles, orig.truth.articles,
                "family {g}: copies keep the articles"
            );
            match m.truth.dup_kind {
                Some(DupKind::Exact) => assert_eq!(
                    squeeze(&m.text),
                    squeeze(&orig.text),
                    "family {g}: exact copy differs"
                ),
                Some(DupKind::Near) => {
                    assert_ne!(
                        squeeze(&m.text),
                        squeeze(&orig.text),
                        "family {g}: near copy identical"
                    );
                    let j = jaccard(&m.text, &orig.text);
                    assert!(
                        j >= 0.5,
                        "family {g}: near copy too far ({j:.2}): {:?} / {:?}",
                        orig.text,
                        m.text
                    );
                }
                other => panic!("family {g}: unexpected kind {other:?}"),
            }
        }
    }
    assert!(
        campaign_sizes.iter().any(|&s| s >= 50),
        "no campaign with 50+ people: {campaign_sizes:?}"
    );
    assert!(families.values().any(|m| m.iter().any(|o| o.truth.dup_kind == Some(DupKind::Exact))));
    assert!(families.values().any(|m| m.iter().any(|o| o.truth.dup_kind == Some(DupKind::Near))));
}

#[test]
fn distinct_points_are_distinct_texts() {
    // In the bank: no two asks, and no two reasons, are the same sentence.
    let points = parse_points(include_str!("data/points.txt"));
    let mut asks = BTreeSet::new();
    for p in &points {
        for a in &p.asks {
            for t in a.text.raw() {
                assert!(asks.insert(t.clone()), "ask repeated: {t}");
            }
        }
    }
    // In the output: equal texts only inside one planted family.
    let ops = sample();
    let mut by_text: BTreeMap<String, BTreeSet<Option<u32>>> = BTreeMap::new();
    for op in &ops {
        let k = squeeze(&op.text);
        if !k.is_empty() {
            by_text.entry(k).or_default().insert(op.truth.dup_group);
        }
    }
    for (text, groups) in &by_text {
        let n = ops.iter().filter(|o| squeeze(&o.text) == *text).count();
        if n > 1 {
            assert!(
                groups.len() == 1 && !groups.contains(&None),
                "accidental identical texts: {text}"
            );
        }
    }
    // Many points are used, and the most used article is not the whole corpus.
    let used: BTreeSet<&String> = ops.iter().flat_map(|o| &o.truth.points).collect();
    assert!(used.len() >= 80, "only {} points used", used.len());
}

#[test]
fn bank_is_consistent_with_the_draft() {
    let arts = parse_draft(draft_text());
    let points = parse_points(include_str!("data/points.txt"));
    assert!(points.len() >= 80);
    for p in &points {
        assert!(!p.asks.is_empty(), "point {} has no ask", p.key);
        if p.article == 0 {
            continue;
        }
        let a = arts
            .iter()
            .find(|a| a.number == p.article)
            .unwrap_or_else(|| panic!("point {}: no article", p.key));
        assert!(a.text.contains(&p.quote), "point {}: quote not in article: {}", p.key, p.quote);
        // No sentence of the bank names an article of the draft (other laws are fine: 《…》第N条).
        let texts = p
            .asks
            .iter()
            .flat_map(|a| std::iter::once(&a.text).chain(&a.reasons))
            .chain(&p.contexts)
            .chain(&p.shared_reasons)
            .flat_map(|phrase| phrase.raw());
        for t in texts {
            for sentence in t.split(['。', '；']) {
                if let Some(pos) = sentence.find('第') {
                    let after = &sentence[pos..];
                    let cites = after
                        .chars()
                        .skip(1)
                        .take_while(|c| "零一二三四五六七八九十百千0123456789".contains(*c))
                        .count()
                        > 0
                        && after
                            .chars()
                            .skip(1)
                            .find(|c| !"零一二三四五六七八九十百千0123456789".contains(*c))
                            == Some('条');
                    assert!(
                        !cites || sentence[..pos].contains('》'),
                        "point {}: names a draft article: {t}",
                        p.key
                    );
                }
            }
        }
    }
    // The hot articles have several points.
    for hot in [14, 17, 20, 21, 22, 26, 27, 28, 29, 37, 38, 44, 45, 46] {
        let asks: usize = points.iter().filter(|p| p.article == hot).map(|p| p.asks.len()).sum();
        assert!(asks >= 4, "article {hot}: only {asks} asks");
    }
}

#[test]
fn metadata_and_messy_cells() {
    let ops = sample();
    let mut last = String::new();
    for (k, op) in ops.iter().enumerate() {
        assert_eq!(op.id, (k + 1).to_string());
        assert!(
            op.date.as_str() >= "2026-11-01" && op.date.as_str() <= "2026-11-30",
            "{}",
            op.date
        );
        assert!(op.date >= last, "dates must not decrease");
        last.clone_from(&op.date);
        for m in &op.truth.messy {
            match m {
                Mess::EmptyText => assert!(op.text.trim().is_empty()),
                Mess::LeadingDebris => assert!(op.text.starts_with(['\n', '\t', '\r'])),
                Mess::ZeroWidth => assert!(op.text.contains('\u{200B}')),
                Mess::IdeographicSpace => assert!(op.text.contains('\u{3000}')),
                Mess::FullWidthDigits => {
                    assert!(op.text.chars().any(|c| ('０'..='９').contains(&c)));
                }
                Mess::LineBreaksInCell => assert!(op.text.trim().contains(['\n', '\r'])),
                Mess::VeryLong => assert!(
                    op.text.chars().count() >= 2500,
                    "long text of {}",
                    op.text.chars().count()
                ),
                Mess::TrailingSpaces => assert!(op.text.ends_with(char::is_whitespace)),
                Mess::MixedPunctuation | Mess::DiTypo => {}
            }
        }
    }
    let count = |m: Mess| ops.iter().filter(|o| o.truth.messy.contains(&m)).count();
    let empty = count(Mess::EmptyText);
    assert!((3..=12).contains(&empty), "{empty} empty texts");
    assert!((1..=3).contains(&count(Mess::VeryLong)));
    for m in [
        Mess::LeadingDebris,
        Mess::TrailingSpaces,
        Mess::LineBreaksInCell,
        Mess::FullWidthDigits,
        Mess::ZeroWidth,
        Mess::IdeographicSpace,
    ] {
        assert!(count(m) >= 5, "{m:?} planted {} times", count(m));
    }
    let points: BTreeSet<&str> = ops.iter().map(|o| o.contact_point.as_str()).collect();
    let collectors: BTreeSet<&str> = ops.iter().map(|o| o.collector.as_str()).collect();
    let channels: BTreeSet<&str> = ops.iter().map(|o| o.channel.as_str()).collect();
    assert!(points.len() >= 8 && collectors.len() >= 18 && channels.len() == 6);
    let residents = ops.iter().filter(|o| o.group == "居民").count();
    assert!(ops.iter().map(|o| &o.group).collect::<BTreeSet<_>>().len() >= 8);
    assert!(residents * 4 > ops.len(), "居民 should be the largest group");
    let filled = ops.iter().filter(|o| o.article_column.is_some()).count();
    assert!(filled > ops.len() / 5 && filled < ops.len() / 2, "涉及条款 filled {filled}");
}

#[test]
fn csv_round_trips_through_gb18030() {
    let ops = Generator::new(3).generate(300);
    let text = crate::write::csv_string(&ops);
    let (bytes, _, bad) = encoding_rs::GB18030.encode(&text);
    assert!(!bad);
    let (back, had_errors) = encoding_rs::GB18030.decode_without_bom_handling(&bytes);
    assert!(!had_errors);
    assert_eq!(back, text);
    // Count records with a quote-aware scan: header + one per opinion.
    let (mut records, mut quoted, mut prev) = (0, false, '\0');
    for c in text.chars() {
        if c == '"' {
            quoted = !quoted;
        } else if c == '\n' && prev == '\r' && !quoted {
            records += 1;
        }
        prev = c;
    }
    assert_eq!(records, ops.len() + 1);
    assert!(
        text.starts_with("序号,提出人,单位,身份,联系点,信息员,渠道,提交日期,涉及条款,意见内容\r\n")
    );
}

#[test]
fn small_and_odd_sizes() {
    for n in [0, 1, 2, 7, 99, 150, 301] {
        let ops = Generator::new(5).generate(n);
        assert_eq!(ops.len(), n);
        let families: BTreeMap<u32, usize> =
            ops.iter().filter_map(|o| o.truth.dup_group).fold(BTreeMap::new(), |mut m, g| {
                *m.entry(g).or_default() += 1;
                m
            });
        assert!(families.values().all(|&c| c >= 2), "n={n}: singleton family");
    }
}

/// Character 3-grams of the text without whitespace, punctuation and symbols.
fn trigrams(s: &str) -> BTreeSet<[char; 3]> {
    let v: Vec<char> = s.chars().filter(|c| c.is_alphanumeric()).collect();
    v.windows(3).map(|w| [w[0], w[1], w[2]]).collect()
}

#[test]
fn independent_opinions_on_one_point_are_worded_independently() {
    // People who make the same point on their own do not write the same sentences: opinions
    // with the same planted points that are not copies of each other stay far apart in
    // character 3-grams (what near-duplicate detection compares), as real opinions do.
    let ops = sample();
    let mut by_points: BTreeMap<Vec<String>, Vec<BTreeSet<[char; 3]>>> = BTreeMap::new();
    for op in &ops {
        let t = &op.truth;
        if t.points.is_empty() || t.dup_kind.is_some() || t.messy.contains(&Mess::VeryLong) {
            continue;
        }
        by_points.entry(t.points.clone()).or_default().push(trigrams(&op.text));
    }
    let mut values = Vec::new();
    for texts in by_points.values() {
        for (i, a) in texts.iter().enumerate() {
            for b in &texts[i + 1..] {
                let inter = a.intersection(b).count() as f64;
                let union = (a.len() + b.len()) as f64 - inter;
                values.push(if union == 0.0 { 1.0 } else { inter / union });
            }
        }
    }
    values.sort_by(f64::total_cmp);
    assert!(values.len() > 2000, "{} pairs", values.len());
    let share = |t: f64| values.iter().filter(|&&v| v >= t).count() as f64 / values.len() as f64;
    let median = values[values.len() / 2];
    let p90 = values[values.len() * 9 / 10];
    assert!(median < 0.1 && p90 < 0.35, "median {median:.3}, p90 {p90:.3}");
    let high = share(0.5);
    assert!(high < 0.02, "{:.1}% of independent pairs at Jaccard 0.5 or more", 100.0 * high);
}

/// The sample with contained copies planted at `share`.
fn contained_sample(share: f64) -> Vec<SampleOpinion> {
    let mut settings = Settings::default();
    settings.contained(share);
    Generator::with_settings(crate::DEFAULT_SEED, &settings).generate(N)
}

/// Fewest edits (insertions, deletions, substitutions of characters) that turn `needle`
/// into some substring of `hay` (Sellers 1980).
fn edits_to_substring(needle: &str, hay: &str) -> usize {
    let needle: Vec<char> = needle.chars().collect();
    let mut prev: Vec<usize> = (0..=needle.len()).collect();
    let mut best = prev[needle.len()];
    for h in hay.chars() {
        let mut cur = vec![0; needle.len() + 1];
        for i in 1..=needle.len() {
            let substitute = prev[i - 1] + usize::from(needle[i - 1] != h);
            cur[i] = substitute.min(prev[i] + 1).min(cur[i - 1] + 1);
        }
        best = best.min(cur[needle.len()]);
        prev = cur;
    }
    best
}

#[test]
fn contained_copies_are_off_by_default() {
    let plain = sample();
    assert_eq!(Generator::new(crate::DEFAULT_SEED).settings(), &Settings::default());
    assert_eq!(Settings::default().contained_share(), 0.0);
    assert_eq!(contained_sample(0.0), plain, "contained 0 must give the default sample");
    let with_default =
        Generator::with_settings(crate::DEFAULT_SEED, &Settings::default()).generate(N);
    assert_eq!(with_default, plain);
    assert!(plain.iter().all(|o| o.truth.dup_kind != Some(DupKind::Contained)));
}

#[test]
fn contained_copies_hold_their_original_and_leave_the_rest() {
    let plain = sample();
    let ops = contained_sample(0.3);
    // The default rows come in order with their ids, text and metadata; an original that
    // had no family gains one, and nothing else changes.
    let base: Vec<&SampleOpinion> =
        ops.iter().filter(|o| o.id.parse::<usize>().is_ok_and(|k| k <= N)).collect();
    assert_eq!(base.len(), N);
    for (a, b) in plain.iter().zip(&base) {
        let mut b = (*b).clone();
        if a.truth.dup_group.is_none() {
            b.truth.dup_group = None;
        }
        assert_eq!(*a, b, "opinion {} changed", a.id);
    }
    // The added rows: ids N+1.. in row order, dates still in order.
    let added: Vec<&SampleOpinion> =
        ops.iter().filter(|o| o.truth.dup_kind == Some(DupKind::Contained)).collect();
    assert!(added.len() >= 20, "only {} contained copies", added.len());
    assert_eq!(ops.len(), N + added.len());
    for (k, op) in added.iter().enumerate() {
        assert_eq!(op.id, (N + 1 + k).to_string());
    }
    assert!(ops.windows(2).all(|w| w[0].date <= w[1].date), "dates must not decrease");

    let row_of: BTreeMap<&str, usize> =
        ops.iter().enumerate().map(|(r, o)| (o.id.as_str(), r)).collect();
    let mut verbatim = 0;
    for op in &added {
        let g = op.truth.dup_group.expect("a contained copy is in a family");
        let orig = ops
            .iter()
            .find(|o| o.truth.dup_group == Some(g) && o.truth.dup_kind.is_none())
            .expect("the family has an original");
        assert!(row_of[orig.id.as_str()] < row_of[op.id.as_str()], "copy {} before", op.id);
        let (short, letter) = (squeeze(&orig.text), squeeze(&op.text));
        let (s, l) = (short.chars().count(), letter.chars().count());
        assert!((30..=150).contains(&s), "original {} of {s} characters", orig.id);
        assert!(l >= 2 * s, "letter {} of {l} characters holds one of {s}", op.id);
        assert!(l <= 5 * s, "letter {} of {l} characters holds one of {s}", op.id);
        let edits = edits_to_substring(&short, &letter);
        assert!(edits <= 4, "letter {} does not hold {} ({edits} edits): {letter}", op.id, orig.id);
        verbatim += usize::from(edits == 0);
        assert_ne!(op.submitter, orig.submitter, "letter {}: someone else writes", op.id);
        let t = &op.truth;
        assert!(orig.truth.points.iter().all(|p| t.points.contains(p)), "letter {}", op.id);
        assert!(t.points.len() > orig.truth.points.len(), "letter {}: no point of its own", op.id);
        assert!(orig.truth.articles.iter().all(|a| t.articles.contains(a)), "letter {}", op.id);
        assert!(t.articles.windows(2).all(|w| w[0] < w[1]), "articles sorted and unique");
        assert_eq!(t.articles.is_empty(), t.reference == RefKind::None, "letter {}", op.id);
        assert!(t.personal.is_empty());
    }
    assert!(verbatim * 2 > added.len(), "most copies are verbatim ({verbatim})");
    assert!(verbatim < added.len(), "some copies carry a small edit");
    // A family a letter joins has one original, first.
    for op in &added {
        let g = op.truth.dup_group;
        let first = ops.iter().find(|o| o.truth.dup_group == g).expect("family");
        assert!(first.truth.dup_kind.is_none(), "family {g:?}: the original comes first");
        let originals = ops.iter().filter(|o| o.truth.dup_group == g && o.truth.dup_kind.is_none());
        assert_eq!(originals.count(), 1, "family {g:?}");
    }
}

#[test]
fn contained_copies_are_deterministic() {
    let a = contained_sample(0.2);
    assert_eq!(a, contained_sample(0.2), "same seed and settings, same opinions");
    let mut settings = Settings::default();
    settings.contained(0.2);
    let g = Generator::with_settings(crate::DEFAULT_SEED, &settings);
    let streamed: Vec<SampleOpinion> = g.iter(N).collect();
    assert_eq!(a, streamed, "iter and generate must agree");
    let other = Generator::with_settings(crate::DEFAULT_SEED + 1, &settings).generate(N);
    assert_ne!(a, other);
}
