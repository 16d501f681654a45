use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use serde_json::{Value, json};

use crate::util::{Dir, sample};

/// Analyses the bundled sample into `dir/样例` and archives it as 样例 in `dir/档案`.
fn archive_sample(dir: &Dir) {
    let mut analyze = dir.command();
    analyze.args(["analyze", "--draft"]).arg_path(&sample("草案.md"));
    analyze.args(["--opinions"]).arg_path(&sample("opinions.jsonl")).args(["-o", "样例", "-q"]);
    analyze.expect_code(0);
    let (_, stderr) = dir
        .command()
        .args(["archive", "add", "--index", "档案", "--consultation", "样例", "样例"])
        .expect_code(0);
    assert!(stderr.contains("已归档「样例」"), "{stderr}");
}

fn search_json(dir: &Dir, args: &[&str]) -> Value {
    let mut cmd = dir.command();
    cmd.args(["archive", "search", "--index", "档案", "--json"]).args(args);
    serde_json::from_str(&cmd.stdout()).expect("JSON")
}

clitest!(archive_round_trip_on_the_sample, |dir, _cmd| {
    archive_sample(&dir);
    let analysis: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path("样例/analysis.json")).unwrap())
            .unwrap();
    let with_text = analysis["opinions"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|o| !o["text"].as_str().unwrap_or("").trim().is_empty())
        .count() as u64;
    let stats = dir.command().args(["archive", "stats", "--index", "档案"]).stdout();
    assert!(stats.contains(&format!("样例\t{with_text}\t滨江市电动自行车安全管理条例")), "{stats}");

    let found = search_json(&dir, &["\"电动车 充电\"", "--limit", "5"]);
    let total = found["total"].as_u64().unwrap();
    assert!(total > 10, "{found}");
    let hits = found["hits"].as_array().unwrap();
    assert_eq!(hits.len(), 5);
    for hit in hits {
        let snippet = hit["snippet"].as_str().unwrap();
        assert!(snippet.contains("【电动车充电】"), "{snippet}");
        assert_eq!(hit["consultation"], "样例");
    }
    // The article facet adds up to at least the total (an opinion may be under several).
    let by_article: u64 =
        found["by_article"].as_array().unwrap().iter().map(|p| p[1].as_u64().unwrap()).sum();
    assert!(by_article >= total);

    // The sample's duplicate groups collapse: a group id finds its copies as one hit.
    let group =
        analysis["groups"].as_array().unwrap().iter().find(|g| g["count"].as_u64() > Some(2));
    let group = group.expect("a group of three or more");
    let id = group["id"].as_str().unwrap();
    let one = search_json(&dir, &["", "--group", id]);
    assert_eq!(one["total"], group["count"], "{one}");
    assert_eq!(one["hits"].as_array().unwrap().len(), 1);
    assert_eq!(one["hits"][0]["copies"], group["count"]);
    let all = search_json(&dir, &["", "--group", id, "--all-copies", "--limit", "100"]);
    assert_eq!(all["hits"].as_array().unwrap().len() as u64, group["count"].as_u64().unwrap());

    // Human output: Chinese labels, facets, marked words.
    let text = dir
        .command()
        .args(["archive", "search", "--index", "档案", "楼道", "充电", "--article", "28"])
        .stdout();
    assert!(text.starts_with("「楼道 充电」共 "), "{text}");
    assert!(text.contains("按征求意见：样例 "), "{text}");
    assert!(text.contains("按条文：第28条 "), "{text}");
    assert!(text.contains("【楼道】") && text.contains("【充电】"), "{text}");
});

clitest!(archive_add_again_replaces_the_consultation, |dir, _cmd| {
    archive_sample(&dir);
    let before = dir.command().args(["archive", "stats", "--index", "档案", "--json"]).stdout();
    dir.command()
        .args(["archive", "add", "--index", "档案", "--consultation", "样例", "样例", "-q"])
        .expect_code(0);
    let after = dir.command().args(["archive", "stats", "--index", "档案", "--json"]).stdout();
    assert_eq!(before, after);
});

clitest!(archive_bad_input_exits_2, |dir, _cmd| {
    let (_, stderr) = dir
        .command()
        .args(["archive", "add", "--index", "档案", "--consultation", "x", "没有这个目录"])
        .expect_code(2);
    assert!(stderr.contains("cannot read"), "{stderr}");
    dir.create("坏.json", "{\"schema\": 7}");
    dir.command()
        .args(["archive", "add", "--index", "档案", "--consultation", "x", "坏.json"])
        .expect_code(2);
    dir.command().args(["archive", "search", "--index", "没有档案", "充电"]).expect_code(2);
    archive_sample(&dir);
    let (_, stderr) =
        dir.command().args(["archive", "search", "--index", "档案", "AND ("]).expect_code(2);
    assert!(stderr.contains("cannot parse the query"), "{stderr}");
    dir.command()
        .args(["archive", "search", "--index", "档案", "充电", "--since", "上周"])
        .expect_code(2);
    let help = dir.command().args(["archive", "search", "--help"]).stdout();
    assert!(help.contains("Examples:") && help.contains("--all-copies"), "{help}");
});

/// An analysis.json of `n` opinions (long enough for an add to take a few seconds).
fn big_analysis(n: usize, text: &str) -> String {
    let opinions: Vec<Value> = (0..n)
        .map(|i| {
            json!({"id": i.to_string(), "group": null, "cluster": null, "articles": [],
                   "text": format!("第{i}号意见：{text}"), "meta": {"date": "2026-01-02"}})
        })
        .collect();
    json!({"schema": 1, "draft": null, "opinions": opinions, "groups": [], "clusters": []})
        .to_string()
}

// A process killed in the middle of an add leaves the archive as it was: the consultation
// being replaced keeps its old version, the others are untouched, and the archive opens and
// takes the next add.
clitest!(archive_add_killed_midway_leaves_the_previous_state, |dir, _cmd| {
    archive_sample(&dir);
    std::fs::create_dir_all(dir.path("旧")).unwrap();
    dir.create("旧/analysis.json", &big_analysis(10, "小区噪音扰民，建议限制广场舞时间。"));
    dir.command()
        .args(["archive", "add", "--index", "档案", "--consultation", "大批", "旧", "-q"])
        .expect_code(0);
    let n = 60_000;
    let text = "楼道里停放电动车和充电存在火灾隐患，建议小区设置集中充电设施，由物业统一管理。";
    std::fs::create_dir_all(dir.path("新")).unwrap();
    dir.create("新/analysis.json", &big_analysis(n, text));

    let mut child = Command::new(env!("CARGO_BIN_EXE_minyi"))
        .current_dir(dir.path(""))
        .args(["archive", "add", "--index", "档案", "--consultation", "大批", "新", "-v"])
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .expect("start minyi");
    // Kill it once it reports 10,000 opinions written (the commit comes after all 60,000).
    let stderr = BufReader::new(child.stderr.take().unwrap());
    let mut seen = Vec::new();
    for line in stderr.lines() {
        let line = line.unwrap();
        seen.push(line.clone());
        if line.contains("已写入 10000 条") {
            break;
        }
    }
    child.kill().expect("kill");
    let status = child.wait().unwrap();
    assert!(!status.success(), "the add finished before it was killed: {seen:?}");
    assert!(seen.iter().any(|l| l.contains("已写入 10000 条")), "{seen:?}");

    // The previous state: 大批 has its 10 old opinions, 样例 is intact, searches work.
    let stats = dir.command().args(["archive", "stats", "--index", "档案", "--json"]).stdout();
    let stats: Value = serde_json::from_str(&stats).unwrap();
    let count = |name: &str| {
        stats["consultations"].as_array().unwrap().iter().find(|c| c["name"] == name).unwrap()
            ["opinions"]
            .as_u64()
            .unwrap()
    };
    assert_eq!(count("大批"), 10, "{stats}");
    assert!(count("样例") > 1000, "{stats}");
    let found = search_json(&dir, &["广场舞", "--consultation", "大批"]);
    assert_eq!(found["total"], 10);
    assert_eq!(search_json(&dir, &["火灾隐患", "--consultation", "大批"])["total"], 0);

    // The next add takes the writer lock and completes.
    std::fs::create_dir_all(dir.path("小")).unwrap();
    dir.create("小/analysis.json", &big_analysis(100, text));
    dir.command()
        .args(["archive", "add", "--index", "档案", "--consultation", "大批", "小", "-q"])
        .expect_code(0);
    assert_eq!(search_json(&dir, &["火灾隐患", "--consultation", "大批"])["total"], 100);
});
