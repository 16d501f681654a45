//! One test per row of the catalogue of CITATIONS.md §2.8 and per hard case of §6, with
//! sentences written for these tests (opinions on a fictional 滨江市 regulation on electric
//! bicycles and one on property management).

use super::*;

const EBIKE: &str = "滨江市电动自行车管理条例（草案）";

/// The refs as written canonically, with the role when it is not `target`.
fn refs(text: &str) -> Vec<String> {
    refs_in(text, &CiteContext::from_title(EBIKE))
}

fn refs_in(text: &str, ctx: &CiteContext) -> Vec<String> {
    let found = Citer::new().extract(text, ctx);
    check_spans(text, &found);
    found
        .refs()
        .iter()
        .map(|r| match r.role() {
            Role::Target => r.to_string(),
            role => format!("{r} [{}]", role.name()),
        })
        .collect()
}

fn action(text: &str) -> Option<Action> {
    Citer::new().extract(text, &CiteContext::from_title(EBIKE)).action()
}

fn check_spans(text: &str, found: &Citations<'_>) {
    let mut last = 0;
    for r in found.refs() {
        let span = r.span();
        assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end), "{text}");
        assert_eq!(&text[span.clone()], r.as_str());
        assert!(span.start >= last, "refs out of order in {text}");
        last = span.start;
    }
}

// ---- §2.8 catalogue -------------------------------------------------------------------------

#[test]
fn chinese_article_numbers() {
    assert_eq!(refs("建议删除第十二条。"), ["第十二条"]);
    assert_eq!(refs("第一百零五条的罚款太重了"), ["第一百零五条"]);
    assert_eq!(refs("草案第一千一百六十五条不存在吧？"), ["第一千一百六十五条"]);
}

#[test]
fn arabic_article_numbers() {
    assert_eq!(refs("第12条规定的登记期限过短"), ["第十二条"]);
    assert_eq!(
        refs("依照《民法典》第1217条，好意同乘可以减轻责任"),
        ["《民法典》第一千二百一十七条"]
    );
    assert_eq!(refs("第45 条应当写明充电设施的标准"), ["第四十五条"]);
}

#[test]
fn article_and_paragraph() {
    assert_eq!(refs("第二十条第二款的“头盔”应改为“安全头盔”"), ["第二十条第二款"]);
    assert_eq!(refs("第12条第2款过于笼统"), ["第十二条第二款"]);
    assert_eq!(refs("这与《民法典》第153条第2款不一致"), ["《民法典》第一百五十三条第二款"]);
}

#[test]
fn article_paragraph_item() {
    assert_eq!(refs("第一百一十三条第一款第一项的范围太宽"), ["第一百一十三条第一款第一项"]);
    assert_eq!(refs("第三条第一款第（三）项应当删除"), ["第三条第一款第三项"]);
    assert_eq!(refs("第3条第2款第3项表述不清"), ["第三条第二款第三项"]);
}

#[test]
fn item_forms() {
    assert_eq!(
        refs("第二十三条第（一）项、第(二)项和第三项"),
        ["第二十三条第一项", "第二十三条第二项", "第二十三条第三项"]
    );
    assert_eq!(refs("第十条第一款（三）所说的“非机动车道”不清楚"), ["第十条第一款第三项"]);
    let mut ctx = CiteContext::from_title(EBIKE);
    ctx.current_article(9);
    assert_eq!(refs_in("（二）项建议删除", &ctx), ["第二项"]);
}

#[test]
fn sub_items() {
    assert_eq!(refs("第12条第2款第3项第1目的数额偏低"), ["第十二条第二款第三项第一目"]);
    let found = Citer::new().extract("本项第１目的规定", &CiteContext::new());
    assert_eq!(found.refs()[0].sub_item(), Some(1));
    assert_eq!(found.refs()[0].relative(), Some("本项"));
}

#[test]
fn draft_anchors_and_versions() {
    assert_eq!(refs("草案第八条规定的上牌时限过短"), ["第八条"]);
    let found = Citer::new().extract("草案三次审议稿第六条删去了备案要求", &CiteContext::new());
    assert_eq!(found.refs()[0].law(), Law::Draft);
    assert_eq!(found.refs()[0].draft_version(), Some("草案三次审议稿"));
    let found = Citer::new().extract("草案二次審議稿第一條", &CiteContext::new());
    assert_eq!((found.refs()[0].article(), found.refs()[0].law()), (Some(1), Law::Draft));
    assert_eq!(found.refs()[0].draft_version(), Some("草案二次審議稿"));
    let found = Citer::new().extract("草案修改稿第十一條第三項", &CiteContext::new());
    assert_eq!(found.refs()[0].to_string(), "第十一条第三项");
    // The draft's own title and its short forms.
    assert_eq!(refs("《滨江市电动自行车管理条例（草案）》第二十条"), ["第二十条"]);
    assert_eq!(refs("电动自行车管理条例第二十条"), ["第二十条"]);
    assert_eq!(refs("条例第二十条"), ["第二十条"]);
}

#[test]
fn relative_references() {
    // Resolved against the discourse: the last path named.
    assert_eq!(refs("第十条第二款规定了登记，前款却没有写期限"), ["第十条第二款", "第十条第一款"]);
    assert_eq!(refs("第十三条增加一款作为该条第二款"), ["第十三条第二款 [new]"]);
    assert_eq!(refs("第十二条与前条重复"), ["第十二条", "第十一条"]);
    // Against the article the opinion was submitted under.
    let mut ctx = CiteContext::from_title(EBIKE);
    ctx.current_article(21);
    assert_eq!(
        refs_in("本条第二款和本项都应明确", &ctx),
        ["第二十一条第二款", "第二十一条第二款本项"]
    );
    // 前两款 is ¶1–2 wherever it is written.
    assert_eq!(refs_in("前两款规定的罚款过高", &ctx), ["第二十一条第一款至第二款"]);
    // Nothing to resolve against: the word, no number, low confidence.
    let found = Citer::new().extract("本条规定不合理", &CiteContext::new());
    let r = &found.refs()[0];
    assert_eq!((r.article(), r.relative(), r.is_low_confidence()), (None, Some("本条"), true));
    // 该法 and 同法: the last law named.
    assert_eq!(
        refs("道路交通安全法第十八条有规定，该法第一百一十九条也有"),
        ["《道路交通安全法》第十八条", "《道路交通安全法》第一百一十九条"]
    );
    // 本章 / 本编 / 本节 as units.
    let found = Citer::new().extract("本章的规定与第三章第二节重复", &CiteContext::new());
    assert_eq!(found.refs()[0].relative(), Some("本章"));
    assert_eq!(found.refs()[1].to_string(), "第三章第二节");
}

#[test]
fn ranges() {
    assert_eq!(refs("第十条至第十二条可以合并"), ["第十条至第十二条"]);
    assert_eq!(refs("第十至十二条"), ["第十条至第十二条"]);
    assert_eq!(refs("第一至第三条"), ["第一条至第三条"]);
    assert_eq!(refs("第十五条第一款至第三款"), ["第十五条第一款至第三款"]);
    assert_eq!(refs("第二十一条第一项至第三项"), ["第二十一条第一项至第三项"]);
    assert_eq!(refs("第二章第一节至第五节"), ["第二章第一节至第五节"]);
    assert_eq!(refs("第10-12条的罚则过重"), ["第十条至第十二条"]);
    assert_eq!(refs("第5条至7条"), ["第五条至第七条"]);
}

#[test]
fn lists() {
    assert_eq!(refs("第八条、第九条和第十一条都提到了头盔"), ["第八条", "第九条", "第十一条"]);
    assert_eq!(refs("第十五条或者第十六条"), ["第十五条", "第十六条"]);
    assert_eq!(refs("第二十六条及第二十八条"), ["第二十六条", "第二十八条"]);
    assert_eq!(refs("第30、33条"), ["第三十条", "第三十三条"]);
    assert_eq!(refs("第一、二、三条"), ["第一条", "第二条", "第三条"]);
    assert_eq!(refs("第十条第二、三款"), ["第十条第二款", "第十条第三款"]);
    assert_eq!(refs("第十五条、十六条"), ["第十五条", "第十六条"]);
    assert_eq!(
        refs("第十四条第一款、第二款，第二十条、第二十四条第二款"),
        ["第十四条第一款", "第十四条第二款", "第二十条", "第二十四条第二款"]
    );
}

#[test]
fn chapters_sections_parts() {
    assert_eq!(refs("第五章的罚则应当集中"), ["第五章"]);
    assert_eq!(refs("第三章第二节"), ["第三章第二节"]);
    assert_eq!(refs("民法典第三编第十六章"), ["《民法典》第三编第十六章"]);
    let found = Citer::new().extract("《民法典》人格权编第997条", &CiteContext::new());
    assert_eq!(found.refs()[0].part_name(), Some("人格权编"));
    assert_eq!(found.refs()[0].article(), Some(997));
    assert_eq!(refs("本法第一编第六章第三节"), ["第一编第六章第三节"]);
}

#[test]
fn title_and_preamble() {
    let found = Citer::new().extract("将名称、第一条中的“侵犯”修改为“侵害”", &CiteContext::new());
    assert_eq!(found.refs()[0].unit(), Some(Unit::Title));
    assert_eq!(found.refs()[1].article(), Some(1));
    assert_eq!(found.action(), Some(Action::Modify));
    let found = Citer::new().extract("《宪法》序言第2段", &CiteContext::new());
    assert_eq!(found.refs()[0].unit(), Some(Unit::Preamble));
    assert_eq!(found.refs()[0].law(), Law::Other("宪法"));
    assert_eq!(found.refs()[0].paragraph(), Some(2));
    // 名称 in ordinary text is not a unit.
    assert!(refs("单位名称和地址").is_empty());
}

#[test]
fn phrase_pins() {
    assert_eq!(refs("第十条中的“原则上”三字应当删去"), ["第十条"]);
    assert_eq!(action("第十条中的“原则上”三字应当删去"), Some(Action::Delete));
    assert_eq!(refs("合同法第十条第一款中的“其他形式”"), ["《合同法》第十条第一款"]);
}

#[test]
fn additions() {
    assert_eq!(
        refs("建议增加一条，作为第二十三条：“小区应当设置集中充电场所。”"),
        ["第二十三条 [new]"]
    );
    assert_eq!(refs("在第十八条后增加一条"), ["第十八条 [anchor]"]);
    assert_eq!(refs("第十三条增加一款作为该条第二款"), ["第十三条第二款 [new]"]);
    assert_eq!(refs("第九条增加一项，作为第三项"), ["第九条第三项 [new]"]);
    assert_eq!(
        refs("在第二十条后增加二条，作为第二十条之一、第二十条之二"),
        ["第二十条 [anchor]", "第二十条之一 [new]", "第二十条之二 [new]"]
    );
    for text in
        ["在第十八条后增加一条", "第九条增加一项，作为第三项", "建议增加一款规定：“禁止楼道充电”"]
    {
        assert_eq!(action(text), Some(Action::Add), "{text}");
    }
    // An add with no anchor: no ref, still an add.
    assert!(refs("建议增加一款规定：“禁止楼道充电”").is_empty());
}

#[test]
fn deletions() {
    assert_eq!(refs("删去第十二条和第十三条。"), ["第十二条", "第十三条"]);
    assert_eq!(action("删去第十二条和第十三条。"), Some(Action::Delete));
    assert_eq!(
        refs("删去第三条第一款中的“依照民法典第三编”"),
        ["第三条第一款", "《民法典》第三编 [quoted]"]
    );
    assert_eq!(action("建议删除第七条"), Some(Action::Delete));
    // 删除 before an ordinary noun is statute wording, not a suggestion.
    assert_eq!(action("有本条例第十条规定情形的，应当删除个人信息。"), None);
}

#[test]
fn inserted_articles() {
    assert_eq!(refs("刑法第二百八十四条之一"), ["《刑法》第二百八十四条之一"]);
    assert_eq!(refs("第244条之一"), ["第二百四十四条之一"]);
    assert_eq!(refs("第十条之一规定的押金"), ["第十条之一"]);
    assert_eq!(refs("第二百一十三条至第二百一十九条之一"), ["第二百一十三条至第二百一十九条之一"]);
}

#[test]
fn other_laws() {
    assert_eq!(refs("《民法典》第一千一百六十五条"), ["《民法典》第一千一百六十五条"]);
    assert_eq!(refs("依照民法典第一千一百六十五条"), ["《民法典》第一千一百六十五条"]);
    assert_eq!(refs("企业所得税法第二十六条第(二)项"), ["《企业所得税法》第二十六条第二项"]);
    assert_eq!(
        refs("违反《土地承包法》第18条和《土地管理法》第4条"),
        ["《土地承包法》第十八条", "《土地管理法》第四条"]
    );
    // A law not in the dictionary, found by its shape.
    assert_eq!(refs("依照电动车管控法第三条"), ["《电动车管控法》第三条"]);
    // Names defined in the text.
    assert_eq!(
        refs("《中华人民共和国食品安全法》（以下简称《食品安全法》）第三条，食品安全法第十条"),
        ["《中华人民共和国食品安全法》第三条", "《中华人民共和国食品安全法》第十条"]
    );
    // 《…〈…〉…》
    let found = Citer::new().extract(
        "根据《最高人民法院关于适用〈中华人民共和国民事诉讼法〉的解释》第二百二十六条",
        &CiteContext::new(),
    );
    assert_eq!(
        found.refs()[0].law(),
        Law::Other("最高人民法院关于适用〈中华人民共和国民事诉讼法〉的解释")
    );
}

#[test]
fn typos_and_noise() {
    assert_eq!(refs("第105第2款"), ["第一百零五条第二款"]);
    assert_eq!(refs("第七条 项规定不清"), ["第七条"]);
    assert_eq!(refs("弟十条的限速太低"), ["第十条"]);
    assert_eq!(refs("建议将地十二条删除"), ["第十二条"]);
    assert_eq!(refs("第三項(xiàng)"), ["第三项"]);
    assert_eq!(refs("第1款①《合同法》"), ["第一款"]);
    assert_eq!(
        refs("| 第337条第1款 （《刑法修正案（七）》第11） |"),
        ["《刑法》第三百三十七条第一款", "《刑法修正案（七）》第十一条"]
    );
    // 954年《宪法》: a year before a law name is not a citation.
    assert!(refs("954年《宪法》").is_empty());
}

#[test]
fn width_and_script() {
    assert_eq!(refs("第１２条"), ["第十二条"]);
    assert_eq!(refs("第十條"), ["第十条"]);
    assert_eq!(refs("第二 十九條"), ["第二十九条"]);
    assert_eq!(refs("第三十五條第一項"), ["第三十五条第一项"]);
}

// ---- §6 hard cases ---------------------------------------------------------------------------

#[test]
fn law_context_carries_over_within_a_sentence() {
    let text = "《中华人民共和国道路交通安全法》第五十一条规定：“驾驶摩托车应当戴安全头盔。”第五十八条规定了限速。";
    assert_eq!(
        refs(text),
        [
            "《中华人民共和国道路交通安全法》第五十一条",
            "《中华人民共和国道路交通安全法》第五十八条"
        ]
    );
    // A new sentence returns to the draft; 该法 keeps the law.
    let text = "《物业管理条例》第十条规定了业主大会。草案第五条应当与之衔接。该法第十一条也要看。";
    assert_eq!(refs(text), ["《物业管理条例》第十条", "第五条", "《物业管理条例》第十一条"]);
    // A law mentioned without a path does not take the next bare path.
    assert_eq!(refs("根据《道路交通安全法》的规定，第十条的限速偏低"), ["第十条"]);
    // At a line break the context returns to the draft, whatever the policy.
    let text = "《民法典》第二百七十四条\n第九条";
    let found = Citer::new().law_reset(LawReset::Paragraph).extract(text, &CiteContext::new());
    assert_eq!(found.refs()[1].law(), Law::Draft);
}

#[test]
fn quoted_text_is_content() {
    assert_eq!(
        refs("将第二款中的“第七条”修改为“第六条”"),
        ["第二款", "第七条 [quoted]", "第六条 [quoted]"]
    );
    assert_eq!(
        refs(
            "将第九条第一款修改为“依照本条例第二条第二款处理”。同时，将第二款中的“第七条”修改为“第六条”。"
        ),
        [
            "第九条第一款",
            "第二条第二款 [quoted]",
            "第九条第二款",
            "第七条 [quoted]",
            "第六条 [quoted]"
        ]
    );
    // A quote that is only a citation is transparent.
    assert_eq!(refs("对“第十条”的意见：限速太低"), ["第十条"]);
    // An unclosed quote runs to the end.
    assert_eq!(
        refs("增加一条作为第四条：“违反本条例第二条的"),
        ["第四条 [new]", "第二条 [quoted]"]
    );
    // 「」 quotes are quotes too.
    assert_eq!(
        refs("第五条中「第八条」应改为「第九条」"),
        ["第五条", "第八条 [quoted]", "第九条 [quoted]"]
    );
}

#[test]
fn article_headings_are_not_citations() {
    assert_eq!(
        refs("第四十条　宪法第二十七条增加一款，作为第三款：“国家工作人员…”"),
        ["《宪法》第二十七条第三款 [new]"]
    );
    assert_eq!(refs("第十三条 违反本条例第六条的，处二百元罚款。"), ["第六条"]);
    assert_eq!(
        refs("第一条（立法目的）为了规范电动自行车管理，制定本条例。"),
        Vec::<String>::new()
    );
    // Statute text after its heading: 本条 is that article.
    assert_eq!(
        refs("第十八条 本条第二款第五项规定的标准由市公安机关制定。"),
        ["第十八条第二款第五项"]
    );
    // An opinion that starts with the article it is about is a citation.
    assert_eq!(refs("第十条 建议删除"), ["第十条"]);
    assert_eq!(refs("第十条 删除"), ["第十条"]);
    assert_eq!(
        refs("第十条 建议与《民法典》第1165条衔接，本条第二款删除"),
        ["第十条", "《民法典》第一千一百六十五条", "第十条第二款"]
    );
    // In the middle of a line it is always a citation.
    assert_eq!(refs("关于第十条 限速问题"), ["第十条"]);
}

#[test]
fn item_markers_of_statute_text_are_not_citations() {
    // §6.4 is about counting paragraphs in a draft; in an opinion, the markers （一）, 一、, 1.
    // that structure it are never citations.
    assert!(refs("（一）对电动自行车实行登记；\n（二）未登记的不得上路；").is_empty());
    assert_eq!(refs("一、第五条应当删除。2.第六条表述不清"), ["第五条", "第六条"]);
}

#[test]
fn renumbering() {
    assert_eq!(refs("将第三条改为第四条，修改为：“……”"), ["第三条 [renumbered]"]);
    assert_eq!(refs("第七项至第十五项相应改为第八项至第十六项"), ["第七项至第十五项 [renumbered]"]);
    let found = Citer::new().extract("二审稿第十二条删去了头盔要求", &CiteContext::new());
    assert_eq!(found.refs()[0].draft_version(), Some("二审稿"));
    assert_eq!(refs("将第十二条移至第三章"), ["第十二条", "第三章 [destination]"]);
}

#[test]
fn compressed_and_elliptical_lists() {
    assert_eq!(refs("第30、33条"), ["第三十条", "第三十三条"]);
    assert_eq!(refs("第一至三条"), ["第一条至第三条"]);
    assert_eq!(refs("第二、三款"), ["第二款", "第三款"]);
    assert_eq!(refs("第十二条第二款、第十三条"), ["第十二条第二款", "第十三条"]);
    // Concatenation without a separator: two articles.
    assert_eq!(
        refs("对《立法法》第八条第九条的合宪性考察"),
        ["《立法法》第八条", "《立法法》第九条"]
    );
    // Inheritance across sentences of a list of amendments.
    assert_eq!(
        refs("将第八条第六项修改为“…”。第八项修改为“…”。增加一项，作为第九项"),
        ["第八条第六项", "第八条第八项", "第八条第九项 [new]"]
    );
}

#[test]
fn traditional_input() {
    assert_eq!(refs("建議刪除第十二條第二項"), ["第十二条第二项"]);
    assert_eq!(action("建議刪除第十二條第二項"), Some(Action::Delete));
    assert_eq!(refs("第二十條應修改為：「頭盔」"), ["第二十条"]);
}

#[test]
fn counters_and_look_alikes() {
    assert!(refs("共收到208条意见").is_empty());
    assert!(refs("草案共21条").is_empty());
    assert!(refs("第三条分为两款").len() == 1);
    assert!(refs("（2023）滨民初字第18230号判决").is_empty());
    assert!(refs("第十四届人大第3次会议，第5期，第12页").is_empty());
    assert!(refs("宪法第十二条修正案").is_empty());
    assert!(refs("罚款50万元，1至5年内不得从业，拨打“110”").is_empty());
    let found = Citer::new().extract("该合同第七条约定", &CiteContext::new());
    assert_eq!(found.refs()[0].law(), Law::Other("该合同"));
    // Everyday words that look like relative references.
    assert!(refs("该条道路经常拥堵，本项目尚未验收，该项工作由街道负责").is_empty());
    assert!(refs("当地三条街道都有充电桩").is_empty());
}

#[test]
fn numerals() {
    assert_eq!(refs("第一千一百六十五条"), ["第一千一百六十五条"]);
    let found = Citer::new().extract("第一百十条", &CiteContext::new());
    assert_eq!((found.refs()[0].article(), found.refs()[0].is_low_confidence()), (Some(110), true));
    assert_eq!(refs("第一百五条"), ["第一百五十条"]);
    assert_eq!(refs("第一〇五条"), ["第一百零五条"]);
    assert_eq!(refs("第廿一条"), ["第二十一条"]);
    assert!(refs("第一百零十条").is_empty());
}

// ---- actions -------------------------------------------------------------------------------

#[test]
fn actions() {
    assert_eq!(action("建议将第二十条的限速修改为每小时二十五公里"), Some(Action::Modify));
    assert_eq!(action("第十五条的罚款应当提高到五百元，建议修改"), Some(Action::Modify));
    assert_eq!(action("第十五条规定不合理"), Some(Action::Comment));
    assert_eq!(action("第十五条与上位法不一致。"), Some(Action::Comment));
    assert_eq!(action("依照本条例第十五条的规定处罚。"), None);
    // The first verb of the clause with the citation.
    assert_eq!(
        action("删去第八条第一款末尾的“但…”，并将第二款中的“及”修改为“或者”"),
        Some(Action::Delete)
    );
    // Verbs inside quotes do not count.
    assert_eq!(action("第八条规定“删除登记信息的，应当告知”"), None);
    // No citation: the first verb, if the text is an opinion or the verb is unmistakable.
    assert_eq!(action("希望取消电动车限行"), Some(Action::Delete));
    assert_eq!(action("希望政府多建充电桩"), Some(Action::Comment));
    assert_eq!(action("应当增加投入"), None);
}

#[test]
fn spans_are_bytes_of_the_original() {
    let text = "建议　第１２条第２款（三）项删除";
    let found = Citer::new().extract(text, &CiteContext::new());
    let r = &found.refs()[0];
    assert_eq!(r.as_str(), "第１２条第２款（三）项");
    assert_eq!(&text[r.span()], "第１２条第２款（三）项");
    assert_eq!(r.item(), Some(3));
}

#[test]
fn texts_without_citations_cost_nothing_and_say_nothing() {
    let found = Citer::new().extract("A市A3区联丰路的路灯坏了", &CiteContext::new());
    assert!(found.is_empty());
    assert_eq!(found.action(), None);
    assert!(Citer::new().extract("", &CiteContext::new()).is_empty());
}

#[test]
fn citer_and_context_are_send_and_sync() {
    fn assert_bounds<T: Send + Sync + Clone>() {}
    assert_bounds::<Citer>();
    assert_bounds::<CiteContext>();
    assert_bounds::<Citations<'static>>();
}

#[test]
fn enumeration_ordinals_are_not_articles() {
    for text in [
        "第一，建议条例多从老百姓的角度考虑问题。\n第二，第二十二条，强烈建议将最高时速调整为二十五公里。",
        "第一、关于第二十二条，建议将最高时速调整为二十五公里。第二、第十条应当删除。",
    ] {
        let found = Citer::new().extract(text, &CiteContext::new());
        let articles: Vec<Option<u32>> = found.refs().iter().map(|c| c.article()).collect();
        assert!(
            !articles.contains(&Some(1)) && !articles.contains(&Some(2)),
            "{text}: {articles:?}"
        );
        assert!(articles.contains(&Some(22)), "{text}: {articles:?}");
    }
    // A compressed list still reads as one: 第30、33条, 第一、二、三条.
    let found = Citer::new().extract("建议删除第30、33条和第一、二、三条", &CiteContext::new());
    let articles: Vec<Option<u32>> = found.refs().iter().map(|c| c.article()).collect();
    assert_eq!(articles, [Some(30), Some(33), Some(1), Some(2), Some(3)]);
}

#[test]
fn a_typo_for_di_after_a_law_name_keeps_the_law() {
    let text = "建议对初次违法以教育为主。《中华人民共和国行政处罚法》递三十三条规定初次违法且危害后果轻微并及时改正的，可以不予行政处罚。";
    let found = Citer::new().extract(text, &CiteContext::new());
    assert_eq!(found.refs().len(), 1);
    assert_eq!(found.refs()[0].article(), Some(33));
    assert_eq!(found.refs()[0].law(), Law::Other("中华人民共和国行政处罚法"));
}

#[test]
fn standards_and_codes_are_other_documents() {
    let text = "根据城市普通中小学校校舍建设标准第八、九、十条，学校应当就近设置。";
    let found = Citer::new().extract(text, &CiteContext::new());
    assert_eq!(found.refs().len(), 3);
    // Not the draft (the name is cut at 中, which usually ends a name: 条例中的…).
    assert!(
        found
            .refs()
            .iter()
            .all(|c| matches!(c.law(), Law::Other(name) if name.ends_with("校舍建设标准")))
    );
    // A bare 标准 names no document; a bare 条例 is the draft under discussion.
    let found = Citer::new().extract("按照条例第十条的规定执行", &CiteContext::new());
    assert_eq!(found.refs()[0].law(), Law::Draft);
}

#[test]
fn every_action_word_counts_without_a_citation() {
    // Texts with none of the characters an earlier pre-filter looked for.
    let comment = Citer::new().extract("与上位法存在矛盾", &CiteContext::new());
    assert_eq!(comment.action(), Some(Action::Comment));
    let relative = Citer::new().extract("上一条太严苛", &CiteContext::new());
    assert_eq!(relative.refs().len(), 1);
    assert_eq!(relative.refs()[0].relative(), Some("上一条"));
}

#[test]
fn a_document_number_between_the_name_and_the_path() {
    let text = "根据《西地省常住户口登记管理办法》（楚政办发〔2016〕12号文件）第五章的规定办理。";
    let found = Citer::new().extract(text, &CiteContext::new());
    assert_eq!(found.refs().len(), 1);
    assert_eq!(found.refs()[0].law(), Law::Other("西地省常住户口登记管理办法"));
    assert_eq!(found.refs()[0].chapter(), Some(5));
    let found = Citer::new().extract("认购书第二条约定，甲方不得另售他人。", &CiteContext::new());
    assert_eq!(found.refs()[0].law(), Law::Other("认购书"));
}

#[test]
fn what_follows_a_renumbering_is_about_the_old_number() {
    let found = Citer::new()
        .extract("三、将第三十四条改为第三十五条，第一款修改为：“……”。", &CiteContext::new());
    let refs: Vec<(Option<u32>, Option<u32>, Role)> =
        found.refs().iter().map(|c| (c.article(), c.paragraph(), c.role())).collect();
    assert_eq!(refs, [(Some(34), None, Role::Renumbered), (Some(34), Some(1), Role::Target)]);
    // New numbers alone are not targets.
    let found = Citer::new().extract("第四项、第五项相应改为第五项、第六项。", &CiteContext::new());
    assert!(found.refs().iter().all(|c| c.role() == Role::Renumbered), "{:?}", found.refs());
}

#[test]
fn taiwan_texts_read_xiang_as_the_paragraph_and_kuan_as_the_item() {
    let ctx = CiteContext::new();
    // A Taiwanese text (立法院, 民國): 第六條第二項第一款 = article 6, paragraph 2, item 1.
    let tw =
        Citer::new().extract("立法院於民國一百十年修正第六條第二項第一款，並刪除前項規定。", &ctx);
    let r = &tw.refs()[0];
    assert_eq!((r.article(), r.paragraph(), r.item()), (Some(6), Some(2), Some(1)));
    // A mainland text in traditional characters keeps the mainland reading (CITATIONS.md §2.7).
    let mainland = Citer::new().extract("建議修改第六條第二款第一項。", &ctx);
    let r = &mainland.refs()[0];
    assert_eq!((r.article(), r.paragraph(), r.item()), (Some(6), Some(2), Some(1)));
    let plain = Citer::new().extract("第六條第二項", &ctx);
    assert_eq!(plain.refs()[0].item(), Some(2), "no Taiwanese sign: the mainland reading");
    // Spans stay on the original characters.
    assert_eq!(tw.refs()[0].as_str(), "第六條第二項第一款");
}
