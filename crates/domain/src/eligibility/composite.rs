//! Criteria over other criteria or over text only: `any_of`, `all_of`, and `declared` and `unstructured`,
//! which stay unknown for staff or the applicant to settle.

use super::{eval, Eval, Facts, Missing, Outcome, Text};
use crate::program::Criterion;
use crate::text::L10n;

/// At least one alternative holds: pass if one passes, else unknown if one is unknown, else the
/// earliest pending one, else fail.
pub(super) fn any_of<T: Text>(criteria: &[Criterion], f: &Facts<'_>) -> Eval<T> {
    let evals: Vec<Eval<T>> = criteria.iter().map(|c| eval(c, f)).collect();
    let texts = |pick: fn(&Eval<T>) -> bool| evals.iter().filter(move |e| pick(e)).map(|e| &e.text);
    if evals.iter().any(|e| e.outcome == Outcome::Pass) {
        let text =
            T::list("다음 중 하나 충족: ", "one of the alternatives holds: ", texts(|e| e.outcome == Outcome::Pass));
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

/// Every part holds: fail if one fails (naming it), else the latest pending one if any is
/// pending and none unknown, else unknown (asking what every unknown part waits on), else pass.
pub(super) fn all_of<T: Text>(criteria: &[Criterion], f: &Facts<'_>) -> Eval<T> {
    let evals: Vec<Eval<T>> = criteria.iter().map(|c| eval(c, f)).collect();
    if let Some(failed) = evals.iter().find(|e| e.outcome == Outcome::Fail) {
        return Eval { missing: Missing::default(), ..failed.clone() };
    }
    let all = || evals.iter().map(|e| &e.text);
    if evals.iter().any(|e| e.outcome == Outcome::Unknown) {
        let mut missing = Missing::default();
        for e in evals.iter().filter(|e| e.outcome == Outcome::Unknown) {
            missing |= e.missing;
        }
        let text = T::list("다음을 모두 충족해야 함: ", "all of these must hold: ", all());
        return Eval { outcome: Outcome::Unknown, text, missing, passes_on: None };
    }
    if let Some(e) = evals.iter().filter(|e| e.outcome == Outcome::Pending).max_by_key(|e| e.passes_on) {
        let text = T::list("다음을 모두 충족해야 함: ", "all of these must hold: ", all());
        return Eval { outcome: Outcome::Pending, text, missing: Missing::default(), passes_on: e.passes_on };
    }
    let text = T::list("다음을 모두 충족: ", "all of these hold: ", all());
    Eval { outcome: Outcome::Pass, text, missing: Missing::default(), passes_on: None }
}

/// Settled only by the applicant's declaration or documents: always unknown.
pub(super) fn declared<T: Text>(text: &L10n) -> Eval<T> {
    Eval::new(Outcome::Unknown, || {
        (format!("신청인 확인 필요: {}", text.ko), format!("to be confirmed by the applicant: {}", text.en))
    })
}

/// Known only as the notice words it: always unknown.
pub(super) fn unstructured<T: Text>(text: &L10n) -> Eval<T> {
    Eval::new(Outcome::Unknown, || {
        (format!("공고문 기준 확인 필요: {}", text.ko), format!("check against the notice: {}", text.en))
    })
}

/// Read from the notice's words: the inner criterion's outcome, its reason quoting the words.
pub(super) fn from_notice<T: Text>(words: &str, criterion: &Criterion, f: &Facts<'_>) -> Eval<T> {
    let e: Eval<T> = eval(criterion, f);
    Eval { text: T::quoted(words, e.text), ..e }
}
