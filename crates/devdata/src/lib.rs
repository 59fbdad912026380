//! Deterministic benchmark data (`onestop dev generate`, built with the CLI's `dev` feature):
//! programs, merchants and consultations made from word lists by a seeded PRNG.
//!
//! The same options give byte-identical rows: every choice comes from the seed, and every
//! timestamp from the seed and [`GenerateOptions::until`], never from the clock. The PRNG
//! (`fastrand`) is pinned by `Cargo.lock`.
//!
//! **Generated data is benchmark data, not user changes.** It is written straight into the
//! tables through the core's bulk writers (`onestop_core::bulk`, the `bulk` feature), in large
//! transactions with prepared statements; it does NOT go to the sync outbox (a sync never sends
//! it to the hub) nor to the audit log. Merchants get no personal fields (representative's name,
//! phone, birth date), so no consent is needed. The work is committed in chunks so the
//! write-ahead log stays small; the `dev.generated` setting, written in the first chunk, marks a
//! database holding generated data, and a second run on it is refused: generate into a new desk.

use std::collections::HashSet;

use chrono::{Datelike, Duration, Months, NaiveDate, NaiveDateTime, Weekday};
use serde::Serialize;
use uuid::Uuid;

use onestop_core::application::{Anchor, Application, ApplicationInput, ApplicationStatus, Step, When};
use onestop_core::consultation::{
    Channel, Consultation, DiscussedProgram, FollowUp, Referral, ReferralResult, ReferralStatus,
};
use onestop_core::eligibility::{self, Facts};
use onestop_core::ksic::Ksic;
use onestop_core::merchant::Merchant;
use onestop_core::profile::{BusinessStatus, NewHire, Profile};
use onestop_core::program::{ApplyMethod, Benefit, Criterion, HowToApply, Kind, Organisation, Program, Source, Window};
use onestop_core::region::{CITIES, SEOUL, SEOUL_DISTRICTS};
use onestop_core::stage::{Stage, StageRules};
use onestop_core::text::L10n;
use onestop_core::visit::{Visit, VisitStatus};
use onestop_core::{catalogue, Error, Result, Store};

/// The setting that marks a database holding generated data (its value: the options used).
pub const MARKER_SETTING: &str = "dev.generated";

/// Rows per transaction for merchants and consultations. Each commit rewrites every index page
/// its random keys (UUIDs) touched, so larger chunks write less: 50,000 wrote 40% less and ran
/// 17% faster than 10,000 for 300,000 consultations, with a write-ahead log of a few hundred MB.
const CHUNK: u32 = 50_000;

/// How often (in records) progress is reported within a phase.
const REPORT_EVERY: u32 = 1_000;

/// What to generate.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct GenerateOptions {
    pub programs: u32,
    pub merchants: u32,
    pub consultations: u32,
    pub seed: u64,
    /// The last day of the generated period: consultations fall in the two years up to it,
    /// program windows around it. A fixed date (not today) so the data does not depend on when
    /// it was made.
    pub until: NaiveDate,
}

impl GenerateOptions {
    /// These counts and seed, for the period ending on [`default_until`].
    pub fn new(programs: u32, merchants: u32, consultations: u32, seed: u64) -> GenerateOptions {
        GenerateOptions { programs, merchants, consultations, seed, until: default_until() }
    }
}

/// The default end of the generated period: 2025-06-30.
pub fn default_until() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 6, 30).expect("a calendar date")
}

/// Which records are being written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    Programs,
    Merchants,
    Consultations,
}

/// Progress: `done` of `total` in this phase; `overall_done` of `overall_total` records in all.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct GenerateProgress {
    pub phase: Phase,
    pub done: u64,
    pub total: u64,
    pub overall_done: u64,
    pub overall_total: u64,
}

/// What was written.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct GenerateSummary {
    pub seed: u64,
    /// The period consultations fall in.
    pub from: NaiveDate,
    pub until: NaiveDate,
    pub programs: u32,
    pub merchants: u32,
    pub consultations: u32,
    /// Saved versions (some consultations were edited once).
    pub consultation_versions: u64,
    /// Programs discussed, with their verdicts frozen.
    pub programs_discussed: u64,
    pub referrals: u64,
    pub follow_ups: u64,
    /// Applications opened from consultations, with their duties.
    pub applications: u64,
    /// Visit plans, each recorded as its consultation on a visit.
    pub visits: u64,
}

/// Fill the database with generated programs (ids `gen-00001`…), merchants and consultations.
/// See the module documentation: nothing goes to the sync outbox or the audit log.
pub fn generate(
    store: &mut Store,
    opts: &GenerateOptions,
    progress: &mut dyn FnMut(GenerateProgress),
) -> Result<GenerateSummary> {
    if opts.consultations > 0 && opts.merchants == 0 {
        return Err(Error::invalid("consultations", opts.consultations, "consultations need merchants to belong to"));
    }
    if let Some(done) = store.setting(MARKER_SETTING)? {
        return Err(Error::Conflict { what: "generated data in this database (generate into a new desk)", id: done });
    }
    let taken = store.bulk_count_programs("gen-")?;
    if taken > 0 {
        return Err(Error::Conflict { what: "programs with generated ids (gen-…)", id: format!("{taken} programs") });
    }
    let rules = store.stage_rules()?;
    store.bulk_session(|store| write_all(store, opts, &rules, progress))
}

fn write_all(
    store: &mut Store,
    opts: &GenerateOptions,
    rules: &StageRules,
    progress: &mut dyn FnMut(GenerateProgress),
) -> Result<GenerateSummary> {
    let span = Span { from: opts.until.checked_sub_months(Months::new(24)).unwrap_or(opts.until), until: opts.until };
    let overall_total = u64::from(opts.programs) + u64::from(opts.merchants) + u64::from(opts.consultations);
    let mut report = |phase: Phase, done: u32, total: u32, before: u64| {
        progress(GenerateProgress {
            phase,
            done: u64::from(done),
            total: u64::from(total),
            overall_done: before + u64::from(done),
            overall_total,
        })
    };
    let mut summary = GenerateSummary {
        seed: opts.seed,
        from: span.from,
        until: span.until,
        programs: opts.programs,
        merchants: opts.merchants,
        consultations: opts.consultations,
        consultation_versions: 0,
        programs_discussed: 0,
        referrals: 0,
        follow_ups: 0,
        applications: 0,
        visits: 0,
    };

    // ----- programs: one transaction, with the marker -----
    let mut rng = Rand::new(opts.seed, 1);
    let width = opts.programs.to_string().len().max(5);
    let mut programs = Vec::with_capacity(opts.programs as usize);
    for n in 1..=opts.programs {
        let (p, at) = make_program(&mut rng, n, width, opts.seed, &span);
        catalogue::check_program(&p)
            .map_err(|e| Error::invalid(format!("generated program {}", p.id), &p.id, e.to_string()))?;
        programs.push((p, at));
    }
    let tx = store.bulk()?;
    tx.setting(MARKER_SETTING, &serde_json::to_string(opts).expect("plain data serializes"))?;
    report(Phase::Programs, 0, opts.programs, 0);
    for (i, (p, at)) in programs.iter().enumerate() {
        tx.program(p, *at)?;
        let done = i as u32 + 1;
        if done.is_multiple_of(REPORT_EVERY) && done < opts.programs {
            report(Phase::Programs, done, opts.programs, 0);
        }
    }
    tx.commit()?;
    report(Phase::Programs, opts.programs, opts.programs, 0);
    let before = u64::from(opts.programs);

    // ----- merchants -----
    let mut rng = Rand::new(opts.seed, 2);
    let mut brns: HashSet<String> = store.bulk_taken_brns()?;
    let mut merchants: Vec<Merchant> = Vec::with_capacity(opts.merchants as usize);
    report(Phase::Merchants, 0, opts.merchants, before);
    while (merchants.len() as u32) < opts.merchants {
        let tx = store.bulk()?;
        let end = (merchants.len() as u32 + CHUNK).min(opts.merchants);
        while (merchants.len() as u32) < end {
            let m = make_merchant(&mut rng, &span, &mut brns)?;
            tx.merchant(&m)?;
            merchants.push(m);
            let done = merchants.len() as u32;
            if done.is_multiple_of(REPORT_EVERY) && done < end {
                report(Phase::Merchants, done, opts.merchants, before);
            }
        }
        tx.commit()?;
        report(Phase::Merchants, end, opts.merchants, before);
    }
    let before = before + u64::from(opts.merchants);

    // ----- consultations (and the applications some of them lead to) -----
    let mut rng = Rand::new(opts.seed, 3);
    let mut app_rng = Rand::new(opts.seed, 4);
    let active: Vec<&Program> = programs.iter().map(|(p, _)| p).filter(|p| !p.retired).collect();
    let mut done = 0u32;
    report(Phase::Consultations, 0, opts.consultations, before);
    while done < opts.consultations {
        let tx = store.bulk()?;
        let end = (done + CHUNK).min(opts.consultations);
        while done < end {
            // Some merchants come often, some once: the lower of two draws favours the first.
            let n = opts.merchants;
            let m = &merchants[rng.below(n).min(rng.below(n)) as usize];
            let (first, c) = make_consultation(&mut rng, m, &active, rules, &span);
            tx.consultation(first.as_ref(), &c, m.profile.name.as_deref())?;
            if let Some(a) = make_application(&mut app_rng, &c, &active, &span) {
                tx.application(&a)?;
                summary.applications += 1;
            }
            // A consultation on a visit was planned as one.
            if c.channel == Channel::Visit {
                tx.visit(&visit_of(&c))?;
                summary.visits += 1;
            }
            summary.consultation_versions += 1 + u64::from(first.is_some());
            summary.programs_discussed += c.programs.len() as u64;
            summary.referrals += c.referrals.len() as u64;
            summary.follow_ups += c.follow_ups.len() as u64;
            done += 1;
            if done.is_multiple_of(REPORT_EVERY) && done < end {
                report(Phase::Consultations, done, opts.consultations, before);
            }
        }
        tx.commit()?;
        report(Phase::Consultations, done, opts.consultations, before);
    }
    Ok(summary)
}

/// A generated program's typed timeline, from its kind and number (no draws, so the programs'
/// other fields stay as they were): loans a grace year, hiring programs an insurance duty and a
/// payment month, every third other program a result month and a report after payment.
fn generated_steps(kind: Kind, n: u32) -> Vec<Step> {
    let step = |ko: &str, en: &str, when: When| Step { what: L10n::new(ko, en), when, words: L10n::new(ko, en) };
    match kind {
        Kind::Loan | Kind::Guarantee => {
            vec![step(
                "거치 기간 끝, 상환 시작",
                "Grace period ends; repayments begin",
                When::After { anchor: Anchor::Paid, months: 12, days: 0 },
            )]
        }
        Kind::Employment => vec![
            step(
                "신청 후 3개월 고용보험 유지",
                "Keep employment insurance 3 months after applying",
                When::After { anchor: Anchor::Applied, months: 3, days: 0 },
            ),
            step(
                "장려금 지급",
                "Incentive paid",
                When::InMonth { anchor: Anchor::Applied, months: 3, last_day: false },
            ),
        ],
        _ if n.is_multiple_of(3) => vec![
            step(
                "선정 결과 발표",
                "Results announced",
                When::InMonth { anchor: Anchor::Applied, months: 1, last_day: true },
            ),
            step(
                "사업 결과 보고서 제출",
                "Report on the project",
                When::After { anchor: Anchor::Paid, months: 6, days: 0 },
            ),
        ],
        _ => Vec::new(),
    }
}

/// The plan a consultation on a visit was made from: planned a week before, done with it.
fn visit_of(c: &Consultation) -> Visit {
    Visit {
        id: Uuid::from_u128(c.id.as_u128() ^ 0x0056_4953_4954), // "VISIT": stable, distinct from the consultation's
        merchant_id: Some(c.merchant_id.clone()),
        prospect: None,
        on: c.at.date(),
        time: Some(c.at.time()),
        place: c.place.clone().unwrap_or_else(|| "사업장".to_string()),
        purpose: c.topics.first().map_or_else(|| "방문 상담".to_string(), |t| format!("{t} 방문 상담")),
        counselor: c.counselor.clone(),
        status: VisitStatus::Done,
        consultation_id: Some(c.id),
        version: 1,
        created_at: c.at - Duration::days(7),
        updated_at: c.updated_at,
    }
}

/// A fifth of the consultations that discussed a program lead to an application to the first
/// one, at some stage of its course, with its duties planned from the program's steps.
fn make_application(rng: &mut Rand, c: &Consultation, active: &[&Program], span: &Span) -> Option<Application> {
    let discussed = c.programs.first()?;
    if !rng.pct(20) {
        return None;
    }
    let program = active.iter().find(|p| p.id == discussed.program_id)?;
    let status = *rng.weighted(&[
        (15, ApplicationStatus::Preparing),
        (25, ApplicationStatus::Applied),
        (15, ApplicationStatus::Selected),
        (15, ApplicationStatus::Rejected),
        (25, ApplicationStatus::Paid),
        (5, ApplicationStatus::Closed),
    ]);
    let day = c.at.date();
    let applied_on = (status != ApplicationStatus::Preparing).then(|| day + Duration::days(rng.between(0, 20)));
    let requested = applied_on.map(|_| rng.between(1, 60) as u64 * 1_000_000);
    let decided = matches!(
        status,
        ApplicationStatus::Selected | ApplicationStatus::Rejected | ApplicationStatus::Paid | ApplicationStatus::Closed
    );
    let decided_on = applied_on.filter(|_| decided).map(|a| a + Duration::days(rng.between(7, 45)));
    let rejected = status == ApplicationStatus::Rejected;
    let approved = decided_on.filter(|_| !rejected).and(requested).map(|r| r / 10 * rng.between(5, 10) as u64);
    let paid = matches!(status, ApplicationStatus::Paid | ApplicationStatus::Closed);
    let paid_on = decided_on.filter(|_| paid).map(|d| d + Duration::days(rng.between(3, 30)));
    let input = ApplicationInput {
        merchant_id: c.merchant_id.clone(),
        program_id: program.id.clone(),
        consultation_id: Some(c.id),
        status: Some(status),
        applied_on,
        hired_on: None,
        amount_requested_krw: requested,
        decided_on,
        amount_approved_krw: approved,
        decision_reason: rejected.then(|| rng.pick(DECLINE_REASONS).to_string()),
        paid_on,
        amount_paid_krw: paid_on.and(approved),
        closed_on: (status == ApplicationStatus::Closed).then(|| paid_on.unwrap_or(day) + Duration::days(30)),
        note: String::new(),
    };
    let at = c.updated_at;
    let mut a = Application::new(Uuid::from_u128(rng.0.u128(..)), input, &program.steps, &c.counselor, at).ok()?;
    // Duties whose date is well past are mostly done.
    for d in &mut a.duties {
        d.done = d.deadline().is_some_and(|due| due + Duration::days(14) < span.until && rng.pct(85));
    }
    Some(a)
}

// ----- randomness ---------------------------------------------------------------------------

/// The seeded PRNG, one independent stream per phase (so merchants do not change when only the
/// number of programs does).
struct Rand(fastrand::Rng);

impl Rand {
    fn new(seed: u64, stream: u64) -> Rand {
        Rand(fastrand::Rng::with_seed(seed ^ stream.wrapping_mul(0x9E37_79B9_7F4A_7C15)))
    }

    /// 0..n (n > 0).
    fn below(&mut self, n: u32) -> u32 {
        self.0.u32(0..n)
    }

    /// lo..=hi.
    fn between(&mut self, lo: i64, hi: i64) -> i64 {
        self.0.i64(lo..=hi.max(lo))
    }

    /// True `pct` times in a hundred.
    fn pct(&mut self, pct: u32) -> bool {
        self.below(100) < pct
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u32) as usize]
    }

    /// An item chosen by weight.
    fn weighted<'a, T>(&mut self, items: &'a [(u32, T)]) -> &'a T {
        let total: u32 = items.iter().map(|(w, _)| w).sum();
        let mut r = self.below(total);
        for (w, item) in items {
            if r < *w {
                return item;
            }
            r -= w;
        }
        &items[items.len() - 1].1
    }

    /// `lo` to `lo + spread - 1` distinct indexes below `len` (fewer if `len` is smaller).
    fn some(&mut self, lo: u32, spread: u32, len: usize) -> Vec<usize> {
        let n = lo + self.below(spread);
        self.distinct(n as usize, len)
    }

    /// Up to `n` distinct indexes below `len`, in the order drawn.
    fn distinct(&mut self, n: usize, len: usize) -> Vec<usize> {
        let mut out: Vec<usize> = Vec::with_capacity(n);
        while out.len() < n.min(len) {
            let i = self.below(len as u32) as usize;
            if !out.contains(&i) {
                out.push(i);
            }
        }
        out
    }

    fn uuid(&mut self) -> Uuid {
        let mut b = [0u8; 16];
        self.0.fill(&mut b);
        uuid::Builder::from_random_bytes(b).into_uuid()
    }

    fn day(&mut self, from: NaiveDate, to: NaiveDate) -> NaiveDate {
        from + Duration::days(self.between(0, (to - from).num_days()))
    }

    /// A time in office hours, 09:00 to 17:50 in ten-minute steps.
    fn office_time(&mut self, day: NaiveDate) -> NaiveDateTime {
        let slot = self.below(54);
        day.and_hms_opt(9 + slot / 6, (slot % 6) * 10, 0).expect("a valid time")
    }
}

/// The generated period: two years up to `until`.
struct Span {
    from: NaiveDate,
    until: NaiveDate,
}

fn l(ko: &str, en: &str) -> L10n {
    L10n::new(ko, en)
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("a calendar date")
}

/// Fill `{pct}`, `{amt}`, `{mon}` and `{n}` in a phrase.
fn fill(rng: &mut Rand, phrase: &str) -> String {
    if !phrase.contains('{') {
        return phrase.to_string();
    }
    let mut s = phrase.to_string();
    for (slot, lo, hi, step) in [("{pct}", 5, 40, 1), ("{amt}", 3, 80, 100), ("{mon}", 1, 12, 1), ("{n}", 1, 9, 1)] {
        while let Some(i) = s.find(slot) {
            let v = (rng.between(lo, hi) * step).to_string();
            s.replace_range(i..i + slot.len(), &v);
        }
    }
    s
}

// ----- programs -----------------------------------------------------------------------------

/// (Korean, English) themes per kind of program.
fn themes(kind: Kind) -> &'static [(&'static str, &'static str)] {
    match kind {
        Kind::Grant => &[
            ("경영안정자금 지원", "business stabilisation grant"),
            ("임차료 지원", "rent support grant"),
            ("시설 개선 지원", "premises improvement grant"),
            ("간판 교체 지원", "signboard replacement grant"),
            ("재기 지원금", "restart grant"),
        ],
        Kind::Loan => &[
            ("정책자금 융자", "policy loan"),
            ("긴급경영안정자금 융자", "emergency stabilisation loan"),
            ("창업자금 융자", "startup loan"),
            ("성장기반자금 융자", "growth loan"),
        ],
        Kind::Guarantee => &[
            ("특례보증", "special credit guarantee"),
            ("신용보증 지원", "credit guarantee"),
            ("무보증료 특별보증", "fee-free special guarantee"),
        ],
        Kind::Voucher => &[
            ("경영개선 바우처", "management improvement voucher"),
            ("디지털 전환 바우처", "digital transformation voucher"),
            ("배달·포장 지원 바우처", "delivery and packaging voucher"),
            ("수출 바우처", "export voucher"),
        ],
        Kind::Consulting => &[
            ("경영 컨설팅", "management consulting"),
            ("상권 분석 컨설팅", "trade area analysis consulting"),
            ("브랜드 개발 컨설팅", "brand development consulting"),
        ],
        Kind::Legal => &[
            ("무료 법률상담", "free legal advice"),
            ("임대차 분쟁 조정 지원", "lease dispute mediation"),
            ("노무 상담 지원", "labour advice"),
        ],
        Kind::Employment => &[
            ("고용장려금", "hiring incentive"),
            ("청년 일자리 지원", "youth job support"),
            ("일자리 안정 지원", "job security support"),
        ],
        Kind::Training => &[
            ("역량 강화 교육", "capacity building course"),
            ("온라인 마케팅 교육", "online marketing course"),
            ("재창업 교육", "restart course"),
        ],
        Kind::MarketExpansion => &[
            ("온라인 판로 개척 지원", "online sales channel support"),
            ("전통시장 판로 지원", "traditional market sales support"),
            ("해외 판로 지원", "overseas market support"),
        ],
        Kind::Digital => &[
            ("스마트상점 기술 보급", "smart shop technology rollout"),
            ("키오스크 도입 지원", "kiosk adoption support"),
            ("온라인 쇼핑몰 입점 지원", "online mall entry support"),
        ],
    }
}

const TARGETS: &[(&str, &str)] = &[
    ("소상공인", "small business"),
    ("소상공인", "small business"),
    ("청년 창업자", "young founders'"),
    ("전통시장 상인", "traditional market traders'"),
    ("여성 기업", "women-owned business"),
    ("재창업자", "restarting business"),
    ("골목상권", "neighbourhood shop"),
    ("", ""),
];

const SUMMARY_LINES: &[(&str, &str)] = &[
    ("예산 소진 시 조기 마감될 수 있습니다.", "Applications may close early once the budget runs out."),
    ("신청 전 자격 요건과 제출 서류를 확인하시기 바랍니다.", "Check the conditions and documents before applying."),
    ("선정 결과는 개별 통보합니다.", "Applicants are told the result individually."),
    ("다른 사업과 중복 지원이 제한될 수 있습니다.", "Combining it with other programmes may be restricted."),
    ("지원 내용은 심사 결과에 따라 달라질 수 있습니다.", "What is granted depends on the review."),
];

const SEOUL_PROVIDERS: &[(&str, &str)] = &[
    ("서울특별시", "Seoul Metropolitan Government"),
    ("서울신용보증재단", "Seoul Credit Guarantee Foundation"),
    ("서울경제진흥원", "Seoul Business Agency"),
];

const NATIONAL_PROVIDERS: &[(&str, &str)] = &[
    ("중소벤처기업부", "Ministry of SMEs and Startups"),
    ("소상공인시장진흥공단", "Small Enterprise and Market Service (SEMAS)"),
    ("중소벤처기업진흥공단", "Korea SMEs and Startups Agency (KOSME)"),
    ("고용노동부", "Ministry of Employment and Labor"),
    ("신용보증기금", "Korea Credit Guarantee Fund (KODIT)"),
    ("대한법률구조공단", "Korea Legal Aid Corporation"),
];

const BANKS: &[(&str, &str)] = &[
    ("신한은행", "Shinhan Bank"),
    ("우리은행", "Woori Bank"),
    ("하나은행", "Hana Bank"),
    ("KB국민은행", "KB Kookmin Bank"),
    ("IBK기업은행", "IBK Industrial Bank of Korea"),
];

const TO_CONFIRM: &[(&str, &str)] = &[
    ("국세·지방세 체납이 없음", "No unpaid national or local taxes."),
    ("최근 3년 이내 같은 사업의 지원을 받은 적이 없음", "Has not received this programme in the last three years."),
    ("사업장 임대차 계약서를 보유함", "Holds the lease contract for the premises."),
    ("금융기관 연체 중이 아님", "Not in arrears with a financial institution."),
];

const EXCLUSIONS: &[(&str, &str)] = &[
    ("휴업 또는 폐업 중인 사업자", "Businesses suspended or closed"),
    ("유흥·사행성 업종", "Entertainment and gambling businesses"),
    ("국세·지방세 체납 사업자", "Businesses with unpaid taxes"),
];

const DOCUMENTS: &[(&str, &str)] = &[
    ("사업자등록증 사본", "Copy of the business registration certificate"),
    ("부가가치세 과세표준증명원", "VAT tax base certificate"),
    ("4대 사회보험 가입자 명부", "List of social insurance subscribers"),
    ("신청서 및 개인정보 수집·이용 동의서", "Application form and consent to personal information use"),
    ("임대차 계약서 사본", "Copy of the lease contract"),
];

const TIMELINE: &[(&str, &str)] = &[
    ("선정 후 3개월 이내 사업을 완료해야 합니다.", "The project must be completed within 3 months of selection."),
    ("지원금은 완료 보고 후 지급합니다.", "The money is paid after the completion report."),
    ("협약 후 6개월간 사후 점검을 합니다.", "A follow-up check runs for 6 months after the agreement."),
];

/// Districts outside Seoul for the few programs and merchants elsewhere.
const ELSEWHERE: &[(&str, &[&str])] = &[
    ("경기도", &["성남시", "고양시", "수원시", "부천시"]),
    ("인천광역시", &["부평구", "남동구"]),
    ("부산광역시", &["해운대구", "부산진구"]),
];

enum Area {
    District(usize),
    Seoul,
    National,
    Elsewhere(usize),
}

fn make_window(rng: &mut Rand, span: &Span) -> Window {
    let early = span.from - Duration::days(365);
    let late = span.until + Duration::days(90);
    match rng.below(100) {
        0..=14 => Window {
            always_open: true,
            note: Some(l("상시 접수", "applications taken year-round")),
            ..Default::default()
        },
        15..=34 => {
            let opens = rng.day(early, span.until + Duration::days(60));
            Window {
                opens_on: Some(opens),
                until_budget_exhausted: true,
                budget_year: Some(opens.year()),
                note: Some(l("예산 소진시까지", "until the budget is exhausted")),
                ..Default::default()
            }
        }
        35..=84 => {
            let opens = rng.day(early, late);
            Window {
                opens_on: Some(opens),
                closes_on: Some(opens + Duration::days(rng.between(14, 120))),
                ..Default::default()
            }
        }
        85..=94 => Window {
            note: Some(l(
                "모집 기간·상시 접수 여부가 자료에 나와 있지 않습니다.",
                "The source states neither application dates nor whether applications are taken year-round.",
            )),
            ..Default::default()
        },
        _ => Window { closes_on: Some(rng.day(span.from, span.until + Duration::days(60))), ..Default::default() },
    }
}

/// A criterion drawn from the kinds the bundled catalogue uses, with varied bounds.
fn make_criterion(rng: &mut Rand, kind: Kind, year: i32) -> Criterion {
    let pick: &[(u32, u8)] = &[
        (20, 0),                                            // operating
        (20, 1),                                            // small business
        (8, 2),                                             // not non-profit
        (10, 3),                                            // registered
        (12, 4),                                            // business age
        (8, 5),                                             // stage
        (8, 6),                                             // headcount
        (8, 7),                                             // annual sales
        (10, 8),                                            // sector
        (if kind == Kind::Employment { 30 } else { 3 }, 9), // new hire
        (1, 10),                                            // factory
        (1, 11),                                            // incubator
        (3, 12),                                            // owner age
        (3, 13),                                            // any of: small business or declared
        (2, 14),                                            // any of: restart or young
        (2, 15),                                            // unstructured
    ];
    match rng.weighted(pick) {
        0 => Criterion::Operating,
        1 => Criterion::SmallBusiness,
        2 => Criterion::NotNonprofit,
        3 => Criterion::Registered,
        4 => match rng.below(4) {
            0 => Criterion::BusinessAge { min_years: None, max_years_exclusive: Some(3) },
            1 => Criterion::BusinessAge { min_years: None, max_years_exclusive: Some(7) },
            2 => Criterion::BusinessAge { min_years: Some(1), max_years_exclusive: None },
            _ => Criterion::BusinessAge { min_years: Some(3), max_years_exclusive: None },
        },
        5 => Criterion::Stage {
            any_of: rng
                .pick(&[
                    &[Stage::Startup][..],
                    &[Stage::Growth],
                    &[Stage::Restart],
                    &[Stage::PreStartup, Stage::Startup],
                    &[Stage::Startup, Stage::Growth],
                ])
                .to_vec(),
        },
        6 => match rng.below(4) {
            0 => Criterion::Headcount { min: Some(1), max_exclusive: None },
            1 => Criterion::Headcount { min: None, max_exclusive: Some(5) },
            2 => Criterion::Headcount { min: Some(1), max_exclusive: Some(10) },
            _ => Criterion::Headcount { min: None, max_exclusive: Some(50) },
        },
        7 => Criterion::AnnualSales { max_krw: *rng.pick(&[300_000_000, 500_000_000, 1_000_000_000, 3_000_000_000]) },
        8 => {
            let sectors: [(&[&str], &[&str]); 10] = [
                (&["I"], &[]),
                (&["G", "I"], &[]),
                (&["56"], &["5621"]),
                (&["47", "56"], &[]),
                (&["C"], &[]),
                (&["96"], &[]),
                (&["85"], &[]),
                (&[], &["5621"]),
                (&[], &["K", "L"]),
                (&[], &["56211", "56212", "91223"]),
            ];
            let (include, exclude) = *rng.pick(&sectors);
            Criterion::Sector {
                include: include.iter().map(|s| s.to_string()).collect(),
                exclude: exclude.iter().map(|s| s.to_string()).collect(),
            }
        }
        9 => Criterion::NewHire {
            from: date(year, 1, 1),
            to: date(year, 12, 31),
            employment_insurance: rng.pct(70),
            min_months: *rng.pick(&[0, 1, 3, 6]),
        },
        10 => Criterion::FactoryIn {
            districts: rng
                .some(1, 3, SEOUL_DISTRICTS.len())
                .into_iter()
                .map(|i| SEOUL_DISTRICTS[i].0.to_string())
                .collect(),
        },
        11 => Criterion::IncubatorTenant,
        12 => Criterion::OwnerAge { min: Some(19), max: Some(39) },
        13 => Criterion::AnyOf {
            criteria: vec![
                Criterion::SmallBusiness,
                Criterion::Declared {
                    text: l("중소기업 확인서 보유", "holds an SME confirmation certificate")
                },
            ],
        },
        14 => Criterion::AnyOf {
            criteria: vec![
                Criterion::Stage { any_of: vec![Stage::Restart] },
                Criterion::BusinessAge { min_years: None, max_years_exclusive: Some(3) },
            ],
        },
        _ => Criterion::Unstructured {
            text: l("공고문에 따른 세부 요건을 충족할 것", "meets the detailed conditions of the notice"),
        },
    }
}

/// An amount of won as Korean writes it: 1억 4천만 원, 300만 원.
fn won(amount: u64) -> String {
    let (eok, man) = (amount / 100_000_000, amount % 100_000_000 / 10_000);
    let mut parts = Vec::new();
    if eok > 0 {
        parts.push(format!("{eok}억"));
    }
    if man > 0 {
        parts.push(if man % 1000 == 0 { format!("{}천만", man / 1000) } else { format!("{man}만") });
    }
    if parts.is_empty() {
        parts.push(amount.to_string());
    }
    format!("{} 원", parts.join(" "))
}

fn make_benefit(rng: &mut Rand, kind: Kind) -> Benefit {
    let b = Benefit::default();
    match kind {
        Kind::Loan => {
            let tens = rng.between(3, 20) as u64; // tens of millions of won
            let rate = rng.between(15, 45); // tenths of a percent
            let (grace, repay) = (rng.between(1, 2) as u32, rng.between(3, 5) as u32);
            Benefit {
                text: L10n::new(
                    format!("업체당 최대 {} 융자, 연 {}.{}% 금리, {grace}년 거치 {repay}년 분할상환", won(tens * 10_000_000), rate / 10, rate % 10),
                    format!(
                        "Loan of up to KRW {tens}0 million per business at {}.{}% a year, {grace} years' grace, repaid over {repay} years",
                        rate / 10,
                        rate % 10
                    ),
                ),
                amount_krw: Some(tens * 10_000_000),
                per: Some("company".into()),
                interest_rate_pct: Some(rate as f64 / 10.0),
                grace_years: Some(grace),
                repayment_years: Some(repay),
                ..b
            }
        }
        Kind::Guarantee => {
            let tens = rng.between(5, 30) as u64;
            Benefit {
                text: L10n::new(
                    format!("보증 한도 업체당 최대 {}", won(tens * 10_000_000)),
                    format!("Guarantee of up to KRW {tens}0 million per business"),
                ),
                cap_per_company_krw: Some(tens * 10_000_000),
                ..b
            }
        }
        Kind::Grant | Kind::Digital => {
            let millions = rng.between(1, 30) as u64;
            let covered = rng.between(5, 10) as u32 * 10;
            Benefit {
                text: L10n::new(
                    format!("비용의 {covered}% 지원, 업체당 최대 {}", won(millions * 1_000_000)),
                    format!("{covered}% of the cost, up to KRW {} per business", millions * 1_000_000),
                ),
                covered_share: Some(f64::from(covered) / 100.0),
                cap_per_company_krw: Some(millions * 1_000_000),
                ..b
            }
        }
        Kind::Voucher => {
            let millions = rng.between(2, 10) as u64;
            let copay = rng.between(1, 3) as u32 * 10;
            Benefit {
                text: L10n::new(
                    format!("바우처 최대 {} (자부담 {copay}%)", won(millions * 1_000_000)),
                    format!("Voucher of up to KRW {} ({copay}% co-payment)", millions * 1_000_000),
                ),
                amount_krw: Some(millions * 1_000_000),
                per: Some("company".into()),
                copay_share: Some(f64::from(copay) / 100.0),
                ..b
            }
        }
        Kind::Employment => {
            let tens = rng.between(3, 10) as u64; // tens of thousands of won a month
            let months = *rng.pick(&[6, 12]);
            Benefit {
                text: L10n::new(
                    format!("신규 채용 1명당 월 {}, 최대 {months}개월", won(tens * 100_000)),
                    format!("KRW {} a month per new hire, for up to {months} months", tens * 100_000),
                ),
                amount_krw: Some(tens * 100_000),
                per: Some("hire".into()),
                cap_count: Some(*rng.pick(&[3, 5, 10])),
                ..b
            }
        }
        Kind::Consulting => {
            let n = rng.between(2, 6);
            Benefit {
                text: L10n::new(
                    format!("전문가 컨설팅 {n}회 무료 제공"),
                    format!("{n} free sessions with a consultant"),
                ),
                ..b
            }
        }
        Kind::Legal => Benefit {
            text: l("변호사·노무사 상담 무료 (1회 30분)", "Free advice from a lawyer or labour attorney (30 minutes)"),
            ..b
        },
        Kind::Training => {
            Benefit { text: l("교육비 전액 무료, 수료증 발급", "Free course with a certificate"), ..b }
        }
        Kind::MarketExpansion => {
            let covered = rng.between(5, 9) as u32 * 10;
            Benefit {
                text: L10n::new(
                    format!("입점 수수료와 홍보비의 {covered}% 지원"),
                    format!("{covered}% of listing fees and promotion costs"),
                ),
                covered_share: Some(f64::from(covered) / 100.0),
                ..b
            }
        }
    }
}

fn make_program(rng: &mut Rand, n: u32, width: usize, seed: u64, span: &Span) -> (Program, NaiveDateTime) {
    let kind = *rng.pick(&Kind::ALL);
    let mut kinds = vec![kind];
    if rng.pct(25) {
        let other = *rng.pick(&Kind::ALL);
        if other != kind {
            kinds.push(other);
        }
    }
    let area = match rng.below(100) {
        0..=29 => Area::District(rng.below(SEOUL_DISTRICTS.len() as u32) as usize),
        30..=64 => Area::Seoul,
        65..=94 => Area::National,
        _ => Area::Elsewhere(rng.below(ELSEWHERE.len() as u32) as usize),
    };
    let window = make_window(rng, span);
    let year = window.opens_on.or(window.closes_on).map_or(span.until.year(), |d| d.year());
    let theme = *rng.pick(themes(kind));
    let target = *rng.pick(TARGETS);

    let (area_ko, area_en, provider, mut criteria) = match area {
        Area::District(i) => {
            let (ko, en) = SEOUL_DISTRICTS[i];
            let mut districts = vec![ko.to_string()];
            if rng.pct(20) {
                let (other, _) = SEOUL_DISTRICTS[(i + 1) % SEOUL_DISTRICTS.len()];
                districts.push(other.to_string());
            }
            let provider = Organisation { ko: format!("{ko}청"), en: format!("{en} Office"), contact: None };
            (ko.to_string(), en.to_string(), provider, vec![Criterion::Location { city: SEOUL.into(), districts }])
        }
        Area::Seoul => {
            let (ko, en) = *rng.pick(SEOUL_PROVIDERS);
            let provider = Organisation { ko: ko.into(), en: en.into(), contact: None };
            (
                "서울시".into(),
                "Seoul".into(),
                provider,
                vec![Criterion::Location { city: SEOUL.into(), districts: vec![] }],
            )
        }
        Area::National => {
            let (ko, en) = *rng.pick(NATIONAL_PROVIDERS);
            (String::new(), String::new(), Organisation { ko: ko.into(), en: en.into(), contact: None }, vec![])
        }
        Area::Elsewhere(i) => {
            let city = ELSEWHERE[i].0;
            let en = CITIES.iter().find(|c| c.0 == city).map_or(city, |c| c.2);
            let provider = Organisation { ko: city.into(), en: format!("{en} provincial government"), contact: None };
            (city.into(), en.into(), provider, vec![Criterion::Location { city: city.into(), districts: vec![] }])
        }
    };
    let provider = Organisation {
        contact: rng.pct(30).then(|| format!("02-{}-{:04}", rng.between(2000, 3999), rng.between(0, 9999))),
        ..provider
    };
    let mut types: Vec<&'static str> = criteria.iter().map(Criterion::type_name).collect();
    for _ in 0..rng.below(4) {
        let c = make_criterion(rng, kind, year);
        if !types.contains(&c.type_name()) {
            types.push(c.type_name());
            criteria.push(c);
        }
    }
    let stages = match criteria.iter().find_map(|c| match c {
        Criterion::Stage { any_of } => Some(any_of.clone()),
        _ => None,
    }) {
        Some(s) => s,
        None if rng.pct(50) => vec![],
        None => {
            let mut s: Vec<Stage> = rng.some(1, 2, 4).into_iter().map(|i| Stage::ALL[i]).collect();
            s.sort();
            s
        }
    };

    let round = rng.pct(10);
    let name_ko = [year.to_string(), area_ko, target.0.to_string(), theme.0.to_string()]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
        + if round { " (2차)" } else { "" };
    let name_en = [year.to_string(), area_en, target.1.to_string(), theme.1.to_string()]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
        + if round { " (round 2)" } else { "" };
    let line = *rng.pick(SUMMARY_LINES);
    let who = if target.0.is_empty() {
        ("소상공인", "small businesses")
    } else {
        (target.0, target.1.trim_end_matches('\''))
    };
    let summary = L10n::new(
        format!("{} 대상 {} 사업입니다. {}", who.0, theme.0, line.0),
        format!("A {} programme for {}. {}", theme.1, who.1, line.1),
    );
    let mut benefits: Vec<Benefit> = kinds.iter().map(|k| make_benefit(rng, *k)).collect();
    if rng.pct(15) {
        benefits[0].condition =
            Some(l("전통시장·골목상권 소재 사업장", "premises in a traditional market or neighbourhood street"));
    }
    let partners = if matches!(kind, Kind::Loan | Kind::Guarantee) && rng.pct(60) {
        let (ko, en) = *rng.pick(BANKS);
        vec![Organisation { ko: ko.into(), en: en.into(), contact: None }]
    } else {
        vec![]
    };
    let picks = |rng: &mut Rand, list: &[(&str, &str)], n: usize| -> Vec<L10n> {
        let mut idx = rng.distinct(n, list.len());
        idx.sort_unstable();
        idx.into_iter().map(|i| l(list[i].0, list[i].1)).collect()
    };
    let count = rng.below(3) as usize;
    let to_confirm = picks(rng, TO_CONFIRM, count);
    let count = rng.below(3) as usize;
    let exclusions = picks(rng, EXCLUSIONS, count);
    let count = 1 + rng.below(3) as usize;
    let documents = picks(rng, DOCUMENTS, count);
    let count = rng.below(2) as usize;
    let timeline = picks(rng, TIMELINE, count);
    let methods = {
        let all = [
            ApplyMethod::Online,
            ApplyMethod::OnSite,
            ApplyMethod::Email,
            ApplyMethod::Mail,
            ApplyMethod::Fax,
            ApplyMethod::Phone,
        ];
        let offered = 3 + rng.below(3) as usize;
        let mut idx = rng.some(1, 2, offered);
        idx.sort_unstable();
        idx.into_iter().map(|i| all[i]).collect()
    };
    let where_ = Some(L10n::new(
        format!("{} 누리집 또는 방문 접수", provider.ko),
        format!("{} website or in person", provider.en),
    ));
    let day = rng.day(span.from - Duration::days(365), span.until);
    let saved = rng.office_time(day);
    let p = Program {
        id: format!("gen-{n:0width$}"),
        name: L10n::new(name_ko, name_en),
        kinds,
        provider,
        partners,
        stages,
        summary,
        benefits,
        criteria,
        to_confirm,
        exclusions,
        window,
        apply: HowToApply { methods, where_, documents },
        timeline,
        steps: generated_steps(kind, n),
        source: Source {
            file: Some(format!("generated/seed-{seed}")),
            url: None,
            dated: format!("{}-{:02}", saved.year(), saved.month()),
        },
        external: None,
        retired: rng.pct(2),
    };
    (p, saved)
}

// ----- merchants ----------------------------------------------------------------------------

/// KSIC codes of typical counter visitors (restaurants, cafés, shops, salons, academies, …).
const COMMON_KSIC: &[&str] = &[
    "56111", "56111", "56112", "56113", "56114", "56121", "56122", "56123", "56191", "56192", "56193", "56194",
    "56199", "56213", "56219", "56221", "56221", "56221", "56229", "47121", "47122", "47129", "47212", "47215",
    "47216", "47218", "47312", "47412", "47419", "47612", "47811", "47813", "47822", "47911", "47911", "96112",
    "96112", "96113", "96119", "96912", "85501", "85611", "85621", "85631", "91132", "91222", "91223", "95211",
    "10712", "18111", "33910", "42201", "4241", "49401", "55104", "68221", "73203",
];

/// Shop words by KSIC prefix, most specific first.
const SHOP_WORDS: &[(&str, &[&str])] = &[
    ("5622", &["커피", "카페", "로스터리", "찻집"]),
    ("56112", &["칼국수", "국수집", "냉면"]),
    ("56113", &["갈비", "고깃집", "정육식당"]),
    ("56114", &["횟집", "수산", "해물탕"]),
    ("56121", &["반점", "중화요리"]),
    ("56122", &["스시", "우동", "돈가스"]),
    ("56123", &["비스트로", "파스타", "키친"]),
    ("56191", &["베이커리", "제과"]),
    ("56192", &["버거", "피자"]),
    ("56193", &["치킨"]),
    ("56194", &["김밥", "분식"]),
    ("5621", &["호프", "포차", "주막"]),
    ("56", &["식당", "밥상", "한식당", "국밥"]),
    ("4712", &["마트", "슈퍼", "편의점"]),
    ("4721", &["정육점", "청과", "반찬가게", "빵집"]),
    ("4741", &["부티크", "옷가게"]),
    ("47612", &["문구"]),
    ("47811", &["약국"]),
    ("47822", &["안경"]),
    ("4791", &["스토어", "쇼핑몰"]),
    ("47", &["상회", "상점", "상사"]),
    ("9611", &["헤어", "미용실", "네일", "에스테틱"]),
    ("96912", &["세탁소", "크리닝"]),
    ("96", &["서비스"]),
    ("85", &["학원", "교습소", "태권도장", "음악학원"]),
    ("10", &["떡집", "베이커리", "식품"]),
    ("18", &["인쇄", "프린팅"]),
    ("33", &["광고", "사인"]),
    ("41", &["건설", "종합건설"]),
    ("42", &["인테리어", "설비", "전기"]),
    ("49", &["운수", "퀵", "물류"]),
    ("55", &["게스트하우스", "모텔", "스테이"]),
    ("58", &["소프트", "랩"]),
    ("62", &["소프트", "랩"]),
    ("68", &["부동산", "공인중개사"]),
    ("7", &["디자인", "사무소", "스튜디오"]),
    ("86", &["의원", "한의원", "치과"]),
    ("91", &["피트니스", "PC방", "노래연습장"]),
    ("95", &["카센터", "수리"]),
];

const NAME_WORDS: &[&str] = &[
    "행복",
    "우리",
    "새봄",
    "한빛",
    "푸른",
    "정다운",
    "미소",
    "온누리",
    "바른",
    "햇살",
    "솔",
    "다온",
    "해오름",
    "골목",
    "동네",
    "참",
    "가온",
    "늘봄",
    "별빛",
    "초록",
    "으뜸",
    "한결",
    "소담",
    "모퉁이",
    "달빛",
    "하늘",
    "아리",
    "나무",
];

fn shop_word(rng: &mut Rand, code: &str) -> &'static str {
    let words =
        SHOP_WORDS.iter().find(|(p, _)| code.starts_with(p)).map_or(&["상사", "컴퍼니", "스튜디오"][..], |w| w.1);
    words[rng.below(words.len() as u32) as usize]
}

fn ksic_code(rng: &mut Rand) -> String {
    let t = Ksic::get();
    match rng.below(100) {
        0..=59 => rng.pick(COMMON_KSIC).to_string(),
        60..=89 => rng.pick(&t.classes).code.clone(),
        _ => rng.pick(&t.divisions).code.clone(),
    }
}

/// A business registration number not used yet: tax office, type, serial and check digit.
fn brn(rng: &mut Rand, used: &mut HashSet<String>) -> String {
    loop {
        let office = rng.between(101, 899) as u32;
        let kind = if rng.pct(85) { rng.between(1, 79) as u32 } else { *rng.pick(&[81, 86, 87, 88]) };
        let serial = rng.between(0, 9999) as u32;
        let d = [
            office / 100,
            office / 10 % 10,
            office % 10,
            kind / 10,
            kind % 10,
            serial / 1000,
            serial / 100 % 10,
            serial / 10 % 10,
            serial % 10,
        ];
        let check = onestop_core::brn::check_digit(&d);
        let s = format!("{office:03}-{kind:02}-{serial:04}{check}");
        if used.insert(s.clone()) {
            return s;
        }
    }
}

fn make_merchant(rng: &mut Rand, span: &Span, used_brns: &mut HashSet<String>) -> Result<Merchant> {
    let id = rng.uuid().to_string();
    let mut p = Profile::default();
    let (city, district): (Option<&str>, Option<&str>) = match rng.below(100) {
        0..=1 => (None, None),
        2..=4 => {
            let (city, districts) = rng.pick(ELSEWHERE);
            (Some(*city), Some(*rng.pick(districts)))
        }
        5..=7 => (Some(SEOUL), None),
        _ => (Some(SEOUL), Some(rng.pick(SEOUL_DISTRICTS).0)),
    };
    p.city = city.map(str::to_string);
    p.district = district.map(str::to_string);
    let code = ksic_code(rng);
    let word = shop_word(rng, &code);
    let base = format!("{}{}", rng.pick(NAME_WORDS), word);
    p.name = Some(match rng.below(10) {
        0..=1 => match district {
            Some(d) if d.chars().count() > 2 => format!("{} {base}", d.trim_end_matches('구')),
            _ => base,
        },
        2 => format!("{base} {}호점", rng.between(2, 5)),
        _ => base,
    });
    if rng.pct(90) {
        p.ksic_code = Some(code.clone());
    }
    let founded = match rng.below(100) {
        0..=1 => Some(span.until + Duration::days(rng.between(10, 120))),
        2..=9 => None,
        10..=49 => Some(span.until - Duration::days(rng.between(0, 3 * 365))),
        50..=79 => Some(span.until - Duration::days(rng.between(3 * 365, 10 * 365))),
        _ => Some(span.until - Duration::days(rng.between(10 * 365, 30 * 365))),
    };
    p.founded_on = founded;
    let opened = founded.is_some_and(|f| f <= span.until);
    if (opened || founded.is_none()) && rng.pct(88) {
        p.business_registration_number = Some(brn(rng, used_brns));
    }
    if opened {
        p.business_status = match rng.below(100) {
            0..=69 => Some(BusinessStatus::Operating),
            70..=71 => Some(BusinessStatus::Suspended),
            72..=73 => {
                let f = founded.unwrap_or(span.until);
                p.closed_on = Some(rng.day(f, span.until));
                Some(BusinessStatus::Closed)
            }
            _ => None,
        };
        if let Some(f) = founded.filter(|_| rng.pct(4)) {
            p.previously_closed_on = Some(f - Duration::days(rng.between(30, 2000)));
        }
    }
    if rng.pct(85) {
        p.full_time_workers = Some(match rng.below(100) {
            0..=29 => 0,
            30..=59 => rng.between(1, 2),
            60..=79 => rng.between(3, 4),
            80..=91 => rng.between(5, 9),
            _ => rng.between(10, 49),
        } as u32);
    }
    if rng.pct(70) {
        let (lo, hi) = *rng.weighted(&[(30, (2, 10)), (35, (10, 30)), (25, (30, 100)), (10, (100, 300))]);
        // 20 million to 3 billion won, in steps of 10,000 won.
        p.annual_sales_krw = Some(rng.between(lo * 1_000, hi * 1_000) as u64 * 10_000);
    }
    p.nonprofit = match rng.below(100) {
        0..=59 => Some(false),
        60 => Some(true),
        _ => None,
    };
    if rng.pct(40) {
        let start = founded.filter(|f| *f > span.from - Duration::days(365)).unwrap_or(span.from - Duration::days(365));
        let hires = (0..rng.below(4))
            .filter(|_| start <= span.until)
            .map(|_| NewHire {
                hired_on: rng.day(start, span.until),
                employment_insurance: *rng.weighted(&[(70, Some(true)), (15, Some(false)), (15, None)]),
            })
            .collect();
        p.new_hires = Some(hires);
    }
    let manufacturing = Ksic::get().section_of(&code) == Some("C");
    p.factory_district = match rng.below(100) {
        n if manufacturing && n < 50 => Some(rng.pick(SEOUL_DISTRICTS).0.to_string()),
        n if manufacturing && n < 70 => Some(String::new()),
        n if !manufacturing && n < 8 => Some(String::new()),
        _ => None,
    };
    p.incubator_tenant = match rng.below(100) {
        0..=2 => Some(true),
        3..=17 => Some(false),
        _ => None,
    };
    if rng.pct(1) {
        p.stage = Some(*rng.pick(&Stage::ALL));
    }
    let profile = p.normalized()?;
    let created_day = if rng.pct(30) {
        rng.day(span.from - Duration::days(3 * 365), span.from)
    } else {
        rng.day(span.from, span.until)
    };
    let created_at = rng.office_time(created_day);
    let updated_at = if rng.pct(30) {
        let day = rng.day(created_day, span.until);
        rng.office_time(day).max(created_at)
    } else {
        created_at
    };
    Ok(Merchant { id, profile, created_at, updated_at })
}

// ----- consultations ------------------------------------------------------------------------

const COUNSELORS: &[&str] = &[
    "김지현",
    "박성민",
    "이수진",
    "최영호",
    "정민아",
    "강도윤",
    "조은비",
    "윤태경",
    "장서윤",
    "한지우",
    "오세훈",
    "서하늘",
];

const OPENERS: &[&str] = &[
    "대표와 사업장 현황을 전반적으로 점검함.",
    "최근 매출과 운영 상황에 대해 이야기를 나눔.",
    "지난 상담 이후 진행 상황을 확인함.",
    "처음 방문한 사업장으로 기본 정보를 등록함.",
    "대표가 지원사업 안내를 받고 싶다고 연락함.",
    "구청 안내를 보고 센터에 문의했다고 함.",
];

const CLOSERS: &[&str] = &[
    "필요 서류를 준비해 다시 방문하기로 함.",
    "신청서 작성을 도와드림.",
    "다음 주에 진행 상황을 전화로 확인하기로 함.",
    "관련 기관에 연계하기로 함.",
    "추가 자료를 이메일로 보내드리기로 함.",
    "대표가 가족과 상의 후 결정하겠다고 함.",
];

/// Topics staff tag consultations with, and what notes say about each.
const TOPICS: &[(&str, &[&str])] = &[
    (
        "자금",
        &[
            "운영자금이 부족하여 정책자금 융자를 문의함.",
            "{amt}만 원 규모의 대출이 필요하다고 함.",
            "기존 대출 금리가 높아 대환 가능 여부를 확인함.",
            "신용점수가 낮아 보증서 발급이 어려울 수 있음을 안내함.",
        ],
    ),
    (
        "보증",
        &[
            "서울신용보증재단 특례보증 요건을 설명함.",
            "보증 한도와 보증료율을 비교해 드림.",
            "보증 심사에 필요한 서류 목록을 전달함.",
        ],
    ),
    (
        "임대차",
        &[
            "건물주가 임대료를 {pct}% 인상하겠다고 통보함.",
            "임대차 계약 만료가 {mon}개월 남음.",
            "권리금 회수 문제로 분쟁 조정 절차를 안내함.",
            "상가건물 임대차보호법상 계약갱신요구권을 설명함.",
        ],
    ),
    (
        "매출",
        &[
            "{mon}월 매출이 전년 대비 {pct}% 감소했다고 함.",
            "주변 상권에 경쟁 점포가 늘어 손님이 줄었다고 함.",
            "원가 부담이 커서 가격 조정을 고민 중임.",
            "배달 앱 수수료 부담이 크다고 호소함.",
        ],
    ),
    (
        "노무",
        &[
            "직원 {n}명의 근로계약서 작성 방법을 문의함.",
            "주휴수당과 최저임금 계산을 안내함.",
            "퇴직금 지급 기준을 설명함.",
            "4대보험 가입 절차를 안내함.",
        ],
    ),
    (
        "세무",
        &[
            "부가가치세 신고 기한과 간이과세 전환을 문의함.",
            "종합소득세 신고 준비 서류를 안내함.",
            "세무사 무료 상담을 연계하기로 함.",
        ],
    ),
    (
        "마케팅",
        &[
            "SNS 홍보 방법과 온라인 리뷰 관리 교육을 안내함.",
            "지도 앱에 가게 정보를 등록하도록 도와드리기로 함.",
            "간판 교체 지원사업을 소개함.",
        ],
    ),
    (
        "디지털 전환",
        &[
            "키오스크와 테이블오더 도입 비용을 문의함.",
            "스마트상점 기술보급 사업 신청 방법을 설명함.",
            "온라인 쇼핑몰 입점 절차를 안내함.",
        ],
    ),
    (
        "채용",
        &[
            "청년 직원 채용 시 고용장려금을 받을 수 있는지 확인함.",
            "고용보험 가입 후 {mon}개월 근속 요건을 설명함.",
            "구인 공고 작성 방법을 안내함.",
        ],
    ),
    (
        "폐업·재기",
        &[
            "폐업을 고민 중이며 점포 철거비 지원을 문의함.",
            "희망리턴패키지 재기 지원 내용을 설명함.",
            "재창업 교육 일정을 안내함.",
        ],
    ),
    (
        "창업",
        &[
            "예비창업자로 상권 분석을 요청함.",
            "창업 교육 이수 후 창업자금 신청이 가능함을 안내함.",
            "사업자등록 절차와 업종 선택을 상담함.",
        ],
    ),
    (
        "법률",
        &[
            "거래처 미수금 {amt}만 원 회수 방법을 문의함.",
            "변호사 무료 법률상담을 예약함.",
            "내용증명 작성 방법을 안내함.",
        ],
    ),
];

const INSTITUTIONS: &[&str] = &[
    "서울신용보증재단",
    "소상공인시장진흥공단",
    "대한법률구조공단",
    "근로복지공단",
    "서울시 노동권익센터",
    "관할 세무서",
    "중소벤처기업진흥공단",
    "신용회복위원회",
    "서울경제진흥원",
];

/// The generated institutions that are partners of the bundled directory, by id.
const PARTNER_IDS: &[(&str, &str)] =
    &[("서울신용보증재단", "seoul-credit-guarantee-foundation"), ("소상공인시장진흥공단", "semas")];

const DECLINE_REASONS: &[&str] = &["신용점수 기준 미달", "업종 제외 대상", "서류 미비", "예산 소진"];

const REFERRAL_NOTES: &[&str] = &["담당자 연락처 전달", "대표가 직접 방문 예정", "서류 접수 완료", "온라인 신청 안내"];

const ACTIONS: &[&str] = &[
    "서류 보완 여부 확인 전화",
    "보증 심사 결과 확인",
    "교육 참석 여부 확인",
    "신청 결과 안내",
    "컨설팅 일정 조율",
    "방문 상담 일정 확정",
];

const OUTCOMES: &[&str] =
    &["신청 안내 완료", "서류 준비 중", "추가 상담 예정", "해당 사업 없음 안내", "기관 연계 완료", "신청 접수 완료"];

/// When a consultation with `m` took place: a weekday in office hours, after the merchant was
/// first recorded, within the period.
fn consultation_time(rng: &mut Rand, m: &Merchant, span: &Span) -> NaiveDateTime {
    let first = m.created_at.date().max(span.from);
    let mut day = rng.day(first, span.until);
    let back = match day.weekday() {
        Weekday::Sat => 1,
        Weekday::Sun => 2,
        _ => 0,
    };
    if back > 0 {
        let friday = day - Duration::days(back);
        let monday = day + Duration::days(3 - back);
        day = if friday >= first {
            friday
        } else if monday <= span.until {
            monday
        } else {
            day
        };
    }
    rng.office_time(day).max(m.created_at)
}

/// A consultation and, for the few edited once, its first version.
fn make_consultation(
    rng: &mut Rand,
    m: &Merchant,
    active: &[&Program],
    rules: &StageRules,
    span: &Span,
) -> (Option<Consultation>, Consultation) {
    let id = rng.uuid();
    let at = consultation_time(rng, m, span);
    let channel =
        *rng.weighted(&[(45, Channel::Counter), (25, Channel::Phone), (20, Channel::Visit), (10, Channel::Online)]);
    let place = match channel {
        Channel::Visit => Some(format!("{} 사업장", m.profile.district.as_deref().unwrap_or("현장"))),
        Channel::Counter if rng.pct(20) => Some("센터 2층 상담실".to_string()),
        _ => None,
    };
    let topic_idx = rng.some(1, 3, TOPICS.len());
    let mut sentences = vec![rng.pick(OPENERS).to_string()];
    for &t in &topic_idx {
        let lines = TOPICS[t].1;
        for i in rng.some(1, 2, lines.len()) {
            sentences.push(fill(rng, lines[i]));
        }
    }
    if rng.pct(70) {
        sentences.push(rng.pick(CLOSERS).to_string());
    }
    let topics: Vec<String> = topic_idx.iter().map(|&t| TOPICS[t].0.to_string()).collect();

    let discussed = if active.is_empty() { 0 } else { *rng.weighted(&[(45, 0), (35, 1), (15, 2), (5, 3)]) };
    let facts = Facts::new(&m.profile, at.date(), rules);
    let programs: Vec<DiscussedProgram> = rng
        .distinct(discussed, active.len())
        .into_iter()
        .map(|i| DiscussedProgram {
            program_id: active[i].id.clone(),
            snapshot: eligibility::evaluate(active[i], &facts),
        })
        .collect();

    let n_referrals = *rng.weighted(&[(70, 0), (25, 1), (5, 2)]);
    let referrals = (0..n_referrals)
        .map(|_| {
            let from_program = programs.first().filter(|_| rng.pct(50));
            let (institution, program_id) = match from_program {
                Some(d) => {
                    let p = active.iter().find(|p| p.id == d.program_id).map_or("", |p| p.provider.ko.as_str());
                    (p.to_string(), Some(d.program_id.clone()))
                }
                None => (rng.pick(INSTITUTIONS).to_string(), None),
            };
            let status = *rng.weighted(&[
                (30, ReferralStatus::Proposed),
                (30, ReferralStatus::Referred),
                (15, ReferralStatus::Accepted),
                (15, ReferralStatus::Completed),
                (10, ReferralStatus::Declined),
            ]);
            let note = rng.pct(30).then(|| rng.pick(REFERRAL_NOTES).to_string());
            // The partners of the bundled directory are named by id, with their answers and results.
            let partner_id = PARTNER_IDS.iter().find(|(name, _)| *name == institution).map(|(_, id)| id.to_string());
            let answered =
                matches!(status, ReferralStatus::Accepted | ReferralStatus::Completed | ReferralStatus::Declined);
            let answered_on = answered.then(|| at.date() + Duration::days(rng.between(1, 14)));
            let decline_reason = (status == ReferralStatus::Declined).then(|| rng.pick(DECLINE_REASONS).to_string());
            let result = (status == ReferralStatus::Completed).then(|| {
                let kind = *rng.weighted(&[
                    (45, Kind::Guarantee),
                    (30, Kind::Loan),
                    (10, Kind::Grant),
                    (15, Kind::Consulting),
                ]);
                let amount_krw = (kind != Kind::Consulting).then(|| rng.between(5, 50) as u64 * 1_000_000);
                let on = answered_on.unwrap_or(at.date()) + Duration::days(rng.between(7, 40));
                ReferralResult { kind, amount_krw, on, note: None }
            });
            Referral {
                institution,
                program_id,
                status,
                note,
                partner_id,
                answered_on,
                decline_reason,
                result,
                ..Default::default()
            }
        })
        .collect();

    let n_follow_ups = *rng.weighted(&[(57, 0), (35, 1), (8, 2)]);
    let follow_ups: Vec<FollowUp> = (0..n_follow_ups)
        .map(|_| {
            let due_on = at.date() + Duration::days(rng.between(3, 30));
            let done = due_on + Duration::days(7) < span.until && rng.pct(85);
            FollowUp { due_on, action: rng.pick(ACTIONS).to_string(), done }
        })
        .collect();

    let c = Consultation {
        id,
        merchant_id: m.id.clone(),
        at,
        counselor: rng.pick(COUNSELORS).to_string(),
        channel,
        place,
        topics,
        notes: sentences.join(" "),
        programs,
        referrals,
        follow_ups,
        outcome: rng.pct(60).then(|| rng.pick(OUTCOMES).to_string()),
        referred_by: None,
        version: 1,
        updated_at: at + Duration::minutes(rng.between(10, 90)),
    };
    if !rng.pct(5) {
        return (None, c);
    }
    // Edited once, some days later: follow-ups done or the outcome settled.
    let mut edited = c.clone();
    edited.version = 2;
    edited.updated_at = c.updated_at + Duration::days(rng.between(1, 14));
    if edited.follow_ups.is_empty() {
        edited.outcome = Some("신청 접수 완료".into());
    } else {
        for f in &mut edited.follow_ups {
            f.done = true;
        }
    }
    (Some(c), edited)
}
