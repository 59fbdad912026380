//! `onestop application …`: applications to programs, their statuses and their duties.

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Args, Subcommand};
use onestop_core::application::{Application, ApplicationInput};
use onestop_core::profile::parse_date;
use onestop_core::{Lang, Result, Store};

use crate::common::{open, print_json};

#[derive(Args)]
pub struct ApplicationFields {
    /// preparing, applied, selected, rejected, paid, closed (or 준비, 신청, 선정, 탈락, 지급, 종료)
    /// [default: applied when --applied-on is given, else preparing]
    #[arg(long)]
    status: Option<String>,
    /// The day the application was made, YYYY-MM-DD
    #[arg(long, value_name = "DATE")]
    applied_on: Option<String>,
    /// The day the worker it is about was hired (hiring incentives), YYYY-MM-DD
    #[arg(long, value_name = "DATE")]
    hired_on: Option<String>,
    /// Won requested
    #[arg(long, value_name = "WON")]
    requested: Option<u64>,
    /// The day the program decided (selected or rejected), YYYY-MM-DD
    #[arg(long, value_name = "DATE")]
    decided_on: Option<String>,
    /// Won approved
    #[arg(long, value_name = "WON")]
    approved: Option<u64>,
    /// Why it was rejected, as the program's answer gives it
    #[arg(long)]
    reason: Option<String>,
    /// The day the money was paid or the loan carried out, YYYY-MM-DD
    #[arg(long, value_name = "DATE")]
    paid_on: Option<String>,
    /// Won paid
    #[arg(long, value_name = "WON")]
    paid: Option<u64>,
    /// The day the application's business ended, YYYY-MM-DD
    #[arg(long, value_name = "DATE")]
    closed_on: Option<String>,
    #[arg(long)]
    note: Option<String>,
}

#[derive(Subcommand)]
pub enum Cmd {
    /// Open an application; its duties are planned from the program's timeline
    Add {
        #[arg(long)]
        merchant: String,
        #[arg(long)]
        program: String,
        /// The consultation it comes from
        #[arg(long)]
        consultation: Option<String>,
        #[command(flatten)]
        fields: ApplicationFields,
        #[arg(long)]
        json: bool,
    },
    /// Change an application (the earlier version is kept); only the fields given change
    Update {
        id: String,
        #[command(flatten)]
        fields: ApplicationFields,
        #[arg(long)]
        json: bool,
    },
    /// Applications, most recently changed first
    List {
        #[arg(long)]
        merchant: Option<String>,
        #[arg(long)]
        json: bool,
    },
    Show {
        id: String,
        /// Show every saved version
        #[arg(long)]
        versions: bool,
        #[arg(long)]
        json: bool,
    },
    /// Move duty STEP's date, saying why
    Move {
        id: String,
        step: u32,
        #[arg(long, value_name = "DATE")]
        to: String,
        #[arg(long)]
        reason: String,
        #[arg(long)]
        json: bool,
    },
    /// Mark duty STEP done (or not, with --undo)
    Done {
        id: String,
        step: u32,
        #[arg(long)]
        undo: bool,
        #[arg(long)]
        json: bool,
    },
    /// Duties not done, overdue or due within --within days of --on
    Duties {
        /// [default: today]
        #[arg(long, value_name = "DATE")]
        on: Option<String>,
        #[arg(long, default_value_t = 14)]
        within: u32,
        #[arg(long)]
        json: bool,
    },
}

fn date(flag: &str, s: Option<String>) -> Result<Option<NaiveDate>> {
    s.map(|s| Ok(parse_date(flag, &s)?)).transpose()
}

fn apply(mut i: ApplicationInput, f: ApplicationFields) -> Result<ApplicationInput> {
    if let Some(s) = f.status {
        i.status = Some(s.parse()?);
    }
    for (flag, value, slot) in [
        ("--applied-on", f.applied_on, &mut i.applied_on),
        ("--hired-on", f.hired_on, &mut i.hired_on),
        ("--decided-on", f.decided_on, &mut i.decided_on),
        ("--paid-on", f.paid_on, &mut i.paid_on),
        ("--closed-on", f.closed_on, &mut i.closed_on),
    ] {
        if let Some(d) = date(flag, value)? {
            *slot = Some(d);
        }
    }
    for (value, slot) in [
        (f.requested, &mut i.amount_requested_krw),
        (f.approved, &mut i.amount_approved_krw),
        (f.paid, &mut i.amount_paid_krw),
    ] {
        if value.is_some() {
            *slot = value;
        }
    }
    if f.reason.is_some() {
        i.decision_reason = f.reason;
    }
    if let Some(n) = f.note {
        i.note = n;
    }
    Ok(i)
}

fn t(lang: Lang, ko: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Ko => ko,
        Lang::En => en,
    }
}

fn show(store: &Store, lang: Lang, a: &Application) -> Result<()> {
    let name = store.merchant_name(&a.merchant_id)?;
    let program = store.program(&a.program_id).map(|p| p.name.get(lang).to_string()).unwrap_or(a.program_id.clone());
    outln!("{} v{} · {} · {}", a.id, a.version, name.as_deref().unwrap_or("-"), program);
    outln!("  {} {}", t(lang, "상태", "status"), a.status.label().get(lang));
    let won = |n: Option<u64>| n.map(|n| format!(" {n}원")).unwrap_or_default();
    for (label, on, amount) in [
        (t(lang, "신청", "applied"), a.applied_on, won(a.amount_requested_krw)),
        (t(lang, "채용", "hired"), a.hired_on, String::new()),
        (t(lang, "결정", "decided"), a.decided_on, won(a.amount_approved_krw)),
        (t(lang, "지급·실행", "paid"), a.paid_on, won(a.amount_paid_krw)),
        (t(lang, "종료", "closed"), a.closed_on, String::new()),
    ] {
        if let Some(on) = on {
            outln!("  {label} {on}{amount}");
        }
    }
    if let Some(r) = &a.decision_reason {
        outln!("  {} {r}", t(lang, "사유", "reason"));
    }
    if !a.note.is_empty() {
        outln!("  {} {}", t(lang, "메모", "note"), a.note);
    }
    for d in &a.duties {
        let mark = if d.done { "✔" } else { "□" };
        outln!("  {mark} [{}] {}  {}", d.step, d.date_label(lang), d.what.get(lang));
        if let Some(adj) = &d.adjusted {
            outln!("      {} {}", t(lang, "날짜 변경:", "date moved:"), adj.reason);
        }
    }
    Ok(())
}

impl Cmd {
    pub fn run(self, db: &Option<PathBuf>, lang: Lang) -> Result<()> {
        let print = |store: &Store, a: &Application, json: bool| -> Result<()> {
            if json {
                print_json(a);
                Ok(())
            } else {
                show(store, lang, a)
            }
        };
        match self {
            Cmd::Add { merchant, program, consultation, fields, json } => {
                let mut store = open(db)?;
                let consultation_id = match consultation {
                    Some(c) => Some(store.consultation(&c)?.id),
                    None => None,
                };
                let input = ApplicationInput {
                    merchant_id: merchant,
                    program_id: program,
                    consultation_id,
                    ..Default::default()
                };
                let a = store.add_application(apply(input, fields)?)?;
                print(&store, &a, json)?;
            }
            Cmd::Update { id, fields, json } => {
                let mut store = open(db)?;
                let old = store.application(&id)?;
                let a = store.update_application(&old.id.to_string(), apply(old.input(), fields)?)?;
                print(&store, &a, json)?;
            }
            Cmd::List { merchant, json } => {
                let store = open(db)?;
                let list = store.applications(merchant.as_deref())?;
                if json {
                    print_json(&list);
                } else {
                    for a in &list {
                        let open_duties = a.duties.iter().filter(|d| !d.done).count();
                        outln!(
                            "{}  {}  {}  {}  {} {open_duties}",
                            &a.id.to_string()[..8],
                            a.status.label().get(lang),
                            a.applied_on.map(|d| d.to_string()).unwrap_or_else(|| "-".into()),
                            a.program_id,
                            t(lang, "남은 의무", "open duties")
                        );
                    }
                }
            }
            Cmd::Show { id, versions, json } => {
                let store = open(db)?;
                if versions {
                    let all = store.application_versions(&id)?;
                    if json {
                        print_json(&all);
                    } else {
                        for a in &all {
                            show(&store, lang, a)?;
                        }
                    }
                } else {
                    let a = store.application(&id)?;
                    print(&store, &a, json)?;
                }
            }
            Cmd::Move { id, step, to, reason, json } => {
                let mut store = open(db)?;
                let a = store.adjust_duty(&id, step, parse_date("--to", &to)?, &reason)?;
                print(&store, &a, json)?;
            }
            Cmd::Done { id, step, undo, json } => {
                let mut store = open(db)?;
                let a = store.set_duty_done(&id, step, !undo)?;
                print(&store, &a, json)?;
            }
            Cmd::Duties { on, within, json } => {
                let store = open(db)?;
                let on = match on {
                    Some(s) => parse_date("--on", &s)?,
                    None => chrono::Local::now().date_naive(),
                };
                let due_list = store.duties_due(on, within)?;
                if json {
                    print_json(&due_list);
                } else if due_list.is_empty() {
                    outln!("{}", t(lang, "기한이 다가온 의무가 없습니다", "no duties due"));
                } else {
                    for x in &due_list {
                        let dday = onestop_core::text::dday(i64::from(x.days_left));
                        outln!(
                            "{dday:>6}  {}  {}  {}  {}",
                            x.duty.date_label(lang),
                            x.merchant_name.as_deref().unwrap_or("-"),
                            x.program_name.get(lang),
                            x.duty.what.get(lang)
                        );
                    }
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use onestop_core::Error;

    #[test]
    fn a_bad_date_names_its_flag() {
        match date("--paid-on", Some("2023-13-01".into())) {
            Err(Error::Invalid { field, .. }) => assert_eq!(field, "--paid-on"),
            other => panic!("{other:?}"),
        }
    }
}
