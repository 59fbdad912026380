//! The period report's counts (tables `consultations`, `merchants`, `consultation_programs`,
//! `referrals`, `follow_ups`, and for its results `applications`, `duties`, `partners`,
//! `programs`, read only).
//!
//! One pass over the period's consultations (a covering index), counting in memory: SQLite's
//! GROUP BY would sort a million rows once per figure. Merchants' stage facts and the programs,
//! referrals and follow-ups are read for the period's consultations: looked up one by one for a
//! short period, or read whole when the period holds a good share of all consultations.

use std::collections::hash_map::Entry;

use chrono::NaiveDate;
use onestop_domain::report::{PeriodFigures, PeriodResults};
use onestop_domain::stage::{self, StageRules};
use rusqlite::{params, Connection};
use rustc_hash::FxHashMap;

use crate::{Error, Result};

/// Count the period's consultations [from, to] (whole days) by stage (under `rules`), channel,
/// topic, counselor, programs, referrals; overdue follow-ups as of `as_of`.
pub fn period(
    conn: &Connection,
    from: NaiveDate,
    to: NaiveDate,
    as_of: NaiveDate,
    rules: &StageRules,
) -> Result<PeriodFigures> {
    let start = from.and_hms_opt(0, 0, 0).unwrap_or_default();
    let end = (to + chrono::Duration::days(1)).and_hms_opt(0, 0, 0).unwrap_or_default();
    let in_period: i64 =
        conn.query_row("SELECT count(*) FROM consultations WHERE at >= ?1 AND at < ?2", params![start, end], |r| {
            r.get(0)
        })?;
    // Read whole past a quarter of all consultations (max(rowid) counts them closely enough).
    let all: i64 = conn.query_row("SELECT coalesce(max(rowid), 0) FROM consultations", [], |r| r.get(0))?;
    let whole = in_period * 4 >= all;
    let stage_facts = |id: &str, json: &str| -> Result<stage::StageFacts> {
        serde_json::from_str(json).map_err(|e| Error::corrupt(format!("profile of {id}"), e))
    };
    // Each merchant's stage facts: all in one scan for a long period, else as they come.
    let mut stages: FxHashMap<u128, stage::StageFacts> = FxHashMap::default();
    if whole {
        let mut stmt = conn.prepare_cached("SELECT id, profile FROM merchants")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let id = col(r, 0)?;
            stages.insert(uuid_of(id)?, stage_facts(id, col(r, 1)?)?);
        }
    }
    let mut profile_of = conn.prepare_cached("SELECT profile FROM merchants WHERE id = ?1")?;
    let (mut by_stage, mut by_channel, mut by_topic, mut by_counselor) =
        (Tally::default(), Tally::default(), Tally::default(), Tally::default());
    let mut ids: Vec<u128> = Vec::with_capacity(in_period.max(0) as usize);
    let mut stmt = conn.prepare_cached(
        "SELECT id, merchant_id, at, channel, counselor, topics FROM consultations WHERE at >= ?1 AND at < ?2",
    )?;
    let mut rows = stmt.query(params![start, end])?;
    while let Some(r) = rows.next()? {
        ids.push(uuid_of(col(r, 0)?)?);
        let merchant_id = col(r, 1)?;
        let facts = match stages.entry(uuid_of(merchant_id)?) {
            Entry::Occupied(f) => *f.get(),
            Entry::Vacant(v) => {
                let json: String = profile_of.query_row([merchant_id], |r| r.get(0))?;
                *v.insert(stage_facts(merchant_id, &json)?)
            }
        };
        let on = date_of(col(r, 2)?)?;
        by_stage.add(stage::stage_on(facts, on, rules).map_or("unknown", |s| s.as_str()));
        by_channel.add(col(r, 3)?);
        by_counselor.add(col(r, 4)?);
        let topics = col(r, 5)?;
        let unreadable = |e: serde_json::Error| Error::corrupt("topics", format!("{topics}: {e}"));
        // Borrowed from the row unless a topic has an escape in it.
        match serde_json::from_str::<Vec<&str>>(topics) {
            Ok(list) => list.into_iter().for_each(|t| by_topic.add(t)),
            Err(_) => {
                serde_json::from_str::<Vec<String>>(topics).map_err(unreadable)?.iter().for_each(|t| by_topic.add(t))
            }
        }
    }
    // Sorted: a UUID's number orders as its (lowercase, as stored) text, the order the tables
    // below are read in.
    ids.sort_unstable();
    // Referrals by institution, then by status within it.
    let (mut programs, mut referrals, mut overdue) = (Tally::default(), FxHashMap::<String, Tally>::default(), 0u64);
    let as_of_text = as_of.to_string();
    each_row_of_period(conn, &ids, whole, "SELECT consultation_id, program_id FROM consultation_programs", |r| {
        programs.add(col(r, 1)?);
        Ok(())
    })?;
    each_row_of_period(conn, &ids, whole, "SELECT consultation_id, institution, status FROM referrals", |r| {
        let institution = col(r, 1)?;
        match referrals.get_mut(institution) {
            Some(by_status) => by_status.add(col(r, 2)?),
            None => referrals.entry(institution.to_string()).or_default().add(col(r, 2)?),
        }
        Ok(())
    })?;
    each_row_of_period(conn, &ids, whole, "SELECT consultation_id, done, due_on FROM follow_ups", |r| {
        if r.get::<_, i64>(1)? == 0 && col(r, 2)? < as_of_text.as_str() {
            overdue += 1;
        }
        Ok(())
    })?;
    Ok(PeriodFigures {
        from,
        to,
        consultations: ids.len() as u64,
        by_stage: by_stage.sorted(),
        by_channel: by_channel.sorted(),
        by_topic: by_topic.sorted(),
        by_counselor: by_counselor.sorted(),
        programs: programs.sorted(),
        referrals: {
            let mut v: Vec<(String, String, u64)> = referrals
                .into_iter()
                .flat_map(|(institution, by_status)| {
                    by_status.0.into_iter().map(move |(status, n)| (institution.clone(), status, n))
                })
                .collect();
            v.sort_by(|a, b| b.2.cmp(&a.2).then_with(|| (&a.0, &a.1).cmp(&(&b.0, &b.1))));
            v
        },
        overdue_follow_ups: overdue,
        as_of,
        results: results(conn, from, to, as_of)?,
    })
}

/// The results of the period [from, to] (tables `applications`, `duties`, `referrals`,
/// `partners`, `programs`, read only): a few grouped queries over small tables, or over the
/// referrals' rows of the answers in the period.
pub fn results(conn: &Connection, from: NaiveDate, to: NaiveDate, as_of: NaiveDate) -> Result<PeriodResults> {
    let (start, end) = (from.to_string(), (to + chrono::Duration::days(1)).to_string());
    let pairs = |sql: &str, args: &[&dyn rusqlite::ToSql]| -> Result<Vec<(String, u64)>> {
        let mut stmt = conn.prepare_cached(sql)?;
        let rows = stmt.query_map(args, |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?.max(0) as u64)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    };
    let applications_by_status = pairs(
        "SELECT status, count(*) FROM applications
          WHERE json_extract(data, '$.created_at') >= ?1 AND json_extract(data, '$.created_at') < ?2
          GROUP BY status ORDER BY 2 DESC, 1",
        &[&start, &end],
    )?;
    // Obtained: applications paid in the period (by their program's first kind), and referrals'
    // results in the period (by the result's kind).
    let mut obtained: FxHashMap<String, (u64, u64)> = FxHashMap::default();
    {
        let mut stmt = conn.prepare_cached(
            "SELECT coalesce(json_extract(p.kinds, '$[0]'), 'unknown'), count(*),
                    coalesce(sum(json_extract(a.data, '$.amount_paid_krw')), 0)
               FROM applications a LEFT JOIN programs p ON p.id = a.program_id
              WHERE json_extract(a.data, '$.paid_on') >= ?1 AND json_extract(a.data, '$.paid_on') <= ?2
              GROUP BY 1",
        )?;
        let rows = stmt.query_map([from.to_string(), to.to_string()], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?, r.get::<_, i64>(2)?))
        })?;
        for row in rows {
            let (kind, n, won) = row?;
            let e = obtained.entry(kind).or_default();
            e.0 += n.max(0) as u64;
            e.1 += won.max(0) as u64;
        }
        let mut stmt = conn.prepare_cached(
            "SELECT result_kind, count(*), coalesce(sum(result_amount_krw), 0) FROM referrals
              WHERE result_on >= ?1 AND result_on <= ?2 GROUP BY 1",
        )?;
        let rows = stmt.query_map([from.to_string(), to.to_string()], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?, r.get::<_, i64>(2)?))
        })?;
        for row in rows {
            let (kind, n, won) = row?;
            let e = obtained.entry(kind).or_default();
            e.0 += n.max(0) as u64;
            e.1 += won.max(0) as u64;
        }
    }
    let mut obtained_by_kind: Vec<(String, u64, u64)> = obtained.into_iter().map(|(k, (n, w))| (k, n, w)).collect();
    obtained_by_kind.sort_by(|a, b| b.2.cmp(&a.2).then_with(|| b.1.cmp(&a.1)).then_with(|| a.0.cmp(&b.0)));
    let referrals_by_partner: Vec<(String, String, u64, u64)> = {
        let mut stmt = conn.prepare_cached(
            "SELECT coalesce(json_extract(p.data, '$.name.ko'), r.institution), r.status, count(*),
                    coalesce(sum(r.result_amount_krw), 0)
               FROM referrals r LEFT JOIN partners p ON p.id = r.partner_id
              WHERE r.answered_on >= ?1 AND r.answered_on <= ?2
              GROUP BY 1, 2 ORDER BY 3 DESC, 1, 2",
        )?;
        let rows = stmt.query_map([from.to_string(), to.to_string()], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, i64>(2)?.max(0) as u64,
                r.get::<_, i64>(3)?.max(0) as u64,
            ))
        })?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    let overdue_duties_by_counselor = pairs(
        "SELECT coalesce(c.counselor, json_extract(a.data, '$.saved_by')), count(*)
           FROM duties d JOIN applications a ON a.id = d.application_id
           LEFT JOIN consultations c ON c.id = a.consultation_id
          WHERE d.done = 0 AND d.due_on IS NOT NULL AND d.due_on < ?1
          GROUP BY 1 ORDER BY 2 DESC, 1",
        &[&as_of.to_string()],
    )?;
    Ok(PeriodResults { applications_by_status, obtained_by_kind, referrals_by_partner, overdue_duties_by_counselor })
}

/// Counts by key, without allocating for a key already seen.
#[derive(Default)]
struct Tally(FxHashMap<String, u64>);

impl Tally {
    fn add(&mut self, key: &str) {
        match self.0.get_mut(key) {
            Some(n) => *n += 1,
            None => {
                self.0.insert(key.to_string(), 1);
            }
        }
    }
    /// Most first, then by key (as `ORDER BY count DESC, key` would).
    fn sorted(self) -> Vec<(String, u64)> {
        let mut v: Vec<(String, u64)> = self.0.into_iter().collect();
        v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        v
    }
}

/// A text column, borrowed from the row.
fn col<'r>(r: &'r rusqlite::Row<'_>, i: usize) -> Result<&'r str> {
    r.get_ref(i)?.as_str().map_err(|e| Error::corrupt(format!("column {i}"), format!("is not text: {e}")))
}

/// The date of a stored `YYYY-MM-DDThh:mm:ss`, read from its digits (chrono's format parser
/// would be a tenth of the report's time over a million rows).
fn date_of(at: &str) -> Result<NaiveDate> {
    let b = at.as_bytes();
    let num = |r: std::ops::Range<usize>| {
        b.get(r)
            .filter(|d| d.iter().all(u8::is_ascii_digit))
            .map(|d| d.iter().fold(0u32, |n, c| n * 10 + u32::from(c - b'0')))
    };
    match (num(0..4), b.get(4), num(5..7), b.get(7), num(8..10)) {
        (Some(y), Some(b'-'), Some(m), Some(b'-'), Some(d)) => NaiveDate::from_ymd_opt(y as i32, m, d),
        _ => None,
    }
    .ok_or_else(|| Error::corrupt("consultation time", format!("{at} is not a date")))
}

/// A stored record id (every merchant and consultation id is a UUID) as a number.
fn uuid_of(text: &str) -> Result<u128> {
    uuid::Uuid::parse_str(text)
        .map(|u| u.as_u128())
        .map_err(|e| Error::corrupt("id", format!("{text} is not a UUID: {e}")))
}

/// Run `each` on the rows of `select` (whose first column is a consultation id) that belong to
/// the period's consultations `ids` (sorted): the whole table read in id order alongside them,
/// or looked up per id.
fn each_row_of_period(
    conn: &rusqlite::Connection,
    ids: &[u128],
    whole: bool,
    select: &str,
    mut each: impl FnMut(&rusqlite::Row<'_>) -> Result<()>,
) -> Result<()> {
    if whole {
        let mut stmt = conn.prepare_cached(&format!("{select} ORDER BY consultation_id"))?;
        let mut rows = stmt.query([])?;
        let mut next = 0;
        while let Some(r) = rows.next()? {
            let id = uuid_of(col(r, 0)?)?;
            while ids.get(next).is_some_and(|i| *i < id) {
                next += 1;
            }
            if ids.get(next) == Some(&id) {
                each(r)?;
            }
        }
    } else {
        let mut stmt = conn.prepare_cached(&format!("{select} WHERE consultation_id = ?1"))?;
        for id in ids {
            let mut rows = stmt.query([uuid::Uuid::from_u128(*id).to_string()])?;
            while let Some(r) = rows.next()? {
                each(r)?;
            }
        }
    }
    Ok(())
}
