//! `minyi-sample`: write the sample consultation (or a large benchmark corpus) to a directory.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use minyi_sample::{DEFAULT_N, DEFAULT_SEED, Generator, Settings, write};

const HELP: &str = "\
minyi-sample — write the fictional sample consultation of minyi

USAGE:
    minyi-sample [--n N] [--seed SEED] [--out DIR] [--format all|jsonl] [--contained SHARE]

OPTIONS:
    --n N            number of opinions (default 1200)
    --seed SEED      generator seed (default 20261128); same seed, N and options, same bytes
    --out DIR        output directory (default corpora/sample), created if missing
    --format FORMAT  all   (default): 意见.xlsx, 意见_gb18030.csv, truth.jsonl, opinions.jsonl
                     jsonl: only truth.jsonl and opinions.jsonl, streamed (for 100k-1M corpora)
    --contained SHARE
                     also plant contained copies (default 0: off, the output unchanged).
                     This share (0 to 1) of the opinions of 30 to 150 characters without
                     personal data is sent again by someone else inside a letter 2-4 times
                     as long, verbatim or with one small edit:
                       我同意这个意见：<the opinion>另外，<a point of the writer's own>…
                     or one point of a numbered letter of two or three. The letters are
                     added rows, each some rows after its original, with ids N+1, N+2, …
                     in row order: the N opinions keep their ids, text and metadata. In
                     truth.jsonl a letter joins its original's dup_group (an original
                     without one gets a new group) with dup_kind \"contained\". Drawn from a
                     random stream of its own.
    -h, --help       this text

The draft the opinions are about is corpora/sample/草案.md (built into the crate).
";

#[derive(Debug)]
struct Args {
    n: usize,
    seed: u64,
    out: PathBuf,
    jsonl_only: bool,
    settings: Settings,
}

fn parse_args() -> Result<Option<Args>, String> {
    let mut args = Args {
        n: DEFAULT_N,
        seed: DEFAULT_SEED,
        out: PathBuf::from("corpora/sample"),
        jsonl_only: false,
        settings: Settings::default(),
    };
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        let (key, inline) = match a.split_once('=') {
            Some((k, v)) if k.starts_with("--") => (k.to_string(), Some(v.to_string())),
            _ => (a.clone(), None),
        };
        let mut value = |name: &str| {
            inline.clone().or_else(|| it.next()).ok_or(format!("{name} needs a value"))
        };
        match key.as_str() {
            "-h" | "--help" => return Ok(None),
            "--n" => {
                args.n = value("--n")?.replace('_', "").parse().map_err(|e| format!("--n: {e}"))?;
            }
            "--seed" => args.seed = value("--seed")?.parse().map_err(|e| format!("--seed: {e}"))?,
            "--out" => args.out = PathBuf::from(value("--out")?),
            "--format" => {
                args.jsonl_only = match value("--format")?.as_str() {
                    "all" => false,
                    "jsonl" => true,
                    other => return Err(format!("--format: expected all or jsonl, got {other:?}")),
                }
            }
            "--contained" => {
                let share: f64 =
                    value("--contained")?.parse().map_err(|e| format!("--contained: {e}"))?;
                if !(0.0..=1.0).contains(&share) {
                    return Err(format!("--contained: expected a share from 0 to 1, got {share}"));
                }
                args.settings.contained(share);
            }
            other => return Err(format!("unknown argument {other:?} (see --help)")),
        }
    }
    Ok(Some(args))
}

/// Stream both JSON Lines files, one opinion at a time.
fn jsonl(dir: &Path, generator: &Generator, n: usize) -> io::Result<usize> {
    let mut truth = BufWriter::with_capacity(1 << 20, File::create(dir.join("truth.jsonl"))?);
    let mut opinions = BufWriter::with_capacity(1 << 20, File::create(dir.join("opinions.jsonl"))?);
    let mut rows = 0;
    for op in generator.iter(n) {
        write::write_truth_line(&mut truth, &op)?;
        write::write_opinion_line(&mut opinions, &op)?;
        rows += 1;
    }
    truth.flush()?;
    opinions.flush()?;
    Ok(rows)
}

/// Writes the files; returns the number of rows written.
fn run(args: &Args) -> io::Result<usize> {
    std::fs::create_dir_all(&args.out)?;
    let generator = Generator::with_settings(args.seed, &args.settings);
    if args.jsonl_only {
        return jsonl(&args.out, &generator, args.n);
    }
    let all = generator.generate(args.n);
    write::write_xlsx(&args.out.join("意见.xlsx"), &all)?;
    write::write_csv_gb18030(&args.out.join("意见_gb18030.csv"), &all)?;
    let mut truth = BufWriter::new(File::create(args.out.join("truth.jsonl"))?);
    let mut opinions = BufWriter::new(File::create(args.out.join("opinions.jsonl"))?);
    for op in &all {
        write::write_truth_line(&mut truth, op)?;
        write::write_opinion_line(&mut opinions, op)?;
    }
    truth.flush()?;
    opinions.flush()?;
    Ok(all.len())
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(Some(a)) => a,
        Ok(None) => {
            print!("{HELP}");
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            eprintln!("minyi-sample: {e}");
            return ExitCode::from(2);
        }
    };
    match run(&args) {
        Ok(rows) => {
            let added = rows - args.n;
            let extra =
                if added > 0 { format!(" and {added} contained copies") } else { String::new() };
            eprintln!(
                "minyi-sample: wrote {} opinions{extra} (seed {}) to {}",
                args.n,
                args.seed,
                args.out.display()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("minyi-sample: {e}");
            ExitCode::FAILURE
        }
    }
}
