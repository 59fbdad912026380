//! Matching, in one place: the center's stage rules and a profile make the facts; the facts are
//! screened against the kept catalogue (no program copied) and explained only where a screen
//! shows it. The Matches screen, one program's full reasons, a consultation's frozen verdicts
//! and "who should we call about this program?" all go through here.

use std::sync::Arc;

use chrono::NaiveDate;
use serde::Serialize;

use crate::eligibility::{self, question_for, Fact, Facts, Match, MatchGroup, Verdict};
use crate::program::Program;
use crate::stage::Stage;
use crate::views::{MatchItem, MatchView, Question};
use crate::{Error, Profile, Result, Store};

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
    /// The facts of `profile` on `as_of`, under this center's stage rules.
    fn facts<'p>(&self, profile: &'p Profile, as_of: NaiveDate) -> Result<Facts<'p>> {
        Ok(Facts::new(profile, as_of, &self.stage_rules()?))
    }

    /// The programs to match: the whole kept catalogue, or the one asked for.
    fn programs_to_match(&self, program_id: Option<&str>) -> Result<Arc<Vec<Program>>> {
        match program_id {
            Some(id) => Ok(Arc::new(vec![self.program(id)?])),
            None => self.catalogue(),
        }
    }

    /// Match a profile against the catalogue (or one program) as of a date, every reason given;
    /// retired programs are left out.
    pub fn match_profile(
        &self,
        profile: &Profile,
        as_of: NaiveDate,
        program_id: Option<&str>,
    ) -> Result<(Option<Stage>, Vec<Match>)> {
        let facts = self.facts(profile, as_of)?;
        let programs = self.programs_to_match(program_id)?;
        let screened = eligibility::match_all(programs.iter(), &facts);
        Ok((facts.stage.stage, screened.iter().map(|s| s.explain(&facts)).collect()))
    }

    pub fn match_merchant(&self, merchant_id: &str, as_of: NaiveDate) -> Result<MatchView> {
        let merchant = self.merchant(merchant_id)?;
        // One read of the catalogue and one stage derivation serve the matches and the names.
        let facts = self.facts(&merchant.profile, as_of)?;
        let programs = self.catalogue()?;
        let screened = eligibility::match_all(programs.iter(), &facts);
        let origins = self.program_origins()?;
        let mut waiting = [0u32; Fact::ALL.len()];
        // A question matters for programs one can still apply to.
        for s in screened.iter().filter(|s| s.group() != MatchGroup::Closed) {
            for fact in s.missing.facts() {
                waiting[fact as usize] += 1;
            }
        }
        let mut questions: Vec<Question> = Fact::ALL
            .into_iter()
            .filter(|f| waiting[*f as usize] > 0)
            .map(|f| Question { fact: f.key().into(), text: question_for(f.key()), programs: waiting[f as usize] })
            .collect();
        questions.sort_by_key(|q| std::cmp::Reverse(q.programs));
        let items = screened
            .iter()
            .map(|s| MatchItem {
                name: s.program.name.clone(),
                kinds: s.program.kinds.clone(),
                source: origins.get(&s.program.id).cloned().unwrap_or_else(|| "bundled".into()),
                group: s.group(),
                result: s.explain_briefly(&facts),
                complete: s.verdict != eligibility::Verdict::Ineligible,
            })
            .collect();
        Ok(MatchView { merchant_id: merchant.id.clone(), as_of, stage: facts.stage, items, questions })
    }

    /// One program's full match for a merchant, every reason included (for an item of the
    /// Matches screen that came without them).
    pub fn explain_match(&self, merchant_id: &str, program_id: &str, as_of: NaiveDate) -> Result<Match> {
        let merchant = self.merchant(merchant_id)?;
        let (_, mut matches) = self.match_profile(&merchant.profile, as_of, Some(program_id))?;
        matches.pop().ok_or_else(|| Error::invalid("program", program_id, "the program is retired"))
    }

    /// Every merchant the program fits or may fit on `as_of`, best first (up to `limit`);
    /// unlogged, for [`Store::view_prospects`].
    pub(crate) fn prospects(&self, program_id: &str, as_of: NaiveDate, limit: usize) -> Result<ProspectList> {
        let program = self.program(program_id)?;
        let rules = self.stage_rules()?;
        // One program against every merchant: the facts per merchant, the program screened.
        let (mut eligible, mut unknown) = (0u32, 0u32);
        let mut out: Vec<Prospect> = Vec::new();
        let checked = onestop_store::merchants::each_profile(self.connection(), &mut |merchant_id, profile| {
            let m = eligibility::screen(&program, &Facts::new(&profile, as_of, &rules));
            match m.verdict {
                Verdict::Eligible => eligible += 1,
                Verdict::Unknown => unknown += 1,
                Verdict::Ineligible => return Ok(()),
            }
            out.push(Prospect {
                merchant_id,
                name: profile.name,
                district: profile.district,
                phone: profile.phone,
                verdict: m.verdict,
                missing: m.missing.keys(),
                earliest_application_on: m.earliest_application_on,
            });
            Ok(())
        })?;
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
