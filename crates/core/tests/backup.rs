//! Backups with the online backup API: checked copies, rotation, the schedule, and a restore
//! that brings back every row as it was.

#![allow(clippy::unwrap_used)] // tests fail loudly by design

use std::path::{Path, PathBuf};

use chrono::NaiveDateTime;
use onestop_core::backup::{self, Schedule};
use onestop_core::consultation::{Channel, ConsultationInput};
use onestop_core::{Profile, Store};
use rusqlite::types::Value;
use serde_json::json;

fn temp(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("onestop-backup-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// Every row of every table (FTS shadow tables included), in a stable order.
fn dump(conn: &rusqlite::Connection) -> Vec<(String, Vec<Vec<Value>>)> {
    let mut tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    // The contentless index itself reads as NULLs; its shadow tables hold what it stores.
    tables.retain(|t| t != "search_grams" && (!t.ends_with("_config") || !t.starts_with("search_grams")));
    tables
        .into_iter()
        .map(|t| {
            let mut stmt = conn.prepare(&format!("SELECT * FROM \"{t}\" ORDER BY 1, 2")).unwrap();
            let n = stmt.column_count();
            let rows = stmt
                .query_map([], |r| (0..n).map(|i| r.get::<_, Value>(i)).collect::<rusqlite::Result<Vec<_>>>())
                .unwrap()
                .collect::<rusqlite::Result<Vec<_>>>()
                .unwrap();
            (t, rows)
        })
        .collect()
}

/// The dump less the audit log and its head, which a restore carries over instead of rolling
/// back.
fn without_audit(mut d: Vec<(String, Vec<Vec<Value>>)>) -> Vec<(String, Vec<Vec<Value>>)> {
    d.retain(|(t, _)| t != "audit_log" && t != "audit_head");
    d
}

fn audit_of(d: &[(String, Vec<Vec<Value>>)]) -> Vec<Vec<Value>> {
    d.iter().find(|(t, _)| t == "audit_log").map(|(_, r)| r.clone()).unwrap()
}

/// The dump after a restore, checking its audit log is the one before the restore plus the
/// restore's own line.
fn after_restore(conn: &rusqlite::Connection, audit_before: &[Vec<Value>]) -> Vec<(String, Vec<Vec<Value>>)> {
    let d = dump(conn);
    let mut audit = audit_of(&d);
    // The head is the log's last line (id, count, hash): the restore's own line.
    let head = d.iter().find(|(t, _)| t == "audit_head").map(|(_, r)| r[0].clone()).unwrap();
    assert_eq!(
        head,
        [
            Value::Integer(1),
            audit.last().unwrap()[0].clone(),
            Value::Integer(audit.len() as i64),
            audit.last().unwrap()[7].clone(),
            Value::Integer(1)
        ]
    );
    let last = audit.pop().unwrap();
    assert_eq!(last[6], Value::Text("restored from backup".into()), "{last:?}");
    assert_eq!(audit, audit_before, "the audit log is carried over, not rolled back");
    without_audit(d)
}

fn fill(s: &mut Store, name: &str) {
    let m = s
        .add_merchant(
            Profile::from_json_value(
                &json!({"name": name, "city": "서울", "district": "광진구", "full_time_workers": 2}),
            )
            .unwrap(),
            None,
        )
        .unwrap();
    s.add_consultation(ConsultationInput {
        merchant_id: m.id,
        at: Some(NaiveDateTime::parse_from_str("2026-11-20 10:00", "%Y-%m-%d %H:%M").unwrap()),
        counselor: "김상담".into(),
        channel: Some(Channel::Counter),
        notes: format!("{name} 임대차 상담"),
        program_ids: vec!["gwangjin-onestop-legal-advice".into()],
        ..Default::default()
    })
    .unwrap();
}

#[test]
fn restore_brings_back_every_row_and_keeps_the_current_data_aside() {
    let dir = temp("restore");
    let mut s = Store::open(&dir.join("desk.sqlite3")).unwrap();
    fill(&mut s, "광진 커피");
    s.retire_program("seoul-2021-telework-voucher", true).unwrap();
    let before = dump(s.connection());
    let b = s.backup_into(&dir.join("backups"), 5).unwrap();
    assert_eq!(backup::verify(Path::new(&b.path), None).unwrap(), onestop_core::store::MIGRATIONS.len());
    assert!(b.bytes > 10_000);

    // Work goes on after the backup, then the backup is restored.
    fill(&mut s, "화양 분식");
    s.retire_program("seoul-2021-telework-voucher", false).unwrap();
    assert_ne!(dump(s.connection()), before);
    let during = dump(s.connection());
    let safety = s.restore_from(Path::new(&b.path), &dir.join("safety")).unwrap();
    let before = without_audit(before);
    assert_eq!(after_restore(s.connection(), &audit_of(&during)), before, "every row as it was at the backup");
    // The data replaced is not lost: it was backed up first.
    let kept = Store::open(Path::new(&safety.path)).unwrap();
    assert_eq!(dump(kept.connection()), during);
    // The restored file still works as a database and survives reopening.
    drop(s);
    let s = Store::open(&dir.join("desk.sqlite3")).unwrap();
    assert_eq!(after_restore(s.connection(), &audit_of(&during)), before);
    // Searched last: a search that shows merchants is itself an audit line.
    assert_eq!(s.search("화양", None, 10).unwrap().len(), 0, "the search index too");
    assert_eq!(s.search("광진 커피", None, 10).unwrap().len(), 2);
}

#[test]
fn a_bad_backup_is_refused_before_anything_changes() {
    let dir = temp("bad");
    let mut s = Store::open(&dir.join("desk.sqlite3")).unwrap();
    fill(&mut s, "광진 커피");
    let before = dump(s.connection());
    let junk = dir.join("junk.sqlite3");
    std::fs::write(&junk, vec![b'x'; 8192]).unwrap();
    let e = s.restore_from(&junk, &dir.join("safety")).unwrap_err().to_string();
    assert!(e.contains("junk.sqlite3") && e.contains("not an Onestop database"), "{e}");
    // A truncated backup (a copy cut short) is damaged.
    let b = s.backup_into(&dir.join("backups"), 5).unwrap();
    let bytes = std::fs::read(&b.path).unwrap();
    let cut = dir.join("cut.sqlite3");
    std::fs::write(&cut, &bytes[..bytes.len() / 2]).unwrap();
    assert!(s.restore_from(&cut, &dir.join("safety")).is_err());
    assert!(s
        .restore_from(&dir.join("missing.sqlite3"), &dir.join("safety"))
        .unwrap_err()
        .to_string()
        .contains("no such file"));
    assert_eq!(dump(s.connection()), before);
    assert!(backup::list(&dir.join("safety")).unwrap().is_empty(), "nothing was set aside either");
}

#[test]
fn backups_rotate_and_follow_the_schedule() {
    let dir = temp("rotate");
    let s = Store::open(&dir.join("desk.sqlite3")).unwrap();
    let backups = dir.join("backups");
    for _ in 0..4 {
        s.backup_into(&backups, 3).unwrap();
    }
    let all = backup::list(&backups).unwrap();
    assert_eq!(all.len(), 3, "the oldest beyond 3 are removed");
    // No partial files are left behind.
    assert_eq!(std::fs::read_dir(&backups).unwrap().count(), 3);

    let newest = all.last().unwrap().taken_at;
    let schedule = Schedule { every_hours: 24, keep: 3 };
    assert!(s.backup_if_due(&backups, schedule, newest + chrono::Duration::hours(23)).unwrap().is_none());
    let taken = s.backup_if_due(&backups, schedule, newest + chrono::Duration::hours(24)).unwrap();
    assert!(taken.is_some());
    assert_eq!(backup::list(&backups).unwrap().len(), 3);
    let empty = dir.join("none-yet");
    assert!(s.backup_if_due(&empty, schedule, newest).unwrap().is_some(), "no backup yet: take one");
}
