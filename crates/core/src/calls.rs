//! "Who should we call?": after an import or a catalogue publish, the programs new since staff
//! last looked and, for each, the merchants it now fits or that one answer would settle. Contacts
//! appear only as stored, and a phone is stored only with the merchant's consent.

use std::collections::HashMap;

use chrono::{NaiveDate, NaiveDateTime};
use serde::Serialize;

use crate::eligibility::{self, question_for, Facts, Missing, Verdict};
use crate::journal::Event;
use crate::matching::Prospect;
use crate::program::{Kind, WindowStatus};
use crate::{Error, L10n, Result, Store};

/// The setting holding when staff last looked at the list.
const LAST_LOOK: &str = "calls.last_look";
/// Merchants listed per program on the screen, and in the CSV (the counts are always whole).
const SHOWN: usize = 200;
const EXPORTED: usize = 10_000;
/// Before the first look, "new" means added within this many days.
const FIRST_LOOK_DAYS: i64 = 14;

/// One new program and whom to call about it.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CallProgram {
    pub program_id: String,
    pub name: L10n,
    pub kinds: Vec<Kind>,
    pub window: WindowStatus,
    pub added_at: NaiveDateTime,
    pub eligible: u32,
    /// Merchants one answer away (exactly one missing fact).
    pub one_question: u32,
    /// Eligible first, then one question away; by name; at most 200 on the screen and 10,000
    /// in the CSV (`eligible` and `one_question` count them all).
    pub prospects: Vec<Prospect>,
}

/// The list: programs added after `since`, newest first, those with someone to call first.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CallList {
    pub since: NaiveDateTime,
    /// Whether `since` is the last look (false: before the first look, the last 14 days).
    pub since_last_look: bool,
    pub as_of: NaiveDate,
    pub merchants_checked: u32,
    /// New programs whose window has closed, or that were retired, are left out (there is
    /// nothing to call about).
    pub programs: Vec<CallProgram>,
}

/// The programs new since the last look: when that was, whether there was one, and each new
/// program's id with when it was added.
struct NewPrograms {
    since: NaiveDateTime,
    since_last_look: bool,
    added: HashMap<String, NaiveDateTime>,
}

impl NewPrograms {
    /// The new programs one can still apply to on `as_of` (retired and closed ones left out).
    fn open<'c>(&self, catalogue: &'c [crate::Program], as_of: NaiveDate) -> Vec<&'c crate::Program> {
        catalogue
            .iter()
            .filter(|p| !p.retired && self.added.contains_key(&p.id) && p.window.status(as_of) != WindowStatus::Closed)
            .collect()
    }
}

impl Store {
    fn new_programs(&self, now: NaiveDateTime) -> Result<NewPrograms> {
        // The last look is a mark in the catalogue's history (exact, whatever the clock says),
        // with the time it was taken for people; a mark beyond the history (a restored older
        // database) counts as no look.
        let conn = self.connection();
        let mark = onestop_store::programs::versions_mark(conn)?;
        let last = self.setting(LAST_LOOK)?.and_then(|v| {
            let (m, at) = v.split_once('@')?;
            Some((m.parse::<i64>().ok()?, NaiveDateTime::parse_from_str(at, "%Y-%m-%dT%H:%M:%S").ok()?))
        });
        let last = last.filter(|(m, _)| *m <= mark);
        let since = last.map_or(now - chrono::Duration::days(FIRST_LOOK_DAYS), |(_, at)| at);
        let added = onestop_store::programs::added_after(conn, last.map(|(m, _)| m), since)?.into_iter().collect();
        Ok(NewPrograms { since, since_last_look: last.is_some(), added })
    }

    /// How many programs one can still apply to are new since the last look (for Today).
    pub fn new_programs_count(&self, as_of: NaiveDate, now: NaiveDateTime) -> Result<u32> {
        Ok(self.new_programs(now)?.open(&self.catalogue()?, as_of).len() as u32)
    }

    /// The list, unlogged (for [`Store::view_calls`] and the export).
    fn calls(&self, as_of: NaiveDate, now: NaiveDateTime, limit: usize) -> Result<CallList> {
        let new = self.new_programs(now)?;
        let catalogue = self.catalogue()?;
        let programs = new.open(&catalogue, as_of);
        let NewPrograms { since, since_last_look, added } = new;
        let rules = self.stage_rules()?;
        // Every profile read once; then each merchant screened against every new program, the
        // merchants split between the cores (a city desk: 100 programs × 100,000 merchants).
        let mut merchants: Vec<(String, crate::Profile)> = Vec::new();
        let checked = onestop_store::merchants::each_profile(self.connection(), &mut |id, profile| {
            merchants.push((id, profile));
            Ok(())
        })?;
        // What a merchant is to a program, kept small until the list is cut: the merchant's
        // place in `merchants`, the verdict, what is missing, when.
        type Hit = (usize, Verdict, Missing, Option<NaiveDate>);
        let screen_part = |offset: usize, part: &[(String, crate::Profile)]| -> Vec<Vec<Hit>> {
            let mut found: Vec<Vec<Hit>> = vec![Vec::new(); programs.len()];
            for (k, (_, profile)) in part.iter().enumerate() {
                let facts = Facts::new(profile, as_of, &rules);
                for (i, p) in programs.iter().enumerate() {
                    let s = eligibility::screen(p, &facts);
                    let callable =
                        s.verdict == Verdict::Eligible || (s.verdict == Verdict::Unknown && s.missing.len() == 1);
                    if callable {
                        found[i].push((offset + k, s.verdict, s.missing, s.earliest_application_on));
                    }
                }
            }
            found
        };
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).clamp(1, 8);
        let chunk = merchants.len().div_ceil(threads).max(1_000);
        let parts: Vec<Vec<Vec<Hit>>> = if merchants.len() <= chunk {
            vec![screen_part(0, &merchants)]
        } else {
            std::thread::scope(|scope| {
                let screen_part = &screen_part;
                let handles: Vec<_> = merchants
                    .chunks(chunk)
                    .enumerate()
                    .map(|(c, part)| scope.spawn(move || screen_part(c * chunk, part)))
                    .collect();
                handles.into_iter().map(|h| h.join().unwrap_or_else(|p| std::panic::resume_unwind(p))).collect()
            })
        };
        let mut found: Vec<Vec<Hit>> = vec![Vec::new(); programs.len()];
        for part in parts {
            for (all, mine) in found.iter_mut().zip(part) {
                all.extend(mine);
            }
        }
        let mut out: Vec<CallProgram> = programs
            .iter()
            .zip(found)
            .map(|(p, mut hits)| {
                let eligible = hits.iter().filter(|h| h.1 == Verdict::Eligible).count() as u32;
                let one_question = hits.len() as u32 - eligible;
                let key = |h: &Hit| (h.1, &merchants[h.0].1.name, &merchants[h.0].0);
                hits.sort_by(|a, b| key(a).cmp(&key(b)));
                hits.truncate(limit);
                let prospects = hits
                    .into_iter()
                    .map(|(m, verdict, missing, earliest_application_on)| {
                        let (merchant_id, profile) = &merchants[m];
                        Prospect {
                            merchant_id: merchant_id.clone(),
                            name: profile.name.clone(),
                            district: profile.district.clone(),
                            phone: profile.phone.clone(),
                            verdict,
                            missing: missing.keys(),
                            earliest_application_on,
                        }
                    })
                    .collect();
                CallProgram {
                    program_id: p.id.clone(),
                    name: p.name.clone(),
                    kinds: p.kinds.clone(),
                    window: p.window.status(as_of),
                    added_at: added[&p.id],
                    eligible,
                    one_question,
                    prospects,
                }
            })
            .collect();
        out.sort_by(|a, b| {
            (a.prospects.is_empty(), std::cmp::Reverse(a.added_at), &a.program_id).cmp(&(
                b.prospects.is_empty(),
                std::cmp::Reverse(b.added_at),
                &b.program_id,
            ))
        });
        Ok(CallList { since, since_last_look, as_of, merchants_checked: checked, programs: out })
    }

    /// The list as staff see it (it names merchants and their phones): the view is logged.
    pub fn view_calls(&self, as_of: NaiveDate, now: NaiveDateTime) -> Result<CallList> {
        let list = self.calls(as_of, now, SHOWN)?;
        let detail = format!("{} new program(s), {} merchant(s) listed", list.programs.len(), listed(&list));
        self.record(Event::Viewed { kind: "calls", id: "new-programs", detail: &detail })?;
        Ok(list)
    }

    /// Mark the list as seen now: the next list starts from here.
    pub fn mark_calls_seen(&mut self, now: NaiveDateTime) -> Result<()> {
        let mark = onestop_store::programs::versions_mark(self.connection())?;
        let value = format!("{mark}@{}", now.format("%Y-%m-%dT%H:%M:%S"));
        self.set_mark(LAST_LOOK, &value, "calls", "new-programs", "marked seen")
    }

    /// The list as CSV (one row per program and merchant), in the desk's language; the export is
    /// logged.
    pub fn export_calls_csv(&self, as_of: NaiveDate, now: NaiveDateTime, lang: crate::Lang) -> Result<Vec<u8>> {
        let list = self.calls(as_of, now, EXPORTED)?;
        let bytes = calls_csv(&list, lang)?;
        let detail = format!("calls CSV: {} merchant row(s)", listed(&list));
        self.record(Event::Exported { kind: "calls", id: "new-programs", detail: &detail })?;
        Ok(bytes)
    }
}

fn listed(list: &CallList) -> usize {
    list.programs.iter().map(|p| p.prospects.len()).sum()
}

/// One row per program and merchant to call.
pub fn calls_csv(list: &CallList, lang: crate::Lang) -> Result<Vec<u8>> {
    let en = lang == crate::Lang::En;
    let mut w = csv::Writer::from_writer(Vec::new());
    let err = |e: csv::Error| Error::Io { path: "calls CSV".into(), source: std::io::Error::other(e) };
    let header: [&str; 8] = if en {
        ["program_id", "program", "merchant_id", "business", "district", "phone", "verdict", "to_ask"]
    } else {
        ["프로그램 ID", "프로그램", "가맹점 ID", "상호", "자치구", "연락처", "판정", "확인할 사항"]
    };
    w.write_record(header).map_err(err)?;
    for p in &list.programs {
        for x in &p.prospects {
            let ask: Vec<String> = x.missing.iter().map(|f| question_for(f).get(lang).to_string()).collect();
            // Names, districts and program titles come from people and feeds: never a formula.
            let cell = crate::sheet::cell;
            w.write_record([
                cell(&p.program_id).as_ref(),
                &cell(p.name.get(lang)),
                &cell(&x.merchant_id),
                &cell(x.name.as_deref().unwrap_or("")),
                &cell(x.district.as_deref().unwrap_or("")),
                &cell(x.phone.as_deref().unwrap_or("")),
                x.verdict.label().get(lang),
                &cell(&ask.join(" / ")),
            ])
            .map_err(err)?;
        }
    }
    let mut bytes = w.into_inner().map_err(|e| Error::Io { path: "calls CSV".into(), source: e.into_error() })?;
    // A byte-order mark so spreadsheet programs read the Korean text as UTF-8.
    bytes.splice(0..0, [0xEF, 0xBB, 0xBF]);
    Ok(bytes)
}
