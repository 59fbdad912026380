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
    },
    /// Writing to the catalogue: `done` of `total` notices.
    Importing { done: u32, total: u32 },
}
