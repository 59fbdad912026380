//! Who may sign in (table `staff`): login, name, role and whether disabled. The key file only
//! holds sealed keys; this table, inside the encrypted database, decides roles and status.

use chrono::NaiveDateTime;
use rusqlite::{params, Connection, OptionalExtension};

use crate::Result;

/// One member as stored: `role` is `manager` or `staff`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    pub login: String,
    pub name: String,
    pub role: String,
    pub disabled: bool,
}

fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Row> {
    Ok(Row { login: r.get(0)?, name: r.get(1)?, role: r.get(2)?, disabled: r.get(3)? })
}

/// One member, if on the list.
pub fn get(conn: &Connection, login: &str) -> Result<Option<Row>> {
    Ok(conn
        .prepare_cached("SELECT login, name, role, disabled FROM staff WHERE login = ?1")?
        .query_row([login], row)
        .optional()?)
}

/// Everyone, by login.
pub fn all(conn: &Connection) -> Result<Vec<Row>> {
    let mut stmt = conn.prepare_cached("SELECT login, name, role, disabled FROM staff ORDER BY login")?;
    let rows = stmt.query_map([], row)?.collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// Add or replace a member.
pub fn put(conn: &Connection, m: &Row, at: NaiveDateTime) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO staff(login, name, role, disabled, changed_at) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT(login) DO UPDATE SET name = excluded.name, role = excluded.role,
             disabled = excluded.disabled, changed_at = excluded.changed_at",
    )?
    .execute(params![m.login, m.name, m.role, m.disabled, at.to_string()])?;
    Ok(())
}

/// Keep the key the database had before a re-key (as SQLCipher's key literal).
pub fn retire_key(conn: &Connection, key_sql: &str, at: NaiveDateTime) -> Result<()> {
    conn.prepare_cached("INSERT INTO retired_keys(retired_at, key) VALUES (?1, ?2)")?
        .execute(params![at.to_string(), key_sql])?;
    Ok(())
}

/// The keys the database had before, newest first.
pub fn retired_keys(conn: &Connection) -> Result<Vec<String>> {
    let mut stmt = conn.prepare_cached("SELECT key FROM retired_keys ORDER BY rowid DESC")?;
    let rows = stmt.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<Vec<String>>>()?;
    Ok(rows)
}

/// Put back the staff list and the retired keys as they were before a restore (a restore
/// brings back records, never a disabled member or a forgotten key).
pub fn carry_over(conn: &Connection, rows: &[Row], retired: &[String], at: NaiveDateTime) -> Result<()> {
    conn.execute("DELETE FROM staff", [])?;
    for m in rows {
        put(conn, m, at)?;
    }
    conn.execute("DELETE FROM retired_keys", [])?;
    for key in retired.iter().rev() {
        retire_key(conn, key, at)?;
    }
    Ok(())
}
