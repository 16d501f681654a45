use std::collections::{HashMap, HashSet};
use std::io::Read;
use std::path::Path;

use calamine::{Data, Reader, Xlsx, open_workbook};
use serde_json::Value;

use crate::util::{Dir, sample};

/// `minyi analyze` on the bundled sample into `out`, with the given extra flags.
fn analyze_sample(dir: &Dir, extra: &[&str]) -> Value {
    let mut cmd = dir.command();
    cmd.args(["analyze", "-o", "out", "--draft"])
        .arg_path(&sample("草案.md"))
        .args(["--opinions"])
        .arg_path(&sample("意见.xlsx"))
        .args(extra);
    let stdout = cmd.stdout();
    for name in ["汇总表.xlsx", "opinions.csv", "opinions.parquet"] {
        assert!(stdout.contains(&format!("wrote out/{name}")), "{stdout}");
    }
    let text = std::fs::read_to_string(dir.path("out").join("analysis.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

/// The rows of a sheet as text, from `first` on.
fn sheet(path: &Path, name: &str, first: usize) -> Vec<Vec<String>> {
    let mut book: Xlsx<_> = open_workbook(path).unwrap();
    let range = book.worksheet_range(name).unwrap();
    range
        .rows()
        .skip(first)
        .map(|r| {
            r.iter()
                .map(|c| match c {
                    Data::Float(f) => format!("{f}"),
                    Data::Int(i) => format!("{i}"),
                    Data::Empty => String::new(),
                    other => other.to_string(),
                })
                .collect()
        })
        .collect()
}

fn list(cell: &str) -> Vec<&str> {
    if cell.is_empty() { Vec::new() } else { cell.split('、').collect() }
}

clitest!(summary_sheet_agrees_with_analysis_json, |dir, _cmd| {
    let json = analyze_sample(&dir, &[]);
    let xlsx = dir.path("out").join("汇总表.xlsx");
    let header = &sheet(&xlsx, "意见汇总", 1)[0];
    assert_eq!(
        header,
        &[
            "序号",
            "条款",
            "条文原文",
            "意见（代表性表述）",
            "理由",
            "提出次数",
            "提出人数",
            "来源联系点",
            "意见编号"
        ]
    );
    let rows = sheet(&xlsx, "意见汇总", 2);
    let clusters = json["clusters"].as_array().unwrap();
    assert_eq!(rows.len(), clusters.len());
    assert!(rows.len() > 100, "{}", rows.len());

    // Every copy of every opinion in each topic, from analysis.json: its distinct members and
    // the copies in their duplicate groups, in input order.
    let opinions = json["opinions"].as_array().unwrap();
    let mut texts: HashMap<&str, &str> = HashMap::new();
    let mut order: HashMap<&str, usize> = HashMap::new();
    let mut copies: HashMap<&str, Vec<&str>> = HashMap::new();
    let mut group_of: HashMap<&str, &str> = HashMap::new();
    for (i, o) in opinions.iter().enumerate() {
        let id = o["id"].as_str().unwrap();
        texts.insert(id, o["text"].as_str().unwrap());
        order.insert(id, i);
        if let Some(g) = o["group"].as_str() {
            copies.entry(g).or_default().push(id);
            group_of.insert(id, g);
        }
    }
    let holders: HashMap<&str, Vec<&str>> = clusters
        .iter()
        .map(|c| {
            let mut ids: Vec<&str> = Vec::new();
            for m in c["members"].as_array().unwrap() {
                let m = m.as_str().unwrap();
                match group_of.get(m) {
                    Some(g) => ids.extend(&copies[g]),
                    None => ids.push(m),
                }
            }
            ids.sort_by_key(|id| order[id]);
            ids.dedup();
            (c["id"].as_str().unwrap(), ids)
        })
        .collect();
    let articles = json["draft"]["articles"].as_array().unwrap();
    let position: HashMap<&str, usize> =
        articles.iter().enumerate().map(|(i, a)| (a["label"].as_str().unwrap(), i)).collect();
    let article_text: HashMap<&str, &str> = articles
        .iter()
        .map(|a| (a["label"].as_str().unwrap(), a["text"].as_str().unwrap()))
        .collect();

    let mut matched = HashSet::new();
    let mut last = (0, u64::MAX);
    for (n, row) in rows.iter().enumerate() {
        assert_eq!(row[0], (n + 1).to_string());
        let ids = list(&row[8]);
        let cluster = clusters
            .iter()
            .find(|c| {
                let id = c["id"].as_str().unwrap();
                !matched.contains(id) && holders[id] == ids
            })
            .unwrap_or_else(|| {
                panic!("row {} ({}): no topic holds exactly {ids:?}", n + 1, row[1])
            });
        let id = cluster["id"].as_str().unwrap();
        assert!(matched.insert(id), "{id} twice");
        // Counts: every copy; the distinct members are among the ids.
        let count: u64 = row[5].parse().unwrap();
        assert_eq!(count, cluster["count"].as_u64().unwrap(), "{id}");
        assert_eq!(ids.len() as u64, count, "{id}");
        let submitters: u64 = row[6].parse().unwrap();
        assert!(submitters >= 1 && submitters <= count, "{id}: {submitters}");
        for m in cluster["members"].as_array().unwrap() {
            assert!(ids.contains(&m.as_str().unwrap()), "{id}");
        }
        // The representative's redacted text, the article and its text.
        assert_eq!(row[3], texts[cluster["representative"].as_str().unwrap()], "{id}");
        let label = &row[1];
        match cluster["article"].as_u64() {
            None => assert_eq!(label, "总体意见"),
            Some(_) => {
                let full = article_text[label.as_str()];
                if full.chars().count() <= 300 {
                    assert_eq!(row[2], full);
                } else {
                    assert!(
                        row[2].ends_with('…') && full.starts_with(row[2].trim_end_matches('…'))
                    );
                }
            }
        }
        // The draft's order, 总体意见 last; the most raised first within an article.
        let at = position.get(label.as_str()).copied().unwrap_or(usize::MAX);
        assert!(at >= last.0, "row {}: {label} after an article further on", n + 1);
        if at == last.0 {
            assert!(count <= last.1, "row {}: {count} after {}", n + 1, last.1);
        }
        last = (at, count);
    }
    assert_eq!(matched.len(), clusters.len());
    // Some representatives give a reason; 理由 holds it.
    assert!(rows.iter().any(|r| !r[4].is_empty() && r[3].contains(&r[4])));
    // Contact points come from the sheet's 联系点 column.
    assert!(rows.iter().all(|r| !r[7].is_empty()));

    // 意见明细: every row read, in input order.
    let details = sheet(&xlsx, "意见明细", 1);
    assert_eq!(details.len(), opinions.len());
    for (d, o) in details.iter().zip(opinions) {
        assert_eq!(d[0], o["id"].as_str().unwrap());
        assert_eq!(d[6], o["text"].as_str().unwrap());
    }
    // 统计: the row accounting.
    let stats = sheet(&xlsx, "统计", 0);
    let read = stats.iter().find(|r| r[0] == "读入行数").expect("读入行数");
    assert_eq!(read[1], json["summary"]["rows"]["read"].to_string());
    let general = stats.iter().find(|r| r[0] == "总体意见（未归入条款）").unwrap();
    assert_eq!(general[1], json["summary"]["general"].to_string());
});

clitest!(csv_and_parquet_hold_one_row_per_opinion, |dir, _cmd| {
    let json = analyze_sample(&dir, &[]);
    let opinions = json["opinions"].as_array().unwrap();
    let columns = [
        "id",
        "file",
        "row",
        "status",
        "article",
        "articles",
        "group",
        "topic",
        "topic_label",
        "evidence",
        "score",
        "contact_point",
        "collector",
        "channel",
        "submitter_group",
        "date",
        "text",
    ];
    let bytes = std::fs::read(dir.path("out").join("opinions.csv")).unwrap();
    assert!(bytes.starts_with("\u{FEFF}id,file,row,status,".as_bytes()));
    let mut reader = csv::Reader::from_reader(&bytes[3..]);
    assert_eq!(reader.headers().unwrap().iter().collect::<Vec<_>>(), columns);
    let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(records.len(), opinions.len());
    assert_eq!(records.len() as u64, json["summary"]["rows"]["read"].as_u64().unwrap());
    for (r, o) in records.iter().zip(opinions) {
        assert_eq!(&r[0], o["id"].as_str().unwrap());
        assert_eq!(&r[16], o["text"].as_str().unwrap());
        assert_eq!(&r[6], o["group"].as_str().unwrap_or(""));
        assert_eq!(&r[7], o["cluster"].as_str().unwrap_or(""));
    }

    use polars::prelude::{ParquetReader, SerReader};
    let file = std::fs::File::open(dir.path("out").join("opinions.parquet")).unwrap();
    let frame = ParquetReader::new(file).finish().unwrap();
    assert_eq!(frame.height(), opinions.len());
    let names: Vec<String> = frame.get_column_names().iter().map(|n| n.to_string()).collect();
    assert_eq!(names, columns);
    let ids = frame.column("id").unwrap().str().unwrap().clone();
    assert!(ids.iter().zip(&records).all(|(id, r)| id == Some(&r[0])));
});

/// Every planted identifier the redactor is asked to remove: all but the names of people other
/// than the submitter (someone else's name in a copied letter).
fn planted() -> Vec<String> {
    let submitters: HashMap<String, String> = std::fs::read_to_string(sample("opinions.jsonl"))
        .unwrap()
        .lines()
        .map(|l| {
            let v: Value = serde_json::from_str(l).unwrap();
            (v["id"].as_str().unwrap().to_owned(), v["submitter"].as_str().unwrap_or("").to_owned())
        })
        .collect();
    let truth: Vec<Value> = std::fs::read_to_string(sample("truth.jsonl"))
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let personal = |t: &Value| -> Vec<(String, String)> {
        t["personal"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| {
                (p["kind"].as_str().unwrap().to_owned(), p["value"].as_str().unwrap().to_owned())
            })
            .collect()
    };
    // A name counts only where it is always the submitter's own.
    let mut others: HashSet<String> = HashSet::new();
    for t in &truth {
        let submitter = &submitters[t["id"].as_str().unwrap()];
        for (kind, value) in personal(t) {
            if kind == "name" && *submitter != value {
                others.insert(value);
            }
        }
    }
    let mut values: Vec<String> = truth
        .iter()
        .flat_map(personal)
        .filter(|(kind, value)| kind != "name" || !others.contains(value))
        .map(|(_, value)| value)
        .collect();
    values.sort();
    values.dedup();
    values
}

clitest!(no_output_file_holds_a_planted_identifier, |dir, _cmd| {
    analyze_sample(&dir, &["--redact-names"]);
    let values = planted();
    assert!(values.len() >= 80, "{}", values.len());
    let out = dir.path("out");
    let mut scanned = Vec::new();
    for entry in std::fs::read_dir(&out).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let bytes = std::fs::read(&path).unwrap();
        let text = match path.extension().and_then(|e| e.to_str()) {
            // Compressed: every XML part, unzipped.
            Some("xlsx") => {
                let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
                let mut all = String::new();
                for i in 0..zip.len() {
                    zip.by_index(i).unwrap().read_to_string(&mut all).unwrap();
                }
                assert!(all.contains("【手机号】"));
                all
            }
            // Compressed columns: every value, read back.
            Some("parquet") => {
                use polars::prelude::{ParquetReader, SerReader};
                let frame = ParquetReader::new(std::io::Cursor::new(bytes)).finish().unwrap();
                let mut all = String::new();
                for c in frame.columns() {
                    for i in 0..frame.height() {
                        all.push_str(&c.get(i).unwrap().to_string());
                        all.push('\n');
                    }
                }
                all
            }
            _ => String::from_utf8(bytes).unwrap(),
        };
        // report.html shows only the largest groups' texts; every other file holds every text.
        if !name.ends_with(".html") {
            assert!(text.contains("【身份证号】"), "{name}");
        }
        for value in &values {
            assert!(!text.contains(value.as_str()), "{value} in {name}");
        }
        scanned.push(name);
    }
    scanned.sort();
    assert_eq!(
        scanned,
        ["analysis.json", "opinions.csv", "opinions.parquet", "report.html", "汇总表.xlsx"]
    );
});
