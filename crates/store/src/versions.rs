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
