//! Records the commit the functions are built from, for the provenance of what they write
//! (`SVF_COMMIT`: `git describe --always --dirty --abbrev=12`, or `unknown` outside a checkout).

use std::process::Command;

fn main() {
    let commit = Command::new("git")
        .args(["describe", "--always", "--dirty", "--abbrev=12"])
        .output()
        .ok()
        .filter(|out| out.status.success())
        .and_then(|out| String::from_utf8(out.stdout).ok())
        .map(|text| text.trim().to_owned())
        .filter(|text| !text.is_empty())
        .unwrap_or_else(|| "unknown".to_owned());
    println!("cargo:rustc-env=SVF_COMMIT={commit}");
    // A new commit, or a change to what is checked out, gives a new description.
    for path in ["../.git/HEAD", "../.git/index", "../.git/refs"] {
        println!("cargo:rerun-if-changed={path}");
    }
}
