//! Consents (table `consents`) to personal-information processing.

use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::{params, Connection};

use crate::Result;

/// Record a signed consent form.
pub fn insert(
    tx: &Connection,
    merchant_id: &str,
    given_on: NaiveDate,
    form: &str,
    recorded_by: &str,
    at: NaiveDateTime,
) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO consents(merchant_id, given_on, form, recorded_by, recorded_at) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![merchant_id, given_on, form, recorded_by, at])?;
    Ok(())
}

/// Mark the merchant's active consents withdrawn on `on`; returns how many there were.
pub fn withdraw(tx: &Connection, merchant_id: &str, on: NaiveDate) -> Result<usize> {
    Ok(tx
        .prepare_cached("UPDATE consents SET withdrawn_on = ?2 WHERE merchant_id = ?1 AND withdrawn_on IS NULL")?
        .execute(params![merchant_id, on])?)
}

/// Whether the merchant has a consent on record that was not withdrawn.
pub fn has_active(conn: &Connection, merchant_id: &str) -> Result<bool> {
    Ok(conn
        .prepare_cached("SELECT 1 FROM consents WHERE merchant_id = ?1 AND withdrawn_on IS NULL LIMIT 1")?
        .exists([merchant_id])?)
}

/// Every withdrawn consent: the merchant and the day it was withdrawn.
pub fn withdrawn(conn: &Connection) -> Result<Vec<(String, NaiveDate)>> {
    let mut stmt =
        conn.prepare_cached("SELECT merchant_id, withdrawn_on FROM consents WHERE withdrawn_on IS NOT NULL")?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}
