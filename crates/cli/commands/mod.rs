//! One module per subcommand, and what they share.

use std::fmt;
use std::path::PathBuf;

use crate::args::ReadArgs;

pub(crate) mod adopt;
pub(crate) mod analyze;
#[cfg(feature = "archive")]
pub(crate) mod archive;
pub(crate) mod cite;
pub(crate) mod dedup;
pub(crate) mod diff;
pub(crate) mod draft;
pub(crate) mod ingest;
pub(crate) mod redact;
pub(crate) mod stats;

/// The default limit on a text's length, in characters.
#[cfg(feature = "table")]
pub(crate) const DEFAULT_MAX_CHARS: usize = minyi_table::DEFAULT_MAX_CHARS;
#[cfg(not(feature = "table"))]
pub(crate) const DEFAULT_MAX_CHARS: usize = 20_000;

/// An error caused by the input rather than by minyi: exit code 2.
#[derive(Debug)]
pub(crate) struct BadInput(pub(crate) String);

impl fmt::Display for BadInput {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for BadInput {}

/// The bundled sample consultation, next to the sources of this binary.
pub(crate) fn sample_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("corpora").join("sample")
}

#[cfg(feature = "table")]
pub(crate) fn read_options(args: &ReadArgs) -> minyi_table::ReadOptions {
    let mut options = minyi_table::ReadOptions::new();
    if let Some(sheet) = &args.sheet {
        options.sheet(sheet.clone());
    }
    for (field, header) in &args.columns {
        options.column(*field, header.clone());
    }
    options.max_chars(args.max_chars);
    options
}

#[cfg(feature = "table")]
pub(crate) fn read(files: &[PathBuf], args: &ReadArgs) -> minyi_table::Ingest {
    minyi_table::read_files(files, &read_options(args))
}

#[cfg(not(feature = "table"))]
pub(crate) fn without_table<T>(_: &ReadArgs) -> anyhow::Result<T> {
    Err(BadInput(
        "this minyi was built without file formats (feature `table`); rebuild it with the default \
         features: cargo build --release"
            .into(),
    )
    .into())
}
