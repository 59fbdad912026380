//! The profile parser (`Profile::from_json_str`, `from_json_value`, `field_errors`) on arbitrary
//! text. Never panics or hangs; a refusal is an input error naming a field; a parsed profile
//! parses back to itself from its own JSON; `field_errors` is empty exactly when the profile
//! parses, and every error it reports names a profile key, a hire or the offending key itself.

#![no_main]

use libfuzzer_sys::fuzz_target;
use onestop_domain::profile::{field_errors, PROFILE_KEYS};
use onestop_domain::{Error, Profile};
use serde_json::Value;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let parsed = Profile::from_json_str(text);
    match &parsed {
        Ok(p) => {
            let json = serde_json::to_value(p).expect("a profile serializes");
            let again = Profile::from_json_value(&json);
            assert_eq!(again.as_ref().ok(), Some(p), "{json} parses to {again:?}");
        }
        Err(Error::Invalid { field, reason, .. }) => {
            let named = field == "profile"
                || PROFILE_KEYS.contains(&field.as_str())
                || field.starts_with("new_hires[")
                || reason.starts_with("unknown profile key");
            assert!(named, "error names no field: {field}: {reason}");
            assert!(!reason.is_empty());
        }
        Err(other) => panic!("not an input error: {other:?}"),
    }
    // The same text as a JSON value, as the desktop app's form sends it.
    let Ok(value) = serde_json::from_str::<Value>(text) else {
        assert!(parsed.is_err(), "malformed JSON was accepted");
        return;
    };
    let errors = field_errors(&value);
    assert_eq!(errors.is_empty(), parsed.is_ok(), "{errors:?} vs {parsed:?}");
    for fe in &errors {
        let is_key = value.as_object().is_some_and(|o| o.contains_key(&fe.field));
        let known =
            fe.field == "profile" || PROFILE_KEYS.contains(&fe.field.as_str()) || fe.field.starts_with("new_hires[");
        assert!(known || is_key, "{fe:?}");
    }
});
