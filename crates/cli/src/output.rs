//! Readable (non-JSON) output of the CLI, in Korean or English.

use chrono::NaiveDate;
use onestop_core::consultation::Consultation;
use onestop_core::eligibility::{question_for, Outcome};
use onestop_core::ksic::Ksic;
use onestop_core::program::Program;
use onestop_core::stage;
use onestop_core::store::{Merchant, SearchHit};
use onestop_core::{Lang, Match, Profile, Result, Store, Verdict};

fn t(lang: Lang, ko: &str, en: &str) -> String {
    if lang == Lang::Ko {
        ko.to_string()
    } else {
        en.to_string()
    }
}

pub fn matches(store: &Store, lang: Lang, as_of: NaiveDate, profile: &Profile, matches: &[Match]) -> Result<()> {
    let finding = stage::derive(profile, as_of, &store.stage_rules()?);
    let stage_label =
        finding.stage.map(|s| s.label().get(lang).to_string()).unwrap_or_else(|| t(lang, "알 수 없음", "unknown"));
    outln!(
        "{} {as_of} · {} {stage_label} ({})",
        t(lang, "기준일", "As of"),
        t(lang, "사업 단계:", "stage:"),
        finding.basis.get(lang)
    );
    for verdict in [Verdict::Eligible, Verdict::Unknown, Verdict::Ineligible] {
        let group: Vec<&Match> = matches.iter().filter(|m| m.verdict == verdict).collect();
        if group.is_empty() {
            continue;
        }
        outln!("\n{} ({})", verdict.label().get(lang), group.len());
        for m in group {
            let name = store.program(&m.program_id).map(|p| p.name.get(lang).to_string()).unwrap_or_default();
            let mark = match verdict {
                Verdict::Eligible => "✔",
                Verdict::Unknown => "?",
                Verdict::Ineligible => "✘",
            };
            let mut line = format!("  {mark} {name} [{}] · {}", m.program_id, m.window.label().get(lang));
            if let Some(d) = m.earliest_application_on {
                line += &format!(" · {} {d}", t(lang, "신청 가능일", "apply from"));
            }
            outln!("{line}");
            match verdict {
                Verdict::Ineligible => {
                    for r in m.reasons.iter().filter(|r| r.outcome == Outcome::Fail) {
                        outln!("      - {}", if lang == Lang::Ko { &r.ko } else { &r.en });
                    }
                }
                Verdict::Unknown => {
                    for f in &m.missing {
                        outln!("      ? {}", question_for(f).get(lang));
                    }
                    for r in m.reasons.iter().filter(|r| r.outcome == Outcome::Unknown && r.missing.is_empty()) {
                        outln!("      ? {}", if lang == Lang::Ko { &r.ko } else { &r.en });
                    }
                }
                Verdict::Eligible => {
                    for r in &m.reasons {
                        outln!("      - {}", if lang == Lang::Ko { &r.ko } else { &r.en });
                    }
                    for c in &m.to_confirm {
                        outln!("      □ {}", c.get(lang));
                    }
                }
            }
        }
    }
    Ok(())
}

pub fn merchant_line(m: &Merchant) {
    let p = &m.profile;
    outln!(
        "{}  {}  {}  {}",
        &m.id[..8],
        p.name.as_deref().unwrap_or("-"),
        p.business_registration_number.as_deref().unwrap_or("-"),
        p.district.as_deref().unwrap_or("-")
    );
}

pub fn merchant(store: &Store, lang: Lang, m: &Merchant) -> Result<()> {
    outln!("{} ({})", m.profile.name.as_deref().unwrap_or("-"), m.id);
    let v = serde_json::to_value(&m.profile).unwrap_or_default();
    if let Some(obj) = v.as_object() {
        for (k, val) in obj {
            outln!("  {k}: {}", val.as_str().map(str::to_string).unwrap_or_else(|| val.to_string()));
        }
    }
    if let Some((ko, en)) = m.profile.ksic_code.as_deref().and_then(|c| Ksic::get().name(c)) {
        outln!("  ({})", if lang == Lang::Ko { ko } else { en });
    }
    let history = store.consultations(Some(&m.id))?;
    outln!("{} {}", t(lang, "상담 이력:", "Consultations:"), history.len());
    for c in history {
        consultation_line(&c);
    }
    Ok(())
}

pub fn consultation_line(c: &Consultation) {
    let first_line = c.notes.lines().next().unwrap_or("");
    outln!(
        "  {}  {}  {}  {}  {}",
        &c.id.to_string()[..8],
        c.at.format("%Y-%m-%d %H:%M"),
        c.channel.as_str(),
        c.counselor,
        first_line
    );
}

pub fn consultation(store: &Store, lang: Lang, c: &Consultation) -> Result<()> {
    let name = store.merchant_name(&c.merchant_id)?;
    outln!("{} v{} · {} · {}", c.id, c.version, c.at.format("%Y-%m-%d %H:%M"), name.as_deref().unwrap_or("-"));
    outln!(
        "  {} {} · {} {}",
        t(lang, "상담자", "counselor"),
        c.counselor,
        t(lang, "방식", "channel"),
        c.channel.as_str()
    );
    if let Some(p) = &c.place {
        outln!("  {} {p}", t(lang, "장소", "place"));
    }
    if !c.topics.is_empty() {
        outln!("  {} {}", t(lang, "주제", "topics"), c.topics.join(", "));
    }
    if !c.notes.is_empty() {
        outln!("  {}\n    {}", t(lang, "메모", "notes"), c.notes.replace('\n', "\n    "));
    }
    for p in &c.programs {
        outln!("  {} {} → {}", t(lang, "프로그램", "program"), p.program_id, p.snapshot.verdict.label().get(lang));
    }
    for r in &c.referrals {
        outln!("  {} {} ({:?})", t(lang, "연계", "referral"), r.institution, r.status);
    }
    for f in &c.follow_ups {
        outln!("  {} {} {} {}", t(lang, "후속", "follow-up"), f.due_on, f.action, if f.done { "✔" } else { "" });
    }
    if let Some(o) = &c.outcome {
        outln!("  {} {o}", t(lang, "결과", "outcome"));
    }
    Ok(())
}

pub fn program(lang: Lang, p: &Program) {
    let today = chrono::Local::now().date_naive();
    outln!("{} [{}]", p.name.get(lang), p.id);
    outln!("  {}", p.summary.get(lang));
    outln!(
        "  {} {} · {}",
        t(lang, "제공", "provider"),
        p.provider.get_name(lang),
        p.window.status(today).label().get(lang)
    );
    for b in &p.benefits {
        outln!("  + {}", b.text.get(lang));
    }
    for d in &p.apply.documents {
        outln!("  □ {}", d.get(lang));
    }
    outln!("  {} {} ({})", t(lang, "출처", "source"), p.source.cite(), p.source.dated);
    for r in p.external.iter().flat_map(|e| &e.also) {
        let at = r.url.as_deref().unwrap_or(&r.id);
        outln!("  {} {} {}: {at}", t(lang, "같은 공고", "also in"), r.system, r.id);
    }
}

trait OrgName {
    fn get_name(&self, lang: Lang) -> &str;
}
impl OrgName for onestop_core::program::Organisation {
    fn get_name(&self, lang: Lang) -> &str {
        if lang == Lang::Ko {
            &self.ko
        } else {
            &self.en
        }
    }
}

pub fn hits(hits: &[SearchHit]) {
    for h in hits {
        let id = if h.kind == "program" { h.id.clone() } else { h.id.chars().take(8).collect() };
        outln!("{:<12} {:<40} {}  {}", h.kind, id, h.title, h.snippet);
    }
}

/// The progress of a long import on stderr: a bar on a terminal; otherwise (a log, a script)
/// only the retries, which explain a slow run.
pub struct ImportProgress {
    bar: indicatif::ProgressBar,
}

impl ImportProgress {
    pub fn new() -> ImportProgress {
        let bar = indicatif::ProgressBar::new(0);
        let style = indicatif::ProgressStyle::with_template("{msg:>10} [{bar:30}] {pos}/{len} {elapsed}")
            .expect("a valid template")
            .progress_chars("=> ");
        bar.set_style(style);
        ImportProgress { bar }
    }

    pub fn show(&self, p: &onestop_core::feed::Progress) {
        use onestop_core::feed::Progress;
        match p {
            Progress::Fetched { page, pages, .. } => {
                self.bar.set_message("fetching");
                self.bar.set_length(u64::from(pages.unwrap_or(*page)));
                self.bar.set_position(u64::from(*page));
            }
            Progress::Retrying { page, attempt, attempts, wait_ms, reason, .. } => {
                let line = format!(
                    "page {page}: {reason}; retrying in {:.1} s (attempt {attempt} of {attempts})",
                    *wait_ms as f64 / 1000.0
                );
                if self.bar.is_hidden() {
                    eprintln!("{line}");
                } else {
                    self.bar.println(line);
                }
            }
            Progress::Importing { done, total } => {
                self.bar.set_message("importing");
                self.bar.set_length(u64::from(*total));
                self.bar.set_position(u64::from(*done));
            }
        }
    }

    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}
