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
}
