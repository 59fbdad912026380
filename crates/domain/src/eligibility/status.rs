//! What the business is: its stage, for-profit, registered, operating, with a factory or an
//! incubator tenancy.

use super::{Eval, Fact, Facts, Outcome, Text};
use crate::profile::BusinessStatus;
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

/// In business on the as-of date: opened, not closed, not suspended.
pub(super) fn operating<T: Text>(f: &Facts<'_>) -> Eval<T> {
    let p = f.profile;
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
