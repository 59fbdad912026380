//! A merchant as stored, and the consent to personal-information processing its personal
//! fields need.

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

use crate::profile::Profile;
use crate::{Error, Result};

/// A stored merchant.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Merchant {
    pub id: String,
    pub profile: Profile,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// The consent form a merchant signed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ConsentInput {
    /// The date on the signed form.
    pub given_on: NaiveDate,
    /// Which form, e.g. "개인정보 수집·이용 동의서 (2023)".
    pub form: String,
}

/// A consent on record.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Consent {
    pub given_on: NaiveDate,
    pub form: String,
    pub recorded_by: String,
    pub recorded_at: NaiveDateTime,
    pub withdrawn_on: Option<NaiveDate>,
}

/// The form the bundled seed documents name: the Seoul subsidy application's Form 2, consent
/// to business and personal information processing (../shared/seeds/004).
pub const DEFAULT_CONSENT_FORM: &str = "개인정보 수집·이용 동의서";

impl ConsentInput {
    pub fn check(&self, today: NaiveDate) -> Result<()> {
        if self.given_on > today {
            return Err(Error::invalid("consent.given_on", self.given_on, "is in the future"));
        }
        let form = self.form.trim();
        if form.is_empty() || form.chars().count() > 200 {
            return Err(Error::invalid("consent.form", &self.form, "name the signed form (1 to 200 characters)"));
        }
        Ok(())
    }
}
