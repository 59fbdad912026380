//! `onestop backup` and `onestop restore` from the command line.

#![allow(clippy::unwrap_used)] // tests fail loudly by design

mod common;

use common::Desk;

#[test]
fn back_up_change_restore_and_list() {
    let desk = Desk::new("backup-cli");
    let p = desk.file("a.json", r#"{"name": "광진 커피", "city": "서울"}"#);
    desk.ok(&["merchant", "add", "--profile", p.to_str().unwrap()]);
    let taken = desk.json(&["backup", "--json"]);
    let file = taken[0]["path"].as_str().unwrap().to_string();
    assert!(file.contains("/backups/onestop-") && file.ends_with(".sqlite3"), "{file}");

    let q = desk.file("b.json", r#"{"name": "화양 분식", "city": "서울"}"#);
    desk.ok(&["merchant", "add", "--profile", q.to_str().unwrap()]);
    assert_eq!(desk.count("merchant"), 2);
    let out = desk.ok(&["restore", &file]);
    assert!(out.starts_with("restored ") && out.contains("the data it replaced is saved in"), "{out}");
    assert_eq!(desk.count("merchant"), 1, "back to the backup");
    assert_eq!(
        desk.json(&["backup", "--list", "--json"]).as_array().unwrap().len(),
        2,
        "the backup and the data replaced"
    );

    // A file that is not a backup: one line, exit 2, nothing changed.
    let junk = desk.file("junk.sqlite3", "not a database at all, but long enough to look like something");
    let e = desk.bad(&["restore", junk.to_str().unwrap()]);
    assert!(e.contains("junk.sqlite3") && e.contains("does not open with this desk's key"), "{e}");
    assert_eq!(desk.count("merchant"), 1);
}
