//! When the database file fails — full, locked, corrupt — the message says what happened and
//! what to do, and no record is written in part.

#![allow(clippy::unwrap_used)] // tests fail loudly by design

use std::path::PathBuf;

use onestop_core::consultation::{Channel, ConsultationInput};
use onestop_core::{Error, Profile, Store};
use serde_json::json;

fn temp(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("onestop-fail-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn count(s: &Store, table: &str) -> i64 {
    s.connection().query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0)).unwrap()
}

fn consultation(merchant_id: &str, notes: String) -> ConsultationInput {
    ConsultationInput {
        merchant_id: merchant_id.into(),
        counselor: "김상담".into(),
        channel: Some(Channel::Counter),
        notes,
        program_ids: vec!["gwangjin-onestop-legal-advice".into()],
        ..Default::default()
    }
}

#[test]
fn a_full_database_refuses_the_save_whole_with_a_clear_message() {
    let dir = temp("full");
    let mut s = Store::open(&dir.join("desk.sqlite3")).unwrap();
    let m = s.add_merchant(Profile::from_json_value(&json!({"name": "광진 커피"})).unwrap(), None).unwrap();
    // The database may not grow: the next page it needs is a full disk to SQLite.
    let pages: i64 = s.connection().query_row("PRAGMA page_count", [], |r| r.get(0)).unwrap();
    s.connection().pragma_update(None, "max_page_count", pages).unwrap();
    let before: Vec<i64> =
        ["consultations", "consultation_versions", "consultation_programs", "search_docs"].map(|t| count(&s, t)).into();
    let mut failed = None;
    for i in 0..200 {
        if let Err(e) = s.add_consultation(consultation(&m.id, format!("{i} {}", "임대차 분쟁 상담 ".repeat(200))))
        {
            failed = Some(e);
            break;
        }
    }
    let e = failed.expect("the database never filled up");
    assert!(matches!(e, Error::Db(_)));
    let msg = e.to_string();
    assert!(msg.contains("full") && msg.contains("nothing was saved"), "{msg}");
    // Whatever was saved before is whole; the failed save left nothing.
    let ids: i64 = count(&s, "consultations");
    assert!(ids >= before[0]);
    assert_eq!(count(&s, "consultation_versions"), ids);
    assert_eq!(count(&s, "consultation_programs"), ids);
    let check: String = s.connection().query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
    assert_eq!(check, "ok");
}

#[test]
fn a_locked_database_says_so_and_writes_nothing() {
    let dir = temp("locked");
    let path = dir.join("desk.sqlite3");
    let mut s = Store::open(&path).unwrap();
    let m = s.add_merchant(Profile::from_json_value(&json!({"name": "광진 커피"})).unwrap(), None).unwrap();
    s.connection().busy_timeout(std::time::Duration::from_millis(200)).unwrap();
    let other = rusqlite::Connection::open(&path).unwrap();
    other.execute_batch("BEGIN EXCLUSIVE").unwrap();
    let e = s.add_consultation(consultation(&m.id, "잠긴 동안".into())).unwrap_err().to_string();
    assert!(e.contains("in use by another program") && e.contains("nothing was saved"), "{e}");
    other.execute_batch("ROLLBACK").unwrap();
    assert_eq!(count(&s, "consultations"), 0);
    s.add_consultation(consultation(&m.id, "풀린 뒤".into())).unwrap();
    assert_eq!(count(&s, "consultations"), 1);
}

#[test]
fn a_corrupt_file_is_named_as_such() {
    let dir = temp("corrupt");
    let path = dir.join("desk.sqlite3");
    std::fs::write(&path, vec![0x5a; 16384]).unwrap();
    let e = Store::open(&path).err().unwrap().to_string();
    assert!(e.contains("not an Onestop database, or it is damaged"), "{e}");
}
