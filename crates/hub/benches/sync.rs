//! Issue 7: "sync of 10,000 changes through the hub on loopback: under 10 s".
//!
//! A private PostgreSQL cluster and a real `onestop-hub serve` process on loopback (the harness
//! of the hub's tests, `tests/support/mod.rs`). Each iteration starts from an empty center (a
//! new center with two new hub accounts) and two fresh desks, encrypted SQLite files as a real
//! desk keeps them:
//!
//! - desk A holds exactly N waiting changes (N/25 merchants with consent, each one change, and
//!   the rest consultations, each one change; checked before timing). **push** is A's
//!   `onestop_core::sync::sync`: the push of N changes in batches, then the pull that gives A
//!   the hub's order of what it sent (the call a clerk waits for). The push phase alone (up to
//!   the last `SyncProgress::Pushing`) is recorded too.
//! - desk B, set up and signed in to the same center, empty. **pull** is B's `sync`: N records.
//! - **push + pull** is the sum: the figure.
//!
//! Preparing the desks is outside the timing (`iter_custom`). Desk A is a copy of one desk built
//! once (the same N changes; its change ids are new to every fresh center).
//!
//! The floor, measured in the same run on the same cluster: PostgreSQL taking the same N change
//! bodies (the outbox's JSON, as jsonb) in one binary COPY over loopback TCP, committed, and
//! giving them back in one `SELECT … ORDER BY seq` (tokio-postgres). It is what the database
//! alone needs to store and return those bytes, with no HTTP, merging or SQLite.
//!
//! Every duration is recorded here (not only criterion's statistics): the median and p95
//! (nearest rank) of the measured runs go to `<target>/bench-results/sync-10k.json`
//! (`CARGO_TARGET_DIR`, else the workspace's `target/`), with the push and pull figures, the
//! hub's own time (from its request log) and the floor in `notes`.
//!
//! Modes:
//! - `cargo bench -p onestop-hub --bench sync`: N = 10,000; criterion's warm-up (one run, not
//!   counted) then 10 samples of one run each (its minimum; Flat sampling with a 1 s measurement
//!   time, so criterion's "unable to complete 10 samples in 1.0s" warning is expected), the same
//!   for the floor. 11 runs plus their set-up: about 11 × (sync time + 5 s). Writes the JSON.
//! - `cargo test -p onestop-hub --benches` (criterion's test mode: the binary gets no `--bench`
//!   argument and runs each benchmark once), or `ONESTOP_BENCH_SMALL=1` with either command:
//!   N = 500, checks the scenario end to end, writes no JSON (the figure is for N = 10,000).
//!   `ONESTOP_BENCH_CHANGES=N` overrides N (for profiling; no JSON unless N = 10,000).
#![allow(clippy::unwrap_used)]

#[path = "../tests/support/mod.rs"]
mod support;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use chrono::{Duration as Days, NaiveDate};
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, SamplingMode, Throughput};
use onestop_core::consultation::{Channel, ConsultationInput, FollowUp, Referral, ReferralStatus};
use onestop_core::device::GuardChoice;
use onestop_core::privacy::{self, ConsentInput, DEFAULT_CONSENT_FORM};

/// The benchmark desks keep their device secret under a passphrase (no keystore on a server).
const DESK_PASSPHRASE: &str = "벤치마크 데스크 암호 문장입니다";

fn guard() -> GuardChoice {
    GuardChoice::Passphrase(DESK_PASSPHRASE.into())
}
use onestop_core::sync::{self, SyncProgress};
use onestop_core::vault::{NewStaff, Role};
use onestop_core::{Profile, Store};
use serde_json::{json, Value};
use support::{hub_user, Hub, PgCluster};
use tempfile::TempDir;

const FULL: usize = 10_000;
const SMALL: usize = 500;
/// Criterion's minimum.
const SAMPLES: usize = 10;
const TARGET_MS: f64 = 10_000.0;
const HUB_PASSWORD: &str = "bench-hub-pass-2026";
const DESK_LOGIN: &str = "kim";
const DESK_PIN: &str = "482913";

struct Mode {
    changes: usize,
    /// `cargo bench` (not criterion's test mode): samples are taken and the JSON written.
    bench: bool,
}

impl Mode {
    fn from_env() -> Mode {
        let args: Vec<String> = std::env::args().collect();
        let bench = args.iter().any(|a| a == "--bench") && !args.iter().any(|a| a == "--test");
        let small = std::env::var("ONESTOP_BENCH_SMALL").is_ok_and(|v| !v.is_empty() && v != "0");
        let changes = std::env::var("ONESTOP_BENCH_CHANGES")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(if small || !bench { SMALL } else { FULL });
        Mode { changes, bench }
    }
}

// ----- the desks' data ----------------------------------------------------------------------

const DISTRICTS: &[&str] = &["광진구", "성동구", "동대문구", "중랑구", "송파구", "강동구", "노원구"];
const SECTORS: &[(&str, &str)] =
    &[("56221", "커피"), ("56111", "식당"), ("10712", "떡집"), ("96112", "미용실"), ("47912", "온라인몰")];
const PROGRAMS: &[&str] = &[
    "gwangjin-onestop-legal-advice",
    "gwangjin-onestop-credit-guarantee",
    "gwangjin-onestop-management-consulting",
    "seoul-2023-employment-incentive",
    "kosme-youth-startup-academy",
    "gwangjin-onestop-visiting-consulting",
];
const TOPICS: &[&str] = &["자금", "보증", "경영개선", "법률", "고용", "판로", "임대료"];
const NOTES: &[&str] = &[
    "임대료 인상으로 운영자금이 부족하다고 함. 서울신용보증재단 보증부 대출 요건과 필요 서류(사업자등록증명, 부가세과세표준증명, 국세·지방세 완납증명)를 안내함.",
    "배달 매출 비중이 커져 수수료 부담을 호소. 온라인 판로 지원사업과 경영개선 컨설팅 신청 절차를 설명하고 다음 방문 때 매출 자료를 가져오기로 함.",
    "직원 1명 신규 채용 예정. 고용보험 가입 후 3개월 근속 시 고용장려금 신청 가능함을 안내. 근로계약서와 4대보험 가입내역 확인 필요.",
    "임대차 계약 갱신 분쟁 관련 법률 상담 요청. 구청 무료 법률상담 일정 안내, 계약서 사본과 내용증명 준비하도록 함.",
];

fn brn(i: usize) -> String {
    // 9 digits from i (the office code 220 keeps it plausible), then the check digit.
    let body = 220_000_000 + (i as u32 * 7919) % 1_000_000;
    let digits: [u32; 9] = std::array::from_fn(|k| (body / 10u32.pow(8 - k as u32)) % 10);
    let check = onestop_core::brn::check_digit(&digits);
    format!("{body}{check}")
}

fn merchant_profile(i: usize) -> Profile {
    let (ksic, kind) = SECTORS[i % SECTORS.len()];
    Profile::from_json_value(&json!({
        "name": format!("{} {kind} {i}호점", ["자양", "구의", "화양", "군자", "중곡"][i % 5]),
        "owner_name": format!("{}{}", ["김", "이", "박", "최", "정"][i % 5], ["민준", "서연", "영희", "지훈", "수빈"][(i / 5) % 5]),
        "phone": format!("010-{:04}-{:04}", 1000 + i % 9000, (i * 37) % 10_000),
        "business_registration_number": brn(i),
        "city": "서울",
        "district": DISTRICTS[i % DISTRICTS.len()],
        "ksic_code": ksic,
        "full_time_workers": i % 9,
        "founded_on": format!("20{:02}-{:02}-{:02}", 12 + i % 13, 1 + i % 12, 1 + i % 28),
        "business_status": "operating",
        "owner_birth_date": format!("19{:02}-{:02}-{:02}", 60 + i % 40, 1 + (i / 3) % 12, 1 + (i / 7) % 28),
        "annual_sales_krw": 80_000_000 + (i as i64 % 50) * 10_000_000,
        "new_hires": if i.is_multiple_of(3) { json!([{ "hired_on": "2025-11-03", "employment_insurance": true }]) } else { json!([]) },
    }))
    .unwrap()
}

fn consultation_input(merchant_id: &str, j: usize) -> ConsultationInput {
    let day = NaiveDate::from_ymd_opt(2025, 1, 2).unwrap() + Days::days((j % 400) as i64);
    let channel = [Channel::Counter, Channel::Visit, Channel::Phone, Channel::Online][j % 4];
    let programs: Vec<String> = (0..1 + j % 2).map(|k| PROGRAMS[(j + k * 3) % PROGRAMS.len()].to_string()).collect();
    ConsultationInput {
        merchant_id: merchant_id.into(),
        at: day.and_hms_opt(9 + (j % 8) as u32, (j * 7 % 60) as u32, 0),
        counselor: ["김상담", "이상담", "박상담"][j % 3].into(),
        channel: Some(channel),
        place: (channel == Channel::Visit).then(|| "사업장".to_string()),
        topics: vec![TOPICS[j % TOPICS.len()].into(), TOPICS[(j + 3) % TOPICS.len()].into()],
        notes: format!("{} (상담 {j})", NOTES[j % NOTES.len()]),
        program_ids: programs.clone(),
        referrals: vec![Referral {
            institution: ["서울신용보증재단", "소상공인시장진흥공단", "광진구청"][j % 3].into(),
            program_id: (j.is_multiple_of(2)).then(|| programs[0].clone()),
            status: [ReferralStatus::Proposed, ReferralStatus::Referred][j % 2],
            note: None,
            ..Default::default()
        }],
        follow_ups: vec![FollowUp {
            due_on: day + Days::days(14),
            action: "서류 확인 전화".into(),
            done: j.is_multiple_of(5),
        }],
        outcome: (j.is_multiple_of(3)).then(|| "보증 신청서 접수 예정".to_string()),
        referred_by: None,
    }
}

fn manager() -> NewStaff {
    NewStaff { login: DESK_LOGIN.into(), name: "김관리".into(), role: Role::Manager, secret: DESK_PIN.into() }
}

fn outbox_count(store: &Store) -> usize {
    store.connection().query_row("SELECT count(*) FROM sync_outbox", [], |r| r.get::<_, i64>(0)).unwrap() as usize
}

/// Desk A's data, built once: an encrypted desk with exactly `n` changes waiting.
struct Template {
    dir: TempDir,
    /// The change bodies as the outbox holds them (for the floor), and their total size.
    bodies: Vec<Value>,
    bytes: usize,
    merchants: usize,
}

impl Template {
    fn build(n: usize) -> Template {
        let started = Instant::now();
        let dir = tempfile::Builder::new().prefix("onestop-bench-template-").tempdir().unwrap();
        let db = dir.path().join("desk.sqlite3");
        let mut s = privacy::set_up(&db, &manager(), &guard()).unwrap().store;
        // Preparation only: the copies are opened by the real sign-in (synchronous = FULL).
        s.connection().pragma_update(None, "synchronous", "OFF").unwrap();
        let merchants = (n / 25).max(1);
        let consent =
            ConsentInput { given_on: NaiveDate::from_ymd_opt(2025, 1, 2).unwrap(), form: DEFAULT_CONSENT_FORM.into() };
        let ids: Vec<String> =
            (0..merchants).map(|i| s.add_merchant(merchant_profile(i), Some(&consent)).unwrap().id).collect();
        for j in 0..n - merchants {
            s.add_consultation(consultation_input(&ids[j % merchants], j)).unwrap();
        }
        assert_eq!(outbox_count(&s), n, "exactly {n} changes wait in the outbox");
        assert_eq!(s.sync_status().unwrap().waiting as usize, n);
        let bodies: Vec<String> = {
            let mut stmt = s.connection().prepare("SELECT body FROM sync_outbox ORDER BY seq").unwrap();
            let rows = stmt.query_map([], |r| r.get(0)).unwrap().collect::<Result<_, _>>().unwrap();
            rows
        };
        let bytes = bodies.iter().map(String::len).sum();
        let bodies = bodies.iter().map(|b| serde_json::from_str(b).unwrap()).collect();
        drop(s); // the last connection: checkpoints the WAL into the file
        eprintln!(
            "template desk: {n} changes ({merchants} merchants, {} consultations), {:.1} MB of change JSON, built in {:.1} s",
            n - merchants,
            bytes as f64 / 1e6,
            started.elapsed().as_secs_f64()
        );
        Template { dir, bodies, bytes, merchants }
    }

    /// A fresh copy of desk A in `dir`, signed in as its manager.
    fn copy_to(&self, dir: &Path) -> Store {
        for entry in std::fs::read_dir(self.dir.path()).unwrap() {
            let entry = entry.unwrap();
            std::fs::copy(entry.path(), dir.join(entry.file_name())).unwrap();
        }
        let db = dir.join("desk.sqlite3");
        let device = privacy::device_secret(&db, Some(DESK_PASSPHRASE)).unwrap();
        privacy::sign_in_with(&db, DESK_LOGIN, DESK_PIN, device).unwrap()
    }
}

// ----- one iteration --------------------------------------------------------------------------

#[derive(Clone, Copy, Debug, Default)]
struct Run {
    /// A's push phase (to the last `Pushing` progress).
    push_phase: Duration,
    /// A's whole sync: push, then the pull of its own changes in the hub's order.
    push: Duration,
    /// B's sync: everything.
    pull: Duration,
    /// The hub's own time (its request log) for A's pushes, A's pulls, B's pulls.
    hub_push_ms: u64,
    hub_pull_a_ms: u64,
    hub_pull_b_ms: u64,
    requests: usize,
}

impl Run {
    fn total(&self) -> Duration {
        self.push + self.pull
    }
}

struct World {
    pg: PgCluster,
    hub: Hub,
    template: Template,
    n: usize,
    iteration: usize,
    log_seen: usize,
}

/// Sums the `ms=` of the hub's request lines for `path` in `log`; also counts them.
fn hub_ms(log: &str, path: &str) -> (u64, usize) {
    let mut sum = 0;
    let mut count = 0;
    for line in log.lines().filter(|l| l.contains(" request") && l.contains(&format!("path={path}"))) {
        let ms = line.split_whitespace().find_map(|w| w.strip_prefix("ms=")).and_then(|v| v.parse::<u64>().ok());
        if let Some(ms) = ms {
            sum += ms;
            count += 1;
        }
    }
    (sum, count)
}

impl World {
    fn start(n: usize) -> World {
        let template = Template::build(n);
        let pg = PgCluster::start();
        let hub = Hub::start(&pg.url(), &[]);
        World { pg, hub, template, n, iteration: 0, log_seen: 0 }
    }

    fn new_log(&mut self) -> String {
        let log = self.hub.logs();
        let fresh = log.get(self.log_seen..).unwrap_or_default().to_owned();
        self.log_seen = log.len();
        fresh
    }

    /// A fresh center and two fresh desks, then the timed syncs.
    fn run_once(&mut self) -> Run {
        self.iteration += 1;
        let (n, i) = (self.n, self.iteration);
        let center = format!("벤치 센터 {i}");
        let (login_a, login_b) = (format!("a{i}"), format!("b{i}"));
        hub_user(&self.pg.url(), &center, &login_a, "staff", HUB_PASSWORD);
        hub_user(&self.pg.url(), &center, &login_b, "staff", HUB_PASSWORD);
        let dirs = tempfile::Builder::new().prefix("onestop-bench-desks-").tempdir().unwrap();
        let (dir_a, dir_b) = (dirs.path().join("a"), dirs.path().join("b"));
        std::fs::create_dir_all(&dir_a).unwrap();
        std::fs::create_dir_all(&dir_b).unwrap();
        let mut a = self.template.copy_to(&dir_a);
        sync::sign_in(&mut a, self.hub.base(), &login_a, HUB_PASSWORD).unwrap();
        let mut b = privacy::set_up(&dir_b.join("desk.sqlite3"), &manager(), &guard()).unwrap().store;
        sync::sign_in(&mut b, self.hub.base(), &login_b, HUB_PASSWORD).unwrap();
        assert_eq!(outbox_count(&a), n);
        assert_eq!(a.sync_status().unwrap().waiting as usize, n);
        assert_eq!(outbox_count(&b), 0);
        self.new_log();

        let started = Instant::now();
        let mut push_phase = Duration::ZERO;
        let ra = sync::sync(&mut a, &mut |p| {
            if let SyncProgress::Pushing { done, total } = p {
                if done == total {
                    push_phase = started.elapsed();
                }
            }
        })
        .unwrap();
        let push = started.elapsed();
        let log_a = self.new_log();
        let started = Instant::now();
        let rb = sync::sync(&mut b, &mut |_| {}).unwrap();
        let pull = started.elapsed();
        let log_b = self.new_log();

        assert_eq!((ra.pushed as usize, ra.duplicates, ra.conflicted), (n, 0, 0), "{ra:?}");
        assert_eq!(ra.status.waiting, 0);
        assert_eq!(rb.pulled as usize, n, "desk B received every record: {rb:?}");
        let consultations: i64 =
            b.connection().query_row("SELECT count(*) FROM consultations", [], |r| r.get(0)).unwrap();
        assert_eq!(consultations as usize, n - self.template.merchants);

        let (hub_push_ms, pushes) = hub_ms(&log_a, "/v1/push");
        let (hub_pull_a_ms, pulls_a) = hub_ms(&log_a, "/v1/pull");
        let (hub_pull_b_ms, pulls_b) = hub_ms(&log_b, "/v1/pull");
        Run { push_phase, push, pull, hub_push_ms, hub_pull_a_ms, hub_pull_b_ms, requests: pushes + pulls_a + pulls_b }
    }

    /// The floor: the same change bodies into PostgreSQL in one binary COPY and back in one SELECT.
    fn floor_once(&mut self, rt: &tokio::runtime::Runtime, url: &str) -> Duration {
        self.iteration += 1;
        let table = format!("floor_{}", self.iteration);
        let bodies = &self.template.bodies;
        rt.block_on(async {
            let (mut client, connection) = tokio_postgres::connect(url, tokio_postgres::NoTls).await.unwrap();
            let conn = tokio::spawn(connection);
            client
                .batch_execute(&format!(
                    "CREATE TABLE {table} (seq bigint PRIMARY KEY, change_id uuid NOT NULL, data jsonb NOT NULL)"
                ))
                .await
                .unwrap();
            let ids: Vec<uuid::Uuid> = (0..bodies.len()).map(|_| uuid::Uuid::new_v4()).collect();
            let started = Instant::now();
            let tx = client.transaction().await.unwrap();
            let sink = tx.copy_in(&format!("COPY {table} (seq, change_id, data) FROM STDIN BINARY")).await.unwrap();
            use tokio_postgres::types::Type;
            let writer =
                tokio_postgres::binary_copy::BinaryCopyInWriter::new(sink, &[Type::INT8, Type::UUID, Type::JSONB]);
            let mut writer = std::pin::pin!(writer);
            for (seq, (body, id)) in bodies.iter().zip(&ids).enumerate() {
                writer.as_mut().write(&[&(seq as i64), id, body]).await.unwrap();
            }
            let copied = writer.finish().await.unwrap();
            tx.commit().await.unwrap();
            let rows =
                client.query(&format!("SELECT seq, change_id, data FROM {table} ORDER BY seq"), &[]).await.unwrap();
            let back: Vec<Value> = rows.iter().map(|r| r.get::<_, Value>(2)).collect();
            let took = started.elapsed();
            assert_eq!((copied as usize, back.len()), (bodies.len(), bodies.len()));
            client.batch_execute(&format!("DROP TABLE {table}")).await.unwrap();
            drop(client);
            let _ = conn.await;
            took
        })
    }
}

// ----- statistics and the result file ----------------------------------------------------------

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// (median, p95 by nearest rank) in ms.
fn stats(values: &[f64]) -> (f64, f64) {
    let mut v = values.to_vec();
    v.sort_by(f64::total_cmp);
    let median = if v.len() % 2 == 1 { v[v.len() / 2] } else { (v[v.len() / 2 - 1] + v[v.len() / 2]) / 2.0 };
    let rank = ((0.95 * v.len() as f64).ceil() as usize).clamp(1, v.len());
    (round1(median), round1(v[rank - 1]))
}

fn results_dir() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target"));
    target.join("bench-results")
}

/// The 1-minute load average: the machine may be shared while the bench runs.
fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|s| s.split_whitespace().next().map(str::to_owned))
        .unwrap_or_else(|| "?".into())
}

fn report(mode: &Mode, world: &World, runs: &[Run], floor: &[Duration], load_before: &str) {
    let template = &world.template;
    let pg_version = world.pg.psql(&["SHOW server_version"]);
    let of = |f: &dyn Fn(&Run) -> f64| stats(&runs.iter().map(f).collect::<Vec<_>>());
    let (total_med, total_p95) = of(&|r| ms(r.total()));
    let (push_med, push_p95) = of(&|r| ms(r.push));
    let (phase_med, phase_p95) = of(&|r| ms(r.push_phase));
    let (echo_med, _) = of(&|r| ms(r.push - r.push_phase));
    let (pull_med, pull_p95) = of(&|r| ms(r.pull));
    let (hub_push_med, _) = of(&|r| r.hub_push_ms as f64);
    let (hub_pull_a_med, _) = of(&|r| r.hub_pull_a_ms as f64);
    let (hub_pull_b_med, _) = of(&|r| r.hub_pull_b_ms as f64);
    let (floor_med, floor_p95) = stats(&floor.iter().map(|d| ms(*d)).collect::<Vec<_>>());
    let n = template.bodies.len();
    let requests = runs.first().map_or(0, |r| r.requests);
    let notes = format!(
        "push median {push_med} ms (p95 {push_p95}): desk A's sync = push phase {phase_med} ms (p95 {phase_p95}) + \
         pulling its own {n} records back in the hub's order {echo_med} ms; pull median {pull_med} ms (p95 {pull_p95}): \
         desk B's sync of {n} records. Hub time from its request log (medians): push {hub_push_med} ms, A's pull \
         {hub_pull_a_med} ms, B's pull {hub_pull_b_med} ms; the rest is the desks (SQLite, JSON, HTTP client). \
         {n} changes = {} merchants with consent + {} consultations, {:.1} MB of change JSON, {requests} HTTP requests \
         per run; encrypted file desks (SQLCipher, WAL, synchronous=FULL), one hub process (16 connections), \
         PostgreSQL {} on the same machine, {} cores, load average {load_before} before and {} after; each run a fresh \
         center and fresh desks; p95 by nearest rank.",
        template.merchants,
        n - template.merchants,
        template.bytes as f64 / 1e6,
        pg_version.split_whitespace().next().unwrap_or("?"),
        std::thread::available_parallelism().map_or(0, |c| c.get()),
        load_average(),
    );
    let result = json!({
        "id": "sync-10k",
        "title": "Sync 10,000 changes through the hub on loopback (push + pull)",
        "target": "< 10 s",
        "unit": "ms",
        "runs": runs.len(),
        "median": total_med,
        "p95": total_p95,
        "met": total_p95 < TARGET_MS,
        "floor": {
            "what": format!(
                "PostgreSQL alone on the same cluster: the same {n} change bodies (jsonb, {:.1} MB) taken in one binary \
                 COPY and committed, then read back in one SELECT ordered by seq, over loopback TCP with tokio-postgres",
                template.bytes as f64 / 1e6
            ),
            "median": floor_med,
            "p95": floor_p95,
        },
        "notes": notes,
    });
    let text = serde_json::to_string_pretty(&result).unwrap();
    eprintln!("\n{text}");
    if mode.bench && n == FULL {
        let dir = results_dir();
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("sync-10k.json");
        std::fs::write(&path, text + "\n").unwrap();
        eprintln!("written to {}", path.display());
    } else {
        eprintln!("(not written: {n} changes, {})", if mode.bench { "bench mode" } else { "test mode" });
    }
}

// ----- criterion --------------------------------------------------------------------------------

fn bench_sync(c: &mut Criterion) {
    let mode = Mode::from_env();
    let load_before = load_average();
    let mut world = World::start(mode.changes);
    let n = mode.changes;
    let mut group = c.benchmark_group("sync");
    group.sampling_mode(SamplingMode::Flat).sample_size(SAMPLES).throughput(Throughput::Elements(n as u64));
    group.warm_up_time(Duration::from_millis(1));
    // Each sample is exactly one run: with Flat sampling a sample takes
    // ceil(measurement time / samples / run time) iterations, so a measurement time of one second
    // means one run per sample for any run over 100 ms. Criterion then warns that it cannot
    // complete 10 samples in 1 s: expected. Its warm-up is one run too (not counted below).
    group.measurement_time(Duration::from_secs(1));
    let mut runs: Vec<Run> = Vec::new();
    let mut calls = 0;
    group.bench_function(BenchmarkId::new("push+pull", n), |b| {
        b.iter_custom(|iters| {
            let mut measured = Duration::ZERO;
            for _ in 0..iters {
                let run = world.run_once();
                measured += run.total();
                // Criterion's warm-up is the first call in bench mode.
                if !mode.bench || calls > 0 {
                    runs.push(run);
                }
            }
            calls += 1;
            measured
        })
    });

    let url = world.pg.create_database("bench_floor");
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let mut floor: Vec<Duration> = Vec::new();
    let mut calls = 0;
    group.bench_function(BenchmarkId::new("postgres-floor", n), |b| {
        b.iter_custom(|iters| {
            let mut measured = Duration::ZERO;
            for _ in 0..iters {
                let took = world.floor_once(&rt, &url);
                measured += took;
                if !mode.bench || calls > 0 {
                    floor.push(took);
                }
            }
            calls += 1;
            measured
        })
    });
    group.finish();

    if runs.is_empty() || floor.is_empty() {
        return; // `--list` or a filter that left these out
    }
    for (k, r) in runs.iter().enumerate() {
        eprintln!(
            "run {k}: push {:.0} ms (phase {:.0}, hub {}), pull {:.0} ms (hub {}), A's pull hub {} ms",
            ms(r.push),
            ms(r.push_phase),
            r.hub_push_ms,
            ms(r.pull),
            r.hub_pull_b_ms,
            r.hub_pull_a_ms
        );
    }
    report(&mode, &world, &runs, &floor, &load_before);
}

criterion_group!(benches, bench_sync);
criterion_main!(benches);
