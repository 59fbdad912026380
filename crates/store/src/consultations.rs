//! Consultations (tables `consultations`, `consultation_versions`, `consultation_programs`,
//! `referrals`, `follow_ups`): the current row and its parts, and every saved version. The search
//! entry and the outbox change are the journal's.

use onestop_domain::consultation::{Consultation, FollowUp, Referral};
use rusqlite::{params, Connection};

use crate::{json, Result};

/// Save `c` as a version in the history (the outbox change that sends it, if any).
pub fn insert_version(tx: &Connection, c: &Consultation, change_id: Option<&str>) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO consultation_versions(consultation_id, version, data, saved_at, change_id) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![c.id.to_string(), c.version, json(c), c.updated_at, change_id])?;
    Ok(())
}

/// A consultation's columns in table order, as SQL parameters ?1 to ?11.
macro_rules! consultation_args {
    ($c:expr) => {
        params![
            $c.id.to_string(),
            $c.merchant_id,
            $c.at,
            $c.counselor,
            $c.channel.as_str(),
            $c.place,
            json(&$c.topics),
            $c.notes,
            $c.outcome,
            $c.version,
            $c.updated_at
        ]
    };
}

/// Insert a new consultation's current row (not its parts, version or search entry).
pub fn insert_row(tx: &Connection, c: &Consultation) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO consultations(id, merchant_id, at, counselor, channel, place, topics, notes, outcome, version, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )?
    .execute(consultation_args!(c))?;
    Ok(())
}

/// The consultation's current row, its programs, referrals and follow-ups (not its search
/// entry, which is the journal's, nor its version history). Programs this desk does not know (a
/// consultation from another desk, before the catalogue is published) stay in the version's
/// data only.
pub fn write_rows(tx: &Connection, c: &Consultation, new: bool) -> Result<()> {
    let id = c.id.to_string();
    if new {
        insert_row(tx, c)?;
    } else {
        tx.prepare_cached(
            "UPDATE consultations SET merchant_id = ?2, at = ?3, counselor = ?4, channel = ?5, place = ?6, topics = ?7,
                 notes = ?8, outcome = ?9, version = ?10, updated_at = ?11 WHERE id = ?1",
        )?
        .execute(consultation_args!(c))?;
        for sql in [
            "DELETE FROM consultation_programs WHERE consultation_id = ?1",
            "DELETE FROM referrals WHERE consultation_id = ?1",
            "DELETE FROM follow_ups WHERE consultation_id = ?1",
        ] {
            tx.prepare_cached(sql)?.execute([&id])?;
        }
    }
    let known =
        |id: &str| -> Result<bool> { Ok(tx.prepare_cached("SELECT 1 FROM programs WHERE id = ?1")?.exists([id])?) };
    insert_parts(tx, c, &known)
}

/// Insert a consultation's programs discussed, referrals and follow-ups (none may be there
/// yet). Programs `known` says this desk lacks stay in the version's data only.
pub fn insert_parts(tx: &Connection, c: &Consultation, known: &dyn Fn(&str) -> Result<bool>) -> Result<()> {
    let id = c.id.to_string();
    for (i, p) in c.programs.iter().enumerate() {
        if !known(&p.program_id)? {
            continue;
        }
        tx.prepare_cached(
            "INSERT INTO consultation_programs(consultation_id, position, program_id, verdict, snapshot) VALUES (?1, ?2, ?3, ?4, ?5)",
        )?
        .execute(params![id, i as i64, p.program_id, p.snapshot.verdict.as_str(), json(&p.snapshot)])?;
    }
    for (i, Referral { institution, program_id, status, note }) in c.referrals.iter().enumerate() {
        let program_id = match program_id {
            Some(p) if known(p)? => Some(p),
            _ => None,
        };
        tx.prepare_cached(
            "INSERT INTO referrals(consultation_id, position, institution, program_id, status, note) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )?
        .execute(params![id, i as i64, institution, program_id, json(status).trim_matches('"'), note])?;
    }
    for (i, FollowUp { due_on, action, done }) in c.follow_ups.iter().enumerate() {
        tx.prepare_cached(
            "INSERT INTO follow_ups(consultation_id, position, due_on, action, done) VALUES (?1, ?2, ?3, ?4, ?5)",
        )?
        .execute(params![id, i as i64, due_on, action, done])?;
    }
    Ok(())
}
