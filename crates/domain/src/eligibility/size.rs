//! How big the business is: `small_business`, `headcount` and `annual_sales`.

use super::status::no_business;
use super::{Eval, Fact, Facts, Outcome, Text};
use crate::ksic::{Ksic, TEN_WORKER_SECTIONS};
use crate::program::SizeClass;

/// Both must hold: a failure decides, then an unknown (the facts of both are asked for).
fn both<T: Text>(first: Eval<T>, second: Option<Eval<T>>) -> Eval<T> {
    let Some(second) = second else { return first };
    match (first.outcome, second.outcome) {
        (Outcome::Fail, _) => first,
        (_, Outcome::Fail) => second,
        (Outcome::Unknown, Outcome::Unknown) => {
            let mut e = first;
            e.missing |= second.missing;
            e
        }
        (Outcome::Unknown, _) => first,
        (_, Outcome::Unknown) => second,
        _ => first,
    }
}

/// The legal small-business rule: a business in operation, under the sector's headcount limit.
pub(super) fn small_business<T: Text>(f: &Facts<'_>) -> Eval<T> {
    both(small_business_headcount(f), no_business(f))
}

const EOK: u64 = 100_000_000;

/// At most a size class. 소상공인 ⊂ 소기업 ⊂ 중소기업 by law, so a business small by headcount is
/// presumed within the class until its annual sales say otherwise (the one place where adding a
/// fact can rule out what passed); sales decide against the smallest and largest sector
/// ceilings, and what lies between them is left to the notice's sector table.
pub(super) fn size_class<T: Text>(at_most: SizeClass, f: &Facts<'_>) -> Eval<T> {
    let (low, high) = match at_most {
        SizeClass::Micro => return small_business(f),
        SizeClass::Small => (10 * EOK, 120 * EOK),
        SizeClass::Medium => (400 * EOK, 1_500 * EOK),
        SizeClass::MidCap => {
            let e = Eval::new(Outcome::Pass, || {
                (
                    "중소·중견기업 대상: 대기업이 아닌 사업자",
                    "for SMEs and mid-sized companies: not a large conglomerate",
                )
            });
            return both(e, no_business(f));
        }
    };
    let label = at_most.label();
    let p = f.profile;
    let by_size = if let Some(s) = p.annual_sales_krw.filter(|s| *s <= low) {
        Eval::new(Outcome::Pass, || {
            (
                format!("연 매출 {}억 원: {} 기준(업종별 {}억 원 이상) 이내", s / EOK, label.ko, low / EOK),
                format!("annual sales KRW {} hundred million: within the {} ceiling for any sector", s / EOK, label.en),
            )
        })
    } else if let Some(s) = p.annual_sales_krw.filter(|s| *s > high) {
        Eval::new(Outcome::Fail, || {
            (
                format!("연 매출 {}억 원: {} 기준(업종별 최대 {}억 원) 초과", s / EOK, label.ko, high / EOK),
                format!("annual sales KRW {} hundred million: above the {} ceiling of any sector", s / EOK, label.en),
            )
        })
    } else if p.full_time_workers.is_some_and(|n| n >= 1_000) && at_most == SizeClass::Medium {
        Eval::new(Outcome::Fail, || {
            ("상시근로자 1,000명 이상: 중소기업 아님", "1,000 or more full-time workers: not an SME")
        })
    } else if small_business_headcount::<()>(f).outcome == Outcome::Pass {
        Eval::new(Outcome::Pass, || {
            (
                format!("소상공인 규모(상시근로자 {}명): {}에 해당", p.full_time_workers.unwrap_or(0), label.ko),
                format!("a small business by headcount: also a {}", label.en),
            )
        })
    } else if p.annual_sales_krw.is_some() {
        Eval::new(Outcome::Unknown, || {
            (
                format!("연 매출로는 업종별 {} 기준표 확인 필요", label.ko),
                format!("annual sales fall between sector ceilings: check the {} table for the sector", label.en),
            )
        })
    } else {
        Eval::unknown(Fact::AnnualSales, || {
            (
                format!("연 매출액을 모름 ({} 기준 판단)", label.ko),
                format!("annual sales unknown (test for {})", label.en),
            )
        })
    };
    both(by_size, no_business(f))
}

/// The legal small-business headcount, which depends on the sector between 5 and 9 workers.
fn small_business_headcount<T: Text>(f: &Facts<'_>) -> Eval<T> {
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
