//! One module per subcommand.

pub mod allocate;
pub mod assess;
pub mod payments;
