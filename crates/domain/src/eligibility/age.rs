//! How old the owner and the business are: `owner_age` and `business_age`, pending until the
//! birthday or anniversary that meets a minimum.

use chrono::{Months, NaiveDate};

use super::{Eval, Fact, Facts, Outcome, Text};
use crate::stage;

/// The owner's age on the as-of date within [min, max]; pending until the birthday that reaches
/// `min`.
pub(super) fn owner_age<T: Text>(min: Option<u32>, max: Option<u32>, f: &Facts<'_>) -> Eval<T> {
    let Some(b) = f.profile.owner_birth_date else {
        return Eval::unknown(Fact::OwnerBirthDate, || ("대표자 생년월일을 모름", "owner's date of birth unknown"));
    };
    let age = stage::whole_years(b, f.as_of);
    // Compared as i64: a bound above i32::MAX must not wrap to a negative age.
    let ok = min.is_none_or(|m| i64::from(age) >= i64::from(m)) && max.is_none_or(|m| i64::from(age) <= i64::from(m));
    let mut e = Eval::pass_if(ok, || {
        let join = |parts: [Option<String>; 2], sep: &str| parts.into_iter().flatten().collect::<Vec<_>>().join(sep);
        let ko = join([min.map(|m| format!("만 {m}세 이상")), max.map(|m| format!("만 {m}세 이하"))], " ");
        let en = join([min.map(|m| format!("at least {m}")), max.map(|m| format!("at most {m}"))], " and ");
        (format!("대표자 만 {age}세({}): 조건 {ko}", f.as_of), format!("owner is {age} on {}: required {en}", f.as_of))
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

/// Whole years in business within [min_years, max_years_exclusive); pending until the anniversary
/// that reaches `min_years`.
pub(super) fn business_age<T: Text>(
    min_years: Option<u32>,
    max_years_exclusive: Option<u32>,
    f: &Facts<'_>,
) -> Eval<T> {
    // Years in business assume a business: a would-be founder has none.
    if f.profile.stage == Some(stage::Stage::PreStartup) {
        return Eval::new(Outcome::Fail, || ("예비창업자: 업력 없음", "a would-be founder: no years in business"));
    }
    let Some(opened) = f.profile.founded_on else {
        return Eval::unknown(Fact::FoundedOn, || ("개업일을 모름", "opening date unknown"));
    };
    if opened > f.as_of {
        return Eval::new(Outcome::Fail, || {
            (format!("{opened} 개업 예정: 아직 영업 기간이 없음"), format!("opens on {opened}: not yet in business"))
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

/// The date `years` whole years after `from`, if the calendar has it (no overflow on absurd bounds).
fn add_years(from: NaiveDate, years: u32) -> Option<NaiveDate> {
    from.checked_add_months(Months::new(years.checked_mul(12)?))
}
