//! `svf checker [--api URL [--cognito ENDPOINT]] [--out FILE]`: writes the pre-upload checker page
//! (contract §8), one self-contained HTML file with the kernel inside it ([`crate::checker`]);
//! with `--api`, with *Skicka in* to the front door at URL (contract §10).

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::Args;

use crate::failure::Failure;

/// The arguments of `svf checker`.
#[derive(Args, Debug)]
pub struct CheckerArgs {
    /// Where to write the page. Default: standard output.
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
    /// The front door's address (the stack's `ApiUrl`): the page gains *Skicka in*, which signs
    /// the user in and sends the report there. Without it the page never uses the network.
    #[arg(long, value_name = "URL")]
    api: Option<String>,
    /// The user pool's endpoint the page signs in at.
    #[arg(long, value_name = "ENDPOINT", requires = "api", default_value = crate::checker::COGNITO_STOCKHOLM)]
    cognito: String,
}

/// Writes the page to `--out` or to `out`.
///
/// # Errors
/// [`Failure::Usage`] when the file cannot be written; [`Failure::output`] when `out` fails.
pub fn run(args: &CheckerArgs, out: &mut impl Write) -> Result<(), Failure> {
    let front = match &args.api {
        Some(api) => Some(crate::checker::Front::new(api, &args.cognito).map_err(Failure::Usage)?),
        None => None,
    };
    let page = crate::checker::page_with(front.as_ref());
    match &args.out {
        Some(path) => write_whole(path, page.as_bytes()),
        None => out
            .write_all(page.as_bytes())
            .map_err(|e| Failure::output(&e)),
    }
}

/// Writes `bytes` to `path` whole or not at all: into a temporary file beside it, then renamed
/// over it, so that a page opened meanwhile is the old one or the new one, never half of one.
///
/// # Errors
/// [`Failure::Usage`] naming the file and the reason.
pub fn write_whole(path: &Path, bytes: &[u8]) -> Result<(), Failure> {
    let failure = |e: std::io::Error| Failure::Usage(format!("{}: {e}", path.display()));
    let name = path
        .file_name()
        .ok_or_else(|| Failure::Usage(format!("{}: not a file name", path.display())))?;
    let mut temporary = name.to_owned();
    temporary.push(".svf-partial");
    let temporary = path.with_file_name(temporary);
    std::fs::write(&temporary, bytes).map_err(failure)?;
    std::fs::rename(&temporary, path).map_err(|e| {
        let _ = std::fs::remove_file(&temporary);
        failure(e)
    })
}
