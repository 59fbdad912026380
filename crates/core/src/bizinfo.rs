//! Importing Bizinfo (기업마당) notices into the store; the format itself (parsing, window
//! text, mapping to programs) is the domain's [`onestop_domain::bizinfo`].

pub use onestop_domain::bizinfo::*;
use serde_json::Value;

use crate::Result;

/// Import a whole response body: bad records are reported and skipped, the rest are written in
/// one transaction. A body that does not parse (truncated, malformed) writes nothing.
pub fn import_body(store: &mut crate::Store, body: &str) -> Result<crate::store::ImportSummary> {
    import_items(store, &parse_body(body)?, &mut |_| {})
}

/// Import parsed notices, reporting progress as they are written.
pub fn import_items(
    store: &mut crate::Store,
    items: &[Value],
    progress: &mut dyn FnMut(onestop_domain::import::Progress),
) -> Result<crate::store::ImportSummary> {
    let (programs, rejections) = crate::convert::programs(items, to_program);
    store.import_programs_with_progress(&programs, "bizinfo", rejections, progress)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn a_notice_without_a_link_is_rejected_not_fatal() {
        // It cites no source, so the store refused it and, with it, the whole import.
        let item = serde_json::json!({"pblancId": "PBLN_1", "pblancNm": "모집 공고"});
        let linked =
            serde_json::json!({"pblancId": "PBLN_2", "pblancNm": "모집 공고", "pblancUrl": "https://bizinfo.go.kr/x"});
        let mut store = crate::Store::open_in_memory().unwrap();
        let s = import_body(&mut store, &serde_json::json!({"jsonArray": [item, linked]}).to_string()).unwrap();
        assert_eq!((s.imported, s.rejected), (1, 1));
    }
}
