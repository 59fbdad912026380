//! Full-text search over programs, merchants and consultation notes, Korean first: the index is
//! the store's (`onestop_store::search`); searching as staff logs what was shown.

pub use onestop_domain::search::{grams, SearchHit, KINDS};

use crate::journal::Event;
use crate::{Result, Store};

impl Store {
    /// Full-text search over programs, merchants and consultation notes (Korean included): every
    /// term must appear (as a substring) in the record. Up to `limit` hits, shared among the kinds
    /// (or of one `kind`), each kind newest first; programs, then merchants, then consultations.
    /// Hits of merchants or consultations are logged as one line with their counts.
    pub fn search(&self, query: &str, kind: Option<&str>, limit: usize) -> Result<Vec<SearchHit>> {
        let hits = onestop_store::search::hits(self.connection(), query, kind, limit)?;
        // Merchant and consultation hits show personal text (names, phones, notes): one line.
        let count = |k: &str| hits.iter().filter(|h| h.kind == k).count();
        let (merchants, consultations) = (count("merchant"), count("consultation"));
        if merchants + consultations > 0 {
            let detail = format!("search: {merchants} merchant(s), {consultations} consultation(s)");
            self.record(Event::Viewed { kind: "search", id: "*", detail: &detail })?;
        }
        Ok(hits)
    }
}
