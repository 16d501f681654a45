use crate::util::{sample, shared_corpora};

clitest!(the_sample_draft, |_dir, mut cmd| {
    let stdout = cmd.args(["draft"]).args([sample("草案.md")]).stdout();
    let stdout = stdout.replace(&sample("草案.md").display().to_string(), "草案.md");
    insta::assert_snapshot!(stdout);
});

clitest!(json_has_flat_articles_a_tree_and_warnings, |_dir, mut cmd| {
    let stdout = cmd.args(["draft", "--json"]).args([sample("草案.md")]).stdout();
    let v: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(v["title"], "滨江市电动自行车安全管理条例");
    assert_eq!(v["stage"], "草案征求意见稿");
    assert_eq!(v["warnings"].as_array().map(Vec::len), Some(0));
    let articles = v["articles"].as_array().unwrap();
    assert_eq!(articles.len(), 51);
    for (a, n) in articles.iter().zip(1..) {
        assert_eq!(a["number"], n, "document order");
        for key in
            ["article_sub", "chapter", "section", "title", "paragraphs", "span", "line", "text"]
        {
            assert!(a.get(key).is_some(), "{key} in {a}");
        }
        assert!(a["span"]["start"].as_u64() < a["span"]["end"].as_u64());
    }
    let tenth = &articles[9];
    assert_eq!(tenth["chapter"]["number"], 2);
    assert_eq!(tenth["chapter"]["title"], "生产、销售和维修");
    assert_eq!(tenth["paragraphs"][0]["items"].as_array().map(Vec::len), Some(4));
    assert_eq!(tenth["paragraphs"][0]["items"][3]["text"], "（四）国家和本市明令淘汰的。");
    // The spans are byte offsets into the file as read.
    let text = std::fs::read_to_string(sample("草案.md")).unwrap();
    let span = &tenth["paragraphs"][0]["items"][0]["span"];
    let (start, end) =
        (span["start"].as_u64().unwrap() as usize, span["end"].as_u64().unwrap() as usize);
    assert_eq!(&text[start..end], "（一）不符合强制性国家标准的；");
    let tree = v["tree"].as_array().unwrap();
    assert_eq!(tree.len(), 8);
    assert_eq!(tree[0]["kind"], "heading");
    assert_eq!(tree[0]["level"], "chapter");
    assert_eq!(tree[7]["children"][1]["number"], 51);
});

clitest!(warnings_come_with_line_numbers, |dir, mut cmd| {
    dir.create(
        "草案.txt",
        "滨江市养犬管理条例（草案）\n第一章 总则\n第一条 为了规范养犬行为，制定本条例。\n\
         第三条 养犬人应当依法养犬。\n第三条 重复的条文。\n",
    );
    let stdout = cmd.args(["draft", "草案.txt"]).stdout();
    assert!(stdout.contains("草案.txt: 滨江市养犬管理条例 (草案)"), "{stdout}");
    assert!(stdout.contains("3 articles in 1 chapter"), "{stdout}");
    assert!(
        stdout.contains("草案.txt:line 4: 第三条 follows 第一条: 第二条 is missing"),
        "{stdout}"
    );
    assert!(stdout.contains("草案.txt:line 5: 第三条 comes after 第三条"), "{stdout}");
});

clitest!(a_gb18030_text_with_a_toc, |dir, mut cmd| {
    let text = "滨江市数据条例\r\n目　　录\r\n第一章　总　　则\r\n第二章　附　　则\r\n\r\n\
                第一章　总　　则\r\n第一条　为了……\r\n第二章　附　　则\r\n第二条　本条例自公布之日起施行。\r\n";
    let (gb, _, _) = encoding_rs::GB18030.encode(text);
    dir.create_bytes("草案.txt", &gb);
    let stdout = cmd.args(["draft", "草案.txt", "--json"]).stdout();
    let v: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(v["articles"].as_array().map(Vec::len), Some(2));
    assert_eq!(v["tree"].as_array().map(Vec::len), Some(2));
    assert_eq!(v["articles"][1]["chapter"]["title"], "附则");
});

clitest!(no_articles_or_no_file_exits_2, |dir, mut cmd| {
    dir.create("通知.txt", "关于征求意见的通知\n请于月底前反馈意见。\n");
    let (stdout, stderr) = cmd.args(["draft", "通知.txt"]).expect_code(2);
    assert!(stdout.is_empty(), "{stdout}");
    assert!(stderr.contains("通知.txt: no article found") && stderr.contains("第一条"), "{stderr}");
    let (_, stderr) = dir.command().args(["draft", "没有这个文件.docx"]).expect_code(2);
    assert!(stderr.contains("没有这个文件.docx: cannot read it"), "{stderr}");
    dir.create_bytes("旧版.doc", b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\0\0\0\0");
    let (_, stderr) = dir.command().args(["draft", "旧版.doc"]).expect_code(2);
    assert!(stderr.contains(".docx"), "{stderr}");
});

clitest!(the_real_raw_export_reads_like_its_markdown_twin, |_dir, mut cmd| {
    let Some(corpora) = shared_corpora() else { return };
    let laws = corpora.join("laws");
    let raw = cmd
        .args(["draft", "--json"])
        .args([laws.join("flk_raw_minor_protection_law_20240426.txt")])
        .stdout();
    let raw: serde_json::Value = serde_json::from_str(&raw).unwrap();
    assert_eq!(raw["articles"].as_array().map(Vec::len), Some(132));
    assert_eq!(raw["tree"].as_array().map(Vec::len), Some(9));
    assert_eq!(raw["warnings"].as_array().map(Vec::len), Some(0));
});
