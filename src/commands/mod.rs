//! One module per subcommand.

pub mod allocate;
pub mod assess;
pub mod budget;
pub mod payments;
pub mod process;
