//! Whether a record that travels can be read with the domain's types: a merchant's state as a
//! [`Profile`], a consultation's data as a [`Consultation`] of the record and merchant it is
//! sent for. The hub checks every pushed change with it (and lists what it already holds that
//! fails), the desk every pulled item (an unreadable one is set aside, the page goes on).
//!
//! An [`Unreadable`] names the field's path and why; it quotes the value only where that is safe:
//! never for a personal field ([`PERSONAL_FIELDS`]) nor for free text, so the message can go into
//! an HTTP answer or a log.

use std::fmt;

use onestop_domain::application::Application;
use onestop_domain::consultation::Consultation;
use onestop_domain::partner::Partner;
use onestop_domain::profile::PERSONAL_FIELDS;
use onestop_domain::visit::Visit;
use onestop_domain::{Error, Profile};
use serde_json::Value;
use uuid::Uuid;

use crate::wire::{ChangeBody, Fields, PullItem};

/// Longest value quoted in a message.
const MAX_QUOTED: usize = 40;

/// Why a record cannot be read: the path of the field (`state.business_status`,
/// `data.referrals[0].status`) and the reason.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unreadable {
    pub field: String,
    pub reason: String,
}

impl fmt::Display for Unreadable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.reason)
    }
}

impl Unreadable {
    fn new(field: impl Into<String>, reason: impl Into<String>) -> Unreadable {
        Unreadable { field: field.into(), reason: reason.into() }
    }

    /// The same problem under `prefix` (`changes[3]`, `state`).
    pub fn within(self, prefix: &str) -> Unreadable {
        let field = if self.field.is_empty() { prefix.to_owned() } else { format!("{prefix}.{}", self.field) };
        Unreadable { field, reason: self.reason }
    }
}

/// A merchant's state (the profile's JSON object), read as the desk reads it.
pub fn merchant_state(state: &Fields) -> Result<Profile, Unreadable> {
    Profile::from_json_value(&Value::Object(state.clone())).map_err(|e| profile_problem(&e))
}

fn profile_problem(e: &Error) -> Unreadable {
    match e {
        Error::Invalid { field, value, reason } => {
            let top = field.split(['.', '[']).next().unwrap_or(field);
            let personal = PERSONAL_FIELDS.contains(&top);
            // The profile as a whole, or a personal fact: the field alone.
            if personal || field == "profile" || value.is_empty() || value.chars().count() > MAX_QUOTED {
                Unreadable::new(field.as_str(), reason.as_str())
            } else {
                Unreadable::new(field.as_str(), format!("{value:?}: {reason}"))
            }
        }
        other => Unreadable::new("", other.to_string()),
    }
}

/// A consultation version's data, read as the desk reads it, and of the record (`uid`) and the
/// merchant (`merchant_uid`) it travels for.
pub fn consultation(uid: Uuid, merchant_uid: Uuid, data: &Value) -> Result<Consultation, Unreadable> {
    let c: Consultation = read(data)?;
    of_record(c.id, &c.merchant_id, uid, merchant_uid)?;
    Ok(c)
}

/// An application version's data, read as an application of the record and merchant it names.
pub fn application(uid: Uuid, merchant_uid: Uuid, data: &Value) -> Result<Application, Unreadable> {
    let a: Application = read(data)?;
    of_record(a.id, &a.merchant_id, uid, merchant_uid)?;
    Ok(a)
}

/// A visit plan version's data, of the record it names and of its merchant (or of none: a
/// prospect).
pub fn visit(uid: Uuid, merchant_uid: Option<Uuid>, data: &Value) -> Result<Visit, Unreadable> {
    let v: Visit = read(data)?;
    if v.id != uid {
        return Err(Unreadable::new("id", format!("{} is not the record {uid} it is sent for", v.id)));
    }
    if v.merchant_id != merchant_uid.map(|m| m.to_string()) {
        return Err(Unreadable::new("merchant_id", "is not the merchant it is sent for"));
    }
    Ok(v)
}

/// A published partner entry, read and checked as the desks will take it.
pub fn partner(data: &Value) -> Result<Partner, Unreadable> {
    let p: Partner = read(data)?;
    p.validate().map_err(|e| match e {
        Error::Invalid { field, reason, .. } => Unreadable::new(field, reason),
        other => Unreadable::new("", other.to_string()),
    })?;
    Ok(p)
}

/// A JSON object read as `T`; a problem names the path and quotes no text value.
fn read<T: serde::de::DeserializeOwned>(data: &Value) -> Result<T, Unreadable> {
    if !data.is_object() {
        return Err(Unreadable::new("", "must be a JSON object"));
    }
    serde_path_to_error::deserialize(data).map_err(|e| {
        let path = e.path().to_string();
        let field = if path == "." { String::new() } else { path };
        Unreadable::new(field, without_quoted_text(&e.inner().to_string()))
    })
}

/// A version's own ids must be those of the record and merchant it is sent for.
fn of_record(id: Uuid, merchant_id: &str, uid: Uuid, merchant_uid: Uuid) -> Result<(), Unreadable> {
    if id != uid {
        return Err(Unreadable::new("id", format!("{id} is not the record {uid} it is sent for")));
    }
    if merchant_id != merchant_uid.to_string() {
        return Err(Unreadable::new(
            "merchant_id",
            format!("is not the merchant {merchant_uid} it is sent for (or not a merchant id)"),
        ));
    }
    Ok(())
}

/// serde's message with the text values it quotes (`invalid type: string "…"`) left out: they
/// may be notes or names. Identifiers it quotes in backticks (an unknown variant or field) stay.
fn without_quoted_text(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut inside = false;
    for ch in message.chars() {
        if ch == '"' {
            if !inside {
                out.push_str("\"…\"");
            }
            inside = !inside;
        } else if !inside {
            out.push(ch);
        }
    }
    out
}

/// A pushed change: a merchant's state (and the base it was edited from), a consultation's
/// data. Paths are relative to the change (`state.phone`, `data.channel`).
pub fn change(body: &ChangeBody) -> Result<(), Unreadable> {
    match body {
        ChangeBody::Merchant { state, base, .. } => {
            merchant_state(state).map_err(|e| e.within("state"))?;
            if let Some(base) = base {
                merchant_state(base).map_err(|e| e.within("base"))?;
            }
            Ok(())
        }
        ChangeBody::MerchantErased { .. } => Ok(()),
        ChangeBody::ConsultationVersion { uid, merchant_uid, data } => {
            consultation(*uid, *merchant_uid, data).map(|_| ()).map_err(|e| e.within("data"))
        }
        ChangeBody::ApplicationVersion { uid, merchant_uid, data } => {
            application(*uid, *merchant_uid, data).map(|_| ()).map_err(|e| e.within("data"))
        }
        ChangeBody::VisitVersion { uid, merchant_uid, data } => {
            visit(*uid, *merchant_uid, data).map(|_| ()).map_err(|e| e.within("data"))
        }
    }
}

/// A pulled item, as the desk will apply it.
pub fn pull_item(item: &PullItem) -> Result<(), Unreadable> {
    match item {
        PullItem::Merchant { state, .. } => merchant_state(state).map(|_| ()).map_err(|e| e.within("state")),
        PullItem::MerchantErased { .. } => Ok(()),
        PullItem::ConsultationVersion { uid, merchant_uid, data, .. } => {
            consultation(*uid, *merchant_uid, data).map(|_| ()).map_err(|e| e.within("data"))
        }
        PullItem::ApplicationVersion { uid, merchant_uid, data, .. } => {
            application(*uid, *merchant_uid, data).map(|_| ()).map_err(|e| e.within("data"))
        }
        PullItem::VisitVersion { uid, merchant_uid, data, .. } => {
            visit(*uid, *merchant_uid, data).map(|_| ()).map_err(|e| e.within("data"))
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use serde_json::json;

    fn fields(v: Value) -> Fields {
        v.as_object().unwrap().clone()
    }

    #[test]
    fn a_profile_problem_names_the_field_and_never_a_personal_value() {
        let e = merchant_state(&fields(json!({"name": "행복분식", "business_status": "hibernating"}))).unwrap_err();
        assert_eq!(e.field, "business_status");
        assert!(e.reason.contains("hibernating"), "a status is safe to quote: {e}");

        let e = merchant_state(&fields(json!({"phone": "010-12ab-5678"}))).unwrap_err();
        assert_eq!(e.field, "phone");
        assert!(!e.to_string().contains("12ab"), "{e}");

        let e = merchant_state(&fields(json!({"employees": 3}))).unwrap_err();
        assert_eq!(e.field, "employees");
        assert!(merchant_state(&fields(json!({"name": "행복분식", "full_time_workers": 3}))).is_ok());
    }

    #[test]
    fn a_consultation_must_be_of_its_record_and_merchant_and_quotes_no_text() {
        let (uid, m) = (Uuid::new_v4(), Uuid::new_v4());
        let good = json!({
            "id": uid, "merchant_id": m.to_string(), "at": "2026-11-02T10:00:00", "counselor": "김상담",
            "channel": "visit", "place": null, "topics": [], "notes": "임대료", "programs": [],
            "referrals": [{"institution": "서울신용보증재단", "status": "proposed"}], "follow_ups": [],
            "outcome": null, "version": 1, "updated_at": "2026-11-02T10:00:00"
        });
        assert!(consultation(uid, m, &good).is_ok());

        let mut bad = good.clone();
        bad["referrals"][0]["status"] = json!("escalated");
        let e = consultation(uid, m, &bad).unwrap_err();
        assert_eq!(e.field, "referrals[0].status");
        assert!(e.reason.contains("escalated"), "{e}");

        let mut bad = good.clone();
        bad["version"] = json!("홍길동 010-9999-8888");
        let e = consultation(uid, m, &bad).unwrap_err();
        assert_eq!(e.field, "version");
        assert!(!e.reason.contains("9999") && !e.reason.contains("홍길동"), "{e}");

        assert_eq!(consultation(Uuid::new_v4(), m, &good).unwrap_err().field, "id");
        assert_eq!(consultation(uid, Uuid::new_v4(), &good).unwrap_err().field, "merchant_id");
        assert_eq!(consultation(uid, m, &json!([1])).unwrap_err().to_string(), ": must be a JSON object");
    }

    #[test]
    fn an_application_must_be_of_its_record_and_merchant_with_a_known_status() {
        let (uid, m) = (Uuid::new_v4(), Uuid::new_v4());
        let good = json!({
            "id": uid, "merchant_id": m.to_string(), "program_id": "seoul-2023-employment-incentive",
            "consultation_id": null, "status": "applied", "applied_on": "2023-04-20", "hired_on": null,
            "amount_requested_krw": 3000000, "decided_on": null, "amount_approved_krw": null,
            "decision_reason": null, "paid_on": null, "amount_paid_krw": null, "closed_on": null, "note": "",
            "duties": [{"step": 0, "what": {"ko": "지급", "en": "paid"}, "words": {"ko": "지급", "en": "paid"},
                        "due_on": "2023-07-01", "month": true}],
            "saved_by": "kim", "version": 1, "created_at": "2023-04-20T10:00:00", "updated_at": "2023-04-20T10:00:00"
        });
        assert!(application(uid, m, &good).is_ok());
        let mut bad = good.clone();
        bad["status"] = json!("won");
        assert_eq!(application(uid, m, &bad).unwrap_err().field, "status");
        let mut bad = good.clone();
        bad["duties"][0]["due_on"] = json!("2023-02-30");
        assert_eq!(application(uid, m, &bad).unwrap_err().field, "duties[0].due_on");
        assert_eq!(application(Uuid::new_v4(), m, &good).unwrap_err().field, "id");
        assert_eq!(application(uid, Uuid::new_v4(), &good).unwrap_err().field, "merchant_id");
        let body = ChangeBody::ApplicationVersion { uid, merchant_uid: m, data: bad };
        assert_eq!(change(&body).unwrap_err().field, "data.duties[0].due_on");
    }
}
