//! The input record: one opinion (意见建议) as it came in, with where it came from.
//!
//! Readers of file formats live outside this crate (`minyi-table`); they build [`Opinion`]s and
//! the rest of the pipeline never sees a file format.

use std::fmt;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

/// The stable id of an opinion: the sheet's own id column when it has one (留言编号 `188006`),
/// else `file:row`.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct OpinionId(Box<str>);

impl OpinionId {
    /// Wraps an id.
    pub fn new(id: impl Into<String>) -> OpinionId {
        OpinionId(id.into().into_boxed_str())
    }

    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for OpinionId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// What a column of an opinion sheet holds.
///
/// Every field but [`Field::Text`] and [`Field::Id`] is metadata kept on the [`Opinion`].
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    /// The opinion itself (意见内容, 留言详情).
    Text,
    /// The sheet's id (编号, 留言编号).
    Id,
    /// Who sent it (提出人, 姓名, 留言用户).
    Submitter,
    /// The submitter's organisation (单位).
    Organization,
    /// The contact point that collected it (联系点).
    ContactPoint,
    /// The information collector who recorded it (采集员, 信息员).
    Collector,
    /// How it arrived (渠道, 来源).
    Channel,
    /// When it was sent (日期, 时间, 留言时间), as written.
    Date,
    /// The article the sender says it is about (涉及条款), as written.
    Article,
    /// The submitter's group (群体, 身份, 类别).
    Group,
    /// A subject line (标题, 留言主题).
    Title,
}

impl Field {
    /// Every field, in the order of declaration: `DECLARED[f as usize] == f`.
    const DECLARED: [Field; 11] = [
        Field::Text,
        Field::Id,
        Field::Submitter,
        Field::Organization,
        Field::ContactPoint,
        Field::Collector,
        Field::Channel,
        Field::Date,
        Field::Article,
        Field::Group,
        Field::Title,
    ];

    /// The field's bit in [`Opinion`]'s set of fields present.
    fn bit(self) -> u16 {
        1 << self as u16
    }

    /// Every field, in the order reports list them.
    pub const ALL: [Field; 11] = [
        Field::Id,
        Field::Text,
        Field::Title,
        Field::Submitter,
        Field::Organization,
        Field::Group,
        Field::ContactPoint,
        Field::Collector,
        Field::Channel,
        Field::Date,
        Field::Article,
    ];

    /// The English name used on the command line (`--column text=留言详情`) and in JSON.
    pub fn name(self) -> &'static str {
        match self {
            Field::Text => "text",
            Field::Id => "id",
            Field::Submitter => "submitter",
            Field::Organization => "organization",
            Field::ContactPoint => "contact_point",
            Field::Collector => "collector",
            Field::Channel => "channel",
            Field::Date => "date",
            Field::Article => "article",
            Field::Group => "group",
            Field::Title => "title",
        }
    }

    /// The Chinese label staff read in reports.
    pub fn label(self) -> &'static str {
        match self {
            Field::Text => "意见内容",
            Field::Id => "编号",
            Field::Submitter => "提出人",
            Field::Organization => "单位",
            Field::ContactPoint => "联系点",
            Field::Collector => "信息员",
            Field::Channel => "渠道",
            Field::Date => "日期",
            Field::Article => "涉及条款",
            Field::Group => "群体",
            Field::Title => "标题",
        }
    }

    /// Looks a field up by its English name or its Chinese label.
    ///
    /// ```
    /// use minyi_core::Field;
    /// assert_eq!(Field::from_name("contact_point"), Some(Field::ContactPoint));
    /// assert_eq!(Field::from_name("联系点"), Some(Field::ContactPoint));
    /// assert_eq!(Field::from_name("colour"), None);
    /// ```
    pub fn from_name(name: &str) -> Option<Field> {
        let name = name.trim();
        Field::ALL
            .into_iter()
            .find(|f| f.name() == name || f.label() == name || f.name().replace('_', "-") == name)
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Where a row came from: the file as the user named it, the sheet, and the row number the user
/// sees (1-based, header rows included, as a spreadsheet shows it; the line for JSON Lines).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Source {
    file: Arc<str>,
    sheet: Option<Arc<str>>,
    row: u64,
}

impl Source {
    /// A row of a file. Rows of one file can share the name: pass a clone of one `Arc<str>`.
    pub fn new(file: impl Into<Arc<str>>, row: u64) -> Source {
        Source { file: file.into(), sheet: None, row }
    }

    /// The same row, in a named sheet of a workbook.
    pub fn in_sheet(mut self, sheet: impl Into<Arc<str>>) -> Source {
        self.sheet = Some(sheet.into());
        self
    }

    /// The file, as the user named it.
    pub fn file(&self) -> &str {
        &self.file
    }

    /// The sheet of a workbook.
    pub fn sheet(&self) -> Option<&str> {
        self.sheet.as_deref()
    }

    /// The 1-based row (or line) number.
    pub fn row(&self) -> u64 {
        self.row
    }
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.sheet {
            Some(sheet) => write!(f, "{} [{}] row {}", self.file, sheet, self.row),
            None => write!(f, "{} row {}", self.file, self.row),
        }
    }
}

/// Whether a row can be analysed. Rows that cannot are still kept, so that every row read is
/// accounted for.
#[non_exhaustive]
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum RowStatus {
    /// Ready for analysis.
    Ok,
    /// The text cell is empty or holds only whitespace.
    Empty,
    /// The text is longer than the limit (in characters); it is kept but not analysed.
    TooLong {
        /// The length of the text in characters.
        chars: usize,
        /// The limit in force.
        limit: usize,
    },
    /// Some bytes of the row could not be decoded; they were replaced by U+FFFD.
    Undecodable {
        /// The byte offset, in the file, of the first bad byte.
        offset: u64,
    },
    /// The row does not fit the file's layout (a ragged CSV row, a JSON line that is not an
    /// object); what could be read is kept.
    Malformed {
        /// What is wrong, in words.
        reason: String,
    },
    /// Another row earlier in the input has the same id; this row's id was made unique by a
    /// suffix (`188006#2`).
    RepeatedId {
        /// The id as the file gives it.
        original: String,
    },
}

impl RowStatus {
    /// Whether the row goes on to analysis.
    pub fn is_ok(&self) -> bool {
        matches!(self, RowStatus::Ok | RowStatus::RepeatedId { .. })
    }

    /// Whether the row is invalid input (as opposed to empty, or fine).
    pub fn is_invalid(&self) -> bool {
        matches!(
            self,
            RowStatus::TooLong { .. } | RowStatus::Undecodable { .. } | RowStatus::Malformed { .. }
        )
    }
}

impl fmt::Display for RowStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RowStatus::Ok => f.write_str("ok"),
            RowStatus::Empty => f.write_str("empty text"),
            RowStatus::TooLong { chars, limit } => {
                write!(f, "text of {chars} characters is over the limit of {limit}")
            }
            RowStatus::Undecodable { offset } => {
                write!(f, "undecodable bytes at byte offset {offset} (replaced by U+FFFD)")
            }
            RowStatus::Malformed { reason } => f.write_str(reason),
            RowStatus::RepeatedId { original } => write!(f, "id {original} repeats an earlier row"),
        }
    }
}

/// One opinion as it came in: its id, its original text (untouched), its metadata, where it came
/// from and whether it can be analysed.
///
/// ```
/// use minyi_core::{Field, Opinion, RowStatus, Source};
///
/// let opinion = Opinion::new("188006", "建议第二十三条增加集中充电设施的规定。", Source::new("意见.xlsx", 3))
///     .with_field(Field::ContactPoint, "春晓街道基层立法联系点")
///     .with_extra("点赞数", "12");
/// assert_eq!(opinion.id().as_str(), "188006");
/// assert_eq!(opinion.field(Field::ContactPoint), Some("春晓街道基层立法联系点"));
/// assert_eq!(opinion.status(), &RowStatus::Ok);
/// # Ok::<(), minyi_core::Error>(())
/// ```
///
/// An opinion is held compactly, as a large input is held whole: boxed slices and strings of
/// their exact size, and the metadata values without their fields beside them (the set of
/// fields present says which they are).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(into = "OpinionRecord", from = "OpinionRecord")]
pub struct Opinion {
    id: OpinionId,
    text: Box<str>,
    /// The values of the fields in `present`, in [`Field`] order.
    values: Box<[Arc<str>]>,
    /// The fields present, as [`Field::bit`]s.
    present: u16,
    extra: Box<[(Arc<str>, Arc<str>)]>,
    source: Source,
    status: RowStatus,
}

/// An [`Opinion`] as serialised: the same fields as it has always had.
#[derive(Serialize, Deserialize)]
#[serde(rename = "Opinion")]
struct OpinionRecord {
    id: OpinionId,
    text: String,
    fields: Vec<(Field, Arc<str>)>,
    extra: Vec<(Arc<str>, Arc<str>)>,
    source: Source,
    status: RowStatus,
}

impl From<Opinion> for OpinionRecord {
    fn from(o: Opinion) -> OpinionRecord {
        OpinionRecord {
            fields: o.fields().map(|(f, v)| (f, Arc::from(v))).collect(),
            id: o.id,
            text: o.text.into_string(),
            extra: o.extra.into_vec(),
            source: o.source,
            status: o.status,
        }
    }
}

impl From<OpinionRecord> for Opinion {
    fn from(r: OpinionRecord) -> Opinion {
        let mut o = Opinion::new(r.id.0, r.text, r.source).with_status(r.status);
        for (field, value) in r.fields {
            o = o.with_field(field, value);
        }
        o.extra = r.extra.into_boxed_slice();
        o
    }
}

/// A boxed slice with `value` inserted at `at`, allocated at its exact size (growing a vector
/// would leave it in a block of the grown size).
fn inserted<T>(slice: Box<[T]>, at: usize, value: T) -> Box<[T]> {
    let mut old = slice.into_vec().into_iter();
    let mut out = Vec::with_capacity(old.len() + 1);
    out.extend(old.by_ref().take(at));
    out.push(value);
    out.extend(old);
    out.into_boxed_slice()
}

impl Opinion {
    /// An opinion with its id, text and source; status [`RowStatus::Ok`] and no metadata.
    pub fn new(id: impl Into<String>, text: impl Into<String>, source: Source) -> Opinion {
        Opinion {
            id: OpinionId::new(id),
            text: text.into().into_boxed_str(),
            values: Box::default(),
            present: 0,
            extra: Box::default(),
            source,
            status: RowStatus::Ok,
        }
    }

    /// Sets a metadata field (replacing an earlier value). [`Field::Text`] and [`Field::Id`] are
    /// not metadata and are ignored here. Rows that share a value (a contact point, a channel)
    /// can share its allocation: pass a clone of one `Arc<str>`.
    pub fn with_field(mut self, field: Field, value: impl Into<Arc<str>>) -> Opinion {
        if matches!(field, Field::Text | Field::Id) {
            return self;
        }
        let value = value.into();
        let at = (self.present & (field.bit() - 1)).count_ones() as usize;
        if self.present & field.bit() != 0 {
            self.values[at] = value;
        } else {
            self.values = inserted(std::mem::take(&mut self.values), at, value);
            self.present |= field.bit();
        }
        self
    }

    /// Keeps a column no field was recognised for (反对数, 点赞数), so nothing is lost.
    pub fn with_extra(
        mut self,
        column: impl Into<Arc<str>>,
        value: impl Into<Arc<str>>,
    ) -> Opinion {
        let at = self.extra.len();
        self.extra = inserted(std::mem::take(&mut self.extra), at, (column.into(), value.into()));
        self
    }

    /// Sets the status.
    pub fn with_status(mut self, status: RowStatus) -> Opinion {
        self.status = status;
        self
    }

    /// Replaces the id (a reader makes a repeated id unique this way).
    pub fn with_id(mut self, id: impl Into<String>) -> Opinion {
        self.id = OpinionId::new(id);
        self
    }

    /// The stable id.
    pub fn id(&self) -> &OpinionId {
        &self.id
    }

    /// The text exactly as it came in.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// A metadata field, if the sheet had it and the cell was not empty.
    pub fn field(&self, field: Field) -> Option<&str> {
        match field {
            Field::Text => Some(&self.text),
            Field::Id => Some(self.id.as_str()),
            _ => (self.present & field.bit() != 0)
                .then(|| &*self.values[(self.present & (field.bit() - 1)).count_ones() as usize]),
        }
    }

    /// The metadata fields present, in [`Field`] order.
    pub fn fields(&self) -> impl Iterator<Item = (Field, &str)> + '_ {
        let mut present = self.present;
        self.values.iter().map(move |v| {
            let field = Field::DECLARED[present.trailing_zeros() as usize];
            present &= present - 1;
            (field, &**v)
        })
    }

    /// Columns with no recognised meaning, in sheet order.
    pub fn extra(&self) -> impl Iterator<Item = (&str, &str)> + '_ {
        self.extra.iter().map(|(k, v)| (&**k, &**v))
    }

    /// Where the row came from.
    pub fn source(&self) -> &Source {
        &self.source
    }

    /// Whether the row can be analysed, and why not.
    pub fn status(&self) -> &RowStatus {
        &self.status
    }
}

/// Row accounting: every row read is counted in exactly one of the other numbers.
///
/// ```
/// use minyi_core::{Opinion, RowCounts, RowStatus, Source};
///
/// let rows = [
///     Opinion::new("1", "建议删除第五条。", Source::new("a.csv", 2)),
///     Opinion::new("2", "", Source::new("a.csv", 3)).with_status(RowStatus::Empty),
/// ];
/// let counts = RowCounts::tally(&rows);
/// assert_eq!(counts.to_string(), "2 rows read: 1 ok, 1 empty, 0 invalid");
/// assert!(counts.adds_up());
/// # Ok::<(), minyi_core::Error>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct RowCounts {
    /// Rows read (header rows excluded).
    pub read: usize,
    /// Rows ready for analysis, repeated ids excluded.
    pub ok: usize,
    /// Rows whose text is empty.
    pub empty: usize,
    /// Rows that are too long, undecodable or malformed.
    pub invalid: usize,
    /// Rows whose id repeats an earlier row (still analysed, under a suffixed id).
    pub repeated_id: usize,
}

impl RowCounts {
    /// Counts the rows by status.
    pub fn tally<'a>(opinions: impl IntoIterator<Item = &'a Opinion>) -> RowCounts {
        let mut counts = RowCounts::default();
        for opinion in opinions {
            counts.add(opinion.status());
        }
        counts
    }

    /// Counts one more row.
    pub fn add(&mut self, status: &RowStatus) {
        self.read += 1;
        match status {
            RowStatus::Ok => self.ok += 1,
            RowStatus::Empty => self.empty += 1,
            RowStatus::RepeatedId { .. } => self.repeated_id += 1,
            _ => self.invalid += 1,
        }
    }

    /// Adds another file's counts.
    pub fn merge(&mut self, other: RowCounts) {
        self.read += other.read;
        self.ok += other.ok;
        self.empty += other.empty;
        self.invalid += other.invalid;
        self.repeated_id += other.repeated_id;
    }

    /// Whether rows read = rows accounted for.
    pub fn adds_up(&self) -> bool {
        self.read == self.ok + self.empty + self.invalid + self.repeated_id
    }
}

impl fmt::Display for RowCounts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} rows read: {} ok, {} empty, {} invalid",
            self.read, self.ok, self.empty, self.invalid
        )?;
        if self.repeated_id > 0 {
            write!(f, ", {} repeated id", self.repeated_id)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_kept_in_order_and_replaced() {
        let o = Opinion::new("7", "建议增加电动自行车集中充电设施。", Source::new("意见.csv", 8))
            .with_field(Field::Date, "2019/2/28 11:25:05")
            .with_field(Field::Submitter, "王建国")
            .with_field(Field::Submitter, "李秀英")
            .with_field(Field::Text, "ignored");
        let fields: Vec<_> = o.fields().collect();
        assert_eq!(fields, vec![(Field::Submitter, "李秀英"), (Field::Date, "2019/2/28 11:25:05")]);
        assert_eq!(o.text(), "建议增加电动自行车集中充电设施。");
    }

    #[test]
    fn counts_add_up_with_every_status() {
        let src = || Source::new("x.csv", 2);
        let rows = vec![
            Opinion::new("1", "第五条", src()),
            Opinion::new("2", "", src()).with_status(RowStatus::Empty),
            Opinion::new("3", "长", src())
                .with_status(RowStatus::TooLong { chars: 30_000, limit: 20_000 }),
            Opinion::new("4", "\u{FFFD}", src()).with_status(RowStatus::Undecodable { offset: 99 }),
            Opinion::new("5", "x", src())
                .with_status(RowStatus::Malformed { reason: "ragged".into() }),
            Opinion::new("1#2", "第六条", src())
                .with_status(RowStatus::RepeatedId { original: "1".into() }),
        ];
        let c = RowCounts::tally(&rows);
        assert_eq!((c.read, c.ok, c.empty, c.invalid, c.repeated_id), (6, 1, 1, 3, 1));
        assert!(c.adds_up());
        assert_eq!(c.to_string(), "6 rows read: 1 ok, 1 empty, 3 invalid, 1 repeated id");
        assert!(rows[5].status().is_ok());
        assert!(!rows[1].status().is_invalid());
    }

    #[test]
    fn fields_are_declared_in_order() {
        for (i, f) in Field::DECLARED.into_iter().enumerate() {
            assert_eq!(f as usize, i);
        }
        let mut all = Field::ALL;
        all.sort();
        assert_eq!(all, Field::DECLARED);
    }

    #[test]
    fn opinions_serialise_with_their_fields_as_pairs() {
        let o = Opinion::new("7", "第五条", Source::new("意见.csv", 8))
            .with_field(Field::Date, "2019/2/28")
            .with_field(Field::Submitter, "王建国")
            .with_extra("点赞数", "12");
        let json = serde_json::to_string(&o).unwrap();
        assert_eq!(
            json,
            r#"{"id":"7","text":"第五条","fields":[["submitter","王建国"],["date","2019/2/28"]],"extra":[["点赞数","12"]],"source":{"file":"意见.csv","sheet":null,"row":8},"status":{"status":"ok"}}"#
        );
        assert_eq!(serde_json::from_str::<Opinion>(&json).unwrap(), o);
    }

    #[test]
    fn field_names_round_trip() {
        for f in Field::ALL {
            assert_eq!(Field::from_name(f.name()), Some(f));
            assert_eq!(Field::from_name(f.label()), Some(f));
        }
    }

    #[test]
    fn source_display_names_file_sheet_and_row() {
        let s = Source::new("意见.xlsx", 12).in_sheet("意见汇总");
        assert_eq!(s.to_string(), "意见.xlsx [意见汇总] row 12");
    }
}
