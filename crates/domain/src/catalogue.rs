//! The bundled catalogue (`assets/catalogue/*.json`) and checks that apply to any catalogue.

use serde_json::Value;

use crate::ksic::Ksic;
use chrono::{NaiveDate, NaiveDateTime};
use serde::Serialize;

use crate::program::{Criterion, Kind, Program};
use crate::region;
use crate::stage::Stage;
use crate::{Error, Result};

/// The bundled catalogue files, embedded in the binary. A test checks none is forgotten.
pub const BUNDLED: &[(&str, &str)] = &[
    ("000-seoul-telework-voucher.json", include_str!("../../../assets/catalogue/000-seoul-telework-voucher.json")),
    ("001-youth-digital-job.json", include_str!("../../../assets/catalogue/001-youth-digital-job.json")),
    ("002-kosme.json", include_str!("../../../assets/catalogue/002-kosme.json")),
    ("003-districts.json", include_str!("../../../assets/catalogue/003-districts.json")),
    ("004-seoul-2023-employment.json", include_str!("../../../assets/catalogue/004-seoul-2023-employment.json")),
];

/// Parse a catalogue file (a JSON array of programs) and check every program in it.
/// Errors name the file, the program id and the field.
pub fn parse_file(name: &str, text: &str) -> Result<Vec<Program>> {
    let value: Value = serde_json::from_str(text).map_err(|e| {
        Error::invalid(name, format!("line {} column {}", e.line(), e.column()), format!("malformed JSON: {e}"))
    })?;
    let items =
        value.as_array().ok_or_else(|| Error::invalid(name, "", "a catalogue file is a JSON array of programs"))?;
    items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let id = item.get("id").and_then(Value::as_str).unwrap_or("?").to_string();
            let program: Program = serde_json::from_value(item.clone())
                .map_err(|e| Error::invalid(format!("{name}[{i}] ({id})"), &id, e.to_string()))?;
            check_program(&program).map_err(|e| e.within(format!("{name}: {id}")))?;
            Ok(program)
        })
        .collect()
}

/// The bundled programs, in file order.
pub fn bundled() -> Result<Vec<Program>> {
    let mut all = Vec::new();
    for (name, text) in BUNDLED {
        all.extend(parse_file(name, text)?);
    }
    let mut ids: Vec<&str> = all.iter().map(|p| p.id.as_str()).collect();
    ids.sort_unstable();
    if let Some(w) = ids.windows(2).find(|w| w[0] == w[1]) {
        return Err(Error::invalid("bundled catalogue: program id", w[0], "appears twice"));
    }
    Ok(all)
}

/// Checks beyond the JSON shape: ids are slugs, regions and sectors exist, windows are ordered.
pub fn check_program(p: &Program) -> Result<()> {
    let slug_ok = !p.id.is_empty()
        && p.id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !p.id.starts_with('-');
    if !slug_ok {
        return Err(Error::invalid("id", &p.id, "an id is a slug of a-z, 0-9 and '-'"));
    }
    if p.name.ko.trim().is_empty() || p.name.en.trim().is_empty() {
        return Err(Error::invalid("name", &p.id, "needs a Korean and an English name"));
    }
    if p.kinds.is_empty() {
        return Err(Error::invalid("kinds", "[]", "at least one kind"));
    }
    let cited = [&p.source.file, &p.source.url].into_iter().flatten().any(|s| !s.trim().is_empty());
    if !cited {
        return Err(Error::invalid("source", "", "say where the program's rules come from: a document or a URL"));
    }
    if let (Some(o), Some(c)) = (p.window.opens_on, p.window.closes_on) {
        if c < o {
            return Err(Error::invalid("window.closes_on", c, format!("is before opens_on {o}")));
        }
    }
    for b in &p.benefits {
        for share in [b.copay_share, b.covered_share].into_iter().flatten() {
            if !(0.0..=1.0).contains(&share) {
                return Err(Error::invalid("benefits", share, "a share is between 0 and 1"));
            }
        }
    }
    for (i, step) in p.steps.iter().enumerate() {
        step.validate(&format!("steps[{i}]"))?;
    }
    for (i, c) in p.criteria.iter().enumerate() {
        let path = format!("criteria[{i}]");
        if matches!(c, Criterion::Declared { .. }) {
            return Err(Error::invalid(
                path,
                c.type_name(),
                "a declared alternative belongs inside any_of; a lone declaration goes in to_confirm",
            ));
        }
        if matches!(c, Criterion::AllOf { .. }) {
            return Err(Error::invalid(
                path,
                c.type_name(),
                "a program's criteria must all hold already: all_of belongs inside any_of, as one alternative",
            ));
        }
        check_criterion(&path, c)?;
    }
    Ok(())
}

/// A criterion's own rules. Errors name the criterion by its place: `criteria[2].max`.
fn check_criterion(path: &str, c: &Criterion) -> Result<()> {
    let field = |name: &str| format!("{path}.{name}");
    let range = |lo: Option<u32>, hi: Option<u32>, lo_name: &str, hi_name: &str, inclusive: bool| -> Result<()> {
        match (lo, hi) {
            (None, None) => Err(Error::invalid(path, "{}", format!("give {lo_name} or {hi_name}"))),
            (Some(l), Some(h)) if h < l || (!inclusive && h == l) => {
                Err(Error::invalid(field(hi_name), h, format!("must be above {lo_name} {l}")))
            }
            _ => Ok(()),
        }
    };
    match c {
        Criterion::Location { city, districts } => {
            if region::canonical_city(city) != Some(city.as_str()) {
                return Err(Error::invalid(field("city"), city, "use the canonical Korean name, e.g. 서울특별시"));
            }
            for d in districts {
                if city == region::SEOUL && region::canonical_seoul_district(d) != Some(d.as_str()) {
                    return Err(Error::invalid(field("districts"), d, "use the canonical Korean name, e.g. 광진구"));
                }
            }
        }
        Criterion::Sector { include, exclude } => {
            if include.is_empty() && exclude.is_empty() {
                return Err(Error::invalid(path, "sector", "name sectors to include or exclude"));
            }
            for pat in include.iter().chain(exclude) {
                let ok = if pat.chars().all(|c| c.is_ascii_uppercase()) {
                    Ksic::get().section(pat).is_some()
                } else {
                    Ksic::get().validate(pat).is_ok()
                };
                if !ok {
                    return Err(Error::invalid(field("sector"), pat, "not a KSIC section letter or code"));
                }
            }
        }
        Criterion::Headcount { min, max_exclusive } => range(*min, *max_exclusive, "min", "max_exclusive", false)?,
        Criterion::OwnerAge { min, max } => range(*min, *max, "min", "max", true)?,
        Criterion::BusinessAge { min_years, max_years_exclusive } => {
            range(*min_years, *max_years_exclusive, "min_years", "max_years_exclusive", false)?
        }
        Criterion::AnnualSales { max_krw: 0 } => {
            return Err(Error::invalid(field("max_krw"), 0, "a sales ceiling above 0 won"));
        }
        Criterion::NewHire { from, to, .. } if to < from => {
            return Err(Error::invalid(field("to"), to, format!("is before from {from}")));
        }
        Criterion::FactoryIn { districts } => {
            if districts.is_empty() {
                return Err(Error::invalid(field("districts"), "[]", "name at least one district"));
            }
            if let Some(d) = districts.iter().find(|d| region::canonical_seoul_district(d) != Some(d.as_str())) {
                return Err(Error::invalid(field("districts"), d, "use the canonical Korean name, e.g. 성동구"));
            }
        }
        Criterion::AllOf { criteria } => {
            if criteria.len() < 2 {
                return Err(Error::invalid(field("criteria"), criteria.len(), "needs at least two conditions"));
            }
            for (i, c) in criteria.iter().enumerate() {
                check_criterion(&format!("{path}.criteria[{i}]"), c)?;
            }
        }
        Criterion::AnyOf { criteria } => {
            if criteria.len() < 2 {
                return Err(Error::invalid(field("criteria"), criteria.len(), "needs at least two alternatives"));
            }
            if criteria.iter().all(|c| matches!(c, Criterion::Declared { .. })) {
                return Err(Error::invalid(path, "declared", "an any_of of declarations only belongs in to_confirm"));
            }
            for (i, c) in criteria.iter().enumerate() {
                check_criterion(&format!("{path}.criteria[{i}]"), c)?;
            }
        }
        Criterion::FromNotice { words, criterion } => {
            if words.trim().is_empty() {
                return Err(Error::invalid(field("words"), "", "quote the notice words the criterion was read from"));
            }
            if matches!(**criterion, Criterion::FromNotice { .. } | Criterion::Declared { .. }) {
                return Err(Error::invalid(field("criterion"), criterion.type_name(), "quote a checkable criterion"));
            }
            check_criterion(&field("criterion"), criterion)?;
        }
        Criterion::Stage { any_of } if any_of.is_empty() => {
            return Err(Error::invalid(field("any_of"), "[]", "name at least one stage"));
        }
        Criterion::Declared { text } | Criterion::Unstructured { text } if text.ko.trim().is_empty() => {
            return Err(Error::invalid(field("text.ko"), "", "say what must hold, in Korean at least"));
        }
        _ => {}
    }
    Ok(())
}

/// One saved version of a program.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ProgramVersion {
    pub version: u32,
    /// `bundled`, `import`, `import-update`, `create`, `edit`, `retire`, `restore`.
    pub reason: String,
    pub saved_at: NaiveDateTime,
    pub program: Program,
    /// What changed from the version before (empty for the first).
    pub changes: Vec<crate::history::FieldChange>,
}

/// Where a program in the store comes from and what staff may change in it.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ProgramMeta {
    /// `bundled`, `bizinfo`, `onestop` (a catalogue file) or `staff`.
    pub origin: String,
    /// When it was last fetched or imported.
    pub fetched_at: Option<String>,
    /// Imported from a feed or file: only criteria (and retirement) are edited here, the rest
    /// comes from the source and a re-import would bring it back.
    pub source_locked: bool,
    /// Staff replaced the criteria; they survive re-imports.
    pub staff_criteria: bool,
    pub versions: u32,
}

/// A program whose window closes soon.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ClosingSoon {
    pub program_id: String,
    pub name: crate::text::L10n,
    pub closes_on: NaiveDate,
    /// Days until it closes: 0 on the last day ("D-day").
    pub days_left: i32,
}

/// Filters for listing programs.
#[derive(Clone, Debug, Default, serde::Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(default)]
pub struct ProgramFilter {
    pub kind: Option<Kind>,
    pub stage: Option<Stage>,
    pub provider: Option<String>,
    /// Only programs whose window is open on this date.
    pub open_on: Option<NaiveDate>,
    pub include_retired: bool,
    /// Only programs from this source: `bundled`, `bizinfo`, `kstartup`, `staff`, `onestop`
    /// (the center's published catalogue). The store keeps a program's origin beside it.
    pub origin: Option<String>,
}

impl ProgramFilter {
    /// Whether the filter lets `p` through; `origin` is where the store says it comes from.
    pub fn keeps(&self, p: &Program, origin: Option<&str>) -> bool {
        (self.include_retired || !p.retired)
            && self.origin.as_deref().is_none_or(|o| origin == Some(o))
            && self.kind.is_none_or(|k| p.kinds.contains(&k))
            && self.stage.is_none_or(|s| p.stages.contains(&s))
            && self.provider.as_deref().is_none_or(|q| {
                let q = q.to_lowercase();
                std::iter::once(&p.provider)
                    .chain(&p.partners)
                    .any(|o| o.ko.contains(&q) || o.en.to_lowercase().contains(&q))
            })
            && self.open_on.is_none_or(|d| p.window.status(d) == crate::program::WindowStatus::Open)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn every_catalogue_file_is_bundled() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../assets/catalogue");
        let mut on_disk: Vec<String> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".json"))
            .collect();
        on_disk.sort();
        let bundled: Vec<String> = BUNDLED.iter().map(|(n, _)| n.to_string()).collect();
        assert_eq!(on_disk, bundled);
    }

    #[test]
    fn bundled_catalogue_is_valid_and_loses_no_key() {
        let programs = bundled().unwrap();
        assert!(programs.len() >= 14);
        // Round-trip: every key in the files survives parsing (catches misspelt keys that a
        // default would otherwise swallow).
        for (name, text) in BUNDLED {
            let original: Value = serde_json::from_str(text).unwrap();
            let parsed = parse_file(name, text).unwrap();
            let again = serde_json::to_value(&parsed).unwrap();
            assert_subset(&original, &again, name);
        }
    }

    fn assert_subset(a: &Value, b: &Value, path: &str) {
        match (a, b) {
            (Value::Object(x), Value::Object(y)) => {
                for (k, v) in x {
                    let w = y.get(k).unwrap_or_else(|| panic!("{path}.{k} is dropped by parsing"));
                    assert_subset(v, w, &format!("{path}.{k}"));
                }
            }
            (Value::Array(x), Value::Array(y)) => {
                assert_eq!(x.len(), y.len(), "{path}");
                for (i, (v, w)) in x.iter().zip(y).enumerate() {
                    assert_subset(v, w, &format!("{path}[{i}]"));
                }
            }
            _ => {}
        }
    }

    #[test]
    fn bad_catalogue_entries_are_named() {
        let e = parse_file(
            "x.json",
            r#"[{"id":"a","name":{"ko":"가","en":"A"},"kinds":["loan"],"provider":{"ko":"가","en":"A"},
            "summary":{"ko":"","en":""},"window":{},"source":{"file":"x.txt","dated":"2023"},
            "criteria":[{"type":"location","city":"Seoul"}]}]"#,
        )
        .unwrap_err()
        .to_string();
        assert!(e.contains("x.json: a.criteria[0].city") && e.contains("Seoul"), "{e}");
        let e = parse_file("x.json", r#"[{"id":"a","colour":"red"}]"#).unwrap_err().to_string();
        assert!(e.contains("x.json[0] (a)"), "{e}");
        let e = parse_file("x.json", "[{").unwrap_err().to_string();
        assert!(e.contains("malformed JSON"), "{e}");
    }
}
