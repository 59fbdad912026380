//! "Who should we call?": programs new since the last look, and for each the merchants it fits
//! or that one answer would settle, with contacts only as consented; the CSV export.

#![allow(clippy::unwrap_used)] // tests fail loudly by design

use chrono::{Duration, NaiveDate, NaiveDateTime};
use onestop_core::{Lang, Profile, Store, Verdict};
use serde_json::json;

fn now() -> NaiveDateTime {
    chrono::Local::now().naive_local()
}

fn signed() -> onestop_core::privacy::ConsentInput {
    onestop_core::privacy::ConsentInput {
        given_on: NaiveDate::from_ymd_opt(2026, 11, 2).unwrap(),
        form: onestop_core::privacy::DEFAULT_CONSENT_FORM.into(),
    }
}

fn program(id: &str) -> onestop_core::Program {
    serde_json::from_value(json!({
        "id": id,
        "name": {"ko": "전통시장 간판 개선 지원", "en": "Market signage renewal"},
        "kinds": ["grant"],
        "provider": {"ko": "광진구", "en": "Gwangjin-gu"},
        "summary": {"ko": "간판 교체 비용 일부 지원", "en": "Part of the cost of new signs"},
        "criteria": [{"type": "location", "city": "서울특별시", "districts": ["광진구"]}, {"type": "small_business"}],
        "window": {"opens_on": "2026-11-01", "closes_on": "2026-12-15"},
        "source": {"file": "staff entry", "dated": "2026-11"}
    }))
    .unwrap()
}

#[test]
fn new_programs_list_whom_to_call_and_export_as_csv() {
    let mut s = Store::open_in_memory().unwrap();
    let as_of = NaiveDate::from_ymd_opt(2026, 11, 20).unwrap();
    let cafe = Profile::from_json_value(&json!({
        "name": "광진 커피", "phone": "02-555-1234", "city": "서울", "district": "광진구", "ksic_code": "56221",
        "full_time_workers": 3, "founded_on": "2021-03-02", "business_status": "operating"}))
    .unwrap();
    let cafe = s.add_merchant(cafe, Some(&signed())).unwrap();
    // No consent, so no phone kept; one answer (the business status) away.
    let shop = Profile::from_json_value(&json!({
        "name": "자양 상회", "city": "서울", "district": "광진구", "ksic_code": "47190",
        "full_time_workers": 1, "founded_on": "2019-05-01"}))
    .unwrap();
    let shop = s.add_merchant(shop, None).unwrap();
    let elsewhere =
        Profile::from_json_value(&json!({"name": "강남 식당", "city": "서울", "district": "강남구"})).unwrap();
    let elsewhere = s.add_merchant(elsewhere, None).unwrap();

    // Before the first look, the bundled catalogue is new (added just now); look once.
    let first = s.view_calls(as_of, now()).unwrap();
    assert!(!first.since_last_look);
    s.mark_calls_seen(now()).unwrap();
    assert!(s.view_calls(as_of, now()).unwrap().programs.is_empty(), "nothing new since the last look");
    // A program already here that changes is not new (its history starts only now).
    let mut bundled = s.program("gwangjin-onestop-legal-advice").unwrap();
    bundled.summary.ko.push_str(" 매주 화요일.");
    s.edit_program(bundled).unwrap();
    assert!(s.view_calls(as_of, now()).unwrap().programs.is_empty(), "an edit is not an arrival");

    assert_eq!(s.new_programs_count(as_of, now()).unwrap(), 0);
    s.create_program(program("gwangjin-2026-signage")).unwrap();
    assert_eq!(s.new_programs_count(as_of, now()).unwrap(), 1, "Today counts it");
    let list = s.view_calls(as_of, now()).unwrap();
    assert!(list.since_last_look);
    assert_eq!(list.merchants_checked, 3);
    assert_eq!(list.programs.len(), 1);
    let p = &list.programs[0];
    assert_eq!((p.program_id.as_str(), p.eligible, p.one_question), ("gwangjin-2026-signage", 1, 1));
    assert_eq!(p.prospects[0].merchant_id, cafe.id);
    assert_eq!(p.prospects[0].verdict, Verdict::Eligible);
    assert_eq!(p.prospects[0].phone.as_deref(), Some("02-555-1234"));
    assert_eq!(p.prospects[1].merchant_id, shop.id);
    assert_eq!(p.prospects[1].missing, ["business_status"]);
    assert_eq!(p.prospects[1].phone, None, "no consent, no contact");
    assert!(p.prospects.iter().all(|x| x.merchant_id != elsewhere.id));

    let csv = String::from_utf8(s.export_calls_csv(as_of, now(), Lang::Ko).unwrap()).unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), 3, "{csv}");
    assert!(lines[0].starts_with("\u{feff}프로그램 ID,프로그램,"), "{}", lines[0]);
    assert!(lines[1].contains("02-555-1234") && lines[1].contains("해당"), "{}", lines[1]);
    assert!(lines[2].contains("영업 중입니까"), "the question to ask: {}", lines[2]);

    // Both the view and the export are logged; a program added and then seen drops off.
    let count = |action: &str| -> i64 {
        s.connection()
            .query_row("SELECT count(*) FROM audit_log WHERE record_kind = 'calls' AND action = ?1", [action], |r| {
                r.get(0)
            })
            .unwrap()
    };
    assert_eq!((count("view"), count("export")), (4, 1));
    s.mark_calls_seen(now()).unwrap();
    assert!(s.view_calls(as_of, now()).unwrap().programs.is_empty());
    // A closed program is nothing to call about.
    s.create_program(program("gwangjin-2026-signage-2")).unwrap();
    let later = as_of + Duration::days(60);
    assert!(s.view_calls(later, now()).unwrap().programs.is_empty());
    assert_eq!(s.view_calls(as_of, now()).unwrap().programs.len(), 1);
    // Nor is a retired one.
    s.retire_program("gwangjin-2026-signage-2", true).unwrap();
    assert!(s.view_calls(as_of, now()).unwrap().programs.is_empty());
}

#[test]
fn a_long_list_is_cut_on_screen_but_counted_in_full() {
    let mut s = Store::open_in_memory().unwrap();
    let as_of = NaiveDate::from_ymd_opt(2026, 11, 20).unwrap();
    for i in 0..205 {
        let p = Profile::from_json_value(&json!({
            "name": format!("가게 {i:03}"), "city": "서울", "district": "광진구", "ksic_code": "47190",
            "full_time_workers": 1, "founded_on": "2019-05-01", "business_status": "operating"}))
        .unwrap();
        s.add_merchant(p, None).unwrap();
    }
    s.mark_calls_seen(now()).unwrap();
    s.create_program(program("gwangjin-2026-signage")).unwrap();
    let list = s.view_calls(as_of, now()).unwrap();
    let p = &list.programs[0];
    assert_eq!((p.eligible, p.one_question, p.prospects.len()), (205, 0, 200));
    assert_eq!(p.prospects[0].name.as_deref(), Some("가게 000"), "by name");
    let csv = String::from_utf8(s.export_calls_csv(as_of, now(), Lang::En).unwrap()).unwrap();
    assert_eq!(csv.lines().count(), 206, "the CSV lists them all");
}

#[test]
fn a_name_that_looks_like_a_formula_is_written_as_text() {
    let mut s = Store::open_in_memory().unwrap();
    let as_of = NaiveDate::from_ymd_opt(2026, 11, 20).unwrap();
    let p = Profile::from_json_value(&json!({
        "name": "=HYPERLINK(\"http://x.example\",\"열기\")", "city": "서울", "district": "광진구",
        "ksic_code": "47190", "full_time_workers": 1, "founded_on": "2019-05-01", "business_status": "operating"}))
    .unwrap();
    s.add_merchant(p, None).unwrap();
    s.mark_calls_seen(now()).unwrap();
    s.create_program(program("gwangjin-2026-signage")).unwrap();
    let csv = String::from_utf8(s.export_calls_csv(as_of, now(), Lang::Ko).unwrap()).unwrap();
    assert!(csv.contains(",\"'=HYPERLINK("), "written as text: {csv}");
    assert!(!csv.contains(",\"=HYPERLINK("), "{csv}");
}
