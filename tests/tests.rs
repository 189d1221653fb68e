//! The integration tests: one binary, a module per topic.

mod allocation_properties;
mod annex;
mod assess;
mod budget;
mod cli_allocate;
mod corpus;
mod decisions;
mod faults;
mod hostile;
mod page;
mod payments;
mod pipeline;
mod s3;
mod support;
mod tables;
