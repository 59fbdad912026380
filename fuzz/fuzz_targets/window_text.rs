//! The application-window text parser (`bizinfo::parse_window`) on arbitrary text, with and
//! without a notice date. Never panics or hangs; a window never closes before it opens and is
//! never both always open and open until the budget runs out; the notice date matters only to a
//! budget-bound window, which opens on it.

#![no_main]

use chrono::NaiveDate;
use libfuzzer_sys::fuzz_target;
use onestop_domain::bizinfo;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let published = NaiveDate::from_ymd_opt(2026, 10, 6);
    let without = bizinfo::parse_window(text, None);
    let with = bizinfo::parse_window(text, published);
    for w in [&without, &with].into_iter().flatten() {
        if let (Some(o), Some(c)) = (w.opens_on, w.closes_on) {
            assert!(o <= c, "{text:?} -> {w:?}");
        }
        assert!(!(w.always_open && w.until_budget_exhausted), "{text:?} -> {w:?}");
    }
    match (&without, &with) {
        (Ok(a), Ok(b)) if b.until_budget_exhausted => {
            assert!(a.until_budget_exhausted && a.opens_on.is_none() && b.opens_on == published, "{text:?}");
        }
        (a, b) => assert_eq!(a, b, "{text:?}"),
    }
    if let Err(e) = &without {
        assert!(!e.is_empty());
    }
});
