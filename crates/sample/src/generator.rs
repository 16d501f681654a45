//! The generator: composes opinions from the point bank, plants copies, campaigns, personal
//! data and messy cells, and records all of it.
//!
//! Opinions that are not copies are worded independently, as people who make the same point
//! on their own write it: each sentence of the bank is drawn from its phrasings and choices
//! ([`crate::phrase`]), and the frames around it (an opening, how the article is referred to,
//! how the ask is put, which reasons follow and how they are joined) vary from text to text.
//! Copies are made from a finished original and keep its wording.

use std::collections::HashSet;

use crate::bank::{Article, Point, parse_draft, parse_points};
use crate::cn::cn_number;
use crate::mess::{self, map_outside_quotes, swap_numerals};
use crate::names::{self, CONTACT_POINTS, PointKind};
use crate::phrase::Phrase;
use crate::pii;
use crate::rng::{KeySet, Rng, loose_key, squeezed_key};
use crate::{DupKind, Mess, PiiKind, PlantedPii, RefKind, SampleOpinion, Truth};

mod contained;

use contained::Contained;

const POINTS_TXT: &str = include_str!("data/points.txt");

/// Days of the consultation window (2026-11-01 .. 2026-11-30).
const DAYS: usize = 30;

/// Chance that a normal row is a copy while copies are pending.
const P_COPY: f64 = 0.21;
/// Chance that an original becomes the first member of a duplicate family.
const P_SEED: f64 = 0.135;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Group {
    Resident,
    Owner,
    Rider,
    Courier,
    Enterprise,
    Property,
    Deputy,
    Expert,
    Lawyer,
    CommunityWorker,
    Student,
    Cppcc,
}

/// Submitter groups and their shares (per mille).
const GROUPS: [(Group, u32); 12] = [
    (Group::Resident, 380),
    (Group::Owner, 170),
    (Group::Rider, 80),
    (Group::Courier, 30),
    (Group::Enterprise, 70),
    (Group::Property, 40),
    (Group::Deputy, 50),
    (Group::Expert, 40),
    (Group::Lawyer, 50),
    (Group::CommunityWorker, 40),
    (Group::Student, 20),
    (Group::Cppcc, 10),
];

impl Group {
    fn label(self) -> &'static str {
        match self {
            Group::Resident => "居民",
            Group::Owner => "业主",
            Group::Rider => "外卖骑手",
            Group::Courier => "快递员",
            Group::Enterprise => "企业",
            Group::Property => "物业服务企业",
            Group::Deputy => "人大代表",
            Group::Expert => "专家顾问",
            Group::Lawyer => "律师",
            Group::CommunityWorker => "社区工作者",
            Group::Student => "学生",
            Group::Cppcc => "政协委员",
        }
    }

    /// Weights over `CONTACT_POINTS`.
    fn contact_weights(self) -> [u32; 9] {
        match self {
            Group::Resident => [18, 16, 14, 8, 0, 1, 0, 1, 42],
            Group::Owner => [20, 18, 15, 6, 0, 0, 0, 0, 41],
            Group::Rider => [6, 6, 4, 2, 0, 0, 52, 0, 30],
            Group::Courier => [4, 4, 4, 2, 0, 0, 60, 0, 26],
            Group::Enterprise => [3, 3, 3, 2, 1, 1, 5, 52, 30],
            Group::Property => [22, 20, 18, 6, 0, 0, 0, 4, 30],
            Group::Deputy => [15, 15, 15, 15, 5, 5, 5, 5, 20],
            Group::Expert => [2, 2, 2, 2, 6, 52, 2, 2, 30],
            Group::Lawyer => [2, 2, 2, 1, 65, 5, 0, 1, 22],
            Group::CommunityWorker => [30, 28, 28, 12, 0, 0, 0, 0, 2],
            Group::Student => [5, 5, 5, 2, 0, 40, 0, 0, 43],
            Group::Cppcc => [10, 10, 10, 5, 5, 10, 5, 10, 35],
        }
    }

    /// Interest in each chapter of the draft (index = chapter 1..=8; 0 unused), in tenths.
    fn chapter_affinity(self) -> [u32; 9] {
        match self {
            Group::Resident => [0, 10, 6, 12, 12, 16, 6, 10, 5],
            Group::Owner => [0, 5, 3, 8, 6, 32, 4, 10, 4],
            Group::Rider | Group::Courier => [0, 4, 4, 10, 26, 10, 30, 12, 4],
            Group::Enterprise => [0, 6, 36, 10, 5, 6, 20, 12, 5],
            Group::Property => [0, 6, 2, 4, 3, 36, 3, 16, 3],
            Group::Deputy | Group::Cppcc => [0, 12, 10, 10, 10, 12, 10, 10, 8],
            Group::Expert | Group::Lawyer => [0, 15, 10, 10, 10, 10, 10, 20, 15],
            Group::CommunityWorker => [0, 15, 4, 8, 6, 22, 5, 8, 4],
            Group::Student => [0, 10, 5, 10, 26, 8, 6, 10, 5],
        }
    }

    /// Writes article numbers readily (experts, lawyers, deputies, firms).
    fn formal(self) -> bool {
        matches!(
            self,
            Group::Expert | Group::Lawyer | Group::Deputy | Group::Cppcc | Group::Enterprise
        )
    }

    /// A sentence the submitter says about themselves (often with numbers that are not citations).
    fn intro(self, rng: &mut Rng) -> String {
        let estate = rng.pick(&names::ESTATES);
        let street = rng.pick(&names::STREETS);
        match self {
            Group::Resident => match rng.below(5) {
                0 => format!("我家住在{estate}，小区有{}户居民。", rng.range(120, 960)),
                1 => format!("我骑电动车{}年了。", rng.range(3, 20)),
                2 => format!("我今年{}岁，每天骑电动车买菜、接孙子。", rng.range(55, 78)),
                3 => "我是一名上班族，每天骑电动车通勤。".to_string(),
                _ => format!("我家有{}辆电动车，平时上班和接送孩子都靠它。", rng.range(2, 3)),
            },
            Group::Owner => match rng.below(3) {
                0 => format!("我是{estate}的业主。"),
                1 => format!(
                    "我是{estate}业委会的委员，我们小区共有{}幢楼、{}户。",
                    rng.range(6, 30),
                    rng.range(208, 1500)
                ),
                _ => format!(
                    "我们{estate}今年第{}次业主大会专门讨论过电动车充电的问题。",
                    rng.range(2, 4)
                ),
            },
            Group::Rider => match rng.below(3) {
                0 => format!("我是一名外卖骑手，每天要跑{}单左右。", rng.range(30, 80)),
                1 => format!("我在{street}一带送外卖{}年了。", rng.range(2, 8)),
                _ => "我们站点有四十多个骑手，大家对条例都很关心。".to_string(),
            },
            Group::Courier => format!("我是一名快递员，每天派件{}件左右。", rng.range(150, 300)),
            Group::Enterprise => match rng.below(3) {
                0 => format!(
                    "我公司是本市一家电动自行车销售企业，在全市有{}家门店。",
                    rng.range(3, 40)
                ),
                1 => "我们是一家从事电动自行车换电服务的企业。".to_string(),
                _ => format!("我们公司在本市经营电动自行车已有{}年。", rng.range(5, 25)),
            },
            Group::Property => format!("我们公司在本市管理着{}个住宅小区。", rng.range(8, 60)),
            Group::Deputy => {
                if rng.chance(0.5) {
                    "作为市人大代表，我在走访选民时了解到，群众对这个问题反映比较集中。".to_string()
                } else {
                    "本人是区人大代表，结合调研情况提以下意见。".to_string()
                }
            }
            Group::Expert => {
                if rng.chance(0.5) {
                    "从立法技术角度提一点意见。".to_string()
                } else {
                    "作为市人大常委会立法专家顾问，我认真研读了草案。".to_string()
                }
            }
            Group::Lawyer => {
                if rng.chance(0.6) {
                    "作为执业律师，我代理过多起电动自行车交通事故案件。".to_string()
                } else {
                    format!(
                        "我在代理（2025）滨江民初字第{}号案件时发现，电动自行车事故的赔偿问题很突出。",
                        rng.range(1000, 29999)
                    )
                }
            }
            Group::CommunityWorker => {
                format!("我在社区工作{}年了，对这个问题深有体会。", rng.range(3, 20))
            }
            Group::Student => "我是一名大学生，每天骑电动车上学。".to_string(),
            Group::Cppcc => format!(
                "作为政协委员，我去年提交的第{}号提案就是关于电动自行车充电问题的。",
                rng.range(100, 420)
            ),
        }
    }
}

/// Articles people write about most, with their weight (others weigh 2).
const HOT: [(u32, u32); 30] = [
    (28, 10),
    (22, 9),
    (17, 8),
    (26, 8),
    (44, 8),
    (14, 7),
    (20, 7),
    (21, 7),
    (27, 7),
    (38, 7),
    (24, 6),
    (29, 6),
    (37, 6),
    (45, 6),
    (46, 6),
    (11, 5),
    (30, 5),
    (13, 4),
    (19, 4),
    (35, 4),
    (47, 4),
    (1, 3),
    (4, 3),
    (5, 3),
    (15, 3),
    (23, 3),
    (34, 3),
    (41, 1),
    (49, 1),
    (51, 1),
];

/// Pairs of articles often raised together in one opinion.
const RELATED: [(u32, u32); 16] = [
    (28, 46),
    (14, 44),
    (20, 45),
    (11, 43),
    (10, 42),
    (27, 47),
    (37, 48),
    (26, 28),
    (29, 28),
    (17, 14),
    (22, 38),
    (37, 38),
    (35, 36),
    (13, 17),
    (26, 30),
    (22, 24),
];

/// Words an ask may go on with after 建议 that make it read as a verb phrase.
const VERB_FIRST: [&str; 40] = [
    "将",
    "把",
    "在",
    "对",
    "由",
    "给",
    "为",
    "从",
    "明确",
    "写明",
    "规定",
    "增加",
    "补充",
    "再加上",
    "删除",
    "删去",
    "删掉",
    "去掉",
    "提高",
    "延长",
    "取消",
    "允许",
    "要求",
    "推行",
    "设立",
    "建立",
    "禁止",
    "简化",
    "区分",
    "同时",
    "进一步",
    "降低",
    "实行",
    "定期",
    "直接",
    "细化",
    "扩大",
    "制定",
    "加大",
    "配套",
];

/// Word swaps of near copies (and of the small edit of a contained copy).
const SYNONYMS: [(&str, &str); 16] = [
    ("电动自行车", "电动车"),
    ("建议", "希望"),
    ("应当", "应该"),
    ("修改为", "改为"),
    ("物业服务企业", "物业公司"),
    ("非常", "十分"),
    ("很多", "不少"),
    ("群众", "老百姓"),
    ("小区", "社区"),
    ("老人", "老年人"),
    ("现在", "目前"),
    ("根本", "完全"),
    ("规定", "条款"),
    ("明确", "明确规定"),
    ("太", "过于"),
    ("的", "得"),
];

/// How the points of a letter are numbered.
const NUMBERINGS: [[&str; 4]; 6] = [
    ["一、", "二、", "三、", "四、"],
    ["1.", "2.", "3.", "4."],
    ["1、", "2、", "3、", "4、"],
    ["（一）", "（二）", "（三）", "（四）"],
    ["第一，", "第二，", "第三，", "第四，"],
    ["一是", "二是", "三是", "四是"],
];

/// What a [`Generator`] plants beyond the default sample.
///
/// `Settings::default()` is the default sample. A setting that is off leaves the output
/// byte-for-byte what it is without it; one that is on draws from its own random stream, so
/// the rows of the default sample keep their text and metadata.
///
/// ```
/// let mut settings = minyi_sample::Settings::default();
/// settings.contained(0.05);
/// let g = minyi_sample::Generator::with_settings(minyi_sample::DEFAULT_SEED, &settings);
/// assert!(g.generate(1000).len() > 1000);
/// ```
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Settings {
    contained: f64,
}

impl Settings {
    /// Share (clamped to 0..=1; 0, the default, is off) of the eligible opinions that get one
    /// contained copy: a longer letter by someone else holding the opinion's text verbatim
    /// (or with one small edit: a punctuation mark, one word) among points of its own, two to
    /// four times as long. Eligible are opinions of 30 to 150 characters (whitespace not
    /// counted) with a point, no personal data, not a campaign letter. The copy joins the
    /// opinion's duplicate family with [`crate::DupKind::Contained`]; see [`Generator::iter`]
    /// for where it goes and its id.
    pub fn contained(&mut self, share: f64) -> &mut Settings {
        self.contained = if share.is_nan() { 0.0 } else { share.clamp(0.0, 1.0) };
        self
    }

    /// The share of eligible opinions that get a contained copy (0: none).
    pub fn contained_share(&self) -> f64 {
        self.contained
    }
}

/// Deterministic generator of sample opinions on [`crate::draft_text`].
#[derive(Debug, Clone)]
pub struct Generator {
    seed: u64,
    settings: Settings,
    articles: Vec<Article>,
    points: Vec<Point>,
    /// Indices of article points (not general ones).
    specific: Vec<usize>,
    general: Vec<usize>,
    /// Per group (in `GROUPS` order): weights over `specific`.
    tables: Vec<Vec<u32>>,
}

impl Generator {
    /// A generator for `seed` with the default [`Settings`]. Parses the built-in draft and
    /// point bank (well under a millisecond).
    pub fn new(seed: u64) -> Self {
        Generator::with_settings(seed, &Settings::default())
    }

    /// A generator for `seed` with `settings`.
    pub fn with_settings(seed: u64, settings: &Settings) -> Self {
        let articles = parse_draft(crate::draft_text());
        let points = parse_points(POINTS_TXT);
        let specific: Vec<usize> = (0..points.len()).filter(|&i| !points[i].is_general()).collect();
        let general: Vec<usize> = (0..points.len()).filter(|&i| points[i].is_general()).collect();
        let chapter_of =
            |a: u32| articles.iter().find(|x| x.number == a).map_or(1, |x| x.chapter) as usize;
        let per_article =
            |a: u32| specific.iter().filter(|&&i| points[i].article == a).count() as u32;
        let tables = GROUPS
            .iter()
            .map(|(g, _)| {
                let aff = g.chapter_affinity();
                specific
                    .iter()
                    .map(|&i| {
                        let a = points[i].article;
                        let hot = HOT.iter().find(|h| h.0 == a).map_or(2, |h| h.1);
                        hot * 60 * aff[chapter_of(a).min(8)] / per_article(a).max(1)
                    })
                    .collect()
            })
            .collect();
        Generator { seed, settings: settings.clone(), articles, points, specific, general, tables }
    }

    /// The seed.
    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// The settings.
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// `n` opinions, ids "1"..="n" (and the contained copies, if [`Settings::contained`] is
    /// on; see [`Generator::iter`]). Same seed, settings and `n`, same opinions.
    pub fn generate(&self, n: usize) -> Vec<SampleOpinion> {
        self.iter(n).collect()
    }

    /// The same opinions as [`Generator::generate`], one at a time (memory stays small apart
    /// from one 8-byte hash per opinion, used to keep distinct opinions distinct).
    ///
    /// The `n` opinions of the default sample come in id order, "1"..="n", with the same
    /// text and metadata whatever the settings. Contained copies ([`Settings::contained`])
    /// are added rows: each comes after its original, right after a later row (up to about
    /// a tenth of `n` rows later, or at the end), with that row's date, and takes the next id
    /// after `n`: the first added row is `n + 1`, the next `n + 2`, in the order they come.
    /// So the ids of the default sample do not move, and the added ids are not in row order.
    /// An original that had no family gets one with a new `dup_group` above every group id
    /// the default sample can use (the campaigns' and `n` more): its truth line gains the
    /// group, nothing else of it changes.
    pub fn iter(&self, n: usize) -> Opinions<'_> {
        Opinions::new(self, n)
    }

    fn article(&self, n: u32) -> Option<&Article> {
        self.articles.iter().find(|a| a.number == n)
    }

    /// Does `text` quote (in “…”) wording of article `a`?
    fn quotes_article(&self, text: &str, a: u32) -> bool {
        let Some(article) = self.article(a) else { return false };
        let mut rest = text;
        while let Some(open) = rest.find('“') {
            let after = &rest[open + '“'.len_utf8()..];
            let Some(close) = after.find('”') else { break };
            let q = &after[..close];
            if q.chars().count() >= 2 && article.text.contains(q) {
                return true;
            }
            rest = &after[close..];
        }
        false
    }
}

#[derive(Debug, Clone)]
struct Person {
    name: String,
    group: Group,
    org: Option<String>,
    contact: usize,
}

#[derive(Debug, Clone)]
struct Seg {
    text: String,
    core: bool,
}

impl Seg {
    fn core(text: String) -> Self {
        Seg { text, core: true }
    }
    fn side(text: String) -> Self {
        Seg { text, core: false }
    }
}

/// A composed text before it is exported, and what it is about.
#[derive(Debug, Clone)]
struct Body {
    segs: Vec<Seg>,
    articles: Vec<u32>,
    /// For the 涉及条款 column: (article, paragraph).
    cites: Vec<(u32, Option<u32>)>,
    reference: RefKind,
    points: Vec<String>,
    personal: Vec<PlantedPii>,
    long: bool,
}

impl Body {
    fn text(&self) -> String {
        self.segs.iter().map(|s| s.text.as_str()).collect()
    }
}

/// Hash of a text without its whitespace: equal keys = same text for the reader.
fn text_key(body: &Body) -> u64 {
    squeezed_key(&body.text())
}

/// Jaccard similarity of the character-bigram sets of two texts (whitespace ignored).
fn bigram_jaccard(a: &str, b: &str) -> f64 {
    let grams = |s: &str| {
        let v: Vec<char> = s.chars().filter(|c| !c.is_whitespace()).collect();
        let mut g: Vec<(char, char)> = v.windows(2).map(|w| (w[0], w[1])).collect();
        g.sort_unstable();
        g.dedup();
        g
    };
    let (x, y) = (grams(a), grams(b));
    let (mut i, mut j, mut common) = (0, 0, 0);
    while i < x.len() && j < y.len() {
        match x[i].cmp(&y[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                common += 1;
                i += 1;
                j += 1;
            }
        }
    }
    let union = x.len() + y.len() - common;
    if union == 0 { 1.0 } else { common as f64 / union as f64 }
}

#[derive(Debug)]
struct Family {
    group: u32,
    body: Body,
    person: Person,
    remaining: u32,
}

#[derive(Debug)]
struct Campaign {
    template: usize,
    group: u32,
    start: usize,
    end: usize,
    remaining: usize,
    names: HashSet<String>,
}

/// Iterator over generated opinions; see [`Generator::iter`].
#[derive(Debug)]
pub struct Opinions<'a> {
    generator: &'a Generator,
    n: usize,
    i: usize,
    rng: Rng,
    day_start: [usize; DAYS + 1],
    campaigns: Vec<Campaign>,
    long_rem: usize,
    empty_rem: usize,
    pool: Vec<Family>,
    pool_copies: usize,
    next_group: u32,
    seen: KeySet,
    /// Originals by their letters and digits alone: two people do not write the same text
    /// with different punctuation either.
    seen_originals: KeySet,
    /// The same for exported texts (after the untidiness is applied).
    final_seen: KeySet,
    recent: Vec<Person>,
    recent_pos: usize,
    /// Contained copies, when on: their own random stream, the pending and the ready ones.
    contained: Option<Contained>,
}

impl<'a> Opinions<'a> {
    fn new(generator: &'a Generator, n: usize) -> Self {
        let mut rng = Rng::new(generator.seed);
        // Daily volume: a burst after publication, quiet weekends (2026-11-01 is a Sunday),
        // a rush before the deadline.
        let mut weights = [0u32; DAYS];
        for (d, w) in weights.iter_mut().enumerate() {
            let weekend = d % 7 == 0 || d % 7 == 6;
            *w = match d {
                0 => 120,
                1 => 160,
                2 => 130,
                27 => 170,
                28 => 210,
                29 => 260,
                _ if weekend => 55,
                _ => 95 + rng.range(0, 30),
            };
        }
        let total: u64 = weights.iter().map(|&w| u64::from(w)).sum();
        let mut day_start = [0usize; DAYS + 1];
        let mut acc = 0u64;
        for d in 0..DAYS {
            day_start[d] = (acc * n as u64 / total) as usize;
            acc += u64::from(weights[d]);
        }
        day_start[DAYS] = n;

        // Form-letter campaigns: sizes and row windows (non-overlapping).
        let sizes: [usize; 3] = if n >= 300 {
            [(n * 5 / 100).max(55).min(n / 4), n * 15 / 1000, n * 8 / 1000]
        } else if n >= 100 {
            [n / 20, n / 60, 0]
        } else {
            [0, 0, 0]
        };
        let windows = [(20usize, 3usize), (55, 4), (75, 5)];
        let mut campaigns = Vec::new();
        let mut next_group = 1;
        for (t, (&size, &(at, spread))) in sizes.iter().zip(windows.iter()).enumerate() {
            if size < 2 {
                continue;
            }
            let start = (n * at / 100).max(campaigns.last().map_or(0, |c: &Campaign| c.end));
            let end = (start + size * spread).min(n);
            if end <= start {
                continue;
            }
            campaigns.push(Campaign {
                template: t,
                group: next_group,
                start,
                end,
                remaining: size.min(end - start),
                names: HashSet::new(),
            });
            next_group += 1;
        }
        let long_rem = if n >= 200 { 1 + n / 1000 } else { 0 };
        let empty_rem = (n + 100) / 200;
        Opinions {
            generator,
            n,
            i: 0,
            rng,
            day_start,
            campaigns,
            long_rem,
            empty_rem,
            pool: Vec::new(),
            pool_copies: 0,
            next_group,
            seen: KeySet::default(),
            seen_originals: KeySet::default(),
            final_seen: KeySet::default(),
            recent: Vec::new(),
            recent_pos: 0,
            contained: Contained::new(generator, n, next_group),
        }
    }

    fn date_of(&self, i: usize) -> String {
        let d = self.day_start.partition_point(|&s| s <= i).clamp(1, DAYS);
        format!("2026-11-{d:02}")
    }

    // ---------- people and metadata ----------

    fn new_person(&mut self, group: Group) -> Person {
        let rng = &mut self.rng;
        let name = names::person_name(rng);
        let contact = rng.weighted(&group.contact_weights());
        let district = rng.pick(&names::DISTRICTS);
        let org = match group {
            Group::Resident | Group::Owner => None,
            Group::Rider => rng
                .chance(0.4)
                .then(|| format!("{}{}站", rng.pick(&names::RIDER_STATIONS), district)),
            Group::Courier => {
                rng.chance(0.5).then(|| format!("{}{}网点", rng.pick(&names::COURIERS), district))
            }
            Group::Enterprise => Some(rng.pick(&names::COMPANIES).to_string()),
            Group::Property => Some(rng.pick(&names::PROPERTY_FIRMS).to_string()),
            Group::Deputy => rng.chance(0.6).then(|| rng.pick(&names::DEPUTY_UNITS).to_string()),
            Group::Expert => Some(rng.pick(&names::INSTITUTES).to_string()),
            Group::Lawyer => Some(rng.pick(&names::LAW_FIRMS).to_string()),
            Group::CommunityWorker => Some(format!(
                "{}{}社区居民委员会",
                district,
                rng.pick(&names::ROADS).trim_end_matches(['路', '街', '道', '大'])
            )),
            Group::Student => rng.chance(0.7).then(|| rng.pick(&names::SCHOOLS).to_string()),
            Group::Cppcc => rng.chance(0.5).then(|| "滨江市政协".to_string()),
        };
        Person { name, group, org, contact }
    }

    /// A submitter for an original: often new, sometimes someone who wrote before.
    fn person_for_original(&mut self) -> Person {
        if !self.recent.is_empty() && self.rng.chance(0.12) {
            return self.rng.pick(&self.recent).clone();
        }
        let group = *self.rng.pick_weighted(&GROUPS);
        let mut p = self.new_person(group);
        if CONTACT_POINTS[p.contact].1 == PointKind::Office && self.rng.chance(0.1) {
            p.name = "匿名".to_string();
        } else if matches!(group, Group::Resident | Group::Owner) && self.rng.chance(0.01) {
            p.name = format!("{}等{}人", p.name, self.rng.range(3, 40));
        }
        if self.recent.len() < 64 {
            self.recent.push(p.clone());
        } else {
            self.recent[self.recent_pos] = p.clone();
            self.recent_pos = (self.recent_pos + 1) % 64;
        }
        p
    }

    fn channel_collector(&mut self, person: &Person) -> (&'static str, &'static str) {
        let (_, kind, collectors) = CONTACT_POINTS[person.contact];
        let channel = *self.rng.pick_weighted(names::channels(kind));
        (channel, *self.rng.pick(collectors))
    }

    // ---------- rendering ----------

    fn pick_point(&mut self, group: Group) -> usize {
        let gi = GROUPS.iter().position(|(g, _)| *g == group).unwrap_or(0);
        let k = self.rng.weighted(&self.generator.tables[gi]);
        self.generator.specific[k]
    }

    fn ref_string(&mut self, p: &Point) -> String {
        let rng = &mut self.rng;
        let arabic = rng.chance(0.38);
        let num = |n: u32| if arabic { n.to_string() } else { cn_number(n) };
        let mut s = String::from(*rng.pick_weighted(&[
            ("", 150),
            ("草案", 20),
            ("条例", 8),
            ("征求意见稿", 6),
            ("《条例（草案）》", 5),
            ("本条例", 4),
        ]));
        s.push_str(&format!("第{}条", num(p.article)));
        let with_item = p.item.is_some() && rng.chance(0.7);
        if let Some(para) = p.paragraph {
            let show = if with_item { para > 1 || rng.chance(0.5) } else { rng.chance(0.55) };
            if show {
                s.push_str(&format!("第{}款", num(para)));
            }
        }
        if let (Some(item), true) = (p.item, with_item) {
            let cn = cn_number(item);
            s.push_str(&match rng.weighted(&[50, 30, 20]) {
                0 => format!("第（{cn}）项"),
                1 if arabic => format!("第{item}项"),
                1 => format!("第{cn}项"),
                _ => format!("第({cn})项"),
            });
        }
        s
    }

    /// The ask in one of several frames, with `{R}` replaced.
    fn frame_ask(&mut self, ask: &str, r: &str) -> String {
        let text = ask.replace("{R}", r);
        let Some(rest) = text.strip_prefix("建议") else { return text };
        // Some frames want a verb after them (希望能够…, 我认为应当…): an ask that goes on with
        // what it is about (建议临时号牌有效期改为三年) keeps the plainer ones.
        let verb_first = VERB_FIRST.iter().any(|v| rest.starts_with(v));
        // A question frame reads well only on a short ask without quotes or clauses.
        let short =
            rest.strip_suffix('。').filter(|core| verb_first && !core.contains(['“', '，', '；']));
        let weights: &[u32] = if verb_first {
            &[30, 8, 6, 4, 3, 3, 4, 4, 4, 3, 4, 3, 4, 3, 3, 4]
        } else {
            &[30, 8, 6, 4, 3, 0, 0, 0, 4, 3, 4, 3, 0, 0, 3, 4]
        };
        match self.rng.weighted(weights) {
            0 => text,
            1 => format!("希望{rest}"),
            2 => format!("我建议{rest}"),
            3 => format!("强烈建议{rest}"),
            4 => format!("提议{rest}"),
            5 => format!("恳请{rest}"),
            6 => format!("我认为应当{rest}"),
            7 => match short {
                Some(core) => format!("能否{core}？"),
                None => text,
            },
            8 => format!("个人建议{rest}"),
            9 => format!("我的建议是：{rest}"),
            10 => format!("最好{rest}"),
            11 => format!("请考虑{rest}"),
            12 => format!("我觉得应该{rest}"),
            13 => format!("希望能够{rest}"),
            14 => match short {
                Some(core) => format!("是不是可以{core}？"),
                None => format!("建议有关部门研究一下，{rest}"),
            },
            _ => match rest.strip_prefix(['将', '把']) {
                Some(_) => rest.to_string(),
                None => format!("我的意见是{rest}"),
            },
        }
    }

    /// What an opinion quotes of the draft: the point's quote, or a run of its clauses (people
    /// quote the words they object to, not always the whole sentence). Always the draft's own
    /// wording.
    fn quote_part(&mut self, quote: &str) -> String {
        let clauses: Vec<&str> = quote.split_inclusive(['，', '、', '；']).collect();
        if clauses.len() < 2 || self.rng.chance(0.5) {
            return quote.to_string();
        }
        let start = self.rng.below(clauses.len());
        let end = start + 1 + self.rng.below(clauses.len() - start);
        let part = clauses[start..end].concat();
        let part = part.trim_end_matches(['，', '、', '；']);
        if part.chars().count() >= 4 { part.to_string() } else { quote.to_string() }
    }

    /// None, one or two of the reasons, each in its own words, in one of several frames.
    fn reasons_text(&mut self, reasons: &[&Phrase]) -> Option<String> {
        if reasons.is_empty() {
            return None;
        }
        let count = match self.rng.weighted(&[20, 54, 26]) {
            0 => return None,
            1 => 1,
            _ => reasons.len().min(2),
        };
        let first = self.rng.below(reasons.len());
        let r1 = reasons[first].render(&mut self.rng);
        if count == 1 {
            let prefix = *self.rng.pick_weighted(&[
                ("理由：", 14),
                ("理由是", 6),
                ("因为", 8),
                ("主要考虑是，", 4),
                ("", 30),
                ("原因是", 4),
                ("我的理由是，", 4),
                ("这是因为", 4),
                ("毕竟", 3),
                ("说实话，", 3),
                ("据我了解，", 3),
                ("从实际情况看，", 3),
                ("要知道，", 2),
                ("之所以这么说，是因为", 2),
                ("事实上，", 3),
            ]);
            return Some(format!("{prefix}{r1}"));
        }
        let r2 = reasons[(first + 1) % reasons.len()].render(&mut self.rng);
        let a = r1.trim_end_matches('。');
        Some(match self.rng.below(5) {
            0 => format!("理由：一是{a}；二是{r2}"),
            1 => format!("一方面，{a}；另一方面，{r2}"),
            2 => format!("{r1}{r2}"),
            3 => format!("{r1}再说，{r2}"),
            _ => format!("{r1}此外，{r2}"),
        })
    }

    /// Text of one point's core (reference + ask) in the wanted reference style; returns the
    /// style actually achieved. `ask` is a rendering of the ask, `{R}` still in it; `stand_in`
    /// replaces `{R}` when the article is not named.
    fn render_core(
        &mut self,
        p: &Point,
        ask: &str,
        stand_in: &str,
        kind: RefKind,
    ) -> (String, RefKind) {
        let (intro, ask_text) = match kind {
            RefKind::Explicit => {
                let r = self.ref_string(p);
                if ask.contains("{R}") && self.rng.chance(0.65) {
                    (String::new(), self.frame_ask(ask, &r))
                } else {
                    let with_quote = !p.quote.is_empty() && self.rng.chance(0.18);
                    let intro = if with_quote {
                        let q = self.quote_part(&p.quote);
                        match self.rng.below(3) {
                            0 => format!("{r}规定“{q}”，"),
                            1 => format!("{r}写的是“{q}”，"),
                            _ => format!("{r}提出“{q}”。"),
                        }
                    } else {
                        match self.rng.below(13) {
                            0 => format!("{r}："),
                            1 | 2 => format!("关于{r}，"),
                            3 => format!("针对{r}，"),
                            4 => format!("对{r}提一点意见："),
                            5 => format!("{r}中关于{}的规定，", p.topic.render(&mut self.rng)),
                            6 => format!("{r}，"),
                            7 => format!("我对{r}有一个建议。"),
                            8 => format!("看了{r}，"),
                            9 => format!("就{r}说几句。"),
                            10 => format!("{r}讲的是{}，", p.topic.render(&mut self.rng)),
                            11 => format!("对于{r}，"),
                            _ => format!("关于{r}的内容，"),
                        }
                    };
                    let relative = *self.rng.pick(&["该条", "本条", "这一条", "这条"]);
                    (intro, self.frame_ask(ask, relative))
                }
            }
            RefKind::Quoted if !p.quote.is_empty() => {
                let q = self.quote_part(&p.quote);
                let intro = match self.rng.below(9) {
                    0 => format!("草案规定“{q}”，"),
                    1 => format!("条例中“{q}”的规定，"),
                    2 => format!("征求意见稿提出“{q}”。"),
                    3 => format!("关于“{q}”这一规定，"),
                    4 => format!("草案写的是“{q}”，"),
                    5 => format!("草案里有一句“{q}”，"),
                    6 => format!("看到草案中“{q}”这句话，"),
                    7 => format!("对“{q}”这一表述，"),
                    _ => format!("“{q}”这一句，"),
                };
                (intro, self.frame_ask(ask, "这一规定"))
            }
            _ => {
                let t = p.topic.render(&mut self.rng);
                let intro = match self.rng.below(12) {
                    0 => format!("关于{t}的问题，"),
                    1 => format!("{t}方面，"),
                    2 => format!("对于{t}，"),
                    3 => format!("我想就{t}提点意见。"),
                    4 => format!("说一下{t}。"),
                    5 => format!("在{t}这个问题上，"),
                    6 => format!("我比较关心{t}。"),
                    7 => format!("说到{t}，"),
                    8 => format!("就{t}谈点看法。"),
                    _ => String::new(),
                };
                (intro, self.frame_ask(ask, stand_in))
            }
        };
        let text = format!("{intro}{ask_text}");
        let achieved = match kind {
            RefKind::Explicit => RefKind::Explicit,
            _ if self.generator.quotes_article(&text, p.article) => RefKind::Quoted,
            _ => RefKind::Implicit,
        };
        (text, achieved)
    }

    fn ref_kind_for(&mut self, group: Group, channel: &str) -> RefKind {
        let w: [u32; 3] = if group.formal() {
            [70, 12, 18]
        } else if channel == "网上征求意见系统" {
            [45, 12, 43]
        } else {
            [36, 10, 54]
        };
        match self.rng.weighted(&w) {
            0 => RefKind::Explicit,
            1 => RefKind::Quoted,
            _ => RefKind::Implicit,
        }
    }

    fn opening(&mut self, channel: &str, person: &Person) -> Option<String> {
        let citizen = matches!(person.group, Group::Resident | Group::Owner | Group::Student);
        let (list, p): (&[&str], f64) = match channel {
            "座谈会" => (&names::OPENINGS_FORUM, 0.8),
            "入户走访" => (&names::OPENINGS_VISIT, 0.8),
            _ if citizen && self.rng.chance(0.3) => (&names::OPENINGS_CITIZEN, 0.6),
            _ => (&names::OPENINGS_WRITTEN, 0.42),
        };
        if !self.rng.chance(p) {
            return None;
        }
        let t = *self.rng.pick(list);
        let surname: String = person.name.chars().next().map(String::from).unwrap_or_default();
        let honorific = *self.rng.pick(&["先生", "女士", "师傅", "老师"]);
        Some(
            t.replace("{g}", person.group.label())
                .replace("{s}", &surname)
                .replace("{h}", honorific)
                .replace("{e}", self.rng.pick_str(&names::ESTATES)),
        )
    }

    fn closing(&mut self, channel: &str) -> Option<String> {
        match channel {
            "座谈会" | "入户走访" => {
                self.rng.chance(0.15).then(|| self.rng.pick(&names::CLOSINGS_FORUM).to_string())
            }
            _ => self.rng.chance(0.4).then(|| self.rng.pick(&names::CLOSINGS_WRITTEN).to_string()),
        }
    }

    fn single(&mut self, person: &Person, channel: &str) -> Body {
        let g = self.generator;
        let pi = self.pick_point(person.group);
        let p = &g.points[pi];
        let ask = &p.asks[self.rng.below(p.asks.len())];
        let ask_text = ask.text.render(&mut self.rng);
        let stand_in = p.stand_in.render(&mut self.rng);
        let kind = self.ref_kind_for(person.group, channel);
        let mut segs = Vec::new();
        let opening = self.opening(channel, person);
        let runs_on = opening.as_ref().is_some_and(|o| o.ends_with('，'));
        if let Some(o) = opening {
            segs.push(Seg::side(o));
        }
        if runs_on {
            // "与会人员认为，<point>": nothing between the opening and the point.
        } else if !p.contexts.is_empty() && self.rng.chance(0.4) {
            segs.push(Seg::side(self.rng.pick(&p.contexts).render(&mut self.rng)));
        } else if self.rng.chance(0.3) {
            segs.push(Seg::side(person.group.intro(&mut self.rng)));
        }
        let reasons: Vec<&Phrase> = ask.reasons.iter().chain(p.shared_reasons.iter()).collect();
        let (core, achieved) = self.render_core(p, &ask_text, &stand_in, kind);
        let asked = ask_text.replace("{R}", &stand_in);
        // The ask kept its own wording and follows a complete intro (or stands alone).
        let plain_ask = core
            .strip_suffix(asked.as_str())
            .is_some_and(|intro| intro.is_empty() || intro.ends_with(['，', '：', '。']));
        let reason_first = !reasons.is_empty()
            && ask_text.starts_with("建议")
            && plain_ask
            && self.rng.chance(0.2);
        if reason_first {
            // "关于…，<reason>，因此建议…": put the reason between the intro and the ask.
            let intro = &core[..core.len() - asked.len()];
            let r = self.rng.pick(&reasons).render(&mut self.rng);
            let r = r.trim_end_matches('。');
            let so = *self.rng.pick(&["因此", "所以", "为此", "故"]);
            segs.push(Seg::core(format!("{intro}{r}，{so}{asked}")));
        } else {
            segs.push(Seg::core(core));
            if let Some(r) = self.reasons_text(&reasons) {
                segs.push(Seg::side(r));
            }
        }
        if let Some(c) = self.closing(channel) {
            segs.push(Seg::side(c));
        }
        Body {
            segs,
            articles: vec![p.article],
            cites: vec![(p.article, p.paragraph)],
            reference: achieved,
            points: vec![p.key.clone()],
            personal: Vec::new(),
            long: false,
        }
    }

    fn general(&mut self, person: &Person, channel: &str) -> Body {
        let g = self.generator;
        let mut segs = Vec::new();
        if self.rng.chance(0.004) {
            let t = *self.rng.pick(&[
                "同意。",
                "没有意见。",
                "赞成草案内容。",
                "无意见，支持。",
                "完全赞同，希望早日出台。",
                "同意，无其他意见。",
                "支持！",
            ]);
            segs.push(Seg::core(t.to_string()));
            return Body {
                segs,
                articles: vec![],
                cites: vec![],
                reference: RefKind::None,
                points: vec![],
                personal: vec![],
                long: false,
            };
        }
        let p = &g.points[*self.rng.pick(&g.general)];
        let ask = &p.asks[self.rng.below(p.asks.len())];
        let opening = self.opening(channel, person);
        let runs_on = opening.as_ref().is_some_and(|o| o.ends_with('，'));
        if let Some(o) = opening {
            segs.push(Seg::side(o));
        }
        if !runs_on && self.rng.chance(0.2) {
            segs.push(Seg::side(person.group.intro(&mut self.rng)));
        }
        let ask_text = ask.text.render(&mut self.rng);
        let core = self.frame_ask(&ask_text, "");
        segs.push(Seg::core(core));
        let reasons: Vec<&Phrase> = ask.reasons.iter().chain(p.shared_reasons.iter()).collect();
        if let Some(r) = self.reasons_text(&reasons) {
            segs.push(Seg::side(r));
        }
        if let Some(c) = self.closing(channel) {
            segs.push(Seg::side(c));
        }
        Body {
            segs,
            articles: vec![],
            cites: vec![],
            reference: RefKind::None,
            points: vec![p.key.clone()],
            personal: vec![],
            long: false,
        }
    }

    fn multi(&mut self, person: &Person, channel: &str) -> Body {
        let g = self.generator;
        let k = if self.rng.chance(0.65) { 2 } else { 3 };
        let mut chosen: Vec<usize> = vec![self.pick_point(person.group)];
        let mut tries = 0;
        while chosen.len() < k && tries < 20 {
            tries += 1;
            let first_art = g.points[chosen[0]].article;
            let related: Vec<u32> = RELATED
                .iter()
                .filter_map(|&(a, b)| {
                    if a == first_art {
                        Some(b)
                    } else if b == first_art {
                        Some(a)
                    } else {
                        None
                    }
                })
                .collect();
            let cand = if !related.is_empty() && self.rng.chance(0.5) {
                let a = *self.rng.pick(&related);
                let options: Vec<usize> =
                    g.specific.iter().copied().filter(|&i| g.points[i].article == a).collect();
                *self.rng.pick(&options)
            } else {
                self.pick_point(person.group)
            };
            if chosen.iter().all(|&c| g.points[c].article != g.points[cand].article) {
                chosen.push(cand);
            }
        }
        if self.rng.chance(0.8) {
            chosen.sort_by_key(|&i| g.points[i].article);
        }
        let with_general = self.rng.chance(0.2);
        let parts = chosen.len() + usize::from(with_general);
        let numbering: [&str; 4] = *self.rng.pick(&NUMBERINGS);
        let sep = *self.rng.pick_weighted(&[("\n", 55), ("\r\n", 10), ("", 35)]);
        let mut segs = Vec::new();
        let count_word = if self.rng.chance(0.5) {
            parts.to_string()
        } else {
            ["", "一", "两", "三", "四"][parts].to_string()
        };
        let intro = match self.rng.below(6) {
            0 => format!("对条例草案提{count_word}点意见："),
            1 => "提几点建议：".to_string(),
            2 => format!("共提出{count_word}条意见："),
            3 => format!("我有{count_word}条建议："),
            4 => match self.opening(channel, person) {
                Some(o) if o.ends_with('，') => format!("{o}提几点意见："),
                o => o.unwrap_or_default(),
            },
            _ => String::new(),
        };
        if !intro.is_empty() {
            segs.push(Seg::side(format!("{intro}{sep}")));
        }
        let mut idx = 0;
        let mut points = Vec::new();
        if with_general {
            let p = &g.points[*self.rng.pick(&g.general)];
            let ask = &p.asks[self.rng.below(p.asks.len())];
            let ask_text = ask.text.render(&mut self.rng);
            let t = self.frame_ask(&ask_text, "");
            segs.push(Seg::core(format!("{}{t}{sep}", numbering[idx])));
            points.push(p.key.clone());
            idx += 1;
        }
        let mut weakest = RefKind::Explicit;
        let mut articles = Vec::new();
        let mut cites = Vec::new();
        for &pi in &chosen {
            let p = &g.points[pi];
            let ask = &p.asks[self.rng.below(p.asks.len())];
            let kind = if self.rng.chance(0.8) { RefKind::Explicit } else { RefKind::Implicit };
            let ask_text = ask.text.render(&mut self.rng);
            let stand_in = p.stand_in.render(&mut self.rng);
            let (core, achieved) = self.render_core(p, &ask_text, &stand_in, kind);
            weakest = weakest.min(achieved);
            let reasons: Vec<&Phrase> = ask.reasons.iter().chain(p.shared_reasons.iter()).collect();
            let reason = if self.rng.chance(0.5) { self.reasons_text(&reasons) } else { None };
            let last = idx + 1 == parts;
            segs.push(Seg::core(format!(
                "{}{core}{}{}",
                numbering[idx],
                reason.unwrap_or_default(),
                if last { "" } else { sep }
            )));
            articles.push(p.article);
            cites.push((p.article, p.paragraph));
            points.push(p.key.clone());
            idx += 1;
        }
        if let Some(c) = self.closing(channel) {
            segs.push(Seg::side(format!("{sep}{c}")));
        }
        articles.sort_unstable();
        articles.dedup();
        Body { segs, articles, cites, reference: weakest, points, personal: vec![], long: false }
    }

    /// An expert's or lawyer's letter of several thousand characters, article by article.
    fn long_letter(&mut self, person: &Person) -> Body {
        let g = self.generator;
        let mut segs = Vec::new();
        segs.push(Seg::side(format!(
            "关于《{}》的修改意见\n\n市人大常委会法制工作委员会：\n",
            crate::DRAFT_TITLE
        )));
        segs.push(Seg::side(format!(
            "\u{3000}\u{3000}受市人大常委会法制工作委员会邀请，本人认真研读了《{}》，并结合近年来参与电动自行车安全管理调研的情况，对草案逐条进行了研究。总体上看，草案结构合理、重点突出，对生产销售、登记上牌、通行、停放充电、蓄电池回收以及企业责任等作了较为全面的规定，回应了社会关切。同时，部分条款在与上位法的衔接、可操作性和权责对等方面还有进一步完善的空间。现将具体意见报告如下：\n",
            crate::DRAFT_TITLE
        )));
        let mut points = Vec::new();
        segs.push(Seg::core("一、总体意见\n".to_string()));
        let mut general: Vec<usize> = g.general.clone();
        for k in 0..2 {
            let gi = general.remove(self.rng.below(general.len()));
            let p = &g.points[gi];
            let ask = &p.asks[self.rng.below(p.asks.len())];
            let mut t = format!("（{}）{}", cn_number(k + 1), ask.text.render(&mut self.rng));
            for reason in ask.reasons.iter().chain(p.shared_reasons.iter()) {
                t.push_str(&reason.render(&mut self.rng));
            }
            t.push('\n');
            segs.push(Seg::core(t));
            points.push(p.key.clone());
        }
        segs.push(Seg::core("二、具体条款的修改意见\n".to_string()));
        // 22-26 points, at most one per article, in article order.
        let mut chosen: Vec<usize> = Vec::new();
        let want = 22 + self.rng.below(5);
        let mut guard = 0;
        while chosen.len() < want && guard < 400 {
            guard += 1;
            let pi = self.pick_point(person.group);
            if chosen.iter().all(|&c| g.points[c].article != g.points[pi].article) {
                chosen.push(pi);
            }
        }
        chosen.sort_by_key(|&i| g.points[i].article);
        let mut articles = Vec::new();
        let mut cites = Vec::new();
        for (k, &pi) in chosen.iter().enumerate() {
            let p = &g.points[pi];
            let ask = &p.asks[self.rng.below(p.asks.len())];
            let r = cn_number(p.article);
            let topic = p.topic.render(&mut self.rng);
            let mut t = format!("（{}）关于第{r}条（{topic}）\n", cn_number(k as u32 + 1));
            t.push_str(&format!("草案第{r}条规定：“{}”。", p.quote));
            t.push_str(&ask.text.render(&mut self.rng).replace("{R}", "该条"));
            for reason in ask.reasons.iter().chain(p.shared_reasons.iter()) {
                t.push_str(&reason.render(&mut self.rng));
            }
            t.push_str(self.rng.pick_str(&[
                "建议起草部门对此作进一步研究。",
                "这一问题在调研中反映比较集中。",
                "以上修改也有利于与相关法律法规相衔接。",
                "",
                "外地的立法实践对此已有较为成熟的做法，可资借鉴。",
            ]));
            t.push('\n');
            segs.push(Seg::core(t));
            articles.push(p.article);
            cites.push((p.article, p.paragraph));
            points.push(p.key.clone());
        }
        segs.push(Seg::side(
            "\u{3000}\u{3000}以上意见仅供参考。不妥之处，敬请指正。\n".to_string(),
        ));
        let sign = match &person.org {
            Some(o) => format!("{o}　{}\n", person.name),
            None => format!("{}\n", person.name),
        };
        segs.push(Seg::side(format!("{sign}2026年11月{}日", self.rng.range(3, 28))));
        articles.sort_unstable();
        articles.dedup();
        Body {
            segs,
            articles,
            cites,
            reference: RefKind::Explicit,
            points,
            personal: vec![],
            long: true,
        }
    }

    /// Write personal data into some texts and record it.
    fn plant_pii(&mut self, body: &mut Body, person: &Person, channel: &str) {
        let p = match channel {
            "信函" | "电子邮件" => 0.16,
            "入户走访" | "座谈会" => 0.03,
            _ => 0.07,
        };
        if !self.rng.chance(p) {
            return;
        }
        let kinds = 1 + usize::from(self.rng.chance(0.3));
        for _ in 0..kinds {
            let kind = *self.rng.pick_weighted(&[
                (PiiKind::Name, 30),
                (PiiKind::Mobile, 30),
                (PiiKind::Address, 15),
                (PiiKind::Email, 10),
                (PiiKind::IdCard, 7),
                (PiiKind::Landline, 5),
                (PiiKind::BankCard, 3),
            ]);
            if body.personal.iter().any(|x| x.kind == kind) {
                continue;
            }
            let rng = &mut self.rng;
            let anonymous = person.name == "匿名" || person.name.contains('等');
            let (seg, value, at_start) = match kind {
                PiiKind::Name if anonymous => continue,
                PiiKind::Name => {
                    let v = person.name.clone();
                    let s = match rng.below(4) {
                        0 if matches!(person.group, Group::Resident | Group::Owner) => {
                            format!(
                                "我是{}的{}{v}。",
                                rng.pick(&names::ESTATES),
                                person.group.label()
                            )
                        }
                        0 | 1 => format!("本人{v}，{}。", person.group.label()),
                        2 => format!("\n提出人：{v}"),
                        _ => format!("——{v}"),
                    };
                    let start = s.starts_with('我') || s.starts_with('本');
                    (s, v, start)
                }
                PiiKind::Mobile => {
                    let v = pii::mobile(rng);
                    let s = match rng.below(4) {
                        0 => format!("联系电话：{v}。"),
                        1 => format!("我的手机号是{v}，欢迎回访。"),
                        2 => format!("如需了解情况，请拨打{v}。"),
                        _ => format!("（手机{v}）"),
                    };
                    (s, v, false)
                }
                PiiKind::Landline => {
                    let v = pii::landline(rng);
                    let s = if rng.chance(0.5) {
                        format!("联系电话：{v}。")
                    } else {
                        format!("办公电话{v}。")
                    };
                    (s, v, false)
                }
                PiiKind::Email => {
                    let v = pii::email(rng);
                    let s = if rng.chance(0.5) {
                        format!("我的邮箱是{v}，有问题可以联系我。")
                    } else {
                        format!("邮箱：{v}")
                    };
                    (s, v, false)
                }
                PiiKind::IdCard => {
                    let v = pii::id_card(rng);
                    let s = if rng.chance(0.5) {
                        format!("提出人身份证号：{v}。")
                    } else {
                        format!("（身份证号码{v}）")
                    };
                    (s, v, false)
                }
                PiiKind::BankCard => {
                    let v = pii::bank_card(rng);
                    let s = if rng.chance(0.5) {
                        format!(
                            "另外，去年我买车交的定金至今没有退，付款的银行卡号是{v}，希望有关部门帮忙处理。"
                        )
                    } else {
                        format!("如果有以旧换新补贴，可以直接打到我的卡上：{v}。")
                    };
                    (s, v, false)
                }
                PiiKind::Address => {
                    let v = names::address(rng);
                    let s = match rng.below(3) {
                        0 => format!("我家住在{v}。"),
                        1 => format!("通信地址：{v}。"),
                        _ => format!("地址：{v}"),
                    };
                    (s, v, false)
                }
            };
            if at_start {
                body.segs.insert(0, Seg::side(seg));
            } else {
                // Before a closing formula when there is one, else at the end.
                let at = if body.segs.len() > 1
                    && !body.segs[body.segs.len() - 1].core
                    && self.rng.chance(0.5)
                {
                    body.segs.len() - 1
                } else {
                    body.segs.len()
                };
                body.segs.insert(at, Seg::side(seg));
            }
            body.personal.push(PlantedPii { kind, value });
        }
    }

    // ---------- rows ----------

    fn finish(
        &mut self,
        i: usize,
        person: &Person,
        channel: &str,
        collector: &str,
        body: &Body,
        dup: (Option<u32>, Option<DupKind>),
    ) -> SampleOpinion {
        let clean = body.text();
        // Exact copies and the originals they copy differ by whitespace only.
        let content = dup.1 != Some(DupKind::Exact) && !(dup.0.is_some() && dup.1.is_none());
        let online = channel == "网上征求意见系统";
        // Texts that are not planted copies stay distinct from every other text, also once
        // the untidiness is applied (a comma turned ',' could meet another text).
        let distinct = !matches!(dup.1, Some(DupKind::Exact | DupKind::Campaign));
        let mut attempt = 0;
        let (text, mut messy) = loop {
            let (t, m) = mess::apply(&mut self.rng, &clean, online, content && attempt < 3);
            if !distinct || attempt >= 4 || self.final_seen.insert(squeezed_key(&t)) {
                break (t, m);
            }
            attempt += 1;
        };
        if body.long {
            messy.push(Mess::VeryLong);
        }
        messy.sort_unstable();
        messy.dedup();
        let personal = body.personal.iter().filter(|p| text.contains(&p.value)).cloned().collect();
        let article_column = self.column(channel, body);
        let truth = Truth {
            articles: body.articles.clone(),
            reference: body.reference,
            points: body.points.clone(),
            dup_group: dup.0,
            dup_kind: dup.1,
            personal,
            messy,
        };
        let mut row = sent_by(person, channel, collector, article_column, text, truth);
        row.id = (i + 1).to_string();
        row.date = self.date_of(i);
        row
    }

    /// The 涉及条款 cell.
    fn column(&mut self, channel: &str, body: &Body) -> Option<String> {
        let p = match channel {
            "网上征求意见系统" => 0.65,
            "微信小程序" => 0.35,
            "座谈会" => 0.25,
            _ => 0.12,
        };
        if body.points.is_empty() || !self.rng.chance(p) {
            return None;
        }
        let rng = &mut self.rng;
        if body.cites.is_empty() {
            return Some(rng.pick(&["总体意见", "总体", "全文", "整体意见"]).to_string());
        }
        if body.long || body.cites.len() > 3 {
            return Some(rng.pick(&["多条", "全文", "第一条至第五十一条"]).to_string());
        }
        let one = |rng: &mut Rng, (a, para): (u32, Option<u32>)| match rng
            .weighted(&[45, 20, 15, 10, 5, 5])
        {
            0 => format!("第{}条", cn_number(a)),
            1 => format!("第{a}条"),
            2 => a.to_string(),
            3 => match para {
                Some(k) => format!("第{}条第{}款", cn_number(a), cn_number(k)),
                None => format!("第{}条", cn_number(a)),
            },
            4 => cn_number(a),
            _ => format!("第{a}条 "),
        };
        let parts: Vec<String> = body.cites.iter().map(|&c| one(rng, c)).collect();
        Some(parts.join(if rng.chance(0.7) { "、" } else { "，" }))
    }

    fn original_row(&mut self, i: usize, normal_rem: usize) -> SampleOpinion {
        let person = self.person_for_original();
        let (channel, collector) = self.channel_collector(&person);
        let general_p = if person.group.formal() { 0.12 } else { 0.08 };
        let multi_p = if person.group.formal() { 0.22 } else { 0.07 };
        let mut body = None;
        for attempt in 0..40 {
            let mut b = if self.rng.chance(general_p) {
                self.general(&person, channel)
            } else if self.rng.chance(multi_p) {
                self.multi(&person, channel)
            } else {
                self.single(&person, channel)
            };
            if attempt >= 8 {
                // Still a repeat of an earlier text: make it personal.
                let intro = person.group.intro(&mut self.rng);
                b.segs.insert(0, Seg::side(intro));
            }
            let loose = loose_key(&b.text());
            if !self.seen_originals.contains(&loose) && self.seen.insert(text_key(&b)) {
                self.seen_originals.insert(loose);
                body = Some(b);
                break;
            }
        }
        let mut body = body.unwrap_or_else(|| self.single(&person, channel));
        self.plant_pii(&mut body, &person, channel);
        if !body.personal.is_empty() {
            self.seen.insert(text_key(&body));
        }
        let mut dup = (None, None);
        if !body.points.is_empty() && self.rng.chance(P_SEED) {
            let k = [1u32, 2, 3, 4, 5, 6][self.rng.weighted(&[55, 25, 10, 5, 3, 2])];
            if self.pool_copies + (k as usize) < normal_rem {
                let group = self.next_group;
                self.next_group += 1;
                dup = (Some(group), None);
                self.pool.push(Family {
                    group,
                    body: body.clone(),
                    person: person.clone(),
                    remaining: k,
                });
                self.pool_copies += k as usize;
            }
        }
        self.finish(i, &person, channel, collector, &body, dup)
    }

    fn copy_row(&mut self, i: usize) -> SampleOpinion {
        let fi = self.rng.below(self.pool.len());
        let mut exact = self.rng.chance(0.4);
        let same_person = self.rng.chance(if exact { 0.45 } else { 0.2 });
        let person = if same_person {
            self.pool[fi].person.clone()
        } else {
            let group = if self.rng.chance(0.6) {
                self.pool[fi].person.group
            } else {
                *self.rng.pick_weighted(&GROUPS)
            };
            self.new_person(group)
        };
        let (channel, collector) = self.channel_collector(&person);
        let mut body = self.pool[fi].body.clone();
        let group = self.pool[fi].group;
        if !exact {
            // A near copy stays near (character-bigram Jaccard >= 0.6 with the original) and
            // must not happen to equal another opinion's text.
            // If no such edit turns up (very rare), the copy becomes an exact one.
            let original = body.text();
            let mut found = false;
            for attempt in 0..24 {
                let mut candidate = self.pool[fi].body.clone();
                self.near_edit(&mut candidate, &person);
                let near = attempt >= 12 || bigram_jaccard(&original, &candidate.text()) >= 0.6;
                if near && self.seen.insert(text_key(&candidate)) {
                    body = candidate;
                    found = true;
                    break;
                }
            }
            exact = !found;
        }
        self.pool[fi].remaining -= 1;
        self.pool_copies -= 1;
        if self.pool[fi].remaining == 0 {
            self.pool.swap_remove(fi);
        }
        let kind = if exact { DupKind::Exact } else { DupKind::Near };
        self.finish(i, &person, channel, collector, &body, (Some(group), Some(kind)))
    }

    /// Small edits that keep a copy recognisably the same text.
    fn near_edit(&mut self, body: &mut Body, person: &Person) {
        let squeeze =
            |b: &Body| b.text().chars().filter(|c| !c.is_whitespace()).collect::<String>();
        let original = squeeze(body);
        let ops = 1 + self.rng.below(3);
        for _ in 0..8 {
            for _ in 0..ops {
                let si = self.rng.below(body.segs.len());
                match self.rng.weighted(&[20, 22, 26, 18, 10, 4]) {
                    0 => {
                        // Drop one short side sentence (an opening, a closing, a short reason).
                        let total: usize = body.segs.iter().map(|s| s.text.len()).sum();
                        let side: Vec<usize> = (0..body.segs.len())
                            .filter(|&k| {
                                !body.segs[k].core && body.segs[k].text.len() * 10 <= total * 3
                            })
                            .collect();
                        if !side.is_empty() && body.segs.len() >= 2 {
                            body.segs.remove(*self.rng.pick(&side));
                        }
                    }
                    1 => {
                        // (sentence, where it goes: start, end, or either)
                        let (add, start) = match self.rng.below(6) {
                            0 => ("我也有同样的想法。".to_string(), Some(true)),
                            1 => ("同意这个意见。".to_string(), None),
                            2 => ("望采纳。".to_string(), Some(false)),
                            3 => ("请尽快研究解决。".to_string(), Some(false)),
                            4 => ("我们小区的邻居都是这个意见。".to_string(), Some(false)),
                            _ => (person.group.intro(&mut self.rng), Some(true)),
                        };
                        if start.unwrap_or_else(|| self.rng.chance(0.5)) {
                            body.segs.insert(0, Seg::side(add));
                        } else {
                            body.segs.push(Seg::side(add));
                        }
                    }
                    2 => {
                        let (from, to) = *self.rng.pick(&SYNONYMS);
                        let seg = &mut body.segs[si];
                        seg.text = map_outside_quotes(&seg.text, |part| part.replacen(from, to, 1));
                    }
                    3 => {
                        let seg = &mut body.segs[si];
                        seg.text = match self.rng.below(5) {
                            0 => seg.text.replace('，', ","),
                            1 => seg.text.replacen('。', "！", 1),
                            2 => seg.text.trim_end_matches('。').to_string(),
                            3 => seg.text.replace('：', ":"),
                            _ => seg.text.replacen('，', "， ", 1),
                        };
                    }
                    4 => {
                        let seg = &mut body.segs[si];
                        seg.text = swap_numerals(&seg.text);
                    }
                    _ => {
                        let seg = &mut body.segs[si];
                        seg.text =
                            map_outside_quotes(&seg.text, |part| part.replacen("在", "再", 1));
                    }
                }
            }
            if squeeze(body) != original && !body.segs.iter().all(|s| s.text.is_empty()) {
                break;
            }
        }
        if squeeze(body) == original {
            body.segs.push(Seg::side("望采纳。".to_string()));
        }
    }

    fn campaign_row(&mut self, i: usize, ci: usize) -> SampleOpinion {
        self.campaigns[ci].remaining -= 1;
        let template = self.campaigns[ci].template;
        let group = match template {
            0 if self.rng.chance(0.3) => Group::Owner,
            0 => Group::Resident,
            1 => Group::Rider,
            _ => Group::Owner,
        };
        let mut person = self.new_person(group);
        for _ in 0..50 {
            if self.campaigns[ci].names.insert(person.name.clone()) {
                break;
            }
            person.name = names::person_name(&mut self.rng);
        }
        let channel = match template {
            0 => *self.rng.pick_weighted(&[
                ("微信小程序", 50),
                ("网上征求意见系统", 35),
                ("信函", 15),
            ]),
            1 => *self.rng.pick_weighted(&[("网上征求意见系统", 60), ("微信小程序", 40)]),
            _ => *self.rng.pick_weighted(&[("信函", 60), ("入户走访", 40)]),
        };
        person.contact = match channel {
            "网上征求意见系统" => 8,
            "信函" if self.rng.chance(0.5) => 8,
            _ if template == 1 => 6,
            _ => self.rng.below(4),
        };
        let collector = *self.rng.pick(CONTACT_POINTS[person.contact].2);
        let estate = *self.rng.pick(&names::ESTATES);
        let street = *self.rng.pick(&names::STREETS);
        let district = *self.rng.pick(&names::DISTRICTS);
        let mut personal = Vec::new();
        let (mut text, articles, reference, points): (String, Vec<u32>, RefKind, Vec<&str>) =
            match template {
                0 => {
                    let first = match self.rng.weighted(&[60, 25, 15]) {
                        0 => format!("我们是{street}{estate}的居民。"),
                        1 => format!("我是{street}{estate}的居民。"),
                        _ => {
                            personal.push(PlantedPii {
                                kind: PiiKind::Name,
                                value: person.name.clone(),
                            });
                            format!("我是{street}{estate}的居民{}。", person.name)
                        }
                    };
                    (
                        format!(
                            "{first}我们小区建成于上世纪九十年代，没有地下车库，也没有集中充电的地方，很多居民只能把电动车停在楼道里充电。条例草案第二十八条禁止在楼道、楼梯间停放电动自行车和充电，我们完全支持，但是在集中充电设施建好之前，这一规定很难落实。强烈建议政府出资为老旧小区建设集中充电设施，并在设施建成之前给予过渡期，不要一禁了之。"
                        ),
                        vec![26, 28],
                        RefKind::Implicit,
                        vec!["28.1.1", "26.2"],
                    )
                }
                1 => {
                    let place = if self.rng.chance(0.5) {
                        district.to_string()
                    } else {
                        format!("{street}一带")
                    };
                    (
                        format!(
                            "我是一名在{place}跑外卖的骑手。草案规定电动自行车最高时速不得超过十五公里，这个速度太低了，和骑普通自行车差不多，按这个速度很多单根本送不完。建议把限速调整为和国家标准一致的二十五公里。同时，平台的配送时间一直在压缩，超时就要扣钱，骑手只能抢时间。希望条例对平台的考核规则作出更严格的规定，不要把压力都转嫁到骑手身上。"
                        ),
                        vec![22, 38],
                        RefKind::Implicit,
                        vec!["22.1.2", "38"],
                    )
                }
                _ => (
                    format!(
                        "关于第二十九条，我们{estate}的业主不同意使用住宅专项维修资金安装电梯阻车装置。维修资金是业主用于房屋共有部分大修的钱，我们小区的电梯已经用了{}年，以后维修、更换都需要用钱。阻车装置的费用应当由政府承担。",
                        self.rng.range(10, 22)
                    ),
                    vec![29],
                    RefKind::Explicit,
                    vec!["29#2"],
                ),
            };
        if self.rng.chance(0.4) {
            let tails: &[&str] = match template {
                0 => &[
                    "我家老人八十多岁了，电瓶太重，根本拎不上楼。",
                    "我们这个单元就有{k}辆电动车。",
                    "小区门口只有{k}个充电口，每天晚上都要排队。",
                    "希望这次能真正解决问题。",
                    "我们已经向街道反映过很多次了。",
                    "我每天要骑车上班，没有地方充电真的很难。",
                ],
                1 => &[
                    "我每天要在路上跑十个小时。",
                    "上个月我因为超时被扣了{k}元。",
                    "希望人大代表能听听我们骑手的声音。",
                    "我们站点的骑手都是这个想法。",
                ],
                _ => &[
                    "电梯是我们自己的，钱也是我们自己的。",
                    "请考虑我们业主的意见。",
                    "我们楼有{k}户人家，大家都不同意。",
                ],
            };
            let tail = self.rng.pick(tails).replace("{k}", &self.rng.range(6, 300).to_string());
            text.push_str(&tail);
        }
        let body = Body {
            segs: vec![Seg::core(text)],
            articles,
            cites: vec![],
            reference,
            points: points.into_iter().map(String::from).collect(),
            personal,
            long: false,
        };
        let mut body = body;
        body.cites = body.articles.iter().rev().take(1).map(|&a| (a, None)).collect();
        let group_id = self.campaigns[ci].group;
        self.finish(
            i,
            &person,
            channel,
            collector,
            &body,
            (Some(group_id), Some(DupKind::Campaign)),
        )
    }

    fn empty_row(&mut self, i: usize) -> SampleOpinion {
        let person = self.person_for_original();
        let (channel, collector) = self.channel_collector(&person);
        let text =
            self.rng.pick(&["", "", "", " ", "\n\t\t\t\t\t\n\t\t\t\t\t", "\u{3000}"]).to_string();
        let truth = Truth {
            articles: vec![],
            reference: RefKind::None,
            points: vec![],
            dup_group: None,
            dup_kind: None,
            personal: vec![],
            messy: vec![Mess::EmptyText],
        };
        let mut row = sent_by(&person, channel, collector, None, text, truth);
        row.id = (i + 1).to_string();
        row.date = self.date_of(i);
        row
    }

    fn long_row(&mut self, i: usize) -> SampleOpinion {
        let group = if self.rng.chance(0.6) { Group::Expert } else { Group::Lawyer };
        let person = self.new_person(group);
        let channel = if self.rng.chance(0.7) { "电子邮件" } else { "信函" };
        let collector = *self.rng.pick(CONTACT_POINTS[person.contact].2);
        let mut body = self.long_letter(&person);
        if self.rng.chance(0.5) {
            let v = pii::mobile(&mut self.rng);
            body.segs.push(Seg::side(format!("\n联系电话：{v}")));
            body.personal.push(PlantedPii { kind: PiiKind::Mobile, value: v });
        }
        body.personal.push(PlantedPii { kind: PiiKind::Name, value: person.name.clone() });
        self.finish(i, &person, channel, collector, &body, (None, None))
    }
}

impl Iterator for Opinions<'_> {
    type Item = SampleOpinion;

    fn next(&mut self) -> Option<SampleOpinion> {
        if self.contained.is_none() {
            return self.base_row();
        }
        if let Some(op) = self.ready_contained() {
            return Some(op);
        }
        let i = self.i;
        let mut op = self.base_row()?;
        self.plant_contained(&mut op, i);
        Some(op)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let left = self.n - self.i;
        match &self.contained {
            None => (left, Some(left)),
            Some(c) => (left + c.waiting(), None),
        }
    }
}

impl Opinions<'_> {
    /// The next row of the default sample.
    fn base_row(&mut self) -> Option<SampleOpinion> {
        if self.i >= self.n {
            return None;
        }
        let i = self.i;
        self.i += 1;
        let rem = self.n - i;
        if let Some(ci) =
            self.campaigns.iter().position(|c| i >= c.start && i < c.end && c.remaining > 0)
        {
            let window_rem = self.campaigns[ci].end - i;
            if self.rng.below(window_rem) < self.campaigns[ci].remaining {
                return Some(self.campaign_row(i, ci));
            }
        }
        let camp_rem: usize = self.campaigns.iter().map(|c| c.remaining).sum();
        let others = rem - camp_rem;
        let u = self.rng.below(others);
        if u < self.long_rem {
            self.long_rem -= 1;
            return Some(self.long_row(i));
        }
        if u < self.long_rem + self.empty_rem {
            self.empty_rem -= 1;
            return Some(self.empty_row(i));
        }
        let normal_rem = others - self.long_rem - self.empty_rem;
        let forced = self.pool_copies >= normal_rem;
        if !self.pool.is_empty() && (forced || self.rng.chance(P_COPY)) {
            return Some(self.copy_row(i));
        }
        Some(self.original_row(i, normal_rem))
    }
}

/// The row of an opinion `person` sent through `channel`, taken down by `collector`; its id
/// and date are left for the caller to set.
fn sent_by(
    person: &Person,
    channel: &str,
    collector: &str,
    article_column: Option<String>,
    text: String,
    truth: Truth,
) -> SampleOpinion {
    SampleOpinion {
        id: String::new(),
        submitter: person.name.clone(),
        organization: person.org.clone(),
        group: person.group.label().to_string(),
        contact_point: CONTACT_POINTS[person.contact].0.to_string(),
        collector: collector.to_string(),
        channel: channel.to_string(),
        date: String::new(),
        article_column,
        text,
        truth,
    }
}
