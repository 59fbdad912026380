//! Text shown to people, always in Korean (the default) and English.

use serde::{Deserialize, Serialize};

/// A piece of text in both of the app's languages.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct L10n {
    pub ko: String,
    pub en: String,
}

impl L10n {
    pub fn new(ko: impl Into<String>, en: impl Into<String>) -> Self {
        L10n { ko: ko.into(), en: en.into() }
    }

    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Ko => &self.ko,
            Lang::En => &self.en,
        }
    }
}

/// The display language. Korean is the default.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    Ko,
    En,
}

impl std::str::FromStr for Lang {
    type Err = crate::Error;
    fn from_str(s: &str) -> crate::Result<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "ko" | "kr" | "korean" | "한국어" => Ok(Lang::Ko),
            "en" | "english" | "영어" => Ok(Lang::En),
            _ => Err(crate::Error::invalid("lang", s, "expected ko or en")),
        }
    }
}
