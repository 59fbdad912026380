//! Where the business is and what it does: `location` and `sector`.

use super::{Eval, Fact, Facts, Outcome, Text};
use crate::ksic::{pattern_matches, Ksic};
use crate::reference::SectorList;
use crate::region;

/// In the city and, if the criterion names any, one of its districts.
pub(super) fn location<T: Text>(city: &str, districts: &[String], f: &Facts<'_>) -> Eval<T> {
    let p = f.profile;
    let want = || place_names(city, districts);
    let Some(have_city) = &p.city else {
        return Eval::unknown(Fact::City, || {
            let (ko, en) = want();
            (format!("소재지(시·도)를 모름; 조건: {ko}"), format!("city unknown; required: {en}"))
        });
    };
    if have_city != city {
        return Eval::new(Outcome::Fail, || {
            let (ko, en) = want();
            (
                format!("소재지 {have_city}: 조건 {ko}에 해당하지 않음"),
                format!("located in {}, not in {en}", region::english_name(have_city)),
            )
        });
    }
    if districts.is_empty() {
        return Eval::new(Outcome::Pass, || {
            (format!("소재지 {have_city}: 조건 충족"), format!("located in {}", want().1))
        });
    }
    match &p.district {
        None => Eval::unknown(Fact::District, || {
            let (ko, en) = want();
            (format!("소재 자치구를 모름; 조건: {ko}"), format!("district unknown; required: {en}"))
        }),
        Some(d) if districts.contains(d) => Eval::new(Outcome::Pass, || {
            (
                format!("소재지 {have_city} {d}: 조건 충족"),
                format!("located in {}, {}", region::english_name(d), region::english_name(have_city)),
            )
        }),
        Some(d) => Eval::new(Outcome::Fail, || {
            let (ko, en) = want();
            (
                format!("소재지 {have_city} {d}: 조건 {ko}에 해당하지 않음"),
                format!("located in {}, not in {en}", region::english_name(d)),
            )
        }),
    }
}

/// The KSIC code is not excluded and, if the criterion lists sectors, is among them; a code too
/// coarse to tell is unknown.
pub(super) fn sector<T: Text>(include: &[String], exclude: &[String], f: &Facts<'_>) -> Eval<T> {
    let Some(code) = &f.profile.ksic_code else {
        return Eval::unknown(Fact::KsicCode, || ("업종(KSIC 코드)을 모름", "sector (KSIC code) unknown"));
    };
    if let Some(pat) = exclude.iter().find(|pat| pattern_matches(pat, code) == Some(true)) {
        return Eval::new(Outcome::Fail, || {
            let ((code_ko, code_en), (ko, en)) = (sector_name(code), sector_name(pat));
            (format!("업종 {code_ko}은(는) 제외 업종 {ko}에 해당"), format!("sector {code_en} is excluded ({en})"))
        });
    }
    let any = |pats: &[String], want: Option<bool>| pats.iter().any(|pat| pattern_matches(pat, code) == want);
    let include_open = !include.is_empty() && !any(include, Some(true));
    if include_open && !any(include, None) {
        return Eval::new(Outcome::Fail, || {
            let (code_ko, code_en) = sector_name(code);
            (
                format!("업종 {code_ko}은(는) 지원 업종이 아님"),
                format!("sector {code_en} is not among the eligible sectors"),
            )
        });
    }
    if include_open || any(exclude, None) {
        return Eval::unknown(Fact::KsicCode, || {
            // Exclusions the code is too coarse for, then (if none matched) the inclusions.
            let undetermined = exclude
                .iter()
                .filter(|pat| pattern_matches(pat, code).is_none())
                .chain(include.iter().filter(|_| include_open));
            let (ko, en): (Vec<_>, Vec<_>) = undetermined.map(|pat| sector_name(pat)).unzip();
            (
                format!("업종 코드 {code}만으로는 {} 해당 여부를 알 수 없음: 세부 코드 필요", ko.join(", ")),
                format!("KSIC {code} is too coarse to tell about {}: a more detailed code is needed", en.join(", ")),
            )
        });
    }
    Eval::new(Outcome::Pass, || {
        let (code_ko, code_en) = sector_name(code);
        (format!("업종 {code_ko}: 조건 충족"), format!("sector {code_en} qualifies"))
    })
}

/// The KSIC code is on none of the list's entries; the reason names the list and its source. A
/// code too coarse to tell (a section letter, a short prefix) is unknown.
pub(super) fn excluded_sectors<T: Text>(list: SectorList, f: &Facts<'_>) -> Eval<T> {
    let name = list.name();
    let Some(code) = &f.profile.ksic_code else {
        return Eval::unknown(Fact::KsicCode, || {
            (
                format!("업종(KSIC 코드)을 모름: {} 해당 여부 확인 필요", name.ko),
                format!("sector (KSIC code) unknown: whether it is on the {} is not known", name.en),
            )
        });
    };
    let entries = list.entries();
    if let Some(e) = entries.iter().find(|e| pattern_matches(e.pattern, code) == Some(true)) {
        return Eval::new(Outcome::Fail, || {
            let (code_ko, code_en) = sector_name(code);
            (
                format!("업종 {code_ko}은(는) {}에 해당: {}({}) — {}", name.ko, e.ko, e.pattern, list.source()),
                format!("sector {code_en} is on the {}: {} ({}) — {}", name.en, e.en, e.pattern, list.source()),
            )
        });
    }
    if entries.iter().any(|e| pattern_matches(e.pattern, code).is_none()) {
        return Eval::unknown(Fact::KsicCode, || {
            (
                format!("업종 코드 {code}만으로는 {} 해당 여부를 알 수 없음: 세부 코드 필요", name.ko),
                format!("KSIC {code} is too coarse to tell about the {}: a more detailed code is needed", name.en),
            )
        });
    }
    Eval::new(Outcome::Pass, || {
        let (code_ko, code_en) = sector_name(code);
        (format!("업종 {code_ko}: {}이 아님", name.ko), format!("sector {code_en} is not on the {}", name.en))
    })
}

fn place_names(city: &str, districts: &[String]) -> (String, String) {
    if districts.is_empty() {
        (city.to_string(), region::english_name(city))
    } else {
        let ko = districts.iter().map(|d| format!("{city} {d}")).collect::<Vec<_>>().join(", ");
        let en = districts
            .iter()
            .map(|d| format!("{}, {}", region::english_name(d), region::english_name(city)))
            .collect::<Vec<_>>()
            .join("; ");
        (ko, en)
    }
}

fn sector_name(pattern: &str) -> (String, String) {
    let t = Ksic::get();
    if let Some(s) = t.section(pattern) {
        return (format!("{}({})", s.ko, pattern), format!("{} ({})", s.en, pattern));
    }
    match t.name(pattern) {
        Some((ko, en)) => (format!("{ko}({pattern})"), format!("{en} ({pattern})")),
        None => (pattern.to_string(), pattern.to_string()),
    }
}
