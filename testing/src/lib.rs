//! What svf's tests and benchmarks share, and nothing else uses (a dev-dependency only):
//!
//! - [`temp`]: temporary folders that are removed when the test is done with them.
//! - [`folder`]: a folder bucket in a temporary folder.
//! - [`s3`]: an S3 server (`s3s-fs`) in the test process on 127.0.0.1, with a bucket and a
//!   store on it; it can fail a request as S3 does.

// Test support: a setup that cannot be made fails the test that asked for it, by a panic.
#![allow(clippy::missing_panics_doc)]

pub mod folder;
pub mod s3;
pub mod temp;

pub use folder::TempBucket;
pub use temp::TempDir;
