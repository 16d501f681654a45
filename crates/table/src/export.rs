//! What staff and researchers take away from an analysis: the rows of the 汇总表 (one per
//! suggestion group), one row per opinion, and the statistics, as plain data; written as
//! `opinions.csv` and `opinions.parquet` here and as `汇总表.xlsx` in `xlsx.rs`.
//!
//! Every text is the redacted one ([`Analysis::redacted`]); the original only when the
//! analysis was told not to redact.

use std::io::Write;
use std::path::Path;

use minyi_core::{
    Analysis, Assignment, Draft, Field, Opinion, OpinionResult, RowStatus, TopicCluster,
};
use polars::prelude::{Column, DataFrame, ParquetWriter};
use rustc_hash::{FxHashMap, FxHashSet};

use crate::error::{Error, ErrorKind, Result};

/// The label of the rows filed under no article.
pub const GENERAL: &str = "总体意见";

/// Everything an export writes, built once from an analysis.
///
/// ```
/// use minyi_core::{Draft, Opinion, Pipeline, Source};
/// use minyi_table::Export;
///
/// let draft = Draft::parse("第一条　为了预防火灾，制定本规定。\n第二条　小区应当设置充电设施。")?;
/// let opinions = vec![
///     Opinion::new("1", "建议第二条增加雨棚，理由是雨天充电有危险。", Source::new("意见.csv", 2)),
///     Opinion::new("2", "总体赞成，电话13812345678。", Source::new("意见.csv", 3)),
/// ];
/// let analysis = Pipeline::new()?.run(Some(&draft), &opinions);
/// let export = Export::new(&analysis, &opinions, Some(&draft));
/// assert_eq!(export.suggestions()[0].article, "第二条");
/// assert_eq!(export.suggestions()[0].reason, "雨天充电有危险。");
/// let rows: Vec<_> = export.opinion_rows().collect();
/// assert!(rows[1].text.contains("【手机号】"));
/// let mut csv = Vec::new();
/// export.write_csv(&mut csv).unwrap();
/// assert!(csv.starts_with("\u{FEFF}id,file,row".as_bytes()));
/// # Ok::<(), minyi_core::Error>(())
/// ```
///
/// The rows of the 汇总表 and the statistics are gathered at once; the row of each opinion is
/// made when it is written and never held with the others (a million of them would take
/// gigabytes), so an `Export` borrows the analysis and its opinions.
#[derive(Clone)]
pub struct Export<'a> {
    title: String,
    suggestions: Vec<SuggestionRow>,
    stats: Vec<StatTable>,
    analysis: &'a Analysis,
    opinions: &'a [Opinion],
    draft: Option<&'a Draft>,
    names: Names,
}

impl std::fmt::Debug for Export<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Export")
            .field("title", &self.title)
            .field("suggestions", &self.suggestions.len())
            .field("opinions", &self.opinions.len())
            .field("stats", &self.stats.len())
            .finish_non_exhaustive()
    }
}

/// One row of the 汇总表: a suggestion group (a topic) with every copy counted.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct SuggestionRow {
    /// The topic's id (`t23-1`).
    pub topic: String,
    /// `第二十三条`, or [`GENERAL`].
    pub article: String,
    /// The article's text in the draft (empty for 总体意见 or without a draft).
    pub article_text: String,
    /// The representative opinion's text, redacted.
    pub opinion: String,
    /// The reason the representative gives (the words after 理由是, 因为…), or empty.
    pub reason: String,
    /// How many opinions raise it, every copy counted.
    pub count: usize,
    /// Distinct submitters among them; an opinion without a submitter counts as one.
    pub submitters: usize,
    /// Distinct contact points, in order of first appearance.
    pub contact_points: Vec<String>,
    /// The ids of every opinion raising it, copies included, in input order.
    pub ids: Vec<String>,
}

/// One opinion, whatever its status: the columns of `opinions.csv` and `opinions.parquet`.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct OpinionRow {
    /// Its id.
    pub id: String,
    /// The file it came from.
    pub file: String,
    /// Its row in that file.
    pub row: u64,
    /// `ok`, or what is wrong with the row (as in `analysis.json`).
    pub status: String,
    /// The status in Chinese, for the 意见明细 sheet.
    pub status_zh: &'static str,
    /// The first article it is filed under, [`GENERAL`], or empty when not analysed.
    pub article: String,
    /// Every article it is filed under, 、-joined.
    pub articles: String,
    /// Its duplicate group.
    pub group: Option<String>,
    /// Its first topic's id.
    pub topic: Option<String>,
    /// Its first topic's label.
    pub topic_label: Option<String>,
    /// How its first article was found: `citation`, `quote` or `similarity`.
    pub evidence: Option<&'static str>,
    /// The score of that filing.
    pub score: Option<f64>,
    /// The contact point it came through.
    pub contact_point: Option<String>,
    /// The collector who took it down.
    pub collector: Option<String>,
    /// The channel.
    pub channel: Option<String>,
    /// The submitter's group (居民, 人大代表…).
    pub submitter_group: Option<String>,
    /// The date given.
    pub date: Option<String>,
    /// Its text, redacted.
    pub text: String,
}

/// A table of figures for the 统计 sheet: a heading, column names and rows of (label, values).
#[derive(Clone, Debug, PartialEq)]
pub struct StatTable {
    heading: String,
    columns: Vec<String>,
    rows: Vec<(String, Vec<f64>)>,
}

impl StatTable {
    /// An empty table; `columns` name the values (the label column is 项目).
    pub fn new(heading: impl Into<String>, columns: &[&str]) -> StatTable {
        StatTable {
            heading: heading.into(),
            columns: columns.iter().map(|&c| c.to_owned()).collect(),
            rows: Vec::new(),
        }
    }

    /// Adds a row.
    pub fn row(&mut self, label: impl Into<String>, values: &[f64]) -> &mut StatTable {
        self.rows.push((label.into(), values.to_vec()));
        self
    }

    /// Its heading.
    pub fn heading(&self) -> &str {
        &self.heading
    }

    /// The names of its value columns.
    pub fn columns(&self) -> &[String] {
        &self.columns
    }

    /// Its rows.
    pub fn rows(&self) -> &[(String, Vec<f64>)] {
        &self.rows
    }
}

/// The columns of `opinions.csv` and `opinions.parquet`, in order.
pub const OPINION_COLUMNS: [&str; 17] = [
    "id",
    "file",
    "row",
    "status",
    "article",
    "articles",
    "group",
    "topic",
    "topic_label",
    "evidence",
    "score",
    "contact_point",
    "collector",
    "channel",
    "submitter_group",
    "date",
    "text",
];

impl<'a> Export<'a> {
    /// Gathers the rows. `opinions` are those the analysis was run on, in the same order;
    /// `draft` gives the articles' labels and texts.
    pub fn new(
        analysis: &'a Analysis,
        opinions: &'a [Opinion],
        draft: Option<&'a Draft>,
    ) -> Export<'a> {
        let results = analysis.opinions();
        let label = |key: (u32, Option<u32>)| label(draft, key);
        let text_of = |o: &Opinion| text_of(analysis, o);

        // The opinions (copies included) in each topic.
        let topics = analysis.topics();
        let mut holders: Vec<Vec<usize>> = vec![Vec::new(); topics.len()];
        for (i, r) in results.iter().enumerate() {
            let mut seen = FxHashSet::default();
            for &t in r.topics() {
                if seen.insert(t)
                    && let Some(h) = holders.get_mut(t)
                {
                    h.push(i);
                }
            }
        }
        let index: FxHashMap<&str, usize> =
            opinions.iter().enumerate().map(|(i, o)| (o.id().as_str(), i)).collect();
        let mut suggestions: Vec<SuggestionRow> = topics
            .iter()
            .zip(&holders)
            .map(|(t, held)| suggestion(t, held, opinions, &index, &label, &text_of, draft))
            .collect();
        // Topics come by article in the draft's order, 总体意见 last; within one, most raised first.
        let mut first: FxHashMap<Option<(u32, Option<u32>)>, usize> = FxHashMap::default();
        for (i, t) in topics.iter().enumerate() {
            first.entry(t.article()).or_insert(i);
        }
        let rank: Vec<usize> = topics.iter().map(|t| first[&t.article()]).collect();
        let mut keyed: Vec<(usize, SuggestionRow)> = suggestions.drain(..).enumerate().collect();
        keyed.sort_by(|(a, x), (b, y)| {
            rank[*a].cmp(&rank[*b]).then(y.count.cmp(&x.count)).then(a.cmp(b))
        });
        let suggestions = keyed.into_iter().map(|(_, s)| s).collect();

        let mut stats = Vec::new();
        let counts = analysis.counts();
        let dedup = analysis.dedup();
        let mut rows_table = StatTable::new("行数核对", &["数量"]);
        rows_table
            .row("读入行数", &[counts.read as f64])
            .row("可分析", &[counts.ok as f64])
            .row("其中编号重复（已加后缀）", &[counts.repeated_id as f64])
            .row("空白", &[counts.empty as f64])
            .row("无效（过长、无法解码、格式错误）", &[counts.invalid as f64])
            .row("已分析意见", &[dedup.analysed() as f64])
            .row("去重后不同意见", &[dedup.distinct() as f64])
            .row("重复副本", &[dedup.copies() as f64])
            .row("重复组", &[dedup.groups().len() as f64])
            .row(
                "其中有组织的集中提交",
                &[dedup
                    .groups()
                    .iter()
                    .filter(|g| g.kind() == minyi_core::GroupKind::Campaign)
                    .count() as f64],
            )
            .row("归入条款的意见", &[(dedup.analysed() - analysis.general()) as f64])
            .row("总体意见（未归入条款）", &[analysis.general() as f64])
            .row("意见组（主题）", &[topics.len() as f64]);
        stats.push(rows_table);
        let mut per_article =
            StatTable::new("各条款意见数", &["意见数（含重复）", "不同意见数", "意见组数"]);
        for a in analysis.per_article() {
            per_article.row(
                label((a.article, a.sub)),
                &[a.opinions as f64, a.distinct as f64, a.topics as f64],
            );
        }
        let general_topics = topics.iter().filter(|t| t.article().is_none()).count();
        if analysis.general() > 0 {
            per_article.row(GENERAL, &[analysis.general() as f64, f64::NAN, general_topics as f64]);
        }
        stats.push(per_article);

        let title = match draft.and_then(Draft::title) {
            Some(t) => {
                format!("《{}》意见建议汇总表", t.trim_start_matches('《').trim_end_matches('》'))
            }
            None => "意见建议汇总表".to_owned(),
        };
        let names = Names::of(analysis, opinions);
        Export { title, suggestions, stats, analysis, opinions, draft, names }
    }

    /// `《…》意见建议汇总表`, from the draft's title.
    pub fn title(&self) -> &str {
        &self.title
    }

    /// The rows of the 意见汇总 sheet, in order.
    pub fn suggestions(&self) -> &[SuggestionRow] {
        &self.suggestions
    }

    /// One row per opinion, in input order, each made as it is asked for.
    pub fn opinion_rows(&self) -> impl ExactSizeIterator<Item = OpinionRow> + '_ {
        self.analysis.opinions().iter().zip(self.opinions).map(|(r, o)| {
            let mut row = opinion_row(r, o, self.analysis, self.draft);
            row.topic_label = row.topic_label.map(|l| self.names.scrub(&l));
            row
        })
    }

    /// How many opinion rows there are: every row read, in any status.
    pub fn opinion_count(&self) -> usize {
        self.opinions.len().min(self.analysis.opinions().len())
    }

    /// The tables of the 统计 sheet.
    pub fn stats(&self) -> &[StatTable] {
        &self.stats
    }

    /// Adds a table to the 统计 sheet (participation, contact points…).
    pub fn add_stats(&mut self, table: StatTable) -> &mut Export<'a> {
        self.stats.push(table);
        self
    }

    /// Writes `opinions.csv`: UTF-8 with a BOM (so that Excel opens it as such), CRLF line
    /// ends, the columns of [`OPINION_COLUMNS`].
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Io`] when writing fails.
    pub fn write_csv(&self, mut writer: impl Write) -> Result<()> {
        let io = |e: std::io::Error| {
            Error::with_source(ErrorKind::Io, "opinions.csv", "cannot write it", e)
        };
        writer.write_all("\u{FEFF}".as_bytes()).map_err(io)?;
        let mut w = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(writer);
        let csv_err =
            |e: csv::Error| Error::with_source(ErrorKind::Io, "opinions.csv", "cannot write it", e);
        w.write_record(OPINION_COLUMNS).map_err(csv_err)?;
        for r in self.opinion_rows() {
            let score = r.score.map(|s| format!("{s:.3}")).unwrap_or_default();
            let row = r.row.to_string();
            fn o(v: &Option<String>) -> &str {
                v.as_deref().unwrap_or("")
            }
            let record: [&str; 17] = [
                &r.id,
                &r.file,
                &row,
                &r.status,
                &r.article,
                &r.articles,
                o(&r.group),
                o(&r.topic),
                o(&r.topic_label),
                r.evidence.unwrap_or(""),
                &score,
                o(&r.contact_point),
                o(&r.collector),
                o(&r.channel),
                o(&r.submitter_group),
                o(&r.date),
                &r.text,
            ];
            w.write_record(record).map_err(csv_err)?;
        }
        w.flush().map_err(io)
    }

    /// Writes `opinions.parquet`: the columns of [`OPINION_COLUMNS`]; `row` is an unsigned
    /// integer, `score` a float, missing values null. Written 65,536 rows at a time
    /// (one row group each), so memory does not grow with the number of opinions.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Io`] when writing fails.
    pub fn write_parquet(&self, writer: impl Write) -> Result<()> {
        self.write_parquet_in(writer, PARQUET_BATCH)
    }

    fn write_parquet_in(&self, writer: impl Write, rows_per_batch: usize) -> Result<()> {
        let fail = |e: polars::error::PolarsError| {
            Error::new(ErrorKind::Io, "opinions.parquet", format!("cannot write it: {e}"))
        };
        let mut rows = self.opinion_rows();
        // The first batch, even an empty one, gives the schema.
        let first: Vec<OpinionRow> = rows.by_ref().take(rows_per_batch).collect();
        let first = batch(&first).map_err(fail)?;
        let mut out = ParquetWriter::new(writer).batched(first.schema()).map_err(fail)?;
        out.write_batch(&first).map_err(fail)?;
        drop(first);
        loop {
            let chunk: Vec<OpinionRow> = rows.by_ref().take(rows_per_batch).collect();
            if chunk.is_empty() {
                break;
            }
            out.write_batch(&batch(&chunk).map_err(fail)?).map_err(fail)?;
        }
        out.finish().map_err(fail)?;
        Ok(())
    }

    /// Writes `汇总表.xlsx`: sheets 意见汇总, 意见明细 and 统计, ready to print.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Io`] when writing fails.
    pub fn write_xlsx(&self, path: &Path) -> Result<()> {
        crate::xlsx::write(self, path)
    }
}

/// The opinion rows written to `opinions.parquet` at a time, as one row group: large enough
/// for good compression and fast reading, small enough that the batch takes tens of megabytes.
const PARQUET_BATCH: usize = 65_536;

/// One batch of opinion rows as a data frame with the columns of [`OPINION_COLUMNS`].
fn batch(rows: &[OpinionRow]) -> polars::error::PolarsResult<DataFrame> {
    let text = |f: fn(&OpinionRow) -> &str| -> Vec<&str> { rows.iter().map(f).collect() };
    let opt =
        |f: fn(&OpinionRow) -> Option<&str>| -> Vec<Option<&str>> { rows.iter().map(f).collect() };
    let name = |i: usize| OPINION_COLUMNS[i].into();
    let columns = vec![
        Column::new(name(0), text(|r| &r.id)),
        Column::new(name(1), text(|r| &r.file)),
        Column::new(name(2), rows.iter().map(|r| r.row).collect::<Vec<u64>>()),
        Column::new(name(3), text(|r| &r.status)),
        Column::new(name(4), text(|r| &r.article)),
        Column::new(name(5), text(|r| &r.articles)),
        Column::new(name(6), opt(|r| r.group.as_deref())),
        Column::new(name(7), opt(|r| r.topic.as_deref())),
        Column::new(name(8), opt(|r| r.topic_label.as_deref())),
        Column::new(name(9), opt(|r| r.evidence)),
        Column::new(name(10), rows.iter().map(|r| r.score).collect::<Vec<Option<f64>>>()),
        Column::new(name(11), opt(|r| r.contact_point.as_deref())),
        Column::new(name(12), opt(|r| r.collector.as_deref())),
        Column::new(name(13), opt(|r| r.channel.as_deref())),
        Column::new(name(14), opt(|r| r.submitter_group.as_deref())),
        Column::new(name(15), opt(|r| r.date.as_deref())),
        Column::new(name(16), text(|r| &r.text)),
    ];
    DataFrame::new(rows.len(), columns)
}

/// `第二十三条` (the draft's own label when it has the article).
fn label(draft: Option<&Draft>, (number, sub): (u32, Option<u32>)) -> String {
    match draft.and_then(|d| d.article(number, sub)) {
        Some(a) => a.label(),
        None => match sub {
            Some(s) => format!("第{number}条之{s}"),
            None => format!("第{number}条"),
        },
    }
}

/// An opinion's text as exported: redacted unless the analysis was told not to.
fn text_of(analysis: &Analysis, o: &Opinion) -> String {
    match analysis.redacted(o) {
        Some(r) => r.into_text().into_owned(),
        None => o.text().to_owned(),
    }
}

fn suggestion(
    topic: &TopicCluster,
    held: &[usize],
    opinions: &[Opinion],
    index: &FxHashMap<&str, usize>,
    label: &dyn Fn((u32, Option<u32>)) -> String,
    text_of: &dyn Fn(&Opinion) -> String,
    draft: Option<&Draft>,
) -> SuggestionRow {
    let (article, article_text) = match topic.article() {
        Some(key) => (
            label(key),
            draft
                .and_then(|d| d.article(key.0, key.1))
                .map(|a| a.text().to_owned())
                .unwrap_or_default(),
        ),
        None => (GENERAL.to_owned(), String::new()),
    };
    let representative = index.get(topic.representative().as_str()).map(|&i| &opinions[i]);
    let opinion = representative.map(text_of).unwrap_or_default();
    let reason = reason(&opinion).to_owned();
    let mut submitters = FxHashSet::default();
    let mut anonymous = 0;
    let mut contact_points: Vec<String> = Vec::new();
    let mut ids = Vec::with_capacity(held.len());
    for &i in held {
        let o = &opinions[i];
        ids.push(o.id().as_str().to_owned());
        match o.field(Field::Submitter).map(str::trim).filter(|s| !s.is_empty()) {
            Some(s) => {
                submitters.insert(s);
            }
            None => anonymous += 1,
        }
        if let Some(c) = o.field(Field::ContactPoint).map(str::trim).filter(|s| !s.is_empty())
            && !contact_points.iter().any(|p| p == c)
        {
            contact_points.push(c.to_owned());
        }
    }
    SuggestionRow {
        topic: topic.id().to_owned(),
        article,
        article_text,
        opinion,
        reason,
        count: topic.count(),
        submitters: submitters.len() + anonymous,
        contact_points,
        ids,
    }
}

fn opinion_row(
    r: &OpinionResult,
    o: &Opinion,
    analysis: &Analysis,
    draft: Option<&Draft>,
) -> OpinionRow {
    let mut articles: Vec<(u32, Option<u32>)> = Vec::new();
    for a in r.articles() {
        if !articles.contains(&a) {
            articles.push(a);
        }
    }
    let labels: Vec<String> = articles.iter().map(|&a| label(draft, a)).collect();
    let article = match (labels.first(), r.assignment()) {
        (Some(first), _) => first.clone(),
        (None, Some(_)) => GENERAL.to_owned(),
        (None, None) => String::new(),
    };
    let first = r
        .assignment()
        .and_then(|a: &Assignment| a.segments().iter().flat_map(|s| s.assigned()).next());
    let topic = r.topics().first().and_then(|&t| analysis.topics().get(t));
    let field = |f: Field| o.field(f).map(str::to_owned);
    OpinionRow {
        id: o.id().as_str().to_owned(),
        file: o.source().file().to_owned(),
        row: o.source().row(),
        status: if o.status().is_ok() { "ok".to_owned() } else { o.status().to_string() },
        status_zh: status_zh(o.status()),
        article,
        articles: labels.join("、"),
        group: r.group().map(|g| g.to_string()),
        topic: topic.map(|t| t.id().to_owned()),
        topic_label: topic.map(|t| t.label().to_owned()),
        evidence: first.map(|c| c.evidence().name()),
        score: first.map(|c| (f64::from(c.score()) * 1000.0).round() / 1000.0),
        contact_point: field(Field::ContactPoint),
        collector: field(Field::Collector),
        channel: field(Field::Channel),
        submitter_group: field(Field::Group),
        date: field(Field::Date),
        text: text_of(analysis, o),
    }
}

/// The submitters' names, to keep them out of topic labels: the keywords of a topic come from
/// the original texts, and a name the segmenter glued to a word (王柏琳望) can be one of them.
#[derive(Clone)]
struct Names(FxHashSet<String>);

impl Names {
    /// Every submitter's name when the analysis redacts, none when told not to.
    fn of(analysis: &Analysis, opinions: &[Opinion]) -> Names {
        let redacting = opinions.iter().any(|o| analysis.redacted(o).is_some());
        let names = opinions
            .iter()
            .filter(|_| redacting)
            .filter_map(|o| o.field(Field::Submitter))
            .map(str::trim)
            .filter(|n| n.chars().count() >= 2)
            .map(str::to_owned)
            .collect();
        Names(names)
    }

    /// A label (keywords joined by 、) without the keywords holding a name.
    fn scrub(&self, label: &str) -> String {
        if self.0.is_empty() {
            return label.to_owned();
        }
        let holds_name = |word: &str| {
            let chars: Vec<usize> =
                word.char_indices().map(|(i, _)| i).chain([word.len()]).collect();
            (0..chars.len()).any(|a| {
                (a + 2..chars.len().min(a + 6)).any(|b| self.0.contains(&word[chars[a]..chars[b]]))
            })
        };
        label.split('、').filter(|k| !holds_name(k)).collect::<Vec<_>>().join("、")
    }
}

fn status_zh(status: &RowStatus) -> &'static str {
    match status {
        RowStatus::Ok => "正常",
        RowStatus::RepeatedId { .. } => "编号重复（已加后缀）",
        RowStatus::Empty => "空白（未分析）",
        RowStatus::TooLong { .. } => "过长（未分析）",
        RowStatus::Undecodable { .. } => "含无法解码的字节",
        RowStatus::Malformed { .. } => "格式错误",
        _ => "其他",
    }
}

/// The words that give the reason for an opinion: what follows 理由是, 理由：, 因为, 主要考虑是,
/// 原因是 and the like (the earliest of them), or an empty string.
pub(crate) fn reason(text: &str) -> &str {
    const MARKERS: [&str; 10] = [
        "理由是",
        "理由为",
        "理由：",
        "理由:",
        "理由如下",
        "主要考虑是",
        "主要考虑：",
        "原因是",
        "原因：",
        "因为",
    ];
    let found = MARKERS
        .iter()
        .filter_map(|m| text.find(m).map(|at| (at, at + m.len())))
        .min_by_key(|&(at, end)| (at, std::cmp::Reverse(end)));
    let Some((_, end)) = found else { return "" };
    text[end..]
        .trim_start_matches(|c: char| {
            c == '：' || c == ':' || c == '，' || c == ',' || c.is_whitespace()
        })
        .trim_end()
}

#[cfg(test)]
mod tests {
    use minyi_core::{Draft, Field, Opinion, Pipeline, Source};
    use polars::prelude::{ParquetReader, SerReader};

    use super::{Export, reason};

    #[test]
    fn parquet_written_in_batches_holds_every_row_once_in_order() {
        let draft = Draft::parse(
            "第一条　为了规范电动自行车停放充电，制定本规定。\n\
             第二条　禁止在楼道、楼梯间停放电动自行车或者为其充电。\n\
             第三条　物业服务人应当在小区内设置集中充电设施。",
        )
        .unwrap();
        let texts = [
            "建议第二条增加对违规充电的罚款标准。",
            "建议第二条增加对违规充电的罚款标准。",
            "",
            "第三条的集中充电设施应当加装雨棚，理由是雨天充电有触电危险。",
            "总体赞成，联系电话13812345678。",
            "小区充电桩太少，晚上排队到十点。",
            "建议删除第一条中的“停放”二字。",
        ];
        let opinions: Vec<Opinion> = texts
            .iter()
            .enumerate()
            .map(|(i, t)| {
                Opinion::new(format!("A{i}"), *t, Source::new("意见.csv", i as u64 + 2))
                    .with_field(Field::ContactPoint, if i % 2 == 0 { "春晓" } else { "望湖" })
            })
            .collect();
        let analysis = Pipeline::new().unwrap().run(Some(&draft), &opinions);
        let export = Export::new(&analysis, &opinions, Some(&draft));
        assert_eq!(export.opinion_count(), texts.len());
        let rows: Vec<_> = export.opinion_rows().collect();
        for per_batch in [1, 3, 7, 100] {
            let mut bytes = Vec::new();
            export.write_parquet_in(&mut bytes, per_batch).unwrap();
            let frame = ParquetReader::new(std::io::Cursor::new(bytes)).finish().unwrap();
            assert_eq!(frame.height(), texts.len(), "{per_batch} rows per batch");
            let ids: Vec<_> = frame.column("id").unwrap().str().unwrap().iter().collect();
            let want: Vec<_> = rows.iter().map(|r| Some(r.id.as_str())).collect();
            assert_eq!(ids, want, "{per_batch} rows per batch");
            let text: Vec<_> = frame.column("text").unwrap().str().unwrap().iter().collect();
            assert!(text[4].unwrap().contains("【手机号】"));
            let points = frame.column("contact_point").unwrap();
            assert_eq!(points.str().unwrap().get(5), Some("望湖"));
        }
    }

    #[test]
    fn reasons() {
        assert_eq!(reason("建议增加雨棚，理由是雨天充电有危险。"), "雨天充电有危险。");
        assert_eq!(reason("建议删除本条。理由：与上位法冲突。"), "与上位法冲突。");
        assert_eq!(reason("建议删除本条。理由如下：一是……"), "一是……");
        assert_eq!(reason("建议提高罚款，因为现在太轻。"), "现在太轻。");
        assert_eq!(reason("建议提高罚款，主要考虑是震慑不足"), "震慑不足");
        assert_eq!(reason("建议提高罚款。"), "");
    }
}
