//! The command line's integration tests: one binary, a module per topic, most running the `svf`
//! binary as a user would. The kernel's property tests are in `kernel/tests/`, the pipeline's
//! scenarios, folder, S3, fault and log tests in `functions/tests/`.

mod annex;
mod assess;
mod budget;
mod checker;
mod cli_allocate;
mod corpus;
mod decided;
mod decisions;
mod front_door;
mod hostile;
mod largest;
mod page;
mod payments;
mod pipeline;
mod remind;
mod report;
mod support;
mod tables;
mod workbook;
