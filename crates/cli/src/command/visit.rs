//! `onestop visit …`: visit plans for visiting consultants, and recording a visit as a
//! consultation.

use std::path::PathBuf;

use chrono::{Local, NaiveTime};
use clap::{Args, Subcommand};
use onestop_core::consultation::ConsultationInput;
use onestop_core::profile::parse_date;
use onestop_core::visit::{Visit, VisitInput, VisitStatus};
use onestop_core::{Error, Lang, Result};

use crate::common::{open, print_json};

#[derive(Args)]
pub struct PlanFields {
    /// A merchant on file
    #[arg(long, conflicts_with = "prospect")]
    merchant: Option<String>,
    /// A business not yet on file, by its trade name
    #[arg(long)]
    prospect: Option<String>,
    /// The day, YYYY-MM-DD
    #[arg(long, value_name = "DATE")]
    on: Option<String>,
    /// The time, HH:MM
    #[arg(long, value_name = "HH:MM")]
    time: Option<String>,
    /// Where (a market, a community center, the shop)
    #[arg(long)]
    place: Option<String>,
    /// What the visit is for
    #[arg(long)]
    purpose: Option<String>,
    /// Who makes the visit
    #[arg(long)]
    counselor: Option<String>,
}

#[derive(Subcommand)]
pub enum Cmd {
    /// Plan a visit
    Plan {
        #[command(flatten)]
        fields: PlanFields,
        #[arg(long)]
        json: bool,
    },
    /// Change a plan (the earlier version is kept); only the fields given change
    Update {
        id: String,
        #[command(flatten)]
        fields: PlanFields,
        #[arg(long)]
        json: bool,
    },
    /// Cancel a planned visit
    Cancel {
        id: String,
        #[arg(long)]
        json: bool,
    },
    /// The visits of a day (or up to --to), by time
    List {
        /// [default: today]
        #[arg(long, value_name = "DATE")]
        on: Option<String>,
        #[arg(long, value_name = "DATE")]
        to: Option<String>,
        #[arg(long)]
        json: bool,
    },
    Show {
        id: String,
        #[arg(long)]
        versions: bool,
        #[arg(long)]
        json: bool,
    },
    /// Record a planned visit as a consultation (channel, place and time from the plan; a
    /// prospect is put on file under its trade name)
    Record {
        id: String,
        #[arg(long)]
        notes: Option<String>,
        /// A topic (repeatable)
        #[arg(long = "topic")]
        topics: Vec<String>,
        /// A program discussed (repeatable)
        #[arg(long = "program")]
        programs: Vec<String>,
        #[arg(long)]
        outcome: Option<String>,
        #[arg(long)]
        json: bool,
    },
}

fn time(s: &str) -> Result<NaiveTime> {
    NaiveTime::parse_from_str(s.trim(), "%H:%M").map_err(|_| Error::invalid("--time", s, "expected HH:MM"))
}

fn apply(mut i: VisitInput, f: PlanFields) -> Result<VisitInput> {
    if f.merchant.is_some() {
        i.merchant_id = f.merchant;
        i.prospect = None;
    }
    if f.prospect.is_some() {
        i.prospect = f.prospect;
        i.merchant_id = None;
    }
    if let Some(d) = f.on {
        i.on = parse_date("--on", &d)?;
    }
    if let Some(t) = f.time {
        i.time = Some(time(&t)?);
    }
    for (value, slot) in [(f.place, &mut i.place), (f.purpose, &mut i.purpose), (f.counselor, &mut i.counselor)] {
        if let Some(v) = value {
            *slot = v;
        }
    }
    Ok(i)
}

fn status(lang: Lang, s: VisitStatus) -> &'static str {
    match (lang, s) {
        (Lang::Ko, VisitStatus::Planned) => "예정",
        (Lang::Ko, VisitStatus::Done) => "완료",
        (Lang::Ko, VisitStatus::Cancelled) => "취소",
        (Lang::En, s) => s.as_str(),
    }
}

fn line(lang: Lang, v: &Visit, name: Option<&str>) {
    let whom = name.or(v.prospect.as_deref()).unwrap_or("-");
    let at = v.time.map(|t| t.format(" %H:%M").to_string()).unwrap_or_default();
    outln!(
        "{}  {}{at}  {}  {}  {}  [{}]",
        &v.id.to_string()[..8],
        v.on,
        whom,
        v.place,
        v.purpose,
        status(lang, v.status)
    );
}

impl Cmd {
    pub fn run(self, db: &Option<PathBuf>, lang: Lang) -> Result<()> {
        match self {
            Cmd::Plan { fields, json } => {
                let blank = VisitInput { on: Local::now().date_naive(), ..Default::default() };
                let mut store = open(db)?;
                let v = store.plan_visit(apply(blank, fields)?)?;
                if json {
                    print_json(&v);
                } else {
                    line(lang, &v, None);
                }
            }
            Cmd::Update { id, fields, json } => {
                let mut store = open(db)?;
                let old = store.visit(&id)?;
                let v = store.update_visit(&old.id.to_string(), apply(old.input(), fields)?)?;
                if json {
                    print_json(&v);
                } else {
                    line(lang, &v, None);
                }
            }
            Cmd::Cancel { id, json } => {
                let mut store = open(db)?;
                let old = store.visit(&id)?;
                let input = VisitInput { status: Some(VisitStatus::Cancelled), ..old.input() };
                let v = store.update_visit(&old.id.to_string(), input)?;
                if json {
                    print_json(&v);
                } else {
                    line(lang, &v, None);
                }
            }
            Cmd::List { on, to, json } => {
                let from = on.map(|d| parse_date("--on", &d)).transpose()?.unwrap_or_else(|| Local::now().date_naive());
                let to = to.map(|d| parse_date("--to", &d)).transpose()?.unwrap_or(from);
                let list = open(db)?.visits_between(from, to)?;
                if json {
                    print_json(&list);
                } else {
                    for item in &list {
                        line(lang, &item.visit, item.merchant_name.as_deref());
                    }
                }
            }
            Cmd::Show { id, versions, json } => {
                let store = open(db)?;
                let list = if versions { store.visit_versions(&id)? } else { vec![store.visit(&id)?] };
                if json {
                    if versions {
                        print_json(&list);
                    } else {
                        print_json(&list[0]);
                    }
                } else {
                    for v in &list {
                        line(lang, v, None);
                    }
                }
            }
            Cmd::Record { id, notes, topics, programs, outcome, json } => {
                let input = ConsultationInput {
                    notes: notes.unwrap_or_default(),
                    topics,
                    program_ids: programs,
                    outcome,
                    ..Default::default()
                };
                let (v, c) = open(db)?.record_visit(&id, input)?;
                if json {
                    print_json(&serde_json::json!({ "visit": v, "consultation": c }));
                } else {
                    outln!("{} {}", c.id, c.merchant_id);
                }
            }
        }
        Ok(())
    }
}
