//! Command-level tests: the real IPC handler on Tauri's mock runtime, no webview.

use serde_json::{json, Value};
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{get_ipc_response, mock_builder, mock_context, noop_assets, INVOKE_KEY};
use tauri::webview::InvokeRequest;
use tauri::{Manager, WebviewWindowBuilder};

use crate::{with_commands, Desk};

struct Harness {
    _app: tauri::App<tauri::test::MockRuntime>,
    webview: tauri::WebviewWindow<tauri::test::MockRuntime>,
    dir: std::path::PathBuf,
}

/// The test desks keep their device secret under a passphrase (no OS keystore here).
const PASSPHRASE: &str = "앱 시험용 데스크 암호 문장입니다";

impl Harness {
    /// A new desk, set up by its first manager (signed in).
    fn new(name: &str) -> Harness {
        let h = Harness::empty(name, std::time::Duration::from_secs(600));
        h.ok(
            "set_up_desk",
            json!({"first": {"login": "kim", "name": "김관리", "role": "manager", "secret": "482913"}, "passphrase": PASSPHRASE}),
        );
        h
    }

    /// A desk with no database and nobody signed in.
    fn empty(name: &str, idle_limit: std::time::Duration) -> Harness {
        let dir = std::env::temp_dir().join(format!("onestop-cmd-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let app = with_commands(mock_builder()).build(mock_context(noop_assets())).unwrap();
        app.manage(Desk { idle_limit, ..Desk::open(dir.join("desk.sqlite3")) });
        let webview = WebviewWindowBuilder::new(&app, "main", Default::default()).build().unwrap();
        Harness { _app: app, webview, dir }
    }

    fn call(&self, cmd: &str, args: Value) -> Result<Value, Value> {
        call_on(&self.webview, cmd, args)
    }

    fn ok(&self, cmd: &str, args: Value) -> Value {
        self.call(cmd, args).unwrap_or_else(|e| panic!("{cmd} failed: {e}"))
    }
}

/// Call a command as the window does (from any thread).
fn call_on(webview: &tauri::WebviewWindow<tauri::test::MockRuntime>, cmd: &str, args: Value) -> Result<Value, Value> {
    {
        let request = InvokeRequest {
            cmd: cmd.into(),
            callback: CallbackFn(0),
            error: CallbackFn(1),
            url: "tauri://localhost".parse().unwrap(),
            body: InvokeBody::Json(args),
            headers: Default::default(),
            invoke_key: INVOKE_KEY.to_string(),
        };
        get_ipc_response(webview, request).map(|b| b.deserialize::<Value>().unwrap())
    }
}

impl Drop for Harness {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn cafe() -> Value {
    json!({"name": "광진 커피", "business_registration_number": "220-81-62517", "phone": "02-555-1234",
           "city": "서울", "district": "광진구", "ksic_code": "56221", "founded_on": "2021-03-02",
           "business_status": "operating", "nonprofit": false})
}

#[test]
fn intake_match_answer_consult_and_find_again() {
    let h = Harness::new("flow");
    let consent = json!({"given_on": "2026-11-21", "form": "개인정보 수집·이용 동의서"});
    let e = h.call("add_merchant", json!({"profile": cafe()})).unwrap_err();
    assert!(e["message"].as_str().unwrap().contains("consent"), "phone without consent: {e}");
    let m = h.ok("add_merchant", json!({"profile": cafe(), "consent": consent}));
    let id = m["id"].as_str().unwrap().to_string();
    // Workers unknown: the Gwangjin services need that fact.
    let v = h.ok("match_merchant", json!({"id": id, "as_of": "2026-11-21"}));
    let item = |v: &Value, pid: &str| {
        v["items"].as_array().unwrap().iter().find(|i| i["match"]["program_id"] == pid).cloned().unwrap()
    };
    assert_eq!(item(&v, "gwangjin-onestop-legal-advice")["match"]["verdict"], "unknown");
    assert!(v["questions"].as_array().unwrap().iter().any(|q| q["fact"] == "full_time_workers"));
    // Answer in place: the verdict changes.
    let mut p = m["profile"].clone();
    p["full_time_workers"] = json!(3);
    h.ok("update_merchant", json!({"id": id, "profile": p}));
    let v = h.ok("match_merchant", json!({"id": id, "as_of": "2026-11-21"}));
    assert_eq!(item(&v, "gwangjin-onestop-legal-advice")["match"]["verdict"], "eligible");
    // A ruled-out program comes with its deciding reason only; explain_match gives them all.
    let out =
        v["items"].as_array().unwrap().iter().find(|i| i["complete"] == false).cloned().expect("an ineligible item");
    assert_eq!(out["match"]["verdict"], "ineligible");
    assert_eq!(out["match"]["reasons"].as_array().unwrap().len(), 1, "{out}");
    let pid = out["match"]["program_id"].clone();
    let full = h.ok("explain_match", json!({"id": id, "program_id": pid, "as_of": "2026-11-21"}));
    assert_eq!(full["verdict"], "ineligible");
    assert!(full["reasons"].as_array().unwrap().len() > 1, "{full}");
    assert!(full["reasons"].as_array().unwrap().contains(&out["match"]["reasons"][0]), "{full}");
    // Record a consultation; find it again through search and on Today.
    let c = h.ok(
        "add_consultation",
        json!({"input": {"merchant_id": id, "at": "2026-11-21T10:30:00", "counselor": "김상담", "channel": "counter",
                         "topics": ["법률"], "notes": "임대차 분쟁 법률 상담 연계", "program_ids": ["gwangjin-onestop-legal-advice"],
                         "referrals": [{"institution": "광진구 법률상담실", "status": "referred"}],
                         "follow_ups": [{"due_on": "2026-11-20", "action": "결과 확인 전화"}]}}),
    );
    assert_eq!(c["programs"][0]["snapshot"]["verdict"], "eligible");
    let hits = h.ok("search", json!({"query": "임대차"}));
    assert_eq!(hits[0]["id"], c["id"]);
    let today = h.ok("today", json!({"date": "2026-11-21"}));
    assert_eq!(today["consultations"].as_array().unwrap().len(), 1);
    assert_eq!(today["follow_ups"][0]["days_left"], -1, "overdue by a day");
    std::env::set_var("ONESTOP_NO_OPEN", "1");
    let files = h.ok(
        "save_summary_pdf",
        json!({"consultation_id": c["id"], "lang": "ko", "include_internal_notes": false, "large_print": false}),
    );
    let pdf = std::fs::read(files["pdf"].as_str().unwrap()).unwrap();
    assert!(pdf.starts_with(b"%PDF-") && pdf.len() > 5_000);
    let files = h.ok("save_period_report", json!({"from": "2026-11-01", "to": "2026-11-30", "lang": "en"}));
    let csv = std::fs::read_to_string(files["csv"].as_str().unwrap()).unwrap();
    assert!(csv.contains("period,2026-11-01..2026-11-30,,1"), "{csv}");
    let e = h.call("save_period_report", json!({"from": "2026-12-01", "to": "2026-11-30", "lang": "ko"})).unwrap_err();
    assert_eq!(e["code"], "invalid_input");
    let done = h.ok("set_follow_up_done", json!({"id": c["id"], "index": 0, "done": true}));
    assert_eq!(done["version"], 2);
    assert!(h.ok("today", json!({"date": "2026-11-21"}))["follow_ups"].as_array().unwrap().is_empty());
}

#[test]
fn a_consultation_edited_from_the_window_is_a_new_version_and_the_earlier_is_kept() {
    let h = Harness::new("edit-consultation");
    let consent = json!({"given_on": "2026-11-21", "form": "개인정보 수집·이용 동의서"});
    let id = h.ok("add_merchant", json!({"profile": cafe(), "consent": consent}))["id"].as_str().unwrap().to_string();
    let input = json!({"merchant_id": id, "at": "2026-11-21T10:30:00", "counselor": "김상담", "channel": "counter",
                       "topics": ["법률"], "notes": "임대차 분쟁", "program_ids": ["gwangjin-onestop-legal-advice"],
                       "referrals": [{"institution": "광진구 법률상담실", "status": "proposed"}],
                       "follow_ups": [{"due_on": "2026-11-28", "action": "결과 확인 전화"}]});
    let c = h.ok("add_consultation", json!({"input": input}));
    assert_eq!(c["version"], 1);
    let snapshot = c["programs"][0]["snapshot"].clone();

    // The form sends every field again, some of them changed.
    let mut edited = input.clone();
    edited["notes"] = json!("임대차 분쟁: 계약서 사본 받음");
    edited["outcome"] = json!("법률상담실 예약");
    edited["referrals"][0]["status"] = json!("referred");
    let v2 = h.ok("update_consultation", json!({"id": c["id"], "input": edited}));
    assert_eq!(v2["id"], c["id"]);
    assert_eq!(v2["version"], 2);
    assert_eq!(v2["outcome"], "법률상담실 예약");
    assert_eq!(v2["referrals"][0]["status"], "referred");
    assert_eq!(v2["programs"][0]["snapshot"], snapshot, "the verdict stays as it was when first saved");
    assert_eq!(h.ok("get_consultation", json!({"id": c["id"]}))["version"], 2);

    // Every version is kept, oldest first.
    let versions = h.ok("consultation_versions", json!({"id": c["id"]}));
    let versions = versions.as_array().unwrap();
    assert_eq!(versions.iter().map(|v| v["version"].as_i64().unwrap()).collect::<Vec<_>>(), [1, 2]);
    assert_eq!(versions[0]["notes"], "임대차 분쟁");
    assert_eq!(versions[0]["outcome"], Value::Null);
    assert_eq!(versions[1]["notes"], "임대차 분쟁: 계약서 사본 받음");

    // The edit and the read of every version are in the audit log.
    let log = h.ok("audit_log", json!({"filter": {"record_id": c["id"], "staff": null, "since": null, "limit": 50}}));
    let details: Vec<&str> = log.as_array().unwrap().iter().map(|e| e["detail"].as_str().unwrap()).collect();
    assert!(details.contains(&"version 2") && details.contains(&"all versions"), "{details:?}");

    // A consultation cannot move to another merchant; one that does not exist is not found.
    let other = h.ok("add_merchant", json!({"profile": {"name": "다른 가게"}}))["id"].clone();
    let mut moved = edited.clone();
    moved["merchant_id"] = other;
    let e = h.call("update_consultation", json!({"id": c["id"], "input": moved})).unwrap_err();
    assert_eq!(e["code"], "invalid_input", "{e}");
    let e = h.call("update_consultation", json!({"id": "nope", "input": edited})).unwrap_err();
    assert_eq!(e["code"], "not_found");
    let e = h.call("consultation_versions", json!({"id": "nope"})).unwrap_err();
    assert_eq!(e["code"], "not_found");
    assert_eq!(h.ok("consultation_versions", json!({"id": c["id"]})).as_array().unwrap().len(), 2);
}

#[test]
fn the_handler_answers_every_listed_command_and_no_other() {
    // Signed out, with no arguments: every command answers (mostly `locked` or a missing
    // argument), none is unknown to the handler.
    let h = Harness::empty("handler", std::time::Duration::from_secs(600));
    let unknown =
        |r: &Result<Value, Value>| r.as_ref().err().and_then(Value::as_str).is_some_and(|m| m.contains("not found"));
    assert!(unknown(&h.call("no_such_command", json!({}))), "an unlisted command is refused");
    for c in crate::commands::COMMANDS {
        let r = h.call(c.name, json!({}));
        assert!(!unknown(&r), "{} is not registered: {r:?}", c.name);
    }
}

#[test]
fn errors_are_code_and_message() {
    let h = Harness::new("errors");
    let e = h.call("add_merchant", json!({"profile": {"business_registration_number": "220-81-62518"}})).unwrap_err();
    assert_eq!(e["code"], "invalid_input");
    assert!(e["message"].as_str().unwrap().contains("business_registration_number"), "{e}");
    let e = h.call("match_merchant", json!({"id": "nope", "as_of": "2026-11-21"})).unwrap_err();
    assert_eq!(e["code"], "not_found");
    let e = h.call("today", json!({"date": "2026-02-30"})).unwrap_err();
    assert_eq!(e["code"], "invalid_input");
    assert!(e["message"].as_str().unwrap().contains("2026-02-30"));
    let e = h.call("get_program", json!({"id": "nope", "on": "2026-11-21"})).unwrap_err();
    assert_eq!(e.as_object().unwrap().keys().collect::<Vec<_>>(), ["code", "message", "message_ko"]);
    assert_eq!(e["message_ko"], "지원사업을(를) 찾을 수 없음: \"nope\"", "{e}");
    // A field check reports every bad field at once.
    let errs = h.ok("check_profile", json!({"profile": {"founded_on": "2023-02-30", "ksic_code": "40111"}}));
    assert_eq!(errs.as_array().unwrap().len(), 2);
    assert!(h.ok("list_merchants", json!({})).as_array().unwrap().is_empty(), "nothing written");
}

#[test]
fn catalogue_settings_and_backup() {
    let h = Harness::new("settings");
    let all = h.ok("list_programs", json!({"filter": {}}));
    assert_eq!(all.as_array().unwrap().len(), 19);
    // A row carries what the list shows; the whole program comes with get_program.
    let row: Vec<&String> = all[0].as_object().unwrap().keys().collect();
    assert_eq!(row, ["id", "name", "kinds", "provider", "retired", "origin"]);
    assert!(all.as_array().unwrap().iter().all(|p| p["origin"] == "bundled"));
    let none = h.ok("list_programs", json!({"filter": {"origin": "kstartup"}}));
    assert!(none.as_array().unwrap().is_empty());
    let loans = h.ok("list_programs", json!({"filter": {"kind": "loan"}}));
    assert!(loans.as_array().unwrap().iter().all(|p| p["kinds"].as_array().unwrap().contains(&json!("loan"))));
    let open = h.ok("list_programs", json!({"filter": {"open_on": "2023-04-10"}}));
    assert!(open.as_array().unwrap().iter().any(|p| p["id"] == "seoul-2023-unpaid-leave-support"));
    let s = h
        .ok("save_settings", json!({"settings": {"counselor": "김상담", "center": "광진구 원스톱센터", "lang": "en"}}));
    assert_eq!(s["lang"], "en");
    assert_eq!(h.ok("get_settings", json!({}))["counselor"], "김상담");
    let path = h.ok("backup_now", json!({}));
    assert!(std::path::Path::new(path.as_str().unwrap()).exists());
    let p = h.ok("get_program", json!({"id": "seoul-2023-unpaid-leave-support", "on": "2023-04-30"}));
    assert_eq!(
        (p["window_status"].as_str(), p["program"]["id"].as_str()),
        (Some("open"), Some("seoul-2023-unpaid-leave-support"))
    );
    let p = h.ok("get_program", json!({"id": "seoul-2023-unpaid-leave-support", "on": "2023-05-01"}));
    assert_eq!(p["window_status"], "closed");
    let k = h.ok("ksic_search", json!({"query": "커피"}));
    assert!(k.as_array().unwrap().iter().any(|e| e["code"] == "56221"));
    assert_eq!(h.ok("seoul_districts", json!({})).as_array().unwrap().len(), 25);
}

#[test]
fn the_startup_probe_does_nothing_without_its_variable() {
    // scripts/bench-app.sh sets ONESTOP_STARTUP_PROBE; the tests never do.
    assert!(std::env::var_os("ONESTOP_STARTUP_PROBE").is_none());
    let h = Harness::empty("probe", std::time::Duration::from_secs(600));
    assert_eq!(h.ok("startup_probe", json!({"screen": "signin", "detail": "origin=1.0"})), Value::Null);
    assert_eq!(h.ok("startup_probe", json!({"screen": "signin"})), Value::Null);
}

#[test]
fn a_database_that_cannot_open_is_reported_by_every_command() {
    let dir = std::env::temp_dir().join(format!("onestop-cmd-bad-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("not-a-db.sqlite3");
    std::fs::write(&file, b"this is not a database, just text that is long enough to have a header").unwrap();
    let app = with_commands(mock_builder()).build(mock_context(noop_assets())).unwrap();
    app.manage(Desk::open(file));
    let webview = WebviewWindowBuilder::new(&app, "main", Default::default()).build().unwrap();
    let h = Harness { _app: app, webview, dir };
    let e = h.call("list_merchants", json!({})).unwrap_err();
    assert_eq!(e["code"], "locked");
    let first = json!({"login": "kim", "name": "김관리", "role": "manager", "secret": "482913"});
    let e = h.call("set_up_desk", json!({"first": first})).unwrap_err();
    assert_eq!(e["code"], "invalid_input");
    assert!(e["message"].as_str().unwrap().contains("damaged"), "{e}");
    assert!(!h.ok("session_state", json!({}))["set_up"].as_bool().unwrap(), "no key file was written");
}

#[test]
fn sign_in_wrong_pins_idle_lock_and_sign_out() {
    let h = Harness::empty("session", std::time::Duration::from_millis(1500));
    let s = h.ok("session_state", json!({}));
    assert_eq!((s["set_up"].as_bool(), s["signed_in"].is_null()), (Some(false), true));
    assert_eq!(h.call("today", json!({"date": "2026-11-21"})).unwrap_err()["code"], "locked");
    let weak = json!({"login": "kim", "name": "김관리", "role": "manager", "secret": "123456"});
    assert!(h.call("set_up_desk", json!({"first": weak})).unwrap_err()["message"].as_str().unwrap().contains("PIN"));
    let done = h.ok(
        "set_up_desk",
        json!({"first": {"login": "kim", "name": "김관리", "role": "manager", "secret": "482913"}, "passphrase": PASSPHRASE}),
    );
    assert_eq!(done["member"]["login"], "kim");
    assert_eq!(done["recovery_code"].as_str().unwrap().len(), 39, "the recovery code, shown once: {done}");
    h.ok("add_staff", json!({"new": {"login": "lee", "name": "이상담", "role": "staff", "secret": "739215"}}));
    h.ok("sign_out", json!({}));
    assert_eq!(h.call("list_merchants", json!({})).unwrap_err()["code"], "locked");
    let s = h.ok("session_state", json!({}));
    assert_eq!(s["staff"].as_array().unwrap().len(), 2);
    assert!(s["signed_in"].is_null());

    // Staff sign in; they may not read the audit log or manage staff.
    let lee = h.ok("sign_in", json!({"login": "lee", "secret": "739215"}));
    assert_eq!(lee["role"], "staff");
    assert_eq!(h.call("audit_log", json!({"filter": {}})).unwrap_err()["code"], "denied");
    assert_eq!(h.call("disable_staff", json!({"login": "kim"})).unwrap_err()["code"], "denied");

    // Idle past the limit: locked, by the Rust side, whatever the window does.
    h.ok("today", json!({"date": "2026-11-21"}));
    std::thread::sleep(std::time::Duration::from_millis(1700));
    assert_eq!(h.call("today", json!({"date": "2026-11-21"})).unwrap_err()["code"], "locked");
    assert!(h.ok("session_state", json!({}))["signed_in"].is_null());

    // Wrong PINs: denied; the fifth makes the next try wait, even with the right PIN.
    for _ in 0..4 {
        assert_eq!(h.call("sign_in", json!({"login": "kim", "secret": "000001"})).unwrap_err()["code"], "denied");
    }
    h.call("sign_in", json!({"login": "kim", "secret": "000001"})).unwrap_err();
    let e = h.call("sign_in", json!({"login": "kim", "secret": "482913"})).unwrap_err();
    assert!(e["message"].as_str().unwrap().contains("try again in"), "{e}");
}

#[test]
fn after_a_restart_the_desk_passphrase_is_asked_once() {
    let h = Harness::new("restart");
    h.ok("sign_out", json!({}));
    let s = h.ok("session_state", json!({}));
    assert_eq!(
        (s["guard"].as_str(), s["passphrase_needed"].as_bool()),
        (Some("passphrase"), Some(false)),
        "kept in this run"
    );
    // A new run of the app on the same data file.
    let app = with_commands(mock_builder()).build(mock_context(noop_assets())).unwrap();
    app.manage(Desk::open(h.dir.join("desk.sqlite3")));
    let webview = WebviewWindowBuilder::new(&app, "main", Default::default()).build().unwrap();
    let again = Harness { _app: app, webview, dir: h.dir.join("unused") };
    assert_eq!(again.ok("session_state", json!({}))["passphrase_needed"], true);
    let e = again.call("sign_in", json!({"login": "kim", "secret": "482913"})).unwrap_err();
    assert!(e["message"].as_str().unwrap().contains("passphrase"), "{e}");
    let e = again
        .call("sign_in", json!({"login": "kim", "secret": "482913", "passphrase": "틀린 데스크 암호 문장입니다요"}))
        .unwrap_err();
    assert!(e["message"].as_str().unwrap().contains("wrong desk passphrase"), "{e}");
    again.ok("sign_in", json!({"login": "kim", "secret": "482913", "passphrase": PASSPHRASE}));
    again.ok("sign_out", json!({}));
    assert_eq!(again.ok("session_state", json!({}))["passphrase_needed"], false);
    again.ok("sign_in", json!({"login": "kim", "secret": "482913"}));
}

#[test]
fn a_member_disabled_elsewhere_is_signed_out_at_their_next_command() {
    let h = Harness::new("disabled-elsewhere");
    h.ok("add_staff", json!({"new": {"login": "lee", "name": "이상담", "role": "staff", "secret": "739215"}}));
    h.ok("sign_out", json!({}));
    h.ok("sign_in", json!({"login": "lee", "secret": "739215"}));
    h.ok("today", json!({"date": "2026-11-21"}));
    // A manager disables lee from the command line while the window is open.
    let db = h.dir.join("desk.sqlite3");
    let device = onestop_core::privacy::device_secret(&db, Some(PASSPHRASE)).unwrap();
    onestop_core::privacy::sign_in_with(&db, "kim", "482913", device).unwrap().disable_staff("lee").unwrap();
    let e = h.call("today", json!({"date": "2026-11-21"})).unwrap_err();
    assert_eq!(e["code"], "locked", "{e}");
    assert!(h.ok("session_state", json!({}))["signed_in"].is_null());
    let e = h.call("sign_in", json!({"login": "lee", "secret": "739215"})).unwrap_err();
    assert!(e["message"].as_str().unwrap().contains("disabled"), "{e}");
}

#[test]
fn consent_export_erase_audit_and_restore_from_the_window() {
    let h = Harness::new("privacy");
    let profile = json!({"name": "화양 분식", "owner_name": "홍길동", "phone": "010-2345-6789", "city": "서울", "district": "광진구"});
    let anon = json!({"name": "화양 분식", "city": "서울", "district": "광진구"});
    let m = h.ok("add_merchant", json!({"profile": anon}));
    let id = m["id"].as_str().unwrap();
    assert_eq!(h.call("update_merchant", json!({"id": id, "profile": profile})).unwrap_err()["code"], "invalid_input");
    h.ok("record_consent", json!({"merchant_id": id, "consent": {"given_on": "2026-11-20", "form": "동의서 2026"}}));
    h.ok("update_merchant", json!({"id": id, "profile": profile}));
    let consents = h.ok("merchant_consents", json!({"merchant_id": id}));
    assert_eq!((consents[0]["form"].as_str(), consents[0]["recorded_by"].as_str()), (Some("동의서 2026"), Some("kim")));
    let backup = h.ok("backup_now", json!({}));
    let path = h.ok("export_merchant", json!({"merchant_id": id}));
    let exported: Value = serde_json::from_str(&std::fs::read_to_string(path.as_str().unwrap()).unwrap()).unwrap();
    assert_eq!(exported["merchant"]["profile"]["owner_name"], "홍길동");
    let stripped = h.ok("withdraw_consent", json!({"merchant_id": id, "on": "2026-11-21"}));
    assert!(stripped["profile"].get("phone").is_none());
    h.ok("get_merchant", json!({"id": id}));
    let erased = h.ok("erase_merchant", json!({"merchant_id": id}));
    assert_eq!(erased["merchant_id"], id);
    assert_eq!(erased["files"], 1, "the export saved above");
    assert!(!std::path::Path::new(path.as_str().unwrap()).exists(), "the export is gone with the merchant");
    assert_eq!(h.call("get_merchant", json!({"id": id})).unwrap_err()["code"], "not_found");
    let log = h.ok("audit_log", json!({"filter": {"record_id": id}}));
    let actions: Vec<&str> = log.as_array().unwrap().iter().map(|a| a["action"].as_str().unwrap()).collect();
    assert_eq!(actions, ["erase", "view", "change", "export", "change", "change", "change"]);

    // Restore from the window: the data as at the backup, except that the erasure made on
    // request since then is applied again; the audit log keeps everything.
    let backups = h.ok("list_backups", json!({}));
    let name = std::path::Path::new(backup.as_str().unwrap()).file_name().unwrap().to_str().unwrap().to_string();
    assert!(backups.as_array().unwrap().iter().any(|b| b["path"] == backup));
    assert_eq!(h.call("restore_backup", json!({"name": "../../etc/passwd"})).unwrap_err()["code"], "invalid_input");
    let before = h.ok("add_merchant", json!({"profile": {"name": "자양 꽃집"}}));
    h.ok("restore_backup", json!({"name": name}));
    assert_eq!(h.call("get_merchant", json!({"id": id})).unwrap_err()["code"], "not_found");
    assert_eq!(h.call("get_merchant", json!({"id": before["id"]})).unwrap_err()["code"], "not_found");
    let log = h.ok("audit_log", json!({"filter": {"limit": 2}}));
    assert_eq!((log[0]["action"].as_str(), log[1]["detail"].as_str()), (Some("erase"), Some("restored from backup")));
}

#[test]
fn staff_edit_the_catalogue_and_import_the_feed_with_progress() {
    use crate::feed_server::{page_of, serve, Reply};
    let h = Harness::new("catalogue-edit");
    // Create, refuse a bad edit naming the criterion, edit, retire, see the history.
    let mut p =
        h.ok("get_program", json!({"id": "gwangjin-onestop-legal-advice", "on": "2026-11-21"}))["program"].clone();
    p["id"] = json!("gwangjin-2026-lease-clinic");
    p["name"]["ko"] = json!("임대차 분쟁 클리닉");
    let bad = {
        let mut b = p.clone();
        b["criteria"] = json!([{"type": "owner_age", "min": 40, "max": 39}]);
        b
    };
    let e = h.call("check_program", json!({"program": bad})).unwrap_err();
    assert!(e["message"].as_str().unwrap().contains("criteria[0].max"), "{e}");
    assert!(h.call("create_program", json!({"program": bad})).is_err());
    h.ok("check_program", json!({"program": p}));
    h.ok("create_program", json!({"program": p}));
    p["window"]["closes_on"] = json!("2026-12-31");
    h.ok("edit_program", json!({"program": p}));
    h.ok("retire_program", json!({"id": "gwangjin-2026-lease-clinic", "retired": true}));
    let listed = h.ok("list_programs", json!({"filter": {}}));
    assert!(!listed.as_array().unwrap().iter().any(|x| x["id"] == "gwangjin-2026-lease-clinic"));
    let all = h.ok("list_programs", json!({"filter": {"include_retired": true}}));
    assert!(all.as_array().unwrap().iter().any(|x| x["id"] == "gwangjin-2026-lease-clinic"));
    let history = h.ok("program_history", json!({"id": "gwangjin-2026-lease-clinic"}));
    let reasons: Vec<_> = history.as_array().unwrap().iter().map(|v| v["reason"].as_str().unwrap()).collect();
    assert_eq!(reasons, ["create", "edit", "retire"]);
    assert_eq!(history[1]["changes"][0]["path"], "window.closes_on");
    let view = h.ok("get_program", json!({"id": "gwangjin-2026-lease-clinic", "on": "2026-11-21"}));
    assert_eq!((view["meta"]["origin"].as_str(), view["meta"]["versions"].as_u64()), (Some("staff"), Some(3)));

    // A file picked in the window, sent as text.
    let items = crate::feed_server::sample_items();
    let body = json!({"jsonArray": items}).to_string();
    let r = h.ok("import_bizinfo_body", json!({"body": body}));
    assert_eq!((r["imported"].as_u64(), r["rejected"].as_u64()), (Some(5), Some(0)));
    let cut: String = body.chars().take(900).collect();
    let e = h.call("import_bizinfo_body", json!({"body": cut})).unwrap_err();
    assert!(e["message"].as_str().unwrap().contains("truncated"), "{e}");

    // Over HTTP, through the async command with a progress channel; the settings are remembered.
    let (url, seen) = serve(move |_, q| Reply::Json(page_of(&items, q)));
    let feed = json!({"url": url, "key": "K", "hashtags": ""});
    let r = h.ok("import_feed_url", json!({"feed": feed, "on_progress": "__CHANNEL__:7"}));
    assert_eq!((r["unchanged"].as_u64(), r["imported"].as_u64()), (Some(5), Some(0)));
    assert_eq!(seen.lock().unwrap().len(), 1, "one page of 100");
    assert_eq!(h.ok("get_feed_settings", json!({}))["url"], url);
    let e =
        h.call("import_feed_url", json!({"feed": {"url": "not a url"}, "on_progress": "__CHANNEL__:8"})).unwrap_err();
    assert_eq!(e["code"], "invalid_input");

    // K-Startup the same way, paged by its totalCount; each feed keeps its own URL and key.
    let ks = crate::feed_server::kstartup_items();
    let (ks_url, ks_seen) = serve(move |_, q| Reply::Json(crate::feed_server::kstartup_page_of(&ks, q)));
    let feed = json!({"feed": "kstartup", "url": ks_url, "key": "KS-KEY"});
    let r = h.ok("import_feed_url", json!({"feed": feed, "on_progress": "__CHANNEL__:9"}));
    assert_eq!((r["imported"].as_u64(), r["rejected"].as_u64()), (Some(60), Some(0)));
    assert_eq!(crate::feed_server::param(&ks_seen.lock().unwrap()[0], "serviceKey"), Some("KS-KEY"));
    assert_eq!(h.ok("get_feed_settings", json!({"feed": "kstartup"}))["url"], ks_url);
    assert_eq!(h.ok("get_feed_settings", json!({}))["url"], url, "Bizinfo's settings stay its own");
    let matched = h.ok("get_program", json!({"id": "kstartup-176296", "on": "2026-04-20"}));
    assert_eq!(matched["meta"]["origin"], "kstartup");
}

#[test]
fn sync_status_sign_in_errors_and_nothing_lost_without_a_hub() {
    let h = Harness::new("sync");
    let s = h.ok("sync_status", json!({}));
    assert_eq!((s["hub"].is_null(), s["waiting"].as_u64(), s["conflicts"].as_u64()), (true, Some(0), Some(0)));
    h.ok("add_merchant", json!({"profile": {"name": "자양 꽃집", "city": "서울", "district": "광진구"}}));
    assert_eq!(h.ok("sync_status", json!({}))["waiting"], 1);

    // Not signed in to a hub: denied, saying what to do.
    let e = h.call("sync_now", json!({"on_progress": "__CHANNEL__:9"})).unwrap_err();
    assert_eq!(e["code"], "denied");
    assert!(e["message"].as_str().unwrap().contains("sign in to the hub"), "{e}");
    assert!(h.ok("sync_conflicts", json!({})).as_array().unwrap().is_empty());

    // Plain http is refused except to this machine, before any request.
    let e = h
        .call("sync_sign_in", json!({"hub": "http://example.com", "login": "kim", "password": "hub-secret-1"}))
        .unwrap_err();
    assert_eq!(e["code"], "invalid_input");
    assert!(e["message"].as_str().unwrap().contains("hub"), "{e}");
    assert!(!e["message"].as_str().unwrap().contains("hub-secret-1"), "the password is never shown: {e}");

    // A hub that cannot be reached: a network error, and nothing changes.
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let hub = format!("http://127.0.0.1:{port}");
    let e = h.call("sync_sign_in", json!({"hub": hub, "login": "kim", "password": "hub-secret-1"})).unwrap_err();
    assert_eq!(e["code"], "network");
    assert!(e["message"].as_str().unwrap().contains("cannot reach the hub"), "{e}");
    assert!(e["message_ko"].as_str().unwrap().contains("허브에 연결할 수 없음"), "the Korean words: {e}");
    let s = h.ok("sync_status", json!({}));
    assert_eq!((s["hub"].is_null(), s["waiting"].as_u64()), (true, Some(1)));

    // Publishing and settling need a hub or a conflict; signing out of no hub is harmless.
    assert_eq!(h.call("publish_catalogue", json!({})).unwrap_err()["code"], "denied");
    let m = h.ok("list_merchants", json!({}))[0]["id"].clone();
    let e = h.call("resolve_conflict", json!({"merchant_id": m, "field": "name", "value": "x"})).unwrap_err();
    assert_eq!(e["code"], "invalid_input");
    h.ok("sync_sign_out", json!({}));
    assert_eq!(h.ok("sync_status", json!({}))["waiting"], 1);
}

#[test]
fn while_the_hub_is_slow_other_commands_answer_busy_instead_of_freezing_the_window() {
    let h = Harness::new("sync-busy");
    // A "hub" that takes the connection and says nothing for a while, then hangs up.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let hub = format!("http://127.0.0.1:{}", listener.local_addr().unwrap().port());
    let (accepted, on_accept) = std::sync::mpsc::channel();
    let server = std::thread::spawn(move || {
        let (conn, _) = listener.accept().unwrap();
        accepted.send(()).unwrap();
        std::thread::sleep(std::time::Duration::from_millis(1200));
        drop(conn);
    });
    let webview = h.webview.clone();
    let signing = std::thread::spawn(move || {
        call_on(&webview, "sync_sign_in", json!({"hub": hub, "login": "kim", "password": "hub-secret-1"}))
    });
    on_accept.recv().unwrap();
    let e = h.call("list_merchants", json!({})).unwrap_err();
    assert_eq!(e["code"], "busy", "{e}");
    assert!(e["message"].as_str().unwrap().contains("sync"), "{e}");
    let e = signing.join().unwrap().unwrap_err();
    assert_eq!(e["code"], "network", "{e}");
    server.join().unwrap();
    // Over: everything answers again, nothing changed.
    assert!(h.ok("list_merchants", json!({})).as_array().unwrap().is_empty());
    assert!(h.ok("sync_status", json!({}))["hub"].is_null());
}
