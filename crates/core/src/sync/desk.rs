//! The desk's side of sync: sign in to the hub (a token is kept, never the password), push the
//! outbox, pull what other desks changed since the cursor, take the published catalogue, and
//! show and settle conflicts. Every step commits locally before the next request, so a sync cut
//! off anywhere resumes where it stopped: the hub applies each change id once, and pulled pages
//! are applied together with the cursor that follows them.

use std::time::Duration;

use chrono::{DateTime, NaiveDateTime, Utc};
use serde::{de::DeserializeOwned, Deserialize, Serialize};
use serde_json::Value;
use uuid::Uuid;

use super::wire::{self, *};
use crate::clock::now;
use crate::journal::outbox::fields;
use crate::journal::{self, Event};
use crate::program::Program;
use crate::store::Merchant;
use crate::{Error, Profile, Result, Store};

/// Changes sent per push request.
pub const PUSH_BATCH: usize = 200;

/// SQLite's `cache_size` while pulling: 64 MiB (negative: in KiB).
const PULL_CACHE_SIZE: i64 = -65_536;

/// Where this desk stands with its hub.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SyncStatus {
    pub hub: Option<String>,
    pub login: Option<String>,
    pub center: Option<String>,
    pub role: Option<String>,
    /// The token's end; after it, sign in to the hub again.
    pub expires_at: Option<String>,
    pub last_synced: Option<NaiveDateTime>,
    /// Changes to merchants and consultations not yet on the hub.
    pub waiting: u32,
    /// Catalogue programs changed here and not yet published (managers publish).
    pub catalogue_waiting: u32,
    /// Merchant fields two desks set differently, waiting for staff to choose.
    pub conflicts: u32,
    /// Pulled items this desk could not read (a newer desk's value, bad data on the hub), set
    /// aside while sync went on.
    pub set_aside: u32,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub catalogue_version: i64,
}

/// What one sync did.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SyncReport {
    /// Changes the hub applied now.
    pub pushed: u32,
    /// Changes the hub had already applied (a retry after a cut-off sync).
    pub duplicates: u32,
    /// Changes dropped because the merchant was erased on another desk.
    pub dropped_erased: u32,
    /// Merchant changes that collided with another desk's edit (both values kept).
    pub conflicted: u32,
    /// Records received from the hub and applied.
    pub pulled: u32,
    /// Records received that this desk could not read, set aside.
    pub set_aside: u32,
    /// The catalogue version taken on this sync, if a newer one was published.
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub catalogue_version: Option<i64>,
    pub status: SyncStatus,
}

/// Progress of a sync, for a progress bar.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "step", rename_all = "snake_case")]
pub enum SyncProgress {
    Pushing {
        done: u32,
        total: u32,
    },
    Pulling {
        received: u32,
    },
    Catalogue {
        #[cfg_attr(feature = "ts", ts(type = "number"))]
        version: i64,
    },
}

/// A field in conflict, for staff to settle.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SyncConflict {
    pub merchant_id: String,
    pub merchant_name: Option<String>,
    pub field: String,
    /// The current value first, then the other desk's; `null` is "unknown / empty".
    #[cfg_attr(feature = "ts", ts(type = "Array<unknown>"))]
    pub values: Vec<Value>,
}

/// A pulled item this desk could not read, set aside: where it was on the hub, the record, and
/// the field that did not read and why (never a personal value).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SetAsideItem {
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub seq: i64,
    /// `merchant` or `consultation_version`.
    pub kind: String,
    pub record_id: String,
    pub problem: String,
    pub set_aside_at: NaiveDateTime,
}

/// One program of a published catalogue: the program and where it came from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CatalogueEntry {
    pub program: Program,
    pub origin: String,
}

// ----- local state --------------------------------------------------------------------------

use onestop_store::sync::{state_get, state_set};

fn to_json<T: Serialize>(v: &T) -> Result<String> {
    Ok(serde_json::to_string(v).expect("serializing plain data cannot fail"))
}

fn to_value<T: Serialize>(v: &T) -> Result<Value> {
    Ok(serde_json::to_value(v).expect("serializing plain data cannot fail"))
}

impl Store {
    /// This desk's id for the hub, made once.
    pub fn desk_id(&mut self) -> Result<Uuid> {
        if let Some(id) = state_get(self.connection(), "desk_id")?.and_then(|s| Uuid::parse_str(&s).ok()) {
            return Ok(id);
        }
        let id = Uuid::new_v4();
        state_set(self.connection(), "desk_id", &id.to_string())?;
        Ok(id)
    }

    pub fn sync_status(&self) -> Result<SyncStatus> {
        let c = self.connection();
        let (waiting, catalogue_waiting) = onestop_store::sync::waiting(c)?;
        Ok(SyncStatus {
            hub: state_get(c, "hub")?,
            login: state_get(c, "login")?,
            center: state_get(c, "center")?,
            role: state_get(c, "role")?,
            expires_at: state_get(c, "expires_at")?,
            last_synced: state_get(c, "last_synced")?.and_then(|s| s.parse().ok()),
            waiting,
            catalogue_waiting,
            conflicts: onestop_store::sync::conflict_count(c)?,
            set_aside: onestop_store::sync::set_aside_count(c)?,
            catalogue_version: state_get(c, "catalogue_version")?.and_then(|s| s.parse().ok()).unwrap_or(0),
        })
    }

    /// The pulled items set aside, in the hub's order. They name records by id and fields by
    /// name only, so reading them is not logged.
    pub fn sync_set_aside(&self) -> Result<Vec<SetAsideItem>> {
        Ok(onestop_store::sync::set_aside_items(self.connection())?
            .into_iter()
            .map(|i| SetAsideItem {
                seq: i.seq,
                kind: i.kind,
                record_id: i.record_id,
                problem: i.problem,
                set_aside_at: i.set_aside_at,
            })
            .collect())
    }

    /// Fields in conflict, by merchant, read by staff (one audit line with the count).
    pub fn sync_conflicts(&self) -> Result<Vec<SyncConflict>> {
        let list: Vec<SyncConflict> = onestop_store::sync::conflicts(self.connection())?
            .into_iter()
            .map(|c| SyncConflict {
                merchant_id: c.merchant_id,
                merchant_name: c.merchant_name,
                field: c.field,
                values: c.values,
            })
            .collect();
        // The values may be personal (two phone numbers): the list shown is logged.
        if !list.is_empty() {
            let detail = format!("sync conflicts: {}", list.len());
            self.record(Event::Viewed { kind: "merchant", id: "*", detail: &detail })?;
        }
        Ok(list)
    }

    /// Staff settle a conflict: `value` (one of the values shown, or another) becomes the
    /// field's value on every desk.
    pub fn resolve_conflict(&mut self, merchant_id: &str, field: &str, value: Value) -> Result<Merchant> {
        let m = self.merchant(merchant_id)?;
        if !onestop_store::sync::in_conflict(self.connection(), &m.id, field)? {
            return Err(Error::invalid("field", field, "has no conflict on this merchant"));
        }
        let mut f = fields(&m.profile);
        if value.is_null() {
            f.remove(field);
        } else {
            f.insert(field.to_string(), value);
        }
        let profile = Profile::from_json_value(&Value::Object(f))?;
        self.update_merchant_resolving(&m.id, profile, None, vec![field.to_string()])
    }

    /// The next changes to push, oldest first.
    fn outbox_batch(&self, n: usize) -> Result<Vec<Change>> {
        Ok(onestop_store::sync::outbox_batch(self.connection(), n)?)
    }

    /// The hub confirmed these changes: they leave the outbox.
    fn confirm(&mut self, results: &[ChangeResult]) -> Result<()> {
        let tx = self.connection_mut().transaction()?;
        for r in results {
            journal::outbox::confirmed(&tx, &r.id.to_string())?;
        }
        tx.commit()?;
        Ok(())
    }

    /// Apply one pulled page and move the cursor past it, in one transaction.
    fn apply_page(&mut self, page: &PullResponse) -> Result<onestop_store::sync::Applied> {
        let who = self.who();
        let tx = self.connection_mut().transaction()?;
        let applied = onestop_store::sync::apply_page(&tx, &who, now(), page)?;
        tx.commit()?;
        Ok(applied)
    }

    /// Take a published catalogue. Programs changed here and not yet published keep the
    /// local version until a manager publishes.
    fn apply_catalogue(&mut self, published: &Published) -> Result<()> {
        let who = self.who();
        let tx = self.connection_mut().transaction()?;
        for (i, v) in published.programs.iter().enumerate() {
            let e: CatalogueEntry = serde_json::from_value(v.clone())
                .map_err(|err| Error::invalid(format!("catalogue.programs[{i}]"), "…", err.to_string()))?;
            crate::catalogue::check_program(&e.program)?;
            if onestop_store::sync::program_waiting(&tx, &e.program.id)? {
                continue;
            }
            let current = onestop_store::programs::data(&tx, &e.program.id)?;
            if current.as_deref() == Some(to_json(&e.program)?.as_str()) {
                continue;
            }
            crate::store::save_synced_program(&tx, &who, &e.program, &e.origin)?;
        }
        // The partner directory published with it; entries changed here and not yet published
        // stay as they are here.
        for (i, v) in published.partners.iter().enumerate() {
            let p = onestop_protocol::check::partner(v)
                .map_err(|e| Error::invalid(format!("catalogue.partners[{i}].{}", e.field), "…", e.reason))?;
            if onestop_store::sync::partner_waiting(&tx, &p.id)? {
                continue;
            }
            if onestop_store::partners::get(&tx, &p.id)?.as_ref() != Some(&p) {
                onestop_store::partners::write(&tx, &p, now())?;
                journal::record(
                    &tx,
                    &who,
                    now(),
                    Event::Changed { kind: "partner", id: &p.id, detail: "received by sync" },
                )?;
            }
        }
        state_set(&tx, "catalogue_version", &published.version.to_string())?;
        tx.commit()?;
        Ok(())
    }

    /// The whole catalogue as it would be published.
    fn catalogue_entries(&self) -> Result<Vec<Value>> {
        let rows = onestop_store::programs::all_with_origin(self.connection())?;
        rows.into_iter()
            .map(|(data, origin)| {
                let program: Value = serde_json::from_str(&data).map_err(|e| Error::corrupt("program", e))?;
                Ok(serde_json::json!({ "program": program, "origin": origin }))
            })
            .collect()
    }
}

// ----- the hub over HTTP ----------------------------------------------------------------------

struct Hub {
    base: String,
    token: Option<String>,
    http: reqwest::blocking::Client,
}

/// Only https, except to this machine (a hub on the same laptop, tests).
fn check_hub_url(url: &str) -> Result<String> {
    let parsed = reqwest::Url::parse(url.trim()).map_err(|e| Error::invalid("hub", url, format!("not a URL: {e}")))?;
    let local = matches!(parsed.host_str(), Some("localhost" | "127.0.0.1" | "[::1]" | "::1"));
    match parsed.scheme() {
        "https" => {}
        "http" if local => {}
        _ => return Err(Error::invalid("hub", url, "use an https:// address (plain http only to this machine)")),
    }
    Ok(parsed.as_str().trim_end_matches('/').to_string())
}

impl Hub {
    fn new(base: &str, token: Option<String>) -> Result<Hub> {
        let base = check_hub_url(base)?;
        // No redirects: a 307 would send the sign-in body, password included, wherever the
        // answer points, and a token to another host.
        let http = reqwest::blocking::Client::builder()
            .timeout(Duration::from_secs(60))
            .connect_timeout(Duration::from_secs(10))
            .user_agent(concat!("onestop/", env!("CARGO_PKG_VERSION")))
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| {
                Error::fetch(&base, format!("HTTP를 준비할 수 없음: {e}"), format!("cannot set up HTTP: {e}"))
            })?;
        Ok(Hub { base, token, http })
    }

    fn call<T: DeserializeOwned>(&self, method: reqwest::Method, path: &str, body: Option<String>) -> Result<T> {
        let url = format!("{}{path}", self.base);
        let shown = url.split('?').next().unwrap_or(&url).to_string();
        let mut req = self.http.request(method, &url).header(PROTOCOL_HEADER, PROTOCOL.to_string());
        if let Some(t) = &self.token {
            req = req.bearer_auth(t);
        }
        if let Some(b) = body {
            req = req.header(reqwest::header::CONTENT_TYPE, "application/json").body(b);
        }
        let resp = req.send().map_err(|e| {
            if e.is_timeout() {
                Error::fetch(
                    &shown,
                    "허브가 제때 응답하지 않음; 잃은 것은 없으니 나중에 다시 동기화하십시오",
                    "the hub did not answer in time; nothing is lost, sync again later",
                )
            } else {
                Error::fetch(
                    &shown,
                    "허브에 연결할 수 없음 (네트워크 없음?); 잃은 것은 없으니 나중에 다시 동기화하십시오",
                    "cannot reach the hub (no network?); nothing is lost, sync again later",
                )
            }
        })?;
        let status = resp.status();
        let text = resp.text().map_err(|_| {
            Error::fetch(
                &shown,
                "응답을 받는 중에 연결이 끊김; 잃은 것은 없으니 나중에 다시 동기화하십시오",
                "the connection dropped during the answer; nothing is lost, sync again later",
            )
        })?;
        if status.is_success() {
            if text.is_empty() {
                return serde_json::from_str("null")
                    .map_err(|e| Error::fetch(&shown, format!("빈 응답: {e}"), format!("empty answer: {e}")));
            }
            return serde_json::from_str(&text).map_err(|e| {
                Error::fetch(
                    &shown,
                    format!("허브의 응답을 이해할 수 없음: {e}"),
                    format!("the hub's answer is not understood: {e}"),
                )
            });
        }
        if status.is_redirection() {
            return Err(Error::fetch(
                shown,
                format!(
                    "{status}: 허브 주소가 이 데스크를 다른 곳으로 보내지만 따라가지 않음 (아무것도 보내지 않았음); 허브의 https 주소로 로그인하십시오"
                ),
                format!(
                    "{status}: the hub's address sends this desk elsewhere, and the desk does not follow (nothing was sent on); sign in with the hub's own https address"
                ),
            ));
        }
        let body: Option<ErrorBody> = serde_json::from_str(&text).ok();
        let message = body.map(|b| b.message).unwrap_or_else(|| status.to_string());
        Err(match status.as_u16() {
            401 => Error::Denied(format!("the hub refused this desk's sign-in: {message}; sign in to the hub again")),
            403 => Error::Denied(format!("the hub refused: {message}")),
            400 => Error::invalid("hub request", &shown, message),
            _ => Error::fetch(
                shown,
                format!("{status}: 허브가 요청을 처리하지 못함 — {message}"),
                format!("{status}: {message}"),
            ),
        })
    }
}

fn hub_of(store: &Store) -> Result<Hub> {
    let c = store.connection();
    let (Some(base), Some(token)) = (state_get(c, "hub")?, state_get(c, "token")?) else {
        return Err(Error::Denied("this desk is not signed in to a hub: sign in to the hub first".into()));
    };
    Hub::new(&base, Some(store.open_text("hub token", &token)?))
}

/// Sign this desk in to a hub with a hub account. Only the token is kept (in the encrypted
/// database); the password is not stored.
pub fn sign_in(store: &mut Store, hub: &str, login: &str, password: &str) -> Result<LoginResponse> {
    let client = Hub::new(hub, None)?;
    let desk = store.desk_id()?;
    let desk_name = store.setting("center")?.unwrap_or_else(|| "desk".into());
    let req = LoginRequest { login: login.trim().to_string(), password: password.to_string(), desk, desk_name };
    // Pointing the desk at another hub address is a manager's decision: it is checked before
    // the password goes anywhere.
    let c = store.connection();
    let previous_hub = state_get(c, "hub")?;
    let moving = previous_hub.as_deref().is_some_and(|p| p != client.base);
    if moving && store.actor().is_some_and(|a| a.role != crate::vault::Role::Manager) {
        return Err(Error::Denied(format!(
            "this desk syncs with {}; only a manager points it at another hub ({})",
            previous_hub.unwrap_or_default(),
            client.base
        )));
    }
    let resp: LoginResponse = client.call(reqwest::Method::POST, "/v1/login", Some(to_json(&req)?))?;
    let c = store.connection();
    // The desk is bound to its center's identity, not its name: another hub's center of the same
    // name, or the center recreated, is another center.
    let bound = state_get(c, "center_uid")?;
    let now_uid = resp.center_uid.map(|u| u.to_string());
    let previous_center = state_get(c, "center")?;
    let other_center = match (&bound, &now_uid) {
        (Some(b), Some(n)) => b != n,
        _ => previous_center.as_deref().is_some_and(|p| p != resp.center),
    };
    if other_center {
        return Err(Error::invalid(
            "hub account",
            login,
            format!(
                "belongs to center {:?} ({}), but this desk syncs with center {:?} ({}): a desk keeps to one center",
                resp.center,
                now_uid.as_deref().unwrap_or("no identity"),
                previous_center.unwrap_or_default(),
                bound.as_deref().unwrap_or("no identity"),
            ),
        ));
    }
    // A first binding to the identity (a hub from before identities, or moved to a new address
    // with its data) starts the pull from the beginning: the cursor belonged to what it was.
    let rebind = moving || (bound.is_none() && previous_center.is_some() && now_uid.is_some());
    let token = store.seal_text("hub token", &resp.token)?;
    let who = store.who();
    let tx = store.connection_mut().transaction()?;
    if rebind {
        onestop_store::sync::state_forget(&tx, &["cursor"])?;
        let detail = format!(
            "desk pointed at the hub {} (was {}); pulling from the start",
            client.base,
            previous_hub.as_deref().unwrap_or("-")
        );
        journal::record(&tx, &who, now(), Event::Changed { kind: "database", id: "hub", detail: &detail })?;
    }
    if let Some(uid) = &now_uid {
        state_set(&tx, "center_uid", uid)?;
    }
    state_set(&tx, "hub", &client.base)?;
    state_set(&tx, "token", &token)?;
    state_set(&tx, "login", &resp.login)?;
    state_set(&tx, "center", &resp.center)?;
    state_set(
        &tx,
        "role",
        match resp.role {
            HubRole::Manager => "manager",
            HubRole::Staff => "staff",
        },
    )?;
    state_set(&tx, "expires_at", &resp.expires_at.to_rfc3339())?;
    tx.commit()?;
    let detail = format!("desk signed in to the hub as {}", resp.login);
    store.record(Event::SignedIn { kind: "database", id: "hub", detail: &detail })?;
    Ok(resp)
}

/// Sign the desk out of its hub: the token is revoked on the hub (when reachable) and forgotten.
pub fn sign_out(store: &mut Store) -> Result<()> {
    if let Ok(hub) = hub_of(store) {
        // The token is forgotten only once the hub has revoked it (or already refuses it):
        // forgetting it while it still works on the hub would only look like signing out.
        match hub.call::<Value>(reqwest::Method::POST, "/v1/logout", None) {
            Ok(_) | Err(Error::Denied(_)) => {}
            Err(e) => {
                let until = state_get(store.connection(), "expires_at")?.unwrap_or_default();
                return Err(Error::fetch(
                    "the hub's sign-out",
                    format!(
                        "허브가 이 데스크의 토큰을 폐기하지 않음 ({}); 아직 로그인 상태 — 허브가 응답할 때 다시 로그아웃하십시오 (그 전까지 토큰은 {until}까지 유효)",
                        e.message_ko()
                    ),
                    format!(
                        "the hub did not revoke this desk's token ({e}); still signed in — sign out again when the hub answers (the token otherwise stays valid until {until})"
                    ),
                ));
            }
        }
    }
    onestop_store::sync::state_forget(store.connection(), &["token", "expires_at"])?;
    Ok(())
}

/// Push the outbox, then pull everything since the cursor, then the catalogue if a newer one
/// was published. Safe to run any number of times and to cut off anywhere.
pub fn sync(store: &mut Store, progress: &mut dyn FnMut(SyncProgress)) -> Result<SyncReport> {
    let hub = hub_of(store)?;
    let desk = store.desk_id()?;
    let mut report = SyncReport::default();
    let total = store.sync_status()?.waiting;
    let mut done = 0;
    loop {
        let changes = store.outbox_batch(PUSH_BATCH.min(MAX_BATCH))?;
        if changes.is_empty() {
            break;
        }
        progress(SyncProgress::Pushing { done, total });
        let resp: PushResponse =
            hub.call(reqwest::Method::POST, "/v1/push", Some(to_json(&PushRequest { desk, changes })?))?;
        for r in &resp.results {
            match r.status {
                ChangeStatus::Applied => report.pushed += 1,
                ChangeStatus::Conflict => {
                    report.pushed += 1;
                    report.conflicted += 1;
                }
                ChangeStatus::Duplicate => report.duplicates += 1,
                ChangeStatus::Erased => report.dropped_erased += 1,
            }
        }
        done += resp.results.len() as u32;
        if resp.results.is_empty() {
            return Err(Error::fetch(
                hub.base.clone(),
                "허브가 보낸 변경을 하나도 확인하지 않음",
                "the hub confirmed none of the changes sent",
            ));
        }
        store.confirm(&resp.results)?;
    }
    progress(SyncProgress::Pushing { done, total });
    // A pulled page writes a few MB: in a larger page cache it is not spilled to the log before
    // the commit and read back (and decrypted) again.
    let cache: i64 = store.connection().pragma_query_value(None, "cache_size", |r| r.get(0))?;
    store.connection().pragma_update(None, "cache_size", PULL_CACHE_SIZE)?;
    let pulled = pull(store, &hub, &mut report, progress);
    let restored = store.connection().pragma_update(None, "cache_size", cache);
    let catalogue_version = pulled?;
    restored?;
    let have: i64 = state_get(store.connection(), "catalogue_version")?.and_then(|s| s.parse().ok()).unwrap_or(0);
    if catalogue_version > have {
        let published: Published = hub.call(reqwest::Method::GET, "/v1/catalogue", None)?;
        store.apply_catalogue(&published)?;
        progress(SyncProgress::Catalogue { version: published.version });
        report.catalogue_version = Some(published.version);
    }
    state_set(store.connection(), "last_synced", &now().format("%Y-%m-%dT%H:%M:%S").to_string())?;
    report.status = store.sync_status()?;
    Ok(report)
}

/// Pull every page since the cursor; returns the newest published catalogue version.
fn pull(store: &mut Store, hub: &Hub, report: &mut SyncReport, progress: &mut dyn FnMut(SyncProgress)) -> Result<i64> {
    loop {
        let cursor: i64 = state_get(store.connection(), "cursor")?.and_then(|s| s.parse().ok()).unwrap_or(0);
        let page: PullResponse =
            hub.call(reqwest::Method::GET, &format!("/v1/pull?after={cursor}&limit={}", wire::MAX_BATCH), None)?;
        if page.last_seq.is_some_and(|last| cursor > last) {
            // The hub has handed out fewer changes than this desk has seen: it was restored from
            // an earlier state. Pull everything again (applying a change twice changes nothing)
            // rather than skip what it hands out next under numbers already passed.
            let detail = format!(
                "the hub's changes end at {}, before this desk's cursor {cursor}: pulling from the start",
                page.last_seq.unwrap_or(0)
            );
            store.record(Event::Changed { kind: "database", id: "hub", detail: &detail })?;
            onestop_store::sync::state_forget(store.connection(), &["cursor"])?;
            continue;
        }
        let applied = store.apply_page(&page)?;
        report.pulled += applied.items;
        report.set_aside += applied.set_aside;
        progress(SyncProgress::Pulling { received: report.pulled });
        if !page.more {
            return Ok(page.catalogue_version);
        }
    }
}

/// A manager publishes this desk's catalogue to the center: every desk takes it on its next
/// sync. The programs waiting to be published are then on the hub.
pub fn publish_catalogue(store: &mut Store) -> Result<Published> {
    if store.actor().is_some_and(|a| a.role != crate::vault::Role::Manager) {
        return Err(Error::Denied("only a manager publishes the catalogue".into()));
    }
    let hub = hub_of(store)?;
    let programs = store.catalogue_entries()?;
    let partners = store.partners(true)?.iter().map(to_value).collect::<Result<Vec<_>>>()?;
    let published: Published =
        hub.call(reqwest::Method::POST, "/v1/catalogue", Some(to_json(&PublishRequest { programs, partners })?))?;
    let tx = store.connection_mut().transaction()?;
    journal::outbox::catalogue_published(&tx)?;
    state_set(&tx, "catalogue_version", &published.version.to_string())?;
    tx.commit()?;
    let version = published.version.to_string();
    store.record(Event::Changed { kind: "catalogue", id: &version, detail: "catalogue published to the hub" })?;
    Ok(published)
}

/// When the token ends, for a status line.
pub fn token_expiry(status: &SyncStatus) -> Option<DateTime<Utc>> {
    status.expires_at.as_deref().and_then(|s| DateTime::parse_from_rfc3339(s).ok()).map(|d| d.with_timezone(&Utc))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::consultation::{Channel, Consultation, ConsultationInput, FollowUp, Referral};

    fn desk() -> (Store, String) {
        let mut s = Store::open_in_memory().unwrap();
        let shop = Profile { name: Some("자양 떡집".into()), ..Default::default() };
        let m = s.add_merchant(shop, None).unwrap().id;
        (s, m)
    }

    fn input(merchant: &str, notes: &str) -> ConsultationInput {
        ConsultationInput {
            merchant_id: merchant.into(),
            counselor: "김상담".into(),
            channel: Some(Channel::Visit),
            notes: notes.into(),
            program_ids: vec!["gwangjin-onestop-legal-advice".into()],
            referrals: vec![Referral {
                institution: "서울신용보증재단".into(),
                program_id: None,
                status: Default::default(),
                note: None,
                ..Default::default()
            }],
            follow_ups: vec![FollowUp {
                due_on: chrono::NaiveDate::from_ymd_opt(2026, 11, 20).unwrap(),
                action: "서류 확인 전화".into(),
                done: false,
            }],
            ..Default::default()
        }
    }

    /// `c` as the hub sends it: its place in the hub's order and the change that made it.
    fn pulled(seq: i64, c: &Consultation, hub_version: i32, change_id: Uuid) -> PullItem {
        PullItem::ConsultationVersion {
            seq,
            uid: c.id,
            merchant_uid: Uuid::parse_str(&c.merchant_id).unwrap(),
            version: hub_version,
            change_id,
            data: serde_json::to_value(c).unwrap(),
        }
    }

    fn receive(s: &mut Store, items: Vec<PullItem>) {
        let next = items.iter().map(PullItem::seq).max().unwrap_or(0);
        s.apply_page(&PullResponse { items, next, more: false, catalogue_version: 0, last_seq: None }).unwrap();
    }

    /// Another desk's edit of `c`, numbered as that desk numbers it.
    fn edited_elsewhere(c: &Consultation, notes: &str) -> Consultation {
        Consultation { notes: notes.into(), version: 9, ..c.clone() }
    }

    /// The change that saved each local version, oldest first.
    fn change_ids(s: &Store, id: &str) -> Vec<Uuid> {
        let mut stmt = s
            .connection()
            .prepare("SELECT change_id FROM consultation_versions WHERE consultation_id = ?1 ORDER BY version")
            .unwrap();
        let ids: Vec<String> = stmt.query_map([id], |r| r.get(0)).unwrap().collect::<rusqlite::Result<_>>().unwrap();
        ids.iter().map(|i| Uuid::parse_str(i).unwrap()).collect()
    }

    /// Each version row (number, place on the hub, data as stored), after checking that each
    /// version's data carries its number and the current row is the last version.
    fn versions(s: &Store, id: &str) -> Vec<(i64, Option<i64>, String)> {
        let mut stmt = s
            .connection()
            .prepare("SELECT version, hub_version, data FROM consultation_versions WHERE consultation_id = ?1 ORDER BY version")
            .unwrap();
        let rows: Vec<(i64, Option<i64>, String)> = stmt
            .query_map([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        for (n, (version, _, data)) in (1..).zip(&rows) {
            assert_eq!(*version, n, "numbered from 1 without gaps");
            let c: Consultation = serde_json::from_str(data).unwrap();
            assert_eq!(i64::from(c.version), n, "the data carries the version's number");
        }
        let current: i64 =
            s.connection().query_row("SELECT version FROM consultations WHERE id = ?1", [id], |r| r.get(0)).unwrap();
        assert_eq!(current, rows.len() as i64, "the current row is the last version");
        rows
    }

    fn notes(s: &Store, id: &str) -> Vec<String> {
        s.consultation_versions(id).unwrap().into_iter().map(|c| c.notes).collect()
    }

    fn hits(s: &Store, word: &str) -> Vec<String> {
        s.search(word, Some("consultation"), 10).unwrap().into_iter().map(|h| h.id).collect()
    }

    #[test]
    fn own_versions_come_back_unchanged_and_others_are_ordered_as_on_the_hub() {
        let (mut s, m) = desk();
        let c1 = s.add_consultation(input(&m, "임대료 상담")).unwrap();
        let id = c1.id.to_string();
        let c2 = s.update_consultation(&id, input(&m, "임대료 상담, 견적 전달")).unwrap();
        let before = versions(&s, &id);
        let [ch1, ch2] = change_ids(&s, &id)[..] else { panic!("two versions") };

        // This desk's own versions come back in the hub's order: only their place is recorded.
        receive(&mut s, vec![pulled(1, &c1, 1, ch1), pulled(2, &c2, 2, ch2)]);
        let after = versions(&s, &id);
        assert_eq!(after.iter().map(|v| v.1).collect::<Vec<_>>(), [Some(1), Some(2)]);
        let data = |rows: &[(i64, Option<i64>, String)]| rows.iter().map(|v| v.2.clone()).collect::<Vec<_>>();
        assert_eq!(data(&after), data(&before), "own versions keep their numbers and data");
        assert_eq!(s.consultation(&id).unwrap(), c2);
        assert_eq!(hits(&s, "견적"), [id.as_str()]);

        // Edited here (not yet pushed) while another desk's edit reached the hub first: the
        // other desk's version takes the hub's place, this desk's comes after it.
        let c3 = s.update_consultation(&id, input(&m, "임대료 상담, 방문 예약")).unwrap();
        let other = edited_elsewhere(&c2, "임대료 상담, 보증 신청");
        receive(&mut s, vec![pulled(3, &other, 3, Uuid::new_v4())]);
        assert_eq!(
            notes(&s, &id),
            ["임대료 상담", "임대료 상담, 견적 전달", "임대료 상담, 보증 신청", "임대료 상담, 방문 예약"]
        );
        let current = s.consultation(&id).unwrap();
        assert_eq!((current.notes.as_str(), current.version), ("임대료 상담, 방문 예약", 4));
        assert_eq!(
            s.consultations(Some(&m)).unwrap(),
            std::slice::from_ref(&current),
            "the current row follows the renumbering"
        );
        assert_eq!(hits(&s, "방문"), [id.as_str()]);

        // This desk's edit comes back after it: nothing moves.
        let before = versions(&s, &id);
        let ch3 = *change_ids(&s, &id).last().unwrap();
        receive(&mut s, vec![pulled(4, &c3, 4, ch3)]);
        let after = versions(&s, &id);
        assert_eq!(data(&after), data(&before));
        assert_eq!(after.last().unwrap().1, Some(4));

        // A later edit from elsewhere goes last and becomes the current version.
        receive(&mut s, vec![pulled(5, &edited_elsewhere(&c3, "폐업 상담"), 5, Uuid::new_v4())]);
        assert_eq!(versions(&s, &id).len(), 5);
        let current = s.consultation(&id).unwrap();
        assert_eq!((current.notes.as_str(), current.version), ("폐업 상담", 5));
        assert_eq!((hits(&s, "폐업"), hits(&s, "방문")), (vec![id.clone()], vec![]));

        // A later edit from elsewhere pulled before this desk's own edit comes back: this desk's
        // then takes its place before it, and the other desk's becomes current.
        let c6 = s.update_consultation(&id, input(&m, "폐업 상담, 재기 지원")).unwrap();
        receive(&mut s, vec![pulled(7, &edited_elsewhere(&c6, "폐업 상담, 채무 조정"), 7, Uuid::new_v4())]);
        assert_eq!(s.consultation(&id).unwrap().notes, "폐업 상담, 재기 지원");
        let ch6 = *change_ids(&s, &id).last().unwrap();
        receive(&mut s, vec![pulled(6, &c6, 6, ch6)]);
        assert_eq!(notes(&s, &id)[5..], ["폐업 상담, 재기 지원", "폐업 상담, 채무 조정"]);
        let current = s.consultation(&id).unwrap();
        assert_eq!((current.notes.as_str(), current.version), ("폐업 상담, 채무 조정", 7));
        assert_eq!((hits(&s, "채무"), hits(&s, "재기")), (vec![id.clone()], vec![]));
    }

    #[test]
    fn an_item_this_desk_cannot_read_is_set_aside_and_the_rest_of_the_page_applies() {
        let (mut s, m) = desk();
        let c = s.add_consultation(input(&m, "임대료 상담")).unwrap();
        // A newer desk's channel, then a version this desk reads, in one page.
        let newer = Consultation { id: Uuid::new_v4(), notes: "화상 상담".into(), ..c.clone() };
        let mut data = serde_json::to_value(&newer).unwrap();
        data["channel"] = serde_json::json!("video");
        let unreadable = PullItem::ConsultationVersion {
            seq: 1,
            uid: newer.id,
            merchant_uid: Uuid::parse_str(&m).unwrap(),
            version: 1,
            change_id: Uuid::new_v4(),
            data,
        };
        let readable = Consultation { id: Uuid::new_v4(), notes: "판로 상담".into(), ..c.clone() };
        let items = vec![unreadable, pulled(2, &readable, 1, Uuid::new_v4())];
        let applied =
            s.apply_page(&PullResponse { items, next: 2, more: false, catalogue_version: 0, last_seq: None }).unwrap();
        assert_eq!((applied.items, applied.set_aside), (1, 1));
        assert_eq!(s.consultation(&readable.id.to_string()).unwrap().notes, "판로 상담");
        assert!(s.consultation(&newer.id.to_string()).is_err());
        let aside = s.sync_set_aside().unwrap();
        assert_eq!(aside.len(), 1);
        assert_eq!((aside[0].seq, aside[0].kind.as_str()), (1, "consultation_version"));
        assert_eq!(aside[0].record_id, newer.id.to_string());
        assert!(aside[0].problem.starts_with("data.channel: unknown variant `video`"), "{}", aside[0].problem);
        assert_eq!(s.sync_status().unwrap().set_aside, 1);
        assert_eq!(state_get(s.connection(), "cursor").unwrap().as_deref(), Some("2"), "the cursor moved past it");
        // Erasing the merchant takes its items set aside too.
        s.erase_merchant(&m).unwrap();
        assert_eq!(s.sync_status().unwrap().set_aside, 0);
    }

    #[test]
    fn a_consultation_from_another_desk_arrives_once_whatever_the_order_of_its_versions() {
        let (mut s, m) = desk();
        let local = s.add_consultation(input(&m, "임대료 상담")).unwrap();
        let first = Consultation { id: Uuid::new_v4(), notes: "배달 수수료 상담".into(), version: 1, ..local };
        let second =
            Consultation { notes: "배달 수수료 상담, 판로 지원 안내".into(), version: 2, ..first.clone() };
        let id = first.id.to_string();

        // The second version arrives first (its first one was parked on another page).
        receive(&mut s, vec![pulled(7, &second, 2, Uuid::new_v4())]);
        assert_eq!(versions(&s, &id).len(), 1);
        assert_eq!(s.consultation(&id).unwrap(), Consultation { version: 1, ..second.clone() });
        assert_eq!(hits(&s, "판로"), [id.as_str()], "searchable, once");
        let entries: i64 = s
            .connection()
            .query_row("SELECT count(*) FROM search_docs WHERE kind = 'consultation' AND ref_id = ?1", [&id], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(entries, 1);
        let parts: (i64, i64, i64) = s
            .connection()
            .query_row(
                "SELECT (SELECT count(*) FROM consultation_programs WHERE consultation_id = ?1),
                        (SELECT count(*) FROM referrals WHERE consultation_id = ?1),
                        (SELECT count(*) FROM follow_ups WHERE consultation_id = ?1)",
                [&id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .unwrap();
        assert_eq!(parts, (1, 1, 1));

        // Then the first: the versions take the hub's order, the second stays current.
        receive(&mut s, vec![pulled(3, &first, 1, Uuid::new_v4())]);
        assert_eq!(versions(&s, &id).iter().map(|v| v.1).collect::<Vec<_>>(), [Some(1), Some(2)]);
        assert_eq!(s.consultation_versions(&id).unwrap(), [first, second.clone()]);
        assert_eq!(s.consultation(&id).unwrap(), second);
        assert_eq!((hits(&s, "판로"), hits(&s, "임대료").len()), (vec![id], 1));
    }
}
