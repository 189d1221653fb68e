//! The integration tests: one binary, a module per topic.

mod allocation_properties;
mod annex;
mod cli_allocate;
mod support;
mod tables;
