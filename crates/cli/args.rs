//! Flags, as clap derives them. Doc comments here are the `--help` text.

use std::path::PathBuf;

use clap::{Args as ClapArgs, Parser, Subcommand};
use minyi_core::{Field, PersonalKind};

/// minyi (民意): turn the opinions sent in on a Chinese draft law or regulation into something a
/// legislative office can forward, act on and search later.
#[derive(Debug, Parser)]
#[command(name = "minyi", version, propagate_version = true, max_term_width = 100)]
#[command(after_help = "Examples:
  minyi analyze                                  # the bundled sample consultation
  minyi ingest 意见.xlsx 意见.csv                 # which column is what, every row accounted for
  minyi ingest 留言.xlsx --column text=留言详情 --column id=留言编号 --json
  minyi draft 草案.docx                           # the draft's chapters, articles and problems
  minyi cite \"建议删除第十四条第一款、第二款，第二十条\" --title 滨江市电动自行车管理条例
  minyi dedup 意见.xlsx --jsonl > groups.jsonl       # duplicate groups, every copy kept
  minyi diff 草案.docx 修改稿.docx                   # what changed, article by article
  minyi redact 意见.xlsx -o 意见_脱敏.csv --name      # personal data removed, with an audit file
  minyi stats 分析结果                               # who took part, per contact point and collector
  minyi adopt --analysis 第一批 --final 终稿.docx     # which suggestions were adopted
  minyi archive search --index 档案 物业 维修基金      # across every archived consultation

Exit codes: 0 done, 2 bad input (a file that cannot be read, invalid rows), 1 internal failure.")]
pub(crate) struct Args {
    #[command(subcommand)]
    pub(crate) command: Command,
    /// Say more on stderr (-v: what is done, -vv: details).
    #[arg(short, long, action = clap::ArgAction::Count, global = true)]
    pub(crate) verbose: u8,
    /// Say less on stderr: no progress bar, warnings and errors only.
    #[arg(short, long, action = clap::ArgAction::Count, global = true, conflicts_with = "verbose")]
    pub(crate) quiet: u8,
    /// Worker threads (default: one per core). Results are the same for any number.
    #[arg(short = 'j', long, global = true, value_name = "N")]
    pub(crate) threads: Option<usize>,
}

impl Args {
    pub(crate) fn verbosity(&self) -> log::LevelFilter {
        match (self.quiet, self.verbose) {
            (q, _) if q > 0 => log::LevelFilter::Error,
            (_, 0) => log::LevelFilter::Warn,
            (_, 1) => log::LevelFilter::Info,
            _ => log::LevelFilter::Debug,
        }
    }
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// The main job: read the draft and the opinions; merge copies (every copy stays counted),
    /// file each opinion under the article it concerns (or 总体意见), group similar points into
    /// topics; write OUTDIR/analysis.json and print a summary.
    #[command(after_help = "Examples:
  minyi analyze                                   # runs on the bundled sample in corpora/sample
  minyi analyze --draft 草案.docx --opinions 意见.xlsx 补充意见.csv -o 第一批
  minyi analyze --opinions 留言.xlsx --column text=留言详情      # no draft: copies and topics only

An opinion is filed under an article when it cites it (第二十三条, 条例第23条, the sheet's
涉及条款 column), quotes its wording, or is clearly closer to it than to any other (BM25 over
segmented text, --threshold); citations of other laws (《民法典》第1165条) never count. An
opinion in parts (一、… 二、…) is filed part by part. Copies follow their group's
representative. analysis.json (schema 1) lists every opinion with its articles, the top five
candidates and the evidence, the duplicate groups, the topics and a summary.")]
    Analyze(AnalyzeArgs),
    /// Read opinion files and show which column was taken for what, and where every row went.
    #[command(after_help = "Examples:
  minyi ingest 意见.xlsx
  minyi ingest 意见_gb18030.csv 留言.jsonl --json > ingest.json
  minyi ingest 汇总.xlsx --sheet 第二批 --column text=修改意见 --column id=意见编号

Formats: CSV/TSV (UTF-8, UTF-8 with BOM, GB18030/GBK, UTF-16; detected), XLSX/XLS/ODS,
JSON Lines, Parquet. Rows with empty text, undecodable bytes, over-long text, the wrong number
of cells or a repeated id are kept with a status and listed with their row.
Exit code 2 if a file cannot be read or a row is invalid; empty texts and repeated ids are
reported but are not errors.")]
    Ingest(IngestArgs),
    /// Read a draft (or an enacted text) and show its structure: title, stage, chapters and
    /// articles, and what looks wrong (gaps in the numbering, stray text), with line numbers.
    #[command(after_help = "Examples:
  minyi draft corpora/sample/草案.md
  minyi draft 条例草案.docx
  minyi draft 草案.txt --json > draft.json       # every article with its 款/项/目 and byte spans

Formats: .txt and .md (UTF-8, UTF-8 with BOM, GB18030/GBK, UTF-16; detected) and .docx. A
notice before the title, a 题注 and a 目录 are skipped; reading stops at trailing material
(关于…的说明, 修改对照表, 附件2, another title).
Exit code 2 if the file cannot be read or holds no article; warnings do not change it.")]
    Draft(DraftArgs),
    /// Find duplicate groups: exact copies, near-identical texts, form-letter campaigns. Every
    /// copy stays counted; what a copy adds beyond the representative is shown.
    #[command(after_help = "Examples:
  minyi dedup 意见.xlsx
  minyi dedup 留言.jsonl --jsonl > groups.jsonl
  minyi dedup 意见.csv --threshold 0.6

With --jsonl, one JSON object per group of two or more copies:
  {\"id\", \"members\": [ids, input order], \"representative\", \"count\",
   \"kind\": \"exact\"|\"near\"|\"campaign\", \"additions\": {id: [text, ...]}}
Rows that cannot be analysed (empty, invalid) are not compared; the summary accounts for them.")]
    Dedup(DedupArgs),
    /// Find the citations in a text (第十四条第一款, 《民法典》第1165条, 前款…) and the action it
    /// suggests (modify, add, delete, comment).
    #[command(after_help = "Examples:
  minyi cite \"建议删除第十四条第一款、第二款，第二十条\"
  minyi cite \"条例第十条与《民法典》第1165条不一致\" --title 滨江市电动自行车管理条例（草案） --json
  minyi cite --jsonl < sentences.jsonl > citations.jsonl
  minyi cite --score citations_dev.jsonl

--jsonl reads one JSON object a line, {\"text\": …, \"title\": optional name of the draft}, and
writes one object a line, in order: {\"refs\": [{\"law\": \"draft\" or a name, \"chapter\",
\"section\", \"article\", \"article_sub\", \"paragraph\", \"item\", \"range_to\", \"role\"}],
\"action\": \"modify\"|\"add\"|\"delete\"|\"comment\"|null}. A line that cannot be read gives
{\"line\": N, \"error\": …} and the rest goes on (exit code 2 at the end).
--score reads the same lines with the expected \"refs\" and \"action\" and prints the share of
texts exactly right, ref precision, recall and F1 (quoted refs left out), action accuracy and the
misses.")]
    Cite(CiteArgs),
    /// Align two versions of a text article by article and show what changed: articles
    /// unchanged, modified (with a word-level diff), renumbered, moved, inserted, deleted,
    /// split or merged. Articles are matched on their text, not their numbers.
    #[command(after_help = "Examples:
  minyi diff 草案.docx 草案修改稿.docx
  minyi diff 未成年人保护法_2020.md 未成年人保护法_2024.md
  minyi diff 征求意见稿.txt 审议稿.txt --json > diff.json

An article whose text changed is \"modified\" whatever happened to its number or place;
\"renumbered\" and \"moved\" (out of order, or into another chapter) are for unchanged text.
Whitespace and half-width ,;:?! are not changes. A split is one old article become several
consecutive new ones, a merge the reverse.

With --json: {\"articles\": [{\"status\", \"old\", \"new\", \"diff\", ...}]}, one entry per aligned
pair in document order (an inserted or moved article where it is in NEW, a deleted one where it
was in OLD):
  \"status\": \"unchanged\"|\"modified\"|\"renumbered\"|\"moved\"|\"inserted\"|\"deleted\"|\"split\"|\"merged\"
  \"old\", \"new\": article numbers (9 for 第九条), null on the side that has none; \"old_sub\"
      and \"new_sub\" are added for 第N条之M
  \"into\": for a split, the new numbers (\"new\" is the first); \"from\": for a merge, the old
      numbers (\"old\" is the first)
  \"similarity\": 0 to 1, when both sides exist
  \"diff\": null for an unchanged, renumbered or moved article, else a list of
      {\"op\": \"equal\"|\"insert\"|\"delete\", \"text\"} over the texts without whitespace
      (several articles joined by a line break); an inserted or deleted article is one insert
      or delete
Exit code 2 if a file cannot be read or holds no article.")]
    Diff(DiffArgs),
    /// Remove personal data from the text of every opinion: 身份证号, phone numbers, e-mail
    /// addresses, bank cards, licence plates, door numbers and, with --name, the submitter's own
    /// name. Writes the same rows with the text redacted, an audit file beside them, and the
    /// count per kind.
    #[command(after_help = "Examples:
  minyi redact 意见.xlsx -o 意见_脱敏.csv              # CSV in UTF-8 with BOM: Excel opens it
  minyi redact 留言.jsonl -o 留言_脱敏.jsonl --name    # also the 提出人's own name in the text
  minyi redact 意见.csv -o out.csv --kinds mobile,id_card --audit-key 密钥.txt

Each find becomes a placeholder of its kind: 【身份证号】 【手机号】 【固定电话】 【电子邮箱】
【银行卡号】 【车牌号】 【详细地址】 【姓名】. A 身份证号 must pass its check digit, region and
birth date; a bank card the Luhn check; an address loses its door number (文昌路86号6幢101室 ->
文昌路【详细地址】) and keeps the road and district. Article numbers, dates, amounts, document
numbers (第18230号) and URLs stay.

The output has every row and column of the input, in order, as text; only the opinion text
changes. Other columns (提出人, a phone column) are copied as they are. The format follows
the extension of -o: .csv (UTF-8 with BOM) or .jsonl. Beside it, FILE.audit.jsonl has one
line per removal: {\"id\", \"row\", \"kind\", \"start\", \"end\", \"sha256\"}, with the byte
span of the value in the text as read (UTF-8) and the SHA-256 of those bytes, never the
value. With --audit-key the digest is HMAC-SHA256 under that key (field \"hmac_sha256\"), so
the audit file alone cannot confirm a guessed number.
Exit code 2 if the file cannot be read, a row is invalid (the output is still written, every
row redacted) or the output cannot be written.")]
    Redact(RedactArgs),
    /// Participation and collector statistics of an analysis: opinions by submitter group
    /// (with a diversity index), and per contact point, collector and channel the opinions,
    /// distinct points, duplicate share, topics, articles covered and share filed under an
    /// article.
    #[command(after_help = "Examples:
  minyi analyze -o 第一批 && minyi stats 第一批
  minyi stats 分析结果 --json > stats.json
Reads OUTDIR/analysis.json as `minyi analyze -o OUTDIR` wrote it. Every copy of a form letter
counts as an opinion; rows that could not be analysed (empty text) count as rows only.
Distinct points: the opinions of one contact point (collector, channel) once the copies of each
duplicate group among them are merged; duplicate share = (opinions - distinct) / opinions.
Diversity: Shannon entropy of the groups given divided by ln(number of groups) (evenness, 0 to
1) and Gini-Simpson 1 - sum of squared shares; opinions with no group are left out of both.
Exit code 2 if OUTDIR or its analysis.json is missing or not an analysis.json.")]
    Stats(StatsArgs),
    /// Check which suggestions were adopted: align the analysed draft with the final (or next)
    /// text, read each opinion's own request (修改为“…”, 删除“…”, 增加“…”, 删除本条) and score
    /// how well the change matches it. Prints the summary and writes OUTDIR/采纳情况.xlsx.
    #[command(after_help = "Examples:
  minyi analyze --draft 草案.md --opinions 意见.csv -o 第一批
  minyi adopt --analysis 第一批 --final 终稿.md
  minyi adopt --analysis 第一批 --final 终稿.md --json > adoption.json
  minyi adopt --analysis 第一批 --final 终稿.md --truth truth.jsonl   # precision and recall

Classes: adopted (the wording they proposed is now there, the wording they asked to delete is
gone, the article they asked to delete or add was deleted or added), possibly adopted (partly:
for staff to confirm), not adopted (the article changed otherwise), article unchanged.
采纳情况.xlsx has the sheets 逐条采纳情况 (each changed article with its diff and the
suggestion groups filed under it, best match first, with the evidence and the ids), 汇总 (per
article, contact point and collector) and 逐件意见 (every opinion).
--truth reads JSON Lines {\"id\", \"adopted\": true|false} and prints precision and recall.
Exit code 2 if a file cannot be read or the analysis has no draft.")]
    Adopt(AdoptArgs),
    /// A searchable archive of past consultations: add an analysis, search across all of them.
    #[cfg(feature = "archive")]
    #[command(after_help = "Examples:
  minyi archive add --index 档案 --consultation 2026电动自行车条例 第一批
  minyi archive search --index 档案 '\"电动车 充电\"' --article 23
  minyi archive stats --index 档案")]
    Archive(crate::commands::archive::ArchiveArgs),
}

#[derive(Debug, ClapArgs)]
pub(crate) struct StatsArgs {
    /// The folder `minyi analyze -o OUTDIR` wrote analysis.json to.
    #[arg(value_name = "OUTDIR")]
    pub(crate) dir: PathBuf,
    /// Print the statistics as JSON on stdout.
    #[arg(long)]
    pub(crate) json: bool,
}

#[derive(Debug, ClapArgs)]
pub(crate) struct AdoptArgs {
    /// The folder minyi analyze wrote (with analysis.json).
    #[arg(long, value_name = "OUTDIR")]
    pub(crate) analysis: PathBuf,
    /// The final (or next) text: .txt .md .docx
    #[arg(long = "final", value_name = "FILE")]
    pub(crate) last: PathBuf,
    /// Print the whole check as JSON on stdout (the workbook is still written).
    #[arg(long)]
    pub(crate) json: bool,
    /// Known answers, JSON Lines {"id", "adopted"}: print precision and recall.
    #[arg(long, value_name = "FILE")]
    pub(crate) truth: Option<PathBuf>,
    /// How many suggestion groups to show per changed article.
    #[arg(long, value_name = "N", default_value_t = 3)]
    pub(crate) top: usize,
}

#[derive(Debug, ClapArgs)]
pub(crate) struct DiffArgs {
    /// The old version: .txt .md .docx
    #[arg(value_name = "OLD")]
    pub(crate) old: PathBuf,
    /// The new version: .txt .md .docx
    #[arg(value_name = "NEW")]
    pub(crate) new: PathBuf,
    /// Print the alignment as JSON on stdout.
    #[arg(long)]
    pub(crate) json: bool,
}

#[derive(Debug, ClapArgs)]
pub(crate) struct RedactArgs {
    /// The opinion file: .csv .tsv .xlsx .xls .ods .jsonl .parquet
    #[arg(value_name = "FILE")]
    pub(crate) file: PathBuf,
    /// Where to write the redacted rows: .csv or .jsonl (the audit goes to FILE.audit.jsonl).
    #[arg(short = 'o', long, value_name = "FILE")]
    pub(crate) out: PathBuf,
    /// Also remove the submitter's own name (the 提出人 column) from the text.
    #[arg(long)]
    pub(crate) name: bool,
    /// Remove only these kinds (comma-separated): id_card, bank_card, mobile, landline, email,
    /// licence_plate, address, name.
    #[arg(long, value_name = "KIND,...", value_delimiter = ',', value_parser = parse_kind)]
    pub(crate) kinds: Vec<PersonalKind>,
    /// A file whose bytes (16 or more) key the audit digests: HMAC-SHA256 instead of SHA-256.
    #[arg(long, value_name = "FILE")]
    pub(crate) audit_key: Option<PathBuf>,
    #[command(flatten)]
    pub(crate) read: ReadArgs,
}

#[derive(Debug, ClapArgs)]
pub(crate) struct DedupArgs {
    /// Opinion files: .csv .tsv .xlsx .xls .ods .jsonl .parquet
    #[arg(required = true, value_name = "FILE")]
    pub(crate) files: Vec<PathBuf>,
    /// One JSON object per group on stdout.
    #[arg(long)]
    pub(crate) jsonl: bool,
    /// Least Jaccard similarity of the character n-grams of two near-duplicates.
    #[arg(long, value_name = "X", default_value_t = 0.5)]
    pub(crate) threshold: f32,
    /// Least share of a shorter text's n-grams found inside a longer one for it to count as a
    /// copy of part of it (an excerpt sharing 40 n-grams or more needs 0.85 only).
    #[arg(long, value_name = "X", default_value_t = 0.9)]
    pub(crate) containment: f32,
    /// Characters per n-gram.
    #[arg(long, value_name = "N", default_value_t = 3)]
    pub(crate) ngram: usize,
    /// MinHash signature length.
    #[arg(long, value_name = "N", default_value_t = 128)]
    pub(crate) hashes: usize,
    /// LSH bands (must divide --hashes).
    #[arg(long, value_name = "N", default_value_t = 32)]
    pub(crate) bands: usize,
    /// Groups shown in the summary (the largest first).
    #[arg(long, value_name = "N", default_value_t = 20)]
    pub(crate) show: usize,
    #[command(flatten)]
    pub(crate) read: ReadArgs,
}

#[derive(Debug, ClapArgs)]
pub(crate) struct DraftArgs {
    /// The draft: .txt .md .docx
    #[arg(value_name = "FILE")]
    pub(crate) file: PathBuf,
    /// Print the draft as JSON on stdout: a flat `articles` list in document order (number,
    /// article_sub, chapter, section, title, paragraphs with their items, byte spans), the
    /// nested `tree` of headings, and `warnings`.
    #[arg(long)]
    pub(crate) json: bool,
}

/// Flags of `minyi cite`.
#[derive(Debug, ClapArgs)]
pub(crate) struct CiteArgs {
    /// The text (default: all of stdin, as one text).
    #[arg(value_name = "TEXT", conflicts_with_all = ["jsonl", "score"])]
    pub(crate) text: Option<String>,
    /// The title of the draft under discussion: its names (条例, 本条例, the title without the
    /// city…) then mean the draft, not another law.
    #[arg(long, value_name = "NAME")]
    pub(crate) title: Option<String>,
    /// Print JSON instead of a table.
    #[arg(long)]
    pub(crate) json: bool,
    /// Read JSON Lines on stdin, write one JSON object per line on stdout.
    #[arg(long, conflicts_with = "score")]
    pub(crate) jsonl: bool,
    /// Score the extractor on a file of expected citations (the schema of CITATIONS.md §5).
    #[arg(long, value_name = "FILE")]
    pub(crate) score: Option<PathBuf>,
    /// When the law context returns to the draft: at each sentence, or only at line breaks.
    #[arg(long, value_enum, value_name = "WHEN", default_value = "sentence")]
    pub(crate) law_reset: LawResetArg,
}

/// `--law-reset`.
#[derive(Clone, Copy, Debug, clap::ValueEnum)]
pub(crate) enum LawResetArg {
    Sentence,
    Paragraph,
}

/// How to read opinion files (shared by the subcommands that read them).
#[derive(Debug, ClapArgs)]
pub(crate) struct ReadArgs {
    /// Read this sheet of a workbook instead of the first.
    #[arg(long, value_name = "NAME")]
    pub(crate) sheet: Option<String>,
    /// Take a field from a column: FIELD=HEADER (or FIELD=NUMBER, from 1). Fields: text, id,
    /// submitter, organization, contact_point, collector, channel, date, article, group, title.
    #[arg(long = "column", value_name = "FIELD=HEADER", value_parser = parse_column)]
    pub(crate) columns: Vec<(Field, String)>,
    /// Texts longer than this many characters are kept but marked too long.
    #[arg(long, value_name = "CHARS", default_value_t = crate::commands::DEFAULT_MAX_CHARS)]
    pub(crate) max_chars: usize,
}

#[derive(Debug, ClapArgs)]
pub(crate) struct IngestArgs {
    /// Opinion files: .csv .tsv .xlsx .xls .ods .jsonl .parquet
    #[arg(required = true, value_name = "FILE")]
    pub(crate) files: Vec<PathBuf>,
    /// Print the report as JSON on stdout.
    #[arg(long)]
    pub(crate) json: bool,
    #[command(flatten)]
    pub(crate) read: ReadArgs,
}

#[derive(Debug, ClapArgs)]
pub(crate) struct AnalyzeArgs {
    /// The draft the opinions are about: .txt .md .docx (default with no --opinions: the
    /// bundled sample's draft).
    #[arg(long, value_name = "FILE")]
    pub(crate) draft: Option<PathBuf>,
    /// Opinion files (default: the bundled sample, corpora/sample/意见.xlsx).
    #[arg(long, num_args = 1.., value_name = "FILE")]
    pub(crate) opinions: Vec<PathBuf>,
    /// Fold traditional characters to simplified ones before analysis.
    #[arg(long)]
    pub(crate) simplified: bool,
    /// A user dictionary replacing the shipped legal dictionary (jieba format: 词语 频率 词性).
    #[arg(long, value_name = "FILE")]
    pub(crate) user_dict: Option<PathBuf>,
    /// A stop-word list replacing the shipped one (one word a line).
    #[arg(long, value_name = "FILE")]
    pub(crate) stop_words: Option<PathBuf>,
    /// The folder to write analysis.json to (created if missing).
    #[arg(short = 'o', long, value_name = "DIR", default_value = "分析结果")]
    pub(crate) out: PathBuf,
    /// The similarity (0 to 1) an opinion without a citation or quote needs to be filed under
    /// an article rather than 总体意见 (default 0.05).
    #[arg(long, value_name = "X")]
    pub(crate) threshold: Option<f32>,
    /// Ignore the sheet's 涉及条款 column: file opinions by their text alone.
    #[arg(long)]
    pub(crate) ignore_article_column: bool,
    /// Keep personal data (身份证号, phone numbers, addresses…) in the texts written out. Only
    /// for files that stay inside the office.
    #[arg(long)]
    pub(crate) no_redact: bool,
    /// Also remove each submitter's own name from the texts written out.
    #[arg(long, conflicts_with = "no_redact")]
    pub(crate) redact_names: bool,
    /// The next version of the draft: file each opinion also under its numbering. Adds
    /// `"migration": {"next", "articles": [{"article", "article_sub", "next": [{"article",
    /// "article_sub"}]}], "opinions": [{"id", "next": [...]}]}` to analysis.json (`next` is
    /// empty for a deleted article, several for a split one).
    #[arg(long, value_name = "NEXT", requires = "draft")]
    pub(crate) migrate_to: Option<PathBuf>,
    /// How many articles to list in the summary.
    #[arg(long, value_name = "N", default_value_t = 10)]
    pub(crate) top: usize,
    #[command(flatten)]
    pub(crate) read: ReadArgs,
}

fn parse_kind(s: &str) -> Result<PersonalKind, String> {
    PersonalKind::from_name(s.trim()).ok_or_else(|| {
        let names: Vec<&str> = PersonalKind::ALL.iter().map(|k| k.name()).collect();
        format!("unknown kind {s:?}; the kinds are {}", names.join(", "))
    })
}

fn parse_column(s: &str) -> Result<(Field, String), String> {
    let (field, header) = s
        .split_once('=')
        .ok_or_else(|| format!("expected FIELD=HEADER, as in text=留言详情, not {s:?}"))?;
    let field = Field::from_name(field).ok_or_else(|| {
        let names: Vec<&str> = Field::ALL.iter().map(|f| f.name()).collect();
        format!("unknown field {field:?}; the fields are {}", names.join(", "))
    })?;
    if header.trim().is_empty() {
        return Err(format!("no column named after {field}="));
    }
    Ok((field, header.to_owned()))
}
