//! The partner directory and two-way referrals from the command line: the bundled partners of
//! seed 003, a referral naming a partner and its programs, the partner's answer and result, a
//! consultation the partner sent, and the referral slip holding only consented fields.
#![allow(clippy::unwrap_used)]

mod common;
use std::path::Path;
use std::process::Command;

use common::Desk;

const PERSON: &str = r#"{"name": "화양 분식", "owner_name": "홍길동", "phone": "010-2345-6789",
    "owner_birth_date": "1961-03-05", "city": "서울", "district": "광진구", "ksic_code": "56111", "full_time_workers": 1}"#;
const SHOP: &str = r#"{"name": "자양 꽃집", "city": "서울", "district": "광진구", "full_time_workers": 2}"#;
const NOTES: &str = "내부메모표식 대표 건강 문제로 매출 감소";

fn text_of(pdf: &Path) -> String {
    let out = Command::new("pdftotext").args(["-enc", "UTF-8", pdf.to_str().unwrap(), "-"]).output().unwrap();
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()
}

fn merchant(desk: &Desk, json: &str, consent: bool) -> String {
    let p = desk.file("m.json", json);
    let mut args = vec!["merchant", "add", "--profile", p.to_str().unwrap(), "--json"];
    if consent {
        args.extend(["--consent-on", "2026-11-02"]);
    }
    desk.json(&args)["id"].as_str().unwrap().to_string()
}

fn consult(desk: &Desk, merchant: &str, extra: &[&str]) -> serde_json::Value {
    let mut args = vec![
        "consult",
        "add",
        "--merchant",
        merchant,
        "--counselor",
        "김상담",
        "--channel",
        "counter",
        "--notes",
        NOTES,
        "--referral",
        "seoul-credit-guarantee-foundation=gwangjin-onestop-credit-guarantee,jongno-2022h2-sme-fund-loan",
        "--json",
    ];
    args.extend_from_slice(extra);
    desk.json(&args)
}

#[test]
fn a_referral_names_a_partner_gets_its_answer_and_result_and_a_slip_with_consented_fields_only() {
    let desk = Desk::new("partner");
    let partners = desk.json(&["partner", "list", "--json"]);
    let ids: Vec<&str> = partners.as_array().unwrap().iter().map(|p| p["id"].as_str().unwrap()).collect();
    for id in ["gwangjin-gu-office", "gwangjin-chamber-of-commerce", "seoul-credit-guarantee-foundation", "semas"] {
        assert!(ids.contains(&id), "{ids:?}");
    }

    let m = merchant(&desk, PERSON, true);
    let c = consult(&desk, &m, &["--referred-by", "semas"]);
    let id = c["id"].as_str().unwrap().to_string();
    assert_eq!(c["referred_by"], "semas");
    assert_eq!(c["referrals"][0]["partner_id"], "seoul-credit-guarantee-foundation");
    assert_eq!(c["referrals"][0]["institution"], "서울신용보증재단");
    assert_eq!(c["referrals"][0]["more_programs"], serde_json::json!(["jongno-2022h2-sme-fund-loan"]));

    // The slip: the partner, the business, the owner's name and phone (consent is in force), the
    // program; never the birth date or the counselor's notes.
    let out = desk.dir.join("slip.pdf");
    desk.ok(&["report", "referral-slip", "--consultation", &id, "--out", out.to_str().unwrap()]);
    let text = text_of(&out);
    for needle in [
        "소상공인 지원 연계 의뢰서",
        "서울신용보증재단",
        "화양 분식",
        "홍길동",
        "010-2345-6789",
        "광진구 소상공인 원스톱센터 금융(보증·정책자금) 상담",
        "종로구 중소기업육성기금 융자",
    ] {
        assert!(text.contains(needle), "slip lacks {needle:?}:\n{text}");
    }
    for leak in ["1961", "내부메모표식"] {
        assert!(!text.contains(leak), "slip shows {leak:?}:\n{text}");
    }

    // The partner's answer: a decline needs its reason; then accepted and a guarantee obtained.
    let err = desk.bad(&["consult", "referral", &id, "0", "--status", "declined"]);
    assert!(err.contains("referrals[0].decline_reason"), "{err}");
    let err = desk.bad(&[
        "consult",
        "referral",
        &id,
        "0",
        "--status",
        "referred",
        "--result-kind",
        "guarantee",
        "--result-on",
        "2026-11-20",
    ]);
    assert!(err.contains("referrals[0].result"), "{err}");
    let c = desk.json(&[
        "consult",
        "referral",
        &id,
        "0",
        "--status",
        "completed",
        "--answered-on",
        "2026-11-09",
        "--result-kind",
        "guarantee",
        "--result-amount",
        "30000000",
        "--result-on",
        "2026-11-20",
        "--json",
    ]);
    assert_eq!(c["referrals"][0]["result"]["amount_krw"], 30_000_000);
    assert_eq!(c["referrals"][0]["result"]["kind"], "guarantee");
    assert_eq!(c["version"], 2);

    // Without consent the slip names the business, not its owner.
    let shop = merchant(&desk, SHOP, false);
    let c = consult(&desk, &shop, &[]);
    desk.ok(&["report", "referral-slip", "--consultation", c["id"].as_str().unwrap(), "--out", out.to_str().unwrap()]);
    let text = text_of(&out);
    assert!(text.contains("자양 꽃집") && text.contains("동의가 없어"), "{text}");

    // Unknown partners are named in the error, and nothing is written.
    let before = desk.count("consult");
    let err = desk.bad(&[
        "consult",
        "add",
        "--merchant",
        &shop,
        "--counselor",
        "김상담",
        "--channel",
        "counter",
        "--referred-by",
        "no-such-partner",
    ]);
    assert!(err.contains("referred_by") && err.contains("no-such-partner"), "{err}");
    assert_eq!(desk.count("consult"), before);
}

#[test]
fn managers_keep_the_directory_and_staff_cannot() {
    let desk = Desk::new("partner-edit");
    let p = desk.json(&["partner", "show", "semas", "--json"]);
    let mut edited = p.clone();
    edited["contact"] = "1588-5302".into();
    edited["hours"] = "평일 09:00-18:00".into();
    let file = desk.file("semas.json", &edited.to_string());
    let saved = desk.json(&["partner", "save", file.to_str().unwrap(), "--json"]);
    assert_eq!(saved["contact"], "1588-5302");
    assert_eq!(desk.json(&["partner", "show", "semas", "--json"])["hours"], "평일 09:00-18:00");
    let bad = desk.file("bad.json", r#"{"id": "Not A Slug", "name": {"ko": "x", "en": "x"}}"#);
    let err = desk.bad(&["partner", "save", bad.to_str().unwrap()]);
    assert!(err.contains("id") && err.contains("slug"), "{err}");
    desk.ok(&["partner", "retire", "semas"]);
    assert!(!desk.ok(&["partner", "list"]).contains("semas "), "retired partners leave the list");
    assert!(desk.ok(&["partner", "list", "--all"]).contains("semas"));

    let out = desk
        .command_as(common::LOGIN, common::PIN)
        .args(["staff", "add", "--login", "lee", "--name", "이상담"])
        .env("ONESTOP_NEW_PASSWORD", "739215")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let out = desk.command_as("lee", "739215").args(["partner", "save", file.to_str().unwrap()]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("관리자")
            || String::from_utf8_lossy(&out.stderr).contains("manager")
    );
}
