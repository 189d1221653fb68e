//! Running the `svf` binary as a user would.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

pub use svf_testing::annex::{
    ANNEX_2024, annex_rows, grouped, grouped_number, independent_share, independent_split,
};
/// A complete, eligible 2024 report of region `code` with `in_svf` of 1000 new cases in SVF.
pub use svf_testing::report_2024 as report;
/// A fresh folder, removed when the test is done with it.
pub use svf_testing::tempdir;

/// The path of a file under `tests/data`.
pub fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name)
}

/// The path of a report in `spec/examples`.
pub fn spec_example(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("spec/examples")
        .join(name)
}

/// A program a test needs from the machine (Chromium, `script`), as a path or a name to find
/// on `PATH`. `None` when it is missing: the test then says so and passes over what needs it,
/// so that `cargo test` passes on a laptop without it, unless `SVF_REQUIRE_TOOLS` is set (as
/// `scripts/test.sh`, and so CI, sets it), when a missing tool fails the test.
pub fn tool(program: &Path, why: &str) -> Option<PathBuf> {
    let found = if program.components().count() > 1 {
        program.is_file().then(|| program.to_owned())
    } else {
        std::env::var_os("PATH").and_then(|path| {
            std::env::split_paths(&path)
                .map(|dir| dir.join(program))
                .find(|candidate| candidate.is_file())
        })
    };
    if found.is_none() {
        let message = format!("{} is not there: {why}", program.display());
        assert!(
            std::env::var_os("SVF_REQUIRE_TOOLS").is_none(),
            "{message} (SVF_REQUIRE_TOOLS is set: every tool must be present)"
        );
        eprintln!("skipped: {message}");
    }
    found
}

/// What one run of `svf` printed and how it ended.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Runs `svf ARGS`, feeding `stdin` to it.
pub fn svf_with_input(args: &[&str], stdin: &[u8]) -> Run {
    run(Command::new(env!("CARGO_BIN_EXE_svf")).args(args), stdin)
}

/// Runs `svf ARGS` in the folder `cwd`, with empty standard input: for what a command might
/// make in its working directory.
pub fn svf_in(cwd: &Path, args: &[&str]) -> Run {
    run(
        Command::new(env!("CARGO_BIN_EXE_svf"))
            .args(args)
            .current_dir(cwd),
        b"",
    )
}

/// Runs the command, feeding `stdin` to it.
fn run(command: &mut Command, stdin: &[u8]) -> Run {
    let mut child = command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the svf binary starts");
    // svf may exit (a usage error) before it reads its input: a closed pipe is no failure here.
    if let Err(e) = child.stdin.take().expect("stdin is piped").write_all(stdin) {
        assert_eq!(
            e.kind(),
            std::io::ErrorKind::BrokenPipe,
            "writing svf's input: {e}"
        );
    }
    let Output {
        status,
        stdout,
        stderr,
    } = child.wait_with_output().expect("svf finishes");
    Run {
        code: status
            .code()
            .expect("svf exits rather than being killed by a signal"),
        stdout: String::from_utf8(stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(stderr).expect("stderr is UTF-8"),
    }
}

/// Runs `svf ARGS` with empty standard input.
pub fn svf(args: &[&str]) -> Run {
    svf_with_input(args, b"")
}

/// 20 September 2024, 10:00 UTC: in time for 2024's deadline.
pub const IN_TIME: u64 = 1_726_826_400;

/// Writes `bytes` at `path`, its folders made.
pub fn write(path: &Path, bytes: &[u8]) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, bytes).unwrap();
}

/// Sets the file's modification time (a folder bucket's receipt time) to `seconds` after the
/// epoch.
pub fn set_time(path: &Path, seconds: u64) {
    std::fs::File::options()
        .write(true)
        .open(path)
        .and_then(|f| {
            f.set_modified(
                std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(seconds),
            )
        })
        .unwrap();
}
