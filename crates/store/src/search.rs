//! Full-text search over programs, merchants and consultation notes, Korean first.
//!
//! Korean words are short: a two-syllable query (카페, 폐업) is common, and a word is matched
//! anywhere inside a longer one (카페 in 카페라떼). Each record's title and body are indexed as
//! the overlapping character pairs of every word ("카페라떼" → 카페 페라 라떼), one FTS5 token
//! each; a query term becomes the phrase of its own pairs, so a hit is a substring match served
//! by the index whatever the term's length. Latin letters and digits work the same way
//! (registration and phone numbers included).
//!
//! `search_docs` holds one row per record (kind, id, title, body for the snippet); its `id` is
//! the rowid in the contentless `search_grams` index. The id's high bits say the kind, so a
//! search walks each kind as a rowid range, newest first, and stops at the limit instead of
//! ranking every match (a common word matches tens of thousands of notes).
//!
//! This module reads the index; the journal (`journal::index`) is the only writer.

use rusqlite::{params, Connection};

pub use onestop_domain::search::{grams, SearchHit, KINDS};

use crate::Result;

pub(crate) const KIND_SHIFT: u32 = 40;

/// The first rowid of a kind's range (ranges never overlap: 2^40 records per kind).
pub(crate) fn kind_base(kind: &str) -> i64 {
    let n = KINDS.iter().position(|k| *k == kind).map_or(0, |i| i as i64 + 1);
    n << KIND_SHIFT
}

/// The FTS5 query for one whitespace-separated term: the phrase of its pairs. A term ending
/// in a one-character word matches that character as a prefix (카 finds 카페). None when the
/// term has no letters or digits.
fn term_query(term: &str) -> Option<String> {
    let g = grams(term);
    if g.is_empty() {
        return None;
    }
    let last_word_single =
        term.split(|c: char| !c.is_alphanumeric()).rfind(|w| !w.is_empty()).is_some_and(|w| w.chars().count() == 1);
    // Pairs are letters and digits only, so nothing in them needs quoting.
    Some(if last_word_single { format!("\"{g}\" *") } else { format!("\"{g}\"") })
}

/// The whole query: every term must match.
fn match_expression(query: &str) -> Option<String> {
    let terms: Vec<String> = query.split_whitespace().filter_map(term_query).collect();
    (!terms.is_empty()).then(|| terms.join(" AND "))
}

/// Full-text search over programs, merchants and consultation notes (Korean included): every
/// term must appear (as a substring) in the record. Up to `limit` hits, shared among the kinds
/// (or of one `kind`), each kind newest first; programs, then merchants, then consultations.
pub fn hits(conn: &Connection, query: &str, kind: Option<&str>, limit: usize) -> Result<Vec<SearchHit>> {
    let Some(expr) = match_expression(query) else { return Ok(vec![]) };
    let terms: Vec<String> = query.split_whitespace().map(str::to_lowercase).collect();
    let kinds: Vec<&str> = match kind {
        Some(k) => KINDS.iter().copied().filter(|x| *x == k).collect(),
        None => KINDS.to_vec(),
    };
    // The index finds candidates; each must then hold every term as typed (punctuation and
    // a one-character word are not in the pairs). Rows come newest first and lazily, so the
    // walk stops at the limit.
    let mut stmt = conn.prepare_cached(
        "SELECT d.kind, d.ref_id, d.title, d.body FROM search_grams g JOIN search_docs d ON d.id = g.rowid
          WHERE search_grams MATCH ?1 AND g.rowid > ?2 AND g.rowid < ?3 ORDER BY g.rowid DESC",
    )?;
    let mut per_kind: Vec<std::collections::VecDeque<SearchHit>> = Vec::new();
    for k in &kinds {
        let base = kind_base(k);
        let mut hits = std::collections::VecDeque::new();
        let mut rows = stmt.query(params![expr, base, base + (1 << KIND_SHIFT)])?;
        while hits.len() < limit {
            let Some(r) = rows.next()? else { break };
            let (title, body): (String, String) = (r.get(2)?, r.get(3)?);
            let text = format!("{title}\n{body}").to_lowercase();
            if terms.iter().all(|t| text.contains(t.as_str())) {
                hits.push_back(SearchHit { kind: r.get(0)?, id: r.get(1)?, title, snippet: snippet(&body, &terms) });
            }
        }
        per_kind.push(hits);
    }
    // Share the limit: one from each kind in turn, then shown kind by kind.
    let mut taken: Vec<Vec<SearchHit>> = vec![Vec::new(); per_kind.len()];
    let mut left = limit;
    while left > 0 && per_kind.iter().any(|q| !q.is_empty()) {
        for (i, q) in per_kind.iter_mut().enumerate() {
            if left > 0 {
                if let Some(h) = q.pop_front() {
                    taken[i].push(h);
                    left -= 1;
                }
            }
        }
    }
    Ok(taken.into_iter().flatten().collect())
}

/// Up to ~60 characters of `body` around the first term found.
fn snippet(body: &str, terms: &[String]) -> String {
    let lower = body.to_lowercase();
    let chars: Vec<char> = body.chars().collect();
    let lower_chars: Vec<char> = lower.chars().collect();
    let pos = terms.iter().find_map(|t| {
        let tc: Vec<char> = t.chars().collect();
        (lower_chars.len() == chars.len())
            .then(|| lower_chars.windows(tc.len().max(1)).position(|w| w == tc.as_slice()))
            .flatten()
    });
    let start = pos.unwrap_or(0).saturating_sub(20);
    let end = (start + 60).min(chars.len());
    let mut s: String = chars[start..end].iter().collect::<String>().split_whitespace().collect::<Vec<_>>().join(" ");
    if start > 0 {
        s.insert(0, '…');
    }
    if end < chars.len() {
        s.push('…');
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grams_are_pairs_within_words() {
        assert_eq!(grams("카페라떼 전문점"), "카페 페라 라떼 전문 문점");
        assert_eq!(grams("Seoul, 및 220-81"), "se eo ou ul 및 22 20 81");
        assert_eq!(grams(" … "), "");
    }

    #[test]
    fn queries_are_phrases_of_pairs() {
        assert_eq!(term_query("라떼").as_deref(), Some("\"라떼\""));
        assert_eq!(term_query("카페라").as_deref(), Some("\"카페 페라\""));
        assert_eq!(term_query("카").as_deref(), Some("\"카\" *"));
        assert_eq!(term_query("\"*()"), None);
        assert_eq!(match_expression("카페  폐업").as_deref(), Some("\"카페\" AND \"폐업\""));
    }
}
