//! Personal data: signing in to the encrypted database, staff accounts, consent, the audit log,
//! and a merchant's data exported or erased on request.

use std::path::Path;

use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::Connection;
use serde::Serialize;

use crate::clock::now;
use crate::consultation::Consultation;
use crate::journal::{self, Erasure, Event};
use crate::store::{Merchant, Store};
use crate::vault::{DbKey, NewStaff, Role, StaffMember, Vault};
use crate::{Error, Result};
use onestop_store::{consents, merchants};

// ----- signing in ---------------------------------------------------------------------------

/// True when `db` is an unencrypted SQLite file (older desks, or one made by tools).
fn is_plain(db: &Path) -> Result<bool> {
    use std::io::Read as _;
    let mut head = [0u8; 16];
    match std::fs::File::open(db) {
        Ok(mut f) => Ok(f.read_exact(&mut head).is_ok() && &head == b"SQLite format 3\0"),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(false),
        Err(e) => Err(Error::Io { path: db.display().to_string(), source: e }),
    }
}

fn has_data(db: &Path) -> bool {
    std::fs::metadata(db).map(|m| m.len() > 0).unwrap_or(false)
}

/// Encrypt a plain database file under `key`: exported into a new encrypted file beside it,
/// checked, then renamed over the plain one. An interruption leaves the plain file as it was.
fn encrypt_in_place(db: &Path, key: &DbKey) -> Result<()> {
    let io = |p: &Path| {
        let p = p.display().to_string();
        move |e| Error::Io { path: p, source: e }
    };
    let tmp = db.with_extension("encrypting");
    let _ = std::fs::remove_file(&tmp);
    onestop_store::schema::export_encrypted(db, &tmp, &key.sql_literal())?;
    {
        let check = crate::store::open_connection(&tmp, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY, Some(key))?;
        let ok = onestop_store::schema::integrity_check(&check)?;
        if ok != "ok" {
            let _ = std::fs::remove_file(&tmp);
            return Err(Error::invalid("database", db.display(), format!("encrypting it failed the check: {ok}")));
        }
    }
    std::fs::File::open(&tmp).and_then(|f| f.sync_all()).map_err(io(&tmp))?;
    std::fs::rename(&tmp, db).map_err(io(db))?;
    for side in ["-wal", "-shm"] {
        let mut p = db.as_os_str().to_owned();
        p.push(side);
        let _ = std::fs::remove_file(p);
    }
    Ok(())
}

fn open_signed_in(db: &Path, member: StaffMember, key: DbKey) -> Result<Store> {
    if is_plain(db)? {
        encrypt_in_place(db, &key)?;
    }
    let mut store = Store::open_encrypted(db, key)?;
    store.set_actor(member);
    let who = store.actor().map(|m| m.login.clone()).unwrap_or_default();
    store.record(Event::SignedIn { kind: "staff", id: &who, detail: "" })?;
    Ok(store)
}

/// Set up a desk: its first manager and a new database key. An existing plain database is
/// encrypted in place; a new one is created encrypted.
pub fn set_up(db: &Path, first: &NewStaff) -> Result<Store> {
    if has_data(db) && !is_plain(db)? {
        return Err(Error::invalid(
            "database",
            db.display(),
            format!(
                "is not a plain database: it is encrypted and its key file ({}) is missing — put the key file back (a copy is kept beside each backup) — or it is damaged",
                crate::vault::key_file_for(db).display()
            ),
        ));
    }
    let (vault, key) = Vault::create(db, first)?;
    let member = vault
        .staff()
        .into_iter()
        .next()
        .ok_or_else(|| Error::corrupt("key file", "has no staff right after set-up"))?;
    open_signed_in(db, member, key)
}

/// Sign in with a PIN or password and open the database.
pub fn sign_in(db: &Path, login: &str, secret: &str) -> Result<Store> {
    let vault = Vault::load(db)?.ok_or_else(|| {
        Error::Denied(format!(
            "no staff are set up for {}; the first manager sets up the desk (onestop staff init)",
            db.display()
        ))
    })?;
    let (member, key) = vault.unlock(login, secret)?;
    open_signed_in(db, member, key)
}

/// Who can sign in to `db` (empty before set-up).
pub fn staff_of(db: &Path) -> Result<Vec<StaffMember>> {
    Ok(Vault::load(db)?.map(|v| v.staff()).unwrap_or_default())
}

impl Store {
    fn db_file(&self) -> Result<std::path::PathBuf> {
        self.path().map(std::path::PathBuf::from).ok_or_else(|| Error::invalid("database", "memory", "has no key file"))
    }

    fn vault_and_key(&self) -> Result<(Vault, &DbKey, StaffMember)> {
        let db = self.db_file()?;
        let vault = Vault::load(&db)?.ok_or_else(|| Error::Denied("this database has no staff set up".into()))?;
        let key = self.key().ok_or_else(|| Error::Denied("this database is not encrypted".into()))?;
        let by = self.actor().cloned().ok_or_else(|| Error::Denied("nobody is signed in".into()))?;
        Ok((vault, key, by))
    }

    /// Everyone who can (or could) sign in to this desk.
    pub fn staff(&self) -> Result<Vec<StaffMember>> {
        staff_of(&self.db_file()?)
    }

    /// A manager adds a staff member.
    pub fn add_staff(&mut self, new: &NewStaff) -> Result<StaffMember> {
        let (mut vault, key, by) = self.vault_and_key()?;
        let m = vault.add_staff(&by, key, new)?;
        self.record(Event::Changed { kind: "staff", id: &m.login, detail: "added" })?;
        Ok(m)
    }

    /// A new PIN for oneself, or (a manager) for anyone; enables a disabled member.
    pub fn set_staff_secret(&mut self, login: &str, secret: &str) -> Result<StaffMember> {
        let (mut vault, key, by) = self.vault_and_key()?;
        let m = vault.set_secret(&by, key, login, secret)?;
        self.record(Event::Changed { kind: "staff", id: login, detail: "new PIN" })?;
        Ok(m)
    }

    /// A manager disables a staff member.
    pub fn disable_staff(&mut self, login: &str) -> Result<StaffMember> {
        let (mut vault, _key, by) = self.vault_and_key()?;
        let m = vault.disable(&by, login)?;
        self.record(Event::Changed { kind: "staff", id: login, detail: "disabled" })?;
        Ok(m)
    }
}

// ----- the audit log ------------------------------------------------------------------------

pub use onestop_domain::audit::{AuditBreak, AuditCheck, AuditEntry, AuditFilter};

/// The whole audit log as it stands (lines, hashes and head), carried over a restore.
pub(crate) fn audit_rows(conn: &Connection) -> Result<journal::audit::Carried> {
    Ok(journal::audit::carried(conn)?)
}

/// After a restore: put back the audit log as it was before it, apply again the erasures it
/// records that the backup predates, and log the restore, in one transaction.
pub(crate) fn after_restore(store: &mut Store, audit: &journal::audit::Carried, backup_name: &str) -> Result<()> {
    let who = store.who();
    let erased = audit.erased_merchants();
    let at = now();
    let tx = store.connection_mut().transaction()?;
    journal::audit::carry_over(&tx, audit)?;
    journal::record(&tx, &who, at, Event::Restored { backup: backup_name })?;
    for id in erased {
        if merchants::find_id(&tx, &id)?.is_some() {
            journal::record(&tx, &who, at, Event::MerchantErased { merchant_id: &id, how: Erasure::AfterRestore })?;
            merchants::erase(&tx, &id)?;
        }
    }
    tx.commit()?;
    Ok(())
}

impl Store {
    /// The login named in the audit log: the signed-in member, else `-` (tools and tests).
    pub(crate) fn who(&self) -> String {
        self.actor().map(|m| m.login.clone()).unwrap_or_else(|| "-".into())
    }

    /// Record an event outside a change's transaction (a view, print, export, sign-in).
    pub(crate) fn record(&self, event: Event<'_>) -> Result<()> {
        journal::record(self.connection(), &self.who(), now(), event)?;
        Ok(())
    }

    /// The audit log, newest first. Only managers read it.
    pub fn audit_log(&self, f: &AuditFilter) -> Result<Vec<AuditEntry>> {
        if let Some(m) = self.actor().filter(|m| m.role != Role::Manager) {
            return Err(Error::Denied(format!("{} is not a manager; only managers read the audit log", m.login)));
        }
        Ok(journal::audit::filtered(self.connection(), f)?)
    }

    /// Check the audit log's hash chain: the number of lines, and the first line where it
    /// breaks (a line changed, removed or moved, or the last lines cut off). Only managers.
    pub fn verify_audit_log(&self) -> Result<AuditCheck> {
        if let Some(m) = self.actor().filter(|m| m.role != Role::Manager) {
            return Err(Error::Denied(format!("{} is not a manager; only managers check the audit log", m.login)));
        }
        Ok(journal::audit::verify(self.connection())?)
    }

    /// A merchant, read by staff: the view is logged.
    pub fn view_merchant(&self, id: &str) -> Result<Merchant> {
        let m = self.merchant(id)?;
        self.record(Event::Viewed { kind: "merchant", id: &m.id, detail: "" })?;
        Ok(m)
    }

    /// A merchant's consultations (notes included), read by staff: the view is logged.
    pub fn view_consultations_of(&self, merchant_id: &str) -> Result<Vec<Consultation>> {
        let list = self.consultations(Some(merchant_id))?;
        let id = self.merchant(merchant_id)?.id;
        let detail = format!("{} consultation(s)", list.len());
        self.record(Event::Viewed { kind: "merchant", id: &id, detail: &detail })?;
        Ok(list)
    }

    /// A consultation, read by staff: the view is logged.
    pub fn view_consultation(&self, id: &str) -> Result<Consultation> {
        let c = self.consultation(id)?;
        self.record(Event::Viewed { kind: "consultation", id: &c.id.to_string(), detail: "" })?;
        Ok(c)
    }

    /// Every saved version of a consultation, read by staff: the view is logged.
    pub fn view_consultation_versions(&self, id: &str) -> Result<Vec<Consultation>> {
        let all = self.consultation_versions(id)?;
        if let Some(c) = all.first() {
            self.record(Event::Viewed { kind: "consultation", id: &c.id.to_string(), detail: "all versions" })?;
        }
        Ok(all)
    }
}

// ----- consent ------------------------------------------------------------------------------

pub use onestop_domain::merchant::{Consent, ConsentInput, DEFAULT_CONSENT_FORM};
pub use onestop_domain::profile::{personal_fields, without_personal};

/// Everything stored about one merchant, for a request to see their data.
#[derive(Clone, Debug, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct MerchantExport {
    pub exported_at: NaiveDateTime,
    pub merchant: Merchant,
    pub consents: Vec<Consent>,
    /// Every consultation with every saved version, oldest version first.
    pub consultations: Vec<Vec<Consultation>>,
    /// Who viewed, changed, exported or printed these records.
    pub audit: Vec<AuditEntry>,
}

/// What an erasure removed.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Erased {
    pub merchant_id: String,
    pub consultations: u32,
    pub consents: u32,
    /// Saved exports and printed summaries of the merchant removed from beside the data file.
    pub files: u32,
}

impl Store {
    /// The merchant's consents, oldest first.
    pub fn consents(&self, merchant_id: &str) -> Result<Vec<Consent>> {
        let id = self.merchant(merchant_id)?.id;
        let records = journal::outbox::consent_records(self.connection(), &id)?;
        Ok(records
            .into_iter()
            .map(|c| Consent {
                given_on: c.given_on,
                form: c.form,
                recorded_by: c.recorded_by,
                recorded_at: c.recorded_at,
                withdrawn_on: c.withdrawn_on,
            })
            .collect())
    }

    /// Record a consent for a merchant already on file.
    pub fn record_consent(&mut self, merchant_id: &str, consent: &ConsentInput) -> Result<Vec<Consent>> {
        let m = self.merchant(merchant_id)?;
        let (who, at) = (self.who(), now());
        let tx = self.connection_mut().transaction()?;
        crate::consent::gate(&tx, &who, at, &m.id, &m.profile, Some(consent), false)?;
        tx.commit()?;
        self.consents(&m.id)
    }

    /// The merchant withdraws consent: it is marked withdrawn and the personal fields are
    /// removed from the profile at once, in one transaction.
    pub fn withdraw_consent(&mut self, merchant_id: &str, on: NaiveDate) -> Result<Merchant> {
        if on > now().date() {
            return Err(Error::invalid("withdrawn_on", on, "is in the future"));
        }
        let m = self.merchant(merchant_id)?;
        let who = self.who();
        let base = without_personal(m.profile.clone());
        let stripped = Merchant { profile: base.clone(), updated_at: now(), ..m };
        let tx = self.connection_mut().transaction()?;
        let n = consents::withdraw(&tx, &stripped.id, on)?;
        if n == 0 {
            return Err(Error::invalid("consent", &stripped.id, "this merchant has no consent on record to withdraw"));
        }
        onestop_store::merchants::write_row(&tx, &stripped)?;
        journal::record(&tx, &who, stripped.updated_at, Event::ConsentWithdrawn { merchant: &stripped, base: &base })?;
        tx.commit()?;
        Ok(stripped)
    }

    /// Everything about a merchant, for their request; the export is logged.
    pub fn export_merchant(&self, merchant_id: &str) -> Result<MerchantExport> {
        let merchant = self.merchant(merchant_id)?;
        let consultations = self
            .consultations(Some(&merchant.id))?
            .iter()
            .map(|c| self.consultation_versions(&c.id.to_string()))
            .collect::<Result<Vec<_>>>()?;
        let mut ids: Vec<String> = consultations.iter().filter_map(|v| v.first()).map(|c| c.id.to_string()).collect();
        ids.push(merchant.id.clone());
        let mut audit = Vec::new();
        for id in &ids {
            audit.extend(journal::audit::of_record(self.connection(), id)?);
        }
        audit.sort_by_key(|a| a.at);
        let consents = self.consents(&merchant.id)?;
        self.record(Event::Exported { kind: "merchant", id: &merchant.id, detail: "personal data export" })?;
        Ok(MerchantExport { exported_at: now(), merchant, consents, consultations, audit })
    }

    /// Erase a merchant on request: the profile, consents, and every consultation with its
    /// versions, referrals, follow-ups and search entries, in one transaction. The audit log
    /// keeps the ids and the fact of the erasure, nothing personal. Backups taken before keep
    /// the data until they rotate out.
    pub fn erase_merchant(&mut self, merchant_id: &str) -> Result<Erased> {
        let id = self.merchant(merchant_id)?.id;
        let consultation_ids: Vec<String> =
            self.consultations(Some(&id))?.into_iter().map(|c| c.id.to_string()).collect();
        let who = self.who();
        let tx = self.connection_mut().transaction()?;
        journal::record(&tx, &who, now(), Event::MerchantErased { merchant_id: &id, how: Erasure::OnRequest })?;
        let (consultations, consents) = merchants::erase(&tx, &id)?;
        tx.commit()?;
        // What the app saved of the merchant beside the data file goes too.
        let files = match self.path() {
            Some(db) => match std::path::Path::new(&db).parent() {
                Some(dir) => crate::files::remove_erased(dir, &id, &consultation_ids)
                    .map_err(|e| Error::Io { path: dir.display().to_string(), source: e })?,
                None => 0,
            },
            None => 0,
        };
        Ok(Erased { merchant_id: id, consultations, consents, files })
    }
}
