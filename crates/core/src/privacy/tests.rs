use proptest::prelude::*;

use super::*;

fn redact(text: &str) -> String {
    Redactor::new().redact(text).text().to_owned()
}

fn kinds(text: &str) -> Vec<PersonalKind> {
    Redactor::new().redact(text).removals().iter().map(Removal::kind).collect()
}

/// Each case: the text, then what it must become.
fn check_all(cases: &[(&str, &str)]) {
    let mut failures = Vec::new();
    for (text, expected) in cases {
        let got = redact(text);
        if got != *expected {
            failures.push(format!("  {text}\n    expected {expected}\n    got      {got}"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} wrong:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

/// Texts that hold no personal data and must come out unchanged.
fn check_kept(texts: &[&str]) {
    let wrong: Vec<String> = texts
        .iter()
        .filter_map(|t| {
            let r = Redactor::new().redact(t);
            (!r.is_unchanged()).then(|| format!("  {t}\n    -> {}", r.text()))
        })
        .collect();
    assert!(wrong.is_empty(), "{} of {} changed:\n{}", wrong.len(), texts.len(), wrong.join("\n"));
}

#[test]
fn id_cards() {
    check_all(&[
        ("身份证号：11010519491231002X。", "身份证号：【身份证号】。"),
        ("身份证号：11010519491231002x。", "身份证号：【身份证号】。"),
        ("提出人身份证号：510107198406233100。", "提出人身份证号：【身份证号】。"),
        ("（身份证号码330182195208094042）我家", "（身份证号码【身份证号】）我家"),
        ("证件号 440304 19900101 1233", "证件号 【身份证号】"),
        ("证件号 110105-1949-1231-002X", "证件号 【身份证号】"),
        ("身份证３２０１０２１９８５１２１２００１４", "身份证【身份证号】"),
        ("ID:53010219760315402X", "ID:【身份证号】"),
        ("老身份证110105491231002还在用", "老身份证【身份证号】还在用"),
    ]);
}

#[test]
fn mobiles() {
    check_all(&[
        ("我的手机号是18036689592，欢迎回访。", "我的手机号是【手机号】，欢迎回访。"),
        ("（手机+86 131 8415 4607）", "（手机【手机号】）"),
        ("联系电话：+86 135 7854 2859。", "联系电话：【手机号】。"),
        ("手机：138 0013 8000", "手机：【手机号】"),
        ("手机：138-0013-8000", "手机：【手机号】"),
        ("手机：1380013 8000", "手机：【手机号】"),
        ("电话0086-13800138000", "电话【手机号】"),
        ("电话86 13800138000", "电话【手机号】"),
        ("电话+8613800138000", "电话【手机号】"),
        ("电话(+86)13800138000", "电话【手机号】"),
        ("电话（+86）138 0013 8000", "电话【手机号】"),
        ("手机１３８００１３８０００", "手机【手机号】"),
        ("手机１３８　００１３　８０００", "手机【手机号】"),
        ("请拨打159-4425-2953。", "请拨打【手机号】。"),
        ("Tel13800138000", "Tel【手机号】"),
        ("13800138000/13900139000", "【手机号】/【手机号】"),
        ("13800138000、13900139000", "【手机号】、【手机号】"),
        ("2026 13800138000", "2026 【手机号】"),
    ]);
}

#[test]
fn landlines() {
    check_all(&[
        ("办公电话0571 84019756。", "办公电话【固定电话】。"),
        ("联系电话：0571-82219022。", "联系电话：【固定电话】。"),
        ("电话(010)62345678", "电话【固定电话】"),
        ("电话（010）62345678", "电话【固定电话】"),
        ("电话（0571） 8401 9756", "电话【固定电话】"),
        ("电话010-62345678-123", "电话【固定电话】"),
        ("电话010-62345678转123，", "电话【固定电话】，"),
        ("电话021-6234-5678", "电话【固定电话】"),
        ("057182219022", "【固定电话】"),
        ("座机84019756", "座机【固定电话】"),
        ("办公室电话：8401 9756", "办公室电话：【固定电话】"),
    ]);
}

#[test]
fn emails() {
    check_all(&[
        ("我的邮箱是yangzhoulin@139.com，有问题", "我的邮箱是【电子邮箱】，有问题"),
        ("邮箱：zhouzhangluo1998@sina.com我们小区", "邮箱：【电子邮箱】我们小区"),
        ("邮箱：first.last+tag@mail.example.com.cn。", "邮箱：【电子邮箱】。"),
        ("QQ邮箱123456789@qq.com", "QQ邮箱【电子邮箱】"),
        ("13800138000@163.com", "【电子邮箱】"),
        ("邮箱ａｂｃ＠qq.com", "邮箱ａｂｃ＠qq.com"),
        ("邮箱abc＠qq.com", "邮箱【电子邮箱】"),
    ]);
}

#[test]
fn bank_cards() {
    check_all(&[
        ("打到我的卡上：6225885057174518727。", "打到我的卡上：【银行卡号】。"),
        ("卡上：6214 8351 4016 4771。", "卡上：【银行卡号】。"),
        ("卡上：6217 0051 9540 8676 317。", "卡上：【银行卡号】。"),
        ("付款的银行卡号是6217002030300828208，", "付款的银行卡号是【银行卡号】，"),
        ("6222021001123456789", "【银行卡号】"),
        ("信用卡5200001234567894", "信用卡【银行卡号】"),
        // 15 digits need a word about cards.
        ("卡号436742123456783", "卡号【银行卡号】"),
        ("编码436742123456783", "编码436742123456783"),
    ]);
}

#[test]
fn plates() {
    check_all(&[
        ("车牌浙A12345被扣", "车牌【车牌号】被扣"),
        ("车牌浙Ａ１２３４５被扣", "车牌【车牌号】被扣"),
        ("新能源车沪B·D12345", "新能源车【车牌号】"),
        ("新能源车沪BD12345", "新能源车【车牌号】"),
        ("货车粤B12345D", "货车【车牌号】"),
        ("教练车苏A1234学", "教练车【车牌号】"),
        ("警车苏A·1234警", "警车【车牌号】"),
        ("湘ABCD1", "湘ABCD1"),
        ("湘A1234", "湘A1234"),
        ("湘A123456", "湘A123456"),
    ]);
}

#[test]
fn addresses() {
    check_all(&[
        (
            "通信地址：江北区文昌路86号文昌小区6幢4单元101室。",
            "通信地址：江北区文昌路【详细地址】。",
        ),
        ("地址：滨江市高新区白鹭路100号16幢3单元1003室", "地址：滨江市高新区白鹭路【详细地址】"),
        ("地址：滨江市江北区新民一村2幢1302室", "地址：滨江市江北区新民一村【详细地址】"),
        ("通信地址：和平路318号17-3-801。", "通信地址：和平路【详细地址】。"),
        ("我家住在西河县新民街178号城东嘉苑14幢2单元701室。", "我家住在西河县新民街【详细地址】。"),
        ("A市A3区联丰路米兰春天G2栋320，一家", "A市A3区联丰路米兰春天【详细地址】，一家"),
        ("住在香樟园4-4-1201。", "住在香樟园【详细地址】。"),
        ("住中山路12号", "住中山路【详细地址】"),
        ("住1302室", "住【详细地址】"),
        ("住5号楼3单元502", "住【详细地址】"),
        ("华府A座12层1205室", "华府【详细地址】"),
        ("住43栋101户", "住【详细地址】"),
    ]);
}

#[test]
fn traps_stay() {
    check_kept(&[
        // Articles, paragraphs, items.
        "建议第123条第2款第（三）项修改。",
        "关于第46条第1款，建议对首次违法且及时改正的，不予罚款。",
        "草案第二十八条",
        "第１２３条",
        // Dates and times.
        "2026年11月28日",
        "2026-11-28",
        "2026/11/28 11:25:05",
        "11月1号开始施行",
        "20261128",
        // Amounts and counts.
        "处5000元以上50000元以下罚款",
        "罚款13800138000元",
        "我们公司在本市管理着46个住宅小区，共208户。",
        "小区有6栋楼，每栋18层。",
        "3室2厅的房子",
        "共收到意见1896条，采纳170条。",
        "423719人次",
        "建设3幢5层住宅",
        "对14栋1单元进行变形监测",
        "9栋2单元西边电梯变频器损坏",
        "花园洋房44栋724户及多功能会所",
        "本人是钱隆学府6栋03户型业主",
        "继续按2005房补文件执行",
        "万家丽路5号地铁线",
        // Document and line numbers.
        "依据第18230号文件",
        "国办发〔2016〕23号",
        "坐地铁1号线",
        "乘坐12路公交",
        // Long numbers that are not personal.
        "18位订单号330182195208094043已付款",
        "330182195208094043",
        "330182195208094044",
        "订单号6222021001123456789",
        "快递单号13800138000",
        "1234567890123456789012345",
        "编号13800138000",
        "版本号1.3800138000",
        "SN13800138000",
        "12345678",
        "电量3000000mAh",
        // Phone-like but not personal.
        "服务热线400-123-4567",
        "市民热线12345",
        "报警电话110",
        // URLs keep their numbers.
        "详见https://www.example.gov.cn/art/2026/11/28/art_13800138000_5701234.html",
        "www.example.com/13800138000",
        // Letters and numbers in product names, models, roads.
        "G2高速",
        "5G基站",
        "A3区",
        "电动车48V20Ah电池",
        "GB17761-2018标准",
        "京沪高速",
        // E-mail look-alikes.
        "@所有人",
        "a@b",
        // Placeholders already there.
        "本人【姓名】，手机【手机号】",
    ]);
}

#[test]
fn names_when_asked() {
    let r = Redactor::new();
    let cases: &[(&str, &[&str], &str)] = &[
        ("本人刘祥，专家顾问。", &["刘祥"], "本人【姓名】，专家顾问。"),
        ("——胡娟谢谢你们", &["胡娟"], "——【姓名】谢谢你们"),
        ("提出人：周明希望能够采纳。", &["周明"], "提出人：【姓名】希望能够采纳。"),
        ("四周明亮，主张明确", &["周明", "张明"], "四周明亮，主张明确"),
        ("我是城东嘉苑的居民张丹祥。", &["张丹祥"], "我是城东嘉苑的居民【姓名】。"),
        ("学院\u{3000}张勇建\n", &["张勇建"], "学院\u{3000}【姓名】\n"),
        ("匿名人士的意见", &["匿名"], "匿名人士的意见"),
        ("王先生说", &["王"], "王先生说"),
        ("John Smith wrote", &["John Smith"], "【姓名】 wrote"),
        ("Johnson", &["John"], "Johnson"),
    ];
    for (text, names, expected) in cases {
        assert_eq!(r.redact_with_names(text, names).text(), *expected, "{text}");
    }
    // Without names, names stay.
    assert_eq!(r.redact("本人刘祥，专家顾问。").text(), "本人刘祥，专家顾问。");
}

#[test]
fn overlaps_longer_then_more_specific() {
    // The e-mail contains a mobile number; the e-mail is longer.
    assert_eq!(kinds("13800138000@163.com"), [PersonalKind::Email]);
    // An 18-digit ID that also passes Luhn stays an ID.
    assert_eq!(kinds("330182195208094042"), [PersonalKind::IdCard]);
    // A name inside an address: the address is longer.
    let r = Redactor::new().redact_with_names("文昌路86号文昌小区6幢4单元101室", &["文昌小区"]);
    assert_eq!(r.removals().len(), 1);
    assert_eq!(r.removals()[0].kind(), PersonalKind::Address);
    // A name that overlaps a mobile number of the same length: the mobile wins.
    let r = Redactor::new().redact_with_names("13800138000", &["13800138000"]);
    assert_eq!(r.removals()[0].kind(), PersonalKind::Mobile);
}

#[test]
fn audit_spans_and_digests() {
    let text = "本人蒋明，手机１３８００１３８０００，邮箱a@b.cn。";
    let r = Redactor::new().redact_with_names(text, &["蒋明"]);
    let spans: Vec<&str> = r.removals().iter().map(|x| &text[x.span()]).collect();
    assert_eq!(spans, ["蒋明", "１３８００１３８０００", "a@b.cn"]);
    assert_eq!(
        r.removals()[2].digest().to_string(),
        "3d125644fd5b2667cd625bd799517ff580bebacb5fec04f603d379661cf13463"
    );
    let json = serde_json::to_value(&r.removals()[1]).unwrap();
    assert_eq!(json["kind"], "mobile");
    assert_eq!(json["start"], 21);
    assert_eq!(json["end"], 54);
    assert_eq!(json["digest"].as_str().map(str::len), Some(64));
    // The value is in no field.
    assert!(!json.to_string().contains("１３８"));
}

#[test]
fn hmac_matches_rfc_4231() {
    // RFC 4231 test case 2 ("Jefe"), a key shorter than the minimum, so through the hasher.
    let h = Hasher::keyed(b"Jefe");
    assert_eq!(
        h.digest(b"what do ya want for nothing?").to_string(),
        "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
    );
    // Test case 6: a 131-byte key, hashed first.
    let h = Hasher::keyed(&[0xaa; 131]);
    assert_eq!(
        h.digest(b"Test Using Larger Than Block-Size Key - Hash Key First").to_string(),
        "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"
    );
}

#[test]
fn keyed_digests_differ_and_key_is_not_shown() {
    let key = "这是联系点保管的审计密钥";
    let keyed = Redactor::builder().audit_key(key).build().unwrap();
    assert_eq!(keyed.digest_algorithm(), DigestAlgorithm::HmacSha256);
    let a = keyed.redact("13800138000").removals()[0].digest().to_string();
    let b = Redactor::new().redact("13800138000").removals()[0].digest().to_string();
    assert_ne!(a, b);
    assert!(!format!("{keyed:?}").contains(key));
    assert!(!format!("{:?}", Redactor::builder().audit_key(key)).contains(key));
}

#[test]
fn builder_validates() {
    let err = Redactor::builder().kinds([]).build().unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Config);
    let err = Redactor::builder().placeholder(PersonalKind::Mobile, " ").build().unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Config);
    let err = Redactor::builder().placeholder(PersonalKind::Mobile, "[1]").build().unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Config);
    let err = Redactor::builder().audit_key("short").build().unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Config);
    assert!(err.to_string().contains("16"));
}

#[test]
fn only_chosen_kinds() {
    let r = Redactor::builder().kinds([PersonalKind::Email]).build().unwrap();
    assert_eq!(r.redact("手机13800138000，邮箱a@b.cn").text(), "手机13800138000，邮箱【电子邮箱】");
    // An ID that is not looked for is not taken for a bank card either.
    let r = Redactor::builder().kinds([PersonalKind::BankCard]).build().unwrap();
    assert!(r.redact("330182195208094042").is_unchanged());
    // Names are a kind like the others.
    let r = Redactor::builder().kinds([PersonalKind::Mobile]).build().unwrap();
    assert!(r.redact_with_names("本人刘祥", &["刘祥"]).is_unchanged());
}

#[test]
fn unchanged_text_is_borrowed() {
    let text = "建议第23条增加集中充电设施。";
    let r = Redactor::new().redact(text);
    assert!(r.is_unchanged());
    assert!(matches!(r.into_text(), Cow::Borrowed(_)));
}

#[test]
fn redactor_is_send_sync() {
    fn assert_bounds<T: Send + Sync + Clone + fmt::Debug + 'static>() {}
    assert_bounds::<Redactor>();
    assert_bounds::<Redacted<'static>>();
}

/// Strings made of the characters personal data is written with, and Chinese around them.
fn pieces() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("1".to_owned()),
        Just("3".to_owned()),
        Just("8".to_owned()),
        Just("0".to_owned()),
        Just("6".to_owned()),
        Just("13800138000".to_owned()),
        Just("11010519491231002X".to_owned()),
        Just("6222021001123456789".to_owned()),
        Just("１３８".to_owned()),
        Just("０".to_owned()),
        Just(" ".to_owned()),
        Just("-".to_owned()),
        Just("+86".to_owned()),
        Just("(".to_owned()),
        Just("）".to_owned()),
        Just("@".to_owned()),
        Just("＠".to_owned()),
        Just("a.b".to_owned()),
        Just("com".to_owned()),
        Just("X".to_owned()),
        Just("浙A".to_owned()),
        Just("·".to_owned()),
        Just("路".to_owned()),
        Just("号".to_owned()),
        Just("幢".to_owned()),
        Just("单元".to_owned()),
        Just("室".to_owned()),
        Just("第".to_owned()),
        Just("，".to_owned()),
        Just("电话".to_owned()),
        Just("卡号".to_owned()),
        Just("张三".to_owned()),
        Just("http://".to_owned()),
        Just("\u{200B}".to_owned()),
        "[\\x00-\\x7f]",
        "[\u{4e00}-\u{4e20}]",
    ];
    prop::collection::vec(piece, 0..40).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    #[test]
    fn spans_are_sound_and_redaction_is_idempotent(text in pieces()) {
        let r = Redactor::new().redact_with_names(&text, &["张三"]);
        let mut last = 0;
        for removal in r.removals() {
            let span = removal.span();
            prop_assert!(span.start >= last && span.start < span.end);
            prop_assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end));
            last = span.end;
        }
        // Rebuild the output from the spans.
        let mut rebuilt = String::new();
        let mut at = 0;
        for removal in r.removals() {
            rebuilt.push_str(&text[at..removal.span().start]);
            rebuilt.push_str(removal.kind().placeholder());
            at = removal.span().end;
        }
        rebuilt.push_str(&text[at..]);
        prop_assert_eq!(&rebuilt, r.text());
        // Nothing is found twice. (Names are left out: a two-character name between two
        // Chinese characters is not taken, and may be once its neighbour was: 张三张三.)
        let once = Redactor::new().redact(&text);
        let again = Redactor::new().redact(once.text());
        prop_assert!(again.is_unchanged(), "{:?} -> {:?} -> {:?}", text, once.text(), again.text());
    }
}

#[test]
fn digits_after_a_plus_are_read_with_it_only() {
    // Found by the property test above: the second pass read the digits after `+` alone, as a
    // card number, once the number before them had been replaced.
    let text = "卡号13800138000+86013800138000幢";
    let once = redact(text);
    assert_eq!(once, "卡号【手机号】+86013800138000幢");
    assert_eq!(redact(&once), once);
    // Two numbers joined by `+` are two numbers, whether or not the first was replaced.
    let joined = redact("13800138000+8613800138000\u{200B}");
    assert_eq!(joined, "【手机号】【手机号】\u{200B}");
    assert_eq!(redact(&joined), joined);
    // A placeholder is no context: 【银行卡号】 does not make the next number a card.
    for text in
        ["6222021001123456789 1380013800086幢", "6222021001123456789 １３８((室０1380013800086幢"]
    {
        let cards = redact(text);
        assert_eq!(redact(&cards), cards, "{text}");
    }
    // A number written with its +86 prefix is still found, from the `+`.
    check_all(&[
        ("电话+8613800138000，谢谢", "电话【手机号】，谢谢"),
        ("联系：+86 138 0013 8000", "联系：【手机号】"),
    ]);
}
