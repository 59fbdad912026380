//! What changed between two versions of a record, field by field, for history views.

use serde::Serialize;
use serde_json::Value;

/// One field that differs between two versions. `before` is absent for an added field,
/// `after` for a removed one.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(optional_fields))]
pub struct FieldChange {
    /// Dotted path, with list positions in brackets: `window.closes_on`, `criteria[2].max`.
    pub path: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub before: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub after: Option<Value>,
}

/// The fields that differ between two serialized values, in document order. Objects are
/// compared key by key and lists of equal length item by item; a list that changed length is
/// one change of the whole list.
pub fn diff<T: Serialize>(before: &T, after: &T) -> Vec<FieldChange> {
    let b = serde_json::to_value(before).expect("plain data");
    let a = serde_json::to_value(after).expect("plain data");
    let mut out = Vec::new();
    walk("", Some(&b), Some(&a), &mut out);
    out
}

fn join(prefix: &str, key: &str) -> String {
    if prefix.is_empty() {
        key.to_string()
    } else {
        format!("{prefix}.{key}")
    }
}

fn walk(path: &str, b: Option<&Value>, a: Option<&Value>, out: &mut Vec<FieldChange>) {
    match (b, a) {
        (Some(x), Some(y)) if x == y => {}
        (Some(Value::Object(x)), Some(Value::Object(y))) => {
            for (k, v) in x {
                walk(&join(path, k), Some(v), y.get(k), out);
            }
            for (k, v) in y.iter().filter(|(k, _)| !x.contains_key(*k)) {
                walk(&join(path, k), None, Some(v), out);
            }
        }
        (Some(Value::Array(x)), Some(Value::Array(y))) if x.len() == y.len() => {
            for (i, (v, w)) in x.iter().zip(y).enumerate() {
                walk(&format!("{path}[{i}]"), Some(v), Some(w), out);
            }
        }
        (None, None) => {}
        _ => out.push(FieldChange { path: path.to_string(), before: b.cloned(), after: a.cloned() }),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn changes_are_named_by_path() {
        let b = json!({"name": {"ko": "가", "en": "a"}, "criteria": [{"type": "x", "max": 1}], "n": [1]});
        let a =
            json!({"name": {"ko": "나", "en": "a"}, "criteria": [{"type": "x", "max": 2}], "n": [1, 2], "new": true});
        let d = diff(&b, &a);
        let paths: Vec<_> = d.iter().map(|c| c.path.as_str()).collect();
        assert_eq!(paths, ["name.ko", "criteria[0].max", "n", "new"]);
        assert_eq!(d[0].before, Some(json!("가")));
        assert_eq!(d[0].after, Some(json!("나")));
        assert_eq!(d[3].before, None);
        assert!(diff(&b, &b).is_empty());
        let removed = diff(&a, &b);
        assert_eq!(removed.last().unwrap().path, "new");
        assert_eq!(removed.last().unwrap().after, None);
    }
}
