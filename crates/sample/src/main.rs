//! `minyi-sample`: write the sample consultation (or a large benchmark corpus) to a directory.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use minyi_sample::{DEFAULT_N, DEFAULT_SEED, Generator, write};

const HELP: &str = "\
minyi-sample — write the fictional sample consultation of minyi

USAGE:
    minyi-sample [--n N] [--seed SEED] [--out DIR] [--format all|jsonl]

OPTIONS:
    --n N            number of opinions (default 1200)
    --seed SEED      generator seed (default 20261128); same seed and N, same bytes
    --out DIR        output directory (default corpora/sample), created if missing
    --format FORMAT  all   (default): 意见.xlsx, 意见_gb18030.csv, truth.jsonl, opinions.jsonl
                     jsonl: only truth.jsonl and opinions.jsonl, streamed (for 100k-1M corpora)
    -h, --help       this text

The draft the opinions are about is corpora/sample/草案.md (built into the crate).
";

#[derive(Debug)]
struct Args {
    n: usize,
    seed: u64,
    out: PathBuf,
    jsonl_only: bool,
}

fn parse_args() -> Result<Option<Args>, String> {
    let mut args = Args {
        n: DEFAULT_N,
        seed: DEFAULT_SEED,
        out: PathBuf::from("corpora/sample"),
        jsonl_only: false,
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
            other => return Err(format!("unknown argument {other:?} (see --help)")),
        }
    }
    Ok(Some(args))
}

/// Stream both JSON Lines files, one opinion at a time.
fn jsonl(dir: &Path, generator: &Generator, n: usize) -> io::Result<()> {
    let mut truth = BufWriter::with_capacity(1 << 20, File::create(dir.join("truth.jsonl"))?);
    let mut opinions = BufWriter::with_capacity(1 << 20, File::create(dir.join("opinions.jsonl"))?);
    for op in generator.iter(n) {
        write::write_truth_line(&mut truth, &op)?;
        write::write_opinion_line(&mut opinions, &op)?;
    }
    truth.flush()?;
    opinions.flush()
}

fn run(args: &Args) -> io::Result<()> {
    std::fs::create_dir_all(&args.out)?;
    let generator = Generator::new(args.seed);
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
    opinions.flush()
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
        Ok(()) => {
            eprintln!(
                "minyi-sample: wrote {} opinions (seed {}) to {}",
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
