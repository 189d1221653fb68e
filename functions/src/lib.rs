//! The `svf` pipeline: a region uploads its report, and within seconds gets an assessment and
//! a notification, and the national summary keeps itself current.
//!
//! The crate is five rooms, each importing only from the rooms before it (ARCHITECTURE.md; held
//! by the tidy test in `functions/tests/tidy.rs`). From the bottom up:
//!
//! 1. [`contract`]: what the bucket holds, as types: every key ([`contract::layout`]), the
//!    stored documents read back, an upload and its reference, provenance. No I/O, no words.
//! 2. [`store`]: the object-store port and its adapters, a folder ([`store::folder`], the
//!    embedded default) and S3 with SNS (`store::aws`, feature `aws`).
//! 3. [`model`]: pure figures over the kernel's values: the agreement's budget, the national
//!    picture, the lägesbild, quoting. No I/O, no words.
//! 4. [`present`]: every word and layout people read: notifications, tables, pages, in Swedish
//!    and English. It decides nothing.
//! 5. [`pipeline`]: the only room that calls the store or the announcer: an event's key routed
//!    to its step, uploads assessed, summaries kept current, reconciliation.
//!
//! The command line and the Lambda mains (`src/bin/`) sit on top and use any room, and so does
//! [`door`] (feature `aws`), the HTTPS API people use from a browser (contract §10).

pub mod contract;
#[cfg(feature = "aws")]
pub mod door;
pub mod model;
pub mod pipeline;
pub mod present;
pub mod store;
