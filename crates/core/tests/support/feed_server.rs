//! A Bizinfo-like HTTP server on 127.0.0.1 for tests: serves pages cut from the recorded real
//! response and misbehaves on demand (refusals, slow answers, bodies cut short). Shared by the
//! core and CLI tests through `#[path]`.
#![allow(dead_code, clippy::unwrap_used)]

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::{json, Value};

/// The notices of the recorded real response in ../shared/data.
pub fn sample_items() -> Vec<Value> {
    // ../shared beside the repository, from whichever crate includes this file.
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .map(|dir| dir.join("../shared/data/bizinfo-api-sample.json"))
        .find(|p| p.exists())
        .expect("../shared/data/bizinfo-api-sample.json beside the repository");
    let v: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    v["jsonArray"].as_array().unwrap().clone()
}

/// What the server does with one request.
pub enum Reply {
    Json(String),
    Status(u16),
    /// Wait, then answer.
    Slow(Duration, String),
    /// Promise the whole body, send `n` bytes of it, hang up.
    Cut(String, usize),
}

/// One request as the server saw it: the query string, parsed.
pub type Seen = Arc<Mutex<Vec<Vec<(String, String)>>>>;

/// Serve on a free loopback port; `reply(n, query)` answers the n-th request (0-based).
pub fn serve(reply: impl Fn(usize, &[(String, String)]) -> Reply + Send + 'static) -> (String, Seen) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/uss/rss/bizinfoApi.do", listener.local_addr().unwrap());
    let seen: Seen = Arc::default();
    let log = seen.clone();
    std::thread::spawn(move || {
        for (n, stream) in listener.incoming().enumerate() {
            let Ok(stream) = stream else { continue };
            let query = read_request(&stream);
            log.lock().unwrap().push(query.clone());
            let r = reply(n, &query);
            // Each connection on its own thread, so a slow answer does not hold up the next.
            std::thread::spawn(move || answer(stream, r));
        }
    });
    (url, seen)
}

fn read_request(stream: &TcpStream) -> Vec<(String, String)> {
    let mut reader = BufReader::new(stream);
    let mut first = String::new();
    reader.read_line(&mut first).unwrap();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap() == 0 || line == "\r\n" {
            break;
        }
    }
    let target = first.split_whitespace().nth(1).unwrap_or("");
    let query = target.split_once('?').map(|x| x.1).unwrap_or("");
    reqwest::Url::parse(&format!("http://x/?{query}")).unwrap().query_pairs().into_owned().collect()
}

fn answer(mut stream: TcpStream, r: Reply) {
    let head = |status: &str, len: usize| {
        format!("HTTP/1.1 {status}\r\nContent-Type: application/json;charset=UTF-8\r\nContent-Length: {len}\r\nConnection: close\r\n\r\n")
    };
    let _ = match r {
        Reply::Json(body) => stream.write_all((head("200 OK", body.len()) + &body).as_bytes()),
        Reply::Status(code) => stream.write_all(head(&format!("{code} Refused"), 0).as_bytes()),
        Reply::Slow(wait, body) => {
            std::thread::sleep(wait);
            stream.write_all((head("200 OK", body.len()) + &body).as_bytes())
        }
        Reply::Cut(body, n) => {
            let _ = stream.write_all(head("200 OK", body.len()).as_bytes());
            stream.write_all(&body.as_bytes()[..n])
        }
    };
}

pub fn param<'a>(q: &'a [(String, String)], k: &str) -> Option<&'a str> {
    q.iter().find(|(key, _)| key == k).map(|(_, v)| v.as_str())
}

/// The page the real service would give for this query, `total` notices in all.
pub fn page_of(items: &[Value], q: &[(String, String)]) -> String {
    let unit: usize = param(q, "pageUnit").unwrap().parse().unwrap();
    let index: usize = param(q, "pageIndex").unwrap().parse().unwrap();
    let page: Vec<Value> = items
        .iter()
        .skip((index - 1) * unit)
        .take(unit)
        .map(|i| {
            let mut i = i.clone();
            i["totCnt"] = json!(items.len());
            i
        })
        .collect();
    json!({ "jsonArray": page }).to_string()
}

/// The announcements of the recorded K-Startup response in ../shared/data.
pub fn kstartup_items() -> Vec<Value> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .map(|dir| dir.join("../shared/data/kstartup-api-sample.json"))
        .find(|p| p.exists())
        .expect("../shared/data/kstartup-api-sample.json beside the repository");
    let v: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    v["data"].as_array().unwrap().clone()
}

/// The K-Startup page the real service would give for this query (`page`, `perPage`).
pub fn kstartup_page_of(items: &[Value], q: &[(String, String)]) -> String {
    let per: usize = param(q, "perPage").unwrap().parse().unwrap();
    let page: usize = param(q, "page").unwrap().parse().unwrap();
    let data: Vec<Value> = items.iter().skip((page - 1) * per).take(per).cloned().collect();
    json!({
        "currentCount": data.len(),
        "data": data,
        "matchCount": items.len(),
        "page": page,
        "perPage": per,
        "totalCount": items.len(),
    })
    .to_string()
}
