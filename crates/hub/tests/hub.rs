//! The hub on its own, over real HTTP and a real PostgreSQL: sign-in and tokens, centers kept apart
//! (by the hub and by row-level security in PostgreSQL itself), push and pull, the catalogue, two
//! hubs on one database, crashes and restarts, and what the hub logs.

mod support;

use std::collections::BTreeSet;
use std::time::Duration;

use onestop_core::sync::wire::{PullItem, PullResponse, PushResponse, MAX_BATCH};
use reqwest::blocking::Client;
use serde_json::{json, Value};
use support::{hub_command, hub_user, Hub, PgCluster};
use uuid::Uuid;

const PASSWORD: &str = "correct horse battery";

/// A desk's view of one hub: hand-made requests, answers as (status, JSON).
struct Api {
    http: Client,
    base: String,
    desk: Uuid,
}

impl Api {
    fn new(hub: &Hub) -> Api {
        let http = Client::builder().timeout(Duration::from_secs(60)).build().expect("an HTTP client");
        Api { http, base: hub.base().to_owned(), desk: Uuid::new_v4() }
    }

    fn send(&self, req: reqwest::blocking::RequestBuilder) -> (u16, Value) {
        let resp = req.send().expect("the hub answers");
        let status = resp.status().as_u16();
        let text = resp.text().expect("a body");
        let body = if text.is_empty() {
            Value::Null
        } else {
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"))
        };
        (status, body)
    }

    fn get(&self, token: Option<&str>, path: &str) -> (u16, Value) {
        let mut req = self.http.get(format!("{}{path}", self.base));
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        self.send(req)
    }

    fn post(&self, token: Option<&str>, path: &str, body: &Value) -> (u16, Value) {
        let mut req = self.http.post(format!("{}{path}", self.base)).json(body);
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        self.send(req)
    }

    fn try_login(&self, login: &str, password: &str) -> (u16, Value) {
        let body = json!({"login": login, "password": password, "desk": self.desk, "desk_name": "counter 1"});
        self.post(None, "/v1/login", &body)
    }

    fn login(&self, login: &str) -> String {
        let (status, body) = self.try_login(login, PASSWORD);
        assert_eq!(status, 200, "login {login}: {body}");
        body["token"].as_str().expect("a token").to_owned()
    }

    fn push(&self, token: &str, changes: &[Value]) -> PushResponse {
        let (status, body) = self.post(Some(token), "/v1/push", &json!({"desk": self.desk, "changes": changes}));
        assert_eq!(status, 200, "push: {body}");
        serde_json::from_value(body).expect("a PushResponse")
    }

    fn pull(&self, token: &str, after: i64, limit: usize) -> PullResponse {
        let (status, body) = self.get(Some(token), &format!("/v1/pull?after={after}&limit={limit}"));
        assert_eq!(status, 200, "pull: {body}");
        serde_json::from_value(body).expect("a PullResponse")
    }

    /// Every item after 0, page by page.
    fn pull_all(&self, token: &str, page: usize) -> Vec<PullItem> {
        let (mut after, mut items) = (0, Vec::new());
        loop {
            let resp = self.pull(token, after, page);
            assert!(resp.items.len() <= page);
            items.extend(resp.items);
            after = resp.next;
            if !resp.more {
                return items;
            }
        }
    }
}

fn error(body: &Value) -> (&str, &str) {
    (body["code"].as_str().unwrap_or("?"), body["message"].as_str().unwrap_or("?"))
}

const AT: &str = "2026-11-02T10:00:00";

fn consent() -> Value {
    json!({"given_on": "2026-11-02", "form": "개인정보 수집·이용 동의서", "recorded_by": "kim", "recorded_at": AT})
}

fn merchant(uid: Uuid, base: Option<Value>, state: Value, consents: Value) -> Value {
    json!({"id": Uuid::new_v4(), "at": AT, "kind": "merchant", "uid": uid, "base": base, "state": state,
           "consents": consents, "created_at": AT})
}

/// A consultation version as the desk sends it (`onestop_domain::consultation::Consultation`).
fn consultation_data(uid: Uuid, merchant_uid: Uuid, note: &str) -> Value {
    json!({"id": uid, "merchant_id": merchant_uid, "at": AT, "counselor": "김상담", "channel": "visit",
           "place": null, "topics": [], "notes": note, "programs": [],
           "referrals": [{"institution": "서울신용보증재단", "status": "proposed"}], "follow_ups": [],
           "outcome": null, "version": 1, "updated_at": AT})
}

fn consultation(uid: Uuid, merchant_uid: Uuid, note: &str) -> Value {
    consultation_with(uid, merchant_uid, consultation_data(uid, merchant_uid, note))
}

fn consultation_with(uid: Uuid, merchant_uid: Uuid, data: Value) -> Value {
    json!({"id": Uuid::new_v4(), "at": AT, "kind": "consultation_version", "uid": uid, "merchant_uid": merchant_uid,
           "data": data})
}

fn erased(uid: Uuid) -> Value {
    json!({"id": Uuid::new_v4(), "at": AT, "kind": "merchant_erased", "uid": uid})
}

fn statuses(resp: &PushResponse) -> Vec<String> {
    resp.results
        .iter()
        .map(|r| serde_json::to_value(r.status).expect("a status").as_str().unwrap_or("?").to_owned())
        .collect()
}

/// A cluster, one hub on it, and accounts: `mgr-a` (manager) and `staff-a` in center A,
/// `mgr-b` in center B.
struct Setup {
    pg: PgCluster,
    hub: Hub,
    api: Api,
}

fn setup() -> Setup {
    let pg = PgCluster::start();
    let hub = Hub::start(&pg.url(), &[]);
    hub_user(&pg.url(), "Center A", "mgr-a", "manager", PASSWORD);
    hub_user(&pg.url(), "Center A", "staff-a", "staff", PASSWORD);
    hub_user(&pg.url(), "Center B", "mgr-b", "manager", PASSWORD);
    let api = Api::new(&hub);
    Setup { pg, hub, api }
}

#[test]
fn health_answers_without_a_token_and_503_while_the_database_is_down() {
    let s = setup();
    let (status, body) = s.api.get(None, "/health");
    assert_eq!((status, &body), (200, &json!({"status": "ok", "database": "ok", "protocol": 1})));
    let token = s.api.login("mgr-a");

    s.pg.stop();
    let (status, body) = s.api.get(None, "/health");
    assert_eq!(status, 503, "{body}");
    assert_eq!(body["database"], "unavailable");
    let (status, body) = s.api.get(Some(&token), "/v1/me");
    assert_eq!((status, error(&body).0), (503, "unavailable"), "{body}");

    s.pg.restart();
    let (status, _) = s.api.get(None, "/health");
    assert_eq!(status, 200, "the hub reconnects on its own");
    let (status, body) = s.api.get(Some(&token), "/v1/me");
    assert_eq!(status, 200, "{body}");
}

#[test]
fn login_me_protocol_and_logout() {
    let s = setup();
    let (status, body) = s.api.try_login("mgr-a", PASSWORD);
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        (body["login"].as_str(), body["center"].as_str(), body["role"].as_str()),
        (Some("mgr-a"), Some("Center A"), Some("manager"))
    );
    let token = body["token"].as_str().expect("a token").to_owned();
    assert_eq!(token.len(), 43);
    let stored = s.pg.psql(&["SELECT count(*) FROM tokens WHERE hash = sha256(convert_to('x', 'UTF8'))"]);
    assert_eq!(stored, "0");
    let stored =
        s.pg.psql(&[&format!("SELECT count(*) FROM tokens WHERE hash = sha256(convert_to('{token}', 'UTF8'))")]);
    assert_eq!(stored, "1", "only the token's SHA-256 is stored");

    let (status, me) = s.api.get(Some(&token), "/v1/me");
    assert_eq!(status, 200, "{me}");
    assert_eq!(
        (me["login"].as_str(), me["center"].as_str(), me["role"].as_str()),
        (Some("mgr-a"), Some("Center A"), Some("manager"))
    );
    assert_eq!(me["expires_at"], body["expires_at"]);

    // A desk that names its protocol must name this one.
    let me_with = |protocol: &str| {
        s.api.send(s.api.http.get(s.hub.url("/v1/me")).bearer_auth(&token).header("onestop-protocol", protocol))
    };
    assert_eq!(me_with("1").0, 200);
    let (status, body) = me_with("2");
    assert_eq!(status, 400);
    assert_eq!(error(&body).0, "invalid");
    assert!(error(&body).1.contains("onestop-protocol"), "{body}");

    let (status, body) = s.api.post(Some(&token), "/v1/logout", &json!({}));
    assert_eq!((status, body), (204, Value::Null));
    let (status, body) = s.api.get(Some(&token), "/v1/me");
    assert_eq!((status, error(&body)), (401, ("unauthorized", "token revoked")));

    let (status, body) = s.api.get(Some(&token), "/v2/nothing");
    assert_eq!((status, error(&body).0), (404, "not_found"));
    let (status, body) = s.api.get(Some(&token), "/v1/push");
    assert_eq!((status, error(&body).0), (405, "method_not_allowed"));
}

#[test]
fn wrong_password_and_unknown_login_get_the_same_answer() {
    let s = setup();
    let wrong = s.api.try_login("mgr-a", "wrong password");
    let unknown = s.api.try_login("nobody", PASSWORD);
    assert_eq!(wrong, (401, json!({"code": "unauthorized", "message": "wrong login or password"})));
    assert_eq!(unknown, wrong);
    let (status, body) = s.api.post(None, "/v1/login", &json!({"login": "mgr-a", "password": PASSWORD}));
    assert_eq!(status, 400);
    assert!(error(&body).1.contains("desk"), "names the missing field: {body}");
}

#[test]
fn missing_malformed_and_unknown_tokens_are_refused() {
    let s = setup();
    let (status, body) = s.api.get(None, "/v1/pull");
    assert_eq!((status, error(&body)), (401, ("unauthorized", "missing bearer token")));
    let (status, body) = s.api.get(Some("not-a-token"), "/v1/pull");
    assert_eq!((status, error(&body)), (401, ("unauthorized", "malformed token")));
    let forged = "A".repeat(43);
    let (status, body) = s.api.get(Some(&forged), "/v1/pull");
    assert_eq!((status, error(&body)), (401, ("unauthorized", "unknown token")));
    assert!(!body.to_string().contains(&forged), "the token is never echoed");
}

#[test]
fn tokens_expire() {
    let pg = PgCluster::start();
    let hub = Hub::start(&pg.url(), &["--token-ttl-secs", "1"]);
    hub_user(&pg.url(), "Center A", "kim", "staff", PASSWORD);
    let api = Api::new(&hub);
    let token = api.login("kim");
    std::thread::sleep(Duration::from_millis(2000));
    let (status, body) = api.get(Some(&token), "/v1/me");
    assert_eq!((status, error(&body)), (401, ("unauthorized", "token expired")));
}

#[test]
fn revoking_and_disabling_refuse_the_tokens_at_once() {
    let s = setup();
    let url = s.pg.url();
    let (first, second) = (s.api.login("staff-a"), s.api.login("staff-a"));
    let other = s.api.login("mgr-a");

    let out = hub_command(&["token", "revoke", "--database-url", &url, "--login", "staff-a"], &[]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).contains("2 token(s)"));
    for token in [&first, &second] {
        let (status, body) = s.api.get(Some(token), "/v1/me");
        assert_eq!((status, error(&body).1), (401, "token revoked"));
    }
    assert_eq!(s.api.get(Some(&other), "/v1/me").0, 200, "other accounts keep theirs");
    let third = s.api.login("staff-a");
    assert_eq!(s.api.get(Some(&third), "/v1/me").0, 200, "a revoked login signs in again");

    let out = hub_command(&["user", "disable", "--database-url", &url, "--login", "staff-a"], &[]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let (status, body) = s.api.get(Some(&third), "/v1/me");
    assert_eq!((status, error(&body).1), (401, "account disabled"));
    let (status, body) = s.api.try_login("staff-a", PASSWORD);
    assert_eq!((status, error(&body).1), (401, "account disabled"));
    let (status, body) = s.api.try_login("staff-a", "wrong password");
    assert_eq!((status, error(&body).1), (401, "wrong login or password"), "a wrong password learns nothing");

    let out = hub_command(&["user", "list", "--center", "Center A"], &[("ONESTOP_HUB_DATABASE_URL", &url)]);
    let listing = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(listing.lines().any(|l| l.starts_with("staff-a\t") && l.contains("\tdisabled\t")), "{listing}");
    assert!(listing.lines().any(|l| l.starts_with("mgr-a\t") && l.contains("\tactive\t")), "{listing}");
    assert!(!listing.contains("mgr-b"), "only the center's accounts: {listing}");

    let out = hub_command(&["user", "disable", "--database-url", &url, "--login", "nobody"], &[]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("no account with login \"nobody\""));
    let out = hub_command(
        &[
            "user",
            "add",
            "--database-url",
            &url,
            "--center",
            "Center A",
            "--login",
            "mgr-a",
            "--name",
            "x",
            "--role",
            "staff",
        ],
        &[("ONESTOP_HUB_PASSWORD", PASSWORD)],
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("login \"mgr-a\" is taken"));
    let out = hub_command(
        &[
            "user",
            "add",
            "--database-url",
            &url,
            "--center",
            "Center A",
            "--login",
            "lee",
            "--name",
            "x",
            "--role",
            "staff",
        ],
        &[("ONESTOP_HUB_PASSWORD", "short")],
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("at least 8 characters"));
}

#[test]
fn a_center_never_sees_or_touches_another_centers_data() {
    let s = setup();
    let (a, b) = (s.api.login("mgr-a"), s.api.login("mgr-b"));
    let (m, c) = (Uuid::new_v4(), Uuid::new_v4());
    let b_state = json!({"name": "B 상회", "full_time_workers": 3});
    let resp = s.api.push(&b, &[merchant(m, None, b_state.clone(), json!([])), consultation(c, m, "B's note")]);
    assert_eq!(statuses(&resp), ["applied", "applied"]);

    let seen_by_a = s.api.pull(&a, 0, MAX_BATCH);
    assert!(seen_by_a.items.is_empty(), "A sees none of B's rows: {:?}", seen_by_a.items);
    assert_eq!(seen_by_a.next, 0);

    // A pushes with B's ids: that makes A's own merchant and consultation, B's stay as they were.
    let a_state = json!({"name": "A 가게", "full_time_workers": 9});
    let resp = s.api.push(
        &a,
        &[merchant(m, Some(b_state.clone()), a_state.clone(), json!([])), consultation(c, m, "A's note"), erased(m)],
    );
    assert_eq!(statuses(&resp), ["applied", "applied", "applied"]);
    let seen_by_b = s.api.pull_all(&b, MAX_BATCH);
    assert_eq!(seen_by_b.len(), 2, "{seen_by_b:?}");
    match &seen_by_b[0] {
        PullItem::Merchant { uid, state, .. } => assert_eq!((uid, &Value::Object(state.clone())), (&m, &b_state)),
        other => panic!("B's merchant: {other:?}"),
    }
    match &seen_by_b[1] {
        PullItem::ConsultationVersion { uid, version, data, .. } => {
            assert_eq!((uid, *version, &data["notes"]), (&c, 1, &json!("B's note")))
        }
        other => panic!("B's consultation: {other:?}"),
    }

    // The desk never names the center: a body that tries is refused.
    let (status, body) =
        s.api.post(Some(&a), "/v1/push", &json!({"desk": s.api.desk, "center": "Center B", "changes": []}));
    assert_eq!(status, 400);
    assert!(error(&body).1.contains("center"), "{body}");
    let (status, body) = s.api.get(Some(&a), "/v1/pull?after=0&center=2");
    assert_eq!(status, 400, "{body}");
}

#[test]
fn row_level_security_binds_the_hub_role_in_postgres_itself() {
    let s = setup();
    let (a, b) = (s.api.login("mgr-a"), s.api.login("mgr-b"));
    let resp = s.api.push(&a, &[merchant(Uuid::new_v4(), None, json!({"name": "A"}), json!([]))]);
    assert_eq!(statuses(&resp), ["applied"]);
    let m = Uuid::new_v4();
    let resp = s.api.push(
        &b,
        &[
            merchant(m, None, json!({"name": "B1"}), json!([])),
            merchant(Uuid::new_v4(), None, json!({"name": "B2"}), json!([])),
            consultation(Uuid::new_v4(), m, "b"),
        ],
    );
    assert_eq!(statuses(&resp), ["applied", "applied", "applied"]);
    let id =
        |name: &str| s.pg.psql_as("postgres", "onestop", &[&format!("SELECT id FROM centers WHERE name = '{name}'")]);
    let (id_a, id_b) = (id("Center A"), id("Center B"));

    // The hub's own role (it owns the tables), as any query of the hub would run.
    let count = |setting: Option<&str>, table: &str| {
        let mut sql = Vec::new();
        let set = setting.map(|c| format!("SET onestop.center = '{c}'"));
        sql.extend(set.as_deref());
        let select = format!("SELECT count(*) FROM {table}");
        sql.push(&select);
        s.pg.psql(&sql)
    };
    assert_eq!(count(Some(&id_a), "merchants"), "1");
    assert_eq!(count(Some(&id_b), "merchants"), "2");
    assert_eq!(count(Some(&id_b), "consultation_versions"), "1");
    assert_eq!(count(Some(&id_a), "consultation_versions"), "0");
    assert_eq!(count(Some(&id_a), "centers"), "1");
    for table in ["merchants", "consultation_versions", "changes", "catalogues", "centers"] {
        assert_eq!(count(None, table), "0", "no center set: {table} shows nothing");
    }
    assert_eq!(count(Some(""), "merchants"), "0", "an emptied setting shows nothing");
    // A superuser sees everything: that is why the hub refuses to run as one.
    assert_eq!(s.pg.psql_as("postgres", "onestop", &["SELECT count(*) FROM merchants"]), "3");

    // Writes into another center are refused too.
    let err =
        s.pg.try_psql_as(
            "onestop_hub",
            "onestop",
            &[
                &format!("SET onestop.center = '{id_a}'"),
                &format!(
                    "INSERT INTO merchants (center_id, uid, state, consents, conflicts, created_at, seq)
                     VALUES ({id_b}, gen_random_uuid(), '{{}}', '[]', '[]', now(), 99)"
                ),
            ],
        )
        .expect_err("row-level security refuses the row");
    assert!(err.contains("row-level security"), "{err}");
    let updated = s.pg.psql(&[&format!("SET onestop.center = '{id_a}'"), "UPDATE merchants SET seq = 0 RETURNING uid"]);
    assert_eq!(updated.lines().count(), 1, "an unfiltered update reaches only the set center's rows");
    let flags = s.pg.psql(&["SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user"]);
    assert_eq!(flags, "f|f");
}

#[test]
fn only_managers_publish_the_catalogue() {
    let s = setup();
    let (manager, staff, other) = (s.api.login("mgr-a"), s.api.login("staff-a"), s.api.login("mgr-b"));
    let (status, body) = s.api.get(Some(&staff), "/v1/catalogue");
    assert_eq!((status, error(&body).0), (404, "not_found"));
    let programs = json!([{"id": "p-1", "name": "창업 지원"}, {"id": "p-2", "name": "경영 개선"}]);
    let (status, body) = s.api.post(Some(&staff), "/v1/catalogue", &json!({"programs": programs}));
    assert_eq!((status, error(&body).0), (403, "forbidden"));
    assert_eq!(s.api.pull(&staff, 0, 10).catalogue_version, 0);

    let (status, body) = s.api.post(Some(&manager), "/v1/catalogue", &json!({"programs": programs}));
    assert_eq!(status, 200, "{body}");
    assert_eq!((body["version"].as_i64(), body["published_by"].as_str()), (Some(1), Some("mgr-a")));
    assert_eq!(body["programs"], json!([]), "the answer leaves the programs out");
    assert_eq!(s.api.pull(&staff, 0, 10).catalogue_version, 1);
    let (status, latest) = s.api.get(Some(&staff), "/v1/catalogue");
    assert_eq!(status, 200);
    assert_eq!((latest["version"].as_i64(), &latest["programs"]), (Some(1), &programs));

    let (_, body) = s.api.post(Some(&manager), "/v1/catalogue", &json!({"programs": [programs[0]]}));
    assert_eq!(body["version"], 2);
    assert_eq!(s.api.get(Some(&staff), "/v1/catalogue").1["programs"], json!([programs[0]]));
    assert_eq!(s.api.pull(&other, 0, 10).catalogue_version, 0, "another center's catalogue is its own");
    assert_eq!(s.api.get(Some(&other), "/v1/catalogue").0, 404);
}

#[test]
fn a_change_sent_twice_is_applied_once() {
    let s = setup();
    let token = s.api.login("staff-a");
    let m = Uuid::new_v4();
    let add = merchant(m, None, json!({"name": "행복분식"}), json!([]));
    let version = consultation(Uuid::new_v4(), m, "first visit");
    let first = s.api.push(&token, &[add.clone(), version.clone()]);
    assert_eq!(statuses(&first), ["applied", "applied"]);
    // The answer was lost; the desk sends the same changes again, and once more within one push.
    let again = s.api.push(&token, &[add.clone(), version.clone(), version.clone()]);
    assert_eq!(statuses(&again), ["duplicate", "duplicate", "duplicate"]);
    let ids: Vec<String> = again.results.iter().map(|r| r.id.to_string()).collect();
    assert_eq!(ids, [&add["id"], &version["id"], &version["id"]].map(|v| v.as_str().unwrap_or("?").to_owned()));
    let items = s.api.pull_all(&token, MAX_BATCH);
    assert_eq!(items.len(), 2, "one merchant, one consultation version: {items:?}");
    let fresh = consultation(Uuid::new_v4(), m, "in one push");
    let resp = s.api.push(&token, &[fresh.clone(), fresh]);
    assert_eq!(statuses(&resp), ["applied", "duplicate"]);
}

#[test]
fn merchant_edits_merge_field_by_field_and_erasure_drops_everything() {
    let s = setup();
    let (desk1, desk2) = (s.api.login("mgr-a"), s.api.login("staff-a"));
    let m = Uuid::new_v4();
    let base = json!({"name": "행복분식", "full_time_workers": 3, "owner_name": "홍길동"});
    // No consent: the personal field is not stored.
    let resp = s.api.push(&desk1, &[merchant(m, None, base.clone(), json!([]))]);
    assert_eq!(statuses(&resp), ["applied"]);
    let base = json!({"name": "행복분식", "full_time_workers": 3});
    // Desk 1 changes the name, desk 2 the employees (from the same base): both land.
    let resp = s.api.push(
        &desk1,
        &[merchant(m, Some(base.clone()), json!({"name": "행복분식 본점", "full_time_workers": 3}), json!([]))],
    );
    assert_eq!(statuses(&resp), ["applied"]);
    let resp = s.api.push(
        &desk2,
        &[merchant(
            m,
            Some(base.clone()),
            json!({"name": "행복분식", "full_time_workers": 4, "phone": "010-1234-5678"}),
            json!([consent()]),
        )],
    );
    assert_eq!(statuses(&resp), ["applied"]);
    // Both change employees to different values: the hub keeps its value and records a conflict.
    let now = json!({"name": "행복분식 본점", "full_time_workers": 4, "phone": "010-1234-5678"});
    let resp = s.api.push(
        &desk1,
        &[merchant(m, Some(base.clone()), json!({"name": "행복분식 본점", "full_time_workers": 5}), json!([]))],
    );
    assert_eq!(statuses(&resp), ["conflict"]);
    assert_eq!(resp.results[0].conflicts, ["full_time_workers"]);
    let items = s.api.pull_all(&desk2, MAX_BATCH);
    match &items[..] {
        [PullItem::Merchant { uid, state, consents, conflicts, seq, .. }] => {
            assert_eq!((uid, &Value::Object(state.clone())), (&m, &now));
            assert_eq!(consents.len(), 1);
            assert_eq!(
                serde_json::to_value(conflicts).expect("json"),
                json!([{"field": "full_time_workers", "values": [4, 5]}])
            );
            assert_eq!(*seq, 4, "the merchant moves to its latest change's seq");
        }
        other => panic!("one merchant: {other:?}"),
    }

    let c = Uuid::new_v4();
    let resp = s.api.push(&desk2, &[consultation(c, m, "v1"), consultation(c, m, "v2")]);
    assert_eq!(statuses(&resp), ["applied", "applied"]);
    let items = s.api.pull(&desk1, 4, MAX_BATCH).items;
    let versions: Vec<(i32, Value)> = items
        .iter()
        .map(|i| match i {
            PullItem::ConsultationVersion { version, data, .. } => (*version, data.clone()),
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(versions[0].0, 1);
    assert_eq!(versions[1].0, 2);
    assert_eq!(versions[1].1["version"], 2, "the data carries the hub's version number");

    // Erasure: the merchant keeps only its id, its consultations go, later changes are dropped.
    let resp = s.api.push(
        &desk1,
        &[erased(m), consultation(c, m, "late"), merchant(m, Some(now.clone()), json!({"name": "late"}), json!([]))],
    );
    assert_eq!(statuses(&resp), ["applied", "erased", "erased"]);
    let items = s.api.pull_all(&desk2, MAX_BATCH);
    assert!(matches!(&items[..], [PullItem::MerchantErased { uid, .. }] if *uid == m), "{items:?}");
    let stored = s.pg.psql_as(
        "postgres",
        "onestop",
        &["SELECT count(*) FROM consultation_versions", "SELECT state::text || consents::text FROM merchants"],
    );
    assert_eq!(stored, "0\n{}[]", "nothing of the merchant is left");
}

#[test]
fn bad_input_is_refused_naming_the_field() {
    let s = setup();
    let token = s.api.login("staff-a");
    let m = Uuid::new_v4();
    let too_many: Vec<Value> = (0..=MAX_BATCH).map(|_| consultation(Uuid::new_v4(), m, "x")).collect();
    let cases = [
        (json!({"desk": s.api.desk, "changes": too_many}), "changes"),
        (
            json!({"desk": s.api.desk, "changes": [
                {"id": Uuid::new_v4(), "at": AT, "kind": "merchant_renamed", "uid": m}
            ]}),
            "merchant_renamed",
        ),
        (
            json!({"desk": s.api.desk, "changes": [
                {"id": Uuid::new_v4(), "at": AT, "kind": "consultation_version", "uid": m, "merchant_uid": m, "data": [1]}
            ]}),
            "changes[0].data",
        ),
        (json!({"desk": "not a uuid", "changes": []}), "desk"),
        (json!({"changes": []}), "desk"),
    ];
    for (body, field) in cases {
        let (status, answer) = s.api.post(Some(&token), "/v1/push", &body);
        assert_eq!((status, error(&answer).0), (400, "invalid"), "{answer}");
        assert!(error(&answer).1.contains(field), "names {field}: {answer}");
    }
    for (query, field) in [("limit=0", "limit"), ("limit=501", "limit"), ("after=-1", "after"), ("after=x", "after")] {
        let (status, answer) = s.api.get(Some(&token), &format!("/v1/pull?{query}"));
        assert_eq!((status, error(&answer).0), (400, "invalid"), "{query}: {answer}");
        assert!(error(&answer).1.contains(field), "{query} names {field}: {answer}");
    }
    let resp = s.api.send(
        s.api.http.post(s.hub.url("/v1/push")).bearer_auth(&token).body("{").header("content-type", "application/json"),
    );
    assert_eq!(resp.0, 400);
    let resp = s.api.send(
        s.api
            .http
            .post(s.hub.url("/v1/push"))
            .bearer_auth(&token)
            .body(vec![b' '; (16 << 20) + 1024])
            .header("content-type", "application/json"),
    );
    assert_eq!((resp.0, error(&resp.1).0), (413, "too_large"), "{}", resp.1);
    assert!(error(&resp.1).1.contains("16 MiB"));
    assert!(s.api.pull_all(&token, MAX_BATCH).is_empty(), "bad input wrote nothing");
}

#[test]
fn two_hubs_on_one_database_serve_concurrently_and_agree() {
    let pg = PgCluster::start();
    // Both start on the empty database at once: the migration runs once, under its lock.
    let url = pg.url();
    let starting: Vec<_> = (0..2)
        .map(|_| {
            let url = url.clone();
            std::thread::spawn(move || Hub::start(&url, &[]))
        })
        .collect();
    let hubs: Vec<Hub> = starting.into_iter().map(|t| t.join().expect("a hub")).collect();
    let migrations = onestop_hub_migrations().to_string();
    assert_eq!(pg.psql(&["SELECT count(*) FROM hub_schema_version"]), migrations, "each migration once");
    hub_user(&url, "Center A", "kim", "staff", PASSWORD);
    hub_user(&url, "Center A", "lee", "staff", PASSWORD);
    let apis: Vec<Api> = hubs.iter().map(Api::new).collect();
    let tokens = [apis[0].login("kim"), apis[1].login("lee")];

    // Both desks add versions of the same consultation through different hubs while a third
    // desk pulls all along: it must end with every version, none twice, none skipped.
    const EACH: usize = 200;
    let (m, c) = (Uuid::new_v4(), Uuid::new_v4());
    let done = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let puller = {
        let (api, token, done) = (Api::new(&hubs[0]), tokens[0].clone(), done.clone());
        std::thread::spawn(move || {
            let (mut after, mut seen) = (0, Vec::new());
            loop {
                let finished = done.load(std::sync::atomic::Ordering::SeqCst) == 2;
                let page = api.pull(&token, after, 37);
                after = page.next;
                seen.extend(page.items);
                if finished && !page.more {
                    return seen;
                }
            }
        })
    };
    std::thread::scope(|scope| {
        for (api, token) in apis.iter().zip(&tokens) {
            let done = done.clone();
            scope.spawn(move || {
                for i in 0..EACH {
                    let resp = api.push(token, &[consultation(c, m, &format!("{i}"))]);
                    assert_eq!(statuses(&resp), ["applied"]);
                }
                done.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            });
        }
    });
    let seen = puller.join().expect("the puller");

    let expected: Vec<i64> = (1..=(2 * EACH) as i64).collect();
    for (api, token) in apis.iter().zip(&tokens) {
        let items = api.pull_all(token, 150);
        let seqs: Vec<i64> = items.iter().map(PullItem::seq).collect();
        assert_eq!(seqs, expected, "every seq once, in order, no gaps");
        let versions: Vec<i32> = items
            .iter()
            .map(|i| match i {
                PullItem::ConsultationVersion { version, .. } => *version,
                other => panic!("{other:?}"),
            })
            .collect();
        assert_eq!(versions, (1..=(2 * EACH) as i32).collect::<Vec<_>>(), "versions follow commit order");
    }
    let seen_seqs: Vec<i64> = seen.iter().map(PullItem::seq).collect();
    assert_eq!(seen_seqs, expected, "pulling during the pushes missed or repeated nothing");
    let ids: BTreeSet<Uuid> = seen
        .iter()
        .map(|i| match i {
            PullItem::ConsultationVersion { change_id, .. } => *change_id,
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(ids.len(), 2 * EACH);
}

#[test]
fn logs_name_requests_but_hold_no_secrets() {
    let s = setup();
    let token = s.api.login("mgr-a");
    let secret_name = "비밀상회-7f3a";
    let owner = "홍길동-9c1e";
    let m = Uuid::new_v4();
    let resp = s.api.push(
        &token,
        &[
            merchant(m, None, json!({"name": secret_name, "owner_name": owner}), json!([consent()])),
            consultation(Uuid::new_v4(), m, secret_name),
        ],
    );
    assert_eq!(statuses(&resp), ["applied", "applied"]);
    let _ = s.api.pull_all(&token, MAX_BATCH);
    let _ = s.api.try_login("mgr-a", "a wrong password 123");
    let logs = s.hub.logs();
    for secret in [token.as_str(), PASSWORD, "a wrong password 123", secret_name, owner, "Bearer", "hub-role-password"]
    {
        assert!(!logs.contains(secret), "the log holds {secret:?}:\n{logs}");
    }
    let push_line =
        logs.lines().find(|l| l.contains("path=/v1/push")).unwrap_or_else(|| panic!("a line per request:\n{logs}"));
    assert!(
        push_line.contains("status=200") && push_line.contains("login=mgr-a") && push_line.contains("method=POST"),
        "{push_line}"
    );
    assert!(logs.contains("status=401") && logs.contains("error=wrong login or password"), "{logs}");
    assert!(logs.contains("listening"), "{logs}");
}

#[test]
fn refuses_superuser_bypassrls_and_unreachable_databases() {
    let pg = PgCluster::start();
    let log = Hub::try_start(&pg.superuser_url(), &[]).err().expect("a superuser is refused");
    assert!(log.contains("is a superuser") && log.contains("row-level security"), "{log}");
    pg.psql_as("postgres", "postgres", &["CREATE ROLE bypass LOGIN BYPASSRLS PASSWORD 'bypass-pw'"]);
    let url = format!("postgres://bypass:bypass-pw@127.0.0.1:{}/onestop", pg.port());
    let log = Hub::try_start(&url, &[]).err().expect("BYPASSRLS is refused");
    assert!(log.contains("has BYPASSRLS"), "{log}");
    assert_eq!(
        pg.psql_as("postgres", "onestop", &["SELECT count(*) FROM pg_tables WHERE tablename = 'merchants'"]),
        "0",
        "nothing was created"
    );

    let out = hub_command(
        &["serve", "--database-url", "postgres://onestop_hub:secret-pw@127.0.0.1:1/onestop", "--listen", "127.0.0.1:0"],
        &[],
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("cannot connect to PostgreSQL at 127.0.0.1:1/onestop"), "{stderr}");
    assert!(!stderr.contains("secret-pw"), "{stderr}");
    let out = hub_command(&["migrate"], &[]);
    assert!(!out.status.success(), "a database URL is required");

    let out = hub_command(&["migrate"], &[("ONESTOP_HUB_DATABASE_URL", &pg.url())]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(pg.psql(&["SELECT max(version) FROM hub_schema_version"]), onestop_hub_migrations().to_string());
}

#[test]
fn a_killed_hub_restarts_on_its_port_and_sigterm_stops_it_cleanly() {
    let mut s = setup();
    let token = s.api.login("mgr-a");
    let m = Uuid::new_v4();
    assert_eq!(statuses(&s.api.push(&token, &[merchant(m, None, json!({"name": "a"}), json!([]))])), ["applied"]);
    s.hub.kill();
    assert!(s.api.http.get(s.hub.url("/health")).send().is_err(), "the hub is gone");
    s.hub.restart();
    // The hub keeps nothing in memory: the token and the data are still there.
    assert_eq!(s.api.pull_all(&token, MAX_BATCH).len(), 1);
    assert_eq!(statuses(&s.api.push(&token, &[consultation(Uuid::new_v4(), m, "after")])), ["applied"]);
    let status = s.hub.terminate();
    assert!(status.success(), "SIGTERM is a clean stop: {status:?}");
    assert!(s.hub.logs().contains("shutting down"));
}

#[test]
fn a_record_the_desk_could_not_read_is_refused_naming_its_field_and_nothing_is_written() {
    let s = setup();
    let token = s.api.login("staff-a");
    let (m, c) = (Uuid::new_v4(), Uuid::new_v4());
    let good = merchant(m, None, json!({"name": "행복분식"}), json!([]));
    let mut bad_referral = consultation_data(c, m, "임대료 상담");
    bad_referral["referrals"][0]["status"] = json!("escalated");
    let mut text_for_a_number = consultation_data(c, m, "임대료 상담");
    text_for_a_number["version"] = json!("홍길동 010-9999-8888");
    let cases = [
        // A value the domain does not know (a newer desk's, or a broken one).
        (
            merchant(m, None, json!({"name": "행복분식", "business_status": "hibernating"}), json!([])),
            "merchant",
            "state.business_status",
        ),
        (merchant(m, None, json!({"name": "행복분식", "employees": 3}), json!([])), "", "state.employees"),
        // A personal field is named, its value never echoed.
        (
            merchant(m, None, json!({"name": "행복분식", "phone": "010-99xx-8888"}), json!([consent()])),
            "",
            "state.phone",
        ),
        (merchant(m, Some(json!({"city": "아틀란티스"})), json!({"name": "행복분식"}), json!([])), "", "base.city"),
        (consultation_with(c, m, bad_referral), "consultation_version", "data.referrals[0].status"),
        (consultation_with(c, m, text_for_a_number), "", "data.version"),
        // A consultation of another record or merchant than the change says.
        (consultation_with(Uuid::new_v4(), m, consultation_data(c, m, "x")), "", "data.id"),
        (consultation_with(c, Uuid::new_v4(), consultation_data(c, m, "x")), "", "data.merchant_id"),
    ];
    for (bad, kind, field) in cases {
        let (status, answer) =
            s.api.post(Some(&token), "/v1/push", &json!({"desk": s.api.desk, "changes": [good.clone(), bad]}));
        assert_eq!((status, error(&answer).0), (400, "invalid"), "{field}: {answer}");
        let message = error(&answer).1;
        let path = format!("changes[1].{field} (");
        assert!(message.starts_with(&path) && message.contains(kind), "names {path} and {kind}: {message}");
        for personal in ["99xx", "9999", "홍길동"] {
            assert!(!message.contains(personal), "echoes {personal}: {message}");
        }
    }
    assert!(s.api.pull_all(&token, MAX_BATCH).is_empty(), "one bad change refused the whole push");
    assert_eq!(statuses(&s.api.push(&token, &[good, consultation(c, m, "임대료 상담")])), ["applied", "applied"]);
}

#[test]
fn only_a_manager_erases_over_the_hub_and_the_erasure_names_who() {
    let s = setup();
    let (manager, staff) = (s.api.login("mgr-a"), s.api.login("staff-a"));
    let m = Uuid::new_v4();
    assert_eq!(
        statuses(&s.api.push(&staff, &[merchant(m, None, json!({"name": "행복분식"}), json!([]))])),
        ["applied"]
    );
    let (status, answer) = s.api.post(Some(&staff), "/v1/push", &json!({"desk": s.api.desk, "changes": [erased(m)]}));
    assert_eq!((status, error(&answer).0), (403, "forbidden"), "{answer}");
    assert!(error(&answer).1.contains("manager"), "{answer}");
    assert!(matches!(&s.api.pull_all(&staff, MAX_BATCH)[..], [PullItem::Merchant { .. }]), "nothing erased");

    assert_eq!(statuses(&s.api.push(&manager, &[erased(m)])), ["applied"]);
    match &s.api.pull_all(&staff, MAX_BATCH)[..] {
        [PullItem::MerchantErased { uid, erased_by, .. }] => {
            assert_eq!((uid, erased_by.as_deref()), (&m, Some("mgr-a")))
        }
        other => panic!("one erasure: {other:?}"),
    }
}

#[test]
fn failed_logins_are_throttled_per_login_and_per_address_and_logged_with_the_login() {
    let s = setup();
    // Five wrong passwords for one login: refused each time, then even the right one waits.
    for _ in 0..5 {
        assert_eq!(s.api.try_login("staff-a", "a wrong password").0, 401);
    }
    let http = reqwest::blocking::Client::new();
    let body = json!({"login": "staff-a", "password": PASSWORD, "desk": Uuid::new_v4(), "desk_name": "counter 1"});
    let resp = http.post(s.hub.url("/v1/login")).json(&body).send().expect("the hub answers");
    assert_eq!(resp.status().as_u16(), 429);
    let retry: u64 = resp.headers()["retry-after"].to_str().expect("ascii").parse().expect("seconds");
    assert!((1..=30).contains(&retry), "{retry}");
    let answer: Value = resp.json().expect("a JSON answer");
    assert!(answer["message"].as_str().unwrap_or_default().contains("try again in"), "{answer}");
    // Another login from the same address is not held up by them.
    assert_eq!(s.api.try_login("mgr-a", PASSWORD).0, 200);
    let logs = s.hub.logs();
    assert!(logs.contains("sign-in failed") && logs.contains("login=staff-a"), "failed tries name the login:\n{logs}");
    assert!(!logs.contains("a wrong password"), "never the password");

    // Twenty failures from one address, whatever the logins: the address waits, even for a
    // right password.
    for i in 0..15 {
        assert_eq!(s.api.try_login(&format!("nobody-{i}"), "a wrong password").0, 401);
    }
    assert_eq!(s.api.try_login("mgr-b", PASSWORD).0, 429);

    // A login body beyond a few KiB is refused before anything is read into a check.
    let big = json!({"login": "mgr-a", "password": "x".repeat(64 << 10), "desk": Uuid::new_v4(), "desk_name": "d"});
    let (status, body) = s.api.post(None, "/v1/login", &big);
    assert_eq!((status, body["code"].as_str()), (413, Some("too_large")), "{body}");
    assert!(body["message"].as_str().unwrap_or_default().contains("4 KiB"), "{body}");
}

#[test]
fn a_serving_role_granted_rows_only_syncs_but_cannot_turn_row_level_security_off() {
    let pg = PgCluster::start();
    pg.psql_as(
        "postgres",
        "postgres",
        &[
            "CREATE ROLE hub_owner LOGIN NOSUPERUSER NOBYPASSRLS PASSWORD 'owner-pw'",
            "CREATE ROLE hub_serve LOGIN NOSUPERUSER NOBYPASSRLS PASSWORD 'serve-pw'",
            "CREATE DATABASE split OWNER hub_owner",
        ],
    );
    let owner = format!("postgres://hub_owner:owner-pw@127.0.0.1:{}/split", pg.port());
    let serving = format!("postgres://hub_serve:serve-pw@127.0.0.1:{}/split", pg.port());

    // The serving role cannot create the schema: it is told to migrate as the owner.
    let log = Hub::try_start(&serving, &[]).err().expect("an empty schema needs the owner");
    assert!(log.contains("run `onestop-hub migrate` with the schema owner's URL"), "{log}");

    // Granting is checked: no such role, the owner itself.
    let out = hub_command(&["migrate", "--database-url", &owner, "--grant-to", "nobody"], &[]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("no database role named \"nobody\""), "{out:?}");
    let out = hub_command(&["migrate", "--database-url", &owner, "--grant-to", "hub_owner"], &[]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("must be another one"), "{out:?}");
    let out = hub_command(&["migrate", "--database-url", &owner], &[("ONESTOP_HUB_SERVING_ROLE", "hub_serve")]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));

    // Served by the serving role, with accounts added through it, two desks sync.
    let hub = Hub::start(&serving, &[]);
    assert!(!hub.logs().contains("serving as the owner"), "{}", hub.logs());
    hub_user(&serving, "Center A", "mgr-a", "manager", PASSWORD);
    let api = Api::new(&hub);
    let token = api.login("mgr-a");
    let m = Uuid::new_v4();
    let resp =
        api.push(&token, &[merchant(m, None, json!({"name": "A"}), json!([])), consultation(Uuid::new_v4(), m, "n")]);
    assert_eq!(statuses(&resp), ["applied", "applied"]);
    assert_eq!(api.pull_all(&token, MAX_BATCH).len(), 2);

    // What a compromised hub would try, as the serving role: each is refused by PostgreSQL.
    for sql in [
        "ALTER TABLE merchants DISABLE ROW LEVEL SECURITY",
        "ALTER TABLE merchants NO FORCE ROW LEVEL SECURITY",
        "DROP POLICY center_only ON merchants",
        "CREATE POLICY everything ON merchants USING (true)",
        "TRUNCATE changes",
        "DELETE FROM hub_schema_version",
        "CREATE TABLE stash (x text)",
        "SET row_security = off; SELECT count(*) FROM merchants",
    ] {
        let err = pg.try_psql_as("hub_serve", "split", &[sql]).expect_err(sql);
        assert!(
            err.contains("must be owner") || err.contains("permission denied") || err.contains("row-level security"),
            "{sql}: {err}"
        );
    }
    assert_eq!(pg.psql_as("hub_serve", "split", &["SELECT count(*) FROM merchants"]), "0", "no center set");
    assert_eq!(pg.psql_as("postgres", "split", &["SELECT count(*) FROM merchants"]), "1");

    // Serving as the owner still works, and says what it risks.
    drop(hub);
    let hub = Hub::start(&owner, &[]);
    assert!(hub.logs().contains("serving as the owner of the hub's tables"), "{}", hub.logs());
}

/// How many migrations the hub has (its `migrations/` folder, one file each).
fn onestop_hub_migrations() -> usize {
    std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/migrations"))
        .expect("the hub's migrations folder")
        .filter(|e| e.as_ref().expect("a migration file").path().extension().is_some_and(|x| x == "sql"))
        .count()
}

/// Every table holding a center's rows is under forced row-level security, the tables added for
/// applications and visit plans too; only the sign-in tables (read before a center is known)
/// are not, and a table added later without it fails here.
#[test]
fn every_table_of_center_rows_is_under_forced_row_level_security() {
    let s = setup();
    let unguarded = s.pg.psql_as(
        "postgres",
        "onestop",
        &["SELECT coalesce(string_agg(c.relname, ',' ORDER BY c.relname), '') FROM pg_class c
            JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'center_id' AND NOT a.attisdropped
           WHERE c.relkind = 'r' AND c.relnamespace = 'public'::regnamespace
             AND NOT (c.relrowsecurity AND c.relforcerowsecurity)"],
    );
    assert_eq!(unguarded, "accounts", "tables of center rows without forced row-level security");
    let guarded = s.pg.psql_as(
        "postgres",
        "onestop",
        &["SELECT string_agg(relname, ',' ORDER BY relname) FROM pg_class
           WHERE relkind = 'r' AND relnamespace = 'public'::regnamespace AND relrowsecurity AND relforcerowsecurity"],
    );
    for table in ["application_versions", "visit_versions", "consultation_versions", "merchants", "catalogues"] {
        assert!(guarded.split(',').any(|t| t == table), "{table} is not guarded: {guarded}");
    }
}
