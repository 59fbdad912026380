//! Personal data: signing in to the encrypted database, staff accounts, consent, the audit log,
//! and a merchant's data exported or erased on request.

use std::path::Path;

use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::Connection;
use serde::Serialize;

use crate::clock::now;
use crate::consultation::Consultation;
use crate::device::{DeviceSecret, Guard, GuardChoice};
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

/// Open `db` with the first of `keys` that opens it (the current key, else the next one of an
/// interrupted re-key, which is then finished).
fn open_with(db: &Path, keys: Vec<DbKey>) -> Result<Store> {
    let mut last = Error::Denied("no key".into());
    for (i, key) in keys.into_iter().enumerate() {
        match Store::open_encrypted(db, key) {
            Ok(store) => {
                if i > 0 {
                    Vault::edit(db, |v| {
                        v.promote_next();
                        Ok(())
                    })?;
                } else if Vault::load(db)?.is_some_and(|v| v.has_next()) {
                    Vault::edit(db, |v| {
                        v.drop_next();
                        Ok(())
                    })?;
                }
                return Ok(store);
            }
            Err(e @ Error::Denied(_)) => last = e,
            Err(e) => return Err(e),
        }
    }
    Err(last)
}

fn member_of(row: onestop_store::staff::Row) -> Result<StaffMember> {
    Ok(StaffMember { login: row.login, name: row.name, role: row.role.parse()?, disabled: row.disabled })
}

fn row_of(m: &StaffMember) -> onestop_store::staff::Row {
    onestop_store::staff::Row {
        login: m.login.clone(),
        name: m.name.clone(),
        role: m.role.as_str().into(),
        disabled: m.disabled,
    }
}

/// After the key opened the file: the member as the database's staff list has them (a desk
/// from before that list fills it once from its key file), the failed sign-ins since the last
/// one logged, and this sign-in logged.
fn open_signed_in(db: &Path, login: &str, mut store: Store) -> Result<Store> {
    let at = now();
    let roster = Vault::load(db)?.map(|v| v.staff()).unwrap_or_default();
    let failures = Vault::edit(db, |v| Ok(v.take_failures()))?;
    let tx = store.connection_mut().transaction()?;
    if onestop_store::settings::get(&tx, "staff.from_key_file")?.is_some() {
        for m in &roster {
            onestop_store::staff::put(&tx, &row_of(m), at)?;
        }
        onestop_store::settings::remove(&tx, "staff.from_key_file")?;
    }
    for f in &failures {
        journal::record(&tx, "-", f.at, Event::SignInFailed { login: &f.login, why: &f.why })?;
    }
    let member = match onestop_store::staff::get(&tx, login)?.map(member_of).transpose()? {
        Some(m) if !m.disabled => m,
        Some(_) => {
            journal::record(&tx, "-", at, Event::SignInFailed { login, why: "disabled" })?;
            tx.commit()?;
            return Err(Error::Denied(format!("{login} is disabled; a manager can enable them with a new PIN")));
        }
        None => {
            journal::record(&tx, "-", at, Event::SignInFailed { login, why: "not on the staff list" })?;
            tx.commit()?;
            return Err(Error::Denied(format!("{login} is not on this desk's staff list")));
        }
    };
    journal::record(&tx, login, at, Event::SignedIn { kind: "staff", id: login, detail: "" })?;
    tx.commit()?;
    store.set_actor(member);
    Ok(store)
}

/// How a value sealed under the device secret starts in the database.
const SEALED: &str = "sealed:";

/// A desk just set up: signed in as its first manager, with the recovery code to show once
/// (it restores the desk and its backups on a new machine; it is not stored anywhere).
pub struct SetUp {
    pub store: Store,
    pub recovery_code: String,
}

/// Set up a desk: its first manager, a new database key, a device secret kept as `guard` says
/// (the OS keystore, or a passphrase), and a recovery code. An existing plain database is
/// encrypted in place; a new one is created encrypted.
pub fn set_up(db: &Path, first: &NewStaff, guard: &GuardChoice) -> Result<SetUp> {
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
    let created = Vault::create(db, first, guard)?;
    if is_plain(db)? {
        encrypt_in_place(db, &created.key)?;
    }
    let mut store = Store::open_encrypted(db, created.key)?;
    // The first manager goes on the staff list whatever the migrations left to fill.
    let m = StaffMember {
        login: first.login.clone(),
        name: first.name.trim().into(),
        role: Role::Manager,
        disabled: false,
    };
    let tx = store.connection_mut().transaction()?;
    onestop_store::staff::put(&tx, &row_of(&m), now())?;
    onestop_store::settings::remove(&tx, "staff.from_key_file")?;
    journal::record(&tx, &m.login, now(), Event::Changed { kind: "staff", id: &m.login, detail: "set up the desk" })?;
    tx.commit()?;
    store.set_device(Some(created.device));
    let store = open_signed_in(db, &first.login, store)?;
    Ok(SetUp { store, recovery_code: created.recovery_code.0.to_string() })
}

/// This desk's device secret on this machine (None on a desk set up before they existed): from
/// the OS keystore, or stretched from `passphrase`, else `$ONESTOP_DESK_PASSPHRASE`. The app
/// keeps it for the session so the passphrase is asked once.
pub fn device_secret(db: &Path, passphrase: Option<&str>) -> Result<Option<DeviceSecret>> {
    let vault = Vault::load(db)?.ok_or_else(|| not_set_up(db))?;
    vault.device_secret(passphrase)
}

/// What the desk needs besides a PIN: `keystore`, `passphrase`, or nothing (a desk set up
/// before device secrets, not yet protected).
pub fn guard_of(db: &Path) -> Result<Option<&'static str>> {
    Ok(Vault::load(db)?.and_then(|v| match v.guard() {
        Some(Guard::Keystore) => Some("keystore"),
        Some(Guard::Passphrase { .. }) => Some("passphrase"),
        None => None,
    }))
}

fn not_set_up(db: &Path) -> Error {
    Error::Denied(format!(
        "no staff are set up for {}; the first manager sets up the desk (onestop staff init)",
        db.display()
    ))
}

/// Sign in with a PIN or password and open the database; the device secret comes from the OS
/// keystore or `$ONESTOP_DESK_PASSPHRASE` (see [`sign_in_with`]).
pub fn sign_in(db: &Path, login: &str, secret: &str) -> Result<Store> {
    let device = device_secret(db, None)?;
    sign_in_with(db, login, secret, device)
}

/// Sign in with a PIN or password and the desk's device secret. Wrong PINs are counted in the
/// key file, across processes; a member disabled or not on the database's staff list is refused
/// whatever the key file says.
pub fn sign_in_with(db: &Path, login: &str, secret: &str, device: Option<DeviceSecret>) -> Result<Store> {
    let unlocked = Vault::edit(db, |v| v.unlock(login, secret, device.as_ref()))?;
    let mut store = if is_plain(db)? {
        let key = unlocked.keys.into_iter().next().ok_or_else(|| Error::corrupt("key file", "no key"))?;
        encrypt_in_place(db, &key)?;
        Store::open_encrypted(db, key)?
    } else {
        open_with(db, unlocked.keys)?
    };
    store.set_device(device);
    open_signed_in(db, login, store)
}

/// Restore a desk on a new machine with its recovery code: the key file and database (or a
/// backup and the key file kept beside it) are opened with the code, this machine gets a new
/// device secret kept as `guard` says, and `manager` a slot and a manager's place on the staff
/// list. Everyone else needs a new PIN from a manager (their copies were bound to the old
/// machine).
pub fn recover(db: &Path, code: &str, manager: &NewStaff, guard: &GuardChoice) -> Result<Store> {
    if manager.role != Role::Manager {
        return Err(Error::invalid("role", "staff", "the one who recovers a desk becomes its manager"));
    }
    crate::vault::check_login(&manager.login)?;
    crate::vault::check_secret(&manager.secret)?;
    let keys = Vault::load(db)?.ok_or_else(|| not_set_up(db))?.unlock_recovery(code)?;
    let mut store = open_with(db, keys)?;
    let key = DbKey::from_sql_literal(&store.current_key()?.sql_literal())
        .ok_or_else(|| Error::corrupt("key", "bad literal"))?;
    let device = Vault::edit(db, |v| v.recover_to(&key, manager, guard))?;
    let m = StaffMember {
        login: manager.login.clone(),
        name: manager.name.trim().into(),
        role: Role::Manager,
        disabled: false,
    };
    let at = now();
    let tx = store.connection_mut().transaction()?;
    onestop_store::staff::put(&tx, &row_of(&m), at)?;
    onestop_store::settings::remove(&tx, "staff.from_key_file")?;
    journal::record(
        &tx,
        &m.login,
        at,
        Event::Changed { kind: "staff", id: &m.login, detail: "recovered the desk with the recovery code" },
    )?;
    tx.commit()?;
    store.set_device(Some(device));
    open_signed_in(db, &m.login, store)
}

/// Who can sign in to `db` (empty before set-up), as the key file says: for the sign-in
/// screen; roles and status there are hints (the database decides).
pub fn staff_of(db: &Path) -> Result<Vec<StaffMember>> {
    Ok(Vault::load(db)?.map(|v| v.staff()).unwrap_or_default())
}

impl Store {
    fn db_file(&self) -> Result<std::path::PathBuf> {
        self.path().map(std::path::PathBuf::from).ok_or_else(|| Error::invalid("database", "memory", "has no key file"))
    }

    fn manager(&self, what: &str) -> Result<StaffMember> {
        let by = self.actor().cloned().ok_or_else(|| Error::Denied("nobody is signed in".into()))?;
        if by.role != Role::Manager {
            return Err(Error::Denied(format!("{} is not a manager; only managers {what}", by.login)));
        }
        Ok(by)
    }

    fn current_key(&self) -> Result<&DbKey> {
        self.key().ok_or_else(|| Error::Denied("this database is not encrypted".into()))
    }

    /// Whether the signed-in member may still work: on the staff list and not disabled, and the
    /// database still opens with the key they signed in with (a re-key by another process
    /// signs everyone else out). Their role is read again. The app asks before every command.
    pub fn check_signed_in(&mut self) -> Result<()> {
        let Some(login) = self.actor().map(|m| m.login.clone()) else { return Ok(()) };
        let row = onestop_store::staff::get(self.connection(), &login).map_err(|e| match e {
            onestop_store::Error::Db(e) if e.sqlite_error_code() == Some(rusqlite::ErrorCode::NotADatabase) => {
                Error::Denied("the desk's key changed: sign in again".into())
            }
            e => Error::from(e),
        })?;
        match row.map(member_of).transpose()? {
            Some(m) if !m.disabled => {
                self.set_actor(m);
                Ok(())
            }
            Some(_) => Err(Error::Denied(format!("{login} was disabled by a manager: signed out"))),
            None => Err(Error::Denied(format!("{login} is no longer on this desk's staff list: signed out"))),
        }
    }

    /// Everyone who can (or could) sign in to this desk, as the database's staff list has them.
    pub fn staff(&self) -> Result<Vec<StaffMember>> {
        onestop_store::staff::all(self.connection())?.into_iter().map(member_of).collect()
    }

    fn staff_member(&self, login: &str) -> Result<StaffMember> {
        onestop_store::staff::get(self.connection(), login)?
            .map(member_of)
            .transpose()?
            .ok_or_else(|| Error::not_found("staff member", login))
    }

    fn put_staff(&mut self, m: &StaffMember, detail: &str) -> Result<()> {
        let who = self.who();
        let at = now();
        let tx = self.connection_mut().transaction()?;
        onestop_store::staff::put(&tx, &row_of(m), at)?;
        journal::record(&tx, &who, at, Event::Changed { kind: "staff", id: &m.login, detail })?;
        tx.commit()?;
        Ok(())
    }

    /// A manager adds a staff member.
    pub fn add_staff(&mut self, new: &NewStaff) -> Result<StaffMember> {
        self.manager("manage staff")?;
        let db = self.db_file()?;
        if onestop_store::staff::get(self.connection(), &new.login)?.is_some() {
            return Err(Error::Conflict { what: "staff login", id: new.login.clone() });
        }
        let key = self.current_key()?;
        let device = self.device();
        let m = Vault::edit(&db, |v| v.add_staff(key, new, device))?;
        self.put_staff(&m, "added")?;
        Ok(m)
    }

    /// A new PIN for oneself, or (a manager) for anyone; enables a disabled member. The
    /// database is re-keyed, so the old PIN opens no copy of the key file made before.
    pub fn set_staff_secret(&mut self, login: &str, secret: &str) -> Result<StaffMember> {
        if self.actor().map(|m| m.login.as_str()) != Some(login) {
            self.manager("give other members a new PIN")?;
        }
        let mut m = self.staff_member(login)?;
        crate::vault::check_secret(secret)?;
        let db = self.db_file()?;
        let key = self.current_key()?;
        let device = self.device();
        Vault::edit(&db, |v| v.set_secret(key, login, secret, device).map(|_| v.set_role_hint(login, m.role)))?;
        let enabled = m.disabled;
        m.disabled = false;
        self.put_staff(&m, if enabled { "new PIN; enabled" } else { "new PIN" })?;
        self.rekey()?;
        Ok(m)
    }

    /// A manager disables a staff member: off the staff list at once, their slot emptied, and
    /// the database re-keyed, so no key file copied before opens the data as it is now.
    pub fn disable_staff(&mut self, login: &str) -> Result<StaffMember> {
        let by = self.manager("manage staff")?;
        if by.login == login {
            return Err(Error::invalid("login", login, "you cannot disable yourself"));
        }
        let mut m = self.staff_member(login)?;
        m.disabled = true;
        self.put_staff(&m, "disabled")?;
        let db = self.db_file()?;
        Vault::edit(&db, |v| v.disable(login))?;
        self.rekey()?;
        Ok(m)
    }

    /// A manager changes a member's role (on the staff list; the key file gets a hint).
    pub fn set_staff_role(&mut self, login: &str, role: Role) -> Result<StaffMember> {
        let by = self.manager("manage staff")?;
        if by.login == login {
            return Err(Error::invalid("login", login, "you cannot change your own role"));
        }
        let mut m = self.staff_member(login)?;
        m.role = role;
        self.put_staff(&m, &format!("role {}", role.as_str()))?;
        let db = self.db_file()?;
        Vault::edit(&db, |v| {
            v.set_role_hint(login, role);
            Ok(())
        })?;
        Ok(m)
    }

    /// A secret kept in the database (the hub token), sealed under the device secret as well
    /// when the desk has one, so the database key alone does not read it.
    pub(crate) fn seal_text(&self, purpose: &str, text: &str) -> Result<String> {
        match self.device() {
            Some(d) => Ok(format!("{SEALED}{}", d.seal("database", purpose, text.as_bytes())?)),
            None => Ok(text.to_string()),
        }
    }

    /// Read what [`Store::seal_text`] wrote.
    pub(crate) fn open_text(&self, purpose: &str, stored: &str) -> Result<String> {
        let Some(sealed) = stored.strip_prefix(SEALED) else { return Ok(stored.to_string()) };
        let d = self
            .device()
            .ok_or_else(|| Error::Denied(format!("the {purpose} needs this desk's device secret: sign in again")))?;
        let plain = d.open("database", purpose, sealed)?;
        String::from_utf8(plain.to_vec()).map_err(|_| Error::corrupt(purpose, "not text"))
    }

    /// A manager gives a desk set up before device secrets one, kept as `guard` says: from now
    /// on a copy of the data folder cannot be opened by searching the PIN space. Returns the
    /// recovery code, to be shown once.
    pub fn protect_desk(&mut self, guard: &GuardChoice) -> Result<String> {
        self.manager("protect the desk")?;
        let db = self.db_file()?;
        let key = self.current_key()?;
        let (device, code) = Vault::edit(&db, |v| v.protect(key, guard))?;
        self.set_device(Some(device));
        self.record(Event::Changed { kind: "database", id: "key", detail: "device secret and recovery code added" })?;
        Ok(code.0.to_string())
    }

    /// Re-key the database: a new random key sealed for every member who can sign in, then
    /// the file re-encrypted under it, then the new key made current. Each step is saved
    /// before the next, so a crash leaves a key file that opens the database as it is.
    fn rekey(&mut self) -> Result<()> {
        let db = self.db_file()?;
        let next = DbKey::random()?;
        let device = self.device().cloned();
        let dropped = Vault::edit(&db, |v| v.stage_next(&next, device.as_ref()))?;
        // The old key stays inside the database (under the new key), so backups taken under it
        // can still be restored by whoever holds the current one.
        onestop_store::staff::retire_key(self.connection(), &self.current_key()?.sql_literal(), now())?;
        onestop_store::schema::rekey(self.connection(), &next.sql_literal())?;
        self.set_key(next);
        Vault::edit(&db, |v| {
            v.promote_next();
            Ok(())
        })?;
        for login in dropped {
            self.record(Event::Changed { kind: "staff", id: &login, detail: "needs a new PIN after a re-key" })?;
        }
        self.record(Event::Changed { kind: "database", id: "key", detail: "re-keyed" })?;
        Ok(())
    }
}

// ----- the audit log ------------------------------------------------------------------------

pub use onestop_domain::audit::{AuditBreak, AuditCheck, AuditEntry, AuditFilter};

/// What a restore must not roll back, read from the database before it: the audit log (with
/// the erasures it records), the staff list, the keys retired by re-keys, and the consents
/// withdrawn.
pub(crate) struct Carried {
    audit: journal::audit::Carried,
    staff: Vec<onestop_store::staff::Row>,
    retired_keys: Vec<String>,
    withdrawn: Vec<(String, NaiveDate)>,
}

impl Carried {
    pub(crate) fn read(store: &Store) -> Result<Carried> {
        let c = store.connection();
        Ok(Carried {
            audit: journal::audit::carried(c)?,
            staff: onestop_store::staff::all(c)?,
            retired_keys: onestop_store::staff::retired_keys(c)?,
            withdrawn: consents::withdrawn(c)?,
        })
    }
}

impl Store {
    /// The key a backup opens with: this desk's current key, else one it had before a re-key.
    pub(crate) fn key_for_backup(&self, backup: &Path) -> Result<Option<DbKey>> {
        let Some(current) = self.key() else { return Ok(None) };
        let retired = onestop_store::staff::retired_keys(self.connection())?;
        let mut tried = vec![current.clone()];
        tried.extend(retired.iter().filter_map(|k| DbKey::from_sql_literal(k)));
        for key in tried {
            if crate::store::open_connection(backup, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY, Some(&key)).is_ok() {
                return Ok(Some(key));
            }
        }
        Ok(Some(current.clone()))
    }
}

/// In the restored database (still staging): put back the audit log, the staff list and the
/// retired keys as they were before the restore, apply again the erasures the log records and
/// the consent withdrawals the backup predates, and log the restore, in one transaction.
pub(crate) fn after_restore(store: &mut Store, carried: &Carried, backup_name: &str) -> Result<()> {
    let who = store.who();
    let erased = carried.audit.erased_merchants();
    let mut withdrawals = vec![];
    for (id, on) in &carried.withdrawn {
        if consents::has_active(store.connection(), id)? {
            if let Ok(m) = store.merchant(id) {
                withdrawals.push((m, *on));
            }
        }
    }
    let at = now();
    let tx = store.connection_mut().transaction()?;
    journal::audit::carry_over(&tx, &carried.audit)?;
    onestop_store::staff::carry_over(&tx, &carried.staff, &carried.retired_keys, at)?;
    journal::record(&tx, &who, at, Event::Restored { backup: backup_name })?;
    for id in erased {
        if merchants::find_id(&tx, &id)?.is_some() {
            journal::record(&tx, &who, at, Event::MerchantErased { merchant_id: &id, how: Erasure::AfterRestore })?;
            merchants::erase(&tx, &id)?;
        }
    }
    for (m, on) in withdrawals {
        withdraw_in(&tx, &who, m, on, at)?;
    }
    tx.commit()?;
    Ok(())
}

/// Withdraw a merchant's consent in `tx`: the consent marked, the personal fields removed, the
/// journal told (which takes them out of the outbox and the search index).
fn withdraw_in(tx: &Connection, who: &str, m: Merchant, on: NaiveDate, at: NaiveDateTime) -> Result<Merchant> {
    let base = without_personal(m.profile.clone());
    let stripped = Merchant { profile: base.clone(), updated_at: at, ..m };
    let n = consents::withdraw(tx, &stripped.id, on)?;
    if n == 0 {
        return Err(Error::invalid("consent", &stripped.id, "this merchant has no consent on record to withdraw"));
    }
    onestop_store::merchants::write_row(tx, &stripped)?;
    onestop_store::consultations::without_personal(tx, &stripped.id)?;
    journal::record(tx, who, stripped.updated_at, Event::ConsentWithdrawn { merchant: &stripped, base: &base })?;
    Ok(stripped)
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
    /// Every application with every saved version, oldest version first.
    pub applications: Vec<Vec<onestop_domain::application::Application>>,
    /// Every visit plan with every saved version, oldest version first.
    pub visits: Vec<Vec<onestop_domain::visit::Visit>>,
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
        let tx = self.connection_mut().transaction()?;
        let stripped = withdraw_in(&tx, &who, m, on, now())?;
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
        let applications = self
            .applications(Some(&merchant.id))?
            .iter()
            .map(|a| self.application_versions(&a.id.to_string()))
            .collect::<Result<Vec<_>>>()?;
        let visits = onestop_store::visits::of_merchant(self.connection(), &merchant.id)?
            .iter()
            .map(|v| self.visit_versions(&v.id.to_string()))
            .collect::<Result<Vec<_>>>()?;
        let mut ids: Vec<String> = consultations.iter().filter_map(|v| v.first()).map(|c| c.id.to_string()).collect();
        ids.extend(applications.iter().filter_map(|v| v.first()).map(|a| a.id.to_string()));
        ids.extend(visits.iter().filter_map(|v| v.first()).map(|v| v.id.to_string()));
        ids.push(merchant.id.clone());
        let mut audit = Vec::new();
        for id in &ids {
            audit.extend(journal::audit::of_record(self.connection(), id)?);
        }
        audit.sort_by_key(|a| a.at);
        let consents = self.consents(&merchant.id)?;
        self.record(Event::Exported { kind: "merchant", id: &merchant.id, detail: "personal data export" })?;
        Ok(MerchantExport { exported_at: now(), merchant, consents, consultations, applications, visits, audit })
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
