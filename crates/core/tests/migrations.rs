//! Migrations from every earlier schema version, with data in it. For each version k, a
//! database is built with the first k migrations and filled with the rows a desk at version k
//! would hold (every column that existed then, copied from a desk used through the current
//! API); opening it migrates to the current schema and everything reads back the same.
//! A new migration is covered by this test without changes.

#![allow(clippy::unwrap_used)] // tests fail loudly by design

use std::path::{Path, PathBuf};

use chrono::NaiveDateTime;
use onestop_core::bizinfo::import_body;
use onestop_core::consultation::{Channel, ConsultationInput, FollowUp, Referral};
use onestop_core::program::Criterion;
use onestop_core::store::MIGRATIONS;
use onestop_core::{Profile, Store};
use serde_json::json;

/// The merchant's signed consent to personal-information processing.
fn signed() -> onestop_core::privacy::ConsentInput {
    onestop_core::privacy::ConsentInput {
        given_on: chrono::NaiveDate::from_ymd_opt(2026, 11, 2).unwrap(),
        form: onestop_core::privacy::DEFAULT_CONSENT_FORM.into(),
    }
}

fn temp(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("onestop-migrations-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// A desk used the way staff use it: merchants, consultations with edits, referrals,
/// follow-ups, imported and edited programs, settings.
fn used_desk(path: &Path) -> Store {
    let mut s = Store::open(path).unwrap();
    s.set_setting("desk.center", "광진구 소상공인 원스톱센터").unwrap();
    let body = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/bizinfo-api-sample.json"),
    )
    .unwrap();
    import_body(&mut s, &body).unwrap();
    s.set_program_criteria("bizinfo-pbln-000000000127013", vec![Criterion::SmallBusiness]).unwrap();
    for (name, brn) in [("광진 커피", "220-81-62517"), ("화양 분식", "")] {
        let mut p = json!({"name": name, "city": "서울", "district": "광진구", "ksic_code": "56221",
                           "full_time_workers": 3, "founded_on": "2021-03-02", "phone": "02-555-1234"});
        if !brn.is_empty() {
            p["business_registration_number"] = json!(brn);
        }
        let m = s.add_merchant(Profile::from_json_value(&p).unwrap(), Some(&signed())).unwrap();
        let c = s
            .add_consultation(ConsultationInput {
                merchant_id: m.id.clone(),
                at: Some(NaiveDateTime::parse_from_str("2026-11-20 10:00", "%Y-%m-%d %H:%M").unwrap()),
                counselor: "김상담".into(),
                channel: Some(Channel::Counter),
                topics: vec!["법률".into()],
                notes: format!("{name} 임대차 분쟁 상담"),
                program_ids: vec!["gwangjin-onestop-legal-advice".into()],
                referrals: vec![Referral {
                    institution: "광진구 법률상담실".into(),
                    program_id: Some("gwangjin-onestop-legal-advice".into()),
                    status: Default::default(),
                    note: None,
                    ..Default::default()
                }],
                follow_ups: vec![FollowUp {
                    due_on: chrono::NaiveDate::from_ymd_opt(2026, 11, 27).unwrap(),
                    action: "결과 확인".into(),
                    done: false,
                }],
                ..Default::default()
            })
            .unwrap();
        s.set_follow_up_done(&c.id.to_string(), 0, true).unwrap();
    }
    s
}

fn tables(conn: &rusqlite::Connection) -> Vec<String> {
    conn.prepare(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
         AND name NOT LIKE 'search_grams_%' ORDER BY name",
    )
    .unwrap()
    .query_map([], |r| r.get(0))
    .unwrap()
    .collect::<rusqlite::Result<_>>()
    .unwrap()
}

fn columns(conn: &rusqlite::Connection, table: &str) -> Vec<String> {
    conn.prepare(&format!("SELECT name FROM pragma_table_info('{table}')"))
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
}

/// Everything a person sees, read through the API.
fn seen(s: &Store) -> serde_json::Value {
    let merchants = s.view_merchants().unwrap();
    let consultations: Vec<_> = s
        .consultations(None)
        .unwrap()
        .into_iter()
        .map(|c| (s.consultation_versions(&c.id.to_string()).unwrap().len(), c))
        .collect();
    let programs = s.programs(&Default::default()).unwrap();
    json!({
        "merchants": merchants,
        "consultations": consultations,
        "programs": programs,
        "center": s.setting("desk.center").unwrap(),
        "search": s.search("임대차", None, 50).unwrap(),
        "search2": s.search("커피", None, 50).unwrap(),
    })
}

#[test]
fn every_earlier_schema_version_with_data_migrates_and_reads_back_the_same() {
    let dir = temp("every");
    let current = used_desk(&dir.join("current.sqlite3"));
    let want = seen(&current);
    drop(current);
    for k in 1..MIGRATIONS.len() {
        let path = dir.join(format!("v{k}.sqlite3"));
        {
            let conn = rusqlite::Connection::open(&path).unwrap();
            conn.pragma_update(None, "foreign_keys", false).unwrap();
            for (_, sql) in &MIGRATIONS[..k] {
                conn.execute_batch(sql).unwrap();
            }
            conn.pragma_update(None, "user_version", k as i64).unwrap();
            conn.execute("ATTACH DATABASE ?1 AS cur", [dir.join("current.sqlite3").to_str().unwrap()]).unwrap();
            let now: Vec<String> = conn
                .prepare("SELECT name FROM cur.sqlite_master WHERE type = 'table'")
                .unwrap()
                .query_map([], |r| r.get(0))
                .unwrap()
                .collect::<rusqlite::Result<_>>()
                .unwrap();
            // A table the current schema dropped (the search index of 0001) is left empty: the
            // migration that dropped it rebuilds what it held. A one-row table its migration
            // seeds (catalogue_rev, audit_head) takes the row the desk holds instead.
            for t in tables(&conn).into_iter().filter(|t| now.contains(t)) {
                let cols = columns(&conn, &t).join(", ");
                conn.execute(&format!("INSERT OR REPLACE INTO main.{t}({cols}) SELECT {cols} FROM cur.{t}"), [])
                    .unwrap();
            }
            conn.execute("DETACH DATABASE cur", []).unwrap();
        }
        let s = Store::open(&path).unwrap();
        assert_eq!(s.schema_version().unwrap(), MIGRATIONS.len(), "v{k}");
        let check: String = s.connection().query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
        assert_eq!(check, "ok", "v{k}");
        assert_eq!(seen(&s), want, "a version {k} database reads back the same after migrating");
        let audit = s.verify_audit_log().unwrap();
        assert_eq!(audit.broken, None, "v{k}: the audit log chains after migrating");
        assert!(audit.lines > 0, "v{k}");
        let fk: Vec<(String,)> = s
            .connection()
            .prepare("PRAGMA foreign_key_check")
            .unwrap()
            .query_map([], |r| Ok((r.get::<_, String>(0)?,)))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert!(fk.is_empty(), "v{k}: foreign keys broken: {fk:?}");
    }
}

/// Migration 0013 rebuilds the outbox (its kind check takes application versions): a change
/// made after the upgrade never takes the number of one sent and confirmed before it.
#[test]
fn the_rebuilt_outbox_keeps_counting_past_changes_already_sent() {
    let dir = temp("outbox-counter");
    let path = dir.join("v12.sqlite3");
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        for (_, sql) in &MIGRATIONS[..12] {
            conn.execute_batch(sql).unwrap();
        }
        conn.pragma_update(None, "user_version", 12).unwrap();
        for n in 1..=5 {
            conn.execute(
                "INSERT INTO sync_outbox(change_id, kind, record_id, body, at) VALUES (?1, 'program', ?2, '', '2026-11-02T10:00:00')",
                [format!("change-{n}"), format!("p{n}")],
            )
            .unwrap();
        }
        // All were sent and confirmed: the outbox is empty, its counter at 5.
        conn.execute("DELETE FROM sync_outbox", []).unwrap();
    }
    let mut s = Store::open(&path).unwrap();
    let p = Profile::from_json_value(&json!({"name": "자양 꽃집", "city": "서울", "district": "광진구"})).unwrap();
    let m = s.add_merchant(p, None).unwrap();
    let seqs: Vec<(i64, String)> = s
        .connection()
        .prepare("SELECT seq, kind FROM sync_outbox ORDER BY seq")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    assert!(!seqs.is_empty() && seqs.iter().all(|(n, _)| *n > 5), "{seqs:?}");
    assert!(seqs.iter().any(|(_, k)| k == "merchant"), "{seqs:?} ({})", m.id);
    // And an application version is a kind the outbox now takes.
    s.load_catalogue(&onestop_core::catalogue::bundled().unwrap()).unwrap();
    s.add_application(onestop_core::application::ApplicationInput {
        merchant_id: m.id.clone(),
        program_id: "jongno-2022h2-sme-fund-loan".into(),
        ..Default::default()
    })
    .unwrap();
}
