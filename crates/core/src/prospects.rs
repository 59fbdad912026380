//! "Who should we call about this program?": one program against every merchant on file.

use chrono::NaiveDate;
use serde::Serialize;

use crate::eligibility::{self, Facts, Verdict};
use crate::{Profile, Result, Store};

/// A merchant the program may fit.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Prospect {
    pub merchant_id: String,
    pub name: Option<String>,
    pub district: Option<String>,
    /// Only when the merchant consented to keep it.
    pub phone: Option<String>,
    /// `eligible` or `unknown` (ineligible merchants are left out).
    pub verdict: Verdict,
    /// Facts to ask before the merchant can be told (empty when eligible).
    pub missing: Vec<String>,
    pub earliest_application_on: Option<NaiveDate>,
}

/// The prospects for one program, with how many merchants were checked.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ProspectList {
    pub program_id: String,
    pub as_of: NaiveDate,
    pub merchants_checked: u32,
    pub eligible: u32,
    pub unknown: u32,
    /// Eligible first, then by fewest missing facts, then by name; at most the limit asked.
    pub prospects: Vec<Prospect>,
}

impl Store {
    /// Every merchant the program fits or may fit on `as_of`, best first (up to `limit`).
    pub fn prospects(&self, program_id: &str, as_of: NaiveDate, limit: usize) -> Result<ProspectList> {
        let program = self.program(program_id)?;
        let rules = self.stage_rules()?;
        let mut stmt = self.connection().prepare_cached("SELECT id, profile FROM merchants")?;
        let mut rows = stmt.query([])?;
        let (mut checked, mut eligible, mut unknown) = (0u32, 0u32, 0u32);
        let mut out: Vec<Prospect> = Vec::new();
        while let Some(r) = rows.next()? {
            checked += 1;
            let profile: Profile = crate::store::from_json("merchant profile", &r.get::<_, String>(1)?)?;
            let m = eligibility::screen(&program, &Facts::new(&profile, as_of, &rules));
            match m.verdict {
                Verdict::Eligible => eligible += 1,
                Verdict::Unknown => unknown += 1,
                Verdict::Ineligible => continue,
            }
            out.push(Prospect {
                merchant_id: r.get(0)?,
                name: profile.name,
                district: profile.district,
                phone: profile.phone,
                verdict: m.verdict,
                missing: m.missing.keys(),
                earliest_application_on: m.earliest_application_on,
            });
        }
        out.sort_by(|a, b| {
            (a.verdict, a.missing.len(), &a.name, &a.merchant_id).cmp(&(
                b.verdict,
                b.missing.len(),
                &b.name,
                &b.merchant_id,
            ))
        });
        out.truncate(limit);
        Ok(ProspectList {
            program_id: program.id,
            as_of,
            merchants_checked: checked,
            eligible,
            unknown,
            prospects: out,
        })
    }

    /// The prospects list read by staff (it names merchants and their phones): the view is logged.
    pub fn view_prospects(&self, program_id: &str, as_of: NaiveDate, limit: usize) -> Result<ProspectList> {
        let list = self.prospects(program_id, as_of, limit)?;
        let detail = format!("prospects: {} merchant(s) listed", list.prospects.len());
        self.record(crate::journal::Event::Viewed { kind: "program", id: &list.program_id, detail: &detail })?;
        Ok(list)
    }
}
