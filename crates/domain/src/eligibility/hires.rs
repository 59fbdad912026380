//! Hiring: `new_hire`, pending until the hire has been employed long enough.

use chrono::{Months, NaiveDate};

use super::{Eval, Fact, Facts, Outcome, Text};
use crate::profile::NewHire;

/// At least one hire within [from, to], insured if required, employed `min_months` by the
/// application date; pending (with the date) while that is still ahead.
pub(super) fn new_hire<T: Text>(
    from: NaiveDate,
    to: NaiveDate,
    insured: bool,
    min_months: u32,
    f: &Facts<'_>,
) -> Eval<T> {
    let period_ko = || format!("{from}~{to} 신규 채용");
    let period_en = || format!("a new hire between {from} and {to}");
    let ins_ko = if insured { "(고용보험 가입)" } else { "" };
    let ins_en = if insured { " with employment insurance" } else { "" };
    let Some(hires) = &f.profile.new_hires else {
        return Eval::unknown(Fact::NewHires, || {
            (
                format!("신규 채용 내역을 모름; 조건: {}{ins_ko}", period_ko()),
                format!("hires unknown; required: {}{ins_en}", period_en()),
            )
        });
    };
    let in_period = || hires.iter().filter(|h| (from..=to).contains(&h.hired_on));
    let ready = |h: &NewHire| h.hired_on.checked_add_months(Months::new(min_months)).unwrap_or(NaiveDate::MAX);
    let qualifying = in_period().filter(|h| !insured || h.employment_insurance == Some(true));
    if let Some(first) = qualifying.min_by_key(|h| ready(h)) {
        let on = ready(first);
        let mut e = Eval::new(if on <= f.as_of { Outcome::Pass } else { Outcome::Pending }, || {
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
        e.passes_on = (min_months > 0 || on > f.as_of).then_some(on);
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
