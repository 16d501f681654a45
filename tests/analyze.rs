use serde_json::Value;

use crate::util::{Dir, sample, shared_corpora};

/// A small consultation: a draft of four articles and opinions in every way of referring to
/// them, with a copy, an opinion in two parts, a citation of another law, and a bad row.
fn consultation(dir: &Dir) {
    dir.create(
        "草案.txt",
        "滨江市住宅小区电动自行车充电管理规定（草案）\n\
         第一条　为了预防电动自行车火灾，制定本规定。\n\
         第二条　住宅小区应当设置电动自行车集中充电设施，充电设施的建设费用由建设单位承担。\n\
         第三条　禁止在楼道、楼梯间等共用部位停放电动自行车或者私拉电线充电。\n\
         第四条　违反本规定第三条的，由消防救援机构责令改正，处二百元以上一千元以下罚款。\n",
    );
    dir.create(
        "意见.csv",
        "编号,意见内容,联系点\n\
         A1,建议第二条增加：充电设施应当安装雨棚。,春晓街道\n\
         A2,建议第二条增加：充电设施应当安装雨棚。,望湖街道\n\
         A3,一、第三条执行难度大，楼道停车屡禁不止；二、第四条罚款太轻，建议提高到两千元。,春晓街道\n\
         A4,《消防法》第二条规定了消防工作的方针，本规定应当与之衔接。,春晓街道\n\
         A5,,春晓街道\n\
         A6,总体赞成，希望早日出台。,新民社区\n",
    );
}

fn analysis(dir: &Dir, out: &str) -> Value {
    let text = std::fs::read_to_string(dir.path(out).join("analysis.json")).expect("analysis.json");
    serde_json::from_str(&text).expect("valid JSON")
}

fn articles(opinion: &Value) -> Vec<u64> {
    opinion["articles"].as_array().unwrap().iter().map(|a| a["article"].as_u64().unwrap()).collect()
}

clitest!(no_arguments_runs_on_the_bundled_sample, |dir, mut cmd| {
    let out = cmd.args(["analyze"]).output();
    let stderr = String::from_utf8_lossy(&out.stderr);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stderr.contains("analysing the bundled sample"), "{stderr}");
    assert!(stdout.contains("rows read:"), "{stdout}");
    assert!(stdout.contains("opinions per article (top 10):"), "{stdout}");
    assert!(stdout.contains("wrote 分析结果/analysis.json"), "{stdout}");
    let json = analysis(&dir, "分析结果");
    assert_eq!(json["schema"], 1);
    assert!(sample("意见.xlsx").exists());
});

clitest!(analyze_files_every_opinion_and_writes_analysis_json, |dir, mut cmd| {
    consultation(&dir);
    let (stdout, _) = cmd
        .args(["analyze", "--draft", "草案.txt", "--opinions", "意见.csv", "-o", "结果"])
        .expect_code(0);
    assert!(stdout.contains("6 rows read: 5 ok, 1 empty, 0 invalid"), "{stdout}");
    assert!(stdout.contains("1 duplicate groups"), "{stdout}");
    let json = analysis(&dir, "结果");
    // Fields in the documented order.
    let text = std::fs::read_to_string(dir.path("结果").join("analysis.json")).unwrap();
    // Each key searched after the one before: opinions[].clusters comes before the top-level
    // "clusters".
    let mut from = 0;
    let order = ["schema", "draft", "opinions", "groups", "clusters", "summary"].map(|key| {
        let found = text[from..].find(&format!("\"{key}\":")).map_or(usize::MAX, |k| from + k);
        from = found.min(text.len());
        found
    });
    assert!(text.starts_with("{\"schema\":1,\"draft\":"), "{}", &text[..40]);
    assert!(order.windows(2).all(|w| w[0] < w[1] && w[1] != usize::MAX), "{order:?}");
    let opinions = json["opinions"].as_array().unwrap();
    let ids: Vec<&str> = opinions.iter().map(|o| o["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["A1", "A2", "A3", "A4", "A5", "A6"]);
    // A citation; its copy follows it, in the same group.
    assert_eq!(articles(&opinions[0]), [2]);
    assert_eq!(opinions[0]["articles"][0]["evidence"], "citation");
    assert_eq!(articles(&opinions[1]), [2]);
    assert_eq!(opinions[0]["group"], opinions[1]["group"]);
    assert!(opinions[0]["group"].is_string());
    // Two parts, each under its own article, each in a topic.
    assert_eq!(articles(&opinions[2]), [3, 4]);
    let segments = opinions[2]["segments"].as_array().unwrap();
    assert_eq!(segments.len(), 2);
    assert!(segments.iter().all(|s| s["cluster"].is_string()));
    // 《消防法》第二条 is not the draft's 第二条.
    assert!(
        opinions[3]["articles"].as_array().unwrap().iter().all(|a| a["evidence"] != "citation"),
        "{}",
        opinions[3]
    );
    // The empty row is accounted for, not analysed.
    assert_eq!(opinions[4]["status"], "empty text");
    assert!(opinions[4]["articles"].as_array().unwrap().is_empty());
    assert!(opinions[4]["cluster"].is_null());
    assert!(articles(&opinions[5]).is_empty());
    assert_eq!(json["summary"]["rows"]["read"], 6);
    assert_eq!(json["summary"]["analysed"], 5);
    // Every analysed opinion is in exactly one topic per part; topics count every copy.
    let clusters = json["clusters"].as_array().unwrap();
    let copies: u64 =
        clusters.iter().filter(|c| c["article"] == 2).map(|c| c["count"].as_u64().unwrap()).sum();
    assert_eq!(copies, 2);
    // A topic's members are all its opinions, the copy A2 included; distinct leaves it out.
    let with_a1 =
        clusters.iter().find(|c| c["distinct"].as_array().unwrap().contains(&"A1".into())).unwrap();
    assert!(with_a1["members"].as_array().unwrap().contains(&"A2".into()), "{with_a1}");
    assert!(!with_a1["distinct"].as_array().unwrap().contains(&"A2".into()), "{with_a1}");
    for o in opinions.iter().filter(|o| o["status"] == "ok") {
        let id = o["cluster"].as_str().unwrap();
        assert!(clusters.iter().any(|c| c["id"] == id), "{id}");
    }
});

clitest!(without_a_draft_everything_is_general_but_copies_and_topics_are_found, |dir, mut cmd| {
    consultation(&dir);
    let (stdout, _) = cmd.args(["analyze", "--opinions", "意见.csv", "-o", "out"]).expect_code(0);
    assert!(stdout.contains("no draft given"), "{stdout}");
    let json = analysis(&dir, "out");
    assert!(json["draft"].is_null());
    assert!(json["opinions"].as_array().unwrap().iter().all(|o| articles(o).is_empty()));
    assert_eq!(json["summary"]["general"], 5);
    assert_eq!(json["groups"].as_array().unwrap().len(), 1);
    assert!(json["clusters"].as_array().unwrap().iter().all(|c| c["article"].is_null()));
});

clitest!(same_output_on_one_thread_and_many, |dir, mut cmd| {
    consultation(&dir);
    let one = cmd
        .args(["analyze", "-j", "1", "--draft", "草案.txt", "--opinions", "意见.csv", "-o", "one"])
        .stdout();
    let many = dir
        .command()
        .args(["analyze", "-j", "4", "--draft", "草案.txt", "--opinions", "意见.csv", "-o", "many"])
        .stdout();
    assert_eq!(one.replace("one/", ""), many.replace("many/", ""));
    let read = |d: &str| std::fs::read(dir.path(d).join("analysis.json")).unwrap();
    assert_eq!(read("one"), read("many"));
});

clitest!(a_bad_user_dictionary_is_bad_input, |dir, mut cmd| {
    dir.create("意见.csv", "编号,意见内容\n1,建议增加充电设施\n");
    dir.create("dict.txt", "充电设施 很多 n\n");
    let (_, stderr) =
        cmd.args(["analyze", "--opinions", "意见.csv", "--user-dict", "dict.txt"]).expect_code(2);
    assert!(stderr.contains("dict.txt") && stderr.contains("line 1"), "{stderr}");
});

clitest!(a_bad_threshold_is_bad_input, |dir, mut cmd| {
    dir.create("意见.csv", "编号,意见内容\n1,建议增加充电设施\n");
    let (_, stderr) =
        cmd.args(["analyze", "--opinions", "意见.csv", "--threshold", "3"]).expect_code(2);
    assert!(stderr.contains("threshold"), "{stderr}");
});

clitest!(invalid_rows_exit_2_but_the_rest_is_analysed, |dir, mut cmd| {
    consultation(&dir);
    dir.create("坏.csv", "编号,意见内容\n1,建议第三条加大巡查力度\n2,多出,两个,单元格\n");
    let (stdout, _) = cmd
        .args(["analyze", "--draft", "草案.txt", "--opinions", "意见.csv", "坏.csv", "-o", "o"])
        .expect_code(2);
    assert!(stdout.contains("rows read"), "{stdout}");
    let json = analysis(&dir, "o");
    let read = json["summary"]["rows"]["read"].as_u64().unwrap();
    let opinions = json["opinions"].as_array().unwrap().len() as u64;
    assert_eq!(read, opinions, "every row read is in analysis.json");
});

clitest!(real_messages_against_a_real_regulation, |dir, mut cmd| {
    let Some(shared) = shared_corpora() else { return };
    let law = shared.join("laws/bj_property_management_2024.md");
    let messages = shared.join("messages/tipdm2020C_att4_messages_with_replies.jsonl");
    let (stdout, _) = cmd
        .args(["analyze", "-o", "out", "--draft"])
        .arg_path(&law)
        .args(["--opinions"])
        .arg_path(&messages)
        .expect_code(0);
    assert!(stdout.contains("2816 rows read"), "{stdout}");
    let json = analysis(&dir, "out");
    let opinions = json["opinions"].as_array().unwrap();
    assert_eq!(opinions.len(), 2816);
    // Messages about property management are filed under the regulation's articles; the
    // rest of the city's messages (traffic, schools, jobs) mostly are not.
    let filed = opinions.iter().filter(|o| !articles(o).is_empty()).count();
    assert!(filed > 100 && filed < 2000, "{filed}");
});

clitest!(personal_data_never_reaches_analysis_json_unless_asked, |dir, mut cmd| {
    dir.create(
        "意见.csv",
        "编号,意见内容,提出人\n1,我是王建国，电话13812345678，住文昌路86号6幢101室，建议加装充电桩。,王建国\n",
    );
    cmd.args(["analyze", "--opinions", "意见.csv", "-o", "out", "--redact-names"]).expect_code(0);
    let text = std::fs::read_to_string(dir.path("out").join("analysis.json")).unwrap();
    for secret in ["13812345678", "6幢101室", "王建国"] {
        assert!(!text.contains(secret), "{secret} in {text}");
    }
    dir.command()
        .args(["analyze", "--opinions", "意见.csv", "-o", "open", "--no-redact"])
        .expect_code(0);
    let open = std::fs::read_to_string(dir.path("open").join("analysis.json")).unwrap();
    assert!(open.contains("13812345678"));
});
