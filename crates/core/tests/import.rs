//! Bizinfo (기업마당) import against the recorded real response: mapping, idempotence, history,
//! staff criteria surviving re-imports, bad records reported while the rest import.

#![allow(clippy::unwrap_used)] // tests fail loudly by design

use chrono::NaiveDate;
use onestop_core::bizinfo::import_body;
use onestop_core::program::{Criterion, Kind, WindowStatus};
use onestop_core::{Profile, Store, Verdict};
use serde_json::{json, Value};

fn sample() -> Value {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data/bizinfo-api-sample.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn count_programs(s: &Store) -> usize {
    s.programs(&Default::default()).unwrap().len()
}

#[test]
fn the_recorded_response_maps_to_programs() {
    let mut s = Store::open_in_memory().unwrap();
    let r = import_body(&mut s, &sample().to_string()).unwrap();
    assert_eq!((r.imported, r.updated, r.unchanged, r.rejected), (5, 0, 0, 0));
    let p = s.program("bizinfo-pbln-000000000127023").unwrap();
    assert_eq!(p.kinds, [Kind::MarketExpansion]); // 내수
    assert_eq!(p.provider.ko, "중소벤처기업부");
    assert_eq!(p.partners[0].ko, "경기지방중소벤처기업청");
    assert_eq!(p.window.opens_on, NaiveDate::from_ymd_opt(2026, 10, 2));
    assert_eq!(p.window.closes_on, NaiveDate::from_ymd_opt(2026, 10, 16));
    let ext = p.external.as_ref().unwrap();
    assert_eq!(ext.regions, ["경기도"], "from the [경기] title tag");
    assert_eq!(ext.attachments.len(), 2, "fileNm split on @");
    assert!(ext.attachments[0].url.as_deref().unwrap().starts_with("https://"));
    assert!(!p.summary.ko.contains('<') && p.summary.ko.contains("사업자등록증 소재지 경기지역"), "HTML to text");
    let read = |c: &Criterion| match c {
        Criterion::FromNotice { criterion, .. } => criterion.as_ref().clone(),
        other => other.clone(),
    };
    assert!(p.criteria.iter().map(read).any(|c| c == Criterion::SmallBusiness), "target 소상공인 is read");
    // "예산 소진시까지": open from the notice's date; "기초자치단체" is a placeholder, not a partner.
    let u = s.program("bizinfo-pbln-000000000126995").unwrap();
    assert!(u.window.until_budget_exhausted);
    assert_eq!(u.window.status(NaiveDate::from_ymd_opt(2026, 10, 7).unwrap()), WindowStatus::Open);
    assert_eq!(u.provider.ko, "울산광역시");
    assert!(u.partners.is_empty());
    // "직접수행" likewise; a nationwide notice (every region in its hashtags) has no location rule.
    let n = s.program("bizinfo-pbln-000000000126973").unwrap();
    assert!(n.partners.is_empty());
    assert!(!n.criteria.iter().any(|c| matches!(c, Criterion::Location { .. } | Criterion::AnyOf { .. })));
    // Three regions in the title tag: any of them.
    let m = s.program("bizinfo-pbln-000000000127013").unwrap();
    assert_eq!(m.external.unwrap().regions, ["서울특별시", "인천광역시", "경기도"]);
}

#[test]
fn imported_notices_match_on_what_can_be_read() {
    let mut s = Store::open_in_memory().unwrap();
    import_body(&mut s, &sample().to_string()).unwrap();
    let on = NaiveDate::from_ymd_opt(2026, 10, 10).unwrap();
    let cafe = |city: &str| {
        Profile::from_json_value(&json!({"city": city, "ksic_code": "56221", "full_time_workers": 2, "founded_on": "2020-01-01", "business_status": "operating"})).unwrap()
    };
    let verdict = |p: &Profile, id: &str| s.match_profile(p, on, Some(id)).unwrap().1[0].clone();
    // In 경기 and a small business, but the notice also asks for a mail-order registration.
    let m = verdict(&cafe("경기"), "bizinfo-pbln-000000000127023");
    assert_eq!(m.verdict, Verdict::Unknown);
    assert!(m.reasons.iter().any(|r| r.ko.contains("통신판매업 신고증")), "{:?}", m.reasons);
    assert_eq!(verdict(&cafe("서울"), "bizinfo-pbln-000000000127023").verdict, Verdict::Ineligible);
    // A target only partly read (a job the firm needs people for): unknown, with the notice's
    // own words beside what was read (10 insured workers, or a certification instead).
    let m = verdict(&cafe("서울"), "bizinfo-pbln-000000000127013");
    assert_eq!(m.verdict, Verdict::Unknown);
    assert!(m.reasons.iter().any(|r| r.ko.contains("지원대상: 사내 마케팅 전략")), "{:?}", m.reasons);
    assert!(m.reasons.iter().any(|r| r.ko.contains("공고문: '")), "{:?}", m.reasons);
    assert_eq!(verdict(&cafe("부산"), "bizinfo-pbln-000000000127013").verdict, Verdict::Ineligible);
}

#[test]
fn reimport_is_idempotent_and_changes_keep_history_and_staff_criteria() {
    let mut s = Store::open_in_memory().unwrap();
    let body = sample();
    import_body(&mut s, &body.to_string()).unwrap();
    let r = import_body(&mut s, &body.to_string()).unwrap();
    assert_eq!((r.imported, r.updated, r.unchanged), (0, 0, 5), "re-importing the same data changes nothing");
    assert_eq!(s.program_history("bizinfo-pbln-000000000127013").unwrap().len(), 1);
    // What the source said is kept as a digest; a desk from before digests kept the text
    // itself, and re-importing the same data there changes nothing either.
    let kept = |s: &Store| -> Vec<String> {
        let mut stmt = s.connection().prepare("SELECT imported FROM programs WHERE origin = 'bizinfo'").unwrap();
        stmt.query_map([], |r| r.get(0)).unwrap().collect::<Result<_, _>>().unwrap()
    };
    assert!(kept(&s).iter().all(|d| d.starts_with("sha256:") && d.len() == 7 + 64), "{:?}", kept(&s));
    s.connection().execute("UPDATE programs SET imported = data WHERE origin = 'bizinfo'", []).unwrap();
    let r = import_body(&mut s, &body.to_string()).unwrap();
    assert_eq!((r.imported, r.updated, r.unchanged), (0, 0, 5), "text kept by an older desk");

    // Staff give the 중소기업 notice a structured criterion.
    let id = "bizinfo-pbln-000000000127013";
    let staff = vec![Criterion::Headcount { min: Some(1), max_exclusive: None }];
    s.set_program_criteria(id, staff.clone()).unwrap();

    // The feed changes that notice: it is updated, earlier versions kept, staff criteria kept.
    let mut changed = body.clone();
    let item = changed["jsonArray"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|i| i["pblancId"] == "PBLN_000000000127013")
        .unwrap();
    item["reqstBeginEndDe"] = json!("2026-10-02 ~ 2026-10-31");
    item["updtPnttm"] = json!("2026-10-08 09:00:00");
    let r = import_body(&mut s, &changed.to_string()).unwrap();
    assert_eq!((r.imported, r.updated, r.unchanged), (0, 1, 4));
    let p = s.program(id).unwrap();
    assert_eq!(p.window.closes_on, NaiveDate::from_ymd_opt(2026, 10, 31));
    assert_eq!(p.criteria, staff, "staff criteria survive the re-import");
    let history = s.program_history(id).unwrap();
    let reasons: Vec<&str> = history.iter().map(|v| v.reason.as_str()).collect();
    assert_eq!(reasons, ["import", "edit", "import-update"]);
    assert_eq!(
        history[0].program.window.closes_on,
        NaiveDate::from_ymd_opt(2026, 10, 19),
        "the earlier version is kept"
    );
    // And once more: still unchanged.
    assert_eq!(import_body(&mut s, &changed.to_string()).unwrap().unchanged, 5);
}

#[test]
fn bad_records_are_reported_and_the_rest_import() {
    let mut s = Store::open_in_memory().unwrap();
    let mut body = sample();
    let items = body["jsonArray"].as_array_mut().unwrap();
    items[0].as_object_mut().unwrap().remove("pblancId");
    items[1]["pblancNm"] = json!("");
    items[2]["reqstBeginEndDe"] = json!("2026-13-45 ~ 2026-10-16");
    items[3]["bsnsSumryCn"] = json!("<p>잘린 태그 <b");
    let r = import_body(&mut s, &body.to_string()).unwrap();
    assert_eq!((r.imported, r.rejected), (1, 4));
    let reasons: Vec<String> = r.rejections.iter().map(|x| format!("{}: {}", x.id, x.reason)).collect();
    assert!(reasons[0].starts_with("(record 1): no pblancId"), "{reasons:?}");
    assert!(reasons[1].starts_with("PBLN_000000000126995: no title"), "{reasons:?}");
    assert!(reasons[2].contains("PBLN_000000000127013") && reasons[2].contains("2026-13-45"), "{reasons:?}");
    assert!(reasons[3].contains("PBLN_000000000126973") && reasons[3].contains("broken HTML"), "{reasons:?}");
}

#[test]
fn a_truncated_body_writes_nothing_and_the_documented_shape_is_accepted() {
    let mut s = Store::open_in_memory().unwrap();
    let before = count_programs(&s);
    let text = sample().to_string();
    let e = import_body(&mut s, &text[..text.len() / 2]).unwrap_err().to_string();
    assert!(e.contains("truncated"), "{e}");
    assert_eq!(count_programs(&s), before);
    let documented = json!({"jsonArray": {"item": sample()["jsonArray"].clone()}});
    assert_eq!(import_body(&mut s, &documented.to_string()).unwrap().imported, 5);
}

#[test]
fn the_catalogue_lists_programs_by_source() {
    let mut s = Store::open_in_memory().unwrap();
    import_body(&mut s, &sample().to_string()).unwrap();
    let of = |origin: &str| {
        s.programs(&onestop_core::store::ProgramFilter { origin: Some(origin.into()), ..Default::default() }).unwrap()
    };
    let imported = of("bizinfo");
    assert_eq!(imported.len(), 5);
    assert!(imported.iter().all(|p| p.external.as_ref().is_some_and(|e| e.system == "bizinfo")));
    let bundled = of("bundled");
    assert!(!bundled.is_empty() && bundled.iter().all(|p| p.external.is_none()));
    assert!(of("kstartup").is_empty());
    assert_eq!(imported.len() + bundled.len(), count_programs(&s));
}
