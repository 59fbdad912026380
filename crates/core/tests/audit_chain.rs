//! The audit log as a hash chain: a line changed, removed or moved, or the last lines cut off,
//! is found by `Store::verify_audit_log`, which names the first broken line; the chain survives
//! a restore and an upgrade from before it.
#![allow(clippy::unwrap_used)]

#[path = "support/desk.rs"]
mod desk;
use desk::{guard, sign_in};

use std::path::PathBuf;

use onestop_core::privacy::{self, AuditBreak, AuditCheck};
use onestop_core::store::MIGRATIONS;
use onestop_core::{Profile, Store};
use serde_json::json;

fn temp(name: &str) -> PathBuf {
    desk::temp("audit-chain", name)
}

fn shop(name: &str) -> Profile {
    Profile::from_json_value(&json!({"name": name, "city": "서울", "district": "광진구"})).unwrap()
}

/// A log of a few lines: merchants added, viewed and listed.
fn used(s: &mut Store) {
    for name in ["광진 커피", "화양 분식", "자양 꽃집"] {
        let m = s.add_merchant(shop(name), None).unwrap();
        s.view_merchant(&m.id).unwrap();
    }
    s.view_merchants().unwrap();
}

fn ids(s: &Store) -> Vec<i64> {
    let mut stmt = s.connection().prepare("SELECT id FROM audit_log ORDER BY id").unwrap();
    stmt.query_map([], |r| r.get(0)).unwrap().collect::<rusqlite::Result<_>>().unwrap()
}

fn raw(s: &Store, sql: &str) {
    s.connection().execute_batch(sql).unwrap();
}

fn broken(s: &Store) -> AuditBreak {
    let check = s.verify_audit_log().unwrap();
    let lines = check.lines;
    check.broken.unwrap_or_else(|| panic!("the chain should be broken ({lines} lines check out)"))
}

#[test]
fn an_untouched_log_checks_out_with_its_count() {
    let mut s = Store::open_in_memory().unwrap();
    assert_eq!(s.verify_audit_log().unwrap(), AuditCheck { lines: 0, broken: None }, "an empty log");
    used(&mut s);
    let n = ids(&s).len();
    assert!(n >= 7, "{n}");
    assert_eq!(s.verify_audit_log().unwrap(), AuditCheck { lines: n as u64, broken: None });
    let hashes: i64 = s.connection().query_row("SELECT count(DISTINCT hash) FROM audit_log", [], |r| r.get(0)).unwrap();
    assert_eq!(hashes as usize, n, "every line has its own hash");
}

#[test]
fn a_line_edited_by_hand_is_found() {
    let mut s = Store::open_in_memory().unwrap();
    used(&mut s);
    let ids = ids(&s);
    let middle = ids[ids.len() / 2];
    raw(&s, &format!("UPDATE audit_log SET detail = 'nothing to see' WHERE id = {middle}"));
    let b = broken(&s);
    assert_eq!(b.id, middle, "{b:?}");
    assert!(b.problem.contains("changed"), "{b:?}");
    // Lines written afterwards do not hide it.
    s.view_merchants().unwrap();
    assert_eq!(broken(&s).id, middle);
}

#[test]
fn a_line_removed_from_the_middle_is_found() {
    let mut s = Store::open_in_memory().unwrap();
    used(&mut s);
    let ids = ids(&s);
    let middle = ids[ids.len() / 2];
    raw(&s, &format!("DELETE FROM audit_log WHERE id = {middle}"));
    let b = broken(&s);
    assert_eq!(b.id, middle + 1, "the line after the gap no longer follows: {b:?}");
    assert!(b.problem.contains("missing") && b.problem.contains(&middle.to_string()), "{b:?}");
    assert_eq!(s.verify_audit_log().unwrap().lines as usize, ids.len() / 2, "lines before it check out");
}

#[test]
fn lines_moved_are_found() {
    let mut s = Store::open_in_memory().unwrap();
    used(&mut s);
    let ids = ids(&s);
    let (a, b) = (ids[1], ids[2]);
    // Swap two lines, each with its hash.
    raw(
        &s,
        &format!(
            "UPDATE audit_log SET id = -1 WHERE id = {a}; UPDATE audit_log SET id = {a} WHERE id = {b};
             UPDATE audit_log SET id = {b} WHERE id = -1;"
        ),
    );
    assert_eq!(broken(&s).id, a);
}

/// What a chain can and cannot tell about its end: removing the last lines leaves a shorter log
/// whose every line still follows the one before it, so the chain alone cannot see it. The
/// head (`audit_head`: the last line's id and hash and the count), written with each line in the
/// same transaction, can. Someone who rewrites the head too (they can write the database) is
/// not caught by anything stored in the same file.
#[test]
fn the_last_lines_cut_off_are_found() {
    let mut s = Store::open_in_memory().unwrap();
    used(&mut s);
    let ids = ids(&s);
    let last = *ids.last().unwrap();
    raw(&s, &format!("DELETE FROM audit_log WHERE id >= {}", last - 1));
    let b = broken(&s);
    assert_eq!(b.id, last - 1, "{b:?}");
    assert!(b.problem.contains("last lines were removed"), "{b:?}");
    assert_eq!(s.verify_audit_log().unwrap().lines as usize, ids.len() - 2);

    // A line written afterwards (taking the removed line's id) does not hide it either.
    s.view_merchants().unwrap();
    let b = broken(&s);
    assert_eq!(b.id, last - 1, "{b:?}");
}

#[test]
fn a_line_written_past_the_journal_is_found() {
    let mut s = Store::open_in_memory().unwrap();
    used(&mut s);
    raw(
        &s,
        "INSERT INTO audit_log(at, staff, action, record_kind, record_id, detail)
         VALUES ('2026-11-21 10:00:00', 'kim', 'view', 'merchant', 'x', '')",
    );
    let last = *ids(&s).last().unwrap();
    let b = broken(&s);
    assert_eq!(b.id, last);
    assert!(b.problem.contains("no hash"), "{b:?}");
}

#[test]
fn the_chain_stays_valid_through_a_restore() {
    let dir = temp("restore");
    let mut s = Store::open(&dir.join("desk.sqlite3")).unwrap();
    used(&mut s);
    let m = s.add_merchant(shop("성수 공방"), None).unwrap();
    let backup = PathBuf::from(s.backup_into(&dir.join("backups"), 5).unwrap().path);
    s.view_merchants().unwrap();
    s.erase_merchant(&m.id).unwrap();
    let before = ids(&s).len();

    s.restore_from(&backup, &dir.join("safety")).unwrap();
    let check = s.verify_audit_log().unwrap();
    assert_eq!(check.broken, None, "{check:?}");
    // Everything up to the restore, the restore itself and the erasure applied again.
    assert_eq!(check.lines as usize, ids(&s).len());
    assert_eq!(ids(&s).len(), before + 2);
    s.view_merchants().unwrap();
    assert_eq!(s.verify_audit_log().unwrap().broken, None, "lines after the restore chain on");

    // A log broken before a restore stays broken after it: the carried lines are not hashed again.
    let first = ids(&s)[0];
    raw(&s, &format!("UPDATE audit_log SET staff = 'nobody' WHERE id = {first}"));
    s.restore_from(&backup, &dir.join("safety")).unwrap();
    assert_eq!(broken(&s).id, first);
    drop(s);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn lines_written_before_the_chain_are_chained_at_the_upgrade() {
    let dir = temp("upgrade");
    let db = dir.join("desk.sqlite3");
    let before_chain = MIGRATIONS.iter().position(|(name, _)| *name == "0009_audit_chain").unwrap();
    {
        let conn = rusqlite::Connection::open(&db).unwrap();
        for (i, (_, sql)) in MIGRATIONS[..before_chain].iter().enumerate() {
            conn.execute_batch(sql).unwrap();
            conn.pragma_update(None, "user_version", (i + 1) as i64).unwrap();
        }
        for n in 0..5 {
            conn.execute(
                "INSERT INTO audit_log(at, staff, action, record_kind, record_id, detail)
                 VALUES ('2026-11-20 10:00:00', 'kim', 'view', 'merchant', ?1, '')",
                [format!("m{n}")],
            )
            .unwrap();
        }
    }
    let s = Store::open(&db).unwrap();
    assert_eq!(s.verify_audit_log().unwrap(), AuditCheck { lines: 5, broken: None });
    s.view_merchants().unwrap();
    assert_eq!(s.verify_audit_log().unwrap(), AuditCheck { lines: 6, broken: None });
    raw(&s, "UPDATE audit_log SET record_id = 'm9' WHERE id = 2");
    assert_eq!(broken(&s).id, 2);
    drop(s);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn staff_may_not_check_the_log() {
    let dir = temp("staff");
    let db = dir.join("desk.sqlite3");
    let first = onestop_core::vault::NewStaff {
        login: "kim".into(),
        name: "김관리".into(),
        role: onestop_core::vault::Role::Manager,
        secret: "482913".into(),
    };
    let mut s = privacy::set_up(&db, &first, &guard()).unwrap().store;
    s.add_staff(&onestop_core::vault::NewStaff {
        login: "lee".into(),
        name: "이상담".into(),
        role: onestop_core::vault::Role::Staff,
        secret: "739215".into(),
    })
    .unwrap();
    assert_eq!(s.verify_audit_log().unwrap().broken, None);
    drop(s);
    let lee = sign_in(&db, "lee", "739215").unwrap();
    let e = lee.verify_audit_log().unwrap_err();
    assert!(matches!(e, onestop_core::Error::Denied(_)) && e.to_string().contains("lee"), "{e}");
    drop(lee);
    std::fs::remove_dir_all(&dir).unwrap();
}
