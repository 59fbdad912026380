//! What the business is: its stage, for-profit, registered, operating, with a factory or an
//! incubator tenancy.

use super::{Eval, Fact, Facts, Outcome, Text};
use crate::profile::BusinessStatus;
use crate::program::Attribute;
use crate::stage::Stage;

/// The derived (or staff-set) business stage is one of `any_of`.
pub(super) fn stage<T: Text>(any_of: &[Stage], f: &Facts<'_>) -> Eval<T> {
    let want = || {
        (
            any_of.iter().map(|s| s.label().ko).collect::<Vec<_>>().join("·"),
            any_of.iter().map(|s| s.label().en).collect::<Vec<_>>().join(", "),
        )
    };
    let basis = &f.stage.basis;
    match f.stage.stage {
        None => Eval::unknown(Fact::FoundedOn, || {
            let (ko, en) = want();
            (
                format!("사업 단계를 알 수 없음({}); 대상: {ko}", basis.ko),
                format!("business stage unknown ({}); served: {en}", basis.en),
            )
        }),
        Some(s) => Eval::pass_if(any_of.contains(&s), || {
            let (ko, en) = want();
            (
                format!("사업 단계 {}({}); 대상: {ko}", s.label().ko, basis.ko),
                format!("business stage {} ({}); served: {en}", s.label().en, basis.en),
            )
        }),
    }
}

/// Not a non-profit organization.
pub(super) fn not_nonprofit<T: Text>(f: &Facts<'_>) -> Eval<T> {
    match f.profile.nonprofit {
        None => Eval::unknown(Fact::Nonprofit, || ("비영리단체 여부를 모름", "whether it is a non-profit is unknown")),
        Some(true) => Eval::new(Outcome::Fail, || ("비영리단체는 지원 제외", "non-profit organizations are excluded")),
        Some(false) => Eval::new(Outcome::Pass, || ("영리 사업자", "a for-profit business")),
    }
}

/// Has a business registration; a business not yet opened fails.
pub(super) fn registered<T: Text>(f: &Facts<'_>) -> Eval<T> {
    let p = f.profile;
    if p.business_registration_number.is_some() {
        Eval::new(Outcome::Pass, || ("사업자등록 있음", "has a business registration"))
    } else if p.founded_on.is_some_and(|o| o > f.as_of) {
        Eval::new(Outcome::Fail, || {
            ("개업 전: 사업자등록이 필요함", "not yet opened: a business registration is required")
        })
    } else {
        Eval::unknown(Fact::BusinessRegistrationNumber, || {
            ("사업자등록번호를 모름 (사업자등록 필요)", "business registration number unknown (registration required)")
        })
    }
}

/// For a criterion that assumes an existing business: `Some(fail)` for a would-be founder or a
/// closed business, `Some(unknown)` when nothing says a business exists, `None` when one does.
pub(super) fn no_business<T: Text>(f: &Facts<'_>) -> Option<Eval<T>> {
    let p = f.profile;
    if let Some(opened) = p.founded_on.filter(|o| *o > f.as_of) {
        return Some(Eval::new(Outcome::Fail, || {
            (format!("{opened} 개업 예정: 아직 사업 전(예비창업자)"), format!("opens on {opened}: not yet in business"))
        }));
    }
    if p.stage == Some(Stage::PreStartup) {
        return Some(Eval::new(Outcome::Fail, || {
            ("예비창업자(사업 개시 전): 기존 사업자 대상", "a would-be founder: the program is for existing businesses")
        }));
    }
    if let Some(c) = p.closed_on.filter(|c| *c <= f.as_of) {
        return Some(Eval::new(Outcome::Fail, || {
            (
                format!("{c} 폐업: 영업 중인 사업자 대상"),
                format!("closed on {c}: the program is for businesses in operation"),
            )
        }));
    }
    if p.business_status == Some(BusinessStatus::Closed) {
        return Some(Eval::new(Outcome::Fail, || {
            ("폐업 상태: 영업 중인 사업자 대상", "registration closed: the program is for businesses in operation")
        }));
    }
    // Known to exist only as `operating` knows it: presumed from other facts, a later fact could
    // overturn it, and a verdict must never get worse as facts are added.
    match p.business_status {
        Some(BusinessStatus::Operating | BusinessStatus::Suspended)
            if p.founded_on.is_some() || p.business_registration_number.is_some() =>
        {
            None
        }
        Some(_) => Some(Eval::unknown(Fact::FoundedOn, || {
            (
                "사업자 상태는 있으나 개업일을 모름: 기존 사업자 대상",
                "status known, opening date unknown: for existing businesses",
            )
        })),
        None => Some(Eval::unknown(Fact::BusinessStatus, || {
            (
                "영업 상태(계속·휴업·폐업)를 모름: 영업 중인 사업자 대상",
                "business status (operating, suspended, closed) unknown: for businesses in operation",
            )
        })),
    }
}

/// A would-be founder (예비창업자): no business in operation on the as-of date.
pub(super) fn pre_startup<T: Text>(f: &Facts<'_>) -> Eval<T> {
    let p = f.profile;
    if p.stage == Some(Stage::PreStartup) {
        return Eval::new(Outcome::Pass, || ("예비창업자(사업 개시 전)", "a would-be founder (no business yet)"));
    }
    if let Some(s) = p.stage.filter(|s| matches!(s, Stage::Startup | Stage::Growth)) {
        return Eval::new(Outcome::Fail, || {
            (
                format!("사업 단계 {}(담당자 지정): 예비창업자 대상", s.label().ko),
                format!("stage {} (set by staff): the program is for would-be founders", s.label().en),
            )
        });
    }
    if let Some(opened) = p.founded_on.filter(|o| *o > f.as_of) {
        return Eval::new(Outcome::Pass, || {
            (format!("{opened} 개업 예정: 예비창업자"), format!("opens on {opened}: a would-be founder"))
        });
    }
    let closed = p.closed_on.filter(|c| *c <= f.as_of);
    if closed.is_some() || p.business_status == Some(BusinessStatus::Closed) {
        return Eval::new(Outcome::Pass, || {
            let when = closed.map(|c| format!("{c} ")).unwrap_or_default();
            (
                format!("{when}폐업, 현재 사업 중이 아님: 예비(재)창업자"),
                format!(
                    "{}no business in operation: a would-be (re-)founder",
                    closed.map(|c| format!("closed on {c}; ")).unwrap_or_default()
                ),
            )
        });
    }
    // In business only as far as `operating` would say so: a status alone could still be
    // overturned by an opening date ahead.
    let in_business = matches!(p.business_status, Some(BusinessStatus::Operating | BusinessStatus::Suspended));
    if let Some(opened) = p.founded_on.filter(|_| in_business) {
        return Eval::new(Outcome::Fail, || {
            (
                format!("{opened} 개업, 사업 중: 예비창업자(사업자등록 전) 대상"),
                format!("in business since {opened}: the program is for would-be founders"),
            )
        });
    }
    let fact = if p.founded_on.is_some() { Fact::BusinessStatus } else { Fact::FoundedOn };
    Eval::unknown(fact, || {
        (
            "사업 중인지 모름(개업일·영업 상태): 예비창업자 대상",
            "whether a business is in operation is unknown: for would-be founders",
        )
    })
}

/// The business has (or, with `has` false, lacks) an attribute.
pub(super) fn attribute<T: Text>(a: Attribute, has: bool, f: &Facts<'_>) -> Eval<T> {
    let label = a.label();
    match f.profile.attribute(a) {
        None => Eval::unknown(Fact::of_attribute(a), || {
            let (want_ko, want_en) = if has { ("필요", "required") } else { ("제외", "excluded") };
            (format!("{} 여부를 모름 ({want_ko})", label.ko), format!("{}: unknown ({want_en})", label.en))
        }),
        Some(v) => Eval::pass_if(v == has, || {
            let (is_ko, is_en) = if v { ("해당", "yes") } else { ("해당 없음", "no") };
            let (want_ko, want_en) = if has { ("필요", "required") } else { ("제외 대상", "excluded") };
            (format!("{}: {is_ko} (조건: {want_ko})", label.ko), format!("{}: {is_en} ({want_en})", label.en))
        }),
    }
}

/// In business on the as-of date: opened, not closed, not suspended.
pub(super) fn operating<T: Text>(f: &Facts<'_>) -> Eval<T> {
    let p = f.profile;
    if p.stage == Some(Stage::PreStartup) {
        return Eval::new(Outcome::Fail, || {
            ("예비창업자: 아직 영업 중이 아님", "a would-be founder: not yet in business")
        });
    }
    if let Some(opened) = p.founded_on.filter(|o| *o > f.as_of) {
        return Eval::new(Outcome::Fail, || {
            (format!("{opened} 개업 예정: 아직 영업 중이 아님"), format!("opens on {opened}: not yet in business"))
        });
    }
    if let Some(c) = p.closed_on.filter(|c| *c <= f.as_of) {
        return Eval::new(Outcome::Fail, || (format!("{c} 폐업"), format!("closed on {c}")));
    }
    match p.business_status {
        Some(BusinessStatus::Closed) => Eval::new(Outcome::Fail, || ("폐업 상태", "registration closed")),
        Some(BusinessStatus::Suspended) => Eval::new(Outcome::Fail, || ("휴업 상태", "business suspended")),
        Some(BusinessStatus::Operating) if p.founded_on.is_some() || p.business_registration_number.is_some() => {
            Eval::new(Outcome::Pass, || ("영업 중(계속사업자)", "in business (operating)"))
        }
        Some(BusinessStatus::Operating) => Eval::unknown(Fact::FoundedOn, || {
            ("영업 중이나 개업일을 모름", "operating, but the opening date is unknown")
        }),
        None => Eval::unknown(Fact::BusinessStatus, || {
            ("영업 상태(계속·휴업·폐업)를 모름", "business status (operating, suspended, closed) unknown")
        }),
    }
}

/// A factory registered in one of `districts` ("" in the profile: no factory).
pub(super) fn factory_in<T: Text>(districts: &[String], f: &Facts<'_>) -> Eval<T> {
    let want = || districts.join(", ");
    match f.profile.factory_district.as_deref() {
        None => Eval::unknown(Fact::FactoryDistrict, || {
            let want = want();
            (
                format!("공장등록 소재지를 모름; 조건: {want}"),
                format!("registered factory location unknown; required: {want}"),
            )
        }),
        Some("") => Eval::new(Outcome::Fail, || ("등록 공장 없음", "no registered factory")),
        Some(d) => Eval::pass_if(districts.iter().any(|w| w == d), || {
            let want = want();
            (format!("공장등록 소재지 {d}: 조건 {want}"), format!("registered factory in {d}: required {want}"))
        }),
    }
}

/// A tenant of the district startup incubator.
pub(super) fn incubator_tenant<T: Text>(f: &Facts<'_>) -> Eval<T> {
    match f.profile.incubator_tenant {
        None => Eval::unknown(Fact::IncubatorTenant, || {
            (
                "구립 창업보육센터 입주 여부를 모름",
                "whether it is a tenant of the district startup incubator is unknown",
            )
        }),
        Some(t) => Eval::pass_if(t, || {
            if t {
                ("구립 창업보육센터 입주기업", "tenant of the district startup incubator")
            } else {
                ("창업보육센터 입주기업 아님", "not a tenant of the district startup incubator")
            }
        }),
    }
}
