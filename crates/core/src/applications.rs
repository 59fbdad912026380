//! Applications as staff work with them: opened from a consultation or on their own, moved
//! through their statuses, their duties planned from the program's typed timeline, moved with a
//! reason or marked done. Each change is a new version, saved with its audit line in one
//! transaction.

use chrono::NaiveDate;
use uuid::Uuid;

use crate::clock::now;
use crate::journal::{self, Event};
use crate::store::IdOf;
use crate::{Error, Result, Store};
use onestop_domain::application::{Application, ApplicationInput, DutyDue};
use onestop_store::applications;

impl Store {
    /// Open an application. The merchant, the program and the consultation (of the same
    /// merchant) must exist; its duties are planned from the program's steps.
    pub fn add_application(&mut self, input: ApplicationInput) -> Result<Application> {
        let input = self.checked_application(input)?;
        let program = self.program(&input.program_id)?;
        let a = Application::new(Uuid::new_v4(), input, &program.steps, &self.who(), now())?;
        self.save_application(&a, true, "created")?;
        Ok(a)
    }

    /// Save what staff changed in an application as its next version (the earlier one is kept).
    pub fn update_application(&mut self, id: &str, input: ApplicationInput) -> Result<Application> {
        let old = self.application(id)?;
        let input = self.checked_application(input)?;
        let program = self.program(&old.program_id)?;
        let a = old.changed(input, &program.steps, &self.who(), now())?;
        let what = if a.status == old.status { "changed".to_string() } else { format!("status {}", a.status.as_str()) };
        self.save_application(&a, false, &what)?;
        Ok(a)
    }

    /// Move a duty's date, saying why; saved as a new version.
    pub fn adjust_duty(&mut self, id: &str, step: u32, due_on: NaiveDate, reason: &str) -> Result<Application> {
        let who = self.who();
        self.amend_application(id, &format!("duty {step} moved to {due_on}"), |a| a.adjust(step, due_on, reason, &who))
    }

    /// Mark a duty done or not done; saved as a new version.
    pub fn set_duty_done(&mut self, id: &str, step: u32, done: bool) -> Result<Application> {
        let what = format!("duty {step} {}", if done { "done" } else { "not done" });
        self.amend_application(id, &what, |a| a.mark(step, done))
    }

    pub fn application(&self, id: &str) -> Result<Application> {
        let full = self.resolve_id(IdOf::Application, id)?;
        applications::get(self.connection(), &full)?.ok_or_else(|| Error::not_found("application", id))
    }

    /// Every saved version, oldest first.
    pub fn application_versions(&self, id: &str) -> Result<Vec<Application>> {
        let full = self.resolve_id(IdOf::Application, id)?;
        Ok(applications::versions(self.connection(), &full)?)
    }

    /// Applications, most recently changed first; of one merchant when given.
    pub fn applications(&self, merchant_id: Option<&str>) -> Result<Vec<Application>> {
        let merchant = merchant_id.map(|m| self.merchant(m)).transpose()?;
        Ok(applications::list(self.connection(), merchant.as_ref().map(|m| m.id.as_str()))?)
    }

    /// Duties not done that are overdue or due within `within_days` of `on`, soonest first.
    pub fn duties_due(&self, on: NaiveDate, within_days: u32) -> Result<Vec<DutyDue>> {
        let until = on + chrono::Duration::days(i64::from(within_days));
        Ok(applications::duties_due(self.connection(), on, until)?)
    }

    /// The input with the merchant's full id, checked against what is stored.
    fn checked_application(&self, mut input: ApplicationInput) -> Result<ApplicationInput> {
        input.validate()?;
        let merchant = self.merchant(&input.merchant_id)?;
        input.merchant_id = merchant.id;
        let program = self
            .program(input.program_id.trim())
            .map_err(|_| Error::invalid("program_id", &input.program_id, "no program with this id in the catalogue"))?;
        input.program_id = program.id;
        if let Some(cid) = input.consultation_id {
            let c = self.consultation(&cid.to_string())?;
            if c.merchant_id != input.merchant_id {
                return Err(Error::invalid("consultation_id", cid, "this consultation is another merchant's"));
            }
        }
        Ok(input)
    }

    fn amend_application(
        &mut self,
        id: &str,
        what: &str,
        change: impl FnOnce(&mut Application) -> onestop_domain::Result<()>,
    ) -> Result<Application> {
        let mut a = self.application(id)?;
        change(&mut a)?;
        a.version += 1;
        a.saved_by = self.who();
        a.updated_at = now();
        self.save_application(&a, false, what)?;
        Ok(a)
    }

    fn save_application(&mut self, a: &Application, created: bool, what: &str) -> Result<()> {
        let who = self.who();
        let tx = self.record_transaction()?;
        applications::write_current(&tx, a, created)?;
        let change =
            journal::record(&tx, &who, a.updated_at, Event::ApplicationSaved { application: a, created, what })?;
        applications::insert_version(&tx, a, change.map(|c| c.to_string()).as_deref())?;
        tx.commit()?;
        Ok(())
    }
}
