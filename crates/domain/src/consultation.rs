//! Consultation records: what was discussed with a merchant, referrals and follow-ups.

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::eligibility::Match;
use crate::{Error, Result};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    Counter,
    Visit,
    Phone,
    Online,
}

impl std::str::FromStr for Channel {
    type Err = Error;
    fn from_str(s: &str) -> Result<Channel> {
        match s.trim() {
            "counter" | "창구" => Ok(Channel::Counter),
            "visit" | "방문" => Ok(Channel::Visit),
            "phone" | "전화" => Ok(Channel::Phone),
            "online" | "온라인" => Ok(Channel::Online),
            _ => Err(Error::invalid("channel", s, "expected counter, visit, phone or online")),
        }
    }
}

impl Channel {
    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Counter => "counter",
            Channel::Visit => "visit",
            Channel::Phone => "phone",
            Channel::Online => "online",
        }
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum ReferralStatus {
    #[default]
    Proposed,
    Referred,
    Accepted,
    Completed,
    Declined,
}

impl std::str::FromStr for ReferralStatus {
    type Err = Error;
    fn from_str(s: &str) -> Result<ReferralStatus> {
        match s.trim() {
            "proposed" => Ok(ReferralStatus::Proposed),
            "referred" => Ok(ReferralStatus::Referred),
            "accepted" => Ok(ReferralStatus::Accepted),
            "completed" => Ok(ReferralStatus::Completed),
            "declined" => Ok(ReferralStatus::Declined),
            _ => Err(Error::invalid(
                "referral.status",
                s,
                "expected proposed, referred, accepted, completed or declined",
            )),
        }
    }
}

/// A referral to a partner institution, with the partner's answer and what came of it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(optional_fields = nullable))]
#[serde(deny_unknown_fields)]
pub struct Referral {
    pub institution: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub program_id: Option<String>,
    #[serde(default)]
    pub status: ReferralStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// The partner in the center's directory (`institution` then holds its name as written).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub partner_id: Option<String>,
    /// Further programs the referral is about, beyond `program_id`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "ts", ts(as = "Option<Vec<String>>"))]
    pub more_programs: Vec<String>,
    /// The day the partner answered (accepted or declined).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answered_on: Option<NaiveDate>,
    /// Why the partner declined, as they said it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decline_reason: Option<String>,
    /// What came of it (a guarantee of an amount, a loan, advice given).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result: Option<ReferralResult>,
}

/// What a referral led to, as the partner reported it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct ReferralResult {
    /// What the merchant obtained: a guarantee, a loan, a grant, consulting…
    pub kind: crate::program::Kind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(as = "Option<f64>"))]
    pub amount_krw: Option<u64>,
    pub on: NaiveDate,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct FollowUp {
    pub due_on: NaiveDate,
    pub action: String,
    #[serde(default)]
    pub done: bool,
}

/// A program discussed, with its verdict as it was at that moment.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DiscussedProgram {
    pub program_id: String,
    pub snapshot: Match,
}

/// What staff enter for a consultation (new or edited).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct ConsultationInput {
    pub merchant_id: String,
    /// Local date and time; defaults to now.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at: Option<NaiveDateTime>,
    pub counselor: String,
    pub channel: Option<Channel>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place: Option<String>,
    #[serde(default)]
    pub topics: Vec<String>,
    #[serde(default)]
    pub notes: String,
    /// Program ids discussed; their verdicts are computed and frozen on save.
    #[serde(default)]
    pub program_ids: Vec<String>,
    #[serde(default)]
    pub referrals: Vec<Referral>,
    #[serde(default)]
    pub follow_ups: Vec<FollowUp>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<String>,
    /// The partner that sent the merchant to the center, if one did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub referred_by: Option<String>,
}

/// A stored consultation.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Consultation {
    pub id: Uuid,
    pub merchant_id: String,
    pub at: NaiveDateTime,
    pub counselor: String,
    pub channel: Channel,
    pub place: Option<String>,
    pub topics: Vec<String>,
    pub notes: String,
    pub programs: Vec<DiscussedProgram>,
    pub referrals: Vec<Referral>,
    pub follow_ups: Vec<FollowUp>,
    pub outcome: Option<String>,
    /// The partner that sent the merchant to the center, if one did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub referred_by: Option<String>,
    /// 1 for the first save; each edit adds one and keeps the earlier version.
    pub version: u32,
    pub updated_at: NaiveDateTime,
}

impl Consultation {
    /// Take what the owner's birth date told out of the frozen verdicts (see
    /// [`crate::eligibility::Match::without_personal`]). True when anything changed.
    pub fn without_personal(&mut self) -> bool {
        self.programs.iter_mut().fold(false, |changed, p| p.snapshot.without_personal() | changed)
    }
}

impl Referral {
    /// Check a referral: its institution; a decline says why; a result comes only from a
    /// referral the partner took up, and not before it was answered.
    pub fn validate(&self) -> Result<()> {
        if self.institution.trim().is_empty() {
            return Err(Error::invalid("institution", "", "the institution is required"));
        }
        if self.status == ReferralStatus::Declined && self.decline_reason.as_deref().is_none_or(|r| r.trim().is_empty())
        {
            return Err(Error::invalid("decline_reason", "", "say why the partner declined"));
        }
        if let Some(result) = &self.result {
            if !matches!(self.status, ReferralStatus::Accepted | ReferralStatus::Completed) {
                return Err(Error::invalid(
                    "result",
                    format!("{:?}", self.status).to_lowercase(),
                    "a result comes from a referral the partner accepted",
                ));
            }
            if let Some(answered) = self.answered_on.filter(|a| result.on < *a) {
                return Err(Error::invalid("result.on", result.on, format!("comes before the answer ({answered})")));
            }
        }
        Ok(())
    }
}

impl ConsultationInput {
    /// Check what staff entered. Programs are checked against the catalogue by the store.
    pub fn validate(&self) -> Result<Channel> {
        if self.merchant_id.trim().is_empty() {
            return Err(Error::invalid("merchant_id", "", "a consultation needs a merchant"));
        }
        if self.counselor.trim().is_empty() {
            return Err(Error::invalid("counselor", "", "the counselor's name is required"));
        }
        let channel =
            self.channel.ok_or_else(|| Error::invalid("channel", "", "expected counter, visit, phone or online"))?;
        for (i, r) in self.referrals.iter().enumerate() {
            r.validate().map_err(|e| e.within(format!("referrals[{i}]")))?;
        }
        for (i, f) in self.follow_ups.iter().enumerate() {
            if f.action.trim().is_empty() {
                return Err(Error::invalid(format!("follow_ups[{i}].action"), "", "say what is to be done"));
            }
        }
        Ok(channel)
    }
}
/// A follow-up not yet done, with what the Today screen shows about it.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FollowUpDue {
    pub consultation_id: String,
    pub merchant_id: String,
    pub merchant_name: Option<String>,
    /// Position of the follow-up within its consultation.
    pub index: u32,
    pub due_on: NaiveDate,
    pub action: String,
    /// Negative when overdue.
    pub days_left: i32,
}

/// A consultation with its merchant's name, for lists.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ConsultationListItem {
    pub merchant_name: Option<String>,
    pub consultation: Consultation,
}
