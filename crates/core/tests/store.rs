//! The SQLite store: migrations, merchants, consultations with versions, search.

#![allow(clippy::unwrap_used)] // tests fail loudly by design

use chrono::{NaiveDate, NaiveDateTime};
use onestop_core::consultation::{Channel, ConsultationInput, FollowUp, Referral, ReferralStatus};
use onestop_core::store::MIGRATIONS;
use onestop_core::{Error, Profile, Store, Verdict};

/// The merchant's signed consent to personal-information processing.
fn signed() -> onestop_core::privacy::ConsentInput {
    onestop_core::privacy::ConsentInput {
        given_on: chrono::NaiveDate::from_ymd_opt(2026, 11, 2).unwrap(),
        form: onestop_core::privacy::DEFAULT_CONSENT_FORM.into(),
    }
}

fn profile(json: &str) -> Profile {
    Profile::from_json_str(json).unwrap()
}

fn cafe() -> Profile {
    profile(
        r#"{"name":"광진 커피","business_registration_number":"220-81-62517","phone":"02-555-1234",
            "city":"서울","district":"광진구","ksic_code":"56221","full_time_workers":3,
            "founded_on":"2021-03-02","business_status":"operating","nonprofit":false}"#,
    )
}

fn at(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
}

fn consult(merchant_id: &str) -> ConsultationInput {
    ConsultationInput {
        merchant_id: merchant_id.into(),
        at: Some(at("2023-05-02 10:30")),
        counselor: "김상담".into(),
        channel: Some(Channel::Counter),
        topics: vec!["고용".into(), "금융".into()],
        notes: "고용장려금 신청 서류 안내. 카페 리모델링 자금 문의.".into(),
        program_ids: vec!["seoul-2023-employment-incentive".into()],
        referrals: vec![Referral {
            institution: "서울신용보증재단".into(),
            program_id: Some("gwangjin-onestop-credit-guarantee".into()),
            status: ReferralStatus::Referred,
            note: None,
            ..Default::default()
        }],
        follow_ups: vec![FollowUp {
            due_on: NaiveDate::from_ymd_opt(2023, 5, 16).unwrap(),
            action: "서류 확인 전화".into(),
            done: false,
        }],
        ..Default::default()
    }
}

#[test]
fn fresh_database_is_migrated_and_has_the_catalogue() {
    let s = Store::open_in_memory().unwrap();
    assert_eq!(s.schema_version().unwrap(), MIGRATIONS.len());
    assert_eq!(s.programs(&Default::default()).unwrap().len(), 19);
    let fk: i64 = s.connection().query_row("PRAGMA foreign_keys", [], |r| r.get(0)).unwrap();
    assert_eq!(fk, 1);
}

#[test]
fn file_database_uses_wal_persists_and_refuses_newer_schemas() {
    let dir = tempdir();
    let path = dir.join("desk.sqlite3");
    let id = {
        let mut s = Store::open(&path).unwrap();
        let mode: String = s.connection().query_row("PRAGMA journal_mode", [], |r| r.get(0)).unwrap();
        assert_eq!(mode, "wal");
        s.add_merchant(cafe(), Some(&signed())).unwrap().id
    };
    let s = Store::open(&path).unwrap();
    assert_eq!(s.view_merchant(&id).unwrap().profile.name.as_deref(), Some("광진 커피"));
    assert_eq!(s.programs(&Default::default()).unwrap().len(), 19, "the catalogue is loaded once");
    s.connection().pragma_update(None, "user_version", 999).unwrap();
    drop(s);
    let e = Store::open(&path).err().unwrap().to_string();
    assert!(e.contains("newer Onestop"), "{e}");
    std::fs::remove_dir_all(dir).unwrap();
}

fn tempdir() -> std::path::PathBuf {
    let d = std::env::temp_dir().join(format!("onestop-test-{}", uuid_like()));
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn uuid_like() -> String {
    format!("{}-{:?}", std::process::id(), std::thread::current().id()).replace(['(', ')'], "")
}

#[test]
fn merchants_are_validated_and_duplicates_refused() {
    let mut s = Store::open_in_memory().unwrap();
    let m = s.add_merchant(cafe(), Some(&signed())).unwrap();
    // Same registration number: refused, nothing written.
    let e = s.add_merchant(cafe(), Some(&signed())).unwrap_err();
    assert!(matches!(e, Error::Conflict { .. }), "{e}");
    assert_eq!(s.view_merchants().unwrap().len(), 1);
    // Same name and phone without a registration number: found as a likely duplicate.
    let p = profile(r#"{"name":"광진 커피","phone":"025551234"}"#);
    assert_eq!(s.likely_duplicates(&p, None).unwrap().len(), 1);
    // An id prefix resolves.
    assert_eq!(s.view_merchant(&m.id[..8]).unwrap().id, m.id);
    assert!(matches!(s.view_merchant("ffffffff").unwrap_err(), Error::NotFound { .. }));
    // Update keeps the id and validates.
    let mut p = m.profile.clone();
    p.full_time_workers = Some(4);
    assert_eq!(s.update_merchant(&m.id, p, None).unwrap().profile.full_time_workers, Some(4));
    let mut bad = m.profile.clone();
    bad.ksic_code = Some("40111".into());
    assert!(s.update_merchant(&m.id, bad, None).unwrap_err().to_string().contains("ksic_code"));
    assert_eq!(s.view_merchant(&m.id).unwrap().profile.full_time_workers, Some(4));
}

#[test]
fn consultations_keep_verdict_snapshots_and_earlier_versions() {
    let mut s = Store::open_in_memory().unwrap();
    let m = s.add_merchant(cafe(), Some(&signed())).unwrap();
    let c = s.add_consultation(consult(&m.id)).unwrap();
    assert_eq!(c.version, 1);
    // No hires on file yet, so the verdict at that moment was "unknown".
    assert_eq!(c.programs[0].snapshot.verdict, Verdict::Unknown);
    // The merchant's facts change later; the stored snapshot does not.
    let mut p = m.profile.clone();
    p.new_hires = Some(vec![]);
    s.update_merchant(&m.id, p, None).unwrap();
    let mut edit = consult(&m.id);
    edit.notes = "서류 접수 완료.".into();
    edit.program_ids.push("gwangjin-onestop-management-consulting".into());
    let c2 = s.update_consultation(&c.id.to_string(), edit).unwrap();
    assert_eq!(c2.version, 2);
    assert_eq!(c2.programs[0].snapshot.verdict, Verdict::Unknown, "kept as it was");
    assert_eq!(c2.programs[1].snapshot.verdict, Verdict::Eligible, "matched when added");
    let versions = s.consultation_versions(&c.id.to_string()).unwrap();
    assert_eq!(versions.len(), 2);
    assert!(versions[0].notes.contains("고용장려금"));
    assert_eq!(versions[1].notes, "서류 접수 완료.");
    assert_eq!(s.consultation(&c.id.to_string()).unwrap(), c2);
    assert_eq!(s.consultations(Some(&m.id)).unwrap().len(), 1);
    let referrals: i64 =
        s.connection().query_row("SELECT count(*) FROM referrals WHERE status = 'referred'", [], |r| r.get(0)).unwrap();
    assert_eq!(referrals, 1);
}

#[test]
fn referral_status_and_follow_ups_are_versioned() {
    let mut s = Store::open_in_memory().unwrap();
    let m = s.add_merchant(cafe(), Some(&signed())).unwrap();
    let c = s.add_consultation(consult(&m.id)).unwrap();
    let id = c.id.to_string();
    let c2 = s.set_referral_status(&id, 0, ReferralStatus::Accepted).unwrap();
    assert_eq!((c2.version, c2.referrals[0].status), (2, ReferralStatus::Accepted));
    let c3 = s.set_follow_up_done(&id, 0, true).unwrap();
    assert!(c3.follow_ups[0].done && c3.referrals[0].status == ReferralStatus::Accepted);
    assert_eq!(c3.programs, c.programs, "snapshots untouched");
    let e = s.set_follow_up_done(&id, 5, true).unwrap_err().to_string();
    assert!(e.contains("follow_up") && e.contains('5'), "{e}");
    assert_eq!(s.consultation_versions(&id).unwrap().len(), 3);
    let open: i64 =
        s.connection().query_row("SELECT count(*) FROM follow_ups WHERE done = 0", [], |r| r.get(0)).unwrap();
    assert_eq!(open, 0);
}

#[test]
fn bad_consultations_write_nothing() {
    let mut s = Store::open_in_memory().unwrap();
    let m = s.add_merchant(cafe(), Some(&signed())).unwrap();
    let cases: Vec<(ConsultationInput, &str)> = vec![
        (ConsultationInput { program_ids: vec!["no-such-program".into()], ..consult(&m.id) }, "no-such-program"),
        (ConsultationInput { counselor: " ".into(), ..consult(&m.id) }, "counselor"),
        (ConsultationInput { channel: None, ..consult(&m.id) }, "channel"),
        (ConsultationInput { merchant_id: "deadbeef".into(), ..consult(&m.id) }, "deadbeef"),
        (
            ConsultationInput {
                referrals: vec![Referral {
                    institution: "x".into(),
                    program_id: Some("nope".into()),
                    status: Default::default(),
                    note: None,
                    ..Default::default()
                }],
                ..consult(&m.id)
            },
            "referrals[0].program_id",
        ),
    ];
    for (input, needle) in cases {
        let e = s.add_consultation(input).unwrap_err().to_string();
        assert!(e.contains(needle), "{e}");
    }
    let n: i64 = s.connection().query_row("SELECT count(*) FROM consultations", [], |r| r.get(0)).unwrap();
    let v: i64 = s.connection().query_row("SELECT count(*) FROM consultation_versions", [], |r| r.get(0)).unwrap();
    assert_eq!((n, v), (0, 0));
}

#[test]
fn korean_search_across_programs_merchants_and_notes() {
    let mut s = Store::open_in_memory().unwrap();
    let m = s.add_merchant(cafe(), Some(&signed())).unwrap();
    let c = s.add_consultation(consult(&m.id)).unwrap();
    let kinds = |q: &str| -> Vec<(String, String)> {
        s.search(q, None, 50).unwrap().into_iter().map(|h| (h.kind, h.id)).collect()
    };
    // Three or more syllables: the trigram index.
    assert!(kinds("고용장려금").contains(&("program".into(), "seoul-2023-employment-incentive".into())));
    assert!(kinds("고용장려금").contains(&("consultation".into(), c.id.to_string())));
    assert!(kinds("리모델링").contains(&("consultation".into(), c.id.to_string())));
    // Two syllables (shorter than a trigram): the fallback still finds them.
    assert!(kinds("카페").contains(&("consultation".into(), c.id.to_string())));
    assert!(kinds("커피").contains(&("merchant".into(), m.id.clone())));
    assert!(kinds("융자").iter().any(|(k, id)| k == "program" && id == "jongno-2022h2-sme-fund-loan"));
    // Several words must all match.
    assert!(kinds("카페 자금").contains(&("consultation".into(), c.id.to_string())));
    assert!(!kinds("카페 무급휴직").contains(&("consultation".into(), c.id.to_string())));
    // Registration number and phone, with or without hyphens.
    for q in ["220-81-62517", "2208162517", "025551234", "555-1234"] {
        assert!(kinds(q).contains(&("merchant".into(), m.id.clone())), "{q}");
    }
    // English, case-insensitive.
    assert!(kinds("ENTERPRISE").iter().any(|(k, _)| k == "program"));
    // LIKE wildcards are literal.
    assert!(!kinds("커_").contains(&("merchant".into(), m.id.clone())), "_ is not a wildcard");
    assert!(!kinds("커%").contains(&("merchant".into(), m.id.clone())), "% is not a wildcard");
    assert!(kinds("70%").iter().any(|(_, id)| id == "gangnam-2022-sourcing-fair-pavilion"));
    // Renaming the merchant updates the consultation's title.
    let mut p = m.profile.clone();
    p.name = Some("화양 로스터리".into());
    s.update_merchant(&m.id, p, None).unwrap();
    let hit = s.search("리모델링", Some("consultation"), 5).unwrap();
    assert!(hit[0].title.starts_with("화양 로스터리"), "{}", hit[0].title);
    assert_eq!(s.search("화양", Some("merchant"), 5).unwrap()[0].id, m.id);
}

#[test]
fn stage_thresholds_are_configurable() {
    let mut s = Store::open_in_memory().unwrap();
    let p = profile(r#"{"founded_on":"2019-01-01"}"#);
    let d = NaiveDate::from_ymd_opt(2024, 6, 1).unwrap();
    assert_eq!(s.match_profile(&p, d, None).unwrap().0.map(|s| s.as_str()), Some("growth"));
    s.set_setting("stage.startup_max_years", "7").unwrap();
    assert_eq!(s.match_profile(&p, d, None).unwrap().0.map(|s| s.as_str()), Some("startup"));
    assert!(s.set_setting("stage.startup_max_years", "seven").unwrap_err().to_string().contains("seven"));
}

#[test]
fn search_finds_two_syllables_inside_words_and_shares_the_limit_newest_first() {
    let mut s = Store::open_in_memory().unwrap();
    let m = s.add_merchant(cafe(), Some(&signed())).unwrap();
    let mut ids = Vec::new();
    for i in 0..40 {
        let mut input = consult(&m.id);
        input.notes = format!("{i}번째 상담: 카페라떼 원두 가격 인상");
        ids.push(s.add_consultation(input).unwrap().id.to_string());
    }
    // 카페 inside 카페라떼, 라떼 at a word's end, 떼 원 across words is not a substring.
    for q in ["카페", "라떼", "페라", "카페라떼 원두"] {
        assert!(!s.search(q, Some("consultation"), 5).unwrap().is_empty(), "{q}");
    }
    assert!(s.search("떼원", Some("consultation"), 5).unwrap().is_empty());
    assert!(s.search("라떼원", Some("consultation"), 5).unwrap().is_empty());
    // The newest consultations come first and the walk stops at the limit.
    let hits = s.search("카페라떼", Some("consultation"), 3).unwrap();
    let got: Vec<&str> = hits.iter().map(|h| h.id.as_str()).collect();
    let want: Vec<&str> = ids.iter().rev().take(3).map(String::as_str).collect();
    assert_eq!(got, want);
    // Without a kind the limit is shared: the merchant and the program still show among notes.
    let hits = s.search("커피", None, 4).unwrap();
    assert_eq!(hits.iter().filter(|h| h.kind == "merchant").count(), 1, "{hits:?}");
    // Editing a consultation keeps one entry for it, with the new words only.
    let mut input = consult(&m.id);
    input.notes = "임대차 분쟁 상담".into();
    s.update_consultation(&ids[0], input).unwrap();
    let entries: i64 = s
        .connection()
        .query_row("SELECT count(*) FROM search_docs WHERE ref_id = ?1", [&ids[0]], |r| r.get(0))
        .unwrap();
    assert_eq!(entries, 1);
    assert!(s.search("분쟁", None, 50).unwrap().iter().any(|h| h.id == ids[0]));
    assert!(!s.search("라떼", Some("consultation"), 50).unwrap().iter().any(|h| h.id == ids[0]));
}

#[test]
fn prospects_list_who_a_program_fits_and_what_to_ask() {
    let mut s = Store::open_in_memory().unwrap();
    let as_of = NaiveDate::from_ymd_opt(2023, 6, 1).unwrap();
    let program = "seoul-2023-employment-incentive";
    let fits = s.add_merchant(cafe(), Some(&signed())).unwrap();
    let unknown = s.add_merchant(profile(r#"{"name":"이름만 있는 가게"}"#), None).unwrap();
    let direct = s.match_profile(&fits.profile, as_of, Some(program)).unwrap().1.remove(0);
    let list = s.view_prospects(program, as_of, 10).unwrap();
    assert_eq!(list.merchants_checked, 2);
    // Each merchant's verdict is the Matches screen's verdict for that program.
    let of = |id: &str| list.prospects.iter().find(|p| p.merchant_id == id);
    match direct.verdict {
        Verdict::Ineligible => assert!(of(&fits.id).is_none()),
        v => assert_eq!(of(&fits.id).unwrap().verdict, v),
    }
    let u = of(&unknown.id).expect("a merchant with facts missing is someone to ask");
    assert_eq!(u.verdict, Verdict::Unknown);
    assert!(!u.missing.is_empty());
    assert_eq!(list.eligible + list.unknown, list.prospects.len() as u32);
    // Eligible first, then fewest missing facts.
    let order: Vec<(Verdict, usize)> = list.prospects.iter().map(|p| (p.verdict, p.missing.len())).collect();
    let mut sorted = order.clone();
    sorted.sort();
    assert_eq!(order, sorted);
    assert!(matches!(s.view_prospects("no-such-program", as_of, 10), Err(Error::NotFound { .. })));
    // Reading the list is logged: it names merchants (every read above was logged too: the
    // unlogged list is no longer public).
    let views = |s: &Store| -> i64 {
        s.connection()
            .query_row("SELECT count(*) FROM audit_log WHERE record_id = ?1 AND action = 'view'", [program], |r| {
                r.get(0)
            })
            .unwrap()
    };
    let before = views(&s);
    s.view_prospects(program, as_of, 10).unwrap();
    let logged = views(&s) - before;
    assert_eq!(logged, 1);
}

/// The catalogue is decoded once and kept, and every change to the programs table is seen,
/// whether made through the store or behind its back (another process on the same file).
#[test]
fn the_kept_catalogue_follows_every_change_to_the_programs() {
    use onestop_core::store::ProgramFilter;
    let mut s = Store::open_in_memory().unwrap();
    let first = s.catalogue().unwrap();
    assert!(std::sync::Arc::ptr_eq(&first, &s.catalogue().unwrap()), "decoded again with nothing changed");
    let id = first[0].id.clone();
    s.connection()
        .execute("UPDATE programs SET data = json_set(data, '$.name.en', 'Renamed') WHERE id = ?1", [&id])
        .unwrap();
    assert_eq!(s.catalogue().unwrap()[0].name.en, "Renamed");
    s.retire_program(&id, true).unwrap();
    assert!(s.catalogue().unwrap()[0].retired);
    assert!(!s.programs(&ProgramFilter::default()).unwrap().iter().any(|p| p.id == id));
    let n = s.catalogue().unwrap().len();
    let mut added = (*s.catalogue().unwrap())[1].clone();
    added.id = "zz-added".into();
    s.upsert_program(&added).unwrap();
    let now = s.catalogue().unwrap();
    assert_eq!((now.len(), now.last().unwrap().id.as_str()), (n + 1, "zz-added"));
}

/// A topic with quotes or a backslash in it is counted as written in the period report.
#[test]
fn period_report_counts_topics_with_escapes() {
    let mut s = Store::open_in_memory().unwrap();
    let m = s.add_merchant(cafe(), Some(&signed())).unwrap();
    let mut input = consult(&m.id);
    input.topics = vec!["임대차 \"권리금\"".into(), "C:\\서류".into(), "금융".into()];
    s.add_consultation(input).unwrap();
    s.add_consultation(consult(&m.id)).unwrap();
    let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
    let f = onestop_core::report::period_figures(&s, d("2023-05-01"), d("2023-05-31"), d("2023-06-01")).unwrap();
    assert_eq!(f.consultations, 2);
    assert_eq!(
        f.by_topic,
        vec![
            ("금융".to_string(), 2),
            ("C:\\서류".to_string(), 1),
            ("고용".to_string(), 1),
            ("임대차 \"권리금\"".to_string(), 1)
        ]
    );
    assert_eq!(f.referrals, vec![("서울신용보증재단".to_string(), "referred".to_string(), 2)]);
}
