//! `onestop application …` as the issue states it: an application made on 2023-04-20 for a hire
//! of 2023-01-16 prints its duties with the dates seed 004 gives; statuses move with their dates;
//! a duty moves with a reason; bad input is one line naming the flag, and nothing is written.
#![allow(clippy::unwrap_used)]

mod common;
use common::Desk;

const SHOP: &str = r#"{"name": "광진 커피", "city": "서울", "district": "광진구", "ksic_code": "56221"}"#;

fn merchant(desk: &Desk) -> String {
    let p = desk.file("shop.json", SHOP);
    desk.json(&["merchant", "add", "--profile", p.to_str().unwrap(), "--json"])["id"].as_str().unwrap().to_string()
}

#[test]
fn an_application_prints_its_duties_with_the_seeds_dates_and_moves_through_its_statuses() {
    let desk = Desk::new("application");
    let m = merchant(&desk);
    let a = desk.json(&[
        "application",
        "add",
        "--merchant",
        &m,
        "--program",
        "seoul-2023-employment-incentive",
        "--applied-on",
        "2023-04-20",
        "--hired-on",
        "2023-01-16",
        "--requested",
        "3000000",
        "--json",
    ]);
    assert_eq!(a["status"], "applied");
    let due: Vec<&str> = a["duties"].as_array().unwrap().iter().map(|d| d["due_on"].as_str().unwrap()).collect();
    assert_eq!(due, ["2023-07-20", "2023-07-16", "2023-06-30", "2023-07-01", "2023-07-01"]);
    assert_eq!(a["duties"][3]["month"], true);
    let id = a["id"].as_str().unwrap().to_string();

    // Readable, in Korean by default: the month alone where the seed names only the month.
    let text = desk.ok(&["application", "show", &id[..8]]);
    assert!(
        text.contains("2023년 7월") && text.contains("고용보험 유지 확인") && text.contains("2023-06-30"),
        "{text}"
    );
    let due = desk.json(&["application", "duties", "--on", "2023-06-25", "--within", "5", "--json"]);
    assert_eq!(due.as_array().unwrap().len(), 1, "{due}");
    assert_eq!((due[0]["days_left"].as_i64(), due[0]["duty"]["step"].as_i64()), (Some(5), Some(2)));
    let text = desk.ok(&["application", "duties", "--on", "2023-06-25", "--within", "5"]);
    assert!(text.contains("D-5") && text.contains("광진 커피"), "{text}");

    // Selected, then paid: each a version; a duty moved with its reason.
    let a = desk.json(&[
        "application",
        "update",
        &id,
        "--status",
        "선정",
        "--decided-on",
        "2023-06-01",
        "--approved",
        "3000000",
        "--json",
    ]);
    assert_eq!((a["status"].as_str(), a["version"].as_i64()), (Some("selected"), Some(2)));
    let a =
        desk.json(&["application", "move", &id, "2", "--to", "2023-07-05", "--reason", "구청 안내로 연기", "--json"]);
    assert_eq!(a["duties"][2]["due_on"], "2023-07-05");
    assert_eq!(a["duties"][2]["adjusted"]["reason"], "구청 안내로 연기");
    let a = desk.json(&["application", "done", &id, "3", "--json"]);
    assert_eq!(a["duties"][3]["done"], true);
    let a = desk.json(&[
        "application",
        "update",
        &id,
        "--status",
        "paid",
        "--paid-on",
        "2023-07-14",
        "--paid",
        "3000000",
        "--json",
    ]);
    assert_eq!((a["version"].as_i64(), a["amount_paid_krw"].as_i64()), (Some(5), Some(3_000_000)));
    let versions = desk.json(&["application", "show", &id, "--versions", "--json"]);
    assert_eq!(versions.as_array().unwrap().len(), 5);
    assert_eq!(desk.json(&["application", "list", "--merchant", &m, "--json"]).as_array().unwrap().len(), 1);
}

#[test]
fn bad_application_input_is_one_line_naming_the_field_and_nothing_is_written() {
    let desk = Desk::new("application-bad");
    let m = merchant(&desk);
    let cases: [(&[&str], &str); 5] = [
        (&["--program", "no-such-program"], "program_id"),
        (&["--program", "seoul-2023-employment-incentive", "--applied-on", "2023-02-30"], "--applied-on"),
        (&["--program", "seoul-2023-employment-incentive", "--status", "won"], "status"),
        (
            &["--program", "seoul-2023-employment-incentive", "--status", "paid", "--applied-on", "2023-04-20"],
            "decided_on",
        ),
        (
            &["--program", "seoul-2023-employment-incentive", "--applied-on", "2023-04-20", "--hired-on", "2023-05-01"],
            "applied_on",
        ),
    ];
    for (args, field) in cases {
        let mut all = vec!["application", "add", "--merchant", &m];
        all.extend_from_slice(args);
        let err = desk.bad(&all);
        assert!(err.starts_with("오류: ") && err.contains(field), "{args:?}: {err}");
    }
    assert!(desk.json(&["application", "list", "--json"]).as_array().unwrap().is_empty());
}
