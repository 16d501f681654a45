use std::collections::HashMap;

use crate::util::{Dir, sample};

const CSV: &str = "编号,提出人,联系方式,意见内容\n\
1,王建国,13800138000,\"联系电话：13800138000，身份证11010519491231002X。建议第23条增加罚则，罚款5000元。\"\n\
2,李秀英,,本人李秀英，住文昌路86号文昌小区6幢4单元101室，邮箱lxy@example.com。\n\
3,张伟,,第五条规定的罚款数额过低，建议提高到五百元。依据第18230号文件。\n\
4,陈静,,\n";

fn lines(dir: &Dir, name: &str) -> Vec<serde_json::Value> {
    std::fs::read_to_string(dir.path(name))
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

clitest!(csv_with_bom_same_rows_and_an_audit, |dir, mut cmd| {
    dir.create("意见.csv", CSV);
    let stdout = cmd.args(["redact", "意见.csv", "-o", "脱敏.csv"]).stdout();
    insta::assert_snapshot!(stdout);

    let bytes = std::fs::read(dir.path("脱敏.csv")).unwrap();
    assert!(bytes.starts_with("\u{FEFF}".as_bytes()), "Excel needs the BOM");
    let out = String::from_utf8(bytes).unwrap();
    let expected = "\u{FEFF}编号,提出人,联系方式,意见内容\r\n\
        1,王建国,13800138000,联系电话：【手机号】，身份证【身份证号】。建议第23条增加罚则，罚款5000元。\r\n\
        2,李秀英,,本人李秀英，住文昌路【详细地址】，邮箱【电子邮箱】。\r\n\
        3,张伟,,第五条规定的罚款数额过低，建议提高到五百元。依据第18230号文件。\r\n\
        4,陈静,,\r\n";
    assert_eq!(out, expected);

    let audit = lines(&dir, "脱敏.csv.audit.jsonl");
    assert_eq!(audit.len(), 4);
    let first = &audit[0];
    assert_eq!(first["id"], "1");
    assert_eq!(first["row"], 2);
    assert_eq!(first["kind"], "mobile");
    assert_eq!(first["start"], 15);
    assert_eq!(first["end"], 26);
    // echo -n 13800138000 | sha256sum
    assert_eq!(first["sha256"], "a6942f9771d67f34034d2f1926988ed3fad3bf1b4e7cedb9a31f31398dea43bc");
    let kinds: Vec<&str> = audit.iter().map(|a| a["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["mobile", "id_card", "address", "email"]);
    let text = std::fs::read_to_string(dir.path("脱敏.csv.audit.jsonl")).unwrap();
    for value in ["13800138000", "11010519491231002X", "86号", "lxy@example.com"] {
        assert!(!text.contains(value), "{value} in the audit file");
    }
});

clitest!(jsonl_keeps_columns_in_order_and_names_with_flag, |dir, mut cmd| {
    dir.create("意见.csv", CSV);
    let stdout = cmd.args(["redact", "意见.csv", "-o", "脱敏.jsonl", "--name"]).stdout();
    assert!(stdout.contains("  name               1  【姓名】"), "{stdout}");
    let out = std::fs::read_to_string(dir.path("脱敏.jsonl")).unwrap();
    let first = out.lines().nth(1).unwrap();
    assert_eq!(
        first,
        r#"{"编号":"2","提出人":"李秀英","联系方式":"","意见内容":"本人【姓名】，住文昌路【详细地址】，邮箱【电子邮箱】。"}"#
    );
    assert_eq!(out.lines().count(), 4);
});

clitest!(only_some_kinds_and_a_keyed_audit, |dir, mut cmd| {
    dir.create("意见.csv", CSV);
    dir.create("密钥.txt", "滨江市人大常委会法工委审计密钥2026\n");
    cmd.args(["redact", "意见.csv", "-o", "out.jsonl", "--kinds", "mobile,email"])
        .args(["--audit-key", "密钥.txt"])
        .stdout();
    let audit = lines(&dir, "out.jsonl.audit.jsonl");
    let kinds: Vec<&str> = audit.iter().map(|a| a["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["mobile", "email"]);
    assert!(audit[0].get("sha256").is_none());
    // HMAC-SHA256 of 13800138000 under the key (without its line break).
    assert_eq!(
        audit[0]["hmac_sha256"],
        "3abb7826a14c73ea098816637b04c3ab0321ced0bc729e8be486df155eec988e"
    );
    let rows = lines(&dir, "out.jsonl");
    assert!(rows[0]["意见内容"].as_str().unwrap().contains("11010519491231002X"));
});

clitest!(bad_input_exits_2, |dir, _cmd| {
    dir.create("意见.csv", CSV);
    dir.create("短.txt", "short");
    let cases: &[(&[&str], &str)] = &[
        (&["redact", "无此文件.csv", "-o", "out.csv"], "无此文件.csv"),
        (&["redact", "意见.csv", "-o", "out.xlsx"], "name it .csv or .jsonl"),
        (&["redact", "意见.csv", "-o", "意见.csv"], "would overwrite the input"),
        (&["redact", "意见.csv", "-o", "out.csv", "--kinds", "phone"], "unknown kind"),
        (&["redact", "意见.csv", "-o", "out.csv", "--audit-key", "短.txt"], "16 or more"),
        (&["redact", "意见.csv", "-o", "没有的目录/out.csv"], "cannot write"),
        (&["redact", "意见.csv"], "--out"),
    ];
    for (args, message) in cases {
        let (_, stderr) = dir.command().args(*args).expect_code(2);
        assert!(stderr.contains(message), "{args:?}: {stderr}");
    }
    assert_eq!(std::fs::read_to_string(dir.path("意见.csv")).unwrap(), CSV);
});

clitest!(sample_keeps_no_planted_identifier, |dir, mut cmd| {
    let opinions = sample("opinions.jsonl");
    cmd.args(["redact", "-o", "out.jsonl", "--name"]).arg_path(&opinions);
    let stdout = cmd.stdout();
    assert!(stdout.contains("1200 rows read"), "{stdout}");
    let rows = lines(&dir, "out.jsonl");
    assert_eq!(rows.len(), 1200);
    let by_id: HashMap<&str, &serde_json::Value> =
        rows.iter().map(|r| (r["id"].as_str().unwrap(), r)).collect();
    let truth = std::fs::read_to_string(sample("truth.jsonl")).unwrap();
    let mut checked = 0;
    for line in truth.lines() {
        let t: serde_json::Value = serde_json::from_str(line).unwrap();
        let row = by_id[t["id"].as_str().unwrap()];
        let text = row["text"].as_str().unwrap();
        for p in t["personal"].as_array().unwrap() {
            let value = p["value"].as_str().unwrap();
            if p["kind"] == "name" && row["submitter"] != value {
                continue; // someone else's name in a copied letter: not asked for
            }
            assert!(!text.contains(value), "{value} left in {}: {text}", t["id"]);
            checked += 1;
        }
    }
    assert!(checked >= 50, "{checked}");
    // One removal per planted value: nothing else in the sample is personal data.
    let audit = std::fs::read_to_string(dir.path("out.jsonl.audit.jsonl")).unwrap();
    assert_eq!(audit.lines().count(), checked);
    for value in planted() {
        assert!(!audit.contains(&value), "the audit holds {value}");
    }
});

clitest!(workbook_in_csv_out, |dir, mut cmd| {
    let stdout = cmd.args(["redact", "-o", "out.csv"]).arg_path(&sample("意见.xlsx")).stdout();
    assert!(stdout.contains("1200 rows read"), "{stdout}");
    let out = std::fs::read_to_string(dir.path("out.csv")).unwrap();
    assert!(out.starts_with(
        "\u{FEFF}序号,提出人,单位,身份,联系点,信息员,渠道,提交日期,涉及条款,意见内容\r\n"
    ));
    let values: Vec<String> =
        planted().into_iter().filter(|v| v.chars().any(|c| c.is_ascii_digit())).collect();
    assert!(values.len() > 20);
    for value in values {
        assert!(!out.contains(&value), "{value} left in out.csv");
    }
    assert!(
        out.contains("【手机号】") && out.contains("【详细地址】") && out.contains("【身份证号】")
    );
});

/// Every personal value the generator planted in the sample.
fn planted() -> Vec<String> {
    let truth = std::fs::read_to_string(sample("truth.jsonl")).unwrap();
    truth
        .lines()
        .flat_map(|line| {
            let t: serde_json::Value = serde_json::from_str(line).unwrap();
            t["personal"]
                .as_array()
                .unwrap()
                .iter()
                .map(|p| p["value"].as_str().unwrap().to_owned())
                .collect::<Vec<_>>()
        })
        .collect()
}
