/// `clitest!(name, |dir: Dir, cmd: TestCommand| { ... })`: a test with a fresh scratch directory
/// and a command for the `minyi` binary run inside it.
macro_rules! clitest {
    ($name:ident, $fun:expr) => {
        #[test]
        fn $name() {
            let dir = $crate::util::Dir::new(stringify!($name));
            let cmd = dir.command();
            let f: fn($crate::util::Dir, $crate::util::TestCommand) = $fun;
            f(dir, cmd);
        }
    };
}
