//! The bundled catalogue format (`catalogue::parse_file`) on arbitrary text. Never panics or
//! hangs; a refusal is an input error naming the file; every accepted program passes
//! `check_program`, is written back as JSON the loader accepts again, and evaluates for a few
//! fixed merchants without panicking, with consistent dates on the match.

#![no_main]

use std::sync::LazyLock;

use chrono::NaiveDate;
use libfuzzer_sys::fuzz_target;
use onestop_domain::eligibility::{evaluate, Facts, Outcome};
use onestop_domain::stage::StageRules;
use onestop_domain::{catalogue, Error, Profile, Verdict};

const FILE: &str = "fuzz.json";

/// A complete merchant (the example profile), a partial one and one with no facts at all.
static MERCHANTS: LazyLock<Vec<Profile>> = LazyLock::new(|| {
    [
        include_str!("../../examples/profile-gwangjin-cafe.json"),
        include_str!("../../examples/profile-incomplete.json"),
        "{}",
    ]
    .iter()
    .map(|t| Profile::from_json_str(t).expect("example profile"))
    .collect()
});

/// Around the seed programs' 2023 windows, and later.
static DATES: LazyLock<Vec<NaiveDate>> = LazyLock::new(|| {
    [(2023, 4, 3), (2026, 11, 21)].iter().map(|&(y, m, d)| NaiveDate::from_ymd_opt(y, m, d).expect("date")).collect()
});

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let programs = match catalogue::parse_file(FILE, text) {
        Ok(programs) => programs,
        Err(Error::Invalid { field, .. }) => {
            assert!(field.starts_with(FILE), "error does not name the file: {field}");
            return;
        }
        Err(other) => panic!("not an input error: {other:?}"),
    };
    for p in &programs {
        catalogue::check_program(p).expect("an accepted program passes check_program");
    }
    // Written back, the catalogue loads again (floats may move by an ulp, so compare ids).
    let written = serde_json::to_string(&programs).expect("programs serialize");
    let again = catalogue::parse_file(FILE, &written).expect("a written catalogue loads again");
    assert!(again.iter().map(|p| &p.id).eq(programs.iter().map(|p| &p.id)));
    let rules = StageRules::default();
    for merchant in MERCHANTS.iter() {
        for &as_of in DATES.iter() {
            let facts = Facts::new(merchant, as_of, &rules);
            for p in &programs {
                let m = evaluate(p, &facts);
                assert_eq!(m.program_id, p.id);
                for r in &m.reasons {
                    if r.outcome == Outcome::Pending {
                        assert!(r.passes_on.is_some_and(|on| on > as_of), "{}: pending without a later date", p.id);
                    }
                }
                if m.verdict == Verdict::Eligible {
                    let later = m.reasons.iter().filter_map(|r| r.passes_on).chain(p.window.opens_on).max();
                    assert_eq!(m.earliest_application_on, later, "{}", p.id);
                    if let (Some(e), Some(c)) = (m.earliest_application_on, p.window.closes_on) {
                        assert!(e <= c, "{}: eligible from {e}, after the window closes on {c}", p.id);
                    }
                }
            }
        }
    }
});
