//! Every bundled program against eligible, ineligible and unknown merchants, boundary dates
//! included. Runs on an in-memory database built by the real migrations.

#![allow(clippy::unwrap_used)] // tests fail loudly by design

use chrono::NaiveDate;
use onestop_core::eligibility::Outcome;
use onestop_core::program::WindowStatus;
use onestop_core::{Match, Profile, Store, Verdict};
use serde_json::{json, Value};

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// A Gwangjin-gu café with three workers, open since 2021, one insured hire in January 2023.
fn cafe() -> Value {
    json!({
        "name": "광진 커피", "business_registration_number": "220-81-62517",
        "city": "서울특별시", "district": "광진구", "ksic_code": "56221",
        "full_time_workers": 3, "founded_on": "2021-03-02", "business_status": "operating",
        "owner_birth_date": "1988-07-14", "nonprofit": false,
        "new_hires": [{"hired_on": "2023-01-16", "employment_insurance": true}]
    })
}

fn with(base: Value, changes: Value) -> Value {
    let mut b = base;
    for (k, v) in changes.as_object().unwrap() {
        if v.is_null() {
            b.as_object_mut().unwrap().remove(k);
        } else {
            b[k] = v.clone();
        }
    }
    b
}

fn run(store: &Store, program: &str, as_of: &str, profile: &Value) -> Match {
    let p = Profile::from_json_value(profile).unwrap();
    let (_, mut m) = store.match_profile(&p, d(as_of), Some(program)).unwrap();
    assert_eq!(m.len(), 1);
    m.pop().unwrap()
}

#[track_caller]
fn expect(store: &Store, program: &str, as_of: &str, profile: Value, verdict: Verdict) -> Match {
    let m = run(store, program, as_of, &profile);
    assert_eq!(m.verdict, verdict, "{program} on {as_of} for {profile}: {:#?}", m.reasons);
    match verdict {
        Verdict::Unknown => assert!(m.reasons.iter().any(|r| r.outcome == Outcome::Unknown)),
        Verdict::Ineligible => assert!(m.reasons[0].outcome == Outcome::Fail, "the failing criterion comes first"),
        Verdict::Eligible => assert!(m.missing.is_empty()),
    }
    m
}

/// The Gwangjin-gu one-stop center's standing services (seed 003).
const GWANGJIN_SERVICES: [&str; 4] = [
    "gwangjin-onestop-credit-guarantee",
    "gwangjin-onestop-management-consulting",
    "gwangjin-onestop-legal-advice",
    "gwangjin-onestop-visiting-consulting",
];

fn store() -> Store {
    Store::open_in_memory().unwrap()
}

#[test]
fn employment_incentive() {
    let s = store();
    let id = "seoul-2023-employment-incentive";
    let m = expect(&s, id, "2023-05-02", cafe(), Verdict::Eligible);
    assert_eq!(m.window, WindowStatus::Open);
    assert_eq!(m.earliest_application_on, Some(d("2023-04-16")), "three months after the hire");
    assert!(m.to_confirm.len() >= 3, "declarations such as 'no other public employment subsidy' are listed");
    // Ineligible, each for its own reason.
    let m = expect(&s, id, "2023-05-02", with(cafe(), json!({"nonprofit": true})), Verdict::Ineligible);
    assert_eq!(m.reasons[0].criterion, "not_nonprofit");
    let m = expect(&s, id, "2023-05-02", with(cafe(), json!({"full_time_workers": 0})), Verdict::Ineligible);
    assert_eq!(m.reasons[0].criterion, "headcount", "a one-person business is excluded");
    let m = expect(
        &s,
        id,
        "2023-05-02",
        with(cafe(), json!({"city": "부산", "district": "해운대구"})),
        Verdict::Ineligible,
    );
    assert_eq!(m.reasons[0].criterion, "location");
    let m = expect(
        &s,
        id,
        "2023-05-02",
        with(cafe(), json!({"new_hires": [{"hired_on": "2022-12-30", "employment_insurance": true}]})),
        Verdict::Ineligible,
    );
    assert_eq!(m.reasons[0].criterion, "new_hire");
    let m = expect(
        &s,
        id,
        "2023-05-02",
        with(cafe(), json!({"new_hires": [{"hired_on": "2023-02-01", "employment_insurance": false}]})),
        Verdict::Ineligible,
    );
    assert_eq!(m.reasons[0].criterion, "new_hire");
    // Unknown: the missing facts are listed.
    let m = expect(&s, id, "2023-05-02", with(cafe(), json!({"new_hires": null, "nonprofit": null})), Verdict::Unknown);
    assert_eq!(m.missing, vec!["nonprofit", "new_hires"]);
    let m = expect(
        &s,
        id,
        "2023-05-02",
        with(cafe(), json!({"new_hires": [{"hired_on": "2023-02-01"}]})),
        Verdict::Unknown,
    );
    assert_eq!(m.missing, vec!["new_hires.employment_insurance"]);
    let m = expect(&s, id, "2023-05-02", with(cafe(), json!({"business_registration_number": null})), Verdict::Unknown);
    assert_eq!(m.missing, vec!["business_registration_number"]);
}

#[test]
fn exactly_three_months_after_a_hire() {
    let s = store();
    let id = "seoul-2023-employment-incentive";
    let hired = |date: &str| with(cafe(), json!({"new_hires": [{"hired_on": date, "employment_insurance": true}]}));
    // On the day three months after the hire the criterion passes.
    let m = expect(&s, id, "2023-04-15", hired("2023-01-15"), Verdict::Eligible);
    assert_eq!(m.earliest_application_on, Some(d("2023-04-15")));
    let r = m.reasons.iter().find(|r| r.criterion == "new_hire").unwrap();
    assert_eq!((r.outcome, r.passes_on), (Outcome::Pass, Some(d("2023-04-15"))));
    // The day before, it is still ahead: the date is given.
    let m = expect(&s, id, "2023-04-14", hired("2023-01-15"), Verdict::Eligible);
    let r = m.reasons.iter().find(|r| r.criterion == "new_hire").unwrap();
    assert_eq!((r.outcome, r.passes_on), (Outcome::Pending, Some(d("2023-04-15"))));
    assert_eq!(m.earliest_application_on, Some(d("2023-04-15")));
    // Month ends clamp: 31 January + 3 months = 30 April.
    let m = expect(&s, id, "2023-05-02", hired("2023-01-31"), Verdict::Eligible);
    assert_eq!(m.earliest_application_on, Some(d("2023-04-30")));
    // A hire in early January: the window (opens 2023-04-03) decides the earliest date.
    let m = expect(&s, id, "2023-05-02", hired("2023-01-02"), Verdict::Eligible);
    assert_eq!(m.earliest_application_on, Some(d("2023-04-03")));
    // Before the window opens it is upcoming.
    assert_eq!(run(&s, id, "2023-03-01", &hired("2023-01-02")).window, WindowStatus::Upcoming);
}

#[test]
fn small_business_rule_depends_on_sector_between_5_and_9_workers() {
    let s = store();
    let id = "seoul-2023-employment-incentive";
    let seven = |ksic: Value| with(cafe(), json!({"full_time_workers": 7, "ksic_code": ksic}));
    expect(&s, id, "2023-05-02", seven(json!("10712")), Verdict::Eligible); // manufacturing: < 10
    expect(&s, id, "2023-05-02", seven(json!("49")), Verdict::Eligible); // transport: < 10
    let m = expect(&s, id, "2023-05-02", seven(json!("56221")), Verdict::Ineligible); // café: < 5
    assert_eq!(m.reasons[0].criterion, "small_business");
    let m = expect(&s, id, "2023-05-02", seven(Value::Null), Verdict::Unknown);
    assert_eq!(m.missing, vec!["ksic_code"]);
    // Below 5 the sector does not matter to the small-business rule (the policy-fund exclusion
    // list still asks for it); from 10 it cannot help.
    let m = expect(
        &s,
        id,
        "2023-05-02",
        with(cafe(), json!({"full_time_workers": 4, "ksic_code": null})),
        Verdict::Unknown,
    );
    assert_eq!(m.missing, vec!["ksic_code"]);
    assert!(m.reasons.iter().any(|r| r.criterion == "small_business" && r.outcome == Outcome::Pass));
    assert!(m.reasons.iter().any(|r| r.criterion == "excluded_sectors" && r.outcome == Outcome::Unknown));
    expect(
        &s,
        id,
        "2023-05-02",
        with(cafe(), json!({"full_time_workers": 10, "ksic_code": "10712"})),
        Verdict::Ineligible,
    );
}

#[test]
fn unpaid_leave_support() {
    let s = store();
    let id = "seoul-2023-unpaid-leave-support";
    let firm = with(cafe(), json!({"full_time_workers": 30, "ksic_code": "10712"}));
    let m = expect(&s, id, "2023-04-10", firm.clone(), Verdict::Eligible);
    assert_eq!(m.window, WindowStatus::Open);
    assert_eq!(run(&s, id, "2023-05-01", &firm).window, WindowStatus::Closed);
    let m = expect(&s, id, "2023-04-10", with(firm.clone(), json!({"full_time_workers": 50})), Verdict::Ineligible);
    assert_eq!(m.reasons[0].criterion, "headcount");
    // A non-profit is excluded unless it is a small business.
    expect(&s, id, "2023-04-10", with(firm.clone(), json!({"nonprofit": true})), Verdict::Ineligible);
    expect(
        &s,
        id,
        "2023-04-10",
        with(firm.clone(), json!({"nonprofit": true, "full_time_workers": 3})),
        Verdict::Eligible,
    );
    let m = expect(&s, id, "2023-04-10", with(firm, json!({"city": null, "district": null})), Verdict::Unknown);
    assert_eq!(m.missing, vec!["city"]);
}

#[test]
fn jongno_fund_loan() {
    let s = store();
    let id = "jongno-2022h2-sme-fund-loan";
    let shop = json!({"city": "Seoul", "district": "Jongno-gu", "ksic_code": "47", "full_time_workers": 3,
                      "founded_on": "2019-01-01", "business_status": "operating"});
    let m = expect(&s, id, "2022-10-01", shop.clone(), Verdict::Eligible);
    assert_eq!(m.window, WindowStatus::Unknown, "the source gives no opening date");
    assert_eq!(run(&s, id, "2022-12-01", &shop).window, WindowStatus::Closed);
    // Excluded sectors: finance, real estate, entertainment bars.
    for code in ["64110", "68", "56211", "56212"] {
        let m = expect(&s, id, "2022-10-01", with(shop.clone(), json!({"ksic_code": code})), Verdict::Ineligible);
        assert_eq!(m.reasons[0].criterion, "sector", "{code}");
    }
    // A draught-beer bar (56213) is not an entertainment bar.
    expect(&s, id, "2022-10-01", with(shop.clone(), json!({"ksic_code": "56213"})), Verdict::Eligible);
    // "562" is too coarse to tell whether it is an entertainment bar.
    let m = expect(&s, id, "2022-10-01", with(shop.clone(), json!({"ksic_code": "562"})), Verdict::Unknown);
    assert_eq!(m.missing, vec!["ksic_code"]);
    // Seed 003's routes: "small and medium-sized enterprises with factories registered within the
    // district's jurisdiction" need only the factory in Jongno; the other routes ("tenants of the
    // district-operated startup incubation center", "small enterprises and small business
    // owners", "recognized by the district mayor") are for businesses in the district.
    let elsewhere = with(shop.clone(), json!({"district": "광진구"}));
    let m = expect(&s, id, "2022-10-01", elsewhere.clone(), Verdict::Unknown);
    assert_eq!(m.missing, vec!["factory_district"], "outside Jongno only a factory there can qualify");
    expect(&s, id, "2022-10-01", with(elsewhere.clone(), json!({"factory_district": "종로구"})), Verdict::Eligible);
    expect(&s, id, "2022-10-01", with(elsewhere, json!({"factory_district": "광진구"})), Verdict::Ineligible);
    // An incubator tenant counts only in the district.
    let tenant = with(shop.clone(), json!({"full_time_workers": 20, "incubator_tenant": true, "factory_district": ""}));
    expect(&s, id, "2022-10-01", tenant.clone(), Verdict::Eligible);
    expect(&s, id, "2022-10-01", with(tenant, json!({"district": "중구"})), Verdict::Ineligible);
    // Too big for the small-business route, factory and incubator unknown: ask about them.
    let big = with(shop.clone(), json!({"full_time_workers": 20}));
    let m = expect(&s, id, "2022-10-01", big.clone(), Verdict::Unknown);
    assert_eq!(m.missing, vec!["factory_district", "incubator_tenant"]);
    // A registered factory in Jongno qualifies a larger firm.
    expect(&s, id, "2022-10-01", with(big.clone(), json!({"factory_district": "종로구"})), Verdict::Eligible);
    // With both known to be no, only declarations (small enterprise by sales, mayor's
    // recognition) remain: still unknown, never a guessed "no".
    let m = expect(
        &s,
        id,
        "2022-10-01",
        with(big, json!({"factory_district": "", "incubator_tenant": false})),
        Verdict::Unknown,
    );
    assert!(m.missing.is_empty());
    assert!(m.reasons[0].ko.contains("구청장"), "{}", m.reasons[0].ko);
}

#[test]
fn gangnam_pavilion() {
    let s = store();
    let id = "gangnam-2022-sourcing-fair-pavilion";
    let firm =
        json!({"city": "서울", "district": "강남구", "business_status": "operating", "founded_on": "2015-01-01"});
    expect(&s, id, "2022-09-01", firm.clone(), Verdict::Eligible);
    expect(&s, id, "2022-09-01", with(firm.clone(), json!({"district": "송파구"})), Verdict::Ineligible);
    let m = expect(&s, id, "2022-09-01", with(firm, json!({"district": null})), Verdict::Unknown);
    assert_eq!(m.missing, vec!["district"]);
}

#[test]
fn telework_voucher() {
    let s = store();
    let id = "seoul-2021-telework-voucher";
    expect(&s, id, "2021-04-01", cafe(), Verdict::Eligible);
    // Not yet open on the as-of date.
    expect(&s, id, "2021-03-01", cafe(), Verdict::Ineligible);
    expect(&s, id, "2021-04-01", with(cafe(), json!({"city": "경기도", "district": "수원시"})), Verdict::Ineligible);
    let m = expect(&s, id, "2021-04-01", with(cafe(), json!({"city": null, "district": null})), Verdict::Unknown);
    assert_eq!(m.missing, vec!["city"]);
}

#[test]
fn youth_digital_job() {
    let s = store();
    let id = "youth-digital-job-program";
    expect(&s, id, "2022-05-11", cafe(), Verdict::Eligible);
    let m = expect(&s, id, "2022-05-11", with(cafe(), json!({"closed_on": "2022-01-31"})), Verdict::Ineligible);
    assert_eq!(m.reasons[0].criterion, "operating");
    let m = expect(&s, id, "2022-05-11", json!({}), Verdict::Unknown);
    assert_eq!(m.missing, vec!["business_status"]);
}

#[test]
fn youth_startup_academy_and_birthday_on_the_as_of_date() {
    let s = store();
    let id = "kosme-youth-startup-academy";
    let founder = |birth: &str| json!({"owner_birth_date": birth, "founded_on": "2021-06-01"});
    // 39 and under: turning 39 on the as-of date passes, turning 40 on it fails.
    expect(&s, id, "2023-05-02", founder("1984-05-02"), Verdict::Eligible);
    let m = expect(&s, id, "2023-05-02", founder("1983-05-02"), Verdict::Ineligible);
    assert_eq!(m.reasons[0].criterion, "owner_age");
    expect(&s, id, "2023-05-02", founder("1983-05-03"), Verdict::Eligible);
    // First three years of business: the third anniversary ends it.
    expect(&s, id, "2024-05-31", founder("1990-01-01"), Verdict::Eligible);
    let m = expect(&s, id, "2024-06-01", founder("1990-01-01"), Verdict::Ineligible);
    assert_eq!(m.reasons[0].criterion, "business_age");
    let m = expect(&s, id, "2023-05-02", json!({"founded_on": "2021-06-01"}), Verdict::Unknown);
    assert_eq!(m.missing, vec!["owner_birth_date"]);
}

#[test]
fn kosme_employee_programs() {
    let s = store();
    for id in ["kosme-employee-savings-deduction", "kosme-contract-departments"] {
        expect(&s, id, "2024-01-10", cafe(), Verdict::Eligible);
        let m = expect(&s, id, "2024-01-10", with(cafe(), json!({"full_time_workers": 0})), Verdict::Ineligible);
        assert_eq!(m.reasons[0].criterion, "headcount", "{id}: a plan for employees needs employees");
        let m = expect(&s, id, "2024-01-10", with(cafe(), json!({"full_time_workers": null})), Verdict::Unknown);
        assert_eq!(m.missing, vec!["full_time_workers"]);
    }
    let id = "kosme-foreign-talent-matching";
    expect(&s, id, "2024-01-10", cafe(), Verdict::Eligible);
    expect(&s, id, "2024-01-10", with(cafe(), json!({"business_status": "suspended"})), Verdict::Ineligible);
    expect(&s, id, "2024-01-10", json!({"name": "미상"}), Verdict::Unknown);
}

#[test]
fn gwangjin_one_stop_services() {
    let s = store();
    for id in GWANGJIN_SERVICES {
        let m = expect(&s, id, "2026-11-21", cafe(), Verdict::Eligible);
        assert_eq!(m.window, WindowStatus::Open, "{id}: a standing service");
        expect(&s, id, "2026-11-21", with(cafe(), json!({"full_time_workers": 12})), Verdict::Ineligible);
        expect(&s, id, "2026-11-21", with(cafe(), json!({"district": "Gangnam-gu"})), Verdict::Ineligible);
        // Restart: a closed business is served (startup, growth, restart).
        expect(
            &s,
            id,
            "2026-11-21",
            with(cafe(), json!({"closed_on": "2026-06-30", "business_status": "closed"})),
            Verdict::Eligible,
        );
        // Not yet opened: the seed speaks of owners at the "startup-growth-restart" stages and is
        // silent on would-be founders, so the center is asked, never a guessed yes or no.
        let m = expect(&s, id, "2026-11-21", with(cafe(), json!({"founded_on": "2027-01-02"})), Verdict::Unknown);
        assert!(m.missing.is_empty(), "{:?}", m.missing);
        assert!(m.reasons.iter().any(|r| r.ko.contains("예비창업자도 상담하는지 센터에 확인")), "{:?}", m.reasons);
        let m = expect(
            &s,
            id,
            "2026-11-21",
            with(cafe(), json!({"full_time_workers": 6, "ksic_code": null})),
            Verdict::Unknown,
        );
        assert_eq!(m.missing, vec!["ksic_code"]);
    }
}

#[test]
fn every_program_has_all_three_verdicts_covered_above() {
    // Guard: a program added to the catalogue must get its cases here too.
    let s = store();
    let covered = [
        "seoul-2023-employment-incentive",
        "seoul-2023-unpaid-leave-support",
        "jongno-2022h2-sme-fund-loan",
        "gangnam-2022-sourcing-fair-pavilion",
        "seoul-2021-telework-voucher",
        "youth-digital-job-program",
        "kosme-youth-startup-academy",
        "kosme-employee-savings-deduction",
        "kosme-foreign-talent-matching",
        "kosme-contract-departments",
        "gwangjin-onestop-credit-guarantee",
        "gwangjin-onestop-management-consulting",
        "gwangjin-onestop-legal-advice",
        "gwangjin-onestop-visiting-consulting",
        "mss-2022-micro-enterprise-ecommerce",
        "mss-2022-micro-enterprise-digital-tools",
        "mss-2022-smart-factory",
        "gangnam-2022-cosmoprof-las-vegas",
        "gangnam-2022-china-live-commerce",
    ];
    let mut ids: Vec<String> = s.programs(&Default::default()).unwrap().into_iter().map(|p| p.id).collect();
    ids.sort();
    let mut want: Vec<String> = covered.iter().map(|s| s.to_string()).collect();
    want.sort();
    assert_eq!(ids, want);
}

#[test]
fn every_reason_is_bilingual_and_cites_the_seed() {
    let s = store();
    for profile in [cafe(), json!({}), with(cafe(), json!({"full_time_workers": 40, "nonprofit": true}))] {
        let p = Profile::from_json_value(&profile).unwrap();
        let (_, matches) = s.match_profile(&p, d("2023-05-02"), None).unwrap();
        assert_eq!(matches.len(), 19);
        for m in &matches {
            let program = s.program(&m.program_id).unwrap();
            let file = program.source.file.clone().unwrap();
            let seed = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/seeds").join(&file);
            assert!(seed.exists(), "{} cites {file}, which is not a seed document", m.program_id);
            for r in &m.reasons {
                assert!(!r.ko.is_empty() && !r.en.is_empty());
                assert!(r.ko.contains(&file) && r.en.contains(&file) && r.source == file, "{r:?}");
            }
        }
        // Ordering: programs one can still apply to before closed ones; within each, eligible,
        // then unknown by fewest missing facts, then ineligible; open, upcoming, then unknown
        // windows.
        let rank: Vec<(bool, Verdict, u8, usize)> = matches
            .iter()
            .map(|m| {
                let missing = if m.verdict == Verdict::Unknown { m.missing.len() } else { 0 };
                (m.window == WindowStatus::Closed, m.verdict, m.window.list_rank(), missing)
            })
            .collect();
        let mut sorted = rank.clone();
        sorted.sort();
        assert_eq!(rank, sorted);
    }
}

#[test]
fn a_missing_fact_never_makes_a_merchant_eligible() {
    // Drop each fact of the café in turn: no program may go from not-eligible to eligible.
    let s = store();
    let full = cafe();
    let base = Profile::from_json_value(&full).unwrap();
    for as_of in ["2023-05-02", "2026-11-21"] {
        let (_, before) = s.match_profile(&base, d(as_of), None).unwrap();
        for key in full.as_object().unwrap().keys() {
            let p = Profile::from_json_value(&with(full.clone(), json!({ key.as_str(): null }))).unwrap();
            let (_, after) = s.match_profile(&p, d(as_of), None).unwrap();
            for a in &after {
                let b = before.iter().find(|b| b.program_id == a.program_id).unwrap();
                if b.verdict != Verdict::Eligible {
                    assert_ne!(a.verdict, Verdict::Eligible, "dropping {key} made {} eligible", a.program_id);
                }
                if a.verdict == Verdict::Ineligible {
                    assert_eq!(b.verdict, Verdict::Ineligible, "dropping {key} made {} fail", a.program_id);
                }
            }
        }
    }
}

/// Seed 004 excludes from both Seoul 2023 programs "Businesses excluded from small business policy
/// fund loans by the Ministry of SMEs and Startups" (its Reference 1): one shared list, named in
/// each reason with its source.
#[test]
fn the_policy_fund_exclusion_list_rules_out_its_sectors_in_both_seoul_programs() {
    let s = store();
    let leave_firm = with(cafe(), json!({"full_time_workers": 30, "ksic_code": "10712"}));
    for (id, on, firm) in [
        ("seoul-2023-employment-incentive", "2023-05-02", cafe()),
        ("seoul-2023-unpaid-leave-support", "2023-04-10", leave_firm),
    ] {
        expect(&s, id, on, firm.clone(), Verdict::Eligible);
        // An entertainment bar, a bank, a landlord, a betting shop, a fortune teller.
        for code in ["56211", "64110", "68112", "91249", "96992"] {
            let m = expect(&s, id, on, with(firm.clone(), json!({"ksic_code": code})), Verdict::Ineligible);
            let r = &m.reasons[0];
            assert_eq!(r.criterion, "excluded_sectors", "{id} {code}: {r:?}");
            assert!(r.ko.contains("소상공인 정책자금 융자제외 대상 업종") && r.ko.contains("참고 1"), "{}", r.ko);
            assert!(r.en.contains("policy-fund exclusion list"), "{}", r.en);
        }
        // A draught-beer bar (56213) is not an entertainment bar; "56" is too coarse to tell.
        expect(&s, id, on, with(firm.clone(), json!({"ksic_code": "56213"})), Verdict::Eligible);
        let m = expect(&s, id, on, with(firm.clone(), json!({"ksic_code": "56"})), Verdict::Unknown);
        assert_eq!(m.missing, vec!["ksic_code"]);
        // The rest of the published list is still confirmed at application.
        let program = s.program(id).unwrap();
        assert!(program.to_confirm.iter().any(|c| c.ko.contains("참고 1 전체 목록")), "{id}");
    }
}

/// Seed 001 describes MSS's micro-enterprise digitalisation ("Support for e-commerce sales",
/// "Grants for digital tools and equipment") and the smart manufacturing programme for
/// manufacturing SMEs, as running in May 2022.
#[test]
fn micro_enterprise_digitalisation_and_smart_factory() {
    let s = store();
    for id in ["mss-2022-micro-enterprise-ecommerce", "mss-2022-micro-enterprise-digital-tools"] {
        expect(&s, id, "2022-05-11", cafe(), Verdict::Eligible);
        let m = expect(&s, id, "2022-05-11", with(cafe(), json!({"full_time_workers": 12})), Verdict::Ineligible);
        assert_eq!(m.reasons[0].criterion, "small_business", "{id}: micro-enterprises only");
        let m = expect(&s, id, "2022-05-11", with(cafe(), json!({"full_time_workers": null})), Verdict::Unknown);
        assert_eq!(m.missing, vec!["full_time_workers"]);
        assert_eq!(run(&s, id, "2023-01-01", &cafe()).window, WindowStatus::Closed, "{id}: over with 2022");
        let program = s.program(id).unwrap();
        assert!(program.benefits[0].text.ko.contains("자료에 없음"), "no amount is guessed");
    }
    let id = "mss-2022-smart-factory";
    let workshop = with(cafe(), json!({"ksic_code": "25911", "full_time_workers": 8}));
    expect(&s, id, "2022-05-11", workshop.clone(), Verdict::Eligible);
    let m = expect(&s, id, "2022-05-11", cafe(), Verdict::Ineligible);
    assert_eq!(m.reasons[0].criterion, "sector", "manufacturing only");
    let m = expect(&s, id, "2022-05-11", with(workshop, json!({"ksic_code": null})), Verdict::Unknown);
    assert!(m.missing.contains(&"ksic_code".to_string()), "{:?}", m.missing);
}

/// Seed 003: "in July, Gangnam-gu supported six local beauty companies to participate in the
/// 'North America Cosmoprof Las Vegas'" and "Through the 'China Live Commerce Export Marketing'
/// project, it supported exports of 14 companies".
#[test]
fn gangnam_export_programs() {
    let s = store();
    let firm =
        json!({"city": "서울", "district": "강남구", "business_status": "operating", "founded_on": "2015-01-01"});
    for (id, inside, after) in [
        ("gangnam-2022-cosmoprof-las-vegas", "2022-06-01", "2022-08-01"),
        ("gangnam-2022-china-live-commerce", "2022-06-01", "2023-01-01"),
    ] {
        expect(&s, id, inside, firm.clone(), Verdict::Eligible);
        expect(&s, id, inside, with(firm.clone(), json!({"district": "송파구"})), Verdict::Ineligible);
        let m = expect(&s, id, inside, with(firm.clone(), json!({"district": null})), Verdict::Unknown);
        assert_eq!(m.missing, vec!["district"]);
        assert_eq!(run(&s, id, after, &firm).window, WindowStatus::Closed, "{id}");
        let program = s.program(id).unwrap();
        assert!(program.apply.methods.is_empty(), "{id}: the seed names no way to apply");
    }
}

/// Read against their seeds: what a program gives is what the business gets, the center's
/// advice is advice, and no application method is added that the seed does not name.
#[test]
fn bundled_programs_say_only_what_their_seeds_say() {
    use onestop_core::program::{ApplyMethod, Kind};
    let s = store();
    // Seed 002: "employees ... save up to 500,000 won each month, with the corporations supporting
    // 20% of the employees' contributions": the employee's own deposit is not the business's benefit.
    let savings = s.program("kosme-employee-savings-deduction").unwrap();
    assert!(savings.benefits.iter().all(|b| b.amount_krw.is_none()), "{:?}", savings.benefits);
    assert!(savings.benefits[0].text.ko.contains("20%"));
    // Seed 003: the center gives "finance, management, and legal advice"; its credit advice is
    // not a loan, and the seed names a desk in the district office, not a phone line.
    let advice = s.program("gwangjin-onestop-credit-guarantee").unwrap();
    assert_eq!(advice.kinds, vec![Kind::Consulting]);
    for id in GWANGJIN_SERVICES {
        let p = s.program(id).unwrap();
        assert_eq!(p.apply.methods, vec![ApplyMethod::OnSite], "{id}");
        assert!(!p.apply.where_.as_ref().unwrap().ko.contains("또는 전화"), "{id}");
    }
}

/// Programs the seeds bound to a year or an event are over after it: on the Matches screen they
/// are set apart as closed, never under "eligible", whatever the verdict.
#[test]
fn stale_bundled_programs_close_with_their_year_or_event() {
    use onestop_core::eligibility::MatchGroup;
    let s = store();
    for (id, inside, after) in [
        ("seoul-2021-telework-voucher", "2021-06-01", "2022-01-01"),
        ("youth-digital-job-program", "2022-05-11", "2023-01-01"),
        ("gangnam-2022-sourcing-fair-pavilion", "2022-09-01", "2022-10-02"),
        ("seoul-2023-employment-incentive", "2023-05-01", "2024-01-01"),
        ("seoul-2023-unpaid-leave-support", "2023-04-10", "2023-05-01"),
    ] {
        let before = run(&s, id, inside, &cafe());
        assert_ne!(before.window, WindowStatus::Closed, "{id} on {inside}");
        let m = run(&s, id, after, &cafe());
        assert_eq!(m.window, WindowStatus::Closed, "{id} on {after}");
        assert_eq!(MatchGroup::of(m.verdict, m.window), MatchGroup::Closed, "{id}");
    }
    // As of today none of them is listed among what one can apply for.
    let p = Profile::from_json_value(&cafe()).unwrap();
    let (_, all) = s.match_profile(&p, d("2026-12-04"), None).unwrap();
    let open: Vec<&str> = all
        .iter()
        .filter(|m| MatchGroup::of(m.verdict, m.window) == MatchGroup::Eligible)
        .map(|m| m.program_id.as_str())
        .collect();
    assert!(open.contains(&"gwangjin-onestop-legal-advice"), "{open:?}");
    for stale in ["seoul-2021", "youth-digital", "gangnam-2022", "seoul-2023", "mss-2022"] {
        assert!(!open.iter().any(|id| id.starts_with(stale)), "{stale}: {open:?}");
    }
    // Closed ones come last.
    let first_closed = all.iter().position(|m| m.window == WindowStatus::Closed).unwrap();
    assert!(all[first_closed..].iter().all(|m| m.window == WindowStatus::Closed));
}
