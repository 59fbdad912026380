//! The store's errors: what the database said, a stored row that cannot be read back, a
//! database from a newer build, and the few inputs the store itself checks.

use std::fmt;

/// Result alias used throughout the store.
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A value the store was given cannot be accepted (an id that is not a UUID).
    #[error("invalid {field} {value:?}: {reason}")]
    Invalid { field: String, value: String, reason: String },
    /// The file does not open with the key given.
    #[error("not allowed: {0}")]
    Denied(String),
    /// A stored row cannot be read back.
    #[error("stored {what} cannot be read: {reason}")]
    Corrupt { what: String, reason: String },
    /// The database was written by a newer Onestop.
    #[error("the database has schema version {found}, written by a newer Onestop (this one knows up to {known}); nothing was changed — use the newer Onestop")]
    NewerSchema { found: usize, known: usize },
    /// The database failed (locked, corrupt, full disk, ...).
    #[error("{0}")]
    Db(#[from] rusqlite::Error),
}

impl Error {
    pub fn invalid(field: impl Into<String>, value: impl fmt::Display, reason: impl Into<String>) -> Self {
        Error::Invalid { field: field.into(), value: value.to_string(), reason: reason.into() }
    }

    /// A stored `what` that cannot be read back.
    pub fn corrupt(what: impl Into<String>, reason: impl fmt::Display) -> Self {
        Error::Corrupt { what: what.into(), reason: reason.to_string() }
    }
}
