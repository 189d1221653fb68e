//! The `svf` command line: the kernel's exact decisions, over files people keep.
//!
//! - [`cli`]: arguments and error reporting.
//! - [`failure`]: why a command did not succeed, and its exit code (contract §2).
//! - [`input`]: reading the files named on the command line, with the file in every message.
//! - [`commands`]: one module per subcommand.
//! - [`checker`]: the pre-upload checker page, the kernel as WebAssembly inside it.
//!
//! The agreement's money (`svf budget`) is [`svf_functions::model::budget`], which the lägesbild uses
//! too.

pub mod checker;
pub mod cli;
pub mod commands;
pub mod failure;
pub mod input;
