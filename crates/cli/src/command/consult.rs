//! `onestop consult …`: consultation records, their referrals and follow-ups.

use std::path::PathBuf;

use chrono::NaiveDateTime;
use clap::{Args, Subcommand};
use onestop_core::consultation::{ConsultationInput, FollowUp, Referral};
use onestop_core::profile::parse_date;
use onestop_core::{Error, Lang, Result};

use crate::common::{open, print_json};
use crate::output;

#[derive(Args)]
pub struct ConsultFields {
    /// Counselor's name
    #[arg(long)]
    counselor: Option<String>,
    /// counter, visit, phone or online
    #[arg(long)]
    channel: Option<String>,
    /// When, "YYYY-MM-DD HH:MM" [default: now]
    #[arg(long)]
    at: Option<String>,
    /// Where, for visits
    #[arg(long)]
    place: Option<String>,
    /// A topic (repeatable)
    #[arg(long = "topic")]
    topics: Vec<String>,
    #[arg(long)]
    notes: Option<String>,
    /// A program discussed (repeatable); its verdict is saved as it is now
    #[arg(long = "program")]
    programs: Vec<String>,
    /// A referral: "INSTITUTION" or "INSTITUTION=PROGRAM_ID" (repeatable)
    #[arg(long = "referral")]
    referrals: Vec<String>,
    /// A follow-up: "YYYY-MM-DD:action" (repeatable)
    #[arg(long = "follow-up")]
    follow_ups: Vec<String>,
    #[arg(long)]
    outcome: Option<String>,
}

#[derive(Subcommand)]
pub enum Cmd {
    /// Record a consultation
    Add {
        #[arg(long)]
        merchant: String,
        #[command(flatten)]
        fields: ConsultFields,
        #[arg(long)]
        json: bool,
    },
    /// Edit a consultation (the earlier version is kept); only the fields given change
    Edit {
        id: String,
        #[command(flatten)]
        fields: ConsultFields,
        #[arg(long)]
        json: bool,
    },
    List {
        #[arg(long)]
        merchant: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Set the status of referral N (0-based): proposed, referred, accepted, completed, declined
    Referral {
        id: String,
        index: usize,
        #[arg(long)]
        status: String,
        #[arg(long)]
        json: bool,
    },
    /// Mark follow-up N (0-based) done (or not, with --undo)
    Done {
        id: String,
        index: usize,
        #[arg(long)]
        undo: bool,
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
}

fn parse_at(s: &str) -> Result<NaiveDateTime> {
    for fmt in ["%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S"] {
        if let Ok(t) = NaiveDateTime::parse_from_str(s.trim(), fmt) {
            return Ok(t);
        }
    }
    Ok(parse_date("--at", s)
        .map_err(|_| Error::invalid("--at", s, "expected YYYY-MM-DD HH:MM"))?
        .and_hms_opt(9, 0, 0)
        .unwrap_or_default())
}

/// Apply the given command-line fields onto an input (new or existing).
fn apply_fields(mut input: ConsultationInput, f: ConsultFields) -> Result<ConsultationInput> {
    if let Some(c) = f.counselor {
        input.counselor = c;
    }
    if let Some(c) = f.channel {
        input.channel = Some(c.parse()?);
    }
    if let Some(a) = f.at {
        input.at = Some(parse_at(&a)?);
    }
    if f.place.is_some() {
        input.place = f.place;
    }
    if !f.topics.is_empty() {
        input.topics = f.topics;
    }
    if let Some(n) = f.notes {
        input.notes = n;
    }
    if !f.programs.is_empty() {
        input.program_ids = f.programs;
    }
    if !f.referrals.is_empty() {
        input.referrals = f
            .referrals
            .iter()
            .map(|r| {
                let (inst, prog) = match r.split_once('=') {
                    Some((i, p)) => (i.trim(), Some(p.trim().to_string())),
                    None => (r.trim(), None),
                };
                Referral { institution: inst.to_string(), program_id: prog, status: Default::default(), note: None }
            })
            .collect();
    }
    if !f.follow_ups.is_empty() {
        input.follow_ups = f
            .follow_ups
            .iter()
            .map(|s| {
                let (date, action) =
                    s.split_once(':').ok_or_else(|| Error::invalid("--follow-up", s, "expected YYYY-MM-DD:action"))?;
                Ok(FollowUp {
                    due_on: parse_date("--follow-up", date)?,
                    action: action.trim().to_string(),
                    done: false,
                })
            })
            .collect::<Result<_>>()?;
    }
    if f.outcome.is_some() {
        input.outcome = f.outcome;
    }
    Ok(input)
}

impl Cmd {
    pub fn run(self, db: &Option<PathBuf>, lang: Lang) -> Result<()> {
        match self {
            Cmd::Add { merchant, fields, json } => {
                let input = apply_fields(ConsultationInput { merchant_id: merchant, ..Default::default() }, fields)?;
                input.validate()?;
                let c = open(db)?.add_consultation(input)?;
                if json {
                    print_json(&c);
                } else {
                    outln!("{}", c.id);
                }
            }
            Cmd::Edit { id, fields, json } => {
                let mut store = open(db)?;
                let old = store.consultation(&id)?;
                let base = ConsultationInput {
                    merchant_id: old.merchant_id.clone(),
                    at: Some(old.at),
                    counselor: old.counselor.clone(),
                    channel: Some(old.channel),
                    place: old.place.clone(),
                    topics: old.topics.clone(),
                    notes: old.notes.clone(),
                    program_ids: old.programs.iter().map(|p| p.program_id.clone()).collect(),
                    referrals: old.referrals.clone(),
                    follow_ups: old.follow_ups.clone(),
                    outcome: old.outcome.clone(),
                };
                let c = store.update_consultation(&old.id.to_string(), apply_fields(base, fields)?)?;
                if json {
                    print_json(&c);
                } else {
                    outln!("{} v{}", c.id, c.version);
                }
            }
            Cmd::Referral { id, index, status, json } => {
                let status = status.parse()?;
                let c = open(db)?.set_referral_status(&id, index, status)?;
                if json {
                    print_json(&c);
                } else {
                    outln!("{} v{}", c.id, c.version);
                }
            }
            Cmd::Done { id, index, undo, json } => {
                let c = open(db)?.set_follow_up_done(&id, index, !undo)?;
                if json {
                    print_json(&c);
                } else {
                    outln!("{} v{}", c.id, c.version);
                }
            }
            Cmd::List { merchant, json } => {
                let list = open(db)?.consultations(merchant.as_deref())?;
                if json {
                    print_json(&list);
                } else {
                    for c in list {
                        output::consultation_line(&c);
                    }
                }
            }
            Cmd::Show { id, versions, json } => {
                let store = open(db)?;
                let list =
                    if versions { store.view_consultation_versions(&id)? } else { vec![store.view_consultation(&id)?] };
                if json {
                    if versions {
                        print_json(&list);
                    } else {
                        print_json(&list[0]);
                    }
                } else {
                    for c in &list {
                        output::consultation(&store, lang, c)?;
                    }
                }
            }
        }
        Ok(())
    }
}
