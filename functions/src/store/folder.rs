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

use crate::store::{
    Object, ObjectInfo, ObjectStore, Precondition, StoreError, VersionInfo, Written,
};

/// Temporary files start with this; they are never listed as objects.
const TEMPORARY: &str = ".svf-tmp-";

/// A temporary file older than this was left by a process that was killed (a write takes
/// milliseconds): it is removed.
const STALE_TEMPORARY: std::time::Duration = std::time::Duration::from_mins(1);

/// What a file's entity tag was computed from: its size and modification time.
type Seen = (u64, SystemTime);

/// A bucket in a folder.
///
/// Invariant: `root` is an existing directory, canonical (no symbolic links in it).
#[derive(Debug)]
pub struct FolderStore {
    root: PathBuf,
    /// Serialises conditional writes: the check and the rename happen under it.
    writing: Mutex<()>,
    temporaries: AtomicU64,
    /// Entity tags by path, with the size and time they were computed at: a file is hashed
    /// again only when it changed, so a pass reads what changed since the last.
    etags: Mutex<std::collections::HashMap<PathBuf, (Seen, String)>>,
    /// What the last listing passed over, and why: `(name, reason)`.
    skipped: Mutex<Vec<(String, &'static str)>>,
}

/// The entity tag of some bytes: the first 128 bits of their SHA-256, quoted as S3 quotes.
pub fn etag_of(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let hex = crate::contract::layout::hex(&digest[..16]);
    format!("\"{hex}\"")
}

/// A file's entity tag, hashed as it streams by: a huge file costs time, not memory.
fn hash(path: &Path) -> Result<String, StoreError> {
    let mut file = std::fs::File::open(path).map_err(|e| unavailable(path, &e))?;
    let mut hasher = Sha256::new();
    std::io::copy(&mut file, &mut hasher).map_err(|e| unavailable(path, &e))?;
    let digest = hasher.finalize();
    let hex = crate::contract::layout::hex(&digest[..16]);
    Ok(format!("\"{hex}\""))
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
            etags: Mutex::new(std::collections::HashMap::new()),
            skipped: Mutex::new(Vec::new()),
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

    /// What the last listing passed over under the prefix it listed, and why: names that are
    /// not UTF-8, symbolic links, FIFOs and devices, files that cannot be read, temporary files
    /// of a write in progress. Never silently: the command line says each.
    pub fn skipped(&self) -> Vec<(String, &'static str)> {
        self.skipped
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
    }

    /// The regular file at `key`'s path, `None` when nothing is there. Anything else there (a
    /// folder, a FIFO, a device) is refused before it is opened, so it can never hang a read.
    fn regular(&self, key: &str) -> Result<Option<(PathBuf, std::fs::Metadata)>, StoreError> {
        let path = self.path_of(key)?;
        match std::fs::symlink_metadata(&path) {
            Ok(meta) if meta.is_file() => Ok(Some((path, meta))),
            Ok(meta) => Err(StoreError::BadKey {
                key: key.to_owned(),
                reason: if meta.is_dir() {
                    "it is a folder"
                } else {
                    "it is not a regular file (a FIFO, a device or a link)"
                },
            }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(unavailable(&path, &e)),
        }
    }

    /// The entity tag of the file at `path` as `meta` describes it: from the cache while its
    /// size and modification time are the same, else hashed anew.
    fn etag(&self, path: &Path, meta: &std::fs::Metadata) -> Result<String, StoreError> {
        let seen = (
            meta.len(),
            meta.modified().map_err(|e| unavailable(path, &e))?,
        );
        let mut etags = self
            .etags
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some((at, etag)) = etags.get(path)
            && *at == seen
        {
            return Ok(etag.clone());
        }
        let etag = hash(path)?;
        etags.insert(path.to_owned(), (seen, etag.clone()));
        Ok(etag)
    }

    fn read(&self, key: &str) -> Result<Option<Object>, StoreError> {
        let Some((path, _)) = self.regular(key)? else {
            return Ok(None);
        };
        match std::fs::read(&path) {
            Ok(bytes) => {
                let etag = etag_of(&bytes);
                Ok(Some(Object { bytes, etag }))
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(unavailable(&path, &e)),
        }
    }

    fn write(
        &self,
        key: &str,
        bytes: &[u8],
        condition: &Precondition,
    ) -> Result<Written, StoreError> {
        let path = self.path_of(key)?;
        let _guard = self
            .writing
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let current = self.read(key)?;
        let holds = match (condition, &current) {
            (Precondition::Always, _) | (Precondition::IfAbsent, None) => true,
            (Precondition::IfMatch(etag), Some(object)) => *etag == object.etag,
            (Precondition::IfAbsent, Some(_)) | (Precondition::IfMatch(_), None) => false,
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

    /// Every regular file under `dir` (its key `key`) whose key starts with `prefix`, with its
    /// modification time; what is passed over goes to `skipped`; stale temporary files are
    /// removed. One entry that cannot be read never stops the walk.
    fn walk(
        &self,
        dir: &Path,
        key: &str,
        prefix: &str,
        out: &mut Vec<(ObjectInfo, SystemTime)>,
        skipped: &mut Vec<(String, &'static str)>,
    ) -> Result<(), StoreError> {
        let entries = match std::fs::read_dir(dir) {
            Ok(entries) => entries,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
            Err(e) if key.is_empty() => return Err(unavailable(dir, &e)),
            Err(_) => {
                skipped.push((key.to_owned(), "a folder that cannot be read"));
                return Ok(());
            }
        };
        for entry in entries {
            let Ok(entry) = entry else {
                skipped.push((key.to_owned(), "an entry of this folder cannot be read"));
                continue;
            };
            let raw = entry.file_name();
            let name = raw.to_string_lossy().into_owned();
            let child_key = if key.is_empty() {
                name.clone()
            } else {
                format!("{key}/{name}")
            };
            // Only keys that could still start with the prefix are worth descending into.
            if !(child_key.starts_with(prefix) || prefix.starts_with(&format!("{child_key}/"))) {
                continue;
            }
            if raw.to_str().is_none() {
                skipped.push((child_key, "its name is not UTF-8, so it cannot be a key"));
                continue;
            }
            let Ok(meta) = std::fs::symlink_metadata(entry.path()) else {
                skipped.push((child_key, "it cannot be read"));
                continue;
            };
            if name.starts_with(TEMPORARY) {
                // A write in progress, not an upload (`sweep_temporaries` removes those a kill
                // left behind).
                continue;
            }
            if meta.is_dir() {
                self.walk(&entry.path(), &child_key, prefix, out, skipped)?;
            } else if !child_key.starts_with(prefix) {
                // A file beside the prefix's folder, not under it.
            } else if meta.is_symlink() {
                skipped.push((child_key, "a symbolic link is never followed"));
            } else if !meta.is_file() {
                skipped.push((
                    child_key,
                    "not a regular file (a FIFO, a socket or a device)",
                ));
            } else {
                let (Ok(modified), Ok(etag)) = (meta.modified(), self.etag(&entry.path(), &meta))
                else {
                    skipped.push((child_key, "it cannot be read"));
                    continue;
                };
                let info = ObjectInfo {
                    key: child_key,
                    size: meta.len(),
                    etag,
                };
                out.push((info, modified));
            }
        }
        Ok(())
    }

    /// Removes the temporary files that writes interrupted by a kill left anywhere in the
    /// bucket (older than a minute: a live write takes milliseconds); returns their keys.
    pub fn sweep_temporaries(&self) -> Vec<String> {
        fn sweep(dir: &Path, key: &str, removed: &mut Vec<String>) {
            let Ok(entries) = std::fs::read_dir(dir) else {
                return;
            };
            for entry in entries.flatten() {
                let name = entry.file_name().to_string_lossy().into_owned();
                let child = if key.is_empty() {
                    name.clone()
                } else {
                    format!("{key}/{name}")
                };
                let Ok(meta) = std::fs::symlink_metadata(entry.path()) else {
                    continue;
                };
                if meta.is_dir() {
                    sweep(&entry.path(), &child, removed);
                } else if name.starts_with(TEMPORARY)
                    && meta.is_file()
                    && meta
                        .modified()
                        .ok()
                        .and_then(|t| t.elapsed().ok())
                        .is_some_and(|age| age > STALE_TEMPORARY)
                    && std::fs::remove_file(entry.path()).is_ok()
                {
                    removed.push(child);
                }
            }
        }
        let mut removed = Vec::new();
        sweep(&self.root, "", &mut removed);
        removed
    }

    /// [`ObjectStore::list`] with each file's modification time; records what it passed over.
    fn listing(&self, prefix: &str) -> Result<Vec<(ObjectInfo, SystemTime)>, StoreError> {
        let mut out = Vec::new();
        let mut skipped = Vec::new();
        self.walk(&self.root, "", prefix, &mut out, &mut skipped)?;
        out.sort_by(|a, b| a.0.key.cmp(&b.0.key));
        *self
            .skipped
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = skipped;
        Ok(out)
    }
}

impl ObjectStore for FolderStore {
    async fn head(&self, key: &str) -> Result<Option<ObjectInfo>, StoreError> {
        let Some((path, meta)) = self.regular(key)? else {
            return Ok(None);
        };
        let etag = self.etag(&path, &meta)?;
        Ok(Some(ObjectInfo {
            key: key.to_owned(),
            size: meta.len(),
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
        condition: Precondition,
    ) -> Result<Written, StoreError> {
        self.write(key, &bytes, &condition)
    }

    async fn list(&self, prefix: &str) -> Result<Vec<ObjectInfo>, StoreError> {
        Ok(self
            .listing(prefix)?
            .into_iter()
            .map(|(info, _)| info)
            .collect())
    }

    async fn list_versions(&self, prefix: &str) -> Result<Vec<VersionInfo>, StoreError> {
        Ok(self
            .listing(prefix)?
            .into_iter()
            .map(|(info, modified)| VersionInfo {
                key: info.key,
                version: None,
                size: info.size,
                etag: info.etag,
                received: instant_of(modified),
            })
            .collect())
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The cache of entity tags is keyed by size and time, so a change of content is seen even
    /// at the same size; an unchanged file is not hashed again (its entry is reused).
    #[tokio::test]
    async fn entity_tags_follow_every_change() {
        let dir = std::env::temp_dir().join(format!("svf-etags-{}", std::process::id()));
        let store = FolderStore::open(&dir).unwrap();
        let key = "reports/2024/01/a.json";
        store
            .put(key, b"aaaa".to_vec(), "", Precondition::Always)
            .await
            .unwrap();
        let first = store.head(key).await.unwrap().unwrap().etag;
        assert_eq!(first, etag_of(b"aaaa"));
        assert_eq!(store.head(key).await.unwrap().unwrap().etag, first);
        assert_eq!(store.etags.lock().unwrap().len(), 1, "one file, one entry");
        // Same size, other bytes, a time later.
        let path = store.path_of(key).unwrap();
        std::fs::write(&path, b"bbbb").unwrap();
        let later = SystemTime::now() + std::time::Duration::from_secs(5);
        std::fs::File::options()
            .write(true)
            .open(&path)
            .and_then(|f| f.set_modified(later))
            .unwrap();
        assert_eq!(
            store.head(key).await.unwrap().unwrap().etag,
            etag_of(b"bbbb")
        );
        let listed = store.list("reports/").await.unwrap();
        assert_eq!(listed[0].etag, etag_of(b"bbbb"));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
