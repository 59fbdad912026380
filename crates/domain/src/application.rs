//! Applications: a merchant applying to a program, from preparing the papers to the end of the
//! program's duties. The catalogue's typed timeline (`Step`s: a fixed date, or an offset from
//! the application, the hire or the payment, each with the source's words) becomes the
//! application's dated duties; staff may move a duty's date with a reason, or mark it done.

use chrono::{Datelike, Days, Months, NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::text::L10n;
use crate::{Error, Result};

/// What a step's date is counted from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Anchor {
    /// The day the application was made.
    Applied,
    /// The day the worker the application is about was hired.
    Hired,
    /// The day the money was paid or the loan carried out.
    Paid,
}

impl Anchor {
    pub fn label(self) -> L10n {
        match self {
            Anchor::Applied => L10n::new("신청일", "the application"),
            Anchor::Hired => L10n::new("채용일", "the hire"),
            Anchor::Paid => L10n::new("지급·실행일", "the payment"),
        }
    }
}

/// When a step falls.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum When {
    /// A fixed date; `month` when the source names only the month (`date` is its first day).
    On {
        date: NaiveDate,
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        month: bool,
    },
    /// Months and days after an anchor (a day that does not exist, 31 April, is the month's last).
    After {
        anchor: Anchor,
        #[serde(default)]
        months: u32,
        #[serde(default)]
        days: u32,
    },
    /// In the month `months` after the anchor's month, as schedules written "paid in July for
    /// an April application" count: its last day when `last_day`, else the month itself.
    InMonth {
        anchor: Anchor,
        months: u32,
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        last_day: bool,
    },
}

/// One step of a program's timeline, typed: what happens (or what the merchant must do), when,
/// and the source's words it was read from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct Step {
    pub what: L10n,
    pub when: When,
    /// The source's own words for this step (quoted on screen and on the printout).
    pub words: L10n,
}

impl Step {
    /// Check a step as the catalogue stores it.
    pub fn validate(&self, at: &str) -> Result<()> {
        if self.what.ko.trim().is_empty() {
            return Err(Error::invalid(format!("{at}.what.ko"), "", "say what happens at this step"));
        }
        if self.words.ko.trim().is_empty() {
            return Err(Error::invalid(format!("{at}.words.ko"), "", "quote the source's words for this step"));
        }
        if let When::After { months: 0, days: 0, .. } = self.when {
            return Err(Error::invalid(format!("{at}.when"), "0", "an offset needs months or days"));
        }
        Ok(())
    }
}

/// Where an application stands: 준비 → 신청 → 선정/탈락 → 지급·실행 → 종료.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum ApplicationStatus {
    #[default]
    Preparing,
    Applied,
    Selected,
    Rejected,
    Paid,
    Closed,
}

impl ApplicationStatus {
    pub const ALL: [ApplicationStatus; 6] = [
        ApplicationStatus::Preparing,
        ApplicationStatus::Applied,
        ApplicationStatus::Selected,
        ApplicationStatus::Rejected,
        ApplicationStatus::Paid,
        ApplicationStatus::Closed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ApplicationStatus::Preparing => "preparing",
            ApplicationStatus::Applied => "applied",
            ApplicationStatus::Selected => "selected",
            ApplicationStatus::Rejected => "rejected",
            ApplicationStatus::Paid => "paid",
            ApplicationStatus::Closed => "closed",
        }
    }

    pub fn label(self) -> L10n {
        match self {
            ApplicationStatus::Preparing => L10n::new("준비", "preparing"),
            ApplicationStatus::Applied => L10n::new("신청", "applied"),
            ApplicationStatus::Selected => L10n::new("선정", "selected"),
            ApplicationStatus::Rejected => L10n::new("탈락", "rejected"),
            ApplicationStatus::Paid => L10n::new("지급·실행", "paid"),
            ApplicationStatus::Closed => L10n::new("종료", "closed"),
        }
    }
}

impl std::str::FromStr for ApplicationStatus {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        let s = s.trim();
        ApplicationStatus::ALL
            .into_iter()
            .find(|st| st.as_str() == s || st.label().ko == s || (s == "지급" || s == "실행") && *st == Self::Paid)
            .ok_or_else(|| {
                Error::invalid("status", s, "expected preparing, applied, selected, rejected, paid or closed (준비, 신청, 선정, 탈락, 지급, 종료)")
            })
    }
}

/// A duty's date moved by staff, with why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct Adjusted {
    /// The date the timeline gave (none when it was still waiting for its anchor).
    pub from: Option<NaiveDate>,
    pub reason: String,
    pub by: String,
}

/// A dated duty of an application, from one step of its program's timeline.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct Duty {
    /// The step's position in the program's timeline.
    pub step: u32,
    pub what: L10n,
    pub words: L10n,
    /// None while the date it counts from is not known yet (`waits_for`).
    pub due_on: Option<NaiveDate>,
    /// The source names only the month (`due_on` is its first day).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub month: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub waits_for: Option<Anchor>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub adjusted: Option<Adjusted>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub done: bool,
}

impl Duty {
    /// The last day the duty is on time: its day, or the last day of its month where the source
    /// names only the month ("paid in July" is not late on 2 July). None while it waits.
    pub fn deadline(&self) -> Option<NaiveDate> {
        let on = self.due_on?;
        if self.month {
            in_month(on, 0, true)
        } else {
            Some(on)
        }
    }

    /// The duty's date as people read it: the day, the month alone where the source names only
    /// the month, or what it waits for.
    pub fn date_label(&self, lang: crate::text::Lang) -> String {
        use crate::text::Lang;
        match (self.due_on, self.waits_for) {
            (Some(on), _) if self.month => match lang {
                Lang::Ko => on.format("%Y년 %-m월").to_string(),
                Lang::En => on.format("%B %Y").to_string(),
            },
            (Some(on), _) => on.to_string(),
            (None, Some(anchor)) => match lang {
                Lang::Ko => format!("{} 후 정해짐", anchor.label().ko),
                Lang::En => format!("set once {} is known", anchor.label().en),
            },
            (None, None) => "-".into(),
        }
    }
}

/// What staff enter for a new application, or change in one (every field replaces the stored
/// one; the CLI and the app send the whole record).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(optional_fields))]
#[serde(deny_unknown_fields)]
pub struct ApplicationInput {
    pub merchant_id: String,
    pub program_id: String,
    /// The consultation it was opened from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consultation_id: Option<Uuid>,
    /// Left out: applied when `applied_on` is given, else preparing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<ApplicationStatus>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub applied_on: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hired_on: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(as = "Option<f64>"))]
    pub amount_requested_krw: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decided_on: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(as = "Option<f64>"))]
    pub amount_approved_krw: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decision_reason: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paid_on: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(as = "Option<f64>"))]
    pub amount_paid_krw: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closed_on: Option<NaiveDate>,
    #[serde(default)]
    pub note: String,
}

/// A stored application.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Application {
    pub id: Uuid,
    pub merchant_id: String,
    pub program_id: String,
    pub consultation_id: Option<Uuid>,
    pub status: ApplicationStatus,
    pub applied_on: Option<NaiveDate>,
    pub hired_on: Option<NaiveDate>,
    #[cfg_attr(feature = "ts", ts(as = "Option<f64>"))]
    pub amount_requested_krw: Option<u64>,
    pub decided_on: Option<NaiveDate>,
    #[cfg_attr(feature = "ts", ts(as = "Option<f64>"))]
    pub amount_approved_krw: Option<u64>,
    pub decision_reason: Option<String>,
    pub paid_on: Option<NaiveDate>,
    #[cfg_attr(feature = "ts", ts(as = "Option<f64>"))]
    pub amount_paid_krw: Option<u64>,
    pub closed_on: Option<NaiveDate>,
    pub note: String,
    pub duties: Vec<Duty>,
    /// Who saved this version.
    pub saved_by: String,
    /// 1 for the first save; each change adds one and keeps the earlier version.
    pub version: u32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

fn after(date: NaiveDate, months: u32, days: u32) -> Option<NaiveDate> {
    date.checked_add_months(Months::new(months))?.checked_add_days(Days::new(u64::from(days)))
}

/// The first day of the month `months` after `date`'s month, or that month's last day.
fn in_month(date: NaiveDate, months: u32, last_day: bool) -> Option<NaiveDate> {
    let first = date.with_day(1)?.checked_add_months(Months::new(months))?;
    if last_day {
        first.checked_add_months(Months::new(1))?.pred_opt()
    } else {
        Some(first)
    }
}

impl ApplicationInput {
    /// Check what staff entered and settle the status. The program is checked by the store.
    pub fn validate(&self) -> Result<ApplicationStatus> {
        if self.merchant_id.trim().is_empty() {
            return Err(Error::invalid("merchant_id", "", "an application needs a merchant"));
        }
        if self.program_id.trim().is_empty() {
            return Err(Error::invalid("program_id", "", "an application needs a program"));
        }
        let status = self.status.unwrap_or(if self.applied_on.is_some() {
            ApplicationStatus::Applied
        } else {
            ApplicationStatus::Preparing
        });
        use ApplicationStatus as S;
        let need = |field: &str, present: bool, why: &str| {
            if present {
                Ok(())
            } else {
                Err(Error::invalid(field, "", format!("{why} (status {})", status.as_str())))
            }
        };
        if status >= S::Applied && status != S::Closed {
            need("applied_on", self.applied_on.is_some(), "an application past preparing has its date")?;
        }
        if matches!(status, S::Selected | S::Rejected | S::Paid) {
            need("decided_on", self.decided_on.is_some(), "a decision has its date")?;
        }
        if status == S::Rejected {
            need(
                "decision_reason",
                self.decision_reason.as_deref().is_some_and(|r| !r.trim().is_empty()),
                "say why it was rejected, as the program's answer gives it",
            )?;
            if self.paid_on.is_some() {
                return Err(Error::invalid(
                    "paid_on",
                    self.paid_on.map(|d| d.to_string()).unwrap_or_default(),
                    "a rejected application was not paid",
                ));
            }
        }
        if status == S::Paid {
            need("paid_on", self.paid_on.is_some(), "a payment has its date")?;
        }
        if status == S::Closed {
            need("closed_on", self.closed_on.is_some(), "a closed application has its closing date")?;
        }
        // Dates in their order: hired ≤ applied ≤ decided ≤ paid ≤ closed.
        let order = [
            ("hired_on", self.hired_on),
            ("applied_on", self.applied_on),
            ("decided_on", self.decided_on),
            ("paid_on", self.paid_on),
            ("closed_on", self.closed_on),
        ];
        let mut last: Option<(&str, NaiveDate)> = None;
        for (field, date) in order {
            let Some(date) = date else { continue };
            if let Some((before, prev)) = last {
                if date < prev {
                    return Err(Error::invalid(field, date.to_string(), format!("comes before {before} ({prev})")));
                }
            }
            last = Some((field, date));
        }
        if let (Some(asked), Some(approved)) = (self.amount_requested_krw, self.amount_approved_krw) {
            if approved > asked {
                return Err(Error::invalid(
                    "amount_approved_krw",
                    approved.to_string(),
                    format!("more than the amount requested ({asked})"),
                ));
            }
        }
        Ok(status)
    }
}

impl Application {
    /// A new application from checked input, its duties planned from `steps`.
    pub fn new(id: Uuid, input: ApplicationInput, steps: &[Step], who: &str, now: NaiveDateTime) -> Result<Self> {
        let status = input.validate()?;
        let mut a = Application {
            id,
            merchant_id: input.merchant_id.trim().to_string(),
            program_id: input.program_id.trim().to_string(),
            consultation_id: input.consultation_id,
            status,
            applied_on: None,
            hired_on: None,
            amount_requested_krw: None,
            decided_on: None,
            amount_approved_krw: None,
            decision_reason: None,
            paid_on: None,
            amount_paid_krw: None,
            closed_on: None,
            note: String::new(),
            duties: Vec::new(),
            saved_by: who.to_string(),
            version: 1,
            created_at: now,
            updated_at: now,
        };
        a.take(input, status);
        a.plan(steps);
        Ok(a)
    }

    /// The next version: `input` replaces what staff enter (the merchant and program stay), the
    /// duties are planned again keeping each step's moved date and done mark.
    pub fn changed(&self, input: ApplicationInput, steps: &[Step], who: &str, now: NaiveDateTime) -> Result<Self> {
        if input.merchant_id.trim() != self.merchant_id {
            return Err(Error::invalid("merchant_id", input.merchant_id, "an application keeps its merchant"));
        }
        if input.program_id.trim() != self.program_id {
            return Err(Error::invalid(
                "program_id",
                input.program_id,
                "an application keeps its program; open another",
            ));
        }
        let status = input.validate()?;
        let mut next = self.clone();
        next.take(input, status);
        next.plan(steps);
        next.saved_by = who.to_string();
        next.version = self.version + 1;
        next.updated_at = now;
        Ok(next)
    }

    /// What staff enter, back as input (to change one thing and save the rest as it is).
    pub fn input(&self) -> ApplicationInput {
        ApplicationInput {
            merchant_id: self.merchant_id.clone(),
            program_id: self.program_id.clone(),
            consultation_id: self.consultation_id,
            status: Some(self.status),
            applied_on: self.applied_on,
            hired_on: self.hired_on,
            amount_requested_krw: self.amount_requested_krw,
            decided_on: self.decided_on,
            amount_approved_krw: self.amount_approved_krw,
            decision_reason: self.decision_reason.clone(),
            paid_on: self.paid_on,
            amount_paid_krw: self.amount_paid_krw,
            closed_on: self.closed_on,
            note: self.note.clone(),
        }
    }

    fn take(&mut self, i: ApplicationInput, status: ApplicationStatus) {
        self.consultation_id = i.consultation_id;
        self.status = status;
        self.applied_on = i.applied_on;
        self.hired_on = i.hired_on;
        self.amount_requested_krw = i.amount_requested_krw;
        self.decided_on = i.decided_on;
        self.amount_approved_krw = i.amount_approved_krw;
        self.decision_reason = i.decision_reason.filter(|r| !r.trim().is_empty());
        self.paid_on = i.paid_on;
        self.amount_paid_krw = i.amount_paid_krw;
        self.closed_on = i.closed_on;
        self.note = i.note.trim().to_string();
    }

    fn anchor(&self, anchor: Anchor) -> Option<NaiveDate> {
        match anchor {
            Anchor::Applied => self.applied_on,
            Anchor::Hired => self.hired_on,
            Anchor::Paid => self.paid_on,
        }
    }

    /// Plan the duties from the program's steps. A rejected application has none; a step staff
    /// moved keeps its date, and a done one stays done.
    pub fn plan(&mut self, steps: &[Step]) {
        let before = std::mem::take(&mut self.duties);
        if self.status == ApplicationStatus::Rejected {
            return;
        }
        for (i, step) in steps.iter().enumerate() {
            let i = i as u32;
            let (due_on, month, waits_for) = match step.when {
                When::On { date, month } => (Some(date), month, None),
                When::After { anchor, months, days } => match self.anchor(anchor) {
                    Some(d) => (after(d, months, days), false, None),
                    None => (None, false, Some(anchor)),
                },
                When::InMonth { anchor, months, last_day } => match self.anchor(anchor) {
                    Some(d) => (in_month(d, months, last_day), !last_day, None),
                    None => (None, !last_day, Some(anchor)),
                },
            };
            let kept = before.iter().find(|d| d.step == i);
            let adjusted = kept.and_then(|d| d.adjusted.clone());
            self.duties.push(Duty {
                step: i,
                what: step.what.clone(),
                words: step.words.clone(),
                due_on: match (&adjusted, kept) {
                    (Some(_), Some(k)) => k.due_on,
                    _ => due_on,
                },
                month: month && adjusted.is_none(),
                waits_for: if adjusted.is_some() { None } else { waits_for },
                adjusted,
                done: kept.is_some_and(|d| d.done),
            });
        }
    }

    /// Move duty `step` to `due_on`, saying why (the next version is saved by the caller).
    pub fn adjust(&mut self, step: u32, due_on: NaiveDate, reason: &str, who: &str) -> Result<()> {
        if reason.trim().is_empty() {
            return Err(Error::invalid("reason", "", "say why the date moves"));
        }
        let duty = self.duty_mut(step)?;
        let from = match &duty.adjusted {
            Some(a) => a.from,
            None => duty.due_on,
        };
        duty.due_on = Some(due_on);
        duty.month = false;
        duty.waits_for = None;
        duty.adjusted = Some(Adjusted { from, reason: reason.trim().to_string(), by: who.to_string() });
        Ok(())
    }

    /// Mark duty `step` done or not.
    pub fn mark(&mut self, step: u32, done: bool) -> Result<()> {
        self.duty_mut(step)?.done = done;
        Ok(())
    }

    fn duty_mut(&mut self, step: u32) -> Result<&mut Duty> {
        let n = self.duties.len();
        self.duties.iter_mut().find(|d| d.step == step).ok_or_else(|| {
            Error::invalid("step", step.to_string(), format!("this application has {n} duties, numbered from 0"))
        })
    }
}

/// A duty not yet done, with what the Today screen shows about it.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DutyDue {
    pub application_id: String,
    pub merchant_id: String,
    pub merchant_name: Option<String>,
    pub program_id: String,
    pub program_name: L10n,
    pub duty: Duty,
    /// Negative when overdue.
    pub days_left: i32,
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }
    fn now() -> NaiveDateTime {
        d("2023-04-20").and_hms_opt(10, 0, 0).unwrap()
    }
    fn step(ko: &str, when: When) -> Step {
        Step { what: L10n::new(ko, ko), when, words: L10n::new(ko, ko) }
    }
    fn input() -> ApplicationInput {
        ApplicationInput { merchant_id: "m1".into(), program_id: "p1".into(), ..Default::default() }
    }

    #[test]
    fn duties_follow_their_anchor_and_wait_for_one_not_known_yet() {
        let steps = [
            step("고용 유지", When::After { anchor: Anchor::Applied, months: 3, days: 0 }),
            step("지급", When::On { date: d("2023-07-01"), month: true }),
            step("상환 개시", When::After { anchor: Anchor::Paid, months: 12, days: 0 }),
        ];
        let a = Application::new(
            Uuid::nil(),
            ApplicationInput { applied_on: Some(d("2023-04-20")), ..input() },
            &steps,
            "kim",
            now(),
        )
        .unwrap();
        assert_eq!(a.status, ApplicationStatus::Applied);
        assert_eq!(a.duties[0].due_on, Some(d("2023-07-20")));
        assert!(a.duties[1].month && a.duties[1].due_on == Some(d("2023-07-01")));
        assert_eq!((a.duties[2].due_on, a.duties[2].waits_for), (None, Some(Anchor::Paid)));
        // 31 January plus one month is the last day of February.
        let jan = [step("x", When::After { anchor: Anchor::Hired, months: 1, days: 0 })];
        let b = Application::new(
            Uuid::nil(),
            ApplicationInput { hired_on: Some(d("2023-01-31")), ..input() },
            &jan,
            "kim",
            now(),
        )
        .unwrap();
        assert_eq!(b.duties[0].due_on, Some(d("2023-02-28")));
        // "Paid in July, insurance checked to the end of June" for an April application.
        let months = [
            step("확인", When::InMonth { anchor: Anchor::Applied, months: 2, last_day: true }),
            step("지급", When::InMonth { anchor: Anchor::Applied, months: 3, last_day: false }),
        ];
        let applied = |on: &str| ApplicationInput { applied_on: Some(d(on)), ..input() };
        let c = Application::new(Uuid::nil(), applied("2023-04-20"), &months, "kim", now()).unwrap();
        assert_eq!((c.duties[0].due_on, c.duties[0].month), (Some(d("2023-06-30")), false));
        assert_eq!((c.duties[1].due_on, c.duties[1].month), (Some(d("2023-07-01")), true));
        assert_eq!(c.duties[1].deadline(), Some(d("2023-07-31")), "a month's duty is on time all month");
        assert_eq!(c.duties[0].deadline(), Some(d("2023-06-30")));
        let late = Application::new(Uuid::nil(), applied("2023-11-30"), &months, "kim", now()).unwrap();
        assert_eq!(late.duties[0].due_on, Some(d("2024-01-31")), "across the year");
    }

    #[test]
    fn a_moved_date_and_a_done_mark_survive_the_next_version() {
        let steps = [
            step("고용 유지", When::After { anchor: Anchor::Applied, months: 3, days: 0 }),
            step("상환 개시", When::After { anchor: Anchor::Paid, months: 12, days: 0 }),
        ];
        let mut a = Application::new(
            Uuid::nil(),
            ApplicationInput { applied_on: Some(d("2023-04-20")), ..input() },
            &steps,
            "kim",
            now(),
        )
        .unwrap();
        assert!(a.adjust(0, d("2023-07-31"), " ", "kim").is_err(), "a reason is required");
        a.adjust(0, d("2023-07-31"), "고용보험 상실 신고 정정", "kim").unwrap();
        a.mark(1, true).unwrap();
        assert!(a.mark(5, true).is_err());
        let mut i = a.input();
        i.status = Some(ApplicationStatus::Paid);
        i.decided_on = Some(d("2023-06-01"));
        i.paid_on = Some(d("2023-07-10"));
        let b = a.changed(i, &steps, "lee", now()).unwrap();
        assert_eq!(b.version, 2);
        assert_eq!(b.duties[0].due_on, Some(d("2023-07-31")), "the moved date stays");
        assert_eq!(b.duties[0].adjusted.as_ref().unwrap().from, Some(d("2023-07-20")));
        assert_eq!((b.duties[1].due_on, b.duties[1].done), (Some(d("2024-07-10")), true));
        assert_eq!(b.saved_by, "lee");
    }

    #[test]
    fn bad_input_names_the_field() {
        let cases: [(ApplicationInput, &str); 6] = [
            (ApplicationInput { status: Some(ApplicationStatus::Applied), ..input() }, "applied_on"),
            (
                ApplicationInput {
                    status: Some(ApplicationStatus::Rejected),
                    applied_on: Some(d("2023-04-20")),
                    decided_on: Some(d("2023-05-01")),
                    ..input()
                },
                "decision_reason",
            ),
            (
                ApplicationInput { applied_on: Some(d("2023-04-20")), hired_on: Some(d("2023-05-01")), ..input() },
                "applied_on",
            ),
            (ApplicationInput { merchant_id: " ".into(), ..input() }, "merchant_id"),
            (
                ApplicationInput {
                    applied_on: Some(d("2023-04-20")),
                    amount_requested_krw: Some(10),
                    amount_approved_krw: Some(20),
                    ..input()
                },
                "amount_approved_krw",
            ),
            (ApplicationInput { status: Some(ApplicationStatus::Closed), ..input() }, "closed_on"),
        ];
        for (i, field) in cases {
            match i.validate() {
                Err(Error::Invalid { field: f, .. }) => assert_eq!(f, field),
                other => panic!("{field}: {other:?}"),
            }
        }
        assert_eq!("선정".parse::<ApplicationStatus>().unwrap(), ApplicationStatus::Selected);
        assert_eq!("지급".parse::<ApplicationStatus>().unwrap(), ApplicationStatus::Paid);
        assert!("won".parse::<ApplicationStatus>().is_err());
    }

    #[test]
    fn a_rejected_application_has_no_duties() {
        let steps = [step("지급", When::On { date: d("2023-07-01"), month: true })];
        let i = ApplicationInput {
            status: Some(ApplicationStatus::Rejected),
            applied_on: Some(d("2023-04-20")),
            decided_on: Some(d("2023-05-02")),
            decision_reason: Some("예산 소진".into()),
            ..input()
        };
        assert!(Application::new(Uuid::nil(), i, &steps, "kim", now()).unwrap().duties.is_empty());
    }
}
