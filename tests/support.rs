//! Running the `svf` binary as a user would.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// The published 2024 second payment annex (see tests/data/README.md for its source).
pub const ANNEX_2024: &str = include_str!("data/annex-2024-second-payment.tsv");

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

/// What one run of `svf` printed and how it ended.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Runs `svf ARGS`, feeding `stdin` to it.
pub fn svf_with_input(args: &[&str], stdin: &[u8]) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_svf"))
        .args(args)
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

/// Parses one annex-layout line into its fields.
pub fn annex_rows(text: &str) -> Vec<Vec<&str>> {
    text.lines()
        .map(|line| line.split('\t').collect())
        .collect()
}

/// `42 452 908` → 42452908.
pub fn grouped_number(text: &str) -> i64 {
    text.replace(' ', "")
        .parse()
        .expect("a space-grouped whole number")
}
