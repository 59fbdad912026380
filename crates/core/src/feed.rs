//! Fetching the Bizinfo (기업마당) open API over HTTP: paging through `totCnt`, retrying what a
//! busy public service does (401 on bursts, 429, 5xx, timeouts, dropped connections) with
//! exponential backoff, then a clear error. Every page is fetched before anything is written, so
//! a failure part-way leaves the catalogue as it was.

use std::time::Duration;

use serde::Deserialize;
use serde_json::Value;

use crate::store::ImportSummary;
use crate::{bizinfo, Error, Result, Store};

/// The public endpoint.
pub const BIZINFO_URL: &str = "https://www.bizinfo.go.kr/uss/rss/bizinfoApi.do";

/// What to fetch and how patiently.
#[derive(Clone, Debug, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(default)]
pub struct FetchOptions {
    pub url: String,
    /// The API key (`crtfcKey`). Never printed: URLs in messages show it as `***`.
    pub key: Option<String>,
    /// Only the most recent N notices (`searchCnt`).
    pub search_cnt: Option<u32>,
    /// Support area code (`searchLclasId`), e.g. `01` finance.
    pub lclas_id: Option<String>,
    /// Hashtag filter (`hashtags`), comma-separated, e.g. `서울,소상공인`.
    pub hashtags: Option<String>,
    /// Notices per page (`pageUnit`).
    pub page_unit: u32,
    /// Per-request timeout in milliseconds.
    pub timeout_ms: u64,
    /// Attempts per page before giving up.
    pub attempts: u32,
    /// Wait before the first retry in milliseconds; doubled for each further retry.
    pub backoff_ms: u64,
    /// A safety stop for a feed that never ends.
    pub max_pages: u32,
}

impl Default for FetchOptions {
    fn default() -> Self {
        FetchOptions {
            url: BIZINFO_URL.into(),
            key: None,
            search_cnt: None,
            lclas_id: None,
            hashtags: None,
            page_unit: 100,
            timeout_ms: 30_000,
            attempts: 5,
            backoff_ms: 1_000,
            max_pages: 1_000,
        }
    }
}

pub use onestop_domain::import::Progress;

/// The URL as it may be shown: the key replaced by `***`.
fn shown(opts: &FetchOptions, page: u32) -> String {
    let key = if opts.key.is_some() { "crtfcKey=***&" } else { "" };
    format!("{}?{key}dataType=json&pageUnit={}&pageIndex={page}", opts.url, opts.page_unit)
}

/// Why one attempt failed, and whether trying again may help.
struct Failure {
    reason: String,
    transient: bool,
}

fn fetch_page(client: &reqwest::blocking::Client, opts: &FetchOptions, page: u32) -> Result<Vec<Value>, Failure> {
    let mut query: Vec<(&str, String)> =
        vec![("dataType", "json".into()), ("pageUnit", opts.page_unit.to_string()), ("pageIndex", page.to_string())];
    if let Some(k) = &opts.key {
        query.push(("crtfcKey", k.clone()));
    }
    if let Some(n) = opts.search_cnt {
        query.push(("searchCnt", n.to_string()));
    }
    if let Some(l) = &opts.lclas_id {
        query.push(("searchLclasId", l.clone()));
    }
    if let Some(h) = &opts.hashtags {
        query.push(("hashtags", h.clone()));
    }
    let network = |e: reqwest::Error| {
        // reqwest errors print the URL, key included: describe them without it.
        let what = if e.is_timeout() {
            format!("no answer within {} s (timed out)", opts.timeout_ms.div_ceil(1000))
        } else if e.is_connect() {
            "could not connect".to_string()
        } else if e.is_body() || e.is_decode() {
            "the response ended early (connection dropped, body truncated)".to_string()
        } else {
            "the request failed".to_string()
        };
        Failure { reason: what, transient: true }
    };
    let resp = client.get(&opts.url).query(&query).send().map_err(network)?;
    let status = resp.status();
    if !status.is_success() {
        let transient = status.as_u16() == 401 || status.as_u16() == 429 || status.is_server_error();
        let hint = if status.as_u16() == 401 { " (the key is wrong, or the service limits bursts)" } else { "" };
        return Err(Failure { reason: format!("HTTP {status}{hint}"), transient });
    }
    let body = resp.text().map_err(network)?;
    bizinfo::parse_body(&body).map_err(|e| {
        // A body cut short is worth another try; one the server means is not.
        let truncated = e.to_string().contains("truncated");
        let mut reason = e.to_string();
        if !truncated {
            let start: String = body.chars().take(120).collect();
            reason = format!("{reason}; the response begins {start:?}");
        }
        Failure { reason, transient: truncated }
    })
}

/// Fetch every page of the feed (or the `search_cnt` most recent notices). Notices repeated
/// across pages (the feed moved while paging) are kept once, the last seen.
pub fn fetch(opts: &FetchOptions, progress: &mut dyn FnMut(Progress)) -> Result<Vec<Value>> {
    if opts.page_unit == 0 || opts.attempts == 0 {
        return Err(Error::invalid("page_unit/attempts", 0, "must be at least 1"));
    }
    let parsed =
        reqwest::Url::parse(&opts.url).map_err(|e| Error::invalid("url", &opts.url, format!("not a URL: {e}")))?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(Error::invalid("url", &opts.url, "use an http or https URL"));
    }
    let client = reqwest::blocking::Client::builder()
        .timeout(Duration::from_millis(opts.timeout_ms))
        .user_agent(concat!("onestop/", env!("CARGO_PKG_VERSION")))
        .build()
        .map_err(|e| Error::Fetch { url: opts.url.clone(), reason: format!("cannot set up HTTP: {e}") })?;
    let mut items: Vec<Value> = Vec::new();
    let mut seen = std::collections::HashMap::<String, usize>::new();
    let mut page = 1;
    loop {
        let mut attempt = 1;
        let got = loop {
            match fetch_page(&client, opts, page) {
                Ok(v) => break v,
                Err(f) if f.transient && attempt < opts.attempts => {
                    let wait_ms = opts.backoff_ms.saturating_mul(1 << (attempt - 1).min(16));
                    attempt += 1;
                    progress(Progress::Retrying { page, attempt, attempts: opts.attempts, wait_ms, reason: f.reason });
                    std::thread::sleep(Duration::from_millis(wait_ms));
                }
                Err(f) => {
                    let tries = if f.transient { format!(" after {attempt} attempts") } else { String::new() };
                    return Err(Error::Fetch {
                        url: shown(opts, page),
                        reason: format!("{}{tries}; nothing was imported", f.reason),
                    });
                }
            }
        };
        let total = bizinfo::total_count(&got).map(|t| opts.search_cnt.map_or(t, |n| t.min(u64::from(n))));
        let count = got.len();
        for item in got {
            match item.get("pblancId").and_then(Value::as_str).map(str::to_string) {
                Some(id) => match seen.get(&id) {
                    Some(&at) => items[at] = item,
                    None => {
                        seen.insert(id, items.len());
                        items.push(item);
                    }
                },
                // Kept so the import reports it as a bad record.
                None => items.push(item),
            }
        }
        let pages = total.map(|t| t.div_ceil(u64::from(opts.page_unit)) as u32);
        progress(Progress::Fetched { page, pages, notices: items.len() as u32 });
        let done = count < opts.page_unit as usize
            || pages.is_some_and(|p| page >= p)
            || total.is_some_and(|t| items.len() as u64 >= t);
        if done {
            break;
        }
        if page >= opts.max_pages {
            return Err(Error::Fetch {
                url: shown(opts, page),
                reason: format!("the feed did not end after {page} pages; nothing was imported"),
            });
        }
        page += 1;
    }
    if let Some(n) = opts.search_cnt {
        items.truncate(n as usize);
    }
    Ok(items)
}

/// Fetch the feed and import it: bad records are reported and skipped, the rest written in
/// one transaction.
pub fn import_url(store: &mut Store, opts: &FetchOptions, progress: &mut dyn FnMut(Progress)) -> Result<ImportSummary> {
    let items = fetch(opts, progress)?;
    bizinfo::import_items(store, &items, progress)
}
