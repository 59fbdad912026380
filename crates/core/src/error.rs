//! The core's error: the domain's (the caller's fault) and the machine's. Bad input always names
//! the field and the value; there is no catch-all.

use std::fmt;

/// Result alias used throughout the core.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Why something failed. `Invalid`, `NotFound`, `Conflict` and `Denied` are the caller's fault
/// (exit code 2 in the CLI, a form error in the app); the rest are the machine's.
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
    /// Sign-in failed or the signed-in staff member may not do this.
    #[error("not allowed: {0}")]
    Denied(String),
    /// A stored record (or a file this desk wrote) cannot be read back: the database or the file
    /// is damaged, or was changed by something other than Onestop.
    #[error("stored {what} cannot be read: {reason}")]
    Corrupt { what: String, reason: String },
    /// The database was written by a newer Onestop: it is left untouched.
    #[error("the database has schema version {found}, written by a newer Onestop (this one knows up to {known}); nothing was changed — use the newer Onestop")]
    NewerSchema { found: usize, known: usize },
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
}

impl From<onestop_domain::Error> for Error {
    fn from(e: onestop_domain::Error) -> Self {
        use onestop_domain::Error as D;
        match e {
            D::Invalid { field, value, reason } => Error::Invalid { field, value, reason },
            D::NotFound { what, id } => Error::NotFound { what, id },
            D::Conflict { what, id } => Error::Conflict { what, id },
            D::Denied(why) => Error::Denied(why),
        }
    }
}

impl From<onestop_store::Error> for Error {
    fn from(e: onestop_store::Error) -> Self {
        use onestop_store::Error as S;
        match e {
            S::Invalid { field, value, reason } => Error::Invalid { field, value, reason },
            S::Denied(why) => Error::Denied(why),
            S::Corrupt { what, reason } => Error::Corrupt { what, reason },
            S::NewerSchema { found, known } => Error::NewerSchema { found, known },
            S::Db(e) => Error::Db(e),
        }
    }
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

    /// A stored `what` that cannot be read back.
    pub fn corrupt(what: impl Into<String>, reason: impl fmt::Display) -> Self {
        Error::Corrupt { what: what.into(), reason: reason.to_string() }
    }

    /// A stable, machine-readable code for the app and scripts.
    pub fn code(&self) -> &'static str {
        match self {
            Error::Invalid { .. } => "invalid_input",
            Error::NotFound { .. } => "not_found",
            Error::Conflict { .. } => "conflict",
            Error::Denied(_) => "denied",
            Error::Corrupt { .. } => "corrupt",
            Error::NewerSchema { .. } => "newer_database",
            Error::Db(_) => "database",
            Error::Io { .. } => "io",
            Error::Fetch { .. } => "network",
        }
    }

    /// True when the input, not the machine, is at fault.
    pub fn is_user_error(&self) -> bool {
        matches!(self, Error::Invalid { .. } | Error::NotFound { .. } | Error::Conflict { .. } | Error::Denied(_))
    }
}
