//! A folder as the bucket: the embedded default, no cloud account needed.
//!
//! Keys map to paths under the folder. A key that could reach outside it is refused: an
//! absolute path, a `..` or `.` segment, an empty segment, a backslash or control character,
//! any path through a symbolic link, and svf's own folder [`OWN`]. The folder keeps S3's
//! promises (docs/RELIABILITY.md, "The folder bucket keeps S3's promises"):
//!
//! - Writes go to a temporary file in svf's own folder, `.svf/tmp/`, renamed into place, so a
//!   reader never sees half an object; no key can name that folder and no listing shows it, so
//!   cleaning up after a killed write only ever removes svf's own files. (The bucket is one file
//!   system: a rename cannot cross a mount point, and such a write fails, naming its key.)
//! - Conditional writes are atomic between processes too (a lock on `.svf/lock`), as S3's are
//!   between writers.
//! - A listing that cannot read a folder fails, naming it; only what cannot be a key (a name
//!   that is not UTF-8) is passed over, and said ([`FolderStore::take_skipped`]).
//! - Something at a key that is not a regular file (a folder, a FIFO, a socket, a device, a
//!   symbolic link) is there, as an object is, and reading it is that key's error; it is never
//!   opened, so a FIFO never blocks a read.
//! - An entity tag is its file's content: one remembered is used only while the file is the
//!   same file, unchanged (its size, modification and change times, and inode).

use std::fs::{File, Metadata};
use std::io::{Read as _, Write as _};
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::SystemTime;

use sha2::{Digest, Sha256};

use svf_kernel::json::Phrase;
use svf_kernel::time::Instant;

use crate::store::{
    Object, ObjectInfo, ObjectStore, Precondition, StoreError, VersionInfo, Written,
};

/// svf's own folder at the bucket's root: its temporary files (`tmp/`) and the lock that makes
/// conditional writes atomic between processes (`lock`). No key can name it (in any case of its
/// letters, for file systems that ignore case) and no listing shows it.
pub const OWN: &str = ".svf";

/// Where writes in progress are, under [`OWN`].
const TEMPORARIES: &str = "tmp";

/// The lock file under [`OWN`].
const LOCK: &str = "lock";

/// A temporary file older than this was left by a process that was killed (a write takes
/// milliseconds): it is removed.
const STALE_TEMPORARY: std::time::Duration = std::time::Duration::from_mins(1);

/// What a file's remembered entity tag was computed from: its size, modification time, and
/// (on Unix) its change time, inode and device. The change time cannot be set back, so a file
/// written again is always seen as changed, even at the same size with its time set back.
type Seen = (u64, SystemTime, (i64, i64, u64, u64));

fn seen(meta: &Metadata) -> std::io::Result<Seen> {
    #[cfg(unix)]
    let identity = {
        use std::os::unix::fs::MetadataExt as _;
        (meta.ctime(), meta.ctime_nsec(), meta.ino(), meta.dev())
    };
    #[cfg(not(unix))]
    let identity = (0, 0, 0, 0);
    Ok((meta.len(), meta.modified()?, identity))
}

/// A bucket in a folder.
///
/// Invariant: `root` is an existing directory, canonical (no symbolic links in it).
#[derive(Debug)]
pub struct FolderStore {
    root: PathBuf,
    /// Serialises writes within the process: the check and the rename happen under it, and
    /// under the lock file it holds once a write opened it (between processes).
    writing: Mutex<Option<File>>,
    temporaries: AtomicU64,
    /// Entity tags by path, with what they were computed from: a file is hashed again only
    /// when it changed, so a pass reads what changed since the last.
    etags: Mutex<std::collections::HashMap<PathBuf, (Seen, String)>>,
    /// What listings passed over since it was last taken, and why: `(name, reason)`.
    skipped: Mutex<Vec<(String, &'static str)>>,
}

/// The entity tag of some bytes: the first 128 bits of their SHA-256, quoted as S3 quotes.
pub fn etag_of(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let hex = crate::contract::layout::hex(&digest[..16]);
    format!("\"{hex}\"")
}

/// The entity tag of an entry that is not a regular file, or of a file whose content cannot be
/// read: never a content's (which is hexadecimal), so never taken for one.
fn unreadable_etag(why: &str) -> String {
    format!("\"unreadable: {why}\"")
}

/// Opens a regular file for reading, never blocking and never following a symbolic link (what
/// is at the path may have changed since it was looked at): anything but a regular file is
/// refused once open.
fn open_file(path: &Path) -> std::io::Result<File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        options.custom_flags(libc::O_NONBLOCK | libc::O_NOFOLLOW);
    }
    let file = options.open(path)?;
    if file.metadata()?.is_file() {
        Ok(file)
    } else {
        Err(std::io::Error::other("not a regular file"))
    }
}

/// A file's entity tag, hashed as it streams by: a huge file costs time, not memory.
fn hash(path: &Path) -> std::io::Result<String> {
    let mut file = open_file(path)?;
    let mut hasher = Sha256::new();
    std::io::copy(&mut file, &mut hasher)?;
    let digest = hasher.finalize();
    let hex = crate::contract::layout::hex(&digest[..16]);
    Ok(format!("\"{hex}\""))
}

fn unavailable(path: &Path, e: &std::io::Error) -> StoreError {
    StoreError::Unavailable(format!("{}: {e}", path.display()))
}

/// What is at a key's path.
enum Entry {
    /// Nothing: no object.
    Absent,
    /// A regular file: an object.
    File(PathBuf, Metadata),
    /// Something that is not a regular file: there, and its key's error when read.
    NotAFile(&'static Phrase),
}

/// What an entry that is not a regular file is, as the error of reading its key says it.
fn not_a_file(meta: &Metadata) -> &'static Phrase {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt as _;
        let kind = meta.file_type();
        if kind.is_fifo() {
            return const {
                &Phrase::new(
                    "it is a FIFO, not a regular file; it is never opened",
                    "den är en FIFO, inte en vanlig fil; den öppnas aldrig",
                )
            };
        }
        if kind.is_socket() {
            return const {
                &Phrase::new(
                    "it is a socket, not a regular file",
                    "den är en socket, inte en vanlig fil",
                )
            };
        }
        if kind.is_block_device() || kind.is_char_device() {
            return const {
                &Phrase::new(
                    "it is a device, not a regular file",
                    "den är en enhet, inte en vanlig fil",
                )
            };
        }
    }
    if meta.is_dir() {
        const {
            &Phrase::new(
                "it is a folder, not a regular file",
                "den är en mapp, inte en vanlig fil",
            )
        }
    } else if meta.is_symlink() {
        const {
            &Phrase::new(
                "it is a symbolic link, which is never followed",
                "den är en symbolisk länk, som aldrig följs",
            )
        }
    } else {
        const { &Phrase::new("it is not a regular file", "den är inte en vanlig fil") }
    }
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
            writing: Mutex::new(None),
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
    /// [`StoreError::BadKey`] for a key that could escape, that names svf's own folder, or
    /// that passes a symbolic link.
    pub fn path_of(&self, key: &str) -> Result<PathBuf, StoreError> {
        let path = self.locate(key)?;
        if std::fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink()) {
            return Err(StoreError::BadKey {
                key: key.to_owned(),
                reason: const {
                    &Phrase::new(
                        "it passes a symbolic link",
                        "den går genom en symbolisk länk",
                    )
                },
            });
        }
        Ok(path)
    }

    /// [`FolderStore::path_of`], but the last segment may be a symbolic link (never followed:
    /// reading one is its key's error).
    fn locate(&self, key: &str) -> Result<PathBuf, StoreError> {
        let refuse = |reason| {
            Err(StoreError::BadKey {
                key: key.to_owned(),
                reason,
            })
        };
        if key.is_empty() {
            return refuse(const { &Phrase::new("it is empty", "den är tom") });
        }
        if key.chars().any(|c| c.is_control() || c == '\\') {
            return refuse(
                const {
                    &Phrase::new(
                        "it holds a control character or a backslash",
                        "den innehåller ett styrtecken eller ett omvänt snedstreck",
                    )
                },
            );
        }
        if key.starts_with('/') {
            return refuse(const { &Phrase::new("it is absolute", "den är absolut") });
        }
        let mut path = self.root.clone();
        let mut segments = key.split('/').peekable();
        let mut first = true;
        while let Some(segment) = segments.next() {
            if segment.is_empty() || segment == "." || segment == ".." {
                return refuse(
                    const {
                        &Phrase::new(
                            "it has an empty, '.' or '..' segment",
                            "den har ett tomt led, '.' eller '..'",
                        )
                    },
                );
            }
            if first && segment.eq_ignore_ascii_case(OWN) {
                return refuse(
                    const { &Phrase::new("it names svf's own folder", "den pekar på svf:s egen mapp") },
                );
            }
            first = false;
            let mut components = Path::new(segment).components();
            if !matches!(
                (components.next(), components.next()),
                (Some(Component::Normal(_)), None)
            ) {
                return refuse(
                    const {
                        &Phrase::new(
                            "a segment is not a plain name",
                            "ett led är inte ett vanligt namn",
                        )
                    },
                );
            }
            path.push(segment);
            // An existing symbolic link on the way could lead outside the folder.
            if segments.peek().is_some()
                && std::fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink())
            {
                return refuse(
                    const {
                        &Phrase::new(
                            "it passes a symbolic link",
                            "den går genom en symbolisk länk",
                        )
                    },
                );
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

    /// What the listings passed over since this was last called, and why: names that are not
    /// UTF-8, which no key can be. Never silently: the command line says each. Taking them
    /// empties the record, so a pass says each once, whichever listing met it.
    pub fn take_skipped(&self) -> Vec<(String, &'static str)> {
        std::mem::take(
            &mut *self
                .skipped
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner),
        )
    }

    /// What is at `key`'s path, looked at without opening it.
    fn entry(&self, key: &str) -> Result<Entry, StoreError> {
        let path = self.locate(key)?;
        match std::fs::symlink_metadata(&path) {
            Ok(meta) if meta.is_file() => Ok(Entry::File(path, meta)),
            Ok(meta) => Ok(Entry::NotAFile(not_a_file(&meta))),
            // Nothing there; or an object where a folder would be on the way, under which S3
            // has no object either.
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::NotFound | std::io::ErrorKind::NotADirectory
                ) =>
            {
                Ok(Entry::Absent)
            }
            Err(e) => Err(unavailable(&path, &e)),
        }
    }

    /// The entity tag of the file at `path` as `meta` describes it: the one remembered while
    /// the file is unchanged, else hashed anew.
    fn etag(&self, path: &Path, meta: &Metadata) -> std::io::Result<String> {
        let seen = seen(meta)?;
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

    /// What a store says of the entry at `path` (of `key`) without reading it for the caller:
    /// its size and entity tag; `None` when it is gone. An entry that is not a regular file, or
    /// whose content cannot be read, is there with an entity tag no content has, and reading
    /// it is its key's error.
    fn info(&self, key: String, path: &Path, meta: &Metadata) -> Option<ObjectInfo> {
        let (size, etag) = if meta.is_file() {
            match self.etag(path, meta) {
                Ok(etag) => (meta.len(), etag),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => return None,
                Err(_) => (meta.len(), unreadable_etag("the file cannot be read")),
            }
        } else {
            (0, unreadable_etag("not a regular file"))
        };
        Some(ObjectInfo { key, size, etag })
    }

    fn read(&self, key: &str) -> Result<Option<Object>, StoreError> {
        let path = match self.entry(key)? {
            Entry::Absent => return Ok(None),
            Entry::NotAFile(reason) => {
                return Err(StoreError::BadKey {
                    key: key.to_owned(),
                    reason,
                });
            }
            Entry::File(path, _) => path,
        };
        let mut bytes = Vec::new();
        match open_file(&path).and_then(|mut file| file.read_to_end(&mut bytes)) {
            Ok(_) => {
                let etag = etag_of(&bytes);
                Ok(Some(Object { bytes, etag }))
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(unavailable(&path, &e)),
        }
    }

    /// svf's own folder, `.svf/`, made if it is not there; refused when it is anything but a
    /// folder (a symbolic link would take svf's temporaries, and its sweeping, elsewhere).
    fn own(&self) -> Result<PathBuf, StoreError> {
        let own = self.root.join(OWN);
        let temporaries = own.join(TEMPORARIES);
        for dir in [&own, &temporaries] {
            match std::fs::symlink_metadata(dir) {
                Ok(meta) if meta.is_dir() => {}
                Ok(_) => {
                    return Err(StoreError::Unavailable(format!(
                        "{}: svf's own folder is not a folder",
                        dir.display()
                    )));
                }
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                    std::fs::create_dir(dir)
                        .or_else(|e| {
                            if e.kind() == std::io::ErrorKind::AlreadyExists {
                                Ok(())
                            } else {
                                Err(e)
                            }
                        })
                        .map_err(|e| unavailable(dir, &e))?;
                }
                Err(e) => return Err(unavailable(dir, &e)),
            }
        }
        Ok(own)
    }

    fn write(
        &self,
        key: &str,
        bytes: &[u8],
        condition: &Precondition,
    ) -> Result<Written, StoreError> {
        let path = self.path_of(key)?;
        let mut guard = self
            .writing
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let own = self.own()?;
        if guard.is_none() {
            let lock = own.join(LOCK);
            let file = std::fs::OpenOptions::new()
                .read(true)
                .write(true)
                .create(true)
                .truncate(false)
                .open(&lock)
                .map_err(|e| unavailable(&lock, &e))?;
            *guard = Some(file);
        }
        let lock = guard.as_ref().map(|file| (file, file.lock()));
        let locked = match lock {
            Some((file, Ok(()))) => Some(file),
            // A file system without locks: atomic within this process only, as before.
            Some((_, Err(e))) if e.kind() == std::io::ErrorKind::Unsupported => None,
            Some((_, Err(e))) => return Err(unavailable(&own.join(LOCK), &e)),
            None => None,
        };
        let result = self.write_locked(key, &path, &own, bytes, condition);
        if let Some(file) = locked {
            // Closing the file would release it too; a failure here is harmless.
            let _ = file.unlock();
        }
        result
    }

    /// [`FolderStore::write`] once its locks are held.
    fn write_locked(
        &self,
        key: &str,
        path: &Path,
        own: &Path,
        bytes: &[u8],
        condition: &Precondition,
    ) -> Result<Written, StoreError> {
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
            reason: const { &Phrase::new("it has no folder", "den har ingen mapp") },
        })?;
        std::fs::create_dir_all(parent).map_err(|e| unavailable(parent, &e))?;
        // Created folders could race with a symbolic link made meanwhile: check again.
        self.path_of(key)?;
        // A name no other write has: made here, never opened if it is there already.
        let (temporary, mut file) = loop {
            let n = self.temporaries.fetch_add(1, Ordering::Relaxed);
            let temporary = own
                .join(TEMPORARIES)
                .join(format!("{}-{n}", std::process::id()));
            match std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&temporary)
            {
                Ok(file) => break (temporary, file),
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
                Err(e) => return Err(unavailable(&temporary, &e)),
            }
        };
        let result = file
            .write_all(bytes)
            .and_then(|()| file.sync_all())
            .and_then(|()| std::fs::rename(&temporary, path));
        if let Err(e) = result {
            let _ = std::fs::remove_file(&temporary);
            return Err(unavailable(path, &e));
        }
        Ok(Written::Yes(etag_of(bytes)))
    }

    /// Every object under `dir` (its key `key`) whose key starts with `prefix`, with its
    /// modification time. Names that cannot be keys are passed over into `skipped`, and svf's
    /// own folder is never listed; anything that cannot be read on the way (a folder, an entry,
    /// its metadata) fails the listing with its path, as S3 failing to list would.
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
            // A folder removed since its parent was read has no objects, as on S3; the
            // bucket's own folder gone is an error.
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && !key.is_empty() => {
                return Ok(());
            }
            Err(e) => return Err(unavailable(dir, &e)),
        };
        for entry in entries {
            let entry = entry.map_err(|e| unavailable(dir, &e))?;
            let raw = entry.file_name();
            if key.is_empty() && raw.eq_ignore_ascii_case(OWN) {
                continue;
            }
            let name = raw.to_string_lossy().into_owned();
            let child_key = if key.is_empty() {
                name.clone()
            } else {
                format!("{key}/{name}")
            };
            let on_the_way = prefix.starts_with(&format!("{child_key}/"));
            // Only keys that could still start with the prefix are worth looking at.
            if !(child_key.starts_with(prefix) || on_the_way) {
                continue;
            }
            if raw.to_str().is_none() {
                skipped.push((child_key, "its name is not UTF-8, so it cannot be a key"));
                continue;
            }
            let path = entry.path();
            let meta = match std::fs::symlink_metadata(&path) {
                Ok(meta) => meta,
                // Removed since the folder was read: not there, as on S3.
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
                Err(e) => return Err(unavailable(&path, &e)),
            };
            if meta.is_dir() {
                self.walk(&path, &child_key, prefix, out, skipped)?;
            } else if on_the_way && !child_key.starts_with(prefix) {
                if meta.is_symlink() {
                    // What is under the prefix lies through a link, which is never followed:
                    // the listing cannot say, so it does not say "nothing".
                    return Err(StoreError::Unavailable(format!(
                        "{}: a symbolic link is never followed, so {prefix} cannot be listed",
                        path.display()
                    )));
                }
                // An object where a folder would be: nothing is under it, as on S3.
            } else {
                let modified = meta.modified().map_err(|e| unavailable(&path, &e))?;
                if let Some(info) = self.info(child_key, &path, &meta) {
                    out.push((info, modified));
                }
            }
        }
        Ok(())
    }

    /// Removes the temporary files that writes interrupted by a kill left in svf's own folder
    /// (older than a minute: a live write takes milliseconds); returns their paths under the
    /// bucket. Nothing outside `.svf/tmp/` is ever removed: no key is there.
    pub fn sweep_temporaries(&self) -> Vec<String> {
        let own = self.root.join(OWN);
        let mut removed = Vec::new();
        // svf's own folder only if it is one (never through a link).
        if !std::fs::symlink_metadata(&own).is_ok_and(|m| m.is_dir()) {
            return removed;
        }
        let Ok(entries) = std::fs::read_dir(own.join(TEMPORARIES)) else {
            return removed;
        };
        for entry in entries.flatten() {
            let stale = std::fs::symlink_metadata(entry.path()).is_ok_and(|meta| {
                meta.is_file()
                    && meta
                        .modified()
                        .ok()
                        .and_then(|t| t.elapsed().ok())
                        .is_some_and(|age| age > STALE_TEMPORARY)
            });
            if stale && std::fs::remove_file(entry.path()).is_ok() {
                removed.push(format!(
                    "{OWN}/{TEMPORARIES}/{}",
                    entry.file_name().to_string_lossy()
                ));
            }
        }
        removed.sort();
        removed
    }

    /// [`ObjectStore::list`] with each file's modification time; records what it passed over.
    fn listing(&self, prefix: &str) -> Result<Vec<(ObjectInfo, SystemTime)>, StoreError> {
        let mut out = Vec::new();
        let mut skipped = Vec::new();
        self.walk(&self.root, "", prefix, &mut out, &mut skipped)?;
        out.sort_by(|a, b| a.0.key.cmp(&b.0.key));
        let mut record = self
            .skipped
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        for passed in skipped {
            if !record.contains(&passed) {
                record.push(passed);
            }
        }
        Ok(out)
    }
}

impl ObjectStore for FolderStore {
    async fn head(&self, key: &str) -> Result<Option<ObjectInfo>, StoreError> {
        Ok(match self.entry(key)? {
            Entry::Absent => None,
            Entry::File(path, meta) => self.info(key.to_owned(), &path, &meta),
            Entry::NotAFile(_) => Some(ObjectInfo {
                key: key.to_owned(),
                size: 0,
                etag: unreadable_etag("not a regular file"),
            }),
        })
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
