//! `onestop catalogue`: Bizinfo import from a file and over HTTP (against a local server), the
//! Onestop format round trip, history with what changed, staff criteria, `show --json`.

#![allow(clippy::unwrap_used)] // tests fail loudly by design

mod common;
#[path = "../../core/tests/support/feed_server.rs"]
mod feed_server;

use common::Desk;
use feed_server::{page_of, param, serve, Reply};
use serde_json::{json, Value};

fn sample_file(desk: &Desk) -> String {
    let body = json!({ "jsonArray": feed_server::sample_items() });
    desk.file("bizinfo.json", &body.to_string()).display().to_string()
}

#[test]
fn import_a_saved_response_then_again_then_show_history_and_criteria() {
    let desk = Desk::new("cat-file");
    let file = sample_file(&desk);
    // Feed flags with a file are a mistake, reported before anything is read or written.
    for flag in [["--key", "K"], ["--hashtags", "서울"], ["--search-cnt", "3"]] {
        let e = desk.bad(&["catalogue", "import", "--format", "bizinfo", &file, flag[0], flag[1]]);
        assert!(e.contains(flag[0]) && e.contains("not both"), "{e}");
    }
    let out = desk.ok(&["catalogue", "import", "--format", "bizinfo", &file]);
    assert_eq!(out.trim(), "imported 5, updated 0, unchanged 0, rejected 0");
    let again = desk.json(&["catalogue", "import", "--format", "bizinfo", &file, "--json"]);
    assert_eq!(again, json!({"imported": 0, "updated": 0, "unchanged": 5, "rejected": 0, "rejections": []}));

    let id = "bizinfo-pbln-000000000127013";
    let show = desk.json(&["catalogue", "show", id, "--json"]);
    let w = &show["window"];
    assert!(w["status"].is_string() && w["note"].is_null(), "{w}");
    assert_eq!((w["opens_on"].as_str(), w["closes_on"].as_str()), (Some("2026-10-02"), Some("2026-10-19")));

    let crit = desk.file("criteria.json", r#"[{"type": "headcount", "min": 1}]"#);
    desk.ok(&["catalogue", "criteria", id, "--file", crit.to_str().unwrap()]);
    let bad = desk.file("bad.json", r#"[{"type": "headcount", "min": 5, "max_exclusive": 2}]"#);
    let e = desk.bad(&["catalogue", "criteria", id, "--file", bad.to_str().unwrap()]);
    assert!(e.contains("criteria[0].max_exclusive") && e.contains("must be above min 5"), "{e}");

    let history = desk.ok(&["catalogue", "history", id]);
    let lines: Vec<&str> = history.lines().collect();
    assert!(lines[0].starts_with("v1 ") && lines[0].ends_with(" import"), "{history}");
    assert!(lines[1].starts_with("v2 ") && lines[1].ends_with(" edit"), "{history}");
    assert!(lines[2].starts_with("    criteria: "), "the edit shows what changed: {history}");
    let h = desk.json(&["catalogue", "history", id, "--json"]);
    assert_eq!(h[1]["changes"][0]["path"], "criteria");

    // A rejected record is named with its id; the rest import.
    let mut items = feed_server::sample_items();
    items[1]["reqstBeginEndDe"] = json!("2026-02-30 ~ 2026-03-10");
    let f = desk.file("bad-record.json", &json!({ "jsonArray": items }).to_string());
    let r = desk.json(&["catalogue", "import", "--format", "bizinfo", f.to_str().unwrap(), "--json"]);
    assert_eq!(r["rejected"], 1);
    assert_eq!(r["rejections"][0]["id"], "PBLN_000000000126995");
    assert!(r["rejections"][0]["reason"].as_str().unwrap().contains("2026-02-30"), "{r}");
}

#[test]
fn import_over_http_pages_retries_and_reports() {
    let desk = Desk::new("cat-http");
    let items = feed_server::sample_items();
    let (url, seen) = serve(move |n, q| if n == 0 { Reply::Status(401) } else { Reply::Json(page_of(&items, q)) });
    let out = desk.run(&[
        "catalogue",
        "import",
        "--format",
        "bizinfo",
        "--url",
        &url,
        "--key",
        "K-1",
        "--page-unit",
        "2",
        "--json",
    ]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    let r: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!((r["imported"].as_u64(), r["rejected"].as_u64()), (Some(5), Some(0)));
    assert!(stderr.contains("page 1: HTTP 401") && stderr.contains("attempt 2 of 5"), "retries are shown: {stderr}");
    let seen = seen.lock().unwrap().clone();
    assert_eq!(seen.len(), 4);
    assert_eq!(param(&seen[3], "pageIndex"), Some("3"));
    assert_eq!(param(&seen[3], "crtfcKey"), Some("K-1"));

    // The key can come from the environment instead of the command line.
    let items = feed_server::sample_items();
    let (url, seen) = serve(move |_, q| Reply::Json(page_of(&items, q)));
    let out = desk
        .command_as(common::LOGIN, common::PIN)
        .args(["catalogue", "import", "--format", "bizinfo", "--url", &url])
        .env("BIZINFO_KEY", "FROM-ENV")
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "imported 0, updated 0, unchanged 5, rejected 0");
    assert_eq!(param(&seen.lock().unwrap()[0], "crtfcKey"), Some("FROM-ENV"));
}

#[test]
fn a_feed_cut_short_is_one_clear_line_and_nothing_is_written() {
    let desk = Desk::new("cat-cut");
    let before = desk.json(&["catalogue", "list", "--json"]).as_array().unwrap().len();
    let items = feed_server::sample_items();
    let (url, _) = serve(move |_, q| {
        let body = page_of(&items, q);
        let n = body.len() - 10;
        Reply::Cut(body, n)
    });
    let args = ["catalogue", "import", "--format", "bizinfo", "--url", &url, "--key", "SECRET", "--attempts", "2"];
    // Korean by default, as the rest of the output.
    let out = desk.run(&args);
    assert_eq!(out.status.code(), Some(1), "a network failure is not the user's input");
    let err = String::from_utf8_lossy(&out.stderr);
    let last = err.trim_end().lines().last().unwrap();
    assert!(
        last.starts_with("오류: ") && last.contains("2번 시도") && last.contains("아무것도 가져오지 않았음"),
        "{err}"
    );
    let out = desk.run(&[&["--lang", "en"][..], &args[..]].concat());
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    let last = err.trim_end().lines().last().unwrap();
    assert!(
        last.starts_with("error: ")
            && last.contains("ended early")
            && last.contains("after 2 attempts")
            && last.contains("nothing was imported"),
        "{err}"
    );
    assert!(!err.contains("SECRET"), "{err}");
    assert_eq!(desk.json(&["catalogue", "list", "--json"]).as_array().unwrap().len(), before);

    // FILE and --url together, or neither, is a usage error.
    let out = desk.run(&["catalogue", "import", "--format", "bizinfo"]);
    assert_eq!(out.status.code(), Some(2));
    let out = desk.run(&["catalogue", "import", "--format", "onestop", "--url", &url]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("only --format bizinfo"));
}

#[test]
fn export_and_import_the_onestop_format() {
    let desk = Desk::new("cat-export");
    let file = desk.dir.join("catalogue.json");
    let out = desk.ok(&["catalogue", "export", file.to_str().unwrap()]);
    assert!(out.starts_with("19 programs"), "{out}");
    let other = Desk::new("cat-export-other");
    // A fresh desk already has the bundled catalogue: importing the export changes nothing
    // except recording the origin; then a changed program is updated and its history kept.
    let r = other.json(&["catalogue", "import", "--format", "onestop", file.to_str().unwrap(), "--json"]);
    assert_eq!(r, json!({"imported": 0, "updated": 0, "unchanged": 19, "rejected": 0, "rejections": []}));
    let mut programs: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    programs[0]["summary"]["ko"] = json!("바뀐 요약");
    let id = programs[0]["id"].as_str().unwrap().to_string();
    std::fs::write(&file, programs.to_string()).unwrap();
    let r = other.json(&["catalogue", "import", "--format", "onestop", file.to_str().unwrap(), "--json"]);
    assert_eq!((r["updated"].as_u64(), r["unchanged"].as_u64()), (Some(1), Some(18)));
    let history = other.ok(&["catalogue", "history", &id]);
    assert!(history.contains("summary.ko") && history.contains("바뀐 요약"), "{history}");
}

fn kstartup_file(desk: &Desk, items: &[Value]) -> String {
    let body = json!({"currentCount": items.len(), "data": items, "matchCount": items.len(), "page": 1, "perPage": items.len(), "totalCount": items.len()});
    desk.file("kstartup.json", &body.to_string()).display().to_string()
}

#[test]
fn import_kstartup_from_a_file_then_again_and_one_notice_in_both_feeds() {
    let desk = Desk::new("cat-kstartup");
    let before = desk.json(&["catalogue", "list", "--json"]).as_array().unwrap().len();
    // A Bizinfo notice of the same announcement as the first K-Startup record, imported first.
    let twin = json!({"jsonArray": [{
        "pblancId": "PBLN_000000000999001",
        "pblancNm": "[인천지식재산센터] IP 디딤돌 아이디어 권리화 지원사업 모집공고",
        "pblancUrl": "https://www.bizinfo.go.kr/x?pblancId=PBLN_000000000999001",
        "reqstBeginEndDe": "2026-03-01 ~ 2026-03-31",
    }]});
    let twin = desk.file("twin.json", &twin.to_string());
    desk.ok(&["catalogue", "import", "--format", "bizinfo", twin.to_str().unwrap()]);

    let file = kstartup_file(&desk, &feed_server::kstartup_items());
    let e = desk.bad(&["catalogue", "import", "--format", "kstartup", &file, "--key", "K"]);
    assert!(e.contains("--key") && e.contains("not both"), "{e}");
    let out = desk.ok(&["catalogue", "import", "--format", "kstartup", &file]);
    assert_eq!(out.trim(), "imported 59, updated 1, unchanged 0, rejected 0");
    let again = desk.json(&["catalogue", "import", "--format", "kstartup", &file, "--json"]);
    assert_eq!(again, json!({"imported": 0, "updated": 0, "unchanged": 60, "rejected": 0, "rejections": []}));
    assert_eq!(desk.json(&["catalogue", "list", "--json"]).as_array().unwrap().len(), before + 60);
    let show = desk.ok(&["catalogue", "show", "bizinfo-pbln-000000000999001"]);
    assert!(show.contains("kstartup 176296") && show.contains("pbancSn=176296"), "both sources shown: {show}");
    let p = desk.json(&["catalogue", "show", "kstartup-178655", "--json"]);
    assert_eq!(p["external"]["system"], "kstartup");
    assert!(p["criteria"].as_array().unwrap().iter().any(|c| c["type"] == "from_notice"), "{p}");
    // Listed by source: the 59 K-Startup programs, the Bizinfo one that also shows the 60th.
    let ks = desk.json(&["catalogue", "list", "--source", "kstartup", "--json"]);
    assert_eq!(ks.as_array().unwrap().len(), 59);
    assert!(ks.as_array().unwrap().iter().all(|p| p["id"].as_str().unwrap().starts_with("kstartup-")));
    assert_eq!(desk.json(&["catalogue", "list", "--source", "bizinfo", "--json"]).as_array().unwrap().len(), 1);
    let e = desk.bad(&["catalogue", "list", "--source", "kstartupp"]);
    assert!(e.contains("kstartupp"), "{e}");
}

#[test]
fn a_corrupt_kstartup_file_names_the_problem_and_writes_nothing() {
    let desk = Desk::new("cat-kstartup-bad");
    let before = desk.json(&["catalogue", "list", "--json"]).as_array().unwrap().len();
    let file = kstartup_file(&desk, &feed_server::kstartup_items());
    let text = std::fs::read_to_string(&file).unwrap();
    let third: String = text.chars().take(text.chars().count() / 3).collect();
    let cut = desk.file("cut.json", &third);
    let e = desk.bad(&["catalogue", "import", "--format", "kstartup", cut.to_str().unwrap()]);
    assert!(e.contains("kstartup response") && e.contains("truncated"), "{e}");
    let wrong = desk.file("wrong.json", r#"{"jsonArray": []}"#);
    let e = desk.bad(&["catalogue", "import", "--format", "kstartup", wrong.to_str().unwrap()]);
    assert!(e.contains("no data"), "{e}");
    assert_eq!(desk.json(&["catalogue", "list", "--json"]).as_array().unwrap().len(), before);
}

#[test]
fn import_kstartup_over_http_with_its_own_key() {
    let desk = Desk::new("cat-kstartup-http");
    let items = feed_server::kstartup_items();
    let (url, seen) =
        serve(
            move |n, q| {
                if n == 0 {
                    Reply::Status(503)
                } else {
                    Reply::Json(feed_server::kstartup_page_of(&items, q))
                }
            },
        );
    let out = desk
        .command_as(common::LOGIN, common::PIN)
        .args(["catalogue", "import", "--format", "kstartup", "--url", &url, "--page-unit", "25", "--json"])
        .env("KSTARTUP_KEY", "KS-KEY")
        .env("BIZINFO_KEY", "BIZ-KEY")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    let r: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!((r["imported"].as_u64(), r["rejected"].as_u64()), (Some(60), Some(0)));
    assert!(stderr.contains("page 1: HTTP 503") && stderr.contains("attempt 2 of 5"), "retries are shown: {stderr}");
    let seen = seen.lock().unwrap().clone();
    assert_eq!(seen.len(), 4, "one refusal and 3 pages");
    assert!(seen.iter().all(|q| param(q, "serviceKey") == Some("KS-KEY")), "the K-Startup key, not Bizinfo's");
    assert_eq!(param(&seen[3], "page"), Some("3"));

    // A failure names the page, hides the key and writes nothing.
    let (url, _) = serve(|_, _| Reply::Status(500));
    let out = desk.run(&[
        "--lang",
        "en",
        "catalogue",
        "import",
        "--format",
        "kstartup",
        "--url",
        &url,
        "--key",
        "SECRET",
        "--attempts",
        "2",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("serviceKey=***") && err.contains("nothing was imported") && !err.contains("SECRET"), "{err}");
}
