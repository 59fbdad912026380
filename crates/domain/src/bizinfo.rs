//! The Bizinfo (기업마당) open-API notice format: parsing a response body and mapping each notice
//! to a catalogue program. Imported notices carry no structured criteria beyond what can be read
//! (region, small-business target, startup stage); the rest stays an `unstructured` criterion
//! with the notice's own target text, so matches show `unknown` rather than a guess.

use chrono::NaiveDate;
use serde_json::Value;

use crate::extract;
use crate::program::{Attachment, Criterion, External, HowToApply, Kind, Organisation, Program, Source, Window};
use crate::region;
use crate::stage::Stage;
use crate::text::L10n;
use crate::{Error, Result};

/// A record that could not be imported, and why.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Rejection {
    pub id: String,
    pub reason: String,
}

/// Agencies that are placeholders in the feed, not organisation names.
const PLACEHOLDER_AGENCIES: &[&str] = &["기초자치단체", "광역자치단체", "직접수행", "해당없음", "-", "없음"];

/// Parse a response body: the live shape `{"jsonArray": [...]}` or the documented shape
/// `{"jsonArray": {"item": [...]}}` (a single item object is accepted too).
pub fn parse_body(body: &str) -> Result<Vec<Value>> {
    let v: Value = serde_json::from_str(body).map_err(|e| {
        let what = if e.is_eof() { "the response ends early (truncated?)" } else { "malformed JSON" };
        Error::invalid("bizinfo response", format!("line {} column {}", e.line(), e.column()), format!("{what}: {e}"))
    })?;
    let arr =
        v.get("jsonArray").ok_or_else(|| Error::invalid("bizinfo response", "", "no jsonArray in the response"))?;
    let items = match arr {
        Value::Array(a) => a.clone(),
        Value::Object(o) => match o.get("item") {
            Some(Value::Array(a)) => a.clone(),
            Some(one @ Value::Object(_)) => vec![one.clone()],
            _ => {
                return Err(Error::invalid("bizinfo response", "jsonArray", "expected a list, or an object with item"))
            }
        },
        _ => return Err(Error::invalid("bizinfo response", "jsonArray", "expected a list of notices")),
    };
    Ok(items)
}

fn text_field<'a>(item: &'a Value, key: &str) -> Option<&'a str> {
    item.get(key).and_then(Value::as_str).map(str::trim).filter(|s| !s.is_empty())
}

/// The feed's total count, for paging (`totCnt` on each item).
pub fn total_count(items: &[Value]) -> Option<u64> {
    items.first().and_then(|i| i.get("totCnt")).and_then(|v| v.as_u64().or_else(|| v.as_str()?.parse().ok()))
}

/// Strip HTML to text: block ends become line breaks, entities are decoded, blank lines folded.
/// A tag that never closes (`<p` at the end) is broken HTML.
pub fn html_to_text(html: &str) -> std::result::Result<String, String> {
    let mut out = String::new();
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        out.push_str(&rest[..start]);
        let after = &rest[start..];
        let end = after
            .find('>')
            .ok_or_else(|| format!("unclosed tag near {:?}", after.chars().take(20).collect::<String>()))?;
        let tag = after[1..end].trim().to_ascii_lowercase();
        let name: String = tag.trim_start_matches('/').chars().take_while(|c| c.is_ascii_alphanumeric()).collect();
        if matches!(name.as_str(), "br" | "p" | "div" | "li" | "tr" | "h1" | "h2" | "h3" | "h4") {
            out.push('\n');
        }
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    let decoded = html_escape::decode_html_entities(&out).replace('\u{a0}', " ");
    let lines: Vec<&str> = decoded.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
    Ok(lines.join("\n"))
}

/// Parse an application-window text: date ranges with `-` or `.` separators, "예산 소진시까지"
/// (open until the budget is exhausted), "상시 접수" (always open); any other text is kept as a
/// note with the window unknown. Text shaped like dates that are not real dates is an error.
pub fn parse_window(text: &str, published: Option<NaiveDate>) -> std::result::Result<Window, String> {
    let t = text.trim();
    let squashed: String = t.chars().filter(|c| !c.is_whitespace()).collect();
    let note = |ko: &str, en: &str| Some(L10n::new(ko, en));
    if squashed.contains("예산소진") {
        return Ok(Window {
            opens_on: published,
            until_budget_exhausted: true,
            note: note(&format!("{t} (공고일부터)"), "open from the notice's date until the budget is exhausted"),
            ..Default::default()
        });
    }
    if squashed.starts_with("상시") {
        return Ok(Window { always_open: true, note: note(t, "always open"), ..Default::default() });
    }
    if t.is_empty() {
        return Ok(Window::default());
    }
    let parts: Vec<&str> = t.split('~').map(str::trim).collect();
    let looks_like_date =
        |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit() || matches!(c, '-' | '.' | ' ' | ':'));
    if parts.len() == 2
        && parts.iter().all(|p| p.is_empty() || looks_like_date(p))
        && parts.iter().any(|p| !p.is_empty())
    {
        let opens_on = (!parts[0].is_empty()).then(|| parse_loose_date(parts[0])).transpose()?;
        let closes_on = (!parts[1].is_empty()).then(|| parse_loose_date(parts[1])).transpose()?;
        if let (Some(o), Some(c)) = (opens_on, closes_on) {
            if c < o {
                return Err(format!("window {t:?} closes before it opens"));
            }
        }
        return Ok(Window { opens_on, closes_on, ..Default::default() });
    }
    if parts.len() == 1 && looks_like_date(t) && t.chars().any(|c| c.is_ascii_digit()) {
        return Err(format!("window {t:?} is not a date range"));
    }
    Ok(Window { note: Some(L10n::new(t, format!("as the notice says: {t}"))), ..Default::default() })
}

/// "2026-10-02", "2026.10.02", "2026. 10. 2.", "20261002", with an optional time after it.
fn parse_loose_date(s: &str) -> std::result::Result<NaiveDate, String> {
    let date_part = s.split_whitespace().collect::<Vec<_>>();
    // Drop a trailing time such as "18:00".
    let joined: String = date_part.iter().filter(|p| !p.contains(':')).copied().collect::<Vec<_>>().join("");
    let nums: Vec<&str> = joined.split(['-', '.']).filter(|p| !p.is_empty()).collect();
    let (y, m, d) = match nums.as_slice() {
        [y, m, d] => (*y, *m, *d),
        [all] if all.len() == 8 => (&all[0..4], &all[4..6], &all[6..8]),
        _ => return Err(format!("date {s:?} is not year, month and day")),
    };
    let parse = |x: &str| x.parse::<u32>().map_err(|_| format!("date {s:?} has a part that is not a number"));
    let (y, m, d) = (parse(y)? as i32, parse(m)?, parse(d)?);
    NaiveDate::from_ymd_opt(y, m, d)
        .filter(|_| (1990..=2200).contains(&y))
        .ok_or_else(|| format!("date {s:?} is not a calendar date"))
}

/// Regions a notice is for: from a `[경기]`-style title prefix, else from the hashtags.
pub fn regions(title: &str, hashtags: Option<&str>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut add = |name: &str| {
        if let Some(c) = region::canonical_city(name) {
            if !out.iter().any(|x| x == c) {
                out.push(c.to_string());
            }
        }
    };
    if let Some(rest) = title.trim().strip_prefix('[') {
        if let Some(end) = rest.find(']') {
            for part in rest[..end].split(['ㆍ', '·', ',', '/', ' ']) {
                add(part);
            }
            return out;
        }
    }
    for tag in hashtags.unwrap_or_default().split(',') {
        add(tag.trim());
    }
    out
}

/// The year a title names ("2026년 …", "2026 …"; the latest when it names several, as in
/// "2025년 … (2026년 이월분)"), when it is a plausible program year.
pub fn title_year(title: &str) -> Option<i32> {
    let chars: Vec<char> = title.chars().collect();
    let mut best = None;
    for i in 0..chars.len().saturating_sub(3) {
        let digits = &chars[i..i + 4];
        if !digits.iter().all(char::is_ascii_digit) || (i > 0 && chars[i - 1].is_ascii_digit()) {
            continue;
        }
        let next = chars.get(i + 4).copied();
        if next.is_some_and(|c| c.is_ascii_digit()) || !matches!(next, Some('년' | ' ' | '_' | ')') | None) {
            continue;
        }
        let year: i32 = digits.iter().collect::<String>().parse().unwrap_or(0);
        if (2000..=2100).contains(&year) {
            best = best.max(Some(year));
        }
    }
    best
}

fn kinds_for(category: Option<&str>) -> Vec<Kind> {
    match category.unwrap_or("") {
        "금융" => vec![Kind::Loan, Kind::Guarantee],
        "기술" => vec![Kind::Digital],
        "인력" => vec![Kind::Employment],
        "수출" | "내수" => vec![Kind::MarketExpansion],
        "창업" => vec![Kind::Grant, Kind::Training],
        "경영" => vec![Kind::Consulting],
        _ => vec![Kind::Grant],
    }
}

fn org(name: &str) -> Organisation {
    Organisation { ko: name.to_string(), en: name.to_string(), contact: None }
}

/// Map one notice to a program, or say why it cannot be imported.
pub fn to_program(item: &Value, index: usize) -> std::result::Result<Program, Rejection> {
    let id = text_field(item, "pblancId").map(str::to_string);
    let reject =
        |reason: String| Rejection { id: id.clone().unwrap_or_else(|| format!("(record {})", index + 1)), reason };
    let Some(ext_id) = id.clone() else { return Err(reject("no pblancId".into())) };
    let title = text_field(item, "pblancNm").ok_or_else(|| reject("no title (pblancNm)".into()))?;
    let slug: String =
        ext_id.to_ascii_lowercase().chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '-' }).collect();
    let summary = match text_field(item, "bsnsSumryCn") {
        Some(html) => html_to_text(html).map_err(|e| reject(format!("broken HTML in bsnsSumryCn: {e}")))?,
        None => String::new(),
    };
    let published = text_field(item, "creatPnttm")
        .and_then(|s| s.get(..10))
        .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
    let window = parse_window(text_field(item, "reqstBeginEndDe").unwrap_or(""), published)
        .map_err(|e| reject(format!("reqstBeginEndDe: {e}")))?;
    let category = text_field(item, "pldirSportRealmLclasCodeNm");
    let sub = text_field(item, "pldirSportRealmMlsfcCodeNm");
    let target = text_field(item, "trgetNm").map(str::to_string);
    let regions = regions(title, text_field(item, "hashtags"));

    let reading = extract::read(&extract::NoticeText {
        title,
        target: target.as_deref(),
        hashtags: text_field(item, "hashtags"),
        summary: &summary,
        target_text: None,
        exclusions: None,
    });
    let mut criteria = reading.criteria;
    if !reading.target_read {
        // What the words say about who may apply is not all read: keep them, shown as they are.
        let words = reading.target_words.clone().unwrap_or_default();
        criteria.push(if words.is_empty() {
            Criterion::Unstructured { text: L10n::new("지원대상 미기재", "target not stated") }
        } else {
            Criterion::Unstructured {
                text: L10n::new(format!("지원대상: {words}"), format!("target (as the notice words it): {words}")),
            }
        });
    }
    let mut stages = reading.stages;
    if stages.is_empty() && category == Some("창업") {
        stages = vec![Stage::PreStartup, Stage::Startup];
    }
    let to_confirm: Vec<L10n> =
        reading.to_confirm.iter().map(|w| L10n::new(w.clone(), format!("to confirm in the notice: {w}"))).collect();
    let mut window = window;
    if window.closes_on.is_none() {
        window.budget_year = title_year(title);
    }

    let names: Vec<&str> = text_field(item, "fileNm").map(|s| s.split('@').collect()).unwrap_or_default();
    let urls: Vec<&str> = text_field(item, "flpthNm").map(|s| s.split('@').collect()).unwrap_or_default();
    let attachments = names
        .iter()
        .enumerate()
        .filter(|(_, n)| !n.trim().is_empty())
        .map(|(i, n)| Attachment {
            name: n.trim().to_string(),
            url: urls.get(i).map(|u| u.trim().to_string()).filter(|u| !u.is_empty()),
        })
        .collect();

    let provider = text_field(item, "jrsdInsttNm").filter(|n| !PLACEHOLDER_AGENCIES.contains(n)).map(org);
    let executor = text_field(item, "excInsttNm").filter(|n| !PLACEHOLDER_AGENCIES.contains(n)).map(org);
    let (provider, partners) = match (provider, executor) {
        (Some(p), Some(e)) if p != e => (p, vec![e]),
        (Some(p), _) => (p, vec![]),
        (None, Some(e)) => (e, vec![]),
        (None, None) => (org("미기재"), vec![]),
    };
    let url = text_field(item, "pblancUrl").map(str::to_string);
    let updated = text_field(item, "updtPnttm").map(str::to_string);
    let program = Program {
        id: format!("bizinfo-{slug}"),
        name: L10n::new(title, title),
        kinds: kinds_for(category),
        provider,
        partners,
        stages,
        summary: L10n::new(summary.clone(), summary),
        benefits: vec![],
        criteria,
        to_confirm,
        exclusions: vec![],
        window,
        apply: HowToApply {
            methods: vec![],
            where_: url.as_ref().map(|u| L10n::new(u.clone(), u.clone())),
            documents: vec![],
        },
        timeline: vec![],
        source: Source {
            file: None,
            url,
            dated: updated.as_deref().and_then(|u| u.get(..10)).unwrap_or("").to_string(),
        },
        external: Some(External {
            system: "bizinfo".into(),
            id: ext_id,
            updated_at: updated,
            target,
            categories: [category, sub].into_iter().flatten().map(str::to_string).collect(),
            regions,
            attachments,
        }),
        retired: false,
    };
    // What the catalogue refuses (a notice without a link cites no source) is rejected here, so
    // one such notice is reported and skipped instead of failing the whole import.
    crate::catalogue::check_program(&program).map_err(|e| reject(e.to_string()))?;
    Ok(program)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::program::WindowStatus;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn window_texts() {
        let w = parse_window("2026-10-02 ~ 2026-10-16", None).unwrap();
        assert_eq!((w.opens_on, w.closes_on), (Some(d("2026-10-02")), Some(d("2026-10-16"))));
        let w = parse_window("2026.10.02 ~ 2026.10.16", None).unwrap();
        assert_eq!(w.closes_on, Some(d("2026-10-16")));
        let w = parse_window("2026. 10. 2. ~ 2026. 10. 16. 18:00", None).unwrap();
        assert_eq!((w.opens_on, w.closes_on), (Some(d("2026-10-02")), Some(d("2026-10-16"))));
        let w = parse_window("예산 소진시까지", Some(d("2026-10-06"))).unwrap();
        assert!(w.until_budget_exhausted && w.opens_on == Some(d("2026-10-06")));
        assert_eq!(w.status(d("2026-10-07")), WindowStatus::Open);
        assert!(parse_window("상시 접수", None).unwrap().always_open);
        let w = parse_window("추후 공지", None).unwrap();
        assert_eq!(w.status(d("2026-10-07")), WindowStatus::Unknown);
        assert_eq!(w.note.unwrap().ko, "추후 공지");
        assert!(parse_window("2026-13-45 ~ 2026-10-16", None).unwrap_err().contains("2026-13-45"));
        assert!(parse_window("2026-10-16 ~ 2026-10-02", None).unwrap_err().contains("closes before"));
    }

    #[test]
    fn html_becomes_text() {
        assert_eq!(
            html_to_text("<p>가&nbsp;나</p><p><br></p><p style=\"x\">☞ 다 &amp; 라</p>").unwrap(),
            "가 나\n☞ 다 & 라"
        );
        assert!(html_to_text("<p>끝나지 않은 <b").is_err());
    }

    #[test]
    fn a_notice_without_a_link_is_rejected_not_fatal() {
        // It cites no source, so the store refused it and, with it, the whole import.
        let item = serde_json::json!({"pblancId": "PBLN_1", "pblancNm": "모집 공고"});
        let r = to_program(&item, 0).unwrap_err();
        assert_eq!(r.id, "PBLN_1");
        assert!(r.reason.contains("source"), "{}", r.reason);
    }

    #[test]
    fn regions_from_title_or_hashtags() {
        assert_eq!(regions("[경기] 모집", Some("서울,부산")), ["경기도"]);
        assert_eq!(regions("[서울ㆍ인천ㆍ경기] 모집", None), ["서울특별시", "인천광역시", "경기도"]);
        assert_eq!(regions("모집 공고", Some("인력,울산,2026,울산광역시")), ["울산광역시"]);
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod sample {
    use super::*;

    fn short(c: &Criterion) -> String {
        match c {
            Criterion::FromNotice { words, criterion } => format!("{} «{words}»", short(criterion)),
            Criterion::AnyOf { criteria } => {
                format!("any[{}]", criteria.iter().map(short).collect::<Vec<_>>().join(" | "))
            }
            Criterion::Unstructured { text } => format!("UNSTRUCTURED({})", text.ko),
            other => serde_json::to_string(other).unwrap(),
        }
    }

    #[test]
    fn dump_dev_sample() {
        if std::env::var("DUMP").is_err() {
            return;
        }
        let body = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../../shared/data/bizinfo-api-dev-180.json"
        ))
        .unwrap();
        for (i, item) in parse_body(&body).unwrap().iter().enumerate() {
            let p = to_program(item, i).unwrap();
            println!("#{i} {}", p.name.ko);
            let summary = html_to_text(item["bsnsSumryCn"].as_str().unwrap_or("")).unwrap();
            let r = extract::read(&extract::NoticeText {
                title: &p.name.ko,
                target: item["trgetNm"].as_str(),
                hashtags: item["hashtags"].as_str(),
                summary: &summary,
                ..Default::default()
            });
            println!("    UNREAD {:?}", r.unread);
            for c in &p.criteria {
                println!("    {}", short(c));
            }
            for c in &p.to_confirm {
                println!("    confirm: {}", c.ko);
            }
            println!("    stages {:?} year {:?}", p.stages, p.window.budget_year);
        }
    }
}
