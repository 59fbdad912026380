//! The center's partner directory (table `partners`): one row per partner, the whole entry as
//! JSON. Its audit lines and publish marks are the journal's.

use chrono::NaiveDateTime;
use onestop_domain::partner::Partner;
use rusqlite::{params, Connection, OptionalExtension};

use crate::{json, Result};

/// Add or replace a partner's entry.
pub fn write(tx: &Connection, p: &Partner, at: NaiveDateTime) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO partners(id, data, retired, updated_at) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT(id) DO UPDATE SET data = excluded.data, retired = excluded.retired, updated_at = excluded.updated_at",
    )?
    .execute(params![p.id, json(p), p.retired, at])?;
    Ok(())
}

fn partner_of(text: &str) -> Result<Partner> {
    serde_json::from_str(text).map_err(|e| crate::Error::corrupt("partner", e))
}

/// A partner by id, if the directory has it.
pub fn get(conn: &Connection, id: &str) -> Result<Option<Partner>> {
    let data: Option<String> =
        conn.prepare_cached("SELECT data FROM partners WHERE id = ?1")?.query_row([id], |r| r.get(0)).optional()?;
    data.map(|d| partner_of(&d)).transpose()
}

/// The directory in id order; retired entries only when asked.
pub fn list(conn: &Connection, include_retired: bool) -> Result<Vec<Partner>> {
    let rows: Vec<String> = conn
        .prepare_cached("SELECT data FROM partners WHERE retired = 0 OR ?1 ORDER BY id")?
        .query_map([include_retired], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    rows.iter().map(|d| partner_of(d)).collect()
}

/// How many entries the directory has.
pub fn count(conn: &Connection) -> Result<u32> {
    Ok(conn.prepare_cached("SELECT count(*) FROM partners")?.query_row([], |r| r.get(0))?)
}
