//! Staff sign-in, consent, export and erasure, the audit log, and a read-only database, through
//! the `onestop` command line.
#![allow(clippy::unwrap_used)]

mod common;

use std::process::Command;

use common::{Desk, LOGIN, PASSPHRASE, PIN};
use serde_json::Value;

const PERSON: &str = r#"{"name": "화양 분식", "owner_name": "홍길동", "phone": "010-2345-6789",
    "city": "서울", "district": "광진구", "full_time_workers": 1}"#;

fn run_as(desk: &Desk, login: &str, pin: &str, args: &[&str]) -> std::process::Output {
    desk.command_as(login, pin).args(args).output().unwrap()
}

#[test]
fn sign_in_is_required_and_staff_are_managed_by_managers() {
    let desk = Desk::new("staff");
    // No login: one clear line, exit 2.
    let out = Command::new(env!("CARGO_BIN_EXE_onestop"))
        .args(["--db", desk.db().to_str().unwrap(), "merchant", "list"])
        .env_remove("ONESTOP_STAFF")
        .env_remove("ONESTOP_PASSWORD")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--staff"));
    // A wrong PIN: refused, and the PIN is not echoed.
    let out = run_as(&desk, LOGIN, "999999", &["merchant", "list"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("wrong PIN") && !err.contains("999999"), "{err}");

    // A second set-up of the same desk is refused.
    let out = desk
        .command_as(LOGIN, PIN)
        .args(["staff", "init", "--login", "park", "--name", "박"])
        .env("ONESTOP_NEW_PASSWORD", "739215")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", String::from_utf8_lossy(&out.stderr));

    let add = |by: &str, pin: &str, login: &str, new: &str| {
        desk.command_as(by, pin)
            .args(["staff", "add", "--login", login, "--name", "이상담"])
            .env("ONESTOP_NEW_PASSWORD", new)
            .output()
            .unwrap()
    };
    let out = add(LOGIN, PIN, "lee", "1234");
    assert!(String::from_utf8_lossy(&out.stderr).contains("at least 6 digits"));
    assert!(add(LOGIN, PIN, "lee", "739215").status.success());
    let out = add("lee", "739215", "park", "739215");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not a manager"));

    let staff = desk.json(&["staff", "list", "--json"]);
    let logins: Vec<&str> = staff.as_array().unwrap().iter().map(|m| m["login"].as_str().unwrap()).collect();
    assert_eq!(logins, ["kim", "lee"]);
    assert!(run_as(&desk, "lee", "739215", &["merchant", "list"]).status.success());
    let out = run_as(&desk, "lee", "739215", &["audit"]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("only managers"));

    desk.ok(&["staff", "disable", "lee"]);
    let out = run_as(&desk, "lee", "739215", &["merchant", "list"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("disabled"));
    assert!(desk.ok(&["staff", "list"]).contains("(disabled)"));
}

#[test]
fn a_disabled_member_cannot_come_back_through_an_old_key_file_nor_promote_themselves() {
    let desk = Desk::new("revoke");
    let out = desk
        .command_as(LOGIN, PIN)
        .args(["staff", "add", "--login", "lee", "--name", "이상담"])
        .env("ONESTOP_NEW_PASSWORD", "739215")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let keys = onestop_core::vault::key_file_for(&desk.db());

    // lee edits the role in the key file: still staff.
    let text = std::fs::read_to_string(&keys).unwrap();
    std::fs::write(&keys, text.replace("\"role\": \"staff\"", "\"role\": \"manager\"")).unwrap();
    let out = run_as(&desk, "lee", "739215", &["audit"]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("only managers"), "{}", String::from_utf8_lossy(&out.stderr));
    std::fs::write(&keys, &text).unwrap();

    // A backup carries the key file as it was; then lee is disabled and a merchant added.
    let taken = desk.json(&["backup", "--json"]);
    let backup_keys = onestop_core::vault::key_file_for(std::path::Path::new(taken[0]["path"].as_str().unwrap()));
    desk.ok(&["staff", "disable", "lee"]);
    let p = desk.file("p.json", r#"{"name": "자양 떡집"}"#);
    desk.ok(&["merchant", "add", "--profile", p.to_str().unwrap()]);
    // Putting the backup's key file beside the database opens nothing for anyone.
    let now = std::fs::read(&keys).unwrap();
    std::fs::copy(&backup_keys, &keys).unwrap();
    for (login, pin) in [("lee", "739215"), (LOGIN, PIN)] {
        let out = run_as(&desk, login, pin, &["merchant", "list"]);
        assert_eq!(out.status.code(), Some(2), "{login} opened the data with an old key file");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("does not open with this desk's key"), "{err}");
    }
    std::fs::write(&keys, now).unwrap();
    assert!(desk.ok(&["merchant", "list"]).contains("자양 떡집"));
}

#[test]
fn set_up_shows_a_recovery_code_that_restores_the_desk_on_another_machine() {
    let desk = Desk::empty("recover");
    let db = desk.db();
    let out = Command::new(env!("CARGO_BIN_EXE_onestop"))
        .args(["--db", db.to_str().unwrap(), "staff", "init", "--login", LOGIN, "--name", "김관리"])
        .env("ONESTOP_NEW_PASSWORD", PIN)
        .env("ONESTOP_DESK_PASSPHRASE", PASSPHRASE)
        .env_remove("ONESTOP_DB")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let stdout = String::from_utf8(out.stdout).unwrap();
    let code = stdout.lines().skip_while(|l| !l.contains("recovery code")).nth(1).unwrap().to_string();
    assert_eq!(code.len(), 39, "{stdout}");
    let p = desk.file("p.json", r#"{"name": "자양 떡집"}"#);
    desk.ok(&["merchant", "add", "--profile", p.to_str().unwrap()]);

    // The right PIN without the desk passphrase opens nothing.
    let out =
        desk.command_as(LOGIN, PIN).env_remove("ONESTOP_DESK_PASSPHRASE").args(["merchant", "list"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("ONESTOP_DESK_PASSPHRASE"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    // The folder on another machine: the recovery code restores it under a new passphrase.
    let other = Desk::empty("recover-elsewhere");
    std::fs::copy(&db, other.db()).unwrap();
    std::fs::copy(onestop_core::vault::key_file_for(&db), onestop_core::vault::key_file_for(&other.db())).unwrap();
    let there = "다른 기계에서 새로 정한 데스크 암호";
    let recover = |code: &str| {
        Command::new(env!("CARGO_BIN_EXE_onestop"))
            .args(["--db", other.db().to_str().unwrap(), "staff", "recover", "--login", "park", "--name", "박관리"])
            .env("ONESTOP_RECOVERY_CODE", code)
            .env("ONESTOP_NEW_PASSWORD", "739215")
            .env("ONESTOP_DESK_PASSPHRASE", there)
            .env_remove("ONESTOP_DB")
            .output()
            .unwrap()
    };
    let out = recover("0000-1111-2222-3333-4444-5555-6666-7777");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("wrong recovery code"));
    let out = recover(&code.to_lowercase());
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let out = other
        .command_as("park", "739215")
        .env("ONESTOP_DESK_PASSPHRASE", there)
        .args(["merchant", "list"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("자양 떡집"), "{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn consent_export_erase_and_the_audit_trail() {
    let desk = Desk::new("consent");
    let p = desk.file("p.json", PERSON);
    let e = desk.bad(&["merchant", "add", "--profile", p.to_str().unwrap()]);
    assert!(e.contains("consent") && e.contains("owner_name, phone"), "{e}");
    assert_eq!(desk.count("merchant"), 0, "nothing half-written");
    let e = desk.bad(&["merchant", "add", "--profile", p.to_str().unwrap(), "--consent-on", "2026-02-30"]);
    assert!(e.contains("--consent-on") && e.contains("2026-02-30"), "{e}");
    let id = desk.ok(&["merchant", "add", "--profile", p.to_str().unwrap(), "--consent-on", "2026-11-02"]);
    let id = id.trim();
    desk.ok(&[
        "consult",
        "add",
        "--merchant",
        id,
        "--counselor",
        "김상담",
        "--channel",
        "counter",
        "--notes",
        "폐업 후 재기 상담",
    ]);
    desk.ok(&["merchant", "show", id]);

    // Export to a file: everything about them, consents included.
    let file = desk.dir.join("export.json");
    desk.ok(&["merchant", "export", id, "-o", file.to_str().unwrap()]);
    let x: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    assert_eq!(x["merchant"]["profile"]["owner_name"], "홍길동");
    assert_eq!(x["consents"][0]["given_on"], "2026-11-02");
    assert_eq!(x["consultations"][0][0]["notes"], "폐업 후 재기 상담");

    // Erasure needs --yes, then leaves nothing findable.
    let e = desk.bad(&["merchant", "erase", id]);
    assert!(e.contains("--yes"), "{e}");
    assert!(desk.ok(&["merchant", "erase", id, "--yes"]).contains("1 consultation"));
    assert_eq!(desk.count("merchant"), 0);
    let hits = desk.json(&["search", "재기 상담", "--json"]);
    assert!(hits.as_array().unwrap().iter().all(|h| h["kind"] == "program"), "{hits}");
    assert!(desk.json(&["search", "화양", "--json"]).as_array().unwrap().is_empty());

    let log = desk.json(&["audit", "--record", id, "--json"]);
    let actions: Vec<&str> = log.as_array().unwrap().iter().map(|a| a["action"].as_str().unwrap()).collect();
    assert_eq!(actions, ["erase", "export", "view", "change", "change"]);
    assert!(log.as_array().unwrap().iter().all(|a| a["staff"] == LOGIN));
    let all = desk.ok(&["audit", "--limit", "1000"]);
    assert!(!all.contains("홍길동") && !all.contains("010-2345"), "{all}");
}

#[test]
fn withdrawn_consent_removes_personal_fields() {
    let desk = Desk::new("withdraw");
    let p = desk.file("p.json", PERSON);
    let id = desk.ok(&["merchant", "add", "--profile", p.to_str().unwrap(), "--consent-on", "2026-11-02"]);
    let id = id.trim();
    desk.ok(&["merchant", "withdraw-consent", id, "--on", "2026-11-21"]);
    let m = desk.json(&["merchant", "show", id, "--json"]);
    assert!(m["profile"].get("owner_name").is_none() && m["profile"].get("phone").is_none(), "{m}");
    assert_eq!(m["profile"]["name"], "화양 분식");
    let e = desk.bad(&["merchant", "edit", id, "--profile", p.to_str().unwrap()]);
    assert!(e.contains("consent"), "{e}");
    desk.ok(&["merchant", "consent", id, "--consent-on", "2026-11-21"]);
    desk.ok(&["merchant", "edit", id, "--profile", p.to_str().unwrap()]);
}

/// Make a file read-only in a way that binds even for root (tests often run as root, for whom
/// permission bits do not): the immutable attribute as root, permission bits otherwise.
fn make_read_only(path: &std::path::Path, on: bool) {
    let root = Command::new("id").arg("-u").output().unwrap().stdout == b"0\n";
    if root {
        let st = Command::new("chattr").arg(if on { "+i" } else { "-i" }).arg(path).status().unwrap();
        assert!(st.success(), "chattr failed");
    } else {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(if on { 0o444 } else { 0o644 })).unwrap();
    }
    // Prove it binds: opening for writing must now fail.
    assert_eq!(std::fs::OpenOptions::new().append(true).open(path).is_err(), on, "{path:?} read-only={on}");
}

#[test]
fn a_read_only_database_is_one_clear_message_and_nothing_changes() {
    let desk = Desk::new("readonly");
    let p = desk.file("p.json", PERSON);
    desk.ok(&["merchant", "add", "--profile", p.to_str().unwrap(), "--consent-on", "2026-11-02"]);
    let before = std::fs::read(desk.db()).unwrap();
    make_read_only(&desk.db(), true);
    let out =
        desk.run(&["--lang", "en", "merchant", "add", "--profile", p.to_str().unwrap(), "--consent-on", "2026-11-02"]);
    let err = String::from_utf8(out.stderr).unwrap();
    let ko = desk.run(&["merchant", "add", "--profile", p.to_str().unwrap(), "--consent-on", "2026-11-02"]);
    let ko = String::from_utf8(ko.stderr).unwrap();
    make_read_only(&desk.db(), false);
    assert!(ko.starts_with("오류: 데이터베이스 오류: ") && ko.trim_end().lines().count() == 1, "{ko}");
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("cannot be written") && err.contains("nothing was saved"), "{err}");
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
    assert_eq!(std::fs::read(desk.db()).unwrap(), before, "the file is unchanged");
    assert_eq!(desk.count("merchant"), 1);
}

#[test]
fn audit_verify_says_ok_with_the_count_or_names_the_first_broken_line() {
    let desk = Desk::new("verify");
    let p = desk.file("p.json", PERSON);
    let id = desk.ok(&["merchant", "add", "--profile", p.to_str().unwrap(), "--consent-on", "2026-11-02"]);
    desk.ok(&["merchant", "show", id.trim()]);
    let out = desk.ok(&["audit", "--verify"]);
    // set-up, add (its consent and its change), show, and this command's own sign-in, at least.
    let n: u64 = out.strip_prefix("OK: ").and_then(|r| r.split(' ').next()).and_then(|n| n.parse().ok()).unwrap();
    assert!(n >= 5, "{out}");
    let check = desk.json(&["audit", "--verify", "--json"]);
    assert_eq!((check["lines"].as_u64(), check["broken"].is_null()), (Some(n + 1), true), "{check}");

    // Staff may not check it, like reading it.
    let add = desk
        .command_as(LOGIN, PIN)
        .args(["staff", "add", "--login", "lee", "--name", "이상담"])
        .env("ONESTOP_NEW_PASSWORD", "739215")
        .output()
        .unwrap();
    assert!(add.status.success());
    let out = run_as(&desk, "lee", "739215", &["audit", "--verify"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("only managers"));

    // One line's detail changed past the journal (with the desk's key: the file is encrypted).
    {
        let device = onestop_core::privacy::device_secret(&desk.db(), Some(PASSPHRASE)).unwrap();
        let s = onestop_core::privacy::sign_in_with(&desk.db(), LOGIN, PIN, device).unwrap();
        s.connection().execute("UPDATE audit_log SET detail = 'nothing happened' WHERE id = 3", []).unwrap();
    }
    let out = desk.run(&["audit", "--verify"]);
    assert_eq!(out.status.code(), Some(1), "the machine's fault, not the caller's");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.starts_with("BROKEN at line 3: ") && stdout.contains("changed"), "{stdout}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("audit log") && stderr.contains("line 3"), "{stderr}");
}
