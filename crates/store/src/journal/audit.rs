//! The audit log (table `audit_log`), written only here: who did what to which record, when.
//! Records are named by id, never by personal data.

use chrono::NaiveDateTime;
use rusqlite::{params, Connection};

use crate::Result;
use onestop_domain::audit::{AuditEntry, AuditFilter};

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

// ----- reads ---------------------------------------------------------------------------------

/// A row of `SELECT at, staff, action, record_kind, record_id, detail FROM audit_log`.
fn entry(r: &rusqlite::Row<'_>) -> rusqlite::Result<AuditEntry> {
    Ok(AuditEntry {
        at: r.get(0)?,
        staff: r.get(1)?,
        action: r.get(2)?,
        record_kind: r.get(3)?,
        record_id: r.get(4)?,
        detail: r.get(5)?,
    })
}

/// The whole log with its ids, oldest first (carried over a restore).
pub fn all(conn: &Connection) -> Result<Vec<(i64, AuditEntry)>> {
    let mut stmt =
        conn.prepare("SELECT at, staff, action, record_kind, record_id, detail, id FROM audit_log ORDER BY id")?;
    let rows = stmt.query_map([], |r| Ok((r.get(6)?, entry(r)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The log, newest first, filtered (at most `limit` lines; 500 when none is given).
pub fn filtered(conn: &Connection, f: &AuditFilter) -> Result<Vec<AuditEntry>> {
    let mut stmt = conn.prepare_cached(
        "SELECT at, staff, action, record_kind, record_id, detail FROM audit_log
          WHERE (?1 IS NULL OR record_id = ?1) AND (?2 IS NULL OR staff = ?2) AND (?3 IS NULL OR at >= ?3)
          ORDER BY id DESC LIMIT ?4",
    )?;
    let since = f.since.map(|d| d.and_hms_opt(0, 0, 0).unwrap_or_default());
    let rows = stmt.query_map(params![f.record_id, f.staff, since, i64::from(f.limit.unwrap_or(500))], entry)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Every line about one record, oldest first.
pub fn of_record(conn: &Connection, record_id: &str) -> Result<Vec<AuditEntry>> {
    let mut stmt = conn.prepare_cached(
        "SELECT at, staff, action, record_kind, record_id, detail FROM audit_log WHERE record_id = ?1 ORDER BY id",
    )?;
    let rows = stmt.query_map([record_id], entry)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
