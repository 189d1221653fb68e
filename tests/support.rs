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

/// Largest remainder written independently of the kernel, from its definition: exact integer
/// quotas, floors, then one krona each to the largest remainders (ties: the row listed first).
/// Weights of zero are outside the split. Returns öre.
pub fn independent_split(total_kr: u128, weights: &[u128]) -> Vec<i64> {
    let sum: u128 = weights.iter().sum();
    let mut parts: Vec<u128> = weights.iter().map(|w| total_kr * w / sum).collect();
    let mut order: Vec<usize> = (0..weights.len()).filter(|&i| weights[i] > 0).collect();
    order.sort_by_key(|&i| (std::cmp::Reverse(total_kr * weights[i] % sum), i));
    let left = total_kr - parts.iter().sum::<u128>();
    for &i in order.iter().take(usize::try_from(left).unwrap()) {
        parts[i] += 1;
    }
    parts
        .into_iter()
        .map(|p| i64::try_from(p * 100).unwrap())
        .collect()
}

/// A share in the annex's way, independently: hundredths of a per cent rounded half up,
/// written `23,26%`.
pub fn independent_share(weight: u128, sum: u128) -> String {
    let hundredths = (weight * 20_000 + sum) / (2 * sum);
    format!("{},{:02}%", hundredths / 100, hundredths % 100)
}

/// A whole number grouped by threes with spaces, independently: `2 455 914`.
pub fn grouped(value: u128) -> String {
    let digits = value.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(' ');
        }
        out.push(c);
    }
    out
}
