//! The center's partners: the institutions it refers merchants to and takes referrals from
//! (seed 003: the district, the chamber of commerce, the Seoul Credit Guarantee Foundation and
//! SEMAS, joined for "work linkage among practitioners"). Managers keep the directory; it
//! travels with the published catalogue. What the source does not say (a phone number, opening
//! hours) is left empty, not guessed.

use serde::{Deserialize, Serialize};

use crate::program::Kind;
use crate::text::L10n;
use crate::{Error, Result};

/// The bundled directory, from the seeds.
pub const BUNDLED: &str = include_str!("../../../assets/partners.json");

/// One partner institution (a branch of one counts as its own partner).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(optional_fields))]
#[serde(deny_unknown_fields)]
pub struct Partner {
    /// Stable slug, e.g. `seoul-credit-guarantee-foundation`.
    pub id: String,
    pub name: L10n,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub branch: Option<L10n>,
    /// Phone or e-mail of the desk the center deals with.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hours: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    /// The kinds of program they handle.
    #[serde(default)]
    pub kinds: Vec<Kind>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<L10n>,
    /// Where the entry comes from (a seed file, an agreement), when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// No longer referred to; kept for the referrals that name it.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub retired: bool,
}

impl Partner {
    /// Check an entry; errors name the field.
    pub fn validate(&self) -> Result<()> {
        let slug_ok = !self.id.is_empty()
            && self.id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
            && !self.id.starts_with('-');
        if !slug_ok {
            return Err(Error::invalid("id", &self.id, "an id is a slug of a-z, 0-9 and '-'"));
        }
        if self.name.ko.trim().is_empty() {
            return Err(Error::invalid("name.ko", "", "the institution's Korean name is required"));
        }
        Ok(())
    }

    /// The name with its branch, as a slip or a list shows it.
    pub fn full_name(&self, lang: crate::text::Lang) -> String {
        match &self.branch {
            Some(b) => format!("{} {}", self.name.get(lang), b.get(lang)),
            None => self.name.get(lang).to_string(),
        }
    }
}

/// The bundled directory, checked.
pub fn bundled() -> Result<Vec<Partner>> {
    let all: Vec<Partner> = serde_json::from_str(BUNDLED)
        .map_err(|e| Error::invalid("assets/partners.json", format!("line {}", e.line()), e.to_string()))?;
    for p in &all {
        p.validate().map_err(|e| e.within(format!("partners: {}", p.id)))?;
    }
    Ok(all)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn the_bundled_directory_holds_the_four_parties_of_seed_003_and_guesses_no_contact() {
        let all = bundled().unwrap();
        for id in ["gwangjin-gu-office", "gwangjin-chamber-of-commerce", "seoul-credit-guarantee-foundation", "semas"] {
            let p = all.iter().find(|p| p.id == id).unwrap_or_else(|| panic!("{id}"));
            assert_eq!(p.source.as_deref(), Some("003_7d6cf872d2ab8735.txt"));
        }
        assert!(all.iter().all(|p| p.contact.is_none() && p.hours.is_none()), "the seeds give no phone or hours");
        let woori = all.iter().find(|p| p.id == "woori-bank-jongno-gu-office").unwrap();
        assert_eq!(woori.full_name(crate::text::Lang::Ko), "우리은행 종로구청지점");
        let bad = Partner { id: "Bad Id".into(), ..woori.clone() };
        assert!(matches!(bad.validate(), Err(Error::Invalid { field, .. }) if field == "id"));
    }
}
