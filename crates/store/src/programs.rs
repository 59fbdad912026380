//! Programs (tables `programs`, `program_versions`): the catalogue's rows, where each came from,
//! and every saved version. The search entry and the publish mark are the journal's.

use chrono::NaiveDateTime;
use onestop_domain::program::Program;
use rusqlite::{params, Connection};

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
/// version 1 before its first change, so no earlier state is lost.
pub fn ensure_first_version(tx: &Connection, p: &Program, origin: &str, at: NaiveDateTime) -> Result<()> {
    let n: u32 = tx.query_row("SELECT count(*) FROM program_versions WHERE program_id = ?1", [&p.id], |r| r.get(0))?;
    if n == 0 {
        add_version(tx, p, origin, at)?;
    }
    Ok(())
}

/// Save the program's next version, saved at `saved_at`.
pub fn add_version(tx: &Connection, p: &Program, reason: &str, saved_at: NaiveDateTime) -> Result<()> {
    add_version_json(tx, &p.id, &json(p), reason, saved_at)
}

/// [`add_version`] with the program already serialized as `data`.
pub fn add_version_json(tx: &Connection, id: &str, data: &str, reason: &str, saved_at: NaiveDateTime) -> Result<()> {
    let version: u32 = tx
        .prepare_cached("SELECT coalesce(max(version), 0) + 1 FROM program_versions WHERE program_id = ?1")?
        .query_row([id], |r| r.get(0))?;
    tx.prepare_cached(
        "INSERT INTO program_versions(program_id, version, reason, data, saved_at) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![id, version, reason, data, saved_at])?;
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
