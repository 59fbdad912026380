//! The eligibility engine: typed criteria from the catalogue, evaluated three-valued against a
//! merchant's facts on an as-of date. A missing fact makes a criterion unknown, never failed.

use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::ksic::{pattern_matches, Ksic, TEN_WORKER_SECTIONS};
use crate::profile::{BusinessStatus, Profile};
use crate::program::{Criterion, Program, WindowStatus};
use crate::region;
use crate::stage::{self, StageFinding, StageRules};
use crate::text::L10n;

/// A criterion's outcome. `Pending` holds on a known later date (`passes_on`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Pass,
    Pending,
    Unknown,
    Fail,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    Eligible,
    Unknown,
    Ineligible,
}

impl Verdict {
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Eligible => "eligible",
            Verdict::Unknown => "unknown",
            Verdict::Ineligible => "ineligible",
        }
    }
    pub fn label(self) -> L10n {
        match self {
            Verdict::Eligible => L10n::new("해당", "eligible"),
            Verdict::Unknown => L10n::new("정보 필요", "needs information"),
            Verdict::Ineligible => L10n::new("해당 없음", "not eligible"),
        }
    }
}

/// Why a criterion came out as it did, in both languages, citing the program's source.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Reason {
    pub criterion: String,
    pub outcome: Outcome,
    pub ko: String,
    pub en: String,
    pub source: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub passes_on: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub missing: Vec<String>,
}

/// One program's result for one merchant. Serializes to the CLI's `--json` match object.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Match {
    pub program_id: String,
    pub verdict: Verdict,
    pub window: WindowStatus,
    pub earliest_application_on: Option<NaiveDate>,
    pub reasons: Vec<Reason>,
    pub missing: Vec<String>,
    pub to_confirm: Vec<L10n>,
}

struct Eval {
    outcome: Outcome,
    text: L10n,
    missing: Vec<String>,
    passes_on: Option<NaiveDate>,
}

impl Eval {
    fn new(outcome: Outcome, ko: impl Into<String>, en: impl Into<String>) -> Eval {
        Eval { outcome, text: L10n::new(ko, en), missing: vec![], passes_on: None }
    }
    fn unknown(fact: &str, ko: impl Into<String>, en: impl Into<String>) -> Eval {
        Eval { missing: vec![fact.to_string()], ..Eval::new(Outcome::Unknown, ko, en) }
    }
    fn pass_if(ok: bool, ko: impl Into<String>, en: impl Into<String>) -> Eval {
        Eval::new(if ok { Outcome::Pass } else { Outcome::Fail }, ko, en)
    }
}

/// What the engine needs to know besides the program.
pub struct Facts<'a> {
    pub profile: &'a Profile,
    pub as_of: NaiveDate,
    pub stage: StageFinding,
}

impl<'a> Facts<'a> {
    pub fn new(profile: &'a Profile, as_of: NaiveDate, rules: &StageRules) -> Facts<'a> {
        Facts { profile, as_of, stage: stage::derive(profile, as_of, rules) }
    }
}

fn place_names(city: &str, districts: &[String]) -> (String, String) {
    if districts.is_empty() {
        (city.to_string(), region::english_name(city))
    } else {
        let ko = districts.iter().map(|d| format!("{city} {d}")).collect::<Vec<_>>().join(", ");
        let en = districts
            .iter()
            .map(|d| format!("{}, {}", region::english_name(d), region::english_name(city)))
            .collect::<Vec<_>>()
            .join("; ");
        (ko, en)
    }
}

fn sector_name(pattern: &str) -> (String, String) {
    let t = Ksic::get();
    if let Some(s) = t.section(pattern) {
        return (format!("{}({})", s.ko, pattern), format!("{} ({})", s.en, pattern));
    }
    match t.name(pattern) {
        Some((ko, en)) => (format!("{ko}({pattern})"), format!("{en} ({pattern})")),
        None => (pattern.to_string(), pattern.to_string()),
    }
}

fn eval(c: &Criterion, f: &Facts<'_>) -> Eval {
    let p = f.profile;
    match c {
        Criterion::Location { city, districts } => {
            let (want_ko, want_en) = place_names(city, districts);
            let Some(have_city) = &p.city else {
                return Eval::unknown(
                    "city",
                    format!("소재지(시·도)를 모름; 조건: {want_ko}"),
                    format!("city unknown; required: {want_en}"),
                );
            };
            if have_city != city {
                return Eval::new(
                    Outcome::Fail,
                    format!("소재지 {have_city}: 조건 {want_ko}에 해당하지 않음"),
                    format!("located in {}, not in {want_en}", region::english_name(have_city)),
                );
            }
            if districts.is_empty() {
                return Eval::new(
                    Outcome::Pass,
                    format!("소재지 {have_city}: 조건 충족"),
                    format!("located in {want_en}"),
                );
            }
            match &p.district {
                None => Eval::unknown(
                    "district",
                    format!("소재 자치구를 모름; 조건: {want_ko}"),
                    format!("district unknown; required: {want_en}"),
                ),
                Some(d) if districts.contains(d) => Eval::new(
                    Outcome::Pass,
                    format!("소재지 {have_city} {d}: 조건 충족"),
                    format!("located in {}, {}", region::english_name(d), region::english_name(have_city)),
                ),
                Some(d) => Eval::new(
                    Outcome::Fail,
                    format!("소재지 {have_city} {d}: 조건 {want_ko}에 해당하지 않음"),
                    format!("located in {}, not in {want_en}", region::english_name(d)),
                ),
            }
        }
        Criterion::Sector { include, exclude } => {
            let Some(code) = &p.ksic_code else {
                return Eval::unknown("ksic_code", "업종(KSIC 코드)을 모름", "sector (KSIC code) unknown");
            };
            let (code_ko, code_en) = sector_name(code);
            let mut undetermined = Vec::new();
            for pat in exclude {
                let (ko, en) = sector_name(pat);
                match pattern_matches(pat, code) {
                    Some(true) => {
                        return Eval::new(
                            Outcome::Fail,
                            format!("업종 {code_ko}은(는) 제외 업종 {ko}에 해당"),
                            format!("sector {code_en} is excluded ({en})"),
                        )
                    }
                    None => undetermined.push((ko, en)),
                    Some(false) => {}
                }
            }
            if !include.is_empty() {
                let results: Vec<_> = include.iter().map(|pat| pattern_matches(pat, code)).collect();
                if !results.contains(&Some(true)) {
                    if results.iter().all(|r| *r == Some(false)) {
                        return Eval::new(
                            Outcome::Fail,
                            format!("업종 {code_ko}은(는) 지원 업종이 아님"),
                            format!("sector {code_en} is not among the eligible sectors"),
                        );
                    }
                    undetermined.extend(include.iter().map(|pat| sector_name(pat)));
                }
            }
            if !undetermined.is_empty() {
                let (ko, en): (Vec<_>, Vec<_>) = undetermined.into_iter().unzip();
                return Eval::unknown(
                    "ksic_code",
                    format!("업종 코드 {code}만으로는 {} 해당 여부를 알 수 없음: 세부 코드 필요", ko.join(", ")),
                    format!(
                        "KSIC {code} is too coarse to tell about {}: a more detailed code is needed",
                        en.join(", ")
                    ),
                );
            }
            Eval::new(Outcome::Pass, format!("업종 {code_ko}: 조건 충족"), format!("sector {code_en} qualifies"))
        }
        Criterion::SmallBusiness => {
            let Some(n) = p.full_time_workers else {
                return Eval::unknown(
                    "full_time_workers",
                    "상시근로자 수를 모름 (소상공인 기준 판단 불가)",
                    "number of full-time workers unknown (small-business test)",
                );
            };
            if n < 5 {
                return Eval::new(
                    Outcome::Pass,
                    format!("상시근로자 {n}명: 소상공인 기준(5명 미만) 충족"),
                    format!("{n} full-time workers: a small business in any sector (fewer than 5)"),
                );
            }
            if n >= 10 {
                return Eval::new(Outcome::Fail, format!("상시근로자 {n}명: 소상공인 기준(업종에 따라 5명 또는 10명 미만) 초과"), format!("{n} full-time workers: above the small-business limit (fewer than 5, or 10 in mining, manufacturing, construction and transport)"));
            }
            let Some(code) = &p.ksic_code else {
                return Eval::unknown("ksic_code", format!("상시근로자 {n}명: 업종을 알아야 소상공인 여부 판단 가능 (제조·건설·운수·광업 10명 미만, 그 외 5명 미만)"), format!("{n} full-time workers: the sector decides (fewer than 10 in mining, manufacturing, construction, transport; fewer than 5 elsewhere)"));
            };
            let section = Ksic::get().section_of(code).unwrap_or("?");
            let ten = TEN_WORKER_SECTIONS.contains(&section);
            Eval::pass_if(
                ten,
                format!("상시근로자 {n}명, 업종 대분류 {section}: 소상공인 기준({}명 미만)", if ten { 10 } else { 5 }),
                format!(
                    "{n} full-time workers in section {section}: small-business limit is fewer than {}",
                    if ten { 10 } else { 5 }
                ),
            )
        }
        Criterion::Headcount { min, max_exclusive } => {
            let Some(n) = p.full_time_workers else {
                return Eval::unknown(
                    "full_time_workers",
                    "상시근로자 수를 모름",
                    "number of full-time workers unknown",
                );
            };
            let (lo, hi) = (min.unwrap_or(0), max_exclusive.unwrap_or(u32::MAX));
            let bound_ko = match (min, max_exclusive) {
                (Some(a), Some(b)) => format!("{a}명 이상 {b}명 미만"),
                (Some(a), None) => format!("{a}명 이상"),
                (None, Some(b)) => format!("{b}명 미만"),
                (None, None) => "제한 없음".into(),
            };
            let bound_en = match (min, max_exclusive) {
                (Some(a), Some(b)) => format!("at least {a} and fewer than {b}"),
                (Some(a), None) => format!("at least {a}"),
                (None, Some(b)) => format!("fewer than {b}"),
                (None, None) => "any".into(),
            };
            Eval::pass_if(
                (lo..hi).contains(&n),
                format!("상시근로자 {n}명: 조건 {bound_ko}"),
                format!("{n} full-time workers: required {bound_en}"),
            )
        }
        Criterion::OwnerAge { min, max } => {
            let Some(b) = p.owner_birth_date else {
                return Eval::unknown("owner_birth_date", "대표자 생년월일을 모름", "owner's date of birth unknown");
            };
            let age = stage::whole_years(b, f.as_of);
            // Compared as i64: a bound above i32::MAX must not wrap to a negative age.
            let ok = min.is_none_or(|m| i64::from(age) >= i64::from(m))
                && max.is_none_or(|m| i64::from(age) <= i64::from(m));
            let bound_ko = [min.map(|m| format!("만 {m}세 이상")), max.map(|m| format!("만 {m}세 이하"))]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(" ");
            let bound_en = [min.map(|m| format!("at least {m}")), max.map(|m| format!("at most {m}"))]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(" and ");
            let mut e = Eval::pass_if(
                ok,
                format!("대표자 만 {age}세({}): 조건 {bound_ko}", f.as_of),
                format!("owner is {age} on {}: required {bound_en}", f.as_of),
            );
            if let Some(m) = min.filter(|m| i64::from(age) < i64::from(*m)) {
                if let Some(on) = add_years(b, m) {
                    if max.is_none_or(|mx| mx >= m) {
                        e.outcome = Outcome::Pending;
                        e.passes_on = Some(on);
                    }
                }
            }
            e
        }
        Criterion::BusinessAge { min_years, max_years_exclusive } => {
            let Some(opened) = p.founded_on else {
                return Eval::unknown("founded_on", "개업일을 모름", "opening date unknown");
            };
            if opened > f.as_of {
                return Eval::new(
                    Outcome::Fail,
                    format!("{opened} 개업 예정: 아직 영업 기간이 없음"),
                    format!("opens on {opened}: not yet in business"),
                );
            }
            let years = stage::whole_years(opened, f.as_of);
            if let Some(max) = max_years_exclusive.filter(|m| i64::from(years) >= i64::from(*m)) {
                return Eval::new(
                    Outcome::Fail,
                    format!("개업 후 {years}년 경과({opened} 개업): 조건 {max}년 미만"),
                    format!("{years} years since opening on {opened}: required fewer than {max}"),
                );
            }
            if let Some(min) = min_years.filter(|m| i64::from(years) < i64::from(*m)) {
                // A minimum so far ahead that no calendar date reaches it is never met.
                let on = add_years(opened, min);
                let mut e = Eval::new(
                    if on.is_some() { Outcome::Pending } else { Outcome::Fail },
                    format!("개업 후 {years}년({opened} 개업): 조건 {min}년 이상"),
                    format!("{years} years since opening on {opened}: required at least {min}"),
                );
                e.passes_on = on;
                return e;
            }
            Eval::new(
                Outcome::Pass,
                format!("개업 후 {years}년({opened} 개업): 조건 충족"),
                format!("{years} years since opening on {opened}: qualifies"),
            )
        }
        Criterion::Stage { any_of } => {
            let want_ko = any_of.iter().map(|s| s.label().ko).collect::<Vec<_>>().join("·");
            let want_en = any_of.iter().map(|s| s.label().en).collect::<Vec<_>>().join(", ");
            match f.stage.stage {
                None => Eval::unknown(
                    "founded_on",
                    format!("사업 단계를 알 수 없음({}); 대상: {want_ko}", f.stage.basis.ko),
                    format!("business stage unknown ({}); served: {want_en}", f.stage.basis.en),
                ),
                Some(s) => Eval::pass_if(
                    any_of.contains(&s),
                    format!("사업 단계 {}({}); 대상: {want_ko}", s.label().ko, f.stage.basis.ko),
                    format!("business stage {} ({}); served: {want_en}", s.label().en, f.stage.basis.en),
                ),
            }
        }
        Criterion::NotNonprofit => match p.nonprofit {
            None => Eval::unknown("nonprofit", "비영리단체 여부를 모름", "whether it is a non-profit is unknown"),
            Some(true) => Eval::new(Outcome::Fail, "비영리단체는 지원 제외", "non-profit organizations are excluded"),
            Some(false) => Eval::new(Outcome::Pass, "영리 사업자", "a for-profit business"),
        },
        Criterion::Registered => {
            if p.business_registration_number.is_some() {
                Eval::new(Outcome::Pass, "사업자등록 있음", "has a business registration")
            } else if p.founded_on.is_some_and(|o| o > f.as_of) {
                Eval::new(
                    Outcome::Fail,
                    "개업 전: 사업자등록이 필요함",
                    "not yet opened: a business registration is required",
                )
            } else {
                Eval::unknown(
                    "business_registration_number",
                    "사업자등록번호를 모름 (사업자등록 필요)",
                    "business registration number unknown (registration required)",
                )
            }
        }
        Criterion::Operating => {
            if let Some(opened) = p.founded_on.filter(|o| *o > f.as_of) {
                return Eval::new(
                    Outcome::Fail,
                    format!("{opened} 개업 예정: 아직 영업 중이 아님"),
                    format!("opens on {opened}: not yet in business"),
                );
            }
            if let Some(c) = p.closed_on.filter(|c| *c <= f.as_of) {
                return Eval::new(Outcome::Fail, format!("{c} 폐업"), format!("closed on {c}"));
            }
            match p.business_status {
                Some(BusinessStatus::Closed) => Eval::new(Outcome::Fail, "폐업 상태", "registration closed"),
                Some(BusinessStatus::Suspended) => Eval::new(Outcome::Fail, "휴업 상태", "business suspended"),
                Some(BusinessStatus::Operating)
                    if p.founded_on.is_some() || p.business_registration_number.is_some() =>
                {
                    Eval::new(Outcome::Pass, "영업 중(계속사업자)", "in business (operating)")
                }
                Some(BusinessStatus::Operating) => Eval::unknown(
                    "founded_on",
                    "영업 중이나 개업일을 모름",
                    "operating, but the opening date is unknown",
                ),
                None => Eval::unknown(
                    "business_status",
                    "영업 상태(계속·휴업·폐업)를 모름",
                    "business status (operating, suspended, closed) unknown",
                ),
            }
        }
        Criterion::AnnualSales { max_krw } => match p.annual_sales_krw {
            None => Eval::unknown("annual_sales_krw", "연 매출액을 모름", "annual sales unknown"),
            Some(s) => Eval::pass_if(
                s <= *max_krw,
                format!("연 매출 {s}원: 조건 {max_krw}원 이하"),
                format!("annual sales KRW {s}: required at most KRW {max_krw}"),
            ),
        },
        Criterion::NewHire { from, to, employment_insurance, min_months } => {
            eval_new_hire(p, f.as_of, *from, *to, *employment_insurance, *min_months)
        }
        Criterion::FactoryIn { districts } => {
            let want = districts.join(", ");
            match p.factory_district.as_deref() {
                None => Eval::unknown(
                    "factory_district",
                    format!("공장등록 소재지를 모름; 조건: {want}"),
                    format!("registered factory location unknown; required: {want}"),
                ),
                Some("") => Eval::new(Outcome::Fail, "등록 공장 없음", "no registered factory"),
                Some(d) => Eval::pass_if(
                    districts.iter().any(|w| w == d),
                    format!("공장등록 소재지 {d}: 조건 {want}"),
                    format!("registered factory in {d}: required {want}"),
                ),
            }
        }
        Criterion::IncubatorTenant => match p.incubator_tenant {
            None => Eval::unknown(
                "incubator_tenant",
                "구립 창업보육센터 입주 여부를 모름",
                "whether it is a tenant of the district startup incubator is unknown",
            ),
            Some(t) => Eval::pass_if(
                t,
                if t { "구립 창업보육센터 입주기업" } else { "창업보육센터 입주기업 아님" },
                if t {
                    "tenant of the district startup incubator"
                } else {
                    "not a tenant of the district startup incubator"
                },
            ),
        },
        Criterion::Declared { text } => Eval::new(
            Outcome::Unknown,
            format!("신청인 확인 필요: {}", text.ko),
            format!("to be confirmed by the applicant: {}", text.en),
        ),
        Criterion::Unstructured { text } => Eval::new(
            Outcome::Unknown,
            format!("공고문 기준 확인 필요: {}", text.ko),
            format!("check against the notice: {}", text.en),
        ),
        Criterion::AnyOf { criteria } => {
            let evals: Vec<Eval> = criteria.iter().map(|c| eval(c, f)).collect();
            let join = |pick: &dyn Fn(&Eval) -> bool, lang_ko: bool| {
                evals
                    .iter()
                    .filter(|e| pick(e))
                    .map(|e| if lang_ko { e.text.ko.clone() } else { e.text.en.clone() })
                    .collect::<Vec<_>>()
                    .join(" / ")
            };
            if evals.iter().any(|e| e.outcome == Outcome::Pass) {
                let is_pass = |e: &Eval| e.outcome == Outcome::Pass;
                return Eval::new(
                    Outcome::Pass,
                    format!("다음 중 하나 충족: {}", join(&is_pass, true)),
                    format!("one of the alternatives holds: {}", join(&is_pass, false)),
                );
            }
            // An unknown alternative may hold now: a later date from another one is then only an
            // upper bound, which must not fail a program whose window closes before it.
            if evals.iter().any(|e| e.outcome == Outcome::Unknown) {
                let mut out = Eval::new(
                    Outcome::Unknown,
                    format!("다음 중 하나를 충족해야 함: {}", join(&|_| true, true)),
                    format!("one of these must hold: {}", join(&|_| true, false)),
                );
                for e in &evals {
                    for m in &e.missing {
                        if !out.missing.contains(m) {
                            out.missing.push(m.clone());
                        }
                    }
                }
                return out;
            }
            if let Some(e) = evals.iter().filter(|e| e.outcome == Outcome::Pending).min_by_key(|e| e.passes_on) {
                let mut out = Eval::new(Outcome::Pending, e.text.ko.clone(), e.text.en.clone());
                out.passes_on = e.passes_on;
                return out;
            }
            Eval::new(
                Outcome::Fail,
                format!("어느 조건도 충족하지 않음: {}", join(&|_| true, true)),
                format!("none of the alternatives holds: {}", join(&|_| true, false)),
            )
        }
    }
}

/// The date `years` whole years after `from`, if the calendar has it (no overflow on absurd bounds).
fn add_years(from: NaiveDate, years: u32) -> Option<NaiveDate> {
    from.checked_add_months(Months::new(years.checked_mul(12)?))
}

fn eval_new_hire(
    p: &Profile,
    as_of: NaiveDate,
    from: NaiveDate,
    to: NaiveDate,
    insured: bool,
    min_months: u32,
) -> Eval {
    let period_ko = format!("{from}~{to} 신규 채용");
    let period_en = format!("a new hire between {from} and {to}");
    let ins_ko = if insured { "(고용보험 가입)" } else { "" };
    let ins_en = if insured { " with employment insurance" } else { "" };
    let Some(hires) = &p.new_hires else {
        return Eval::unknown(
            "new_hires",
            format!("신규 채용 내역을 모름; 조건: {period_ko}{ins_ko}"),
            format!("hires unknown; required: {period_en}{ins_en}"),
        );
    };
    let in_period: Vec<_> = hires.iter().filter(|h| (from..=to).contains(&h.hired_on)).collect();
    let qualifying: Vec<_> = in_period.iter().filter(|h| !insured || h.employment_insurance == Some(true)).collect();
    let ready =
        |h: &crate::profile::NewHire| h.hired_on.checked_add_months(Months::new(min_months)).unwrap_or(NaiveDate::MAX);
    if let Some(first) = qualifying.iter().min_by_key(|h| ready(h)) {
        let on = ready(first);
        let months_ko =
            if min_months > 0 { format!(", {min_months}개월 근속 충족일 {on}") } else { String::new() };
        let months_en = if min_months > 0 { format!(", employed {min_months} months on {on}") } else { String::new() };
        let mut e = Eval::new(
            if on <= as_of { Outcome::Pass } else { Outcome::Pending },
            format!("{} 채용{ins_ko}{months_ko}", first.hired_on),
            format!("hired on {}{ins_en}{months_en}", first.hired_on),
        );
        // A hire dated after the as-of date is pending too, and says when even without min_months.
        e.passes_on = (min_months > 0 || on > as_of).then_some(on);
        return e;
    }
    if insured && in_period.iter().any(|h| h.employment_insurance.is_none()) {
        return Eval::unknown(
            "new_hires.employment_insurance",
            format!("{period_ko} 있음, 고용보험 가입 여부를 모름"),
            format!("{period_en} exists, but whether it is insured is unknown"),
        );
    }
    if in_period.is_empty() {
        Eval::new(Outcome::Fail, format!("{period_ko} 없음"), format!("no hire between {from} and {to}"))
    } else {
        Eval::new(
            Outcome::Fail,
            format!("{period_ko}이 있으나 고용보험 미가입"),
            format!("{period_en} exists but none is insured"),
        )
    }
}

/// Evaluate one program for one merchant.
pub fn evaluate(program: &Program, facts: &Facts<'_>) -> Match {
    let source = program.source.cite();
    let mut reasons: Vec<Reason> = program
        .criteria
        .iter()
        .map(|c| {
            let e = eval(c, facts);
            Reason {
                criterion: c.type_name().to_string(),
                outcome: e.outcome,
                ko: format!("{} (출처: {source})", e.text.ko),
                en: format!("{} (source: {source})", e.text.en),
                source: source.clone(),
                passes_on: e.passes_on,
                missing: e.missing,
            }
        })
        .collect();
    let window = program.window.status(facts.as_of);
    let any = |o: Outcome| reasons.iter().any(|r| r.outcome == o);
    let mut verdict = if any(Outcome::Fail) {
        Verdict::Ineligible
    } else if any(Outcome::Unknown) {
        Verdict::Unknown
    } else {
        Verdict::Eligible
    };
    let mut earliest = None;
    if verdict == Verdict::Eligible {
        earliest = reasons.iter().filter_map(|r| r.passes_on).chain(program.window.opens_on).max();
        if let (Some(e), Some(closes)) = (earliest, program.window.closes_on) {
            if e > closes {
                verdict = Verdict::Ineligible;
                reasons.push(Reason {
                    criterion: "window".into(),
                    outcome: Outcome::Fail,
                    ko: format!("{e}부터 신청 가능하나 접수는 {closes}에 마감 (출처: {source})"),
                    en: format!("could apply from {e}, but applications close on {closes} (source: {source})"),
                    source: source.clone(),
                    passes_on: None,
                    missing: vec![],
                });
                earliest = None;
            }
        }
    }
    let mut missing: Vec<String> = Vec::new();
    if verdict == Verdict::Unknown {
        for r in &reasons {
            for m in &r.missing {
                if !missing.contains(m) {
                    missing.push(m.clone());
                }
            }
        }
    }
    reasons.sort_by_key(|r| match r.outcome {
        Outcome::Fail => 0,
        Outcome::Unknown => 1,
        Outcome::Pending => 2,
        Outcome::Pass => 3,
    });
    Match {
        program_id: program.id.clone(),
        verdict,
        window,
        earliest_application_on: earliest,
        reasons,
        missing,
        to_confirm: program.to_confirm.clone(),
    }
}

/// Evaluate many programs (retired ones are skipped) and order the results: eligible first,
/// then unknown by fewest missing facts, then ineligible.
pub fn match_all<'p>(programs: impl IntoIterator<Item = &'p Program>, facts: &Facts<'_>) -> Vec<Match> {
    let mut out: Vec<Match> = programs.into_iter().filter(|p| !p.retired).map(|p| evaluate(p, facts)).collect();
    sort_matches(&mut out);
    out
}

pub fn sort_matches(out: &mut [Match]) {
    out.sort_by(|a, b| (a.verdict, a.missing.len(), &a.program_id).cmp(&(b.verdict, b.missing.len(), &b.program_id)));
}

/// A question staff can ask to learn a missing fact, keyed like the profile.
pub fn question_for(fact: &str) -> L10n {
    let (ko, en) = match fact {
        "city" => ("사업장이 어느 시·도에 있습니까?", "Which city or province is the business in?"),
        "district" => ("사업장이 어느 자치구에 있습니까?", "Which district is the business in?"),
        "ksic_code" => ("주 업종(업종 코드)은 무엇입니까?", "What is the main line of business (KSIC code)?"),
        "full_time_workers" => {
            ("대표자를 제외한 상시근로자는 몇 명입니까?", "How many full-time workers, not counting the owner?")
        }
        "founded_on" => ("개업일은 언제입니까?", "When did the business open?"),
        "business_status" => ("현재 영업 중입니까(계속·휴업·폐업)?", "Is the business operating, suspended or closed?"),
        "owner_birth_date" => ("대표자 생년월일은 언제입니까?", "What is the owner's date of birth?"),
        "nonprofit" => ("비영리단체입니까?", "Is it a non-profit organization?"),
        "business_registration_number" => ("사업자등록번호는 무엇입니까?", "What is the business registration number?"),
        "new_hires" => ("최근 신규 채용한 직원이 있습니까? 채용일은?", "Any recent hires? On what dates?"),
        "new_hires.employment_insurance" => {
            ("신규 채용 직원이 고용보험에 가입되어 있습니까?", "Are the new hires covered by employment insurance?")
        }
        "annual_sales_krw" => ("연 매출액은 얼마입니까?", "What are the annual sales?"),
        "factory_district" => {
            ("등록된 공장이 있습니까? 어느 구에 있습니까?", "Is there a registered factory, and in which district?")
        }
        "incubator_tenant" => {
            ("구립 창업보육센터에 입주해 있습니까?", "Is the business a tenant of the district startup incubator?")
        }
        other => return L10n::new(format!("{other}?"), format!("{other}?")),
    };
    L10n::new(ko, en)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use serde_json::{json, Value};

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn program(criteria: Value, window: Value) -> Program {
        let p: Program = serde_json::from_value(json!({
            "id": "t", "name": {"ko": "가", "en": "A"}, "kinds": ["grant"],
            "provider": {"ko": "가", "en": "A"}, "summary": {"ko": "", "en": ""},
            "window": window, "source": {"file": "t.txt", "dated": "2023"}, "criteria": criteria,
        }))
        .unwrap();
        crate::catalogue::check_program(&p).unwrap();
        p
    }

    fn run(p: &Program, profile: Value, as_of: &str) -> Match {
        let profile = Profile::from_json_value(&profile).unwrap();
        evaluate(p, &Facts::new(&profile, d(as_of), &StageRules::default()))
    }

    #[test]
    fn absurd_year_bounds_neither_panic_nor_wrap() {
        // 12 × 357913942 months overflows u32: this used to panic (debug) or wrap (release).
        let p = program(json!([{"type": "business_age", "min_years": 357_913_942}]), json!({}));
        let m = run(&p, json!({"founded_on": "1990-01-01"}), "2022-11-01");
        assert_eq!(m.verdict, Verdict::Ineligible, "a minimum no date reaches is never met");
        let p = program(json!([{"type": "owner_age", "min": 357_913_942}]), json!({}));
        assert_eq!(run(&p, json!({"owner_birth_date": "1990-01-01"}), "2022-11-01").verdict, Verdict::Ineligible);
        // Bounds above i32::MAX used to wrap negative and flip the comparison.
        let p = program(json!([{"type": "business_age", "max_years_exclusive": 3_000_000_000u32}]), json!({}));
        assert_eq!(run(&p, json!({"founded_on": "1990-01-01"}), "2022-11-01").verdict, Verdict::Eligible);
        let p = program(json!([{"type": "owner_age", "max": 3_000_000_000u32}]), json!({}));
        assert_eq!(run(&p, json!({"owner_birth_date": "1990-01-01"}), "2022-11-01").verdict, Verdict::Eligible);
    }

    #[test]
    fn a_planned_closing_date_does_not_make_the_status_known() {
        // Leaving out "suspended" (or "operating" without an opening date) used to pass.
        let p = program(json!([{"type": "operating"}]), json!({}));
        let m = run(&p, json!({"closed_on": "2030-01-01"}), "2022-11-01");
        assert_eq!((m.verdict, m.missing), (Verdict::Unknown, vec!["business_status".to_string()]));
        let m = run(&p, json!({"closed_on": "2030-01-01", "business_status": "suspended"}), "2022-11-01");
        assert_eq!(m.verdict, Verdict::Ineligible);
        let m = run(&p, json!({"closed_on": "2030-01-01", "business_status": "operating"}), "2022-11-01");
        assert_eq!(m.verdict, Verdict::Unknown);
    }

    #[test]
    fn an_unknown_alternative_keeps_a_late_one_from_failing_the_window() {
        let p = program(
            json!([{"type": "any_of", "criteria": [
                {"type": "not_nonprofit"},
                {"type": "business_age", "min_years": 37, "max_years_exclusive": 38},
            ]}]),
            json!({"closes_on": "2023-01-01"}),
        );
        // The business turns 37 in 2027, after the window; whether it is a non-profit is unknown.
        let m = run(&p, json!({"founded_on": "1990-01-01"}), "2022-11-01");
        assert_eq!((m.verdict, m.missing), (Verdict::Unknown, vec!["nonprofit".to_string()]));
        let m = run(&p, json!({"founded_on": "1990-01-01", "nonprofit": false}), "2022-11-01");
        assert_eq!(m.verdict, Verdict::Eligible);
        let m = run(&p, json!({"founded_on": "1990-01-01", "nonprofit": true}), "2022-11-01");
        assert_eq!(m.verdict, Verdict::Ineligible, "only the late alternative is left");
    }

    #[test]
    fn a_hire_after_the_as_of_date_says_when() {
        let p = program(
            json!([{"type": "new_hire", "from": "2023-01-01", "to": "2023-12-31"}]),
            json!({"opens_on": "2023-01-01", "closes_on": "2023-04-30"}),
        );
        let hire = |on: &str| json!({"new_hires": [{"hired_on": on}]});
        let m = run(&p, hire("2023-03-01"), "2023-02-01");
        assert_eq!((m.verdict, m.earliest_application_on), (Verdict::Eligible, Some(d("2023-03-01"))));
        // Hired after the window closes: it used to be eligible from the window's opening.
        let m = run(&p, hire("2023-06-01"), "2023-02-01");
        assert_eq!(m.verdict, Verdict::Ineligible);
    }
}
