//! Hostile input and eligibility invariants, checked with property-based tests (proptest) where a
//! coverage-guided fuzzer cannot run. The profile parser, the catalogue loaders (the bundled
//! format and Bizinfo), the application-window text parser, HTML stripping and the business
//! registration number check never panic or hang on arbitrary input, and their errors name a
//! field. The eligibility engine is monotone in what it knows: for the bundled programs and for
//! generated ones, leaving a fact out never turns an unknown or ineligible verdict into eligible,
//! and adding a fact never turns ineligible into eligible or unknown (see `contradictory` and
//! `STAGE_REFINERS` for the two documented limits).
//!
//! Case counts keep the regular run to a few seconds; fuzz longer with
//! `PROPTEST_CASES=5000 cargo test -p onestop-core --test hostile_input`.

#![allow(clippy::unwrap_used)] // tests fail loudly by design

use std::sync::LazyLock;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use proptest::collection::vec;
use proptest::option::weighted;
use proptest::prelude::*;
use proptest::sample::{select, subsequence};
use serde_json::{json, Map, Value};

use onestop_core::eligibility::{evaluate, Facts, Outcome};
use onestop_core::profile::{field_errors, BusinessStatus, PROFILE_KEYS};
use onestop_core::program::{Attribute, Criterion};
use onestop_core::region::SEOUL_DISTRICTS;
use onestop_core::stage::StageRules;
use onestop_core::{bizinfo, brn, catalogue, Match, Profile, Program, Store, Verdict};
// The parsers and checks under test are the domain's: their errors are its own.
use onestop_domain::Error;

/// The case count, unless `PROPTEST_CASES` asks for more. Failures are not persisted to files:
/// a failure found here gets a plain regression test next to the code it concerns.
fn config(cases: u32) -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(cases);
    ProptestConfig { cases, failure_persistence: None, ..ProptestConfig::default() }
}

/// Generous: a call on an input of at most a few hundred kilobytes that takes this long hangs.
const SLOW: Duration = Duration::from_secs(5);

fn timed<T>(what: &str, input: &str, f: impl FnOnce() -> T) -> T {
    let start = Instant::now();
    let out = f();
    let took = start.elapsed();
    assert!(
        took < SLOW,
        "{what} took {took:?} on {} bytes: {:?}",
        input.len(),
        input.chars().take(200).collect::<String>()
    );
    out
}

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

// ---------------------------------------------------------------------------------------------
// Hostile text and JSON.

/// Pieces that reach deep into the parsers: JSON syntax, escapes, huge numbers, control and
/// bidi characters, Hangul, full-width digits, dates that are nearly dates, HTML and entities.
#[rustfmt::skip]
const TOKENS: &[&str] = &[
    // JSON syntax and escapes, including lone surrogates.
    "{", "}", "[", "]", "\"", ":", ",", "\\", "\\u0000", "\\ud800", "\\udc00\\ud800", "\\\"", "\\n",
    "null", "true", "false",
    // Whitespace, control, bidi and zero-width characters.
    " ", "\n", "\r\n", "\t", "\u{0}", "\u{7}", "\u{7f}", "\u{feff}", "\u{a0}", "\u{202e}", "\u{3000}",
    // Numbers at and past every limit.
    "0", "-0", "-1", "1.5", "1e999", "-1e999", "1e-400", "4294967295", "4294967296", "18446744073709551615",
    "18446744073709551616", "99999999999999999999999999999999",
    // Places, dates and near-dates.
    "광진구", "서울", "서울특별시", "Seoul", "중구", "해운대구", "2023-02-30", "2023-01-01", "0000-00-00",
    "9999-12-31", "+2023-01-01", "2023-1-1", "~", "-", ".", ":", "/", "예산 소진시까지", "상시 접수", "@",
    // HTML and entities, valid and not.
    "<", ">", "<p>", "</p>", "<br>", "<br/", "<!--", "-->", "&amp;", "&nbsp;", "&#0;", "&#xD800;", "&#x110000;",
    "&#99999999999;", "&", ";",
    // Hangul (syllables, jamo, compatibility jamo), full-width digits, combining marks, emoji.
    "가", "힣", "ᄀ", "ㅎ", "ㆍ", "·", "２", "０", "é", "\u{301}", "🦀",
];

const NESTS: &[&str] = &["[", "{\"a\":", "[{\"name\":", "{\"jsonArray\":", "{\"new_hires\":["];

/// Every key of a notice in the recorded response (shared/data/bizinfo-api-sample.json).
#[rustfmt::skip]
const BIZINFO_KEYS: &[&str] = &[
    "bsnsSumryCn", "creatPnttm", "excInsttNm", "fileNm", "flpthNm", "hashtags", "inqireCo", "jrsdInsttNm",
    "pblancId", "pblancNm", "pblancUrl", "pldirSportRealmLclasCodeNm", "pldirSportRealmMlsfcCodeNm", "printFileNm",
    "printFlpthNm", "reqstBeginEndDe", "totCnt", "trgetNm", "updtPnttm",
];

/// Values a profile field might plausibly (or nearly) hold.
#[rustfmt::skip]
const PROFILE_VALUES: &[&str] = &[
    "2023-01-01", "2023-02-29", "2024-02-29", "1899-12-31", "2201-01-01", "2023-1-1", " 2023-01-01 ",
    "２０２３-01-01", "-999-01-01", "220-81-62517", "2208162517", "220-81-62518", "220 81 62517", "서울특별시",
    "서울", "Seoul", "부산", "광진구", "Gwangjin-gu", "중구", "강서구", "해운대구", "56221", "562", "5", "40111",
    "K", "operating", "계속사업자", "휴업", "폐업자", "closed", "pre_startup", "restart", "02-123-4567",
    "+82 (2) 123-4567", "", " ", "null",
];

fn hostile_string() -> BoxedStrategy<String> {
    let piece = prop_oneof![
        6 => select(TOKENS).prop_map(str::to_string),
        2 => any::<char>().prop_map(String::from),
        1 => "[0-9]{1,24}",
        1 => select(PROFILE_KEYS).prop_map(|k| format!("\"{k}\"")),
        1 => select(BIZINFO_KEYS).prop_map(|k| format!("\"{k}\"")),
        1 => select(PROFILE_VALUES).prop_map(|k| format!("\"{k}\"")),
    ];
    prop_oneof![
        3 => any::<String>(),
        6 => vec(piece, 0..48).prop_map(|v| v.concat()),
        // Deep nesting, open and balanced: the JSON parser must refuse it, not overflow the stack.
        1 => (1usize..3000, select(NESTS)).prop_map(|(n, open)| open.repeat(n)),
        1 => (1usize..3000).prop_map(|n| format!("{}{}", "[".repeat(n), "]".repeat(n))),
    ]
    .boxed()
}

fn json_leaf() -> BoxedStrategy<Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<u32>().prop_map(Value::from),
        any::<f64>().prop_filter_map("finite", |f| serde_json::Number::from_f64(f).map(Value::Number)),
        hostile_string().prop_map(Value::String),
        select(PROFILE_VALUES).prop_map(Value::from),
    ]
    .boxed()
}

fn json_value() -> BoxedStrategy<Value> {
    json_leaf()
        .prop_recursive(5, 48, 6, |inner| {
            prop_oneof![
                vec(inner.clone(), 0..6).prop_map(Value::Array),
                vec((hostile_string(), inner), 0..6).prop_map(|kv| Value::Object(kv.into_iter().collect())),
            ]
        })
        .boxed()
}

/// Objects with mostly real profile keys and values that are right, nearly right or anything.
fn profile_like() -> BoxedStrategy<Value> {
    let key = prop_oneof![6 => select(PROFILE_KEYS).prop_map(str::to_string), 1 => hostile_string()];
    let hire = vec(
        (
            select(&["hired_on", "employment_insurance", "hired", ""][..]).prop_map(str::to_string),
            prop_oneof![select(PROFILE_VALUES).prop_map(Value::from), json_leaf()],
        ),
        0..3,
    )
    .prop_map(|kv| Value::Object(kv.into_iter().collect()));
    let value = prop_oneof![
        4 => select(PROFILE_VALUES).prop_map(Value::from),
        2 => json_value(),
        1 => vec(hire, 0..3).prop_map(Value::Array),
    ];
    vec((key, value), 0..10).prop_map(|kv| Value::Object(kv.into_iter().collect())).boxed()
}

/// The field a profile error names is a profile key, a hire's key, the whole profile, or the
/// unknown key itself.
fn check_profile_error(e: &Error) -> Result<(), TestCaseError> {
    match e {
        Error::Invalid { field, reason, .. } => {
            let named = field == "profile"
                || PROFILE_KEYS.contains(&field.as_str())
                || field.starts_with("new_hires[")
                || reason.starts_with("unknown profile key");
            prop_assert!(named, "error names no field: {e}");
            prop_assert!(!reason.is_empty());
            Ok(())
        }
        other => Err(TestCaseError::fail(format!("not an input error: {other:?}"))),
    }
}

proptest! {
    #![proptest_config(config(4000))]

    /// Arbitrary text to the profile parser: a profile or an input error naming a field; a
    /// profile parses back to itself from its own JSON (normalization is idempotent).
    #[test]
    fn profile_text_never_panics(text in hostile_string()) {
        match timed("Profile::from_json_str", &text, || Profile::from_json_str(&text)) {
            Ok(p) => {
                let again = Profile::from_json_value(&serde_json::to_value(&p).unwrap());
                prop_assert_eq!(again.ok(), Some(p));
            }
            Err(e) => check_profile_error(&e)?,
        }
    }

}

proptest! {
    #![proptest_config(config(1000))]

    /// Arbitrary JSON values, most shaped like profiles: the same, and `field_errors` reports a
    /// problem exactly when the profile does not parse, each naming its field.
    #[test]
    fn profile_values_never_panic(value in prop_oneof![3 => profile_like(), 1 => json_value()]) {
        let parsed = Profile::from_json_value(&value);
        match &parsed {
            Ok(p) => {
                let again = Profile::from_json_value(&serde_json::to_value(p).unwrap());
                prop_assert_eq!(again.ok(), Some(p.clone()));
                prop_assert_eq!(Profile::from_json_str(&value.to_string()).ok(), Some(p.clone()));
            }
            Err(e) => check_profile_error(e)?,
        }
        let errors = field_errors(&value);
        prop_assert_eq!(errors.is_empty(), parsed.is_ok(), "{:?}", errors);
        for fe in &errors {
            let is_key = value.as_object().is_some_and(|o| o.contains_key(&fe.field));
            let known = fe.field == "profile"
                || PROFILE_KEYS.contains(&fe.field.as_str())
                || fe.field.starts_with("new_hires[");
            prop_assert!(known || is_key, "{:?}", fe);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The bundled catalogue format.

/// The bundled catalogue files as JSON, to mutate.
static BUNDLED_JSON: LazyLock<Vec<Value>> = LazyLock::new(|| {
    catalogue::BUNDLED.iter().flat_map(|(_, text)| serde_json::from_str::<Vec<Value>>(text).unwrap()).collect()
});

static BUNDLED: LazyLock<Vec<Program>> = LazyLock::new(|| catalogue::bundled().unwrap());

/// Keys worth inserting into a program: its own and its criteria's.
#[rustfmt::skip]
const PROGRAM_KEYS: &[&str] = &[
    "id", "name", "kinds", "provider", "stages", "summary", "benefits", "criteria", "window", "source", "type",
    "city", "districts", "include", "exclude", "min", "max", "max_exclusive", "min_years", "max_years_exclusive",
    "any_of", "max_krw", "from", "to", "employment_insurance", "min_months", "text", "opens_on", "closes_on",
    "copay_share", "covered_share", "retired", "file", "url",
];

#[derive(Clone, Debug)]
enum Mutation {
    Replace(Value),
    Remove,
    Insert(String, Value),
}

fn mutation() -> BoxedStrategy<(Vec<usize>, Mutation)> {
    let big_number = prop_oneof![
        any::<u32>().prop_map(Value::from),
        (357_913_940u32..=357_913_950).prop_map(Value::from),
        (0u32..200).prop_map(Value::from),
    ];
    let value = prop_oneof![3 => json_value(), 2 => big_number, 1 => select(PROFILE_VALUES).prop_map(Value::from)];
    let m = prop_oneof![
        3 => value.clone().prop_map(Mutation::Replace),
        1 => Just(Mutation::Remove),
        2 => (select(PROGRAM_KEYS).prop_map(str::to_string), value).prop_map(|(k, v)| Mutation::Insert(k, v)),
    ];
    (vec(any::<usize>(), 0..6), m).boxed()
}

/// Walk `path` (each step picks a child by index modulo the count) and apply the mutation there.
fn mutate(v: &mut Value, path: &[usize], m: &Mutation) {
    let child = match v {
        Value::Object(o) if !o.is_empty() && !path.is_empty() => {
            let i = path[0] % o.len();
            let key = o.keys().nth(i).unwrap().clone();
            if path.len() == 1 {
                match m {
                    Mutation::Replace(x) => o[&key] = x.clone(),
                    Mutation::Remove => {
                        o.remove(&key);
                    }
                    Mutation::Insert(..) => mutate(&mut o[&key], &[], m),
                }
                return;
            }
            o.get_mut(&key)
        }
        Value::Array(a) if !a.is_empty() && !path.is_empty() => {
            let i = path[0] % a.len();
            if path.len() == 1 {
                match m {
                    Mutation::Replace(x) => a[i] = x.clone(),
                    Mutation::Remove => {
                        a.remove(i);
                    }
                    Mutation::Insert(..) => mutate(&mut a[i], &[], m),
                }
                return;
            }
            a.get_mut(i)
        }
        _ => {
            match (v, m) {
                (Value::Object(o), Mutation::Insert(k, x)) => {
                    o.insert(k.clone(), x.clone());
                }
                (Value::Array(a), Mutation::Insert(_, x)) => a.push(x.clone()),
                (v, Mutation::Replace(x)) => *v = x.clone(),
                _ => {}
            }
            return;
        }
    };
    if let Some(c) = child {
        mutate(c, &path[1..], m);
    }
}

proptest! {
    #![proptest_config(config(4000))]

    /// Arbitrary text as a catalogue file: programs, or an input error naming the file.
    #[test]
    fn catalogue_text_never_panics(text in hostile_string()) {
        match timed("catalogue::parse_file", &text, || catalogue::parse_file("fuzz.json", &text)) {
            Ok(programs) => {
                for p in &programs {
                    prop_assert!(catalogue::check_program(p).is_ok());
                }
            }
            Err(Error::Invalid { field, .. }) => prop_assert!(field.starts_with("fuzz.json"), "{}", field),
            Err(other) => prop_assert!(false, "not an input error: {:?}", other),
        }
    }
}

proptest! {
    #![proptest_config(config(400))]

    /// Bundled programs with a few random edits: the loader accepts or names the problem, and
    /// whatever it accepts evaluates without panicking for any merchant on any date.
    #[test]
    fn mutated_catalogue_programs(
        picks in vec(any::<usize>(), 1..4),
        mutations in vec(mutation(), 1..5),
        merchant in merchant(),
        as_of in as_of_date(),
    ) {
        let mut items: Vec<Value> = picks.iter().map(|i| BUNDLED_JSON[i % BUNDLED_JSON.len()].clone()).collect();
        for (path, m) in &mutations {
            let n = items.len();
            mutate(&mut items[path.first().copied().unwrap_or(0) % n], path.get(1..).unwrap_or(&[]), m);
        }
        let text = serde_json::to_string(&items).unwrap();
        match catalogue::parse_file("fuzz.json", &text) {
            Ok(programs) => {
                let facts = Facts::new(&merchant.1, as_of, &StageRules::default());
                for p in &programs {
                    let m = evaluate(p, &facts);
                    prop_assert_eq!(&m.program_id, &p.id);
                }
            }
            Err(Error::Invalid { field, .. }) => prop_assert!(field.starts_with("fuzz.json"), "{}", field),
            Err(other) => prop_assert!(false, "not an input error: {:?}", other),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Bizinfo.

fn window_text() -> BoxedStrategy<String> {
    let year = prop_oneof![
        6 => (1985u32..2215).prop_map(|y| y.to_string()),
        1 => Just("0".to_string()),
        1 => Just("26".to_string()),
        1 => Just("4294967295".to_string()),
        1 => Just("99999999999".to_string()),
        1 => "[0-9]{1,6}",
    ];
    let part = || {
        prop_oneof![
            6 => (0u32..15).prop_map(|m| format!("{m:02}")),
            2 => (0u32..40).prop_map(|m| m.to_string()),
            1 => "[0-9]{3}",
        ]
    };
    let sep = select(&["-", ".", ". ", "", " ", "/", "-."][..]);
    let time = select(&["", " 18:00", " 24:99", " :", " 09:00:00", "."][..]);
    let date = (year, sep, part(), part(), time).prop_map(|(y, s, m, d, t)| format!("{y}{s}{m}{s}{d}{t}"));
    let side = prop_oneof![8 => date, 1 => Just(String::new()), 1 => select(TOKENS).prop_map(str::to_string)];
    let around = select(&["", "예산 소진시까지", "예산소진 시", "상시 접수", "상시", "(예정)", " ", "~"][..]);
    prop_oneof![
        6 => (around.clone(), side.clone(), select(&["~", " ~ ", "~ ", " ~", "~~", " - "][..]), side.clone(), around)
            .prop_map(|(a, x, t, y, b)| format!("{a}{x}{t}{y}{b}")),
        1 => side,
        1 => hostile_string(),
    ]
    .boxed()
}

/// Pieces of HTML: tags whole and broken, entities valid and not, text and whitespace.
#[rustfmt::skip]
const HTML_PIECES: &[&str] = &[
    "<", ">", "</", "/>", "p", "br", "<p>", "</p>", "<br>", "<li", "<P STYLE=\"x\">", "<div>", "&amp;", "&#", ";",
    "&#x1F980;", "&#99999999999;", "&#xD800;", "&nbsp;", "&lt;", "가", "\u{a0}", "\n", "\r", " ", "텍스트",
];

fn html_soup() -> BoxedStrategy<String> {
    let piece = select(HTML_PIECES);
    prop_oneof![3 => vec(piece, 0..60).prop_map(|v| v.concat()), 1 => hostile_string()].boxed()
}

fn published() -> BoxedStrategy<Option<NaiveDate>> {
    weighted(0.5, (2000i32..2030, 1u32..13, 1u32..29).prop_map(|(y, m, d)| NaiveDate::from_ymd_opt(y, m, d).unwrap()))
        .boxed()
}

/// Values near the real ones for the Bizinfo keys: ids, targets, categories, region tags in
/// titles and hashtags, placeholder agencies, links, attachment lists, timestamps, HTML.
#[rustfmt::skip]
const BIZINFO_VALUES: &[&str] = &[
    "PBLN_000000000127023", "PBLN_1", "pbln 한글 ID", "", "  ", "소상공인", "창업벤처", "중소기업", "금융", "기술",
    "인력", "수출", "창업", "경영", "[경기] 2026년 모집 공고", "[서울ㆍ인천ㆍ경기] 참여 기업 모집", "[전국] 공고", "[",
    "[]", "서울,부산", "인력,서울,부산,대구,인천,광주,대전,울산,세종,경기,강원,충북,충남,전북,경북,경남,제주",
    "기초자치단체", "직접수행", "중소벤처기업부",
    "https://www.bizinfo.go.kr/sii/siia/selectSIIA200Detail.do?pblancId=PBLN_1", "a.hwpx@b.pdf@", "@",
    "2026-10-06 14:16:14", "2026-10", "2026-13-45 00:00:00", "<p>가&nbsp;나</p>", "<p>끝나지 않은 <b",
];

/// A value for a Bizinfo key: near the real ones, or anything.
fn bizinfo_text() -> BoxedStrategy<String> {
    let plausible = select(BIZINFO_VALUES).prop_map(str::to_string);
    prop_oneof![4 => plausible, 2 => window_text(), 1 => html_soup(), 2 => hostile_string()].boxed()
}

/// An object shaped like a Bizinfo notice: a random subset of the real keys, mostly with an id,
/// a title and a link, the values random text (now and then a number or null, as in the feed).
fn bizinfo_item() -> BoxedStrategy<Value> {
    let id = select(&["PBLN_000000000127023", "PBLN_1", "PBLN_2", "p-1", "한글", " "][..]).prop_map(str::to_string);
    let value = prop_oneof![8 => bizinfo_text().prop_map(Value::String), 1 => json_leaf()];
    (
        weighted(0.85, prop_oneof![3 => id, 1 => bizinfo_text()]),
        weighted(0.85, bizinfo_text()),
        weighted(0.7, bizinfo_text()),
        vec((select(BIZINFO_KEYS), value), 0..12),
    )
        .prop_map(|(id, title, url, rest)| {
            let mut o: Map<String, Value> = rest.into_iter().map(|(k, v)| (k.to_string(), v)).collect();
            for (k, v) in [("pblancId", id), ("pblancNm", title), ("pblancUrl", url)] {
                if let Some(v) = v {
                    o.insert(k.into(), v.into());
                }
            }
            Value::Object(o)
        })
        .boxed()
}

fn count_programs(s: &Store) -> usize {
    s.programs(&onestop_core::store::ProgramFilter { include_retired: true, ..Default::default() }).unwrap().len()
}

proptest! {
    #![proptest_config(config(1000))]

    /// Arbitrary response bodies: notices, or an input error naming the response.
    #[test]
    fn bizinfo_body_never_panics(body in hostile_string()) {
        match timed("bizinfo::parse_body", &body, || bizinfo::parse_body(&body)) {
            Ok(items) => {
                for (i, item) in items.iter().enumerate() {
                    let _ = bizinfo::to_program(item, i);
                }
            }
            Err(Error::Invalid { field, .. }) => prop_assert_eq!(field, "bizinfo response"),
            Err(other) => prop_assert!(false, "not an input error: {:?}", other),
        }
    }

    /// Every notice maps to a program the catalogue accepts, or to a rejection saying which
    /// record and why.
    #[test]
    fn bizinfo_items_map_or_are_rejected(item in bizinfo_item(), index in 0usize..10_000) {
        match bizinfo::to_program(&item, index) {
            Ok(p) => {
                let checked = catalogue::check_program(&p);
                prop_assert!(checked.is_ok(), "{:?} for {}", checked, item);
                prop_assert!(p.id.starts_with("bizinfo-"));
            }
            Err(r) => {
                prop_assert!(!r.id.trim().is_empty(), "{:?}", r);
                prop_assert!(!r.reason.trim().is_empty(), "{:?}", r);
            }
        }
    }

    /// Text to the window parser, arbitrary or nearly a date range: no panic or hang, and a
    /// window never closes before it opens.
    #[test]
    fn window_text_never_panics(text in window_text(), published in published()) {
        if let Ok(w) = timed("bizinfo::parse_window", &text, || bizinfo::parse_window(&text, published)) {
            if let (Some(o), Some(c)) = (w.opens_on, w.closes_on) {
                prop_assert!(o <= c, "{:?} -> {:?}", text, w);
            }
            prop_assert!(!(w.always_open && w.until_budget_exhausted));
        }
    }

    /// Real dates in each spelling the feed uses are read exactly; a range that runs backwards
    /// is refused.
    #[test]
    fn ordered_date_ranges_are_read(
        a in (1990i32..=2200, 1u32..13, 1u32..32),
        b in (1990i32..=2200, 1u32..13, 1u32..32),
        style in 0usize..4,
    ) {
        let (Some(x), Some(y)) = (NaiveDate::from_ymd_opt(a.0, a.1, a.2), NaiveDate::from_ymd_opt(b.0, b.1, b.2)) else {
            return Ok(());
        };
        let (o, c) = (x.min(y), x.max(y));
        let fmt = |dt: NaiveDate| match style {
            0 => dt.format("%Y-%m-%d").to_string(),
            1 => dt.format("%Y.%m.%d").to_string(),
            2 => dt.format("%Y. %-m. %-d.").to_string(),
            _ => dt.format("%Y%m%d").to_string(),
        };
        let text = format!("{} ~ {} 18:00", fmt(o), fmt(c));
        let w = bizinfo::parse_window(&text, None);
        prop_assert_eq!(w.map(|w| (w.opens_on, w.closes_on)), Ok((Some(o), Some(c))), "{}", text);
        let reversed = format!("{} ~ {}", fmt(c), fmt(o));
        prop_assert_eq!(bizinfo::parse_window(&reversed, None).is_ok(), o == c, "{}", reversed);
    }

    /// HTML stripping never panics; its text has no blank or untrimmed lines.
    #[test]
    fn html_to_text_never_panics(html in html_soup()) {
        if let Ok(t) = timed("bizinfo::html_to_text", &html, || bizinfo::html_to_text(&html)) {
            prop_assert!(t.lines().all(|l| !l.is_empty() && l.trim() == l), "{:?} -> {:?}", html, t);
        }
    }
}

proptest! {
    #![proptest_config(config(96))]

    /// A whole body imported into a store: a well-formed body imports (bad notices are rejected,
    /// not fatal), every notice is accounted for, and a failed import writes nothing.
    #[test]
    fn bizinfo_import_is_all_or_nothing(
        mut items in vec(bizinfo_item(), 0..6),
        shape in 0usize..4,
        cut in any::<usize>(),
    ) {
        let mut store = Store::open_in_memory().unwrap();
        let before = count_programs(&store);
        if shape == 3 {
            items.truncate(1);
        }
        let body = match shape {
            0 => json!({ "jsonArray": items }).to_string(),
            1 => json!({ "jsonArray": { "item": items } }).to_string(),
            2 => {
                // Truncated in transit.
                let full = json!({ "jsonArray": items }).to_string();
                let mut at = cut % full.len();
                while !full.is_char_boundary(at) {
                    at -= 1;
                }
                full[..at].to_string()
            }
            // The documented shape with a single notice, not in a list.
            _ => json!({ "jsonArray": { "item": items.first().cloned().unwrap_or(Value::Null) } }).to_string(),
        };
        let well_formed = shape != 2 && !(shape == 3 && items.is_empty());
        match bizinfo::import_body(&mut store, &body) {
            Ok(s) => {
                prop_assert_eq!(count_programs(&store), before + s.imported as usize);
                prop_assert_eq!((s.imported + s.updated + s.unchanged + s.rejected) as usize, items.len());
                prop_assert_eq!(s.rejections.len(), s.rejected as usize);
            }
            Err(e) => {
                prop_assert!(!well_formed, "a well-formed body failed to import: {}", e);
                prop_assert!(e.is_user_error(), "{}", e);
                prop_assert_eq!(count_programs(&store), before);
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Business registration numbers.

proptest! {
    #![proptest_config(config(4000))]

    /// Arbitrary text: a number formatted 123-45-67890 that checks again, or an error naming
    /// the field.
    #[test]
    fn brn_never_panics(text in prop_oneof![hostile_string(), "[0-9 -]{0,16}", "[0-9０-９-]{10,12}"]) {
        match brn::normalize(&text) {
            Ok(n) => {
                let shape: Vec<usize> = n.split('-').map(str::len).collect();
                prop_assert_eq!(shape, vec![3, 2, 5], "{}", n);
                prop_assert!(n.chars().all(|c| c.is_ascii_digit() || c == '-'));
                prop_assert_eq!(brn::normalize(&n).ok(), Some(n.clone()));
            }
            Err(Error::Invalid { field, .. }) => prop_assert_eq!(field, "business_registration_number"),
            Err(other) => prop_assert!(false, "not an input error: {:?}", other),
        }
    }

    /// For any nine digits exactly one of the ten possible last digits checks, in any spelling.
    #[test]
    fn exactly_one_check_digit(first9 in "[0-9]{9}", style in 0usize..3) {
        let digits: [u32; 9] = std::array::from_fn(|i| first9.as_bytes()[i] as u32 - u32::from(b'0'));
        let spell = |last: u32| match style {
            0 => format!("{first9}{last}"),
            1 => format!("{}-{}-{}{last}", &first9[..3], &first9[3..5], &first9[5..]),
            _ => format!(" {} {} {}{last} ", &first9[..3], &first9[3..5], &first9[5..]),
        };
        let valid: Vec<u32> = (0..10).filter(|&last| brn::normalize(&spell(last)).is_ok()).collect();
        prop_assert_eq!(valid, vec![brn::check_digit(&digits)]);
    }
}

// ---------------------------------------------------------------------------------------------
// Eligibility.

const KSIC_CODES: &[&str] = &[
    "56221", "47190", "10711", "41221", "62010", "56211", "56212", "64110", "68112", "49", "56", "562", "5622", "47",
    "10", "68", "64", "58", "96",
];

fn date_in(years: std::ops::Range<i32>) -> impl Strategy<Value = NaiveDate> {
    (years, 1u32..13, 1u32..32).prop_map(|(y, m, d)| {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_else(|| NaiveDate::from_ymd_opt(y, m, 28).unwrap())
    })
}

/// The as-of dates of the seeds (around the 2022 and 2023 windows) and later ones.
fn as_of_date() -> BoxedStrategy<NaiveDate> {
    prop_oneof![
        select(&["2022-11-01", "2022-11-30", "2023-04-03", "2023-04-30", "2023-05-02", "2024-06-01", "2026-11-21"][..])
            .prop_map(d),
        date_in(2021..2028),
    ]
    .boxed()
}

fn valid_brn() -> BoxedStrategy<String> {
    "[0-9]{9}"
        .prop_map(|s| {
            let digits: [u32; 9] = std::array::from_fn(|i| s.as_bytes()[i] as u32 - u32::from(b'0'));
            format!("{s}{}", brn::check_digit(&digits))
        })
        .boxed()
}

/// A merchant: a random subset of the facts with plausible values, as profile JSON and parsed.
/// Facts that contradict each other (closing before opening, say) are dropped until it parses.
fn merchant() -> BoxedStrategy<(Map<String, Value>, Profile)> {
    let district = select(SEOUL_DISTRICTS).prop_map(|(ko, _)| ko);
    let location = prop_oneof![
        4 => district.clone().prop_map(|d| (Some("서울특별시"), Some(d))),
        1 => Just((Some("서울특별시"), None)),
        1 => Just((Some("부산광역시"), Some("해운대구"))),
        1 => Just((Some("경기도"), None)),
        1 => district.clone().prop_map(|d| (None, Some(d))),
        1 => Just((None, None)),
    ];
    let hire = (date_in(2021..2026), weighted(0.8, any::<bool>()));
    let p = 0.6;
    let facts1 = (
        location,
        weighted(p, select(KSIC_CODES)),
        weighted(p, prop_oneof![0u32..12, 0u32..60]),
        weighted(p, date_in(1990..2030)),
        weighted(0.25, date_in(2020..2030)),
        weighted(p, select(&["operating", "suspended", "closed"][..])),
        weighted(0.25, date_in(1995..2028)),
        weighted(p, date_in(1940..2010)),
    );
    let facts2 = (
        weighted(p, any::<bool>()),
        weighted(p, prop_oneof![0u64..1_000_000_000, any::<u64>()]),
        weighted(p, vec(hire, 0..4)),
        weighted(0.3, prop_oneof![Just(""), district]),
        weighted(0.4, any::<bool>()),
        weighted(p, valid_brn()),
        weighted(0.1, select(&["pre_startup", "startup", "growth", "restart"][..])),
    );
    // The yes/no attributes notices ask about (certifications, legal form, ...).
    let attributes = vec(weighted(0.5, any::<bool>()), Attribute::ALL.len());
    (facts1, facts2, attributes)
        .prop_map(|(f1, f2, attrs)| {
            let (loc, ksic, workers, founded, closed, status, prev, birth) = f1;
            let (nonprofit, sales, hires, factory, incubator, brn, stage) = f2;
            let mut m = Map::new();
            let mut put = |k: &str, v: Option<Value>| {
                if let Some(v) = v {
                    m.insert(k.to_string(), v);
                }
            };
            let date = |x: Option<NaiveDate>| x.map(|x| Value::from(x.to_string()));
            put("city", loc.0.map(Value::from));
            put("district", loc.1.map(Value::from));
            put("ksic_code", ksic.map(Value::from));
            put("full_time_workers", workers.map(Value::from));
            put("founded_on", date(founded));
            put("closed_on", date(closed));
            put("business_status", status.map(Value::from));
            put("previously_closed_on", date(prev));
            put("owner_birth_date", date(birth));
            put("nonprofit", nonprofit.map(Value::from));
            put("annual_sales_krw", sales.map(Value::from));
            put(
                "new_hires",
                hires.map(|hs| {
                    hs.into_iter()
                        .map(|(on, ins)| {
                            let mut h = json!({ "hired_on": on.to_string() });
                            if let Some(i) = ins {
                                h["employment_insurance"] = i.into();
                            }
                            h
                        })
                        .collect()
                }),
            );
            put("factory_district", factory.map(Value::from));
            put("incubator_tenant", incubator.map(Value::from));
            put("business_registration_number", brn.map(Value::from));
            put("stage", stage.map(Value::from));
            for (a, v) in Attribute::ALL.iter().zip(attrs) {
                put(a.key(), v.map(Value::from));
            }
            loop {
                match Profile::from_json_value(&Value::Object(m.clone())) {
                    Ok(p) => return (m, p),
                    Err(Error::Invalid { field, .. }) => {
                        let key = if field.starts_with("new_hires") { "new_hires".to_string() } else { field };
                        // A district found in several cities, without its city, is refused as "city".
                        let removed = m.remove(&key).or_else(|| m.remove("district"));
                        assert!(removed.is_some(), "generated a profile that cannot be fixed: {key}");
                    }
                    Err(e) => panic!("{e}"),
                }
            }
        })
        .boxed()
}

/// The same merchant with one fact left out: each top-level fact, and each hire's insurance.
/// The staff `stage` override is not a fact about the merchant but a decision that replaces the
/// derived stage, so it is neither removed nor added here (it stays in the profiles that have it).
fn with_one_fact_less(m: &Map<String, Value>) -> Vec<(String, Profile)> {
    let mut out = Vec::new();
    for key in m.keys().filter(|k| *k != "stage") {
        let mut less = m.clone();
        less.remove(key);
        // Leaving out the city of a district found in several cities is refused, not unknown.
        if let Ok(p) = Profile::from_json_value(&Value::Object(less)) {
            out.push((key.clone(), p));
        }
    }
    if let Some(Value::Array(hires)) = m.get("new_hires") {
        for i in 0..hires.len() {
            let mut less = m.clone();
            if less["new_hires"][i].as_object_mut().unwrap().remove("employment_insurance").is_some() {
                out.push((
                    format!("new_hires[{i}].employment_insurance"),
                    Profile::from_json_value(&Value::Object(less)).unwrap(),
                ));
            }
        }
    }
    out
}

/// Facts that contradict each other on the as-of date describe no merchant, and no verdict is
/// asserted for them: a registration status of operating or suspended with a closing date already
/// past; a closed status, a closing date or a registration number for a business that has not
/// opened yet. The profile accepts them (the status carries no date), and the engine then follows
/// its own precedence.
///
/// The last one is the engine's assumption, not the law's: it takes a business to register when
/// it opens (`registered` fails a business not yet open that has no number on file; `operating`
/// passes an operating status with a number but no opening date), although a business may
/// register before it opens (부가가치세법 제8조).
fn contradictory(p: &Profile, as_of: NaiveDate) -> bool {
    let closed_by_date = p.closed_on.is_some_and(|c| c <= as_of);
    let not_open = p.founded_on.is_some_and(|f| f > as_of);
    let status_not_closed = matches!(p.business_status, Some(BusinessStatus::Operating | BusinessStatus::Suspended));
    let status_closed = p.business_status == Some(BusinessStatus::Closed);
    let registered = p.business_registration_number.is_some();
    (status_not_closed && closed_by_date) || (not_open && (status_closed || p.closed_on.is_some() || registered))
}

/// Facts that refine a stage already derived from the opening date. The stage is derived, as
/// documented, from the opening date alone when they are unknown (an unknown closing date counts
/// as "not closed"), so leaving one out can move a known stage to another known stage.
const STAGE_REFINERS: &[&str] = &["closed_on", "business_status", "previously_closed_on"];

fn mentions_stage(c: &Criterion) -> bool {
    match c {
        Criterion::Stage { .. } => true,
        Criterion::AnyOf { criteria } | Criterion::AllOf { criteria } => criteria.iter().any(mentions_stage),
        Criterion::FromNotice { criterion, .. } => mentions_stage(criterion),
        _ => false,
    }
}

/// A business small by headcount is presumed within a size class (소상공인 ⊂ 소기업 ⊂ 중소기업)
/// until its annual sales say otherwise, so adding the sales can rule out what the headcount let
/// pass: the one documented exception, like the stage's.
fn mentions_size(c: &Criterion) -> bool {
    match c {
        Criterion::Size { .. } => true,
        Criterion::AnyOf { criteria } | Criterion::AllOf { criteria } => criteria.iter().any(mentions_size),
        Criterion::FromNotice { criterion, .. } => mentions_size(criterion),
        _ => false,
    }
}

/// Check one (less, more) pair on every program: what is only known with more facts must not
/// be claimed with fewer.
fn check_monotone(
    programs: &[Program],
    more: &Profile,
    less: &Profile,
    left_out: &str,
    as_of: NaiveDate,
    rules: &StageRules,
) -> Result<(), TestCaseError> {
    if contradictory(more, as_of) {
        return Ok(());
    }
    let (fm, fl) = (Facts::new(more, as_of, rules), Facts::new(less, as_of, rules));
    let stage_moved = STAGE_REFINERS.contains(&left_out)
        && fm.stage.stage.is_some()
        && fl.stage.stage.is_some()
        && fm.stage.stage != fl.stage.stage;
    for program in programs {
        if stage_moved && program.criteria.iter().any(mentions_stage) {
            continue;
        }
        if left_out == "annual_sales_krw" && program.criteria.iter().any(mentions_size) {
            continue;
        }
        let (vm, vl) = (evaluate(program, &fm), evaluate(program, &fl));
        check_dates(program, &vm, as_of)?;
        check_dates(program, &vl, as_of)?;
        let bad = match (vl.verdict, vm.verdict) {
            // Leaving a fact out turned unknown or ineligible into eligible.
            (Verdict::Eligible, Verdict::Unknown | Verdict::Ineligible) => true,
            // Adding a fact turned ineligible into eligible, or a failing criterion into unknown.
            (Verdict::Ineligible, Verdict::Eligible | Verdict::Unknown) => true,
            _ => false,
        };
        prop_assert!(
            !bad,
            "{} on {}: without {} the verdict is {:?}, with it {:?}\nprofile: {}\nwithout: {:#?}\nwith: {:#?}",
            program.id,
            as_of,
            left_out,
            vl.verdict,
            vm.verdict,
            serde_json::to_string(more).unwrap(),
            vl.reasons.iter().map(|r| (&r.criterion, r.outcome, &r.en)).collect::<Vec<_>>(),
            vm.reasons.iter().map(|r| (&r.criterion, r.outcome, &r.en)).collect::<Vec<_>>(),
        );
    }
    Ok(())
}

/// A criterion that holds only later says when, and an eligible merchant can apply on a date
/// that is in the window and no earlier than any criterion holds.
fn check_dates(program: &Program, m: &Match, as_of: NaiveDate) -> Result<(), TestCaseError> {
    for r in &m.reasons {
        if r.outcome == Outcome::Pending {
            prop_assert!(
                r.passes_on.is_some_and(|on| on > as_of),
                "{} on {}: pending without a later date: {:?}",
                program.id,
                as_of,
                r
            );
        }
    }
    if m.verdict == Verdict::Eligible {
        let later = m.reasons.iter().filter_map(|r| r.passes_on).chain(program.window.opens_on).max();
        prop_assert_eq!(m.earliest_application_on, later, "{} on {}", program.id, as_of);
        if let (Some(e), Some(c)) = (m.earliest_application_on, program.window.closes_on) {
            prop_assert!(e <= c, "{} on {}: eligible from {} after the window closes on {}", program.id, as_of, e, c);
        }
    }
    Ok(())
}

fn rules() -> impl Strategy<Value = StageRules> {
    prop_oneof![
        3 => Just(StageRules::default()),
        1 => (1u32..8, 1u32..6)
            .prop_map(|(s, r)| StageRules { startup_max_years: s, restart_years_after_refounding: r }),
    ]
}

proptest! {
    #![proptest_config(config(400))]

    /// Every bundled program, a random merchant and the same merchant with one fact left out.
    #[test]
    fn bundled_verdicts_are_monotone_in_the_facts(
        merchant in merchant(),
        dates in vec(as_of_date(), 1..3),
        rules in rules(),
    ) {
        let (json, more) = merchant;
        for (left_out, less) in with_one_fact_less(&json) {
            for &as_of in &dates {
                check_monotone(&BUNDLED, &more, &less, &left_out, as_of, &rules)?;
            }
        }
    }
}

// Generated programs: any criteria the catalogue accepts, with windows.

fn criterion_leaf() -> BoxedStrategy<Value> {
    let seoul: Vec<&str> = SEOUL_DISTRICTS.iter().map(|d| d.0).collect();
    let districts = subsequence(seoul.clone(), 0..3);
    let patterns = ["I", "C", "K", "L", "F", "56", "562", "5622", "56221", "56211", "47", "10", "41", "62"];
    let small = || prop_oneof![3 => (0u32..90).prop_map(Some), 1 => Just(None), 1 => any::<u32>().prop_map(Some)];
    prop_oneof![
        (select(&["서울특별시", "부산광역시", "경기도"][..]), districts).prop_map(|(c, ds)| {
            let ds = if c == "서울특별시" { ds } else { vec![] };
            json!({"type": "location", "city": c, "districts": ds})
        }),
        (subsequence(patterns.to_vec(), 0..3), subsequence(patterns.to_vec(), 0..3))
            .prop_map(|(i, e)| json!({"type": "sector", "include": i, "exclude": e})),
        Just(json!({"type": "small_business"})),
        (small(), small()).prop_map(|(a, b)| json!({"type": "headcount", "min": a, "max_exclusive": b})),
        (small(), small()).prop_map(|(a, b)| json!({"type": "owner_age", "min": a, "max": b})),
        (small(), small()).prop_map(|(a, b)| json!({"type": "business_age", "min_years": a, "max_years_exclusive": b})),
        subsequence(vec!["pre_startup", "startup", "growth", "restart"], 1..4)
            .prop_map(|s| json!({"type": "stage", "any_of": s})),
        Just(json!({"type": "not_nonprofit"})),
        Just(json!({"type": "registered"})),
        Just(json!({"type": "operating"})),
        prop_oneof![1u64..1_000_000_000, any::<u64>()].prop_map(|m| json!({"type": "annual_sales", "max_krw": m})),
        (date_in(2020..2026), 0u64..800, any::<bool>(), prop_oneof![3 => 0u32..24, 1 => any::<u32>()]).prop_map(
            |(from, len, insured, months)| {
                let to = from + chrono::Days::new(len);
                json!({"type": "new_hire", "from": from.to_string(), "to": to.to_string(),
                       "employment_insurance": insured, "min_months": months})
            }
        ),
        subsequence(seoul, 1..3).prop_map(|ds| json!({"type": "factory_in", "districts": ds})),
        Just(json!({"type": "incubator_tenant"})),
        select(&["micro", "small", "medium", "mid_cap"][..]).prop_map(|c| json!({"type": "size", "at_most": c})),
        Just(json!({"type": "pre_startup"})),
        (select(&Attribute::ALL[..]), any::<bool>())
            .prop_map(|(a, has)| json!({"type": "attribute", "attribute": a.key(), "has": has})),
    ]
    .boxed()
}

fn criterion() -> BoxedStrategy<Value> {
    let declared = Just(json!({"type": "declared", "text": {"ko": "신청인 확인", "en": "declared"}}));
    prop_oneof![
        6 => criterion_leaf(),
        2 => criterion_leaf().prop_map(|c| json!({"type": "from_notice", "words": "공고문 문구", "criterion": c})),
        2 => vec(prop_oneof![4 => criterion_leaf(), 1 => declared], 2..4)
            .prop_map(|c| json!({"type": "any_of", "criteria": c})),
        1 => Just(json!({"type": "unstructured", "text": {"ko": "공고문 참조", "en": "see the notice"}})),
    ]
    .boxed()
}

/// A program with generated criteria and window, or `None` when the catalogue refuses it.
fn generated_program() -> BoxedStrategy<Option<Program>> {
    let window = (weighted(0.5, date_in(2021..2027)), weighted(0.5, 0u64..400), any::<bool>());
    (vec(criterion(), 0..5), window)
        .prop_map(|(criteria, (opens, len, budget))| {
            let mut p = BUNDLED_JSON[0].clone();
            p["id"] = "generated".into();
            p["criteria"] = criteria.into();
            let mut w = json!({ "until_budget_exhausted": budget && opens.is_some() });
            if let Some(o) = opens {
                w["opens_on"] = o.to_string().into();
            }
            if let Some(len) = len {
                let close = opens.unwrap_or(d("2023-01-01")) + chrono::Days::new(len);
                w["closes_on"] = close.to_string().into();
            }
            p["window"] = w;
            let p: Program = serde_json::from_value(p).unwrap();
            catalogue::check_program(&p).is_ok().then_some(p)
        })
        .boxed()
}

proptest! {
    #![proptest_config(config(600))]

    /// The same for generated programs: any criteria the catalogue accepts, any window.
    #[test]
    fn generated_verdicts_are_monotone_in_the_facts(
        programs in vec(generated_program(), 1..4),
        merchant in merchant(),
        as_of in as_of_date(),
        rules in rules(),
    ) {
        let programs: Vec<Program> = programs.into_iter().flatten().collect();
        let (json, more) = merchant;
        for (left_out, less) in with_one_fact_less(&json) {
            check_monotone(&programs, &more, &less, &left_out, as_of, &rules)?;
        }
    }
}
