//! What the desk's screens show, assembled in the core so every front end gets the same.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::eligibility::Match;
use crate::program::Kind;
use crate::stage::StageFinding;
use crate::store::{ClosingSoon, ConsultationListItem, FollowUpDue, Store};
use crate::text::{L10n, Lang};
use crate::{region, Error, Result};

/// How many days ahead the Today screen looks for closing windows and follow-ups.
pub const TODAY_HORIZON_DAYS: u32 = 14;

/// The Today screen.
#[derive(Clone, Debug, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TodayView {
    pub date: NaiveDate,
    pub consultations: Vec<ConsultationListItem>,
    /// Overdue first (negative `days_left`), then due within the horizon.
    pub follow_ups: Vec<FollowUpDue>,
    /// Applications' duties not done: overdue first, then due within the horizon.
    pub duties: Vec<onestop_domain::application::DutyDue>,
    /// The day's visit plans (the consultant's list, offline too).
    pub visits: Vec<crate::visits::VisitItem>,
    pub closing_soon: Vec<ClosingSoon>,
    /// Programs still open that are new since staff last looked at "whom to call".
    pub new_programs: u32,
}

/// One program's match with what a list needs to show it.
#[derive(Clone, Debug, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct MatchItem {
    pub name: L10n,
    pub kinds: Vec<Kind>,
    /// Where the program comes from: `bundled`, `bizinfo`, `kstartup`, `staff`, `onestop` (a hub).
    pub source: String,
    /// The list it belongs in; a program whose window has closed is set apart.
    pub group: crate::eligibility::MatchGroup,
    #[serde(rename = "match")]
    #[cfg_attr(feature = "ts", ts(rename = "match"))]
    pub result: Match,
    /// False when `match.reasons` holds only the reason that rules the program out (an
    /// ineligible program); `Store::explain_match` gives every reason.
    pub complete: bool,
}

/// A question that would settle a missing fact.
#[derive(Clone, Debug, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Question {
    /// The profile key to fill in.
    pub fact: String,
    pub text: L10n,
    /// How many programs wait on it.
    pub programs: u32,
}

/// The Matches screen for one merchant on a date.
#[derive(Clone, Debug, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct MatchView {
    pub merchant_id: String,
    pub as_of: NaiveDate,
    pub stage: StageFinding,
    pub items: Vec<MatchItem>,
    /// Missing facts over the programs still open to applications, the most useful first.
    pub questions: Vec<Question>,
}

/// A program with its window's status on a date, for the catalogue's detail pane.
#[derive(Clone, Debug, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ProgramView {
    pub program: crate::program::Program,
    pub on: NaiveDate,
    pub window_status: crate::program::WindowStatus,
    /// Where it comes from and what staff may edit.
    pub meta: crate::store::ProgramMeta,
}

/// How this desk reaches a feed (Bizinfo or K-Startup), remembered between imports, per feed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(default)]
pub struct FeedSettings {
    pub feed: crate::feed::Feed,
    pub url: String,
    /// The API key (Bizinfo `crtfcKey`, K-Startup `serviceKey`); empty when none.
    pub key: String,
    /// Hashtag filter, e.g. `서울,소상공인`; empty for all (Bizinfo only).
    pub hashtags: String,
}

impl Default for FeedSettings {
    fn default() -> Self {
        FeedSettings::of(crate::feed::Feed::Bizinfo)
    }
}

impl FeedSettings {
    /// A feed's settings before any are saved: its public endpoint, no key.
    pub fn of(feed: crate::feed::Feed) -> FeedSettings {
        FeedSettings { feed, url: feed.default_url().into(), key: String::new(), hashtags: String::new() }
    }

    pub fn options(&self) -> crate::feed::FetchOptions {
        let some = |s: &str| Some(s.trim().to_string()).filter(|s| !s.is_empty());
        crate::feed::FetchOptions {
            url: self.url.trim().to_string(),
            key: some(&self.key),
            hashtags: some(&self.hashtags),
            ..Default::default()
        }
    }
}

/// Settings a desk keeps.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(default)]
pub struct DeskSettings {
    pub counselor: String,
    pub center: String,
    pub lang: Lang,
}

/// A Seoul district for pickers.
#[derive(Clone, Debug, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct District {
    pub ko: String,
    pub en: String,
}

impl Store {
    pub fn today(&self, date: NaiveDate) -> Result<TodayView> {
        Ok(TodayView {
            date,
            consultations: self.consultations_on(date)?,
            follow_ups: self.follow_ups_due(date, TODAY_HORIZON_DAYS)?,
            duties: self.duties_due(date, TODAY_HORIZON_DAYS)?,
            visits: self.visits_between(date, date)?,
            closing_soon: self.programs_closing_within(date, TODAY_HORIZON_DAYS)?,
            new_programs: self.new_programs_count(date, crate::clock::now())?,
        })
    }

    pub fn program_view(&self, id: &str, on: NaiveDate) -> Result<ProgramView> {
        let program = self.program(id)?;
        let window_status = program.window.status(on);
        Ok(ProgramView { program, on, window_status, meta: self.program_meta(id)? })
    }

    /// The Bizinfo feed's settings.
    pub fn feed_settings(&self) -> Result<FeedSettings> {
        self.feed_settings_of(crate::feed::Feed::Bizinfo)
    }

    /// A feed's settings (each feed keeps its own URL and key).
    pub fn feed_settings_of(&self, feed: crate::feed::Feed) -> Result<FeedSettings> {
        let d = FeedSettings::of(feed);
        let key = |k: &str| format!("{}.{k}", feed.name());
        Ok(FeedSettings {
            feed,
            url: self.setting(&key("url"))?.unwrap_or(d.url),
            key: self.setting(&key("key"))?.unwrap_or_default(),
            hashtags: self.setting(&key("hashtags"))?.unwrap_or_default(),
        })
    }

    pub fn save_feed_settings(&mut self, f: &FeedSettings) -> Result<FeedSettings> {
        f.options().url.parse::<reqwest::Url>().map_err(|e| Error::invalid("url", &f.url, e.to_string()))?;
        let key = |k: &str| format!("{}.{k}", f.feed.name());
        let (url, api_key, hashtags) = (key("url"), key("key"), key("hashtags"));
        self.set_settings(&[(&url, f.url.trim()), (&api_key, f.key.trim()), (&hashtags, f.hashtags.trim())])?;
        self.feed_settings_of(f.feed)
    }

    pub fn desk_settings(&self) -> Result<DeskSettings> {
        Ok(DeskSettings {
            counselor: self.setting("desk.counselor")?.unwrap_or_default(),
            center: self.setting("desk.center")?.unwrap_or_default(),
            lang: self.setting("desk.lang")?.map(|l| l.parse()).transpose()?.unwrap_or_default(),
        })
    }

    pub fn save_desk_settings(&mut self, s: &DeskSettings) -> Result<DeskSettings> {
        self.set_settings(&[
            ("desk.counselor", s.counselor.trim()),
            ("desk.center", s.center.trim()),
            ("desk.lang", if s.lang == Lang::En { "en" } else { "ko" }),
        ])?;
        self.desk_settings()
    }
}

pub fn seoul_districts() -> Vec<District> {
    region::SEOUL_DISTRICTS.iter().map(|(ko, en)| District { ko: ko.to_string(), en: en.to_string() }).collect()
}
