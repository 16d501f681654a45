use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use calamine::{Data, Reader};
use serde_json::Value;

use crate::util::Dir;

/// The project's own draft/final pair with suggestions and which of them were adopted.
fn pair(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("corpora/adopt").join(name)
}

/// `minyi analyze` on the pair's draft and opinions into `dir/out`, then the folder.
fn analyze(dir: &Dir, extra: &[&str]) -> PathBuf {
    let out = dir.path("out");
    dir.command()
        .args(["analyze", "-q", "--draft"])
        .arg_path(&pair("草案.md"))
        .args(["--opinions"])
        .arg_path(&pair("意见.csv"))
        .args(["-o"])
        .arg_path(&out)
        .args(extra)
        .stdout();
    out
}

fn adopt_json(dir: &Dir, out: &Path) -> Value {
    let stdout = dir
        .command()
        .args(["adopt", "--json", "--analysis"])
        .arg_path(out)
        .args(["--final"])
        .arg_path(&pair("终稿.md"))
        .stdout();
    serde_json::from_str(&stdout).unwrap()
}

fn truth() -> BTreeMap<String, bool> {
    std::fs::read_to_string(pair("truth.jsonl"))
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .map(|v| (v["id"].as_str().unwrap().to_owned(), v["adopted"].as_bool().unwrap()))
        .collect()
}

/// (precision, recall) of the opinions whose class is in `classes`, against truth.jsonl.
fn precision_recall(adoption: &Value, classes: &[&str]) -> (f64, f64) {
    let truth = truth();
    let (mut tp, mut fp, mut missed) = (0.0, 0.0, 0.0);
    for o in adoption["opinions"].as_array().unwrap() {
        let predicted = classes.contains(&o["class"].as_str().unwrap());
        match (predicted, truth[o["id"].as_str().unwrap()]) {
            (true, true) => tp += 1.0,
            (true, false) => fp += 1.0,
            (false, true) => missed += 1.0,
            (false, false) => {}
        }
    }
    (tp / (tp + fp), tp / (tp + missed))
}

clitest!(adopt_pair_aligns_with_renumbering_insertion_deletion_split_merge, |dir, _cmd| {
    let stdout = dir
        .command()
        .args(["diff", "--json"])
        .arg_path(&pair("草案.md"))
        .arg_path(&pair("终稿.md"))
        .stdout();
    let v: Value = serde_json::from_str(&stdout).unwrap();
    let entries: Vec<String> = v["articles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| format!("{} {}→{}", e["status"].as_str().unwrap(), e["old"], e["new"]))
        .collect();
    assert_eq!(
        entries,
        [
            "unchanged 1→1",
            "unchanged 2→2",
            "modified 3→3",
            "unchanged 4→4",
            "inserted null→5",
            "renumbered 5→6",
            "modified 6→7",
            "deleted 7→null",
            "split 8→8",
            "renumbered 9→10",
            "merged 10→11",
            "modified 12→12",
            "modified 13→13",
            "modified 14→14",
            "modified 15→15",
            "unchanged 16→16",
            "modified 17→17",
            "modified 18→18",
            "modified 19→19",
            "unchanged 20→20",
            "unchanged 21→21",
            "modified 22→22",
        ]
    );
});

clitest!(adopt_ranking_precision_and_recall_on_project_pair, |dir, _cmd| {
    let out = analyze(&dir, &[]);
    let adoption = adopt_json(&dir, &out);
    assert_eq!(adoption["opinions"].as_array().unwrap().len(), 40);
    let (p, r) = precision_recall(&adoption, &["adopted"]);
    let (p2, r2) = precision_recall(&adoption, &["adopted", "possibly"]);
    eprintln!("adopted: precision {p:.3} recall {r:.3}; adopted or possibly: {p2:.3} {r2:.3}");
    assert!(p >= 0.95 && r >= 0.75, "adopted: precision {p:.3} recall {r:.3}");
    assert!(p2 >= 0.85 && r2 >= 0.9, "adopted or possibly: precision {p2:.3} recall {r2:.3}");
    // On each changed article the suggestion groups are ranked best first.
    for article in adoption["articles"].as_array().unwrap() {
        let scores: Vec<f64> = article["topics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["score"].as_f64().unwrap())
            .collect();
        assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{scores:?}");
    }
    // Evidence names the words: the proposed wording now present, the deleted wording gone,
    // the deleted article, the inserted article.
    let evidence = |id: &str| -> String {
        let o = adoption["opinions"].as_array().unwrap().iter().find(|o| o["id"] == id).unwrap();
        o["evidence"].as_str().unwrap().to_owned()
    };
    assert_eq!(evidence("s14"), "终稿有“一点五米”");
    assert_eq!(evidence("s19"), "终稿已无“公园”");
    assert_eq!(evidence("s07"), "终稿已删除本条");
    assert!(evidence("s03").starts_with("新增第五条"), "{}", evidence("s03"));
    // Copies count: the topic of s05 and its copy s38.
    let class = |id: &str| -> String {
        let o = adoption["opinions"].as_array().unwrap().iter().find(|o| o["id"] == id).unwrap();
        o["class"].as_str().unwrap().to_owned()
    };
    assert_eq!((class("s05"), class("s38")), ("adopted".into(), "adopted".into()));
    assert_eq!((class("s11"), class("s41")), ("unchanged".into(), "unchanged".into()));
});

clitest!(adopt_end_to_end_writes_workbook, |dir, _cmd| {
    let out = analyze(&dir, &[]);
    let stdout = dir
        .command()
        .args(["adopt", "--analysis"])
        .arg_path(&out)
        .args(["--final"])
        .arg_path(&pair("终稿.md"))
        .args(["--truth"])
        .arg_path(&pair("truth.jsonl"))
        .stdout();
    assert!(stdout.starts_with("40 opinions: "), "{stdout}");
    assert!(stdout.contains("adopted: precision "), "{stdout}");
    let path = out.join("采纳情况.xlsx");
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(&path).unwrap();
    assert_eq!(book.sheet_names(), ["逐条采纳情况", "汇总", "逐件意见"]);
    let rows = |book: &mut calamine::Xlsx<_>, name: &str| -> Vec<Vec<String>> {
        let range = book.worksheet_range(name).unwrap();
        range
            .rows()
            .map(|r| {
                r.iter()
                    .map(|c| match c {
                        Data::Float(f) => f.to_string(),
                        c => c.to_string(),
                    })
                    .collect()
            })
            .collect()
    };
    let articles = rows(&mut book, "逐条采纳情况");
    assert_eq!(&articles[0][..4], ["草案条款", "终稿条款", "变化", "修改内容"]);
    let park = articles
        .iter()
        .find(|r| r[0] == "第十五条" && r[11].contains("s19"))
        .expect("第十五条 with s19");
    assert_eq!((park[2].as_str(), park[7].as_str()), ("修改", "采纳"));
    assert!(park[3].contains("【删除：公园】"), "{}", park[3]);
    assert!(park[11].contains("s39"), "the copy s39 is listed too: {}", park[11]);
    assert!(articles.iter().any(|r| r[0] == "第十条、第十一条" && r[2] == "合并"));
    assert!(articles.iter().any(|r| r[1] == "第八条、第九条" && r[2] == "拆分"));
    assert!(articles.iter().any(|r| r[0] == "第七条" && r[2] == "删除" && r[7] == "采纳"));

    let summary = rows(&mut book, "汇总");
    assert_eq!(summary[0][..4], ["分类", "名称", "意见数", "采纳"]);
    assert_eq!((summary[1][0].as_str(), summary[1][2].as_str()), ("合计", "40"));
    let kinds: Vec<&str> = summary.iter().skip(1).map(|r| r[0].as_str()).collect();
    assert!(kinds.contains(&"条款") && kinds.contains(&"联系点") && kinds.contains(&"采集员"));
    let point_total: f64 =
        summary.iter().filter(|r| r[0] == "联系点").map(|r| r[2].parse::<f64>().unwrap()).sum();
    assert_eq!(point_total, 40.0);
    let opinions = rows(&mut book, "逐件意见");
    assert_eq!(opinions.len(), 41);

    // report.html gets one adoption section, also when adopt runs again.
    for _ in 0..2 {
        dir.command()
            .args(["adopt", "-q", "--analysis"])
            .arg_path(&out)
            .args(["--final"])
            .arg_path(&pair("终稿.md"))
            .stdout();
    }
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert_eq!(html.matches("<section id=\"adoption\">").count(), 1);
    let at = html.find("<section id=\"adoption\">").unwrap();
    assert!(at < html.find("<footer").unwrap() && html.ends_with("</html>\n"));
    assert!(html.contains("【删除：公园】"), "the diff of 第十五条");
    assert_eq!(html.matches("<section").count(), html.matches("</section>").count());
});

clitest!(analyze_migrate_to_files_opinions_under_next_numbering, |dir, _cmd| {
    let next = pair("终稿.md");
    let out = analyze(&dir, &["--migrate-to", next.to_str().unwrap()]);
    let v: Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("analysis.json")).unwrap()).unwrap();
    let keys: Vec<&String> = v.as_object().unwrap().keys().collect();
    assert!(keys.contains(&&"migration".to_owned()));
    let next_of = |id: &str| -> Vec<u64> {
        let o = v["migration"]["opinions"].as_array().unwrap().iter().find(|o| o["id"] == id);
        o.unwrap()["next"]
            .as_array()
            .unwrap()
            .iter()
            .map(|n| n["article"].as_u64().unwrap())
            .collect()
    };
    assert_eq!(next_of("s05"), [7], "第六条 became 第七条");
    assert_eq!(next_of("s07"), [] as [u64; 0], "第七条 was deleted");
    assert_eq!(next_of("s09"), [8, 9], "第八条 was split");
    assert_eq!(next_of("s13"), [11], "第十一条 was merged into 第十一条");
    assert_eq!(next_of("s11"), [10], "第九条 was renumbered");
    // The analysis still reads as before, and minyi adopt still takes it.
    assert_eq!(v["schema"], 1);
    let adoption = adopt_json(&dir, &out);
    assert_eq!(adoption["opinions"].as_array().unwrap().len(), 40);
});

clitest!(adopt_without_analysis_is_bad_input, |_dir, cmd| {
    let mut cmd = cmd;
    let (_, stderr) = cmd
        .args(["adopt", "--analysis", "nowhere", "--final"])
        .arg_path(&pair("终稿.md"))
        .expect_code(2);
    assert!(stderr.contains("analysis.json"), "{stderr}");
});

clitest!(adopt_against_the_draft_itself_finds_nothing_changed, |dir, _cmd| {
    // The draft rebuilt from analysis.json aligns with its source article for article.
    let out = analyze(&dir, &[]);
    let stdout = dir
        .command()
        .args(["adopt", "--json", "--analysis"])
        .arg_path(&out)
        .args(["--final"])
        .arg_path(&pair("草案.md"))
        .stdout();
    let adoption: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(adoption["articles"].as_array().unwrap().len(), 0);
    let classes: Vec<&str> = adoption["opinions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["class"].as_str().unwrap())
        .collect();
    assert!(classes.iter().all(|&c| c == "unchanged"), "{classes:?}");
});
