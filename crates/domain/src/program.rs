//! Support programs: what the catalogue says about each one.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::{stage::Stage, text::L10n};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Grant,
    Loan,
    Guarantee,
    Voucher,
    Consulting,
    Legal,
    Employment,
    Training,
    MarketExpansion,
    Digital,
}

impl Kind {
    pub const ALL: [Kind; 10] = [
        Kind::Grant,
        Kind::Loan,
        Kind::Guarantee,
        Kind::Voucher,
        Kind::Consulting,
        Kind::Legal,
        Kind::Employment,
        Kind::Training,
        Kind::MarketExpansion,
        Kind::Digital,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Grant => "grant",
            Kind::Loan => "loan",
            Kind::Guarantee => "guarantee",
            Kind::Voucher => "voucher",
            Kind::Consulting => "consulting",
            Kind::Legal => "legal",
            Kind::Employment => "employment",
            Kind::Training => "training",
            Kind::MarketExpansion => "market_expansion",
            Kind::Digital => "digital",
        }
    }

    pub fn label(self) -> L10n {
        let (ko, en) = match self {
            Kind::Grant => ("지원금·보조금", "grant / subsidy"),
            Kind::Loan => ("융자", "loan"),
            Kind::Guarantee => ("보증", "guarantee"),
            Kind::Voucher => ("바우처", "voucher"),
            Kind::Consulting => ("경영 컨설팅", "management consulting"),
            Kind::Legal => ("법률 상담", "legal advice"),
            Kind::Employment => ("고용·인력", "employment / HR"),
            Kind::Training => ("교육", "training"),
            Kind::MarketExpansion => ("판로·수출", "market expansion / export"),
            Kind::Digital => ("디지털 전환", "digital"),
        };
        L10n::new(ko, en)
    }
}

impl std::str::FromStr for Kind {
    type Err = crate::Error;
    fn from_str(s: &str) -> crate::Result<Kind> {
        Kind::ALL.into_iter().find(|k| k.as_str() == s.trim()).ok_or_else(|| {
            let all: Vec<_> = Kind::ALL.iter().map(|k| k.as_str()).collect();
            crate::Error::invalid("kind", s, format!("expected one of {}", all.join(", ")))
        })
    }
}

/// An organisation: who funds a program, or who delivers it at the counter.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct Organisation {
    pub ko: String,
    pub en: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact: Option<String>,
}

/// One benefit line. Numbers are given only where the source states them.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(optional_fields))]
#[serde(deny_unknown_fields)]
pub struct Benefit {
    pub text: L10n,
    /// Amount in won per unit (`per`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(as = "Option<f64>"))]
    pub amount_krw: Option<u64>,
    /// What the amount is per: "person", "hire", "company", "month", "program".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub per: Option<String>,
    /// Most units per company (e.g. 10 hires).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cap_count: Option<u32>,
    /// Most won per person.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(as = "Option<f64>"))]
    pub cap_per_person_krw: Option<u64>,
    /// Most won per company.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(as = "Option<f64>"))]
    pub cap_per_company_krw: Option<u64>,
    /// Share the business pays itself, 0.0–1.0.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub copay_share: Option<f64>,
    /// Share of a cost the program covers, 0.0–1.0.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub covered_share: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interest_rate_pct: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grace_years: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub repayment_years: Option<u32>,
    /// The condition under which this line applies (collateral type, residency, ...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub condition: Option<L10n>,
}

/// The application window.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct Window {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub opens_on: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closes_on: Option<NaiveDate>,
    /// Open from `opens_on` until the budget is exhausted (예산 소진시까지).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub until_budget_exhausted: bool,
    /// The year the program belongs to (its budget year, or the year its notice names): once that
    /// year is over and no closing date says otherwise, the program is over.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub budget_year: Option<i32>,
    /// Always open (상시 접수).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub always_open: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<L10n>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum WindowStatus {
    Upcoming,
    Open,
    Closed,
    Unknown,
}

impl WindowStatus {
    /// Where a list puts it: open, upcoming, not known, closed.
    pub fn list_rank(self) -> u8 {
        match self {
            WindowStatus::Open => 0,
            WindowStatus::Upcoming => 1,
            WindowStatus::Unknown => 2,
            WindowStatus::Closed => 3,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            WindowStatus::Upcoming => "upcoming",
            WindowStatus::Open => "open",
            WindowStatus::Closed => "closed",
            WindowStatus::Unknown => "unknown",
        }
    }

    pub fn label(self) -> L10n {
        match self {
            WindowStatus::Upcoming => L10n::new("접수 예정", "upcoming"),
            WindowStatus::Open => L10n::new("접수 중", "open"),
            WindowStatus::Closed => L10n::new("마감", "closed"),
            WindowStatus::Unknown => L10n::new("접수 기간 확인 필요", "window unknown"),
        }
    }
}

impl Window {
    /// The window's status on a date. Only what the catalogue states is taken as known.
    pub fn status(&self, on: NaiveDate) -> WindowStatus {
        if self.always_open {
            return WindowStatus::Open;
        }
        if self.opens_on.is_some_and(|o| on < o) {
            return WindowStatus::Upcoming;
        }
        if self.closes_on.is_some_and(|c| on > c) {
            return WindowStatus::Closed;
        }
        if self.closes_on.is_none() && self.budget_year.is_some_and(|y| on.year() > y) {
            return WindowStatus::Closed;
        }
        match (self.opens_on, self.closes_on) {
            (Some(_), Some(_)) => WindowStatus::Open,
            (Some(_), None) if self.until_budget_exhausted => WindowStatus::Open,
            _ => WindowStatus::Unknown,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum ApplyMethod {
    OnSite,
    Email,
    Mail,
    Fax,
    Online,
    Phone,
}

impl ApplyMethod {
    pub fn label(self) -> L10n {
        match self {
            ApplyMethod::OnSite => L10n::new("방문", "in person"),
            ApplyMethod::Email => L10n::new("이메일", "e-mail"),
            ApplyMethod::Mail => L10n::new("우편", "post"),
            ApplyMethod::Fax => L10n::new("팩스", "fax"),
            ApplyMethod::Online => L10n::new("온라인", "online"),
            ApplyMethod::Phone => L10n::new("전화", "phone"),
        }
    }
}

/// How to apply.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct HowToApply {
    #[serde(default)]
    pub methods: Vec<ApplyMethod>,
    /// Where or to whom.
    #[serde(default, rename = "where", skip_serializing_if = "Option::is_none")]
    pub where_: Option<L10n>,
    #[serde(default)]
    pub documents: Vec<L10n>,
}

/// Where a program's facts come from.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// The seed document (file name under shared/seeds) or other document.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// When the source was true: a date, or a month/year as precise as the source is.
    pub dated: String,
}

impl Source {
    /// A short citation: the file or URL.
    pub fn cite(&self) -> String {
        self.file.clone().or_else(|| self.url.clone()).unwrap_or_else(|| "(no source)".into())
    }
}

/// Provenance of an imported program.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct External {
    /// The feed, e.g. "bizinfo".
    pub system: String,
    /// The record's id in that feed, e.g. "PBLN_000000000127023".
    pub id: String,
    /// When the feed says the record last changed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<String>,
    /// The notice's own words on who may apply.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<String>,
    /// The feed's category names (e.g. 금융 / 보증).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub categories: Vec<String>,
    /// Regions (canonical city names) the notice is for; empty = not stated or nationwide.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub regions: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attachments: Vec<Attachment>,
    /// The same announcement as published in other feeds: one program, several sources.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub also: Vec<FeedRecord>,
}

/// One feed's record of an announcement the catalogue holds under another feed's record.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct FeedRecord {
    /// The feed, e.g. "kstartup".
    pub system: String,
    /// The record's id in that feed.
    pub id: String,
    /// The record's page in that feed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// When that feed says the record last changed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct Attachment {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

/// How large a business may be, by the legal size classes: 소상공인 ⊂ 소기업 ⊂ 중소기업, and 중견기업
/// above them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum SizeClass {
    /// 소상공인: the headcount rule of `small_business`.
    Micro,
    /// 소기업: sales at most 10–120억 won by sector.
    Small,
    /// 중소기업: sales at most 400–1,500억 won by sector, fewer than 1,000 workers.
    Medium,
    /// 중견기업 (or smaller): any business that is not a large conglomerate.
    MidCap,
}

impl SizeClass {
    pub fn as_str(self) -> &'static str {
        match self {
            SizeClass::Micro => "micro",
            SizeClass::Small => "small",
            SizeClass::Medium => "medium",
            SizeClass::MidCap => "mid_cap",
        }
    }
    pub fn label(self) -> L10n {
        match self {
            SizeClass::Micro => L10n::new("소상공인", "small business (micro)"),
            SizeClass::Small => L10n::new("소기업", "small enterprise"),
            SizeClass::Medium => L10n::new("중소기업", "SME"),
            SizeClass::MidCap => L10n::new("중소·중견기업", "SME or mid-sized company"),
        }
    }
}

/// A fact about the business that notices ask for and only the merchant can tell: its legal form,
/// a certification, a status. Each is a yes/no fact of the profile under the same key.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Attribute {
    /// 법인사업자 (not a sole proprietor).
    Corporation,
    /// 벤처기업 확인.
    VentureCertified,
    /// 이노비즈(기술혁신형 중소기업) 인증.
    InnobizCertified,
    /// 메인비즈(경영혁신형 중소기업) 인증.
    MainbizCertified,
    /// 여성기업 확인.
    WomenOwned,
    /// 장애인기업 확인.
    DisabledOwned,
    /// (예비)사회적기업·협동조합 등 사회적경제기업.
    SocialEnterprise,
    /// 기업부설연구소 또는 연구개발전담부서.
    ResearchLab,
    /// 수출 실적 보유.
    Exporter,
}

impl Attribute {
    pub const ALL: [Attribute; 9] = [
        Attribute::Corporation,
        Attribute::VentureCertified,
        Attribute::InnobizCertified,
        Attribute::MainbizCertified,
        Attribute::WomenOwned,
        Attribute::DisabledOwned,
        Attribute::SocialEnterprise,
        Attribute::ResearchLab,
        Attribute::Exporter,
    ];

    /// The profile key that holds this fact.
    pub fn key(self) -> &'static str {
        match self {
            Attribute::Corporation => "corporation",
            Attribute::VentureCertified => "venture_certified",
            Attribute::InnobizCertified => "innobiz_certified",
            Attribute::MainbizCertified => "mainbiz_certified",
            Attribute::WomenOwned => "women_owned",
            Attribute::DisabledOwned => "disabled_owned",
            Attribute::SocialEnterprise => "social_enterprise",
            Attribute::ResearchLab => "research_lab",
            Attribute::Exporter => "exporter",
        }
    }

    pub fn label(self) -> L10n {
        let (ko, en) = match self {
            Attribute::Corporation => ("법인사업자", "incorporated business"),
            Attribute::VentureCertified => ("벤처기업 확인", "certified venture company"),
            Attribute::InnobizCertified => ("이노비즈 인증", "Inno-Biz certified"),
            Attribute::MainbizCertified => ("메인비즈 인증", "Main-Biz certified"),
            Attribute::WomenOwned => ("여성기업", "women-owned business"),
            Attribute::DisabledOwned => ("장애인기업", "disabled-owned business"),
            Attribute::SocialEnterprise => ("사회적경제기업", "social enterprise"),
            Attribute::ResearchLab => ("기업부설연구소·연구전담부서", "corporate R&D lab"),
            Attribute::Exporter => ("수출 실적", "export record"),
        };
        L10n::new(ko, en)
    }
}

/// A typed eligibility criterion. Evaluated three-valued by [`crate::eligibility`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum Criterion {
    /// Located in the city (canonical Korean name) and, if given, one of the districts.
    Location {
        city: String,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        districts: Vec<String>,
    },
    /// KSIC sector: a section letter ("K") or digit prefix ("5621"). Empty include = any sector.
    Sector {
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        include: Vec<String>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        exclude: Vec<String>,
    },
    /// The legal small-business headcount rule: fewer than 10 full-time workers in mining,
    /// manufacturing, construction and transport, fewer than 5 elsewhere, in an existing business.
    SmallBusiness,
    /// At most this size class (소기업, 중소기업, 중견기업), in an existing business.
    Size { at_most: SizeClass },
    /// A would-be founder (예비창업자): no business in operation on the as-of date.
    PreStartup,
    /// The business has (`has: true`) or does not have (`has: false`) this attribute.
    Attribute { attribute: Attribute, has: bool },
    /// Full-time workers within [min, max_exclusive).
    Headcount {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        min: Option<u32>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        max_exclusive: Option<u32>,
    },
    /// Owner's international age on the as-of date, inclusive bounds.
    OwnerAge {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        min: Option<u32>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        max: Option<u32>,
    },
    /// Whole years in business on the as-of date within [min_years, max_years_exclusive).
    BusinessAge {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        min_years: Option<u32>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        max_years_exclusive: Option<u32>,
    },
    /// The business stage is one of these.
    Stage { any_of: Vec<Stage> },
    /// Not a non-profit organization.
    NotNonprofit,
    /// Has a business registration (사업자등록).
    Registered,
    /// In business on the as-of date: opened, and not closed.
    Operating,
    /// Annual sales at most this many won.
    AnnualSales {
        #[cfg_attr(feature = "ts", ts(type = "number"))]
        max_krw: u64,
    },
    /// At least one hire within [from, to], insured if required, employed `min_months` by the
    /// application date; the date it becomes true is reported when it is still ahead.
    NewHire {
        from: NaiveDate,
        to: NaiveDate,
        #[serde(default)]
        employment_insurance: bool,
        #[serde(default)]
        min_months: u32,
    },
    /// Has a factory registered in one of these districts.
    FactoryIn { districts: Vec<String> },
    /// The sector is not on a published exclusion list, named once in `reference`.
    ExcludedSectors { list: crate::reference::SectorList },
    /// Tenant of a district-run startup incubation center.
    IncubatorTenant,
    /// At least one of these holds.
    AnyOf { criteria: Vec<Criterion> },
    /// All of these hold: one alternative of an `any_of` made of several conditions (the
    /// program's own criteria already all must hold, so it is refused at the top level).
    AllOf { criteria: Vec<Criterion> },
    /// An alternative only the applicant's declaration or documents can settle (allowed only
    /// inside `any_of`): it is always unknown, so it keeps an `any_of` from failing.
    Declared { text: L10n },
    /// A condition known only as the notice words it (imported programs): always unknown, with
    /// that text, until staff replace it with structured criteria.
    Unstructured { text: L10n },
    /// A criterion read from a notice's text, with the exact words it was read from; its reason
    /// quotes them ("공고문: '서울시 소재 7년 미만 창업기업'").
    FromNotice { words: String, criterion: Box<Criterion> },
}

impl Criterion {
    /// The criterion's type name as in the catalogue.
    pub fn type_name(&self) -> &'static str {
        match self {
            Criterion::Location { .. } => "location",
            Criterion::Sector { .. } => "sector",
            Criterion::ExcludedSectors { .. } => "excluded_sectors",
            Criterion::SmallBusiness => "small_business",
            Criterion::Size { .. } => "size",
            Criterion::PreStartup => "pre_startup",
            Criterion::Attribute { .. } => "attribute",
            Criterion::Headcount { .. } => "headcount",
            Criterion::OwnerAge { .. } => "owner_age",
            Criterion::BusinessAge { .. } => "business_age",
            Criterion::Stage { .. } => "stage",
            Criterion::NotNonprofit => "not_nonprofit",
            Criterion::Registered => "registered",
            Criterion::Operating => "operating",
            Criterion::AnnualSales { .. } => "annual_sales",
            Criterion::NewHire { .. } => "new_hire",
            Criterion::FactoryIn { .. } => "factory_in",
            Criterion::IncubatorTenant => "incubator_tenant",
            Criterion::AnyOf { .. } => "any_of",
            Criterion::AllOf { .. } => "all_of",
            Criterion::Declared { .. } => "declared",
            Criterion::Unstructured { .. } => "unstructured",
            Criterion::FromNotice { criterion, .. } => criterion.type_name(),
        }
    }
}

/// A support program.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct Program {
    /// Stable slug, e.g. `seoul-2023-employment-incentive`.
    pub id: String,
    pub name: L10n,
    pub kinds: Vec<Kind>,
    /// Who funds or runs the program.
    pub provider: Organisation,
    /// Who delivers it to the merchant, when different (bank, foundation, chamber, ...).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub partners: Vec<Organisation>,
    /// Stages the program serves; empty = not stated.
    #[serde(default)]
    pub stages: Vec<Stage>,
    pub summary: L10n,
    #[serde(default)]
    pub benefits: Vec<Benefit>,
    /// Hard criteria, all of which must hold.
    #[serde(default)]
    pub criteria: Vec<Criterion>,
    /// What the applicant declares or proves at application time; shown, never blocking.
    #[serde(default)]
    pub to_confirm: Vec<L10n>,
    /// Exclusions as the source words them (the checkable ones are also criteria).
    #[serde(default)]
    pub exclusions: Vec<L10n>,
    pub window: Window,
    #[serde(default)]
    pub apply: HowToApply,
    /// Timeline rules: when to apply, what must hold afterwards, when it is paid.
    #[serde(default)]
    pub timeline: Vec<L10n>,
    /// The timeline typed, where the source gives dates: an application's duties are planned
    /// from these (`application::Application::plan`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub steps: Vec<crate::application::Step>,
    pub source: Source,
    /// Where an imported program came from (absent for the bundled catalogue).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external: Option<External>,
    /// Retired programs stay in consultation history but are not matched.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub retired: bool,
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn window_status() {
        let w = Window { opens_on: Some(d("2023-04-03")), closes_on: Some(d("2023-04-30")), ..Default::default() };
        assert_eq!(w.status(d("2023-04-02")), WindowStatus::Upcoming);
        assert_eq!(w.status(d("2023-04-03")), WindowStatus::Open);
        assert_eq!(w.status(d("2023-04-30")), WindowStatus::Open);
        assert_eq!(w.status(d("2023-05-01")), WindowStatus::Closed);
        let budget = Window {
            opens_on: Some(d("2023-04-03")),
            until_budget_exhausted: true,
            budget_year: Some(2023),
            ..Default::default()
        };
        assert_eq!(budget.status(d("2023-12-31")), WindowStatus::Open);
        assert_eq!(budget.status(d("2024-01-01")), WindowStatus::Closed, "a year-bound program is over after its year");
        let year_only = Window { budget_year: Some(2022), ..Default::default() };
        assert_eq!(year_only.status(d("2022-06-01")), WindowStatus::Unknown);
        assert_eq!(year_only.status(d("2023-01-01")), WindowStatus::Closed);
        let only_close = Window { closes_on: Some(d("2022-11-30")), ..Default::default() };
        assert_eq!(only_close.status(d("2022-10-01")), WindowStatus::Unknown);
        assert_eq!(only_close.status(d("2022-12-01")), WindowStatus::Closed);
        assert_eq!(Window { always_open: true, ..Default::default() }.status(d("2030-01-01")), WindowStatus::Open);
        assert_eq!(Window::default().status(d("2030-01-01")), WindowStatus::Unknown);
    }
}
