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
    assert!(matches!(&err, Error::Fetch { reason, .. } if reason.contains("307")), "{err}");
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
