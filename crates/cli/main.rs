//! The `minyi` command line: flags in, library calls, results out. Glue only: the analysis lives
//! in `minyi-core`, the file formats in `minyi-table`.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;

mod args;
mod commands;
mod logger;
mod progress;

use args::{Args, Command};

/// mimalloc rather than the system allocator: reading and deduplicating 10,000 opinions spent
/// about 40 % of its time in glibc's malloc and the page faults of its arenas. Its v2 line (the
/// `v2` feature): v3 purges freed pages after 1 s rather than 10 ms, so memory freed between
/// stages was still held at the next peak (`minyi dedup` of 100k opinions: 240 MB under v3,
/// 210 MB under v2, the same speed; measured 2026-11-29).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Exit codes: 0 success, 1 internal failure, 2 bad input (or bad usage, from clap).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Outcome {
    Success,
    BadInput,
}

fn main() -> ExitCode {
    let args = match Args::try_parse() {
        Ok(args) => args,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    logger::init(args.verbosity());
    match run(args) {
        Ok(Outcome::Success) => ExitCode::SUCCESS,
        Ok(Outcome::BadInput) => ExitCode::from(2),
        Err(err) => {
            if is_broken_pipe(&err) {
                return ExitCode::SUCCESS;
            }
            let _ = writeln!(std::io::stderr(), "minyi: {err:#}");
            match err.downcast_ref::<commands::BadInput>() {
                Some(_) => ExitCode::from(2),
                None => ExitCode::from(1),
            }
        }
    }
}

fn run(args: Args) -> anyhow::Result<Outcome> {
    if let Some(threads) = args.threads {
        rayon::ThreadPoolBuilder::new().num_threads(threads).build_global()?;
    }
    match args.command {
        Command::Ingest(ingest) => commands::ingest::run(&ingest),
        Command::Analyze(analyze) => commands::analyze::run(&analyze, args.quiet > 0),
        Command::Draft(draft) => commands::draft::run(&draft),
        Command::Dedup(dedup) => commands::dedup::run(&dedup),
        Command::Cite(cite) => commands::cite::run(&cite),
        Command::Diff(diff) => commands::diff::run(&diff),
        Command::Redact(redact) => commands::redact::run(&redact),
        Command::Adopt(adopt) => commands::adopt::run(&adopt),
        Command::Stats(stats) => commands::stats::run(&stats),
        #[cfg(feature = "archive")]
        Command::Archive(archive) => commands::archive::run(&archive, args.quiet > 0),
    }
}

/// A closed pipe (`minyi ingest … | head`) is not an error.
fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
