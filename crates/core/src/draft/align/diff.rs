//! The word-level diff of two versions of an article: an LCS over segmented words, cleaned up
//! so that it reads as an editor would mark it.

use serde::Serialize;

use crate::segment::Segmenter;

/// What a run of a [`Edit`] does.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EditOp {
    /// The text is in both versions.
    Equal,
    /// The text is only in the new version.
    Insert,
    /// The text is only in the old version.
    Delete,
}

/// A run of a word-level diff: text kept, inserted or deleted.
///
/// ```
/// use minyi_core::{Aligner, Draft, EditOp};
///
/// let old = Draft::parse("第一条 根据《中华人民共和国物权法》，制定本规定。")?;
/// let new = Draft::parse("第一条 根据《中华人民共和国民法典》，制定本规定。")?;
/// let alignment = Aligner::new().align(&old, &new);
/// let edits = alignment.pairs()[0].diff();
/// let changed: Vec<(EditOp, &str)> =
///     edits.iter().filter(|e| e.op() != EditOp::Equal).map(|e| (e.op(), e.text())).collect();
/// assert_eq!(changed, [(EditOp::Delete, "物权法"), (EditOp::Insert, "民法典")]);
/// # Ok::<(), minyi_core::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Edit {
    op: EditOp,
    text: String,
}

impl Edit {
    pub(crate) fn new(op: EditOp, text: impl Into<String>) -> Edit {
        Edit { op, text: text.into() }
    }

    /// Whether the text is kept, inserted or deleted.
    pub fn op(&self) -> EditOp {
        self.op
    }

    /// The text of the run.
    pub fn text(&self) -> &str {
        &self.text
    }
}

/// Beyond this many cells the LCS table is not built and the changed middle is shown as one
/// deletion and one insertion (articles of several thousand words; none seen in real texts).
const MAX_CELLS: usize = 4_000_000;

/// The word-level diff of `old` and `new`: equal, deleted and inserted runs, in order, each
/// change a deletion followed by an insertion, no empty run.
pub(crate) fn words(segmenter: &Segmenter, old: &str, new: &str) -> Vec<Edit> {
    let a: Vec<&str> = segmenter.segment(old).iter().map(|t| t.text()).collect();
    let b: Vec<&str> = segmenter.segment(new).iter().map(|t| t.text()).collect();
    let ops = lcs_ops(&a, &b);
    let runs = runs(&ops, &a, &b);
    let runs = absorb_short_equals(runs);
    trim_changes(runs)
}

/// One step of the word diff: a word of both, of the old only, of the new only.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Step {
    Equal(usize, usize),
    Delete(usize),
    Insert(usize),
}

/// The steps of a longest common subsequence of `a` and `b`, deletions before insertions.
fn lcs_ops(a: &[&str], b: &[&str]) -> Vec<Step> {
    let prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let suffix =
        a[prefix..].iter().rev().zip(b[prefix..].iter().rev()).take_while(|(x, y)| x == y).count();
    let (a_mid, b_mid) = (&a[prefix..a.len() - suffix], &b[prefix..b.len() - suffix]);
    let mut steps: Vec<Step> = (0..prefix).map(|i| Step::Equal(i, i)).collect();
    let (n, m) = (a_mid.len(), b_mid.len());
    if n.saturating_mul(m) > MAX_CELLS {
        steps.extend((0..n).map(|i| Step::Delete(prefix + i)));
        steps.extend((0..m).map(|j| Step::Insert(prefix + j)));
    } else {
        // lengths[i][j]: the LCS of a_mid[i..] and b_mid[j..].
        let width = m + 1;
        let mut lengths = vec![0u32; (n + 1) * width];
        for i in (0..n).rev() {
            for j in (0..m).rev() {
                lengths[i * width + j] = if a_mid[i] == b_mid[j] {
                    lengths[(i + 1) * width + j + 1] + 1
                } else {
                    lengths[(i + 1) * width + j].max(lengths[i * width + j + 1])
                };
            }
        }
        let (mut i, mut j) = (0, 0);
        while i < n || j < m {
            if i < n && j < m && a_mid[i] == b_mid[j] {
                steps.push(Step::Equal(prefix + i, prefix + j));
                i += 1;
                j += 1;
            } else if i < n
                && (j == m || lengths[(i + 1) * width + j] >= lengths[i * width + j + 1])
            {
                steps.push(Step::Delete(prefix + i));
                i += 1;
            } else {
                steps.push(Step::Insert(prefix + j));
                j += 1;
            }
        }
    }
    let (a_end, b_end) = (a.len() - suffix, b.len() - suffix);
    steps.extend((0..suffix).map(|k| Step::Equal(a_end + k, b_end + k)));
    steps
}

/// A run of the diff before cleanup: an equal run, or a change (deleted and inserted text, either
/// possibly empty).
#[derive(Clone, Debug, PartialEq, Eq)]
enum Run {
    Equal(String),
    Change { delete: String, insert: String },
}

/// Steps joined into runs: consecutive equal words into one run, and the deletions and
/// insertions between two equal runs into one change.
fn runs(steps: &[Step], a: &[&str], b: &[&str]) -> Vec<Run> {
    let mut runs: Vec<Run> = Vec::new();
    for &step in steps {
        match (step, runs.last_mut()) {
            (Step::Equal(i, _), Some(Run::Equal(text))) => text.push_str(a[i]),
            (Step::Equal(i, _), _) => runs.push(Run::Equal(a[i].to_owned())),
            (Step::Delete(i), Some(Run::Change { delete, .. })) => delete.push_str(a[i]),
            (Step::Insert(j), Some(Run::Change { insert, .. })) => insert.push_str(b[j]),
            (Step::Delete(i), _) => {
                runs.push(Run::Change { delete: a[i].to_owned(), insert: String::new() });
            }
            (Step::Insert(j), _) => {
                runs.push(Run::Change { delete: String::new(), insert: b[j].to_owned() });
            }
        }
    }
    runs
}

fn chars(s: &str) -> usize {
    s.chars().count()
}

/// An equal run between two changes that is no longer than either of them is folded into them
/// (a 的 or a comma kept in the middle of a rewritten sentence is noise, not information), as
/// diff-match-patch's semantic cleanup does.
fn absorb_short_equals(mut runs: Vec<Run>) -> Vec<Run> {
    loop {
        let mut changed = false;
        let mut out: Vec<Run> = Vec::with_capacity(runs.len());
        let mut k = 0;
        while k < runs.len() {
            let absorb = match (out.last(), &runs[k], runs.get(k + 1)) {
                (
                    Some(Run::Change { delete: d1, insert: i1 }),
                    Run::Equal(eq),
                    Some(Run::Change { delete: d2, insert: i2 }),
                ) => {
                    let len = chars(eq);
                    len <= chars(d1).max(chars(i1)) && len <= chars(d2).max(chars(i2))
                }
                _ => false,
            };
            if absorb {
                let (Run::Equal(eq), Some(Run::Change { delete: d2, insert: i2 })) =
                    (&runs[k], runs.get(k + 1))
                else {
                    unreachable!("checked above")
                };
                if let Some(Run::Change { delete, insert }) = out.last_mut() {
                    delete.push_str(eq);
                    delete.push_str(d2);
                    insert.push_str(eq);
                    insert.push_str(i2);
                }
                k += 2;
                changed = true;
            } else {
                out.push(runs[k].clone());
                k += 1;
            }
        }
        runs = out;
        if !changed {
            return runs;
        }
    }
}

/// Characters shared at the start and the end of a change's deletion and insertion go back to
/// the equal runs around it: words segmented differently in each version (中华人民共和国物权法
/// against 中华人民共和国 民法典) then show only what differs. Runs become [`Edit`]s.
fn trim_changes(runs: Vec<Run>) -> Vec<Edit> {
    let mut edits: Vec<Edit> = Vec::new();
    let push = |edits: &mut Vec<Edit>, op: EditOp, text: &str| {
        if text.is_empty() {
            return;
        }
        match edits.last_mut() {
            Some(last) if last.op == op => last.text.push_str(text),
            _ => edits.push(Edit::new(op, text)),
        }
    };
    for run in runs {
        match run {
            Run::Equal(text) => push(&mut edits, EditOp::Equal, &text),
            Run::Change { delete, insert } => {
                let prefix: usize = delete
                    .chars()
                    .zip(insert.chars())
                    .take_while(|(x, y)| x == y)
                    .map(|(x, _)| x.len_utf8())
                    .sum();
                let (d, i) = (&delete[prefix..], &insert[prefix..]);
                let suffix: usize = d
                    .chars()
                    .rev()
                    .zip(i.chars().rev())
                    .take_while(|(x, y)| x == y)
                    .map(|(x, _)| x.len_utf8())
                    .sum();
                push(&mut edits, EditOp::Equal, &delete[..prefix]);
                push(&mut edits, EditOp::Delete, &d[..d.len() - suffix]);
                push(&mut edits, EditOp::Insert, &i[..i.len() - suffix]);
                push(&mut edits, EditOp::Equal, &d[d.len() - suffix..]);
            }
        }
    }
    edits
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ops(edits: &[Edit]) -> Vec<(EditOp, &str)> {
        edits.iter().map(|e| (e.op(), e.text())).collect()
    }

    #[test]
    fn identical_texts_are_one_equal_run() {
        let s = Segmenter::new();
        let text = "业主大会由一个物业管理区域内的全体业主组成。";
        assert_eq!(ops(&words(&s, text, text)), [(EditOp::Equal, text)]);
        assert!(words(&s, "", "").is_empty());
        assert_eq!(ops(&words(&s, "", "甲。")), [(EditOp::Insert, "甲。")]);
        assert_eq!(ops(&words(&s, "甲。", "")), [(EditOp::Delete, "甲。")]);
    }

    #[test]
    fn a_replaced_word_reads_as_deletion_then_insertion() {
        let s = Segmenter::new();
        let edits = words(
            &s,
            "业主应当根据物业服务合同约定，按时交纳物业服务费。",
            "业主应当根据物业服务合同约定，按时支付物业服务费。",
        );
        assert_eq!(
            ops(&edits),
            [
                (EditOp::Equal, "业主应当根据物业服务合同约定，按时"),
                (EditOp::Delete, "交纳"),
                (EditOp::Insert, "支付"),
                (EditOp::Equal, "物业服务费。"),
            ]
        );
    }

    #[test]
    fn the_edits_rebuild_both_texts() {
        let s = Segmenter::new();
        let old = "县级以上人民政府应当建立未成年人保护工作协调机制，统筹、协调、督促和指导有关部门在各自职责范围内做好未成年人保护工作。";
        let new = "各级人民政府应当重视和加强未成年人保护工作。县级以上人民政府负责妇女儿童工作的机构，负责未成年人保护工作的组织、协调、指导、督促，有关部门在各自职责范围内做好相关工作。";
        let edits = words(&s, old, new);
        let side = |skip: EditOp| -> String {
            edits.iter().filter(|e| e.op() != skip).map(Edit::text).collect()
        };
        assert_eq!(side(EditOp::Insert), old);
        assert_eq!(side(EditOp::Delete), new);
        // No empty run, no two runs of the same kind in a row.
        assert!(edits.iter().all(|e| !e.text().is_empty()));
        assert!(edits.windows(2).all(|w| w[0].op() != w[1].op()));
    }
}
