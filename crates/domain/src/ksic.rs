//! The KSIC (Korean Standard Industrial Classification) table: sections (A–U), divisions
//! (two digits) and a curated set of detailed classes, bundled from `assets/ksic/ksic.json`.

use std::collections::HashMap;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::{Error, Result};

const KSIC_JSON: &str = include_str!("../../../assets/ksic/ksic.json");

#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct Section {
    pub code: String,
    pub ko: String,
    pub en: String,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct Division {
    pub code: String,
    pub section: String,
    pub ko: String,
    pub en: String,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct Class {
    pub code: String,
    pub ko: String,
    pub en: String,
}

#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
struct Raw {
    revision: String,
    sections: Vec<Section>,
    divisions: Vec<Division>,
    classes: Vec<Class>,
}

/// The loaded table with lookups by code.
#[derive(Debug)]
pub struct Ksic {
    pub revision: String,
    pub sections: Vec<Section>,
    pub divisions: Vec<Division>,
    pub classes: Vec<Class>,
    division_index: HashMap<String, usize>,
    class_index: HashMap<String, usize>,
}

/// One entry of a KSIC search, for the sector picker.
#[derive(Clone, Debug, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct KsicEntry {
    pub code: String,
    pub section: String,
    pub ko: String,
    pub en: String,
}

/// Sections whose small businesses may have up to 9 full-time workers (mining, manufacturing,
/// construction, transport); elsewhere the limit is 4. (소상공인기본법 시행령 제2조)
pub const TEN_WORKER_SECTIONS: &[&str] = &["B", "C", "F", "H"];

impl Ksic {
    /// The bundled table, parsed once.
    pub fn get() -> &'static Ksic {
        static TABLE: OnceLock<Ksic> = OnceLock::new();
        TABLE.get_or_init(|| Ksic::parse(KSIC_JSON).expect("bundled KSIC table is valid (checked by tests)"))
    }

    fn parse(json: &str) -> Result<Ksic> {
        let raw: Raw = serde_json::from_str(json).map_err(|e| Error::invalid("ksic.json", "", e.to_string()))?;
        let division_index = raw.divisions.iter().enumerate().map(|(i, d)| (d.code.clone(), i)).collect();
        let class_index = raw.classes.iter().enumerate().map(|(i, c)| (c.code.clone(), i)).collect();
        let t = Ksic {
            revision: raw.revision,
            sections: raw.sections,
            divisions: raw.divisions,
            classes: raw.classes,
            division_index,
            class_index,
        };
        for d in &t.divisions {
            if !t.sections.iter().any(|s| s.code == d.section) {
                return Err(Error::invalid(
                    format!("ksic.json: division {}", d.code),
                    &d.section,
                    "names an unknown section",
                ));
            }
        }
        for c in &t.classes {
            if c.code.len() < 3 || t.division(&c.code[..2]).is_none() {
                return Err(Error::invalid("ksic.json: class", &c.code, "has no division"));
            }
        }
        Ok(t)
    }

    pub fn division(&self, code: &str) -> Option<&Division> {
        self.division_index.get(code.get(..2)?).map(|&i| &self.divisions[i])
    }

    pub fn section(&self, letter: &str) -> Option<&Section> {
        self.sections.iter().find(|s| s.code == letter)
    }

    /// The section letter a code of 2–5 digits belongs to.
    pub fn section_of(&self, code: &str) -> Option<&str> {
        self.division(code).map(|d| d.section.as_str())
    }

    /// Validate a code as entered on a profile: 2 to 5 ASCII digits whose division exists.
    pub fn validate(&self, input: &str) -> Result<String> {
        let code = input.trim();
        if !(2..=5).contains(&code.len()) || !code.chars().all(|c| c.is_ascii_digit()) {
            return Err(Error::invalid("ksic_code", input, "a KSIC code is 2 to 5 digits (e.g. 56221)"));
        }
        if self.division(code).is_none() {
            return Err(Error::invalid("ksic_code", input, format!("no KSIC division {} exists", &code[..2])));
        }
        Ok(code.to_string())
    }

    /// The most specific name the table has for a code: its class, else its division.
    pub fn name(&self, code: &str) -> Option<(String, String)> {
        (3..=code.len())
            .rev()
            .find_map(|n| {
                self.class_index.get(&code[..n]).map(|&i| (self.classes[i].ko.clone(), self.classes[i].en.clone()))
            })
            .or_else(|| self.division(code).map(|d| (d.ko.clone(), d.en.clone())))
    }

    /// Search divisions and classes by code prefix or by words in Korean or English.
    pub fn search(&self, query: &str, limit: usize) -> Vec<KsicEntry> {
        let q = query.trim().to_lowercase();
        let divisions = self.divisions.iter().map(|d| (&d.code, &d.ko, &d.en));
        let classes = self.classes.iter().map(|c| (&c.code, &c.ko, &c.en));
        divisions
            .chain(classes)
            .filter(|(code, ko, en)| {
                q.is_empty() || code.starts_with(&q) || ko.contains(&q) || en.to_lowercase().contains(&q)
            })
            .take(limit)
            .map(|(code, ko, en)| KsicEntry {
                code: code.clone(),
                section: self.section_of(code).unwrap_or_default().to_string(),
                ko: ko.clone(),
                en: en.clone(),
            })
            .collect()
    }
}

/// Whether a sector pattern matches a code: a section letter ("K") or a digit prefix ("5621").
/// Three-valued: `None` when the code is too coarse to tell (code "56" against pattern "56211").
pub fn pattern_matches(pattern: &str, code: &str) -> Option<bool> {
    let t = Ksic::get();
    if pattern.chars().all(|c| c.is_ascii_uppercase()) {
        return Some(t.section_of(code) == Some(pattern));
    }
    if code.starts_with(pattern) {
        Some(true)
    } else if pattern.starts_with(code) {
        None
    } else {
        Some(false)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn bundled_table_loads() {
        let t = Ksic::get();
        assert_eq!(t.sections.len(), 21);
        assert!(t.divisions.len() >= 70);
        assert_eq!(t.section_of("56221"), Some("I"));
        assert_eq!(t.section_of("10"), Some("C"));
        assert_eq!(t.section_of("64"), Some("K"));
    }

    #[test]
    fn validation_names_field_and_value() {
        let t = Ksic::get();
        assert_eq!(t.validate("56221").unwrap(), "56221");
        let e = t.validate("40111").unwrap_err().to_string();
        assert!(e.contains("ksic_code") && e.contains("40111"), "{e}");
        assert!(t.validate("5").is_err());
        assert!(t.validate("562211").is_err());
        assert!(t.validate("56a").is_err());
    }

    #[test]
    fn patterns_are_three_valued() {
        assert_eq!(pattern_matches("K", "64110"), Some(true));
        assert_eq!(pattern_matches("K", "56221"), Some(false));
        assert_eq!(pattern_matches("5621", "56211"), Some(true));
        assert_eq!(pattern_matches("56211", "562"), None);
        assert_eq!(pattern_matches("56211", "47"), Some(false));
    }

    #[test]
    fn search_in_korean() {
        let hits = Ksic::get().search("음식점", 50);
        assert!(hits.iter().any(|h| h.code == "56"), "{hits:?}");
    }
}
