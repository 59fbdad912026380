//! Crash safety: a process saving consultations is killed (SIGKILL) at random points, 100 times.
//! After each kill the database passes `integrity_check`, every consultation whose save had
//! returned is there, and no consultation is there only in part. Restores and re-keys (a new PIN
//! rewrites the key file and re-encrypts the database) are killed the same way: the desk still
//! opens, nothing erased comes back, and the member's PIN is the old one or the new one.
//!
//! The saving process is `onestop dev save-loop`, which only a build with the `dev` feature has:
//! `scripts/test.sh` runs this file with `cargo test --workspace --features onestop-cli/dev --test crash`.
#![cfg(feature = "dev")]
#![allow(clippy::unwrap_used)] // tests fail loudly by design

mod common;

use std::collections::HashSet;
use std::io::Read;
use std::process::Stdio;
use std::time::Duration;

use common::Desk;

const KILLS: u32 = 100;

/// A small deterministic generator, so a failing run can be repeated.
struct Lcg(u64);
impl Lcg {
    fn next(&mut self, below: u64) -> u64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (self.0 >> 33) % below
    }
}

fn count(conn: &rusqlite::Connection, sql: &str) -> i64 {
    conn.query_row(sql, [], |r| r.get(0)).unwrap()
}

#[test]
fn killed_while_saving_loses_nothing_that_was_saved_and_leaves_nothing_half_written() {
    let desk = Desk::new("crash");
    let profile =
        desk.file("p.json", r#"{"name": "광진 커피", "city": "서울", "district": "광진구", "full_time_workers": 2}"#);
    let m = desk.json(&["merchant", "add", "--profile", profile.to_str().unwrap(), "--json"]);
    let merchant = m["id"].as_str().unwrap().to_string();

    let device = onestop_core::privacy::device_secret(&desk.db(), Some(common::PASSPHRASE)).unwrap();
    // How long the process takes to sign in (PIN and desk passphrase are stretched on purpose):
    // the kills land anywhere from before the database is open to well into the saves after it.
    let startup = {
        let started = std::time::Instant::now();
        let mut child = desk
            .command_as(common::LOGIN, common::PIN)
            .args(["dev", "save-loop", "--merchant", &merchant, "--count", "1"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        child.wait().unwrap();
        started.elapsed().as_millis() as u64
    };
    let mut rng = Lcg(std::env::var("CRASH_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or(20261121));
    let mut acknowledged: HashSet<String> = HashSet::new();
    let mut killed_mid_run = 0;
    for round in 0..KILLS {
        let mut child = desk
            .command_as(common::LOGIN, common::PIN)
            .args(["dev", "save-loop", "--merchant", &merchant])
            .args(["--count", "100000"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        // Anywhere from before the database is open to well into the saves.
        std::thread::sleep(Duration::from_millis(rng.next(startup + 120)));
        if child.try_wait().unwrap().is_none() {
            killed_mid_run += 1;
        }
        child.kill().unwrap(); // SIGKILL on Unix: no destructor, no flush, no cleanup
        child.wait().unwrap();
        let mut out = String::new();
        child.stdout.take().unwrap().read_to_string(&mut out).unwrap();
        // Only complete lines are saves that returned; a line cut by the kill is not counted.
        let complete = if out.ends_with('\n') { &out[..] } else { &out[..out.rfind('\n').map_or(0, |i| i + 1)] };
        acknowledged.extend(complete.lines().map(str::to_string));

        // The database is encrypted: open it signed in, as the desk would.
        let store =
            onestop_core::privacy::sign_in_with(&desk.db(), common::LOGIN, common::PIN, device.clone()).unwrap();
        let conn = store.connection();
        let check: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
        assert_eq!(check, "ok", "round {round}");
        let stored: HashSet<String> = conn
            .prepare("SELECT id FROM consultations")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        let lost: Vec<_> = acknowledged.difference(&stored).collect();
        assert!(lost.is_empty(), "round {round}: saves that returned are missing: {lost:?}");
        // Each consultation is whole: its version, its program, its follow-up and its search entry.
        for (what, sql) in [
            ("version", "SELECT count(*) FROM consultations c WHERE NOT EXISTS (SELECT 1 FROM consultation_versions v WHERE v.consultation_id = c.id)"),
            ("program", "SELECT count(*) FROM consultations c WHERE NOT EXISTS (SELECT 1 FROM consultation_programs p WHERE p.consultation_id = c.id)"),
            ("follow-up", "SELECT count(*) FROM consultations c WHERE NOT EXISTS (SELECT 1 FROM follow_ups f WHERE f.consultation_id = c.id)"),
            ("search entry", "SELECT count(*) FROM consultations c WHERE NOT EXISTS (SELECT 1 FROM search_docs s WHERE s.kind = 'consultation' AND s.ref_id = c.id)"),
            ("orphan version", "SELECT count(*) FROM consultation_versions v WHERE NOT EXISTS (SELECT 1 FROM consultations c WHERE c.id = v.consultation_id)"),
        ] {
            assert_eq!(count(conn, sql), 0, "round {round}: a consultation without its {what}");
        }
    }
    eprintln!("{} saves acknowledged, {killed_mid_run} of {KILLS} kills while running", acknowledged.len());
    assert!(killed_mid_run >= KILLS * 3 / 4, "most kills must land while saving ({killed_mid_run})");
    assert!(acknowledged.len() > 100, "the test saved too little to mean anything: {}", acknowledged.len());
    // Still a working desk afterwards.
    let n = desk.count("consult");
    assert!(n >= acknowledged.len(), "{n} < {}", acknowledged.len());
}

/// Sign in as `login` with `pin`, as the desk would.
fn open(
    desk: &Desk,
    device: &Option<onestop_core::device::DeviceSecret>,
    login: &str,
    pin: &str,
) -> onestop_core::Result<onestop_core::Store> {
    onestop_core::privacy::sign_in_with(&desk.db(), login, pin, device.clone())
}

/// A moment to kill a command that signs in for `signed_in` ms and is done after `total`: from a
/// little before its work starts to a little after it ends.
fn window(rng: &mut Lcg, signed_in: u64, total: u64) -> u64 {
    let from = signed_in.saturating_sub(20);
    from + rng.next(total.saturating_sub(from) + 20)
}

/// How long a command takes when left alone (sign-in included).
fn duration_of(mut c: std::process::Command) -> u64 {
    let started = std::time::Instant::now();
    let out = c.output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    started.elapsed().as_millis() as u64
}

#[test]
fn killed_while_restoring_or_rekeying_the_desk_opens_and_nothing_erased_comes_back() {
    const ROUNDS: u32 = 40;
    let desk = Desk::new("crash-restore");
    let device = onestop_core::privacy::device_secret(&desk.db(), Some(common::PASSPHRASE)).unwrap();
    let add = |name: &str| {
        let p = desk.file("p.json", &format!(r#"{{"name": "{name}", "city": "서울"}}"#));
        desk.json(&["merchant", "add", "--profile", p.to_str().unwrap(), "--json"])["id"].as_str().unwrap().to_string()
    };
    let kept = add("자양 떡집");
    let erased = add("지우개 상회");
    let taken = desk.json(&["backup", "--json"]);
    let backup = taken[0]["path"].as_str().unwrap().to_string();
    desk.ok(&["merchant", "erase", &erased, "--yes"]);
    let out = desk
        .command_as(common::LOGIN, common::PIN)
        .args(["staff", "add", "--login", "lee", "--name", "이상담"])
        .env("ONESTOP_NEW_PASSWORD", "739215")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));

    let mut rng = Lcg(std::env::var("CRASH_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or(20261205));
    let restore = || {
        let mut c = desk.command_as(common::LOGIN, common::PIN);
        c.args(["restore", &backup]).stdout(Stdio::null()).stderr(Stdio::null());
        c
    };
    // Signing in takes most of a command's time (the PIN and the passphrase are stretched on
    // purpose): the kills land from just before the work to just after it.
    let signed_in_ms = {
        let mut c = desk.command_as(common::LOGIN, common::PIN);
        c.args(["merchant", "list"]).stdout(Stdio::null());
        duration_of(c)
    };
    let restore_ms = duration_of(restore());
    let pins = ["739215", "528461"];
    let mut lee_pin = 0;
    let new_pin = |i: usize| {
        let mut c = desk.command_as(common::LOGIN, common::PIN);
        c.args(["staff", "pin", "lee"])
            .env("ONESTOP_NEW_PASSWORD", pins[i])
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        c
    };
    lee_pin = 1 - lee_pin;
    let rekey_ms = duration_of(new_pin(lee_pin));

    for round in 0..ROUNDS {
        let (mut child, wait) = if round % 2 == 0 {
            (restore().spawn().unwrap(), window(&mut rng, signed_in_ms, restore_ms))
        } else {
            (new_pin(1 - lee_pin).spawn().unwrap(), window(&mut rng, signed_in_ms, rekey_ms))
        };
        std::thread::sleep(Duration::from_millis(wait));
        child.kill().unwrap();
        child.wait().unwrap();

        let store = open(&desk, &device, common::LOGIN, common::PIN)
            .unwrap_or_else(|e| panic!("round {round}: the manager cannot sign in after the kill: {e}"));
        let check: String = store.connection().query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
        assert_eq!(check, "ok", "round {round}");
        let ids: HashSet<String> = store.view_merchants().unwrap().into_iter().map(|m| m.id).collect();
        assert!(ids.contains(&kept), "round {round}: a merchant was lost");
        assert!(!ids.contains(&erased), "round {round}: an erased merchant came back");
        drop(store);
        // lee's PIN is the old one or the new one, never neither.
        match (
            open(&desk, &device, "lee", pins[lee_pin]).is_ok(),
            open(&desk, &device, "lee", pins[1 - lee_pin]).is_ok(),
        ) {
            (true, _) => {}
            (false, true) => lee_pin = 1 - lee_pin,
            (false, false) => panic!("round {round}: lee opens with neither PIN"),
        }
    }
}
