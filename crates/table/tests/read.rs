//! Reading real and broken opinion files through the public API.
#![allow(clippy::print_stderr)] // says why a test with real data is skipped

use std::path::{Path, PathBuf};

use minyi_core::{Field, RowStatus};
use minyi_table::{ErrorKind, Format, ReadOptions, read_file, read_files};
use rust_xlsxwriter::{ExcelDateTime, Format as CellFormat, Workbook};

/// `../shared/corpora/messages`, when the shared data is laid out next to the project.
fn shared_messages() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpora/messages");
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!("skipped: ../shared/corpora/messages is absent (a plain clone has no real data)");
        None
    }
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

const CSV: &str = "编号,提出人,联系点,意见内容\n\
1,王建国,春晓街道基层立法联系点,建议第二十三条增加“住宅小区应当设置集中充电设施”。\n\
2,李秀英,春晓街道基层立法联系点,\"第五条第二款表述不清，\n建议修改。\"\n\
3,张伟,滨江律师协会基层立法联系点,电动自行车不得在楼道、电梯内充电。\n";

#[test]
fn real_message_workbooks_account_for_every_row_with_ids_intact() {
    let Some(dir) = shared_messages() else { return };
    for (xlsx, jsonl, rows) in [
        ("xlsx/tipdm2020C_att3_hot_messages_full.xlsx", "tipdm2020C_att3_hot_messages.jsonl", 4326),
        (
            "xlsx/tipdm2020C_att4_messages_with_replies_full.xlsx",
            "tipdm2020C_att4_messages_with_replies.jsonl",
            2816,
        ),
    ] {
        let (from_xlsx, report) = read_file(&dir.join(xlsx), &ReadOptions::new()).unwrap();
        assert_eq!(report.format(), Format::Xlsx);
        let counts = report.counts();
        assert_eq!((counts.read, counts.ok), (rows, rows), "{xlsx}: {counts}");
        assert!(counts.adds_up());
        let (from_jsonl, report) = read_file(&dir.join(jsonl), &ReadOptions::new()).unwrap();
        assert_eq!(report.counts().read, rows);
        assert_eq!(report.counts().ok, rows, "{jsonl}: {}", report.counts());
        // The same messages: same ids (no ".0"), same texts, in the same order.
        assert_eq!(from_xlsx.len(), from_jsonl.len());
        for (a, b) in from_xlsx.iter().zip(&from_jsonl) {
            assert_eq!(a.id(), b.id());
            assert!(!a.id().as_str().contains('.'), "id {} looks like a float", a.id());
            assert_eq!(a.field(Field::Submitter), b.field(Field::Submitter));
            // The JSON was exported from the workbook with Excel's `_x000D_` escapes left in;
            // normalised, the texts are the same.
            let normalizer = minyi_core::Normalizer::new();
            assert_eq!(
                normalizer.normalize(a.text()).as_str(),
                normalizer.normalize(b.text()).as_str(),
                "text of {}",
                a.id()
            );
        }
    }
}

#[test]
fn real_jsonl_keeps_the_scraping_debris_untouched() {
    let Some(dir) = shared_messages() else { return };
    let path = dir.join("tipdm2020C_att3_hot_messages.jsonl");
    let (rows, report) = read_file(&path, &ReadOptions::new()).unwrap();
    assert_eq!(report.counts().to_string(), "4326 rows read: 4326 ok, 0 empty, 0 invalid");
    let first = rows.iter().find(|o| o.id().as_str() == "188006").unwrap();
    assert!(first.text().starts_with("\n\t\t\t\t\t\n"), "original text is kept as sent");
    assert_eq!(first.field(Field::Date), Some("2019/2/28 11:25:05"));
    assert!(first.extra().any(|(k, v)| k == "likes" && v == "0"));
}

#[test]
fn gbk_csv_reads_like_utf8() {
    let dir = tempfile::tempdir().unwrap();
    let (gbk, _, unmappable) = encoding_rs::GBK.encode(CSV);
    assert!(!unmappable);
    let path = write(dir.path(), "意见_gbk.csv", &gbk);
    let (rows, report) = read_file(&path, &ReadOptions::new()).unwrap();
    assert_eq!(report.encoding(), Some("GB18030/GBK"));
    assert_eq!(report.counts().to_string(), "3 rows read: 3 ok, 0 empty, 0 invalid");
    assert_eq!(rows[1].text(), "第五条第二款表述不清，\n建议修改。");
    assert_eq!(rows[2].field(Field::ContactPoint), Some("滨江律师协会基层立法联系点"));
    assert_eq!(rows[2].source().row(), 5, "row 2 spans two lines");
}

#[test]
fn gbk_csv_with_a_broken_row_keeps_the_others() {
    let dir = tempfile::tempdir().unwrap();
    let mut gbk = encoding_rs::GBK.encode(CSV).0.into_owned();
    // A lone lead byte inside row 3's text (after "电动").
    let at = find(&gbk, &encoding_rs::GBK.encode("自行车").0);
    gbk.insert(at, 0x81);
    gbk.insert(at + 1, 0x20);
    let path = write(dir.path(), "broken.csv", &gbk);
    let (rows, report) = read_file(&path, &ReadOptions::new()).unwrap();
    assert_eq!(report.counts().to_string(), "3 rows read: 2 ok, 0 empty, 1 invalid");
    assert_eq!(rows[2].status(), &RowStatus::Undecodable { offset: at as u64 });
    let problem = &report.problems()[0];
    assert_eq!((problem.row, problem.column.as_deref()), (5, Some("意见内容")));
    assert!(rows[2].text().contains('\u{FFFD}'));
}

fn find(hay: &[u8], needle: &[u8]) -> usize {
    hay.windows(needle.len()).position(|w| w == needle).unwrap()
}

#[test]
fn utf16_tab_separated_export() {
    // Excel's "Unicode text" export: UTF-16LE with BOM, tabs.
    let dir = tempfile::tempdir().unwrap();
    let tsv = CSV.replace(',', "\t");
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend(tsv.encode_utf16().flat_map(u16::to_le_bytes));
    let path = write(dir.path(), "意见.txt", &bytes);
    let (rows, report) = read_file(&path, &ReadOptions::new()).unwrap();
    assert_eq!(report.encoding(), Some("UTF-16LE with BOM"));
    assert_eq!(report.counts().ok, 3);
    assert_eq!(rows[0].field(Field::Submitter), Some("王建国"));
}

#[test]
fn ragged_row_is_kept_and_reported() {
    let dir = tempfile::tempdir().unwrap();
    let csv = "编号,提出人,意见内容\n1,王建国,建议删除第八条\n2,李秀英,建议第九条增加罚款,金额为五百元\n3,张伟,第十条应当明确责任主体\n";
    let path = write(dir.path(), "ragged.csv", csv.as_bytes());
    let (rows, report) = read_file(&path, &ReadOptions::new()).unwrap();
    assert_eq!(report.counts().to_string(), "3 rows read: 2 ok, 0 empty, 1 invalid");
    match rows[1].status() {
        RowStatus::Malformed { reason } => {
            assert!(reason.contains("4 cells where the header has 3"));
        }
        other => panic!("expected malformed, got {other:?}"),
    }
    assert_eq!(rows[1].source().row(), 3);
    assert_eq!(rows[2].text(), "第十条应当明确责任主体");
}

#[test]
fn empty_file_is_an_error_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "空.csv", b"");
    let err = read_file(&path, &ReadOptions::new()).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Empty);
    assert!(err.to_string().contains("空.csv"), "{err}");
}

#[test]
fn no_text_column_lists_the_columns_and_says_what_to_do() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "名单.csv", "编号,姓名,电话\n1,王建国,13800000000\n".as_bytes());
    let err = read_file(&path, &ReadOptions::new()).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NoTextColumn);
    let msg = err.to_string();
    assert!(msg.contains("名单.csv") && msg.contains("编号, 姓名, 电话"), "{msg}");
    assert!(msg.contains("--column text="), "{msg}");
    // Naming it works.
    let mut options = ReadOptions::new();
    options.column(Field::Text, "电话");
    assert_eq!(read_file(&path, &options).unwrap().1.counts().ok, 1);
}

#[test]
fn a_five_megabyte_cell_is_kept_but_marked() {
    let dir = tempfile::tempdir().unwrap();
    let huge = "业主委员会应当公开住宅专项维修资金的使用情况。".repeat(5 * 1024 * 1024 / 69 + 1);
    let csv = format!("编号,意见内容\n1,建议删除第八条\n2,{huge}\n3,第十条应当明确责任主体\n");
    let path = write(dir.path(), "huge.csv", csv.as_bytes());
    let (rows, report) = read_file(&path, &ReadOptions::new()).unwrap();
    assert_eq!(report.counts().to_string(), "3 rows read: 2 ok, 0 empty, 1 invalid");
    assert_eq!(rows[1].text(), huge, "nothing is lost");
    assert!(matches!(rows[1].status(), RowStatus::TooLong { limit: 20_000, .. }));
    assert_eq!(report.problems()[0].column.as_deref(), Some("意见内容"));
}

#[test]
fn binary_renamed_csv_is_refused_with_offset_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    png.extend((0..4096u32).map(|i| (i * 7 % 251) as u8));
    let path = write(dir.path(), "photo.csv", &png);
    let err = read_file(&path, &ReadOptions::new()).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Encoding);
    let msg = err.to_string();
    assert!(
        msg.contains("photo.csv") && msg.contains("offset 8") && msg.contains("line 3"),
        "{msg}"
    );
}

fn sample_workbook(path: &Path) {
    let mut wb = Workbook::new();
    let sheet = wb.add_worksheet();
    sheet.set_name("意见汇总").unwrap();
    sheet
        .merge_range(
            0,
            0,
            0,
            4,
            "《滨江市电动自行车安全管理条例（草案）》意见建议收集表",
            &CellFormat::new(),
        )
        .unwrap();
    for (c, h) in ["序号", "提出人", "提交日期", "涉及条款", "意见内容"].iter().enumerate()
    {
        sheet.write_string(1, c as u16, *h).unwrap();
    }
    let date = CellFormat::new().set_num_format("yyyy-mm-dd");
    let rows = [
        (188006.0, "王建国", "第二十三条", "\n\t\t建议增加集中充电设施。"),
        (188007.0, "李秀英", "", "   "),
        (188008.0, "张伟", "第５条", "罚款数额过低，建议提高到五百元。"),
    ];
    for (i, (id, name, article, text)) in rows.iter().enumerate() {
        let r = i as u32 + 2;
        sheet.write_number(r, 0, *id).unwrap();
        sheet.write_string(r, 1, *name).unwrap();
        let when = ExcelDateTime::from_ymd(2026, 3, 10 + i as u8).unwrap();
        sheet.write_datetime_with_format(r, 2, &when, &date).unwrap();
        sheet.write_string(r, 3, *article).unwrap();
        sheet.write_string(r, 4, *text).unwrap();
    }
    let second = wb.add_worksheet();
    second.set_name("第二批").unwrap();
    second.write_string(0, 0, "意见").unwrap();
    second.write_string(1, 0, "第六条应当明确主管部门。").unwrap();
    wb.save(path).unwrap();
}

#[test]
fn workbook_with_title_row_numbers_and_dates() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("意见.xlsx");
    sample_workbook(&path);
    let (rows, report) = read_file(&path, &ReadOptions::new()).unwrap();
    assert_eq!(report.sheet(), Some("意见汇总"));
    assert_eq!(report.header_row(), Some(2), "the title row above the header is skipped");
    assert_eq!(report.counts().to_string(), "3 rows read: 2 ok, 1 empty, 0 invalid");
    let ids: Vec<&str> = rows.iter().map(|o| o.id().as_str()).collect();
    assert_eq!(ids, ["188006", "188007", "188008"]);
    assert_eq!(rows[0].field(Field::Date), Some("2026-03-10"));
    assert_eq!(rows[0].field(Field::Article), Some("第二十三条"));
    assert_eq!(rows[0].text(), "\n\t\t建议增加集中充电设施。");
    assert_eq!(rows[1].source().row(), 4);
    assert_eq!(rows[1].source().sheet(), Some("意见汇总"));

    let mut options = ReadOptions::new();
    options.sheet("第二批");
    let (rows, _) = read_file(&path, &options).unwrap();
    assert_eq!(rows[0].id().as_str(), "意见.xlsx:2", "no id column: file and row");
    options.sheet("第三批");
    let err = read_file(&path, &options).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::UnknownSheet);
    assert!(err.to_string().contains("意见汇总, 第二批"), "{err}");
}

#[test]
fn truncated_workbook_is_an_error_and_other_files_still_come_through() {
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("意见.xlsx");
    sample_workbook(&good);
    let bytes = std::fs::read(&good).unwrap();
    let truncated = write(dir.path(), "截断.xlsx", &bytes[..bytes.len() / 2]);
    let csv = write(dir.path(), "补充.csv", CSV.as_bytes());
    let ingest =
        read_files(&[truncated.as_path(), good.as_path(), csv.as_path()], &ReadOptions::new());
    assert_eq!(ingest.errors().len(), 1);
    let err = &ingest.errors()[0];
    assert_eq!(err.kind(), ErrorKind::Format);
    assert!(
        err.to_string().contains("截断.xlsx") && err.to_string().contains("truncated"),
        "{err}"
    );
    assert_eq!(ingest.reports().len(), 2);
    assert_eq!(ingest.counts().to_string(), "6 rows read: 5 ok, 1 empty, 0 invalid");
}

#[test]
fn ids_repeated_across_files_are_made_unique() {
    let dir = tempfile::tempdir().unwrap();
    let a = write(dir.path(), "a.csv", CSV.as_bytes());
    let b = write(dir.path(), "b.csv", CSV.as_bytes());
    let ingest = read_files(&[a, b], &ReadOptions::new());
    assert_eq!(ingest.counts().to_string(), "6 rows read: 3 ok, 0 empty, 0 invalid, 3 repeated id");
    let ids: std::collections::BTreeSet<&str> =
        ingest.opinions().iter().map(|o| o.id().as_str()).collect();
    assert_eq!(ids.len(), 6);
    assert!(ids.contains("1#2"));
    assert_eq!(ingest.reports()[1].problems().len(), 3);
}

#[test]
fn parquet_round_trip() {
    use polars::prelude::{DataFrame, NamedFrom, ParquetWriter, Series};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("意见.parquet");
    let mut frame = DataFrame::new(
        2,
        vec![
            Series::new("留言编号".into(), &[188006i64, 188007]).into(),
            Series::new("留言详情".into(), &["建议增加集中充电设施。", "第五条表述不清。"]).into(),
            Series::new("点赞数".into(), &[Some(3.0f64), None]).into(),
        ],
    )
    .unwrap();
    ParquetWriter::new(std::fs::File::create(&path).unwrap()).finish(&mut frame).unwrap();
    let (rows, report) = read_file(&path, &ReadOptions::new()).unwrap();
    assert_eq!(report.format(), Format::Parquet);
    assert_eq!(report.counts().ok, 2);
    assert_eq!(rows[0].id().as_str(), "188006");
    assert_eq!(rows[1].text(), "第五条表述不清。");
    assert!(rows[0].extra().any(|(k, v)| k == "点赞数" && v == "3"));
}

fn sample(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpora/sample").join(name)
}

#[test]
fn the_sample_workbook_csv_and_jsonl_hold_the_same_opinions() {
    let options = ReadOptions::new();
    let (xlsx, report) = read_file(&sample("意见.xlsx"), &options).unwrap();
    assert_eq!(report.header_row(), Some(2), "a merged title row sits above the header");
    let (csv, csv_report) = read_file(&sample("意见_gb18030.csv"), &options).unwrap();
    assert_eq!(csv_report.encoding(), Some("GB18030/GBK"));
    let (jsonl, _) = read_file(&sample("opinions.jsonl"), &options).unwrap();
    assert_eq!(xlsx.len(), 1200);
    assert_eq!((csv.len(), jsonl.len()), (1200, 1200));
    for ((x, c), j) in xlsx.iter().zip(&csv).zip(&jsonl) {
        assert_eq!(x.id(), c.id());
        assert_eq!(x.id(), j.id());
        // Workbook cells do not keep the CSV's \r\n inside cells; the rest is the same text.
        assert_eq!(
            x.text().replace("\r\n", "\n"),
            c.text().replace("\r\n", "\n"),
            "row {}",
            x.id()
        );
        assert_eq!(c.text(), j.text(), "row {}", x.id());
        for field in [
            Field::Submitter,
            Field::ContactPoint,
            Field::Collector,
            Field::Channel,
            Field::Date,
            Field::Group,
        ] {
            assert_eq!(x.field(field), c.field(field), "{field} of {}", x.id());
            assert_eq!(c.field(field), j.field(field), "{field} of {}", x.id());
        }
        assert_eq!(c.field(Field::Article), j.field(Field::Article));
    }
}

#[test]
fn the_sample_empty_cells_are_the_planted_ones() {
    let truth = std::fs::read_to_string(sample("truth.jsonl")).unwrap();
    let planted: Vec<String> = truth
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .filter(|v| v["messy"].as_array().unwrap().iter().any(|m| m == "empty_text"))
        .map(|v| v["id"].as_str().unwrap().to_owned())
        .collect();
    assert!(!planted.is_empty());
    let (rows, report) = read_file(&sample("意见_gb18030.csv"), &ReadOptions::new()).unwrap();
    let empty: Vec<String> = rows
        .iter()
        .filter(|o| o.status() == &RowStatus::Empty)
        .map(|o| o.id().to_string())
        .collect();
    assert_eq!(empty, planted);
    assert_eq!(report.counts().ok + empty.len(), 1200);
}
