//! One module per subcommand.

pub mod allocate;
