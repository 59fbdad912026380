//! Online backups with SQLite's backup API, rotation, a schedule, and restore. A backup is
//! written beside its final name, checked (`integrity_check`, schema version) and only then
//! renamed into place, so a backup folder never holds a half-written file under a backup's name.

use std::path::{Path, PathBuf};

use chrono::NaiveDateTime;
use rusqlite::{Connection, OpenFlags};

use serde::Serialize;

use crate::store::{Store, MIGRATIONS};
use crate::vault::DbKey;
use crate::{Error, Result};

const PREFIX: &str = "onestop-";
const SUFFIX: &str = ".sqlite3";
const STAMP: &str = "%Y%m%d-%H%M%S";

/// One backup file.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct BackupInfo {
    pub path: String,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub bytes: u64,
    /// When it was taken (from its name).
    pub taken_at: NaiveDateTime,
}

/// How often and how many: defaults a day and two weeks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Schedule {
    pub every_hours: u32,
    pub keep: usize,
}

impl Default for Schedule {
    fn default() -> Self {
        Schedule { every_hours: 24, keep: 14 }
    }
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> Error + '_ {
    move |e| Error::Io { path: path.display().to_string(), source: e }
}

/// The backups in a folder, oldest first. Other files are ignored.
pub fn list(dir: &Path) -> Result<Vec<BackupInfo>> {
    Ok(entries(dir)?.into_iter().map(|(_, _, b)| b).collect())
}

/// Backups with their time and sequence within the second, oldest first.
fn entries(dir: &Path) -> Result<Vec<(NaiveDateTime, u32, BackupInfo)>> {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(vec![]),
        Err(e) => return Err(io(dir)(e)),
    };
    let mut out = Vec::new();
    for entry in entries {
        let entry = entry.map_err(io(dir))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(stamp) = name.strip_prefix(PREFIX).and_then(|n| n.strip_suffix(SUFFIX)) else { continue };
        // A second backup in the same second gets a "-2" suffix; the stamp is the first 15.
        let Ok(taken_at) = NaiveDateTime::parse_from_str(stamp.get(..15).unwrap_or(""), STAMP) else { continue };
        let seq: u32 = stamp.get(15..).and_then(|s| s.strip_prefix('-')).and_then(|n| n.parse().ok()).unwrap_or(1);
        let bytes = entry.metadata().map_err(io(&entry.path()))?.len();
        out.push((taken_at, seq, BackupInfo { path: entry.path().display().to_string(), bytes, taken_at }));
    }
    out.sort_by_key(|(at, seq, _)| (*at, *seq));
    Ok(out)
}

/// Check a database file without changing it: it opens (with `key` when the desk is
/// encrypted), `integrity_check` is ok, and its schema is one this build knows. Returns its
/// schema version.
pub fn verify(path: &Path, key: Option<&DbKey>) -> Result<usize> {
    let bad = |reason: String| Error::invalid("backup", path.display(), reason);
    if !path.is_file() {
        return Err(bad("no such file".into()));
    }
    let conn = crate::store::open_connection(path, OpenFlags::SQLITE_OPEN_READ_ONLY, key).map_err(|e| match e {
        Error::Denied(_) => bad("does not open with this desk's key (another desk's backup, or not a backup)".into()),
        e => bad(format!("cannot be opened: {e}")),
    })?;
    let check =
        onestop_store::schema::integrity_check(&conn).map_err(|e| bad(format!("is not an Onestop database: {e}")))?;
    if check != "ok" {
        return Err(bad(format!("is damaged: {check}")));
    }
    let version = onestop_store::schema::version(&conn)?;
    if version == 0 {
        return Err(bad("is not an Onestop database (no schema)".into()));
    }
    if version > MIGRATIONS.len() {
        return Err(bad(format!("was written by a newer Onestop (schema {version})")));
    }
    Ok(version)
}

impl Store {
    /// Back up the open database into `dir` with the online backup API (other readers and
    /// writers carry on), check the copy, then keep only the newest `keep` backups.
    pub fn backup_into(&self, dir: &Path, keep: usize) -> Result<BackupInfo> {
        crate::files::private_dir(dir).map_err(io(dir))?;
        let now = crate::clock::now();
        let stamp = now.format(STAMP).to_string();
        // Several in one second are numbered after the last one taken in that second.
        let seq = entries(dir)?.iter().filter(|(at, _, _)| *at == now).map(|(_, n, _)| n + 1).max().unwrap_or(1);
        let path = if seq == 1 {
            dir.join(format!("{PREFIX}{stamp}{SUFFIX}"))
        } else {
            dir.join(format!("{PREFIX}{stamp}-{seq}{SUFFIX}"))
        };
        let partial =
            dir.join(format!(".{}.partial", path.file_name().map(|f| f.to_string_lossy()).unwrap_or_default()));
        let _ = std::fs::remove_file(&partial);
        let written = copy_to(self.connection(), &partial, self.key()).and_then(|()| verify(&partial, self.key()));
        if let Err(e) = written {
            let _ = std::fs::remove_file(&partial);
            return Err(e);
        }
        std::fs::File::open(&partial).and_then(|f| f.sync_all()).map_err(io(&partial))?;
        std::fs::rename(&partial, &path).map_err(io(&path))?;
        if let Ok(d) = std::fs::File::open(dir) {
            let _ = d.sync_all();
        }
        // The backup opens only with the desk's key: keep the key file (sealed copies of the
        // key, one per staff PIN) beside it, so losing the laptop's file does not lose backups.
        if let Some(db) = self.path() {
            let keys = crate::vault::key_file_for(Path::new(&db));
            if keys.is_file() {
                let copy = crate::vault::key_file_for(&path);
                let bytes = std::fs::read(&keys).map_err(io(&keys))?;
                let mut f = crate::files::private_file(&copy).map_err(io(&copy))?;
                std::io::Write::write_all(&mut f, &bytes).and_then(|()| f.sync_all()).map_err(io(&copy))?;
            }
        }
        rotate(dir, keep)?;
        let bytes = std::fs::metadata(&path).map_err(io(&path))?.len();
        Ok(BackupInfo { path: path.display().to_string(), bytes, taken_at: now })
    }

    /// Back up when the newest backup in `dir` is older than the schedule says (or there is
    /// none). Returns the new backup, if one was taken.
    pub fn backup_if_due(&self, dir: &Path, schedule: Schedule, now: NaiveDateTime) -> Result<Option<BackupInfo>> {
        let newest = list(dir)?.pop();
        let due = newest.is_none_or(|b| now - b.taken_at >= chrono::Duration::hours(i64::from(schedule.every_hours)));
        if !due {
            return Ok(None);
        }
        self.backup_into(dir, schedule.keep).map(Some)
    }

    /// Replace this database's contents with a backup's. The backup is checked first; the
    /// current data is backed up into `safety_dir` before anything changes.
    ///
    /// The restored database is built in a staging file beside this one — the backup copied
    /// under this desk's current key, migrated if older, and given back what a restore must not
    /// roll back — and only then copied into place in one step (one write transaction), so a
    /// crash leaves either the data as it was or the data restored, never a mix. Not rolled
    /// back: the audit log (the current one, a superset of the backup's, is carried over, so a
    /// restore cannot hide who did what), the staff list and the keys retired by re-keys,
    /// erasures made on request after the backup was taken, and consents withdrawn since (both
    /// applied again). Only managers restore.
    pub fn restore_from(&mut self, src: &Path, safety_dir: &Path) -> Result<BackupInfo> {
        if let Some(m) = self.actor().filter(|m| m.role != crate::vault::Role::Manager) {
            return Err(Error::Denied(format!("{} is not a manager; only managers restore backups", m.login)));
        }
        let src_key = self.key_for_backup(src)?;
        verify(src, src_key.as_ref())?;
        let safety = self.backup_into(safety_dir, usize::MAX)?;
        let staging = match self.path() {
            Some(db) => PathBuf::from(format!("{db}.restoring")),
            None => safety_dir.join(".restoring.sqlite3"),
        };
        remove_with_journals(&staging);
        let built = self.build_restored(src, src_key.as_ref(), &staging);
        let copied = built.and_then(|staged| {
            let b = rusqlite::backup::Backup::new(staged.connection(), self.connection_mut())?;
            // All pages in one step: one write transaction on this database.
            b.step(-1)?;
            Ok(())
        });
        remove_with_journals(&staging);
        copied?;
        Ok(safety)
    }

    /// The restored database, finished, in `staging`.
    fn build_restored(&self, src: &Path, src_key: Option<&DbKey>, staging: &Path) -> Result<Store> {
        let carried = crate::privacy::Carried::read(self)?;
        {
            let from = crate::store::open_connection(src, OpenFlags::SQLITE_OPEN_READ_ONLY, src_key)?;
            copy_to(&from, staging, self.key())?;
        }
        let mut staged = Store::open_staging(staging, self.key().cloned())?;
        staged.set_actor_of(self);
        let name = src.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        crate::privacy::after_restore(&mut staged, &carried, &name)?;
        Ok(staged)
    }
}

fn remove_with_journals(path: &Path) {
    for side in ["", "-wal", "-shm", "-journal"] {
        let mut p = path.as_os_str().to_owned();
        p.push(side);
        let _ = std::fs::remove_file(PathBuf::from(p));
    }
}

/// Copy a live database page by page into a new file that stands alone (rollback journal, not
/// WAL, so the backup is one file that can be carried and opened read-only).
fn copy_to(src: &Connection, dest: &Path, key: Option<&DbKey>) -> Result<()> {
    let mut out = crate::store::open_connection(dest, OpenFlags::default(), key)?;
    onestop_store::schema::copy_into(src, &mut out)?;
    out.close().map_err(|(_, e)| Error::from(e))
}

/// Remove the oldest backups beyond `keep`.
fn rotate(dir: &Path, keep: usize) -> Result<()> {
    let all = list(dir)?;
    let extra = all.len().saturating_sub(keep.max(1));
    for b in &all[..extra] {
        let p = PathBuf::from(&b.path);
        std::fs::remove_file(&p).map_err(io(&p))?;
        let _ = std::fs::remove_file(crate::vault::key_file_for(&p));
    }
    Ok(())
}
