//! The `no_std` heart of `svf`: everything that decides money, with no heap and no `unsafe`.
//!
//! A tour, from the bottom up:
//! - [`money`]: [`Ore`], an exact amount in öre, and its Swedish display (`42 452 908 kr`).
//! - [`number`]: whole numbers and kronor as people write them (`2 455 914`, `182 500 000,50`).
//! - [`table`]: tables of weights (populations by region), checked row by row.
//! - [`allocation`]: an amount split in proportion to weights by the largest-remainder method,
//!   exact in whole units; the published 2024 payment annex is its reference case.
//!
//! The same code runs in the command line, in the cloud functions, and on a microcontroller.
#![no_std]
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod allocation;
pub mod assessment;
pub mod money;
pub mod number;
pub mod region;
pub mod report;
pub mod rules;
pub mod table;
pub mod time;

pub use allocation::{AllocationError, allocate, allocate_heapless};
pub use money::Ore;
pub use table::{Row, Table, TableError};
