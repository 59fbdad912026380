//! Print every criterion read from the shared sample notices, one per line (feed, notice, rule,
//! words, criterion), for judging the reading by hand: `cargo run -p onestop-domain --example
//! extract_sample`.
#![allow(clippy::unwrap_used)]

use onestop_domain::bizinfo::{html_to_text, parse_body};
use onestop_domain::extract::{read, NoticeText};
use onestop_domain::program::Criterion;

fn flat(c: &Criterion, out: &mut Vec<(String, String)>) {
    match c {
        Criterion::FromNotice { words, criterion } => {
            let inner = match criterion.as_ref() {
                Criterion::AnyOf { criteria } => {
                    let mut parts = Vec::new();
                    for c in criteria {
                        let mut sub = Vec::new();
                        flat(c, &mut sub);
                        parts.extend(sub.into_iter().map(|(_, j)| j));
                        if !matches!(c, Criterion::FromNotice { .. }) {
                            parts.push(serde_json::to_string(c).unwrap());
                        }
                    }
                    format!("any_of[{}]", parts.join(" | "))
                }
                other => serde_json::to_string(other).unwrap(),
            };
            out.push((words.clone(), inner));
        }
        Criterion::AnyOf { criteria } => {
            let mut parts = Vec::new();
            for c in criteria {
                let mut sub = Vec::new();
                flat(c, &mut sub);
                parts.extend(sub.into_iter().map(|(w, j)| format!("{j} «{w}»")));
            }
            out.push((String::new(), format!("any_of[{}]", parts.join(" | "))));
        }
        _ => {}
    }
}

fn main() {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data/");
    let body = std::fs::read_to_string(format!("{root}bizinfo-api-dev-180.json")).unwrap();
    for (i, item) in parse_body(&body).unwrap().iter().enumerate() {
        let summary = html_to_text(item["bsnsSumryCn"].as_str().unwrap_or("")).unwrap();
        let r = read(&NoticeText {
            title: item["pblancNm"].as_str().unwrap_or(""),
            target: item["trgetNm"].as_str(),
            hashtags: item["hashtags"].as_str(),
            summary: &summary,
            ..Default::default()
        });
        let mut out = Vec::new();
        r.criteria.iter().for_each(|c| flat(c, &mut out));
        for (w, j) in out {
            println!("bizinfo\t{i}\t{j}\t«{w}»");
        }
    }
    let body = std::fs::read_to_string(format!("{root}kstartup-api-sample.json")).unwrap();
    let v: serde_json::Value = serde_json::from_str(&body).unwrap();
    for (i, item) in v["data"].as_array().unwrap().iter().enumerate() {
        let text = |k: &str| item[k].as_str().map(|s| html_escape::decode_html_entities(s).into_owned());
        let (title, summary, target, excl) = (
            text("biz_pbanc_nm").unwrap_or_default(),
            text("pbanc_ctnt").unwrap_or_default(),
            text("aply_trgt_ctnt"),
            text("aply_excl_trgt_ctnt"),
        );
        let r = read(&NoticeText {
            title: &title,
            summary: &summary,
            target_text: target.as_deref(),
            exclusions: excl.as_deref(),
            ..Default::default()
        });
        let mut out = Vec::new();
        r.criteria.iter().for_each(|c| flat(c, &mut out));
        for (w, j) in out {
            println!("kstartup\t{i}\t{j}\t«{w}»");
        }
    }
}
