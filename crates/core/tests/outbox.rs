//! The sync outbox: every change to merchants, consultations (referrals and follow-ups
//! included) and the catalogue is written in the same transaction as the change; a refused
//! change leaves nothing; erasure and consent withdrawal take personal data out of it too.
#![allow(clippy::unwrap_used)]

use chrono::NaiveDate;
use onestop_core::consultation::{Channel, ConsultationInput, FollowUp, Referral, ReferralStatus};
use onestop_core::privacy::{ConsentInput, DEFAULT_CONSENT_FORM};
use onestop_core::{Profile, Store};
use serde_json::json;

fn outbox(s: &Store) -> Vec<(String, String, String)> {
    let mut stmt = s.connection().prepare("SELECT kind, record_id, body FROM sync_outbox ORDER BY seq").unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?))).unwrap().collect::<Result<_, _>>().unwrap()
}

fn kinds(s: &Store) -> Vec<String> {
    outbox(s).into_iter().map(|(k, ..)| k).collect()
}

fn shop(brn: &str) -> Profile {
    Profile::from_json_value(&json!({
        "name": "자양 떡집", "owner_name": "박영희", "phone": "010-7777-1234",
        "business_registration_number": brn, "city": "서울", "district": "광진구", "full_time_workers": 2
    }))
    .unwrap()
}

fn consent() -> Option<ConsentInput> {
    Some(ConsentInput { given_on: NaiveDate::from_ymd_opt(2026, 11, 2).unwrap(), form: DEFAULT_CONSENT_FORM.into() })
}

#[test]
fn every_change_lands_in_the_outbox_with_it_and_refusals_leave_nothing() {
    let mut s = Store::open_in_memory().unwrap();
    assert!(kinds(&s).is_empty(), "loading the bundled catalogue is not a change to sync");
    let m = s.add_merchant(shop("220-81-62517"), consent().as_ref()).unwrap();
    let other = s.add_merchant(Profile { name: Some("다른 가게".into()), ..Default::default() }, None).unwrap();
    assert_eq!(kinds(&s), ["merchant", "merchant"]);
    let (_, id, body) = &outbox(&s)[0];
    assert_eq!(id, &m.id);
    let change: serde_json::Value = serde_json::from_str(body).unwrap();
    assert_eq!(change["kind"], "merchant");
    assert!(change["base"].is_null(), "a new merchant has no base");
    assert_eq!(change["state"]["name"], "자양 떡집");
    assert_eq!(change["consents"][0]["form"], DEFAULT_CONSENT_FORM);

    // Refused: the same registration number on another merchant. Nothing is written.
    let mut dup = other.profile.clone();
    dup.business_registration_number = Some("220-81-62517".into());
    assert!(s.update_merchant(&other.id, dup, None).is_err());
    assert_eq!(outbox(&s).len(), 2);

    let mut edited = m.profile.clone();
    edited.full_time_workers = Some(3);
    s.update_merchant(&m.id, edited, None).unwrap();
    let (_, _, body) = outbox(&s).pop().unwrap();
    let change: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(
        (change["base"]["full_time_workers"].clone(), change["state"]["full_time_workers"].clone()),
        (json!(2), json!(3))
    );

    let c = s
        .add_consultation(ConsultationInput {
            merchant_id: m.id.clone(),
            counselor: "김상담".into(),
            channel: Some(Channel::Visit),
            notes: "시장 방문 상담".into(),
            referrals: vec![Referral {
                institution: "서울신용보증재단".into(),
                program_id: None,
                status: Default::default(),
                note: None,
                ..Default::default()
            }],
            follow_ups: vec![FollowUp {
                due_on: NaiveDate::from_ymd_opt(2026, 12, 1).unwrap(),
                action: "서류 확인".into(),
                done: false,
            }],
            ..Default::default()
        })
        .unwrap();
    s.set_referral_status(&c.id.to_string(), 0, ReferralStatus::Referred).unwrap();
    s.set_follow_up_done(&c.id.to_string(), 0, true).unwrap();
    assert_eq!(kinds(&s)[3..], ["consultation_version", "consultation_version", "consultation_version"]);
    let versions: Vec<Option<String>> = {
        let mut stmt = s.connection().prepare("SELECT change_id FROM consultation_versions ORDER BY version").unwrap();
        stmt.query_map([], |r| r.get(0)).unwrap().collect::<Result<_, _>>().unwrap()
    };
    assert_eq!(versions.len(), 3);
    assert!(versions.iter().all(|v| v.is_some()), "each version knows the change that carries it");

    let mut p = s.program("gwangjin-onestop-legal-advice").unwrap();
    p.summary.ko.push_str(" (센터 메모)");
    s.edit_program(p).unwrap();
    s.retire_program("gwangjin-onestop-legal-advice", true).unwrap();
    let status = s.sync_status().unwrap();
    assert_eq!((status.waiting, status.catalogue_waiting, status.conflicts), (6, 1, 0), "one mark per program");
    assert_eq!(status.hub, None);
}

#[test]
fn erasure_and_withdrawal_take_personal_data_out_of_the_outbox() {
    let mut s = Store::open_in_memory().unwrap();
    let a = s.add_merchant(shop("220-81-62517"), consent().as_ref()).unwrap();
    s.add_consultation(ConsultationInput {
        merchant_id: a.id.clone(),
        counselor: "김상담".into(),
        channel: Some(Channel::Counter),
        notes: "박영희 대표 상담".into(),
        ..Default::default()
    })
    .unwrap();
    assert!(outbox(&s).iter().any(|(_, _, b)| b.contains("박영희")));
    s.withdraw_consent(&a.id, NaiveDate::from_ymd_opt(2026, 11, 20).unwrap()).unwrap();
    let merchant_bodies: String = outbox(&s).into_iter().filter(|(k, ..)| k == "merchant").map(|(_, _, b)| b).collect();
    assert!(!merchant_bodies.contains("박영희") && !merchant_bodies.contains("7777-1234"), "{merchant_bodies}");
    assert!(merchant_bodies.contains("withdrawn_on"));

    s.erase_merchant(&a.id).unwrap();
    let left = outbox(&s);
    assert_eq!(left.len(), 1, "only the erasure itself waits: {left:?}");
    assert_eq!(left[0].0, "merchant_erased");
    assert!(!left[0].2.contains("박영희") && !left[0].2.contains("떡집"));
}

#[test]
fn data_saved_before_the_desk_had_an_outbox_is_queued_once_on_upgrade() {
    let dir = std::env::temp_dir().join(format!("onestop-outbox-backfill-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let db = dir.join("desk.sqlite3");
    let mut s = Store::open(&db).unwrap();
    let a = s.add_merchant(shop("220-81-62517"), consent().as_ref()).unwrap();
    let c = s
        .add_consultation(ConsultationInput {
            merchant_id: a.id.clone(),
            counselor: "김상담".into(),
            channel: Some(Channel::Counter),
            notes: "동기화 이전 상담".into(),
            ..Default::default()
        })
        .unwrap();
    // As a desk from before sync left them: nothing in the outbox, versions sent by no change.
    s.connection()
        .execute_batch(
            "DELETE FROM sync_outbox; UPDATE consultation_versions SET change_id = NULL;
             DELETE FROM settings WHERE key = 'sync.backfilled';",
        )
        .unwrap();
    drop(s);

    let s = Store::open(&db).unwrap();
    let queued = outbox(&s);
    assert!(queued.iter().any(|(k, id, _)| k == "merchant" && *id == a.id), "{queued:?}");
    assert!(queued
        .iter()
        .any(|(k, id, b)| k == "consultation_version" && *id == c.id.to_string() && b.contains("동기화 이전")));
    let unsent: i64 = s
        .connection()
        .query_row("SELECT count(*) FROM consultation_versions WHERE change_id IS NULL", [], |r| r.get(0))
        .unwrap();
    assert_eq!(unsent, 0, "each version knows the change that sends it");
    drop(s);
    // Once: opening again queues nothing more.
    let again = Store::open(&db).unwrap();
    assert_eq!(outbox(&again).len(), queued.len());
    std::fs::remove_dir_all(&dir).unwrap();
}
