//! The `onestop` binary, run as a user would: JSON shapes, readable output, bad input.

#![allow(clippy::unwrap_used)] // tests fail loudly by design

use std::process::Command;

mod common;
use common::Desk;

const CAFE: &str = r#"{
  "name": "광진 커피", "business_registration_number": "220-81-62517", "phone": "02-555-1234",
  "city": "서울", "district": "Gwangjin-gu", "ksic_code": "56221", "full_time_workers": 3,
  "founded_on": "2021-03-02", "business_status": "operating", "owner_birth_date": "1988-07-14",
  "nonprofit": false, "new_hires": [{"hired_on": "2023-01-16", "employment_insurance": true}]
}"#;

#[test]
fn match_json_has_exactly_the_documented_shape() {
    let desk = Desk::new("shape");
    let profile = desk.file("p.json", CAFE);
    let v = desk.json(&["match", "--profile", profile.to_str().unwrap(), "--as-of", "2023-05-02", "--json"]);
    let keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(keys, ["as_of", "stage", "matches"]);
    assert_eq!(v["as_of"], "2023-05-02");
    assert_eq!(v["stage"], "startup");
    let matches = v["matches"].as_array().unwrap();
    assert_eq!(matches.len(), 19);
    for m in matches {
        let keys: Vec<&str> = m.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(
            keys,
            ["program_id", "verdict", "window", "earliest_application_on", "reasons", "missing", "to_confirm"]
        );
        assert!(["eligible", "ineligible", "unknown"].contains(&m["verdict"].as_str().unwrap()));
        assert!(["upcoming", "open", "closed", "unknown"].contains(&m["window"].as_str().unwrap()));
    }
    let inc = matches.iter().find(|m| m["program_id"] == "seoul-2023-employment-incentive").unwrap();
    assert_eq!(inc["verdict"], "eligible");
    assert_eq!(inc["earliest_application_on"], "2023-04-16");
    // Eligible first, then unknown by fewest missing, then ineligible.
    let order: Vec<&str> = matches.iter().map(|m| m["verdict"].as_str().unwrap()).collect();
    let first_inel = order.iter().position(|v| *v == "ineligible").unwrap_or(order.len());
    assert!(order[..first_inel].iter().all(|v| *v != "ineligible"));
    assert!(order[first_inel..].iter().all(|v| *v == "ineligible"));
    // --program narrows to one.
    let one = desk.json(&[
        "match",
        "--profile",
        profile.to_str().unwrap(),
        "--as-of",
        "2023-05-02",
        "--program",
        "kosme-youth-startup-academy",
        "--json",
    ]);
    assert_eq!(one["matches"].as_array().unwrap().len(), 1);
}

#[test]
fn readable_match_in_korean_and_english() {
    let desk = Desk::new("readable");
    let profile = desk.file("p.json", r#"{"district":"광진구","full_time_workers":7}"#);
    let ko = desk.ok(&["match", "--profile", profile.to_str().unwrap(), "--as-of", "2023-05-02"]);
    assert!(ko.contains("정보 필요") && ko.contains("주 업종(업종 코드)은 무엇입니까?"), "{ko}");
    let en = desk.ok(&["--lang", "en", "match", "--profile", profile.to_str().unwrap(), "--as-of", "2023-05-02"]);
    assert!(en.contains("needs information") && en.contains("KSIC code"), "{en}");
}

#[test]
fn bad_input_is_one_clear_line_exit_2_and_writes_nothing() {
    let desk = Desk::new("bad");
    let cases: &[(&str, &str, &[&str])] = &[
        (r#"{"founded_on":"2023-02-30"}"#, "founded_on", &["2023-02-30"]),
        (r#"{"owner_birth_date":"1990-1-5"}"#, "owner_birth_date", &["1990-1-5", "YYYY-MM-DD"]),
        (r#"{"ksic_code":"40111"}"#, "ksic_code", &["40111"]),
        (
            r#"{"business_registration_number":"220-81-62518"}"#,
            "business_registration_number",
            &["220-81-62518", "check digit"],
        ),
        (r#"{"district":"Hogwarts-gu","city":"Seoul"}"#, "district", &["Hogwarts-gu"]),
        (r#"{"name": "x",,}"#, "malformed JSON", &["line 1"]),
        (r#"{"employees": 3}"#, "employees", &["unknown profile key"]),
        (r#"[1,2]"#, "profile", &["expected a JSON object"]),
    ];
    for (json, field, needles) in cases {
        let p = desk.file("bad.json", json);
        for args in [
            vec!["match", "--profile", p.to_str().unwrap(), "--as-of", "2023-05-02"],
            vec!["merchant", "add", "--profile", p.to_str().unwrap()],
        ] {
            let err = desk.bad(&args);
            assert!(err.starts_with("오류: 입력값 오류: ") && err.contains(field), "{json}: {err}");
            for n in *needles {
                assert!(err.contains(n), "{json}: {err} lacks {n}");
            }
        }
    }
    // Nothing was written.
    assert_eq!(desk.count("merchant"), 0, "bad input wrote a merchant");
    let good = desk.file("good.json", CAFE);
    let e = desk.bad(&["match", "--profile", good.to_str().unwrap(), "--as-of", "2023-13-01"]);
    assert!(e.contains("--as-of") && e.contains("2023-13-01"), "{e}");
    let e = desk.bad(&[
        "match",
        "--profile",
        good.to_str().unwrap(),
        "--as-of",
        "2023-05-02",
        "--program",
        "no-such-program",
    ]);
    assert!(e.contains("program") && e.contains("no-such-program"), "{e}");
    let e = desk.bad(&["match", "--profile", desk.dir.join("missing.json").to_str().unwrap()]);
    assert!(e.contains("--profile") && e.contains("missing.json"), "{e}");
    // A duplicate registration number is refused and nothing is added.
    desk.ok(&["merchant", "add", "--profile", good.to_str().unwrap(), "--consent-on", "2026-11-02"]);
    let e = desk.bad(&["merchant", "add", "--profile", good.to_str().unwrap(), "--consent-on", "2026-11-02"]);
    assert!(e.contains("business_registration_number"), "{e}");
    assert_eq!(desk.count("merchant"), 1);
    // A consultation that names an unknown program writes nothing.
    let id = desk.json(&["merchant", "list", "--json"])[0]["id"].as_str().unwrap().to_string();
    let e = desk.bad(&[
        "consult",
        "add",
        "--merchant",
        &id,
        "--counselor",
        "김",
        "--channel",
        "counter",
        "--program",
        "nope",
    ]);
    assert!(e.contains("nope"), "{e}");
    let e = desk.bad(&["consult", "add", "--merchant", &id, "--counselor", "김", "--channel", "fax"]);
    assert!(e.contains("channel") && e.contains("fax"), "{e}");
    let e = desk.bad(&[
        "consult",
        "add",
        "--merchant",
        &id,
        "--counselor",
        "김",
        "--channel",
        "phone",
        "--follow-up",
        "2023-02-30:call",
    ]);
    assert!(e.contains("--follow-up") && e.contains("2023-02-30"), "{e}");
    assert_eq!(desk.count("consult"), 0);
}

#[test]
fn merchant_consultation_and_catalogue_workflow() {
    let desk = Desk::new("flow");
    let p = desk.file("p.json", CAFE);
    let added =
        desk.json(&["merchant", "add", "--profile", p.to_str().unwrap(), "--json", "--consent-on", "2026-11-02"]);
    let id = added["id"].as_str().unwrap().to_string();
    assert_eq!(added["profile"]["district"], "광진구");
    assert_eq!(added["profile"]["city"], "서울특별시");
    // Match a stored merchant.
    let v = desk.json(&["match", "--merchant", &id[..8], "--as-of", "2023-05-02", "--json"]);
    assert_eq!(v["stage"], "startup");
    // Record a consultation, edit it, find it by a word of its notes.
    let c = desk.json(&[
        "consult",
        "add",
        "--merchant",
        &id,
        "--counselor",
        "김상담",
        "--channel",
        "visit",
        "--place",
        "자양시장",
        "--at",
        "2023-05-02 14:00",
        "--topic",
        "고용",
        "--notes",
        "고용장려금 서류 안내, 카페 리모델링 자금 문의",
        "--program",
        "seoul-2023-employment-incentive",
        "--referral",
        "서울신용보증재단=gwangjin-onestop-credit-guarantee",
        "--follow-up",
        "2023-05-16:서류 확인 전화",
        "--json",
    ]);
    let cid = c["id"].as_str().unwrap().to_string();
    assert_eq!(c["programs"][0]["snapshot"]["verdict"], "eligible");
    assert_eq!(c["version"], 1);
    let edited = desk.json(&["consult", "edit", &cid, "--outcome", "신청서 접수", "--json"]);
    assert_eq!(edited["version"], 2);
    assert_eq!(edited["place"], "자양시장", "fields not given are kept");
    let versions = desk.json(&["consult", "show", &cid, "--versions", "--json"]);
    assert_eq!(versions.as_array().unwrap().len(), 2);
    let r = desk.json(&["consult", "referral", &cid, "0", "--status", "accepted", "--json"]);
    assert_eq!(r["referrals"][0]["status"], "accepted");
    let f = desk.json(&["consult", "done", &cid, "0", "--json"]);
    assert_eq!((f["follow_ups"][0]["done"].as_bool(), f["version"].as_u64()), (Some(true), Some(4)));
    let e = desk.bad(&["consult", "referral", &cid, "0", "--status", "lost"]);
    assert!(e.contains("lost"), "{e}");
    let hits = desk.json(&["search", "리모델링", "--json"]);
    assert!(hits.as_array().unwrap().iter().any(|h| h["id"] == cid.as_str()));
    let hits = desk.json(&["search", "카페", "--json"]);
    assert!(hits.as_array().unwrap().iter().any(|h| h["id"] == cid.as_str()), "two-syllable query");
    let found = desk.json(&["merchant", "search", "2208162517", "--json"]);
    assert_eq!(found[0]["id"], id.as_str());
    let list = desk.json(&["consult", "list", "--merchant", &id, "--json"]);
    assert_eq!(list.as_array().unwrap().len(), 1);
    let shown = desk.ok(&["merchant", "show", &id]);
    assert!(shown.contains("광진 커피") && shown.contains("김상담"), "{shown}");
    // Catalogue.
    let all = desk.json(&["catalogue", "list", "--json"]);
    assert_eq!(all.as_array().unwrap().len(), 19);
    let loans = desk.json(&["catalogue", "list", "--kind", "loan", "--json"]);
    assert!(loans.as_array().unwrap().iter().all(|p| p["kinds"].as_array().unwrap().contains(&"loan".into())));
    let open = desk.json(&["catalogue", "list", "--open-on", "2023-04-10", "--json"]);
    assert!(open.as_array().unwrap().iter().any(|p| p["id"] == "seoul-2023-unpaid-leave-support"));
    let show = desk.json(&["catalogue", "show", "jongno-2022h2-sme-fund-loan", "--json"]);
    assert_eq!(show["window"]["status"], "closed");
    assert_eq!(show["window"]["closes_on"], "2022-11-30");
    assert!(show["window"]["opens_on"].is_null());
    assert!(show["window"]["note"]["ko"].is_string());
    let found = desk.json(&["catalogue", "search", "청년창업", "--json"]);
    assert_eq!(found[0]["id"], "kosme-youth-startup-academy");
    let e = desk.bad(&["catalogue", "show", "nope"]);
    assert!(e.contains("nope"));
    let e = desk.bad(&["catalogue", "list", "--kind", "lottery"]);
    assert!(e.contains("kind") && e.contains("lottery"), "{e}");
}

#[test]
fn default_database_is_the_per_user_data_file() {
    let desk = Desk::empty("default");
    let run = |args: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_onestop"))
            .args(args)
            .env_remove("ONESTOP_DB")
            .env("XDG_DATA_HOME", &desk.dir)
            .env("HOME", &desk.dir)
            .env("ONESTOP_NEW_PASSWORD", common::PIN)
            .env("ONESTOP_DESK_PASSPHRASE", common::PASSPHRASE)
            .env("ONESTOP_STAFF", common::LOGIN)
            .env("ONESTOP_PASSWORD", common::PIN)
            .output()
            .unwrap();
        assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    };
    run(&["staff", "init", "--login", common::LOGIN, "--name", "김관리"]);
    run(&["catalogue", "list", "--json"]);
    // The app's folder; a debug build (like this test's) keeps its data apart, as the app's does.
    let folder = if cfg!(debug_assertions) { "kr.onestop.desk.dev" } else { "kr.onestop.desk" };
    assert!(desk.dir.join(folder).join("onestop.sqlite3").exists());
    assert!(desk.dir.join(folder).join("onestop.sqlite3.keys").exists());
}

/// The command line as on a machine with no desk: a home folder of its own, nothing set up.
fn fresh_home(name: &str) -> (std::path::PathBuf, impl Fn(&[&str]) -> std::process::Output) {
    let home = std::env::temp_dir().join(format!("onestop-cli-home-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&home);
    std::fs::create_dir_all(&home).unwrap();
    let h = home.clone();
    let run = move |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_onestop"))
            .args(args)
            .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
            .env("HOME", &h)
            .env_remove("XDG_DATA_HOME")
            .env_remove("ONESTOP_DB")
            .env_remove("ONESTOP_STAFF")
            .env_remove("ONESTOP_PASSWORD")
            .env_remove("ONESTOP_DESK_PASSPHRASE")
            .output()
            .unwrap()
    };
    (home, run)
}

#[test]
fn with_no_desk_the_readmes_match_works_and_a_command_needing_a_desk_says_how_to_set_one_up() {
    let (home, run) = fresh_home("nodesk");
    // The README's example, as written.
    let out = run(&["match", "--profile", "examples/profile-gwangjin-cafe.json", "--as-of", "2023-05-02"]);
    let (stdout, stderr) = (String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success(), "{stderr}");
    assert!(stdout.contains("서울시 소상공인 고용장려금"), "the bundled programs are matched:\n{stdout}");
    assert!(stderr.contains("기본 제공 사업 목록") && stderr.contains("onestop staff init"), "{stderr}");
    let out = run(&["match", "--profile", "examples/profile-gwangjin-cafe.json", "--as-of", "2023-05-02", "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(v["matches"].as_array().unwrap().len() >= 14, "{v}");
    // Every match command the README shows, as written.
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../README.md")).unwrap();
    let shown: Vec<&str> = readme
        .split('`')
        .filter_map(|span| span.strip_prefix("onestop match ").or_else(|| span.strip_prefix("scripts/run.sh match ")))
        .collect();
    assert!(shown.len() >= 2, "the README shows match commands: {shown:?}");
    for args in shown {
        let args: Vec<&str> = std::iter::once("match").chain(args.split_whitespace()).collect();
        let out = run(&args);
        assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    }
    // Nothing was created: matching a file stores nothing.
    assert_eq!(std::fs::read_dir(&home).unwrap().count(), 0, "the home folder is still empty");

    // A command that needs stored data says in one line how to set a desk up.
    for args in [&["merchant", "list"][..], &["--staff", "kim", "merchant", "list"], &["audit"]] {
        let out = run(args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{args:?}");
        assert!(
            stderr.contains("no desk is set up at") && stderr.contains("onestop staff init --login"),
            "{args:?}: {stderr}"
        );
        assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
    }

    // The set-up the README gives, then the desk's own catalogue is matched after sign-in.
    let mut init = Command::new(env!("CARGO_BIN_EXE_onestop"));
    init.args(["staff", "init", "--login", "kim", "--name", "김관리"])
        .env("HOME", &home)
        .env_remove("XDG_DATA_HOME")
        .env_remove("ONESTOP_DB")
        .env("ONESTOP_DESK_PASSPHRASE", common::PASSPHRASE)
        .env("ONESTOP_NEW_PASSWORD", common::PIN);
    let out = init.output().unwrap();
    assert!(out.status.success(), "staff init: {}", String::from_utf8_lossy(&out.stderr));
    let out = Command::new(env!("CARGO_BIN_EXE_onestop"))
        .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
        .args(["--staff", "kim", "match", "--profile", "examples/profile-gwangjin-cafe.json", "--as-of", "2023-05-02"])
        .env("HOME", &home)
        .env_remove("XDG_DATA_HOME")
        .env_remove("ONESTOP_DB")
        .env("ONESTOP_DESK_PASSPHRASE", common::PASSPHRASE)
        .env("ONESTOP_PASSWORD", common::PIN)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success() && !stderr.contains("기본 제공 사업 목록"), "the desk is used once set up: {stderr}");
}
