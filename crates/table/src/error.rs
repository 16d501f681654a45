//! The error of a file that cannot be read at all. Problems of single rows are not errors: the
//! row is kept with a status and listed in the file's report.

use std::fmt;

/// A specialised `Result` whose error is [`Error`].
pub type Result<T> = std::result::Result<T, Error>;

/// A file that cannot be read: the message names the file and, where it helps, the byte offset
/// and row, and says what to do next.
#[derive(Debug)]
pub struct Error {
    kind: ErrorKind,
    file: String,
    message: String,
    source: Option<Box<dyn std::error::Error + Send + Sync + 'static>>,
}

/// The kind of an [`Error`].
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    /// The file could not be opened or read.
    Io,
    /// The bytes are not text in UTF-8, GB18030/GBK or UTF-16.
    Encoding,
    /// The file is not of the format it claims, or is damaged (a truncated workbook).
    Format,
    /// The file holds no rows at all.
    Empty,
    /// No column holds the opinion text.
    NoTextColumn,
    /// A `--column` override names a column the file does not have, or a field that does not
    /// exist.
    UnknownColumn,
    /// A named sheet does not exist.
    UnknownSheet,
}

impl Error {
    pub(crate) fn new(kind: ErrorKind, file: &str, message: impl Into<String>) -> Error {
        Error { kind, file: file.to_owned(), message: message.into(), source: None }
    }

    pub(crate) fn with_source(
        kind: ErrorKind,
        file: &str,
        message: impl Into<String>,
        source: impl std::error::Error + Send + Sync + 'static,
    ) -> Error {
        Error {
            kind,
            file: file.to_owned(),
            message: message.into(),
            source: Some(Box::new(source)),
        }
    }

    /// What kind of error this is.
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// The file, as the user named it.
    pub fn file(&self) -> &str {
        &self.file
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.file, self.message)
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source.as_deref().map(|e| e as &(dyn std::error::Error + 'static))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_is_send_sync_static_and_names_the_file() {
        fn assert_bounds<T: Send + Sync + 'static>() {}
        assert_bounds::<Error>();
        let e = Error::new(ErrorKind::Empty, "意见.csv", "the file is empty");
        assert_eq!(e.to_string(), "意见.csv: the file is empty");
        assert_eq!(e.kind(), ErrorKind::Empty);
    }
}
