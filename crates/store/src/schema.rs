//! The schema: append-only migrations embedded in the binary, run in order, each in one
//! transaction and recorded in `PRAGMA user_version`; and opening a (possibly encrypted) file.

use std::path::Path;

use rusqlite::Connection;

use crate::{Error, Result};

/// The migrations, in order. Append only: a released migration is never edited.
pub const MIGRATIONS: &[(&str, &str)] = &[
    ("0001_init", include_str!("../migrations/0001_init.sql")),
    ("0002_program_provenance", include_str!("../migrations/0002_program_provenance.sql")),
    ("0003_privacy", include_str!("../migrations/0003_privacy.sql")),
    ("0004_sync", include_str!("../migrations/0004_sync.sql")),
    ("0005_search", include_str!("../migrations/0005_search.sql")),
    ("0006_report_indexes", include_str!("../migrations/0006_report_indexes.sql")),
    ("0007_catalogue_rev", include_str!("../migrations/0007_catalogue_rev.sql")),
];

/// Open a connection; with a key (its SQL literal), apply it first and prove it opens the file,
/// so a wrong key or a plain/foreign file gives one clear message instead of failing at the
/// first query.
pub fn open_connection(path: &Path, flags: rusqlite::OpenFlags, key_sql: Option<&str>) -> Result<Connection> {
    let conn = Connection::open_with_flags(path, flags)?;
    // SQLCipher would log a wrong key's failed page check to stderr; the error returned says it.
    let _level: String = conn.query_row("PRAGMA cipher_log_level = NONE", [], |r| r.get(0))?;
    if let Some(key) = key_sql {
        conn.pragma_update(None, "key", key)?;
        let readable = conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get::<_, i64>(0));
        if let Err(e) = readable {
            if e.sqlite_error_code() == Some(rusqlite::ErrorCode::NotADatabase) {
                return Err(Error::Denied(format!(
                    "{} does not open with this desk's key: it is not encrypted, belongs to another desk's key file, or is damaged",
                    path.display()
                )));
            }
            return Err(e.into());
        }
    }
    Ok(conn)
}

/// The schema version the database is at.
pub fn version(conn: &Connection) -> Result<usize> {
    Ok(conn.pragma_query_value(None, "user_version", |r| r.get::<_, i64>(0))? as usize)
}

/// Run pending migrations, each in its own transaction. Returns the version found. A database
/// from a newer build is refused, not modified.
pub fn migrate(conn: &mut Connection) -> Result<usize> {
    let current = version(conn)?;
    if current > MIGRATIONS.len() {
        return Err(Error::NewerSchema { found: current, known: MIGRATIONS.len() });
    }
    for (i, (_name, sql)) in MIGRATIONS.iter().enumerate().skip(current) {
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", (i + 1) as i64)?;
        tx.commit()?;
    }
    Ok(current)
}
