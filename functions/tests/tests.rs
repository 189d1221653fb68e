//! The pipeline's integration tests (`cargo test -p svf-functions`): one binary, a module per
//! topic, calling `svf_functions` directly on a folder bucket and on S3 (the `svf` binary's
//! tests are the root's `tests/`).

mod all_or_nothing;
mod decided;
mod faults;
mod folder;
mod front;
mod history;
mod lead_times;
mod logs;
mod orders;
mod rcc;
mod remind;
mod s3;
mod scenarios;
mod support;
mod tidy;
