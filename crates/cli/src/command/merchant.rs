//! `onestop merchant …`: merchant profiles, their consent, export and erasure.

use std::path::PathBuf;

use chrono::Local;
use clap::{Args, Subcommand};
use onestop_core::privacy::{self, ConsentInput};
use onestop_core::profile::parse_date;
use onestop_core::{Error, Lang, Profile, Result};

use crate::common::{open, print_json, read_input};
use crate::output;

#[derive(Subcommand)]
pub enum Cmd {
    /// Add a merchant from a profile JSON file
    Add {
        #[arg(long)]
        profile: PathBuf,
        #[command(flatten)]
        consent: ConsentArgs,
        #[arg(long)]
        json: bool,
    },
    /// Replace a merchant's facts with a profile JSON file
    Edit {
        id: String,
        #[arg(long)]
        profile: PathBuf,
        #[command(flatten)]
        consent: ConsentArgs,
        #[arg(long)]
        json: bool,
    },
    /// Record the merchant's signed consent to personal-information processing
    Consent {
        id: String,
        #[command(flatten)]
        consent: ConsentArgs,
    },
    /// The merchant withdraws consent: their personal fields are removed at once
    WithdrawConsent {
        id: String,
        /// The date of the withdrawal [default: today]
        #[arg(long)]
        on: Option<String>,
    },
    /// Everything stored about a merchant, as JSON, for their request
    Export {
        id: String,
        /// Write to this file instead of standard output
        #[arg(long, short)]
        output: Option<PathBuf>,
    },
    /// Erase a merchant and all their consultations on request (cannot be undone)
    Erase {
        id: String,
        /// Confirm the erasure
        #[arg(long)]
        yes: bool,
    },
    Show {
        id: String,
        #[arg(long)]
        json: bool,
    },
    List {
        #[arg(long)]
        json: bool,
    },
    /// Search by name, registration number or phone
    Search {
        query: String,
        #[arg(long)]
        json: bool,
    },
}

/// A signed consent form: personal fields (representative's name, phone, birth date) are
/// stored only with one.
#[derive(Args)]
pub struct ConsentArgs {
    /// The date on the merchant's signed consent form, YYYY-MM-DD
    #[arg(long = "consent-on", value_name = "DATE")]
    on: Option<String>,
    /// Which form was signed
    #[arg(long = "consent-form", default_value = privacy::DEFAULT_CONSENT_FORM, value_name = "NAME")]
    form: String,
}

impl ConsentArgs {
    fn input(&self) -> Result<Option<ConsentInput>> {
        self.on
            .as_deref()
            .map(|d| Ok(ConsentInput { given_on: parse_date("--consent-on", d)?, form: self.form.clone() }))
            .transpose()
    }
}

impl Cmd {
    pub fn run(self, db: &Option<PathBuf>, lang: Lang) -> Result<()> {
        match self {
            Cmd::Add { profile, consent, json } => {
                let p = Profile::from_json_str(&read_input("--profile", &profile)?)?;
                let consent = consent.input()?;
                let mut store = open(db)?;
                let dups = store.likely_duplicates(&p, None)?;
                let m = store.add_merchant(p, consent.as_ref())?;
                for d in dups {
                    eprintln!(
                        "warning: possible duplicate of merchant {} ({}): same name and phone",
                        d.id,
                        d.profile.name.unwrap_or_default()
                    );
                }
                if json {
                    print_json(&m);
                } else {
                    outln!("{}", m.id);
                }
            }
            Cmd::Edit { id, profile, consent, json } => {
                let p = Profile::from_json_str(&read_input("--profile", &profile)?)?;
                let consent = consent.input()?;
                let m = open(db)?.update_merchant(&id, p, consent.as_ref())?;
                if json {
                    print_json(&m);
                } else {
                    outln!("{}", m.id);
                }
            }
            Cmd::Consent { id, consent } => {
                let c = consent
                    .input()?
                    .ok_or_else(|| Error::invalid("--consent-on", "", "give the date on the signed form"))?;
                let all = open(db)?.record_consent(&id, &c)?;
                outln!("{} consent(s) on record", all.len());
            }
            Cmd::WithdrawConsent { id, on } => {
                let on = match on {
                    Some(d) => parse_date("--on", &d)?,
                    None => Local::now().date_naive(),
                };
                let m = open(db)?.withdraw_consent(&id, on)?;
                outln!("{}", m.id);
            }
            Cmd::Export { id, output } => {
                let x = open(db)?.export_merchant(&id)?;
                let text = serde_json::to_string_pretty(&x).expect("serializing plain data cannot fail");
                match output {
                    Some(path) => {
                        onestop_core::pdf::write_atomically(&path, text.as_bytes())?;
                        outln!("{}", path.display());
                    }
                    None => outln!("{text}"),
                }
            }
            Cmd::Erase { id, yes } => {
                if !yes {
                    return Err(Error::invalid(
                        "--yes",
                        "",
                        "erasing a merchant cannot be undone; add --yes to confirm",
                    ));
                }
                let e = open(db)?.erase_merchant(&id)?;
                outln!("erased {} with {} consultation(s)", e.merchant_id, e.consultations);
            }
            Cmd::Show { id, json } => {
                let store = open(db)?;
                let m = store.view_merchant(&id)?;
                if json {
                    print_json(&m);
                } else {
                    output::merchant(&store, lang, &m)?;
                }
            }
            Cmd::List { json } => {
                let all = open(db)?.view_merchants()?;
                if json {
                    print_json(&all);
                } else {
                    for m in all {
                        output::merchant_line(&m);
                    }
                }
            }
            Cmd::Search { query, json } => {
                let store = open(db)?;
                let hits = store.search(&query, Some("merchant"), 50)?;
                let found: Vec<_> = hits.iter().map(|h| store.view_merchant(&h.id)).collect::<Result<_>>()?;
                if json {
                    print_json(&found);
                } else {
                    for m in found {
                        output::merchant_line(&m);
                    }
                }
            }
        }
        Ok(())
    }
}
