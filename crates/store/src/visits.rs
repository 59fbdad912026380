//! Visit plans (tables `visits`, `visit_versions`): the current row for the day's list, and every
//! saved version. The audit line and the outbox change are the journal's.

use chrono::NaiveDate;
use onestop_domain::visit::Visit;
use rusqlite::{params, Connection, OptionalExtension};

use crate::{json, Result};

/// Make `v` the current row (`new`: the visit has none yet); not its version.
pub fn write_current(tx: &Connection, v: &Visit, new: bool) -> Result<()> {
    let args = params![v.id.to_string(), v.merchant_id, v.on, v.status.as_str(), json(v), v.version, v.updated_at];
    if new {
        tx.prepare_cached(
            "INSERT INTO visits(id, merchant_id, on_day, status, data, version, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )?
        .execute(args)?;
    } else {
        tx.prepare_cached(
            "UPDATE visits SET merchant_id = ?2, on_day = ?3, status = ?4, data = ?5, version = ?6, updated_at = ?7
              WHERE id = ?1",
        )?
        .execute(args)?;
    }
    Ok(())
}

/// Save `v` as a version in the history (the outbox change that sends it, if any).
pub fn insert_version(tx: &Connection, v: &Visit, change_id: Option<&str>) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO visit_versions(visit_id, version, data, saved_at, change_id) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![v.id.to_string(), v.version, json(v), v.updated_at, change_id])?;
    Ok(())
}

const VERSIONS: crate::versions::Versions = crate::versions::Versions {
    numbering: crate::versions::Numbering {
        order: "SELECT rowid, version FROM visit_versions WHERE visit_id = ?1
                 ORDER BY hub_version IS NULL, hub_version, version",
        park: "UPDATE visit_versions SET version = ?2 WHERE rowid = ?1",
        set: "UPDATE visit_versions SET version = ?2, data = json_set(data, '$.version', ?2) WHERE rowid = ?1",
    },
    mine: "SELECT rowid FROM visit_versions WHERE visit_id = ?1 AND change_id = ?2",
    mark: "UPDATE visit_versions SET hub_version = ?2 WHERE rowid = ?1",
    next: "SELECT coalesce(max(version), 0) + 1 FROM visit_versions WHERE visit_id = ?1",
    insert: "INSERT INTO visit_versions(visit_id, version, data, saved_at, change_id, hub_version)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    latest: "SELECT data FROM visit_versions WHERE visit_id = ?1 ORDER BY version DESC LIMIT 1",
};

/// A version pulled from the hub (see `versions::receive`); the last version is the current row.
/// Returns whether the version was new here and whether the visit was.
pub fn receive_version(tx: &Connection, mut v: Visit, hub_version: i32, change_id: &str) -> Result<(bool, bool)> {
    let id = v.id.to_string();
    let exists = tx.prepare_cached("SELECT 1 FROM visits WHERE id = ?1")?.exists([&id])?;
    let (new_version, latest) = crate::versions::receive(tx, &VERSIONS, &id, change_id, hub_version, |n| {
        v.version = n as u32;
        if !exists {
            write_current(tx, &v, true)?;
        }
        Ok((json(&v), v.updated_at))
    })?;
    if let Some(latest) = latest {
        write_current(tx, &visit_of(&latest)?, false)?;
    }
    Ok((new_version, !exists))
}

/// Remove a merchant's visits with their versions; returns how many.
pub fn erase_of_merchant(tx: &Connection, merchant_id: &str) -> Result<usize> {
    tx.prepare_cached("DELETE FROM visit_versions WHERE visit_id IN (SELECT id FROM visits WHERE merchant_id = ?1)")?
        .execute([merchant_id])?;
    Ok(tx.prepare_cached("DELETE FROM visits WHERE merchant_id = ?1")?.execute([merchant_id])?)
}

// ----- reads ---------------------------------------------------------------------------------

fn visit_of(text: &str) -> Result<Visit> {
    serde_json::from_str(text).map_err(|e| crate::Error::corrupt("visit", e))
}

/// The id itself when a visit has it.
pub fn find_id(conn: &Connection, id: &str) -> Result<Option<String>> {
    Ok(conn.prepare_cached("SELECT id FROM visits WHERE id = ?1")?.query_row([id], |r| r.get(0)).optional()?)
}

/// Up to two visit ids starting with `prefix` (lowercase).
pub fn ids_starting(conn: &Connection, prefix: &str) -> Result<Vec<String>> {
    let mut stmt = conn.prepare_cached("SELECT id FROM visits WHERE id LIKE ?1 || '%' LIMIT 2")?;
    let rows = stmt.query_map([prefix], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// A visit's current version by its full id, if there is one.
pub fn get(conn: &Connection, id: &str) -> Result<Option<Visit>> {
    let data: Option<String> =
        conn.prepare_cached("SELECT data FROM visits WHERE id = ?1")?.query_row([id], |r| r.get(0)).optional()?;
    data.map(|d| visit_of(&d)).transpose()
}

/// Visits planned from `from` to `to` (inclusive), by day, then time.
pub fn between(conn: &Connection, from: NaiveDate, to: NaiveDate) -> Result<Vec<Visit>> {
    let rows: Vec<String> = conn
        .prepare_cached("SELECT data FROM visits WHERE on_day >= ?1 AND on_day <= ?2 ORDER BY on_day, id")?
        .query_map(params![from, to], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut all = rows.iter().map(|d| visit_of(d)).collect::<Result<Vec<_>>>()?;
    all.sort_by_key(|v| (v.on, v.time, v.id));
    Ok(all)
}

/// Every visit of a merchant, newest first.
pub fn of_merchant(conn: &Connection, merchant_id: &str) -> Result<Vec<Visit>> {
    let rows: Vec<String> = conn
        .prepare_cached("SELECT data FROM visits WHERE merchant_id = ?1 ORDER BY on_day DESC, id")?
        .query_map([merchant_id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    rows.iter().map(|d| visit_of(d)).collect()
}

/// Every saved version of a visit, oldest first.
pub fn versions(conn: &Connection, id: &str) -> Result<Vec<Visit>> {
    let rows: Vec<String> = conn
        .prepare_cached("SELECT data FROM visit_versions WHERE visit_id = ?1 ORDER BY version")?
        .query_map([id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    rows.iter().map(|d| visit_of(d)).collect()
}
