//! One error type for the whole core. Bad input always names the field and the value.

use std::fmt;

/// Result alias used throughout the core.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Why something failed. `Invalid` and `NotFound` are the caller's fault (exit code 2 in the
/// CLI, a form error in the app); the rest are the machine's.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A field had a value we cannot accept.
    #[error("invalid {field} {value:?}: {reason}")]
    Invalid { field: String, value: String, reason: String },
    /// A referenced record does not exist.
    #[error("unknown {what} {id:?}")]
    NotFound { what: &'static str, id: String },
    /// A record that must be unique already exists.
    #[error("{what} already exists: {id}")]
    Conflict { what: &'static str, id: String },
    /// The database file failed (locked, corrupt, full disk, ...).
    #[error("database error: {}", describe_db(.0))]
    Db(#[from] rusqlite::Error),
    /// Reading or writing a file failed.
    #[error("{path}: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
    /// A remote service could not be reached or answered badly (after retries).
    #[error("{url}: {reason}")]
    Fetch { url: String, reason: String },
    /// Sign-in failed or the signed-in staff member may not do this.
    #[error("not allowed: {0}")]
    Denied(String),
    /// Data shipped with the program is inconsistent (a bug, caught by tests).
    #[error("bundled data is inconsistent: {0}")]
    Bundled(String),
}

/// What a person can do about a database failure, in plain words; SQLite's own text after it.
fn describe_db(e: &rusqlite::Error) -> String {
    use rusqlite::ErrorCode as C;
    let plain = match e.sqlite_error_code() {
        Some(C::DatabaseBusy | C::DatabaseLocked) => {
            "the database file is in use by another program (a backup, another Onestop?); nothing was saved, try again"
        }
        Some(C::DiskFull) => "the disk (or the database's size limit) is full; nothing was saved — free some space",
        Some(C::ReadOnly) => {
            "the database file cannot be written (read-only file, folder or medium); nothing was saved"
        }
        Some(C::NotADatabase) => "the file is not an Onestop database, or it is damaged; restore a backup",
        Some(C::DatabaseCorrupt) => "the database file is damaged; restore a backup",
        Some(C::CannotOpen) => "the database file cannot be opened (missing folder or no permission)",
        Some(C::SystemIoFailure) => "reading or writing the database file failed (disk or medium error)",
        _ => return e.to_string(),
    };
    format!("{plain} ({e})")
}

impl Error {
    pub fn invalid(field: impl Into<String>, value: impl fmt::Display, reason: impl Into<String>) -> Self {
        Error::Invalid { field: field.into(), value: value.to_string(), reason: reason.into() }
    }

    pub fn not_found(what: &'static str, id: impl Into<String>) -> Self {
        Error::NotFound { what, id: id.into() }
    }

    /// A stable, machine-readable code for the app and scripts.
    pub fn code(&self) -> &'static str {
        match self {
            Error::Invalid { .. } => "invalid_input",
            Error::NotFound { .. } => "not_found",
            Error::Conflict { .. } => "conflict",
            Error::Db(_) => "database",
            Error::Io { .. } => "io",
            Error::Fetch { .. } => "network",
            Error::Denied(_) => "denied",
            Error::Bundled(_) => "bundled_data",
        }
    }

    /// True when the input, not the machine, is at fault.
    pub fn is_user_error(&self) -> bool {
        matches!(self, Error::Invalid { .. } | Error::NotFound { .. } | Error::Conflict { .. } | Error::Denied(_))
    }
}
