//! What svf's tests and benchmarks share, and nothing else uses (a dev-dependency only):
//!
//! - [`temp`]: temporary folders that are removed when the test is done with them.
//! - [`s3`]: an S3 server (`s3s-fs`) in the test process on 127.0.0.1, with a bucket and a
//!   store on it; it can fail a request as S3 does.

pub mod s3;
pub mod temp;

pub use temp::TempDir;
