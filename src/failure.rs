//! Why a command did not succeed, and so its exit code (contract §2): 0 success; 1 the input
//! was read but refused, with the reason on standard error; 2 a usage error, including a file
//! that cannot be read at all. The command line is the only code that knows exit codes.

use std::fmt;
use std::process::ExitCode;

/// Why a command did not succeed; decides the exit code.
#[derive(Debug)]
pub enum Failure {
    /// The input was read but refused (exit 1).
    Refused(String),
    /// The command line was wrong or named something unreadable (exit 2).
    Usage(String),
    /// Whoever read the output stopped reading (`svf … | head`): not an error.
    Closed,
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Failure::Refused(message) | Failure::Usage(message) => f.write_str(message),
            Failure::Closed => f.write_str("the output was closed"),
        }
    }
}

impl Failure {
    /// A failure to write the output.
    pub fn output(error: &std::io::Error) -> Failure {
        if error.kind() == std::io::ErrorKind::BrokenPipe {
            Failure::Closed
        } else {
            Failure::Usage(format!("cannot write the output: {error}"))
        }
    }

    /// The exit code (contract §2).
    pub fn exit_code(&self) -> ExitCode {
        match self {
            Failure::Refused(_) => ExitCode::from(1),
            Failure::Usage(_) => ExitCode::from(2),
            Failure::Closed => ExitCode::SUCCESS,
        }
    }
}
