//! The consent rule applied inside a merchant's save: personal fields need a signed consent on
//! record, and a consent given with the save is recorded in the same transaction.

use chrono::NaiveDateTime;
use onestop_domain::merchant::ConsentInput;
use onestop_domain::profile::{personal_fields, Profile};
use onestop_store::consents;
use onestop_store::journal::{self, Event};
use rusqlite::Connection;

use crate::error::{Error, Result};

/// Refuse personal fields without a consent; record a new consent in the same transaction.
pub(crate) fn gate(
    tx: &Connection,
    who: &str,
    at: NaiveDateTime,
    merchant_id: &str,
    profile: &Profile,
    consent: Option<&ConsentInput>,
    saving: bool,
) -> Result<()> {
    if let Some(c) = consent {
        c.check(at.date())?;
        consents::insert(tx, merchant_id, c.given_on, c.form.trim(), who, at)?;
        // Saved with a merchant's change, the consent travels with it; recorded on its own, it
        // sends the merchant as it is.
        let send = (!saving).then_some(profile);
        journal::record(tx, who, at, Event::ConsentRecorded { merchant_id, send })?;
        return Ok(());
    }
    let personal = personal_fields(profile);
    if personal.is_empty() {
        return Ok(());
    }
    if !consents::has_active(tx, merchant_id)? {
        return Err(Error::invalid(
            "consent",
            personal.join(", "),
            "personal fields need the merchant's signed consent to personal-information processing: record the consent (date and form) or leave them empty",
        ));
    }
    Ok(())
}
