//! The desk's hub client against servers that misbehave, without a hub: a redirect is not
//! followed, so a sign-in never carries its password to another address; a sign-out the hub
//! did not confirm keeps the token (and says so) instead of pretending.

#![allow(clippy::unwrap_used)] // tests fail loudly by design

use std::io::{Read, Write};
use std::net::TcpListener;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use onestop_core::{sync, Error, Store};

#[test]
fn a_redirect_is_not_followed_and_the_password_goes_nowhere_else() {
    // Where the redirect points: counts every connection it gets.
    let elsewhere = TcpListener::bind("127.0.0.1:0").unwrap();
    let elsewhere_url = format!("http://{}/v1/login", elsewhere.local_addr().unwrap());
    elsewhere.set_nonblocking(true).unwrap();
    let reached = Arc::new(AtomicUsize::new(0));
    let seen = reached.clone();
    std::thread::spawn(move || loop {
        if elsewhere.accept().is_ok() {
            seen.fetch_add(1, Ordering::SeqCst);
        }
        std::thread::sleep(Duration::from_millis(10));
    });
    // The "hub": answers every request with a 307 to the other address.
    let hub = TcpListener::bind("127.0.0.1:0").unwrap();
    let hub_url = format!("http://{}", hub.local_addr().unwrap());
    std::thread::spawn(move || {
        for conn in hub.incoming() {
            let mut conn = conn.unwrap();
            let mut buf = [0u8; 4096];
            let _ = conn.read(&mut buf);
            let answer = format!(
                "HTTP/1.1 307 Temporary Redirect\r\nLocation: {elsewhere_url}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            );
            let _ = conn.write_all(answer.as_bytes());
        }
    });

    let mut store = Store::open_in_memory().unwrap();
    let err = sync::sign_in(&mut store, &hub_url, "lee", "a-password").unwrap_err();
    assert!(
        matches!(&err, Error::Fetch { reason, .. } if reason.en.contains("307") && reason.ko.contains("307")),
        "{err}"
    );
    assert!(err.to_string().contains("does not follow"), "{err}");
    std::thread::sleep(Duration::from_millis(100));
    assert_eq!(reached.load(Ordering::SeqCst), 0, "the sign-in went nowhere else");
}

/// A "hub" that signs desks in and answers the sign-out with `logout` and an error body.
fn hub_answering_logout(logout: &'static str) -> String {
    let hub = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", hub.local_addr().unwrap());
    std::thread::spawn(move || {
        for conn in hub.incoming() {
            let mut conn = conn.unwrap();
            let mut buf = [0u8; 8192];
            let n = conn.read(&mut buf).unwrap_or(0);
            let request = String::from_utf8_lossy(&buf[..n]).to_string();
            let (status, body) = if request.starts_with("POST /v1/login") {
                (
                    "200 OK",
                    r#"{"token":"t0k3n","login":"lee","center":"광진구","role":"staff","expires_at":"2026-12-31T00:00:00Z"}"#,
                )
            } else if logout.starts_with("200") {
                // Only a request carrying the token is accepted.
                if request.contains("Bearer t0k3n") {
                    ("200 OK", "null")
                } else {
                    ("500 Internal Server Error", r#"{"code":"x","message":"no token"}"#)
                }
            } else {
                (logout, r#"{"code":"x","message":"hub trouble"}"#)
            };
            let answer = format!(
                "HTTP/1.1 {status}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
            let _ = conn.write_all(answer.as_bytes());
        }
    });
    url
}

#[test]
fn a_sign_out_the_hub_did_not_confirm_keeps_the_token_and_says_so() {
    let mut store = Store::open_in_memory().unwrap();
    sync::sign_in(&mut store, &hub_answering_logout("503 Service Unavailable"), "lee", "a-password").unwrap();
    let err = sync::sign_out(&mut store).unwrap_err().to_string();
    assert!(err.contains("did not revoke") && err.contains("still signed in"), "{err}");
    assert!(store.sync_status().unwrap().expires_at.is_some(), "the token is kept, to revoke later");

    // A hub that already refuses the token: it is forgotten.
    let mut store = Store::open_in_memory().unwrap();
    sync::sign_in(&mut store, &hub_answering_logout("401 Unauthorized"), "lee", "a-password").unwrap();
    sync::sign_out(&mut store).unwrap();
    assert!(store.sync_status().unwrap().expires_at.is_none());
}

#[test]
fn the_hub_token_is_sealed_under_the_device_secret_not_just_the_database_key() {
    let dir = std::env::temp_dir().join(format!("onestop-hub-token-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let db = dir.join("desk.sqlite3");
    let passphrase = "허브 토큰 시험의 데스크 암호 문장";
    let guard = onestop_core::device::GuardChoice::Passphrase(passphrase.into());
    let first = onestop_core::vault::NewStaff {
        login: "kim".into(),
        name: "김관리".into(),
        role: onestop_core::vault::Role::Manager,
        secret: "482913".into(),
    };
    let mut store = onestop_core::privacy::set_up(&db, &first, &guard).unwrap().store;
    sync::sign_in(&mut store, &hub_answering_logout("200 OK"), "lee", "a-password").unwrap();
    // What the database holds (readable by anyone with the database key) is not the token.
    let stored: String =
        store.connection().query_row("SELECT value FROM sync_state WHERE key = 'token'", [], |r| r.get(0)).unwrap();
    assert!(!stored.contains("t0k3n") && stored.starts_with("sealed:"), "{stored}");
    // The desk itself still uses it: the sign-out reaches the hub with it.
    drop(store);
    let device = onestop_core::privacy::device_secret(&db, Some(passphrase)).unwrap();
    let mut store = onestop_core::privacy::sign_in_with(&db, "kim", "482913", device).unwrap();
    sync::sign_out(&mut store).unwrap();
    assert!(store.sync_status().unwrap().expires_at.is_none());
    std::fs::remove_dir_all(&dir).unwrap();
}

/// A "hub" answering each request with what `answer` says for its request line; returns its
/// address and the request lines it got.
fn fake_hub(
    answer: impl Fn(&str) -> (&'static str, String) + Send + 'static,
) -> (String, Arc<std::sync::Mutex<Vec<String>>>) {
    let hub = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", hub.local_addr().unwrap());
    let seen = Arc::new(std::sync::Mutex::new(Vec::new()));
    let log = seen.clone();
    std::thread::spawn(move || {
        for conn in hub.incoming() {
            let mut conn = conn.unwrap();
            let mut buf = [0u8; 16384];
            let n = conn.read(&mut buf).unwrap_or(0);
            let request = String::from_utf8_lossy(&buf[..n]).to_string();
            let line = request.lines().next().unwrap_or_default().to_string();
            log.lock().unwrap().push(line.clone());
            let (status, body) = answer(&line);
            let reply = format!(
                "HTTP/1.1 {status}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
            let _ = conn.write_all(reply.as_bytes());
        }
    });
    (url, seen)
}

fn login_answer(center: &str, uid: &str) -> String {
    format!(
        r#"{{"token":"t0k3n","login":"lee","center":"{center}","center_uid":"{uid}","role":"staff","expires_at":"2026-12-31T00:00:00Z"}}"#
    )
}

const CENTER_A: &str = "6f1c2b57-8d7e-4e0a-9a51-0d7c3c1b2a10";
const CENTER_B: &str = "0b7e3d1c-2a44-4f6b-8e0d-5c9a7b3e1f22";

#[test]
fn the_desk_keeps_to_its_centers_identity_and_only_a_manager_points_it_elsewhere() {
    let (a, _) = fake_hub(|_| ("200 OK", login_answer("광진구 원스톱", CENTER_A)));
    let mut store = Store::open_in_memory().unwrap();
    sync::sign_in(&mut store, &a, "lee", "a-password").unwrap();

    // Another hub whose center has the same name but another identity: refused.
    let (b, _) = fake_hub(|_| ("200 OK", login_answer("광진구 원스톱", CENTER_B)));
    let e = sync::sign_in(&mut store, &b, "lee", "a-password").unwrap_err().to_string();
    assert!(e.contains("keeps to one center"), "{e}");
    assert_eq!(store.sync_status().unwrap().hub.as_deref(), Some(a.as_str()), "still bound to the first hub");

    // The same center moved to a new address: a manager may point the desk there (logged with
    // the address), staff may not, and their password goes nowhere.
    let (moved, reached) = fake_hub(|_| ("200 OK", login_answer("광진구 원스톱", CENTER_A)));
    store.set_actor(onestop_core::vault::StaffMember {
        login: "lee".into(),
        name: "이상담".into(),
        role: onestop_core::vault::Role::Staff,
        disabled: false,
    });
    let e = sync::sign_in(&mut store, &moved, "lee", "a-password").unwrap_err();
    assert!(matches!(e, Error::Denied(_)) && e.to_string().contains("only a manager"), "{e}");
    assert!(reached.lock().unwrap().is_empty(), "nothing was sent to the new address");
    store.set_actor(onestop_core::vault::StaffMember {
        login: "kim".into(),
        name: "김관리".into(),
        role: onestop_core::vault::Role::Manager,
        disabled: false,
    });
    sync::sign_in(&mut store, &moved, "lee", "a-password").unwrap();
    assert_eq!(store.sync_status().unwrap().hub.as_deref(), Some(moved.as_str()));
    let log = store.audit_log(&onestop_core::privacy::AuditFilter::default()).unwrap();
    assert!(log.iter().any(|l| l.staff == "kim" && l.detail.contains(&moved) && l.detail.contains(&a)), "{log:?}");
}

#[test]
fn a_hub_restored_from_an_earlier_state_is_pulled_again_from_the_start() {
    let merchant = r#"{"kind":"merchant","seq":10,"uid":"fbf0511d-9204-4204-b2fb-d26cfb19472e","state":{"name":"화양 분식","city":"서울특별시","district":"광진구"},"consents":[],"conflicts":[],"created_at":"2026-11-20T10:00:00"}"#;
    let restored = Arc::new(AtomicUsize::new(0));
    let flag = restored.clone();
    let (hub, seen) = fake_hub(move |line| {
        if line.starts_with("POST /v1/login") {
            return ("200 OK", login_answer("광진구 원스톱", CENTER_A));
        }
        // Before the restore the hub has handed out 10 changes; after it, only 3.
        let last = if flag.load(Ordering::SeqCst) == 0 { 10 } else { 3 };
        let items = if line.contains("after=0&") { format!("[{merchant}]") } else { "[]".into() };
        let next = if line.contains("after=0&") { 10 } else { 0 };
        ("200 OK", format!(r#"{{"items":{items},"next":{next},"more":false,"catalogue_version":0,"last_seq":{last}}}"#))
    });
    let mut store = Store::open_in_memory().unwrap();
    sync::sign_in(&mut store, &hub, "lee", "a-password").unwrap();
    sync::sync(&mut store, &mut |_| {}).unwrap();
    restored.store(1, Ordering::SeqCst);
    sync::sync(&mut store, &mut |_| {}).unwrap();
    let pulls: Vec<String> = seen.lock().unwrap().iter().filter(|l| l.contains("/v1/pull")).cloned().collect();
    let afters: Vec<&str> =
        pulls.iter().map(|l| l.split("after=").nth(1).unwrap().split('&').next().unwrap()).collect();
    assert_eq!(afters, ["0", "10", "0"], "{pulls:?}");
    let log = store.audit_log(&onestop_core::privacy::AuditFilter::default()).unwrap();
    assert!(log.iter().any(|l| l.detail.contains("pulling from the start")), "{log:?}");
}
