//! Contained copies: a short opinion sent again, verbatim or with one small edit, inside a
//! longer letter by someone else (`我同意这个意见：<the opinion>另外，<a point of its own>…`,
//! or a numbered letter one of whose points is the opinion).
//!
//! Everything here draws from its own random stream ([`Rng::stream`] 1): the rows of the
//! default sample are made exactly as without it, and the letters are added rows.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, VecDeque};

use super::{Body, GROUPS, Generator, NUMBERINGS, Opinions, Person, SYNONYMS, Seg, sent_by};
use crate::mess::{self, map_outside_quotes};
use crate::names::{self, CONTACT_POINTS};
use crate::phrase::Phrase;
use crate::rng::Rng;
use crate::{DupKind, Mess, RefKind, SampleOpinion, Truth};

/// The random stream of the contained copies.
const STREAM: u64 = 1;

/// Length (characters, whitespace not counted) of the opinions that get contained copies.
const ELIGIBLE_CHARS: std::ops::RangeInclusive<usize> = 30..=150;

/// Chance that the copy carries one small edit (a punctuation mark, one word).
const P_EDIT: f64 = 0.35;

/// Chance that the letter numbers its points, the copy being one of them.
const P_NUMBERED: f64 = 0.4;

/// How a letter takes up the opinion it copies, just before the copy.
const LEADS: [&str; 12] = [
    "我同意这个意见：",
    "我同意这个意见，",
    "看到有人提了这样一条意见，我完全赞同：",
    "转一条邻居的意见，我也是这么想的：",
    "附议：",
    "我们小区业主群里有人提了一条意见，我很认同：",
    "同意以下意见：",
    "我也支持这个建议：",
    "网上有一条意见说得很好：",
    "赞同其他市民提的这条意见：",
    "我和邻居们商量过，都同意这个意见：",
    "看了大家提的意见，这一条我非常赞成：",
];

/// How the letter goes on to its first point of its own.
const FIRST_OWN: [&str; 7] = [
    "另外，",
    "此外，",
    "我再补充一点：",
    "除此之外，我还有一个建议：",
    "还有一个问题：",
    "另外说一点，",
    "在此基础上，我再提一点：",
];

/// How it goes on to the next ones.
const NEXT_OWN: [&str; 4] = ["还有，", "再有，", "同时，", "另外，"];

/// A letter waiting for its place: after row `due` (0-based, of the default sample).
#[derive(Debug)]
struct Pending {
    due: usize,
    seq: u64,
    op: SampleOpinion,
}

impl PartialEq for Pending {
    fn eq(&self, other: &Self) -> bool {
        (self.due, self.seq) == (other.due, other.seq)
    }
}

impl Eq for Pending {}

impl PartialOrd for Pending {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Pending {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        (self.due, self.seq).cmp(&(other.due, other.seq))
    }
}

/// State of the contained copies of one [`Opinions`] run.
#[derive(Debug)]
pub(super) struct Contained {
    rng: Rng,
    share: f64,
    /// A letter comes 1..=window rows after its original.
    window: usize,
    /// Group id of the next family a letter starts (its original had none).
    next_group: u32,
    pending: BinaryHeap<Reverse<Pending>>,
    ready: VecDeque<SampleOpinion>,
    seq: u64,
    /// Letters given an id so far.
    added: usize,
}

impl Contained {
    /// `None` when the setting is off. `first_group` is the default sample's first group id
    /// after its campaigns; it starts at most one family per row, so ids from
    /// `first_group + n` on are free.
    pub(super) fn new(generator: &Generator, n: usize, first_group: u32) -> Option<Contained> {
        let share = generator.settings.contained;
        (share > 0.0).then(|| Contained {
            rng: Rng::stream(generator.seed, STREAM),
            share,
            window: (n / 10).max(1),
            next_group: first_group.saturating_add(u32::try_from(n).unwrap_or(u32::MAX)),
            pending: BinaryHeap::new(),
            ready: VecDeque::new(),
            seq: 0,
            added: 0,
        })
    }

    /// Letters made and not yet returned.
    pub(super) fn waiting(&self) -> usize {
        self.pending.len() + self.ready.len()
    }
}

/// Characters of `s` other than whitespace and U+200B.
fn squeezed(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace() && *c != '\u{200B}').collect()
}

/// Does an opinion get considered for a contained copy? A family's first text (or an
/// opinion without family) of 30 to 150 characters, with a point, without personal data,
/// in the submitter's own words: not a collector's note of a forum or a visit, not a formal
/// letter (此致敬礼 does not sit in the middle of someone else's).
fn eligible(op: &SampleOpinion) -> bool {
    let t = &op.truth;
    t.dup_kind.is_none()
        && !matches!(op.channel.as_str(), "座谈会" | "入户走访")
        && !op.text.contains("此致")
        && !t.points.is_empty()
        && t.personal.is_empty()
        && !t.messy.iter().any(|m| matches!(m, Mess::EmptyText | Mess::VeryLong))
        && ELIGIBLE_CHARS.contains(&squeezed(&op.text).chars().count())
}

/// One point of the writer's own.
struct Own {
    text: String,
    reason: Option<String>,
    article: u32,
    paragraph: Option<u32>,
    key: String,
    reference: RefKind,
}

impl<'a> Opinions<'a> {
    /// The next letter ready to be returned: one due after the row just returned, or, once
    /// the default sample is done, the ones still waiting, in order.
    pub(super) fn ready_contained(&mut self) -> Option<SampleOpinion> {
        if let Some(op) = self.contained.as_mut()?.ready.pop_front() {
            return Some(op);
        }
        if self.i < self.n {
            return None;
        }
        let n = self.n;
        let date = self.date_of(n.saturating_sub(1));
        let c = self.contained.as_mut()?;
        let Reverse(mut p) = c.pending.pop()?;
        c.added += 1;
        p.op.id = (n + c.added).to_string();
        p.op.date = date;
        Some(p.op)
    }

    /// Row `i` of the default sample was just made: perhaps plan a letter containing it
    /// (giving it a family if it had none), and queue the letters due after it.
    pub(super) fn plant_contained(&mut self, op: &mut SampleOpinion, i: usize) {
        let Some(c) = self.contained.as_mut() else { return };
        if eligible(op) && c.rng.chance(c.share) {
            let due = i + 1 + c.rng.below(c.window);
            let group = *op.truth.dup_group.get_or_insert_with(|| {
                c.next_group += 1;
                c.next_group - 1
            });
            // The letter is written with the contained stream standing in for the main one.
            std::mem::swap(&mut self.rng, &mut c.rng);
            let mut letter = self.contained_letter(&*op);
            let c = self.contained.as_mut().expect("contained is on");
            std::mem::swap(&mut self.rng, &mut c.rng);
            letter.truth.dup_group = Some(group);
            c.seq += 1;
            c.pending.push(Reverse(Pending { due, seq: c.seq, op: letter }));
        }
        let n = self.n;
        let c = self.contained.as_ref().expect("contained is on");
        if c.pending.peek().is_none_or(|p| p.0.due > i) {
            return;
        }
        let date = self.date_of(i);
        let c = self.contained.as_mut().expect("contained is on");
        while c.pending.peek().is_some_and(|p| p.0.due <= i) {
            let Reverse(mut p) = c.pending.pop().expect("peeked");
            c.added += 1;
            p.op.id = (n + c.added).to_string();
            p.op.date.clone_from(&date);
            c.ready.push_back(p.op);
        }
    }

    /// A written channel of the person's contact point (a letter is not a forum note), and
    /// a collector.
    fn letter_channel(&mut self, person: &Person) -> (&'static str, &'static str) {
        let (_, kind, collectors) = CONTACT_POINTS[person.contact];
        let written: Vec<(&'static str, u32)> = names::channels(kind)
            .iter()
            .copied()
            .filter(|(c, _)| !matches!(*c, "座谈会" | "入户走访"))
            .collect();
        let channel = if written.is_empty() { "信函" } else { *self.rng.pick_weighted(&written) };
        (channel, *self.rng.pick(collectors))
    }

    /// One small edit a writer makes to what they copy, sometimes.
    fn small_edit(&mut self, text: &str) -> String {
        if !self.rng.chance(P_EDIT) {
            return text.to_string();
        }
        match self.rng.below(3) {
            0 => text.replacen('，', ",", 1),
            1 => text.replacen('。', "！", 1),
            _ => {
                let (from, to) = *self.rng.pick(&SYNONYMS);
                map_outside_quotes(text, |part| part.replacen(from, to, 1))
            }
        }
    }

    /// A point of the writer's own, on an article not in `avoid`, with its reason if it has
    /// one. `None` when no other article turns up.
    fn own_point(&mut self, person: &Person, channel: &str, avoid: &[u32]) -> Option<Own> {
        let g: &'a Generator = self.generator;
        let pi = (0..20)
            .map(|_| self.pick_point(person.group))
            .find(|&pi| !avoid.contains(&g.points[pi].article))?;
        let p = &g.points[pi];
        let ask = &p.asks[self.rng.below(p.asks.len())];
        let ask_text = ask.text.render(&mut self.rng);
        let stand_in = p.stand_in.render(&mut self.rng);
        let kind = self.ref_kind_for(person.group, channel);
        let (text, reference) = self.render_core(p, &ask_text, &stand_in, kind);
        let reasons: Vec<&Phrase> = ask.reasons.iter().chain(p.shared_reasons.iter()).collect();
        let reason = self.reasons_text(&reasons);
        Some(Own {
            text,
            reason,
            article: p.article,
            paragraph: p.paragraph,
            key: p.key.clone(),
            reference,
        })
    }

    /// A point of its own for a letter now `len` characters long that should reach `min`
    /// and stay within `max`: of a few drawn, the first that fits (its reason kept if it
    /// still fits, or if it is needed to reach `min`), else the shortest.
    fn fitting_point(
        &mut self,
        person: &Person,
        channel: &str,
        avoid: &[u32],
        (len, min, max): (usize, usize, usize),
    ) -> Option<Own> {
        let mut shortest: Option<Own> = None;
        for _ in 0..6 {
            let Some(mut p) = self.own_point(person, channel, avoid) else { break };
            let core = len + p.text.chars().count();
            if core <= max {
                if let Some(r) = p.reason.take()
                    && (core < min || core + r.chars().count() <= max)
                {
                    p.text.push_str(&r);
                }
                return Some(p);
            }
            if shortest.as_ref().is_none_or(|s| p.text.len() < s.text.len()) {
                shortest = Some(p);
            }
        }
        shortest
    }

    /// The letter containing `original`, without its id and date; drawn from `self.rng`.
    fn contained_letter(&mut self, original: &SampleOpinion) -> SampleOpinion {
        let group = *self.rng.pick_weighted(&GROUPS);
        let person = self.new_person(group);
        let (channel, collector) = self.letter_channel(&person);
        let quoted = squeezed(&original.text);
        let copy = self.small_edit(&quoted);
        let base = quoted.chars().count();
        // A letter numbers its points, the copy one of them, when the copy is one point.
        let numbered = original.truth.points.len() == 1 && self.rng.chance(P_NUMBERED);

        // Points of its own until the letter is 2.2 to 3.5 times the copy (at least twice
        // it, a reason left out where it would make it more than four times).
        let target = base * (22 + self.rng.below(14)) / 10;
        let max_own = if numbered { 1 + self.rng.below(2) } else { 1 + self.rng.below(3) };
        let mut avoid = original.truth.articles.clone();
        let mut own: Vec<Own> = Vec::new();
        let mut len = base;
        loop {
            let short = len < 2 * base + 4;
            if own.len() >= 6 || (!short && (own.len() >= max_own || len >= target)) {
                break;
            }
            let bounds = (len, 2 * base + 4, 4 * base);
            let Some(p) = self.fitting_point(&person, channel, &avoid, bounds) else { break };
            len += p.text.chars().count() + 4;
            avoid.push(p.article);
            own.push(p);
        }

        let mut segs = Vec::new();
        if numbered {
            let numbering: [&str; 4] = *self.rng.pick(&NUMBERINGS);
            let sep = *self.rng.pick_weighted(&[("\n", 55), ("\r\n", 10), ("", 35)]);
            let parts = own.len() + 1;
            let count = if self.rng.chance(0.5) {
                parts.to_string()
            } else {
                ["", "一", "两", "三", "四", "五", "六", "七"][parts].to_string()
            };
            let intro = match self.rng.below(5) {
                0 => format!("对条例草案提{count}点意见："),
                1 => "提几点建议：".to_string(),
                2 => format!("共提出{count}条意见："),
                3 => format!("我有{count}条建议："),
                _ => String::new(),
            };
            if !intro.is_empty() {
                segs.push(Seg::side(format!("{intro}{sep}")));
            }
            let at = self.rng.below(parts);
            let mut texts: Vec<&str> = own.iter().map(|o| o.text.as_str()).collect();
            texts.insert(at, &copy);
            for (k, t) in texts.iter().enumerate() {
                let num = numbering.get(k).copied().unwrap_or("");
                let end = if k + 1 == parts { "" } else { sep };
                segs.push(Seg::core(format!("{num}{t}{end}")));
            }
            if let Some(c) = self.closing(channel) {
                segs.push(Seg::side(format!("{sep}{c}")));
            }
        } else {
            let opening = self.opening(channel, &person).filter(|o| !o.ends_with('，'));
            if let Some(o) = opening {
                segs.push(Seg::side(o));
            } else if self.rng.chance(0.25) {
                segs.push(Seg::side(person.group.intro(&mut self.rng)));
            }
            let ends = copy.ends_with(['。', '！', '？', '!', '?', '…']);
            let stop = if ends { "" } else { "。" };
            segs.push(Seg::core(if !copy.contains('“') && self.rng.chance(0.2) {
                format!("我赞同这样一条意见：“{copy}”{stop}")
            } else {
                format!("{}{copy}{stop}", self.rng.pick_str(&LEADS))
            }));
            for (k, o) in own.iter().enumerate() {
                let link = if k == 0 { &FIRST_OWN[..] } else { &NEXT_OWN[..] };
                segs.push(Seg::core(format!("{}{}", self.rng.pick_str(link), o.text)));
            }
            if let Some(c) = self.closing(channel) {
                segs.push(Seg::side(c));
            }
        }
        let chars = |segs: &[Seg]| -> usize {
            segs.iter().map(|s| squeezed(&s.text).chars().count()).sum()
        };
        // Openings and closings the letter has no room for (over four times the copy) go.
        let mut k = segs.len();
        while k > 0 && chars(&segs) > 4 * base {
            k -= 1;
            if !segs[k].core && chars(&segs) - squeezed(&segs[k].text).chars().count() >= 2 * base {
                segs.remove(k);
            }
        }
        // Rarely the own points fell short (no other article found): say who writes.
        let mut guard = 0;
        while chars(&segs) < 2 * base && guard < 8 {
            guard += 1;
            segs.insert(0, Seg::side(person.group.intro(&mut self.rng)));
        }

        let mut articles = original.truth.articles.clone();
        articles.extend(own.iter().map(|o| o.article));
        articles.sort_unstable();
        articles.dedup();
        let inherited = (!original.truth.articles.is_empty()).then_some(original.truth.reference);
        let reference = inherited
            .into_iter()
            .chain(own.iter().map(|o| o.reference))
            .min()
            .filter(|_| !articles.is_empty())
            .unwrap_or(RefKind::None);
        let mut cites: Vec<(u32, Option<u32>)> =
            original.truth.articles.iter().map(|&a| (a, None)).collect();
        cites.extend(own.iter().map(|o| (o.article, o.paragraph)));
        let mut points = original.truth.points.clone();
        points.extend(own.iter().map(|o| o.key.clone()));
        let body =
            Body { segs, articles, cites, reference, points, personal: Vec::new(), long: false };
        let online = channel == "网上征求意见系统";
        // Only layout untidiness: the copy keeps its wording.
        let (text, mut messy) = mess::apply(&mut self.rng, &body.text(), online, false);
        messy.sort_unstable();
        messy.dedup();
        let article_column = self.column(channel, &body);
        let truth = Truth {
            articles: body.articles,
            reference: body.reference,
            points: body.points,
            dup_group: None,
            dup_kind: Some(DupKind::Contained),
            personal: Vec::new(),
            messy,
        };
        sent_by(&person, channel, collector, article_column, text, truth)
    }
}
