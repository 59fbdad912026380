//! The eligibility engine: typed criteria from the catalogue, evaluated three-valued against a
//! merchant's facts on an as-of date. A missing fact makes a criterion unknown, never failed.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::profile::Profile;
use crate::program::{Attribute, Criterion, Program, WindowStatus};
use crate::stage::{self, StageFinding, StageRules};
use crate::text::L10n;

// One function per criterion (or small family), dispatched by `eval`.
mod age;
mod composite;
mod hires;
mod place;
mod size;
mod status;

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

/// What a saved reason says in place of the owner's age once consent is withdrawn.
const AGE_REMOVED: (&str, &str) = (
    "대표자 나이 조건: 개인정보 동의 철회로 판단 근거를 지움",
    "owner's age: the basis was removed when consent was withdrawn",
);

impl Match {
    /// Take out of a saved result what the owner's birth date told: their age in the
    /// `owner_age` reasons and the birthday a program would open on (the earliest application
    /// day and any reason naming it). For a consultation's snapshot after consent is withdrawn.
    /// True when anything changed.
    pub fn without_personal(&mut self) -> bool {
        let mut dates = vec![];
        let mut changed = false;
        for r in &mut self.reasons {
            if r.criterion == "owner_age" && !r.ko.starts_with(AGE_REMOVED.0) {
                dates.extend(r.passes_on.take());
                r.ko = format!("{} (출처: {})", AGE_REMOVED.0, r.source);
                r.en = format!("{} (source: {})", AGE_REMOVED.1, r.source);
                changed = true;
            }
        }
        for d in dates {
            let day = d.to_string();
            if self.earliest_application_on == Some(d) {
                self.earliest_application_on = None;
            }
            for r in &mut self.reasons {
                if r.ko.contains(&day) || r.en.contains(&day) || r.passes_on == Some(d) {
                    r.ko = format!("{} (출처: {})", AGE_REMOVED.0, r.source);
                    r.en = format!("{} (source: {})", AGE_REMOVED.1, r.source);
                    r.passes_on = None;
                }
            }
        }
        changed
    }
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
    Corporation,
    VentureCertified,
    InnobizCertified,
    MainbizCertified,
    WomenOwned,
    DisabledOwned,
    SocialEnterprise,
    ResearchLab,
    Exporter,
}

impl Fact {
    pub const ALL: [Fact; 23] = [
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
        Fact::Corporation,
        Fact::VentureCertified,
        Fact::InnobizCertified,
        Fact::MainbizCertified,
        Fact::WomenOwned,
        Fact::DisabledOwned,
        Fact::SocialEnterprise,
        Fact::ResearchLab,
        Fact::Exporter,
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
            Fact::Corporation => Attribute::Corporation.key(),
            Fact::VentureCertified => Attribute::VentureCertified.key(),
            Fact::InnobizCertified => Attribute::InnobizCertified.key(),
            Fact::MainbizCertified => Attribute::MainbizCertified.key(),
            Fact::WomenOwned => Attribute::WomenOwned.key(),
            Fact::DisabledOwned => Attribute::DisabledOwned.key(),
            Fact::SocialEnterprise => Attribute::SocialEnterprise.key(),
            Fact::ResearchLab => Attribute::ResearchLab.key(),
            Fact::Exporter => Attribute::Exporter.key(),
        }
    }

    /// The fact that holds an attribute.
    pub fn of_attribute(a: Attribute) -> Fact {
        match a {
            Attribute::Corporation => Fact::Corporation,
            Attribute::VentureCertified => Fact::VentureCertified,
            Attribute::InnobizCertified => Fact::InnobizCertified,
            Attribute::MainbizCertified => Fact::MainbizCertified,
            Attribute::WomenOwned => Fact::WomenOwned,
            Attribute::DisabledOwned => Fact::DisabledOwned,
            Attribute::SocialEnterprise => Fact::SocialEnterprise,
            Attribute::ResearchLab => Fact::ResearchLab,
            Attribute::Exporter => Fact::Exporter,
        }
    }
}

/// A set of missing facts (a bit per `Fact`): copied, never allocated.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Missing(u32);

impl Missing {
    fn of(fact: Fact) -> Missing {
        Missing(1 << fact as u32)
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
    /// The text after the notice words it was read from.
    fn quoted(words: &str, inner: Self) -> Self;
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
    fn quoted(words: &str, inner: Self) -> Self {
        L10n::new(format!("공고문: '{words}' — {}", inner.ko), format!("notice: '{words}' — {}", inner.en))
    }
}

impl Text for () {
    fn say<K: Into<String>, E: Into<String>>(_: impl FnOnce() -> (K, E)) -> Self {}
    fn list<'a>(_: &str, _: &str, _: impl Iterator<Item = &'a Self>) -> Self {}
    fn quoted(_: &str, _: Self) -> Self {}
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

/// One criterion's outcome, with its text when `T` is `L10n`: each criterion (or family) has its
/// own function in a submodule; `any_of` recurses here.
fn eval<T: Text>(c: &Criterion, f: &Facts<'_>) -> Eval<T> {
    match c {
        Criterion::Location { city, districts } => place::location(city, districts, f),
        Criterion::Sector { include, exclude } => place::sector(include, exclude, f),
        Criterion::ExcludedSectors { list } => place::excluded_sectors(*list, f),
        Criterion::SmallBusiness => size::small_business(f),
        Criterion::Size { at_most } => size::size_class(*at_most, f),
        Criterion::PreStartup => status::pre_startup(f),
        Criterion::Attribute { attribute, has } => status::attribute(*attribute, *has, f),
        Criterion::Headcount { min, max_exclusive } => size::headcount(*min, *max_exclusive, f),
        Criterion::AnnualSales { max_krw } => size::annual_sales(*max_krw, f),
        Criterion::OwnerAge { min, max } => age::owner_age(*min, *max, f),
        Criterion::BusinessAge { min_years, max_years_exclusive } => {
            age::business_age(*min_years, *max_years_exclusive, f)
        }
        Criterion::Stage { any_of } => status::stage(any_of, f),
        Criterion::NotNonprofit => status::not_nonprofit(f),
        Criterion::Registered => status::registered(f),
        Criterion::Operating => status::operating(f),
        Criterion::FactoryIn { districts } => status::factory_in(districts, f),
        Criterion::IncubatorTenant => status::incubator_tenant(f),
        Criterion::NewHire { from, to, employment_insurance, min_months } => {
            hires::new_hire(*from, *to, *employment_insurance, *min_months, f)
        }
        Criterion::AnyOf { criteria } => composite::any_of(criteria, f),
        Criterion::AllOf { criteria } => composite::all_of(criteria, f),
        Criterion::Declared { text } => composite::declared(text),
        Criterion::Unstructured { text } => composite::unstructured(text),
        Criterion::FromNotice { words, criterion } => composite::from_notice(words, criterion, f),
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

/// Screen many programs (retired ones are skipped) and order them: programs still open to
/// applications before those whose window has closed; within each, eligible first, then unknown
/// by fewest missing facts, then ineligible; open before upcoming before a window not known.
/// Ties keep the order given: the store lists programs by id, and a stable sort on small numbers
/// is far cheaper than comparing ids.
pub fn match_all<'p>(programs: impl IntoIterator<Item = &'p Program>, facts: &Facts<'_>) -> Vec<Screening<'p>> {
    let mut out: Vec<Screening<'p>> = programs.into_iter().filter(|p| !p.retired).map(|p| screen(p, facts)).collect();
    out.sort_by_key(|s| (s.window == WindowStatus::Closed, s.verdict, s.window.list_rank(), s.missing.len()));
    out
}

impl Screening<'_> {
    /// Where a list shows it: a closed program is set apart whatever its verdict, so it is never
    /// under "eligible".
    pub fn group(&self) -> MatchGroup {
        MatchGroup::of(self.verdict, self.window)
    }
}

/// The groups of the Matches screen.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum MatchGroup {
    Eligible,
    NeedsInfo,
    Ineligible,
    /// The window has closed (or the program's year is over).
    Closed,
}

impl MatchGroup {
    pub fn of(verdict: Verdict, window: WindowStatus) -> MatchGroup {
        match (verdict, window) {
            (_, WindowStatus::Closed) => MatchGroup::Closed,
            (Verdict::Eligible, _) => MatchGroup::Eligible,
            (Verdict::Unknown, _) => MatchGroup::NeedsInfo,
            (Verdict::Ineligible, _) => MatchGroup::Ineligible,
        }
    }
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
        "corporation" => {
            ("법인사업자입니까(개인사업자가 아닌)?", "Is the business incorporated (not a sole proprietor)?")
        }
        "venture_certified" => ("벤처기업 확인을 받았습니까?", "Is it a certified venture company?"),
        "innobiz_certified" => ("이노비즈 인증을 받았습니까?", "Is it Inno-Biz certified?"),
        "mainbiz_certified" => ("메인비즈 인증을 받았습니까?", "Is it Main-Biz certified?"),
        "women_owned" => ("여성기업 확인서가 있습니까?", "Is it a certified women-owned business?"),
        "disabled_owned" => ("장애인기업 확인서가 있습니까?", "Is it a certified disabled-owned business?"),
        "social_enterprise" => {
            ("사회적기업·협동조합 등 사회적경제기업입니까?", "Is it a social enterprise or cooperative?")
        }
        "research_lab" => (
            "기업부설연구소나 연구개발전담부서가 있습니까?",
            "Does it have a registered corporate R&D lab or department?",
        ),
        "exporter" => ("수출 실적이 있습니까?", "Has the business exported?"),
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
    fn all_of_fails_on_any_part_asks_what_its_unknown_parts_need_and_passes_when_all_hold() {
        // One alternative of two conditions: in Jongno and a small business; or a factory there.
        let p = program(
            json!([{"type": "any_of", "criteria": [
                {"type": "all_of", "criteria": [
                    {"type": "location", "city": "서울특별시", "districts": ["종로구"]},
                    {"type": "small_business"},
                ]},
                {"type": "factory_in", "districts": ["종로구"]},
            ]}]),
            json!({}),
        );
        let shop = json!({"city": "서울", "district": "종로구", "ksic_code": "47", "full_time_workers": 3,
                          "founded_on": "2019-01-01", "business_status": "operating", "factory_district": ""});
        assert_eq!(run(&p, shop.clone(), "2022-11-01").verdict, Verdict::Eligible);
        let mut elsewhere = shop.clone();
        elsewhere["district"] = json!("광진구");
        let m = run(&p, elsewhere, "2022-11-01");
        assert_eq!(m.verdict, Verdict::Ineligible, "one part of the only other alternative fails");
        assert!(m.reasons[0].ko.contains("광진구"), "{}", m.reasons[0].ko);
        let mut unknown = shop;
        unknown["full_time_workers"] = Value::Null;
        let m = run(&p, unknown, "2022-11-01");
        assert_eq!((m.verdict, m.missing), (Verdict::Unknown, vec!["full_time_workers".to_string()]));
        assert!(m.reasons[0].ko.contains("다음을 모두 충족해야 함"), "{}", m.reasons[0].ko);
    }

    #[test]
    fn all_of_belongs_inside_any_of_with_two_parts_or_more() {
        let bad = |criteria: Value| {
            let p: Program = serde_json::from_value(json!({
                "id": "t", "name": {"ko": "가", "en": "A"}, "kinds": ["grant"],
                "provider": {"ko": "가", "en": "A"}, "summary": {"ko": "", "en": ""},
                "window": {}, "source": {"file": "t.txt", "dated": "2023"}, "criteria": criteria,
            }))
            .unwrap();
            crate::catalogue::check_program(&p).unwrap_err().to_string()
        };
        let top = bad(json!([{"type": "all_of", "criteria": [{"type": "operating"}, {"type": "registered"}]}]));
        assert!(top.contains("criteria[0]") && top.contains("inside any_of"), "{top}");
        let one = bad(json!([{"type": "any_of", "criteria": [
            {"type": "all_of", "criteria": [{"type": "operating"}]}, {"type": "registered"}]}]));
        assert!(one.contains("criteria[0].criteria[0].criteria") && one.contains("two conditions"), "{one}");
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

    /// The six merchants of the issue, reduced to what decides these tests.
    fn cafe() -> Value {
        json!({"founded_on": "2021-03-01", "business_status": "operating", "full_time_workers": 3, "ksic_code": "56221"})
    }
    fn would_be() -> Value {
        json!({"stage": "pre_startup"})
    }
    fn closed() -> Value {
        json!({"founded_on": "2015-01-01", "closed_on": "2025-06-30", "full_time_workers": 0})
    }

    #[test]
    fn the_small_business_rule_needs_a_business_in_operation() {
        let p = program(json!([{"type": "small_business"}]), json!({}));
        assert_eq!(run(&p, cafe(), "2026-04-20").verdict, Verdict::Eligible);
        // Both used to pass on "0 workers".
        let m = run(&p, would_be(), "2026-04-20");
        assert_eq!(m.verdict, Verdict::Ineligible, "{:?}", m.reasons);
        let m = run(&p, closed(), "2026-04-20");
        assert_eq!(m.verdict, Verdict::Ineligible, "{:?}", m.reasons);
        // Nothing says the business is in operation: ask.
        let m = run(&p, json!({"full_time_workers": 0, "founded_on": "2020-01-01"}), "2026-04-20");
        assert_eq!((m.verdict, m.missing), (Verdict::Unknown, vec!["business_status".to_string()]));
        // Headcount above the limit decides even when the rest is unknown.
        assert_eq!(run(&p, json!({"full_time_workers": 24}), "2026-04-20").verdict, Verdict::Ineligible);
    }

    #[test]
    fn a_small_business_is_an_sme() {
        let p = program(json!([{"type": "size", "at_most": "medium"}]), json!({}));
        assert_eq!(run(&p, cafe(), "2026-04-20").verdict, Verdict::Eligible);
        let workshop = json!({"founded_on": "2010-01-01", "business_status": "operating", "full_time_workers": 24, "ksic_code": "25"});
        let m = run(&p, workshop, "2026-04-20");
        assert_eq!((m.verdict, m.missing), (Verdict::Unknown, vec!["annual_sales_krw".to_string()]));
        let big = json!({"founded_on": "2010-01-01", "business_status": "operating", "full_time_workers": 24, "annual_sales_krw": 200_000_000_000_u64});
        assert_eq!(run(&p, big, "2026-04-20").verdict, Verdict::Ineligible);
        assert_eq!(run(&p, would_be(), "2026-04-20").verdict, Verdict::Ineligible);
    }

    #[test]
    fn would_be_founders_and_years_in_business() {
        let pre = program(json!([{"type": "pre_startup"}]), json!({}));
        assert_eq!(run(&pre, would_be(), "2026-04-20").verdict, Verdict::Eligible);
        assert_eq!(run(&pre, json!({"founded_on": "2026-09-01"}), "2026-04-20").verdict, Verdict::Eligible);
        assert_eq!(run(&pre, cafe(), "2026-04-20").verdict, Verdict::Ineligible);
        assert_eq!(run(&pre, closed(), "2026-04-20").verdict, Verdict::Eligible, "no business now");
        let m = run(&pre, json!({}), "2026-04-20");
        assert_eq!((m.verdict, m.missing), (Verdict::Unknown, vec!["founded_on".to_string()]));
        let young = program(json!([{"type": "business_age", "max_years_exclusive": 7}]), json!({}));
        assert_eq!(run(&young, cafe(), "2026-04-20").verdict, Verdict::Eligible);
        assert_eq!(run(&young, would_be(), "2026-04-20").verdict, Verdict::Ineligible);
        let operating =
            program(json!([{"type": "operating"}, {"type": "business_age", "max_years_exclusive": 7}]), json!({}));
        let recently_closed = json!({"founded_on": "2024-01-01", "closed_on": "2025-06-30"});
        assert_eq!(run(&operating, recently_closed, "2026-04-20").verdict, Verdict::Ineligible);
        let m = run(&pre, json!({"founded_on": "2020-01-01"}), "2026-04-20");
        assert_eq!((m.verdict, m.missing), (Verdict::Unknown, vec!["business_status".to_string()]));
        let op = program(json!([{"type": "operating"}]), json!({}));
        assert_eq!(run(&op, would_be(), "2026-04-20").verdict, Verdict::Ineligible);
    }

    #[test]
    fn attributes_ask_the_merchant_and_quotes_show_the_words() {
        let p = program(
            json!([{"type": "from_notice", "words": "벤처기업 확인 기업",
                    "criterion": {"type": "attribute", "attribute": "venture_certified", "has": true}}]),
            json!({}),
        );
        let m = run(&p, cafe(), "2026-04-20");
        assert_eq!((m.verdict, m.missing), (Verdict::Unknown, vec!["venture_certified".to_string()]));
        assert!(m.reasons[0].ko.starts_with("공고문: '벤처기업 확인 기업' — "), "{}", m.reasons[0].ko);
        assert_eq!(m.reasons[0].criterion, "attribute");
        let mut yes = cafe();
        yes["venture_certified"] = json!(true);
        assert_eq!(run(&p, yes, "2026-04-20").verdict, Verdict::Eligible);
        let mut no = cafe();
        no["venture_certified"] = json!(false);
        assert_eq!(run(&p, no, "2026-04-20").verdict, Verdict::Ineligible);
        assert!(question_for("venture_certified").ko.contains("벤처"));
    }
}
