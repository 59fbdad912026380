//! Merchants (table `merchants`): one row per business, its profile as JSON with the columns
//! duplicates are found by; and erasing a merchant on request from every table that holds its
//! rows (the journal takes its search entries and what sync held first). Consents are in
//! [`crate::consents`].

use onestop_domain::merchant::Merchant;
use rusqlite::{params, Connection};

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
    let consents = tx.execute("DELETE FROM consents WHERE merchant_id = ?1", [id])?;
    tx.execute("DELETE FROM merchants WHERE id = ?1", [id])?;
    Ok((cids.len() as u32, consents as u32))
}
