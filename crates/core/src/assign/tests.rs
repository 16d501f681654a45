use std::path::{Path, PathBuf};

use proptest::prelude::*;
use serde_json::Value;

use super::*;

/// A draft in the style of a local regulation, with a 法律责任 chapter that repeats a duty.
const DRAFT: &str = "滨江市住宅物业管理条例（草案）
第一章　总则
第一条　为了规范住宅物业管理活动，维护业主和物业服务人的合法权益，根据有关法律、行政法规，结合本市实际，制定本条例。
第二条　本市行政区域内住宅物业的管理、使用、服务及其监督管理，适用本条例。
第二章　业主和业主组织
第三条　业主大会由物业管理区域内全体业主组成。业主委员会是业主大会的执行机构，由业主大会选举产生。
第四条　业主委员会应当每半年向全体业主公布一次物业服务费用收支情况和共有部分经营收益情况。
第三章　物业服务
第五条　物业服务收费应当遵循合理、公开、质价相符的原则，收费标准由业主和物业服务人在物业服务合同中约定。
第六条　专项维修资金属于业主所有，专项用于共用部位、共用设施设备保修期满后的维修和更新、改造。
使用专项维修资金，应当经专有部分面积占比三分之二以上的业主且人数占比三分之二以上的业主参与表决。
第七条　物业管理区域内禁止下列行为：
（一）擅自改变房屋用途；
（二）占用、堵塞、封闭消防车通道和疏散通道；
（三）在楼道内停放电动自行车或者私拉电线充电；
（四）饲养动物干扰他人正常生活。
第八条　住宅小区应当配建电动自行车集中充电设施，充电设施的建设费用由建设单位承担。
第四章　法律责任
第九条　违反本条例第七条第二项规定，占用、堵塞、封闭消防车通道的，由消防救援机构责令改正，处五千元以上五万元以下罚款。
第十条　本条例自2027年1月1日起施行。";

fn assigner() -> &'static Assigner {
    static ASSIGNER: std::sync::OnceLock<Assigner> = std::sync::OnceLock::new();
    ASSIGNER.get_or_init(|| {
        let draft = Draft::parse(DRAFT).expect("the test draft parses");
        Assigner::new(&draft, &Segmenter::new()).expect("default options are valid")
    })
}

fn articles(a: &Assignment) -> Vec<u32> {
    a.articles().map(|(n, _)| n).collect()
}

#[test]
fn an_explicit_citation_files_the_opinion_under_that_article() {
    let a = assigner().assign("建议将第五条中的“质价相符”修改为“质价相符、公开透明”。", None);
    assert_eq!(articles(&a), [5]);
    let best = &a.segments()[0].assigned()[0];
    assert_eq!(best.evidence().name(), "citation");
    assert_eq!(best.score(), 1.0);
}

#[test]
fn a_citation_of_another_law_never_counts_for_the_draft() {
    let text = "《民法典》第二百八十二条规定，共有部分的收入扣除合理成本后属于业主共有，希望物业公开账目。";
    let a = assigner().assign(text, None);
    assert!(!articles(&a).is_empty(), "the subject still files it: {a:?}");
    for segment in a.segments() {
        for c in segment.candidates() {
            assert_ne!(c.evidence().name(), "citation", "{c:?}");
        }
    }
    // The same-numbered article of the draft does not exist; a smaller number that does exist
    // must not be picked from the other law either.
    let other = assigner().assign("《消防法》第二条规定了消防工作的方针。", None);
    assert!(other.segments().iter().all(|s| {
        s.assigned().iter().all(|c| c.article() != 2 || c.evidence().name() != "citation")
    }));
}

#[test]
fn a_range_files_every_article_in_it() {
    let a = assigner().assign("第三条至第五条关于业主组织的规定过于原则，建议细化。", None);
    assert_eq!(articles(&a), [3, 4, 5]);
}

#[test]
fn quoting_the_articles_wording_files_it_there_with_the_quote_as_evidence() {
    let text =
        "草案提到“专项用于共用部位、共用设施设备保修期满后的维修”，建议明确电梯更新也可以使用。";
    let a = assigner().assign(text, None);
    assert_eq!(articles(&a), [6]);
    let Evidence::Quote { quoted, span } = a.segments()[0].assigned()[0].evidence() else {
        panic!("expected a quote: {a:?}");
    };
    assert!(quoted.contains("共用设施设备保修期满后"), "{quoted}");
    assert_eq!(&text[span.clone()], quoted);
}

#[test]
fn common_statutory_phrases_are_no_quote() {
    // 本条例 / 应当 / 物业管理区域内 appear in many articles: no quote of any one of them.
    let a = assigner().assign("本条例应当更加具体一些。", None);
    assert!(a.segments()[0].candidates().iter().all(|c| c.evidence().name() != "quote"), "{a:?}");
}

#[test]
fn an_opinion_in_numbered_parts_is_filed_part_by_part() {
    let text = "对草案提两点意见：一、第四条的公布周期太长，建议每季度公布一次。二、第八条应当明确充电设施的维护责任。";
    let a = assigner().assign(text, None);
    assert_eq!(a.segments().len(), 2);
    assert_eq!(a.segments()[0].assigned()[0].article(), 4);
    assert_eq!(a.segments()[1].assigned()[0].article(), 8);
    assert!(text[a.segments()[1].span()].starts_with("二、"));
    assert_eq!(articles(&a), [4, 8]);
}

#[test]
fn parts_without_their_own_citation_inherit_the_lead_in() {
    let text =
        "关于第六条，有两点意见：（一）维修资金使用的表决门槛太高；（二）应急维修应当简化程序。";
    let a = assigner().assign(text, None);
    assert_eq!(a.segments().len(), 2);
    for segment in a.segments() {
        assert_eq!(segment.assigned()[0].article(), 6, "{segment:?}");
    }
}

#[test]
fn list_markers_need_a_sequence_and_a_boundary() {
    // 1.5 is a number, 第一条 an article, a lone 一、 no list.
    assert!(parts("收费提高1.5倍不合理，2.0版本更好。").is_empty());
    assert!(parts("第一条、第二条都要改。").is_empty());
    assert!(parts("一、建议尽快出台。").is_empty());
    assert_eq!(parts("建议：1、增加充电桩；2、加强巡查；3、公开收费。").len(), 3);
    assert_eq!(parts("第一，公开账目；第二，按时维修。").len(), 2);
    assert_eq!(parts("①公开账目；②按时维修").len(), 2);
}

#[test]
fn an_opinion_in_everyday_words_is_filed_by_similarity() {
    let a = assigner()
        .assign("我们楼里好多人把电瓶车推进楼道里充电，还有人从窗户拉电线下来，太危险了。", None);
    assert_eq!(articles(&a), [7], "{a:?}");
    let Evidence::Similarity { terms } = a.segments()[0].assigned()[0].evidence() else {
        panic!("expected similarity: {a:?}");
    };
    assert!(!terms.is_empty());
}

#[test]
fn everyday_words_reach_the_statutory_terms() {
    // 维修基金 is what people say; the draft says 专项维修资金.
    let a = assigner().assign("小区电梯坏了想用维修基金，可是凑不齐签字。", None);
    assert_eq!(a.ranked().first(), Some(&(6, None)), "{a:?}");
}

#[test]
fn the_duty_ranks_above_the_penalty_that_repeats_it_unless_penalties_are_the_point() {
    let duty = assigner().assign("有人长期封闭消防车通道，物业也不管。", None);
    assert_eq!(duty.ranked().first(), Some(&(7, None)), "{duty:?}");
    let penalty = assigner().assign("封闭消防车通道的罚款太轻，五千元起罚不足以震慑。", None);
    assert_eq!(penalty.ranked().first(), Some(&(9, None)), "{penalty:?}");
}

#[test]
fn text_about_nothing_in_particular_is_general() {
    let a = assigner().assign("总体赞成，希望早日出台。", None);
    assert!(a.is_general(), "{a:?}");
    assert!(articles(&a).is_empty());
}

#[test]
fn the_article_column_counts_as_a_citation_and_can_say_general() {
    let a = assigner().assign("希望早日出台。", Some("第八条"));
    assert_eq!(articles(&a), [8]);
    let Evidence::Citation { span, written } = a.segments()[0].assigned()[0].evidence() else {
        panic!("{a:?}");
    };
    assert_eq!((span, written.as_str()), (&None, "第八条"));
    assert_eq!(articles(&assigner().assign("希望早日出台。", Some("5、6"))), [5, 6]);
    // An article the draft does not have is ignored, not invented.
    assert!(assigner().assign("总体赞成。", Some("第99条")).is_general());
    // 总体 in the column keeps a similar-looking opinion general.
    let general = assigner().assign("楼道内停放电动自行车和充电的问题要重视。", Some("总体"));
    assert!(general.is_general(), "{general:?}");
}

#[test]
fn a_subject_line_helps_and_its_citation_counts() {
    let text = "具体情况如下，请领导重视。";
    let titled = assigner().assign_titled(Some("关于第四条公布收支情况的建议"), text, None);
    assert_eq!(articles(&titled), [4]);
    let by_words = assigner().assign_titled(Some("业主委员会不公布共有部分经营收益"), text, None);
    assert_eq!(by_words.ranked().first(), Some(&(4, None)), "{by_words:?}");
}

#[test]
fn candidates_are_ranked_and_capped() {
    let mut builder = Assigner::builder();
    builder.candidates(2);
    let draft = Draft::parse(DRAFT).unwrap();
    let assigner = builder.build(&draft, &Segmenter::new()).unwrap();
    let a = assigner.assign("物业服务收费和专项维修资金、消防车通道、充电设施都要规范。", None);
    let c = a.segments()[0].candidates();
    assert!(c.len() <= 2);
    assert!(c.windows(2).all(|w| w[0].score() >= w[1].score()), "{c:?}");
}

#[test]
fn bad_options_are_errors() {
    let draft = Draft::parse(DRAFT).unwrap();
    let segmenter = Segmenter::new();
    for builder in [
        Assigner::builder().threshold(1.5).clone(),
        Assigner::builder().margin(-0.1).clone(),
        Assigner::builder().quote_chars(2).clone(),
        Assigner::builder().candidates(0).clone(),
        Assigner::builder().bm25(0.0, 0.5).clone(),
    ] {
        let err = builder.build(&draft, &segmenter).unwrap_err();
        assert_eq!(err.kind(), crate::ErrorKind::Config, "{err}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]
    #[test]
    fn any_text_is_assigned_without_panic_and_spans_are_char_boundaries(
        text in "[一二三（）()1-9、，。第条款项：“”物业维修资金充电消防通道A-z \\n]{0,80}",
        column in proptest::option::of("[第一二三四五六七八九十条0-9、总体]{0,6}"),
    ) {
        let assigner = assigner();
        let a = assigner.assign(&text, column.as_deref());
        prop_assert!(!a.segments().is_empty());
        for segment in a.segments() {
            let span = segment.span();
            prop_assert!(span.start <= span.end && span.end <= text.len());
            prop_assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end));
            for c in segment.candidates().iter().chain(segment.assigned()) {
                prop_assert!((0.0..=1.0).contains(&c.score()), "{c:?}");
                if let Evidence::Quote { span, .. } | Evidence::Citation { span: Some(span), .. } =
                    c.evidence()
                {
                    prop_assert!(text.is_char_boundary(span.start));
                    prop_assert!(text.is_char_boundary(span.end));
                }
            }
        }
    }
}

fn jsonl(path: &Path) -> Vec<Value> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    text.lines().map(|l| serde_json::from_str(l).expect("a JSON line")).collect()
}

fn numbers(v: &Value) -> Vec<u32> {
    v.as_array()
        .map(|a| a.iter().filter_map(Value::as_u64).map(|n| n as u32).collect())
        .unwrap_or_default()
}

/// The generated consultation in `corpora/sample`, whose truth the generator knows: by the kind
/// of reference each opinion makes, the share filed exactly right and the share whose best
/// candidate is right.
#[test]
fn accuracy_on_the_generated_sample_holds() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../corpora/sample");
    let draft = Draft::parse(&std::fs::read_to_string(dir.join("草案.md")).unwrap()).unwrap();
    let assigner = Assigner::new(&draft, &Segmenter::new()).unwrap();
    let normalizer = Normalizer::new();
    let opinions = jsonl(&dir.join("opinions.jsonl"));
    let truth = jsonl(&dir.join("truth.jsonl"));
    assert_eq!(opinions.len(), truth.len());
    // kind -> (n, exact, best right)
    let mut by_kind: std::collections::BTreeMap<String, (usize, usize, usize)> = Default::default();
    for (o, t) in opinions.iter().zip(&truth) {
        let text = normalizer.normalize(o["text"].as_str().unwrap_or_default());
        let a = assigner.assign(text.as_str(), o["article_column"].as_str());
        let mut got = articles(&a);
        got.sort_unstable();
        let mut want = numbers(&t["articles"]);
        want.sort_unstable();
        let best = a.ranked().first().map(|&(n, _)| n);
        let best_right =
            if want.is_empty() { got.is_empty() } else { best.is_some_and(|b| want.contains(&b)) };
        let row = by_kind.entry(t["reference"].as_str().unwrap_or("?").to_owned()).or_default();
        row.0 += 1;
        row.1 += usize::from(got == want);
        row.2 += usize::from(best_right);
    }
    let share = |k: &str, f: fn(&(usize, usize, usize)) -> usize| {
        let row = &by_kind[k];
        f(row) as f64 / row.0 as f64
    };
    let exact = |r: &(usize, usize, usize)| r.1;
    let best = |r: &(usize, usize, usize)| r.2;
    let all: (usize, usize) = by_kind.values().fold((0, 0), |acc, r| (acc.0 + r.0, acc.1 + r.1));
    let report = format!("{by_kind:?}");
    assert!(share("explicit", exact) >= 0.97, "{report}");
    assert!(share("quoted", best) >= 0.90, "{report}");
    assert!(share("implicit", best) >= 0.78, "{report}");
    assert!(share("none", exact) >= 0.45, "{report}");
    assert!(all.1 as f64 / all.0 as f64 >= 0.75, "{report}");
}

/// Real messages against real regulations, labelled by hand (`tests/data/assign_dev.jsonl`):
/// the best candidate is one of the labelled articles (top 1), or one of the first three is.
/// Measured at 41.7% and 65.5% when the thresholds below were set.
#[test]
fn accuracy_on_the_real_development_set_holds() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let shared = root.join("../shared/corpora");
    if !shared.exists() {
        // Visible with --nocapture; a plain clone without ../shared still passes.
        #[allow(clippy::print_stderr)]
        {
            eprintln!(
                "skipped: {} is absent (the real development set needs it)",
                shared.display()
            );
        }
        return;
    }
    let labels = jsonl(&root.join("tests/data/assign_dev.jsonl"));
    let segmenter = Segmenter::new();
    let normalizer = Normalizer::new();
    let mut assigners: std::collections::HashMap<String, Assigner> = Default::default();
    let mut messages: std::collections::HashMap<String, std::collections::HashMap<String, Value>> =
        Default::default();
    let background: Vec<String> =
        ["tipdm2020C_att3_hot_messages.jsonl", "tipdm2020C_att4_messages_with_replies.jsonl"]
            .iter()
            .flat_map(|file| jsonl(&shared.join("messages").join(file)))
            .map(|m| {
                let text = format!(
                    "{}\n{}",
                    m["title"].as_str().unwrap_or_default(),
                    m["detail"].as_str().unwrap_or_default()
                );
                normalizer.normalize(&text).as_str().to_owned()
            })
            .collect();
    let (mut n, mut top1, mut top3, mut filed) = (0, 0, 0, 0);
    for label in &labels {
        let law = label["law"].as_str().unwrap().to_owned();
        let file = label["file"].as_str().unwrap().to_owned();
        let want = numbers(&label["articles"]);
        if want.is_empty() {
            continue;
        }
        let assigner = assigners.entry(law.clone()).or_insert_with(|| {
            let text = std::fs::read_to_string(shared.join("laws").join(&law)).unwrap();
            let mut assigner = Assigner::new(&Draft::parse(&text).unwrap(), &segmenter).unwrap();
            // As the pipeline does: learn from the consultation's opinions.
            assigner.learn(&background);
            assigner
        });
        let by_id = messages.entry(file.clone()).or_insert_with(|| {
            jsonl(&shared.join("messages").join(&file))
                .into_iter()
                .map(|m| (m["id"].as_str().map_or_else(|| m["id"].to_string(), str::to_owned), m))
                .collect()
        });
        let m = &by_id[label["message"].as_str().unwrap()];
        let text = normalizer.normalize(m["detail"].as_str().unwrap_or_default());
        let assignment = assigner.assign_titled(m["title"].as_str(), text.as_str(), None);
        filed += usize::from(assignment.articles().any(|(a, _)| want.contains(&a)));
        let ranked = assignment.ranked();
        n += 1;
        top1 += usize::from(ranked.first().is_some_and(|(a, _)| want.contains(a)));
        top3 += usize::from(ranked.iter().take(3).any(|(a, _)| want.contains(a)));
    }
    let (top1, top3) = (top1 as f64 / n as f64, top3 as f64 / n as f64);
    let filed = filed as f64 / n as f64;

    assert!(n >= 200, "{n}");
    assert!(top1 >= 0.39 && top3 >= 0.62, "top-1 {top1:.3}, top-3 {top3:.3}");
    // Filed (not only ranked) under a right article, rather than left in 总体意见.
    assert!(filed >= 0.31, "filed right {filed:.3}");
}

#[test]
fn learning_the_consultation_makes_its_common_words_weigh_less() {
    let draft = Draft::parse(DRAFT).unwrap();
    let mut assigner = Assigner::new(&draft, &Segmenter::new()).unwrap();
    let text = "物业服务收费应当公开，收费标准要在合同中约定，另外希望建充电设施。";
    let score = |a: &Assigner, article: u32| {
        let found = a.assign(text, None);
        found.segments()[0]
            .candidates()
            .iter()
            .find(|c| c.article() == article)
            .map_or(0.0, Candidate::score)
    };
    let before = score(&assigner, 8) / score(&assigner, 5);
    // Every opinion of this consultation talks about 物业服务收费; few about 充电设施.
    let mut texts: Vec<String> =
        (0..40).map(|i| format!("{i}号楼的业主反映物业服务收费标准和合同的问题。")).collect();
    texts.push("充电设施不够用。".to_owned());
    assigner.learn(&texts);
    let after = score(&assigner, 8) / score(&assigner, 5);
    assert!(after > 1.3 * before, "{before} -> {after}");
    // Learning is a function of the texts, not of their order.
    let mut again = Assigner::new(&draft, &Segmenter::new()).unwrap();
    texts.reverse();
    again.learn(&texts);
    assert_eq!(again.assign(text, None), assigner.assign(text, None));
}

#[test]
fn citations_of_articles_the_draft_lacks_are_reported_not_clamped() {
    let a = assigner().assign("建议删除第九十九条，并修改第五条。", None);
    assert_eq!(articles(&a), [5]);
    assert_eq!(a.unresolved(), ["第九十九条"]);
    let column = assigner().assign("希望早日出台。", Some("第60条"));
    assert!(column.is_general());
    assert_eq!(column.unresolved(), ["第60条"]);
    assert!(assigner().assign("建议修改第五条。", Some("总体")).unresolved().is_empty());
}
