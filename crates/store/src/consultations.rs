//! Consultations (tables `consultations`, `consultation_versions`, `consultation_programs`,
//! `referrals`, `follow_ups`): the current row and its parts, and every saved version. The search
//! entry and the outbox change are the journal's.

use chrono::{NaiveDate, NaiveDateTime};
use onestop_domain::consultation::{Consultation, ConsultationListItem, FollowUp, FollowUpDue};
use rusqlite::{params, Connection, OptionalExtension};

use crate::{json, Result};

/// Save `c` as a version in the history (the outbox change that sends it, if any).
pub fn insert_version(tx: &Connection, c: &Consultation, change_id: Option<&str>) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO consultation_versions(consultation_id, version, data, saved_at, change_id) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![c.id.to_string(), c.version, json(c), c.updated_at, change_id])?;
    Ok(())
}

/// A consultation's columns in table order, as SQL parameters ?1 to ?12.
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
            $c.updated_at,
            $c.referred_by
        ]
    };
}

/// Insert a new consultation's current row (not its parts, version or search entry).
pub fn insert_row(tx: &Connection, c: &Consultation) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO consultations(id, merchant_id, at, counselor, channel, place, topics, notes, outcome, version, updated_at,
             referred_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
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
                 notes = ?8, outcome = ?9, version = ?10, updated_at = ?11, referred_by = ?12 WHERE id = ?1",
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
    for (i, r) in c.referrals.iter().enumerate() {
        let program_id = match &r.program_id {
            Some(p) if known(p)? => Some(p),
            _ => None,
        };
        let result = r.result.as_ref();
        tx.prepare_cached(
            "INSERT INTO referrals(consultation_id, position, institution, program_id, status, note, partner_id,
                 answered_on, result_kind, result_amount_krw, result_on)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        )?
        .execute(params![
            id,
            i as i64,
            r.institution,
            program_id,
            json(&r.status).trim_matches('"'),
            r.note,
            r.partner_id,
            r.answered_on,
            result.map(|x| x.kind.as_str()),
            result.and_then(|x| x.amount_krw).map(|n| i64::try_from(n).unwrap_or(i64::MAX)),
            result.map(|x| x.on)
        ])?;
    }
    for (i, FollowUp { due_on, action, done }) in c.follow_ups.iter().enumerate() {
        tx.prepare_cached(
            "INSERT INTO follow_ups(consultation_id, position, due_on, action, done) VALUES (?1, ?2, ?3, ?4, ?5)",
        )?
        .execute(params![id, i as i64, due_on, action, done])?;
    }
    Ok(())
}

// ----- reads ---------------------------------------------------------------------------------

fn consultation_of(text: &str) -> Result<Consultation> {
    serde_json::from_str(text).map_err(|e| crate::Error::corrupt("consultation", e))
}

/// The id itself when a consultation has it.
pub fn find_id(conn: &Connection, id: &str) -> Result<Option<String>> {
    Ok(conn.prepare_cached("SELECT id FROM consultations WHERE id = ?1")?.query_row([id], |r| r.get(0)).optional()?)
}

/// Up to two consultation ids starting with `prefix` (lowercase).
pub fn ids_starting(conn: &Connection, prefix: &str) -> Result<Vec<String>> {
    let mut stmt = conn.prepare_cached("SELECT id FROM consultations WHERE id LIKE ?1 || '%' LIMIT 2")?;
    let rows = stmt.query_map([prefix], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// A consultation's latest version, by its full id.
pub fn latest(conn: &Connection, id: &str) -> Result<Consultation> {
    let data: String = conn
        .prepare_cached(
            "SELECT data FROM consultation_versions WHERE consultation_id = ?1 ORDER BY version DESC LIMIT 1",
        )?
        .query_row([id], |r| r.get(0))?;
    consultation_of(&data)
}

/// Every saved version of a consultation, oldest first.
pub fn versions(conn: &Connection, id: &str) -> Result<Vec<Consultation>> {
    let mut stmt =
        conn.prepare_cached("SELECT data FROM consultation_versions WHERE consultation_id = ?1 ORDER BY version")?;
    let rows: Vec<String> = stmt.query_map([id], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
    rows.iter().map(|d| consultation_of(d)).collect()
}

/// Consultations (their current versions), newest first; of one merchant when given.
pub fn list(conn: &Connection, merchant_id: Option<&str>) -> Result<Vec<Consultation>> {
    // Two statements: `?1 IS NULL OR merchant_id = ?1` would keep SQLite off the index.
    const SELECT: &str = "SELECT v.data FROM consultations c
           JOIN consultation_versions v ON v.consultation_id = c.id AND v.version = c.version";
    let rows: Vec<String> = match merchant_id {
        Some(m) => conn
            .prepare_cached(&format!("{SELECT} WHERE c.merchant_id = ?1 ORDER BY c.at DESC, c.id"))?
            .query_map([m], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?,
        None => conn
            .prepare_cached(&format!("{SELECT} ORDER BY c.at DESC, c.id"))?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?,
    };
    rows.iter().map(|d| consultation_of(d)).collect()
}

/// Consultations held from `from` until before `to`, earliest first, with merchant names.
pub fn between(conn: &Connection, from: NaiveDateTime, to: NaiveDateTime) -> Result<Vec<ConsultationListItem>> {
    let mut stmt = conn.prepare_cached(
        "SELECT m.name, v.data FROM consultations c
           JOIN consultation_versions v ON v.consultation_id = c.id AND v.version = c.version
           JOIN merchants m ON m.id = c.merchant_id
          WHERE c.at >= ?1 AND c.at < ?2 ORDER BY c.at, c.id",
    )?;
    let rows: Vec<(Option<String>, String)> =
        stmt.query_map(params![from, to], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<rusqlite::Result<_>>()?;
    rows.into_iter()
        .map(|(merchant_name, d)| Ok(ConsultationListItem { merchant_name, consultation: consultation_of(&d)? }))
        .collect()
}

/// Follow-ups not done and due on or before `until`, soonest first; days left counted from `on`.
pub fn follow_ups_due(conn: &Connection, on: NaiveDate, until: NaiveDate) -> Result<Vec<FollowUpDue>> {
    let mut stmt = conn.prepare_cached(
        "SELECT f.consultation_id, c.merchant_id, m.name, f.position, f.due_on, f.action
           FROM follow_ups f JOIN consultations c ON c.id = f.consultation_id
           JOIN merchants m ON m.id = c.merchant_id
          WHERE f.done = 0 AND f.due_on <= ?1 ORDER BY f.due_on, m.name",
    )?;
    let rows = stmt.query_map([until], |r| {
        let due_on: NaiveDate = r.get(4)?;
        Ok(FollowUpDue {
            consultation_id: r.get(0)?,
            merchant_id: r.get(1)?,
            merchant_name: r.get(2)?,
            index: r.get(3)?,
            due_on,
            action: r.get(5)?,
            days_left: (due_on - on).num_days() as i32,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Consent withdrawn: what the owner's birth date told leaves every saved version and program
/// snapshot of the merchant's consultations. Returns how many rows changed.
pub fn without_personal(tx: &Connection, merchant_id: &str) -> Result<usize> {
    let mut changed = 0;
    let versions: Vec<(String, i64, String)> = tx
        .prepare_cached(
            "SELECT v.consultation_id, v.version, v.data FROM consultation_versions v
             JOIN consultations c ON c.id = v.consultation_id WHERE c.merchant_id = ?1",
        )?
        .query_map([merchant_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (id, version, data) in versions {
        let mut c: Consultation = serde_json::from_str(&data)
            .map_err(|e| crate::Error::corrupt(format!("consultation {id} version {version}"), e))?;
        if c.without_personal() {
            tx.prepare_cached(
                "UPDATE consultation_versions SET data = ?3 WHERE consultation_id = ?1 AND version = ?2",
            )?
            .execute(params![id, version, json(&c)])?;
            changed += 1;
        }
    }
    let snapshots: Vec<(String, i64, String)> = tx
        .prepare_cached(
            "SELECT p.consultation_id, p.position, p.snapshot FROM consultation_programs p
             JOIN consultations c ON c.id = p.consultation_id WHERE c.merchant_id = ?1",
        )?
        .query_map([merchant_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (id, position, snapshot) in snapshots {
        let mut m: onestop_domain::eligibility::Match = serde_json::from_str(&snapshot)
            .map_err(|e| crate::Error::corrupt(format!("consultation {id} program {position}"), e))?;
        if m.without_personal() {
            tx.prepare_cached(
                "UPDATE consultation_programs SET snapshot = ?3 WHERE consultation_id = ?1 AND position = ?2",
            )?
            .execute(params![id, position, json(&m)])?;
            changed += 1;
        }
    }
    Ok(changed)
}

/// Which outbox change sends a version (a version queued after it was saved).
pub fn set_change_id(tx: &Connection, consultation_id: &str, version: i64, change_id: &str) -> Result<()> {
    tx.prepare_cached("UPDATE consultation_versions SET change_id = ?3 WHERE consultation_id = ?1 AND version = ?2")?
        .execute(params![consultation_id, version, change_id])?;
    Ok(())
}
