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

    /// The text in `lang`; English with none of its own falls back to the Korean.
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Ko => &self.ko,
            Lang::En if self.en.trim().is_empty() => &self.ko,
            Lang::En => &self.en,
        }
    }

    /// Whether the English is a text of its own: not empty, and not the Korean copied over (the
    /// national feeds publish Korean only, and their importers fill both sides with it). The
    /// English screens mark a text without it as Korean only.
    pub fn has_english(&self) -> bool {
        let copied = self.en == self.ko && has_hangul(&self.ko);
        !self.en.trim().is_empty() && !copied
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

/// Days left as Korean counters write them: "D-3", "D-day", "D+2" (overdue).
pub fn dday(days_left: i64) -> String {
    match days_left {
        0 => "D-day".into(),
        d if d > 0 => format!("D-{d}"),
        d => format!("D+{}", -d),
    }
}

/// Whether `text` holds a Hangul syllable or letter.
pub fn has_hangul(text: &str) -> bool {
    text.chars().any(|c| matches!(c, '\u{AC00}'..='\u{D7A3}' | '\u{1100}'..='\u{11FF}' | '\u{3130}'..='\u{318F}'))
}

#[cfg(test)]
mod english_tests {
    use super::*;

    #[test]
    fn a_korean_title_copied_into_the_english_side_is_not_english() {
        let imported = L10n::new("2026년 소상공인 온라인 판로 지원사업", "2026년 소상공인 온라인 판로 지원사업");
        assert!(!imported.has_english());
        assert_eq!(imported.get(Lang::En), imported.ko);
        let empty = L10n::new("경영 컨설팅", " ");
        assert!(!empty.has_english());
        assert_eq!(empty.get(Lang::En), "경영 컨설팅", "no English falls back to the Korean");
        assert!(L10n::new("경영 컨설팅", "Management consulting").has_english());
        // A name that is the same in both languages and has no Hangul is English too.
        assert!(L10n::new("K-Startup", "K-Startup").has_english());
        assert!(has_hangul("ㄱ") && has_hangul("서울") && !has_hangul("Seoul 2023"));
    }
}
