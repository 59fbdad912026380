//! Personal data: the database encrypted at rest, staff sign-in, consent, export and erasure,
//! and the audit log.
#![allow(clippy::unwrap_used)]

#[path = "support/desk.rs"]
mod desk;
use desk::{guard, sign_in};

use std::path::{Path, PathBuf};

use chrono::{NaiveDate, NaiveDateTime};
use onestop_core::consultation::{Channel, ConsultationInput, FollowUp, Referral};
use onestop_core::device::GuardChoice;
use onestop_core::privacy::{self, AuditFilter, ConsentInput};
use onestop_core::report::{consultation_summary_pdf, SummaryOptions};
use onestop_core::vault::{NewStaff, Role};
use onestop_core::{files, Error, Profile, Store};
use serde_json::json;

fn set_up(db: &Path) -> Store {
    privacy::set_up(db, &manager(), &guard()).unwrap().store
}

fn temp(name: &str) -> PathBuf {
    desk::temp("privacy", name)
}

fn manager() -> NewStaff {
    NewStaff { login: "kim".into(), name: "김관리".into(), role: Role::Manager, secret: "482913".into() }
}

fn signed() -> ConsentInput {
    ConsentInput { given_on: NaiveDate::from_ymd_opt(2026, 11, 2).unwrap(), form: privacy::DEFAULT_CONSENT_FORM.into() }
}

fn cafe() -> Profile {
    Profile::from_json_value(&json!({
        "name": "광진 커피", "owner_name": "홍길동", "phone": "010-2345-6789",
        "city": "서울", "district": "광진구", "full_time_workers": 2, "founded_on": "2021-03-02"
    }))
    .unwrap()
}

fn consult(s: &mut Store, merchant_id: &str, notes: &str) -> String {
    s.add_consultation(ConsultationInput {
        merchant_id: merchant_id.into(),
        at: Some(NaiveDateTime::parse_from_str("2026-11-20 10:00", "%Y-%m-%d %H:%M").unwrap()),
        counselor: "김상담".into(),
        channel: Some(Channel::Counter),
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
            due_on: NaiveDate::from_ymd_opt(2026, 11, 27).unwrap(),
            action: "보증 서류 확인 전화".into(),
            done: false,
        }],
        ..Default::default()
    })
    .unwrap()
    .id
    .to_string()
}

/// True when `needle` appears anywhere in the raw bytes of the file (or its WAL).
fn in_file(path: &Path, needle: &str) -> bool {
    let mut hit = false;
    for suffix in ["", "-wal"] {
        let mut p = path.as_os_str().to_owned();
        p.push(suffix);
        if let Ok(bytes) = std::fs::read(&p) {
            hit |= bytes.windows(needle.len()).any(|w| w == needle.as_bytes());
        }
    }
    hit
}

#[test]
fn the_database_cannot_be_read_without_the_key() {
    let dir = temp("encrypted");
    let db = dir.join("desk.sqlite3");
    let mut s = set_up(&db);
    let m = s.add_merchant(cafe(), Some(&signed())).unwrap();
    consult(&mut s, &m.id, "임대차 분쟁으로 보증 상담, 전화 010-2345-6789");
    drop(s);

    let head = std::fs::read(&db).unwrap();
    assert_ne!(&head[..16], b"SQLite format 3\0", "no plain SQLite header");
    for secret in ["홍길동", "광진 커피", "010-2345-6789", "01023456789", "임대차 분쟁", "gwangjin-onestop"]
    {
        assert!(!in_file(&db, secret), "{secret:?} is readable in the file");
    }
    // Plain SQLite cannot read it.
    let plain = rusqlite::Connection::open(&db).unwrap();
    let e = plain.query_row("SELECT count(*) FROM merchants", [], |r| r.get::<_, i64>(0)).unwrap_err();
    assert_eq!(e.sqlite_error_code(), Some(rusqlite::ErrorCode::NotADatabase), "{e}");
    drop(plain);
    assert!(Store::open(&db).is_err());
    // Nor a wrong PIN, nor an unknown login; the right PIN opens everything.
    assert!(matches!(sign_in(&db, "kim", "482914"), Err(Error::Denied(_))));
    assert!(matches!(sign_in(&db, "lee", "482913"), Err(Error::Denied(_))));
    let s = sign_in(&db, "kim", "482913").unwrap();
    assert_eq!(s.view_merchants().unwrap()[0].profile.owner_name.as_deref(), Some("홍길동"));
    assert_eq!(s.search("임대차", None, 10).unwrap().len(), 1);
    // Without the key file the database is unusable, and set-up does not paper over it.
    drop(s);
    std::fs::rename(onestop_core::vault::key_file_for(&db), dir.join("keys.aside")).unwrap();
    let e = sign_in(&db, "kim", "482913").err().unwrap().to_string();
    assert!(e.contains("no staff are set up"), "{e}");
    let e = privacy::set_up(&db, &manager(), &guard()).err().unwrap().to_string();
    assert!(e.contains("its key file") && e.contains("is missing"), "{e}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn an_existing_plain_database_is_encrypted_at_set_up_with_nothing_lost() {
    let dir = temp("migrate");
    let db = dir.join("desk.sqlite3");
    let mut s = Store::open(&db).unwrap();
    let m = s.add_merchant(cafe(), Some(&signed())).unwrap();
    consult(&mut s, &m.id, "재기 지원 상담");
    let before: Vec<String> = s.view_merchants().unwrap().iter().map(|m| format!("{:?}", m.profile)).collect();
    let consultations = s.consultations(None).unwrap();
    drop(s);
    assert!(in_file(&db, "홍길동"));

    let s = set_up(&db);
    let after: Vec<String> = s.view_merchants().unwrap().iter().map(|m| format!("{:?}", m.profile)).collect();
    assert_eq!(after, before);
    assert_eq!(s.consultations(None).unwrap(), consultations);
    assert_eq!(s.consents(&m.id).unwrap().len(), 1);
    drop(s);
    for secret in ["홍길동", "재기 지원"] {
        assert!(!in_file(&db, secret), "{secret:?} left readable");
    }
    assert!(!dir.join("desk.encrypting").exists());
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn staff_are_added_disabled_and_only_managers_manage_them() {
    let dir = temp("staff");
    let db = dir.join("desk.sqlite3");
    let mut s = set_up(&db);
    let lee =
        NewStaff { login: "lee".into(), name: "이상담".into(), role: Role::Staff, secret: "counter-pass".into() };
    s.add_staff(&lee).unwrap();
    assert_eq!(s.staff().unwrap().len(), 2);
    drop(s);

    let mut as_lee = sign_in(&db, "lee", "counter-pass").unwrap();
    let park = NewStaff { login: "park".into(), name: "박".into(), role: Role::Staff, secret: "739215".into() };
    assert!(matches!(as_lee.add_staff(&park), Err(Error::Denied(_))));
    assert!(matches!(as_lee.disable_staff("kim"), Err(Error::Denied(_))));
    let e = as_lee.audit_log(&AuditFilter::default()).unwrap_err().to_string();
    assert!(e.contains("only managers"), "{e}");
    // Staff change their own PIN.
    as_lee.set_staff_secret("lee", "new-counter-pass").unwrap();
    drop(as_lee);
    assert!(sign_in(&db, "lee", "counter-pass").is_err());
    sign_in(&db, "lee", "new-counter-pass").unwrap();

    let mut s = sign_in(&db, "kim", "482913").unwrap();
    s.disable_staff("lee").unwrap();
    let e = sign_in(&db, "lee", "new-counter-pass").err().unwrap().to_string();
    assert!(e.contains("disabled"), "{e}");
    let log = s.audit_log(&AuditFilter { record_id: Some("lee".into()), ..Default::default() }).unwrap();
    let changes: Vec<(&str, &str)> =
        log.iter().filter(|a| a.action == "change").map(|a| (a.staff.as_str(), a.detail.as_str())).collect();
    assert_eq!(changes, [("kim", "disabled"), ("lee", "new PIN"), ("kim", "added")]);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn personal_fields_need_consent_and_leave_with_its_withdrawal() {
    let mut s = Store::open_in_memory().unwrap();
    let e = s.add_merchant(cafe(), None).unwrap_err();
    let text = e.to_string();
    assert!(text.contains("consent") && text.contains("owner_name, phone"), "{text}");
    assert!(s.view_merchants().unwrap().is_empty(), "nothing half-written");
    // Without the personal fields a merchant can be recorded anonymously.
    let anon = s.add_merchant(privacy::without_personal(cafe()), None).unwrap();
    assert_eq!(anon.profile.owner_name, None);

    // A consent dated in the future or naming no form is refused.
    let future = ConsentInput { given_on: NaiveDate::from_ymd_opt(2099, 1, 1).unwrap(), ..signed() };
    assert!(s.add_merchant(cafe(), Some(&future)).unwrap_err().to_string().contains("consent.given_on"));
    let blank = ConsentInput { form: " ".into(), ..signed() };
    assert!(s.add_merchant(cafe(), Some(&blank)).unwrap_err().to_string().contains("consent.form"));
    assert_eq!(s.view_merchants().unwrap().len(), 1);

    // Consent recorded later lets the anonymous record take personal fields.
    assert!(s.update_merchant(&anon.id, cafe(), None).is_err());
    s.record_consent(&anon.id, &signed()).unwrap();
    let m = s.update_merchant(&anon.id, cafe(), None).unwrap();
    assert_eq!(m.profile.phone.as_deref(), Some("010-2345-6789"));

    // Withdrawal removes the personal fields at once and keeps the history of the consent.
    let on = NaiveDate::from_ymd_opt(2026, 11, 21).unwrap();
    let m = s.withdraw_consent(&m.id, on).unwrap();
    assert_eq!((m.profile.owner_name.clone(), m.profile.phone.clone()), (None, None));
    assert_eq!(s.view_merchant(&m.id).unwrap().profile.name.as_deref(), Some("광진 커피"));
    assert_eq!(s.consents(&m.id).unwrap()[0].withdrawn_on, Some(on));
    assert!(s.search("010", Some("merchant"), 10).unwrap().is_empty(), "the phone left the search index");
    assert!(s.update_merchant(&m.id, cafe(), None).is_err());
    assert!(s.withdraw_consent(&m.id, on).is_err(), "nothing left to withdraw");
}

#[test]
fn a_merchants_data_is_exported_and_erased_on_request() {
    let mut s = Store::open_in_memory().unwrap();
    let m = s.add_merchant(cafe(), Some(&signed())).unwrap();
    let c1 = consult(&mut s, &m.id, "임대차 분쟁 상담");
    let c2 = consult(&mut s, &m.id, "보증 서류 안내");
    s.set_follow_up_done(&c1, 0, true).unwrap();
    let other = s.add_merchant(privacy::without_personal(cafe()), None).unwrap();
    let kept = consult(&mut s, &other.id, "다른 가게 상담");

    let x = s.export_merchant(&m.id).unwrap();
    assert_eq!(x.merchant.id, m.id);
    assert_eq!(x.consents.len(), 1);
    let mut versions: Vec<usize> = x.consultations.iter().map(Vec::len).collect();
    versions.sort();
    assert_eq!(versions, [1, 2], "every version of every consultation");
    assert!(x.audit.iter().any(|a| a.record_id == c1 && a.detail == "version 2"));
    let text = serde_json::to_string(&x).unwrap();
    assert!(text.contains("홍길동") && !text.contains("다른 가게"));

    let erased = s.erase_merchant(&m.id).unwrap();
    assert_eq!((erased.consultations, erased.consents), (2, 1));
    let conn = s.connection();
    for (table, col, id) in [
        ("merchants", "id", m.id.as_str()),
        ("consultations", "merchant_id", m.id.as_str()),
        ("consents", "merchant_id", m.id.as_str()),
        ("consultation_versions", "consultation_id", c1.as_str()),
        ("consultation_versions", "consultation_id", c2.as_str()),
        ("referrals", "consultation_id", c1.as_str()),
        ("follow_ups", "consultation_id", c2.as_str()),
        ("consultation_programs", "consultation_id", c1.as_str()),
        ("search_docs", "ref_id", c1.as_str()),
        ("search_docs", "ref_id", m.id.as_str()),
    ] {
        let n: i64 =
            conn.query_row(&format!("SELECT count(*) FROM {table} WHERE {col} = ?1"), [id], |r| r.get(0)).unwrap();
        assert_eq!(n, 0, "{table} still holds {id}");
    }
    assert!(s.search("홍길동", None, 10).unwrap().is_empty());
    assert!(s.search("임대차", None, 10).unwrap().is_empty());
    assert_eq!(s.consultation(&kept).unwrap().notes, "다른 가게 상담", "others untouched");
    // The audit log keeps the fact of the erasure, and nothing personal.
    let log = s.audit_log(&AuditFilter { record_id: Some(m.id.clone()), ..Default::default() }).unwrap();
    assert_eq!(log[0].action, "erase");
    let all = serde_json::to_string(&s.audit_log(&AuditFilter::default()).unwrap()).unwrap();
    assert!(!all.contains("홍길동") && !all.contains("2345-6789"), "{all}");
    assert!(matches!(s.view_merchant(&m.id), Err(Error::NotFound { .. })));
}

#[test]
fn the_audit_log_names_who_viewed_changed_exported_and_printed_what() {
    let dir = temp("audit");
    let db = dir.join("desk.sqlite3");
    let mut s = set_up(&db);
    let m = s.add_merchant(cafe(), Some(&signed())).unwrap();
    let c = consult(&mut s, &m.id, "경영 상담");
    s.add_staff(&NewStaff {
        login: "lee".into(),
        name: "이상담".into(),
        role: Role::Staff,
        secret: "counter-pass".into(),
    })
    .unwrap();
    drop(s);

    let s = sign_in(&db, "lee", "counter-pass").unwrap();
    s.view_merchant(&m.id).unwrap();
    s.view_consultation(&c).unwrap();
    consultation_summary_pdf(
        &s,
        &c,
        &SummaryOptions {
            lang: onestop_core::Lang::Ko,
            include_internal_notes: false,
            on: NaiveDate::from_ymd_opt(2026, 11, 21).unwrap(),
            large_print: false,
        },
    )
    .unwrap();
    s.export_merchant(&m.id).unwrap();
    drop(s);

    let s = sign_in(&db, "kim", "482913").unwrap();
    let log = s.audit_log(&AuditFilter::default()).unwrap();
    let lines: Vec<(String, String, String, String)> = log
        .iter()
        .rev()
        .map(|a| (a.staff.clone(), a.action.clone(), a.record_kind.clone(), a.record_id.clone()))
        .collect();
    let l = |st: &str, a: &str, k: &str, id: &str| (st.to_string(), a.to_string(), k.to_string(), id.to_string());
    assert_eq!(
        lines,
        [
            l("kim", "change", "staff", "kim"),
            l("kim", "sign_in", "staff", "kim"),
            l("kim", "change", "merchant", &m.id),
            l("kim", "change", "merchant", &m.id),
            l("kim", "change", "consultation", &c),
            l("kim", "change", "staff", "lee"),
            l("lee", "sign_in", "staff", "lee"),
            l("lee", "view", "merchant", &m.id),
            l("lee", "view", "consultation", &c),
            l("lee", "print", "consultation", &c),
            l("lee", "export", "merchant", &m.id),
            l("kim", "sign_in", "staff", "kim"),
        ]
    );
    let only_lee =
        s.audit_log(&AuditFilter { staff: Some("lee".into()), limit: Some(2), ..Default::default() }).unwrap();
    assert_eq!(only_lee.iter().map(|a| a.action.as_str()).collect::<Vec<_>>(), ["export", "print"]);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn backups_of_an_encrypted_desk_are_encrypted_and_restore() {
    let dir = temp("backup");
    let db = dir.join("desk.sqlite3");
    let mut s = set_up(&db);
    let m = s.add_merchant(cafe(), Some(&signed())).unwrap();
    let b = s.backup_into(&dir.join("backups"), 3).unwrap();
    let path = PathBuf::from(&b.path);
    assert!(!in_file(&path, "홍길동"));
    assert!(onestop_core::backup::verify(&path, None).is_err(), "not readable without the key");
    assert!(onestop_core::vault::key_file_for(&path).is_file(), "the key file is kept beside the backup");

    let kept = s.add_merchant(privacy::without_personal(cafe()), None).unwrap();
    s.add_staff(&NewStaff {
        login: "lee".into(), name: "이상담".into(), role: Role::Staff, secret: "739215".into()
    })
    .unwrap();
    let b2 = PathBuf::from(s.backup_into(&dir.join("backups"), 3).unwrap().path);
    s.erase_merchant(&m.id).unwrap();
    drop(s);

    // Staff may not restore.
    let mut lee = sign_in(&db, "lee", "739215").unwrap();
    assert!(matches!(lee.restore_from(&b2, &dir.join("safety")), Err(Error::Denied(_))));
    drop(lee);

    // A manager restores: the erasure made after the backup is applied again, and the audit log
    // keeps everything up to the restore.
    let mut s = sign_in(&db, "kim", "482913").unwrap();
    s.restore_from(&b2, &dir.join("safety")).unwrap();
    assert!(matches!(s.view_merchant(&m.id), Err(Error::NotFound { .. })), "an erasure on request sticks");
    assert!(s.search("홍길동", None, 10).unwrap().is_empty());
    assert_eq!(s.view_merchant(&kept.id).unwrap().id, kept.id);
    let log = s.audit_log(&AuditFilter { record_id: Some(m.id.clone()), ..Default::default() }).unwrap();
    let actions: Vec<&str> = log.iter().map(|a| a.action.as_str()).collect();
    assert_eq!(actions[..2], ["erase", "erase"], "{log:?}");
    assert!(log[0].detail.contains("erased again after the restore"), "{:?}", log[0]);
    let signed_in_as_lee = s.audit_log(&AuditFilter { staff: Some("lee".into()), ..Default::default() }).unwrap();
    assert_eq!(signed_in_as_lee.len(), 1, "lee's sign-in, after the backup, is still in the log");

    // The first backup (before the second merchant) restores the same way.
    s.restore_from(&path, &dir.join("safety")).unwrap();
    assert!(s.view_merchant(&m.id).is_err() && s.view_merchant(&kept.id).is_err());
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn consent_cannot_be_withdrawn_in_the_future() {
    let mut s = Store::open_in_memory().unwrap();
    let m = s.add_merchant(cafe(), Some(&signed())).unwrap();
    let e = s.withdraw_consent(&m.id, NaiveDate::from_ymd_opt(2099, 1, 1).unwrap()).unwrap_err();
    assert!(e.to_string().contains("withdrawn_on"), "{e}");
    assert_eq!(s.view_merchant(&m.id).unwrap().profile.owner_name.as_deref(), Some("홍길동"));
}

#[test]
fn every_public_read_of_personal_fields_is_logged() {
    let dir = temp("logged-reads");
    let db = dir.join("desk.sqlite3");
    let mut s = set_up(&db);
    let m = s.add_merchant(cafe(), Some(&signed())).unwrap();
    consult(&mut s, &m.id, "홍길동 대표 임대료 상담");
    let lines = |s: &Store| {
        s.audit_log(&AuditFilter::default())
            .unwrap()
            .into_iter()
            .filter(|a| a.action == "view")
            .map(|a| (a.record_kind, a.record_id, a.detail))
            .collect::<Vec<_>>()
    };
    assert!(lines(&s).is_empty(), "{:?}", lines(&s));

    // The list: one line with the count (the app's merchant list, `merchant list --json`).
    let all = s.view_merchants().unwrap();
    assert_eq!(all[0].profile.owner_name.as_deref(), Some("홍길동"));
    assert_eq!(lines(&s)[0], ("merchant".into(), "*".into(), "list of 1".into()));

    // A search whose hits show a merchant's or a consultation's text: one line with the counts.
    let hits = s.search("홍길동", None, 10).unwrap();
    assert_eq!(hits.len(), 2);
    assert_eq!(lines(&s)[0], ("search".into(), "*".into(), "search: 1 merchant(s), 1 consultation(s)".into()));
    // A search that finds only programs shows nobody's data: nothing logged.
    let before = lines(&s).len();
    assert!(!s.search("법률", None, 10).unwrap().is_empty());
    assert_eq!(lines(&s).len(), before);

    // The duplicate check before a save shows the merchants it found: each one logged.
    let dups = s.likely_duplicates(&cafe(), None).unwrap();
    assert_eq!(dups.len(), 1, "same name and phone");
    assert_eq!(lines(&s)[0], ("merchant".into(), m.id.clone(), "likely duplicate".into()));

    // One merchant.
    s.view_merchant(&m.id).unwrap();
    assert_eq!(lines(&s)[0], ("merchant".into(), m.id.clone(), String::new()));
    assert_eq!(lines(&s).len(), before + 2);
}

#[test]
fn erasure_removes_the_merchants_saved_exports_and_printed_summaries() {
    let dir = std::env::temp_dir().join(format!("onestop-erase-files-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let mut s = Store::open(&dir.join("desk.sqlite3")).unwrap();
    let m = s.add_merchant(cafe(), Some(&signed())).unwrap();
    let c = consult(&mut s, &m.id, "임대차 분쟁 상담");
    let other = s.add_merchant(privacy::without_personal(cafe()), None).unwrap();
    let kept_c = consult(&mut s, &other.id, "다른 가게 상담");
    // What the app saves, named as the app names it.
    let (exports, reports) = (dir.join(files::EXPORTS), dir.join(files::REPORTS));
    files::private_dir(&exports).unwrap();
    files::private_dir(&reports).unwrap();
    let save = |p: std::path::PathBuf| std::fs::write(&p, "홍길동").map(|()| p).unwrap();
    let gone = [
        save(exports.join(files::export_name(&m.id, "20261120-101010"))),
        save(exports.join(files::export_name(&m.id, "20261121-090000"))),
        save(reports.join(files::summary_name(&c, "20261120-101500"))),
    ];
    let kept = [
        save(exports.join(files::export_name(&other.id, "20261120-101010"))),
        save(reports.join(files::summary_name(&kept_c, "20261120-101500"))),
        save(reports.join("period-2026-11-01-2026-11-30.pdf")),
    ];
    let erased = s.erase_merchant(&m.id).unwrap();
    assert_eq!(erased.files, 3);
    assert!(gone.iter().all(|p| !p.exists()), "{gone:?}");
    assert!(kept.iter().all(|p| p.exists()), "{kept:?}");
    drop(s);
    std::fs::remove_dir_all(&dir).unwrap();
}

fn copy_key_file(db: &Path, to: &Path) {
    std::fs::copy(onestop_core::vault::key_file_for(db), to).unwrap();
}

fn put_key_file(db: &Path, from: &Path) {
    std::fs::copy(from, onestop_core::vault::key_file_for(db)).unwrap();
}

#[test]
fn disabling_or_a_new_pin_rekeys_so_no_earlier_key_file_opens_the_data() {
    let dir = temp("revoke");
    let db = dir.join("desk.sqlite3");
    let backups = dir.join("backups");
    let mut s = set_up(&db);
    let lee =
        NewStaff { login: "lee".into(), name: "이상담".into(), role: Role::Staff, secret: "counter-pass".into() };
    s.add_staff(&lee).unwrap();
    let before = s.backup_into(&backups, 10).unwrap();
    let old_keys = dir.join("keys.before");
    copy_key_file(&db, &old_keys);

    s.disable_staff("lee").unwrap();
    let later = s.add_merchant(cafe(), Some(&signed())).unwrap();
    assert_eq!(s.view_merchant(&later.id).unwrap().id, later.id, "the manager keeps working after the re-key");
    drop(s);

    // The key file from before (the one kept beside the backup, or any copy) opens nothing now.
    let now_keys = dir.join("keys.now");
    copy_key_file(&db, &now_keys);
    for copy in [old_keys.clone(), onestop_core::vault::key_file_for(Path::new(&before.path))] {
        put_key_file(&db, &copy);
        for (login, pin) in [("lee", "counter-pass"), ("kim", "482913")] {
            let e = sign_in(&db, login, pin).err().unwrap();
            assert!(matches!(e, Error::Denied(_)), "{login} with {}: {e}", copy.display());
        }
    }
    put_key_file(&db, &now_keys);
    let mut s = sign_in(&db, "kim", "482913").unwrap();
    assert_eq!(s.view_merchant(&later.id).unwrap().id, later.id);

    // A new PIN re-keys too: the key file from before the reset does not open the data.
    s.set_staff_secret("lee", "739215").unwrap();
    drop(s);
    put_key_file(&db, &now_keys);
    assert!(sign_in(&db, "kim", "482913").is_err(), "a key file from before the PIN reset");
    put_key_file(&db, &dir.join("keys.now"));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn backups_from_before_a_rekey_still_restore() {
    let dir = temp("restore-rekey");
    let db = dir.join("desk.sqlite3");
    let mut s = set_up(&db);
    let m = s.add_merchant(cafe(), Some(&signed())).unwrap();
    let lee =
        NewStaff { login: "lee".into(), name: "이상담".into(), role: Role::Staff, secret: "counter-pass".into() };
    s.add_staff(&lee).unwrap();
    let b = s.backup_into(&dir.join("backups"), 10).unwrap();
    s.disable_staff("lee").unwrap();
    s.erase_merchant(&m.id).unwrap();
    s.restore_from(Path::new(&b.path), &dir.join("safety")).unwrap();
    // The erasure after the backup is applied again; lee stays disabled.
    assert!(s.view_merchants().unwrap().is_empty());
    assert!(s.staff().unwrap().iter().any(|m| m.login == "lee" && m.disabled));
    drop(s);
    assert!(sign_in(&db, "lee", "counter-pass").is_err());
    sign_in(&db, "kim", "482913").unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn roles_and_status_come_from_the_database_not_the_key_file() {
    let dir = temp("roles");
    let db = dir.join("desk.sqlite3");
    let mut s = set_up(&db);
    let lee =
        NewStaff { login: "lee".into(), name: "이상담".into(), role: Role::Staff, secret: "counter-pass".into() };
    s.add_staff(&lee).unwrap();
    drop(s);
    // lee edits the key file: staff → manager.
    let keys = onestop_core::vault::key_file_for(&db);
    let text = std::fs::read_to_string(&keys).unwrap();
    let edited = text.replace("\"role\": \"staff\"", "\"role\": \"manager\"");
    assert_ne!(text, edited);
    std::fs::write(&keys, edited).unwrap();
    let mut as_lee = sign_in(&db, "lee", "counter-pass").unwrap();
    assert_eq!(as_lee.actor().unwrap().role, Role::Staff);
    assert!(matches!(as_lee.audit_log(&AuditFilter::default()), Err(Error::Denied(_))));
    assert!(matches!(as_lee.set_staff_secret("kim", "739215"), Err(Error::Denied(_))));
    drop(as_lee);
    // A manager's role change is what counts.
    let mut s = sign_in(&db, "kim", "482913").unwrap();
    s.set_staff_role("lee", Role::Manager).unwrap();
    drop(s);
    assert_eq!(sign_in(&db, "lee", "counter-pass").unwrap().actor().unwrap().role, Role::Manager);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_member_disabled_while_signed_in_is_signed_out_at_their_next_command() {
    let dir = temp("signed-in");
    let db = dir.join("desk.sqlite3");
    let mut s = set_up(&db);
    let lee =
        NewStaff { login: "lee".into(), name: "이상담".into(), role: Role::Staff, secret: "counter-pass".into() };
    s.add_staff(&lee).unwrap();
    let mut as_lee = sign_in(&db, "lee", "counter-pass").unwrap();
    as_lee.check_signed_in().unwrap();
    // Another process (the CLI, or the app on the manager's turn) disables lee.
    s.disable_staff("lee").unwrap();
    let e = as_lee.check_signed_in().unwrap_err();
    assert!(matches!(e, Error::Denied(_)), "{e}");
    s.check_signed_in().unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn failed_sign_ins_are_counted_across_processes_and_logged() {
    let dir = temp("failed");
    let db = dir.join("desk.sqlite3");
    drop(set_up(&db));
    for _ in 0..5 {
        assert!(sign_in(&db, "kim", "000001").is_err());
    }
    assert!(sign_in(&db, "nobody", "000001").is_err());
    let e = sign_in(&db, "kim", "482913").err().unwrap().to_string();
    assert!(e.contains("try again in"), "the wait is kept in the key file, for every process: {e}");
    // Edit the wait out of the key file (as a clock moving on would) and sign in: the failures
    // are in the audit log.
    let keys = onestop_core::vault::key_file_for(&db);
    let mut file: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&keys).unwrap()).unwrap();
    file["staff"][0].as_object_mut().unwrap().remove("wait_until");
    std::fs::write(&keys, serde_json::to_string(&file).unwrap()).unwrap();
    let s = sign_in(&db, "kim", "482913").unwrap();
    let log = s.audit_log(&AuditFilter::default()).unwrap();
    let failed: Vec<(&str, &str)> = log
        .iter()
        .filter(|a| a.detail.starts_with("failed"))
        .map(|a| (a.record_id.as_str(), a.detail.as_str()))
        .collect();
    assert_eq!(failed.len(), 7, "{failed:?}");
    assert!(failed.contains(&("nobody", "failed: unknown login")));
    assert!(failed.contains(&("kim", "failed: tried while waiting")));
    assert_eq!(failed.iter().filter(|f| f.1 == "failed: wrong PIN").count(), 5);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_copy_of_the_data_folder_taken_elsewhere_needs_more_than_a_pin() {
    let dir = temp("stolen");
    let db = dir.join("desk.sqlite3");
    let done = privacy::set_up(&db, &manager(), &guard()).unwrap();
    let code = done.recovery_code.clone();
    let mut s = done.store;
    let m = s.add_merchant(cafe(), Some(&signed())).unwrap();
    let lee =
        NewStaff { login: "lee".into(), name: "이상담".into(), role: Role::Staff, secret: "counter-pass".into() };
    s.add_staff(&lee).unwrap();
    s.backup_into(&dir.join("backups"), 10).unwrap();
    drop(s);

    // The whole folder copied to another machine, the PIN known or found: without the device
    // secret (the keystore entry, or the passphrase) nothing opens.
    let elsewhere = temp("stolen-copy");
    std::fs::create_dir_all(&elsewhere).unwrap();
    for f in std::fs::read_dir(&dir).unwrap() {
        let f = f.unwrap();
        if f.file_type().unwrap().is_file() {
            std::fs::copy(f.path(), elsewhere.join(f.file_name())).unwrap();
        }
    }
    let copy = elsewhere.join("desk.sqlite3");
    let e = privacy::sign_in_with(&copy, "kim", "482913", None).err().unwrap();
    assert!(e.to_string().contains("device secret"), "{e}");
    let e = privacy::device_secret(&copy, Some("아마도 이것이 데스크 암호일 것이다")).err().unwrap();
    assert!(e.to_string().contains("wrong desk passphrase"), "{e}");

    // The manager recovers it there with the recovery code: a new device secret, their slot.
    let here = GuardChoice::Passphrase("새 기계에서 정한 데스크 암호 문장".into());
    assert!(privacy::recover(&copy, "0000-1111-2222-3333-4444-5555-6666-7777", &manager(), &here).is_err());
    let park =
        NewStaff { login: "park".into(), name: "박관리".into(), role: Role::Manager, secret: "739215".into() };
    let s = privacy::recover(&copy, &code, &park, &here).unwrap();
    assert_eq!(s.actor().unwrap().login, "park");
    assert_eq!(s.view_merchant(&m.id).unwrap().profile.owner_name.as_deref(), Some("홍길동"));
    let log = s.audit_log(&AuditFilter { record_id: Some("park".into()), ..Default::default() }).unwrap();
    assert!(log.iter().any(|a| a.detail.contains("recovery code")), "{log:?}");
    drop(s);
    let device = privacy::device_secret(&copy, Some("새 기계에서 정한 데스크 암호 문장")).unwrap();
    let e = privacy::sign_in_with(&copy, "lee", "counter-pass", device.clone()).err().unwrap();
    assert!(e.to_string().contains("needs a new PIN"), "{e}");
    privacy::sign_in_with(&copy, "park", "739215", device).unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
    std::fs::remove_dir_all(&elsewhere).unwrap();
}

#[test]
fn a_restore_replays_consent_withdrawals_made_after_the_backup() {
    let dir = temp("restore-withdrawal");
    let db = dir.join("desk.sqlite3");
    let mut s = set_up(&db);
    let m = s.add_merchant(cafe(), Some(&signed())).unwrap();
    let b = s.backup_into(&dir.join("backups"), 10).unwrap();
    let on = NaiveDate::from_ymd_opt(2026, 11, 21).unwrap();
    s.withdraw_consent(&m.id, on).unwrap();
    s.restore_from(Path::new(&b.path), &dir.join("safety")).unwrap();
    let after = s.view_merchant(&m.id).unwrap();
    assert_eq!((after.profile.owner_name, after.profile.phone), (None, None), "the withdrawal is applied again");
    assert_eq!(s.consents(&m.id).unwrap()[0].withdrawn_on, Some(on));
    assert!(s.search("홍길동", None, 10).unwrap().is_empty());
    assert!(!dir.join("desk.sqlite3.restoring").exists(), "the staging copy is gone");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn withdrawing_consent_takes_the_owners_age_out_of_saved_consultations_and_the_outbox() {
    let mut s = Store::open_in_memory().unwrap();
    let profile = Profile::from_json_value(&json!({
        "name": "광진 커피", "owner_name": "홍길동", "owner_birth_date": "1994-05-17",
        "city": "서울", "district": "광진구", "founded_on": "2025-03-02"
    }))
    .unwrap();
    let m = s.add_merchant(profile, Some(&signed())).unwrap();
    let c = s
        .add_consultation(ConsultationInput {
            merchant_id: m.id.clone(),
            at: Some(NaiveDateTime::parse_from_str("2026-11-20 10:00", "%Y-%m-%d %H:%M").unwrap()),
            counselor: "김상담".into(),
            channel: Some(Channel::Counter),
            notes: "청년 창업 상담".into(),
            program_ids: vec!["kosme-youth-startup-academy".into()],
            ..Default::default()
        })
        .unwrap();
    let told = |text: &str| text.contains("만 32세") || text.contains("1994-05-17");
    let saved = serde_json::to_string(&s.view_consultation(&c.id.to_string()).unwrap()).unwrap();
    assert!(told(&saved), "the snapshot tells the age while consent holds: {saved}");
    let waiting = |s: &Store| -> String {
        let conn = s.connection();
        let mut stmt = conn.prepare("SELECT body FROM sync_outbox WHERE kind = 'consultation_version'").unwrap();
        let bodies: Vec<String> = stmt.query_map([], |r| r.get(0)).unwrap().collect::<Result<_, _>>().unwrap();
        bodies.join("\n")
    };
    assert!(told(&waiting(&s)));

    s.withdraw_consent(&m.id, NaiveDate::from_ymd_opt(2026, 11, 21).unwrap()).unwrap();
    let id = c.id.to_string();
    let after = serde_json::to_string(&s.view_consultation_versions(&id).unwrap()).unwrap();
    assert!(!told(&after), "every version: {after}");
    assert!(after.contains("동의 철회"), "says why the reason is gone: {after}");
    let current = serde_json::to_string(&s.view_consultation(&id).unwrap()).unwrap();
    assert!(!told(&current), "{current}");
    assert!(!told(&waiting(&s)), "the versions waiting for the hub too");
}

/// Every byte the search index holds: `search_docs` and the FTS5 index's own shadow tables
/// (`search_grams_data` segments, `search_grams_idx`, `_docsize`, `_config`), as raw values.
fn index_bytes(conn: &rusqlite::Connection) -> Vec<u8> {
    let mut tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'search_grams_%'")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    assert!(tables.iter().any(|t| t == "search_grams_data"), "{tables:?}");
    tables.push("search_docs".into());
    let mut out = Vec::new();
    for t in tables {
        let mut stmt = conn.prepare(&format!("SELECT * FROM {t}")).unwrap();
        let n = stmt.column_count();
        let mut rows = stmt.query([]).unwrap();
        while let Some(r) = rows.next().unwrap() {
            for i in 0..n {
                match r.get_ref(i).unwrap() {
                    rusqlite::types::ValueRef::Text(b) | rusqlite::types::ValueRef::Blob(b) => out.extend(b),
                    _ => {}
                }
            }
        }
    }
    out
}

/// The characters of `text` found anywhere in the index's bytes. The index keeps each word's
/// character pairs, each stored after the bytes it shares with the term before it, so a rare
/// character is looked for on its own.
fn left_in_index(s: &Store, text: &str) -> Vec<char> {
    left_in(s.connection(), text)
}

fn left_in(conn: &rusqlite::Connection, text: &str) -> Vec<char> {
    let bytes = index_bytes(conn);
    text.chars()
        .filter(|c| {
            let mut buf = [0u8; 4];
            let needle = c.encode_utf8(&mut buf).as_bytes();
            bytes.windows(needle.len()).any(|w| w == needle)
        })
        .collect()
}

/// Rare syllables no catalogue text holds: the merchant's name, owner and consultation notes.
const RARE_NAME: &str = "뙇꿿뷁";
const RARE_OWNER: &str = "쀍똠얬";
const RARE_NOTES: &str = "쏼뢔휏";

fn rare_merchant() -> Profile {
    Profile::from_json_value(&json!({
        "name": format!("{RARE_NAME} 상회"), "owner_name": RARE_OWNER, "phone": "010-9183-7264",
        "city": "서울", "district": "광진구"
    }))
    .unwrap()
}

#[test]
fn erasure_leaves_no_personal_text_in_the_search_index() {
    let mut s = Store::open_in_memory().unwrap();
    let all = format!("{RARE_NAME}{RARE_OWNER}{RARE_NOTES}");
    assert!(left_in_index(&s, &all).is_empty(), "the catalogue holds none of them");
    let m = s.add_merchant(rare_merchant(), Some(&signed())).unwrap();
    consult(&mut s, &m.id, &format!("{RARE_NOTES} 임대차 상담"));
    // The check can see them: every rare character is in the index while the merchant is.
    assert_eq!(left_in_index(&s, &all).len(), all.chars().count());

    s.erase_merchant(&m.id).unwrap();
    assert_eq!(left_in_index(&s, &all), Vec::<char>::new(), "erased text is still in the index's pages");
}

#[test]
fn withdrawn_consent_leaves_no_personal_text_in_the_search_index() {
    let mut s = Store::open_in_memory().unwrap();
    let m = s.add_merchant(rare_merchant(), Some(&signed())).unwrap();
    assert_eq!(left_in_index(&s, RARE_OWNER).len(), RARE_OWNER.chars().count());

    s.withdraw_consent(&m.id, NaiveDate::from_ymd_opt(2026, 11, 21).unwrap()).unwrap();
    assert_eq!(left_in_index(&s, RARE_OWNER), Vec::<char>::new(), "the withdrawn owner's name is still indexed");
    // The business name stays, and is still found.
    assert_eq!(left_in_index(&s, RARE_NAME).len(), RARE_NAME.chars().count());
    assert_eq!(s.search(RARE_NAME, Some("merchant"), 10).unwrap().len(), 1);
}

#[test]
fn an_upgrade_leaves_nothing_that_earlier_deletes_left_in_the_search_index() {
    let dir = temp("index-upgrade");
    let db = dir.join("desk.sqlite3");
    let migrations = onestop_core::store::MIGRATIONS;
    let before = migrations.iter().position(|(name, _)| *name == "0012_search_secure_delete").unwrap();
    {
        let conn = rusqlite::Connection::open(&db).unwrap();
        for (i, (_, sql)) in migrations[..before].iter().enumerate() {
            conn.execute_batch(sql).unwrap();
            conn.pragma_update(None, "user_version", (i + 1) as i64).unwrap();
        }
        // What a desk before it held: an entry indexed, then deleted (marked, its words kept).
        conn.execute("INSERT INTO search_grams(rowid, grams) VALUES (1, '쀍똠 똠얬')", []).unwrap();
        conn.execute("DELETE FROM search_grams WHERE rowid = 1", []).unwrap();
        assert!(!left_in(&conn, RARE_OWNER).is_empty(), "the old index kept the deleted words");
    }
    let mut s = Store::open(&db).unwrap();
    assert_eq!(left_in_index(&s, RARE_OWNER), Vec::<char>::new());
    // The new index works: filled from the records, and taking new ones.
    let m = s.add_merchant(rare_merchant(), Some(&signed())).unwrap();
    assert_eq!(s.search(RARE_NAME, None, 10).unwrap().len(), 1);
    s.erase_merchant(&m.id).unwrap();
    assert_eq!(left_in_index(&s, &format!("{RARE_NAME}{RARE_OWNER}")), Vec::<char>::new());
    drop(s);
    std::fs::remove_dir_all(&dir).unwrap();
}
