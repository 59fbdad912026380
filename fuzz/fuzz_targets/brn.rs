//! The business registration number check (`brn::normalize`) on arbitrary text. Never panics;
//! a refusal is an input error naming the field; an accepted number is formatted 123-45-67890
//! from the same digits, checks again as itself, and no other last digit would check.

#![no_main]

use libfuzzer_sys::fuzz_target;
use onestop_domain::{brn, Error};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    match brn::normalize(&text) {
        Ok(n) => {
            let shape: Vec<usize> = n.split('-').map(str::len).collect();
            assert_eq!(shape, [3, 2, 5], "{text:?} -> {n}");
            assert!(n.chars().all(|c| c.is_ascii_digit() || c == '-'), "{n}");
            let digits = |s: &str| s.chars().filter(char::is_ascii_digit).collect::<String>();
            assert_eq!(digits(&text), digits(&n), "{text:?} -> {n}");
            assert_eq!(brn::normalize(&n).ok().as_deref(), Some(n.as_str()));
            let last = n.chars().last().expect("ten digits");
            for other in ('0'..='9').filter(|&c| c != last) {
                let wrong = format!("{}{other}", &n[..n.len() - 1]);
                assert!(brn::normalize(&wrong).is_err(), "{wrong} checks as well as {n}");
            }
        }
        Err(Error::Invalid { field, reason, .. }) => {
            assert_eq!(field, "business_registration_number");
            assert!(!reason.is_empty());
        }
        Err(other) => panic!("not an input error: {other:?}"),
    }
});
