//! Fetching a feed over HTTP — the Bizinfo (기업마당) open API or K-Startup (창업진흥원)'s
//! announcements — with one loop: paging through the feed's total, retrying what a busy public
//! service does (401 on bursts, 429, 5xx, timeouts, dropped connections, bodies cut short) with
//! exponential backoff, then a clear error. Every page is fetched before anything is written, so
//! a failure part-way leaves the catalogue as it was. What differs per feed (the parameters, how
//! a page and its total are read, the record id) is [`Feed`].

use std::time::Duration;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::store::ImportSummary;
use crate::{bizinfo, kstartup, Error, Result, Store};

/// The public endpoint.
pub const BIZINFO_URL: &str = "https://www.bizinfo.go.kr/uss/rss/bizinfoApi.do";

/// K-Startup's announcement endpoint on the public data portal.
pub const KSTARTUP_URL: &str = "https://apis.data.go.kr/B552735/kisedKstartupService01/getAnnouncementInformation01";

/// A feed the desk fetches: what differs between them, the loop being the same.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Feed {
    #[default]
    Bizinfo,
    Kstartup,
}

impl Feed {
    /// The name used as an import origin and in provenance.
    pub fn name(self) -> &'static str {
        match self {
            Feed::Bizinfo => "bizinfo",
            Feed::Kstartup => kstartup::SYSTEM,
        }
    }

    /// The public endpoint.
    pub fn default_url(self) -> &'static str {
        match self {
            Feed::Bizinfo => BIZINFO_URL,
            Feed::Kstartup => KSTARTUP_URL,
        }
    }

    /// The query parameter that carries the key.
    fn key_param(self) -> &'static str {
        match self {
            Feed::Bizinfo => "crtfcKey",
            Feed::Kstartup => "serviceKey",
        }
    }

    /// The query for one page, without the key.
    fn query(self, opts: &FetchOptions, page: u32) -> Vec<(&'static str, String)> {
        match self {
            Feed::Bizinfo => {
                let mut q = vec![
                    ("dataType", "json".into()),
                    ("pageUnit", opts.page_unit.to_string()),
                    ("pageIndex", page.to_string()),
                ];
                if let Some(n) = opts.search_cnt {
                    q.push(("searchCnt", n.to_string()));
                }
                if let Some(l) = &opts.lclas_id {
                    q.push(("searchLclasId", l.clone()));
                }
                if let Some(h) = &opts.hashtags {
                    q.push(("hashtags", h.clone()));
                }
                q
            }
            Feed::Kstartup => {
                vec![("page", page.to_string()), ("perPage", opts.page_unit.to_string()), ("returnType", "json".into())]
            }
        }
    }

    /// A page's records and, when it says, the feed's total.
    fn read_page(self, body: &str) -> Result<(Vec<Value>, Option<u64>)> {
        match self {
            Feed::Bizinfo => {
                let items = bizinfo::parse_body(body)?;
                let total = bizinfo::total_count(&items);
                Ok((items, total))
            }
            Feed::Kstartup => {
                let page = kstartup::parse_page(body)?;
                Ok((page.items, page.total))
            }
        }
    }

    /// A record's id in the feed, to keep a record repeated across pages once.
    fn record_id(self, item: &Value) -> Option<String> {
        let v = item.get(match self {
            Feed::Bizinfo => "pblancId",
            Feed::Kstartup => "pbanc_sn",
        })?;
        v.as_str().map(str::to_string).or_else(|| v.as_u64().map(|n| n.to_string()))
    }

    /// Import fetched records.
    pub fn import_items(
        self,
        store: &mut Store,
        items: &[Value],
        progress: &mut dyn FnMut(Progress),
    ) -> Result<ImportSummary> {
        match self {
            Feed::Bizinfo => bizinfo::import_items(store, items, progress),
            Feed::Kstartup => kstartup::import_items(store, items, progress),
        }
    }
}

/// What to fetch and how patiently.
#[derive(Clone, Debug, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(default)]
pub struct FetchOptions {
    pub url: String,
    /// The API key (Bizinfo `crtfcKey`, K-Startup `serviceKey`). Never printed: URLs in messages
    /// show it as `***`.
    pub key: Option<String>,
    /// Only the most recent N notices (Bizinfo `searchCnt`; K-Startup: the first N fetched).
    pub search_cnt: Option<u32>,
    /// Support area code (`searchLclasId`), e.g. `01` finance.
    pub lclas_id: Option<String>,
    /// Hashtag filter (`hashtags`), comma-separated, e.g. `서울,소상공인`.
    pub hashtags: Option<String>,
    /// Notices per page (Bizinfo `pageUnit`, K-Startup `perPage`).
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
fn shown(feed: Feed, opts: &FetchOptions, page: u32) -> String {
    let mut parts: Vec<String> = Vec::new();
    if opts.key.is_some() {
        parts.push(format!("{}=***", feed.key_param()));
    }
    // The paging parameters only: filters are the user's own words and say nothing new.
    let paging = ["dataType", "pageUnit", "pageIndex", "page", "perPage", "returnType"];
    parts.extend(
        feed.query(opts, page).into_iter().filter(|(k, _)| paging.contains(k)).map(|(k, v)| format!("{k}={v}")),
    );
    format!("{}?{}", opts.url, parts.join("&"))
}

/// Why one attempt failed, and whether trying again may help.
struct Failure {
    reason: String,
    reason_ko: String,
    transient: bool,
}

fn fetch_page(
    client: &reqwest::blocking::Client,
    feed: Feed,
    opts: &FetchOptions,
    page: u32,
) -> Result<(Vec<Value>, Option<u64>), Failure> {
    let mut query = feed.query(opts, page);
    if let Some(k) = &opts.key {
        query.push((feed.key_param(), k.clone()));
    }
    let network = |e: reqwest::Error| {
        // reqwest errors print the URL, key included: describe them without it.
        let secs = opts.timeout_ms.div_ceil(1000);
        let (what, ko) = if e.is_timeout() {
            (format!("no answer within {secs} s (timed out)"), format!("{secs}초 안에 응답이 없음 (시간 초과)"))
        } else if e.is_connect() {
            ("could not connect".to_string(), "연결할 수 없음 (네트워크를 확인하십시오)".to_string())
        } else if e.is_body() || e.is_decode() {
            (
                "the response ended early (connection dropped, body truncated)".to_string(),
                "응답이 도중에 끊김 (연결 끊김, 본문 잘림)".to_string(),
            )
        } else {
            ("the request failed".to_string(), "요청이 실패함".to_string())
        };
        Failure { reason: what, reason_ko: ko, transient: true }
    };
    let resp = client.get(&opts.url).query(&query).send().map_err(network)?;
    let status = resp.status();
    if !status.is_success() {
        let transient = status.as_u16() == 401 || status.as_u16() == 429 || status.is_server_error();
        let (hint, hint_ko) = if status.as_u16() == 401 {
            (
                " (the key is wrong, or the service limits bursts)",
                " (인증키가 틀렸거나, 서비스가 짧은 시간의 연속 요청을 막음)",
            )
        } else {
            ("", "")
        };
        return Err(Failure {
            reason: format!("HTTP {status}{hint}"),
            reason_ko: format!("HTTP {status}{hint_ko}"),
            transient,
        });
    }
    let body = resp.text().map_err(network)?;
    feed.read_page(&body).map_err(|e| {
        // A body cut short is worth another try; one the server means is not.
        let truncated = e.to_string().contains("truncated");
        let mut reason = e.to_string();
        let mut reason_ko = format!("응답을 읽을 수 없음: {reason}");
        if !truncated {
            let start: String = body.chars().take(120).collect();
            reason = format!("{reason}; the response begins {start:?}");
            reason_ko = format!("{reason_ko}; 응답의 시작: {start:?}");
        }
        Failure { reason, reason_ko, transient: truncated }
    })
}

/// Fetch every page of the Bizinfo feed (or the `search_cnt` most recent notices).
pub fn fetch(opts: &FetchOptions, progress: &mut dyn FnMut(Progress)) -> Result<Vec<Value>> {
    fetch_feed(Feed::Bizinfo, opts, progress)
}

/// Fetch every page of a feed (or its first `search_cnt` records). Records repeated across pages
/// (the feed moved while paging) are kept once, the last seen.
pub fn fetch_feed(feed: Feed, opts: &FetchOptions, progress: &mut dyn FnMut(Progress)) -> Result<Vec<Value>> {
    if opts.page_unit == 0 || opts.attempts == 0 {
        return Err(Error::invalid("page_unit/attempts", 0, "must be at least 1"));
    }
    if feed != Feed::Bizinfo {
        if let Some((flag, value)) = [("lclas_id", &opts.lclas_id), ("hashtags", &opts.hashtags)]
            .into_iter()
            .find_map(|(f, v)| v.as_ref().map(|v| (f, v)))
        {
            return Err(Error::invalid(flag, value, format!("a Bizinfo filter; the {} feed has none", feed.name())));
        }
    }
    let parsed =
        reqwest::Url::parse(&opts.url).map_err(|e| Error::invalid("url", &opts.url, format!("not a URL: {e}")))?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(Error::invalid("url", &opts.url, "use an http or https URL"));
    }
    // A key travels in the query: over plain http anyone on the way reads it. Only to this
    // machine (a recorded-response server, a local proxy) is plain http allowed with a key.
    let local = matches!(parsed.host_str(), Some("localhost" | "127.0.0.1" | "[::1]" | "::1"));
    if opts.key.is_some() && parsed.scheme() == "http" && !local {
        return Err(Error::invalid("url", &opts.url, "use an https:// address when an API key is sent"));
    }
    let client = reqwest::blocking::Client::builder()
        .timeout(Duration::from_millis(opts.timeout_ms))
        .user_agent(concat!("onestop/", env!("CARGO_PKG_VERSION")))
        .build()
        .map_err(|e| {
            Error::fetch(&opts.url, format!("HTTP를 준비할 수 없음: {e}"), format!("cannot set up HTTP: {e}"))
        })?;
    let mut items: Vec<Value> = Vec::new();
    let mut seen = std::collections::HashMap::<String, usize>::new();
    let mut page = 1;
    loop {
        let mut attempt = 1;
        let got = loop {
            match fetch_page(&client, feed, opts, page) {
                Ok(v) => break v,
                Err(f) if f.transient && attempt < opts.attempts => {
                    let wait_ms = opts.backoff_ms.saturating_mul(1 << (attempt - 1).min(16));
                    attempt += 1;
                    progress(Progress::Retrying {
                        page,
                        attempt,
                        attempts: opts.attempts,
                        wait_ms,
                        reason: f.reason,
                        reason_ko: f.reason_ko,
                    });
                    std::thread::sleep(Duration::from_millis(wait_ms));
                }
                Err(f) => {
                    let tries = if f.transient { format!(" after {attempt} attempts") } else { String::new() };
                    let tries_ko = if f.transient { format!(" ({attempt}번 시도)") } else { String::new() };
                    // A server that echoes the request back must not make the key shown.
                    let hide = |text: String| match opts.key.as_deref().filter(|k| !k.is_empty()) {
                        Some(k) => text.replace(k, "***"),
                        None => text,
                    };
                    let (reason, reason_ko) = (hide(f.reason), hide(f.reason_ko));
                    return Err(Error::fetch(
                        shown(feed, opts, page),
                        format!("{reason_ko}{tries_ko}; 아무것도 가져오지 않았음"),
                        format!("{reason}{tries}; nothing was imported"),
                    ));
                }
            }
        };
        let (got, total) = got;
        let total = total.map(|t| opts.search_cnt.map_or(t, |n| t.min(u64::from(n))));
        let count = got.len();
        for item in got {
            match feed.record_id(&item) {
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
            return Err(Error::fetch(
                shown(feed, opts, page),
                format!("{page}쪽을 받아도 목록이 끝나지 않음; 아무것도 가져오지 않았음"),
                format!("the feed did not end after {page} pages; nothing was imported"),
            ));
        }
        page += 1;
    }
    if let Some(n) = opts.search_cnt {
        items.truncate(n as usize);
    }
    Ok(items)
}

/// Fetch the Bizinfo feed and import it: bad records are reported and skipped, the rest written
/// in one transaction.
pub fn import_url(store: &mut Store, opts: &FetchOptions, progress: &mut dyn FnMut(Progress)) -> Result<ImportSummary> {
    import_feed_url(store, Feed::Bizinfo, opts, progress)
}

/// Fetch a feed and import it: bad records are reported and skipped, the rest written in one
/// transaction.
pub fn import_feed_url(
    store: &mut Store,
    feed: Feed,
    opts: &FetchOptions,
    progress: &mut dyn FnMut(Progress),
) -> Result<ImportSummary> {
    // Refused before the fetch, not after minutes of it.
    store.require_manager(&format!("import programs into the catalogue ({})", feed.name()))?;
    let items = fetch_feed(feed, opts, progress)?;
    feed.import_items(store, &items, progress)
}
