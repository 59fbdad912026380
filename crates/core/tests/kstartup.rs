//! K-Startup (창업진흥원) import against the recorded real announcements: mapping, re-import,
//! bad records, fetching over HTTP (paging, retries, failures that write nothing, the key never
//! shown) and one announcement published in both feeds kept as one program with two sources.

#![allow(clippy::unwrap_used)] // tests fail loudly by design

#[path = "support/feed_server.rs"]
mod feed_server;

use std::time::Duration;

use chrono::NaiveDate;
use feed_server::{kstartup_items, kstartup_page_of, param, serve, Reply};
use onestop_core::feed::{fetch_feed, import_feed_url, Feed, FetchOptions, Progress};
use onestop_core::program::Criterion;
use onestop_core::{bizinfo, kstartup, Error, Profile, Store, Verdict};
use serde_json::{json, Value};

fn body(items: &[Value]) -> String {
    json!({"currentCount": items.len(), "data": items, "matchCount": items.len(), "page": 1, "perPage": items.len(), "totalCount": items.len()}).to_string()
}

fn count(s: &Store) -> usize {
    s.programs(&Default::default()).unwrap().len()
}

fn opts(url: &str) -> FetchOptions {
    FetchOptions {
        url: url.into(),
        key: Some("SECRET-KEY-123".into()),
        page_unit: 25,
        timeout_ms: 500,
        attempts: 3,
        backoff_ms: 20,
        ..Default::default()
    }
}

#[test]
fn the_sample_imports_matches_and_reimports_unchanged() {
    let mut s = Store::open_in_memory().unwrap();
    let before = count(&s);
    let items = kstartup_items();
    let r = kstartup::import_body(&mut s, &body(&items)).unwrap();
    assert_eq!((r.imported, r.updated, r.unchanged, r.rejected), (60, 0, 0, 0));
    assert_eq!(count(&s), before + 60);
    let p = s.program("kstartup-176296").unwrap();
    assert_eq!(p.external.as_ref().unwrap().system, "kstartup");
    assert!(p.criteria.iter().any(|c| matches!(c, Criterion::FromNotice { words, .. } if words == "지원지역: 인천")));
    // A would-be founder in Incheon is not ruled out; one in Seoul is.
    let on = NaiveDate::from_ymd_opt(2026, 4, 20).unwrap();
    let founder = |city: &str| Profile::from_json_value(&json!({"stage": "pre_startup", "city": city})).unwrap();
    let verdict = |p: &Profile| s.match_profile(p, on, Some("kstartup-176296")).unwrap().1[0].clone();
    assert_eq!(verdict(&founder("인천")).verdict, Verdict::Unknown, "the target prose is still to check");
    let m = verdict(&founder("서울"));
    assert_eq!(m.verdict, Verdict::Ineligible);
    assert!(m.reasons.iter().any(|r| r.ko.contains("공고문: '지원지역: 인천'")), "{:?}", m.reasons);

    let r = kstartup::import_body(&mut s, &body(&items)).unwrap();
    assert_eq!((r.imported, r.updated, r.unchanged), (0, 0, 60), "re-importing the same data changes nothing");
    let mut changed = items.clone();
    changed[0]["pbanc_rcpt_end_dt"] = json!("20261115");
    let r = kstartup::import_body(&mut s, &body(&changed)).unwrap();
    assert_eq!((r.imported, r.updated, r.unchanged), (0, 1, 59));
    let reasons: Vec<String> = s.program_history("kstartup-176296").unwrap().into_iter().map(|v| v.reason).collect();
    assert_eq!(reasons, ["import", "import-update"]);
}

#[test]
fn bad_records_are_reported_and_a_bad_body_writes_nothing() {
    let mut s = Store::open_in_memory().unwrap();
    let before = count(&s);
    let text = body(&kstartup_items());
    let e = kstartup::import_body(&mut s, &text[..text.len() - 40]).unwrap_err().to_string();
    assert!(e.contains("truncated"), "{e}");
    let e = kstartup::import_body(&mut s, r#"{"totalCount": 3}"#).unwrap_err().to_string();
    assert!(e.contains("no data"), "{e}");
    assert_eq!(count(&s), before);
    let mut items = kstartup_items();
    items[0]["pbanc_rcpt_end_dt"] = json!("2026-13-01");
    items[1].as_object_mut().unwrap().remove("detl_pg_url");
    let r = kstartup::import_body(&mut s, &body(&items)).unwrap();
    assert_eq!((r.imported, r.rejected), (58, 2));
    assert!(r.rejections[0].id == "176296" && r.rejections[0].reason.contains("2026-13-01"), "{:?}", r.rejections);
    assert!(r.rejections[1].reason.contains("source"), "{:?}", r.rejections);
}

#[test]
fn fetches_three_pages_with_the_api_parameters() {
    let items = kstartup_items();
    let (url, seen) = serve(move |_, q| Reply::Json(kstartup_page_of(&items, q)));
    let mut s = Store::open_in_memory().unwrap();
    let mut events = Vec::new();
    let r = import_feed_url(&mut s, Feed::Kstartup, &opts(&url), &mut |p| events.push(p)).unwrap();
    assert_eq!((r.imported, r.rejected), (60, 0));
    let seen = seen.lock().unwrap().clone();
    assert_eq!(seen.len(), 3, "60 announcements at 25 a page is 3 pages");
    for (i, q) in seen.iter().enumerate() {
        assert_eq!(param(q, "serviceKey"), Some("SECRET-KEY-123"));
        assert_eq!(param(q, "returnType"), Some("json"));
        assert_eq!(param(q, "perPage"), Some("25"));
        assert_eq!(param(q, "page"), Some((i + 1).to_string().as_str()));
        assert_eq!(param(q, "crtfcKey"), None);
    }
    let fetched: Vec<_> = events
        .iter()
        .filter_map(|e| match e {
            Progress::Fetched { page, pages, notices } => Some((*page, *pages, *notices)),
            _ => None,
        })
        .collect();
    assert_eq!(fetched, [(1, Some(3), 25), (2, Some(3), 50), (3, Some(3), 60)]);
    assert_eq!(events.last(), Some(&Progress::Importing { done: 60, total: 60 }));
    // Bizinfo's filters mean nothing here: said, not ignored.
    let e = fetch_feed(Feed::Kstartup, &FetchOptions { hashtags: Some("서울".into()), ..opts(&url) }, &mut |_| {})
        .unwrap_err();
    assert!(e.to_string().contains("hashtags"), "{e}");
}

#[test]
fn a_busy_server_is_retried_until_it_answers() {
    let items = kstartup_items();
    // Page 1 answers 429 then 503; page 2 is cut short once; then all is well.
    let (url, seen) = serve(move |n, q| match n {
        0 => Reply::Status(429),
        1 => Reply::Status(503),
        3 => {
            let b = kstartup_page_of(&items, q);
            let half = b.len() / 2;
            Reply::Cut(b, half)
        }
        _ => Reply::Json(kstartup_page_of(&items, q)),
    });
    let mut retries = Vec::new();
    let got = fetch_feed(Feed::Kstartup, &opts(&url), &mut |p| {
        if let Progress::Retrying { page, attempt, reason, .. } = p {
            retries.push((page, attempt, reason));
        }
    })
    .unwrap();
    assert_eq!(got.len(), 60);
    assert_eq!(seen.lock().unwrap().len(), 6);
    let shape: Vec<_> = retries.iter().map(|(p, a, _)| (*p, *a)).collect();
    assert_eq!(shape, [(1, 2), (1, 3), (2, 2)]);
    assert!(retries[0].2.contains("429") && retries[1].2.contains("503"), "{retries:?}");
}

#[test]
fn a_failed_page_writes_nothing_and_no_message_shows_the_key() {
    let items = kstartup_items();
    // Page 3 always fails: pages 1 and 2 were fine, yet nothing may be written.
    let (url, _) = serve(move |_, q| {
        if param(q, "page") == Some("3") {
            Reply::Status(500)
        } else {
            Reply::Json(kstartup_page_of(&items, q))
        }
    });
    let mut s = Store::open_in_memory().unwrap();
    let before = count(&s);
    let e = import_feed_url(&mut s, Feed::Kstartup, &opts(&url), &mut |_| {}).unwrap_err();
    assert!(matches!(e, Error::Fetch { .. }));
    let msg = e.to_string();
    assert!(msg.contains("page=3") && msg.contains("500") && msg.contains("nothing was imported"), "{msg}");
    assert!(msg.contains("serviceKey=***") && !msg.contains("SECRET"), "{msg}");
    assert_eq!(count(&s), before);

    // A slow server, one that echoes the request, one that is not there: never the key.
    let (slow, _) = serve(|_, _| Reply::Slow(Duration::from_secs(2), "{}".into()));
    let (echo, _) =
        serve(|_, q| Reply::Json(format!("{{\"error\": \"bad key {}\"}}", param(q, "serviceKey").unwrap())));
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    for url in [slow, echo, format!("http://127.0.0.1:{port}/")] {
        let msg = fetch_feed(Feed::Kstartup, &FetchOptions { attempts: 2, ..opts(&url) }, &mut |_| {})
            .unwrap_err()
            .to_string();
        assert!(!msg.contains("SECRET") && msg.contains("serviceKey=***"), "{msg}");
    }
    assert_eq!(count(&s), before);
}

/// A Bizinfo notice of the same announcement as K-Startup's first sample record: the title
/// spaced and bracketed differently, a window that overlaps.
fn bizinfo_twin(window: &str) -> String {
    json!({"jsonArray": [{
        "pblancId": "PBLN_000000000999001",
        "pblancNm": "[인천지식재산센터] IP 디딤돌 아이디어 권리화 지원사업 모집공고",
        "pblancUrl": "https://www.bizinfo.go.kr/web/lay1/bbs/S1T122C128/AS/74/view.do?pblancId=PBLN_000000000999001",
        "jrsdInsttNm": "인천광역시",
        "reqstBeginEndDe": window,
        "trgetNm": "창업벤처",
    }]})
    .to_string()
}

fn sources(p: &onestop_core::Program) -> Vec<(String, String)> {
    let ext = p.external.as_ref().unwrap();
    std::iter::once((ext.system.clone(), ext.id.clone()))
        .chain(ext.also.iter().map(|r| (r.system.clone(), r.id.clone())))
        .collect()
}

#[test]
fn a_notice_in_both_feeds_is_one_program_bizinfo_first() {
    let mut s = Store::open_in_memory().unwrap();
    let before = count(&s);
    let twin = bizinfo_twin("2026-02-11 ~ 2026-10-30");
    assert_eq!(bizinfo::import_body(&mut s, &twin).unwrap().imported, 1);
    let all = body(&kstartup_items());
    let r = kstartup::import_body(&mut s, &all).unwrap();
    assert_eq!((r.imported, r.updated), (59, 1), "the twin joins the Bizinfo program");
    assert_eq!(count(&s), before + 60);
    assert!(s.program("kstartup-176296").is_err());
    let p = s.program("bizinfo-pbln-000000000999001").unwrap();
    assert_eq!(sources(&p), [("bizinfo".into(), "PBLN_000000000999001".into()), ("kstartup".into(), "176296".into())]);
    assert!(p.external.unwrap().also[0].url.as_deref().unwrap().contains("pbancSn=176296"));

    // Re-importing either feed makes no duplicate and loses no source.
    assert_eq!(kstartup::import_body(&mut s, &all).unwrap().unchanged, 60);
    assert_eq!(bizinfo::import_body(&mut s, &twin).unwrap().unchanged, 1);
    let r = bizinfo::import_body(&mut s, &bizinfo_twin("2026-02-11 ~ 2026-11-15")).unwrap();
    assert_eq!(r.updated, 1);
    let p = s.program("bizinfo-pbln-000000000999001").unwrap();
    assert_eq!(p.window.closes_on, NaiveDate::from_ymd_opt(2026, 11, 15));
    assert_eq!(sources(&p).len(), 2, "a Bizinfo update keeps the K-Startup source");
    assert_eq!(kstartup::import_body(&mut s, &all).unwrap().unchanged, 60);
    assert_eq!(count(&s), before + 60);
    let history: Vec<String> =
        s.program_history("bizinfo-pbln-000000000999001").unwrap().into_iter().map(|v| v.reason).collect();
    assert_eq!(history, ["import", "import-update", "import-update"]);
}

#[test]
fn a_notice_in_both_feeds_is_one_program_kstartup_first() {
    let mut s = Store::open_in_memory().unwrap();
    let before = count(&s);
    let all = body(&kstartup_items());
    kstartup::import_body(&mut s, &all).unwrap();
    let twin = bizinfo_twin("2026-03-01 ~ 2026-03-31");
    let r = bizinfo::import_body(&mut s, &twin).unwrap();
    assert_eq!((r.imported, r.updated), (0, 1));
    assert!(s.program("bizinfo-pbln-000000000999001").is_err());
    let p = s.program("kstartup-176296").unwrap();
    assert_eq!(sources(&p), [("kstartup".into(), "176296".into()), ("bizinfo".into(), "PBLN_000000000999001".into())]);
    assert_eq!(bizinfo::import_body(&mut s, &twin).unwrap().unchanged, 1);
    let mut changed = kstartup_items();
    changed[0]["pbanc_ctnt"] = json!("바뀐 요약");
    assert_eq!(kstartup::import_body(&mut s, &body(&changed)).unwrap().updated, 1);
    assert_eq!(sources(&s.program("kstartup-176296").unwrap()).len(), 2, "a K-Startup update keeps the Bizinfo source");
    assert_eq!(count(&s), before + 60);

    // The same title in another window is another announcement.
    let mut other = Store::open_in_memory().unwrap();
    kstartup::import_body(&mut other, &all).unwrap();
    let r = bizinfo::import_body(&mut other, &bizinfo_twin("2027-02-01 ~ 2027-03-01")).unwrap();
    assert_eq!(r.imported, 1);
    assert_eq!(sources(&other.program("kstartup-176296").unwrap()).len(), 1);
}
