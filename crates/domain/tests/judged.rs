//! How right is matching on real notices? Scores the engine's verdicts against a hand-judged set.
//!
//! `tests/fixtures/judged.json` holds six merchant profiles and, for real Bizinfo and K-Startup
//! notices, one label per merchant made by reading the notice as a counter officer would: who may
//! apply (`eligible`, `ineligible`, or `unknown` with the profile keys that would settle it). The
//! labels were made without reading the extraction code. K-Startup notices also carry `fields`:
//! per merchant, whether the structured fields alone rule it out or admit it (`supt_regin`;
//! `biz_enyy` as 예비창업자 admitted and years in business under the largest bracket, a closed
//! business counting as a would-be founder; `biz_trgt_age`). Where the notice's prose contradicts
//! them (a venture alternative, "누구나"), the label follows the prose. This test maps each notice, evaluates
//! every merchant on the file's date and prints how often the engine is wrong, how many of the
//! merchants a notice rules out it also rules out, and how often it is unknown without a fact to
//! ask, with the worst disagreements so a developer sees what to fix.
//!
//! Run: `cargo test -p onestop-domain --test judged -- --nocapture`. The thresholds are the
//! figures measured when they were set, with a small margin; `JUDGED_MAX_WRONG_PCT`,
//! `JUDGED_MIN_RULED_OUT_PCT`, `JUDGED_MAX_UNKNOWN_NO_FACT_PCT`, `JUDGED_MIN_FIELDS_OUT_PCT` and
//! `JUDGED_MAX_FIELDS_ADMIT_OUT_PCT` override them (e.g. to check the targets: 3, 75, 35, 98, 10).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use chrono::NaiveDate;
use onestop_domain::eligibility::{evaluate, Facts};
use onestop_domain::profile::PROFILE_KEYS;
use onestop_domain::stage::StageRules;
use onestop_domain::{Match, Profile, Program, Verdict};
use serde_json::Value;

// Thresholds in percent: the targets. Measured when set (Bizinfo and K-Startup, 900
// pairs, as of 2026-04-20, on this extraction): wrong 2.7%, ruled out 83.9%, unknown with nothing
// to ask 29.0%, K-Startup fields out 100%, admitted but ruled out 5.7%. (On the stub extraction,
// Bizinfo only: wrong 0.6%, ruled out 46.1%, unknown with nothing to ask 64.6%.) The labels are
// the development set the rules were written against; the judged set kept aside is the real test.
/// Wrong verdicts, share of all pairs: at most.
const MAX_WRONG_PCT: f64 = 3.0;
/// Pairs labelled ineligible that the engine rules out: at least.
const MIN_RULED_OUT_PCT: f64 = 75.0;
/// Engine unknown with nothing to ask, share of all pairs: at most.
const MAX_UNKNOWN_NO_FACT_PCT: f64 = 35.0;
/// K-Startup: pairs the structured fields rule out that the engine rules out: at least.
const MIN_FIELDS_OUT_PCT: f64 = 98.0;
/// K-Startup: pairs the structured fields admit that the engine rules out: at most.
const MAX_FIELDS_ADMIT_OUT_PCT: f64 = 10.0;

/// How many disagreements to print.
const WORST: usize = 20;

fn data(file: &str) -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data").join(file);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("parsing {}: {e}", path.display()))
}

fn fixture() -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/judged.json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("parsing {}: {e}", path.display()))
}

/// K-Startup announcements, mapped by `onestop_domain::kstartup::to_program`.
fn kstartup_program(item: &Value, index: usize) -> Option<Result<Program, String>> {
    Some(onestop_domain::kstartup::to_program(item, index).map_err(|e| format!("{e:?}")))
}

fn bizinfo_program(item: &Value, index: usize) -> Result<Program, String> {
    onestop_domain::bizinfo::to_program(item, index).map_err(|r| format!("{}: {}", r.id, r.reason))
}

fn verdict(s: &str) -> Verdict {
    match s {
        "eligible" => Verdict::Eligible,
        "ineligible" => Verdict::Ineligible,
        "unknown" => Verdict::Unknown,
        other => panic!("label verdict {other:?}: expected eligible, ineligible or unknown"),
    }
}

fn pct(n: usize, of: usize) -> f64 {
    if of == 0 {
        0.0
    } else {
        100.0 * n as f64 / of as f64
    }
}

fn threshold(var: &str, default: f64) -> f64 {
    match std::env::var(var) {
        Ok(v) => v.trim().parse().unwrap_or_else(|_| panic!("{var}={v:?}: expected a number (percent)")),
        Err(_) => default,
    }
}

/// Counts for one feed (or all).
#[derive(Default, Clone, Copy)]
struct Tally {
    pairs: usize,
    wrong: usize,
    /// Engine eligible where labelled ineligible.
    false_eligible: usize,
    /// Engine ineligible where labelled eligible.
    false_ineligible: usize,
    /// Engine decided where labelled unknown.
    decided_unknown: usize,
    labelled_ineligible: usize,
    ruled_out: usize,
    unknown_no_fact: usize,
    fields_out: usize,
    fields_out_ruled_out: usize,
    fields_admit: usize,
    fields_admit_ruled_out: usize,
}

impl Tally {
    fn add(&mut self, o: &Tally) {
        self.pairs += o.pairs;
        self.wrong += o.wrong;
        self.false_eligible += o.false_eligible;
        self.false_ineligible += o.false_ineligible;
        self.decided_unknown += o.decided_unknown;
        self.labelled_ineligible += o.labelled_ineligible;
        self.ruled_out += o.ruled_out;
        self.unknown_no_fact += o.unknown_no_fact;
        self.fields_out += o.fields_out;
        self.fields_out_ruled_out += o.fields_out_ruled_out;
        self.fields_admit += o.fields_admit;
        self.fields_admit_ruled_out += o.fields_admit_ruled_out;
    }
}

/// One pair the engine and the label disagree on; lower `rank` is worse.
struct Disagreement {
    rank: u8,
    feed: String,
    id: String,
    merchant: String,
    label: Verdict,
    engine: Verdict,
    reason: String,
    why: String,
}

/// The reason that decided the engine's verdict (reasons come worst first), shortened.
fn deciding_reason(m: &Match) -> String {
    let text = m.reasons.first().map(|r| r.ko.as_str()).unwrap_or("(이유 없음 / no reason)");
    // The citation is the notice's own address, already named by its id.
    let text = text.split(" (출처: ").next().unwrap_or(text);
    let short: String = text.chars().take(110).collect();
    if short.len() < text.len() {
        format!("{short}…")
    } else {
        short
    }
}

#[test]
fn matching_against_hand_judged_notices() {
    let fx = fixture();
    let as_of = NaiveDate::parse_from_str(fx["as_of"].as_str().expect("as_of"), "%Y-%m-%d").expect("as_of date");
    let merchants: BTreeMap<String, Profile> = fx["merchants"]
        .as_object()
        .expect("merchants")
        .iter()
        .map(|(name, v)| {
            let p = Profile::from_json_value(v).unwrap_or_else(|e| panic!("merchant {name}: {e}"));
            (name.clone(), p)
        })
        .collect();
    assert_eq!(merchants.len(), 6, "six merchants");
    let rules = StageRules::default();

    let bizinfo = data("bizinfo-api-dev-180.json");
    let bizinfo: HashMap<&str, (usize, &Value)> = bizinfo["jsonArray"]
        .as_array()
        .expect("bizinfo jsonArray")
        .iter()
        .enumerate()
        .map(|(i, item)| (item["pblancId"].as_str().expect("pblancId"), (i, item)))
        .collect();
    let kstartup = data("kstartup-api-sample.json");
    let kstartup: HashMap<String, (usize, &Value)> = kstartup["data"]
        .as_array()
        .expect("kstartup data")
        .iter()
        .enumerate()
        .map(|(i, item)| (item["pbanc_sn"].to_string().trim_matches('"').to_string(), (i, item)))
        .collect();

    let notices = fx["notices"].as_array().expect("notices");
    // The judged set: every even-indexed Bizinfo dev notice and every K-Startup sample notice.
    let count = |feed: &str| notices.iter().filter(|n| n["feed"] == feed).count();
    assert_eq!(count("bizinfo"), bizinfo.len().div_ceil(2), "every even-indexed Bizinfo notice is labelled");
    assert_eq!(count("kstartup"), kstartup.len(), "every K-Startup notice is labelled");
    let mut tallies: BTreeMap<String, Tally> = BTreeMap::new();
    let mut skipped: BTreeMap<String, usize> = BTreeMap::new();
    let mut worst: Vec<Disagreement> = Vec::new();
    for n in notices {
        let feed = n["feed"].as_str().expect("feed");
        let id = n["id"].as_str().expect("id");
        let why = n["why"].as_str().unwrap_or("").to_string();
        let program = match feed {
            "bizinfo" => {
                let (index, item) = bizinfo.get(id).unwrap_or_else(|| panic!("bizinfo notice {id} not in the data"));
                assert_eq!(index % 2, 0, "bizinfo notice {id} is at odd index {index}: only even ones are judged");
                bizinfo_program(item, *index).unwrap_or_else(|e| panic!("bizinfo notice {id} does not map: {e}"))
            }
            "kstartup" => {
                let (index, item) = kstartup.get(id).unwrap_or_else(|| panic!("kstartup notice {id} not in the data"));
                match kstartup_program(item, *index) {
                    None => {
                        *skipped.entry(feed.to_string()).or_default() += 1;
                        continue;
                    }
                    Some(p) => p.unwrap_or_else(|e| panic!("kstartup notice {id} does not map: {e}")),
                }
            }
            other => panic!("notice {id}: unknown feed {other:?}"),
        };
        let labels = n["labels"].as_object().expect("labels");
        let mut labelled: Vec<&String> = labels.keys().collect();
        labelled.sort();
        assert_eq!(labelled, merchants.keys().collect::<Vec<_>>(), "notice {id} labels every merchant");
        let tally = tallies.entry(feed.to_string()).or_default();
        for (name, profile) in &merchants {
            let label = &labels[name];
            let want = verdict(label["verdict"].as_str().expect("verdict"));
            if let Some(ask) = label["ask"].as_array() {
                assert_eq!(want, Verdict::Unknown, "notice {id} {name}: ask is only for unknown");
                for k in ask {
                    let k = k.as_str().expect("ask key");
                    assert!(PROFILE_KEYS.contains(&k), "notice {id} {name}: ask key {k:?} is not a profile key");
                }
            }
            let m = evaluate(&program, &Facts::new(profile, as_of, &rules));
            let got = m.verdict;
            tally.pairs += 1;
            let (wrong, rank) = match (want, got) {
                (Verdict::Ineligible, Verdict::Eligible) => {
                    tally.false_eligible += 1;
                    (true, 0)
                }
                (Verdict::Eligible, Verdict::Ineligible) => {
                    tally.false_ineligible += 1;
                    (true, 1)
                }
                (Verdict::Unknown, Verdict::Eligible | Verdict::Ineligible) => {
                    tally.decided_unknown += 1;
                    (true, 2)
                }
                (Verdict::Ineligible, Verdict::Unknown) => (false, 3),
                _ => (false, u8::MAX),
            };
            tally.wrong += usize::from(wrong);
            if want == Verdict::Ineligible {
                tally.labelled_ineligible += 1;
                tally.ruled_out += usize::from(got == Verdict::Ineligible);
            }
            if got == Verdict::Unknown && m.missing.is_empty() {
                tally.unknown_no_fact += 1;
            }
            match n.get("fields").and_then(|f| f.get(name)).and_then(Value::as_str) {
                Some("rules_out") => {
                    tally.fields_out += 1;
                    tally.fields_out_ruled_out += usize::from(got == Verdict::Ineligible);
                }
                Some("admits") => {
                    tally.fields_admit += 1;
                    tally.fields_admit_ruled_out += usize::from(got == Verdict::Ineligible);
                }
                Some(other) => panic!("notice {id} {name}: fields {other:?}: expected rules_out or admits"),
                None => {}
            }
            if rank != u8::MAX {
                worst.push(Disagreement {
                    rank,
                    feed: feed.to_string(),
                    id: id.to_string(),
                    merchant: name.clone(),
                    label: want,
                    engine: got,
                    reason: deciding_reason(&m),
                    why: why.clone(),
                });
            }
        }
    }

    for (feed, count) in &skipped {
        println!();
        println!("!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!");
        println!("!! 건너뜀 / SKIPPED: {count} {feed} notices are labelled but NOT scored:");
        println!("!! onestop_domain::{feed}::to_program is not switched on in tests/judged.rs");
        println!("!! (see kstartup_program). Their figures below are missing.");
        println!("!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!");
    }

    let mut all = Tally::default();
    for t in tallies.values() {
        all.add(t);
    }
    println!();
    println!("판정 대조 / hand-judged matching, as of {as_of}");
    println!(
        "{:<9} {:>5} {:>6} {:>7} {:>5} {:>5} {:>5} {:>6} {:>10} {:>11} {:>10} {:>11}",
        "feed",
        "pairs",
        "wrong",
        "wrong%",
        "E←I",
        "I←E",
        "D←U",
        "inel",
        "ruled_out%",
        "unk_nofact%",
        "fields_out%",
        "admit_out%"
    );
    let rows: Vec<(String, Tally)> =
        tallies.iter().map(|(f, t)| (f.clone(), *t)).chain(std::iter::once(("all".to_string(), all))).collect();
    for (feed, t) in &rows {
        let fields = |n: usize, of: usize| if of == 0 { "-".to_string() } else { format!("{:.1}", pct(n, of)) };
        println!(
            "{:<9} {:>5} {:>6} {:>7.1} {:>5} {:>5} {:>5} {:>6} {:>10.1} {:>11.1} {:>10} {:>11}",
            feed,
            t.pairs,
            t.wrong,
            pct(t.wrong, t.pairs),
            t.false_eligible,
            t.false_ineligible,
            t.decided_unknown,
            t.labelled_ineligible,
            pct(t.ruled_out, t.labelled_ineligible),
            pct(t.unknown_no_fact, t.pairs),
            fields(t.fields_out_ruled_out, t.fields_out),
            fields(t.fields_admit_ruled_out, t.fields_admit),
        );
    }
    println!(
        "E←I engine eligible, labelled ineligible; I←E engine ineligible, labelled eligible; D←U engine decided, \
         labelled unknown. targets: wrong ≤ 3%, ruled_out ≥ 75%, unk_nofact ≤ 35%, fields_out ≥ 98%, admit_out ≤ 10%"
    );

    worst.sort_by_key(|d| d.rank);
    println!();
    println!("가장 나쁜 불일치 / worst disagreements (wrong first, then ineligible left unknown):");
    for d in worst.iter().take(WORST) {
        println!(
            "  {} {} {:<8} label {:<10} engine {:<10} | {} | 판정 근거: {}",
            d.feed,
            d.id,
            d.merchant,
            d.label.as_str(),
            d.engine.as_str(),
            d.reason,
            d.why
        );
    }
    println!();

    assert!(all.pairs > 0, "no notice was scored");
    let checks = [
        ("JUDGED_MAX_WRONG_PCT", pct(all.wrong, all.pairs), MAX_WRONG_PCT, true),
        ("JUDGED_MIN_RULED_OUT_PCT", pct(all.ruled_out, all.labelled_ineligible), MIN_RULED_OUT_PCT, false),
        ("JUDGED_MAX_UNKNOWN_NO_FACT_PCT", pct(all.unknown_no_fact, all.pairs), MAX_UNKNOWN_NO_FACT_PCT, true),
    ];
    let mut failures = Vec::new();
    for (var, measured, default, is_max) in checks {
        let limit = threshold(var, default);
        if (is_max && measured > limit) || (!is_max && measured < limit) {
            failures
                .push(format!("{var}: measured {measured:.1}% against {} {limit}%", if is_max { "≤" } else { "≥" }));
        }
    }
    if all.fields_out + all.fields_admit > 0 {
        let out = pct(all.fields_out_ruled_out, all.fields_out);
        let limit = threshold("JUDGED_MIN_FIELDS_OUT_PCT", MIN_FIELDS_OUT_PCT);
        if out < limit {
            failures.push(format!("JUDGED_MIN_FIELDS_OUT_PCT: measured {out:.1}% against ≥ {limit}%"));
        }
        let admit = pct(all.fields_admit_ruled_out, all.fields_admit);
        let limit = threshold("JUDGED_MAX_FIELDS_ADMIT_OUT_PCT", MAX_FIELDS_ADMIT_OUT_PCT);
        if admit > limit {
            failures.push(format!("JUDGED_MAX_FIELDS_ADMIT_OUT_PCT: measured {admit:.1}% against ≤ {limit}%"));
        }
    }
    assert!(failures.is_empty(), "below the thresholds: {}", failures.join("; "));
}
