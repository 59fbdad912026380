//! Programs (tables `programs`, `program_versions`): the catalogue's rows, where each came from,
//! and every saved version. The search entry and the publish mark are the journal's.

use chrono::NaiveDateTime;
use onestop_domain::catalogue::ProgramMeta;
use onestop_domain::program::Program;
use rusqlite::{params, Connection, OptionalExtension};

use crate::{json, Result};

/// The program's row (inserted or replaced), not its search entry or versions.
pub fn write_row(tx: &Connection, p: &Program, updated_at: NaiveDateTime) -> Result<()> {
    write_row_json(tx, p, &json(p), updated_at, None)
}

/// `write_row` with the program already serialized as `data`; for an import, also
/// where it comes from and the digest of what the source said (a digest), fetched `updated_at`.
pub fn write_row_json(
    tx: &Connection,
    p: &Program,
    data: &str,
    updated_at: NaiveDateTime,
    imported: Option<(&str, &str)>,
) -> Result<()> {
    const SET: &str = "name_ko = excluded.name_ko, name_en = excluded.name_en, kinds = excluded.kinds,
        retired = excluded.retired, data = excluded.data, updated_at = excluded.updated_at";
    let kinds = json(&p.kinds.iter().map(|k| k.as_str()).collect::<Vec<_>>());
    match imported {
        None => tx
            .prepare_cached(&format!(
                "INSERT INTO programs(id, name_ko, name_en, kinds, retired, data, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT(id) DO UPDATE SET {SET}"
            ))?
            .execute(params![p.id, p.name.ko, p.name.en, kinds, p.retired, data, updated_at])?,
        Some((origin, source)) => tx
            .prepare_cached(&format!(
                "INSERT INTO programs(id, name_ko, name_en, kinds, retired, data, updated_at, origin, imported, fetched_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?7) ON CONFLICT(id) DO UPDATE SET {SET},
                 origin = excluded.origin, imported = excluded.imported, fetched_at = excluded.fetched_at"
            ))?
            .execute(params![p.id, p.name.ko, p.name.en, kinds, p.retired, data, updated_at, origin, source])?,
    };
    Ok(())
}

/// Where an imported program comes from and the digest of what the source said.
pub fn set_provenance(
    tx: &Connection,
    id: &str,
    origin: &str,
    imported: &str,
    fetched_at: NaiveDateTime,
) -> Result<()> {
    tx.prepare_cached("UPDATE programs SET origin = ?2, imported = ?3, fetched_at = ?4 WHERE id = ?1")?
        .execute(params![id, origin, imported, fetched_at])?;
    Ok(())
}

/// A program loaded before history was kept (the bundled catalogue) gets its current state as
/// version 1 before its first change, so no earlier state is lost. Nobody is its author.
pub fn ensure_first_version(tx: &Connection, p: &Program, origin: &str, at: NaiveDateTime) -> Result<()> {
    let n: u32 = tx.query_row("SELECT count(*) FROM program_versions WHERE program_id = ?1", [&p.id], |r| r.get(0))?;
    if n == 0 {
        add_version(tx, p, origin, at, None)?;
    }
    Ok(())
}

/// Save the program's next version, saved at `saved_at` by `author` (a staff login).
pub fn add_version(
    tx: &Connection,
    p: &Program,
    reason: &str,
    saved_at: NaiveDateTime,
    author: Option<&str>,
) -> Result<()> {
    add_version_json(tx, &p.id, &json(p), reason, saved_at, author)
}

/// [`add_version`] with the program already serialized as `data`.
pub fn add_version_json(
    tx: &Connection,
    id: &str,
    data: &str,
    reason: &str,
    saved_at: NaiveDateTime,
    author: Option<&str>,
) -> Result<()> {
    let version: u32 = tx
        .prepare_cached("SELECT coalesce(max(version), 0) + 1 FROM program_versions WHERE program_id = ?1")?
        .query_row([id], |r| r.get(0))?;
    tx.prepare_cached(
        "INSERT INTO program_versions(program_id, version, reason, data, saved_at, author)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![id, version, reason, data, saved_at, author])?;
    Ok(())
}

/// Mark a program as made by staff here.
pub fn set_origin(tx: &Connection, id: &str, origin: &str) -> Result<()> {
    tx.prepare_cached("UPDATE programs SET origin = ?2 WHERE id = ?1")?.execute(params![id, origin])?;
    Ok(())
}

/// The criteria staff set on an imported program (kept across re-imports), as JSON.
pub fn set_staff_criteria(tx: &Connection, id: &str, criteria_json: &str) -> Result<()> {
    tx.prepare_cached("UPDATE programs SET staff_criteria = ?2 WHERE id = ?1")?.execute(params![id, criteria_json])?;
    Ok(())
}

// ----- reads ---------------------------------------------------------------------------------

/// A program's stored JSON, if there is one with this id.
pub fn data(conn: &Connection, id: &str) -> Result<Option<String>> {
    Ok(conn.prepare_cached("SELECT data FROM programs WHERE id = ?1")?.query_row([id], |r| r.get(0)).optional()?)
}

/// Where a program comes from (`bundled`, `bizinfo`, `onestop`, `staff`, …), if it exists.
pub fn origin(conn: &Connection, id: &str) -> Result<Option<String>> {
    Ok(conn.prepare_cached("SELECT origin FROM programs WHERE id = ?1")?.query_row([id], |r| r.get(0)).optional()?)
}

/// Whether a program with this id exists.
pub fn exists(conn: &Connection, id: &str) -> Result<bool> {
    Ok(conn.prepare_cached("SELECT 1 FROM programs WHERE id = ?1")?.exists([id])?)
}

/// The catalogue's revision: a counter triggers move on every change to the programs table.
pub fn revision(conn: &Connection) -> Result<i64> {
    Ok(conn.prepare_cached("SELECT rev FROM catalogue_rev")?.query_row([], |r| r.get(0))?)
}

fn program_of(text: &str) -> Result<Program> {
    serde_json::from_str(text).map_err(|e| crate::Error::corrupt("program", e))
}

/// A program, if there is one with this id.
pub fn get(conn: &Connection, id: &str) -> Result<Option<Program>> {
    data(conn, id)?.map(|d| program_of(&d)).transpose()
}

/// Every program (retired ones too), ordered by id, each decoded as its row is read.
pub fn all(conn: &Connection) -> Result<Vec<Program>> {
    let mut stmt = conn.prepare_cached("SELECT data FROM programs ORDER BY id")?;
    let mut rows = stmt.query([])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        out.push(program_of(r.get_ref(0)?.as_str().map_err(|e| crate::Error::corrupt("program", e))?)?);
    }
    Ok(out)
}

/// Every program's stored JSON and origin, ordered by id (the catalogue as published).
pub fn all_with_origin(conn: &Connection) -> Result<Vec<(String, String)>> {
    let mut stmt = conn.prepare_cached("SELECT data, origin FROM programs ORDER BY id")?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// What an import needs to know of a program already here.
pub struct Imported {
    /// The digest (or, on desks from before digests, the text) of what the source said last.
    pub imported: Option<String>,
    /// Criteria staff set, as JSON.
    pub staff_criteria: Option<String>,
    pub retired: bool,
    pub origin: String,
    pub data: String,
}

/// A program's import state, if it exists.
pub fn imported(conn: &Connection, id: &str) -> Result<Option<Imported>> {
    Ok(conn
        .prepare_cached("SELECT imported, staff_criteria, retired, origin, data FROM programs WHERE id = ?1")?
        .query_row([id], |r| {
            Ok(Imported {
                imported: r.get(0)?,
                staff_criteria: r.get(1)?,
                retired: r.get(2)?,
                origin: r.get(3)?,
                data: r.get(4)?,
            })
        })
        .optional()?)
}

/// A program's saved versions, oldest first: (version, reason, saved at, JSON).
pub fn versions(conn: &Connection, id: &str) -> Result<Vec<(u32, String, NaiveDateTime, String)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT version, reason, saved_at, data FROM program_versions WHERE program_id = ?1 ORDER BY version",
    )?;
    let rows = stmt.query_map([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Where a program comes from and what staff may change in it, if it exists.
pub fn meta(conn: &Connection, id: &str) -> Result<Option<ProgramMeta>> {
    Ok(conn
        .prepare_cached(
            "SELECT origin, fetched_at, imported IS NOT NULL, staff_criteria IS NOT NULL,
                    (SELECT count(*) FROM program_versions WHERE program_id = programs.id)
             FROM programs WHERE id = ?1",
        )?
        .query_row([id], |r| {
            Ok(ProgramMeta {
                origin: r.get(0)?,
                fetched_at: r.get(1)?,
                source_locked: r.get(2)?,
                staff_criteria: r.get(3)?,
                versions: r.get(4)?,
            })
        })
        .optional()?)
}

/// A mark of how far the catalogue's history goes now: later versions have a higher mark.
pub fn versions_mark(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("SELECT coalesce(max(rowid), 0) FROM program_versions", [], |r| r.get(0))?)
}

/// Programs that arrived after the mark `after` (or, with no mark, at or after `since`), with
/// when, newest first. Arrived: the first version says the program came then (imported,
/// created by staff, published by the center); a first version kept only because a program
/// already here changed (its reason is the origin, e.g. `bundled`) is not an arrival.
pub fn added_after(
    conn: &Connection,
    after: Option<i64>,
    since: NaiveDateTime,
) -> Result<Vec<(String, NaiveDateTime)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT program_id, saved_at FROM program_versions
         WHERE version = 1 AND reason IN ('import', 'create', 'published')
           AND (CASE WHEN ?1 IS NULL THEN saved_at >= ?2 ELSE rowid > ?1 END)
         ORDER BY saved_at DESC, program_id",
    )?;
    let rows =
        stmt.query_map(params![after, since], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// Each program's origin (`bundled`, `bizinfo`, `kstartup`, `staff`, `onestop`, …) by id.
pub fn origins(conn: &Connection) -> Result<Vec<(String, String)>> {
    let mut stmt = conn.prepare_cached("SELECT id, origin FROM programs")?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}
