//! Applications and their duties, planned from the bundled programs' typed timelines (seed 004's
//! payment schedule, seed 003's Jongno loan terms), kept as versions, audited and erased with
//! their merchant. Runs on an in-memory database built by the real migrations.
#![allow(clippy::unwrap_used)]

use chrono::NaiveDate;
use onestop_core::application::{Anchor, ApplicationInput, ApplicationStatus};
use onestop_core::consultation::{Channel, ConsultationInput};
use onestop_core::{Error, Profile, Store};
use serde_json::json;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn shop(s: &mut Store, name: &str) -> String {
    let p =
        Profile::from_json_value(&json!({"name": name, "city": "서울", "district": "종로구", "ksic_code": "56221"}))
            .unwrap();
    s.add_merchant(p, None).unwrap().id
}

fn input(merchant: &str, program: &str) -> ApplicationInput {
    ApplicationInput { merchant_id: merchant.into(), program_id: program.into(), ..Default::default() }
}

fn audit(s: &Store, id: &str) -> Vec<String> {
    let mut stmt = s
        .connection()
        .prepare("SELECT detail FROM audit_log WHERE record_kind = 'application' AND record_id = ?1 ORDER BY id")
        .unwrap();
    stmt.query_map([id], |r| r.get(0)).unwrap().collect::<rusqlite::Result<_>>().unwrap()
}

fn count(s: &Store, table: &str) -> i64 {
    s.connection().query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0)).unwrap()
}

/// Seed 004: "Apply after 3 months of employment, and maintain employment insurance for 3
/// months after application"; "Payment Schedule (Based on application in April) · Employment
/// insurance maintenance confirmation: 2023. 6. 30. ~ · Employment incentive payment: 2023. 7. ~
/// Inspection and refund of fraudulent double collection: 2023. 7. ~"; "total employment of 6
/// months or more".
#[test]
fn the_employment_incentive_of_an_april_application_has_the_seeds_dates() {
    let mut s = Store::open_in_memory().unwrap();
    let m = shop(&mut s, "광진 커피");
    let a = s
        .add_application(ApplicationInput {
            applied_on: Some(d("2023-04-20")),
            hired_on: Some(d("2023-01-16")),
            amount_requested_krw: Some(3_000_000),
            ..input(&m, "seoul-2023-employment-incentive")
        })
        .unwrap();
    assert_eq!(a.status, ApplicationStatus::Applied);
    let dates: Vec<(Option<NaiveDate>, bool)> = a.duties.iter().map(|x| (x.due_on, x.month)).collect();
    assert_eq!(
        dates,
        [
            (Some(d("2023-07-20")), false), // insurance kept 3 months after applying
            (Some(d("2023-07-16")), false), // 6 months of employment after the hire
            (Some(d("2023-06-30")), false), // "confirmation: 2023. 6. 30."
            (Some(d("2023-07-01")), true),  // "payment: 2023. 7."
            (Some(d("2023-07-01")), true),  // "inspection and refund: 2023. 7."
        ]
    );
    assert!(a.duties[2].words.en.contains("2023. 6. 30."), "{:?}", a.duties[2].words);
    assert!(a.duties[3].what.ko.contains("지급"));

    // On 2023-06-25, looking 5 days ahead: the confirmation, five days away.
    let due = s.duties_due(d("2023-06-25"), 5).unwrap();
    assert_eq!(due.len(), 1, "{due:?}");
    assert_eq!((due[0].duty.step, due[0].days_left), (2, 5));
    assert_eq!(due[0].merchant_name.as_deref(), Some("광진 커피"));
    assert_eq!(due[0].program_name.ko, "2023년 서울시 소상공인 고용장려금");
    // A month's duty ("paid in July") is on time all month: not on the list in June.
    assert_eq!(s.duties_due(d("2023-06-20"), 14).unwrap().len(), 1);

    // Moved with a reason, and done: both survive the next version and leave the list.
    assert!(matches!(s.adjust_duty(&a.id.to_string(), 2, d("2023-07-05"), ""), Err(Error::Invalid { .. })));
    s.adjust_duty(&a.id.to_string()[..8], 2, d("2023-07-05"), "구청 안내로 확인일 연기").unwrap();
    let a = s.set_duty_done(&a.id.to_string(), 3, true).unwrap();
    assert_eq!(a.duties[2].adjusted.as_ref().unwrap().from, Some(d("2023-06-30")));
    assert!(s.duties_due(d("2023-06-25"), 5).unwrap().is_empty());
    // On 20 July: the moved confirmation and the hire's six months overdue, the insurance due
    // today, the checks due by the end of July; the payment is done.
    let july: Vec<(u32, i32)> =
        s.duties_due(d("2023-07-20"), 14).unwrap().iter().map(|x| (x.duty.step, x.days_left)).collect();
    assert_eq!(july, [(2, -15), (1, -4), (0, 0), (4, 11)]);
    let mut i = a.input();
    i.status = Some(ApplicationStatus::Selected);
    i.decided_on = Some(d("2023-06-01"));
    i.amount_approved_krw = Some(3_000_000);
    let a = s.update_application(&a.id.to_string(), i).unwrap();
    assert_eq!((a.version, a.duties[2].due_on, a.duties[3].done), (4, Some(d("2023-07-05")), true));
    assert_eq!(s.application_versions(&a.id.to_string()).unwrap().len(), 4, "every version is kept");
    let lines = audit(&s, &a.id.to_string());
    assert_eq!(lines.len(), 4, "{lines:?}");
    assert!(lines[0].starts_with("created for program seoul-2023-employment-incentive"));
    assert_eq!(lines[3], "version 4: status selected");
}

/// Seed 003, Jongno's fund: "a one-year grace period, and four years of equal installment
/// repayment". The repayment dates wait for the loan to be paid out.
#[test]
fn the_jongno_loan_starts_repayment_a_year_after_it_is_paid() {
    let mut s = Store::open_in_memory().unwrap();
    let m = shop(&mut s, "종로 공방");
    let c = s
        .add_consultation(ConsultationInput {
            merchant_id: m.clone(),
            counselor: "김상담".into(),
            channel: Some(Channel::Counter),
            program_ids: vec!["jongno-2022h2-sme-fund-loan".into()],
            at: Some(d("2022-11-08").and_hms_opt(10, 0, 0).unwrap()),
            ..Default::default()
        })
        .unwrap();
    let a = s
        .add_application(ApplicationInput {
            consultation_id: Some(c.id),
            applied_on: Some(d("2022-11-10")),
            amount_requested_krw: Some(30_000_000),
            ..input(&m, "jongno-2022h2-sme-fund-loan")
        })
        .unwrap();
    assert_eq!(a.consultation_id, Some(c.id));
    assert!(a.duties.iter().all(|x| x.due_on.is_none() && x.waits_for == Some(Anchor::Paid)), "{:?}", a.duties);
    let mut i = a.input();
    i.status = Some(ApplicationStatus::Paid);
    i.decided_on = Some(d("2022-11-25"));
    i.amount_approved_krw = Some(30_000_000);
    i.paid_on = Some(d("2022-12-05"));
    i.amount_paid_krw = Some(30_000_000);
    let a = s.update_application(&a.id.to_string(), i).unwrap();
    assert_eq!(a.duties[0].due_on, Some(d("2023-12-05")), "repayment starts after the grace year");
    assert_eq!(a.duties[1].due_on, Some(d("2027-12-05")), "the last of four years of repayments");
    assert!(a.duties[0].words.en.contains("one-year grace period"));
    assert_eq!(s.applications(Some(&m)).unwrap().len(), 1);
}

#[test]
fn bad_applications_name_the_field_and_write_nothing() {
    let mut s = Store::open_in_memory().unwrap();
    let m = shop(&mut s, "화양 분식");
    let other = shop(&mut s, "자양 꽃집");
    let c = s
        .add_consultation(ConsultationInput {
            merchant_id: other.clone(),
            counselor: "김상담".into(),
            channel: Some(Channel::Counter),
            ..Default::default()
        })
        .unwrap();
    let field = |e: Error| match e {
        Error::Invalid { field, .. } => field,
        other => panic!("{other:?}"),
    };
    let bad = [
        (input(&m, "no-such-program"), "program_id"),
        (
            ApplicationInput { consultation_id: Some(c.id), ..input(&m, "jongno-2022h2-sme-fund-loan") },
            "consultation_id",
        ),
        (
            ApplicationInput { status: Some(ApplicationStatus::Paid), ..input(&m, "jongno-2022h2-sme-fund-loan") },
            "applied_on",
        ),
    ];
    for (i, f) in bad {
        assert_eq!(field(s.add_application(i).unwrap_err()), f);
    }
    assert!(matches!(
        s.add_application(input("no-such-merchant", "jongno-2022h2-sme-fund-loan")),
        Err(Error::NotFound { .. })
    ));
    assert_eq!(count(&s, "applications"), 0);
    assert_eq!(count(&s, "application_versions"), 0);
    // An application keeps its program.
    let a = s.add_application(input(&m, "jongno-2022h2-sme-fund-loan")).unwrap();
    assert_eq!(a.status, ApplicationStatus::Preparing);
    let moved = ApplicationInput { program_id: "seoul-2023-employment-incentive".into(), ..a.input() };
    assert_eq!(field(s.update_application(&a.id.to_string(), moved).unwrap_err()), "program_id");
    assert_eq!(s.application(&a.id.to_string()).unwrap().version, 1);
}

#[test]
fn erasing_a_merchant_erases_its_applications() {
    let mut s = Store::open_in_memory().unwrap();
    let m = shop(&mut s, "광진 커피");
    let keep = shop(&mut s, "자양 꽃집");
    s.add_application(ApplicationInput {
        applied_on: Some(d("2023-04-20")),
        ..input(&m, "seoul-2023-employment-incentive")
    })
    .unwrap();
    s.add_application(input(&keep, "jongno-2022h2-sme-fund-loan")).unwrap();
    // A request to see the merchant's data shows its applications and their audit lines.
    let export = s.export_merchant(&m).unwrap();
    assert_eq!(export.applications.len(), 1);
    assert_eq!(export.applications[0][0].program_id, "seoul-2023-employment-incentive");
    assert!(export.audit.iter().any(|l| l.record_kind == "application"), "{:?}", export.audit);
    s.erase_merchant(&m).unwrap();
    assert_eq!(count(&s, "applications"), 1);
    assert_eq!(count(&s, "application_versions"), 1);
    assert_eq!(count(&s, "duties"), 2, "the other merchant's two loan duties stay");
}
