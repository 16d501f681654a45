use crate::util::shared_corpora;

const CSV: &str = "编号,提出人,联系点,渠道,意见内容,点赞数\n\
1,王建国,春晓街道基层立法联系点,座谈会,建议第二十三条增加“住宅小区应当设置集中充电设施”。,3\n\
2,李秀英,春晓街道基层立法联系点,网上征求意见,,0\n\
3,张伟,滨江律师协会基层立法联系点,信函,\"\n\t\t电动自行车不得在楼道、电梯内充电。\",5\n";

clitest!(gbk_csv_mapping_and_accounting, |dir, mut cmd| {
    let (gbk, _, _) = encoding_rs::GBK.encode(CSV);
    dir.create_bytes("意见.csv", &gbk);
    let stdout = cmd.args(["ingest", "意见.csv"]).stdout();
    insta::assert_snapshot!(stdout);
});

clitest!(json_report_adds_up, |dir, mut cmd| {
    dir.create("意见.csv", CSV);
    let stdout = cmd.args(["ingest", "意见.csv", "--json"]).stdout();
    let v: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(v["total"]["read"], 3);
    assert_eq!(v["total"]["ok"], 2);
    assert_eq!(v["total"]["empty"], 1);
    assert_eq!(v["adds_up"], true);
    let file = &v["files"][0];
    assert_eq!(file["encoding"], "UTF-8");
    assert_eq!(file["problems"][0]["row"], 3);
    assert_eq!(file["problems"][0]["status"]["status"], "empty");
    let text = file["columns"].as_array().unwrap().iter().find(|c| c["field"] == "text").unwrap();
    assert_eq!(text["header"], "意见内容");
});

clitest!(column_override_is_reported, |dir, mut cmd| {
    dir.create("留言.csv", "留言编号,留言主题,留言详情\n188006,充电难,小区没有充电桩\n");
    let stdout = cmd.args(["ingest", "留言.csv", "--column", "text=留言主题"]).stdout();
    assert!(stdout.contains("留言主题 -> text (--column)"), "{stdout}");
    assert!(stdout.contains("留言详情 -> kept as extra data"), "{stdout}");
});

clitest!(bad_inputs_exit_2_and_good_rows_still_come_through, |dir, mut cmd| {
    dir.create("好.csv", CSV);
    dir.create(
        "ragged.csv",
        "编号,意见内容\n11,建议删除第八条\n12,建议第九条增加罚款,金额为五百元\n",
    );
    dir.create_bytes("空.csv", b"");
    dir.create("名单.csv", "编号,姓名,电话\n1,王建国,13800000000\n");
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    png.extend((0..2000u32).map(|i| (i * 7 % 251) as u8));
    dir.create_bytes("photo.csv", &png);
    let (stdout, _) = cmd
        .args(["ingest", "好.csv", "ragged.csv", "空.csv", "名单.csv", "photo.csv"])
        .expect_code(2);
    assert!(stdout.contains("3 rows read: 2 ok, 1 empty, 0 invalid"), "{stdout}");
    assert!(stdout.contains("2 rows read: 1 ok, 0 empty, 1 invalid"), "{stdout}");
    assert!(
        stdout.contains("row 3 (id 12): the row has 3 cells where the header has 2"),
        "{stdout}"
    );
    assert!(stdout.contains("空.csv: the file is empty"), "{stdout}");
    assert!(stdout.contains("名单.csv: no column looks like the opinion text"), "{stdout}");
    assert!(
        stdout.contains("photo.csv: cannot be read as text") && stdout.contains("offset 8, line 3"),
        "{stdout}"
    );
    assert!(stdout.contains("3 of 5 files could not be read"), "{stdout}");
});

clitest!(a_file_that_does_not_exist, |_dir, mut cmd| {
    let (stdout, _) = cmd.args(["ingest", "没有这个文件.xlsx"]).expect_code(2);
    assert!(stdout.contains("没有这个文件.xlsx: cannot read it"), "{stdout}");
});

clitest!(usage_errors_exit_2, |dir, mut cmd| {
    dir.create("意见.csv", CSV);
    let (_, stderr) =
        cmd.args(["ingest", "意见.csv", "--column", "colour=意见内容"]).expect_code(2);
    assert!(stderr.contains("unknown field \"colour\""), "{stderr}");
    let (_, stderr) = dir.command().args(["ingest"]).expect_code(2);
    assert!(stderr.contains("FILE"), "{stderr}");
});

clitest!(help_has_examples, |_dir, mut cmd| {
    let stdout = cmd.args(["ingest", "--help"]).stdout();
    assert!(stdout.contains("Examples:") && stdout.contains("--column text=修改意见"), "{stdout}");
});

clitest!(real_workbooks_and_jsonl_every_row_accounted, |_dir, mut cmd| {
    let Some(corpora) = shared_corpora() else { return };
    let m = corpora.join("messages");
    let stdout = cmd
        .args(["ingest", "--json"])
        .args([
            m.join("xlsx/tipdm2020C_att3_hot_messages_full.xlsx"),
            m.join("tipdm2020C_att4_messages_with_replies.jsonl"),
        ])
        .stdout();
    let v: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(v["files"][0]["counts"]["read"], 4326);
    assert_eq!(v["files"][0]["counts"]["ok"], 4326);
    assert_eq!(v["files"][1]["counts"]["read"], 2816);
    assert_eq!(v["files"][1]["counts"]["ok"], 2816);
    assert_eq!(v["total"]["read"], 4326 + 2816);
    assert_eq!(v["adds_up"], true);
});

clitest!(truncated_workbook_exits_2_and_the_good_file_still_counts, |dir, mut cmd| {
    let bytes = std::fs::read(crate::util::sample("意见.xlsx")).unwrap();
    dir.create_bytes("截断.xlsx", &bytes[..bytes.len() * 2 / 3]);
    dir.create_bytes("完整.xlsx", &bytes);
    let (stdout, _) = cmd.args(["ingest", "截断.xlsx", "完整.xlsx"]).expect_code(2);
    assert!(stdout.contains("截断.xlsx: NOT READ"), "{stdout}");
    assert!(stdout.contains("truncated or damaged"), "{stdout}");
    assert!(stdout.contains("1200 rows read: 1194 ok, 6 empty, 0 invalid"), "{stdout}");
    assert!(stdout.contains("1 of 2 files could not be read"), "{stdout}");
});

clitest!(five_megabyte_cell_exits_2_naming_row_and_column, |dir, mut cmd| {
    let huge = "住宅专项维修资金".repeat(5 * 1024 * 1024 / 24 + 1);
    dir.create(
        "大.csv",
        &format!("编号,意见内容\n1,建议删除第八条\n2,{huge}\n3,第十条应当明确责任主体\n"),
    );
    let (stdout, _) = cmd.args(["ingest", "大.csv"]).expect_code(2);
    assert!(stdout.contains("3 rows read: 2 ok, 0 empty, 1 invalid"), "{stdout}");
    assert!(
        stdout.contains(
            "row 3 (id 2, column 意见内容): text of 1747632 characters is over the limit of 20000"
        ),
        "{stdout}"
    );
    // A higher limit takes it.
    let stdout = dir.command().args(["ingest", "大.csv", "--max-chars", "2000000"]).stdout();
    assert!(stdout.contains("3 rows read: 3 ok, 0 empty, 0 invalid"), "{stdout}");
});

clitest!(utf16_export_reads_and_exits_0, |dir, mut cmd| {
    let tsv = CSV.replace(',', "\t");
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend(tsv.encode_utf16().flat_map(u16::to_le_bytes));
    dir.create_bytes("unicode.txt", &bytes);
    let stdout = cmd.args(["ingest", "unicode.txt"]).stdout();
    assert!(stdout.contains("CSV, UTF-16LE with BOM"), "{stdout}");
    assert!(stdout.contains("3 rows read: 2 ok, 1 empty, 0 invalid"), "{stdout}");
});

clitest!(a_closed_pipe_is_not_an_error, |dir, mut cmd| {
    use std::io::Read;
    let rows: String =
        (1..=20_000).map(|i| format!("{i},建议第{i}条增加集中充电设施的规定\n")).collect();
    dir.create("大量.csv", &format!("编号,意见内容\n{rows}"));
    let mut child = cmd.args(["ingest", "--json", "大量.csv"]).spawn_piped();
    let mut stdout = child.stdout.take().unwrap();
    let mut first = [0u8; 16];
    stdout.read_exact(&mut first).unwrap();
    drop(stdout);
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(0), "a reader that stops early is not a failure");
});
