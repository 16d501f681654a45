use std::collections::BTreeMap;

use serde_json::Value;

use crate::util::{Dir, shared_corpora};

/// The entries of `minyi diff --json OLD NEW`.
fn diff_json(dir: &Dir, old: &std::path::Path, new: &std::path::Path) -> Vec<Value> {
    let stdout = dir.command().args(["diff", "--json"]).arg_path(old).arg_path(new).stdout();
    let v: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(v.as_object().map(|o| o.len()), Some(1), "only \"articles\" at the top");
    v["articles"].as_array().unwrap().clone()
}

/// `status old→new` of each entry that is not unchanged.
fn changes(entries: &[Value]) -> Vec<String> {
    entries
        .iter()
        .filter(|e| e["status"] != "unchanged")
        .map(|e| format!("{} {}→{}", e["status"].as_str().unwrap(), e["old"], e["new"]))
        .collect()
}

/// The deleted and inserted text of an entry's diff.
fn edits(entry: &Value) -> Vec<(String, String)> {
    entry["diff"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["op"] != "equal")
        .map(|e| (e["op"].as_str().unwrap().to_owned(), e["text"].as_str().unwrap().to_owned()))
        .collect()
}

fn edit(op: &str, text: &str) -> (String, String) {
    (op.to_owned(), text.to_owned())
}

clitest!(minor_protection_law_2020_2024_changed_article_9_only, |dir, _cmd| {
    let Some(corpora) = shared_corpora() else { return };
    let laws = corpora.join("laws");
    let entries = diff_json(
        &dir,
        &laws.join("minor_protection_law_2020.md"),
        &laws.join("minor_protection_law_2024.md"),
    );
    assert_eq!(entries.len(), 132);
    // 第九十五条 of the 2024 text has a stray space (符合条 件): not a change.
    assert_eq!(changes(&entries), ["modified 9→9"]);
    let ninth = &entries[8];
    let (old, new): (String, String) = {
        let e = edits(ninth);
        (
            e.iter().filter(|(op, _)| op == "delete").map(|(_, t)| t.as_str()).collect(),
            e.iter().filter(|(op, _)| op == "insert").map(|(_, t)| t.as_str()).collect(),
        )
    };
    assert!(old.contains("协调机制具体工作由县级以上人民政府民政部门承担"), "{old}");
    assert!(new.contains("县级以上人民政府负责妇女儿童工作的机构"), "{new}");
    for (e, n) in entries.iter().zip(1..) {
        assert_eq!((e["old"].as_u64(), e["new"].as_u64()), (Some(n), Some(n)));
        if e["status"] == "unchanged" {
            assert!(e["diff"].is_null(), "{e}");
        }
    }
});

/// 上海市住宅物业管理规定: the 2018 text (file named 2010, the 2010 revision as amended in
/// 2018) against the 2020 amendment, read side by side. Both have 95 articles and the same
/// numbering; the 2020 decision adapted the text to the Civil Code (物权法 → 民法典, new voting
/// quorums, 支付 and 仲裁), renamed departments (规划 → 规划资源, 市场监督管理 → 市场监管) and
/// fixed half-width commas.
const SH_MODIFIED: &[(u64, &str)] = &[
    (1, "根据《中华人民共和国物权法》 → 《中华人民共和国民法典》"),
    (4, "（七）乡镇 → 乡、镇; 规划 → 规划资源; 市场监督管理 → 市场监管"),
    (10, "调整物业管理区域: 征得…过半数 → 三分之二参与表决, 参与表决过半数同意"),
    (17, "物权法 → 民法典"),
    (18, "业主大会会议: 参加 → 参与表决; 四分之三 for 维修资金, 改建, 共有部分用途"),
    (42, "规划行政管理部门 → 规划资源行政管理部门"),
    (44, "专项服务事项委托: 不得一并委托 → 向业主负责, 不得转委托或支解"),
    (46, "届满的三个月前 → 届满前; 九十日书面通知; 不定期合同, 提前六十日"),
    (49, "交纳 → 支付; 依法向人民法院起诉 → 催告, 提起诉讼或者申请仲裁"),
    (53, "自行管理: 过半数 → 三分之二参与表决, 参与表决过半数"),
    (58, "规划 → 规划资源 (twice); 有利害关系的业主一致同意"),
    (69, "部分共用部分: 三分之二参与表决, 四分之三 for 维修资金"),
    (84, "规划行政管理部门 → 规划资源行政管理部门"),
    (91, "依法给予行政处分 → 依法给予处分"),
];

/// Articles read and found identical, spread over the text; 6, 20 and 76 differ only by a
/// half-width comma made full-width (工作,加强 → 工作，加强), which is typography.
const SH_UNCHANGED: &[u64] =
    &[2, 3, 6, 9, 15, 20, 27, 30, 36, 45, 47, 50, 61, 65, 73, 76, 83, 89, 90, 92, 95];

clitest!(shanghai_residential_property_2010_2020_against_a_hand_list, |dir, _cmd| {
    let Some(corpora) = shared_corpora() else { return };
    let laws = corpora.join("laws");
    let entries = diff_json(
        &dir,
        &laws.join("sh_residential_property_2010.md"),
        &laws.join("sh_residential_property_2020.md"),
    );
    assert_eq!(entries.len(), 95);
    let status: BTreeMap<u64, &str> = entries
        .iter()
        .map(|e| {
            assert_eq!(e["old"], e["new"], "no renumbering: {e}");
            (e["old"].as_u64().unwrap(), e["status"].as_str().unwrap())
        })
        .collect();
    for &(n, what) in SH_MODIFIED {
        assert_eq!(status[&n], "modified", "第{n}条: {what}");
    }
    for &n in SH_UNCHANGED {
        assert_eq!(status[&n], "unchanged", "第{n}条");
    }
    let modified: Vec<u64> =
        status.iter().filter(|(_, s)| **s != "unchanged").map(|(n, _)| *n).collect();
    let expected: Vec<u64> = SH_MODIFIED.iter().map(|(n, _)| *n).collect();
    assert_eq!(modified, expected, "every other article is unchanged");
    // What the diff says, for a few.
    assert_eq!(edits(&entries[0]), [edit("delete", "物权法"), edit("insert", "民法典")]);
    assert_eq!(edits(&entries[41]), [edit("insert", "资源")]);
    assert_eq!(edits(&entries[90]), [edit("delete", "行政")]);
    assert_eq!(
        edits(&entries[57]),
        [edit("insert", "资源"), edit("insert", "资源"), edit("insert", "一致")]
    );
    let e49 = edits(&entries[48]);
    assert_eq!(e49.iter().filter(|e| **e == edit("insert", "支付")).count(), 3, "{e49:?}");
    assert!(e49.iter().any(|(op, t)| op == "insert" && t.contains("申请仲裁")), "{e49:?}");
});

clitest!(shanghai_summary_for_people, |_dir, mut cmd| {
    let Some(corpora) = shared_corpora() else { return };
    let laws = corpora.join("laws");
    let stdout = cmd
        .args(["diff"])
        .arg_path(&laws.join("sh_residential_property_2010.md"))
        .arg_path(&laws.join("sh_residential_property_2020.md"))
        .stdout();
    let lines: Vec<&str> = stdout.lines().collect();
    assert!(lines[0].ends_with(": 95 articles → 95 articles"), "{stdout}");
    assert_eq!(lines[1], "81 unchanged, 14 modified");
    assert_eq!(lines[2], "modified   第一条");
    assert_eq!(
        lines[3],
        "    …益，根据《中华人民共和国【删除：物权法】【增加：民法典】》、国务院《物业管理条例…"
    );
    assert!(stdout.contains("modified   第九十一条\n    …或者上级主管部门依法给予【删除：行政】处分；构成犯罪的，依法追…\n"), "{stdout}");
});

/// `第N条` for N below 100.
fn cn(n: u32) -> String {
    const DIGITS: [&str; 10] = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    let (tens, ones) = ((n / 10) as usize, (n % 10) as usize);
    let tens = match tens {
        0 => String::new(),
        1 => "十".to_owned(),
        t => format!("{}十", DIGITS[t]),
    };
    format!("第{tens}{}条", DIGITS[ones])
}

clitest!(a_real_text_with_an_article_deleted_and_another_inserted, |dir, _cmd| {
    let Some(corpora) = shared_corpora() else { return };
    let old_path = corpora.join("laws/sh_residential_property_2020.md");
    let old = std::fs::read_to_string(&old_path).unwrap();
    // Delete 第三十六条 (numbers below go down by one) and insert a new 第五十条 after the old
    // 第五十条 (now 第四十九条), so that 第五十一条 onwards keep their numbers.
    let mut new = String::new();
    for line in old.lines() {
        let number = (1..=95).rev().find(|&n| line.starts_with(&format!("{} ", cn(n))));
        match number {
            Some(36) => {
                // Its only paragraph is on this line.
                continue;
            }
            Some(n @ 37..=50) => {
                new.push_str(&line.replacen(&cn(n), &cn(n - 1), 1));
            }
            Some(51) => {
                new.push_str("第五十条 物业服务企业应当在物业管理区域内显著位置公示服务人员的姓名、照片、岗位和联系方式。\n\n");
                new.push_str(line);
            }
            _ => new.push_str(line),
        }
        new.push('\n');
    }
    let new_path = dir.create("2020_edited.md", &new);
    let entries = diff_json(&dir, &old_path, &new_path);
    let mut expected = vec!["deleted 36→null".to_owned()];
    expected.extend((37..=50).map(|n| format!("renumbered {n}→{}", n - 1)));
    expected.push("inserted null→50".to_owned());
    assert_eq!(changes(&entries), expected);
    assert_eq!(entries.len(), 96);
    // Document order: the deletion after 第三十五条, the insertion before 第五十一条.
    assert_eq!(
        (entries[34]["old"].as_u64(), entries[35]["status"].as_str()),
        (Some(35), Some("deleted"))
    );
    assert_eq!(
        (entries[50]["status"].as_str(), entries[51]["old"].as_u64()),
        (Some("inserted"), Some(51))
    );
    let stdout = dir.command().args(["diff"]).arg_path(&old_path).arg_path(&new_path).stdout();
    assert!(stdout.contains("\n80 unchanged, 14 renumbered, 1 inserted, 1 deleted\n"), "{stdout}");
    assert!(
        stdout.contains("\nrenumbered 第三十七条–第五十条 → 第三十六条–第四十九条 (14 articles)\n"),
        "{stdout}"
    );
    assert!(
        stdout.contains("\ndeleted    第三十六条: 居民委员会、村民委员会设立的人民调解委员会"),
        "{stdout}"
    );
});

clitest!(every_kind_of_change_for_people, |dir, mut cmd| {
    dir.create(
        "旧.txt",
        "滨江市养犬管理条例\n第一章 总则\n\
         第一条 为了规范养犬行为，保障公民健康和人身安全，维护市容环境和社会秩序，制定本条例。\n\
         第二条 公安机关是养犬管理的主管部门，负责养犬登记和违法行为的查处。农业农村、城市管理等部门按照各自职责做好养犬管理的相关工作。\n\
         第二章 养犬规范\n\
         第三条 养犬人应当按期为犬只注射狂犬病疫苗，并保存免疫证明。\n\
         第四条 携犬出户时，应当为犬只挂犬牌、束犬链，由完全民事行为能力人牵领。\n\
         第五条 犬只在公共场所排泄粪便的，携犬人应当立即清除。\n\
         第六条 禁止携犬进入机关、学校、医院、室内体育场馆等公共场所。\n\
         第七条 烈性犬、大型犬的名录由市公安机关会同市农业农村部门制定并公布。\n\
         第三章 附则\n\
         第八条 本条例自2026年1月1日起施行。\n",
    );
    dir.create(
        "新.txt",
        "滨江市养犬管理条例\n第一章 总则\n\
         第一条 为了规范养犬行为，保障公民健康和人身安全，维护市容环境和社会秩序，制定本条例。\n\
         第二条 公安机关是养犬管理的主管部门，负责养犬登记和违法行为的查处。\n\
         第三条 农业农村、城市管理等部门按照各自职责做好养犬管理的相关工作。\n\
         第二章 养犬规范\n\
         第四条 禁止携犬进入机关、学校、医院、室内体育场馆等公共场所。\n\
         第五条 养犬人应当每年为犬只注射狂犬病疫苗，并保存免疫证明。\n\
         第六条 携犬出户时，应当为犬只挂犬牌、束犬链，由完全民事行为能力人牵领；犬只在公共场所排泄粪便的，携犬人应当立即清除。\n\
         第七条 本市鼓励社会组织开展文明养犬宣传教育活动。\n\
         第三章 附则\n\
         第八条 本条例自2026年1月1日起施行。\n",
    );
    let stdout = cmd.args(["diff", "旧.txt", "新.txt"]).stdout();
    insta::assert_snapshot!(stdout);
    let entries = diff_json(&dir, &dir.path("旧.txt"), &dir.path("新.txt"));
    assert_eq!(
        changes(&entries),
        [
            "split 2→2",
            "moved 6→4",
            "modified 3→5",
            "merged 4→6",
            "deleted 7→null",
            "inserted null→7",
        ]
    );
    assert_eq!(entries[1]["into"], serde_json::json!([2, 3]));
    assert_eq!(entries[4]["from"], serde_json::json!([4, 5]));
});

clitest!(bad_input_exits_2, |dir, mut cmd| {
    dir.create("草案.txt", "第一条 甲乙丙。\n");
    dir.create("通知.txt", "关于征求意见的通知\n请于月底前反馈意见。\n");
    let (stdout, stderr) = cmd.args(["diff", "草案.txt", "没有这个文件.txt"]).expect_code(2);
    assert!(stdout.is_empty(), "{stdout}");
    assert!(stderr.contains("没有这个文件.txt: cannot read it"), "{stderr}");
    let (stdout, stderr) = dir.command().args(["diff", "通知.txt", "草案.txt"]).expect_code(2);
    assert!(stdout.is_empty(), "{stdout}");
    assert!(stderr.contains("通知.txt: no article found"), "{stderr}");
    let (_, stderr) = dir.command().args(["diff", "草案.txt"]).expect_code(2);
    assert!(stderr.contains("NEW"), "{stderr}");
});

clitest!(help_documents_the_json, |_dir, mut cmd| {
    let stdout = cmd.args(["diff", "--help"]).stdout();
    for needle in [
        "\"into\"",
        "\"from\"",
        "\"diff\"",
        "\"renumbered\"",
        "minyi diff 草案.docx",
        "Exit code 2",
    ] {
        assert!(stdout.contains(needle), "{needle} in {stdout}");
    }
});
