//! `minyi cite`: the citations in a text, in JSON Lines, or scored against expected ones.

use std::collections::HashMap;
use std::io::{self, BufRead, Read, Write};

use anyhow::Context;
use minyi_core::{Citation, Citations, CiteContext, Citer, Law, LawReset, Role};
use serde_json::{Value, json};

use crate::Outcome;
use crate::args::{CiteArgs, LawResetArg};

pub(crate) fn run(args: &CiteArgs) -> anyhow::Result<Outcome> {
    let mut citer = Citer::new();
    citer.law_reset(match args.law_reset {
        LawResetArg::Sentence => LawReset::Sentence,
        LawResetArg::Paragraph => LawReset::Paragraph,
    });
    if let Some(path) = &args.score {
        let text = std::fs::read_to_string(path)
            .map_err(|e| super::BadInput(format!("cannot read {}: {e}", path.display())))?;
        return score(&citer, &text, args);
    }
    if args.jsonl {
        return jsonl(&citer, args.title.as_deref());
    }
    let text = match &args.text {
        Some(text) => text.clone(),
        None => {
            let mut text = String::new();
            io::stdin().read_to_string(&mut text).context("cannot read the text on stdin")?;
            text
        }
    };
    let ctx = context(args.title.as_deref());
    let found = citer.extract(&text, &ctx);
    let mut out = io::stdout().lock();
    if args.json {
        serde_json::to_writer_pretty(&mut out, &found)?;
        writeln!(out)?;
    } else {
        human(&mut out, &found)?;
    }
    out.flush()?;
    Ok(Outcome::Success)
}

fn context(title: Option<&str>) -> CiteContext {
    title.map_or_else(CiteContext::new, CiteContext::from_title)
}

fn human(out: &mut impl Write, found: &Citations<'_>) -> io::Result<()> {
    if found.is_empty() {
        writeln!(out, "no citation")?;
    }
    for r in found {
        let span = r.span();
        write!(out, "{}\t{}\t{}\t{}..{}", r.as_str(), r, r.role().name(), span.start, span.end)?;
        if r.is_low_confidence() {
            write!(out, "\tlow confidence")?;
        }
        writeln!(out)?;
    }
    let action = found.action().map_or("none", |a| a.name());
    writeln!(out, "action: {action}")
}

/// One ref in the schema of CITATIONS.md §5.
fn schema_ref(r: &Citation<'_>) -> Value {
    let law = match r.law() {
        Law::Draft => "draft".to_owned(),
        Law::Other(name) => name.to_owned(),
        _ => String::new(),
    };
    let mut v = json!({
        "law": law,
        "chapter": r.chapter(),
        "section": r.section(),
        "article": r.article(),
        "article_sub": r.article_sub(),
        "paragraph": r.paragraph(),
        "item": r.item(),
        "range_to": r.range_to(),
    });
    let extra = [
        ("part", r.part().map(Value::from)),
        ("part_name", r.part_name().map(Value::from)),
        ("sub_item", r.sub_item().map(Value::from)),
        ("range_to_sub", r.range_to_sub().map(Value::from)),
        ("unit", r.unit().map(|u| serde_json::to_value(u).unwrap_or(Value::Null))),
        ("relative", r.relative().map(Value::from)),
        ("draft_version", r.draft_version().map(Value::from)),
        ("role", (r.role() != Role::Target).then(|| Value::from(r.role().name()))),
    ];
    for (key, value) in extra {
        if let Some(value) = value {
            v[key] = value;
        }
    }
    v
}

fn schema(found: &Citations<'_>) -> Value {
    json!({
        "refs": found.refs().iter().map(schema_ref).collect::<Vec<_>>(),
        "action": found.action().map(|a| a.name()),
    })
}

/// The text and the title of a JSON line: `title`, or the `context.draft` of the example files.
fn input(line: &str) -> Result<(Value, String, Option<String>), String> {
    let v: Value = serde_json::from_str(line).map_err(|e| format!("not JSON: {e}"))?;
    let text = v
        .get("text")
        .and_then(Value::as_str)
        .ok_or_else(|| "no \"text\" string".to_owned())?
        .to_owned();
    let title = v
        .get("title")
        .and_then(Value::as_str)
        .or_else(|| v.pointer("/context/draft").and_then(Value::as_str))
        .map(str::to_owned);
    Ok((v, text, title))
}

fn jsonl(citer: &Citer, default_title: Option<&str>) -> anyhow::Result<Outcome> {
    let stdin = io::stdin().lock();
    let mut out = io::BufWriter::new(io::stdout().lock());
    let default_ctx = context(default_title);
    let mut bad = 0usize;
    for (n, line) in stdin.lines().enumerate() {
        let line = line.with_context(|| format!("cannot read line {} of stdin", n + 1))?;
        if line.trim().is_empty() {
            continue;
        }
        match input(&line) {
            Ok((_, text, title)) => {
                let found = match &title {
                    Some(t) => citer.extract(&text, &CiteContext::from_title(t)),
                    None => citer.extract(&text, &default_ctx),
                };
                serde_json::to_writer(&mut out, &schema(&found))?;
            }
            Err(e) => {
                bad += 1;
                log::error!("line {}: {e}", n + 1);
                serde_json::to_writer(&mut out, &json!({"line": n + 1, "error": e}))?;
            }
        }
        writeln!(out)?;
    }
    out.flush()?;
    Ok(if bad > 0 { Outcome::BadInput } else { Outcome::Success })
}

/// What is compared (CITATIONS.md §5 "Use as tests"): law is the draft or not, article,
/// paragraph, item, range end, 之N.
type Key = (bool, Option<u64>, Option<u64>, Option<u64>, Option<u64>, Option<u64>);

fn expected_keys(refs: &[Value]) -> Vec<Key> {
    let n = |r: &Value, k: &str| r.get(k).and_then(Value::as_u64);
    refs.iter()
        .filter(|r| r.get("role").and_then(Value::as_str) != Some("quoted"))
        .map(|r| {
            let draft = r.get("law").and_then(Value::as_str) == Some("draft");
            (
                draft,
                n(r, "article"),
                n(r, "paragraph"),
                n(r, "item"),
                n(r, "range_to"),
                n(r, "article_sub"),
            )
        })
        .collect()
}

fn found_keys(found: &Citations<'_>) -> Vec<Key> {
    let u = |n: Option<u32>| n.map(u64::from);
    found
        .targets()
        .map(|r| {
            (
                r.law() == Law::Draft,
                u(r.article()),
                u(r.paragraph()),
                u(r.item()),
                u(r.range_to()),
                u(r.article_sub()),
            )
        })
        .collect()
}

/// How many keys two multisets share.
fn shared(a: &[Key], b: &[Key]) -> usize {
    let mut counts: HashMap<&Key, usize> = HashMap::new();
    for k in a {
        *counts.entry(k).or_default() += 1;
    }
    b.iter()
        .filter(|k| match counts.get_mut(k) {
            Some(c) if *c > 0 => {
                *c -= 1;
                true
            }
            _ => false,
        })
        .count()
}

fn key_text(keys: &[Key]) -> String {
    let parts: Vec<String> = keys
        .iter()
        .map(|&(draft, a, p, i, to, sub)| {
            let mut s = String::from(if draft { "draft" } else { "other" });
            for (name, v) in [("art", a), ("sub", sub), ("para", p), ("item", i), ("to", to)] {
                if let Some(v) = v {
                    s.push_str(&format!(" {name} {v}"));
                }
            }
            s
        })
        .collect();
    format!("[{}]", parts.join("; "))
}

fn score(citer: &Citer, file: &str, args: &CiteArgs) -> anyhow::Result<Outcome> {
    let (mut texts, mut exact, mut action_ok) = (0usize, 0usize, 0usize);
    let (mut tp, mut want_n, mut got_n) = (0usize, 0usize, 0usize);
    let mut misses = Vec::new();
    let mut bad = Vec::new();
    for (n, line) in file.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let (v, text, title) = match input(line) {
            Ok(x) => x,
            Err(e) => {
                bad.push(format!("line {}: {e}", n + 1));
                continue;
            }
        };
        let Some(refs) = v.get("refs").and_then(Value::as_array) else {
            bad.push(format!("line {}: no \"refs\" array", n + 1));
            continue;
        };
        let title = title.or_else(|| args.title.clone());
        let found = citer.extract(&text, &context(title.as_deref()));
        let mut want = expected_keys(refs);
        let mut got = found_keys(&found);
        want.sort();
        got.sort();
        let want_action = v.get("action").and_then(Value::as_str);
        let got_action = found.action().map(|a| a.name());
        texts += 1;
        tp += shared(&want, &got);
        want_n += want.len();
        got_n += got.len();
        action_ok += usize::from(want_action == got_action);
        if want == got && want_action == got_action {
            exact += 1;
        } else {
            misses.push(json!({
                "line": n + 1,
                "text": text,
                "expected": key_text(&want),
                "found": key_text(&got),
                "expected_action": want_action,
                "found_action": got_action,
            }));
        }
    }
    let ratio = |a: usize, b: usize| if b == 0 { 1.0 } else { a as f64 / b as f64 };
    let precision = ratio(tp, got_n);
    let recall = ratio(tp, want_n);
    let f1 = if precision + recall == 0.0 {
        0.0
    } else {
        2.0 * precision * recall / (precision + recall)
    };
    let round = |x: f64| (x * 1000.0).round() / 1000.0;
    let mut out = io::stdout().lock();
    if args.json {
        let report = json!({
            "texts": texts,
            "exact": exact,
            "exact_share": round(ratio(exact, texts)),
            "ref_precision": round(precision),
            "ref_recall": round(recall),
            "ref_f1": round(f1),
            "action_accuracy": round(ratio(action_ok, texts)),
            "misses": misses,
            "bad_lines": bad,
        });
        serde_json::to_writer_pretty(&mut out, &report)?;
        writeln!(out)?;
    } else {
        writeln!(out, "texts            {texts}")?;
        writeln!(out, "exact            {exact} ({:.1}%)", 100.0 * ratio(exact, texts))?;
        writeln!(out, "ref precision    {precision:.3} ({tp} of {got_n} found)")?;
        writeln!(out, "ref recall       {recall:.3} ({tp} of {want_n} expected)")?;
        writeln!(out, "ref F1           {f1:.3}")?;
        writeln!(out, "action accuracy  {:.3} ({action_ok} of {texts})", ratio(action_ok, texts))?;
        if !misses.is_empty() {
            writeln!(out, "\nmisses:")?;
        }
        for m in &misses {
            writeln!(out, "line {}: {}", m["line"], m["text"].as_str().unwrap_or(""))?;
            writeln!(
                out,
                "  expected {} action {}",
                m["expected"].as_str().unwrap_or(""),
                m["expected_action"]
            )?;
            writeln!(
                out,
                "  found    {} action {}",
                m["found"].as_str().unwrap_or(""),
                m["found_action"]
            )?;
        }
        for b in &bad {
            writeln!(out, "bad {b}")?;
        }
    }
    out.flush()?;
    Ok(if bad.is_empty() { Outcome::Success } else { Outcome::BadInput })
}
