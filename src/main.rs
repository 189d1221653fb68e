//! `svf`: the command line. Everything happens in the library; this only maps the outcome to
//! the process's exit code.

use std::process::ExitCode;

fn main() -> ExitCode {
    svf::cli::main()
}
