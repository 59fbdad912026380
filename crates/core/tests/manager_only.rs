//! The catalogue and the desk's settings are a manager's, enforced in the core: a signed-in
//! staff member who is not a manager is refused every program create, edit, retirement and
//! import and every settings write, and nothing is written; a manager's changes are logged with
//! their login (a setting by name, never its value), and each program version names its author.
#![allow(clippy::unwrap_used)]

#[path = "support/desk.rs"]
mod desk;
use desk::{guard, sign_in};

use std::path::PathBuf;

use onestop_core::privacy::{self, AuditEntry, AuditFilter};
use onestop_core::program::Criterion;
use onestop_core::vault::{NewStaff, Role};
use onestop_core::{Error, Store};
use serde_json::json;

fn temp(name: &str) -> PathBuf {
    desk::temp("manager-only", name)
}

fn sample(name: &str) -> String {
    std::fs::read_to_string(format!("{}/../../../shared/data/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

fn staff_program() -> onestop_core::Program {
    serde_json::from_value(json!({
        "id": "gwangjin-2026-market-signage",
        "name": {"ko": "전통시장 간판 개선 지원", "en": "Market signage renewal"},
        "kinds": ["grant"],
        "provider": {"ko": "광진구", "en": "Gwangjin-gu"},
        "stages": ["growth"],
        "summary": {"ko": "간판 교체 비용 일부 지원", "en": "Part of the cost of new signs"},
        "criteria": [{"type": "small_business"}],
        "window": {"opens_on": "2026-11-01", "closes_on": "2026-12-15"},
        "source": {"file": "staff entry", "dated": "2026-11"}
    }))
    .unwrap()
}

const BUNDLED: &str = "gwangjin-onestop-legal-advice";

/// A desk with a manager (kim) and a staff member (lee).
fn desk(name: &str) -> PathBuf {
    let db = temp(name).join("desk.sqlite3");
    let kim = NewStaff { login: "kim".into(), name: "김관리".into(), role: Role::Manager, secret: "482913".into() };
    let mut s = privacy::set_up(&db, &kim, &guard()).unwrap().store;
    s.add_staff(&NewStaff {
        login: "lee".into(), name: "이상담".into(), role: Role::Staff, secret: "739215".into()
    })
    .unwrap();
    db
}

fn denied(r: Result<impl std::fmt::Debug, Error>, what: &str) {
    match r {
        Err(Error::Denied(why)) => {
            assert!(why.contains("lee") && why.contains("not a manager") && why.contains(what), "{why}")
        }
        other => panic!("{what}: expected a refusal, got {other:?}"),
    }
}

fn log(s: &Store) -> Vec<AuditEntry> {
    s.audit_log(&AuditFilter { limit: Some(10_000), ..Default::default() }).unwrap()
}

/// The authors of a program's versions, oldest first.
fn authors(s: &Store, id: &str) -> Vec<Option<String>> {
    let mut stmt =
        s.connection().prepare("SELECT author FROM program_versions WHERE program_id = ?1 ORDER BY version").unwrap();
    stmt.query_map([id], |r| r.get(0)).unwrap().collect::<rusqlite::Result<_>>().unwrap()
}

#[test]
fn staff_may_not_change_the_catalogue_or_the_settings() {
    let db = desk("staff");
    let mut lee = sign_in(&db, "lee", "739215").unwrap();
    let programs = lee.programs(&Default::default()).unwrap();
    let versions: i64 = lee.connection().query_row("SELECT count(*) FROM program_versions", [], |r| r.get(0)).unwrap();

    denied(lee.create_program(staff_program()), "create programs (gwangjin-2026-market-signage)");
    let mut edited = lee.program(BUNDLED).unwrap();
    edited.name.en = "Edited".into();
    denied(lee.edit_program(edited), &format!("edit programs ({BUNDLED})"));
    denied(lee.set_program_criteria(BUNDLED, vec![Criterion::SmallBusiness]), "edit programs");
    denied(lee.retire_program(BUNDLED, true), &format!("retire programs ({BUNDLED})"));
    denied(onestop_core::bizinfo::import_body(&mut lee, &sample("bizinfo-api-sample.json")), "import programs");
    denied(onestop_core::kstartup::import_body(&mut lee, &sample("kstartup-api-sample.json")), "import programs");
    denied(lee.load_catalogue(&[staff_program()]), "load programs");

    denied(lee.set_setting("desk.center", "다른 센터"), "change settings (desk.center)");
    let desk = onestop_core::views::DeskSettings { center: "다른 센터".into(), ..Default::default() };
    denied(lee.save_desk_settings(&desk), "change settings");
    let mut feed = lee.feed_settings().unwrap();
    feed.key = "SECRET-API-KEY-1234".into();
    denied(lee.save_feed_settings(&feed), "change settings");

    // Nothing was written.
    assert_eq!(lee.programs(&Default::default()).unwrap(), programs);
    let after: i64 = lee.connection().query_row("SELECT count(*) FROM program_versions", [], |r| r.get(0)).unwrap();
    assert_eq!(after, versions);
    assert_eq!(lee.setting("desk.center").unwrap(), None);
    assert_eq!(lee.feed_settings().unwrap().key, "");

    // Staff still mark the new programs seen (their own place in the list, not a setting).
    lee.mark_calls_seen(chrono::NaiveDateTime::parse_from_str("2026-11-21 10:00", "%Y-%m-%d %H:%M").unwrap()).unwrap();
    std::fs::remove_dir_all(db.parent().unwrap()).unwrap();
}

#[test]
fn a_managers_catalogue_changes_are_logged_with_their_login_and_versions_name_the_author() {
    let db = desk("manager");
    let mut kim = sign_in(&db, "kim", "482913").unwrap();
    let p = kim.create_program(staff_program()).unwrap();
    let mut edited = p.clone();
    edited.name.en = "Market signage renewal 2026".into();
    kim.edit_program(edited).unwrap();
    kim.retire_program(&p.id, true).unwrap();
    kim.retire_program(&p.id, false).unwrap();
    let summary = onestop_core::bizinfo::import_body(&mut kim, &sample("bizinfo-api-sample.json")).unwrap();
    assert!(summary.imported > 0);

    let lines = log(&kim);
    let changes: Vec<&str> = lines
        .iter()
        .rev()
        .filter(|a| a.record_kind == "program" && a.record_id == p.id)
        .map(|a| {
            assert_eq!((a.staff.as_str(), a.action.as_str()), ("kim", "change"), "{a:?}");
            a.detail.as_str()
        })
        .collect();
    assert_eq!(changes, ["created", "edited", "retired", "brought back"]);
    let import = lines.iter().find(|a| a.record_kind == "catalogue" && a.record_id == "bizinfo").unwrap();
    assert_eq!(import.staff, "kim");
    assert!(import.detail.contains(&format!("{} new", summary.imported)), "{import:?}");

    let some = |s: &str| Some(s.to_string());
    assert_eq!(authors(&kim, &p.id), [some("kim"), some("kim"), some("kim"), some("kim")]);
    let imported = kim.programs(&Default::default()).unwrap();
    let fed = imported.iter().find(|q| q.id.starts_with("bizinfo-")).unwrap();
    assert_eq!(authors(&kim, &fed.id), [some("kim")]);
    // The first state of a bundled program, saved before its first change, has no author.
    kim.set_program_criteria(BUNDLED, vec![Criterion::SmallBusiness]).unwrap();
    assert_eq!(authors(&kim, BUNDLED), [None, some("kim")]);
    std::fs::remove_dir_all(db.parent().unwrap()).unwrap();
}

#[test]
fn a_managers_setting_changes_are_logged_by_name_never_by_value() {
    let db = desk("settings");
    let mut kim = sign_in(&db, "kim", "482913").unwrap();
    kim.set_setting("stage.startup_max_years", "5").unwrap();
    let mut feed = kim.feed_settings().unwrap();
    feed.key = "SECRET-API-KEY-1234".into();
    kim.save_feed_settings(&feed).unwrap();
    assert_eq!(kim.feed_settings().unwrap().key, "SECRET-API-KEY-1234");

    let settings: Vec<(String, String)> = log(&kim)
        .into_iter()
        .rev()
        .filter(|a| a.record_kind == "setting")
        .map(|a| {
            assert_eq!(a.staff, "kim");
            (a.record_id, a.detail)
        })
        .collect();
    let names: Vec<&str> = settings.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(names, ["stage.startup_max_years", "bizinfo.url", "bizinfo.key", "bizinfo.hashtags"]);
    assert!(settings.iter().all(|(_, detail)| detail == "changed"), "{settings:?}");
    // A second save logs only what changed.
    let before = log(&kim).len();
    feed.key = "SECRET-API-KEY-5678".into();
    kim.save_feed_settings(&feed).unwrap();
    let lines = log(&kim);
    assert_eq!(lines.len(), before + 1);
    assert_eq!((lines[0].record_kind.as_str(), lines[0].record_id.as_str()), ("setting", "bizinfo.key"));
    let all = serde_json::to_string(&lines).unwrap();
    assert!(!all.contains("SECRET-API-KEY"), "{all}");

    // Saving the same value again changes nothing and logs nothing.
    let before = log(&kim).len();
    kim.set_setting("stage.startup_max_years", "5").unwrap();
    assert_eq!(log(&kim).len(), before);
    std::fs::remove_dir_all(db.parent().unwrap()).unwrap();
}
