//! The `no_std` heart of `svf`: everything that decides money, with no heap and no `unsafe`.
//!
//! A tour, from the bottom up:
//! - [`money`]: [`Ore`], an exact amount in öre, and its Swedish display (`42 452 908 kr`).
//! - [`number`]: whole numbers and kronor as people write them (`2 455 914`, `182 500 000,50`).
//! - [`percent`]: rates and shares as people read them (`81,07 %`), one rounding rule for all.
//! - [`time`]: RFC 3339 instants and Swedish dates, with the EU summer-time rule built in.
//! - [`region`]: the 21 regions and the agreement years.
//! - [`vocabulary`]: the contract's ids as types (payments, conditions, diagnoses, missing paths).
//! - [`words`]: words people type matched against the contract's, case ignored and Swedish
//!   letters composed (`ma\u{308}n` is `män`).
//! - [`table`]: tables of weights (populations by region), checked row by row.
//! - [`allocation`]: an amount split in proportion to weights by the largest-remainder method,
//!   exact in whole units; the published 2024 payment annex is its reference case.
//! - [`report`]: a region's report (`svf-report/1`) read with `serde-json-core`; rejections
//!   carry the JSON path and the reason.
//! - [`rules`]: each year's requirements, conditions and payments, as data; [`rules_file`]
//!   reads the parameters an agency sets (`svf-rules/1`).
//! - [`json`]: the path-tracking JSON reader every document shares.
//! - [`decision`]: a recorded decision of the ministry (`svf-decision/1`).
//! - [`agency`]: the agency's own wait-time data (`lead_times.csv`), which decides lead times.
//! - [`assessment`]: the verdict on a report (`svf-assessment/1`), decided in integers.
//! - [`rcc`]: an RCC's report on the special investments (`svf-rcc-report/1`) and its assessment.
//! - [`payments`]: the year's payments to the regions (`svf-payments/1`).
//!
//! The same code runs in the command line, in the cloud functions, and on a microcontroller.
#![no_std]
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod agency;
pub mod allocation;
pub mod assessment;
pub mod decision;
pub mod json;
pub mod money;
pub mod number;
pub mod payment_decision;
pub mod payments;
pub mod percent;
pub mod rcc;
pub mod region;
pub mod report;
pub mod rules;
pub mod rules_file;
pub mod table;
pub mod time;
pub mod vocabulary;
pub mod words;

pub use allocation::{AllocationError, allocate, allocate_heapless};
pub use money::Ore;
pub use table::{Row, Table, TableError};
