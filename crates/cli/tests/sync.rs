//! `onestop sync` without a hub: status, and clear refusals that change nothing. The runs
//! against a real hub are in crates/hub/tests/sync.rs.
#![allow(clippy::unwrap_used)]

mod common;

use common::Desk;

#[test]
fn sync_status_counts_waiting_changes_and_bad_hubs_are_refused_with_nothing_lost() {
    let desk = Desk::new("sync");
    let st = desk.json(&["sync", "status", "--json"]);
    assert_eq!((st["hub"].clone(), st["waiting"].clone()), (serde_json::Value::Null, 0.into()));
    let profile = desk.file("shop.json", r#"{"name": "화양 분식", "city": "서울", "district": "광진구"}"#);
    desk.ok(&["merchant", "add", "--profile", profile.to_str().unwrap()]);
    assert_eq!(desk.json(&["sync", "status", "--json"])["waiting"], 1);

    let err = desk.bad(&["sync"]);
    assert!(err.contains("not signed in to a hub"), "{err}");
    let out = desk
        .command_as(common::LOGIN, common::PIN)
        .args(["sync", "--hub", "http://hub.example.com", "--user", "lee"])
        .env("ONESTOP_HUB_PASSWORD", "center-pass-2026")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("hub") && err.contains("https://"), "{err}");
    assert!(!err.contains("center-pass-2026"));
    // A hub that is not there: a network error (exit 1), and the change still waits.
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let out = desk
        .command_as(common::LOGIN, common::PIN)
        .args(["--lang", "en", "sync", "--hub", &format!("http://127.0.0.1:{port}"), "--user", "lee"])
        .env("ONESTOP_HUB_PASSWORD", "center-pass-2026")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("cannot reach the hub"), "{err}");
    assert_eq!(desk.json(&["sync", "status", "--json"])["waiting"], 1);
}
