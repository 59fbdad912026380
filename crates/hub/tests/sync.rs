//! Whole-system sync scenarios: desks (the real core, offline on SQLite) and `onestop-hub`
//! processes over a private PostgreSQL cluster.
#![allow(clippy::unwrap_used)]

mod support;

use chrono::NaiveDate;
use onestop_core::consultation::{Channel, ConsultationInput, ReferralStatus};
use onestop_core::privacy::{AuditFilter, ConsentInput, DEFAULT_CONSENT_FORM};
use onestop_core::sync::{self, SyncReport};
use onestop_core::{Error, Profile, Store};
use serde_json::{json, Value};
use support::{hub_command, hub_user, Hub, PgCluster};

const PASSWORD: &str = "center-pass-2026";

fn desk(hub: &Hub, login: &str) -> Store {
    let mut s = Store::open_in_memory().unwrap();
    sync::sign_in(&mut s, hub.base(), login, PASSWORD).unwrap();
    s
}

fn run(s: &mut Store) -> SyncReport {
    sync::sync(s, &mut |_| {}).unwrap()
}

fn shop() -> Profile {
    Profile::from_json_value(&json!({
        "name": "자양 떡집", "owner_name": "박영희", "phone": "010-7777-1234",
        "business_registration_number": "220-81-62517", "city": "서울", "district": "광진구",
        "full_time_workers": 2, "founded_on": "2019-04-01"
    }))
    .unwrap()
}

fn consent() -> ConsentInput {
    ConsentInput { given_on: NaiveDate::from_ymd_opt(2026, 11, 2).unwrap(), form: DEFAULT_CONSENT_FORM.into() }
}

fn consult(s: &mut Store, merchant: &str, notes: &str) -> String {
    s.add_consultation(ConsultationInput {
        merchant_id: merchant.into(),
        counselor: "김상담".into(),
        channel: Some(Channel::Visit),
        notes: notes.into(),
        program_ids: vec!["gwangjin-onestop-legal-advice".into()],
        referrals: vec![onestop_core::consultation::Referral {
            institution: "서울신용보증재단".into(),
            program_id: None,
            status: Default::default(),
            note: None,
            ..Default::default()
        }],
        ..Default::default()
    })
    .unwrap()
    .id
    .to_string()
}

/// Everything sync carries, in a comparable form: merchants with their facts and consents,
/// every consultation with every version in order.
fn snapshot(s: &Store) -> Value {
    let mut merchants = Vec::new();
    for m in s.view_merchants().unwrap() {
        let mut consultations = Vec::new();
        for c in s.consultations(Some(&m.id)).unwrap() {
            let versions = s.consultation_versions(&c.id.to_string()).unwrap();
            consultations.push(json!({ "id": c.id, "versions": versions }));
        }
        consultations.sort_by_key(|c| c["id"].to_string());
        merchants.push(json!({
            "id": m.id, "profile": m.profile, "consents": s.consents(&m.id).unwrap(), "consultations": consultations,
        }));
    }
    merchants.sort_by_key(|m| m["id"].to_string());
    Value::Array(merchants)
}

/// One number from SQL run as the cluster's superuser (row-level security does not bind it).
fn count(pg: &PgCluster, sql: &str) -> i64 {
    pg.psql_as("postgres", "onestop", &[sql]).parse().unwrap()
}

fn center(pg: &PgCluster, name: &str, users: &[(&str, &str)]) {
    for (login, role) in users {
        hub_user(&pg.url(), name, login, role, PASSWORD);
    }
}

#[test]
fn two_desks_through_two_hubs_edit_offline_and_converge() {
    let pg = PgCluster::start();
    center(&pg, "광진구 원스톱", &[("lee", "manager"), ("choi", "staff")]);
    // Two hub processes on one database, one desk each.
    let (hub1, hub2) = (Hub::start(&pg.url(), &[]), Hub::start(&pg.url(), &[]));
    let mut a = desk(&hub1, "lee");
    let mut b = desk(&hub2, "choi");

    let m = a.add_merchant(shop(), Some(&consent())).unwrap().id;
    let c = consult(&mut a, &m, "임대료 상담");
    let first = run(&mut a);
    assert_eq!((first.pushed, first.duplicates, first.conflicted), (2, 0, 0));
    run(&mut b);
    assert_eq!(snapshot(&a), snapshot(&b), "the second desk got the merchant and the consultation");

    // Offline, both desks work on the same merchant and the same consultation.
    let mut pa = a.view_merchant(&m).unwrap().profile;
    pa.full_time_workers = Some(3);
    a.update_merchant(&m, pa, None).unwrap();
    let mut pb = b.view_merchant(&m).unwrap().profile;
    pb.name = Some("자양 떡집 본점".into());
    b.update_merchant(&m, pb, None).unwrap();
    a.set_referral_status(&c, 0, ReferralStatus::Referred).unwrap();
    b.set_follow_up_done(&c, 0, true).unwrap_err(); // no follow-up to mark: refused, nothing queued
    let mut edit = b.consultation(&c).unwrap();
    edit.notes.push_str(" — 서류 목록 전달");
    b.update_consultation(
        &c,
        ConsultationInput {
            merchant_id: m.clone(),
            at: Some(edit.at),
            counselor: edit.counselor.clone(),
            channel: Some(edit.channel),
            notes: edit.notes.clone(),
            program_ids: vec!["gwangjin-onestop-legal-advice".into()],
            referrals: edit.referrals.clone(),
            ..Default::default()
        },
    )
    .unwrap();
    let c2 = consult(&mut b, &m, "보증 상담 예약");
    assert_eq!((a.sync_status().unwrap().waiting, b.sync_status().unwrap().waiting), (2, 3));

    let ra = run(&mut a);
    let rb = run(&mut b);
    let ra2 = run(&mut a);
    assert_eq!((ra.pushed, rb.pushed, rb.conflicted), (2, 3, 0), "{ra:?} {rb:?}");
    assert_eq!(ra2.pushed, 0);
    assert_eq!(snapshot(&a), snapshot(&b), "both desks hold the same records");
    let merged = a.view_merchant(&m).unwrap().profile;
    assert_eq!((merged.name.as_deref(), merged.full_time_workers), (Some("자양 떡집 본점"), Some(3)));
    assert_eq!(merged.owner_name.as_deref(), Some("박영희"), "personal fields travel with their consent");
    let versions = a.consultation_versions(&c).unwrap();
    assert_eq!(versions.len(), 3, "both edits kept as versions: nothing lost");
    assert_eq!(versions.iter().map(|v| v.version).collect::<Vec<_>>(), [1, 2, 3]);
    assert!(b.consultation(&c2).is_ok() && a.consultation(&c2).is_ok());

    // Syncing again changes nothing.
    let before = snapshot(&a);
    let again = (run(&mut a), run(&mut b));
    assert_eq!((again.0.pushed, again.0.pulled, again.1.pushed, again.1.pulled), (0, 0, 0, 0));
    assert_eq!(snapshot(&a), before);
    assert_eq!(snapshot(&b), before);
    let status = a.sync_status().unwrap();
    assert_eq!((status.waiting, status.conflicts, status.center.as_deref()), (0, 0, Some("광진구 원스톱")));
    assert!(status.last_synced.is_some());

    // Nothing secret or personal in either hub's log.
    for hub in [&hub1, &hub2] {
        let log = hub.logs();
        assert!(log.contains("/v1/push"), "the log has request lines: {log}");
        for secret in [PASSWORD, "박영희", "7777", "떡집", "임대료"] {
            assert!(!log.contains(secret), "{secret:?} in the hub log");
        }
        let token = a
            .connection()
            .query_row("SELECT value FROM sync_state WHERE key = 'token'", [], |r| r.get::<_, String>(0))
            .unwrap();
        assert!(!log.contains(&token), "the token is in the hub log");
    }
}

/// A center with a manager (lee) and a staff member (choi), one hub, and a desk for each.
fn one_center_two_desks() -> (PgCluster, Hub, Store, Store) {
    let pg = PgCluster::start();
    center(&pg, "광진구 원스톱", &[("lee", "manager"), ("choi", "staff")]);
    let hub = Hub::start(&pg.url(), &[]);
    let (a, b) = (desk(&hub, "lee"), desk(&hub, "choi"));
    (pg, hub, a, b)
}

#[test]
fn a_consultation_received_by_sync_is_in_the_receiving_desks_audit_log() {
    let (_pg, _hub, mut a, mut b) = one_center_two_desks();
    let m = a.add_merchant(shop(), Some(&consent())).unwrap().id;
    let c = consult(&mut a, &m, "임대료 상담");
    run(&mut a);
    run(&mut b);
    let lines = |s: &Store| {
        let filter = AuditFilter { record_id: Some(c.clone()), ..Default::default() };
        s.audit_log(&filter).unwrap().into_iter().map(|e| (e.action, e.record_kind, e.detail)).collect::<Vec<_>>()
    };
    assert_eq!(lines(&b), [("change".into(), "consultation".into(), "received by sync".into())]);

    // A later version made on the first desk is logged when it arrives, once.
    a.set_referral_status(&c, 0, ReferralStatus::Referred).unwrap();
    run(&mut a);
    run(&mut b);
    run(&mut b);
    assert_eq!(lines(&b).len(), 2, "{:?}", lines(&b));
    assert_eq!(lines(&b)[0].2, "version received by sync");
    // The desk that made them logged its own changes, not their return from the hub.
    run(&mut a);
    assert!(lines(&a).iter().all(|(_, _, d)| !d.contains("sync")), "{:?}", lines(&a));
}

#[test]
fn a_conflicting_edit_is_kept_reported_and_settled_by_staff() {
    let (_pg, _hub, mut a, mut b) = one_center_two_desks();
    let m = a.add_merchant(shop(), Some(&consent())).unwrap().id;
    run(&mut a);
    run(&mut b);

    for (s, n) in [(&mut a, 3), (&mut b, 5)] {
        let mut p = s.view_merchant(&m).unwrap().profile;
        p.full_time_workers = Some(n);
        s.update_merchant(&m, p, None).unwrap();
    }
    assert_eq!(run(&mut a).conflicted, 0);
    let rb = run(&mut b);
    assert_eq!(rb.conflicted, 1, "the collision is reported: {rb:?}");
    run(&mut a);
    for s in [&a, &b] {
        let conflicts = s.sync_conflicts().unwrap();
        assert_eq!(conflicts.len(), 1);
        assert_eq!(conflicts[0].field, "full_time_workers");
        assert_eq!(conflicts[0].values, vec![json!(3), json!(5)], "both values kept, the first desk's current");
        assert_eq!(conflicts[0].merchant_name.as_deref(), Some("자양 떡집"));
        assert_eq!(s.view_merchant(&m).unwrap().profile.full_time_workers, Some(3));
        assert_eq!(s.sync_status().unwrap().conflicts, 1);
        // The values shown may be personal: listing them is logged.
        let log = s.audit_log(&AuditFilter { record_id: Some("*".into()), ..Default::default() }).unwrap();
        assert!(log.iter().any(|e| e.action == "view" && e.detail == "sync conflicts: 1"), "{log:?}");
    }
    // Staff on the first desk choose the second desk's value.
    a.resolve_conflict(&m, "full_time_workers", json!(5)).unwrap();
    assert!(a.sync_conflicts().unwrap().is_empty());
    run(&mut a);
    run(&mut b);
    for s in [&a, &b] {
        assert!(s.sync_conflicts().unwrap().is_empty());
        assert_eq!(s.view_merchant(&m).unwrap().profile.full_time_workers, Some(5));
    }
    assert_eq!(snapshot(&a), snapshot(&b));
    assert!(a.resolve_conflict(&m, "name", json!("x")).is_err(), "no conflict there to settle");
}

#[test]
fn the_hub_killed_mid_sync_resumes_with_exact_counts() {
    let pg = PgCluster::start();
    center(&pg, "광진구 원스톱", &[("lee", "manager"), ("choi", "staff")]);
    let mut hub = Hub::start(&pg.url(), &[]);
    let mut a = desk(&hub, "lee");
    let m = a.add_merchant(shop(), Some(&consent())).unwrap().id;
    const N: usize = 1500;
    for i in 0..N {
        consult(&mut a, &m, &format!("상담 {i}"));
    }
    assert_eq!(a.sync_status().unwrap().waiting as usize, N + 1);

    let worker = std::thread::spawn(move || {
        let r = sync::sync(&mut a, &mut |_| {});
        (a, r)
    });
    // Kill the hub once it has applied some of the changes and not all.
    let mut seen = 0;
    for _ in 0..2000 {
        seen = count(&pg, "SELECT count(*) FROM changes");
        if seen > 0 {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    hub.kill();
    let (mut a, first) = worker.join().unwrap();
    let applied = count(&pg, "SELECT count(*) FROM changes");
    assert!(seen > 0 && applied < (N + 1) as i64, "killed mid-sync: {applied} of {} applied", N + 1);
    let err = first.unwrap_err();
    assert!(matches!(err, Error::Fetch { .. }), "a dropped connection is a network error: {err}");
    let waiting = a.sync_status().unwrap().waiting as i64;
    assert!(waiting > 0, "the rest still waits");

    hub.restart();
    let resumed = run(&mut a);
    assert_eq!(count(&pg, "SELECT count(*) FROM changes"), (N + 1) as i64, "every change exactly once");
    assert_eq!(count(&pg, "SELECT count(*) FROM consultation_versions"), N as i64);
    assert_eq!(
        (resumed.pushed + resumed.duplicates) as i64,
        waiting,
        "what waited was sent again; what the hub had already applied came back as duplicates: {resumed:?}"
    );
    assert_eq!(resumed.pushed as i64 + applied, (N + 1) as i64);
    assert_eq!(a.sync_status().unwrap().waiting, 0);
    let mut b = desk(&hub, "choi");
    let rb = run(&mut b);
    assert_eq!(b.consultations(None).unwrap().len(), N);
    assert_eq!(rb.pulled as usize, N + 1);
    assert_eq!(snapshot(&a), snapshot(&b));
}

#[test]
fn erasure_reaches_every_desk_and_the_hub_and_beats_offline_edits() {
    let (pg, _hub, mut a, mut b) = one_center_two_desks();
    let m = a.add_merchant(shop(), Some(&consent())).unwrap().id;
    consult(&mut a, &m, "임대료 상담");
    run(&mut a);
    run(&mut b);
    // The second desk edits offline while the first erases on the merchant's request.
    let mut p = b.view_merchant(&m).unwrap().profile;
    p.full_time_workers = Some(9);
    b.update_merchant(&m, p, None).unwrap();
    consult(&mut b, &m, "박영희 대표 추가 상담");
    a.erase_merchant(&m).unwrap();
    run(&mut a);
    let rb = run(&mut b);
    assert_eq!(rb.dropped_erased, 2, "{rb:?}");
    assert!(b.view_merchant(&m).is_err(), "erased on the second desk too");
    assert!(b.consultations(None).unwrap().is_empty());
    assert_eq!(b.sync_status().unwrap().waiting, 0);
    assert_eq!(count(&pg, "SELECT count(*) FROM consultation_versions"), 0);
    assert_eq!(
        count(&pg, "SELECT count(*) FROM merchants WHERE state::text LIKE '%박영희%' OR consents::text <> '[]'"),
        0
    );
    // The second desk's audit line names who erased (the manager on the first desk), not whoever
    // pressed Sync here.
    let filter = AuditFilter { record_id: Some(m.clone()), ..Default::default() };
    let erase: Vec<(String, String)> = b
        .audit_log(&filter)
        .unwrap()
        .into_iter()
        .filter(|e| e.action == "erase")
        .map(|e| (e.staff, e.detail))
        .collect();
    assert_eq!(erase.len(), 1, "{erase:?}");
    assert_eq!(erase[0].0, "lee", "{erase:?}");
}

#[test]
fn a_desk_signed_in_to_the_hub_as_staff_cannot_send_an_erasure() {
    let (pg, _hub, mut a, mut b) = one_center_two_desks();
    let m = a.add_merchant(shop(), Some(&consent())).unwrap().id;
    run(&mut a);
    run(&mut b);
    // The second desk's hub account (choi) is staff: the hub refuses the push, saying why, and
    // the merchant stays on the hub and on the first desk.
    b.erase_merchant(&m).unwrap();
    let err = sync::sync(&mut b, &mut |_| {}).unwrap_err();
    assert!(matches!(&err, Error::Denied(msg) if msg.contains("only a manager erases")), "{err}");
    assert_eq!(count(&pg, "SELECT count(*) FROM merchants WHERE erased"), 0);
    assert_eq!(b.sync_status().unwrap().waiting, 1, "the erasure waits for a manager");
    run(&mut a);
    assert!(a.view_merchant(&m).is_ok());
}

#[test]
fn consent_withdrawn_on_one_desk_removes_personal_fields_everywhere() {
    let (pg, _hub, mut a, mut b) = one_center_two_desks();
    let m = a.add_merchant(shop(), Some(&consent())).unwrap().id;
    run(&mut a);
    run(&mut b);
    assert_eq!(b.view_merchant(&m).unwrap().profile.owner_name.as_deref(), Some("박영희"));
    a.withdraw_consent(&m, NaiveDate::from_ymd_opt(2026, 11, 20).unwrap()).unwrap();
    run(&mut a);
    run(&mut b);
    let p = b.view_merchant(&m).unwrap().profile;
    assert_eq!((p.owner_name, p.phone, p.name.as_deref()), (None, None, Some("자양 떡집")));
    assert_eq!(b.consents(&m).unwrap()[0].withdrawn_on, NaiveDate::from_ymd_opt(2026, 11, 20));
    assert_eq!(count(&pg, "SELECT count(*) FROM merchants WHERE state::text LIKE '%박영희%'"), 0);
}

/// What the owner's birth date told a consultation (an age in a program's reason) leaves the hub
/// and every desk when consent is withdrawn, also for versions pushed before the withdrawal,
/// and a desk that joins later never pulls it.
#[test]
fn a_withdrawal_takes_the_owners_age_out_of_versions_already_on_the_hub_and_other_desks() {
    let (pg, hub, mut a, mut b) = one_center_two_desks();
    let owner = Profile::from_json_value(&json!({
        "name": "광진 커피", "owner_name": "홍길동", "owner_birth_date": "1994-05-17",
        "city": "서울", "district": "광진구", "founded_on": "2025-03-02"
    }))
    .unwrap();
    let m = a.add_merchant(owner, Some(&consent())).unwrap().id;
    let c = a
        .add_consultation(ConsultationInput {
            merchant_id: m.clone(),
            counselor: "김상담".into(),
            channel: Some(Channel::Counter),
            notes: "청년 창업 상담".into(),
            program_ids: vec!["kosme-youth-startup-academy".into()],
            ..Default::default()
        })
        .unwrap()
        .id
        .to_string();
    let told = |text: &str| text.contains("만 3") && text.contains("대표자") || text.contains("1994-05-17");
    let versions = |s: &Store| serde_json::to_string(&s.view_consultation_versions(&c).unwrap()).unwrap();
    let on_hub =
        |pg: &PgCluster| count(pg, "SELECT count(*) FROM consultation_versions WHERE data::text LIKE '%대표자 만 3%'");
    run(&mut a);
    run(&mut b);
    assert!(told(&versions(&b)), "while consent holds the other desk sees the age");
    assert_eq!(on_hub(&pg), 1);

    a.withdraw_consent(&m, NaiveDate::from_ymd_opt(2026, 11, 21).unwrap()).unwrap();
    run(&mut a);
    assert_eq!(on_hub(&pg), 0, "the hub's copy of the version pushed before");
    run(&mut b);
    assert!(!told(&versions(&b)), "the other desk's copy: {}", versions(&b));
    let mut late = desk(&hub, "lee");
    run(&mut late);
    let pulled = versions(&late);
    assert!(!told(&pulled) && pulled.contains("청년 창업 상담"), "a desk joining later: {pulled}");
}

#[test]
fn a_manager_publishes_the_catalogue_and_every_desk_takes_it() {
    let pg = PgCluster::start();
    center(&pg, "광진구 원스톱", &[("lee", "manager"), ("choi", "staff")]);
    let hub = Hub::start(&pg.url(), &[]);
    let mut a = desk(&hub, "lee");
    let mut b = desk(&hub, "choi");
    let mut p = a.program("gwangjin-onestop-legal-advice").unwrap();
    p.summary.ko.push_str(" 매주 화요일 변호사 상담.");
    a.edit_program(p.clone()).unwrap();
    assert_eq!(a.sync_status().unwrap().catalogue_waiting, 1);
    // A program new to the center: after the publish, desk B's "whom to call" lists it.
    let now = || chrono::Local::now().naive_local();
    b.mark_calls_seen(now()).unwrap();
    let mut new = p.clone();
    new.id = "gwangjin-2026-rent-clinic".into();
    new.name = onestop_core::L10n::new("광진구 임대차 상담 주간", "Gwangjin lease clinic week");
    a.create_program(new).unwrap();
    // A staff account may not publish (the hub refuses it).
    let err = sync::publish_catalogue(&mut b).unwrap_err();
    assert!(matches!(err, Error::Denied(_)), "{err}");
    let published = sync::publish_catalogue(&mut a).unwrap();
    assert_eq!(published.version, 1);
    assert_eq!(a.sync_status().unwrap().catalogue_waiting, 0);
    let rb = run(&mut b);
    assert_eq!(rb.catalogue_version, Some(1));
    assert_eq!(b.program(&p.id).unwrap().summary.ko, p.summary.ko);
    let calls = b.view_calls(NaiveDate::from_ymd_opt(2026, 11, 20).unwrap(), now()).unwrap();
    let listed: Vec<&str> = calls.programs.iter().map(|c| c.program_id.as_str()).collect();
    assert_eq!(listed, ["gwangjin-2026-rent-clinic"], "only the program new to this desk");
    assert_eq!(run(&mut b).catalogue_version, None, "taken once");
}

#[test]
fn a_desk_of_another_center_sees_nothing_and_revoked_tokens_stop_syncing() {
    let pg = PgCluster::start();
    center(&pg, "광진구 원스톱", &[("lee", "manager")]);
    center(&pg, "종로구 원스톱", &[("jung", "manager")]);
    let hub = Hub::start(&pg.url(), &[]);
    let mut a = desk(&hub, "lee");
    let mut other = desk(&hub, "jung");
    a.add_merchant(shop(), Some(&consent())).unwrap();
    run(&mut a);
    let r = run(&mut other);
    assert_eq!(r.pulled, 0);
    assert!(other.view_merchants().unwrap().is_empty());

    let out = hub_command(&["token", "revoke", "--database-url", &pg.url(), "--login", "lee"], &[]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let err = sync::sync(&mut a, &mut |_| {}).unwrap_err();
    assert!(matches!(&err, Error::Denied(m) if m.contains("sign in to the hub again")), "{err}");
    // Signing in again gives a new token; nothing was lost meanwhile.
    let mut p = a.view_merchants().unwrap()[0].profile.clone();
    p.full_time_workers = Some(4);
    let id = a.view_merchants().unwrap()[0].id.clone();
    a.update_merchant(&id, p, None).unwrap();
    sync::sign_in(&mut a, hub.base(), "lee", PASSWORD).unwrap();
    assert_eq!(run(&mut a).pushed, 1);
    // A desk signed in to one center cannot be moved to another by signing in there.
    let err = sync::sign_in(&mut a, hub.base(), "jung", PASSWORD).unwrap_err();
    assert!(err.to_string().contains("종로구"), "{err}");
}

/// The `onestop` command line beside the hub binary (built here if this test runs alone).
fn onestop_bin() -> std::path::PathBuf {
    let bin = std::path::Path::new(support::hub_bin()).with_file_name("onestop");
    if !bin.is_file() {
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
        let ok = std::process::Command::new(cargo).args(["build", "-p", "onestop-cli"]).status().unwrap();
        assert!(ok.success(), "building the onestop command line failed");
    }
    bin
}

struct CliDesk {
    dir: tempfile::TempDir,
}

impl CliDesk {
    fn new() -> CliDesk {
        let d = CliDesk { dir: tempfile::tempdir().unwrap() };
        let out = d
            .cmd(&["staff", "init", "--login", "kim", "--name", "김관리"])
            .env("ONESTOP_NEW_PASSWORD", "482913")
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        d
    }

    fn cmd(&self, args: &[&str]) -> std::process::Command {
        let mut c = std::process::Command::new(onestop_bin());
        c.arg("--db")
            .arg(self.dir.path().join("desk.sqlite3"))
            .args(args)
            .env("ONESTOP_STAFF", "kim")
            .env("ONESTOP_PASSWORD", "482913")
            .env("ONESTOP_HUB_PASSWORD", PASSWORD)
            // The test desks keep their device secret under a passphrase (no OS keystore here).
            .env("ONESTOP_DESK_PASSPHRASE", "허브 동기화 시험의 데스크 암호")
            .env_remove("ONESTOP_DB");
        c
    }

    fn ok(&self, args: &[&str]) -> String {
        let out = self.cmd(args).output().unwrap();
        assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    }
}

#[test]
fn the_command_line_syncs_two_desks_through_the_hub() {
    let pg = PgCluster::start();
    center(&pg, "광진구 원스톱", &[("lee", "manager"), ("choi", "staff")]);
    let hub = Hub::start(&pg.url(), &[]);
    let (a, b) = (CliDesk::new(), CliDesk::new());
    let profile = a.dir.path().join("shop.json");
    std::fs::write(&profile, r#"{"name": "화양 분식", "city": "서울", "district": "광진구", "full_time_workers": 1}"#)
        .unwrap();
    a.ok(&["merchant", "add", "--profile", profile.to_str().unwrap()]);

    let out = a.ok(&["sync", "--hub", hub.base(), "--user", "lee"]);
    assert!(out.contains("sent 1"), "{out}");
    let report: Value =
        serde_json::from_str(&b.ok(&["sync", "--hub", hub.base(), "--user", "choi", "--json"])).unwrap();
    assert_eq!((report["pushed"].clone(), report["pulled"].clone()), (json!(0), json!(1)));
    assert!(b.ok(&["merchant", "list"]).contains("화양 분식"));
    // Later syncs need no password: the desk keeps its token.
    let out = b.cmd(&["sync", "--json"]).env_remove("ONESTOP_HUB_PASSWORD").output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let status: Value = serde_json::from_str(&b.ok(&["sync", "status", "--json"])).unwrap();
    assert_eq!((status["waiting"].clone(), status["login"].clone()), (json!(0), json!("choi")));
    assert_eq!(status["set_aside"], 0);
    // An item on the hub this desk cannot read: the sync goes on, and the status shows it.
    pg.psql_as("postgres", "onestop", &[r#"UPDATE merchants SET state = state || '{"stage": "unicorn"}'"#]);
    let c = CliDesk::new();
    let out = c.ok(&["sync", "--hub", hub.base(), "--user", "lee"]);
    assert!(out.contains("received 0, set aside 1") && out.contains("set aside:   1 item(s)"), "{out}");
    let listed = c.ok(&["sync", "set-aside"]);
    assert!(listed.contains("\tmerchant\t") && listed.contains("state.stage"), "{listed}");
    // Signed out, the token no longer works on the hub and the desk asks for a sign-in.
    b.ok(&["sync", "logout"]);
    let out = b.cmd(&["sync"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("sign in to the hub"));
}

/// `onestop-hub data …` on the cluster's database, for center 광진구 원스톱.
fn hub_data(pg: &PgCluster, args: &[&str]) -> (bool, String, String) {
    let url = pg.url();
    let mut all = vec!["data"];
    all.extend_from_slice(&args[..1]);
    all.extend_from_slice(&["--database-url", &url, "--center", "광진구 원스톱"]);
    all.extend_from_slice(&args[1..]);
    let out = hub_command(&all, &[]);
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn an_item_a_desk_cannot_read_is_set_aside_and_sync_goes_on_and_the_hub_lists_and_drops_it() {
    let (pg, _hub, mut a, mut b) = one_center_two_desks();
    let first = a.add_merchant(shop(), Some(&consent())).unwrap().id;
    let c = consult(&mut a, &first, "임대료 상담");
    run(&mut a);
    // Data on the hub a desk cannot read (a newer desk's status, written before the hub checked):
    // the merchant's state and its consultation's channel.
    pg.psql_as(
        "postgres",
        "onestop",
        &[
            &format!(
                "UPDATE merchants SET state = state || '{{\"business_status\": \"hibernating\"}}' WHERE uid = '{first}'"
            ),
            &format!("UPDATE consultation_versions SET data = data || '{{\"channel\": \"video\"}}' WHERE uid = '{c}'"),
        ],
    );
    // Later changes on the first desk, after the unreadable ones.
    let second = a.add_merchant(Profile { name: Some("두번째 가게".into()), ..Default::default() }, None).unwrap().id;
    let later = consult(&mut a, &second, "판로 상담");
    run(&mut a);

    let rb = run(&mut b);
    assert_eq!(rb.set_aside, 2, "{rb:?}");
    assert_eq!(rb.status.set_aside, 2);
    assert!(b.view_merchant(&first).is_err(), "the unreadable merchant is not applied");
    assert_eq!(b.view_merchant(&second).unwrap().profile.name.as_deref(), Some("두번째 가게"), "later items are");
    assert_eq!(b.consultation(&later).unwrap().notes, "판로 상담");
    let aside = b.sync_set_aside().unwrap();
    let listed: Vec<(&str, &str)> = aside.iter().map(|i| (i.kind.as_str(), i.record_id.as_str())).collect();
    assert_eq!(listed, [("merchant", first.as_str()), ("consultation_version", c.as_str())]);
    assert!(aside[0].problem.contains("state.business_status"), "{aside:?}");
    assert!(aside[1].problem.contains("data.channel"), "{aside:?}");
    assert!(aside.iter().all(|i| !i.problem.contains("박영희") && !i.problem.contains("7777")), "{aside:?}");
    // The cursor moved past them: the next sync pulls nothing and sets nothing aside again.
    let again = run(&mut b);
    assert_eq!((again.pulled, again.set_aside, again.status.set_aside), (0, 0, 2), "{again:?}");

    // The hub's administrator lists what does not read and drops it, and the drop is on record.
    let (ok, listed, err) = hub_data(&pg, &["check"]);
    assert!(ok, "{err}");
    assert!(listed.contains(&format!("merchant\t{first}")) && listed.contains("state.business_status"), "{listed}");
    assert!(listed.contains(&format!("consultation_version\t{c}\t1")) && listed.contains("data.channel"), "{listed}");
    assert!(!listed.contains(&second) && !listed.contains(&later), "{listed}");
    assert!(!listed.contains("박영희") && !listed.contains("7777"), "{listed}");
    let (ok, out, err) = hub_data(&pg, &["drop", "--kind", "consultation_version", "--uid", &c, "--version", "1"]);
    assert!(ok, "{out}{err}");
    let (ok, _, err) = hub_data(&pg, &["drop", "--kind", "merchant", "--uid", &second]);
    assert!(!ok && err.contains("reads"), "a readable record is not dropped: {err}");
    let (ok, out, err) = hub_data(&pg, &["drop", "--kind", "merchant", "--uid", &first]);
    assert!(ok, "{out}{err}");
    let (ok, listed, _) = hub_data(&pg, &["check"]);
    assert!(ok && !listed.contains(&first) && !listed.contains(&c), "{listed}");
    assert_eq!(count(&pg, "SELECT count(*) FROM admin_actions WHERE action = 'drop'"), 2);
    assert_eq!(count(&pg, &format!("SELECT count(*) FROM merchants WHERE uid = '{second}'")), 1);
}

/// Every application of every merchant with every version, comparable across desks.
fn applications_snapshot(s: &Store) -> Value {
    let mut all: Vec<Value> = s
        .applications(None)
        .unwrap()
        .into_iter()
        .map(|a| json!({ "current": a, "versions": s.application_versions(&a.id.to_string()).unwrap() }))
        .collect();
    all.sort_by_key(|a| a["current"]["id"].to_string());
    Value::Array(all)
}

#[test]
fn applications_and_their_duties_sync_edited_on_both_desks_and_end_identical() {
    use onestop_core::application::{ApplicationInput, ApplicationStatus};
    let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
    let (pg, _hub, mut a, mut b) = one_center_two_desks();
    let m = a.add_merchant(shop(), Some(&consent())).unwrap().id;
    let app = a
        .add_application(ApplicationInput {
            merchant_id: m.clone(),
            program_id: "seoul-2023-employment-incentive".into(),
            applied_on: Some(d("2023-04-20")),
            hired_on: Some(d("2023-01-16")),
            ..Default::default()
        })
        .unwrap();
    let id = app.id.to_string();
    run(&mut a);
    run(&mut b);
    let on_b = b.application(&id).unwrap();
    assert_eq!(on_b.duties[2].due_on, Some(d("2023-06-30")), "the duties travel with the application");
    assert_eq!(b.duties_due(d("2023-06-25"), 5).unwrap().len(), 1, "and reach the other desk's Today");

    // Both desks change it offline: one records the decision, the other moves a duty.
    let mut i = on_b.input();
    i.status = Some(ApplicationStatus::Selected);
    i.decided_on = Some(d("2023-06-01"));
    i.amount_approved_krw = Some(3_000_000);
    b.update_application(&id, i).unwrap();
    a.adjust_duty(&id, 2, d("2023-07-05"), "구청 안내로 연기").unwrap();
    run(&mut a);
    run(&mut b);
    run(&mut a);
    let (sa, sb) = (applications_snapshot(&a), applications_snapshot(&b));
    assert_eq!(sa, sb, "both desks hold the same versions in the same order");
    assert_eq!(sa[0]["versions"].as_array().unwrap().len(), 3);
    // The last in the hub's order is current on both: the second desk pushed last.
    assert_eq!(sa[0]["current"]["status"], "selected");
    assert_eq!(count(&pg, "SELECT count(*) FROM application_versions"), 3);
    assert_eq!(a.sync_status().unwrap().waiting, 0);
    assert_eq!(b.sync_status().unwrap().waiting, 0);
    let lines: Vec<String> = b
        .audit_log(&AuditFilter { record_id: Some(id.clone()), ..Default::default() })
        .unwrap()
        .into_iter()
        .map(|e| e.detail)
        .collect();
    assert!(lines.contains(&"received by sync".to_string()), "{lines:?}");

    // Erased on request: gone from the hub and the other desk, with its applications.
    a.erase_merchant(&m).unwrap();
    run(&mut a);
    run(&mut b);
    assert!(b.applications(None).unwrap().is_empty());
    assert_eq!(count(&pg, "SELECT count(*) FROM application_versions"), 0);
}

#[test]
fn the_hub_lists_and_drops_an_application_or_visit_version_a_desk_cannot_read() {
    use onestop_core::application::ApplicationInput;
    use onestop_core::visit::VisitInput;
    let (pg, _hub, mut a, _b) = one_center_two_desks();
    let m = a.add_merchant(shop(), Some(&consent())).unwrap().id;
    let app = a
        .add_application(ApplicationInput {
            merchant_id: m.clone(),
            program_id: "jongno-2022h2-sme-fund-loan".into(),
            ..Default::default()
        })
        .unwrap();
    let visit = a
        .plan_visit(VisitInput {
            merchant_id: Some(m.clone()),
            on: NaiveDate::from_ymd_opt(2026, 12, 8).unwrap(),
            place: "자양전통시장".into(),
            purpose: "방문 상담".into(),
            counselor: "최상담".into(),
            ..Default::default()
        })
        .unwrap();
    run(&mut a);
    // A newer desk's status on the hub, written before the hub checked.
    pg.psql_as(
        "postgres",
        "onestop",
        &[
            &format!(
                "UPDATE application_versions SET data = data || '{{\"status\": \"appealed\"}}' WHERE uid = '{}'",
                app.id
            ),
            &format!("UPDATE visit_versions SET data = data || '{{\"status\": \"moved\"}}' WHERE uid = '{}'", visit.id),
        ],
    );
    let (ok, listed, err) = hub_data(&pg, &["check"]);
    assert!(ok, "{err}");
    assert!(
        listed.contains(&format!("application_version\t{}\t1", app.id)) && listed.contains("data.status"),
        "{listed}"
    );
    assert!(listed.contains(&format!("visit_version\t{}\t1", visit.id)), "{listed}");
    let (ok, _, err) = hub_data(&pg, &["drop", "--kind", "application_version", "--uid", &app.id.to_string()]);
    assert!(!ok && err.contains("--version"), "{err}");
    for (kind, uid) in [("application_version", app.id), ("visit_version", visit.id)] {
        let (ok, out, err) = hub_data(&pg, &["drop", "--kind", kind, "--uid", &uid.to_string(), "--version", "1"]);
        assert!(ok, "{out}{err}");
    }
    let (ok, listed, _) = hub_data(&pg, &["check"]);
    assert!(ok && !listed.contains("application_version") && !listed.contains("visit_version"), "{listed}");
    assert_eq!(
        count(&pg, "SELECT count(*) FROM admin_actions WHERE kind IN ('application_version', 'visit_version')"),
        2
    );
}

#[test]
fn a_referrals_round_trip_ends_identical_on_both_desks_and_the_directory_travels_with_the_catalogue() {
    use onestop_core::consultation::{ReferralResult, ReferralStatus};
    use onestop_core::partners::ReferralAnswer;
    use onestop_core::program::Kind;
    let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
    let (_pg, _hub, mut a, mut b) = one_center_two_desks();

    // The manager's desk keeps the directory: a contact added reaches the other desk with the
    // next publish.
    let mut scgf = a.partner("seoul-credit-guarantee-foundation").unwrap();
    scgf.contact = Some("1577-6119".into());
    a.save_partner(scgf.clone()).unwrap();
    assert_eq!(a.sync_status().unwrap().catalogue_waiting, 1);
    sync::publish_catalogue(&mut a).unwrap();
    run(&mut b);
    assert_eq!(b.partner("seoul-credit-guarantee-foundation").unwrap().contact.as_deref(), Some("1577-6119"));

    // Referred on the first desk; the partner's answer recorded on the second, its result on
    // the first: every version on both, the same in the end.
    let m = a.add_merchant(shop(), Some(&consent())).unwrap().id;
    let c = a
        .add_consultation(ConsultationInput {
            merchant_id: m.clone(),
            counselor: "김상담".into(),
            channel: Some(Channel::Counter),
            referred_by: Some("semas".into()),
            referrals: vec![onestop_core::consultation::Referral {
                institution: "서울신용보증재단".into(),
                partner_id: Some("seoul-credit-guarantee-foundation".into()),
                program_id: Some("gwangjin-onestop-credit-guarantee".into()),
                status: ReferralStatus::Referred,
                ..Default::default()
            }],
            ..Default::default()
        })
        .unwrap()
        .id
        .to_string();
    run(&mut a);
    run(&mut b);
    b.answer_referral(
        &c,
        0,
        ReferralAnswer { status: ReferralStatus::Accepted, answered_on: Some(d("2026-11-09")), ..Default::default() },
    )
    .unwrap();
    run(&mut b);
    run(&mut a);
    let result =
        ReferralResult { kind: Kind::Guarantee, amount_krw: Some(30_000_000), on: d("2026-11-20"), note: None };
    a.answer_referral(
        &c,
        0,
        ReferralAnswer {
            status: ReferralStatus::Completed,
            answered_on: Some(d("2026-11-09")),
            result: Some(result.clone()),
            ..Default::default()
        },
    )
    .unwrap();
    run(&mut a);
    run(&mut b);
    assert_eq!(snapshot(&a), snapshot(&b), "both desks hold the same versions");
    let on_b = b.consultation(&c).unwrap();
    assert_eq!((on_b.version, on_b.referrals[0].status), (3, ReferralStatus::Completed));
    assert_eq!(on_b.referrals[0].result, Some(result));
    assert_eq!(on_b.referred_by.as_deref(), Some("semas"));
}

#[test]
fn a_visit_planned_and_recorded_offline_on_a_laptop_reaches_the_center_with_its_consultation() {
    use onestop_core::visit::{VisitInput, VisitStatus};
    let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
    let (pg, _hub, mut center_desk, mut laptop) = one_center_two_desks();
    // Planned at the center for a prospect, and taken by the laptop before it goes out.
    let v = center_desk
        .plan_visit(VisitInput {
            prospect: Some("자양시장 반찬가게".into()),
            on: d("2026-12-08"),
            place: "자양전통시장".into(),
            purpose: "경영 개선 방문 상담".into(),
            counselor: "최상담".into(),
            ..Default::default()
        })
        .unwrap();
    run(&mut center_desk);
    run(&mut laptop);
    let day = laptop.visits_between(d("2026-12-08"), d("2026-12-08")).unwrap();
    assert_eq!(day.len(), 1, "the day's list is on the laptop");
    // Offline at the market: recorded as a consultation.
    let (_, c) = laptop
        .record_visit(&v.id.to_string(), ConsultationInput { notes: "배달 수수료 부담".into(), ..Default::default() })
        .unwrap();
    assert_eq!(laptop.sync_status().unwrap().waiting, 3, "merchant, consultation, visit; nothing lost offline");
    run(&mut laptop);
    run(&mut center_desk);
    let at_center = center_desk.visit(&v.id.to_string()).unwrap();
    assert_eq!((at_center.status, at_center.consultation_id), (VisitStatus::Done, Some(c.id)));
    assert_eq!(center_desk.consultation(&c.id.to_string()).unwrap().place.as_deref(), Some("자양전통시장"));
    assert_eq!(
        center_desk.visit_versions(&v.id.to_string()).unwrap(),
        laptop.visit_versions(&v.id.to_string()).unwrap()
    );
    assert_eq!(count(&pg, "SELECT count(*) FROM visit_versions"), 2);
    // Erased with its merchant, everywhere.
    center_desk.erase_merchant(&c.merchant_id).unwrap();
    run(&mut center_desk);
    run(&mut laptop);
    assert!(laptop.visit(&v.id.to_string()).is_err());
    assert_eq!(count(&pg, "SELECT count(*) FROM visit_versions"), 0);
}
