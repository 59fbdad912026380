//! Printed documents: the merchant-facing consultation summary and the manager's period report
//! (PDF, plus the period figures as CSV). Korean by default, English on request.

use std::collections::hash_map::Entry;

use rustc_hash::FxHashMap;

use chrono::NaiveDate;
use rusqlite::params;
use serde::Serialize;

use crate::eligibility::{question_for, Outcome, Verdict};
use crate::ksic::Ksic;
use crate::pdf::{Layout, BLACK, GREY};
use crate::program::Program;
use crate::stage;
use crate::store::Store;
use crate::text::{L10n, Lang};
use crate::{Error, Result};

/// Options for the consultation summary.
#[derive(Clone, Debug)]
pub struct SummaryOptions {
    pub lang: Lang,
    /// Leave the counselor's internal notes out of a merchant-facing copy.
    pub include_internal_notes: bool,
    /// The date D-day counts are taken from (the printing date).
    pub on: NaiveDate,
}

fn tr(lang: Lang, ko: &str, en: &str) -> String {
    if lang == Lang::Ko {
        ko.to_string()
    } else {
        en.to_string()
    }
}

fn dday(days: i64) -> String {
    match days {
        0 => "D-day".into(),
        d if d > 0 => format!("D-{d}"),
        d => format!("D+{}", -d),
    }
}

/// The consultation summary as laid-out pages (rendered by [`consultation_summary_pdf`]).
pub fn consultation_summary(store: &Store, consultation_id: &str, opt: &SummaryOptions) -> Result<Layout> {
    let lang = opt.lang;
    let t = |ko: &str, en: &str| tr(lang, ko, en);
    let c = store.consultation(consultation_id)?;
    let m = store.merchant(&c.merchant_id)?;
    let settings = store.desk_settings()?;
    let programs: Vec<Program> = c.programs.iter().map(|d| store.program(&d.program_id)).collect::<Result<_>>()?;
    let mut l = Layout::new()?;

    l.text(&t("소상공인 원스톱 상담 결과 안내", "One-stop consultation summary"), 18.0, crate::pdf::ACCENT, 0.0, "");
    let center = if settings.center.is_empty() {
        t("소상공인 원스톱 종합지원센터", "One-stop support center")
    } else {
        settings.center.clone()
    };
    let channel = match c.channel.as_str() {
        "counter" => t("창구", "counter"),
        "visit" => t("방문", "visit"),
        "phone" => t("전화", "phone"),
        _ => t("온라인", "online"),
    };
    let mut line = format!(
        "{center} · {} {} · {} · {channel}",
        t("상담자", "Counselor"),
        c.counselor,
        c.at.format("%Y-%m-%d %H:%M")
    );
    if let Some(p) = &c.place {
        line += &format!(" ({p})");
    }
    l.text(&line, 10.0, GREY, 0.0, "");

    // The facts the matching used.
    l.heading(&t("상담 기업 정보", "Business facts used"), 13.0);
    let p = &m.profile;
    let finding = stage::derive(p, c.at.date(), &store.stage_rules()?);
    let mut facts: Vec<(String, String)> = Vec::new();
    let mut fact = |label: String, value: Option<String>| {
        facts.push((label, value.unwrap_or_else(|| t("미확인", "unknown"))));
    };
    fact(t("상호", "Business"), p.name.clone());
    fact(t("사업자등록번호", "Registration no."), p.business_registration_number.clone());
    fact(
        t("소재지", "Location"),
        p.city.as_ref().map(|city| format!("{city} {}", p.district.clone().unwrap_or_default()).trim().to_string()),
    );
    fact(
        t("업종", "Sector"),
        p.ksic_code.as_ref().map(|k| match Ksic::get().name(k) {
            Some((ko, en)) => format!("{} ({k})", if lang == Lang::Ko { ko } else { en }),
            None => k.clone(),
        }),
    );
    fact(t("상시근로자", "Full-time workers"), p.full_time_workers.map(|n| n.to_string()));
    fact(t("개업일", "Opened"), p.founded_on.map(|d| d.to_string()));
    fact(
        t("사업 단계", "Stage"),
        finding.stage.map(|s| format!("{} ({})", s.label().get(lang), finding.basis.get(lang))),
    );
    for (label, value) in facts {
        l.text(&format!("{label}: {value}"), 10.5, BLACK, 8.0, "");
    }

    // Programs discussed, with the verdicts as they were at the consultation.
    l.heading(&t("안내한 지원사업", "Recommended programs"), 13.0);
    if c.programs.is_empty() {
        l.text(&t("안내한 지원사업이 없습니다.", "No programs were discussed."), 10.5, GREY, 8.0, "");
    }
    for (d, program) in c.programs.iter().zip(&programs) {
        let s = &d.snapshot;
        l.gap(4.0);
        l.text(&format!("{} — {}", program.name.get(lang), s.verdict.label().get(lang)), 11.5, BLACK, 0.0, "■ ");
        let mut when = s.window.label().get(lang).to_string();
        if let Some(closes) = program.window.closes_on {
            when += &format!(" · {} {closes} ({})", t("마감", "closes"), dday((closes - opt.on).num_days()));
        }
        if let Some(e) = s.earliest_application_on {
            when += &format!(" · {} {e}", t("신청 가능일", "apply from"));
        }
        l.text(&when, 9.5, GREY, 12.0, "");
        for r in s.reasons.iter().filter(|r| matches!(r.outcome, Outcome::Pass | Outcome::Pending)) {
            // The source is cited once per program below, not on every line.
            let text = if lang == Lang::Ko { &r.ko } else { &r.en };
            let suffix =
                if lang == Lang::Ko { format!(" (출처: {})", r.source) } else { format!(" (source: {})", r.source) };
            l.text(text.strip_suffix(&suffix).unwrap_or(text), 9.5, BLACK, 12.0, "✓ ");
        }
        if s.verdict == Verdict::Unknown {
            for f in &s.missing {
                l.text(question_for(f).get(lang), 9.5, BLACK, 12.0, "? ");
            }
        }
        for item in &s.to_confirm {
            l.text(item.get(lang), 9.5, BLACK, 12.0, "□ ");
        }
        l.text(
            &format!("{}: {} ({})", t("출처", "Source"), program.source.cite(), program.source.dated),
            8.5,
            GREY,
            12.0,
            "",
        );
    }

    // What to bring, once per document.
    let mut documents: Vec<&L10n> = Vec::new();
    for program in &programs {
        for doc in &program.apply.documents {
            if !documents.contains(&doc) {
                documents.push(doc);
            }
        }
    }
    if !documents.is_empty() {
        l.heading(&t("준비 서류", "What to bring"), 13.0);
        for doc in documents {
            l.text(doc.get(lang), 10.5, BLACK, 8.0, "□ ");
        }
    }

    // Next steps.
    if !c.follow_ups.is_empty() || !c.referrals.is_empty() {
        l.heading(&t("다음 단계", "Next steps"), 13.0);
        for f in &c.follow_ups {
            let mark = if f.done { "☑ " } else { "□ " };
            l.text(
                &format!("{} ({}) {}", f.due_on, dday((f.due_on - opt.on).num_days()), f.action),
                10.5,
                BLACK,
                8.0,
                mark,
            );
        }
        for r in &c.referrals {
            l.text(
                &format!(
                    "{}: {} ({})",
                    t("연계", "Referral"),
                    r.institution,
                    referral_status(lang, &serde_plain(&r.status))
                ),
                10.5,
                BLACK,
                8.0,
                "→ ",
            );
        }
    }

    // Contacts of the institutions involved.
    let mut contacts: Vec<String> = Vec::new();
    for program in &programs {
        for o in std::iter::once(&program.provider).chain(&program.partners) {
            let name = if lang == Lang::Ko { &o.ko } else { &o.en };
            let entry = match &o.contact {
                Some(contact) => format!("{name} — {contact}"),
                None => name.clone(),
            };
            if !contacts.contains(&entry) {
                contacts.push(entry);
            }
        }
    }
    if !contacts.is_empty() {
        l.heading(&t("관련 기관", "Institutions"), 13.0);
        for entry in contacts {
            l.text(&entry, 10.0, BLACK, 8.0, "· ");
        }
    }

    if let Some(o) = &c.outcome {
        l.heading(&t("상담 결과", "Outcome"), 13.0);
        l.text(o, 10.5, BLACK, 8.0, "");
    }
    if opt.include_internal_notes && !c.notes.trim().is_empty() {
        l.heading(&t("상담 메모", "Notes"), 13.0);
        l.text(&c.notes, 10.5, BLACK, 8.0, "");
    }
    l.gap(10.0);
    l.text(
        &t(
            "지원 여부는 각 기관의 심사로 최종 결정됩니다. 출처와 기준일은 각 사업 안내를 따릅니다.",
            "Final decisions rest with each institution's review. Sources and dates are as in each program's notice.",
        ),
        8.5,
        GREY,
        0.0,
        "",
    );
    Ok(l)
}

fn referral_status(lang: Lang, s: &str) -> String {
    let (ko, en) = match s {
        "proposed" => ("안내함", "proposed"),
        "referred" => ("연계함", "referred"),
        "accepted" => ("접수됨", "accepted"),
        "completed" => ("완료", "completed"),
        "declined" => ("거절됨", "declined"),
        other => (other, other),
    };
    tr(lang, ko, en)
}

fn serde_plain<T: Serialize>(v: &T) -> String {
    serde_json::to_string(v).unwrap_or_default().trim_matches('"').to_string()
}

pub fn consultation_summary_pdf(store: &Store, consultation_id: &str, opt: &SummaryOptions) -> Result<Vec<u8>> {
    let title = tr(opt.lang, "상담 결과 안내", "Consultation summary");
    let pdf = consultation_summary(store, consultation_id, opt)?
        .render(&title, if opt.lang == Lang::Ko { "ko" } else { "en" })?;
    let id = store.consultation(consultation_id)?.id.to_string();
    store.record(crate::journal::Event::Printed { kind: "consultation", id: &id, detail: "summary PDF" })?;
    Ok(pdf)
}

/// The figures of a period report.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PeriodFigures {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub consultations: u64,
    pub by_stage: Vec<(String, u64)>,
    pub by_channel: Vec<(String, u64)>,
    pub by_topic: Vec<(String, u64)>,
    pub by_counselor: Vec<(String, u64)>,
    /// Programs discussed, most often first.
    pub programs: Vec<(String, u64)>,
    /// (institution, status, count)
    pub referrals: Vec<(String, String, u64)>,
    /// Follow-ups of these consultations not done and due before `as_of`.
    pub overdue_follow_ups: u64,
    pub as_of: NaiveDate,
}

/// Count the period's consultations [from, to] (whole days) by stage, channel, topic, counselor,
/// programs, referrals; overdue follow-ups as of `as_of`.
///
/// One pass over the period's consultations (a covering index), counting in memory: SQLite's
/// GROUP BY would sort a million rows once per figure. Merchants' stage facts and the programs,
/// referrals and follow-ups are read for the period's consultations: looked up one by one for a
/// short period, or read whole when the period holds a good share of all consultations.
pub fn period_figures(store: &Store, from: NaiveDate, to: NaiveDate, as_of: NaiveDate) -> Result<PeriodFigures> {
    if to < from {
        return Err(Error::invalid("--to", to, format!("is before --from {from}")));
    }
    let conn = store.connection();
    let start = from.and_hms_opt(0, 0, 0).unwrap_or_default();
    let end = (to + chrono::Duration::days(1)).and_hms_opt(0, 0, 0).unwrap_or_default();
    let rules = store.stage_rules()?;
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
        by_stage.add(stage::stage_on(facts, on, &rules).map_or("unknown", |s| s.as_str()));
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
    })
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

/// The period report as a PDF (Korean or English), with bar charts.
pub fn period_report_pdf(store: &Store, f: &PeriodFigures, lang: Lang) -> Result<Vec<u8>> {
    let t = |ko: &str, en: &str| tr(lang, ko, en);
    let settings = store.desk_settings()?;
    let mut l = Layout::new()?;
    l.text(&t("소상공인 원스톱 상담 실적 보고", "One-stop center period report"), 18.0, crate::pdf::ACCENT, 0.0, "");
    l.text(
        &format!("{} · {} ~ {} · {} {}", settings.center, f.from, f.to, t("상담", "consultations"), f.consultations),
        10.0,
        GREY,
        0.0,
        "",
    );
    let label = |kind: &str, key: &str| -> String {
        match kind {
            "stage" => key
                .parse::<stage::Stage>()
                .map(|s| s.label().get(lang).to_string())
                .unwrap_or_else(|_| t("미확인", "unknown")),
            "channel" => key
                .parse::<crate::consultation::Channel>()
                .map(|_| match key {
                    "counter" => t("창구", "counter"),
                    "visit" => t("방문", "visit"),
                    "phone" => t("전화", "phone"),
                    _ => t("온라인", "online"),
                })
                .unwrap_or_else(|_| key.to_string()),
            "program" => store.program(key).map(|p| p.name.get(lang).to_string()).unwrap_or_else(|_| key.to_string()),
            _ => key.to_string(),
        }
    };
    let labelled = |kind: &str, rows: &[(String, u64)]| -> Vec<(String, u64)> {
        rows.iter().map(|(k, n)| (label(kind, k), *n)).collect()
    };
    l.heading(&t("단계별·방식별 상담", "Consultations by stage and channel"), 13.0);
    l.bar_chart(&t("사업 단계", "Stage"), &labelled("stage", &f.by_stage));
    l.bar_chart(&t("상담 방식", "Channel"), &labelled("channel", &f.by_channel));
    l.heading(&t("주제별·상담자별", "By topic and counselor"), 13.0);
    for (k, n) in &f.by_topic {
        l.text(&format!("{k}: {n}"), 10.5, BLACK, 8.0, "· ");
    }
    l.gap(4.0);
    for (k, n) in &f.by_counselor {
        l.text(&format!("{k}: {n}"), 10.5, BLACK, 8.0, "· ");
    }
    l.heading(&t("많이 안내한 지원사업", "Programs most recommended"), 13.0);
    l.bar_chart("", &labelled("program", &f.programs.iter().take(10).cloned().collect::<Vec<_>>()));
    l.heading(&t("기관별 연계 현황", "Referrals by institution"), 13.0);
    if f.referrals.is_empty() {
        l.text(&t("없음", "none"), 10.5, GREY, 8.0, "");
    }
    for (inst, status, n) in &f.referrals {
        l.text(&format!("{inst} — {}: {n}", referral_status(lang, status)), 10.5, BLACK, 8.0, "· ");
    }
    l.heading(&t("지연된 후속 조치", "Follow-ups overdue"), 13.0);
    l.text(&format!("{} ({} {})", f.overdue_follow_ups, f.as_of, t("기준", "as of")), 10.5, BLACK, 8.0, "");
    let pdf = l.render(&t("상담 실적 보고", "Period report"), if lang == Lang::Ko { "ko" } else { "en" })?;
    let period = format!("{}..{}", f.from, f.to);
    store.record(crate::journal::Event::Printed { kind: "report", id: &period, detail: "period report PDF" })?;
    Ok(pdf)
}

/// The same figures as CSV: `section,key,status,count`.
pub fn period_csv(f: &PeriodFigures) -> Result<Vec<u8>> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let err = |e: csv::Error| Error::Io { path: "period CSV".into(), source: std::io::Error::other(e) };
    w.write_record(["section", "key", "status", "count"]).map_err(err)?;
    w.write_record(["period", &format!("{}..{}", f.from, f.to), "", &f.consultations.to_string()]).map_err(err)?;
    for (section, rows) in [
        ("stage", &f.by_stage),
        ("channel", &f.by_channel),
        ("topic", &f.by_topic),
        ("counselor", &f.by_counselor),
        ("program", &f.programs),
    ] {
        for (k, n) in rows {
            w.write_record([section, k, "", &n.to_string()]).map_err(err)?;
        }
    }
    for (inst, status, n) in &f.referrals {
        w.write_record(["referral", inst, status, &n.to_string()]).map_err(err)?;
    }
    w.write_record(["overdue_follow_ups", &f.as_of.to_string(), "", &f.overdue_follow_ups.to_string()]).map_err(err)?;
    w.into_inner().map_err(|e| Error::Io { path: "period CSV".into(), source: e.into_error() })
}
