//! A folder bucket in a temporary folder, removed with it.

use std::ops::Deref;

use svf_functions::store::folder::FolderStore;
use svf_functions::store::{
    Object, ObjectInfo, ObjectStore, Precondition, StoreError, VersionInfo, Written,
};

use crate::TempDir;

/// A [`FolderStore`] over a fresh [`TempDir`]: an `ObjectStore` as the folder is, whose folder
/// is removed when the value is dropped.
///
/// Invariant: the store's root is the temporary folder, which lives exactly as long.
#[derive(Debug)]
pub struct TempBucket {
    // The store before the folder: dropped first.
    store: FolderStore,
    dir: TempDir,
}

impl TempBucket {
    /// A fresh, empty folder bucket.
    pub fn new(name: &str) -> TempBucket {
        let dir = TempDir::new(name);
        let store = FolderStore::open(dir.path())
            .unwrap_or_else(|e| panic!("a folder bucket in {}: {e}", dir.display()));
        TempBucket { store, dir }
    }

    /// The temporary folder.
    pub fn dir(&self) -> &TempDir {
        &self.dir
    }
}

impl Deref for TempBucket {
    type Target = FolderStore;
    fn deref(&self) -> &FolderStore {
        &self.store
    }
}

impl ObjectStore for TempBucket {
    async fn head(&self, key: &str) -> Result<Option<ObjectInfo>, StoreError> {
        self.store.head(key).await
    }

    async fn get(&self, key: &str) -> Result<Option<Object>, StoreError> {
        self.store.get(key).await
    }

    async fn put(
        &self,
        key: &str,
        bytes: Vec<u8>,
        content_type: &str,
        condition: Precondition,
    ) -> Result<Written, StoreError> {
        self.store.put(key, bytes, content_type, condition).await
    }

    async fn list(&self, prefix: &str) -> Result<Vec<ObjectInfo>, StoreError> {
        self.store.list(prefix).await
    }

    async fn list_versions(&self, prefix: &str) -> Result<Vec<VersionInfo>, StoreError> {
        self.store.list_versions(prefix).await
    }

    async fn head_version(
        &self,
        key: &str,
        version: &str,
    ) -> Result<Option<ObjectInfo>, StoreError> {
        self.store.head_version(key, version).await
    }

    async fn get_version(&self, key: &str, version: &str) -> Result<Option<Object>, StoreError> {
        self.store.get_version(key, version).await
    }
}
