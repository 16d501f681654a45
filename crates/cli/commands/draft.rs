//! `minyi draft`: the structure of a draft as the parser reads it, and what looks wrong.

use std::io::{self, Write};
use std::path::Path;

use anyhow::Context;
use minyi_core::{Article, Draft, Heading, HeadingLevel};
use serde::Serialize;

use super::BadInput;
use crate::Outcome;
use crate::args::DraftArgs;

pub(crate) fn run(args: &DraftArgs) -> anyhow::Result<Outcome> {
    let file = args.file.display().to_string();
    let text = read(&args.file)?;
    let draft = Draft::parse(&text).map_err(|e| BadInput(format!("{file}: {e}")))?;
    let mut out = io::stdout().lock();
    if args.json {
        #[derive(Serialize)]
        struct Report<'a> {
            file: &'a str,
            #[serde(flatten)]
            draft: &'a Draft,
        }
        // To a string first: an io::Error of a closed pipe then stays visible as one.
        let json = serde_json::to_string_pretty(&Report { file: &file, draft: &draft })
            .context("draft as JSON")?;
        out.write_all(json.as_bytes())?;
        writeln!(out)?;
    } else {
        human(&mut out, &file, &draft)?;
    }
    out.flush()?;
    Ok(Outcome::Success)
}

/// The text of a draft file (also read by `minyi diff`).
#[cfg(feature = "table")]
pub(crate) fn read(path: &Path) -> anyhow::Result<String> {
    minyi_table::read_draft(path).map_err(|e| BadInput(e.to_string()).into())
}

/// Without minyi-table: UTF-8 text only.
#[cfg(not(feature = "table"))]
pub(crate) fn read(path: &Path) -> anyhow::Result<String> {
    std::fs::read_to_string(path).map_err(|e| {
        BadInput(format!(
            "{}: cannot read it as UTF-8 text ({e}); this minyi was built without file formats \
             (feature `table`)",
            path.display()
        ))
        .into()
    })
}

fn human(out: &mut impl Write, file: &str, draft: &Draft) -> io::Result<()> {
    let title = draft.title().unwrap_or("(no title found)");
    match draft.stage() {
        Some(stage) => writeln!(out, "{file}: {title} ({stage})")?,
        None => writeln!(out, "{file}: {title}")?,
    }
    let before = draft.articles().iter().take_while(|a| a.line() < first_line(draft)).count();
    if before > 0 {
        writeln!(out, "  {}", range(draft.articles().get(..before).unwrap_or(&[])))?;
    }
    for heading in draft.headings() {
        let depth: usize = match heading.level() {
            HeadingLevel::Part => 0,
            HeadingLevel::SubPart => 1,
            HeadingLevel::Chapter => 2,
            HeadingLevel::Section => 3,
            _ => 4,
        };
        let depth = depth.saturating_sub(min_depth(draft));
        let articles = draft.articles_in(heading);
        writeln!(
            out,
            "  {}{} {}: {}",
            "  ".repeat(depth),
            heading.label(),
            heading.title(),
            range(articles)
        )?;
    }
    let chapters = draft.chapters().count();
    let n = draft.articles().len();
    let articles = if n == 1 { "1 article".to_owned() } else { format!("{n} articles") };
    match chapters {
        0 => writeln!(out, "{articles}, no chapters")?,
        1 => writeln!(out, "{articles} in 1 chapter")?,
        _ => writeln!(out, "{articles} in {chapters} chapters")?,
    }
    match draft.warnings().len() {
        0 => writeln!(out, "no warnings")?,
        w => {
            writeln!(out, "{w} warning{}:", if w == 1 { "" } else { "s" })?;
            for warning in draft.warnings() {
                writeln!(out, "  {file}:{warning}")?;
            }
        }
    }
    Ok(())
}

fn first_line(draft: &Draft) -> usize {
    draft.headings().first().map_or(usize::MAX, Heading::line)
}

/// The depth of the highest heading level used, so that a text with chapters only is not
/// indented as if it had parts.
fn min_depth(draft: &Draft) -> usize {
    let levels = draft.headings().iter().map(|h| h.level());
    match levels.min() {
        Some(HeadingLevel::Part) | None => 0,
        Some(HeadingLevel::SubPart) => 1,
        Some(HeadingLevel::Chapter) => 2,
        _ => 3,
    }
}

/// `第一条–第七条 (7 articles)`.
fn range(articles: &[Article]) -> String {
    match (articles.first(), articles.last()) {
        (Some(first), _) if articles.len() == 1 => format!("{} (1 article)", first.label()),
        (Some(first), Some(last)) => {
            format!("{}–{} ({} articles)", first.label(), last.label(), articles.len())
        }
        _ => "no article".to_owned(),
    }
}
