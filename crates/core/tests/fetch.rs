//! Fetching the Bizinfo feed over HTTP, against a server on 127.0.0.1 that serves pages cut from
//! the recorded real response and misbehaves on purpose: 401 on bursts, answers too slow,
//! bodies cut short.

#![allow(clippy::unwrap_used)] // tests fail loudly by design

#[path = "support/feed_server.rs"]
mod feed_server;

use std::net::TcpListener;
use std::time::{Duration, Instant};

use feed_server::{page_of, param, serve, Reply};

use onestop_core::feed::{fetch, import_url, FetchOptions, Progress};
use onestop_core::{Error, Store};

fn opts(url: &str) -> FetchOptions {
    FetchOptions {
        url: url.into(),
        key: Some("SECRET-KEY-123".into()),
        page_unit: 2,
        timeout_ms: 500,
        attempts: 3,
        backoff_ms: 50,
        ..Default::default()
    }
}

fn count(s: &Store) -> usize {
    s.programs(&Default::default()).unwrap().len()
}

#[test]
fn pages_through_the_feed_with_the_api_parameters_and_reports_progress() {
    let items = feed_server::sample_items();
    let (url, seen) = serve(move |_, q| Reply::Json(page_of(&items, q)));
    let mut s = Store::open_in_memory().unwrap();
    let before = count(&s);
    let mut events = Vec::new();
    let o = FetchOptions { hashtags: Some("소상공인".into()), lclas_id: Some("06".into()), ..opts(&url) };
    let r = import_url(&mut s, &o, &mut |p| events.push(p)).unwrap();
    assert_eq!((r.imported, r.updated, r.unchanged, r.rejected), (5, 0, 0, 0));
    assert_eq!(count(&s), before + 5);

    let seen = seen.lock().unwrap().clone();
    assert_eq!(seen.len(), 3, "5 notices at 2 a page is 3 pages");
    for (i, q) in seen.iter().enumerate() {
        assert_eq!(param(q, "crtfcKey"), Some("SECRET-KEY-123"));
        assert_eq!(param(q, "dataType"), Some("json"));
        assert_eq!(param(q, "pageUnit"), Some("2"));
        assert_eq!(param(q, "pageIndex"), Some((i + 1).to_string().as_str()));
        assert_eq!(param(q, "hashtags"), Some("소상공인"));
        assert_eq!(param(q, "searchLclasId"), Some("06"));
    }
    let fetched: Vec<_> = events
        .iter()
        .filter_map(|e| match e {
            Progress::Fetched { page, pages, notices } => Some((*page, *pages, *notices)),
            _ => None,
        })
        .collect();
    assert_eq!(fetched, [(1, Some(3), 2), (2, Some(3), 4), (3, Some(3), 5)]);
    assert_eq!(events.last(), Some(&Progress::Importing { done: 5, total: 5 }));

    // The same feed again changes nothing.
    let r = import_url(&mut s, &o, &mut |_| {}).unwrap();
    assert_eq!((r.imported, r.updated, r.unchanged), (0, 0, 5));
}

#[test]
fn search_cnt_limits_the_notices_and_the_pages() {
    let items = feed_server::sample_items();
    let (url, seen) = serve(move |_, q| Reply::Json(page_of(&items, q)));
    let got = fetch(&FetchOptions { search_cnt: Some(3), ..opts(&url) }, &mut |_| {}).unwrap();
    assert_eq!(got.len(), 3);
    let seen = seen.lock().unwrap();
    assert_eq!(seen.len(), 2);
    assert_eq!(param(&seen[0], "searchCnt"), Some("3"));
}

#[test]
fn a_401_burst_and_a_slow_answer_are_retried_with_backoff() {
    let items = feed_server::sample_items();
    // Page 1: refused twice (a burst), page 2: too slow once, then all is well.
    let (url, seen) = serve(move |n, q| match n {
        0 | 1 => Reply::Status(401),
        3 => Reply::Slow(Duration::from_millis(1500), page_of(&items, q)),
        _ => Reply::Json(page_of(&items, q)),
    });
    let mut s = Store::open_in_memory().unwrap();
    let mut retries = Vec::new();
    let started = Instant::now();
    let r = import_url(&mut s, &opts(&url), &mut |p| {
        if let Progress::Retrying { page, attempt, wait_ms, reason, .. } = p {
            retries.push((page, attempt, wait_ms, reason));
        }
    })
    .unwrap();
    assert_eq!(r.imported, 5);
    assert_eq!(seen.lock().unwrap().len(), 6, "3 pages + 2 refusals + 1 timeout");
    let shape: Vec<_> = retries.iter().map(|(p, a, w, _)| (*p, *a, *w)).collect();
    assert_eq!(shape, [(1, 2, 50), (1, 3, 100), (2, 2, 50)], "the wait doubles per retry of a page");
    assert!(retries[0].3.contains("401"), "{retries:?}");
    assert!(retries[2].3.contains("timed out"), "{retries:?}");
    assert!(started.elapsed() >= Duration::from_millis(50 + 100 + 50 + 500), "backoff and timeout were waited");
}

#[test]
fn refusals_that_do_not_stop_give_a_clear_error_without_the_key_and_write_nothing() {
    let (url, seen) = serve(|_, _| Reply::Status(401));
    let mut s = Store::open_in_memory().unwrap();
    let before = count(&s);
    let e = import_url(&mut s, &opts(&url), &mut |_| {}).unwrap_err();
    assert!(matches!(e, Error::Fetch { .. }));
    let msg = e.to_string();
    assert!(msg.contains("401") && msg.contains("after 3 attempts") && msg.contains("nothing was imported"), "{msg}");
    assert!(msg.contains("crtfcKey=***") && !msg.contains("SECRET"), "the key is never shown: {msg}");
    assert_eq!(seen.lock().unwrap().len(), 3);
    assert_eq!(count(&s), before);

    // A server that never answers in time: the same, named as a timeout.
    let items = feed_server::sample_items();
    let (url, _) = serve(move |_, q| Reply::Slow(Duration::from_secs(3), page_of(&items, q)));
    let e = import_url(&mut s, &FetchOptions { attempts: 2, ..opts(&url) }, &mut |_| {}).unwrap_err().to_string();
    assert!(e.contains("timed out") && e.contains("after 2 attempts"), "{e}");
    assert_eq!(count(&s), before);
}

#[test]
fn a_truncated_page_after_good_ones_is_an_error_and_nothing_is_half_written() {
    let items = feed_server::sample_items();
    // Page 3 is always cut short: pages 1 and 2 were fine, yet nothing may be written.
    let (url, _) = serve(move |_, q| {
        let body = page_of(&items, q);
        if param(q, "pageIndex") == Some("3") {
            let n = body.len() / 2;
            Reply::Cut(body, n)
        } else {
            Reply::Json(body)
        }
    });
    let mut s = Store::open_in_memory().unwrap();
    let before = count(&s);
    let e = import_url(&mut s, &opts(&url), &mut |_| {}).unwrap_err().to_string();
    assert!(e.contains("pageIndex=3") && e.contains("ended early") && e.contains("nothing was imported"), "{e}");
    assert_eq!(count(&s), before, "pages 1 and 2 were not written");
}

#[test]
fn an_answer_that_is_not_the_feed_is_not_retried_and_says_what_came() {
    let (url, seen) = serve(|_, _| Reply::Json(r#"{"reqErr":"인증키가 유효하지 않습니다"}"#.into()));
    let e = fetch(&opts(&url), &mut |_| {}).unwrap_err().to_string();
    assert!(e.contains("no jsonArray") && e.contains("인증키가 유효하지 않습니다"), "{e}");
    assert_eq!(seen.lock().unwrap().len(), 1);
    let e = fetch(&FetchOptions { url: "ftp://example.org/x".into(), ..Default::default() }, &mut |_| {}).unwrap_err();
    assert!(e.to_string().contains("ftp://example.org/x"), "{e}");
    // Nothing listens here: a connection error, retried, then named.
    let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let e = fetch(&opts(&format!("http://127.0.0.1:{port}/")), &mut |_| {}).unwrap_err().to_string();
    assert!(e.contains("could not connect") && e.contains("after 3 attempts"), "{e}");
}

#[test]
fn a_key_is_never_sent_over_plain_http_to_another_machine() {
    let mut s = Store::open_in_memory().unwrap();
    let before = count(&s);
    for url in ["http://www.bizinfo.go.kr/uss/rss/bizinfoApi.do", "http://apis.data.go.kr/B552735/x"] {
        let mut o = opts(url);
        o.key = Some("SECRET-KEY".into());
        let e = import_url(&mut s, &o, &mut |_| {}).unwrap_err().to_string();
        assert!(e.contains("https://") && !e.contains("SECRET-KEY"), "{e}");
    }
    assert_eq!(count(&s), before, "nothing written");
    // To this machine plain http with a key still works: every other test here does so.
}
