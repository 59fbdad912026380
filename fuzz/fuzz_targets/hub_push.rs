//! A push body as the hub receives it (`wire::PushRequest`), checked change by change with
//! `check::change`, the same check the hub runs before writing anything. Never panics or hangs;
//! a refusal names a field path under `state`, `base` or `data`; it never quotes the value of a
//! personal field or of free text (a name, a phone, notes: each is replaced in turn by a marker
//! that must not come back in the refusal); and a change the check accepts
//! reads with the domain's own types.

#![no_main]

use libfuzzer_sys::fuzz_target;
use onestop_domain::application::Application;
use onestop_domain::consultation::Consultation;
use onestop_domain::profile::{Profile, PERSONAL_FIELDS};
use onestop_domain::visit::Visit;
use onestop_protocol::check;
use onestop_protocol::wire::{ChangeBody, PushRequest};
use serde_json::Value;

/// A text no check message holds: put in place of a personal field or free text, it must never
/// come back in a refusal.
const MARKER: &str = "\u{E000}개인정보\u{E001}";

/// The body with each personal field of a merchant (in `state` and `base`) and a consultation's
/// notes and outcome, one at a time, replaced by [`MARKER`].
fn marked(body: &ChangeBody) -> Vec<ChangeBody> {
    let mut out = vec![];
    match body {
        ChangeBody::Merchant { .. } => {
            for f in PERSONAL_FIELDS {
                for in_base in [false, true] {
                    let mut b = body.clone();
                    if let ChangeBody::Merchant { state, base, .. } = &mut b {
                        let map = if in_base { base.as_mut() } else { Some(state) };
                        let key = f.to_string();
                        if let Some(map) = map.filter(|m| m.contains_key(&key)) {
                            map.insert(key, Value::String(MARKER.into()));
                            out.push(b);
                        }
                    }
                }
            }
        }
        ChangeBody::ConsultationVersion { data, .. } => {
            for f in ["notes", "outcome"].into_iter().filter(|f| data.get(f).is_some()) {
                let mut b = body.clone();
                if let ChangeBody::ConsultationVersion { data: Value::Object(data), .. } = &mut b {
                    data.insert(f.to_owned(), Value::String(MARKER.into()));
                }
                out.push(b);
            }
        }
        ChangeBody::ApplicationVersion { data, .. } => {
            for f in ["note", "decision_reason"].into_iter().filter(|f| data.get(f).is_some()) {
                let mut b = body.clone();
                if let ChangeBody::ApplicationVersion { data: Value::Object(data), .. } = &mut b {
                    data.insert(f.to_owned(), Value::String(MARKER.into()));
                }
                out.push(b);
            }
        }
        ChangeBody::VisitVersion { data, .. } => {
            for f in ["prospect", "purpose"].into_iter().filter(|f| data.get(f).is_some()) {
                let mut b = body.clone();
                if let ChangeBody::VisitVersion { data: Value::Object(data), .. } = &mut b {
                    data.insert(f.to_owned(), Value::String(MARKER.into()));
                }
                out.push(b);
            }
        }
        ChangeBody::MerchantErased { .. } => {}
    }
    out
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(push) = serde_json::from_str::<PushRequest>(text) else { return };
    for change in &push.changes {
        match check::change(&change.body) {
            Ok(()) => match &change.body {
                ChangeBody::Merchant { state, base, .. } => {
                    assert!(Profile::from_json_value(&Value::Object(state.clone())).is_ok(), "{state:?}");
                    if let Some(b) = base {
                        assert!(Profile::from_json_value(&Value::Object(b.clone())).is_ok(), "{b:?}");
                    }
                }
                ChangeBody::ConsultationVersion { uid, merchant_uid, data } => {
                    let c: Consultation = serde_json::from_value(data.clone()).expect("an accepted consultation reads");
                    assert_eq!((c.id, c.merchant_id.as_str()), (*uid, merchant_uid.to_string().as_str()));
                }
                ChangeBody::ApplicationVersion { uid, merchant_uid, data } => {
                    let a: Application = serde_json::from_value(data.clone()).expect("an accepted application reads");
                    assert_eq!((a.id, a.merchant_id.as_str()), (*uid, merchant_uid.to_string().as_str()));
                }
                ChangeBody::VisitVersion { uid, merchant_uid, data } => {
                    let v: Visit = serde_json::from_value(data.clone()).expect("an accepted visit reads");
                    assert_eq!((v.id, v.merchant_id), (*uid, merchant_uid.map(|m| m.to_string())));
                }
                ChangeBody::MerchantErased { .. } => {}
            },
            Err(e) => {
                let root = e.field.split(['.', '[']).next().unwrap_or_default();
                assert!(["state", "base", "data"].contains(&root), "no field named: {e}");
                assert!(!e.reason.is_empty());
            }
        }
        // (An input that already holds the marker, say in a key the refusal names, proves nothing.)
        let holds_marker = serde_json::to_string(&change.body).is_ok_and(|t| t.contains(MARKER));
        for b in marked(&change.body).into_iter().filter(|_| !holds_marker) {
            if let Err(e) = check::change(&b) {
                assert!(!e.to_string().contains(MARKER), "a refusal quotes a personal value: {e}");
            }
        }
    }
});
