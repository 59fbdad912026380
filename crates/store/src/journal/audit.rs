//! The audit log's writer (table `audit_log`): who did what to which record, when. Records are
//! named by id, never by personal data.

use chrono::NaiveDateTime;
use rusqlite::{params, Connection};

use crate::Result;
use onestop_domain::audit::AuditEntry;

/// One line.
pub(super) fn line(
    conn: &Connection,
    at: NaiveDateTime,
    staff: &str,
    action: &str,
    kind: &str,
    id: &str,
    detail: &str,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO audit_log(at, staff, action, record_kind, record_id, detail) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![at, staff, action, kind, id, detail])?;
    Ok(())
}

/// After a restore: the log as it was before it (with its ids), replacing the backup's.
pub fn carry_over(tx: &Connection, lines: &[(i64, AuditEntry)]) -> Result<()> {
    tx.execute("DELETE FROM audit_log", [])?;
    let mut ins = tx.prepare(
        "INSERT INTO audit_log(id, at, staff, action, record_kind, record_id, detail) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    for (id, a) in lines {
        ins.execute(params![id, a.at, a.staff, a.action, a.record_kind, a.record_id, a.detail])?;
    }
    Ok(())
}
