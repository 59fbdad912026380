//! What an import of a feed or catalogue file did.

use serde::Serialize;

/// What an import did.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ImportSummary {
    pub imported: u32,
    pub updated: u32,
    pub unchanged: u32,
    pub rejected: u32,
    pub rejections: Vec<crate::bizinfo::Rejection>,
}

/// How far a long import has come, for a progress bar.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "phase", rename_all = "snake_case")]
pub enum Progress {
    /// Page `page` fetched; `pages` once the feed said how many notices there are.
    Fetched { page: u32, pages: Option<u32>, notices: u32 },
    /// The server refused or failed; waiting before attempt `attempt` of `attempts`.
    Retrying {
        page: u32,
        attempt: u32,
        attempts: u32,
        #[cfg_attr(feature = "ts", ts(type = "number"))]
        wait_ms: u64,
        reason: String,
        /// The reason in Korean.
        reason_ko: String,
    },
    /// Writing to the catalogue: `done` of `total` notices.
    Importing { done: u32, total: u32 },
}

/// A title as compared across feeds: letters and digits only (Hangul included), lower case; spaces,
/// brackets and punctuation dropped.
pub fn normalised_title(title: &str) -> String {
    title.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}

/// The days a window may be open, as far as it says: from its opening (or always) to its closing
/// (or the end of its year, or for ever).
fn span(w: &crate::program::Window) -> (chrono::NaiveDate, chrono::NaiveDate) {
    let end = w.closes_on.or_else(|| w.budget_year.and_then(|y| chrono::NaiveDate::from_ymd_opt(y, 12, 31)));
    (w.opens_on.unwrap_or(chrono::NaiveDate::MIN), end.unwrap_or(chrono::NaiveDate::MAX))
}

/// Whether two programs from different feeds are one announcement: the same title once
/// normalised, and windows that share a day.
pub fn same_announcement(a: &crate::program::Program, b: &crate::program::Program) -> bool {
    let (ta, tb) = (normalised_title(&a.name.ko), normalised_title(&b.name.ko));
    if ta.is_empty() || ta != tb {
        return false;
    }
    let ((a0, a1), (b0, b1)) = (span(&a.window), span(&b.window));
    a0 <= b1 && b0 <= a1
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::program::{Program, Window};
    use chrono::NaiveDate;

    fn program(title: &str, opens: Option<&str>, closes: Option<&str>) -> Program {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        let mut p: Program = serde_json::from_value(serde_json::json!({
            "id": "x", "name": {"ko": title, "en": title}, "kinds": ["grant"],
            "provider": {"ko": "기관", "en": "agency"}, "summary": {"ko": "", "en": ""},
            "window": {}, "source": {"url": "https://example.org", "dated": ""}
        }))
        .unwrap();
        p.window = Window { opens_on: opens.map(d), closes_on: closes.map(d), ..Default::default() };
        p
    }

    #[test]
    fn one_announcement_in_two_feeds() {
        let a = program("[2026년] 창업도약패키지 (일반형) 모집 공고", Some("2026-03-01"), Some("2026-03-31"));
        let b = program("2026년 창업도약패키지(일반형) 모집공고", Some("2026-03-10"), Some("2026-04-10"));
        assert_eq!(normalised_title(&a.name.ko), "2026년창업도약패키지일반형모집공고");
        assert!(same_announcement(&a, &b));
        // Near misses: another year's window, another title.
        let later = program("2026년 창업도약패키지(일반형) 모집공고", Some("2026-09-01"), Some("2026-09-30"));
        assert!(!same_announcement(&a, &later));
        let other = program("2026년 창업도약패키지(대기업협업형) 모집공고", Some("2026-03-10"), Some("2026-04-10"));
        assert!(!same_announcement(&a, &other));
        // A window that does not say when it opens still overlaps.
        let open_ended = program("2026년 창업도약패키지 일반형 모집공고", None, Some("2026-03-05"));
        assert!(same_announcement(&a, &open_ended));
        assert!(!same_announcement(&program("", None, None), &program("[]", None, None)), "no title is no match");
    }
}
