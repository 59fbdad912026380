//! The journal: the one write path that records what happened. Every change, view, print and
//! export is an [`Event`] recorded with [`record`] in the transaction that makes the change; the
//! event decides its audit line, its outbox row (what sync sends) and its search entry.
//!
//! It owns the tables `audit_log` ([`audit`]), `sync_outbox` ([`outbox`]) and `search_docs` +
//! `search_grams` ([`index`]): nothing else writes them (`crates/core/tests/ownership.rs`
//! checks every SQL statement in the desk's sources). Time comes in as an argument.

pub mod audit;
pub mod index;
pub mod outbox;

use chrono::NaiveDateTime;
use rusqlite::Connection;
use uuid::Uuid;

use crate::Result;
use onestop_domain::application::Application;
use onestop_domain::consultation::Consultation;
use onestop_domain::merchant::Merchant;
use onestop_domain::partner::Partner;
use onestop_domain::profile::Profile;
use onestop_domain::program::Program;
use onestop_domain::visit::Visit;

/// How a merchant came to be erased.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Erasure {
    /// On the merchant's request, here: the erasure is sent to every desk.
    OnRequest,
    /// Erased on another desk, received by sync.
    BySync,
    /// Erased before a backup that was then restored: erased again, and sent again.
    AfterRestore,
}

/// What happened. Events of changes are recorded inside the change's transaction, after the
/// change's own rows are written (erasures: before the rows go).
pub enum Event<'a> {
    /// Staff added (`created`) or edited a merchant: indexed, logged, sent with the fields
    /// before (`base`) and the conflicts the edit settles.
    MerchantSaved { merchant: &'a Merchant, created: bool, base: Option<&'a Profile>, resolves: Vec<String> },
    /// A merchant received by sync: indexed and logged, not sent back.
    MerchantReceived { merchant: &'a Merchant, created: bool },
    /// A consent form recorded; `send` sends the merchant (with these fields before) when no
    /// other event of the same save does.
    ConsentRecorded { merchant_id: &'a str, send: Option<&'a Profile> },
    /// Consent withdrawn: the merchant saved without personal fields, which also leave every
    /// change still waiting to be sent.
    ConsentWithdrawn { merchant: &'a Merchant, base: &'a Profile },
    /// A merchant (with its consultations) is about to be erased.
    MerchantErased { merchant_id: &'a str, how: Erasure },
    /// An erasure received by sync for a merchant this desk never had: only what sync held of
    /// it goes.
    MerchantForgotten { merchant_id: &'a str },
    /// Staff saved a consultation's version (`created`: its first): indexed, logged, sent.
    /// [`record`] returns the outbox change id, kept with the version.
    ConsultationSaved { consultation: &'a Consultation, created: bool },
    /// A consultation's version received by sync (`created`: the consultation is new here).
    ConsultationReceived { consultation_id: &'a str, created: bool },
    /// A consultation's current version changed under sync's renumbering: its entry follows.
    ConsultationCurrent { consultation: &'a Consultation },
    /// Staff saved an application's version (`created`: its first; `what`: what changed, for
    /// the audit line — a status, a duty moved or done).
    /// [`record`] returns the outbox change id, kept with the version.
    ApplicationSaved { application: &'a Application, created: bool, what: &'a str },
    /// An application's version received by sync (`created`: the application is new here).
    ApplicationReceived { application_id: &'a str, created: bool },
    /// Staff planned, changed, cancelled or recorded a visit (`what` says which): logged and
    /// sent; [`record`] returns the outbox change id, kept with the version.
    VisitSaved { visit: &'a Visit, what: &'a str },
    /// A visit plan's version received by sync (`created`: the visit is new here).
    VisitReceived { visit_id: &'a str, created: bool },
    /// Staff created, edited, retired or restored a program (`change` says which): indexed,
    /// logged, and marked for the next catalogue publish.
    ProgramChanged { program: &'a Program, change: &'a str },
    /// A manager added, edited or retired a partner (`change` says which): logged and marked for
    /// the next catalogue publish, which carries the directory.
    PartnerChanged { partner: &'a Partner, change: &'a str },
    /// A program loaded from the bundled catalogue or a published one: indexed only.
    ProgramLoaded { program: &'a Program },
    /// Staff viewed records (lists and searches: one line with the count).
    Viewed { kind: &'a str, id: &'a str, detail: &'a str },
    /// Staff printed a record (a PDF).
    Printed { kind: &'a str, id: &'a str, detail: &'a str },
    /// Staff exported a record's data.
    Exported { kind: &'a str, id: &'a str, detail: &'a str },
    /// Someone signed in (to the desk, or the desk to a hub).
    SignedIn { kind: &'a str, id: &'a str, detail: &'a str },
    /// A sign-in to the desk failed (logged at the next one that succeeds).
    SignInFailed { login: &'a str, why: &'a str },
    /// Something else changed: staff accounts, the published catalogue, an import into the
    /// catalogue, a setting (named, never its value).
    Changed { kind: &'a str, id: &'a str, detail: &'a str },
    /// The database was restored from a backup.
    Restored { backup: &'a str },
}

/// Record `event` by `who` at `at` in `conn` (the change's transaction, or the connection for
/// a view). Returns the outbox change id when the event sends a consultation or application
/// version.
pub fn record(conn: &Connection, who: &str, at: NaiveDateTime, event: Event<'_>) -> Result<Option<Uuid>> {
    let log = |action: &str, kind: &str, id: &str, detail: &str| audit::line(conn, at, who, action, kind, id, detail);
    match event {
        Event::MerchantSaved { merchant, created, base, resolves } => {
            index::merchant(conn, merchant)?;
            log("change", "merchant", &merchant.id, if created { "created" } else { "updated" })?;
            outbox::merchant_changed(conn, at, &merchant.id, base, resolves)?;
        }
        Event::MerchantReceived { merchant, created } => {
            index::merchant(conn, merchant)?;
            log("change", "merchant", &merchant.id, if created { "received by sync" } else { "updated by sync" })?;
        }
        Event::ConsentRecorded { merchant_id, send } => {
            log("change", "merchant", merchant_id, "consent recorded")?;
            if let Some(base) = send {
                outbox::merchant_changed(conn, at, merchant_id, Some(base), Vec::new())?;
            }
        }
        Event::ConsentWithdrawn { merchant, base } => {
            index::merchant(conn, merchant)?;
            log("change", "merchant", &merchant.id, "consent withdrawn; personal fields removed")?;
            outbox::scrub_personal(conn, &merchant.id)?;
            outbox::merchant_changed(conn, at, &merchant.id, Some(base), Vec::new())?;
        }
        Event::MerchantErased { merchant_id, how } => {
            let consultations: Vec<String> = {
                let mut stmt = conn.prepare_cached("SELECT id FROM consultations WHERE merchant_id = ?1")?;
                let ids = stmt.query_map([merchant_id], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
                ids
            };
            match how {
                Erasure::BySync => outbox::forget_merchant(conn, merchant_id)?,
                Erasure::OnRequest | Erasure::AfterRestore => outbox::merchant_erased(conn, at, merchant_id)?,
            }
            for cid in &consultations {
                index::unindex(conn, "consultation", cid)?;
            }
            index::unindex(conn, "merchant", merchant_id)?;
            let n = consultations.len();
            let detail = match how {
                Erasure::OnRequest => format!("erased on request with {n} consultation(s)"),
                Erasure::BySync => format!("erased on another desk ({n} consultation(s)), received by sync"),
                Erasure::AfterRestore => {
                    format!("erased again after the restore ({n} consultation(s)): the erasure predates the backup")
                }
            };
            log("erase", "merchant", merchant_id, &detail)?;
        }
        Event::MerchantForgotten { merchant_id } => outbox::forget_merchant(conn, merchant_id)?,
        Event::ConsultationSaved { consultation, created } => {
            index::consultation(conn, consultation)?;
            let change = outbox::consultation_saved(conn, at, consultation)?;
            let detail = if created { "created".to_string() } else { format!("version {}", consultation.version) };
            log("change", "consultation", &consultation.id.to_string(), &detail)?;
            return Ok(Some(change));
        }
        Event::ConsultationReceived { consultation_id, created } => {
            let detail = if created { "received by sync" } else { "version received by sync" };
            log("change", "consultation", consultation_id, detail)?;
        }
        Event::ConsultationCurrent { consultation } => index::consultation(conn, consultation)?,
        Event::ApplicationSaved { application, created, what } => {
            let detail = if created {
                format!("created for program {} ({})", application.program_id, application.status.as_str())
            } else {
                format!("version {}: {what}", application.version)
            };
            log("change", "application", &application.id.to_string(), &detail)?;
            return Ok(Some(outbox::application_saved(conn, at, application)?));
        }
        Event::VisitSaved { visit, what } => {
            log("change", "visit", &visit.id.to_string(), what)?;
            return Ok(Some(outbox::visit_saved(conn, at, visit)?));
        }
        Event::VisitReceived { visit_id, created } => {
            let detail = if created { "received by sync" } else { "version received by sync" };
            log("change", "visit", visit_id, detail)?;
        }
        Event::ApplicationReceived { application_id, created } => {
            let detail = if created { "received by sync" } else { "version received by sync" };
            log("change", "application", application_id, detail)?;
        }
        Event::ProgramChanged { program, change } => {
            index::program(conn, program)?;
            log("change", "program", &program.id, change)?;
            outbox::program_changed(conn, at, &program.id)?;
        }
        Event::ProgramLoaded { program } => index::program(conn, program)?,
        Event::PartnerChanged { partner, change } => {
            log("change", "partner", &partner.id, change)?;
            outbox::partner_changed(conn, at, &partner.id)?;
        }
        Event::Viewed { kind, id, detail } => log("view", kind, id, detail)?,
        Event::Printed { kind, id, detail } => log("print", kind, id, detail)?,
        Event::Exported { kind, id, detail } => log("export", kind, id, detail)?,
        Event::SignedIn { kind, id, detail } => log("sign_in", kind, id, detail)?,
        Event::SignInFailed { login, why } => log("sign_in", "staff", login, &format!("failed: {why}"))?,
        Event::Changed { kind, id, detail } => log("change", kind, id, detail)?,
        Event::Restored { backup } => log("change", "database", backup, "restored from backup")?,
    }
    Ok(None)
}

/// Record many program changes of one import: outbox marks first, then search entries (an
/// entry written between upserts would make FTS5 flush one segment per program).
pub fn record_imported(conn: &Connection, at: NaiveDateTime, programs: &[&Program]) -> Result<()> {
    for p in programs {
        outbox::program_changed(conn, at, &p.id)?;
    }
    for p in programs {
        index::program(conn, p)?;
    }
    Ok(())
}

/// What [`backfill_outbox`] queued: each version (consultation id, version, change id), and how
/// many merchants.
pub type Backfilled = (Vec<(String, i64, Uuid)>, usize);

/// Data saved before this desk had an outbox (a desk from before sync) never entered it: queue
/// every consultation version no outbox change ever sent, and — on a desk that has never
/// synced, where the hub cannot know them — every merchant with no change waiting. Returns the
/// versions queued with their change ids (for the version rows), and how many merchants.
pub fn backfill_outbox(conn: &Connection, who: &str, at: NaiveDateTime, merchants_too: bool) -> Result<Backfilled> {
    let mut merchants = 0;
    if merchants_too {
        let ids: Vec<String> = conn
            .prepare(
                "SELECT id FROM merchants WHERE id NOT IN (SELECT record_id FROM sync_outbox WHERE kind = 'merchant')
                 ORDER BY created_at, id",
            )?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        for id in &ids {
            outbox::merchant_changed(conn, at, id, None, Vec::new())?;
        }
        merchants = ids.len();
    }
    let rows: Vec<(String, i64, String)> = conn
        .prepare(
            "SELECT consultation_id, version, data FROM consultation_versions WHERE change_id IS NULL
             ORDER BY saved_at, consultation_id, version",
        )?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut versions = Vec::with_capacity(rows.len());
    for (id, version, data) in rows {
        let c: Consultation = serde_json::from_str(&data)
            .map_err(|e| crate::Error::corrupt(format!("consultation {id} version {version}"), e))?;
        versions.push((id, version, outbox::consultation_saved(conn, at, &c)?));
    }
    if merchants > 0 || !versions.is_empty() {
        let detail = format!(
            "{merchants} merchant(s) and {} consultation version(s) from before sync queued for the hub",
            versions.len()
        );
        audit::line(conn, at, who, "change", "database", "sync", &detail)?;
    }
    Ok((versions, merchants))
}
