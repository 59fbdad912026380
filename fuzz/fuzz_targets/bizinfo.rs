//! The Bizinfo (기업마당) loader on arbitrary response bodies: `bizinfo::parse_body`, then
//! `bizinfo::to_program` for every notice (which runs the HTML stripper, the window-text parser
//! and the region reader on its fields), and `bizinfo::html_to_text` on the raw body. Never
//! panics or hangs; a refused body is an input error naming the response; every notice maps to
//! a program the catalogue accepts or to a rejection with an id and a reason.

#![no_main]

use libfuzzer_sys::fuzz_target;
use onestop_domain::{bizinfo, catalogue, Error};

fuzz_target!(|data: &[u8]| {
    let Ok(body) = std::str::from_utf8(data) else { return };
    match bizinfo::parse_body(body) {
        Ok(items) => {
            let _ = bizinfo::total_count(&items);
            for (i, item) in items.iter().enumerate() {
                match bizinfo::to_program(item, i) {
                    Ok(p) => {
                        assert!(catalogue::check_program(&p).is_ok(), "{p:?}");
                        assert!(p.id.starts_with("bizinfo-"), "{}", p.id);
                        assert!(p.external.as_ref().is_some_and(|e| e.system == "bizinfo"));
                    }
                    Err(r) => {
                        assert!(!r.id.trim().is_empty(), "{r:?}");
                        assert!(!r.reason.trim().is_empty(), "{r:?}");
                    }
                }
            }
        }
        Err(Error::Invalid { field, .. }) => assert_eq!(field, "bizinfo response"),
        Err(other) => panic!("not an input error: {other:?}"),
    }
    // The notice summaries are HTML; the stripper sees the raw body too.
    if let Ok(t) = bizinfo::html_to_text(body) {
        assert!(t.lines().all(|l| !l.is_empty() && l.trim() == l), "{t:?}");
    }
});
