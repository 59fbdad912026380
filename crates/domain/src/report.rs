//! The figures of a period report (counted by the store, laid out by the core).

use chrono::NaiveDate;
use serde::Serialize;

/// The figures of a period report.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PeriodFigures {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub consultations: u64,
    pub by_stage: Vec<(String, u64)>,
    pub by_channel: Vec<(String, u64)>,
    pub by_topic: Vec<(String, u64)>,
    pub by_counselor: Vec<(String, u64)>,
    /// Programs discussed, most often first.
    pub programs: Vec<(String, u64)>,
    /// (institution, status, count)
    pub referrals: Vec<(String, String, u64)>,
    /// Follow-ups of these consultations not done and due before `as_of`.
    pub overdue_follow_ups: u64,
    pub as_of: NaiveDate,
    /// What came of the advice: applications, amounts obtained, partners' answers, duties late.
    pub results: PeriodResults,
}

/// The results part of a period report.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PeriodResults {
    /// Applications opened in the period, by where they stand now (status, count).
    #[cfg_attr(feature = "ts", ts(as = "Vec<(String, f64)>"))]
    pub applications_by_status: Vec<(String, u64)>,
    /// Obtained in the period, by kind of support: (kind, how many, won). Applications paid in
    /// the period count under their program's first kind; referrals' results by their kind.
    #[cfg_attr(feature = "ts", ts(as = "Vec<(String, f64, f64)>"))]
    pub obtained_by_kind: Vec<(String, u64, u64)>,
    /// Partners' answers in the period, by partner (its directory name, else the institution as
    /// written): (partner, status, count, won obtained).
    #[cfg_attr(feature = "ts", ts(as = "Vec<(String, String, f64, f64)>"))]
    pub referrals_by_partner: Vec<(String, String, u64, u64)>,
    /// Applications' duties not done whose deadline is before `as_of`, by counselor (the
    /// consultation's, else whoever saved the application).
    #[cfg_attr(feature = "ts", ts(as = "Vec<(String, f64)>"))]
    pub overdue_duties_by_counselor: Vec<(String, u64)>,
}
