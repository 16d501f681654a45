use crate::util::sample;

clitest!(no_arguments_runs_on_the_bundled_sample, |_dir, mut cmd| {
    let out = cmd.args(["analyze"]).output();
    let stderr = String::from_utf8_lossy(&out.stderr);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stderr.contains("analysing the bundled sample"), "{stderr}");
    assert!(stdout.contains("rows read:"), "{stdout}");
    assert!(stdout.contains("most frequent terms:"), "{stdout}");
    assert!(sample("意见.xlsx").exists());
});

clitest!(same_output_on_one_thread_and_many, |dir, mut cmd| {
    let csv = "编号,意见内容\n1,建议第二十三条增加集中充电设施\n2,物业服务企业应当劝阻在楼道内充电\n3,电动自行车集中充电设施由谁建设\n";
    dir.create("意见.csv", csv);
    let one = cmd.args(["analyze", "-j", "1", "--opinions", "意见.csv"]).stdout();
    let many = dir.command().args(["analyze", "-j", "4", "--opinions", "意见.csv"]).stdout();
    assert_eq!(one, many);
    assert!(one.contains("3 rows read: 3 ok, 0 empty, 0 invalid"), "{one}");
    assert!(one.contains("充电设施"), "{one}");
});

clitest!(a_bad_user_dictionary_is_bad_input, |dir, mut cmd| {
    dir.create("意见.csv", "编号,意见内容\n1,建议增加充电设施\n");
    dir.create("dict.txt", "充电设施 很多 n\n");
    let (_, stderr) =
        cmd.args(["analyze", "--opinions", "意见.csv", "--user-dict", "dict.txt"]).expect_code(2);
    assert!(stderr.contains("dict.txt") && stderr.contains("line 1"), "{stderr}");
});
