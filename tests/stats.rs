//! `minyi stats` and `report.html`: figures against hand counts, on a small consultation written
//! for the purpose (tests/data/stats) and on the bundled sample.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde_json::Value;

use crate::util::{Dir, TestCommand, sample};

fn small(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/stats").join(name)
}

/// `minyi analyze` on the small consultation into `dir/out`.
fn analyze_small(dir: &Dir, cmd: &mut TestCommand) {
    cmd.args(["analyze", "-q", "--draft"])
        .arg_path(&small("草案.md"))
        .args(["--opinions"])
        .arg_path(&small("意见.csv"))
        .args(["-o"])
        .arg_path(&dir.path("out"))
        .stdout();
}

fn stats_json(dir: &Dir) -> Value {
    let out = dir.command().args(["stats", "--json"]).arg_path(&dir.path("out")).stdout();
    serde_json::from_str(&out).expect("stats --json is JSON")
}

fn close(a: &Value, b: f64) -> bool {
    (a.as_f64().expect("a number") - b).abs() < 1e-9
}

/// (name, opinions, distinct, copies, articles, filed) of each unit, in the printed order.
fn units(v: &Value) -> Vec<(Option<String>, u64, u64, u64, u64, u64)> {
    v.as_array()
        .expect("a list")
        .iter()
        .map(|u| {
            (
                u["name"].as_str().map(str::to_owned),
                u["opinions"].as_u64().unwrap(),
                u["distinct"].as_u64().unwrap(),
                u["copies"].as_u64().unwrap(),
                u["articles"].as_u64().unwrap(),
                u["filed"].as_u64().unwrap(),
            )
        })
        .collect()
}

fn some(s: &str) -> Option<String> {
    Some(s.to_owned())
}

// The figures below were counted by hand from tests/data/stats/意见.csv: 12 rows, row 11 empty;
// rows 2, 3, 4 are one text (group G1), rows 7, 8 another (G2); row 10 cites no article; row 12
// cites 第一条 and 第三条.
clitest!(hand_counted_small_consultation, |dir, mut cmd| {
    analyze_small(&dir, &mut cmd);
    let s = stats_json(&dir);
    assert_eq!((s["rows"].as_u64(), s["analysed"].as_u64()), (Some(12), Some(11)));

    let groups = &s["breadth"][0];
    assert_eq!(groups["dimension"], "submitter_group");
    let shares: Vec<(&str, u64)> = groups["categories"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["value"].as_str().unwrap(), c["opinions"].as_u64().unwrap()))
        .collect();
    assert_eq!(shares, [("居民", 4), ("专家顾问", 2), ("业主", 2), ("人大代表", 2), ("企业", 1)]);
    assert!(close(&groups["categories"][0]["share"], 4.0 / 11.0));
    assert_eq!(groups["unspecified"], 0);
    // Gini-Simpson: 1 - (4² + 2² + 2² + 2² + 1²) / 11² = 92/121.
    assert!(close(&groups["simpson"], 92.0 / 121.0));
    let p = [4.0_f64 / 11.0, 2.0 / 11.0, 2.0 / 11.0, 2.0 / 11.0, 1.0 / 11.0];
    let h: f64 = -p.iter().map(|p| p * p.ln()).sum::<f64>();
    assert!(close(&groups["evenness"], h / 5_f64.ln()));

    // (name, opinions, distinct, copies, articles covered, filed under an article)
    assert_eq!(units(&Value::Array(vec![s["total"].clone()])), [(None, 11, 8, 3, 3, 10)]);
    assert_eq!(
        units(&s["contact_points"]),
        [
            (some("春晓联系点"), 4, 3, 1, 3, 4),
            (some("新民联系点"), 3, 2, 1, 2, 3),
            (some("望湖联系点"), 3, 3, 0, 3, 3),
            (None, 1, 1, 0, 0, 0),
        ]
    );
    assert!(close(&s["contact_points"][0]["duplicate_share"], 0.25));
    assert!(close(&s["contact_points"][1]["duplicate_share"], 1.0 / 3.0));
    assert!(close(&s["contact_points"][3]["filed_share"], 0.0));
    assert_eq!(
        units(&s["collectors"]),
        [
            (some("陆晓燕"), 4, 3, 1, 3, 4),
            (some("张宏伟"), 3, 3, 0, 3, 3),
            (some("陈立"), 2, 1, 1, 1, 2),
            (None, 2, 2, 0, 1, 1),
        ]
    );
    assert!(close(&s["collectors"][3]["filed_share"], 0.5));
    assert_eq!(
        units(&s["channels"]),
        [
            (some("座谈会"), 5, 4, 1, 3, 5),
            (some("信函"), 2, 2, 0, 2, 2),
            (some("微信小程序"), 2, 1, 1, 1, 2),
            (some("网上征求意见系统"), 2, 2, 0, 1, 1),
        ]
    );
    // Every analysed opinion is in a topic; a unit has at least as many topics as it has
    // articles with a point of its own.
    assert!(s["total"]["topics"].as_u64().unwrap() >= 4);
});

clitest!(stats_prints_chinese_tables, |dir, mut cmd| {
    analyze_small(&dir, &mut cmd);
    let out = dir.command().args(["stats"]).arg_path(&dir.path("out")).stdout();
    for heading in ["参与广度：按群体", "按联系点", "按信息员", "按渠道", "香农均匀度 0.942"]
    {
        assert!(out.contains(heading), "{heading} missing in\n{out}");
    }
    assert!(out.contains("共读入 12 行，分析意见 11 条（不同意见 8 条，重复 3 条"), "{out}");
    let row = out.lines().find(|l| l.contains("春晓联系点")).expect("a row per contact point");
    let cells: Vec<&str> = row.split_whitespace().collect();
    assert_eq!(cells[..4], ["春晓联系点", "4", "3", "25.0%"]);
});

clitest!(stats_without_an_analysis_exits_2, |dir, mut cmd| {
    let (_, err) = cmd.args(["stats", "nowhere"]).expect_code(2);
    assert!(err.contains("minyi analyze -o nowhere"), "{err}");
    std::fs::create_dir_all(dir.path("empty")).unwrap();
    let (_, err) = dir.command().args(["stats", "empty"]).expect_code(2);
    assert!(err.contains("analysis.json") && err.contains("minyi analyze -o empty"), "{err}");
    dir.create("empty/analysis.json", "{\"schema\": 1, \"opinions\": [");
    let (_, err) = dir.command().args(["stats", "empty"]).expect_code(2);
    assert!(err.contains("not an analysis.json"), "{err}");
    dir.create("empty/analysis.json", "{\"schema\": 99, \"opinions\": []}");
    let (_, err) = dir.command().args(["stats", "empty"]).expect_code(2);
    assert!(err.contains("schema 99"), "{err}");
});

/// Rows of 意见.xlsx as (身份, 联系点, 信息员, 渠道) for those with a non-blank 意见内容.
fn sample_rows() -> Vec<[String; 4]> {
    use calamine::{Reader, Xlsx, open_workbook};
    let mut book: Xlsx<_> = open_workbook(sample("意见.xlsx")).expect("the sample workbook");
    let sheet = book.worksheet_range_at(0).expect("a sheet").expect("readable");
    let mut rows = sheet.rows().map(|r| r.iter().map(|c| c.to_string()).collect::<Vec<_>>());
    // The header may follow a title row: take the first row that names 意见内容.
    let header = rows.by_ref().find(|r| r.iter().any(|c| c == "意见内容")).expect("a header");
    let col = |name: &str| header.iter().position(|c| c == name).expect(name);
    let (text, group, point, collector, channel) =
        (col("意见内容"), col("身份"), col("联系点"), col("信息员"), col("渠道"));
    rows.filter(|r| !r[text].trim().is_empty())
        .map(|r| {
            [group, point, collector, channel].map(|k| r.get(k).map_or("", |c| c.trim()).to_owned())
        })
        .collect()
}

fn count_by(rows: &[[String; 4]], k: usize) -> BTreeMap<Option<String>, u64> {
    let mut counts = BTreeMap::new();
    for r in rows {
        let key = if r[k].is_empty() { None } else { Some(r[k].clone()) };
        *counts.entry(key).or_default() += 1;
    }
    counts
}

fn opinions_by(units: &Value) -> BTreeMap<Option<String>, u64> {
    units
        .as_array()
        .unwrap()
        .iter()
        .map(|u| (u["name"].as_str().map(str::to_owned), u["opinions"].as_u64().unwrap()))
        .collect()
}

// On the sample, the statistics equal simple counts of 意见.xlsx's columns (every row with a
// text is analysed there), and the distinct points per contact point equal a count over
// analysis.json's opinions written independently here.
clitest!(sample_statistics_equal_counts_of_the_workbook, |dir, mut cmd| {
    cmd.args(["analyze", "-q", "-o"]).arg_path(&dir.path("out")).stdout();
    let s = stats_json(&dir);
    let rows = sample_rows();
    assert_eq!(s["analysed"].as_u64(), Some(rows.len() as u64));

    let by_group = count_by(&rows, 0);
    let groups = &s["breadth"][0];
    for c in groups["categories"].as_array().unwrap() {
        let n = by_group[&some(c["value"].as_str().unwrap())];
        assert_eq!(c["opinions"].as_u64(), Some(n), "{c}");
        assert!(close(&c["share"], n as f64 / rows.len() as f64));
    }
    let experts = by_group[&some("专家顾问")];
    let expert = groups["categories"].as_array().unwrap().iter().find(|c| c["value"] == "专家顾问");
    assert!(close(&expert.unwrap()["share"], experts as f64 / rows.len() as f64));
    assert_eq!(groups["unspecified"].as_u64(), Some(by_group.get(&None).copied().unwrap_or(0)));
    let simpson = 1.0
        - by_group
            .iter()
            .filter(|(k, _)| k.is_some())
            .map(|(_, &n)| {
                (n as f64 / (rows.len() as f64 - by_group.get(&None).copied().unwrap_or(0) as f64))
                    .powi(2)
            })
            .sum::<f64>();
    assert!(close(&groups["simpson"], simpson));

    assert_eq!(opinions_by(&s["contact_points"]), count_by(&rows, 1));
    assert_eq!(opinions_by(&s["collectors"]), count_by(&rows, 2));
    assert_eq!(opinions_by(&s["channels"]), count_by(&rows, 3));

    let json: Value =
        serde_json::from_slice(&std::fs::read(dir.path("out/analysis.json")).unwrap())
            .expect("analysis.json");
    let mut points: BTreeMap<Option<String>, PointCount> = BTreeMap::new();
    for o in json["opinions"].as_array().unwrap().iter().filter(|o| o["status"] == "ok") {
        let point = o["meta"]["contact_point"].as_str().map(str::to_owned);
        let entry = points.entry(point).or_default();
        entry.0.insert(o["group"].as_str().map_or_else(|| format!("#{}", o["id"]), str::to_owned));
        entry.1 += u64::from(!o["articles"].as_array().unwrap().is_empty());
        for a in o["articles"].as_array().unwrap() {
            entry.2.insert((a["article"].as_u64().unwrap(), a["article_sub"].as_u64()));
        }
    }
    for u in s["contact_points"].as_array().unwrap() {
        let (distinct, filed, articles) = &points[&u["name"].as_str().map(str::to_owned)];
        assert_eq!(u["distinct"].as_u64(), Some(distinct.len() as u64), "{u}");
        assert_eq!(u["filed"].as_u64(), Some(*filed), "{u}");
        assert_eq!(u["articles"].as_u64(), Some(articles.len() as u64), "{u}");
    }
    eprintln!(
        "sample: {} opinions; 专家顾问 {experts} ({:.1}%); Simpson {:.3}, evenness {:.3}",
        rows.len(),
        100.0 * experts as f64 / rows.len() as f64,
        groups["simpson"].as_f64().unwrap(),
        groups["evenness"].as_f64().unwrap()
    );
});

/// Distinct points (group ids, or ids of opinions in no group), opinions filed, articles.
type PointCount = (BTreeSet<String>, u64, BTreeSet<(u64, Option<u64>)>);

/// Checks that every element is closed in order (void elements and `/>` aside) and returns
/// the ids found, in order.
fn balanced_ids(html: &str) -> Vec<String> {
    const VOID: [&str; 3] = ["meta", "br", "img"];
    let mut stack: Vec<String> = Vec::new();
    let mut ids = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        let end = start + rest[start..].find('>').expect("every tag ends");
        let tag = &rest[start + 1..end];
        rest = &rest[end + 1..];
        if tag.starts_with('!') {
            continue;
        }
        if let Some(name) = tag.strip_prefix('/') {
            let open = stack.pop().unwrap_or_else(|| panic!("</{name}> closes nothing"));
            assert_eq!(open, name.trim(), "</{name}> closes <{open}>");
            continue;
        }
        let name: String = tag.chars().take_while(|c| c.is_ascii_alphanumeric()).collect();
        if let Some(at) = tag.find(" id=\"") {
            let id = &tag[at + 5..];
            ids.push(id[..id.find('"').unwrap()].to_owned());
        }
        if !tag.ends_with('/') && !VOID.contains(&name.as_str()) {
            stack.push(name);
        }
        if matches!(stack.last().map(String::as_str), Some("style" | "title"))
            && let Some(close) = rest.find("</")
        {
            rest = &rest[close..];
        }
    }
    assert!(stack.is_empty(), "left open: {stack:?}");
    ids
}

clitest!(report_html_structure_and_figures, |dir, mut cmd| {
    analyze_small(&dir, &mut cmd);
    let html = std::fs::read_to_string(dir.path("out/report.html")).expect("report.html");
    let ids = balanced_ids(&html);
    for id in [
        "overview",
        "articles",
        "chart-articles",
        "duplicates",
        "chart-duplicates",
        "top-groups",
        "groups",
        "chart-groups",
        "contact-points",
        "chart-contact-points",
        "channels",
        "chart-channels",
        "collectors",
        "chart-collectors",
        "summary",
        "summary-table",
    ] {
        assert!(ids.iter().any(|i| i == id), "no #{id} in {ids:?}");
    }
    // Self-contained: no script, no request anywhere.
    for banned in ["<script", "src=", "href=", "url(", "@import", "<link"] {
        assert!(!html.contains(banned), "{banned} in report.html");
    }
    assert!(html.contains("name=\"viewport\""));
    // One bar per article with opinions plus 总体意见; one per group, point, channel, collector.
    let bars = |id: &str| {
        let from = html.find(&format!("id=\"chart-{id}\"")).unwrap();
        let to = from + html[from..].find("</svg>").unwrap();
        html[from..to].matches("<g class=\"bar\">").count()
    };
    assert_eq!(bars("articles"), 4);
    assert_eq!(bars("groups"), 5);
    assert_eq!(bars("contact-points"), 4);
    assert_eq!(bars("channels"), 4);
    assert_eq!(bars("collectors"), 4);
    assert_eq!(bars("duplicates"), 3);
    // The figures: the summary table row of 第二条, the headline tiles, a group's share.
    let summary = &html[html.find("id=\"summary-table\"").unwrap()..];
    assert!(
        summary.contains("<td class=\"k\">第二条</td><td class=\"n\">4</td><td class=\"n\">2</td>"),
        "{summary}"
    );
    assert!(summary.contains("<td>总体意见</td><td class=\"n\">1</td><td class=\"n\">1</td>"));
    for tile in ["<b>12</b><span>读入行数", "<b>11</b><span>分析意见数", "<b>8</b><span>去重后"]
    {
        assert!(html.contains(tile), "{tile}");
    }
    assert!(html.contains("4（36.4%）"), "居民's share");
    assert!(html.contains("辛普森指数 0.760"));
    // The representative text of the largest group is there, escaped text only.
    assert!(html.contains("建议第二条增加对楼道充电的罚款规定"));
});

// Chromium renders the report without console messages. Skipped (with a note) where chromium
// is not installed; the screenshots were looked at by hand (see the commit).
clitest!(report_html_renders_in_headless_chromium, |dir, mut cmd| {
    let Some(chromium) = ["chromium", "chromium-browser", "google-chrome"].into_iter().find(|c| {
        std::process::Command::new(c).arg("--version").output().is_ok_and(|o| o.status.success())
    }) else {
        eprintln!("skipped: no chromium on PATH");
        return;
    };
    analyze_small(&dir, &mut cmd);
    let page = format!("file://{}", dir.path("out/report.html").display());
    let out = std::process::Command::new(chromium)
        .args(["--headless", "--no-sandbox", "--disable-gpu", "--enable-logging=stderr", "--v=0"])
        .args(["--dump-dom", &page])
        .output()
        .expect("run chromium");
    let dom = String::from_utf8_lossy(&out.stdout);
    let log = String::from_utf8_lossy(&out.stderr);
    assert!(dom.contains("id=\"summary-table\""), "no DOM dumped; stderr:\n{log}");
    let console: Vec<&str> = log.lines().filter(|l| l.contains("CONSOLE")).collect();
    assert!(console.is_empty(), "console messages: {console:?}");
});

// The two ways in: records from a Pipeline run and records from the analysis.json that
// `minyi analyze` wrote give the same figures. Topics aside: analysis.json names one topic per
// part of an opinion, so a part filed under two articles counts one topic there, two here.
clitest!(records_from_the_pipeline_equal_records_from_analysis_json, |dir, mut cmd| {
    use minyi_core::{Draft, Pipeline, Stats, StatsRecord};
    analyze_small(&dir, &mut cmd);
    let file = std::fs::File::open(dir.path("out/analysis.json")).unwrap();
    let from_json = Stats::compute(&StatsRecord::read_json(file).unwrap());

    let ingest = minyi_table::read_files(&[small("意见.csv")], &minyi_table::ReadOptions::new());
    let draft = Draft::parse(&std::fs::read_to_string(small("草案.md")).unwrap()).unwrap();
    let analysis = Pipeline::new().unwrap().run(Some(&draft), ingest.opinions());
    let records = StatsRecord::from_analysis(&analysis, ingest.opinions()).unwrap();
    let from_run = Stats::compute(&records);

    // Everything, topics included: analysis.json lists every topic of an opinion (row 12,
    // 第一条和第三条 in one sentence, is in a topic of each article).
    let a = serde_json::to_value(&from_json).unwrap();
    let b = serde_json::to_value(&from_run).unwrap();
    assert_eq!(a, b);
    assert!(a["total"]["topics"].as_u64().unwrap() > 0);
});
