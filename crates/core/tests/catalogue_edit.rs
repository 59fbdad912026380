//! Staff edit the catalogue: create, edit and retire programs, with history kept as diffs;
//! imported programs keep what their source says, and staff criteria and retirement survive
//! re-imports.

#![allow(clippy::unwrap_used)] // tests fail loudly by design

use chrono::{NaiveDate, NaiveDateTime};
use onestop_core::bizinfo::import_body;
use onestop_core::consultation::{Channel, ConsultationInput};
use onestop_core::program::{Criterion, Kind};
use onestop_core::{Error, Profile, Store, Verdict};
use serde_json::{json, Value};

fn sample() -> Value {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data/bizinfo-api-sample.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn ids(s: &Store) -> Vec<String> {
    s.programs(&Default::default()).unwrap().into_iter().map(|p| p.id).collect()
}

fn staff_program() -> onestop_core::Program {
    serde_json::from_value(json!({
        "id": "gwangjin-2026-market-signage",
        "name": {"ko": "전통시장 간판 개선 지원", "en": "Market signage renewal"},
        "kinds": ["grant"],
        "provider": {"ko": "광진구", "en": "Gwangjin-gu"},
        "stages": ["growth"],
        "summary": {"ko": "간판 교체 비용 일부 지원", "en": "Part of the cost of new signs"},
        "criteria": [
            {"type": "location", "city": "서울특별시", "districts": ["광진구"]},
            {"type": "small_business"}
        ],
        "window": {"opens_on": "2026-11-01", "closes_on": "2026-12-15"},
        "source": {"file": "staff entry", "dated": "2026-11"}
    }))
    .unwrap()
}

#[test]
fn staff_create_a_program_and_it_matches() {
    let mut s = Store::open_in_memory().unwrap();
    let p = s.create_program(staff_program()).unwrap();
    assert!(ids(&s).contains(&p.id));
    let meta = s.program_meta(&p.id).unwrap();
    assert_eq!((meta.origin.as_str(), meta.source_locked, meta.versions), ("staff", false, 1));
    let shop = Profile::from_json_value(
        &json!({"city": "서울", "district": "광진구", "ksic_code": "47190", "full_time_workers": 1, "founded_on": "2020-01-01", "business_status": "operating"}),
    )
    .unwrap();
    let m = &s.match_profile(&shop, day("2026-11-21"), Some(&p.id)).unwrap().1[0];
    assert_eq!(m.verdict, Verdict::Eligible, "{:?}", m.reasons);

    // The same id again is a conflict; a program without kinds is refused naming the field; neither writes.
    assert!(matches!(s.create_program(staff_program()), Err(Error::Conflict { .. })));
    let mut bad = staff_program();
    bad.id = "another-program".into();
    bad.kinds.clear();
    let e = s.create_program(bad).unwrap_err();
    assert!(matches!(&e, Error::Invalid { field, .. } if field == "kinds"), "{e}");
    assert!(!ids(&s).contains(&"another-program".to_string()));
    let mut bad = staff_program();
    bad.id = "another-program".into();
    bad.source.file = Some(" ".into());
    assert!(s.create_program(bad).unwrap_err().to_string().contains("source"));
    let mut bad = staff_program();
    bad.id = "Bad Id".into();
    assert!(s.create_program(bad).unwrap_err().to_string().contains("\"Bad Id\""));
}

#[test]
fn editing_a_bundled_program_keeps_the_bundled_version_and_shows_the_diff() {
    let mut s = Store::open_in_memory().unwrap();
    let id = "gwangjin-onestop-legal-advice";
    let mut p = s.program(id).unwrap();
    assert_eq!(s.program_history(id).unwrap().len(), 0, "bundled programs start without versions");
    let before_name = p.name.ko.clone();
    p.name.ko = format!("{before_name} (2027)");
    p.window.closes_on = Some(day("2027-12-31"));
    s.edit_program(p.clone()).unwrap();
    // Saving the same again adds nothing.
    s.edit_program(p).unwrap();
    let h = s.program_history(id).unwrap();
    let reasons: Vec<_> = h.iter().map(|v| v.reason.as_str()).collect();
    assert_eq!(reasons, ["bundled", "edit"]);
    assert_eq!(h[0].program.name.ko, before_name, "the bundled state is kept as version 1");
    let paths: Vec<_> = h[1].changes.iter().map(|c| c.path.as_str()).collect();
    assert_eq!(paths, ["name.ko", "window.closes_on"]);
    assert_eq!(h[1].changes[1].after, Some(json!("2027-12-31")));
    assert!(h[0].changes.is_empty());

    // An edit that breaks a rule is refused with the field and nothing is saved.
    let mut bad = s.program(id).unwrap();
    bad.criteria.push(Criterion::Headcount { min: Some(5), max_exclusive: Some(3) });
    let e = s.edit_program(bad).unwrap_err().to_string();
    assert!(e.contains("criteria[") && e.contains("].max_exclusive") && e.contains("must be above min 5"), "{e}");
    assert_eq!(s.program_history(id).unwrap().len(), 2);
    assert!(matches!(s.edit_program(staff_program()), Err(Error::NotFound { .. })));
}

#[test]
fn imported_programs_take_criteria_edits_only_and_keep_them_and_retirement_across_reimports() {
    let mut s = Store::open_in_memory().unwrap();
    import_body(&mut s, &sample().to_string()).unwrap();
    let id = "bizinfo-pbln-000000000127013";
    assert!(s.program_meta(id).unwrap().source_locked);

    let mut renamed = s.program(id).unwrap();
    renamed.name.ko = "다른 이름".into();
    let e = s.edit_program(renamed).unwrap_err().to_string();
    assert!(e.contains("name.ko") && e.contains("bizinfo"), "{e}");

    let mut p = s.program(id).unwrap();
    p.criteria = vec![Criterion::SmallBusiness, Criterion::Operating];
    s.edit_program(p).unwrap();
    assert!(s.program_meta(id).unwrap().staff_criteria);
    s.retire_program(id, true).unwrap();
    assert!(!ids(&s).contains(&id.to_string()), "retired programs are not listed");

    let mut changed = sample();
    for item in changed["jsonArray"].as_array_mut().unwrap() {
        item["bsnsSumryCn"] = json!("<p>내용이 바뀐 공고</p>");
    }
    let r = import_body(&mut s, &changed.to_string()).unwrap();
    assert_eq!((r.imported, r.updated, r.unchanged), (0, 5, 0));
    let p = s.program(id).unwrap();
    assert!(p.retired, "retirement survives the re-import");
    assert_eq!(p.criteria, [Criterion::SmallBusiness, Criterion::Operating]);
    assert_eq!(p.summary.ko, "내용이 바뀐 공고");
    let h = s.program_history(id).unwrap();
    let reasons: Vec<_> = h.iter().map(|v| v.reason.as_str()).collect();
    assert_eq!(reasons, ["import", "edit", "retire", "import-update"]);
    assert!(h[3].changes.iter().any(|c| c.path == "summary.ko"), "{:?}", h[3].changes);
    assert_eq!(s.import_programs(&[], "bizinfo", vec![]).unwrap().imported, 0);
}

#[test]
fn a_retired_program_stays_in_consultation_history_but_is_not_matched() {
    let mut s = Store::open_in_memory().unwrap();
    let id = "gwangjin-onestop-legal-advice";
    let m = s
        .add_merchant(
            Profile::from_json_value(&json!({"name": "광진 커피", "city": "서울", "district": "광진구"})).unwrap(),
            None,
        )
        .unwrap();
    let c = s
        .add_consultation(ConsultationInput {
            merchant_id: m.id.clone(),
            at: Some(NaiveDateTime::parse_from_str("2026-11-20 10:00", "%Y-%m-%d %H:%M").unwrap()),
            counselor: "김상담".into(),
            channel: Some(Channel::Counter),
            notes: "임대차 상담".into(),
            program_ids: vec![id.into()],
            ..Default::default()
        })
        .unwrap();
    s.retire_program(id, true).unwrap();
    let (_, matches) = s.match_profile(&m.profile, day("2026-11-21"), None).unwrap();
    assert!(matches.iter().all(|x| x.program_id != id));
    let again = s.consultation(&c.id.to_string()).unwrap();
    assert_eq!(again.programs[0].program_id, id);
    assert!(s.program(id).unwrap().retired, "still readable for history");
    assert!(s
        .programs(&onestop_core::store::ProgramFilter { include_retired: true, ..Default::default() })
        .unwrap()
        .iter()
        .any(|p| p.id == id && p.kinds.contains(&Kind::Legal)));
    s.retire_program(id, false).unwrap();
    assert!(ids(&s).contains(&id.to_string()));
    let reasons: Vec<_> = s.program_history(id).unwrap().into_iter().map(|v| v.reason).collect();
    assert_eq!(reasons, ["bundled", "retire", "restore"]);
}

#[test]
fn today_lists_a_window_closing_soon_even_when_it_names_only_its_closing_date() {
    let mut s = Store::open_in_memory().unwrap();
    let mut both = staff_program();
    both.id = "staff-both-dates".into();
    let mut closing_only = staff_program();
    closing_only.id = "staff-closing-only".into();
    closing_only.window.opens_on = None;
    let mut later = staff_program();
    later.id = "staff-closing-later".into();
    later.window.opens_on = None;
    later.window.closes_on = Some(day("2027-03-31"));
    for p in [both, closing_only, later] {
        s.create_program(p).unwrap();
    }
    let soon = |on: &str| -> Vec<(String, i32)> {
        let ids = ["staff-both-dates", "staff-closing-only", "staff-closing-later"];
        let today = s.today(day(on)).unwrap();
        today
            .closing_soon
            .into_iter()
            .filter(|c| ids.contains(&c.program_id.as_str()))
            .map(|c| (c.program_id, c.days_left))
            .collect()
    };
    // Both close on 2026-12-15: 14 days ahead on 12-01, listed; one more day out, not yet.
    assert_eq!(soon("2026-12-01"), [("staff-both-dates".to_owned(), 14), ("staff-closing-only".to_owned(), 14)]);
    assert!(soon("2026-11-30").is_empty());
    // On the closing day itself it is still listed; the day after, gone.
    assert_eq!(soon("2026-12-15").len(), 2);
    assert!(soon("2026-12-16").is_empty());
}
