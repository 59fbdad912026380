//! The audit log's lines and how staff filter them.

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

/// One line of the audit log.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AuditEntry {
    pub at: NaiveDateTime,
    pub staff: String,
    /// `sign_in`, `view`, `change`, `export`, `print` or `erase`.
    pub action: String,
    pub record_kind: String,
    pub record_id: String,
    pub detail: String,
}

/// Which audit lines to list.
#[derive(Clone, Debug, Default, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(default)]
pub struct AuditFilter {
    pub record_id: Option<String>,
    pub staff: Option<String>,
    pub since: Option<NaiveDate>,
    pub limit: Option<u32>,
}

/// What checking the audit log's hash chain found.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AuditCheck {
    /// The lines read, oldest first, up to the first break (all of them when none).
    pub lines: u64,
    /// The first line where the chain breaks, if it does.
    pub broken: Option<AuditBreak>,
}

/// Where the audit log's chain breaks: the line's id and what is wrong there.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AuditBreak {
    pub id: i64,
    pub problem: String,
}
