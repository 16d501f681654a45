//! Topic clustering on text the project writes: the traps of the issue, the invariants, and
//! the same result on any number of threads.

use std::sync::LazyLock;

use proptest::prelude::*;

use super::*;
use crate::normalize::Normalizer;
use crate::segment::Segmenter;

static SEGMENTER: LazyLock<Segmenter> = LazyLock::new(Segmenter::new);

/// Content terms of each text, normalised and segmented as the pipeline does.
fn terms(texts: &[&str]) -> Vec<Vec<String>> {
    let normalizer = Normalizer::new();
    texts
        .iter()
        .map(|t| {
            let norm = normalizer.normalize(t);
            SEGMENTER
                .segment(norm.as_str())
                .iter()
                .filter(|t| t.is_content())
                .map(|t| t.text().to_owned())
                .collect()
        })
        .collect()
}

fn points<'t>(terms: &'t [Vec<String>], weights: &[u64]) -> Vec<DistinctPoint<'t>> {
    terms
        .iter()
        .enumerate()
        .map(|(i, t)| {
            DistinctPoint::new(t.iter().map(String::as_str), weights.get(i).copied().unwrap_or(1))
        })
        .collect()
}

fn stats_of(terms: &[Vec<String>]) -> TermStats {
    TermStats::new(terms.iter().map(|t| t.iter()))
}

fn topic_of(topics: &[Topic], point: usize) -> usize {
    topics.iter().position(|t| t.members().contains(&point)).expect("every point has a topic")
}

/// A consultation on residential estates: the same opening (我是…小区居民) before different
/// complaints, one complaint (the barbecue stall of 春晓小区) in several wordings, and the
/// usual boilerplate of a consultation.
const CONSULTATION: &[&str] = &[
    /* 0 */ "我是春晓小区居民，小区楼下烧烤摊夜里噪音扰民，油烟很大。",
    /* 1 */ "我是望湖小区居民，小区停车位被外来车辆长期占用。",
    /* 2 */ "春晓小区楼下的烧烤摊每天营业到凌晨，噪音和油烟严重扰民。",
    /* 3 */ "尊敬的领导：春晓小区楼下烧烤摊深夜噪音扰民，油烟熏得没法开窗，请城管处理。",
    /* 4 */ "我是滨江小区居民，希望小区增设电动车充电桩。",
    /* 5 */ "我是东湖小区居民，小区电梯经常故障，物业不及时维修。",
    /* 6 */ "我是西城小区居民，小区垃圾分类设施不足，垃圾桶经常满溢。",
    /* 7 */ "我是南苑小区居民，小区绿地被个别业主私自改成菜地。",
    /* 8 */ "建议草案第十条增加规定：住宅小区应当设置电动自行车集中充电设施。",
    /* 9 */ "建议明确物业服务企业对楼道堆放杂物的劝阻义务。",
    /* 10 */ "建议草案第二十条明确街道办事处对违法停车的管理职责。",
    /* 11 */ "望湖小区的停车位长期被外来车辆占用，业主回家没有地方停车。",
    /* 12 */ "尊敬的领导：建议草案增加对电梯维修资金使用的规定。",
    /* 13 */ "我是北辰小区居民，小区门口的早餐店油烟扰民。",
];

#[test]
fn a_template_filled_in_for_different_places_does_not_make_a_topic() {
    let terms = terms(CONSULTATION);
    let stats = stats_of(&terms);
    let points = points(&terms, &[]);
    let topics = Clusterer::new().cluster(&stats, &points);
    assert_ne!(topic_of(&topics, 0), topic_of(&topics, 1), "烧烤噪音 vs 停车位");
    // None of the openings 我是…小区居民 pulls another complaint in.
    for (a, b) in [(0, 4), (0, 5), (0, 6), (0, 7), (1, 4), (1, 5), (4, 5), (6, 7), (0, 13)] {
        assert_ne!(topic_of(&topics, a), topic_of(&topics, b), "{a} and {b}");
    }
}

#[test]
fn the_same_complaint_worded_differently_is_one_topic() {
    let terms = terms(CONSULTATION);
    let stats = stats_of(&terms);
    let points = points(&terms, &[]);
    let topics = Clusterer::new().cluster(&stats, &points);
    let barbecue = topic_of(&topics, 0);
    assert_eq!(topic_of(&topics, 2), barbecue);
    assert_eq!(topic_of(&topics, 3), barbecue);
    assert_eq!(topic_of(&topics, 11), topic_of(&topics, 1), "望湖小区停车位");
    let topic = &topics[barbecue];
    assert_eq!(topic.members(), [0, 2, 3]);
    assert!(topic.keywords().iter().any(|k| k == "烧烤摊" || k == "烧烤"), "{topic:?}");
    assert!(topic.keywords().iter().any(|k| k.contains("春晓")), "{topic:?}");
}

#[test]
fn boilerplate_weighs_little_and_concrete_words_weigh_a_lot() {
    let terms = terms(CONSULTATION);
    let stats = stats_of(&terms);
    assert!(stats.idf("小区") < stats.idf("烧烤摊") / 2.0);
    assert!(stats.idf("居民") < stats.idf("望湖"));
    assert!(stats.idf("建议") < stats.idf("电梯"));
    assert_eq!(stats.documents(), CONSULTATION.len());
}

#[test]
fn every_point_is_in_exactly_one_topic_in_ascending_order() {
    let terms = terms(CONSULTATION);
    let stats = stats_of(&terms);
    let points = points(&terms, &[]);
    let topics = Clusterer::new().cluster(&stats, &points);
    let mut seen: Vec<usize> = topics.iter().flat_map(|t| t.members().iter().copied()).collect();
    seen.sort_unstable();
    assert_eq!(seen, (0..CONSULTATION.len()).collect::<Vec<_>>());
    for t in &topics {
        assert!(t.members().windows(2).all(|w| w[0] < w[1]));
        assert!(t.members().contains(&t.representative()));
    }
}

#[test]
fn labels_hold_words_not_stop_words_numbers_or_codes() {
    let mut texts = CONSULTATION.to_vec();
    texts.extend([
        "A3区春晓小区的烧烤摊在2019年就开始扰民了，我们的投诉一直没有结果。",
        "A3区春晓小区烧烤摊扰民的问题，从2019年到现在都没有解决。",
    ]);
    let terms = terms(&texts);
    let stats = stats_of(&terms);
    let points = points(&terms, &[]);
    let topics = Clusterer::new().cluster(&stats, &points);
    // Whichever topic they join, the two texts sharing A3 and 2019 have a label without them.
    let topic = &topics[topic_of(&topics, 14)];
    assert_eq!(topic_of(&topics, 15), topic_of(&topics, 14));
    let label: Vec<&str> = topic.label().split('、').collect();
    assert!((2..=3).contains(&label.len()), "{label:?}");
    assert_eq!(label, topic.keywords()[..label.len()]);
    for word in topic.keywords() {
        assert!(!SEGMENTER.is_stop_word(word), "{word}");
        assert!(word.chars().count() >= 2, "{word}");
        assert!(!word.contains("2019") && !word.contains("A3"), "{word}");
    }
    let barbecue = &topics[topic_of(&topics, 0)];
    assert!(barbecue.keywords().iter().any(|k| k.contains("烧烤")), "{barbecue:?}");
    for t in &topics {
        assert!(t.label().split('、').all(|w| !SEGMENTER.is_stop_word(w)), "{t:?}");
    }
}

#[test]
fn keywords_skip_words_inside_better_ones() {
    let points = [
        DistinctPoint::new(["充电桩", "充电", "电动车", "楼道"], 1),
        DistinctPoint::new(["充电桩", "充电", "电动车", "楼道"], 1),
    ];
    let stats = TermStats::new([vec!["建议"], vec!["噪音"], vec!["停车位"], vec!["电梯"]]);
    let topics = Clusterer::new().cluster(&stats, &points);
    let keywords = topics[0].keywords();
    assert!(keywords.iter().any(|k| k == "充电桩"), "{keywords:?}");
    assert!(!keywords.iter().any(|k| k == "充电"), "contained in 充电桩: {keywords:?}");
}

#[test]
fn weights_choose_the_representative_and_order_the_topics() {
    let charging = ["楼道", "电动车", "充电", "火灾", "隐患"];
    let charging_too = ["楼道", "电动车", "充电", "隐患", "物业"];
    let parking = ["望湖", "停车位", "外来车辆", "占用"];
    let background = TermStats::new([
        vec!["建议", "草案"],
        vec!["建议", "规定"],
        vec!["噪音", "扰民"],
        vec!["电梯", "维修"],
        vec!["垃圾", "分类"],
    ]);
    let run = |weights: [u64; 3]| {
        let points = [
            DistinctPoint::new(charging, weights[0]),
            DistinctPoint::new(charging_too, weights[1]),
            DistinctPoint::new(parking, weights[2]),
        ];
        Clusterer::new().cluster(&background, &points)
    };
    // Equal weights: the tie goes to the earliest, and the pair outweighs the single point.
    let topics = run([1, 1, 1]);
    assert_eq!(topics[0].members(), [0, 1]);
    assert_eq!(topics[0].representative(), 0);
    assert_eq!(topics[0].weight(), 2);
    assert_eq!(topics[1].members(), [2]);
    // Four copies of the second wording make it the representative.
    let topics = run([1, 4, 1]);
    assert_eq!(topics[0].representative(), 1);
    assert_eq!(topics[0].weight(), 5);
    // A single point sent in ten copies comes first.
    let topics = run([1, 1, 10]);
    assert_eq!(topics[0].members(), [2]);
    assert_eq!(topics[0].weight(), 10);
    assert_eq!(topics[1].members(), [0, 1]);
    // Equal weights: the earlier first member comes first.
    let topics = run([1, 1, 2]);
    assert_eq!(topics[0].members(), [0, 1]);
}

#[test]
fn empty_input_and_empty_points() {
    let stats = TermStats::new(Vec::<Vec<&str>>::new());
    assert_eq!(stats.documents(), 0);
    assert!(Clusterer::new().cluster(&stats, &[]).is_empty());
    let points = [DistinctPoint::new([], 0), DistinctPoint::new(["烧烤摊"], 2)];
    let topics = Clusterer::new().cluster(&stats, &points);
    assert_eq!(topics.len(), 2);
    assert_eq!(topics[0].members(), [1], "the heavier first");
    assert_eq!(topics[0].label(), "", "statistics of no document weigh every term 0");
    // A term the statistics never saw weighs the most.
    let stats = TermStats::new([vec!["建议"], vec!["噪音"]]);
    let topics = Clusterer::new().cluster(&stats, &points);
    assert_eq!(topics[0].members(), [1]);
    assert_eq!(topics[0].label(), "烧烤摊");
    assert_eq!(topics[1].members(), [0]);
    assert_eq!(topics[1].weight(), 1, "a weight of 0 counts as 1");
    assert_eq!(topics[1].label(), "");
    assert!(topics[1].keywords().is_empty());
}

#[test]
fn parts_of_long_words_meet_when_the_segmenter_cuts_a_name_differently() {
    // 丽发新城 cut as 丽发/新城 in one text and as 区丽发/新城 in the other: the words share
    // nothing but 新城 and 搅拌站, their parts share 丽发.
    let a = ["丽发", "新城", "搅拌站", "噪音", "扰民"];
    let b = ["区丽发", "新城", "搅拌站", "粉尘", "污染"];
    let other = [["望湖", "停车位"], ["电梯", "维修"], ["垃圾", "分类"], ["噪音", "广场舞"]];
    let mut docs: Vec<Vec<&str>> = vec![a.to_vec(), b.to_vec()];
    docs.extend(other.iter().map(|o| o.to_vec()));
    let stats = TermStats::new(docs.clone());
    assert_eq!(stats.document_frequency("丽发"), 2);
    let points: Vec<DistinctPoint<'_>> =
        docs.iter().map(|d| DistinctPoint::new(d.iter().copied(), 1)).collect();
    let topics = Clusterer::new().cluster(&stats, &points);
    assert_eq!(topic_of(&topics, 0), topic_of(&topics, 1));
    let keywords = topics[topic_of(&topics, 0)].keywords();
    assert!(!keywords.iter().any(|k| k == "区丽"), "a part is no keyword: {keywords:?}");
}

#[test]
fn settings_out_of_range_are_config_errors() {
    for build in [
        Clusterer::builder().link(0.0).build(),
        Clusterer::builder().link(1.5).build(),
        Clusterer::builder().cohesion(f32::NAN).build(),
        Clusterer::builder().index_terms(0).build(),
        Clusterer::builder().max_postings(0).build(),
        Clusterer::builder().neighbours(0).build(),
        Clusterer::builder().keywords(1).build(),
    ] {
        let err = build.expect_err("out of range");
        assert_eq!(err.kind(), ErrorKind::Config);
        assert!(err.to_string().starts_with("cluster "), "{err}");
    }
    assert!(Clusterer::builder().link(1.0).cohesion(0.5).keywords(2).build().is_ok());
}

/// Texts from fragments: places, complaints and fillers in fixed pseudo-random combinations.
fn generated(n: usize) -> Vec<String> {
    const PLACES: &[&str] =
        &["春晓小区", "望湖花园", "滨江新城", "东湖社区", "西城家园", "南苑小区"];
    const COMPLAINTS: &[&str] = &[
        "楼下烧烤摊夜里噪音扰民",
        "停车位被外来车辆长期占用",
        "电梯经常故障没人维修",
        "楼道里电动车充电有火灾隐患",
        "垃圾分类设施不足垃圾满溢",
        "广场舞音响声音太大",
    ];
    const FILLERS: &[&str] =
        &["尊敬的领导：", "我是附近居民，", "", "建议尽快处理。", "希望有关部门重视。"];
    let mut state: u64 = 7;
    let mut next = |k: usize| {
        state =
            state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        (state >> 33) as usize % k
    };
    (0..n)
        .map(|_| {
            let f = FILLERS[next(FILLERS.len())];
            let p = PLACES[next(PLACES.len())];
            let c = COMPLAINTS[next(COMPLAINTS.len())];
            let g = FILLERS[next(FILLERS.len())];
            format!("{f}{p}{c}，{g}")
        })
        .collect()
}

#[test]
fn the_same_topics_on_one_and_two_threads() {
    let texts = generated(400);
    let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
    let terms = terms(&texts);
    let stats = stats_of(&terms);
    let weights: Vec<u64> = (0..texts.len() as u64).map(|i| 1 + i % 3).collect();
    let points = points(&terms, &weights);
    // Small postings and few links: the bounded paths run too.
    let mut builder = Clusterer::builder();
    builder.max_postings(8).neighbours(4);
    for clusterer in [Clusterer::new(), builder.build().expect("valid")] {
        let run = |threads: usize| {
            let pool =
                rayon::ThreadPoolBuilder::new().num_threads(threads).build().expect("a pool");
            pool.install(|| clusterer.cluster(&stats, &points))
        };
        let one = run(1);
        assert!(one.iter().any(|t| t.members().len() > 10), "the generated texts repeat");
        assert_eq!(one, run(2));
        assert_eq!(one, run(3));
    }
}

#[test]
fn generated_complaints_group_by_complaint() {
    // The same sentence of complaint after different places is one point about the law; the
    // different complaints after one place are not.
    let texts = generated(300);
    let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
    let terms = terms(&texts);
    let stats = stats_of(&terms);
    let points = points(&terms, &[]);
    let topics = Clusterer::new().cluster(&stats, &points);
    let what = |i: usize| {
        ["烧烤", "停车", "电梯", "充电", "垃圾", "广场舞"].iter().position(|c| texts[i].contains(c))
    };
    for t in &topics {
        let first = what(t.members()[0]);
        assert!(t.members().iter().all(|&m| what(m) == first), "{t:?}");
    }
    assert_eq!(topics.len(), 6, "{topics:#?}");
}

const WORDS: &[&str] = &[
    "小区",
    "居民",
    "建议",
    "烧烤摊",
    "噪音",
    "扰民",
    "停车位",
    "电梯",
    "维修",
    "充电桩",
    "楼道",
    "基层立法联系点",
    "业主委员会",
    "A3",
    "2019",
    "的",
    "春晓",
    "望湖",
    "x",
    "电动自行车",
];

fn arb_points() -> impl Strategy<Value = Vec<(Vec<usize>, u64)>> {
    prop::collection::vec((prop::collection::vec(0..WORDS.len(), 0..10), 0u64..5), 0..60)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn every_index_once_and_no_panic(
        input in arb_points(),
        link in 0.05f32..=1.0,
        cohesion in 0.05f32..=1.0,
        postings in 1usize..20,
        neighbours in 1usize..10,
    ) {
        let docs: Vec<Vec<&str>> =
            input.iter().map(|(t, _)| t.iter().map(|&i| WORDS[i]).collect()).collect();
        // Statistics from half the points: the others' terms may be unknown.
        let stats = TermStats::new(docs.iter().step_by(2).cloned());
        let points: Vec<DistinctPoint<'_>> = docs
            .iter()
            .zip(&input)
            .map(|(d, (_, w))| DistinctPoint::new(d.iter().copied(), *w))
            .collect();
        let clusterer = Clusterer::builder()
            .link(link)
            .cohesion(cohesion)
            .max_postings(postings)
            .neighbours(neighbours)
            .build()
            .expect("valid");
        let topics = clusterer.cluster(&stats, &points);
        let mut seen: Vec<usize> = topics.iter().flat_map(|t| t.members().iter().copied()).collect();
        seen.sort_unstable();
        prop_assert_eq!(seen, (0..points.len()).collect::<Vec<_>>());
        for t in &topics {
            prop_assert!(t.members().windows(2).all(|w| w[0] < w[1]));
            prop_assert!(t.members().contains(&t.representative()));
            let weight: u64 = t.members().iter().map(|&m| points[m].weight()).sum();
            prop_assert_eq!(t.weight(), weight);
            prop_assert!(t.keywords().len() <= 5);
        }
        for w in topics.windows(2) {
            prop_assert!(
                (w[0].weight(), std::cmp::Reverse(w[0].members()[0]))
                    > (w[1].weight(), std::cmp::Reverse(w[1].members()[0]))
            );
        }
    }
}
