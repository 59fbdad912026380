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
        steps: vec![],
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
            also: vec![],
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
    //! The 180 real notices of `shared/data`: every one maps, the words quoted are the notice's
    //! own, and the share still unread stays where it was measured.
    use super::*;
    use crate::eligibility::{screen, Facts, Verdict};
    use crate::profile::Profile;
    use crate::stage::StageRules;
    use std::collections::BTreeMap;

    fn squash(s: &str) -> String {
        s.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    fn quotes(c: &Criterion, out: &mut Vec<(String, String)>) {
        match c {
            Criterion::FromNotice { words, criterion } => {
                out.push((words.clone(), criterion.type_name().to_string()));
                quotes(criterion, out);
            }
            Criterion::AnyOf { criteria } | Criterion::AllOf { criteria } => {
                criteria.iter().for_each(|c| quotes(c, out))
            }
            _ => {}
        }
    }

    /// Merchants a Seoul counter sees (the judged set's profiles, as of 2026-04-20).
    const MERCHANTS: &[&str] = &[
        r#"{"city":"서울특별시","district":"광진구","ksic_code":"56221","full_time_workers":3,"founded_on":"2021-03-15","business_status":"operating","owner_birth_date":"1985-06-01","annual_sales_krw":240000000,"nonprofit":false}"#,
        r#"{"stage":"pre_startup","city":"서울특별시","district":"광진구","owner_birth_date":"1997-02-10"}"#,
        r#"{"city":"서울특별시","district":"성동구","ksic_code":"25923","full_time_workers":24,"founded_on":"2008-05-01","business_status":"operating","owner_birth_date":"1968-09-09","annual_sales_krw":4500000000,"factory_district":"성동구","corporation":true}"#,
        r#"{"city":"서울특별시","district":"광진구","ksic_code":"56111","founded_on":"2017-04-01","closed_on":"2025-09-30","business_status":"closed","full_time_workers":0,"owner_birth_date":"1975-01-20"}"#,
        r#"{"city":"서울특별시","district":"광진구","ksic_code":"47912","full_time_workers":1,"founded_on":"2025-02-01","business_status":"operating","owner_birth_date":"1999-11-11","annual_sales_krw":60000000,"women_owned":true}"#,
        r#"{"city":"경기도","district":"성남시","ksic_code":"26299","full_time_workers":40,"founded_on":"2012-03-01","business_status":"operating","owner_birth_date":"1972-05-05","annual_sales_krw":12000000000,"corporation":true,"research_lab":true,"exporter":true}"#,
    ];

    #[test]
    fn dev_sample_maps_quotes_its_words_and_reads_most_targets() {
        let body = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../../shared/data/bizinfo-api-dev-180.json"
        ))
        .unwrap();
        let items = parse_body(&body).unwrap();
        assert_eq!(items.len(), 180);
        let (mut unstructured, mut per_rule) = (0, BTreeMap::<String, usize>::new());
        let mut programs = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let p = to_program(item, i).unwrap_or_else(|r| panic!("notice {i} rejected: {r:?}"));
            let summary = html_to_text(item["bsnsSumryCn"].as_str().unwrap_or("")).unwrap();
            let fields = squash(
                &[
                    p.name.ko.as_str(),
                    item["trgetNm"].as_str().unwrap_or(""),
                    item["hashtags"].as_str().unwrap_or(""),
                    &summary,
                ]
                .join("\n"),
            );
            if p.criteria.iter().any(|c| matches!(c, Criterion::Unstructured { .. })) {
                unstructured += 1;
            }
            let mut q = Vec::new();
            p.criteria.iter().for_each(|c| quotes(c, &mut q));
            for (words, rule) in q {
                assert!(!words.is_empty() && words.chars().count() <= 80, "notice {i}: {words:?}");
                assert!(fields.contains(&squash(&words)), "notice {i}: {words:?} is not the notice's words");
                *per_rule.entry(rule).or_default() += 1;
            }
            programs.push(p);
        }
        println!("criteria read, by rule: {per_rule:?}");
        println!("notices keeping an unstructured target: {unstructured}/180");
        // Measured 151/180 (84%) when written: most notices name a trade or a purpose no rule
        // reads (의료기기기업, 여행사 with a law, 컨소시엄), which stays shown as the notice words.
        assert!(unstructured <= 152, "{unstructured}/180 keep an unstructured target");
        for rule in
            ["location", "size", "small_business", "sector", "business_age", "pre_startup", "attribute", "headcount"]
        {
            assert!(per_rule.get(rule).copied().unwrap_or(0) > 0, "no {rule} read from 180 notices");
        }

        // Pairs with six merchants: unknown with no fact to ask, and how many are decided.
        let as_of = NaiveDate::from_ymd_opt(2026, 4, 20).unwrap();
        let rules = StageRules::default();
        let (mut no_fact, mut decided, mut total) = (0, 0, 0);
        for m in MERCHANTS {
            let profile = Profile::from_json_str(m).unwrap();
            let facts = Facts::new(&profile, as_of, &rules);
            for p in &programs {
                let s = screen(p, &facts);
                total += 1;
                match s.verdict {
                    Verdict::Unknown if s.missing.is_empty() => no_fact += 1,
                    Verdict::Unknown => {}
                    _ => decided += 1,
                }
            }
        }
        println!("pairs unknown with no fact to ask: {no_fact}/{total}; decided: {decided}/{total}");
        // Measured 308/1080 (28.5%) when written; the goal is at most 35%.
        assert!(no_fact * 100 <= total * 31, "{no_fact}/{total} unknown with nothing to ask");
    }

    #[test]
    fn every_sector_read_is_a_code_the_catalogue_accepts() {
        let item = serde_json::json!({"pblancId": "PBLN_5", "pblancNm": "2026년 모집 공고",
            "pblancUrl": "https://example.org/5",
            "bsnsSumryCn": "<p>☞ 제조기업</p><p>- 여행업 등록업체</p><p>- 일반음식점</p><p>- 숙박업</p><p>- 도ㆍ소매업</p><p>- 출판사</p><p>- 정보통신업</p><p>- 게임 개발사</p><p>- 유흥주점, 사행성 업종 제외</p><p>- 연매출 1원 미만</p><p>☞ 지원</p>"});
        let p = to_program(&item, 0).unwrap_or_else(|r| panic!("{r:?}"));
        let sector = p.criteria.iter().find_map(|c| match c {
            Criterion::FromNotice { criterion, .. } => match criterion.as_ref() {
                Criterion::Sector { include, exclude } => Some((include.clone(), exclude.clone())),
                _ => None,
            },
            _ => None,
        });
        let (include, exclude) = sector.unwrap();
        assert_eq!(include, ["C", "7521", "56", "55", "G", "58", "J", "5821"]);
        assert_eq!(exclude, ["56211", "56212", "9124"]);
    }

    #[test]
    fn budget_year_from_the_title() {
        assert_eq!(title_year("2026년 중소기업 수출지원사업 통합 공고"), Some(2026));
        assert_eq!(title_year("[부산] 2025년 폐업소상공인 지원사업(2026년 이월분)"), Some(2026));
        assert_eq!(title_year("제12345호 공고"), None);
        assert_eq!(title_year("20261002 접수"), None);
        let item = serde_json::json!({"pblancId": "PBLN_1", "pblancNm": "2026년 상시 상담 공고",
            "pblancUrl": "https://example.org/1", "reqstBeginEndDe": "상시 접수"});
        let p = to_program(&item, 0).unwrap();
        assert_eq!(p.window.budget_year, Some(2026));
        let dated = serde_json::json!({"pblancId": "PBLN_2", "pblancNm": "2026년 모집 공고",
            "pblancUrl": "https://example.org/2", "reqstBeginEndDe": "2026-10-02 ~ 2026-10-16"});
        assert_eq!(to_program(&dated, 0).unwrap().window.budget_year, None, "a closing date decides");
    }

    #[test]
    fn a_notice_read_in_full_keeps_no_unstructured_target() {
        let item = serde_json::json!({"pblancId": "PBLN_3", "pblancNm": "[인천] 2026년 경영안정자금 공고",
            "pblancUrl": "https://example.org/3", "trgetNm": "소상공인",
            "bsnsSumryCn": "<p>안내</p><p>☞ 인천 소재 소상공인</p><p>※ 자세한 지원대상 공고문 참조</p><p>☞ 운영자금</p>"});
        let p = to_program(&item, 0).unwrap();
        assert!(!p.criteria.iter().any(|c| matches!(c, Criterion::Unstructured { .. })), "{:?}", p.criteria);
        assert_eq!(p.criteria.len(), 2);
        assert_eq!(p.to_confirm[0].ko, "자세한 지원대상 공고문 참조");
        let item = serde_json::json!({"pblancId": "PBLN_4", "pblancNm": "2026년 상담 공고",
            "pblancUrl": "https://example.org/4", "trgetNm": "중소기업",
            "bsnsSumryCn": "<p>☞ 의료기기기업, 의료기기 시장진출을 희망하는 기업</p><p>☞ 상담</p>"});
        let p = to_program(&item, 0).unwrap();
        let Some(Criterion::Unstructured { text }) = p.criteria.last() else { panic!("{:?}", p.criteria) };
        assert_eq!(text.ko, "지원대상: 의료기기기업, 의료기기 시장진출을 희망하는 기업");
    }
}
