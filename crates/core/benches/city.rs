//! City-scale benchmarks of the core (issue 7): `cargo bench -p onestop-core --bench city`.
//!
//! The data is `onestop dev generate`'s, made once and kept in `target/bench-data/` (10,000
//! programs, 100,000 merchants, 1,000,000 consultations, seed 7: about 8 minutes on 2 cores).
//! Each figure times single operations inside criterion's `iter_custom`, so besides criterion's
//! own report every operation's time is kept and its median and p95 are written to
//! `target/bench-results/<id>.json` together with a floor measured in the same run: the cost of
//! the least work the operation cannot avoid (reading the rows it reads, a bare index lookup).
//! `scripts/bench.sh` runs this and the other benchmarks and writes `bench/RESULTS.md`.
//!
//! Run as a test (`cargo test --benches`, criterion's test mode) it uses a small generated
//! database (200 programs, 2,000 merchants, 20,000 consultations) and runs each routine once, so
//! CI proves the benchmarks still run. `ONESTOP_BENCH_SMALL=1` forces the small data.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use criterion::{criterion_group, criterion_main, Criterion};
use onestop_core::eligibility::{self, Facts};
use onestop_core::report::{self, SummaryOptions};
use onestop_core::store::ProgramFilter;
use onestop_core::{bizinfo, Lang, Store};
use onestop_devdata::{self as generate, GenerateOptions};
use serde_json::{json, Value};

const SEED: u64 = 7;

struct Scale {
    name: &'static str,
    programs: u32,
    merchants: u32,
    consultations: u32,
}

const CITY: Scale = Scale { name: "city", programs: 10_000, merchants: 100_000, consultations: 1_000_000 };
const SMALL: Scale = Scale { name: "small", programs: 200, merchants: 2_000, consultations: 20_000 };

fn scale() -> &'static Scale {
    let benching = std::env::args().any(|a| a == "--bench");
    if benching && std::env::var_os("ONESTOP_BENCH_SMALL").is_none() {
        &CITY
    } else {
        &SMALL
    }
}

fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target"))
}

/// The generated database for this scale, made on first use.
fn city_db(s: &Scale) -> PathBuf {
    let dir = target_dir().join("bench-data");
    std::fs::create_dir_all(&dir).unwrap();
    let schema = onestop_core::store::MIGRATIONS.len();
    let path = dir.join(format!("{}-s{schema}-seed{SEED}.sqlite3", s.name));
    if !path.exists() {
        let partial = path.with_extension("partial");
        let _ = std::fs::remove_file(&partial);
        for ext in ["partial-wal", "partial-shm"] {
            let _ = std::fs::remove_file(path.with_extension(ext));
        }
        eprintln!(
            "generating {} ({} programs, {} merchants, {} consultations)…",
            path.display(),
            s.programs,
            s.merchants,
            s.consultations
        );
        let started = Instant::now();
        let mut store = Store::open(&partial).unwrap();
        let mut last = Instant::now();
        generate::generate(
            &mut store,
            &GenerateOptions::new(s.programs, s.merchants, s.consultations, SEED),
            &mut |p| {
                if last.elapsed() > Duration::from_secs(15) {
                    eprintln!("  {:?} {}/{} ({}/{})", p.phase, p.done, p.total, p.overall_done, p.overall_total);
                    last = Instant::now();
                }
            },
        )
        .unwrap();
        drop(store);
        std::fs::rename(&partial, &path).unwrap();
        eprintln!("generated in {:.0} s", started.elapsed().as_secs_f64());
    }
    path
}

// ----- per-operation times and the results file ------------------------------------------------

static TIMES: Mutex<BTreeMap<String, Vec<Duration>>> = Mutex::new(BTreeMap::new());

/// Time each of `iters` calls of `op` (the i-th call gets i, to vary the input), keep them
/// under `key`, and return the total for criterion.
fn timed(key: &str, iters: u64, mut op: impl FnMut(u64)) -> Duration {
    let mut total = Duration::ZERO;
    let mut times = Vec::with_capacity(iters as usize);
    for i in 0..iters {
        let t = Instant::now();
        op(i);
        let d = t.elapsed();
        total += d;
        times.push(d);
    }
    TIMES.lock().unwrap().entry(key.to_string()).or_default().extend(times);
    total
}

#[derive(Clone, Copy)]
struct Stats {
    runs: usize,
    median_ms: f64,
    p95_ms: f64,
}

fn stats(key: &str) -> Stats {
    let mut t = TIMES.lock().unwrap().get(key).cloned().unwrap_or_default();
    assert!(!t.is_empty(), "no times recorded for {key}");
    // The first calls warm caches; criterion's warm-up covers them, so drop the first 5%.
    let skip = t.len() / 20;
    t.drain(..skip);
    t.sort();
    let at = |q: f64| t[((t.len() as f64 * q).ceil() as usize).saturating_sub(1).min(t.len() - 1)].as_secs_f64() * 1e3;
    Stats { runs: t.len(), median_ms: at(0.5), p95_ms: at(0.95) }
}

/// Write one figure: the operation's stats under `key`, its floor under `floor_key`.
#[allow(clippy::too_many_arguments)]
fn record(id: &str, title: &str, target: &str, limit_ms: f64, key: &str, floor: Option<(&str, &str)>, notes: &str) {
    // A run filtered to some benchmarks (`cargo bench --bench city -- match`) leaves the other
    // figures' files as they were.
    if !TIMES.lock().unwrap().contains_key(key) {
        eprintln!("{id}: not run this time (filtered out); its results file is left as it was");
        return;
    }
    let s = stats(key);
    let floor = floor.filter(|(_, k)| TIMES.lock().unwrap().contains_key(*k)).map(|(what, k)| {
        let f = stats(k);
        json!({"what": what, "median": round(f.median_ms), "p95": round(f.p95_ms), "runs": f.runs})
    });
    let scale = scale();
    let out = json!({
        "id": id, "title": title, "target": target, "unit": "ms",
        "runs": s.runs, "median": round(s.median_ms), "p95": round(s.p95_ms),
        "met": s.p95_ms < limit_ms, "floor": floor,
        "notes": format!("{notes} Data: {} ({} programs, {} merchants, {} consultations, seed {SEED}).",
            scale.name, scale.programs, scale.merchants, scale.consultations),
    });
    write_result(id, &out);
}

fn write_result(id: &str, v: &Value) {
    let dir = target_dir().join("bench-results");
    std::fs::create_dir_all(&dir).unwrap();
    let name = if scale().name == "city" { format!("{id}.json") } else { format!("{id}.small.json") };
    std::fs::write(dir.join(name), serde_json::to_string_pretty(v).unwrap()).unwrap();
}

fn round(ms: f64) -> f64 {
    (ms * 1000.0).round() / 1000.0
}

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// The day the generated data is looked at: the end of its period.
fn as_of() -> NaiveDate {
    generate::default_until()
}

/// Read every row of `sql` and touch column `col`'s bytes: a floor for work that reads those rows.
fn read_bytes(store: &Store, sql: &str, col: usize, args: impl rusqlite::Params) -> usize {
    let mut stmt = store.connection().prepare_cached(sql).unwrap();
    let mut rows = stmt.query(args).unwrap();
    let mut bytes = 0;
    while let Some(r) = rows.next().unwrap() {
        bytes += r.get_ref(col).unwrap().as_bytes().unwrap().len();
    }
    bytes
}

fn ids(store: &Store, sql: &str) -> Vec<String> {
    let mut stmt = store.connection().prepare(sql).unwrap();
    stmt.query_map([], |r| r.get(0)).unwrap().collect::<rusqlite::Result<_>>().unwrap()
}

// ----- the benchmarks --------------------------------------------------------------------------

fn matching(c: &mut Criterion) {
    let store = Store::open(&city_db(scale())).unwrap();
    let merchants = ids(&store, "SELECT id FROM merchants ORDER BY id LIMIT 1000");
    let profiles: Vec<_> = merchants.iter().map(|id| store.view_merchant(id).unwrap().profile).collect();
    let rules = store.stage_rules().unwrap();
    let catalogue = store.programs(&ProgramFilter::default()).unwrap();
    let mut g = c.benchmark_group("match");
    g.sample_size(20).measurement_time(Duration::from_secs(8));
    g.bench_function("one merchant, programs in memory", |b| {
        b.iter_custom(|n| {
            timed("match", n, |i| {
                let facts = Facts::new(&profiles[i as usize % profiles.len()], as_of(), &rules);
                std::hint::black_box(eligibility::match_all(&catalogue, &facts));
            })
        })
    });
    g.bench_function("one merchant, the Matches screen (catalogue read from the database)", |b| {
        b.iter_custom(|n| {
            timed("match-view", n, |i| {
                std::hint::black_box(store.match_merchant(&merchants[i as usize % merchants.len()], as_of()).unwrap());
            })
        })
    });
    g.bench_function("floor: read the program rows", |b| {
        b.iter_custom(|n| {
            timed("match-floor", n, |_| {
                std::hint::black_box(read_bytes(&store, "SELECT data FROM programs", 0, []));
            })
        })
    });
    g.finish();
    let n = catalogue.len();
    record(
        "match",
        &format!("Match one merchant against {n} programs (engine, catalogue in memory)"),
        "p95 < 2 ms",
        2.0,
        "match",
        Some(("reading the program rows from SQLite (no decoding)", "match-floor")),
        "Facts derived, every program screened (verdict, missing facts, dates; reasons are written only for what a screen shows) and sorted; 1,000 different merchants in turn.",
    );
    record(
        "match-view",
        &format!("Matches screen for one merchant against {n} programs (catalogue kept decoded, match, reasons for the screen, questions)"),
        "p95 < 100 ms (ours: a screen that feels instant)",
        100.0,
        "match-view",
        Some(("reading the program rows from SQLite (no decoding)", "match-floor")),
        "What the app's Matches screen calls: Store::match_merchant, with the decoded catalogue kept between calls, every reason for eligible and unknown programs and the deciding one for the rest.",
    );
}

fn prospects(c: &mut Criterion) {
    let store = Store::open(&city_db(scale())).unwrap();
    let programs = ids(&store, "SELECT id FROM programs WHERE id LIKE 'gen-%' ORDER BY id LIMIT 50");
    let mut g = c.benchmark_group("prospects");
    g.sample_size(10).measurement_time(Duration::from_secs(20));
    g.bench_function("one program against every merchant", |b| {
        b.iter_custom(|n| {
            timed("prospects", n, |i| {
                std::hint::black_box(
                    store.view_prospects(&programs[i as usize % programs.len()], as_of(), 100).unwrap(),
                );
            })
        })
    });
    g.bench_function("floor: read the merchant rows", |b| {
        b.iter_custom(|n| {
            timed("prospects-floor", n, |_| {
                std::hint::black_box(read_bytes(&store, "SELECT id, profile FROM merchants", 1, []));
            })
        })
    });
    g.finish();
    let merchants: i64 = store.connection().query_row("SELECT count(*) FROM merchants", [], |r| r.get(0)).unwrap();
    record(
        "prospects",
        &format!("\"Who should we call?\": one program against {merchants} merchants"),
        "< 1 s",
        1000.0,
        "prospects",
        Some(("reading the merchant rows from SQLite (no decoding)", "prospects-floor")),
        "Store::view_prospects (what staff call; one audit line): every profile decoded, the program screened (no reason text), eligible and unknown kept and sorted; 50 programs in turn.",
    );
}

/// "Whom to call" after an import: the catalogue's newest programs (as if the last look came
/// just before them) against every merchant.
fn calls(c: &mut Criterion) {
    const NEW: i64 = 100;
    let mut store = Store::open(&city_db(scale())).unwrap();
    let mark: i64 =
        store.connection().query_row("SELECT coalesce(max(rowid), 0) FROM program_versions", [], |r| r.get(0)).unwrap();
    store.set_setting("calls.last_look", &format!("{}@2026-01-01T00:00:00", (mark - NEW).max(0))).unwrap();
    let now = as_of().and_hms_opt(12, 0, 0).unwrap();
    let listed = store.view_calls(as_of(), now).unwrap();
    let mut g = c.benchmark_group("calls");
    g.sample_size(10).measurement_time(Duration::from_secs(30));
    g.bench_function("the newest programs against every merchant", |b| {
        b.iter_custom(|n| {
            timed("calls", n, |_| {
                std::hint::black_box(store.view_calls(as_of(), now).unwrap());
            })
        })
    });
    g.finish();
    // The bench data stays as it was made.
    store.connection().execute("DELETE FROM settings WHERE key = 'calls.last_look'", []).unwrap();
    let merchants: i64 = store.connection().query_row("SELECT count(*) FROM merchants", [], |r| r.get(0)).unwrap();
    record(
        "calls",
        &format!("\"Whom to call\" after an import: {NEW} new programs against {merchants} merchants"),
        "< 2 s",
        2000.0,
        "calls",
        Some(("reading the merchant rows from SQLite (no decoding)", "prospects-floor")),
        &format!(
            "Store::view_calls (one audit line): the programs first saved after the last look ({} of them still open on the as-of date), every profile decoded once and screened against each, eligible or one question away kept and sorted.",
            listed.programs.len()
        ),
    );
}

/// Two-syllable and longer Korean queries: common words, names, rare words, two-word queries.
const SHORT_QUERIES: &[&str] =
    &["카페", "대출", "보증", "임대", "매출", "폐업", "권리", "서류", "광진", "치킨", "세무", "온누"];
const LONG_QUERIES: &[&str] = &[
    "임대료",
    "정책자금",
    "특례보증",
    "계약갱신요구권",
    "권리금",
    "경쟁 점포",
    "소상공인",
    "서울신용보증재단",
    "김지현",
    "대환 가능",
    "노란우산",
    "없는낱말입니다",
];

fn search(c: &mut Criterion) {
    let store = Store::open(&city_db(scale())).unwrap();
    let mut g = c.benchmark_group("search");
    g.sample_size(20).measurement_time(Duration::from_secs(6));
    for (key, queries) in [("search-2", SHORT_QUERIES), ("search-3", LONG_QUERIES)] {
        g.bench_function(format!("{key}: Store::search, 30 hits"), |b| {
            b.iter_custom(|n| {
                timed(key, n, |i| {
                    std::hint::black_box(store.search(queries[i as usize % queries.len()], None, 30).unwrap());
                })
            })
        });
        g.bench_function(format!("{key} floor: bare index lookup, 30 rowids"), |b| {
            b.iter_custom(|n| {
                timed(&format!("{key}-floor"), n, |i| {
                    let q = queries[i as usize % queries.len()];
                    let expr = q
                        .split_whitespace()
                        .map(|t| format!("\"{}\"", onestop_core::search::grams(t)))
                        .collect::<Vec<_>>()
                        .join(" AND ");
                    let mut stmt = store
                        .connection()
                        .prepare_cached("SELECT rowid FROM search_grams WHERE search_grams MATCH ?1 LIMIT 30")
                        .unwrap();
                    let n: usize = stmt.query_map([expr], |r| r.get::<_, i64>(0)).unwrap().count();
                    std::hint::black_box(n);
                })
            })
        });
    }
    g.finish();
    // The reference: one LIKE scan of every indexed record (what search without an index costs).
    for q in ["카페", "임대료"] {
        let key = format!("scan-{q}");
        for _ in 0..3 {
            timed(&key, 1, |_| {
                let n: i64 = store
                    .connection()
                    .query_row(
                        "SELECT count(*) FROM search_docs WHERE title LIKE ?1 OR body LIKE ?1",
                        [format!("%{q}%")],
                        |r| r.get(0),
                    )
                    .unwrap();
                std::hint::black_box(n);
            });
        }
    }
    let scan = |q: &str| stats(&format!("scan-{q}")).median_ms;
    let docs: i64 = store.connection().query_row("SELECT count(*) FROM search_docs", [], |r| r.get(0)).unwrap();
    for (key, queries, what) in
        [("search-2", SHORT_QUERIES, "two syllables"), ("search-3", LONG_QUERIES, "three or more")]
    {
        record(
            key,
            &format!("Search {docs} records (programs, merchants, consultation notes), Korean queries of {what}"),
            "p95 < 20 ms",
            20.0,
            key,
            Some(("the bare index lookup of the same queries (30 rowids, no records read)", &format!("{key}-floor"))),
            &format!(
                "Queries in turn: {}. A search whose hits show merchants or consultation notes writes its audit line (one committed insert, synchronous=FULL), and the figure includes it. For scale, a LIKE scan of every record without the index takes {:.0} ms (카페) and {:.0} ms (임대료).",
                queries.join(", "),
                scan("카페"),
                scan("임대료")
            ),
        );
    }
}

/// A Bizinfo-format response of `n` notices, varied from 180 real ones (their full summaries, so
/// reading criteria from the text is measured on real prose).
fn bizinfo_file(n: usize) -> String {
    let sample: Value = serde_json::from_str(
        &std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/bizinfo-api-dev-180.json"),
        )
        .expect("../shared/data/bizinfo-api-dev-180.json beside the project"),
    )
    .unwrap();
    let items = sample["jsonArray"].as_array().unwrap();
    let start = day("2026-01-05");
    let out: Vec<Value> = (0..n)
        .map(|i| {
            let mut it = items[i % items.len()].clone();
            let o = it.as_object_mut().unwrap();
            o.insert("pblancId".into(), json!(format!("PBLN_{:015}", 900_000 + i)));
            let title = o["pblancNm"].as_str().unwrap().to_string();
            o.insert("pblancNm".into(), json!(format!("{title} ({}차)", i / items.len() + 1)));
            let opens = start + chrono::Duration::days((i % 300) as i64);
            let window = match i % 4 {
                0 => "예산 소진시까지".to_string(),
                _ => format!("{} ~ {}", opens, opens + chrono::Duration::days(14 + (i % 30) as i64)),
            };
            o.insert("reqstBeginEndDe".into(), json!(window));
            o.insert("totCnt".into(), json!(n));
            it
        })
        .collect();
    serde_json::to_string(&json!({ "jsonArray": out })).unwrap()
}

fn import(c: &mut Criterion) {
    let n = if scale().name == "city" { 10_000 } else { 500 };
    let body = bizinfo_file(n);
    let dir = tempfile_dir("import");
    let mut g = c.benchmark_group("import");
    g.sample_size(10).measurement_time(Duration::from_secs(30));
    let mut k = 0;
    g.bench_function(format!("{n} Bizinfo notices into a new desk"), |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                k += 1;
                let path = dir.join(format!("desk-{k}.sqlite3"));
                let mut store = Store::open(&path).unwrap();
                total += timed("import", 1, |_| {
                    let s = bizinfo::import_body(&mut store, &body).unwrap();
                    assert_eq!(s.imported as usize, n, "{:?}", s.rejections.first());
                });
                drop(store);
                for ext in ["", "-wal", "-shm"] {
                    let _ = std::fs::remove_file(format!("{}{ext}", path.display()));
                }
            }
            total
        })
    });
    g.bench_function("floor: parse and convert the notices, nothing written", |b| {
        b.iter_custom(|iters| {
            timed("import-floor", iters, |_| {
                let items = bizinfo::parse_body(&body).unwrap();
                let ok = items.iter().enumerate().filter(|(i, it)| bizinfo::to_program(it, *i).is_ok()).count();
                std::hint::black_box(ok);
            })
        })
    });
    g.finish();
    let _ = std::fs::remove_dir_all(&dir);
    record(
        "import",
        &format!("Import {n} programs from a Bizinfo-format file ({:.1} MB)", body.len() as f64 / 1e6),
        "< 2 s",
        2000.0,
        "import",
        Some(("parsing the JSON and converting every notice (criteria read from the text included), nothing written", "import-floor")),
        "bizinfo::import_body into a new file desk (WAL, synchronous=FULL): every notice's criteria read from its words (extract::read), then one transaction, a version and a search entry per program. The notices are the 180 real ones of bizinfo-api-dev-180.json, repeated with new ids, titles and windows.",
    );
}

fn tempfile_dir(name: &str) -> PathBuf {
    let d = target_dir().join("bench-data").join(format!("tmp-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn reports(c: &mut Criterion) {
    let store = Store::open(&city_db(scale())).unwrap();
    let consultations = ids(&store, "SELECT id FROM consultations ORDER BY id LIMIT 200");
    let opt = SummaryOptions { lang: Lang::Ko, include_internal_notes: false, on: as_of(), large_print: false };
    let mut g = c.benchmark_group("reports");
    g.sample_size(20).measurement_time(Duration::from_secs(8));
    g.bench_function("consultation summary PDF", |b| {
        b.iter_custom(|n| {
            timed("pdf", n, |i| {
                let pdf =
                    report::consultation_summary_pdf(&store, &consultations[i as usize % consultations.len()], &opt)
                        .unwrap();
                assert!(pdf.starts_with(b"%PDF"));
            })
        })
    });
    g.bench_function("floor: a one-line PDF with the same font", |b| {
        b.iter_custom(|n| {
            timed("pdf-floor", n, |_| {
                let mut l = onestop_core::pdf::Layout::new().unwrap();
                l.text("상담 결과 안내", 18.0, onestop_core::pdf::ACCENT, 0.0, "");
                std::hint::black_box(l.render("floor", "ko").unwrap());
            })
        })
    });
    g.finish();
    record(
        "pdf-summary",
        "One consultation summary PDF (Korean, embedded font subset)",
        "< 50 ms",
        50.0,
        "pdf",
        Some(("a one-line PDF with the same font (krilla, font subsetting)", "pdf-floor")),
        "report::consultation_summary_pdf: read the consultation, merchant and programs, lay out, render; 200 consultations in turn.",
    );

    let (from, to): (NaiveDate, NaiveDate) = store
        .connection()
        .query_row("SELECT date(min(at)), date(max(at)) FROM consultations", [], |r| {
            Ok((day(&r.get::<_, String>(0)?), day(&r.get::<_, String>(1)?)))
        })
        .unwrap();
    let mut g = c.benchmark_group("period report");
    g.sample_size(10).measurement_time(Duration::from_secs(30));
    g.bench_function("figures and PDF over every consultation", |b| {
        b.iter_custom(|n| {
            timed("period", n, |_| {
                let f = report::period_figures(&store, from, to, as_of()).unwrap();
                let pdf = report::period_report_pdf(&store, &f, Lang::Ko).unwrap();
                std::hint::black_box(pdf);
            })
        })
    });
    g.bench_function("floor: read the period's consultation rows once", |b| {
        b.iter_custom(|n| {
            timed("period-floor", n, |_| {
                let sql = "SELECT merchant_id, channel, counselor, topics FROM consultations WHERE at >= ?1";
                std::hint::black_box(read_bytes(&store, sql, 0, [from.and_hms_opt(0, 0, 0).unwrap()]));
            })
        })
    });
    g.finish();
    let total: i64 = store.connection().query_row("SELECT count(*) FROM consultations", [], |r| r.get(0)).unwrap();
    record(
        "period-report",
        &format!("Period report over {total} consultations ({from} to {to}), figures, results and PDF"),
        "< 2 s",
        2000.0,
        "period",
        Some(("reading the period's consultation rows once (the columns the report counts)", "period-floor")),
        "report::period_figures (stage, channel, topic, counselor, programs, referrals, overdue follow-ups; results: applications by status, obtained by kind, partners' answers, duties overdue) and period_report_pdf.",
    );
}

/// Not timed: how much room the data takes, from SQLite's own page accounting.
fn db_size(_c: &mut Criterion) {
    let s = scale();
    let path = city_db(s);
    let store = Store::open(&path).unwrap();
    let conn = store.connection();
    let page: i64 = conn.query_row("PRAGMA page_size", [], |r| r.get(0)).unwrap();
    let pages: i64 = conn.query_row("PRAGMA page_count", [], |r| r.get(0)).unwrap();
    let file = std::fs::metadata(&path).unwrap().len();
    let mut tables: Vec<(String, i64)> = conn
        .prepare("SELECT name, sum(pgsize) FROM dbstat GROUP BY name ORDER BY 2 DESC")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    tables.truncate(12);
    let per_100k = (pages * page) as f64 / (f64::from(s.consultations) / 100_000.0) / 1e6;
    write_result(
        "db-size",
        &json!({
            "id": "db-size",
            "title": "Database size per 100,000 consultations",
            "target": "report",
            "unit": "MB",
            "runs": 1,
            "median": (per_100k * 10.0).round() / 10.0,
            "p95": null,
            "met": null,
            "floor": null,
            "notes": format!(
                "Whole file {:.0} MB for {} programs, {} merchants and {} consultations (with their versions, programs discussed, referrals, follow-ups and search entries); the figure divides the whole file by the consultations. Largest tables and indexes (MB): {}.",
                file as f64 / 1e6, s.programs, s.merchants, s.consultations,
                tables.iter().map(|(n, b)| format!("{n} {:.0}", *b as f64 / 1e6)).collect::<Vec<_>>().join(", ")
            ),
        }),
    );
}

criterion_group!(benches, matching, prospects, calls, search, import, reports, db_size);
criterion_main!(benches);
