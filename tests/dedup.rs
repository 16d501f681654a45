const CSV: &str = "编号,提出人,意见内容\n\
1,王建国,建议第二十三条增加规定：住宅小区应当按照不低于车位数百分之十的比例设置电动自行车集中充电设施。\n\
2,李秀英,第五条规定的罚款数额过低，建议提高到五百元。\n\
3,张伟,\"建议第二十三条增加规定, 住宅小区应当按照不低于车位数百分之十的比例设置电动自行车集中充电设施!\"\n\
4,刘洋,建议第二十三条增加规定：住宅小区应当按照不低于车位数百分之十的比例设置电动自行车集中充电设施。我们小区去年就发生过一起充电起火事故。\n\
5,陈静,\n";

clitest!(jsonl_groups_keep_every_copy, |dir, mut cmd| {
    dir.create("意见.csv", CSV);
    let stdout = cmd.args(["dedup", "意见.csv", "--jsonl"]).stdout();
    let groups: Vec<serde_json::Value> =
        stdout.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(groups.len(), 1, "{stdout}");
    let g = &groups[0];
    assert_eq!(g["members"], serde_json::json!(["1", "3", "4"]));
    assert_eq!(g["count"], 3);
    assert_eq!(g["kind"], "near");
    assert_eq!(g["representative"], "1");
    assert_eq!(g["additions"]["4"], serde_json::json!(["我们小区去年就发生过一起充电起火事故"]));
    assert!(g["id"].as_str().unwrap().starts_with('g'));
});

clitest!(summary_accounts_for_every_row, |dir, mut cmd| {
    dir.create("意见.csv", CSV);
    let stdout = cmd.args(["dedup", "意见.csv"]).stdout();
    assert!(stdout.contains("5 rows read: 4 ok, 1 empty, 0 invalid"), "{stdout}");
    assert!(
        stdout.contains("4 opinions compared: 2 distinct once 2 copies are merged, in 1 groups"),
        "{stdout}"
    );
    assert!(stdout.contains("4 adds “我们小区去年就发生过一起充电起火事故”"), "{stdout}");
});

clitest!(bad_settings_exit_2, |dir, mut cmd| {
    dir.create("意见.csv", CSV);
    let (_, stderr) = cmd.args(["dedup", "意见.csv", "--bands", "30"]).expect_code(2);
    assert!(stderr.contains("30 bands do not divide a signature of 128 hashes"), "{stderr}");
});

clitest!(the_same_groups_on_one_thread_and_two, |_dir, mut cmd| {
    let Some(corpora) = crate::util::shared_corpora() else { return };
    let file = corpora.join("messages/tipdm2020C_att3_hot_messages.jsonl");
    let one = cmd.args(["dedup", "-j", "1", "--jsonl"]).args([&file]).stdout();
    let two = crate::util::Dir::new("dedup_two_threads")
        .command()
        .args(["dedup", "-j", "2", "--jsonl"])
        .args([&file])
        .stdout();
    assert_eq!(one, two);
    assert!(one.lines().count() > 200, "real messages hold hundreds of duplicate groups");
});
