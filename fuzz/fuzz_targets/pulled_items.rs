//! A pulled page as a desk receives it (`wire::PullResponse`), each item checked with
//! `check::pull_item`, which decides whether the desk applies it or sets it aside. Never panics
//! or hangs; an item set aside names a field under `state` or `data`; an item applied reads
//! with the domain's own types, a consultation version for the record and merchant it travels
//! with.

#![no_main]

use libfuzzer_sys::fuzz_target;
use onestop_domain::application::Application;
use onestop_domain::consultation::Consultation;
use onestop_domain::profile::Profile;
use onestop_domain::visit::Visit;
use onestop_protocol::check;
use onestop_protocol::wire::{PullItem, PullResponse};
use serde_json::Value;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(page) = serde_json::from_str::<PullResponse>(text) else { return };
    for item in &page.items {
        match check::pull_item(item) {
            Ok(()) => match item {
                PullItem::Merchant { state, .. } => {
                    assert!(Profile::from_json_value(&Value::Object(state.clone())).is_ok(), "{state:?}");
                }
                PullItem::ConsultationVersion { uid, merchant_uid, data, .. } => {
                    let c: Consultation = serde_json::from_value(data.clone()).expect("an applied consultation reads");
                    assert_eq!((c.id, c.merchant_id.as_str()), (*uid, merchant_uid.to_string().as_str()));
                }
                PullItem::ApplicationVersion { uid, merchant_uid, data, .. } => {
                    let a: Application = serde_json::from_value(data.clone()).expect("an applied application reads");
                    assert_eq!((a.id, a.merchant_id.as_str()), (*uid, merchant_uid.to_string().as_str()));
                }
                PullItem::VisitVersion { uid, merchant_uid, data, .. } => {
                    let v: Visit = serde_json::from_value(data.clone()).expect("an applied visit reads");
                    assert_eq!((v.id, v.merchant_id), (*uid, merchant_uid.map(|m| m.to_string())));
                }
                PullItem::MerchantErased { .. } => {}
            },
            Err(e) => {
                let root = e.field.split(['.', '[']).next().unwrap_or_default();
                assert!(["state", "data"].contains(&root), "no field named: {e}");
                assert!(!e.reason.is_empty());
            }
        }
    }
});
