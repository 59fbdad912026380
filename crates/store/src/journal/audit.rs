//! The audit log (tables `audit_log` and `audit_head`), written only here: who did what to which
//! record, when. Records are named by id, never by personal data.
//!
//! The log is a hash chain: each line's `hash` is SHA-256 over the hash of the line before it
//! and this line's content, so editing, removing or moving any line breaks the chain at that
//! line or the one after it ([`verify`]). What a chain cannot show is that its last lines were
//! cut off — the lines left still chain — so `audit_head` keeps the last line's id and hash and
//! the number of lines, written with every line in the same transaction: a log that ends before
//! its head is found too.
//!
//! What it does not do: the hash has no secret, and the head lives in the same file, so someone
//! who can write the database with SQL (they hold its key) can rewrite the whole chain and the
//! head consistently. The chain finds changes made past the journal by a tool or by hand that
//! did not also recompute every hash after them; holding a copy of the head elsewhere (a backup,
//! a printed check) is what shows a wholesale rewrite.

use chrono::NaiveDateTime;
use rusqlite::{params, Connection, OptionalExtension};
use sha2::{Digest, Sha256};

use crate::Result;
use onestop_domain::audit::{AuditBreak, AuditCheck, AuditEntry, AuditFilter};

/// One line, chained to the line before it, and the head moved to it. Outside a transaction
/// (a view) it runs in its own, which takes the write lock before reading the head, so two
/// processes writing lines at once cannot both chain to the same line.
pub(super) fn line(
    conn: &Connection,
    at: NaiveDateTime,
    staff: &str,
    action: &str,
    kind: &str,
    id: &str,
    detail: &str,
) -> Result<()> {
    conn.execute_batch("SAVEPOINT audit_line")?;
    let written = append(conn, at, staff, action, kind, id, detail);
    match written {
        Ok(()) => conn.execute_batch("RELEASE audit_line")?,
        Err(_) => conn.execute_batch("ROLLBACK TO audit_line; RELEASE audit_line")?,
    }
    written
}

fn append(
    conn: &Connection,
    at: NaiveDateTime,
    staff: &str,
    action: &str,
    kind: &str,
    id: &str,
    detail: &str,
) -> Result<()> {
    // The insert first: it takes the write lock, so the head read next is the newest.
    conn.prepare_cached(
        "INSERT INTO audit_log(at, staff, action, record_kind, record_id, detail) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![at, staff, action, kind, id, detail])?;
    let line_id = conn.last_insert_rowid();
    // A missing head (removed by hand) chains from nothing, which the check then reports.
    let prev: String = conn
        .prepare_cached("SELECT hash FROM audit_head WHERE id = 1")?
        .query_row([], |r| r.get(0))
        .optional()?
        .unwrap_or_default();
    let hash = line_hash(&prev, &stored(conn, line_id)?);
    conn.prepare_cached("UPDATE audit_log SET hash = ?2 WHERE id = ?1")?.execute(params![line_id, hash])?;
    conn.prepare_cached("UPDATE audit_head SET last_id = ?1, lines = lines + 1, hash = ?2 WHERE id = 1")?
        .execute(params![line_id, hash])?;
    Ok(())
}

/// A line's content as stored (every column as its text), which is what is hashed.
struct Stored {
    id: i64,
    fields: [String; 6],
}

const STORED: &str = "SELECT id, CAST(at AS TEXT), staff, action, record_kind, record_id, detail, hash FROM audit_log";

fn stored_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<(Stored, Option<String>)> {
    Ok((
        Stored { id: r.get(0)?, fields: [r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?] },
        r.get(7)?,
    ))
}

fn stored(conn: &Connection, id: i64) -> Result<Stored> {
    let (line, _) = conn.prepare_cached(&format!("{STORED} WHERE id = ?1"))?.query_row([id], stored_row)?;
    Ok(line)
}

/// SHA-256 over the previous line's hash and this line's id and fields, each field preceded by
/// its length so no two different lines hash the same text; lowercase hex.
fn line_hash(prev: &str, line: &Stored) -> String {
    let mut h = Sha256::new();
    h.update(prev.as_bytes());
    h.update(line.id.to_be_bytes());
    for f in &line.fields {
        h.update((f.len() as u64).to_be_bytes());
        h.update(f.as_bytes());
    }
    format!("{:x}", h.finalize())
}

/// The head: the last line's id, the number of lines, the last hash, and whether the lines
/// written before the chain existed have been chained.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Head {
    pub last_id: i64,
    pub lines: i64,
    pub hash: String,
    pub chained: bool,
}

fn head(conn: &Connection) -> Result<Option<Head>> {
    Ok(conn
        .prepare_cached("SELECT last_id, lines, hash, chained FROM audit_head WHERE id = 1")?
        .query_row([], |r| Ok(Head { last_id: r.get(0)?, lines: r.get(1)?, hash: r.get(2)?, chained: r.get(3)? }))
        .optional()?)
}

/// Whether lines written before the chain existed still wait to be chained (after the migration
/// that added it).
pub fn unchained(conn: &Connection) -> Result<bool> {
    Ok(head(conn)?.is_some_and(|h| !h.chained))
}

/// Chain the lines written before the chain existed (those without a hash), in order, and set
/// the head; once, after the migration that added the chain. Lines already chained are left as
/// they are.
pub fn chain_existing(conn: &mut Connection) -> Result<()> {
    let tx = conn.transaction()?;
    let (mut prev, mut last_id, mut lines) = (String::new(), 0i64, 0i64);
    {
        let mut stmt = tx.prepare(&format!("{STORED} ORDER BY id"))?;
        let mut update = tx.prepare("UPDATE audit_log SET hash = ?2 WHERE id = ?1")?;
        let rows: Vec<(Stored, Option<String>)> = stmt.query_map([], stored_row)?.collect::<rusqlite::Result<_>>()?;
        for (line, hash) in rows {
            let hash = match hash {
                Some(h) => h,
                None => {
                    let h = line_hash(&prev, &line);
                    update.execute(params![line.id, h])?;
                    h
                }
            };
            (prev, last_id, lines) = (hash, line.id, lines + 1);
        }
    }
    tx.execute(
        "UPDATE audit_head SET last_id = ?1, lines = ?2, hash = ?3, chained = 1 WHERE id = 1",
        params![last_id, lines, prev],
    )?;
    tx.commit()?;
    Ok(())
}

/// Walk the whole log, oldest first, and report the first line where the chain breaks: a line
/// whose hash does not follow from the line before it and its own content (it was edited, or a
/// line before it was removed or moved), a line without a hash (written past the journal), or a
/// log that ends before its head says (its last lines were removed).
pub fn verify(conn: &Connection) -> Result<AuditCheck> {
    let mut stmt = conn.prepare(&format!("{STORED} ORDER BY id"))?;
    let mut rows = stmt.query([])?;
    let (mut prev, mut prev_id, mut lines) = (String::new(), 0i64, 0u64);
    let broken =
        |id: i64, problem: String, lines: u64| Ok(AuditCheck { lines, broken: Some(AuditBreak { id, problem }) });
    while let Some(r) = rows.next()? {
        let (line, hash) = stored_row(r)?;
        let Some(hash) = hash else {
            return broken(line.id, "has no hash: it was written past the journal".into(), lines);
        };
        if line_hash(&prev, &line) != hash {
            let problem = if line.id > prev_id + 1 {
                format!(
                    "does not follow the line before it: line(s) {} to {} before it are missing",
                    prev_id + 1,
                    line.id - 1
                )
            } else {
                "does not match its hash: this line was changed, or the line before it was removed or moved".to_string()
            };
            return broken(line.id, problem, lines);
        }
        (prev, prev_id, lines) = (hash, line.id, lines + 1);
    }
    let Some(head) = head(conn)? else {
        return broken(prev_id + 1, "the log's head (its last line and count) is missing".into(), lines);
    };
    if head.last_id != prev_id || head.hash != prev || head.lines != lines as i64 {
        let problem = if head.last_id > prev_id {
            format!(
                "is missing: the log ends at line {prev_id} ({lines} line(s)) but line {} was written ({} line(s)): its last lines were removed",
                head.last_id, head.lines
            )
        } else {
            format!(
                "the log ends at line {prev_id} ({lines} line(s)), which is not the last line written (line {}, {} line(s))",
                head.last_id, head.lines
            )
        };
        return broken(prev_id + 1, problem, lines);
    }
    Ok(AuditCheck { lines, broken: None })
}

/// The whole log as it stands, carried over a restore: every line as stored (ids and hashes
/// included) and the head.
pub struct Carried {
    lines: Vec<(Stored, Option<String>)>,
    head: Option<Head>,
}

impl Carried {
    /// The merchants the log says were erased, oldest first.
    pub fn erased_merchants(&self) -> Vec<String> {
        self.lines
            .iter()
            .filter(|(l, _)| l.fields[2] == "erase" && l.fields[3] == "merchant")
            .map(|(l, _)| l.fields[4].clone())
            .collect()
    }
}

/// The whole log with its ids, hashes and head, to carry over a restore.
pub fn carried(conn: &Connection) -> Result<Carried> {
    let mut stmt = conn.prepare(&format!("{STORED} ORDER BY id"))?;
    let lines = stmt.query_map([], stored_row)?.collect::<rusqlite::Result<_>>()?;
    Ok(Carried { lines, head: head(conn)? })
}

/// After a restore: the log as it was before it (its lines as stored, with their ids and
/// hashes, and its head), replacing the backup's. Nothing is hashed again, so the chain stays as
/// valid — or as broken — as it was.
pub fn carry_over(tx: &Connection, log: &Carried) -> Result<()> {
    tx.execute("DELETE FROM audit_log", [])?;
    let mut ins = tx.prepare(
        "INSERT INTO audit_log(id, at, staff, action, record_kind, record_id, detail, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?;
    for (l, hash) in &log.lines {
        let [at, staff, action, kind, id, detail] = &l.fields;
        ins.execute(params![l.id, at, staff, action, kind, id, detail, hash])?;
    }
    tx.execute("DELETE FROM audit_head", [])?;
    if let Some(h) = &log.head {
        tx.execute(
            "INSERT INTO audit_head(id, last_id, lines, hash, chained) VALUES (1, ?1, ?2, ?3, ?4)",
            params![h.last_id, h.lines, h.hash, h.chained],
        )?;
    }
    Ok(())
}

// ----- reads ---------------------------------------------------------------------------------

/// A row of `SELECT at, staff, action, record_kind, record_id, detail FROM audit_log`.
fn entry(r: &rusqlite::Row<'_>) -> rusqlite::Result<AuditEntry> {
    Ok(AuditEntry {
        at: r.get(0)?,
        staff: r.get(1)?,
        action: r.get(2)?,
        record_kind: r.get(3)?,
        record_id: r.get(4)?,
        detail: r.get(5)?,
    })
}

/// The log, newest first, filtered (at most `limit` lines; 500 when none is given).
pub fn filtered(conn: &Connection, f: &AuditFilter) -> Result<Vec<AuditEntry>> {
    let mut stmt = conn.prepare_cached(
        "SELECT at, staff, action, record_kind, record_id, detail FROM audit_log
          WHERE (?1 IS NULL OR record_id = ?1) AND (?2 IS NULL OR staff = ?2) AND (?3 IS NULL OR at >= ?3)
          ORDER BY id DESC LIMIT ?4",
    )?;
    let since = f.since.map(|d| d.and_hms_opt(0, 0, 0).unwrap_or_default());
    let rows = stmt.query_map(params![f.record_id, f.staff, since, i64::from(f.limit.unwrap_or(500))], entry)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Every line about one record, oldest first.
pub fn of_record(conn: &Connection, record_id: &str) -> Result<Vec<AuditEntry>> {
    let mut stmt = conn.prepare_cached(
        "SELECT at, staff, action, record_kind, record_id, detail FROM audit_log WHERE record_id = ?1 ORDER BY id",
    )?;
    let rows = stmt.query_map([record_id], entry)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
