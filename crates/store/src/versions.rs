//! Numbering a record's versions in the hub's order, for the tables that keep versions
//! (consultations', applications'). The SQL is the owning module's; this only runs it.

use rusqlite::Connection;

use crate::Result;

/// The three statements that renumber one record's versions, each with the record's id as ?1
/// (the two updates: a row's rowid as ?1 and its new number as ?2).
pub struct Numbering {
    /// `rowid, version` of the record's versions: in the hub's order, then those not yet
    /// confirmed, then by number.
    pub order: &'static str,
    /// Sets a row's number (used with negative numbers, out of the way).
    pub park: &'static str,
    /// Sets a row's number in its column and in its data.
    pub set: &'static str,
}

/// Number a record's versions from 1 as `n` orders them. Only versions whose number changes are
/// written, one row per statement (a multi-row UPDATE opens a statement journal, which makes the
/// search index flush); first out of the way (negative numbers), then in place, so (record,
/// version) stays unique. Returns whether any number changed.
pub fn renumber(tx: &Connection, n: &Numbering, id: &str) -> Result<bool> {
    let moved: Vec<(i64, i64)> = {
        let mut stmt = tx.prepare_cached(n.order)?;
        let rows = stmt.query_map([id], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?)))?;
        let mut moved = Vec::new();
        for (number, row) in (1..).zip(rows) {
            let (rowid, version) = row?;
            if version != number {
                moved.push((rowid, number));
            }
        }
        moved
    };
    for (rowid, number) in &moved {
        tx.prepare_cached(n.park)?.execute(rusqlite::params![rowid, -number])?;
    }
    for (rowid, number) in &moved {
        tx.prepare_cached(n.set)?.execute(rusqlite::params![rowid, number])?;
    }
    Ok(!moved.is_empty())
}

/// The statements that take a pulled version of a record into its version table (`id` as ?1).
pub struct Versions {
    pub numbering: Numbering,
    /// The rowid of the version sent by change ?2.
    pub mine: &'static str,
    /// Marks row ?1 with its place ?2 in the hub's order.
    pub mark: &'static str,
    /// The next version number.
    pub next: &'static str,
    /// Adds a version: id, version, data, saved_at, change_id, hub_version.
    pub insert: &'static str,
    /// The data of the record's last version.
    pub latest: &'static str,
}

/// A pulled version of record `id` sent by change `change_id`, `hub_version` in the hub's order.
/// A version this desk sent is only marked with its place; another desk's is added, `add` giving
/// its data and time for the number it takes (and making the record's row first, if it has
/// none). The versions are then numbered in the hub's order. Returns whether the version was new
/// here, and the last version's data when the current one may have changed.
pub fn receive(
    tx: &Connection,
    v: &Versions,
    id: &str,
    change_id: &str,
    hub_version: i32,
    add: impl FnOnce(i64) -> Result<(String, chrono::NaiveDateTime)>,
) -> Result<(bool, Option<String>)> {
    use rusqlite::{params, OptionalExtension};
    let mine: Option<i64> = tx.prepare_cached(v.mine)?.query_row(params![id, change_id], |r| r.get(0)).optional()?;
    match mine {
        Some(rowid) => {
            tx.prepare_cached(v.mark)?.execute(params![rowid, hub_version])?;
        }
        None => {
            let number: i64 = tx.prepare_cached(v.next)?.query_row([id], |r| r.get(0))?;
            let (data, saved_at) = add(number)?;
            tx.prepare_cached(v.insert)?.execute(params![id, number, data, saved_at, change_id, hub_version])?;
        }
    }
    let renumbered = renumber(tx, &v.numbering, id)?;
    let latest = if renumbered || mine.is_none() {
        Some(tx.prepare_cached(v.latest)?.query_row([id], |r| r.get(0))?)
    } else {
        None
    };
    Ok((mine.is_none(), latest))
}
