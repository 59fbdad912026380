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
    ("0008_staff", include_str!("../migrations/0008_staff.sql")),
    ("0009_audit_chain", include_str!("../migrations/0009_audit_chain.sql")),
    ("0010_sync_set_aside", include_str!("../migrations/0010_sync_set_aside.sql")),
    ("0011_program_author", include_str!("../migrations/0011_program_author.sql")),
    ("0012_search_secure_delete", include_str!("../migrations/0012_search_secure_delete.sql")),
    ("0013_applications", include_str!("../migrations/0013_applications.sql")),
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

/// Set up a connection for the desk: a busy wait, prepared statements kept, deleted records
/// overwritten, foreign keys on, WAL and `synchronous=FULL`.
pub fn configure(conn: &Connection) -> Result<()> {
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    // An import or a sync runs a dozen distinct statements per record, all kept prepared.
    conn.set_prepared_statement_cache_capacity(64);
    // Deleted records (an erased merchant) are overwritten, not left in free pages.
    conn.pragma_update(None, "secure_delete", true)?;
    conn.pragma_update(None, "foreign_keys", true)?;
    // WAL for concurrent readers (app and CLI share the file); FULL so a save that returned is on
    // disk even if the power fails.
    let _mode: String = conn.pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get(0))?;
    conn.pragma_update(None, "synchronous", "FULL")?;
    Ok(())
}

/// Re-encrypt the whole database under a new key (SQLCipher's `rekey`, one transaction).
pub fn rekey(conn: &Connection, key_sql: &str) -> Result<()> {
    conn.pragma_update(None, "rekey", key_sql)?;
    Ok(())
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

/// Export the plain database at `plain` into a new file `to` encrypted with the key (its SQL
/// literal), schema version included. The plain file is left as it was (its WAL folded in).
pub fn export_encrypted(plain: &Path, to: &Path, key_sql: &str) -> Result<()> {
    let conn = Connection::open(plain)?;
    // Fold the WAL into the file so the export sees everything.
    let _mode: String = conn.pragma_update_and_check(None, "journal_mode", "DELETE", |r| r.get(0))?;
    let version = version(&conn)?;
    let to_text = to.to_str().ok_or_else(|| Error::invalid("database path", to.display(), "is not UTF-8"))?;
    conn.execute("ATTACH DATABASE ?1 AS encrypted KEY ?2", rusqlite::params![to_text, key_sql])?;
    conn.query_row("SELECT sqlcipher_export('encrypted')", [], |_| Ok(()))?;
    conn.execute_batch(&format!("PRAGMA encrypted.user_version = {version}"))?;
    conn.execute("DETACH DATABASE encrypted", [])?;
    Ok(())
}

/// SQLite's integrity check: `ok`, or the first problem found.
pub fn integrity_check(conn: &Connection) -> Result<String> {
    Ok(conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))?)
}

/// Copy a live database page by page into `out` (a new file), which stands alone afterwards
/// (rollback journal, not WAL, so a backup is one file that can be carried and opened
/// read-only).
pub fn copy_into(src: &Connection, out: &mut Connection) -> Result<()> {
    {
        let b = rusqlite::backup::Backup::new(src, out)?;
        b.run_to_completion(256, std::time::Duration::from_millis(5), None)?;
    }
    let _mode: String = out.pragma_update_and_check(None, "journal_mode", "DELETE", |r| r.get(0))?;
    Ok(())
}
