//! The desk's settings (table `settings`): key and value text.

use rusqlite::{params, Connection, OptionalExtension};

use crate::Result;

/// A setting's value, if set.
pub fn get(conn: &Connection, key: &str) -> Result<Option<String>> {
    Ok(conn.prepare_cached("SELECT value FROM settings WHERE key = ?1")?.query_row([key], |r| r.get(0)).optional()?)
}

/// Set a setting (replacing its value).
pub fn set(conn: &Connection, key: &str, value: &str) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO settings(key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
    )?
    .execute(params![key, value])?;
    Ok(())
}

/// Remove a setting.
pub fn remove(conn: &Connection, key: &str) -> Result<()> {
    conn.prepare_cached("DELETE FROM settings WHERE key = ?1")?.execute([key])?;
    Ok(())
}
