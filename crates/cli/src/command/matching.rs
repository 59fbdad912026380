//! `onestop match`: match a merchant against the catalogue.

use std::path::PathBuf;

use chrono::{Local, NaiveDate};
use clap::Args;
use onestop_core::profile::parse_date;
use onestop_core::{Lang, Profile, Result, Store};

use crate::common::{db_path, is_set_up, open, print_json, read_input};
use crate::output;

const BUNDLED_ONLY_KO: &str =
    "(이 컴퓨터에는 데스크가 없어 기본 제공 사업 목록과만 비교합니다. 데스크 설정: onestop staff init --login LOGIN --name NAME)";
const BUNDLED_ONLY_EN: &str = "(no desk is set up here: matched against the bundled catalogue only; \
     set one up with onestop staff init --login LOGIN --name NAME)";

#[derive(Args)]
pub struct Cmd {
    /// A merchant profile as JSON ("-" for standard input)
    #[arg(long, conflicts_with = "merchant", required_unless_present = "merchant")]
    profile: Option<PathBuf>,
    /// A stored merchant's id (or an unambiguous prefix)
    #[arg(long)]
    merchant: Option<String>,
    /// The date to judge on, YYYY-MM-DD [default: today]
    #[arg(long)]
    as_of: Option<String>,
    /// Only this program
    #[arg(long)]
    program: Option<String>,
    #[arg(long)]
    json: bool,
}

fn as_of(arg: &Option<String>) -> Result<NaiveDate> {
    match arg {
        Some(s) => Ok(parse_date("--as-of", s)?),
        None => Ok(Local::now().date_naive()),
    }
}

/// The `match --json` object, keys in the documented order.
#[derive(serde::Serialize)]
struct MatchReport<'a> {
    as_of: NaiveDate,
    stage: &'a str,
    matches: &'a [onestop_core::Match],
}

impl Cmd {
    pub fn run(self, db: &Option<PathBuf>, lang: Lang) -> Result<()> {
        let date = as_of(&self.as_of)?;
        // Parse the input before touching the database: bad input writes nothing.
        let profile = self
            .profile
            .as_ref()
            .map(|p| read_input("--profile", p).and_then(|t| Ok(Profile::from_json_str(&t)?)))
            .transpose()?;
        // A profile file needs no stored data: with no desk set up here, it is matched against
        // the bundled catalogue (a desk adds what it imported and staff entered).
        let store = match &profile {
            Some(_) if !is_set_up(&db_path(db)?)? => {
                eprintln!("{}", if lang == Lang::En { BUNDLED_ONLY_EN } else { BUNDLED_ONLY_KO });
                Store::open_in_memory()?
            }
            _ => open(db)?,
        };
        let profile = match (profile, &self.merchant) {
            (Some(p), _) => p,
            (None, Some(id)) => store.view_merchant(id)?.profile,
            (None, None) => unreachable!("clap requires --profile or --merchant"),
        };
        let (stage, matches) = store.match_profile(&profile, date, self.program.as_deref())?;
        if self.json {
            print_json(&MatchReport {
                as_of: date,
                stage: stage.map(|s| s.as_str()).unwrap_or("unknown"),
                matches: &matches,
            });
        } else {
            output::matches(&store, lang, date, &profile, &matches)?;
        }
        Ok(())
    }
}
