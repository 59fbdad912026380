//! `onestop consult …`: consultation records, their referrals and follow-ups.

use std::path::PathBuf;

use chrono::NaiveDateTime;
use clap::{Args, Subcommand};
use onestop_core::consultation::{ConsultationInput, FollowUp, Referral, ReferralResult};
use onestop_core::partners::ReferralAnswer;
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
    /// A referral: "INSTITUTION" or "INSTITUTION=PROGRAM_ID[,PROGRAM_ID…]" (repeatable); a
    /// partner's id from `onestop partner list` names the partner
    #[arg(long = "referral")]
    referrals: Vec<String>,
    /// The partner (its id) that sent the merchant to the center
    #[arg(long, value_name = "PARTNER")]
    referred_by: Option<String>,
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
    /// Set the status of referral N (0-based): proposed, referred, accepted, completed, declined;
    /// with the partner's answer and what came of it
    Referral {
        id: String,
        index: usize,
        #[arg(long)]
        status: String,
        /// The day the partner answered, YYYY-MM-DD
        #[arg(long, value_name = "DATE")]
        answered_on: Option<String>,
        /// Why the partner declined (required with --status declined)
        #[arg(long)]
        reason: Option<String>,
        /// What the merchant obtained: guarantee, loan, grant, consulting, …
        #[arg(long, value_name = "KIND")]
        result_kind: Option<String>,
        /// Won obtained
        #[arg(long, value_name = "WON")]
        result_amount: Option<u64>,
        /// The day it was obtained, YYYY-MM-DD
        #[arg(long, value_name = "DATE")]
        result_on: Option<String>,
        #[arg(long)]
        result_note: Option<String>,
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
                let (inst, mut programs): (&str, Vec<String>) = match r.split_once('=') {
                    Some((i, p)) => {
                        (i.trim(), p.split(',').map(|p| p.trim().to_string()).filter(|p| !p.is_empty()).collect())
                    }
                    None => (r.trim(), Vec::new()),
                };
                let program_id = (!programs.is_empty()).then(|| programs.remove(0));
                Referral { institution: inst.to_string(), program_id, more_programs: programs, ..Default::default() }
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
    if f.referred_by.is_some() {
        input.referred_by = f.referred_by;
    }
    Ok(input)
}

/// A referral whose institution is a partner's id names that partner, by its Korean name.
fn name_partners(store: &onestop_core::Store, mut input: ConsultationInput) -> Result<ConsultationInput> {
    for r in &mut input.referrals {
        if r.partner_id.is_none() {
            if let Ok(p) = store.partner(&r.institution) {
                r.institution = p.full_name(Lang::Ko);
                r.partner_id = Some(p.id);
            }
        }
    }
    Ok(input)
}

impl Cmd {
    pub fn run(self, db: &Option<PathBuf>, lang: Lang) -> Result<()> {
        match self {
            Cmd::Add { merchant, fields, json } => {
                let input = apply_fields(ConsultationInput { merchant_id: merchant, ..Default::default() }, fields)?;
                input.validate()?;
                let mut store = open(db)?;
                let input = name_partners(&store, input)?;
                let c = store.add_consultation(input)?;
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
                    referred_by: old.referred_by.clone(),
                };
                let input = name_partners(&store, apply_fields(base, fields)?)?;
                let c = store.update_consultation(&old.id.to_string(), input)?;
                if json {
                    print_json(&c);
                } else {
                    outln!("{} v{}", c.id, c.version);
                }
            }
            Cmd::Referral {
                id,
                index,
                status,
                answered_on,
                reason,
                result_kind,
                result_amount,
                result_on,
                result_note,
                json,
            } => {
                let status = status.parse()?;
                let result = match (result_kind, result_on) {
                    (None, None) => None,
                    (Some(kind), Some(on)) => Some(ReferralResult {
                        kind: kind.parse()?,
                        amount_krw: result_amount,
                        on: parse_date("--result-on", &on)?,
                        note: result_note,
                    }),
                    (None, Some(on)) => {
                        return Err(Error::invalid("--result-kind", "", format!("say what was obtained on {on}")))
                    }
                    (Some(kind), None) => {
                        return Err(Error::invalid("--result-on", "", format!("say when the {kind} was obtained")))
                    }
                };
                let answer = ReferralAnswer {
                    status,
                    answered_on: answered_on.map(|d| parse_date("--answered-on", &d)).transpose()?,
                    decline_reason: reason,
                    result,
                };
                let c = open(db)?.answer_referral(&id, index, answer)?;
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
