//! How big the business is: `small_business`, `headcount` and `annual_sales`.

use super::{Eval, Fact, Facts, Outcome, Text};
use crate::ksic::{Ksic, TEN_WORKER_SECTIONS};

/// The legal small-business headcount, which depends on the sector between 5 and 9 workers.
pub(super) fn small_business<T: Text>(f: &Facts<'_>) -> Eval<T> {
    let p = f.profile;
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

/// Full-time workers within [min, max_exclusive).
pub(super) fn headcount<T: Text>(min: Option<u32>, max_exclusive: Option<u32>, f: &Facts<'_>) -> Eval<T> {
    let Some(n) = f.profile.full_time_workers else {
        return Eval::unknown(Fact::FullTimeWorkers, || {
            ("상시근로자 수를 모름", "number of full-time workers unknown")
        });
    };
    let (lo, hi) = (min.unwrap_or(0), max_exclusive.unwrap_or(u32::MAX));
    Eval::pass_if((lo..hi).contains(&n), || {
        let (bound_ko, bound_en) = match (min, max_exclusive) {
            (Some(a), Some(b)) => (format!("{a}명 이상 {b}명 미만"), format!("at least {a} and fewer than {b}")),
            (Some(a), None) => (format!("{a}명 이상"), format!("at least {a}")),
            (None, Some(b)) => (format!("{b}명 미만"), format!("fewer than {b}")),
            (None, None) => ("제한 없음".into(), "any".into()),
        };
        (format!("상시근로자 {n}명: 조건 {bound_ko}"), format!("{n} full-time workers: required {bound_en}"))
    })
}

/// Annual sales at most `max_krw` won.
pub(super) fn annual_sales<T: Text>(max_krw: u64, f: &Facts<'_>) -> Eval<T> {
    match f.profile.annual_sales_krw {
        None => Eval::unknown(Fact::AnnualSales, || ("연 매출액을 모름", "annual sales unknown")),
        Some(s) => Eval::pass_if(s <= max_krw, || {
            (
                format!("연 매출 {s}원: 조건 {max_krw}원 이하"),
                format!("annual sales KRW {s}: required at most KRW {max_krw}"),
            )
        }),
    }
}
