//! The desk's store: the SQLite schema and its append-only migrations ([`schema`]), one module
//! per table group that alone writes its tables, the journal that alone writes the audit log,
//! the sync outbox and the search index ([`journal`]), and search over that index ([`search`]).
//!
//! Architecture invariants: every function takes the connection or the transaction it works in
//! and the time as arguments; nothing here reads the clock or knows HTTP, PDFs or the app
//! (`cargo test -p onestop-core --test layers`); no other desk crate writes a table
//! (`cargo test -p onestop-core --test ownership`).

pub mod applications;
#[cfg(feature = "bulk")]
pub mod bulk;
pub mod consents;
pub mod consultations;
mod error;
pub mod journal;
pub mod merchants;
pub mod partners;
pub mod programs;
pub mod reports;
pub mod schema;
pub mod search;
pub mod settings;
pub mod staff;
pub mod sync;
mod versions;
pub mod visits;

pub use error::{Error, Result};

/// A value as JSON text (plain data: serializing cannot fail).
pub(crate) fn json<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_string(v).expect("serializing plain data cannot fail")
}
