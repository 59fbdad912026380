//! Importing K-Startup (창업진흥원) announcements into the store; the format itself (parsing,
//! mapping to programs with criteria read from its structured fields) is the domain's
//! [`onestop_domain::kstartup`]. An announcement also published on Bizinfo joins that program as a
//! second source instead of becoming a second program (see `Store::import_programs`).

pub use onestop_domain::kstartup::*;
use serde_json::Value;

use crate::Result;

/// Import a whole response body: bad records are reported and skipped, the rest are written in
/// one transaction. A body that does not parse (truncated, malformed, no `data`) writes nothing.
pub fn import_body(store: &mut crate::Store, body: &str) -> Result<crate::store::ImportSummary> {
    import_items(store, &parse_body(body)?, &mut |_| {})
}

/// Import parsed announcements, reporting progress as they are written.
pub fn import_items(
    store: &mut crate::Store,
    items: &[Value],
    progress: &mut dyn FnMut(onestop_domain::import::Progress),
) -> Result<crate::store::ImportSummary> {
    let (programs, rejections) = crate::convert::programs(items, to_program);
    store.import_programs_with_progress(&programs, SYSTEM, rejections, progress)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn an_announcement_without_a_link_is_rejected_not_fatal() {
        let item = serde_json::json!({"pbanc_sn": "1", "biz_pbanc_nm": "모집 공고"});
        let linked = serde_json::json!({"pbanc_sn": "2", "biz_pbanc_nm": "모집 공고", "detl_pg_url": "https://www.k-startup.go.kr/x"});
        let mut store = crate::Store::open_in_memory().unwrap();
        let s =
            import_body(&mut store, &serde_json::json!({"data": [item, linked], "totalCount": 2}).to_string()).unwrap();
        assert_eq!((s.imported, s.rejected), (1, 1));
        assert_eq!(s.rejections[0].id, "1");
    }
}
