//! The center's partner directory as staff use it: listed by everyone, kept by managers (each
//! change audited and marked for the next catalogue publish, which carries the directory to every
//! desk); the bundled directory (from the seeds) is loaded once into a desk that has none.

use chrono::NaiveDate;

use crate::clock::now;
use crate::consultation::{Consultation, ReferralResult, ReferralStatus};
use crate::journal::{self, Event};
use crate::{Error, Result, Store};
use onestop_domain::partner::{self, Partner};
use onestop_store::partners;

/// A partner's answer to a referral, and what came of it.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(optional_fields))]
#[serde(deny_unknown_fields)]
pub struct ReferralAnswer {
    pub status: ReferralStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answered_on: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decline_reason: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result: Option<ReferralResult>,
}

impl Store {
    /// The directory in id order; retired entries only when asked.
    pub fn partners(&self, include_retired: bool) -> Result<Vec<Partner>> {
        Ok(partners::list(self.connection(), include_retired)?)
    }

    pub fn partner(&self, id: &str) -> Result<Partner> {
        partners::get(self.connection(), id.trim())?.ok_or_else(|| Error::not_found("partner", id))
    }

    /// Add a partner or change one (managers only); audited and published with the catalogue.
    pub fn save_partner(&mut self, p: Partner) -> Result<Partner> {
        self.require_manager("keep the partner directory")?;
        p.validate()?;
        let change = if partners::get(self.connection(), &p.id)?.is_some() { "edited" } else { "created" };
        self.write_partner(&p, change)?;
        Ok(p)
    }

    /// Retire a partner (no longer offered for new referrals; old ones keep naming it) or bring
    /// it back (managers only).
    pub fn retire_partner(&mut self, id: &str, retired: bool) -> Result<Partner> {
        self.require_manager("keep the partner directory")?;
        let mut p = self.partner(id)?;
        p.retired = retired;
        self.write_partner(&p, if retired { "retired" } else { "brought back" })?;
        Ok(p)
    }

    fn write_partner(&mut self, p: &Partner, change: &str) -> Result<()> {
        let who = self.who();
        let at = now();
        let tx = self.record_transaction()?;
        partners::write(&tx, p, at)?;
        journal::record(&tx, &who, at, Event::PartnerChanged { partner: p, change })?;
        tx.commit()?;
        Ok(())
    }

    /// The bundled directory, into a desk that has no partner yet (a new desk, or one from
    /// before the directory); once.
    pub(crate) fn load_bundled_partners(&mut self) -> Result<()> {
        if partners::count(self.connection())? > 0 || self.setting("partners.loaded")?.is_some() {
            return Ok(());
        }
        let at = now();
        let tx = self.record_transaction()?;
        for p in partner::bundled()? {
            partners::write(&tx, &p, at)?;
        }
        onestop_store::settings::set(&tx, "partners.loaded", "1")?;
        tx.commit()?;
        Ok(())
    }

    /// Record a partner's answer to referral `index` of a consultation, and its result; saved as
    /// a new version (the earlier ones are kept and sync to every desk).
    pub fn answer_referral(
        &mut self,
        consultation_id: &str,
        index: usize,
        answer: ReferralAnswer,
    ) -> Result<Consultation> {
        let mut c = self.consultation(consultation_id)?;
        let n = c.referrals.len();
        let r = c.referrals.get_mut(index).ok_or_else(|| {
            Error::invalid("referral", index, format!("this consultation has {n} referral(s), numbered from 0"))
        })?;
        r.status = answer.status;
        r.answered_on = answer.answered_on;
        r.decline_reason = answer.decline_reason.filter(|s| !s.trim().is_empty());
        r.result = answer.result;
        r.validate().map_err(|e| e.within(format!("referrals[{index}]")))?;
        self.save_amended(c)
    }

    /// Partner ids a consultation names (its referrals, who referred the merchant) must be in
    /// the directory.
    pub(crate) fn check_partners_named(
        &self,
        referrals: &[crate::consultation::Referral],
        referred_by: Option<&str>,
    ) -> Result<()> {
        for (i, r) in referrals.iter().enumerate() {
            if let Some(id) = &r.partner_id {
                if partners::get(self.connection(), id)?.is_none() {
                    return Err(Error::invalid(format!("referrals[{i}].partner_id"), id, "no partner with this id"));
                }
            }
            for (j, p) in r.more_programs.iter().enumerate() {
                self.program(p).map_err(|_| {
                    Error::invalid(format!("referrals[{i}].more_programs[{j}]"), p, "unknown program id")
                })?;
            }
        }
        if let Some(id) = referred_by {
            if partners::get(self.connection(), id)?.is_none() {
                return Err(Error::invalid("referred_by", id, "no partner with this id"));
            }
        }
        Ok(())
    }
}
