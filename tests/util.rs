//! A scratch directory per test and a command for the `minyi` binary.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A scratch directory under cargo's target tmpdir, emptied at the start of each test.
pub(crate) struct Dir {
    root: PathBuf,
}

impl Dir {
    pub(crate) fn new(name: &str) -> Dir {
        let root = Path::new(env!("CARGO_TARGET_TMPDIR")).join("minyi-tests").join(name);
        let _ = std::fs::remove_dir_all(&root);
        std::fs::create_dir_all(&root).expect("scratch directory");
        Dir { root }
    }

    pub(crate) fn create_bytes(&self, name: &str, bytes: &[u8]) -> PathBuf {
        let path = self.root.join(name);
        std::fs::write(&path, bytes).expect("write fixture");
        path
    }

    pub(crate) fn create(&self, name: &str, text: &str) -> PathBuf {
        self.create_bytes(name, text.as_bytes())
    }

    /// A path inside the directory.
    pub(crate) fn path(&self, name: &str) -> PathBuf {
        self.root.join(name)
    }

    pub(crate) fn command(&self) -> TestCommand {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_minyi"));
        cmd.current_dir(&self.root);
        TestCommand { cmd }
    }
}

/// A `minyi` command under test.
pub(crate) struct TestCommand {
    cmd: Command,
}

impl TestCommand {
    pub(crate) fn args<I, S>(&mut self, args: I) -> &mut TestCommand
    where
        I: IntoIterator<Item = S>,
        S: AsRef<std::ffi::OsStr>,
    {
        self.cmd.args(args);
        self
    }

    /// Adds a path argument.
    pub(crate) fn arg_path(&mut self, path: &Path) -> &mut TestCommand {
        self.cmd.arg(path);
        self
    }

    /// Feeds a file to its stdin.
    pub(crate) fn stdin_from(&mut self, path: &Path) -> &mut TestCommand {
        self.cmd.stdin(std::fs::File::open(path).expect("stdin fixture"));
        self
    }

    /// Starts it with stdout piped and stderr discarded.
    pub(crate) fn spawn_piped(&mut self) -> std::process::Child {
        self.cmd
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("start minyi")
    }

    pub(crate) fn output(&mut self) -> Output {
        self.cmd.output().expect("run minyi")
    }

    /// Runs it, asserts success, and returns stdout.
    pub(crate) fn stdout(&mut self) -> String {
        let out = self.output();
        assert!(
            out.status.success(),
            "minyi failed with {:?}\nstdout:\n{}\nstderr:\n{}",
            out.status.code(),
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).expect("stdout is UTF-8")
    }

    /// Runs it, asserts the exit code, and returns (stdout, stderr).
    pub(crate) fn expect_code(&mut self, code: i32) -> (String, String) {
        let out = self.output();
        let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        assert_eq!(out.status.code(), Some(code), "stdout:\n{stdout}\nstderr:\n{stderr}");
        (stdout, stderr)
    }
}

/// `../shared/corpora`, or `None` with a note when a plain clone has no shared data.
pub(crate) fn shared_corpora() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpora");
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!("skipped: ../shared/corpora is absent (a plain clone has no real data)");
        None
    }
}

/// The project's own sample consultation.
pub(crate) fn sample(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("corpora/sample").join(name)
}
