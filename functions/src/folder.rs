//! A folder as the bucket: the embedded default, no cloud account needed.
//!
//! Keys map to paths under the folder. A key that could reach outside it is refused: an
//! absolute path, a `..` or `.` segment, an empty segment, a backslash or control character,
//! and any path through a symbolic link. Writes go to a temporary file that is renamed into
//! place, so a reader never sees half an object; conditional writes are atomic within one
//! process (one `svf` at a time per folder).

use std::io::Write as _;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::SystemTime;

use sha2::{Digest, Sha256};

use svf_kernel::time::Instant;

use crate::store::{Condition, Object, ObjectInfo, ObjectStore, StoreError, VersionInfo, Written};

/// Temporary files start with this; they are never listed as objects.
const TEMPORARY: &str = ".svf-tmp-";

/// A bucket in a folder.
///
/// Invariant: `root` is an existing directory, canonical (no symbolic links in it).
#[derive(Debug)]
pub struct FolderStore {
    root: PathBuf,
    /// Serialises conditional writes: the check and the rename happen under it.
    writing: Mutex<()>,
    temporaries: AtomicU64,
}

/// The entity tag of some bytes: the first 128 bits of their SHA-256, quoted as S3 quotes.
pub fn etag_of(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let hex = crate::layout::hex(&digest[..16]);
    format!("\"{hex}\"")
}

/// A file's size and entity tag, hashed as it streams by: a huge file costs time, not memory.
fn describe(path: &Path) -> Result<(u64, String), StoreError> {
    let mut file = std::fs::File::open(path).map_err(|e| unavailable(path, &e))?;
    let mut hasher = Sha256::new();
    let size = std::io::copy(&mut file, &mut hasher).map_err(|e| unavailable(path, &e))?;
    let digest = hasher.finalize();
    let hex = crate::layout::hex(&digest[..16]);
    Ok((size, format!("\"{hex}\"")))
}

fn unavailable(path: &Path, e: &std::io::Error) -> StoreError {
    StoreError::Unavailable(format!("{}: {e}", path.display()))
}

impl FolderStore {
    /// The bucket in `root`, which is created if it does not exist.
    ///
    /// # Errors
    /// [`StoreError::Unavailable`] when the folder cannot be made or read.
    pub fn open(root: impl AsRef<Path>) -> Result<FolderStore, StoreError> {
        let root = root.as_ref();
        std::fs::create_dir_all(root).map_err(|e| unavailable(root, &e))?;
        let root = root.canonicalize().map_err(|e| unavailable(root, &e))?;
        Ok(FolderStore {
            root,
            writing: Mutex::new(()),
            temporaries: AtomicU64::new(0),
        })
    }

    /// The folder.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The path of a key, after checking that it stays inside the folder.
    ///
    /// # Errors
    /// [`StoreError::BadKey`] for a key that could escape, or that passes a symbolic link.
    pub fn path_of(&self, key: &str) -> Result<PathBuf, StoreError> {
        let refuse = |reason| {
            Err(StoreError::BadKey {
                key: key.to_owned(),
                reason,
            })
        };
        if key.is_empty() {
            return refuse("it is empty");
        }
        if key.chars().any(|c| c.is_control() || c == '\\') {
            return refuse("it holds a control character or a backslash");
        }
        if key.starts_with('/') {
            return refuse("it is absolute");
        }
        let mut path = self.root.clone();
        for segment in key.split('/') {
            if segment.is_empty() || segment == "." || segment == ".." {
                return refuse("it has an empty, '.' or '..' segment");
            }
            if segment.starts_with(TEMPORARY) {
                return refuse("it names a temporary file");
            }
            let mut components = Path::new(segment).components();
            if !matches!(
                (components.next(), components.next()),
                (Some(Component::Normal(_)), None)
            ) {
                return refuse("a segment is not a plain name");
            }
            path.push(segment);
            // An existing symbolic link anywhere on the way could lead outside the folder.
            if std::fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink()) {
                return refuse("it passes a symbolic link");
            }
        }
        Ok(path)
    }

    /// When the object was last modified (its receipt time in a folder bucket).
    ///
    /// # Errors
    /// [`StoreError`] for a bad key or an unreadable file.
    pub fn modified(&self, key: &str) -> Result<SystemTime, StoreError> {
        let path = self.path_of(key)?;
        std::fs::metadata(&path)
            .and_then(|m| m.modified())
            .map_err(|e| unavailable(&path, &e))
    }

    fn read(&self, key: &str) -> Result<Option<Object>, StoreError> {
        let path = self.path_of(key)?;
        match std::fs::read(&path) {
            Ok(bytes) => {
                let etag = etag_of(&bytes);
                Ok(Some(Object { bytes, etag }))
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(_) if path.is_dir() => Err(StoreError::BadKey {
                key: key.to_owned(),
                reason: "it is a folder",
            }),
            Err(e) => Err(unavailable(&path, &e)),
        }
    }

    fn write(&self, key: &str, bytes: &[u8], condition: &Condition) -> Result<Written, StoreError> {
        let path = self.path_of(key)?;
        let _guard = self
            .writing
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let current = self.read(key)?;
        let holds = match (condition, &current) {
            (Condition::Always, _) | (Condition::IfAbsent, None) => true,
            (Condition::IfMatch(etag), Some(object)) => *etag == object.etag,
            (Condition::IfAbsent, Some(_)) | (Condition::IfMatch(_), None) => false,
        };
        if !holds {
            return Ok(Written::ConditionFailed);
        }
        let parent = path.parent().ok_or(StoreError::BadKey {
            key: key.to_owned(),
            reason: "it has no folder",
        })?;
        std::fs::create_dir_all(parent).map_err(|e| unavailable(parent, &e))?;
        // Created folders could race with a symbolic link made meanwhile: check again.
        self.path_of(key)?;
        let n = self.temporaries.fetch_add(1, Ordering::Relaxed);
        let temporary = parent.join(format!("{TEMPORARY}{}-{n}", std::process::id()));
        let result = std::fs::File::create(&temporary)
            .and_then(|mut file| file.write_all(bytes).and_then(|()| file.sync_all()))
            .and_then(|()| std::fs::rename(&temporary, &path));
        if let Err(e) = result {
            let _ = std::fs::remove_file(&temporary);
            return Err(unavailable(&path, &e));
        }
        Ok(Written::Yes(etag_of(bytes)))
    }

    fn walk(
        dir: &Path,
        key: &str,
        prefix: &str,
        out: &mut Vec<ObjectInfo>,
    ) -> Result<(), StoreError> {
        let entries = match std::fs::read_dir(dir) {
            Ok(entries) => entries,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
            Err(e) => return Err(unavailable(dir, &e)),
        };
        for entry in entries {
            let entry = entry.map_err(|e| unavailable(dir, &e))?;
            let Some(name) = entry.file_name().to_str().map(str::to_owned) else {
                continue;
            };
            if name.starts_with(TEMPORARY) {
                continue;
            }
            let child_key = if key.is_empty() {
                name
            } else {
                format!("{key}/{name}")
            };
            // Only keys that could still start with the prefix are worth descending into.
            if !(child_key.starts_with(prefix) || prefix.starts_with(&format!("{child_key}/"))) {
                continue;
            }
            let kind = entry
                .file_type()
                .map_err(|e| unavailable(&entry.path(), &e))?;
            if kind.is_symlink() {
                continue;
            }
            if kind.is_dir() {
                Self::walk(&entry.path(), &child_key, prefix, out)?;
            } else if kind.is_file() && child_key.starts_with(prefix) {
                let (size, etag) = describe(&entry.path())?;
                out.push(ObjectInfo {
                    key: child_key,
                    size,
                    etag,
                });
            }
        }
        Ok(())
    }
}

impl ObjectStore for FolderStore {
    async fn head(&self, key: &str) -> Result<Option<ObjectInfo>, StoreError> {
        let path = self.path_of(key)?;
        if !path.is_file() {
            return Ok(None);
        }
        let (size, etag) = describe(&path)?;
        Ok(Some(ObjectInfo {
            key: key.to_owned(),
            size,
            etag,
        }))
    }

    async fn get(&self, key: &str) -> Result<Option<Object>, StoreError> {
        self.read(key)
    }

    async fn put(
        &self,
        key: &str,
        bytes: Vec<u8>,
        _content_type: &str,
        condition: Condition,
    ) -> Result<Written, StoreError> {
        self.write(key, &bytes, &condition)
    }

    async fn list(&self, prefix: &str) -> Result<Vec<ObjectInfo>, StoreError> {
        let mut out = Vec::new();
        Self::walk(&self.root, "", prefix, &mut out)?;
        out.sort_by(|a, b| a.key.cmp(&b.key));
        Ok(out)
    }

    async fn list_versions(&self, prefix: &str) -> Result<Vec<VersionInfo>, StoreError> {
        let mut out = Vec::new();
        for info in self.list(prefix).await? {
            let received = instant_of(self.modified(&info.key)?);
            out.push(VersionInfo {
                key: info.key,
                version: None,
                size: info.size,
                etag: info.etag,
                received,
            });
        }
        Ok(out)
    }

    async fn head_version(
        &self,
        key: &str,
        _version: &str,
    ) -> Result<Option<ObjectInfo>, StoreError> {
        Err(no_versions(key))
    }

    async fn get_version(&self, key: &str, _version: &str) -> Result<Option<Object>, StoreError> {
        Err(no_versions(key))
    }
}

/// A file time as an [`Instant`] (whole seconds), or `None` outside the years 1–9999.
pub fn instant_of(time: SystemTime) -> Option<Instant> {
    let seconds = match time.duration_since(SystemTime::UNIX_EPOCH) {
        Ok(after) => i64::try_from(after.as_secs()).ok(),
        Err(before) => i64::try_from(before.duration().as_secs()).ok().map(|s| -s),
    };
    seconds.and_then(Instant::from_unix_seconds)
}

/// A folder keeps one version of a file: an upload there is its key, content and time.
fn no_versions(key: &str) -> StoreError {
    StoreError::Unavailable(format!(
        "{key}: a folder bucket keeps no versions; an upload is its key, content and time"
    ))
}
