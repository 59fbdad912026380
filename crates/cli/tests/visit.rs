//! Visit plans from the command line: a day's list, a plan changed and cancelled, a visit to a
//! prospect recorded as a consultation (the prospect put on file, channel and place filled in),
//! and bad input refused with nothing written.
#![allow(clippy::unwrap_used)]

mod common;
use common::Desk;

#[test]
fn a_planned_visit_to_a_prospect_becomes_a_merchant_and_a_consultation() {
    let desk = Desk::new("visit");
    let v = desk.json(&[
        "visit",
        "plan",
        "--prospect",
        "자양시장 반찬가게",
        "--on",
        "2026-12-08",
        "--time",
        "14:30",
        "--place",
        "자양전통시장",
        "--purpose",
        "경영 개선 방문 상담",
        "--counselor",
        "박상담",
        "--json",
    ]);
    let id = v["id"].as_str().unwrap().to_string();
    assert_eq!(v["status"], "planned");
    let other = desk.json(&[
        "visit",
        "plan",
        "--prospect",
        "화양동 세탁소",
        "--on",
        "2026-12-08",
        "--time",
        "10:00",
        "--place",
        "화양동 주민센터",
        "--purpose",
        "정책자금 안내",
        "--counselor",
        "박상담",
        "--json",
    ]);
    // The day's list, by time.
    let day = desk.json(&["visit", "list", "--on", "2026-12-08", "--json"]);
    let ids: Vec<&str> = day.as_array().unwrap().iter().map(|i| i["visit"]["id"].as_str().unwrap()).collect();
    assert_eq!(ids, [other["id"].as_str().unwrap(), id.as_str()]);
    let text = desk.ok(&["visit", "list", "--on", "2026-12-08"]);
    assert!(text.contains("자양시장 반찬가게") && text.contains("예정"), "{text}");

    // Moved to another place, then recorded: channel, place and time from the plan.
    let v = desk.json(&["visit", "update", &id[..8], "--place", "자양4동 주민센터", "--json"]);
    assert_eq!((v["version"].as_i64(), v["place"].as_str()), (Some(2), Some("자양4동 주민센터")));
    let out = desk.json(&["visit", "record", &id, "--notes", "배달 앱 수수료 부담 상담", "--topic", "경영", "--json"]);
    let c = &out["consultation"];
    assert_eq!((c["channel"].as_str(), c["place"].as_str()), (Some("visit"), Some("자양4동 주민센터")));
    assert_eq!(c["at"], "2026-12-08T14:30:00");
    assert_eq!(c["counselor"], "박상담");
    assert_eq!(out["visit"]["status"], "done");
    assert_eq!(out["visit"]["consultation_id"], c["id"]);
    let merchant = desk.json(&["merchant", "show", c["merchant_id"].as_str().unwrap(), "--json"]);
    assert_eq!(merchant["profile"]["name"], "자양시장 반찬가게");
    // A request to see the merchant's data shows the visit, every version, and its audit lines.
    let export = desk.json(&["merchant", "export", c["merchant_id"].as_str().unwrap()]);
    assert_eq!(export["visits"][0].as_array().unwrap().len(), 3, "{}", export["visits"]);
    assert!(export["audit"].as_array().unwrap().iter().any(|l| l["record_kind"] == "visit"));

    // A done visit is not recorded or planned again; a cancelled one leaves the day as cancelled.
    let err = desk.bad(&["visit", "record", &id]);
    assert!(err.contains("visit"), "{err}");
    let err = desk.bad(&["visit", "update", &id, "--place", "다른 곳"]);
    assert!(err.contains("status"), "{err}");
    let cancelled = desk.json(&["visit", "cancel", other["id"].as_str().unwrap(), "--json"]);
    assert_eq!(cancelled["status"], "cancelled");
    assert_eq!(desk.json(&["visit", "show", &id, "--versions", "--json"]).as_array().unwrap().len(), 3);
}

#[test]
fn a_plan_without_whom_where_or_why_is_refused_and_nothing_is_written() {
    let desk = Desk::new("visit-bad");
    let cases: [(&[&str], &str); 4] = [
        (&["--on", "2026-12-08", "--place", "시장", "--purpose", "상담", "--counselor", "박상담"], "merchant_id"),
        (&["--prospect", "가게", "--on", "2026-12-08", "--purpose", "상담", "--counselor", "박상담"], "place"),
        (
            &[
                "--prospect",
                "가게",
                "--on",
                "2026-13-08",
                "--place",
                "시장",
                "--purpose",
                "상담",
                "--counselor",
                "박상담",
            ],
            "--on",
        ),
        (
            &["--prospect", "가게", "--time", "25:00", "--place", "시장", "--purpose", "상담", "--counselor", "박상담"],
            "--time",
        ),
    ];
    for (args, field) in cases {
        let mut all = vec!["visit", "plan"];
        all.extend_from_slice(args);
        let err = desk.bad(&all);
        assert!(err.contains(field), "{args:?}: {err}");
    }
    assert!(desk
        .json(&["visit", "list", "--on", "2000-01-01", "--to", "2100-01-01", "--json"])
        .as_array()
        .unwrap()
        .is_empty());
}
