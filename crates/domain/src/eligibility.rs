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

/// A fact the engine can find missing, in the order staff ask for them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fact {
    City,
    District,
    KsicCode,
    FullTimeWorkers,
    FoundedOn,
    BusinessStatus,
    OwnerBirthDate,
    Nonprofit,
    BusinessRegistrationNumber,
    NewHires,
    NewHiresInsurance,
    AnnualSales,
    FactoryDistrict,
    IncubatorTenant,
}

impl Fact {
    pub const ALL: [Fact; 14] = [
        Fact::City,
        Fact::District,
        Fact::KsicCode,
        Fact::FullTimeWorkers,
        Fact::FoundedOn,
        Fact::BusinessStatus,
        Fact::OwnerBirthDate,
        Fact::Nonprofit,
        Fact::BusinessRegistrationNumber,
        Fact::NewHires,
        Fact::NewHiresInsurance,
        Fact::AnnualSales,
        Fact::FactoryDistrict,
        Fact::IncubatorTenant,
    ];

    /// The profile key, as staff fill it in.
    pub fn key(self) -> &'static str {
        match self {
            Fact::City => "city",
            Fact::District => "district",
            Fact::KsicCode => "ksic_code",
            Fact::FullTimeWorkers => "full_time_workers",
            Fact::FoundedOn => "founded_on",
            Fact::BusinessStatus => "business_status",
            Fact::OwnerBirthDate => "owner_birth_date",
            Fact::Nonprofit => "nonprofit",
            Fact::BusinessRegistrationNumber => "business_registration_number",
            Fact::NewHires => "new_hires",
            Fact::NewHiresInsurance => "new_hires.employment_insurance",
            Fact::AnnualSales => "annual_sales_krw",
            Fact::FactoryDistrict => "factory_district",
            Fact::IncubatorTenant => "incubator_tenant",
        }
    }
}

/// A set of missing facts (a bit per `Fact`): copied, never allocated.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Missing(u16);

impl Missing {
    fn of(fact: Fact) -> Missing {
        Missing(1 << fact as u16)
    }
    pub fn len(self) -> usize {
        self.0.count_ones() as usize
    }
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }
    pub fn contains(self, fact: Fact) -> bool {
        self.0 & Missing::of(fact).0 != 0
    }
    /// The facts in asking order.
    pub fn facts(self) -> impl Iterator<Item = Fact> {
        Fact::ALL.into_iter().filter(move |f| self.contains(*f))
    }
    pub fn keys(self) -> Vec<String> {
        self.facts().map(|f| f.key().to_string()).collect()
    }
}

impl std::ops::BitOrAssign for Missing {
    fn bitor_assign(&mut self, other: Missing) {
        self.0 |= other.0;
    }
}

/// The text of a criterion's outcome: `L10n` when explaining, `()` when only screening, so a
/// screen of thousands of programs formats nothing. One `eval` serves both, so they cannot differ.
trait Text: Clone {
    fn say<K: Into<String>, E: Into<String>>(text: impl FnOnce() -> (K, E)) -> Self;
    /// "`ko`a / b" and "`en`a / b" over several texts.
    fn list<'a>(ko: &str, en: &str, parts: impl Iterator<Item = &'a Self>) -> Self
    where
        Self: 'a;
}

impl Text for L10n {
    fn say<K: Into<String>, E: Into<String>>(text: impl FnOnce() -> (K, E)) -> Self {
        let (ko, en) = text();
        L10n::new(ko, en)
    }
    fn list<'a>(ko: &str, en: &str, parts: impl Iterator<Item = &'a Self>) -> Self {
        let (kos, ens): (Vec<&str>, Vec<&str>) = parts.map(|t| (t.ko.as_str(), t.en.as_str())).unzip();
        L10n::new(format!("{ko}{}", kos.join(" / ")), format!("{en}{}", ens.join(" / ")))
    }
}

impl Text for () {
    fn say<K: Into<String>, E: Into<String>>(_: impl FnOnce() -> (K, E)) -> Self {}
    fn list<'a>(_: &str, _: &str, _: impl Iterator<Item = &'a Self>) -> Self {}
}

#[derive(Clone)]
struct Eval<T> {
    outcome: Outcome,
    text: T,
    missing: Missing,
    passes_on: Option<NaiveDate>,
}

impl<T: Text> Eval<T> {
    fn new<K: Into<String>, E: Into<String>>(outcome: Outcome, text: impl FnOnce() -> (K, E)) -> Self {
        Eval { outcome, text: T::say(text), missing: Missing::default(), passes_on: None }
    }
    fn unknown<K: Into<String>, E: Into<String>>(fact: Fact, text: impl FnOnce() -> (K, E)) -> Self {
        Eval { missing: Missing::of(fact), ..Eval::new(Outcome::Unknown, text) }
    }
    fn pass_if<K: Into<String>, E: Into<String>>(ok: bool, text: impl FnOnce() -> (K, E)) -> Self {
        Eval::new(if ok { Outcome::Pass } else { Outcome::Fail }, text)
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

fn eval<T: Text>(c: &Criterion, f: &Facts<'_>) -> Eval<T> {
    let p = f.profile;
    match c {
        Criterion::Location { city, districts } => {
            let want = || place_names(city, districts);
            let Some(have_city) = &p.city else {
                return Eval::unknown(Fact::City, || {
                    let (ko, en) = want();
                    (format!("소재지(시·도)를 모름; 조건: {ko}"), format!("city unknown; required: {en}"))
                });
            };
            if have_city != city {
                return Eval::new(Outcome::Fail, || {
                    let (ko, en) = want();
                    (
                        format!("소재지 {have_city}: 조건 {ko}에 해당하지 않음"),
                        format!("located in {}, not in {en}", region::english_name(have_city)),
                    )
                });
            }
            if districts.is_empty() {
                return Eval::new(Outcome::Pass, || {
                    (format!("소재지 {have_city}: 조건 충족"), format!("located in {}", want().1))
                });
            }
            match &p.district {
                None => Eval::unknown(Fact::District, || {
                    let (ko, en) = want();
                    (format!("소재 자치구를 모름; 조건: {ko}"), format!("district unknown; required: {en}"))
                }),
                Some(d) if districts.contains(d) => Eval::new(Outcome::Pass, || {
                    (
                        format!("소재지 {have_city} {d}: 조건 충족"),
                        format!("located in {}, {}", region::english_name(d), region::english_name(have_city)),
                    )
                }),
                Some(d) => Eval::new(Outcome::Fail, || {
                    let (ko, en) = want();
                    (
                        format!("소재지 {have_city} {d}: 조건 {ko}에 해당하지 않음"),
                        format!("located in {}, not in {en}", region::english_name(d)),
                    )
                }),
            }
        }
        Criterion::Sector { include, exclude } => {
            let Some(code) = &p.ksic_code else {
                return Eval::unknown(Fact::KsicCode, || ("업종(KSIC 코드)을 모름", "sector (KSIC code) unknown"));
            };
            if let Some(pat) = exclude.iter().find(|pat| pattern_matches(pat, code) == Some(true)) {
                return Eval::new(Outcome::Fail, || {
                    let ((code_ko, code_en), (ko, en)) = (sector_name(code), sector_name(pat));
                    (
                        format!("업종 {code_ko}은(는) 제외 업종 {ko}에 해당"),
                        format!("sector {code_en} is excluded ({en})"),
                    )
                });
            }
            let any = |pats: &[String], want: Option<bool>| pats.iter().any(|pat| pattern_matches(pat, code) == want);
            let include_open = !include.is_empty() && !any(include, Some(true));
            if include_open && !any(include, None) {
                return Eval::new(Outcome::Fail, || {
                    let (code_ko, code_en) = sector_name(code);
                    (
                        format!("업종 {code_ko}은(는) 지원 업종이 아님"),
                        format!("sector {code_en} is not among the eligible sectors"),
                    )
                });
            }
            if include_open || any(exclude, None) {
                return Eval::unknown(Fact::KsicCode, || {
                    // Exclusions the code is too coarse for, then (if none matched) the inclusions.
                    let undetermined = exclude
                        .iter()
                        .filter(|pat| pattern_matches(pat, code).is_none())
                        .chain(include.iter().filter(|_| include_open));
                    let (ko, en): (Vec<_>, Vec<_>) = undetermined.map(|pat| sector_name(pat)).unzip();
                    (
                        format!("업종 코드 {code}만으로는 {} 해당 여부를 알 수 없음: 세부 코드 필요", ko.join(", ")),
                        format!(
                            "KSIC {code} is too coarse to tell about {}: a more detailed code is needed",
                            en.join(", ")
                        ),
                    )
                });
            }
            Eval::new(Outcome::Pass, || {
                let (code_ko, code_en) = sector_name(code);
                (format!("업종 {code_ko}: 조건 충족"), format!("sector {code_en} qualifies"))
            })
        }
        Criterion::SmallBusiness => {
            let Some(n) = p.full_time_workers else {
                return Eval::unknown(Fact::FullTimeWorkers, || {
                    (
                        "상시근로자 수를 모름 (소상공인 기준 판단 불가)",
                        "number of full-time workers unknown (small-business test)",
                    )
                });
            };
            if n < 5 {
                return Eval::new(Outcome::Pass, || {
                    (
                        format!("상시근로자 {n}명: 소상공인 기준(5명 미만) 충족"),
                        format!("{n} full-time workers: a small business in any sector (fewer than 5)"),
                    )
                });
            }
            if n >= 10 {
                return Eval::new(Outcome::Fail, || {
                    (
                        format!("상시근로자 {n}명: 소상공인 기준(업종에 따라 5명 또는 10명 미만) 초과"),
                        format!("{n} full-time workers: above the small-business limit (fewer than 5, or 10 in mining, manufacturing, construction and transport)"),
                    )
                });
            }
            let Some(code) = &p.ksic_code else {
                return Eval::unknown(Fact::KsicCode, || {
                    (
                        format!("상시근로자 {n}명: 업종을 알아야 소상공인 여부 판단 가능 (제조·건설·운수·광업 10명 미만, 그 외 5명 미만)"),
                        format!("{n} full-time workers: the sector decides (fewer than 10 in mining, manufacturing, construction, transport; fewer than 5 elsewhere)"),
                    )
                });
            };
            let section = Ksic::get().section_of(code).unwrap_or("?");
            let ten = TEN_WORKER_SECTIONS.contains(&section);
            let limit = if ten { 10 } else { 5 };
            Eval::pass_if(ten, || {
                (
                    format!("상시근로자 {n}명, 업종 대분류 {section}: 소상공인 기준({limit}명 미만)"),
                    format!("{n} full-time workers in section {section}: small-business limit is fewer than {limit}"),
                )
            })
        }
        Criterion::Headcount { min, max_exclusive } => {
            let Some(n) = p.full_time_workers else {
                return Eval::unknown(Fact::FullTimeWorkers, || {
                    ("상시근로자 수를 모름", "number of full-time workers unknown")
                });
            };
            let (lo, hi) = (min.unwrap_or(0), max_exclusive.unwrap_or(u32::MAX));
            Eval::pass_if((lo..hi).contains(&n), || {
                let (bound_ko, bound_en) = match (min, max_exclusive) {
                    (Some(a), Some(b)) => {
                        (format!("{a}명 이상 {b}명 미만"), format!("at least {a} and fewer than {b}"))
                    }
                    (Some(a), None) => (format!("{a}명 이상"), format!("at least {a}")),
                    (None, Some(b)) => (format!("{b}명 미만"), format!("fewer than {b}")),
                    (None, None) => ("제한 없음".into(), "any".into()),
                };
                (format!("상시근로자 {n}명: 조건 {bound_ko}"), format!("{n} full-time workers: required {bound_en}"))
            })
        }
        Criterion::OwnerAge { min, max } => {
            let Some(b) = p.owner_birth_date else {
                return Eval::unknown(Fact::OwnerBirthDate, || {
                    ("대표자 생년월일을 모름", "owner's date of birth unknown")
                });
            };
            let age = stage::whole_years(b, f.as_of);
            // Compared as i64: a bound above i32::MAX must not wrap to a negative age.
            let ok = min.is_none_or(|m| i64::from(age) >= i64::from(m))
                && max.is_none_or(|m| i64::from(age) <= i64::from(m));
            let mut e = Eval::pass_if(ok, || {
                let join =
                    |parts: [Option<String>; 2], sep: &str| parts.into_iter().flatten().collect::<Vec<_>>().join(sep);
                let ko = join([min.map(|m| format!("만 {m}세 이상")), max.map(|m| format!("만 {m}세 이하"))], " ");
                let en = join([min.map(|m| format!("at least {m}")), max.map(|m| format!("at most {m}"))], " and ");
                (
                    format!("대표자 만 {age}세({}): 조건 {ko}", f.as_of),
                    format!("owner is {age} on {}: required {en}", f.as_of),
                )
            });
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
                return Eval::unknown(Fact::FoundedOn, || ("개업일을 모름", "opening date unknown"));
            };
            if opened > f.as_of {
                return Eval::new(Outcome::Fail, || {
                    (
                        format!("{opened} 개업 예정: 아직 영업 기간이 없음"),
                        format!("opens on {opened}: not yet in business"),
                    )
                });
            }
            let years = stage::whole_years(opened, f.as_of);
            if let Some(max) = max_years_exclusive.filter(|m| i64::from(years) >= i64::from(*m)) {
                return Eval::new(Outcome::Fail, || {
                    (
                        format!("개업 후 {years}년 경과({opened} 개업): 조건 {max}년 미만"),
                        format!("{years} years since opening on {opened}: required fewer than {max}"),
                    )
                });
            }
            if let Some(min) = min_years.filter(|m| i64::from(years) < i64::from(*m)) {
                // A minimum so far ahead that no calendar date reaches it is never met.
                let on = add_years(opened, min);
                let mut e = Eval::new(if on.is_some() { Outcome::Pending } else { Outcome::Fail }, || {
                    (
                        format!("개업 후 {years}년({opened} 개업): 조건 {min}년 이상"),
                        format!("{years} years since opening on {opened}: required at least {min}"),
                    )
                });
                e.passes_on = on;
                return e;
            }
            Eval::new(Outcome::Pass, || {
                (
                    format!("개업 후 {years}년({opened} 개업): 조건 충족"),
                    format!("{years} years since opening on {opened}: qualifies"),
                )
            })
        }
        Criterion::Stage { any_of } => {
            let want = || {
                (
                    any_of.iter().map(|s| s.label().ko).collect::<Vec<_>>().join("·"),
                    any_of.iter().map(|s| s.label().en).collect::<Vec<_>>().join(", "),
                )
            };
            let basis = &f.stage.basis;
            match f.stage.stage {
                None => Eval::unknown(Fact::FoundedOn, || {
                    let (ko, en) = want();
                    (
                        format!("사업 단계를 알 수 없음({}); 대상: {ko}", basis.ko),
                        format!("business stage unknown ({}); served: {en}", basis.en),
                    )
                }),
                Some(s) => Eval::pass_if(any_of.contains(&s), || {
                    let (ko, en) = want();
                    (
                        format!("사업 단계 {}({}); 대상: {ko}", s.label().ko, basis.ko),
                        format!("business stage {} ({}); served: {en}", s.label().en, basis.en),
                    )
                }),
            }
        }
        Criterion::NotNonprofit => match p.nonprofit {
            None => {
                Eval::unknown(Fact::Nonprofit, || ("비영리단체 여부를 모름", "whether it is a non-profit is unknown"))
            }
            Some(true) => {
                Eval::new(Outcome::Fail, || ("비영리단체는 지원 제외", "non-profit organizations are excluded"))
            }
            Some(false) => Eval::new(Outcome::Pass, || ("영리 사업자", "a for-profit business")),
        },
        Criterion::Registered => {
            if p.business_registration_number.is_some() {
                Eval::new(Outcome::Pass, || ("사업자등록 있음", "has a business registration"))
            } else if p.founded_on.is_some_and(|o| o > f.as_of) {
                Eval::new(Outcome::Fail, || {
                    ("개업 전: 사업자등록이 필요함", "not yet opened: a business registration is required")
                })
            } else {
                Eval::unknown(Fact::BusinessRegistrationNumber, || {
                    (
                        "사업자등록번호를 모름 (사업자등록 필요)",
                        "business registration number unknown (registration required)",
                    )
                })
            }
        }
        Criterion::Operating => {
            if let Some(opened) = p.founded_on.filter(|o| *o > f.as_of) {
                return Eval::new(Outcome::Fail, || {
                    (
                        format!("{opened} 개업 예정: 아직 영업 중이 아님"),
                        format!("opens on {opened}: not yet in business"),
                    )
                });
            }
            if let Some(c) = p.closed_on.filter(|c| *c <= f.as_of) {
                return Eval::new(Outcome::Fail, || (format!("{c} 폐업"), format!("closed on {c}")));
            }
            match p.business_status {
                Some(BusinessStatus::Closed) => Eval::new(Outcome::Fail, || ("폐업 상태", "registration closed")),
                Some(BusinessStatus::Suspended) => Eval::new(Outcome::Fail, || ("휴업 상태", "business suspended")),
                Some(BusinessStatus::Operating)
                    if p.founded_on.is_some() || p.business_registration_number.is_some() =>
                {
                    Eval::new(Outcome::Pass, || ("영업 중(계속사업자)", "in business (operating)"))
                }
                Some(BusinessStatus::Operating) => Eval::unknown(Fact::FoundedOn, || {
                    ("영업 중이나 개업일을 모름", "operating, but the opening date is unknown")
                }),
                None => Eval::unknown(Fact::BusinessStatus, || {
                    ("영업 상태(계속·휴업·폐업)를 모름", "business status (operating, suspended, closed) unknown")
                }),
            }
        }
        Criterion::AnnualSales { max_krw } => match p.annual_sales_krw {
            None => Eval::unknown(Fact::AnnualSales, || ("연 매출액을 모름", "annual sales unknown")),
            Some(s) => Eval::pass_if(s <= *max_krw, || {
                (
                    format!("연 매출 {s}원: 조건 {max_krw}원 이하"),
                    format!("annual sales KRW {s}: required at most KRW {max_krw}"),
                )
            }),
        },
        Criterion::NewHire { from, to, employment_insurance, min_months } => {
            eval_new_hire(p, f.as_of, *from, *to, *employment_insurance, *min_months)
        }
        Criterion::FactoryIn { districts } => {
            let want = || districts.join(", ");
            match p.factory_district.as_deref() {
                None => Eval::unknown(Fact::FactoryDistrict, || {
                    let want = want();
                    (
                        format!("공장등록 소재지를 모름; 조건: {want}"),
                        format!("registered factory location unknown; required: {want}"),
                    )
                }),
                Some("") => Eval::new(Outcome::Fail, || ("등록 공장 없음", "no registered factory")),
                Some(d) => Eval::pass_if(districts.iter().any(|w| w == d), || {
                    let want = want();
                    (format!("공장등록 소재지 {d}: 조건 {want}"), format!("registered factory in {d}: required {want}"))
                }),
            }
        }
        Criterion::IncubatorTenant => match p.incubator_tenant {
            None => Eval::unknown(Fact::IncubatorTenant, || {
                (
                    "구립 창업보육센터 입주 여부를 모름",
                    "whether it is a tenant of the district startup incubator is unknown",
                )
            }),
            Some(t) => Eval::pass_if(t, || {
                if t {
                    ("구립 창업보육센터 입주기업", "tenant of the district startup incubator")
                } else {
                    ("창업보육센터 입주기업 아님", "not a tenant of the district startup incubator")
                }
            }),
        },
        Criterion::Declared { text } => Eval::new(Outcome::Unknown, || {
            (format!("신청인 확인 필요: {}", text.ko), format!("to be confirmed by the applicant: {}", text.en))
        }),
        Criterion::Unstructured { text } => Eval::new(Outcome::Unknown, || {
            (format!("공고문 기준 확인 필요: {}", text.ko), format!("check against the notice: {}", text.en))
        }),
        Criterion::AnyOf { criteria } => {
            let evals: Vec<Eval<T>> = criteria.iter().map(|c| eval(c, f)).collect();
            let texts = |pick: fn(&Eval<T>) -> bool| evals.iter().filter(move |e| pick(e)).map(|e| &e.text);
            if evals.iter().any(|e| e.outcome == Outcome::Pass) {
                let text = T::list(
                    "다음 중 하나 충족: ",
                    "one of the alternatives holds: ",
                    texts(|e| e.outcome == Outcome::Pass),
                );
                return Eval { outcome: Outcome::Pass, text, missing: Missing::default(), passes_on: None };
            }
            // An unknown alternative may hold now: a later date from another one is then only an
            // upper bound, which must not fail a program whose window closes before it.
            if evals.iter().any(|e| e.outcome == Outcome::Unknown) {
                let mut missing = Missing::default();
                for e in &evals {
                    missing |= e.missing;
                }
                let text = T::list("다음 중 하나를 충족해야 함: ", "one of these must hold: ", texts(|_| true));
                return Eval { outcome: Outcome::Unknown, text, missing, passes_on: None };
            }
            if let Some(e) = evals.iter().filter(|e| e.outcome == Outcome::Pending).min_by_key(|e| e.passes_on) {
                return Eval { missing: Missing::default(), ..e.clone() };
            }
            let text = T::list("어느 조건도 충족하지 않음: ", "none of the alternatives holds: ", texts(|_| true));
            Eval { outcome: Outcome::Fail, text, missing: Missing::default(), passes_on: None }
        }
    }
}

/// The date `years` whole years after `from`, if the calendar has it (no overflow on absurd bounds).
fn add_years(from: NaiveDate, years: u32) -> Option<NaiveDate> {
    from.checked_add_months(Months::new(years.checked_mul(12)?))
}

fn eval_new_hire<T: Text>(
    p: &Profile,
    as_of: NaiveDate,
    from: NaiveDate,
    to: NaiveDate,
    insured: bool,
    min_months: u32,
) -> Eval<T> {
    let period_ko = || format!("{from}~{to} 신규 채용");
    let period_en = || format!("a new hire between {from} and {to}");
    let ins_ko = if insured { "(고용보험 가입)" } else { "" };
    let ins_en = if insured { " with employment insurance" } else { "" };
    let Some(hires) = &p.new_hires else {
        return Eval::unknown(Fact::NewHires, || {
            (
                format!("신규 채용 내역을 모름; 조건: {}{ins_ko}", period_ko()),
                format!("hires unknown; required: {}{ins_en}", period_en()),
            )
        });
    };
    let in_period = || hires.iter().filter(|h| (from..=to).contains(&h.hired_on));
    let ready =
        |h: &crate::profile::NewHire| h.hired_on.checked_add_months(Months::new(min_months)).unwrap_or(NaiveDate::MAX);
    let qualifying = in_period().filter(|h| !insured || h.employment_insurance == Some(true));
    if let Some(first) = qualifying.min_by_key(|h| ready(h)) {
        let on = ready(first);
        let mut e = Eval::new(if on <= as_of { Outcome::Pass } else { Outcome::Pending }, || {
            let (months_ko, months_en) = if min_months > 0 {
                (format!(", {min_months}개월 근속 충족일 {on}"), format!(", employed {min_months} months on {on}"))
            } else {
                (String::new(), String::new())
            };
            (
                format!("{} 채용{ins_ko}{months_ko}", first.hired_on),
                format!("hired on {}{ins_en}{months_en}", first.hired_on),
            )
        });
        // A hire dated after the as-of date is pending too, and says when even without min_months.
        e.passes_on = (min_months > 0 || on > as_of).then_some(on);
        return e;
    }
    if insured && in_period().any(|h| h.employment_insurance.is_none()) {
        return Eval::unknown(Fact::NewHiresInsurance, || {
            (
                format!("{} 있음, 고용보험 가입 여부를 모름", period_ko()),
                format!("{} exists, but whether it is insured is unknown", period_en()),
            )
        });
    }
    if in_period().next().is_none() {
        Eval::new(Outcome::Fail, || (format!("{} 없음", period_ko()), format!("no hire between {from} and {to}")))
    } else {
        Eval::new(Outcome::Fail, || {
            (format!("{}이 있으나 고용보험 미가입", period_ko()), format!("{} exists but none is insured", period_en()))
        })
    }
}

/// One program screened for one merchant: the verdict and what it waits on, without any text.
/// Cheap enough to run over a city's catalogue for every merchant; `explain` adds the reasons.
#[derive(Clone, Copy, Debug)]
pub struct Screening<'p> {
    pub program: &'p Program,
    pub verdict: Verdict,
    pub window: WindowStatus,
    pub earliest_application_on: Option<NaiveDate>,
    /// The facts that would settle it (empty unless the verdict is unknown).
    pub missing: Missing,
    /// Every criterion holds from this date, but applications close on the second one before it.
    too_late: Option<(NaiveDate, NaiveDate)>,
}

/// Screen one program for one merchant (no reasons: see `Screening::explain`).
pub fn screen<'p>(program: &'p Program, facts: &Facts<'_>) -> Screening<'p> {
    let (mut fail, mut unknown, mut missing, mut latest) = (false, false, Missing::default(), None);
    for c in &program.criteria {
        let e: Eval<()> = eval(c, facts);
        match e.outcome {
            Outcome::Fail => {
                fail = true;
                break;
            }
            Outcome::Unknown => {
                unknown = true;
                missing |= e.missing;
            }
            Outcome::Pass | Outcome::Pending => latest = latest.max(e.passes_on),
        }
    }
    let mut s = Screening {
        program,
        verdict: if fail {
            Verdict::Ineligible
        } else if unknown {
            Verdict::Unknown
        } else {
            Verdict::Eligible
        },
        window: program.window.status(facts.as_of),
        earliest_application_on: None,
        missing: if fail { Missing::default() } else { missing },
        too_late: None,
    };
    if s.verdict == Verdict::Eligible {
        let earliest = latest.max(program.window.opens_on);
        match (earliest, program.window.closes_on) {
            (Some(e), Some(closes)) if e > closes => {
                s.verdict = Verdict::Ineligible;
                s.too_late = Some((e, closes));
            }
            _ => s.earliest_application_on = earliest,
        }
    }
    s
}

impl Screening<'_> {
    /// The full result with every criterion's reason in both languages, worst first.
    pub fn explain(&self, facts: &Facts<'_>) -> Match {
        self.explained(facts, false)
    }

    /// The result with only the reason that rules the program out (all reasons unless ineligible):
    /// what a list of thousands of programs needs to show each one.
    pub fn explain_briefly(&self, facts: &Facts<'_>) -> Match {
        self.explained(facts, self.verdict == Verdict::Ineligible)
    }

    fn explained(&self, facts: &Facts<'_>, only_deciding: bool) -> Match {
        let program = self.program;
        let source = program.source.cite();
        let reason = |criterion: &str, e: Eval<L10n>| Reason {
            criterion: criterion.to_string(),
            outcome: e.outcome,
            ko: format!("{} (출처: {source})", e.text.ko),
            en: format!("{} (source: {source})", e.text.en),
            source: source.clone(),
            passes_on: e.passes_on,
            missing: e.missing.keys(),
        };
        let mut reasons: Vec<Reason> = if only_deciding && self.too_late.is_none() {
            let failing = program.criteria.iter().find(|c| eval::<()>(c, facts).outcome == Outcome::Fail);
            failing.map(|c| reason(c.type_name(), eval(c, facts))).into_iter().collect()
        } else if only_deciding {
            vec![]
        } else {
            program.criteria.iter().map(|c| reason(c.type_name(), eval(c, facts))).collect()
        };
        if let Some((e, closes)) = self.too_late {
            reasons.push(reason(
                "window",
                Eval::new(Outcome::Fail, || {
                    (
                        format!("{e}부터 신청 가능하나 접수는 {closes}에 마감"),
                        format!("could apply from {e}, but applications close on {closes}"),
                    )
                }),
            ));
        }
        reasons.sort_by_key(|r| match r.outcome {
            Outcome::Fail => 0,
            Outcome::Unknown => 1,
            Outcome::Pending => 2,
            Outcome::Pass => 3,
        });
        Match {
            program_id: program.id.clone(),
            verdict: self.verdict,
            window: self.window,
            earliest_application_on: self.earliest_application_on,
            reasons,
            missing: self.missing.keys(),
            to_confirm: program.to_confirm.clone(),
        }
    }
}

/// Evaluate one program for one merchant, with every reason.
pub fn evaluate(program: &Program, facts: &Facts<'_>) -> Match {
    screen(program, facts).explain(facts)
}

/// Screen many programs (retired ones are skipped) and order them: eligible first, then unknown
/// by fewest missing facts, then ineligible. Ties keep the order given: the store lists programs
/// by id, and a stable sort on two small numbers is far cheaper than comparing ids.
pub fn match_all<'p>(programs: impl IntoIterator<Item = &'p Program>, facts: &Facts<'_>) -> Vec<Screening<'p>> {
    let mut out: Vec<Screening<'p>> = programs.into_iter().filter(|p| !p.retired).map(|p| screen(p, facts)).collect();
    out.sort_by_key(|s| (s.verdict, s.missing.len()));
    out
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
