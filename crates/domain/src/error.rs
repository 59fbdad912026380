//! The domain's errors: what the caller got wrong. Each names the field and the value, or the
//! record, so a person can correct it. Failures of the machine (database, files, network) are
//! the store's and the core's.

use std::fmt;

/// Result alias used throughout the domain.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Why a rule refused something.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
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
}

impl Error {
    pub fn invalid(field: impl Into<String>, value: impl fmt::Display, reason: impl Into<String>) -> Self {
        Error::Invalid { field: field.into(), value: value.to_string(), reason: reason.into() }
    }

    pub fn not_found(what: &'static str, id: impl Into<String>) -> Self {
        Error::NotFound { what, id: id.into() }
    }

    /// The error of a part, named from the whole: an `Invalid` field becomes `{path}.{field}`
    /// (`referrals[0].decline_reason`); other errors stay as they are.
    pub fn within(self, path: impl fmt::Display) -> Self {
        match self {
            Error::Invalid { field, value, reason } => {
                Error::Invalid { field: format!("{path}.{field}"), value, reason }
            }
            other => other,
        }
    }
}
