//! The draft parser over the 13 real laws of `../shared/corpora/laws` (when present) and the
//! project's own sample draft.
#![allow(clippy::print_stderr)] // says why a test with real data is skipped

use std::path::{Path, PathBuf};

use minyi_core::{Draft, DraftWarningKind, HeadingLevel};

fn laws_dir() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpora/laws");
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!("skipped: ../shared/corpora/laws is absent (a plain clone has no real data)");
        None
    }
}

fn parse(dir: &Path, file: &str) -> Draft {
    let text = std::fs::read_to_string(dir.join(file)).expect("a law of the corpus");
    Draft::parse(&text).unwrap_or_else(|e| panic!("{file}: {e}"))
}

fn count(draft: &Draft, level: HeadingLevel) -> usize {
    draft.headings().iter().filter(|h| h.level() == level).count()
}

/// The corpora README's table: file, 章, 节, 条, and the first article's number.
const LAWS: &[(&str, usize, usize, usize, u32)] = &[
    ("sh_nonmotor_vehicle_safety_2024.md", 7, 0, 50, 1),
    ("bj_property_management_2024.md", 8, 3, 104, 1),
    ("sh_household_waste_2019.md", 10, 0, 65, 1),
    ("zj_ebike_2020.md", 0, 0, 29, 1),
    ("bj_home_elderly_care.md", 0, 0, 22, 1),
    ("consumer_rights_law_2013.md", 8, 0, 63, 1),
    ("civil_code_book3_contracts.md", 29, 10, 526, 463),
    ("minor_protection_law_2020.md", 9, 0, 132, 1),
    ("minor_protection_law_2024.md", 9, 0, 132, 1),
    ("sh_residential_property_2010.md", 6, 0, 95, 1),
    ("sh_residential_property_2020.md", 6, 0, 95, 1),
    ("flk_raw_minor_protection_law_20240426.txt", 9, 0, 132, 1),
    ("flk_raw_personal_information_protection_law_20210820.txt", 8, 3, 74, 1),
];

/// The text of `span` as the parser reports unit texts: lines trimmed, empty lines dropped.
fn lines_of(text: &str, span: std::ops::Range<usize>) -> String {
    let trim = |c: char| c.is_whitespace() || c == '\u{200B}' || c == '\u{FEFF}';
    text[span]
        .lines()
        .map(|l| l.trim_matches(trim))
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn real_laws_have_the_articles_chapters_and_sections_of_the_table() {
    let Some(dir) = laws_dir() else { return };
    for &(file, chapters, sections, articles, first) in LAWS {
        let draft = parse(&dir, file);
        let numbers: Vec<u32> = draft.articles().iter().map(|a| a.number()).collect();
        assert_eq!(numbers.len(), articles, "{file}");
        let expected: Vec<u32> = (first..first + articles as u32).collect();
        assert_eq!(numbers, expected, "{file}: contiguous numbering from {first}");
        assert_eq!(count(&draft, HeadingLevel::Chapter), chapters, "{file}");
        assert_eq!(count(&draft, HeadingLevel::Section), sections, "{file}");
        assert!(draft.warnings().is_empty(), "{file}: {:?}", draft.warnings());
        assert!(draft.articles().iter().all(|a| a.sub().is_none() && a.title().is_none()));
        let title = draft.title().expect("a title");
        assert!(
            title.ends_with('法')
                || title.ends_with("条例")
                || title.ends_with("规定")
                || title.ends_with("合同编"),
            "{file}: {title}"
        );
        eprintln!("{file}: {} articles, {chapters} 章, {sections} 节: as expected", numbers.len());
    }
}

#[test]
fn every_unit_knows_its_text_and_span() {
    let Some(dir) = laws_dir() else { return };
    for &(file, ..) in LAWS {
        let text = std::fs::read_to_string(dir.join(file)).unwrap();
        let draft = Draft::parse(&text).unwrap();
        for a in draft.articles() {
            let whole = &text[a.span()];
            assert!(whole.starts_with(&a.label()), "{file}: {}", a.label());
            assert!(lines_of(&text, a.span()).ends_with(a.text()), "{file}: {}", a.label());
            let mut end = a.span().start;
            for (p, n) in a.paragraphs().iter().zip(1..) {
                assert_eq!(p.number(), n);
                assert!(p.span().start >= end && p.span().end <= a.span().end);
                end = p.span().end;
                assert_eq!(lines_of(&text, p.span()), p.text(), "{file}: {}", a.label());
                for (item, n) in p.items().iter().zip(1..) {
                    assert_eq!(item.number(), n, "{file}: {} items restart at （一）", a.label());
                    assert_eq!(lines_of(&text, item.span()), item.text());
                    assert!(item.text().starts_with('（'));
                }
            }
            let joined: Vec<&str> = a.paragraphs().iter().map(|p| p.text()).collect();
            assert_eq!(joined.join("\n"), a.text(), "{file}: {}", a.label());
        }
        for h in draft.headings() {
            assert!(text[h.span()].starts_with(&h.label()), "{file}: {h:?}");
        }
    }
}

/// 款 and the 项 of each 款, for articles read by hand.
fn shape(draft: &Draft, number: u32) -> Vec<usize> {
    let a = draft.article(number, None).unwrap_or_else(|| panic!("article {number}"));
    a.paragraphs().iter().map(|p| p.items().len()).collect()
}

#[test]
fn paragraphs_and_items_read_by_hand() {
    let Some(dir) = laws_dir() else { return };
    let minor = parse(&dir, "minor_protection_law_2024.md");
    assert_eq!(shape(&minor, 4), [6]); // one 款 with six 项
    assert_eq!(shape(&minor, 33), [0, 0, 0]);
    assert_eq!(shape(&minor, 104), [0, 0, 0]);
    let civil = parse(&dir, "civil_code_book3_contracts.md");
    assert_eq!(shape(&civil, 470), [8, 0]); // 8 项 under 款 1, then a plain 款 2
    let a = civil.article(470, None).unwrap();
    assert_eq!(a.paragraphs()[0].items()[1].text(), "（二）标的；");
    assert_eq!(a.chapter().map(|c| (c.number(), c.title())), Some((2, "合同的订立")));
    assert_eq!(a.sub_part().map(|c| (c.number(), c.title())), Some((1, "通则")));
    let guarantee = civil.article(681, None).unwrap();
    assert_eq!(guarantee.chapter().map(|c| c.title()), Some("保证合同"));
    assert_eq!(guarantee.section().map(|s| (s.number(), s.title())), Some((1, "一般规定")));
    let quasi = civil.article(979, None).unwrap();
    assert_eq!(quasi.sub_part().map(|c| c.title()), Some("准合同"));
    let property = parse(&dir, "bj_property_management_2024.md");
    assert_eq!(shape(&property, 25), [0, 0, 5]);
    assert_eq!(
        property.article(25, None).unwrap().section().map(|s| s.title()),
        Some("业主和业主大会")
    );
    let consumer = parse(&dir, "consumer_rights_law_2013.md");
    assert_eq!(shape(&consumer, 20), [0, 0, 0]);
    let pipl = parse(&dir, "flk_raw_personal_information_protection_law_20210820.txt");
    assert_eq!(shape(&pipl, 3), [0, 3]);
    assert_eq!(
        pipl.article(3, None).unwrap().paragraphs()[1].items()[2].text(),
        "（三）法律、行政法规规定的其他情形。"
    );
    let chapter_two: Vec<&str> =
        pipl.headings().iter().skip(1).take(4).map(|h| h.title()).collect();
    assert_eq!(
        chapter_two,
        [
            "个人信息处理规则",
            "一般规定",
            "敏感个人信息的处理规则",
            "国家机关处理个人信息的特别规定"
        ]
    );
    assert_eq!(pipl.headings()[0].title(), "总则"); // 第一章　总　　则
}

#[test]
fn raw_national_database_exports_read_like_their_markdown_twins() {
    let Some(dir) = laws_dir() else { return };
    let raw = parse(&dir, "flk_raw_minor_protection_law_20240426.txt");
    let md = parse(&dir, "minor_protection_law_2024.md");
    let normalizer = minyi_core::Normalizer::new();
    assert_eq!(raw.articles().len(), md.articles().len());
    for (r, m) in raw.articles().iter().zip(md.articles()) {
        assert_eq!((r.number(), r.sub()), (m.number(), m.sub()));
        assert_eq!(
            normalizer.normalize(r.text()).as_str(),
            normalizer.normalize(m.text()).as_str(),
            "{}",
            r.label()
        );
        assert_eq!(r.paragraphs().len(), m.paragraphs().len(), "{}", r.label());
        assert_eq!(r.chapter(), m.chapter(), "{}", r.label());
    }
    // The raw export's 目录 lists every chapter: none of its entries is a heading.
    assert_eq!(raw.headings()[0].line(), 18);
    assert_eq!(raw.headings().len(), 9);
    assert_eq!(raw.title(), md.title());
    assert_eq!(raw.aliases(), ["中华人民共和国未成年人保护法", "未成年人保护法", "本法"]);
}

#[test]
fn the_two_versions_of_the_minor_protection_law_differ_in_article_9_only() {
    let Some(dir) = laws_dir() else { return };
    let old = parse(&dir, "minor_protection_law_2020.md");
    let new = parse(&dir, "minor_protection_law_2024.md");
    let normalizer = minyi_core::Normalizer::new();
    let changed: Vec<u32> = old
        .articles()
        .iter()
        .zip(new.articles())
        .filter(|(o, n)| {
            normalizer.normalize(o.text()).as_str() != normalizer.normalize(n.text()).as_str()
        })
        .map(|(o, _)| o.number())
        .collect();
    assert_eq!(changed, [9]);
}

#[test]
fn the_sample_draft() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpora/sample/草案.md");
    let text = std::fs::read_to_string(path).expect("the project's sample draft");
    let draft = Draft::parse(&text).unwrap();
    assert_eq!(draft.title(), Some("滨江市电动自行车安全管理条例"));
    assert_eq!(draft.stage(), Some("草案征求意见稿"));
    assert_eq!(
        draft.aliases(),
        [
            "滨江市电动自行车安全管理条例（草案征求意见稿）",
            "滨江市电动自行车安全管理条例",
            "本条例"
        ]
    );
    assert_eq!(draft.articles().len(), 51);
    assert_eq!(draft.chapters().count(), 8);
    // The notice before the title (with its 《…》, dates and addresses) is not a warning.
    assert!(draft.warnings().is_empty(), "{:?}", draft.warnings());
    assert_eq!(shape(&draft, 10), [4]);
    assert_eq!(shape(&draft, 5), [0, 0, 0, 0]);
    let last = draft.articles().last().unwrap();
    assert_eq!(last.label(), "第五十一条");
    assert_eq!(last.chapter().map(|c| c.title()), Some("附则"));
    assert_eq!(last.text(), "本条例自2027年5月1日起施行。");
    let chapter = draft.chapters().nth(1).unwrap();
    assert_eq!(chapter.title(), "生产、销售和维修");
    assert_eq!(draft.articles_in(chapter).first().map(|a| a.number()), Some(8));
    assert!(!draft.warnings().iter().any(|w| w.kind() == DraftWarningKind::StrayText));
}
