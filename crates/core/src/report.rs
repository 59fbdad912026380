//! Printed documents: the merchant-facing consultation summary and the manager's period report
//! (PDF, plus the period figures as CSV). Korean by default, English on request.

use chrono::NaiveDate;
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
    /// Type a third larger, for merchants who read small print with difficulty.
    pub large_print: bool,
}

fn tr(lang: Lang, ko: &str, en: &str) -> String {
    if lang == Lang::Ko {
        ko.to_string()
    } else {
        en.to_string()
    }
}

use crate::text::dday;

/// The consultation summary as laid-out pages (rendered by [`consultation_summary_pdf`]).
pub fn consultation_summary(store: &Store, consultation_id: &str, opt: &SummaryOptions) -> Result<Layout> {
    let lang = opt.lang;
    let t = |ko: &str, en: &str| tr(lang, ko, en);
    let c = store.consultation(consultation_id)?;
    let m = store.merchant(&c.merchant_id)?;
    let settings = store.desk_settings()?;
    let programs: Vec<Program> = c.programs.iter().map(|d| store.program(&d.program_id)).collect::<Result<_>>()?;
    let mut l = Layout::new()?;
    if opt.large_print {
        l.set_scale(LARGE_PRINT);
    }

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
    // Two facts to a line, so the page keeps its room for the programs.
    for pair in facts.chunks(2) {
        let line: Vec<String> = pair.iter().map(|(label, value)| format!("{label}: {value}")).collect();
        l.text(&line.join("  ·  "), 10.5, BLACK, 8.0, "");
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
        program_details(&mut l, lang, program);
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

    // Applications to the programs discussed, with the duties still to come.
    let applications: Vec<_> = store
        .applications(Some(&m.id))?
        .into_iter()
        .filter(|a| a.consultation_id == Some(c.id) || c.programs.iter().any(|d| d.program_id == a.program_id))
        .collect();
    if !applications.is_empty() {
        l.heading(&t("신청 현황과 해야 할 일", "Applications and what comes next"), 13.0);
        for a in &applications {
            let name =
                programs.iter().find(|p| p.id == a.program_id).map_or(a.program_id.as_str(), |p| p.name.get(lang));
            let mut line = format!("{name} — {}", a.status.label().get(lang));
            if let Some(on) = a.applied_on {
                line += &format!(" ({} {on})", t("신청", "applied"));
            }
            l.text(&line, 10.5, BLACK, 8.0, "■ ");
            for d in a.duties.iter().filter(|d| !d.done) {
                let when = match d.due_on {
                    Some(on) if !d.month => format!("{} ({})", d.date_label(lang), dday((on - opt.on).num_days())),
                    _ => d.date_label(lang),
                };
                l.text(&format!("{when}  {}", d.what.get(lang)), 10.0, BLACK, 16.0, "□ ");
            }
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
        l.text(&contacts.join(" · "), 10.0, BLACK, 8.0, "");
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

/// How much larger large print is.
const LARGE_PRINT: f32 = 1.3;

/// What a program gives, how to apply, what the merchant must keep doing after applying (the
/// program's timeline) and whom it leaves out, as the catalogue words them: what the merchant
/// takes home besides the verdict.
fn program_details(l: &mut Layout, lang: Lang, program: &Program) {
    let t = |ko: &str, en: &str| tr(lang, ko, en);
    // Each part is its label and then its lines, the label opening the first one.
    let mut part = |label: String, lines: Vec<String>| {
        for (i, line) in lines.iter().enumerate() {
            let text = if i == 0 { format!("{label}: {line}") } else { line.clone() };
            l.text(&text, 9.5, BLACK, 12.0, "· ");
        }
    };
    let benefits = program
        .benefits
        .iter()
        .map(|b| match &b.condition {
            Some(c) => format!("{} ({})", b.text.get(lang), c.get(lang)),
            None => b.text.get(lang).to_string(),
        })
        .collect();
    part(t("지원 내용", "What it gives"), benefits);
    let methods: Vec<String> = program.apply.methods.iter().map(|m| m.label().get(lang).to_string()).collect();
    let mut how = methods.join("·");
    if let Some(place) = &program.apply.where_ {
        how = if how.is_empty() { place.get(lang).to_string() } else { format!("{how} — {}", place.get(lang)) };
    }
    part(t("신청 방법", "How to apply"), if how.is_empty() { vec![] } else { vec![how] });
    part(
        t("신청 후 일정과 지킬 일", "After applying: dates and duties"),
        program.timeline.iter().map(|s| s.get(lang).to_string()).collect(),
    );
    let excluded: Vec<&str> = program.exclusions.iter().map(|e| e.get(lang)).collect();
    part(t("지원 제외 대상", "Not eligible"), if excluded.is_empty() { vec![] } else { vec![excluded.join(" / ")] });
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

/// The slip a merchant takes to a partner for referral `index` of a consultation: the center and
/// counselor, the partner (name, branch, contact, hours), the business's facts, the programs it
/// is about and the referral's note. The owner's name and phone are on it only while the merchant's
/// consent to personal data is in force; the birth date and the counselor's notes never are.
pub fn referral_slip(store: &Store, consultation_id: &str, index: usize, lang: Lang) -> Result<Layout> {
    let t = |ko: &str, en: &str| tr(lang, ko, en);
    let c = store.consultation(consultation_id)?;
    let n = c.referrals.len();
    let r = c.referrals.get(index).ok_or_else(|| {
        Error::invalid("referral", index, format!("this consultation has {n} referral(s), numbered from 0"))
    })?;
    let m = store.merchant(&c.merchant_id)?;
    let settings = store.desk_settings()?;
    let consented = onestop_store::consents::has_active(store.connection(), &m.id)?;
    let mut l = Layout::new()?;
    l.text(&t("소상공인 지원 연계 의뢰서", "Referral slip"), 18.0, crate::pdf::ACCENT, 0.0, "");
    let center = if settings.center.is_empty() {
        t("소상공인 원스톱 종합지원센터", "One-stop support center")
    } else {
        settings.center.clone()
    };
    l.text(
        &format!("{center} · {} {} · {}", t("상담자", "Counselor"), c.counselor, c.at.format("%Y-%m-%d")),
        10.0,
        GREY,
        0.0,
        "",
    );

    l.heading(&t("받는 기관", "To"), 13.0);
    let partner = r.partner_id.as_deref().map(|id| store.partner(id)).transpose()?;
    match &partner {
        Some(p) => {
            l.text(&p.full_name(lang), 11.5, BLACK, 8.0, "");
            for (label, value) in [
                (t("연락처", "Contact"), p.contact.clone()),
                (t("운영 시간", "Hours"), p.hours.clone()),
                (t("주소", "Address"), p.address.clone()),
            ] {
                if let Some(v) = value {
                    l.text(&format!("{label}: {v}"), 10.0, BLACK, 8.0, "");
                }
            }
        }
        None => l.text(&r.institution, 11.5, BLACK, 8.0, ""),
    }

    l.heading(&t("의뢰 기업", "Business"), 13.0);
    let p = &m.profile;
    let mut facts: Vec<(String, Option<String>)> = vec![
        (t("상호", "Business"), p.name.clone()),
        (t("사업자등록번호", "Registration no."), p.business_registration_number.clone()),
        (
            t("소재지", "Location"),
            p.city.as_ref().map(|city| format!("{city} {}", p.district.clone().unwrap_or_default()).trim().to_string()),
        ),
        (
            t("업종", "Sector"),
            p.ksic_code.as_ref().map(|k| match Ksic::get().name(k) {
                Some((ko, en)) => format!("{} ({k})", if lang == Lang::Ko { ko } else { en }),
                None => k.clone(),
            }),
        ),
        (t("상시근로자", "Full-time workers"), p.full_time_workers.map(|n| n.to_string())),
        (t("개업일", "Opened"), p.founded_on.map(|d| d.to_string())),
    ];
    if consented {
        facts.push((t("대표자", "Owner"), p.owner_name.clone()));
        facts.push((t("연락처", "Phone"), p.phone.clone()));
    }
    for (label, value) in facts {
        if let Some(v) = value {
            l.text(&format!("{label}: {v}"), 10.5, BLACK, 8.0, "");
        }
    }
    if !consented {
        l.text(
            &t(
                "개인정보 수집·이용 동의가 없어 대표자 성명과 연락처는 싣지 않았습니다.",
                "No consent to personal data is in force: the owner's name and phone are left out.",
            ),
            9.0,
            GREY,
            8.0,
            "",
        );
    }

    let programs: Vec<&String> = r.program_id.iter().chain(&r.more_programs).collect();
    if !programs.is_empty() {
        l.heading(&t("의뢰 사업", "Programs"), 13.0);
        for id in programs {
            let name = store.program(id).map(|p| p.name.get(lang).to_string()).unwrap_or_else(|_| id.clone());
            l.text(&name, 10.5, BLACK, 8.0, "■ ");
        }
    }
    if let Some(note) = r.note.as_deref().filter(|n| !n.trim().is_empty()) {
        l.heading(&t("전달 사항", "Note"), 13.0);
        l.text(note, 10.5, BLACK, 8.0, "");
    }
    l.gap(10.0);
    l.text(
        &t(
            "처리 결과(수락·거절 사유, 보증·대출 금액)를 센터로 알려 주시면 상담 기록에 남겨 후속 지원에 씁니다.",
            "Please tell the center what came of it (accepted or why not, the amount guaranteed or lent): it is recorded for follow-up.",
        ),
        8.5,
        GREY,
        0.0,
        "",
    );
    Ok(l)
}

/// The referral slip as PDF, logged as printed.
pub fn referral_slip_pdf(store: &Store, consultation_id: &str, index: usize, lang: Lang) -> Result<Vec<u8>> {
    let pdf = referral_slip(store, consultation_id, index, lang)?
        .render(&tr(lang, "연계 의뢰서", "Referral slip"), if lang == Lang::Ko { "ko" } else { "en" })?;
    let id = store.consultation(consultation_id)?.id.to_string();
    store.record(crate::journal::Event::Printed { kind: "consultation", id: &id, detail: "referral slip PDF" })?;
    Ok(pdf)
}

pub use onestop_domain::report::{PeriodFigures, PeriodResults};

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
    let rules = store.stage_rules()?;
    Ok(onestop_store::reports::period(store.connection(), from, to, as_of, &rules)?)
}

/// Only the results part of the period's figures, for the manager's screen.
pub fn period_results(store: &Store, from: NaiveDate, to: NaiveDate, as_of: NaiveDate) -> Result<PeriodResults> {
    if to < from {
        return Err(Error::invalid("to", to, format!("is before from {from}")));
    }
    Ok(onestop_store::reports::results(store.connection(), from, to, as_of)?)
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
    results_section(&mut l, lang, &f.results, f.as_of);
    let pdf = l.render(&t("상담 실적 보고", "Period report"), if lang == Lang::Ko { "ko" } else { "en" })?;
    let period = format!("{}..{}", f.from, f.to);
    store.record(crate::journal::Event::Printed { kind: "report", id: &period, detail: "period report PDF" })?;
    Ok(pdf)
}

/// What came of the advice, in the period report: applications by status, what was obtained by
/// kind (charted in 만원), partners' answers and results, duties overdue by counselor.
fn results_section(l: &mut Layout, lang: Lang, r: &PeriodResults, as_of: NaiveDate) {
    let t = |ko: &str, en: &str| tr(lang, ko, en);
    let kind = |k: &str| {
        k.parse::<crate::program::Kind>()
            .map(|k| k.label().get(lang).to_string())
            .unwrap_or_else(|_| t("미확인", "unknown"))
    };
    let status = |s: &str| {
        s.parse::<crate::application::ApplicationStatus>()
            .map(|s| s.label().get(lang).to_string())
            .unwrap_or_else(|_| s.to_string())
    };
    l.heading(&t("상담 이후 결과", "What came of it"), 13.0);
    let rows: Vec<(String, u64)> = r.applications_by_status.iter().map(|(s, n)| (status(s), *n)).collect();
    if rows.is_empty() {
        l.text(&t("기간 중 연 신청이 없습니다.", "No applications were opened in the period."), 10.5, GREY, 8.0, "");
    } else {
        l.bar_chart(&t("신청 진행 상태 (기간 중 연 신청)", "Applications opened in the period, by status"), &rows);
    }
    if !r.obtained_by_kind.is_empty() {
        let rows: Vec<(String, u64)> =
            r.obtained_by_kind.iter().map(|(k, n, won)| (format!("{} ({n})", kind(k)), won / 10_000)).collect();
        l.bar_chart(&t("종류별 지원 실적 (만원, 건수)", "Obtained by kind (10,000 won; count)"), &rows);
    }
    l.heading(&t("기관별 연계 결과", "Referral results by partner"), 13.0);
    if r.referrals_by_partner.is_empty() {
        l.text(&t("기간 중 회신이 없습니다.", "No answers in the period."), 10.5, GREY, 8.0, "");
    }
    for (partner, st, n, won) in &r.referrals_by_partner {
        let amount = if *won > 0 { format!(" · {}", won_text(lang, *won)) } else { String::new() };
        l.text(&format!("{partner} — {}: {n}{amount}", referral_status(lang, st)), 10.5, BLACK, 8.0, "· ");
    }
    l.heading(&t("상담자별 지연된 신청 의무", "Application duties overdue, by counselor"), 13.0);
    if r.overdue_duties_by_counselor.is_empty() {
        l.text(&format!("0 ({as_of} {})", t("기준", "as of")), 10.5, BLACK, 8.0, "");
    }
    for (who, n) in &r.overdue_duties_by_counselor {
        l.text(&format!("{who}: {n}"), 10.5, BLACK, 8.0, "· ");
    }
}

fn won_text(lang: Lang, won: u64) -> String {
    let digits = won.to_string();
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(c);
    }
    match lang {
        Lang::Ko => format!("{grouped}원"),
        Lang::En => format!("KRW {grouped}"),
    }
}

/// The same figures as CSV: `section,key,status,count,amount_krw` (the amount for what was
/// obtained, else empty).
pub fn period_csv(f: &PeriodFigures) -> Result<Vec<u8>> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let err = |e: csv::Error| Error::Io { path: "period CSV".into(), source: std::io::Error::other(e) };
    w.write_record(["section", "key", "status", "count", "amount_krw"]).map_err(err)?;
    let mut row = |section: &str, key: &str, status: &str, count: u64, amount: Option<u64>| {
        // Topics, counselors, institutions and program keys are typed by people: never a formula.
        let (key, status) = (crate::sheet::cell(key), crate::sheet::cell(status));
        let amount = amount.map(|a| a.to_string()).unwrap_or_default();
        w.write_record([section, &*key, &*status, &count.to_string(), &amount]).map_err(err)
    };
    row("period", &format!("{}..{}", f.from, f.to), "", f.consultations, None)?;
    for (section, rows) in [
        ("stage", &f.by_stage),
        ("channel", &f.by_channel),
        ("topic", &f.by_topic),
        ("counselor", &f.by_counselor),
        ("program", &f.programs),
    ] {
        for (k, n) in rows {
            row(section, k, "", *n, None)?;
        }
    }
    for (inst, status, n) in &f.referrals {
        row("referral", inst, status, *n, None)?;
    }
    row("overdue_follow_ups", &f.as_of.to_string(), "", f.overdue_follow_ups, None)?;
    let r = &f.results;
    for (status, n) in &r.applications_by_status {
        row("application", "", status, *n, None)?;
    }
    for (kind, n, won) in &r.obtained_by_kind {
        row("obtained", kind, "", *n, Some(*won))?;
    }
    for (partner, status, n, won) in &r.referrals_by_partner {
        row("partner_result", partner, status, *n, Some(*won))?;
    }
    for (who, n) in &r.overdue_duties_by_counselor {
        row("overdue_duties", who, "", *n, None)?;
    }
    w.into_inner().map_err(|e| Error::Io { path: "period CSV".into(), source: e.into_error() })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod csv_tests {
    use super::*;

    #[test]
    fn typed_names_that_look_like_formulas_stay_text_in_the_csv() {
        let d = NaiveDate::from_ymd_opt(2026, 11, 1).unwrap();
        let f = PeriodFigures {
            from: d,
            to: d,
            consultations: 1,
            by_stage: vec![],
            by_channel: vec![],
            by_topic: vec![("=1+2".into(), 1)],
            by_counselor: vec![("@김상담".into(), 1)],
            programs: vec![],
            referrals: vec![("+신용보증재단".into(), "-".into(), 1)],
            overdue_follow_ups: 0,
            as_of: d,
            results: Default::default(),
        };
        let csv = String::from_utf8(period_csv(&f).unwrap()).unwrap();
        assert!(csv.contains("topic,'=1+2,,1"), "{csv}");
        assert!(csv.contains("counselor,'@김상담,,1"), "{csv}");
        assert!(csv.contains("referral,'+신용보증재단,'-,1"), "{csv}");
    }
}
