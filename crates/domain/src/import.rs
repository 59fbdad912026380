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
