//! Room 1, the contract (`spec/CONTRACT.md`): what the bucket holds, as types. Every key is
//! [`layout`]'s; every stored document has one read type here. No I/O and no words: the rooms
//! above read and write these.
//!
//! - [`access`]: who may do what through the front door (contract §10), by the user's group.
//! - [`layout`]: which key holds what (contract §3), the only code that builds or parses a key.
//! - [`stored`]: the stored assessments and notifications, read back.
//! - [`upload_ref`]: an upload as the store lists it, and the reference a notification keeps.
//! - [`word`]: a contract id as read back, known to this version or kept as written.
//! - [`history`]: a change of a year's payments, one of a chain.
//! - [`provenance`]: which build and which rules decided an output.
//! - [`record`]: a decided payment as recorded, with the basis that computes it again.
//! - [`reminder`]: a region's reminder before the deadline, and the agency's overview of the day.

pub mod access;
pub mod history;
pub mod layout;
pub mod provenance;
pub mod record;
pub mod reminder;
pub mod stored;
pub mod upload_ref;
pub mod word;
