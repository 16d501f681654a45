//! The searchable archive through the public API: queries, filters, facets, copies, re-adds,
//! and what segmentation lets a query word find.
#![cfg(feature = "archive")]

use minyi_core::{Archive, ArchiveQuery, ArchiveRecord, ArchiveResults, Copies, ErrorKind, Result};

#[allow(clippy::too_many_arguments)]
fn record(
    id: &str,
    text: &str,
    articles: &[u32],
    group: Option<(&str, u32)>,
    point: &str,
    date: &str,
) -> ArchiveRecord {
    let mut r = ArchiveRecord::new(id, text);
    r.articles = articles.to_vec();
    if let Some((g, n)) = group {
        r.group = Some(g.to_owned());
        r.copies = n;
    }
    r.contact_point = Some(point.to_owned());
    r.date = Some(date.to_owned());
    r.draft_title = Some("滨江市物业管理条例".to_owned());
    r
}

fn first() -> Vec<ArchiveRecord> {
    let copy = "建议在小区设置电动自行车集中充电设施。";
    vec![
        record("1", copy, &[23], Some(("g1", 3)), "春晓街道", "2019-03-01"),
        record("2", copy, &[23], Some(("g1", 3)), "望湖街道", "2019/3/5 10:20:00"),
        record("3", copy, &[23], Some(("g1", 3)), "春晓街道", "2019-04-01"),
        record("4", "楼道里给电动车充电太危险，应当禁止。", &[24], None, "望湖街道", "2019-05-01"),
        record("5", "广场舞噪音太大，晚上影响休息。", &[], None, "春晓街道", "2019-06-01"),
        record("6", "小区噪音扰民，希望加强管理。", &[], None, "春晓街道", "2019-06-02"),
        record("7", "充电桩安装简单，费用应当由物业承担。", &[23], None, "新民社区", "2019-07-01"),
    ]
}

fn second() -> Vec<ArchiveRecord> {
    vec![
        record("1", "物业维修基金使用不透明。", &[], None, "新民社区", "2020-01-01"),
        record("2", "电动车充电要收费合理。", &[5], None, "新民社区", "2020-01-02"),
    ]
}

struct Fixture {
    _dir: tempfile::TempDir,
    archive: Archive,
}

fn fixture() -> Result<Fixture> {
    let dir = tempfile::tempdir().expect("temp dir");
    let archive = Archive::open(dir.path())?;
    archive.add("甲", &first())?;
    archive.add("乙", &second())?;
    Ok(Fixture { _dir: dir, archive })
}

fn search(archive: &Archive, text: &str, set: impl FnOnce(&mut ArchiveQuery)) -> ArchiveResults {
    let mut q = ArchiveQuery::new(text);
    q.limit(20);
    set(&mut q);
    archive.search(&q).expect("search")
}

fn ids(results: &ArchiveResults) -> Vec<String> {
    let mut ids: Vec<String> =
        results.hits.iter().map(|h| format!("{}/{}", h.consultation, h.id)).collect();
    ids.sort();
    ids
}

#[test]
fn phrases_need_adjacent_words_in_order() -> Result<()> {
    let f = fixture()?;
    let r = search(&f.archive, "\"电动车 充电\"", |_| {});
    assert_eq!(ids(&r), ["乙/2", "甲/4"]);
    assert_eq!(search(&f.archive, "\"充电 电动车\"", |_| {}).total, 0);
    // Without quotes the words may be anywhere.
    assert_eq!(search(&f.archive, "充电 楼道", |_| {}).total, 1);
    assert_eq!(search(&f.archive, "\"充电 楼道\"", |_| {}).total, 0);
    Ok(())
}

#[test]
fn boolean_queries() -> Result<()> {
    let f = fixture()?;
    assert_eq!(ids(&search(&f.archive, "噪音 NOT 广场舞", |_| {})), ["甲/6"]);
    assert_eq!(ids(&search(&f.archive, "噪音 -广场舞", |_| {})), ["甲/6"]);
    assert_eq!(ids(&search(&f.archive, "噪音 OR 维修基金", |_| {})), ["乙/1", "甲/5", "甲/6"]);
    assert_eq!(ids(&search(&f.archive, "充电 AND 物业", |_| {})), ["甲/7"]);
    // Words without an operator are all required.
    assert_eq!(ids(&search(&f.archive, "物业 维修基金", |_| {})), ["乙/1"]);
    assert_eq!(ids(&search(&f.archive, "(噪音 OR 楼道) AND 危险", |_| {})), ["甲/4"]);
    Ok(())
}

#[test]
fn each_filter() -> Result<()> {
    let f = fixture()?;
    let all = |q: &mut ArchiveQuery| {
        q.copies(Copies::All);
    };
    assert_eq!(search(&f.archive, "充电", all).total, 6);
    let r = search(&f.archive, "充电", |q| {
        q.consultation("乙");
    });
    assert_eq!(ids(&r), ["乙/2"]);
    let r = search(&f.archive, "充电", |q| {
        q.article(23).copies(Copies::All);
    });
    assert_eq!(ids(&r), ["甲/1", "甲/2", "甲/3", "甲/7"]);
    let r = search(&f.archive, "充电", |q| {
        q.contact_point("望湖街道").copies(Copies::All);
    });
    assert_eq!(ids(&r), ["甲/2", "甲/4"]);
    let r = search(&f.archive, "", |q| {
        q.group("g1").copies(Copies::All);
    });
    assert_eq!(ids(&r), ["甲/1", "甲/2", "甲/3"]);
    let r = search(&f.archive, "充电", |q| {
        q.since("2019-03-05").unwrap().until("2019年5月1日").unwrap().copies(Copies::All);
    });
    assert_eq!(ids(&r), ["甲/2", "甲/3", "甲/4"]);
    let r = search(&f.archive, "", |q| {
        q.since("2020-01-01").unwrap();
    });
    assert_eq!(ids(&r), ["乙/1", "乙/2"]);
    Ok(())
}

#[test]
fn copies_collapse_into_one_hit_with_the_group_size() -> Result<()> {
    let f = fixture()?;
    let r = search(&f.archive, "集中充电", |_| {});
    assert_eq!(r.total, 3, "every copy is counted");
    assert_eq!(r.hits.len(), 1);
    assert_eq!(r.hits[0].copies, 3);
    assert_eq!(r.hits[0].group.as_deref(), Some("g1"));
    assert_eq!(r.hits[0].articles, [23]);
    let r = search(&f.archive, "集中充电", |q| {
        q.copies(Copies::All);
    });
    assert_eq!(r.hits.len(), 3);
    // The limit counts collapsed hits.
    let r = search(&f.archive, "充电", |q| {
        q.limit(3);
    });
    assert_eq!(r.hits.len(), 3);
    let mut groups: Vec<_> = r.hits.iter().filter_map(|h| h.group.clone()).collect();
    groups.dedup();
    assert!(groups.len() <= 1, "{:?}", r.hits);
    Ok(())
}

#[test]
fn facets_count_every_match_by_consultation_and_article() -> Result<()> {
    let f = fixture()?;
    let r = search(&f.archive, "充电", |q| {
        q.limit(1);
    });
    assert_eq!(r.by_consultation, [("甲".to_owned(), 5), ("乙".to_owned(), 1)]);
    assert_eq!(r.by_article, [(Some(23), 4), (Some(5), 1), (Some(24), 1)]);
    let r = search(&f.archive, "噪音", |_| {});
    assert_eq!(r.by_article, [(None, 2)]);
    Ok(())
}

#[test]
fn snippets_mark_the_matched_words_in_the_original_text() -> Result<()> {
    let f = fixture()?;
    let r = search(&f.archive, "电动自行车 充电", |_| {});
    assert_eq!(r.hits[0].snippet, "建议在小区设置【电动自行车】集中【充电】设施。");
    let r = search(&f.archive, "\"电动车 充电\"", |q| {
        q.consultation("甲");
    });
    assert_eq!(r.hits[0].snippet, "楼道里给【电动车充电】太危险，应当禁止。");
    assert_eq!(r.hits[0].date.as_deref(), Some("2019-05-01"));
    Ok(())
}

#[test]
fn adding_a_consultation_again_replaces_it() -> Result<()> {
    let f = fixture()?;
    let before = f.archive.stats()?;
    assert_eq!(before.opinions, 9);
    f.archive.add("甲", &first())?;
    let again = f.archive.stats()?;
    assert_eq!(again, before, "no doubled copies");
    assert_eq!(search(&f.archive, "集中充电", |_| {}).total, 3);
    // A smaller version replaces the whole consultation; the other is untouched.
    f.archive.add("甲", &first()[3..5])?;
    let after = f.archive.stats()?;
    let counts: Vec<(&str, u64)> =
        after.consultations.iter().map(|c| (c.name.as_str(), c.opinions)).collect();
    assert_eq!(counts, [("乙", 2), ("甲", 2)]);
    assert_eq!(after.consultations[1].draft_title.as_deref(), Some("滨江市物业管理条例"));
    assert_eq!(search(&f.archive, "集中充电", |_| {}).total, 0);
    Ok(())
}

#[test]
fn reopening_registers_the_tokenizer_again() -> Result<()> {
    let dir = tempfile::tempdir().expect("temp dir");
    Archive::open(dir.path())?.add("甲", &first())?;
    let archive = Archive::open(dir.path())?;
    assert_eq!(search(&archive, "\"集中充电\"", |_| {}).total, 3);
    assert_eq!(search(&archive, "简单", |_| {}).total, 1);
    Ok(())
}

/// What a query word finds (see the archive's module docs): a long word is indexed as the
/// dictionary pieces it tiles into, at successive positions, and a query is cut the same way;
/// a piece that stays whole also yields its dictionary sub-words at its position.
#[test]
fn segmentation_decides_what_a_word_finds() -> Result<()> {
    let dir = tempfile::tempdir().expect("temp dir");
    let archive = Archive::open(dir.path())?;
    let texts = [
        ("e-bike", "电动自行车不得进入电梯。"),
        ("e-car", "电动车不得进入电梯。"),
        ("bike", "自行车不得进入电梯。"),
        ("apart", "电动 自行车不得进入电梯。"),
        ("easy", "充电桩安装简单。"),
        ("trad", "電動車不得進入電梯。"),
        ("centre", "建议设置集中充电设施。"),
    ];
    let records: Vec<ArchiveRecord> =
        texts.iter().map(|(id, text)| ArchiveRecord::new(*id, *text)).collect();
    archive.add("词", &records)?;
    let find = |q: &str| {
        let mut ids = ids(&search(&archive, q, |_| {}));
        for id in &mut ids {
            *id = id.trim_start_matches("词/").to_owned();
        }
        ids
    };
    // 电动车 is one word: it is not a piece of 电动自行车 (电动|自行车).
    assert_eq!(find("电动车"), ["e-car", "trad"]);
    // 电动自行车 is the phrase 电动 自行车: found written whole or apart, never as 电动车.
    assert_eq!(find("电动自行车"), ["apart", "e-bike"]);
    // Pieces find the whole.
    assert_eq!(find("自行车"), ["apart", "bike", "e-bike"]);
    assert_eq!(find("简单"), ["easy"]);
    // Two- and three-character dictionary words inside a word that stays whole are found too.
    assert_eq!(find("电动"), ["apart", "e-bike", "e-car", "trad"]);
    assert_eq!(find("充电"), ["centre", "easy"]);
    // A query cut as one word (集中充电) still finds a text cut differently (集中|充电设施).
    assert_eq!(find("集中充电"), ["centre"]);
    assert_eq!(find("电动车 OR 电动自行车"), ["apart", "e-bike", "e-car", "trad"]);
    Ok(())
}

#[test]
fn bad_queries_and_dates_are_query_errors() -> Result<()> {
    let f = fixture()?;
    let err = f.archive.search(&ArchiveQuery::new("AND (")).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Query);
    let err = ArchiveQuery::new("充电").since("上个月").unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Query);
    assert_eq!(ArchiveQuery::new("充电").until("2019-13-01").unwrap_err().kind(), ErrorKind::Query);
    Ok(())
}

#[test]
fn records_come_from_an_analysis_json() -> Result<()> {
    let json = r#"{"schema": 1,
      "draft": {"title": "滨江市电动自行车管理条例", "articles": [{"article": 2, "chapter": "总则"}]},
      "opinions": [
        {"id": "1", "group": "g1", "cluster": "t2-1", "articles": [{"article": 2}],
         "text": "楼道充电危险。", "meta": {"contact_point": "春晓街道", "date": "2026-11-01"}},
        {"id": "2", "group": null, "cluster": null, "articles": [], "text": "", "meta": {}}],
      "groups": [{"id": "g1", "count": 4}],
      "clusters": [{"id": "t2-1", "label": "楼道、充电"}]}"#;
    let records = ArchiveRecord::from_analysis_json(json)?;
    assert_eq!(records.len(), 1, "empty texts are left out");
    let r = &records[0];
    assert_eq!((r.id.as_str(), r.copies, r.articles.as_slice()), ("1", 4, &[2][..]));
    assert_eq!(r.chapters, ["总则"]);
    assert_eq!(r.topic.as_deref(), Some("楼道、充电"));
    assert_eq!(r.draft_title.as_deref(), Some("滨江市电动自行车管理条例"));
    assert_eq!(
        ArchiveRecord::from_analysis_json("{\"schema\": 2}").unwrap_err().kind(),
        ErrorKind::Config
    );
    Ok(())
}
