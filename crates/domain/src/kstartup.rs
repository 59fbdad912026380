//! The K-Startup (창업진흥원) open-API announcement format (`getAnnouncementInformation01`):
//! parsing a response page and mapping each announcement to a catalogue program.
//!
//! Unlike Bizinfo, K-Startup states who may apply in structured fields: the region
//! (`supt_regin`), the years in business admitted (`biz_enyy`), the owner's age bands
//! (`biz_trgt_age`) and the kind of applicant (`aply_trgt`). Each becomes a typed criterion that
//! quotes the field it was read from; the prose fields go through [`crate::extract::read`] only
//! for what the structured fields leave open.

use chrono::{Datelike, NaiveDate};
use serde_json::Value;

use crate::bizinfo::Rejection;
use crate::extract::{self, NoticeText};
use crate::program::{ApplyMethod, Criterion, External, HowToApply, Kind, Organisation, Program, Source, Window};
use crate::region;
use crate::stage::Stage;
use crate::text::L10n;
use crate::{Error, Result};

/// The feed's name in provenance (`External::system`) and as an import origin.
pub const SYSTEM: &str = "kstartup";

/// The longest target prose kept as an `unstructured` criterion, in characters.
const TARGET_TEXT_MAX: usize = 300;

/// One response page: its announcements and the feed's total, for paging.
#[derive(Clone, Debug, PartialEq)]
pub struct Page {
    pub items: Vec<Value>,
    /// `totalCount`: announcements in the whole feed for this query.
    pub total: Option<u64>,
}

/// Parse a response page `{"currentCount", "data": [...], "matchCount", "page", "perPage",
/// "totalCount"}`.
pub fn parse_page(body: &str) -> Result<Page> {
    let v: Value = serde_json::from_str(body).map_err(|e| {
        let what = if e.is_eof() { "the response ends early (truncated?)" } else { "malformed JSON" };
        Error::invalid("kstartup response", format!("line {} column {}", e.line(), e.column()), format!("{what}: {e}"))
    })?;
    if !v.is_object() {
        return Err(Error::invalid("kstartup response", short(&v.to_string()), "expected an object with data"));
    }
    let items = match v.get("data") {
        Some(Value::Array(a)) => a.clone(),
        Some(Value::Null) => vec![],
        Some(other) => {
            return Err(Error::invalid(
                "kstartup response",
                format!("data: {}", short(&other.to_string())),
                "data is not a list of announcements",
            ))
        }
        None => return Err(Error::invalid("kstartup response", "", "no data in the response")),
    };
    let total = v.get("totalCount").and_then(|t| t.as_u64().or_else(|| t.as_str()?.trim().parse().ok()));
    Ok(Page { items, total })
}

/// Parse a response body to its announcements.
pub fn parse_body(body: &str) -> Result<Vec<Value>> {
    parse_page(body).map(|p| p.items)
}

/// The feed's total count (`totalCount`) from a response body, if it says.
pub fn total_count(body: &str) -> Option<u64> {
    parse_page(body).ok()?.total
}

fn short(s: &str) -> String {
    let mut out: String = s.chars().take(60).collect();
    if out.len() < s.len() {
        out.push('…');
    }
    out
}

/// A text field with HTML entities decoded, line breaks normalised, trimmed; `None` when absent
/// or empty. A number is taken as its digits (`pbanc_sn` comes either way).
fn field(item: &Value, key: &str) -> Option<String> {
    let raw = match item.get(key)? {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        _ => return None,
    };
    let decoded = html_escape::decode_html_entities(&raw).replace("\r\n", "\n").replace(['\r', '\u{a0}'], " ");
    let t = decoded.trim();
    (!t.is_empty()).then(|| t.to_string())
}

/// A `YYYYMMDD` date field.
fn date_field(item: &Value, key: &str) -> std::result::Result<Option<NaiveDate>, String> {
    let Some(s) = field(item, key) else { return Ok(None) };
    let digits: String = s.chars().filter(|c| !matches!(c, '-' | '.' | ' ')).collect();
    let ok = digits.len() == 8 && digits.chars().all(|c| c.is_ascii_digit());
    let date = ok
        .then(|| NaiveDate::parse_from_str(&digits, "%Y%m%d").ok())
        .flatten()
        .filter(|d| (1990..=2200).contains(&d.year()));
    date.map(Some).ok_or_else(|| format!("{key} {s:?} is not a date (YYYYMMDD)"))
}

/// The year a title names ("2026년 …", "「2026 딥테크 스튜디오」"), if one.
pub fn title_year(title: &str) -> Option<i32> {
    let chars: Vec<char> = title.chars().collect();
    let mut found = None;
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_ascii_digit() {
            let start = i;
            while i < chars.len() && chars[i].is_ascii_digit() {
                i += 1;
            }
            if i - start == 4 {
                let year: i32 = chars[start..i].iter().collect::<String>().parse().ok()?;
                if (2000..=2099).contains(&year) {
                    // A year followed by 년 is the surest; otherwise the first one.
                    if chars.get(i) == Some(&'년') {
                        return Some(year);
                    }
                    found = found.or(Some(year));
                }
            }
        } else {
            i += 1;
        }
    }
    found
}

/// Support kinds from `supt_biz_clsfc`.
pub fn kinds_for(category: Option<&str>) -> Vec<Kind> {
    let c: String = category.unwrap_or("").chars().filter(|c| !c.is_whitespace()).collect();
    match c.as_str() {
        "사업화" => vec![Kind::Grant],
        "멘토링ㆍ컨설팅ㆍ교육" | "멘토링·컨설팅·교육" => vec![Kind::Consulting, Kind::Training],
        // Space and incubation come with the incubator's mentoring and counselling.
        "시설ㆍ공간ㆍ보육" | "시설·공간·보육" => vec![Kind::Consulting],
        "판로ㆍ해외진출" | "판로·해외진출" | "글로벌" => vec![Kind::MarketExpansion],
        "기술개발(R&D)" => vec![Kind::Digital, Kind::Grant],
        "융자" => vec![Kind::Loan],
        "인력" => vec![Kind::Employment],
        // Demo days, investor meetings and contests open doors to customers and investors.
        "행사ㆍ네트워크" | "행사·네트워크" => vec![Kind::MarketExpansion],
        "창업교육" => vec![Kind::Training],
        _ => vec![Kind::Grant],
    }
}

/// The cities a `supt_regin` value names: `Some(vec![])` for nationwide, `None` when a name is
/// not known. Merged names such as `전남광주` name both.
pub fn regions(value: &str) -> Option<Vec<&'static str>> {
    let mut out: Vec<&'static str> = Vec::new();
    for part in value.split([',', '/', 'ㆍ', '·']).map(str::trim).filter(|p| !p.is_empty()) {
        if part == "전국" {
            continue;
        }
        let cities = match region::canonical_city(part) {
            Some(c) => vec![c],
            None => split_merged(part)?,
        };
        for c in cities {
            if !out.contains(&c) {
                out.push(c);
            }
        }
    }
    Some(out)
}

/// A name made of two region names run together (`전남광주`, `대구경북`).
fn split_merged(name: &str) -> Option<Vec<&'static str>> {
    let cuts: Vec<usize> = name.char_indices().map(|(i, _)| i).skip(1).collect();
    cuts.into_iter().find_map(|i| {
        let (a, b) = (region::canonical_city(&name[..i])?, region::canonical_city(&name[i..])?);
        (a != b).then(|| vec![a, b])
    })
}

/// What `biz_enyy` admits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Tenure {
    /// Would-be founders (예비창업자) may apply.
    pub pre_startup: bool,
    /// Businesses under this many years since opening may apply (the largest bracket listed).
    pub max_years_exclusive: Option<u32>,
}

/// Parse `biz_enyy` (`예비창업자,1년미만,…,10년미만`); `None` when a part is not understood.
pub fn parse_tenure(value: &str) -> Option<Tenure> {
    let mut t = Tenure { pre_startup: false, max_years_exclusive: None };
    for part in value.split(',') {
        let p: String = part.chars().filter(|c| !c.is_whitespace()).collect();
        if p.is_empty() {
            continue;
        }
        if p == "예비창업자" {
            t.pre_startup = true;
        } else {
            let years: u32 = p.strip_suffix("년미만")?.parse().ok().filter(|y| *y > 0)?;
            t.max_years_exclusive = t.max_years_exclusive.max(Some(years));
        }
    }
    (t.pre_startup || t.max_years_exclusive.is_some()).then_some(t)
}

/// One owner-age band: inclusive bounds.
type Band = (Option<u32>, Option<u32>);

/// One bound: "만 20세 이상" → (Some(20), None), "만 39세 이하" → (None, Some(39)).
fn parse_bound(s: &str) -> Option<Band> {
    let s: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    let s = s.strip_prefix('만').unwrap_or(&s);
    let digits: String = s.chars().take_while(char::is_ascii_digit).collect();
    let n: u32 = digits.parse().ok()?;
    let rest = s[digits.len()..].strip_prefix('세')?;
    match rest {
        "이상" => Some((Some(n), None)),
        "초과" => Some((Some(n + 1), None)),
        "이하" => Some((None, Some(n))),
        "미만" => Some((None, Some(n.checked_sub(1)?))),
        _ => None,
    }
}

/// Parse `biz_trgt_age` into the union of its bands, merged where they touch; `None` when a band
/// is not understood. An empty list means every age.
pub fn parse_age_bands(value: &str) -> Option<Vec<Band>> {
    let mut bands: Vec<Band> = Vec::new();
    for part in value.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let mut band: Band = (None, None);
        for side in part.split('~') {
            let (lo, hi) = parse_bound(side)?;
            band.0 = band.0.or(lo);
            band.1 = band.1.or(hi);
        }
        if let (Some(lo), Some(hi)) = band {
            if hi < lo {
                return None;
            }
        }
        bands.push(band);
    }
    if bands.is_empty() {
        return None;
    }
    bands.sort_by_key(|b| b.0.unwrap_or(0));
    let mut merged: Vec<Band> = Vec::new();
    for b in bands {
        match merged.last_mut() {
            // Touching or overlapping: (…, 19) and (20, …) are one band.
            Some(last) if last.1.is_none_or(|hi| b.0.unwrap_or(0) <= hi.saturating_add(1)) => {
                last.1 = match (last.1, b.1) {
                    (Some(x), Some(y)) => Some(x.max(y)),
                    _ => None,
                };
            }
            _ => merged.push(b),
        }
    }
    merged.retain(|b| *b != (None, None));
    Some(merged)
}

/// Applicant kinds (`aply_trgt`) that are businesses already in operation.
const BUSINESS_APPLICANTS: &[&str] = &["일반기업", "1인창조기업"];

fn from_notice(words: String, criterion: Criterion) -> Criterion {
    Criterion::FromNotice { words, criterion: Box::new(criterion) }
}

fn location(city: &str) -> Criterion {
    Criterion::Location { city: city.to_string(), districts: vec![] }
}

/// Every criterion type inside a criterion (through `from_notice`, `any_of` and `all_of`).
fn aspects(c: &Criterion, out: &mut Vec<&'static str>) {
    match c {
        Criterion::FromNotice { criterion, .. } => aspects(criterion, out),
        Criterion::AnyOf { criteria } | Criterion::AllOf { criteria } => criteria.iter().for_each(|c| aspects(c, out)),
        other => out.push(other.type_name()),
    }
}

/// The structured criteria of an announcement, the aspects they decide and the stages they name.
struct Structured {
    criteria: Vec<Criterion>,
    decided: Vec<&'static str>,
    stages: Vec<Stage>,
    regions: Vec<String>,
}

fn structured(item: &Value) -> Structured {
    let mut s = Structured { criteria: vec![], decided: vec![], stages: vec![], regions: vec![] };
    if let Some(regin) = field(item, "supt_regin") {
        let words = format!("지원지역: {regin}");
        match regions(&regin) {
            Some(cities) => {
                s.decided.push("location");
                s.regions = cities.iter().map(|c| c.to_string()).collect();
                match cities.as_slice() {
                    [] => {}
                    [one] => s.criteria.push(from_notice(words, location(one))),
                    many => s.criteria.push(from_notice(
                        words,
                        Criterion::AnyOf { criteria: many.iter().map(|c| location(c)).collect() },
                    )),
                }
            }
            None => s.criteria.push(Criterion::Unstructured {
                text: L10n::new(words, format!("region as the notice names it: {regin}")),
            }),
        }
    }
    let tenure = field(item, "biz_enyy");
    if let Some(enyy) = &tenure {
        let words = format!("창업기간: {enyy}");
        match parse_tenure(enyy) {
            Some(t) => {
                s.decided.extend(["pre_startup", "business_age", "operating"]);
                if t.pre_startup {
                    s.stages.push(Stage::PreStartup);
                }
                if let Some(max) = t.max_years_exclusive {
                    s.stages.push(Stage::Startup);
                    if max > 3 {
                        s.stages.push(Stage::Growth);
                    }
                }
                let age = |max| Criterion::BusinessAge { min_years: None, max_years_exclusive: Some(max) };
                match (t.pre_startup, t.max_years_exclusive) {
                    (true, None) => s.criteria.push(from_notice(words, Criterion::PreStartup)),
                    (false, Some(max)) => {
                        s.criteria.push(from_notice(words.clone(), Criterion::Operating));
                        s.criteria.push(from_notice(words, age(max)));
                    }
                    // A would-be founder (a closed business included: it founds anew) or a
                    // business young enough.
                    (true, Some(max)) => s
                        .criteria
                        .push(from_notice(words, Criterion::AnyOf { criteria: vec![Criterion::PreStartup, age(max)] })),
                    (false, None) => {}
                }
            }
            None => s.criteria.push(Criterion::Unstructured {
                text: L10n::new(words, format!("years in business as the notice words it: {enyy}")),
            }),
        }
    }
    if let Some(ages) = field(item, "biz_trgt_age") {
        let words = format!("대상연령: {ages}");
        match parse_age_bands(&ages) {
            Some(bands) => {
                s.decided.push("owner_age");
                let age = |(min, max): Band| Criterion::OwnerAge { min, max };
                match bands.as_slice() {
                    [] => {}
                    [one] => s.criteria.push(from_notice(words, age(*one))),
                    many => s.criteria.push(from_notice(
                        words,
                        Criterion::AnyOf { criteria: many.iter().map(|b| age(*b)).collect() },
                    )),
                }
            }
            None => s.criteria.push(Criterion::Unstructured {
                text: L10n::new(words, format!("owner's age as the notice words it: {ages}")),
            }),
        }
    }
    if let Some(kinds) = field(item, "aply_trgt") {
        let parts: Vec<String> = kinds
            .split(',')
            .map(|p| p.chars().filter(|c| !c.is_whitespace()).collect())
            .filter(|p: &String| !p.is_empty())
            .collect();
        let businesses_only = !parts.is_empty() && parts.iter().all(|p| BUSINESS_APPLICANTS.contains(&p.as_str()));
        if businesses_only && !s.decided.contains(&"operating") {
            s.decided.push("operating");
            s.criteria.push(from_notice(format!("신청대상: {kinds}"), Criterion::Operating));
        }
    }
    s
}

/// Keep at most `max` characters, on a character boundary, marking the cut.
fn clip(text: &str, max: usize) -> String {
    let mut out: String = text.chars().take(max).collect();
    if out.chars().count() < text.chars().count() {
        out = out.trim_end().to_string();
        out.push('…');
    }
    out
}

/// How to apply, from the `aply_mthd_*` fields: each method and where, in both languages.
fn how_to_apply(item: &Value, url: Option<&str>) -> HowToApply {
    let ways: [(&str, Option<ApplyMethod>, &str, &str); 6] = [
        ("aply_mthd_onli_rcpt_istc", Some(ApplyMethod::Online), "온라인", "online"),
        ("aply_mthd_vst_rcpt_istc", Some(ApplyMethod::OnSite), "방문", "in person"),
        ("aply_mthd_eml_rcpt_istc", Some(ApplyMethod::Email), "이메일", "email"),
        ("aply_mthd_pssr_rcpt_istc", Some(ApplyMethod::Mail), "우편", "post"),
        ("aply_mthd_fax_rcpt_istc", Some(ApplyMethod::Fax), "팩스", "fax"),
        ("aply_mthd_etc_istc", None, "기타", "other"),
    ];
    let mut methods = Vec::new();
    let (mut ko, mut en) = (Vec::new(), Vec::new());
    for (key, method, label_ko, label_en) in ways {
        if let Some(v) = field(item, key) {
            if let Some(m) = method {
                methods.push(m);
            }
            ko.push(format!("{label_ko}: {v}"));
            en.push(format!("{label_en}: {v}"));
        }
    }
    let where_ =
        if ko.is_empty() { url.map(|u| L10n::new(u, u)) } else { Some(L10n::new(ko.join("; "), en.join("; "))) };
    HowToApply { methods, where_, documents: vec![] }
}

/// Map one announcement to a program, or say why it cannot be imported.
pub fn to_program(item: &Value, index: usize) -> std::result::Result<Program, Rejection> {
    let id = field(item, "pbanc_sn");
    let reject =
        |reason: String| Rejection { id: id.clone().unwrap_or_else(|| format!("(record {})", index + 1)), reason };
    let Some(ext_id) = id.clone() else { return Err(reject("no pbanc_sn".into())) };
    let slug: String =
        ext_id.to_ascii_lowercase().chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '-' }).collect();
    let title = field(item, "biz_pbanc_nm").ok_or_else(|| reject("no title (biz_pbanc_nm)".into()))?;
    let opens_on = date_field(item, "pbanc_rcpt_bgng_dt").map_err(reject)?;
    let closes_on = date_field(item, "pbanc_rcpt_end_dt").map_err(reject)?;
    if let (Some(o), Some(c)) = (opens_on, closes_on) {
        if c < o {
            return Err(reject(format!("pbanc_rcpt_end_dt {c} is before pbanc_rcpt_bgng_dt {o}")));
        }
    }
    let recruiting = field(item, "rcrt_prgs_yn");
    let window = Window {
        opens_on,
        closes_on,
        budget_year: if closes_on.is_none() { title_year(&title) } else { None },
        note: (recruiting.as_deref() == Some("N"))
            .then(|| L10n::new("모집 종료(모집진행여부 N)", "recruitment has ended (rcrt_prgs_yn N)")),
        ..Default::default()
    };
    let summary = field(item, "pbanc_ctnt").unwrap_or_default();
    let target_text = field(item, "aply_trgt_ctnt");
    let exclusions = field(item, "aply_excl_trgt_ctnt");
    let category = field(item, "supt_biz_clsfc");
    let url = field(item, "detl_pg_url");

    let s = structured(item);
    let mut criteria = s.criteria;
    let reading = extract::read(&NoticeText {
        title: &title,
        target: None,
        hashtags: None,
        summary: &summary,
        target_text: target_text.as_deref(),
        exclusions: exclusions.as_deref(),
    });
    for c in reading.criteria {
        let mut inner = Vec::new();
        aspects(&c, &mut inner);
        if !inner.iter().any(|a| s.decided.contains(a)) {
            criteria.push(c);
        }
    }
    if !reading.target_read {
        if let Some(t) = &target_text {
            let t = clip(t, TARGET_TEXT_MAX);
            criteria.push(Criterion::Unstructured {
                text: L10n::new(format!("신청대상: {t}"), format!("who may apply: {t}")),
            });
        }
    }
    let mut stages = s.stages;
    if field(item, "biz_enyy").is_none() {
        stages = reading.stages;
    }

    let provider = Organisation {
        ko: field(item, "pbanc_ntrp_nm").unwrap_or_else(|| "미기재".into()),
        en: field(item, "pbanc_ntrp_nm").unwrap_or_else(|| "not stated".into()),
        contact: field(item, "prch_cnpl_no"),
    };
    let categories: Vec<String> =
        [category.clone(), field(item, "intg_pbanc_biz_nm"), field(item, "sprv_inst")].into_iter().flatten().collect();
    let program = Program {
        id: format!("{SYSTEM}-{slug}"),
        name: L10n::new(&title, &title),
        kinds: kinds_for(category.as_deref()),
        provider,
        partners: vec![],
        stages,
        summary: L10n::new(&summary, &summary),
        benefits: vec![],
        criteria,
        to_confirm: vec![],
        exclusions: exclusions.iter().map(|e| L10n::new(e, e)).collect(),
        window,
        apply: how_to_apply(item, url.as_deref()),
        timeline: vec![],
        steps: vec![],
        source: Source { file: None, url, dated: opens_on.map(|d| d.to_string()).unwrap_or_default() },
        external: Some(External {
            system: SYSTEM.into(),
            id: ext_id,
            updated_at: None,
            target: field(item, "aply_trgt"),
            categories,
            regions: s.regions,
            attachments: vec![],
            also: vec![],
        }),
        retired: false,
    };
    // What the catalogue refuses (an announcement without a link cites no source) is rejected
    // here, so one such record is reported and skipped instead of failing the whole import.
    crate::catalogue::check_program(&program).map_err(|e| reject(e.to_string()))?;
    Ok(program)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::eligibility::{screen, Facts};
    use crate::profile::Profile;
    use crate::stage::StageRules;
    use crate::Verdict;
    use serde_json::json;

    fn sample_body() -> String {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data/kstartup-api-sample.json");
        std::fs::read_to_string(path).unwrap()
    }

    fn sample() -> Vec<Value> {
        parse_body(&sample_body()).unwrap()
    }

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    /// A minimal announcement with a link, plus the given fields.
    fn item(fields: Value) -> Value {
        let mut v =
            json!({"pbanc_sn": "1", "biz_pbanc_nm": "모집 공고", "detl_pg_url": "https://www.k-startup.go.kr/x"});
        for (k, x) in fields.as_object().unwrap() {
            v[k] = x.clone();
        }
        v
    }

    fn criteria_of(fields: Value) -> Vec<Criterion> {
        to_program(&item(fields), 0).unwrap().criteria
    }

    fn verdict(p: &Program, profile: &Value, on: &str) -> Verdict {
        let profile = Profile::from_json_value(profile).unwrap();
        let mut p = p.clone();
        p.window = Window::default(); // judged on the criteria alone
        screen(&p, &Facts::new(&profile, d(on), &StageRules::default())).verdict
    }

    #[test]
    fn a_page_parses_and_a_bad_one_says_what_is_wrong() {
        let page = parse_page(&sample_body()).unwrap();
        assert_eq!((page.items.len(), page.total), (60, Some(60)));
        assert_eq!(total_count(r#"{"data": [], "totalCount": "120"}"#), Some(120));
        let body = sample_body();
        let e = parse_body(&body[..body.len() / 2]).unwrap_err().to_string();
        assert!(e.contains("kstartup response") && e.contains("truncated"), "{e}");
        let e = parse_body("{\"data\": [1,}").unwrap_err().to_string();
        assert!(e.contains("malformed JSON") && e.contains("column"), "{e}");
        let e = parse_body(r#"{"currentCount": 0, "totalCount": 0}"#).unwrap_err().to_string();
        assert!(e.contains("no data"), "{e}");
        let e = parse_body(r#"{"data": "SERVICE KEY IS NOT REGISTERED"}"#).unwrap_err().to_string();
        assert!(e.contains("not a list") && e.contains("SERVICE KEY"), "{e}");
        assert!(parse_body("[]").unwrap_err().to_string().contains("expected an object"));
    }

    #[test]
    fn every_sample_record_maps_or_is_rejected_with_a_reason() {
        let items = sample();
        let mut mapped = 0;
        for (i, it) in items.iter().enumerate() {
            match to_program(it, i) {
                Ok(p) => {
                    mapped += 1;
                    assert!(p.id.starts_with("kstartup-") && !p.name.ko.is_empty(), "{}", p.id);
                    assert!(p.window.closes_on.is_some(), "{}: every sample record has an end date", p.id);
                    assert!(!p.name.ko.contains("&#") && !p.summary.ko.contains("&#"), "entities decoded: {}", p.id);
                    let ext = p.external.as_ref().unwrap();
                    assert_eq!(ext.system, "kstartup");
                    assert_eq!(p.id, format!("kstartup-{}", ext.id));
                }
                Err(r) => assert!(!r.reason.is_empty(), "{r:?}"),
            }
        }
        assert_eq!(mapped, 60, "the sample is well formed");
        let p = to_program(&items[0], 0).unwrap();
        assert_eq!(p.id, "kstartup-176296");
        assert_eq!((p.window.opens_on, p.window.closes_on), (Some(d("2026-02-11")), Some(d("2026-10-30"))));
        assert_eq!(p.provider.ko, "인천지식재산센터");
        assert_eq!(p.provider.contact.as_deref(), Some("0328102884"));
        assert_eq!(p.kinds, [Kind::Consulting, Kind::Training]);
        assert_eq!(p.stages, [Stage::PreStartup]);
        assert_eq!(p.external.as_ref().unwrap().regions, ["인천광역시"]);
        assert_eq!(
            p.criteria[..2],
            [
                from_notice("지원지역: 인천".into(), location("인천광역시")),
                from_notice("창업기간: 예비창업자".into(), Criterion::PreStartup),
            ]
        );
        // All three age bands: no age rule. The target prose is unread today: kept as words.
        assert!(!p.criteria.iter().any(|c| c.type_name() == "owner_age"));
        match p.criteria.last().unwrap() {
            Criterion::Unstructured { text } => {
                assert!(text.ko.starts_with("신청대상: □ 지원대상 : 인천 거주"), "{text:?}")
            }
            other => panic!("{other:?}"),
        }
        // "기술개발(R&amp;D)" decodes and maps.
        let rnd = items.iter().find(|i| i["supt_biz_clsfc"].as_str().unwrap().contains("R&amp;D")).unwrap();
        assert_eq!(to_program(rnd, 0).unwrap().kinds, [Kind::Digital, Kind::Grant]);
    }

    #[test]
    fn bad_records_are_rejected_naming_the_field_and_value() {
        let r = to_program(&item(json!({"pbanc_rcpt_end_dt": "20260231"})), 0).unwrap_err();
        assert!(r.reason.contains("pbanc_rcpt_end_dt") && r.reason.contains("20260231"), "{r:?}");
        let r = to_program(&item(json!({"pbanc_rcpt_bgng_dt": "2026-4"})), 0).unwrap_err();
        assert!(r.reason.contains("pbanc_rcpt_bgng_dt") && r.reason.contains("2026-4"), "{r:?}");
        let r = to_program(&item(json!({"pbanc_rcpt_bgng_dt": "20260501", "pbanc_rcpt_end_dt": "20260401"})), 0)
            .unwrap_err();
        assert!(r.reason.contains("before"), "{r:?}");
        let mut no_url = item(json!({}));
        no_url.as_object_mut().unwrap().remove("detl_pg_url");
        let r = to_program(&no_url, 0).unwrap_err();
        assert!(r.id == "1" && r.reason.contains("source"), "{r:?}");
        let mut no_id = item(json!({}));
        no_id.as_object_mut().unwrap().remove("pbanc_sn");
        assert_eq!(to_program(&no_id, 4).unwrap_err().id, "(record 5)");
        assert!(to_program(&item(json!({"biz_pbanc_nm": " "})), 0).unwrap_err().reason.contains("biz_pbanc_nm"));
        // A numeric id is taken as its digits.
        assert_eq!(to_program(&item(json!({"pbanc_sn": 178655})), 0).unwrap().id, "kstartup-178655");
    }

    #[test]
    fn windows_years_and_ways_to_apply() {
        let p = to_program(&item(json!({"biz_pbanc_nm": "2026년 창업 지원", "pbanc_rcpt_bgng_dt": "20260301"})), 0)
            .unwrap();
        assert_eq!(p.window.budget_year, Some(2026), "no end date: the title's year bounds it");
        let p =
            to_program(&item(json!({"biz_pbanc_nm": "2026년 창업 지원", "pbanc_rcpt_end_dt": "20260331"})), 0).unwrap();
        assert_eq!(p.window.budget_year, None, "an end date says more");
        assert_eq!(title_year("「2026 딥테크 스튜디오」 2기"), Some(2026));
        assert_eq!(title_year("제64차 IR 12345 피칭"), None);
        let p = to_program(
            &item(json!({"aply_mthd_onli_rcpt_istc": "https://apply.example", "aply_mthd_eml_rcpt_istc": "a@b.kr", "rcrt_prgs_yn": "N"})),
            0,
        )
        .unwrap();
        assert_eq!(p.apply.methods, [ApplyMethod::Online, ApplyMethod::Email]);
        assert_eq!(p.apply.where_.unwrap().ko, "온라인: https://apply.example; 이메일: a@b.kr");
        assert!(p.window.note.unwrap().ko.contains("모집 종료"));
        let p = to_program(&item(json!({})), 0).unwrap();
        assert_eq!(p.apply.where_.unwrap().ko, "https://www.k-startup.go.kr/x", "no method named: the notice page");
    }

    #[test]
    fn regions_read_short_merged_and_unknown_names() {
        assert!(criteria_of(json!({"supt_regin": "전국"})).is_empty());
        assert_eq!(
            criteria_of(json!({"supt_regin": "서울"})),
            [from_notice("지원지역: 서울".into(), location("서울특별시"))]
        );
        assert_eq!(
            criteria_of(json!({"supt_regin": "전남광주"})),
            [from_notice(
                "지원지역: 전남광주".into(),
                Criterion::AnyOf { criteria: vec![location("전라남도"), location("광주광역시")] }
            )]
        );
        // Near miss: a name that is not a region is kept as words, not guessed.
        match criteria_of(json!({"supt_regin": "수도권"})).as_slice() {
            [Criterion::Unstructured { text }] => assert_eq!(text.ko, "지원지역: 수도권"),
            other => panic!("{other:?}"),
        }
        assert_eq!(regions("서울,경기"), Some(vec!["서울특별시", "경기도"]));
    }

    #[test]
    fn years_in_business_read_the_largest_bracket() {
        assert_eq!(
            parse_tenure("예비창업자,1년미만,2년미만,3년미만"),
            Some(Tenure { pre_startup: true, max_years_exclusive: Some(3) })
        );
        assert_eq!(parse_tenure("7년미만"), Some(Tenure { pre_startup: false, max_years_exclusive: Some(7) }));
        assert_eq!(parse_tenure("7년 이상"), None, "near miss: not a bracket the feed uses");
        let only = criteria_of(json!({"biz_enyy": "7년미만"}));
        assert_eq!(
            only,
            [
                from_notice("창업기간: 7년미만".into(), Criterion::Operating),
                from_notice(
                    "창업기간: 7년미만".into(),
                    Criterion::BusinessAge { min_years: None, max_years_exclusive: Some(7) }
                ),
            ]
        );
        let p = to_program(&item(json!({"biz_enyy": "5년미만,7년미만"})), 0).unwrap();
        assert_eq!(p.stages, [Stage::Startup, Stage::Growth]);
        let p = to_program(&item(json!({"biz_enyy": "예비창업자,1년미만,2년미만,3년미만"})), 0).unwrap();
        assert_eq!(p.stages, [Stage::PreStartup, Stage::Startup]);

        // Both: a would-be founder, a closed business (founding anew) and a young business pass;
        // an old one does not.
        let both = to_program(&item(json!({"biz_enyy": "예비창업자,1년미만,2년미만,3년미만"})), 0).unwrap();
        let on = "2026-04-20";
        assert_eq!(verdict(&both, &json!({"stage": "pre_startup"}), on), Verdict::Eligible);
        let closed = json!({"founded_on": "2015-03-01", "closed_on": "2025-06-30", "business_status": "closed"});
        assert_eq!(verdict(&both, &closed, on), Verdict::Eligible);
        let young = json!({"founded_on": "2024-03-01", "business_status": "operating"});
        assert_eq!(verdict(&both, &young, on), Verdict::Eligible);
        let old = json!({"founded_on": "2020-03-01", "business_status": "operating"});
        assert_eq!(verdict(&both, &old, on), Verdict::Ineligible);
        // Brackets only: the closed business and the would-be founder are out.
        let brackets = to_program(&item(json!({"biz_enyy": "1년미만,2년미만,3년미만"})), 0).unwrap();
        assert_eq!(verdict(&brackets, &closed, on), Verdict::Ineligible);
        assert_eq!(verdict(&brackets, &json!({"stage": "pre_startup"}), on), Verdict::Ineligible);
        assert_eq!(verdict(&brackets, &young, on), Verdict::Eligible);
    }

    #[test]
    fn owner_age_bands_become_one_range() {
        assert_eq!(parse_age_bands("만 20세 미만,만 20세 이상 ~ 만 39세 이하,만 40세 이상"), Some(vec![]));
        assert_eq!(parse_age_bands("만 20세 이상 ~ 만 39세 이하,만 40세 이상"), Some(vec![(Some(20), None)]));
        assert_eq!(parse_age_bands("만 20세 미만,만 20세 이상 ~ 만 39세 이하"), Some(vec![(None, Some(39))]));
        assert_eq!(parse_age_bands("만 20세 미만,만 40세 이상"), Some(vec![(None, Some(19)), (Some(40), None)]));
        assert_eq!(parse_age_bands("청년"), None, "near miss: words, not a band");
        assert_eq!(
            criteria_of(json!({"biz_trgt_age": "만 20세 이상 ~ 만 39세 이하"})),
            [from_notice(
                "대상연령: 만 20세 이상 ~ 만 39세 이하".into(),
                Criterion::OwnerAge { min: Some(20), max: Some(39) }
            )]
        );
        assert!(
            criteria_of(json!({"biz_trgt_age": "만 20세 미만,만 20세 이상 ~ 만 39세 이하,만 40세 이상"})).is_empty()
        );
        let youth = to_program(&item(json!({"biz_trgt_age": "만 20세 이상 ~ 만 39세 이하"})), 0).unwrap();
        assert_eq!(verdict(&youth, &json!({"owner_birth_date": "1996-06-01"}), "2026-04-20"), Verdict::Eligible);
        assert_eq!(verdict(&youth, &json!({"owner_birth_date": "1986-04-20"}), "2026-04-20"), Verdict::Ineligible);
    }

    #[test]
    fn businesses_only_means_in_operation_unless_the_years_say() {
        assert_eq!(
            criteria_of(json!({"aply_trgt": "일반기업,1인 창조기업"})),
            [from_notice("신청대상: 일반기업,1인 창조기업".into(), Criterion::Operating)]
        );
        assert!(criteria_of(json!({"aply_trgt": "대학생,일반인,일반기업"})).is_empty(), "near miss: individuals too");
        let with_years = criteria_of(json!({"aply_trgt": "일반기업", "biz_enyy": "예비창업자,1년미만"}));
        assert_eq!(with_years.len(), 1, "biz_enyy decides: {with_years:?}");
    }

    #[test]
    fn the_target_prose_is_kept_clipped_when_unread() {
        let long = "가".repeat(500);
        match criteria_of(json!({"aply_trgt_ctnt": long})).as_slice() {
            [Criterion::Unstructured { text }] => {
                assert_eq!(text.ko.chars().count(), "신청대상: ".chars().count() + TARGET_TEXT_MAX + 1);
                assert!(text.ko.ends_with('…'));
            }
            other => panic!("{other:?}"),
        }
        assert!(criteria_of(json!({"aply_trgt_ctnt": "  "})).is_empty());
    }

    #[test]
    fn extracted_criteria_are_dropped_only_for_aspects_the_fields_decide() {
        let mut decided = Vec::new();
        aspects(
            &from_notice(
                "x".into(),
                Criterion::AnyOf {
                    criteria: vec![
                        Criterion::PreStartup,
                        Criterion::BusinessAge { min_years: None, max_years_exclusive: Some(3) },
                    ],
                },
            ),
            &mut decided,
        );
        assert_eq!(decided, ["pre_startup", "business_age"]);
        let s = structured(&item(json!({"supt_regin": "전국", "biz_trgt_age": "만 40세 이상"})));
        assert_eq!(s.decided, ["location", "owner_age"]);
        assert!(structured(&item(json!({"supt_regin": "수도권"}))).decided.is_empty());
    }

    /// What the raw fields say about a merchant, read independently of the mapping: `false`
    /// when a field rules it out.
    fn admitted_by_fields(it: &Value, m: &Merchant) -> bool {
        let regin = it["supt_regin"].as_str().unwrap_or("전국");
        let region_ok = regin == "전국" || regin.contains(m.city_short);
        let enyy = it["biz_enyy"].as_str().unwrap_or("");
        let tenure_ok = enyy.is_empty()
            || match m.years {
                None => enyy.contains("예비창업자"),
                Some(y) => {
                    enyy.split(',').filter_map(|b| b.trim().strip_suffix("년미만")?.parse::<u32>().ok()).any(|k| y < k)
                }
            };
        let ages = it["biz_trgt_age"].as_str().unwrap_or("");
        let age_ok = ages.is_empty()
            || ages.split(',').any(|band| match band.trim() {
                "만 20세 미만" => m.age < 20,
                "만 20세 이상 ~ 만 39세 이하" => (20..=39).contains(&m.age),
                "만 40세 이상" => m.age >= 40,
                _ => true,
            });
        let trgt = it["aply_trgt"].as_str().unwrap_or("");
        let businesses_only =
            !trgt.is_empty() && trgt.split(',').all(|t| matches!(t.trim(), "일반기업" | "1인 창조기업"));
        let kind_ok = !businesses_only || m.years.is_some() || !enyy.is_empty();
        region_ok && tenure_ok && age_ok && kind_ok
    }

    struct Merchant {
        profile: Value,
        city_short: &'static str,
        /// Years in business; `None` for a would-be founder or a closed business.
        years: Option<u32>,
        age: u32,
    }

    fn merchants() -> Vec<Merchant> {
        vec![
            Merchant {
                profile: json!({"stage": "pre_startup", "city": "서울", "owner_birth_date": "1996-06-01"}),
                city_short: "서울",
                years: None,
                age: 29,
            },
            Merchant {
                profile: json!({"city": "서울", "founded_on": "2024-03-01", "business_status": "operating", "owner_birth_date": "1980-05-01"}),
                city_short: "서울",
                years: Some(2),
                age: 45,
            },
            Merchant {
                profile: json!({"city": "대전", "founded_on": "2017-01-15", "business_status": "operating", "owner_birth_date": "1976-02-01"}),
                city_short: "대전",
                years: Some(9),
                age: 50,
            },
            Merchant {
                profile: json!({"city": "서울", "founded_on": "2019-03-01", "closed_on": "2025-06-30", "business_status": "closed", "owner_birth_date": "1990-01-01"}),
                city_short: "서울",
                years: None,
                age: 36,
            },
        ]
    }

    #[test]
    fn founders_and_businesses_meet_the_notices_that_admit_them() {
        let on = "2026-04-20";
        let founder = json!({"stage": "pre_startup"});
        let business = json!({"founded_on": "2024-03-01", "business_status": "operating"});
        for (i, it) in sample().iter().enumerate() {
            let mut p = to_program(it, i).unwrap();
            // What the years-in-business field decides (the prose may rule out more).
            p.criteria.retain(|c| matches!(c, Criterion::FromNotice { words, .. } if words.starts_with("창업기간")));
            let enyy = it["biz_enyy"].as_str().unwrap();
            let v = verdict(&p, &founder, on);
            if enyy.contains("예비창업자") {
                assert_ne!(v, Verdict::Ineligible, "{}: {enyy}", p.id);
            } else {
                assert_eq!(v, Verdict::Ineligible, "{}: {enyy}", p.id);
            }
            if enyy == "예비창업자" {
                assert_eq!(verdict(&p, &business, on), Verdict::Ineligible, "{}", p.id);
            }
        }
    }

    #[test]
    fn the_structured_fields_rule_out_what_they_say_and_no_more() {
        let items = sample();
        let (mut out, mut out_ineligible, mut admitted, mut admitted_ineligible) = (0, 0, 0, 0);
        for m in merchants() {
            for (i, it) in items.iter().enumerate() {
                let p = to_program(it, i).unwrap();
                let v = verdict(&p, &m.profile, "2026-04-20");
                if admitted_by_fields(it, &m) {
                    admitted += 1;
                    admitted_ineligible += usize::from(v == Verdict::Ineligible);
                } else {
                    out += 1;
                    out_ineligible += usize::from(v == Verdict::Ineligible);
                }
            }
        }
        let recall = out_ineligible as f64 / out as f64;
        let over = admitted_ineligible as f64 / admitted as f64;
        println!("ruled out by the fields: {out_ineligible}/{out} ineligible ({:.1}%)", recall * 100.0);
        println!("admitted by the fields: {admitted_ineligible}/{admitted} ineligible ({:.1}%)", over * 100.0);
        assert!(out > 20 && admitted > 20, "both sides are measured: {out} / {admitted}");
        assert!(recall >= 0.98, "{out_ineligible}/{out}");
        assert!(over <= 0.10, "{admitted_ineligible}/{admitted}");
    }
}
