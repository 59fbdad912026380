//! The deterministic benchmark data generator (`onestop dev generate`).

#![allow(clippy::unwrap_used)] // tests fail loudly by design

use std::collections::HashSet;
use std::hash::{DefaultHasher, Hash, Hasher};

use chrono::{Datelike, NaiveDateTime, Weekday};
use onestop_core::store::ProgramFilter;
use onestop_core::{brn, catalogue, privacy, Error, Store, Verdict};
use onestop_devdata::{generate, GenerateOptions, GenerateProgress, Phase, MARKER_SETTING};

fn generated(programs: u32, merchants: u32, consultations: u32, seed: u64) -> (Store, Vec<GenerateProgress>) {
    let mut store = Store::open_in_memory().unwrap();
    let mut seen = Vec::new();
    let opts = GenerateOptions::new(programs, merchants, consultations, seed);
    let summary = generate(&mut store, &opts, &mut |p| seen.push(p)).unwrap();
    assert_eq!((summary.programs, summary.merchants, summary.consultations), (programs, merchants, consultations));
    (store, seen)
}

/// A digest of every generated row of the main tables, in key order (the bundled catalogue,
/// loaded with the time it was opened, left out). `substr`, not LIKE, on the search index: FTS5
/// with the trigram tokenizer answers LIKE on an UNINDEXED column with no rows.
fn digest(store: &Store) -> (u64, usize) {
    let queries = [
        "SELECT * FROM programs WHERE id LIKE 'gen-%' ORDER BY id",
        "SELECT * FROM program_versions WHERE program_id LIKE 'gen-%' ORDER BY program_id, version",
        "SELECT * FROM merchants ORDER BY id",
        "SELECT * FROM consultations ORDER BY id",
        "SELECT * FROM consultation_programs ORDER BY consultation_id, position",
        "SELECT * FROM referrals ORDER BY consultation_id, position",
        "SELECT * FROM follow_ups ORDER BY consultation_id, position",
        "SELECT * FROM consultation_versions ORDER BY consultation_id, version",
        "SELECT * FROM applications ORDER BY id",
        "SELECT * FROM application_versions ORDER BY application_id, version",
        "SELECT * FROM duties ORDER BY application_id, step",
        "SELECT * FROM visits ORDER BY id",
        "SELECT kind, ref_id, title, body FROM search_docs
          WHERE kind <> 'program' OR substr(ref_id, 1, 4) = 'gen-' ORDER BY kind, ref_id",
        "SELECT value FROM settings WHERE key = 'dev.generated'",
    ];
    let mut h = DefaultHasher::new();
    let mut rows = 0;
    for q in queries {
        let mut stmt = store.connection().prepare(q).unwrap();
        let n = stmt.column_count();
        let mut r = stmt.query([]).unwrap();
        while let Some(row) = r.next().unwrap() {
            rows += 1;
            for i in 0..n {
                format!("{:?}", row.get_ref(i).unwrap()).hash(&mut h);
            }
        }
        q.hash(&mut h);
    }
    (h.finish(), rows)
}

fn count(store: &Store, sql: &str) -> i64 {
    store.connection().query_row(sql, [], |r| r.get(0)).unwrap()
}

#[test]
fn the_same_seed_gives_the_same_data_and_another_seed_other_data() {
    let (a, _) = generated(40, 120, 600, 7);
    let (b, _) = generated(40, 120, 600, 7);
    let (c, _) = generated(40, 120, 600, 8);
    let (da, rows) = digest(&a);
    assert!(rows > 40 + 40 + 120 + 600 * 3, "{rows} rows");
    assert_eq!(da, digest(&b).0, "same seed, same counts: identical rows");
    assert_ne!(da, digest(&c).0, "another seed: other rows");
}

#[test]
fn generated_data_is_valid_searchable_and_matches_every_way() {
    let (mut store, progress) = generated(200, 500, 2_000, 11);

    // Exactly the counts asked for, every table filled.
    assert_eq!(count(&store, "SELECT count(*) FROM programs WHERE id LIKE 'gen-%'"), 200);
    assert_eq!(count(&store, "SELECT count(*) FROM program_versions WHERE program_id LIKE 'gen-%'"), 200);
    assert_eq!(count(&store, "SELECT count(*) FROM merchants"), 500);
    assert_eq!(count(&store, "SELECT count(*) FROM consultations"), 2_000);
    let versions = count(&store, "SELECT count(*) FROM consultation_versions");
    assert!((2_020..2_400).contains(&versions), "some consultations edited once: {versions}");
    assert_eq!(count(&store, "SELECT count(*) FROM consultation_versions v JOIN consultations c ON c.id = v.consultation_id AND c.version = v.version"), 2_000);
    for table in ["consultation_programs", "referrals", "follow_ups"] {
        let n = count(&store, &format!("SELECT count(*) FROM {table}"));
        assert!((200..4_000).contains(&n), "{table}: {n}");
    }
    assert_eq!(count(&store, "SELECT count(*) FROM search_docs WHERE kind = 'merchant'"), 500);
    assert_eq!(count(&store, "SELECT count(*) FROM search_docs WHERE kind = 'consultation'"), 2_000);
    assert_eq!(
        count(&store, "SELECT count(*) FROM search_docs WHERE kind = 'program' AND substr(ref_id, 1, 4) = 'gen-'"),
        200
    );

    // Benchmark data, not user changes: nothing to sync, nothing in the audit log.
    assert_eq!(count(&store, "SELECT count(*) FROM sync_outbox"), 0);
    assert_eq!(count(&store, "SELECT count(*) FROM audit_log"), 0);

    // Progress ends at 100% of every record and never goes back.
    let last = progress.last().unwrap();
    assert_eq!((last.phase, last.overall_done, last.overall_total), (Phase::Consultations, 2_700, 2_700));
    assert!(progress.windows(2).all(|w| w[0].overall_done <= w[1].overall_done));

    // Every program passes the catalogue's checks and reads back as written.
    let programs = store.programs(&ProgramFilter { include_retired: true, ..Default::default() }).unwrap();
    let generated: Vec<_> = programs.iter().filter(|p| p.id.starts_with("gen-")).collect();
    assert_eq!(generated.len(), 200);
    for p in &generated {
        catalogue::check_program(p).unwrap();
    }
    assert!(generated.iter().any(|p| p.window.until_budget_exhausted), "예산 소진시까지 windows");
    assert!(generated.iter().any(|p| p.window.always_open));
    assert!(generated.iter().any(|p| p.window.closes_on.is_some()));
    assert_eq!(store.program_meta("gen-00001").unwrap().versions, 1);

    // Every merchant's profile is canonical, its registration number valid and unique, and it
    // holds no personal field.
    let merchants = store.view_merchants().unwrap();
    let mut brns = HashSet::new();
    let mut districts = HashSet::new();
    let mut sectors = HashSet::new();
    for m in &merchants {
        assert_eq!(m.profile.clone().normalized().unwrap(), m.profile);
        assert!(privacy::personal_fields(&m.profile).is_empty(), "{:?}", m.profile);
        if let Some(b) = &m.profile.business_registration_number {
            assert_eq!(&brn::normalize(b).unwrap(), b);
            assert!(brns.insert(b.clone()), "{b} twice");
        }
        districts.extend(m.profile.district.clone());
        sectors.extend(m.profile.ksic_code.clone());
        assert!(m.created_at <= m.updated_at);
    }
    assert!(districts.len() >= 25, "{} districts", districts.len());
    assert!(sectors.len() >= 60, "{} KSIC codes", sectors.len());
    let unknown = |f: fn(&onestop_core::Profile) -> bool| merchants.iter().filter(|m| f(&m.profile)).count();
    assert!(unknown(|p| p.founded_on.is_none()) > 10);
    assert!(unknown(|p| p.full_time_workers.is_none()) > 10);
    assert!(unknown(|p| p.annual_sales_krw.is_none()) > 10);
    assert!(unknown(|p| p.business_registration_number.is_none()) > 10);

    // Consultations fall on weekdays in office hours within the two years, after their merchant
    // was recorded.
    let summary_from = chrono::NaiveDate::from_ymd_opt(2023, 6, 30).unwrap();
    let mut stmt = store
        .connection()
        .prepare("SELECT c.at, m.created_at FROM consultations c JOIN merchants m ON m.id = c.merchant_id")
        .unwrap();
    let times: Vec<(NaiveDateTime, NaiveDateTime)> =
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).unwrap().collect::<Result<_, _>>().unwrap();
    drop(stmt);
    let mut weekend = 0;
    for (at, created) in &times {
        assert!(at.date() >= summary_from && at.date() <= onestop_devdata::default_until(), "{at}");
        assert!(at >= created, "{at} before {created}");
        weekend += usize::from(matches!(at.weekday(), Weekday::Sat | Weekday::Sun));
    }
    assert!(weekend < times.len() / 50, "{weekend} at weekends");
    let one = store.consultations(Some(&merchants[0].id)).unwrap();
    assert!(one.iter().all(|c| !c.notes.is_empty() && !c.topics.is_empty()));

    // Search finds Korean words of two syllables (LIKE) and three or more (trigram index) in a
    // realistic share of the notes, not in all of them.
    for word in ["매출", "대출", "임대차", "정책자금", "키오스크"] {
        let hits = store.search(word, Some("consultation"), 100_000).unwrap().len();
        assert!((20..1_500).contains(&hits), "{word}: {hits} hits");
    }
    assert!(!store.search("광진구", Some("merchant"), 100).unwrap().is_empty());
    assert!(!store.search("바우처", Some("program"), 100).unwrap().is_empty());

    // Matching merchants against the generated catalogue gives every verdict.
    let mut verdicts = std::collections::BTreeSet::new();
    for m in merchants.iter().take(100) {
        let (_, matches) = store.match_profile(&m.profile, summary_from, None).unwrap();
        verdicts.extend(matches.iter().filter(|x| x.program_id.starts_with("gen-")).map(|x| x.verdict));
    }
    assert!(verdicts.contains(&Verdict::Eligible), "{verdicts:?}");
    assert!(verdicts.contains(&Verdict::Ineligible), "{verdicts:?}");
    assert!(verdicts.contains(&Verdict::Unknown), "{verdicts:?}");
    screening_agrees_with_its_reasons(&store, &merchants, summary_from);
    let frozen: HashSet<String> = {
        let mut stmt = store.connection().prepare("SELECT DISTINCT verdict FROM consultation_programs").unwrap();
        stmt.query_map([], |r| r.get(0)).unwrap().collect::<Result<_, _>>().unwrap()
    };
    assert_eq!(frozen.len(), 3, "{frozen:?}");

    // The database says it holds generated data, and a second run is refused, writing nothing.
    assert!(store.setting(MARKER_SETTING).unwrap().unwrap().contains("\"seed\":11"));
    let before = digest(&store);
    let again = generate(&mut store, &GenerateOptions::new(5, 5, 5, 12), &mut |_| {}).unwrap_err();
    assert!(matches!(again, Error::Conflict { .. }), "{again}");
    assert_eq!(digest(&store), before);

    // The data is usable through the ordinary API: an edit adds a version and reaches the outbox.
    let c = &one[0];
    store.set_follow_up_done(&c.id.to_string(), 0, true).ok();
    store
        .update_consultation(
            &c.id.to_string(),
            onestop_core::consultation::ConsultationInput {
                merchant_id: c.merchant_id.clone(),
                at: Some(c.at),
                counselor: c.counselor.clone(),
                channel: Some(c.channel),
                notes: format!("{} 추가 메모.", c.notes),
                ..Default::default()
            },
        )
        .unwrap();
    assert!(count(&store, "SELECT count(*) FROM sync_outbox") >= 1);
}

#[test]
fn consultations_without_merchants_are_refused_before_anything_is_written() {
    let mut store = Store::open_in_memory().unwrap();
    let e = generate(&mut store, &GenerateOptions::new(3, 0, 10, 1), &mut |_| {}).unwrap_err();
    assert!(e.to_string().contains("consultations"), "{e}");
    assert_eq!(store.setting(MARKER_SETTING).unwrap(), None);
    assert_eq!(count(&store, "SELECT count(*) FROM programs WHERE id LIKE 'gen-%'"), 0);
    // Nothing at all is fine too.
    let s = generate(&mut store, &GenerateOptions::new(0, 0, 0, 1), &mut |_| {}).unwrap();
    assert_eq!((s.programs, s.merchants, s.consultations), (0, 0, 0));
}

/// The screen (no text) and its explanations tell one story: the verdict follows from the
/// reasons, the missing facts are those the reasons name, and the brief explanation of a ruled
/// out program gives the reason the full one puts first.
fn screening_agrees_with_its_reasons(
    store: &Store,
    merchants: &[onestop_core::store::Merchant],
    on: chrono::NaiveDate,
) {
    use onestop_core::eligibility::{match_all, Facts, Outcome};
    let rules = store.stage_rules().unwrap();
    let programs = store.programs(&ProgramFilter::default()).unwrap();
    let mut ruled_out_briefly = 0;
    for m in merchants.iter().take(100) {
        let facts = Facts::new(&m.profile, on, &rules);
        let screened = match_all(&programs, &facts);
        for pair in screened.windows(2) {
            let key = |s: &onestop_core::eligibility::Screening<'_>| {
                let closed = s.window == onestop_core::program::WindowStatus::Closed;
                let window = s.window.list_rank();
                (closed, s.verdict, window, s.missing.len(), s.program.id.clone())
            };
            assert!(key(&pair[0]) <= key(&pair[1]), "not in order: {:?} then {:?}", key(&pair[0]), key(&pair[1]));
        }
        for s in &screened {
            let full = s.explain(&facts);
            let has = |o: Outcome| full.reasons.iter().any(|r| r.outcome == o);
            let expected = if has(Outcome::Fail) {
                Verdict::Ineligible
            } else if has(Outcome::Unknown) {
                Verdict::Unknown
            } else {
                Verdict::Eligible
            };
            assert_eq!(full.verdict, expected, "{} for {}: {:#?}", s.program.id, m.id, full.reasons);
            if full.verdict == Verdict::Eligible {
                let ready = full.reasons.iter().filter_map(|r| r.passes_on).chain(s.program.window.opens_on).max();
                assert_eq!(full.earliest_application_on, ready, "{} for {}", s.program.id, m.id);
            }
            let mut named: Vec<String> = full.reasons.iter().flat_map(|r| r.missing.clone()).collect();
            named.sort();
            named.dedup();
            let mut missing = full.missing.clone();
            missing.sort();
            if full.verdict == Verdict::Unknown {
                assert_eq!(missing, named, "{} for {}", s.program.id, m.id);
            } else {
                assert!(missing.is_empty(), "{} for {}: {missing:?}", s.program.id, m.id);
            }
            let brief = s.explain_briefly(&facts);
            if s.verdict == Verdict::Ineligible {
                assert_eq!(brief.reasons.len(), 1, "{}: {:#?}", s.program.id, brief.reasons);
                assert_eq!(brief.reasons[0].outcome, Outcome::Fail);
                assert!(full.reasons.contains(&brief.reasons[0]), "{}: {:?}", s.program.id, brief.reasons[0]);
                ruled_out_briefly += 1;
            } else {
                assert_eq!(brief, full);
            }
        }
    }
    assert!(ruled_out_briefly > 100, "{ruled_out_briefly}");
}

/// The period report's figures, counted in one pass in memory, equal what SQL's GROUP BY
/// says, for a year (the whole tables read) and for a month (consultations looked up one by one).
#[test]
fn period_figures_agree_with_sql_grouping() {
    use onestop_core::report::period_figures;
    let (store, _) = generated(40, 300, 3_000, 5);
    let conn = store.connection();
    let (first, last): (String, String) = conn
        .query_row("SELECT date(min(at)), date(max(at)) FROM consultations", [], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap();
    let day = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
    let (first, last) = (day(&first), day(&last));
    let as_of = last - chrono::Duration::days(30);
    for (from, to) in [(first, last), (first + chrono::Duration::days(100), first + chrono::Duration::days(130))] {
        let f = period_figures(&store, from, to, as_of).unwrap();
        let (start, end) =
            (from.and_hms_opt(0, 0, 0).unwrap(), (to + chrono::Duration::days(1)).and_hms_opt(0, 0, 0).unwrap());
        let group = |sql: &str| -> Vec<(String, u64)> {
            let mut stmt = conn.prepare(sql).unwrap();
            stmt.query_map(rusqlite::params![start, end], |r| Ok((r.get(0)?, r.get::<_, i64>(1)? as u64)))
                .unwrap()
                .collect::<Result<_, _>>()
                .unwrap()
        };
        let period = "FROM consultations c WHERE c.at >= ?1 AND c.at < ?2";
        let n: i64 =
            conn.query_row(&format!("SELECT count(*) {period}"), rusqlite::params![start, end], |r| r.get(0)).unwrap();
        let n = n as u64;
        assert!(n > 10, "{from}..{to}: {n}");
        assert_eq!(f.consultations, n);
        assert_eq!(f.by_channel, group(&format!("SELECT c.channel, count(*) {period} GROUP BY 1 ORDER BY 2 DESC, 1")));
        assert_eq!(
            f.by_counselor,
            group(&format!("SELECT c.counselor, count(*) {period} GROUP BY 1 ORDER BY 2 DESC, 1"))
        );
        assert_eq!(
            f.by_topic,
            group("SELECT t.value, count(*) FROM consultations c, json_each(c.topics) t WHERE c.at >= ?1 AND c.at < ?2 GROUP BY 1 ORDER BY 2 DESC, 1")
        );
        assert_eq!(
            f.programs,
            group("SELECT p.program_id, count(*) FROM consultation_programs p JOIN consultations c ON c.id = p.consultation_id
                    WHERE c.at >= ?1 AND c.at < ?2 GROUP BY 1 ORDER BY 2 DESC, 1")
        );
        let mut stmt = conn
            .prepare(
                "SELECT r.institution, r.status, count(*) FROM referrals r JOIN consultations c ON c.id = r.consultation_id
                  WHERE c.at >= ?1 AND c.at < ?2 GROUP BY 1, 2 ORDER BY 3 DESC, 1, 2",
            )
            .unwrap();
        let referrals: Vec<(String, String, u64)> = stmt
            .query_map(rusqlite::params![start, end], |r| Ok((r.get(0)?, r.get(1)?, r.get::<_, i64>(2)? as u64)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert!(!referrals.is_empty());
        assert_eq!(f.referrals, referrals);
        let overdue: i64 = conn
            .query_row(
                "SELECT count(*) FROM follow_ups f JOIN consultations c ON c.id = f.consultation_id
                  WHERE c.at >= ?1 AND c.at < ?2 AND f.done = 0 AND f.due_on < ?3",
                rusqlite::params![start, end, as_of],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(f.overdue_follow_ups, overdue as u64);
        // Stages: every consultation has one (or "unknown"), derived from the full profile on its date.
        let rules = store.stage_rules().unwrap();
        let mut stmt = conn.prepare(&format!("SELECT c.merchant_id, c.at {period}")).unwrap();
        let mut expected: std::collections::BTreeMap<String, u64> = Default::default();
        for row in stmt
            .query_map(rusqlite::params![start, end], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, chrono::NaiveDateTime>(1)?))
            })
            .unwrap()
        {
            let (m, at) = row.unwrap();
            let p = store.view_merchant(&m).unwrap().profile;
            let s = onestop_core::stage::derive(&p, at.date(), &rules).stage.map_or("unknown", |s| s.as_str());
            *expected.entry(s.to_string()).or_default() += 1;
        }
        let mut expected: Vec<(String, u64)> = expected.into_iter().collect();
        expected.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        assert!(expected.len() >= 2, "{expected:?}");
        assert_eq!(f.by_stage, expected);
    }
}

/// The period report's results (applications, amounts obtained, partners' answers, duties
/// overdue) equal what the records say, counted here another way: the applications' saved
/// versions grouped by SQL, the typed applications and consultations summed in Rust.
#[test]
fn period_results_agree_with_the_records() {
    use onestop_core::application::ApplicationStatus;
    use onestop_core::report::period_figures;
    use std::collections::BTreeMap;
    let (store, _) = generated(40, 300, 3_000, 5);
    let conn = store.connection();
    let (first, last): (String, String) = conn
        .query_row("SELECT date(min(at)), date(max(at)) FROM consultations", [], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap();
    let day = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
    let (first, last) = (day(&first), day(&last));
    let (from, to, as_of) = (first + chrono::Duration::days(60), last - chrono::Duration::days(60), last);
    let r = period_figures(&store, from, to, as_of).unwrap().results;

    // Applications opened in the period, by status: SQL over the versions table.
    let mut stmt = conn
        .prepare(
            "SELECT json_extract(data, '$.status'), count(*) FROM application_versions
              WHERE date(json_extract(data, '$.created_at')) BETWEEN ?1 AND ?2 GROUP BY 1 ORDER BY 2 DESC, 1",
        )
        .unwrap();
    let want: Vec<(String, u64)> = stmt
        .query_map([from.to_string(), to.to_string()], |r| Ok((r.get(0)?, r.get::<_, i64>(1)? as u64)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    assert!(want.len() >= 4, "generated applications cover the statuses: {want:?}");
    assert_eq!(r.applications_by_status, want);

    // Obtained by kind, and partners' answers: summed from the typed records.
    let in_period = |d: chrono::NaiveDate| from <= d && d <= to;
    let mut obtained: BTreeMap<String, (u64, u64)> = BTreeMap::new();
    let mut overdue: BTreeMap<String, u64> = BTreeMap::new();
    let consultations = store.consultations(None).unwrap();
    for a in store.applications(None).unwrap() {
        if let Some(paid) = a.paid_on.filter(|d| in_period(*d)) {
            let kind = store.program(&a.program_id).unwrap().kinds[0].as_str().to_string();
            let e = obtained.entry(kind).or_default();
            e.0 += 1;
            e.1 += a.amount_paid_krw.unwrap_or(0);
            assert!(a.status >= ApplicationStatus::Paid, "{paid}");
        }
        let late = a.duties.iter().filter(|d| !d.done && d.deadline().is_some_and(|x| x < as_of)).count() as u64;
        if late > 0 {
            let c = consultations.iter().find(|c| Some(c.id) == a.consultation_id).unwrap();
            *overdue.entry(c.counselor.clone()).or_default() += late;
        }
    }
    let mut partners: BTreeMap<(String, String), (u64, u64)> = BTreeMap::new();
    for c in &consultations {
        for x in &c.referrals {
            if let Some(result) = x.result.as_ref().filter(|res| in_period(res.on)) {
                let e = obtained.entry(result.kind.as_str().to_string()).or_default();
                e.0 += 1;
                e.1 += result.amount_krw.unwrap_or(0);
            }
            if x.answered_on.is_some_and(in_period) {
                let name = match &x.partner_id {
                    Some(id) => store.partner(id).unwrap().name.ko,
                    None => x.institution.clone(),
                };
                let status = serde_json::to_value(x.status).unwrap().as_str().unwrap().to_string();
                let e = partners.entry((name, status)).or_default();
                e.0 += 1;
                e.1 += x.result.as_ref().and_then(|res| res.amount_krw).unwrap_or(0);
            }
        }
    }
    let got: BTreeMap<String, (u64, u64)> = r.obtained_by_kind.iter().map(|(k, n, w)| (k.clone(), (*n, *w))).collect();
    assert_eq!(got, obtained);
    assert!(got.values().map(|v| v.1).sum::<u64>() > 0, "some money obtained");
    let got: BTreeMap<(String, String), (u64, u64)> =
        r.referrals_by_partner.iter().map(|(p, s, n, w)| ((p.clone(), s.clone()), (*n, *w))).collect();
    assert_eq!(got, partners);
    assert!(got.keys().any(|(p, _)| p == "서울신용보증재단"), "answers by partners of the directory: {got:?}");
    let got: BTreeMap<String, u64> = r.overdue_duties_by_counselor.iter().cloned().collect();
    assert_eq!(got, overdue);
    assert!(!got.is_empty(), "some duties are overdue");
    // Every consultation on a visit was planned as one, done with it.
    let on_visits = count(&store, "SELECT count(*) FROM consultations WHERE channel = 'visit'");
    assert!(on_visits > 0);
    assert_eq!(
        count(
            &store,
            "SELECT count(*) FROM visits v JOIN consultations c ON c.id = json_extract(v.data, '$.consultation_id')
              WHERE v.status = 'done' AND c.channel = 'visit' AND v.merchant_id = c.merchant_id"
        ),
        on_visits
    );
}
