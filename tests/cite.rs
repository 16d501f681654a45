use crate::util::shared_corpora;

clitest!(cite_one_text, |_dir, mut cmd| {
    let stdout = cmd.args(["cite", "建议删除第十四条第一款、第二款，第二十条。"]).stdout();
    assert!(stdout.contains("第十四条第一款\ttarget"), "{stdout}");
    assert!(stdout.contains("第二款\t第十四条第二款\ttarget"), "{stdout}");
    assert!(stdout.contains("第二十条\ttarget"), "{stdout}");
    assert!(stdout.ends_with("action: delete\n"), "{stdout}");
});

clitest!(cite_json_with_title, |_dir, mut cmd| {
    let stdout = cmd
        .args([
            "cite",
            "条例第十条与《民法典》第1165条不一致",
            "--title",
            "滨江市电动自行车管理条例（草案）",
            "--json",
        ])
        .stdout();
    let v: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(v["refs"][0]["law"], "draft");
    assert_eq!(v["refs"][0]["article"], 10);
    assert_eq!(v["refs"][1]["law"], "民法典");
    assert_eq!(v["refs"][1]["article"], 1165);
    // Byte spans into the text as given.
    let text = "条例第十条与《民法典》第1165条不一致";
    let span = &v["refs"][1]["span"];
    let (a, b) = (span[0].as_u64().unwrap() as usize, span[1].as_u64().unwrap() as usize);
    assert_eq!(&text[a..b], "第1165条");
    assert_eq!(v["action"], "comment");
});

clitest!(cite_jsonl_keeps_order_and_reports_bad_lines, |dir, mut cmd| {
    let input = dir.create(
        "in.jsonl",
        "{\"text\": \"删去第十二条和第十三条。\"}\n\
         not json\n\
         {\"text\": \"在刑法第一百条中增加一款作为第二款\", \"title\": \"中华人民共和国刑法\"}\n\
         {\"title\": \"no text\"}\n\
         {\"text\": \"共收到208条意见\"}\n",
    );
    let (stdout, stderr) = cmd.args(["cite", "--jsonl"]).stdin_from(&input).expect_code(2);
    let lines: Vec<serde_json::Value> =
        stdout.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 5);
    assert_eq!(lines[0]["action"], "delete");
    assert_eq!(lines[0]["refs"][1]["article"], 13);
    assert_eq!(lines[0]["refs"][1]["law"], "draft");
    assert_eq!(lines[1]["line"], 2);
    assert_eq!(lines[2]["refs"][0]["article"], 100);
    assert_eq!(lines[2]["refs"][0]["paragraph"], 2);
    assert_eq!(lines[2]["refs"][0]["role"], "new");
    assert_eq!(lines[2]["refs"][0]["law"], "draft");
    assert_eq!(lines[3]["line"], 4);
    assert_eq!(lines[4]["refs"].as_array().unwrap().len(), 0);
    assert!(lines[4]["action"].is_null());
    assert!(stderr.contains("line 2"), "{stderr}");
});

clitest!(cite_score_counts_and_lists_misses, |dir, mut cmd| {
    let file = dir.create(
        "gold.jsonl",
        "{\"text\": \"删去第十二条和第十三条。\", \"refs\": [{\"law\": \"draft\", \"article\": 12}, {\"law\": \"draft\", \"article\": 13}], \"action\": \"delete\"}\n\
         {\"text\": \"依照民法典第1217条\", \"refs\": [{\"law\": \"民法典\", \"article\": 1217}], \"action\": null}\n\
         {\"text\": \"第五条不合理\", \"refs\": [{\"law\": \"draft\", \"article\": 6}], \"action\": \"comment\"}\n",
    );
    let stdout = cmd.args(["cite", "--score"]).arg_path(&file).args(["--json"]).stdout();
    let v: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(v["texts"], 3);
    assert_eq!(v["exact"], 2);
    assert_eq!(v["ref_precision"], 0.75);
    assert_eq!(v["ref_recall"], 0.75);
    assert_eq!(v["action_accuracy"], 1.0);
    assert_eq!(v["misses"][0]["line"], 3);
});

clitest!(cite_score_on_the_dev_set, |_dir, mut cmd| {
    let Some(corpora) = shared_corpora() else { return };
    let dev = corpora.join("../eval/citations_dev.jsonl");
    let stdout = cmd.args(["cite", "--score"]).arg_path(&dev).stdout();
    assert!(stdout.contains("texts            69"), "{stdout}");
    assert!(stdout.contains("action accuracy  1.000"), "{stdout}");
});

clitest!(cite_missing_score_file_is_bad_input, |_dir, mut cmd| {
    let (_, stderr) = cmd.args(["cite", "--score", "nowhere.jsonl"]).expect_code(2);
    assert!(stderr.contains("nowhere.jsonl"), "{stderr}");
});
