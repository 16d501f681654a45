//! Alignment on texts the project writes: one test per kind of change, the traps of real texts
//! (stray spaces, half-width commas, a rewrite in place), and invariants under random edits.

use std::sync::OnceLock;

use proptest::prelude::*;

use super::*;
use crate::numeral;

/// One aligner for every test: building the segmenter is the slow part.
fn aligner() -> &'static Aligner {
    static ALIGNER: OnceLock<Aligner> = OnceLock::new();
    ALIGNER.get_or_init(Aligner::new)
}

/// A fictional regulation: its chapters and their articles.
const BASE: &[(&str, &[&str])] = &[
    (
        "总则",
        &[
            "为了规范养犬行为，保障公民健康和人身安全，维护市容环境和社会秩序，根据有关法律、法规，结合本市实际，制定本条例。",
            "本条例适用于本市行政区域内犬只的饲养、经营和相关管理活动。",
            "公安机关是养犬管理的主管部门，负责养犬登记、犬只收容以及违法行为的查处。\n农业农村、城市管理、市场监管等部门按照各自职责做好养犬管理的相关工作。",
        ],
    ),
    (
        "养犬登记",
        &[
            "个人饲养犬只的，应当具有完全民事行为能力，并有固定住所。每户限养一只犬。",
            "养犬人应当自取得犬只之日起三十日内，持犬只免疫证明到住所地公安派出所办理养犬登记，领取犬牌。",
            "养犬人应当按期为犬只注射狂犬病疫苗，并保存免疫证明。",
        ],
    ),
    (
        "行为规范",
        &[
            "携犬出户时，应当为犬只挂犬牌、束犬链，由完全民事行为能力人牵领，并主动避让老人、孕妇和儿童。",
            "犬只在公共场所排泄粪便的，携犬人应当立即清除。",
            "禁止携犬进入机关、学校、医院、室内体育场馆、候车室等公共场所。",
        ],
    ),
    (
        "法律责任",
        &[
            "违反本条例第五条规定，未办理养犬登记的，由公安机关责令限期改正；逾期不改正的，处五百元以上一千元以下罚款。",
            "违反本条例第七条规定，携犬出户未束犬链的，由公安机关责令改正，可以处二百元以下罚款。",
        ],
    ),
    ("附则", &["本条例自2026年1月1日起施行。"]),
];

/// The text of a draft with these chapters, articles numbered from 1.
fn text_of(chapters: &[(&str, Vec<String>)]) -> String {
    let mut text = String::from("滨江市养犬管理条例\n\n");
    let mut n = 0;
    for (c, (title, articles)) in chapters.iter().enumerate() {
        if !title.is_empty() {
            text.push_str(&format!("第{}章　{title}\n", numeral::format(c as u32 + 1)));
        }
        for article in articles {
            n += 1;
            text.push_str(&format!("第{}条　{article}\n", numeral::format(n)));
        }
    }
    text
}

fn base() -> Vec<(&'static str, Vec<String>)> {
    BASE.iter().map(|(t, a)| (*t, a.iter().map(|s| (*s).to_owned()).collect())).collect()
}

fn draft(chapters: &[(&str, Vec<String>)]) -> Draft {
    let draft = Draft::parse(&text_of(chapters)).expect("a draft");
    assert!(draft.warnings().is_empty(), "{:?}", draft.warnings());
    draft
}

/// Each entry as (status, old numbers, new numbers).
fn summary(alignment: &Alignment) -> Vec<(AlignStatus, Vec<u32>, Vec<u32>)> {
    alignment
        .pairs()
        .iter()
        .map(|p| {
            let numbers = |r: &[ArticleRef]| r.iter().map(ArticleRef::number).collect();
            (p.status(), numbers(p.old_articles()), numbers(p.new_articles()))
        })
        .collect()
}

/// The entries whose status is not unchanged, as in [`summary`].
fn changes(alignment: &Alignment) -> Vec<(AlignStatus, Vec<u32>, Vec<u32>)> {
    summary(alignment).into_iter().filter(|(s, _, _)| *s != AlignStatus::Unchanged).collect()
}

/// Every article of both drafts appears exactly once, in order on each side except moves.
fn assert_covers(alignment: &Alignment, old: &Draft, new: &Draft) {
    let mut olds: Vec<usize> = alignment
        .pairs()
        .iter()
        .flat_map(|p| p.old_articles().iter().map(ArticleRef::index))
        .collect();
    let mut news: Vec<usize> = alignment
        .pairs()
        .iter()
        .flat_map(|p| p.new_articles().iter().map(ArticleRef::index))
        .collect();
    olds.sort_unstable();
    news.sort_unstable();
    assert_eq!(olds, (0..old.articles().len()).collect::<Vec<_>>());
    assert_eq!(news, (0..new.articles().len()).collect::<Vec<_>>());
}

use AlignStatus::{Deleted, Inserted, Merged, Modified, Moved, Renumbered, Split, Unchanged};

fn renumbered(
    from: std::ops::RangeInclusive<u32>,
    by: i32,
) -> Vec<(AlignStatus, Vec<u32>, Vec<u32>)> {
    from.map(|n| (Renumbered, vec![n], vec![(n as i32 + by) as u32])).collect()
}

#[test]
fn identical_drafts_are_all_unchanged() {
    let d = draft(&base());
    let alignment = aligner().align(&d, &d);
    assert_eq!(alignment.pairs().len(), 12);
    assert_eq!(alignment.count(Unchanged), 12);
    assert!(alignment.changed().next().is_none());
    for (p, n) in alignment.pairs().iter().zip(1..) {
        assert_eq!((p.old_articles()[0].number(), p.new_articles()[0].number()), (n, n));
        assert_eq!(p.similarity(), 1.0);
        assert!(p.diff().is_empty());
    }
    let json = serde_json::to_value(&alignment).unwrap();
    assert_eq!(
        json["articles"][0],
        serde_json::json!({"status": "unchanged", "old": 1, "new": 1, "similarity": 1.0, "diff": null})
    );
}

#[test]
fn an_insertion_renumbers_what_follows() {
    let mut chapters = base();
    chapters[1]
        .1
        .insert(1, "养犬人应当为犬只佩戴具有身份识别功能的电子标识，并保持其正常使用。".to_owned());
    let (old, new) = (draft(&base()), draft(&chapters));
    let alignment = aligner().align(&old, &new);
    assert_covers(&alignment, &old, &new);
    let mut expected = vec![(Inserted, vec![], vec![5])];
    expected.extend(renumbered(5..=12, 1));
    assert_eq!(changes(&alignment), expected);
    // Document order: the insertion between 第四条 and the old 第五条.
    let s = summary(&alignment);
    assert_eq!((s[3].1.clone(), s[4].0, s[5].1.clone()), (vec![4], Inserted, vec![5]));
    let inserted = &alignment.pairs()[4];
    assert_eq!(inserted.diff().len(), 1);
    assert_eq!(inserted.diff()[0].op(), EditOp::Insert);
    assert!(inserted.diff()[0].text().starts_with("养犬人应当为犬只佩戴"));
    let json = serde_json::to_value(&alignment).unwrap();
    assert_eq!(json["articles"][4]["old"], serde_json::Value::Null);
    assert_eq!(json["articles"][5]["status"], "renumbered");
    assert_eq!(
        (json["articles"][5]["old"].as_u64(), json["articles"][5]["new"].as_u64()),
        (Some(5), Some(6))
    );
}

#[test]
fn a_deletion_renumbers_what_follows() {
    let mut chapters = base();
    chapters[2].1.remove(1);
    let (old, new) = (draft(&base()), draft(&chapters));
    let alignment = aligner().align(&old, &new);
    assert_covers(&alignment, &old, &new);
    let mut expected = vec![(Deleted, vec![8], vec![])];
    expected.extend(renumbered(9..=12, -1));
    assert_eq!(changes(&alignment), expected);
    assert_eq!(summary(&alignment)[7], (Deleted, vec![8], vec![]));
}

#[test]
fn a_split_article() {
    let mut chapters = base();
    chapters[0].1[2] =
        "公安机关是养犬管理的主管部门，负责养犬登记、犬只收容以及违法行为的查处。".to_owned();
    chapters[0].1.insert(
        3,
        "农业农村、城市管理、市场监管等部门按照各自职责做好养犬管理的相关工作。".to_owned(),
    );
    let (old, new) = (draft(&base()), draft(&chapters));
    let alignment = aligner().align(&old, &new);
    assert_covers(&alignment, &old, &new);
    let mut expected = vec![(Split, vec![3], vec![3, 4])];
    expected.extend(renumbered(4..=12, 1));
    assert_eq!(changes(&alignment), expected);
    let split = &alignment.pairs()[2];
    assert!(split.similarity() > 0.9, "{}", split.similarity());
    // The texts are the same, the paragraphs became articles: nothing but equal runs.
    assert!(split.diff().iter().all(|e| e.op() == EditOp::Equal), "{:?}", split.diff());
    let json = serde_json::to_value(&alignment).unwrap();
    assert_eq!(json["articles"][2]["status"], "split");
    assert_eq!(json["articles"][2]["into"], serde_json::json!([3, 4]));
    assert_eq!(
        (json["articles"][2]["old"].as_u64(), json["articles"][2]["new"].as_u64()),
        (Some(3), Some(3))
    );
}

#[test]
fn a_merge_with_an_edit() {
    let mut chapters = base();
    chapters[2].1[0] = "携犬出户时，应当为犬只挂犬牌、束犬链，由完全民事行为能力人牵领，并主动避让老人、孕妇和儿童；犬只在公共场所排泄粪便的，携犬人应当立即清除。".to_owned();
    chapters[2].1.remove(1);
    let (old, new) = (draft(&base()), draft(&chapters));
    let alignment = aligner().align(&old, &new);
    assert_covers(&alignment, &old, &new);
    let mut expected = vec![(Merged, vec![7, 8], vec![7])];
    expected.extend(renumbered(9..=12, -1));
    assert_eq!(changes(&alignment), expected);
    let merged = &alignment.pairs()[6];
    let changed: Vec<(EditOp, &str)> = merged
        .diff()
        .iter()
        .filter(|e| e.op() != EditOp::Equal)
        .map(|e| (e.op(), e.text()))
        .collect();
    assert_eq!(changed, [(EditOp::Delete, "。\n"), (EditOp::Insert, "；")]);
    let json = serde_json::to_value(&alignment).unwrap();
    assert_eq!(json["articles"][6]["from"], serde_json::json!([7, 8]));
}

#[test]
fn an_article_moved_out_of_order() {
    let mut chapters = base();
    // 第九条 goes to the head of its chapter: 第七条 and 第八条 now follow it.
    let ninth = chapters[2].1.remove(2);
    chapters[2].1.insert(0, ninth);
    let (old, new) = (draft(&base()), draft(&chapters));
    let alignment = aligner().align(&old, &new);
    assert_covers(&alignment, &old, &new);
    assert_eq!(
        changes(&alignment),
        [(Moved, vec![9], vec![7]), (Renumbered, vec![7], vec![8]), (Renumbered, vec![8], vec![9])]
    );
    let moved = &alignment.pairs()[6];
    assert!(moved.is_moved() && moved.is_renumbered() && moved.diff().is_empty());
}

#[test]
fn an_article_moved_to_another_chapter_keeps_its_number() {
    let mut chapters = base();
    // 第六条 (vaccination) goes from 养犬登记 to the head of 行为规范.
    let sixth = chapters[1].1.pop().unwrap();
    chapters[2].1.insert(0, sixth);
    let (old, new) = (draft(&base()), draft(&chapters));
    assert_eq!(new.articles()[5].chapter().map(|c| c.title()), Some("行为规范"));
    let alignment = aligner().align(&old, &new);
    assert_covers(&alignment, &old, &new);
    assert_eq!(changes(&alignment), [(Moved, vec![6], vec![6])]);
    assert!(!alignment.pairs()[5].is_renumbered());
}

#[test]
fn renamed_and_renumbered_chapters_move_nothing() {
    let mut chapters = base();
    chapters[1].0 = "登记管理";
    chapters.insert(
        1,
        (
            "监督检查",
            vec!["公安机关应当定期对养犬管理情况进行检查，并向社会公布检查结果。".to_owned()],
        ),
    );
    let (old, new) = (draft(&base()), draft(&chapters));
    let alignment = aligner().align(&old, &new);
    let mut expected = vec![(Inserted, vec![], vec![4])];
    expected.extend(renumbered(4..=12, 1));
    assert_eq!(changes(&alignment), expected);
}

#[test]
fn a_modified_and_renumbered_article_is_modified_with_both_numbers() {
    let mut chapters = base();
    chapters[1].1.insert(0, "本市实行养犬登记和年检制度。".to_owned());
    chapters[1].1[3] = "养犬人应当每年为犬只注射狂犬病疫苗，并保存免疫证明。".to_owned();
    let (old, new) = (draft(&base()), draft(&chapters));
    let alignment = aligner().align(&old, &new);
    assert_covers(&alignment, &old, &new);
    let mut expected = vec![
        (Inserted, vec![], vec![4]),
        (Renumbered, vec![4], vec![5]),
        (Renumbered, vec![5], vec![6]),
        (Modified, vec![6], vec![7]),
    ];
    expected.extend(renumbered(7..=12, 1));
    assert_eq!(changes(&alignment), expected);
    let modified = &alignment.pairs()[6];
    assert!(modified.is_renumbered() && !modified.is_moved());
    let changed: Vec<(EditOp, &str)> = modified
        .diff()
        .iter()
        .filter(|e| e.op() != EditOp::Equal)
        .map(|e| (e.op(), e.text()))
        .collect();
    assert_eq!(changed, [(EditOp::Delete, "按期"), (EditOp::Insert, "每年")]);
    let json = serde_json::to_value(&alignment).unwrap();
    let entry = &json["articles"][6];
    assert_eq!(
        (entry["status"].as_str(), entry["old"].as_u64(), entry["new"].as_u64()),
        (Some("modified"), Some(6), Some(7))
    );
    assert_eq!(entry["diff"][1], serde_json::json!({"op": "delete", "text": "按期"}));
}

#[test]
fn a_rewrite_in_place_is_modified_and_an_unrelated_replacement_is_not() {
    let mut chapters = base();
    // Little shared wording (below the threshold), but the same place: a rewrite.
    chapters[1].1[2] =
        "犬只免疫实行属地管理，区农业农村部门应当设立免疫点，为犬只注射疫苗并出具免疫证明。"
            .to_owned();
    // Nothing in common with the old 第九条: deleted and inserted.
    chapters[2].1[2] = "本市鼓励社会组织开展文明养犬宣传教育活动。".to_owned();
    let (old, new) = (draft(&base()), draft(&chapters));
    let alignment = aligner().align(&old, &new);
    assert_covers(&alignment, &old, &new);
    assert_eq!(
        changes(&alignment),
        [(Modified, vec![6], vec![6]), (Deleted, vec![9], vec![]), (Inserted, vec![], vec![9])]
    );
    let sim = alignment.pairs()[5].similarity();
    assert!(sim < aligner().config.threshold, "{sim}: then this test does not test the slots");
}

#[test]
fn spaces_and_half_width_punctuation_are_not_changes() {
    let mut chapters = base();
    chapters[1].1[1] = "养犬人应当自取得犬只之日起三十日内,持犬只免疫证明到住所地公安派出所办理养犬 登记，领取犬牌。".to_owned();
    chapters[2].1[2] = "禁止携犬进入机关、学校、医院、室内体育场馆、候车室等公共场所.".to_owned();
    let (old, new) = (draft(&base()), draft(&chapters));
    let alignment = aligner().align(&old, &new);
    // The half-width comma and the space are typography; a full stop turned into a period is a
    // change of text (an ASCII period is also a decimal point, so it is not folded).
    assert_eq!(changes(&alignment), [(Modified, vec![9], vec![9])]);
}

#[test]
fn a_changed_article_title_is_a_change() {
    let old = Draft::parse(
        "第一条（立法目的）为了规范养犬行为，制定本条例。\n第二条（适用范围）本条例适用于本市。",
    )
    .unwrap();
    let new = Draft::parse(
        "第一条（目的和依据）为了规范养犬行为，制定本条例。\n第二条（适用范围）本条例适用于本市。",
    )
    .unwrap();
    let alignment = aligner().align(&old, &new);
    assert_eq!(changes(&alignment), [(Modified, vec![1], vec![1])]);
}

#[test]
fn sub_numbered_articles_keep_their_sub_number() {
    let old = draft(&base());
    let mut text = text_of(&base());
    text = text.replace(
        "\n第七条　",
        "\n第六条之一　养犬人应当为犬只佩戴具有身份识别功能的电子标识。\n第七条　",
    );
    let new = Draft::parse(&text).unwrap();
    let alignment = aligner().align(&old, &new);
    assert_eq!(changes(&alignment), [(Inserted, vec![], vec![6])]);
    let inserted = &alignment.pairs()[6].new_articles()[0];
    assert_eq!((inserted.sub(), inserted.label()), (Some(1), "第六条之一".to_owned()));
    let json = serde_json::to_value(&alignment).unwrap();
    assert_eq!(json["articles"][6]["new_sub"], 1);
    assert!(json["articles"][5].get("new_sub").is_none());
}

#[test]
fn empty_repeated_and_odd_articles_do_not_panic() {
    let texts = [
        "第一条\n第二条 甲。\n第三条\n第四条 ……\n第五条 甲。",
        "第一条 甲。\n第二条\n第三条 。。。\n第四条 甲。\n第五条 乙\n第六条",
        "第一条 a\n第二条 ab\n第三条 ba",
        "第一条 本条例自公布之日起施行。",
    ];
    for a in texts {
        for b in texts {
            let (old, new) = (Draft::parse(a).unwrap(), Draft::parse(b).unwrap());
            let alignment = aligner().align(&old, &new);
            assert_covers(&alignment, &old, &new);
            if a == b {
                assert_eq!(alignment.count(Unchanged), old.articles().len(), "{a}");
            }
        }
    }
}

#[test]
fn bad_thresholds_are_config_errors() {
    for builder in [
        Aligner::builder().threshold(0.0).clone(),
        Aligner::builder().threshold(f32::NAN).clone(),
        Aligner::builder().move_threshold(1.01).clone(),
        Aligner::builder().part_threshold(-0.5).clone(),
    ] {
        let err = builder.build().unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Config, "{err}");
        assert!(err.to_string().contains("threshold"), "{err}");
    }
}

#[test]
fn status_names_and_order() {
    let names: Vec<&str> = AlignStatus::ALL.iter().map(|s| s.name()).collect();
    assert_eq!(
        names,
        ["unchanged", "modified", "renumbered", "moved", "inserted", "deleted", "split", "merged"]
    );
    assert_eq!(Modified.to_string(), "modified");
}

/// A pool of article texts for random drafts: the base regulation's and some more.
fn pool() -> Vec<String> {
    let mut pool: Vec<String> =
        BASE.iter().flat_map(|(_, a)| a.iter().map(|s| (*s).to_owned())).collect();
    pool.extend(
        [
            "养犬人应当为犬只佩戴具有身份识别功能的电子标识。",
            "本市鼓励社会组织开展文明养犬宣传教育活动。",
            "犬只伤害他人的，养犬人应当立即将受害人送至医疗机构诊治，并先行垫付医疗费用。",
            "烈性犬、大型犬的名录由市公安机关会同市农业农村部门制定并公布。",
            "",
            "甲。",
        ]
        .map(str::to_owned),
    );
    pool
}

/// An edit of a list of articles (indices into the pool).
#[derive(Clone, Debug)]
enum Change {
    Delete(usize),
    Insert(usize, usize),
    Swap(usize, usize),
    Rewrite(usize, String),
}

fn apply(articles: &mut Vec<String>, pool: &[String], change: &Change) {
    let n = articles.len();
    match change {
        Change::Delete(at) if n > 1 => {
            articles.remove(at % n);
        }
        Change::Insert(at, p) => articles.insert(at % (n + 1), pool[p % pool.len()].clone()),
        Change::Swap(a, b) if n > 0 => articles.swap(a % n, b % n),
        Change::Rewrite(at, tail) if n > 0 => articles[at % n].push_str(tail),
        _ => {}
    }
}

fn change() -> impl Strategy<Value = Change> {
    prop_oneof![
        any::<usize>().prop_map(Change::Delete),
        (any::<usize>(), any::<usize>()).prop_map(|(a, p)| Change::Insert(a, p)),
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Change::Swap(a, b)),
        (any::<usize>(), "[甲乙丙丁应当规定，。]{1,12}").prop_map(|(a, t)| Change::Rewrite(a, t)),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn a_draft_aligned_with_itself_is_unchanged(
        picks in proptest::collection::vec(any::<prop::sample::Index>(), 1..20),
        random in proptest::collection::vec("[甲乙丙丁戊应当规定。，]{0,20}", 0..6),
    ) {
        let pool = pool();
        let mut articles: Vec<String> = picks.iter().map(|i| pool[i.index(pool.len())].clone()).collect();
        articles.extend(random);
        let d = Draft::parse(&text_of(&[("", articles)])).unwrap();
        let alignment = aligner().align(&d, &d);
        prop_assert_eq!(alignment.count(Unchanged), d.articles().len());
        prop_assert_eq!(alignment.pairs().len(), d.articles().len());
    }

    #[test]
    fn every_article_appears_exactly_once(
        changes in proptest::collection::vec(change(), 0..8),
        random in proptest::collection::vec("[甲乙丙丁戊应当规定。，]{0,20}", 0..4),
    ) {
        let pool = pool();
        let old_articles: Vec<String> = BASE.iter().flat_map(|(_, a)| a.iter().map(|s| (*s).to_owned())).chain(random).collect();
        let mut new_articles = old_articles.clone();
        for change in &changes {
            apply(&mut new_articles, &pool, change);
        }
        let old = Draft::parse(&text_of(&[("", old_articles)])).unwrap();
        let new = Draft::parse(&text_of(&[("", new_articles)])).unwrap();
        let alignment = aligner().align(&old, &new);
        assert_covers(&alignment, &old, &new);
        for pair in alignment.pairs() {
            let (o, n) = (pair.old_articles().len(), pair.new_articles().len());
            let shape_ok = match pair.status() {
                Inserted => o == 0 && n == 1,
                Deleted => o == 1 && n == 0,
                Split => o == 1 && n >= 2,
                Merged => o >= 2 && n == 1,
                _ => o == 1 && n == 1,
            };
            prop_assert!(shape_ok, "{:?}", pair);
            prop_assert!((0.0..=1.0).contains(&pair.similarity()));
        }
        // Deterministic.
        prop_assert_eq!(&alignment, &aligner().align(&old, &new));
    }
}
