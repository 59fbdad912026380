//! The desk's store: the SQLite schema and its append-only migrations ([`schema`]), the journal
//! that alone writes the audit log, the sync outbox and the search index ([`journal`]), and
//! search over that index ([`search`]).
//!
//! Architecture invariant: every function takes the connection or the transaction it works in
//! and the time as arguments; nothing here reads the clock or knows HTTP, PDFs or the app
//! (`cargo test -p onestop-core --test layers`). The records' own tables (programs, merchants,
//! consultations, sync state) are still written from `onestop-core` and move here next.

mod error;
pub mod journal;
pub mod schema;
pub mod search;

pub use error::{Error, Result};
