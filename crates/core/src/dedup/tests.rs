//! Duplicate detection on text the project writes: each trap of the issue.

use super::sketch::mix;
use super::*;
use crate::opinion::{RowStatus, Source};

fn opinions(texts: &[&str]) -> Vec<Opinion> {
    texts
        .iter()
        .enumerate()
        .map(|(i, t)| Opinion::new((i + 1).to_string(), *t, Source::new("意见.csv", i as u64 + 2)))
        .collect()
}

fn groups_of(dedup: &Dedup) -> Vec<Vec<&str>> {
    dedup.groups().iter().map(|g| g.members().iter().map(OpinionId::as_str).collect()).collect()
}

const CHARGING: &str = "建议第二十三条增加规定：住宅小区应当按照不低于车位数百分之十的比例设置电动自行车集中充电设施，\
    由物业服务企业负责日常维护，充电收费标准应当向业主公示。";

#[test]
fn reposts_with_punctuation_and_whitespace_changes_are_exact_copies() {
    let repost = "\n\t\t建议第２３条增加规定, 住宅小区应当按照不低于车位数百分之十的比例设置电动自行车集中充电设施 \
        由物业服务企业负责日常维护；充电收费标准应当向业主公示!!";
    let repost = repost.replace("第２３条", "第二十三条");
    let ops = opinions(&[CHARGING, "第五条规定的罚款数额过低。", &repost, CHARGING]);
    let dedup = Deduper::new().run(&ops);
    assert_eq!(groups_of(&dedup), vec![vec!["1", "3", "4"]]);
    let g = &dedup.groups()[0];
    assert_eq!(g.kind(), GroupKind::Exact);
    assert_eq!((g.count(), g.variants()), (3, 1));
    assert_eq!(g.representative().as_str(), "1");
    assert_eq!((dedup.analysed(), dedup.distinct(), dedup.copies()), (4, 2, 2));
    assert!(g.additions().is_empty());
}

#[test]
fn an_added_sentence_is_kept_as_what_that_copy_adds() {
    let added = format!("{CHARGING}另外，我们小区去年就发生过一起电动车充电起火的事故。");
    let ops = opinions(&[CHARGING, &added, CHARGING]);
    let dedup = Deduper::new().run(&ops);
    assert_eq!(groups_of(&dedup), vec![vec!["1", "2", "3"]]);
    let g = &dedup.groups()[0];
    assert_eq!(g.kind(), GroupKind::Near);
    assert_eq!(g.representative().as_str(), "1", "the text with an exact copy is the most central");
    let (who, what) = &g.additions()[0];
    assert_eq!(who.as_str(), "2");
    assert_eq!(what.len(), 1);
    assert_eq!(what[0].text, "另外，我们小区去年就发生过一起电动车充电起火的事故");
    assert_eq!(&added[what[0].span.clone()], what[0].text);
}

#[test]
fn a_short_message_copied_inside_a_long_one() {
    let short = "小区地下车库的充电桩已经坏了三个月，物业一直不修，请有关部门督促处理。";
    let long = "各位领导好！我是春晓小区的业主，情况是这样的：小区地下车库的充电桩已经坏了三个月，物业一直不修，\
        请有关部门督促处理。大家只好把电动车推上楼充电，楼道里到处拉着电线，一旦起火后果不堪设想。\
        我们多次向街道反映，至今没有答复，希望这次条例能够明确物业服务企业维护充电设施的责任。";
    let ops = opinions(&[long, "第五条规定的罚款数额过低，建议提高到五百元。", short]);
    let dedup = Deduper::new().run(&ops);
    assert_eq!(groups_of(&dedup), vec![vec!["1", "3"]]);
}

#[test]
fn names_and_addresses_substituted_in_a_form_letter_make_a_campaign() {
    let letter = |name: &str, place: &str| {
        format!(
            "我是{place}的居民{name}。我们小区没有电动自行车集中充电设施，居民只能飞线充电，存在严重的消防安全隐患。\
             强烈建议条例第二十六条规定新建住宅小区必须配套建设集中充电设施，已建小区限期改造。"
        )
    };
    let people = [
        ("王建国", "春晓街道阳光花园"),
        ("李秀英", "江南区滨湖小区"),
        ("张伟", "西湖苑"),
        ("刘洋", "新城家园"),
        ("陈静", "东港新村"),
        ("赵磊", "翠苑一区"),
    ];
    let texts: Vec<String> = people.iter().map(|(n, p)| letter(n, p)).collect();
    let mut ops: Vec<Opinion> = Vec::new();
    for (i, t) in texts.iter().enumerate() {
        ops.push(
            Opinion::new((i + 1).to_string(), t.as_str(), Source::new("意见.csv", i as u64 + 2))
                .with_field(Field::Submitter, people[i].0),
        );
    }
    ops.push(Opinion::new(
        "99",
        "第五条规定的罚款数额过低，建议提高到五百元。",
        Source::new("意见.csv", 99),
    ));
    let dedup = Deduper::new().run(&ops);
    assert_eq!(groups_of(&dedup), vec![vec!["1", "2", "3", "4", "5", "6"]]);
    let g = &dedup.groups()[0];
    assert_eq!(g.kind(), GroupKind::Campaign);
    assert_eq!(g.submitters().len(), 6);
    let template = g.template().unwrap();
    assert!(template.contains("【…】"), "{template}");
    assert!(
        template.contains("强烈建议条例第二十六条规定新建住宅小区必须配套建设集中充电设施"),
        "{template}"
    );
    assert!(!template.contains("王建国"), "the name is a slot: {template}");
}

#[test]
fn one_template_for_different_complaints_does_not_merge() {
    let complaint = |place: &str, problem: &str| {
        format!(
            "我是{place}的业主，向领导反映一个问题：{problem}希望有关部门尽快调查处理，给居民一个答复，谢谢！"
        )
    };
    let a = complaint(
        "春晓小区",
        "小区物业擅自将公共绿地改建为收费停车场，占用业主共有部分，收益去向从未公开，业主委员会多次交涉无果。",
    );
    let b = complaint(
        "春晓小区",
        "楼下餐馆每天凌晨两点还在营业，油烟直排进居民楼，噪声扰民，老人孩子根本无法休息，投诉多次也没人管。",
    );
    let dedup = Deduper::new().run(&opinions(&[&a, &b]));
    assert!(dedup.groups().is_empty(), "{:?}", groups_of(&dedup));
}

#[test]
fn boilerplate_heavy_opinions_on_different_articles_do_not_merge() {
    let texts = [
        "建议将草案第十二条第二款修改为：电动自行车销售者应当向购买者提供产品合格证明，不得销售未列入目录的车型。",
        "建议将草案第十五条第一款修改为：电动自行车所有人应当在购买之日起十五日内向公安机关申请登记。",
        "建议将草案第二十条第二款修改为：驾驶电动自行车应当在非机动车道内行驶，不得在机动车道内行驶。",
        "建议将草案第三十一条第一款修改为：物业服务企业应当劝阻在楼道、电梯内停放电动自行车的行为。",
    ];
    let dedup = Deduper::new().run(&opinions(&texts));
    assert!(dedup.groups().is_empty(), "{:?}", groups_of(&dedup));
}

#[test]
fn group_ids_do_not_change_when_unrelated_opinions_are_added() {
    let ops = opinions(&[CHARGING, "第五条规定的罚款数额过低。", CHARGING]);
    let before = Deduper::new().run(&ops);
    let mut more = opinions(&["电动自行车不得在人行道上停放。", "建议删除第八条。"]);
    more.extend(ops);
    let after = Deduper::new().run(&more);
    assert_eq!(before.groups()[0].id(), after.groups()[0].id());
    assert!(before.groups()[0].id().to_string().starts_with('g'));
}

#[test]
fn rows_that_cannot_be_analysed_are_left_out() {
    let ops = vec![
        Opinion::new("1", CHARGING, Source::new("a.csv", 2)),
        Opinion::new("2", "", Source::new("a.csv", 3)).with_status(RowStatus::Empty),
        Opinion::new("3", CHARGING, Source::new("a.csv", 4))
            .with_status(RowStatus::Malformed { reason: "ragged".into() }),
        Opinion::new("4", "，。！", Source::new("a.csv", 5)),
        Opinion::new("5", "？？", Source::new("a.csv", 6)),
    ];
    let dedup = Deduper::new().run(&ops);
    // Texts of punctuation only are exact copies of each other, nothing else.
    assert_eq!(groups_of(&dedup), vec![vec!["4", "5"]]);
    assert_eq!(dedup.analysed(), 3);
}

#[test]
fn short_texts_do_not_collide_on_an_empty_set() {
    let dedup = Deduper::new().run(&opinions(&["同意", "反对", "赞成", "同意。"]));
    assert_eq!(groups_of(&dedup), vec![vec!["1", "4"]]);
}

#[test]
fn bad_settings_are_refused() {
    assert_eq!(Deduper::builder().bands(30).build().unwrap_err().kind(), ErrorKind::Config);
    assert_eq!(Deduper::builder().threshold(0.0).build().unwrap_err().kind(), ErrorKind::Config);
    assert_eq!(Deduper::builder().ngram(0).build().unwrap_err().kind(), ErrorKind::Config);
}

#[test]
fn invariants_hold_on_random_texts_with_copies() {
    // A small deterministic generator: texts from a Chinese alphabet, a third of them copies
    // (exact, edited, or cut) of earlier ones.
    let alphabet: Vec<char> =
        "建议第条款项删除增加修改为住宅小区物业业主电动自行车充电设施罚款，。、“”《》 \n12３"
            .chars()
            .collect();
    let mut state = 0x2545_f491_4f6c_dd1du64;
    let mut next = move |n: usize| {
        state = mix(state);
        (state % n as u64) as usize
    };
    let mut texts: Vec<String> = Vec::new();
    for i in 0..400 {
        let text = if i > 0 && next(3) == 0 {
            let base: Vec<char> = texts[next(i)].chars().collect();
            let mut t = base.clone();
            match next(3) {
                0 => {}
                1 if !t.is_empty() => {
                    let at = next(t.len());
                    t[at] = alphabet[next(alphabet.len())];
                }
                _ => t.truncate(base.len() / 2),
            }
            t.into_iter().collect()
        } else {
            (0..next(120)).map(|_| alphabet[next(alphabet.len())]).collect()
        };
        texts.push(text);
    }
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    let ops = opinions(&refs);
    let dedup = Deduper::new().run(&ops);
    let mut seen = std::collections::HashSet::new();
    let mut copies = 0;
    for g in dedup.groups() {
        assert!(g.count() >= 2);
        assert!(g.members().contains(g.representative()));
        let positions: Vec<usize> =
            g.members().iter().map(|m| ops.iter().position(|o| o.id() == m).unwrap()).collect();
        assert!(positions.windows(2).all(|w| w[0] < w[1]), "members in input order");
        for m in g.members() {
            assert!(seen.insert(m.clone()), "{m} is in two groups");
        }
        for (id, added) in g.additions() {
            let text = ops.iter().find(|o| o.id() == id).unwrap().text();
            for a in added {
                assert!(text.is_char_boundary(a.span.start) && text.is_char_boundary(a.span.end));
                assert_eq!(&text[a.span.clone()], a.text);
            }
        }
        copies += g.count() - 1;
    }
    assert_eq!(dedup.analysed(), dedup.distinct() + copies);
    assert!(!dedup.groups().is_empty());
    // Same result again (no hidden state).
    assert_eq!(Deduper::new().run(&ops).groups(), dedup.groups());
}

#[test]
fn a_long_complaint_reposted_with_rewording_is_one_group() {
    let first = "尊敬的领导：我是春晓街道阳光花园小区的业主。小区3栋2单元501室被改成了麻将馆，从中午开始营业，一天到晚人来人往，\
        麻将声、喧哗声不断，有时候甚至通宵打麻将，严重影响了周边居民的休息。我们多次向物业和社区反映，也打过110，但都没有解决。\
        另外，麻将馆门口经常停满了电动车和汽车，把消防通道都堵住了，一旦发生火灾后果不堪设想。\
        这种住改商的行为违反了物业管理的有关规定，请有关部门尽快依法查处，还居民一个安静的生活环境。";
    let again = "阳光花园小区3栋2单元501室非法住改商开麻将馆，每晚打麻将高声喧哗，动静特别大，有时候甚至通宵打麻将，严重影响了周边居民的休息。\
        之前我们多次向物业和社区反映，也打过110，一直没有解决，投诉了一个多月了还是老样子。\
        而且麻将馆门口经常停满了电动车和汽车，把消防通道都堵住了，一旦发生火灾后果不堪设想。\
        恳请有关部门尽快依法查处这种住改商的行为，还居民一个安静的生活环境，谢谢！";
    let other = "尊敬的领导：我是江南区滨湖小区的业主。小区北门外的道路年久失修，到处是坑洼，下雨天积水严重，老人孩子出行很不方便，\
        电动车经常在这里摔倒。我们多次向街道反映，至今没有维修，请有关部门尽快安排修缮，方便居民出行。";
    let dedup = Deduper::new().run(&opinions(&[first, other, again]));
    assert_eq!(groups_of(&dedup), vec![vec!["1", "3"]]);
    // Without the overlap rule the re-post is not found: the rule is what groups it.
    let strict = Deduper::builder()
        .overlap(1.0, 100)
        .build()
        .unwrap()
        .run(&opinions(&[first, other, again]));
    assert!(strict.groups().is_empty(), "{:?}", groups_of(&strict));
}

#[test]
fn a_short_excerpt_must_match_more_closely_than_a_long_one() {
    // 30 3-grams, 26 of them inside the letter (0.87): a short sentence a different letter
    // words almost the same way is not taken for a copy of part of it.
    let short = "建议在小区出入口设置电动自行车停放点并加装遮雨棚，方便群众雨天停车。";
    let letter = "我是滨江花园的居民，想对条例提几点看法。第一，建议在小区出入口设置电动自行车停车位并加装遮雨棚，\
        方便群众雨天停车。第二，第三十条的罚款标准偏高，对靠骑车谋生的外卖骑手负担太重，希望区分情节轻重。\
        第三，充电收费要公开透明，不能由物业说了算。";
    // 61 3-grams, 53 of them inside the letter (0.87): a passage this long is a copy.
    let passage = "小区地下车库的充电桩已经坏了三个月，物业一直不修，楼道里到处拉着电线给电动车充电，\
        一旦起火后果不堪设想，请有关部门督促物业尽快修好充电桩。";
    let complaint = "各位领导好！我是春晓小区的业主，情况是这样的：小区地下车库的充电桩已经坏了三个多月，物业一直不管，\
        楼道里到处拉着电线给电动车充电，一旦起火后果不堪设想，请有关部门督促物业尽快修复充电桩。\
        我们多次向街道反映，至今没有答复，希望这次条例能够明确物业服务企业维护充电设施的责任，并规定维修的期限。\
        另外，建议第三十条对拒不维修的物业规定罚款。";
    let ops = opinions(&[short, letter, passage, complaint]);
    let dedup = Deduper::new().run(&ops);
    assert_eq!(groups_of(&dedup), vec![vec!["3", "4"]]);
    // Asked for 0.85 everywhere, the short sentence is a copy too.
    let loose = Deduper::builder().containment(0.85).build().unwrap().run(&ops);
    assert_eq!(groups_of(&loose), vec![vec!["1", "2"], vec!["3", "4"]]);
    // And a long passage needs 0.85 only while it shares 40 3-grams.
    let strict = Deduper::builder().long_containment(0.85, 60).build().unwrap().run(&ops);
    assert!(strict.groups().is_empty());
}

#[test]
fn a_copy_goes_with_the_centre_it_resembles_most() {
    // The centre (four copies) is the heaviest text and reaches the member first (0.54), but
    // the member is a much closer copy of the late text (0.82), which the centre does not
    // reach (0.47).
    let centre = "希望条例出台后严格执法，不能有法不依、执法不严，请领导尽快盼复。";
    let member = "希望条例出台后严格执法，不要有法不依、执法不严。";
    let late = "我也赞成。希望条例出台后严格执法，不要有法不依、执法不严。";
    let other = "第二十二条规定的最高时速十五公里太低，建议提高到二十五公里，和国家标准保持一致。";
    let ops = opinions(&[late, centre, other, centre, member, centre, centre]);
    let dedup = Deduper::new().run(&ops);
    assert_eq!(groups_of(&dedup), vec![vec!["1", "5"], vec!["2", "4", "6", "7"]]);
    assert_eq!(dedup.groups()[1].representative().as_str(), "2");
    assert_eq!(dedup.distinct(), 3);
}

#[test]
fn stars_of_one_campaign_are_joined_and_stars_of_different_points_are_not() {
    // In a crowded LSH bucket each letter is paired with a few others only, so one campaign
    // can end up as several stars. Here: star A (letters 0-2), star B (letters 3-4), whose
    // member 4 was linked to A's member 1 but whose centre never met A's; star C (5-6), a
    // different point whose member 6 quotes the campaign and was linked to A's member 2.
    let letter = |who: &str, own: &str| {
        format!(
            "我是{who}的居民。我们小区建成于上世纪九十年代，没有地下车库，也没有集中充电的地方，\
             很多居民只能把电动车停在楼道里充电。{own}条例草案第二十八条禁止在楼道、楼梯间停放电动自行车和充电，\
             我们完全支持，但是在集中充电设施建好之前，这一规定很难落实。"
        )
    };
    let texts = [
        letter("高新街道紫荆花园", ""),
        letter("文昌街道南湖春天", ""),
        letter("南湖街道幸福里", "小区里老年人多，推车上楼很危险。"),
        letter("西河镇阳光新村", "上个月隔壁单元刚发生过一次电瓶车起火。"),
        letter("城东街道翠苑一区", "上个月隔壁单元刚发生过一次电瓶车起火。"),
        "第二十二条规定的最高时速十五公里太低，建议提高到二十五公里，和国家标准保持一致。"
            .to_owned(),
        "第二十二条规定的最高时速十五公里太低，建议提高到二十五公里。".to_owned(),
    ];
    let deduper = Deduper::new();
    let uniques: Vec<Unique> = texts
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let key = Key::of(&deduper.normalizer, t, WithSpans::No);
            let hashes = key.shingle_hashes(3);
            Unique {
                copies: vec![i],
                hash: key.hash(),
                shingles: key.shingles(&hashes),
                prints: Vec::new(),
                chars: key.chars.len(),
            }
        })
        .collect();
    let centres_a_b = deduper.similarity(&uniques[0], &uniques[3]);
    assert!(centres_a_b >= JOIN, "{centres_a_b}");
    let mut neighbours: Vec<Vec<(u32, f32, bool)>> = vec![Vec::new(); texts.len()];
    let mut link = |a: usize, b: usize| {
        let s = deduper.similarity(&uniques[a], &uniques[b]);
        assert!(s > 0.0, "{a} {b}");
        neighbours[a].push((b as u32, s, false));
        neighbours[b].push((a as u32, s, false));
    };
    for (a, b) in [(0, 1), (0, 2), (3, 4), (4, 1), (5, 6)] {
        link(a, b);
    }
    neighbours[6].push((2, 0.5, false));
    neighbours[2].push((6, 0.5, false));
    let mut done: Vec<Component> = [vec![0, 1, 2], vec![3, 4], vec![5, 6]]
        .into_iter()
        .map(|members| Component { representative: members[0], members })
        .collect();
    deduper.join_split_stars(&uniques, &neighbours, &mut done);
    let mut members: Vec<Vec<usize>> = done.iter().map(|c| c.members.clone()).collect();
    members.iter_mut().for_each(|m| m.sort_unstable());
    assert_eq!(members, vec![vec![0, 1, 2, 3, 4], vec![], vec![5, 6]]);
}

#[test]
fn a_text_left_alone_joins_the_group_of_the_member_it_resembles_closely() {
    // Texts 0-2 a group around 0; 3 resembles member 2 at 0.75, 4 member 1 at 0.65 only, 5
    // lies inside member 2; 6 resembles 3 (alone too) only.
    let mut neighbours: Vec<Vec<(u32, f32, bool)>> = vec![Vec::new(); 7];
    let mut link = |a: usize, b: usize, s: f32, contained: bool| {
        neighbours[a].push((b as u32, s, contained));
        neighbours[b].push((a as u32, s, contained));
    };
    link(0, 1, 0.8, false);
    link(0, 2, 0.6, false);
    link(3, 2, 0.75, false);
    link(4, 1, 0.65, false);
    link(5, 2, 0.95, true);
    link(6, 3, 0.9, false);
    let mut done: Vec<Component> = [vec![0, 1, 2], vec![3], vec![4], vec![5], vec![6]]
        .into_iter()
        .map(|members| Component { representative: members[0], members })
        .collect();
    attach_left_alone(&mut done, &neighbours);
    let members: Vec<&[usize]> = done.iter().map(|c| &c.members[..]).collect();
    assert_eq!(members, vec![&[0, 1, 2, 3][..], &[], &[4], &[5], &[6]]);
}

#[test]
fn a_stock_sentence_inside_different_letters_does_not_make_them_one() {
    let stock = "“鼓励”建议改成“应当”，要求商家卖车时赠送合格头盔。";
    let letters = [
        format!(
            "我今年七十五岁，每天骑电动车买菜、接孙子。第二十条第二款，{stock}这是我最关心的一条。"
        ),
        format!(
            "说一下销售者配售头盔的问题。{stock}因为鼓励性条款没有约束力，商家不会主动去做，最后还是要靠执法。"
        ),
        format!(
            "条例草案写得很好，但还有需要完善的地方。{stock}另外，建议对外卖骑手统一配发头盔，由平台企业承担费用。"
        ),
    ];
    let mut texts: Vec<&str> = letters.iter().map(String::as_str).collect();
    texts.push(stock);
    let dedup = Deduper::new().run(&opinions(&texts));
    // The short text is a copy of one letter at most; the letters are not copies of each other.
    for g in dedup.groups() {
        let letters_in = g.members().iter().filter(|id| id.as_str() != "4").count();
        assert!(letters_in <= 1, "{:?}", groups_of(&dedup));
    }
    // Copies of one letter around the same sentence still are one group.
    let copy = format!("{}望采纳。", letters[1]);
    let with_copy = [letters[0].as_str(), letters[1].as_str(), &copy, letters[2].as_str(), stock];
    let dedup = Deduper::new().run(&opinions(&with_copy));
    assert!(
        groups_of(&dedup).iter().any(|g| g.contains(&"2") && g.contains(&"3")),
        "{:?}",
        groups_of(&dedup)
    );
}
