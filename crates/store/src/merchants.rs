//! Merchants (table `merchants`): one row per business, its profile as JSON with the columns
//! duplicates are found by; and erasing a merchant on request from every table that holds its
//! rows (the journal takes its search entries and what sync held first). Consents are in
//! [`crate::consents`].

use chrono::NaiveDateTime;
use onestop_domain::merchant::Merchant;
use rusqlite::{params, Connection, OptionalExtension};

use crate::{json, Result};

/// The merchant's row (inserted or replaced), not its search entry.
pub fn write_row(tx: &Connection, m: &Merchant) -> Result<()> {
    let p = &m.profile;
    tx.prepare_cached(
        "INSERT INTO merchants(id, name, brn, phone, profile, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT(id) DO UPDATE SET name = excluded.name, brn = excluded.brn, phone = excluded.phone,
             profile = excluded.profile, updated_at = excluded.updated_at",
    )?
    .execute(params![m.id, p.name, p.business_registration_number, p.phone_digits(), json(p), m.created_at, m.updated_at])?;
    Ok(())
}

/// Delete a merchant's rows (after the journal recorded the erasure, which takes its search
/// entries and sync's changes); returns (consultations, consents) removed.
pub fn erase(tx: &Connection, id: &str) -> Result<(u32, u32)> {
    let cids: Vec<String> = {
        let mut stmt = tx.prepare("SELECT id FROM consultations WHERE merchant_id = ?1")?;
        let ids = stmt.query_map([id], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
        ids
    };
    for cid in &cids {
        for sql in [
            "DELETE FROM consultation_programs WHERE consultation_id = ?1",
            "DELETE FROM referrals WHERE consultation_id = ?1",
            "DELETE FROM follow_ups WHERE consultation_id = ?1",
            "DELETE FROM consultation_versions WHERE consultation_id = ?1",
        ] {
            tx.execute(sql, [cid])?;
        }
    }
    tx.execute("DELETE FROM consultations WHERE merchant_id = ?1", [id])?;
    crate::applications::erase_of_merchant(tx, id)?;
    crate::visits::erase_of_merchant(tx, id)?;
    let consents = tx.execute("DELETE FROM consents WHERE merchant_id = ?1", [id])?;
    tx.execute("DELETE FROM merchants WHERE id = ?1", [id])?;
    Ok((cids.len() as u32, consents as u32))
}

// ----- reads ---------------------------------------------------------------------------------

fn profile_of(text: &str) -> Result<onestop_domain::profile::Profile> {
    serde_json::from_str(text).map_err(|e| crate::Error::corrupt("profile", e))
}

/// A merchant by its full id.
pub fn get(conn: &Connection, id: &str) -> Result<Merchant> {
    let (id, profile, created_at, updated_at): (String, String, NaiveDateTime, NaiveDateTime) = conn
        .prepare_cached("SELECT id, profile, created_at, updated_at FROM merchants WHERE id = ?1")?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?;
    Ok(Merchant { id, profile: profile_of(&profile)?, created_at, updated_at })
}

/// The id itself when a merchant has it.
pub fn find_id(conn: &Connection, id: &str) -> Result<Option<String>> {
    Ok(conn.prepare_cached("SELECT id FROM merchants WHERE id = ?1")?.query_row([id], |r| r.get(0)).optional()?)
}

/// Up to two merchant ids starting with `prefix` (lowercase).
pub fn ids_starting(conn: &Connection, prefix: &str) -> Result<Vec<String>> {
    let mut stmt = conn.prepare_cached("SELECT id FROM merchants WHERE id LIKE ?1 || '%' LIMIT 2")?;
    let rows = stmt.query_map([prefix], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// Every merchant's id, by name.
pub fn ids_by_name(conn: &Connection) -> Result<Vec<String>> {
    let mut stmt = conn.prepare_cached("SELECT id FROM merchants ORDER BY name, id")?;
    let rows = stmt.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// Merchants that look like the same business: same registration number, or same name and
/// phone (digits).
pub fn duplicate_ids(
    conn: &Connection,
    brn: Option<&str>,
    name: Option<&str>,
    phone: Option<&str>,
) -> Result<Vec<String>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id FROM merchants WHERE (brn IS NOT NULL AND brn = ?1)
           OR (name IS NOT NULL AND name = ?2 AND phone IS NOT NULL AND phone = ?3)",
    )?;
    let rows = stmt.query_map(params![brn, name, phone], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// Every merchant's id and profile, in storage order ("who should we call": one program against
/// all of them). `each` sees them one at a time.
pub fn each_profile(
    conn: &Connection,
    each: &mut dyn FnMut(String, onestop_domain::profile::Profile) -> Result<()>,
) -> Result<u32> {
    let mut stmt = conn.prepare_cached("SELECT id, profile FROM merchants")?;
    let mut rows = stmt.query([])?;
    let mut n = 0;
    while let Some(r) = rows.next()? {
        n += 1;
        each(r.get(0)?, profile_of(&r.get::<_, String>(1)?)?)?;
    }
    Ok(n)
}
