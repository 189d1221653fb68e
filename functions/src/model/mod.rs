//! Room 3, the model: pure figures over the kernel's values, for the pipeline to store and for
//! [`crate::present`] to word. No I/O and no words; a refusal is a typed value.
//!
//! - [`budget`]: a whole agreement's money, every item split exactly, with who earned each
//!   conditional payment ([`budget::payments::basis`]).
//! - [`decided`]: decided payments: a record's amounts in place of today's, the differences
//!   since, and a record computed again from its basis.
//! - [`history`]: what changed in a year's payments since the summary before.
//! - [`national`]: the national picture, `summary/{year}/national.json`.
//! - [`lagesbild`]: the RCC's reports compiled: received, granted, passed on, projects.
//! - [`quote`]: a region's or an RCC's words, quoted as written.

pub mod budget;
pub mod decided;
pub mod history;
pub mod lagesbild;
pub mod national;
pub mod quote;
