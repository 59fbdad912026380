//! Reading eligibility criteria from a notice's own words (title tags, target, hashtags, summary,
//! target and exclusion prose), for every feed. Each criterion read keeps the exact words it came
//! from (`Criterion::FromNotice`); what cannot be read is left out here and stays an
//! `unstructured` criterion with its words in the importer, never a guess.

use crate::program::Criterion;
use crate::stage::Stage;

/// The text fields of one notice, as plain text (HTML already stripped).
#[derive(Clone, Copy, Debug, Default)]
pub struct NoticeText<'a> {
    pub title: &'a str,
    /// A category of target (Bizinfo `trgetNm`: 중소기업, 소상공인, 창업벤처, …).
    pub target: Option<&'a str>,
    /// Comma-separated tags (Bizinfo `hashtags`).
    pub hashtags: Option<&'a str>,
    /// The notice's summary or body.
    pub summary: &'a str,
    /// Who may apply, in prose (K-Startup `aply_trgt_ctnt`).
    pub target_text: Option<&'a str>,
    /// Who may not apply, in prose (K-Startup `aply_excl_trgt_ctnt`).
    pub exclusions: Option<&'a str>,
}

/// What was read from a notice.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Reading {
    /// Criteria, each a `FromNotice` with its words (or `any_of` over them).
    pub criteria: Vec<Criterion>,
    /// Stages the notice serves, when its words say.
    pub stages: Vec<Stage>,
    /// Whether the target words were read in full: when false, the importer keeps the target as
    /// an `unstructured` criterion beside what was read.
    pub target_read: bool,
}

/// Read a notice's criteria.
pub fn read(_notice: &NoticeText<'_>) -> Reading {
    Reading::default()
}
