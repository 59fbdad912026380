//! Visit plans for visiting consultants (seed 003's "visiting consulting for small business
//! owners"): a merchant to see, or a new prospect not yet on file, on a day, at a place, for a
//! purpose. The day's list works offline on the laptop; a visit made becomes a consultation with
//! its channel and place filled in. Plans are versioned and sync like applications.

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::{Error, Result};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum VisitStatus {
    #[default]
    Planned,
    /// Made, and recorded as a consultation.
    Done,
    Cancelled,
}

impl VisitStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            VisitStatus::Planned => "planned",
            VisitStatus::Done => "done",
            VisitStatus::Cancelled => "cancelled",
        }
    }
}

/// What staff enter for a visit plan (new or changed).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(optional_fields = nullable))]
#[serde(deny_unknown_fields)]
pub struct VisitInput {
    /// A merchant on file; or none, and `prospect` names the business to see.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub merchant_id: Option<String>,
    /// A business not yet on file (its trade name, as the consultant will look for it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prospect: Option<String>,
    pub on: NaiveDate,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time: Option<NaiveTime>,
    pub place: String,
    pub purpose: String,
    pub counselor: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<VisitStatus>,
}

/// A stored visit plan.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Visit {
    pub id: Uuid,
    pub merchant_id: Option<String>,
    pub prospect: Option<String>,
    pub on: NaiveDate,
    pub time: Option<NaiveTime>,
    pub place: String,
    pub purpose: String,
    pub counselor: String,
    pub status: VisitStatus,
    /// The consultation the visit was recorded as.
    pub consultation_id: Option<Uuid>,
    /// 1 for the first save; each change adds one and keeps the earlier version.
    pub version: u32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl VisitInput {
    /// Check a plan: whom (a merchant or a prospect, not both), where, why, by whom.
    pub fn validate(&self) -> Result<()> {
        let merchant = self.merchant_id.as_deref().is_some_and(|m| !m.trim().is_empty());
        let prospect = self.prospect.as_deref().is_some_and(|p| !p.trim().is_empty());
        match (merchant, prospect) {
            (false, false) => {
                return Err(Error::invalid("merchant_id", "", "name a merchant on file, or the prospect to see"))
            }
            (true, true) => {
                return Err(Error::invalid(
                    "prospect",
                    self.prospect.clone().unwrap_or_default(),
                    "a visit is to a merchant on file or to a prospect, not both",
                ))
            }
            _ => {}
        }
        for (field, value, why) in [
            ("place", &self.place, "say where the visit is (a market, a community center, the shop)"),
            ("purpose", &self.purpose, "say what the visit is for"),
            ("counselor", &self.counselor, "say who makes the visit"),
        ] {
            if value.trim().is_empty() {
                return Err(Error::invalid(field, "", why));
            }
        }
        if self.status == Some(VisitStatus::Done) {
            return Err(Error::invalid("status", "done", "a visit is done by recording it as a consultation"));
        }
        Ok(())
    }
}

impl Visit {
    pub fn new(id: Uuid, input: VisitInput, now: NaiveDateTime) -> Result<Visit> {
        input.validate()?;
        Ok(Visit {
            id,
            merchant_id: input.merchant_id.filter(|m| !m.trim().is_empty()),
            prospect: input.prospect.map(|p| p.trim().to_string()).filter(|p| !p.is_empty()),
            on: input.on,
            time: input.time,
            place: input.place.trim().to_string(),
            purpose: input.purpose.trim().to_string(),
            counselor: input.counselor.trim().to_string(),
            status: input.status.unwrap_or_default(),
            consultation_id: None,
            version: 1,
            created_at: now,
            updated_at: now,
        })
    }

    /// The next version with what staff changed (a done visit keeps its consultation).
    pub fn changed(&self, input: VisitInput, now: NaiveDateTime) -> Result<Visit> {
        if self.status == VisitStatus::Done {
            return Err(Error::invalid("status", "done", "a visit recorded as a consultation is not planned again"));
        }
        let mut next = Visit::new(self.id, input, now)?;
        next.created_at = self.created_at;
        next.version = self.version + 1;
        Ok(next)
    }

    /// What staff enter, back as input (to change one thing and save the rest as it is).
    pub fn input(&self) -> VisitInput {
        VisitInput {
            merchant_id: self.merchant_id.clone(),
            prospect: self.prospect.clone(),
            on: self.on,
            time: self.time,
            place: self.place.clone(),
            purpose: self.purpose.clone(),
            counselor: self.counselor.clone(),
            status: Some(self.status),
        }
    }

    /// When the visit was (its day and time, else nine in the morning), for its consultation.
    pub fn at(&self) -> NaiveDateTime {
        self.on.and_time(self.time.unwrap_or(NaiveTime::from_hms_opt(9, 0, 0).unwrap_or_default()))
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn input() -> VisitInput {
        VisitInput {
            merchant_id: None,
            prospect: Some("자양시장 반찬가게".into()),
            on: NaiveDate::from_ymd_opt(2026, 12, 8).unwrap(),
            time: None,
            place: "자양전통시장".into(),
            purpose: "경영 개선 방문 상담".into(),
            counselor: "박상담".into(),
            status: None,
        }
    }

    #[test]
    fn a_plan_names_whom_where_why_and_who() {
        assert!(input().validate().is_ok());
        let field = |i: VisitInput| match i.validate() {
            Err(Error::Invalid { field, .. }) => field,
            other => panic!("{other:?}"),
        };
        assert_eq!(field(VisitInput { prospect: None, ..input() }), "merchant_id");
        assert_eq!(field(VisitInput { merchant_id: Some("m1".into()), ..input() }), "prospect");
        assert_eq!(field(VisitInput { place: " ".into(), ..input() }), "place");
        assert_eq!(field(VisitInput { status: Some(VisitStatus::Done), ..input() }), "status");
        let now = NaiveDate::from_ymd_opt(2026, 12, 5).unwrap().and_hms_opt(9, 0, 0).unwrap();
        let v = Visit::new(Uuid::nil(), input(), now).unwrap();
        assert_eq!(v.at().to_string(), "2026-12-08 09:00:00");
        let mut done = v.clone();
        done.status = VisitStatus::Done;
        assert!(done.changed(input(), now).is_err());
        assert_eq!(v.changed(VisitInput { place: "자양4동 주민센터".into(), ..input() }, now).unwrap().version, 2);
    }
}
