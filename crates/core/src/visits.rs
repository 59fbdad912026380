//! Visit plans as visiting consultants use them: planned for a day (a merchant on file or a
//! prospect), changed or cancelled, and recorded as a consultation with the channel, place and
//! time filled in from the plan. Every change is a version with its journal event; plans sync.

use chrono::NaiveDate;
use serde::Serialize;
use uuid::Uuid;

use crate::clock::now;
use crate::consultation::{Channel, Consultation, ConsultationInput};
use crate::journal::{self, Event};
use crate::profile::Profile;
use crate::store::IdOf;
use crate::{Error, Result, Store};
use onestop_domain::visit::{Visit, VisitInput, VisitStatus};
use onestop_store::visits;

/// A visit with what a day's list shows of its merchant.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct VisitItem {
    pub visit: Visit,
    /// The merchant's business name (none for a prospect).
    pub merchant_name: Option<String>,
}

impl Store {
    /// Plan a visit.
    pub fn plan_visit(&mut self, input: VisitInput) -> Result<Visit> {
        let input = self.checked_visit(input)?;
        let v = Visit::new(Uuid::new_v4(), input, now())?;
        self.save_visit(&v, "planned", true)?;
        Ok(v)
    }

    /// Change a plan (the earlier version is kept).
    pub fn update_visit(&mut self, id: &str, input: VisitInput) -> Result<Visit> {
        let old = self.visit(id)?;
        if old.status == VisitStatus::Done {
            return Err(Error::invalid("status", "done", "a visit recorded as a consultation is not planned again"));
        }
        let input = self.checked_visit(input)?;
        let v = old.changed(input, now())?;
        let what = if v.status == VisitStatus::Cancelled { "cancelled" } else { "changed" };
        self.save_visit(&v, what, false)?;
        Ok(v)
    }

    pub fn visit(&self, id: &str) -> Result<Visit> {
        let full = self.resolve_id(IdOf::Visit, id)?;
        visits::get(self.connection(), &full)?.ok_or_else(|| Error::not_found("visit", id))
    }

    /// Every saved version, oldest first.
    pub fn visit_versions(&self, id: &str) -> Result<Vec<Visit>> {
        let full = self.resolve_id(IdOf::Visit, id)?;
        Ok(visits::versions(self.connection(), &full)?)
    }

    /// The visits planned from `from` to `to`, by day and time, with their merchants' names.
    pub fn visits_between(&self, from: NaiveDate, to: NaiveDate) -> Result<Vec<VisitItem>> {
        visits::between(self.connection(), from, to)?
            .into_iter()
            .map(|visit| {
                let merchant_name = match &visit.merchant_id {
                    Some(m) => self.merchant_name(m)?,
                    None => None,
                };
                Ok(VisitItem { visit, merchant_name })
            })
            .collect()
    }

    /// Record a planned visit as a consultation: channel "visit", the plan's place and time
    /// (unless `input` gives them), by the plan's counselor unless another is named. A visit to a
    /// prospect first puts the prospect on file under its trade name (no personal data). The
    /// consultation and the visit, marked done with it, are saved in one transaction.
    pub fn record_visit(&mut self, id: &str, mut input: ConsultationInput) -> Result<(Visit, Consultation)> {
        let mut v = self.visit(id)?;
        if v.status != VisitStatus::Planned {
            return Err(Error::invalid("visit", v.status.as_str(), "only a planned visit is recorded"));
        }
        input.channel = Some(Channel::Visit);
        if input.place.as_deref().is_none_or(|p| p.trim().is_empty()) {
            input.place = Some(v.place.clone());
        }
        if input.at.is_none() {
            input.at = Some(v.at());
        }
        if input.counselor.trim().is_empty() {
            input.counselor = v.counselor.clone();
        }
        // Checked before a prospect is put on file, so a bad input leaves nothing behind.
        ConsultationInput { merchant_id: "-".into(), ..input.clone() }.validate()?;
        let merchant_id = match (&v.merchant_id, &v.prospect) {
            (Some(m), _) => m.clone(),
            (None, Some(name)) => {
                let profile = Profile::from_json_value(&serde_json::json!({ "name": name }))?;
                self.add_merchant(profile, None)?.id
            }
            (None, None) => return Err(Error::invalid("visit", id, "names neither a merchant nor a prospect")),
        };
        input.merchant_id = merchant_id.clone();
        let at = now();
        let c = self.add_consultation_then(input, |tx, c, who| {
            // The prospect is on file now: the visit names the merchant (its earlier versions keep
            // the prospect's name).
            v.merchant_id = Some(merchant_id);
            v.prospect = None;
            v.status = VisitStatus::Done;
            v.consultation_id = Some(c.id);
            v.version += 1;
            v.updated_at = at;
            visits::write_current(tx, &v, false)?;
            let change =
                journal::record(tx, who, at, Event::VisitSaved { visit: &v, what: "recorded as a consultation" })?;
            visits::insert_version(tx, &v, change.map(|c| c.to_string()).as_deref())?;
            Ok(())
        })?;
        Ok((v, c))
    }

    /// The input with the merchant's full id, checked against what is stored.
    fn checked_visit(&self, mut input: VisitInput) -> Result<VisitInput> {
        input.validate()?;
        if let Some(m) = input.merchant_id.as_deref().filter(|m| !m.trim().is_empty()) {
            input.merchant_id = Some(self.merchant(m)?.id);
        }
        Ok(input)
    }

    fn save_visit(&mut self, v: &Visit, what: &str, created: bool) -> Result<()> {
        let who = self.who();
        let tx = self.record_transaction()?;
        visits::write_current(&tx, v, created)?;
        let change = journal::record(&tx, &who, v.updated_at, Event::VisitSaved { visit: v, what })?;
        visits::insert_version(&tx, v, change.map(|c| c.to_string()).as_deref())?;
        tx.commit()?;
        Ok(())
    }
}
