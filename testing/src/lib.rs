//! What svf's tests and benchmarks share, and nothing else uses (a dev-dependency only):
//!
//! - [`temp`]: temporary folders that are removed when the test is done with them.
//! - [`annex`]: the published 2024 annex, and the split, shares and numbers written
//!   independently of the kernel to check it.
//! - [`report`]: reports as a region uploads them.
//! - [`payments`]: reading a summary's `payments.json`.
//! - `folder`: a folder bucket in a temporary folder (feature `stores`).
//! - `s3`: an S3 server (`s3s-fs`) in the test process on 127.0.0.1, with a bucket and a
//!   store on it; it can fail a request as S3 does (feature `stores`).
//!
//! The kernel's tests take it without the feature `stores` (on by default), and so without the
//! pipeline, S3 and its server.

// Test support: a setup that cannot be made fails the test that asked for it, by a panic.
#![allow(clippy::missing_panics_doc)]

pub mod annex;
#[cfg(feature = "stores")]
pub mod folder;
pub mod payments;
pub mod report;
#[cfg(feature = "stores")]
pub mod s3;
pub mod temp;

#[cfg(feature = "stores")]
pub use folder::TempBucket;
pub use report::report_2024;
pub use temp::{TempDir, tempdir};
