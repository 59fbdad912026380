//! Field-by-field merge of merchant edits from several desks. Pure functions: the hub calls them
//! inside its transaction, and they are tested here without a network or a database.

use serde_json::Value;

use crate::wire::{ConsentRecord, FieldConflict, Fields};

/// The profile fields that are personal information; stored only under an active consent.
pub use onestop_domain::profile::PERSONAL_FIELDS;

#[derive(Clone, Debug, PartialEq)]
pub struct Merged {
    pub state: Fields,
    pub conflicts: Vec<FieldConflict>,
    /// Fields this edit left in conflict.
    pub new_conflicts: Vec<String>,
}

fn get<'a>(m: &'a Fields, k: &str) -> &'a Value {
    m.get(k).unwrap_or(&Value::Null)
}

fn set(m: &mut Fields, k: &str, v: &Value) {
    if v.is_null() {
        m.remove(k);
    } else {
        m.insert(k.to_string(), v.clone());
    }
}

/// Apply one desk's edit (`base` → `after`, as it saw the merchant) to the hub's `current`
/// state. A field the desk did not change keeps the hub's value; a field the hub still has as
/// the desk saw it takes the desk's value; a field both changed to different values keeps the
/// hub's value and records a conflict holding both, so nothing is lost. Fields in `resolves`
/// were settled by staff who saw the conflict: their value is taken and the conflict closed.
pub fn merge_fields(
    current: &Fields,
    open: &[FieldConflict],
    base: Option<&Fields>,
    after: &Fields,
    resolves: &[String],
) -> Merged {
    let empty = Fields::new();
    let base = base.unwrap_or(&empty);
    let mut state = current.clone();
    let mut conflicts = open.to_vec();
    let mut new_conflicts = Vec::new();
    let mut keys: Vec<&String> = base.keys().chain(after.keys()).collect();
    keys.extend(resolves.iter());
    keys.sort();
    keys.dedup();
    for k in keys {
        let (b, a, h) = (get(base, k), get(after, k), get(current, k).clone());
        if resolves.contains(k) {
            set(&mut state, k, a);
            conflicts.retain(|c| &c.field != k);
            continue;
        }
        if a == b || a == &h {
            continue;
        }
        if h == *b {
            set(&mut state, k, a);
            continue;
        }
        match conflicts.iter_mut().find(|c| &c.field == k) {
            Some(c) => {
                if !c.values.contains(a) {
                    c.values.push(a.clone());
                }
            }
            None => conflicts.push(FieldConflict { field: k.clone(), values: vec![h, a.clone()] }),
        }
        new_conflicts.push(k.clone());
    }
    Merged { state, conflicts, new_conflicts }
}

fn same_consent(a: &ConsentRecord, b: &ConsentRecord) -> bool {
    a.recorded_at == b.recorded_at && a.given_on == b.given_on && a.form == b.form && a.recorded_by == b.recorded_by
}

/// The union of two desks' consent records; a withdrawal on either side holds (the earliest
/// date wins). Ordered by when they were recorded.
pub fn merge_consents(current: &[ConsentRecord], incoming: &[ConsentRecord]) -> Vec<ConsentRecord> {
    let mut out = current.to_vec();
    for c in incoming {
        match out.iter_mut().find(|o| same_consent(o, c)) {
            Some(o) => {
                o.withdrawn_on = match (o.withdrawn_on, c.withdrawn_on) {
                    (Some(x), Some(y)) => Some(x.min(y)),
                    (x, y) => x.or(y),
                }
            }
            None => out.push(c.clone()),
        }
    }
    out.sort_by(|a, b| (a.recorded_at, &a.form).cmp(&(b.recorded_at, &b.form)));
    out
}

pub fn has_active_consent(consents: &[ConsentRecord]) -> bool {
    consents.iter().any(|c| c.withdrawn_on.is_none())
}

/// A consultation version's data with what the owner's birth date told (an age in a reason, the
/// birthday a program opens on) taken out, as for a merchant whose consent is withdrawn; `None`
/// when nothing changes or the data does not read as a consultation.
pub fn consultation_without_personal(data: &Value) -> Option<Value> {
    let mut c: onestop_domain::consultation::Consultation = serde_json::from_value(data.clone()).ok()?;
    if !c.without_personal() {
        return None;
    }
    serde_json::to_value(&c).ok()
}

/// Without an active consent, personal fields (and conflicts about them) are dropped.
pub fn enforce_consent(state: &mut Fields, conflicts: &mut Vec<FieldConflict>, consents: &[ConsentRecord]) {
    if has_active_consent(consents) {
        return;
    }
    for f in PERSONAL_FIELDS {
        state.remove(f);
    }
    conflicts.retain(|c| !PERSONAL_FIELDS.contains(&c.field.as_str()));
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn fields(v: Value) -> Fields {
        v.as_object().cloned().unwrap_or_default()
    }

    #[test]
    fn edits_to_different_fields_both_land() {
        let hub = fields(json!({"name": "행복분식", "employees": 3, "city": "서울특별시"}));
        // Another desk already changed employees to 4 on the hub; this desk changed the name.
        let current = fields(json!({"name": "행복분식", "employees": 4, "city": "서울특별시"}));
        let after = fields(json!({"name": "행복분식 본점", "employees": 3, "city": "서울특별시"}));
        let m = merge_fields(&current, &[], Some(&hub), &after, &[]);
        assert_eq!(m.state, fields(json!({"name": "행복분식 본점", "employees": 4, "city": "서울특별시"})));
        assert!(m.conflicts.is_empty());
    }

    #[test]
    fn same_field_different_values_keeps_both() {
        let base = fields(json!({"employees": 3}));
        let current = fields(json!({"employees": 4}));
        let after = fields(json!({"employees": 5}));
        let m = merge_fields(&current, &[], Some(&base), &after, &[]);
        assert_eq!(m.state, current, "the hub's value stays until staff choose");
        assert_eq!(m.conflicts, vec![FieldConflict { field: "employees".into(), values: vec![json!(4), json!(5)] }]);
        assert_eq!(m.new_conflicts, vec!["employees".to_string()]);
        // The same edit again adds nothing new; a resolution takes the chosen value and closes it.
        let again = merge_fields(&m.state, &m.conflicts, Some(&base), &after, &[]);
        assert_eq!(again.conflicts, m.conflicts);
        let resolved = merge_fields(
            &m.state,
            &m.conflicts,
            Some(&current),
            &fields(json!({"employees": 5})),
            &["employees".into()],
        );
        assert_eq!(resolved.state, fields(json!({"employees": 5})));
        assert!(resolved.conflicts.is_empty());
    }

    #[test]
    fn same_value_on_both_sides_is_no_conflict_and_removal_is_a_change() {
        let base = fields(json!({"employees": 3, "phone": "010-1234-5678"}));
        let current = fields(json!({"employees": 5, "phone": "010-1234-5678"}));
        let after = fields(json!({"employees": 5}));
        let m = merge_fields(&current, &[], Some(&base), &after, &[]);
        assert_eq!(m.state, fields(json!({"employees": 5})));
        assert!(m.conflicts.is_empty());
    }

    #[test]
    fn consents_union_and_withdrawal_wins() {
        let at = chrono::NaiveDate::from_ymd_opt(2026, 11, 2).and_then(|d| d.and_hms_opt(10, 0, 0)).unwrap_or_default();
        let c = ConsentRecord {
            given_on: at.date(),
            form: "개인정보 수집·이용 동의서".into(),
            recorded_by: "kim".into(),
            recorded_at: at,
            withdrawn_on: None,
        };
        let withdrawn = ConsentRecord { withdrawn_on: Some(at.date()), ..c.clone() };
        let merged = merge_consents(std::slice::from_ref(&c), std::slice::from_ref(&withdrawn));
        assert_eq!(merged, vec![withdrawn.clone()]);
        assert_eq!(merge_consents(std::slice::from_ref(&withdrawn), std::slice::from_ref(&c)), vec![withdrawn.clone()]);
        let mut state = fields(json!({"name": "가게", "owner_name": "홍길동", "phone": "010"}));
        let mut conflicts = vec![FieldConflict { field: "phone".into(), values: vec![json!("010"), json!("011")] }];
        enforce_consent(&mut state, &mut conflicts, &merged);
        assert_eq!(state, fields(json!({"name": "가게"})));
        assert!(conflicts.is_empty());
    }
}
