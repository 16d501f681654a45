//! The error type of the library: opaque, typed, `Send + Sync + 'static`.

use std::fmt;

/// A specialised `Result` whose error is [`Error`].
pub type Result<T> = std::result::Result<T, Error>;

/// An error from `minyi-core`.
///
/// What went wrong is told by [`Error::kind`]; the message (its `Display`) says it in words that
/// name the input at fault, and [`std::error::Error::source`] gives the underlying cause if any.
#[derive(Debug)]
pub struct Error {
    kind: ErrorKind,
    message: String,
    source: Option<Box<dyn std::error::Error + Send + Sync + 'static>>,
}

/// The kind of an [`Error`].
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    /// Reading or writing failed.
    Io,
    /// A setting is out of range or inconsistent.
    Config,
    /// A user dictionary or stop-word list is malformed.
    Dictionary,
    /// A text given as a draft holds no article.
    Draft,
    /// The archive's index cannot be created, opened, written or read.
    Archive,
    /// A search of the archive is malformed (its text or a filter).
    Query,
}

impl Error {
    pub(crate) fn new(kind: ErrorKind, message: impl Into<String>) -> Error {
        Error { kind, message: message.into(), source: None }
    }

    pub(crate) fn with_source(
        kind: ErrorKind,
        message: impl Into<String>,
        source: impl std::error::Error + Send + Sync + 'static,
    ) -> Error {
        Error { kind, message: message.into(), source: Some(Box::new(source)) }
    }

    /// What kind of error this is.
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
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
    fn error_is_send_sync_static() {
        fn assert_bounds<T: Send + Sync + 'static>() {}
        assert_bounds::<Error>();
    }

    #[test]
    fn source_is_kept() {
        let io = std::io::Error::new(std::io::ErrorKind::NotFound, "词典文件不存在");
        let err = Error::with_source(ErrorKind::Io, "cannot read the user dictionary", io);
        assert_eq!(err.kind(), ErrorKind::Io);
        assert_eq!(err.to_string(), "cannot read the user dictionary");
        let source = std::error::Error::source(&err).expect("a source");
        assert_eq!(source.to_string(), "词典文件不存在");
    }
}
