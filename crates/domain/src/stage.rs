//! Business stage (pre-startup, startup, growth, restart), derived from the facts as of a date.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::{profile::Profile, text::L10n, Error, Result};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    PreStartup,
    Startup,
    Growth,
    Restart,
}

impl Stage {
    pub const ALL: [Stage; 4] = [Stage::PreStartup, Stage::Startup, Stage::Growth, Stage::Restart];

    pub fn as_str(self) -> &'static str {
        match self {
            Stage::PreStartup => "pre_startup",
            Stage::Startup => "startup",
            Stage::Growth => "growth",
            Stage::Restart => "restart",
        }
    }

    pub fn label(self) -> L10n {
        match self {
            Stage::PreStartup => L10n::new("예비창업", "pre-startup"),
            Stage::Startup => L10n::new("창업", "startup"),
            Stage::Growth => L10n::new("성장", "growth"),
            Stage::Restart => L10n::new("재기", "restart"),
        }
    }
}

impl std::str::FromStr for Stage {
    type Err = Error;
    fn from_str(s: &str) -> Result<Stage> {
        Stage::ALL
            .into_iter()
            .find(|st| st.as_str() == s.trim())
            .ok_or_else(|| Error::invalid("stage", s, "expected pre_startup, startup, growth or restart"))
    }
}

/// Thresholds for deriving the stage; configurable per center.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct StageRules {
    /// A business younger than this many years is a startup. Default 3, the "first three years
    /// of business" of KOSME's young entrepreneur center (seed 002).
    pub startup_max_years: u32,
    /// A business re-founded after an earlier one closed counts as restart for this many years.
    pub restart_years_after_refounding: u32,
}

impl Default for StageRules {
    fn default() -> Self {
        StageRules { startup_max_years: 3, restart_years_after_refounding: 3 }
    }
}

/// A derived stage and why. `stage` is `None` when the facts do not tell.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct StageFinding {
    pub stage: Option<Stage>,
    pub basis: L10n,
    pub overridden: bool,
}

/// Whole years from `from` to `to` (international age): a birthday or anniversary on `to` counts.
pub fn whole_years(from: NaiveDate, to: NaiveDate) -> i32 {
    let mut y = to.year() - from.year();
    if (to.month(), to.day()) < (from.month(), from.day()) {
        y -= 1;
    }
    y
}

/// The facts a stage is derived from: a few dates and flags, read from a stored profile without
/// decoding the rest of it (the period report derives a stage for every consultation).
#[derive(Clone, Copy, Debug, Default, Deserialize)]
pub struct StageFacts {
    pub stage: Option<Stage>,
    pub business_status: Option<crate::profile::BusinessStatus>,
    pub closed_on: Option<NaiveDate>,
    pub founded_on: Option<NaiveDate>,
    pub previously_closed_on: Option<NaiveDate>,
}

impl From<&Profile> for StageFacts {
    fn from(p: &Profile) -> Self {
        StageFacts {
            stage: p.stage,
            business_status: p.business_status,
            closed_on: p.closed_on,
            founded_on: p.founded_on,
            previously_closed_on: p.previously_closed_on,
        }
    }
}

/// Why a stage was derived, with the dates the text needs.
enum Basis {
    SetByStaff(Stage),
    ClosedStatus,
    Closed(NaiveDate),
    Closing(NaiveDate),
    NoOpeningDate,
    Opening(NaiveDate),
    Refounded { prev: NaiveDate, founded: NaiveDate },
    Opened { stage: Stage, founded: NaiveDate, years: i32 },
}

impl Basis {
    fn stage(&self) -> Option<Stage> {
        match self {
            Basis::SetByStaff(s) | Basis::Opened { stage: s, .. } => Some(*s),
            Basis::ClosedStatus | Basis::Closed(_) | Basis::Closing(_) | Basis::Refounded { .. } => {
                Some(Stage::Restart)
            }
            Basis::Opening(_) => Some(Stage::PreStartup),
            Basis::NoOpeningDate => None,
        }
    }

    fn text(&self) -> L10n {
        match self {
            Basis::SetByStaff(_) => L10n::new("담당자가 지정한 단계", "stage set by staff"),
            Basis::ClosedStatus => L10n::new("폐업 상태", "registration closed"),
            Basis::Closed(c) => L10n::new(format!("{c} 폐업"), format!("closed on {c}")),
            Basis::Closing(c) => L10n::new(format!("{c} 폐업 예정"), format!("closing on {c}")),
            Basis::NoOpeningDate => L10n::new("개업일을 모름", "opening date unknown"),
            Basis::Opening(f) => L10n::new(format!("{f} 개업 예정"), format!("opening on {f}")),
            Basis::Refounded { prev, founded } => L10n::new(
                format!("{prev} 폐업 후 {founded} 재창업"),
                format!("re-founded on {founded} after closing on {prev}"),
            ),
            Basis::Opened { founded, years, .. } => L10n::new(
                format!("{founded} 개업, {years}년 경과"),
                format!("opened {founded}, {years} full years ago"),
            ),
        }
    }
}

fn classify(p: StageFacts, as_of: NaiveDate, rules: &StageRules) -> Basis {
    if let Some(s) = p.stage {
        return Basis::SetByStaff(s);
    }
    if p.business_status == Some(crate::profile::BusinessStatus::Closed) && p.closed_on.is_none() {
        return Basis::ClosedStatus;
    }
    if let Some(c) = p.closed_on {
        return if c <= as_of { Basis::Closed(c) } else { Basis::Closing(c) };
    }
    let Some(f) = p.founded_on else {
        return Basis::NoOpeningDate;
    };
    if f > as_of {
        return Basis::Opening(f);
    }
    let years = whole_years(f, as_of);
    if let Some(prev) = p.previously_closed_on {
        if prev <= f && years < rules.restart_years_after_refounding as i32 {
            return Basis::Refounded { prev, founded: f };
        }
    }
    let stage = if years < rules.startup_max_years as i32 { Stage::Startup } else { Stage::Growth };
    Basis::Opened { stage, founded: f, years }
}

/// The stage and why, in both languages.
pub fn derive(p: &Profile, as_of: NaiveDate, rules: &StageRules) -> StageFinding {
    let basis = classify(p.into(), as_of, rules);
    StageFinding { stage: basis.stage(), basis: basis.text(), overridden: matches!(basis, Basis::SetByStaff(_)) }
}

/// The stage alone (no text), for counting many.
pub fn stage_on(p: StageFacts, as_of: NaiveDate, rules: &StageRules) -> Option<Stage> {
    classify(p, as_of, rules).stage()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn whole_years_counts_anniversary_on_the_day() {
        assert_eq!(whole_years(d("1984-05-01"), d("2023-05-01")), 39);
        assert_eq!(whole_years(d("1984-05-01"), d("2023-04-30")), 38);
        // A 29 February birthday turns a year older on 1 March in common years.
        assert_eq!(whole_years(d("2000-02-29"), d("2023-02-28")), 22);
        assert_eq!(whole_years(d("2000-02-29"), d("2023-03-01")), 23);
    }

    #[test]
    fn stages() {
        let r = StageRules::default();
        let at = d("2024-06-01");
        let p = |json: &str| Profile::from_json_str(json).unwrap();
        assert_eq!(derive(&p("{}"), at, &r).stage, None);
        assert_eq!(derive(&p(r#"{"founded_on":"2024-09-01"}"#), at, &r).stage, Some(Stage::PreStartup));
        assert_eq!(derive(&p(r#"{"founded_on":"2021-06-02"}"#), at, &r).stage, Some(Stage::Startup));
        assert_eq!(derive(&p(r#"{"founded_on":"2021-06-01"}"#), at, &r).stage, Some(Stage::Growth));
        assert_eq!(
            derive(&p(r#"{"founded_on":"2010-01-01","closed_on":"2024-12-31"}"#), at, &r).stage,
            Some(Stage::Restart)
        );
        assert_eq!(
            derive(&p(r#"{"founded_on":"2023-01-01","previously_closed_on":"2022-10-01"}"#), at, &r).stage,
            Some(Stage::Restart)
        );
        let custom = StageRules { startup_max_years: 7, ..r };
        assert_eq!(derive(&p(r#"{"founded_on":"2019-01-01"}"#), at, &custom).stage, Some(Stage::Startup));
        let over = derive(&p(r#"{"founded_on":"2010-01-01","stage":"restart"}"#), at, &r);
        assert!(over.overridden && over.stage == Some(Stage::Restart));
    }
}
