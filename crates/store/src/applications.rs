//! Applications (tables `applications`, `application_versions`, `duties`): the current row, every
//! saved version, and one row per duty for the lists of what is due. The audit line is the
//! journal's.

use chrono::NaiveDate;
use onestop_domain::application::{Application, DutyDue};
use onestop_domain::text::L10n;
use rusqlite::{params, Connection, OptionalExtension};

use crate::{json, Result};

/// Save `a` as a version in the history (the outbox change that sends it, if any).
pub fn insert_version(tx: &Connection, a: &Application, change_id: Option<&str>) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO application_versions(application_id, version, data, saved_at, change_id) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![a.id.to_string(), a.version, json(a), a.updated_at, change_id])?;
    Ok(())
}

/// Make `a` the current row with its duties (`new`: the application has no row yet); not its
/// version, nor its audit line or outbox change, which are the journal's.
pub fn write_current(tx: &Connection, a: &Application, new: bool) -> Result<()> {
    let id = a.id.to_string();
    let args = params![
        id,
        a.merchant_id,
        a.program_id,
        a.consultation_id.map(|c| c.to_string()),
        a.status.as_str(),
        json(a),
        a.version,
        a.updated_at
    ];
    if new {
        tx.prepare_cached(
            "INSERT INTO applications(id, merchant_id, program_id, consultation_id, status, data, version, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )?
        .execute(args)?;
    } else {
        tx.prepare_cached(
            "UPDATE applications SET merchant_id = ?2, program_id = ?3, consultation_id = ?4, status = ?5, data = ?6,
                 version = ?7, updated_at = ?8 WHERE id = ?1",
        )?
        .execute(args)?;
        tx.prepare_cached("DELETE FROM duties WHERE application_id = ?1")?.execute([&id])?;
    }
    for d in &a.duties {
        tx.prepare_cached("INSERT INTO duties(application_id, step, due_on, done) VALUES (?1, ?2, ?3, ?4)")?
            .execute(params![id, d.step, d.deadline(), d.done])?;
    }
    Ok(())
}

const VERSIONS: crate::versions::Versions = crate::versions::Versions {
    numbering: crate::versions::Numbering {
        order: "SELECT rowid, version FROM application_versions WHERE application_id = ?1
                 ORDER BY hub_version IS NULL, hub_version, version",
        park: "UPDATE application_versions SET version = ?2 WHERE rowid = ?1",
        set: "UPDATE application_versions SET version = ?2, data = json_set(data, '$.version', ?2) WHERE rowid = ?1",
    },
    mine: "SELECT rowid FROM application_versions WHERE application_id = ?1 AND change_id = ?2",
    mark: "UPDATE application_versions SET hub_version = ?2 WHERE rowid = ?1",
    next: "SELECT coalesce(max(version), 0) + 1 FROM application_versions WHERE application_id = ?1",
    insert: "INSERT INTO application_versions(application_id, version, data, saved_at, change_id, hub_version)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    latest: "SELECT data FROM application_versions WHERE application_id = ?1 ORDER BY version DESC LIMIT 1",
};

/// A version pulled from the hub (`hub_version`: its place in the hub's order, `change_id`: the
/// change that sent it): see `versions::receive`; the last version is the current row. Returns
/// whether the version was new here and whether the application was.
pub fn receive_version(tx: &Connection, mut a: Application, hub_version: i32, change_id: &str) -> Result<(bool, bool)> {
    let id = a.id.to_string();
    let exists = tx.prepare_cached("SELECT 1 FROM applications WHERE id = ?1")?.exists([&id])?;
    let (new_version, latest) = crate::versions::receive(tx, &VERSIONS, &id, change_id, hub_version, |n| {
        a.version = n as u32;
        if !exists {
            write_current(tx, &a, true)?;
        }
        Ok((json(&a), a.updated_at))
    })?;
    if let Some(latest) = latest {
        write_current(tx, &application_of(&latest)?, false)?;
    }
    Ok((new_version, !exists))
}

/// Remove a merchant's applications with their versions and duties; returns how many.
pub fn erase_of_merchant(tx: &Connection, merchant_id: &str) -> Result<usize> {
    for sql in [
        "DELETE FROM duties WHERE application_id IN (SELECT id FROM applications WHERE merchant_id = ?1)",
        "DELETE FROM application_versions WHERE application_id IN (SELECT id FROM applications WHERE merchant_id = ?1)",
    ] {
        tx.prepare_cached(sql)?.execute([merchant_id])?;
    }
    Ok(tx.prepare_cached("DELETE FROM applications WHERE merchant_id = ?1")?.execute([merchant_id])?)
}

// ----- reads ---------------------------------------------------------------------------------

fn application_of(text: &str) -> Result<Application> {
    serde_json::from_str(text).map_err(|e| crate::Error::corrupt("application", e))
}

/// An application's current version by its full id, if there is one.
pub fn get(conn: &Connection, id: &str) -> Result<Option<Application>> {
    let data: Option<String> =
        conn.prepare_cached("SELECT data FROM applications WHERE id = ?1")?.query_row([id], |r| r.get(0)).optional()?;
    data.map(|d| application_of(&d)).transpose()
}

/// The id itself when an application has it.
pub fn find_id(conn: &Connection, id: &str) -> Result<Option<String>> {
    Ok(conn.prepare_cached("SELECT id FROM applications WHERE id = ?1")?.query_row([id], |r| r.get(0)).optional()?)
}

/// Up to two application ids starting with `prefix` (lowercase).
pub fn ids_starting(conn: &Connection, prefix: &str) -> Result<Vec<String>> {
    let mut stmt = conn.prepare_cached("SELECT id FROM applications WHERE id LIKE ?1 || '%' LIMIT 2")?;
    let rows = stmt.query_map([prefix], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// Every saved version of an application, oldest first.
pub fn versions(conn: &Connection, id: &str) -> Result<Vec<Application>> {
    let mut stmt =
        conn.prepare_cached("SELECT data FROM application_versions WHERE application_id = ?1 ORDER BY version")?;
    let rows: Vec<String> = stmt.query_map([id], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
    rows.iter().map(|d| application_of(d)).collect()
}

/// Applications (current versions), most recently changed first; of one merchant when given.
pub fn list(conn: &Connection, merchant_id: Option<&str>) -> Result<Vec<Application>> {
    let rows: Vec<String> = match merchant_id {
        Some(m) => conn
            .prepare_cached("SELECT data FROM applications WHERE merchant_id = ?1 ORDER BY updated_at DESC, id")?
            .query_map([m], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?,
        None => conn
            .prepare_cached("SELECT data FROM applications ORDER BY updated_at DESC, id")?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?,
    };
    rows.iter().map(|d| application_of(d)).collect()
}

/// Duties not done whose deadline (a month's duty: the month's last day) is on or before
/// `until`, soonest first, with the merchant's and the program's names; days left counted from
/// `on` to the deadline.
pub fn duties_due(conn: &Connection, on: NaiveDate, until: NaiveDate) -> Result<Vec<DutyDue>> {
    let mut stmt = conn.prepare_cached(
        "SELECT a.data, m.name, d.step, p.name_ko, p.name_en FROM duties d
           JOIN applications a ON a.id = d.application_id
           JOIN merchants m ON m.id = a.merchant_id
           LEFT JOIN programs p ON p.id = a.program_id
          WHERE d.done = 0 AND d.due_on IS NOT NULL AND d.due_on <= ?1 ORDER BY d.due_on, m.name, d.step",
    )?;
    type Row = (String, Option<String>, u32, Option<String>, Option<String>);
    let rows: Vec<Row> = stmt
        .query_map([until], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut due = Vec::with_capacity(rows.len());
    for (data, merchant_name, step, ko, en) in rows {
        let a = application_of(&data)?;
        let Some(duty) = a.duties.into_iter().find(|d| d.step == step) else { continue };
        let Some(deadline) = duty.deadline() else { continue };
        let program_name = match (ko, en) {
            (Some(ko), Some(en)) => L10n::new(ko, en),
            _ => L10n::new(a.program_id.clone(), a.program_id.clone()),
        };
        due.push(DutyDue {
            application_id: a.id.to_string(),
            merchant_id: a.merchant_id,
            merchant_name,
            program_id: a.program_id,
            program_name,
            days_left: (deadline - on).num_days() as i32,
            duty,
        });
    }
    Ok(due)
}
