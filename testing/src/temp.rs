//! Temporary folders that clean up after themselves.

use std::ffi::OsStr;
use std::ops::Deref;
use std::path::{Path, PathBuf};

/// A fresh folder under the system's temporary folder, removed with everything in it when the
/// value is dropped (at the end of the test that made it, also when the test fails), unless
/// `SVF_KEEP_TEMP` is set, to look inside after a failure.
///
/// Invariant: the folder exists from [`TempDir::new`] until the drop, and no other `TempDir`
/// has it (its name has the process id and a random part).
#[derive(Debug)]
pub struct TempDir {
    path: PathBuf,
}

impl TempDir {
    /// A fresh folder `svf-{name}-{pid}-{random}`.
    ///
    /// # Panics
    /// When the folder cannot be made: the test cannot run.
    pub fn new(name: &str) -> TempDir {
        let path = std::env::temp_dir().join(format!(
            "svf-{name}-{}-{}",
            std::process::id(),
            rand::random::<u64>()
        ));
        std::fs::create_dir_all(&path)
            .unwrap_or_else(|e| panic!("a temporary folder {}: {e}", path.display()));
        TempDir { path }
    }

    /// Its path.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

/// A fresh folder, removed when the test is done with it: [`TempDir::new`].
pub fn tempdir(name: &str) -> TempDir {
    TempDir::new(name)
}

impl Deref for TempDir {
    type Target = Path;
    fn deref(&self) -> &Path {
        &self.path
    }
}

impl AsRef<Path> for TempDir {
    fn as_ref(&self) -> &Path {
        &self.path
    }
}

impl AsRef<OsStr> for TempDir {
    fn as_ref(&self) -> &OsStr {
        self.path.as_os_str()
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        if std::env::var_os("SVF_KEEP_TEMP").is_some() {
            eprintln!("kept: {}", self.path.display());
            return;
        }
        // A folder a test made unreadable (to test just that) is made readable to be removed.
        let _ = std::fs::remove_dir_all(&self.path).or_else(|_| {
            make_writable(&self.path);
            std::fs::remove_dir_all(&self.path)
        });
    }
}

fn make_writable(dir: &Path) {
    use std::os::unix::fs::PermissionsExt as _;
    let _ = std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o755));
    if let Ok(entries) = std::fs::read_dir(dir) {
        for entry in entries.flatten() {
            if entry.file_type().is_ok_and(|t| t.is_dir()) {
                make_writable(&entry.path());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_temporary_folder_is_gone_when_dropped() {
        let dir = TempDir::new("temp-test");
        std::fs::create_dir_all(dir.join("a/b")).unwrap();
        std::fs::write(dir.join("a/b/c.txt"), "x").unwrap();
        let path = dir.path().to_owned();
        assert!(path.is_dir());
        drop(dir);
        assert!(!path.exists());
    }
}
