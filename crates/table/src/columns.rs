//! Which column holds what: the usual Chinese (and English) headers of opinion sheets, and the
//! user's `--column field=header` overrides.

use minyi_core::Field;
use serde::Serialize;

/// Header names recognised for each field, best first. Compared after [`clean_header`].
const KNOWN: &[(Field, &[&str])] = &[
    (
        Field::Text,
        &[
            "意见内容",
            "意见建议内容",
            "意见建议",
            "修改意见",
            "建议内容",
            "具体意见",
            "具体建议",
            "意见和建议",
            "意见或建议",
            "修改建议",
            "留言详情",
            "留言内容",
            "意见",
            "建议",
            "内容",
            "正文",
            "text",
            "content",
            "detail",
            "opinion",
            "comment",
            "suggestion",
            "body",
            "message",
        ],
    ),
    (Field::Id, &["编号", "留言编号", "意见编号", "序号", "id", "no", "no."]),
    (
        Field::Submitter,
        &[
            "提出人",
            "姓名",
            "留言用户",
            "意见人",
            "提交人",
            "反映人",
            "建议人",
            "留言人",
            "name",
            "user",
            "submitter",
            "author",
        ],
    ),
    (Field::Organization, &["单位", "工作单位", "所在单位", "提出单位", "organization", "org"]),
    (
        Field::ContactPoint,
        &["联系点", "基层立法联系点", "来源联系点", "所属联系点", "contact_point", "contactpoint"],
    ),
    (
        Field::Collector,
        &["采集员", "信息员", "信息采集员", "收集人", "记录人", "整理人", "collector"],
    ),
    (
        Field::Channel,
        &["渠道", "来源", "提交渠道", "意见来源", "征集渠道", "来源渠道", "channel", "source"],
    ),
    (
        Field::Date,
        &[
            "日期",
            "时间",
            "留言时间",
            "提交时间",
            "提交日期",
            "提出时间",
            "提出日期",
            "收到日期",
            "date",
            "time",
            "created_at",
            "timestamp",
        ],
    ),
    (
        Field::Article,
        &[
            "涉及条款",
            "条款",
            "相关条款",
            "对应条款",
            "条目",
            "涉及条目",
            "article",
            "article_column",
        ],
    ),
    (
        Field::Group,
        &[
            "群体",
            "身份",
            "类别",
            "人员类别",
            "人员类型",
            "提出人类别",
            "职业",
            "group",
            "category",
        ],
    ),
    (Field::Title, &["标题", "主题", "留言主题", "意见主题", "title", "subject"]),
];

/// How a column came to be used.
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Recognition {
    /// Its header is one of the usual names of the field.
    Known,
    /// Its header contains a telling word (意见建议摘要 for the text).
    Guessed,
    /// The user named it with `--column`.
    Override,
}

/// One column and what it is used for.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ColumnUse {
    /// The header as the file writes it.
    pub header: String,
    /// The 0-based column index.
    pub index: usize,
    /// What it holds, `None` for a column kept as extra data.
    pub field: Option<Field>,
    /// How the field was found, `None` for an unused column.
    pub recognition: Option<Recognition>,
}

/// The result of mapping a header row.
#[derive(Clone, Debug)]
pub(crate) struct Mapping {
    pub(crate) columns: Vec<ColumnUse>,
}

impl Mapping {
    /// How much the row looks like a header: known names and overrides count twice, guesses
    /// once.
    pub(crate) fn score(&self) -> usize {
        self.columns
            .iter()
            .map(|c| match c.recognition {
                Some(Recognition::Known | Recognition::Override) => 2,
                Some(Recognition::Guessed) => 1,
                None => 0,
            })
            .sum()
    }

    pub(crate) fn index_of(&self, field: Field) -> Option<usize> {
        self.columns.iter().find(|c| c.field == Some(field)).map(|c| c.index)
    }
}

/// Why a header row could not be mapped.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum MappingError {
    /// An override names a header the row does not have.
    NoSuchColumn { field: Field, header: String },
    /// No column holds the text.
    NoText,
}

/// A header as compared: no spaces, no marks of required fields, ASCII lower case.
pub(crate) fn clean_header(header: &str) -> String {
    let mut h: String = header
        .chars()
        .filter(|c| {
            !c.is_whitespace() && !matches!(c, '\u{200B}'..='\u{200D}' | '\u{FEFF}' | '*' | '＊')
        })
        .collect::<String>()
        .to_lowercase();
    for suffix in ["（必填）", "(必填)", "（选填）", "(选填)", "：", ":"] {
        if let Some(stripped) = h.strip_suffix(suffix) {
            h = stripped.to_owned();
        }
    }
    h
}

/// A guess from words inside the header, for the text and id only: other fields are too easy
/// to confuse.
fn guess(header: &str) -> Option<Field> {
    let not_text = [
        "答复", "回复", "办理", "处理", "编号", "序号", "时间", "日期", "条款", "类别", "人", "数",
    ];
    if ["意见", "建议", "内容", "详情", "留言"].iter().any(|w| header.contains(w))
        && !not_text.iter().any(|w| header.contains(w))
    {
        return Some(Field::Text);
    }
    if header.ends_with("编号") || header.ends_with("序号") {
        return Some(Field::Id);
    }
    None
}

/// Maps a header row to fields: overrides first, then known names (best name first, each field
/// and each column taken once), then guesses.
pub(crate) fn map_columns(
    header: &[String],
    overrides: &[(Field, String)],
) -> Result<Mapping, MappingError> {
    let cleaned: Vec<String> = header.iter().map(|h| clean_header(h)).collect();
    let mut fields: Vec<Option<(Field, Recognition)>> = vec![None; header.len()];
    let taken = |fields: &[Option<(Field, Recognition)>], f: Field| {
        fields.iter().any(|x| x.is_some_and(|(g, _)| g == f))
    };

    for (field, name) in overrides {
        let wanted = clean_header(name);
        let by_name = cleaned.iter().position(|h| *h == wanted);
        // A 1-based column number, when no header is called that.
        let by_number = || {
            name.trim()
                .parse::<usize>()
                .ok()
                .filter(|&n| n >= 1 && n <= header.len())
                .map(|n| n - 1)
        };
        match by_name.or_else(by_number) {
            Some(i) => {
                // An override wins over anything else on that column or for that field.
                for slot in fields.iter_mut() {
                    if slot.is_some_and(|(g, _)| g == *field) {
                        *slot = None;
                    }
                }
                fields[i] = Some((*field, Recognition::Override));
            }
            None => return Err(MappingError::NoSuchColumn { field: *field, header: name.clone() }),
        }
    }
    for (field, names) in KNOWN {
        if taken(&fields, *field) {
            continue;
        }
        let best = names
            .iter()
            .filter_map(|name| {
                cleaned.iter().enumerate().find(|(i, h)| *h == name && fields[*i].is_none())
            })
            .map(|(i, _)| i)
            .next();
        if let Some(i) = best {
            fields[i] = Some((*field, Recognition::Known));
        }
    }
    for (i, h) in cleaned.iter().enumerate() {
        if fields[i].is_some() {
            continue;
        }
        if let Some(field) = guess(h).filter(|f| !taken(&fields, *f)) {
            fields[i] = Some((field, Recognition::Guessed));
        }
    }
    if !taken(&fields, Field::Text) {
        return Err(MappingError::NoText);
    }
    let columns = header
        .iter()
        .zip(fields)
        .enumerate()
        .map(|(index, (h, f))| ColumnUse {
            header: h.clone(),
            index,
            field: f.map(|(field, _)| field),
            recognition: f.map(|(_, r)| r),
        })
        .collect();
    Ok(Mapping { columns })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(names: &[&str]) -> Vec<String> {
        names.iter().map(|s| (*s).to_owned()).collect()
    }

    fn field_of(m: &Mapping, h: &str) -> Option<Field> {
        m.columns.iter().find(|c| c.header == h).and_then(|c| c.field)
    }

    #[test]
    fn the_real_message_board_export() {
        let h = header(&[
            "留言编号",
            "留言用户",
            "留言主题",
            "留言时间",
            "留言详情",
            "反对数",
            "点赞数",
            "答复意见",
            "答复时间",
        ]);
        let m = map_columns(&h, &[]).unwrap();
        assert_eq!(field_of(&m, "留言详情"), Some(Field::Text));
        assert_eq!(field_of(&m, "留言编号"), Some(Field::Id));
        assert_eq!(field_of(&m, "留言用户"), Some(Field::Submitter));
        assert_eq!(field_of(&m, "留言主题"), Some(Field::Title));
        assert_eq!(field_of(&m, "留言时间"), Some(Field::Date));
        // The official reply is not the opinion, and its time is not the opinion's.
        assert_eq!(field_of(&m, "答复意见"), None);
        assert_eq!(field_of(&m, "答复时间"), None);
        assert_eq!(field_of(&m, "点赞数"), None);
    }

    #[test]
    fn a_contact_point_summary_sheet() {
        let h = header(&[
            "序号",
            "提出人",
            "单位",
            "身份",
            "联系点",
            "信息员",
            "渠道",
            "提交日期",
            "涉及条款",
            "意见内容（必填）",
        ]);
        let m = map_columns(&h, &[]).unwrap();
        let fields: Vec<_> = m.columns.iter().map(|c| c.field).collect();
        assert_eq!(
            fields,
            [
                Some(Field::Id),
                Some(Field::Submitter),
                Some(Field::Organization),
                Some(Field::Group),
                Some(Field::ContactPoint),
                Some(Field::Collector),
                Some(Field::Channel),
                Some(Field::Date),
                Some(Field::Article),
                Some(Field::Text),
            ]
        );
    }

    #[test]
    fn best_name_wins_and_guesses_fill_in() {
        let h = header(&["序号", "编号", "意见", "修改意见"]);
        let m = map_columns(&h, &[]).unwrap();
        assert_eq!(field_of(&m, "编号"), Some(Field::Id));
        assert_eq!(field_of(&m, "序号"), None);
        assert_eq!(field_of(&m, "修改意见"), Some(Field::Text));
        let m = map_columns(&header(&["意见建议摘要", "反映人"]), &[]).unwrap();
        assert_eq!(m.columns[0].recognition, Some(Recognition::Guessed));
        assert_eq!(m.columns[0].field, Some(Field::Text));
    }

    #[test]
    fn overrides_win_and_unknown_ones_are_refused() {
        let h = header(&["留言编号", "留言主题", "留言详情"]);
        let m = map_columns(&h, &[(Field::Text, "留言主题".into())]).unwrap();
        assert_eq!(field_of(&m, "留言主题"), Some(Field::Text));
        assert_eq!(field_of(&m, "留言详情"), None, "the text is taken once");
        let m = map_columns(&h, &[(Field::Text, "3".into())]).unwrap();
        assert_eq!(field_of(&m, "留言详情"), Some(Field::Text));
        assert_eq!(
            map_columns(&h, &[(Field::Text, "正文".into())]).unwrap_err(),
            MappingError::NoSuchColumn { field: Field::Text, header: "正文".into() }
        );
    }

    #[test]
    fn no_text_column() {
        let h = header(&["编号", "姓名", "电话"]);
        assert_eq!(map_columns(&h, &[]).unwrap_err(), MappingError::NoText);
    }

    #[test]
    fn headers_are_cleaned() {
        assert_eq!(clean_header(" *意见 内容（必填）"), "意见内容");
        assert_eq!(clean_header("\u{FEFF}ID:"), "id");
    }
}
