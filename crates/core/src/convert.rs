//! Converting a feed's notices to programs on every core. Reading criteria from a notice's words
//! is the costly part of an import, and each notice is read on its own, so the notices are split
//! between threads; the programs and rejections come back in the feed's order.

use serde_json::Value;

use crate::Program;
use onestop_domain::bizinfo::Rejection;

/// Below this many notices a thread costs more than it saves.
const PER_THREAD_AT_LEAST: usize = 256;

/// Convert every notice with `to_program`, in order: the programs, then the rejected notices.
pub(crate) fn programs<F>(items: &[Value], to_program: F) -> (Vec<Program>, Vec<Rejection>)
where
    F: Fn(&Value, usize) -> Result<Program, Rejection> + Sync,
{
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).clamp(1, 8);
    let chunk = items.len().div_ceil(threads).max(PER_THREAD_AT_LEAST);
    let converted: Vec<Result<Program, Rejection>> = if items.len() <= chunk {
        items.iter().enumerate().map(|(i, it)| to_program(it, i)).collect()
    } else {
        std::thread::scope(|s| {
            let f = &to_program;
            let parts: Vec<_> = items
                .chunks(chunk)
                .enumerate()
                .map(|(c, part)| {
                    s.spawn(move || part.iter().enumerate().map(|(i, it)| f(it, c * chunk + i)).collect::<Vec<_>>())
                })
                .collect();
            parts
                .into_iter()
                .flat_map(|h| match h.join() {
                    Ok(v) => v,
                    // A panic while converting is a bug: carry it to the caller as it was.
                    Err(p) => std::panic::resume_unwind(p),
                })
                .collect()
        })
    };
    let mut programs = Vec::with_capacity(converted.len());
    let mut rejections = Vec::new();
    for r in converted {
        match r {
            Ok(p) => programs.push(p),
            Err(r) => rejections.push(r),
        }
    }
    (programs, rejections)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn many_notices_keep_their_order_and_their_rejections() {
        let items: Vec<Value> = (0..1000)
            .map(|i| {
                if i % 7 == 0 {
                    serde_json::json!({"pblancId": format!("PBLN_{i}"), "pblancNm": "링크 없는 공고"})
                } else {
                    serde_json::json!({"pblancId": format!("PBLN_{i}"), "pblancNm": format!("공고 {i}"),
                                       "pblancUrl": "https://www.bizinfo.go.kr/x"})
                }
            })
            .collect();
        let (programs, rejections) = programs(&items, onestop_domain::bizinfo::to_program);
        assert_eq!(rejections.len(), 143);
        assert_eq!(programs.len(), 857);
        let ids: Vec<String> = programs.iter().map(|p| p.id.clone()).collect();
        let expected: Vec<String> = (0..1000).filter(|i| i % 7 != 0).map(|i| format!("bizinfo-pbln-{i}")).collect();
        assert_eq!(ids, expected);
        assert!(rejections.windows(2).all(|w| w[0].id < w[1].id || w[0].id.len() < w[1].id.len()));
    }
}
