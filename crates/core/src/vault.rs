//! Staff sign-in and the database key.
//!
//! The database is encrypted with SQLCipher under one random 256-bit key. That key is never
//! written down in the clear: the key file beside the database (`<db>.keys`) holds one slot per
//! staff member. A slot has the member's X25519 key pair — the secret half sealed with
//! XChaCha20-Poly1305 under a key stretched from their PIN or password with Argon2id — and the
//! database key as a sealed box to the public half. Signing in is opening one's own secret and
//! then one's copy of the key; a wrong PIN fails the authentication tag and reveals nothing.
//!
//! Because a copy is sealed to a public key, whoever holds the database key can reseal a new
//! one for every member without their PINs: disabling a member or giving a new PIN re-keys the
//! database (`Store::rekey`), so no key file copied before opens the data as it is now. During
//! a re-key each slot carries the next key beside the current one, so a crash in between leaves
//! a file that still opens.
//!
//! The key file holds logins, display names, role hints and failed tries, nothing about
//! merchants. Roles and who is disabled are decided by the `staff` table inside the encrypted
//! database, so editing this file grants nothing. Every change to it is made under a lock file
//! (`<db>.keys.lock`) on a fresh read, so two processes cannot lose each other's change, and
//! wrong PINs are counted here, across processes: after five in a row a member waits, longer
//! each time.

use std::path::{Path, PathBuf};

use argon2::{Algorithm, Argon2, Params, Version};
use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine as _;
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use chrono::NaiveDateTime;
use crypto_box::{PublicKey, SecretKey};
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use crate::device::{DeviceSecret, Guard, GuardChoice, RecoveryCode};
use crate::{Error, Result};

/// The key file's format version.
const FORMAT: u32 = 3;

/// Argon2id cost for new PINs: 19 MiB, 2 passes, 1 lane (the OWASP baseline). Stored per
/// staff member so it can be raised later without locking anyone out.
const KDF: Kdf = Kdf { m_kib: 19 * 1024, t: 2, p: 1 };

/// What a staff member may do beyond counter work: managers add and disable staff and read the
/// audit log.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Manager,
    #[default]
    Staff,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Manager => "manager",
            Role::Staff => "staff",
        }
    }
}

impl std::str::FromStr for Role {
    type Err = Error;
    fn from_str(s: &str) -> Result<Role> {
        match s {
            "manager" => Ok(Role::Manager),
            "staff" => Ok(Role::Staff),
            _ => Err(Error::invalid("role", s, "must be manager or staff")),
        }
    }
}

/// A staff member as the sign-in screen and the staff list show them.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct StaffMember {
    pub login: String,
    pub name: String,
    pub role: Role,
    pub disabled: bool,
}

/// The database key, wiped from memory when dropped.
#[derive(Clone)]
pub struct DbKey(Zeroizing<[u8; 32]>);

impl DbKey {
    pub(crate) fn random() -> Result<DbKey> {
        let mut k = Zeroizing::new([0u8; 32]);
        random_bytes(k.as_mut())?;
        Ok(DbKey(k))
    }

    /// A key from its SQL literal (as kept in the database's retired keys).
    pub(crate) fn from_sql_literal(s: &str) -> Option<DbKey> {
        let hex = s.strip_prefix("x'")?.strip_suffix('\'')?;
        if hex.len() != 64 {
            return None;
        }
        let mut k = Zeroizing::new([0u8; 32]);
        for (i, b) in k.iter_mut().enumerate() {
            *b = u8::from_str_radix(hex.get(2 * i..2 * i + 2)?, 16).ok()?;
        }
        Some(DbKey(k))
    }

    /// The key as SQLCipher's raw-key literal `x'…'` (no key derivation inside SQLCipher).
    pub(crate) fn sql_literal(&self) -> Zeroizing<String> {
        let mut s = Zeroizing::new(String::with_capacity(67));
        s.push_str("x'");
        for b in self.0.iter() {
            s.push(char::from(b"0123456789abcdef"[usize::from(b >> 4)]));
            s.push(char::from(b"0123456789abcdef"[usize::from(b & 15)]));
        }
        s.push('\'');
        s
    }
}

impl std::fmt::Debug for DbKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DbKey(***)")
    }
}

fn random_bytes(buf: &mut [u8]) -> Result<()> {
    getrandom::fill(buf).map_err(|e| Error::Io {
        path: "the system random generator".into(),
        source: std::io::Error::other(e.to_string()),
    })
}

#[derive(Clone, Copy, Debug, Serialize, Deserialize)]
struct Kdf {
    m_kib: u32,
    t: u32,
    p: u32,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
struct Slot {
    /// Login, name, and the role and status as last written here: a hint for the sign-in
    /// screen; the database's `staff` table decides.
    #[serde(flatten)]
    member: StaffMember,
    created_at: String,
    kdf: Kdf,
    salt: String,
    nonce: String,
    /// The member's X25519 secret key, sealed under their stretched PIN.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    identity: Option<String>,
    /// Its public key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    public: Option<String>,
    /// The database key, sealed to `public`; none once the member is disabled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    key: Option<String>,
    /// During a re-key: the next database key, sealed to `public`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    next: Option<String>,
    /// Format 1: the database key sealed directly under the PIN (upgraded at the next sign-in).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    sealed: Option<String>,
    /// Wrong PINs in a row.
    #[serde(default)]
    failed: u32,
    /// No try is checked before this time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    wait_until: Option<NaiveDateTime>,
}

impl Default for Kdf {
    fn default() -> Kdf {
        KDF
    }
}

/// A failed sign-in not yet written to the audit log (the database cannot be opened without
/// a right PIN, so the next sign-in writes them).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FailedSignIn {
    pub login: String,
    pub at: NaiveDateTime,
    pub why: String,
}

/// How many failed sign-ins the key file keeps until the next sign-in logs them.
const FAILURES_KEPT: usize = 200;
/// Wrong PINs in a row before the first wait.
const FREE_TRIES: u32 = 5;
/// The first wait; it doubles with each further wrong PIN, up to `MAX_WAIT_SECS`.
const FIRST_WAIT_SECS: i64 = 30;
const MAX_WAIT_SECS: i64 = 3600;

#[derive(Debug, Serialize, Deserialize)]
struct KeyFile {
    format: u32,
    /// Random, bound into every sealed copy so a copy cannot be moved to another desk's file.
    desk_id: String,
    staff: Vec<Slot>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    failures: Vec<FailedSignIn>,
    /// Where the device secret is kept; every staff copy of the key is wrapped under it. None
    /// on a desk set up before (`onestop staff protect` adds it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    guard: Option<Guard>,
    /// The slot the recovery code opens: its copy of the key needs no device secret.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    recovery: Option<Slot>,
}

/// A new staff member's details.
#[derive(Clone, Debug, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct NewStaff {
    pub login: String,
    pub name: String,
    pub role: Role,
    pub secret: String,
}

impl Drop for NewStaff {
    fn drop(&mut self) {
        zeroize::Zeroize::zeroize(&mut self.secret);
    }
}

/// The key file of one database, read under its lock (see [`Vault::edit`]) or as a snapshot.
#[derive(Debug)]
pub struct Vault {
    path: PathBuf,
    file: KeyFile,
}

/// A member who gave the right PIN, with the keys their slot holds: the current one first,
/// then, if a re-key was interrupted, the next one.
pub struct Unlocked {
    pub member: StaffMember,
    pub keys: Vec<DbKey>,
}

/// What setting up a key file gives: the database key, the device secret, and the recovery
/// code to show once.
pub struct Created {
    pub key: DbKey,
    pub device: DeviceSecret,
    pub recovery_code: RecoveryCode,
}

/// The key file that belongs to a database file.
pub fn key_file_for(db: &Path) -> PathBuf {
    let mut name = db.file_name().map(|n| n.to_os_string()).unwrap_or_default();
    name.push(".keys");
    db.with_file_name(name)
}

fn lock_file_for(db: &Path) -> PathBuf {
    let mut p = key_file_for(db).into_os_string();
    p.push(".lock");
    PathBuf::from(p)
}

/// Logins are short, lower-case and safe in file names and logs.
pub fn check_login(login: &str) -> Result<()> {
    let ok = (2..=32).contains(&login.len())
        && login.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"._-".contains(&b));
    if ok {
        Ok(())
    } else {
        Err(Error::invalid("login", login, "2 to 32 characters: lower-case letters, digits, '.', '_' or '-'"))
    }
}

/// A PIN is at least 6 digits, a password at least 8 characters; neither may be one repeated
/// character or a run like 123456.
pub fn check_secret(secret: &str) -> Result<()> {
    let shown = "***";
    let n = secret.chars().count();
    let digits = secret.chars().all(|c| c.is_ascii_digit());
    if digits && n < 6 {
        return Err(Error::invalid("PIN", shown, "a PIN needs at least 6 digits"));
    }
    if !digits && n < 8 {
        return Err(Error::invalid("password", shown, "a password needs at least 8 characters"));
    }
    if n > 128 {
        return Err(Error::invalid("password", shown, "at most 128 characters"));
    }
    let b = secret.as_bytes();
    let same = b.iter().all(|c| *c == b[0]);
    let run = digits && (b.windows(2).all(|w| w[1] == w[0] + 1) || b.windows(2).all(|w| w[1] + 1 == w[0]));
    if same || run {
        return Err(Error::invalid(if digits { "PIN" } else { "password" }, shown, "too easy to guess"));
    }
    Ok(())
}

fn denied(reason: impl Into<String>) -> Error {
    Error::Denied(reason.into())
}

fn stretch(secret: &str, salt: &[u8], kdf: Kdf) -> Result<Zeroizing<[u8; 32]>> {
    let params = Params::new(kdf.m_kib, kdf.t, kdf.p, Some(32))
        .map_err(|e| Error::corrupt("key file", format!("Argon2 parameters {kdf:?}: {e}")))?;
    let mut out = Zeroizing::new([0u8; 32]);
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
        .hash_password_into(secret.as_bytes(), salt, out.as_mut())
        .map_err(|e| Error::corrupt("key file", format!("Argon2: {e}")))?;
    Ok(out)
}

fn b64(what: &str, s: &str) -> Result<Vec<u8>> {
    B64.decode(s).map_err(|e| Error::invalid("key file", what, format!("is damaged: {e}")))
}

fn damaged(what: &str) -> Error {
    Error::invalid("key file", what, "is damaged")
}

fn public_key(slot: &Slot) -> Result<PublicKey> {
    let bytes: [u8; 32] = b64("public key", slot.public.as_deref().ok_or_else(|| damaged("public key"))?)?
        .try_into()
        .map_err(|_| damaged("public key"))?;
    Ok(PublicKey::from(bytes))
}

/// The database key as a sealed box to the slot's public key, wrapped again under the device
/// secret when there is one.
fn seal_to(slot: &Slot, key: &DbKey, device: Option<(&DeviceSecret, &str)>) -> Result<String> {
    let sealed = public_key(slot)?
        .seal(&mut crypto_box::aead::OsRng, key.0.as_slice())
        .map_err(|_| Error::corrupt("key file", "sealing the database key failed"))?;
    match device {
        Some((d, context)) => d.seal(context, "staff key", &sealed),
        None => Ok(B64.encode(sealed)),
    }
}

fn unseal(secret: &SecretKey, what: &str, sealed: &str, device: Option<(&DeviceSecret, &str)>) -> Result<DbKey> {
    let boxed = match device {
        Some((d, context)) => d.open(context, "staff key", sealed)?,
        None => Zeroizing::new(b64(what, sealed)?),
    };
    let plain = Zeroizing::new(secret.unseal(&boxed).map_err(|_| damaged(what))?);
    let bytes: [u8; 32] = plain.as_slice().try_into().map_err(|_| damaged(what))?;
    Ok(DbKey(Zeroizing::new(bytes)))
}

/// Open a slot's key pair with its PIN (or the recovery code): the X25519 secret, or, for a
/// format-1 slot, the database key itself.
fn open_identity(slot: &Slot, secret: &str, aad: &[u8]) -> Result<Option<Zeroizing<[u8; 32]>>> {
    let wrap = stretch(secret, &b64("salt", &slot.salt)?, slot.kdf)?;
    let nonce = b64("nonce", &slot.nonce)?;
    if nonce.len() != 24 {
        return Err(damaged("nonce"));
    }
    let cipher = XChaCha20Poly1305::new(wrap.as_ref().into());
    let sealed = slot.identity.as_deref().or(slot.sealed.as_deref()).unwrap_or_default();
    let Ok(plain) = cipher.decrypt(XNonce::from_slice(&nonce), Payload { msg: &b64("sealed key", sealed)?, aad })
    else {
        return Ok(None);
    };
    let plain = Zeroizing::new(plain);
    let bytes: [u8; 32] = plain.as_slice().try_into().map_err(|_| damaged("sealed key"))?;
    Ok(Some(Zeroizing::new(bytes)))
}

/// A new slot: a fresh key pair sealed under `secret`, holding `key`.
fn new_slot(
    member: StaffMember,
    secret: &str,
    key: &DbKey,
    aad: &[u8],
    device: Option<(&DeviceSecret, &str)>,
) -> Result<Slot> {
    let mut salt = [0u8; 16];
    random_bytes(&mut salt)?;
    let mut nonce = [0u8; 24];
    random_bytes(&mut nonce)?;
    let mut raw = Zeroizing::new([0u8; 32]);
    random_bytes(raw.as_mut())?;
    let identity = SecretKey::from(*raw);
    let wrap = stretch(secret, &salt, KDF)?;
    let cipher = XChaCha20Poly1305::new(wrap.as_ref().into());
    let sealed = cipher
        .encrypt(XNonce::from_slice(&nonce), Payload { msg: raw.as_slice(), aad })
        .expect("sealing a 32-byte key cannot fail");
    let mut slot = Slot {
        member,
        created_at: crate::clock::now().to_string(),
        kdf: KDF,
        salt: B64.encode(salt),
        nonce: B64.encode(nonce),
        identity: Some(B64.encode(sealed)),
        public: Some(B64.encode(identity.public_key().as_bytes())),
        ..Slot::default()
    };
    slot.key = Some(seal_to(&slot, key, device)?);
    Ok(slot)
}

/// How long a member waits after `failed` wrong PINs in a row (none for the first few).
fn wait_after(failed: u32) -> Option<chrono::Duration> {
    let extra = failed.checked_sub(FREE_TRIES)?;
    let secs = FIRST_WAIT_SECS.saturating_mul(1i64 << extra.min(20)).min(MAX_WAIT_SECS);
    Some(chrono::Duration::seconds(secs))
}

/// The exclusive lock on a key file, released when dropped.
struct Lock(std::fs::File);

impl Drop for Lock {
    fn drop(&mut self) {
        let _ = self.0.unlock();
    }
}

fn lock(db: &Path) -> Result<Lock> {
    let path = lock_file_for(db);
    let io = |e| Error::Io { path: path.display().to_string(), source: e };
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        crate::files::private_dir(dir).map_err(io)?;
    }
    let file = crate::files::private_placeholder(&path)
        .and_then(|()| std::fs::OpenOptions::new().write(true).open(&path))
        .map_err(io)?;
    file.lock().map_err(io)?;
    Ok(Lock(file))
}

impl Vault {
    fn read(db: &Path) -> Result<Option<Vault>> {
        let path = key_file_for(db);
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(Error::Io { path: path.display().to_string(), source: e }),
        };
        let mut file: KeyFile = serde_json::from_str(&text)
            .map_err(|e| Error::invalid("key file", path.display(), format!("is damaged: {e}")))?;
        if !(1..=FORMAT).contains(&file.format) {
            return Err(Error::invalid(
                "key file",
                path.display(),
                format!("format {} is not one this Onestop reads (1 to {FORMAT})", file.format),
            ));
        }
        file.format = FORMAT;
        Ok(Some(Vault { path, file }))
    }

    /// The key file of `db` as it is now, if staff were set up (for reading: the sign-in
    /// screen's list). Changes go through [`Vault::edit`].
    pub fn load(db: &Path) -> Result<Option<Vault>> {
        Vault::read(db)
    }

    /// Change the key file of `db` under its lock: read it fresh, apply `f`, and save it if `f`
    /// succeeded — or if it failed with a wrong PIN, which is counted.
    pub fn edit<T>(db: &Path, f: impl FnOnce(&mut Vault) -> Result<T>) -> Result<T> {
        let _lock = lock(db)?;
        let mut vault = Vault::read(db)?.ok_or_else(|| {
            Error::Denied(format!(
                "no staff are set up for {}; the first manager sets up the desk (onestop staff init)",
                db.display()
            ))
        })?;
        let out = f(&mut vault);
        if out.is_ok() || matches!(out, Err(Error::Denied(_))) {
            vault.save()?;
        }
        out
    }

    /// Start the key file of `db` with its first manager, a new random database key, a device
    /// secret kept as `guard` says, and a recovery slot. Returns the recovery code, to be shown
    /// once. Fails if the database already has a key file.
    pub fn create(db: &Path, first: &NewStaff, guard: &GuardChoice) -> Result<Created> {
        let _lock = lock(db)?;
        let path = key_file_for(db);
        if path.exists() {
            return Err(Error::Conflict { what: "key file", id: path.display().to_string() });
        }
        if first.role != Role::Manager {
            return Err(Error::invalid("role", "staff", "the first staff member must be a manager"));
        }
        check_login(&first.login)?;
        check_secret(&first.secret)?;
        let mut desk_id = [0u8; 16];
        random_bytes(&mut desk_id)?;
        let desk_id = B64.encode(desk_id);
        let (device, guard) = DeviceSecret::create(&desk_id, guard)?;
        let mut vault = Vault {
            path,
            file: KeyFile {
                format: FORMAT,
                desk_id,
                staff: vec![],
                failures: vec![],
                guard: Some(guard),
                recovery: None,
            },
        };
        let key = DbKey::random()?;
        let code = vault.add_recovery(&key)?;
        vault.push(&key, first, Some(&device))?;
        vault.save()?;
        Ok(Created { key, device, recovery_code: code })
    }

    fn add_recovery(&mut self, key: &DbKey) -> Result<RecoveryCode> {
        let code = RecoveryCode::random()?;
        let member = StaffMember {
            login: "recovery".into(),
            name: "recovery code".into(),
            role: Role::Manager,
            disabled: false,
        };
        let aad = self.aad("(recovery)");
        self.file.recovery = Some(new_slot(member, &RecoveryCode::normalise(&code.0), key, &aad, None)?);
        Ok(code)
    }

    /// Whether copies of the key here need a device secret (not on a desk set up before).
    pub fn guard(&self) -> Option<&Guard> {
        self.file.guard.as_ref()
    }

    /// This desk's device secret on this machine: from the OS keystore, or stretched from
    /// `passphrase` (else `ONESTOP_DESK_PASSPHRASE`). None on a desk without one.
    pub fn device_secret(&self, passphrase: Option<&str>) -> Result<Option<DeviceSecret>> {
        self.file.guard.as_ref().map(|g| DeviceSecret::unlock(&self.file.desk_id, g, passphrase)).transpose()
    }

    fn context(&self, login: &str) -> String {
        format!("{}:{login}", self.file.desk_id)
    }

    fn device_for<'a>(
        &self,
        device: Option<&'a DeviceSecret>,
        context: &'a str,
    ) -> Result<Option<(&'a DeviceSecret, &'a str)>> {
        match (&self.file.guard, device) {
            (None, _) => Ok(None),
            (Some(_), Some(d)) => Ok(Some((d, context))),
            (Some(_), None) => {
                Err(denied("this desk's device secret is needed (the OS keystore, or the desk passphrase)"))
            }
        }
    }

    /// The keys the recovery slot holds, with the recovery code (no device secret needed).
    pub fn unlock_recovery(&self, code: &str) -> Result<Vec<DbKey>> {
        let slot = self
            .file
            .recovery
            .as_ref()
            .ok_or_else(|| denied("this desk has no recovery code (it was set up before they existed)"))?;
        let aad = self.aad("(recovery)");
        let raw =
            open_identity(slot, &RecoveryCode::normalise(code), &aad)?.ok_or_else(|| denied("wrong recovery code"))?;
        let secret = SecretKey::from(*raw);
        let mut keys = vec![unseal(&secret, "recovery key", slot.key.as_deref().unwrap_or_default(), None)?];
        if let Some(next) = &slot.next {
            keys.push(unseal(&secret, "recovery next key", next, None)?);
        }
        Ok(keys)
    }

    /// After a recovery on a new machine: a new device secret here, kept as `guard` says; the
    /// staff copies wrapped under the old machine's secret are void (each member gets a new PIN
    /// from a manager), and `manager` gets a slot. The recovery slot stays.
    pub fn recover_to(&mut self, key: &DbKey, manager: &NewStaff, guard: &GuardChoice) -> Result<DeviceSecret> {
        let (device, g) = DeviceSecret::create(&self.file.desk_id, guard)?;
        self.file.guard = Some(g);
        for s in &mut self.file.staff {
            (s.key, s.next, s.sealed) = (None, None, None);
        }
        self.push(key, manager, Some(&device))?;
        Ok(device)
    }

    /// Give a desk set up before device secrets one: every copy of the key is wrapped under it
    /// (no PIN needed) and a recovery slot is added. Returns the secret and the recovery code.
    pub fn protect(&mut self, key: &DbKey, guard: &GuardChoice) -> Result<(DeviceSecret, RecoveryCode)> {
        if self.file.guard.is_some() {
            return Err(Error::Conflict { what: "device secret", id: "this desk already has one".into() });
        }
        let (device, g) = DeviceSecret::create(&self.file.desk_id, guard)?;
        for i in 0..self.file.staff.len() {
            let context = self.context(&self.file.staff[i].member.login);
            let s = &mut self.file.staff[i];
            for boxed in [&mut s.key, &mut s.next].into_iter().flatten() {
                let raw = Zeroizing::new(b64("sealed key", boxed)?);
                *boxed = device.seal(&context, "staff key", &raw)?;
            }
            // A format-1 copy sealed under the PIN alone cannot be wrapped: that member gets a new PIN.
            s.sealed = None;
        }
        self.file.guard = Some(g);
        let code = self.add_recovery(key)?;
        Ok((device, code))
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Everyone who was ever set up, in the order they were added, as this file says (roles
    /// and status are hints; the database decides).
    pub fn staff(&self) -> Vec<StaffMember> {
        self.file.staff.iter().map(|s| s.member.clone()).collect()
    }

    fn aad(&self, login: &str) -> Vec<u8> {
        format!("onestop-key-v1:{}:{login}", self.file.desk_id).into_bytes()
    }

    fn note_failure(&mut self, login: &str, why: &str) {
        let login = if check_login(login).is_ok() { login.to_string() } else { "(not a login)".to_string() };
        if self.file.failures.len() >= FAILURES_KEPT {
            self.file.failures.remove(0);
        }
        self.file.failures.push(FailedSignIn { login, at: crate::clock::now(), why: why.to_string() });
    }

    /// The failed sign-ins since the last successful one, taken out of the file to be logged.
    pub fn take_failures(&mut self) -> Vec<FailedSignIn> {
        std::mem::take(&mut self.file.failures)
    }

    /// Check a PIN or password and return the member and the keys their slot holds (opening
    /// them needs `device`, the desk's device secret, when the desk has one). A wrong PIN is
    /// counted (use under [`Vault::edit`], which saves the count); after five in a row the
    /// member waits before the next try is even checked.
    pub fn unlock(&mut self, login: &str, secret: &str, device: Option<&DeviceSecret>) -> Result<Unlocked> {
        let now = crate::clock::now();
        let Some(i) = self.file.staff.iter().position(|s| s.member.login == login) else {
            self.note_failure(login, "unknown login");
            return Err(denied(format!("no staff member signs in as {login:?}")));
        };
        if let Some(until) = self.file.staff[i].wait_until.filter(|u| *u > now) {
            let secs = (until - now).num_seconds() + 1;
            self.note_failure(login, "tried while waiting");
            return Err(denied(format!("too many wrong PINs for {login}: try again in {secs} seconds")));
        }
        let slot = &self.file.staff[i];
        if slot.member.disabled {
            self.note_failure(login, "disabled");
            return Err(denied(format!("{login} is disabled; a manager can enable them with a new PIN")));
        }
        if slot.key.is_none() && slot.sealed.is_none() {
            self.note_failure(login, "needs a new PIN");
            return Err(denied(format!("{login} needs a new PIN from a manager")));
        }
        let aad = self.aad(login);
        let Some(raw) = open_identity(slot, secret, &aad)? else {
            let slot = &mut self.file.staff[i];
            slot.failed = slot.failed.saturating_add(1);
            slot.wait_until = wait_after(slot.failed).map(|w| now + w);
            self.note_failure(login, "wrong PIN");
            return Err(denied(format!("wrong PIN or password for {login}")));
        };
        let member = slot.member.clone();
        let context = self.context(login);
        let keys = if slot.identity.is_some() {
            let dev = self.device_for(device, &context)?;
            let secret = SecretKey::from(*raw);
            let mut keys = vec![unseal(&secret, "sealed key", slot.key.as_deref().unwrap_or_default(), dev)?];
            if let Some(next) = &slot.next {
                keys.push(unseal(&secret, "next key", next, dev)?);
            }
            keys
        } else {
            // Format 1: the key itself was sealed under the PIN. Give the slot a key pair now.
            let key = DbKey(raw);
            self.upgrade(i, secret, &key, device)?;
            vec![key]
        };
        let slot = &mut self.file.staff[i];
        slot.failed = 0;
        slot.wait_until = None;
        Ok(Unlocked { member, keys })
    }

    fn upgrade(&mut self, i: usize, secret: &str, key: &DbKey, device: Option<&DeviceSecret>) -> Result<()> {
        let s = &self.file.staff[i];
        let new = NewStaff {
            login: s.member.login.clone(),
            name: s.member.name.clone(),
            role: s.member.role,
            secret: secret.into(),
        };
        let kept = (s.member.disabled, s.created_at.clone());
        self.push(key, &new, device)?;
        let s = &mut self.file.staff[i];
        (s.member.disabled, s.created_at) = kept;
        Ok(())
    }

    /// Make a slot for a new member (or a new PIN and key pair for an existing one) holding
    /// `key`.
    fn push(&mut self, key: &DbKey, new: &NewStaff, device: Option<&DeviceSecret>) -> Result<StaffMember> {
        check_login(&new.login)?;
        check_secret(&new.secret)?;
        let name = new.name.trim();
        if name.is_empty() || name.chars().count() > 60 {
            return Err(Error::invalid("name", &new.name, "1 to 60 characters"));
        }
        let member = StaffMember { login: new.login.clone(), name: name.to_string(), role: new.role, disabled: false };
        let context = self.context(&new.login);
        let dev = self.device_for(device, &context)?;
        let slot = new_slot(member.clone(), &new.secret, key, &self.aad(&new.login), dev)?;
        match self.file.staff.iter_mut().find(|s| s.member.login == new.login) {
            Some(old) => *old = slot,
            None => self.file.staff.push(slot),
        }
        Ok(member)
    }

    /// Add a staff member (the core checks who may).
    pub fn add_staff(&mut self, key: &DbKey, new: &NewStaff, device: Option<&DeviceSecret>) -> Result<StaffMember> {
        if self.file.staff.iter().any(|s| s.member.login == new.login) {
            return Err(Error::Conflict { what: "staff login", id: new.login.clone() });
        }
        self.push(key, new, device)
    }

    /// A new PIN and key pair for `login`, which also enables a disabled member (the core
    /// checks who may).
    pub fn set_secret(
        &mut self,
        key: &DbKey,
        login: &str,
        secret: &str,
        device: Option<&DeviceSecret>,
    ) -> Result<StaffMember> {
        let slot = self
            .file
            .staff
            .iter()
            .find(|s| s.member.login == login)
            .ok_or_else(|| Error::not_found("staff member", login))?;
        let new = NewStaff {
            login: login.to_string(),
            name: slot.member.name.clone(),
            role: slot.member.role,
            secret: secret.to_string(),
        };
        self.push(key, &new, device)
    }

    /// Disable a member: their slot keeps their name and nothing that opens anything.
    pub fn disable(&mut self, login: &str) -> Result<StaffMember> {
        let slot = self
            .file
            .staff
            .iter_mut()
            .find(|s| s.member.login == login)
            .ok_or_else(|| Error::not_found("staff member", login))?;
        slot.member.disabled = true;
        (slot.identity, slot.public, slot.key, slot.next, slot.sealed) = (None, None, None, None, None);
        Ok(slot.member.clone())
    }

    /// Write a role hint (the sign-in screen shows it; the database decides).
    pub fn set_role_hint(&mut self, login: &str, role: Role) {
        if let Some(s) = self.file.staff.iter_mut().find(|s| s.member.login == login) {
            s.member.role = role;
        }
    }

    /// The first step of a re-key: seal `next` for every member who can sign in, and for the
    /// recovery slot. A slot of the old format, which has no key pair, cannot be resealed: it
    /// loses its key (a manager gives that member a new PIN), and its login is returned.
    pub fn stage_next(&mut self, next: &DbKey, device: Option<&DeviceSecret>) -> Result<Vec<String>> {
        let mut dropped = vec![];
        for i in 0..self.file.staff.len() {
            let slot = &self.file.staff[i];
            if slot.member.disabled {
                continue;
            }
            if slot.public.is_some() && slot.key.is_some() {
                let context = self.context(&slot.member.login);
                let dev = self.device_for(device, &context)?;
                let sealed = seal_to(slot, next, dev)?;
                self.file.staff[i].next = Some(sealed);
            } else if slot.sealed.is_some() {
                dropped.push(slot.member.login.clone());
                self.file.staff[i].sealed = None;
            }
        }
        if let Some(r) = &self.file.recovery {
            let sealed = seal_to(r, next, None)?;
            if let Some(r) = &mut self.file.recovery {
                r.next = Some(sealed);
            }
        }
        Ok(dropped)
    }

    /// The last step of a re-key, once the database is under the next key.
    pub fn promote_next(&mut self) {
        for s in self.file.staff.iter_mut().chain(self.file.recovery.as_mut()) {
            if let Some(next) = s.next.take() {
                s.key = Some(next);
            }
        }
    }

    /// A re-key that never reached the database: forget the next keys.
    pub fn drop_next(&mut self) {
        for s in self.file.staff.iter_mut().chain(self.file.recovery.as_mut()) {
            s.next = None;
        }
    }

    /// Whether a re-key was interrupted.
    pub fn has_next(&self) -> bool {
        self.file.staff.iter().chain(self.file.recovery.as_ref()).any(|s| s.next.is_some())
    }

    /// Write the file beside its name, flush it, then rename: never half a key file.
    fn save(&self) -> Result<()> {
        let io = |p: &Path| {
            let p = p.display().to_string();
            move |e| Error::Io { path: p, source: e }
        };
        if let Some(dir) = self.path.parent().filter(|d| !d.as_os_str().is_empty()) {
            crate::files::private_dir(dir).map_err(io(dir))?;
        }
        let tmp = self.path.with_extension("keys.partial");
        let text = serde_json::to_string_pretty(&self.file).expect("serializing plain data cannot fail");
        {
            use std::io::Write as _;
            let mut f = crate::files::private_file(&tmp).map_err(io(&tmp))?;
            f.write_all(text.as_bytes()).and_then(|()| f.sync_all()).map_err(io(&tmp))?;
        }
        std::fs::rename(&tmp, &self.path).map_err(io(&self.path))
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn new(login: &str, role: Role, secret: &str) -> NewStaff {
        NewStaff { login: login.into(), name: format!("{login} 님"), role, secret: secret.into() }
    }

    fn guard() -> GuardChoice {
        GuardChoice::Passphrase("단위 시험용 데스크 암호 문장".into())
    }

    fn temp(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("onestop-vault-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        dir.join("desk.sqlite3")
    }

    fn keys_of(u: &Unlocked) -> Vec<String> {
        u.keys.iter().map(|k| k.sql_literal().to_string()).collect()
    }

    #[test]
    fn sign_in_add_disable() {
        let db = temp("basic");
        let Created { key, device, .. } = Vault::create(&db, &new("kim", Role::Manager, "482913"), &guard()).unwrap();
        let d = Some(&device);
        assert_eq!(key_file_for(&db), db.with_file_name("desk.sqlite3.keys"));
        let text = std::fs::read_to_string(key_file_for(&db)).unwrap();
        assert!(!text.contains("482913"));
        let kim = Vault::edit(&db, |v| v.unlock("kim", "482913", d)).unwrap();
        assert_eq!(keys_of(&kim), [key.sql_literal().to_string()]);
        assert!(matches!(Vault::edit(&db, |v| v.unlock("kim", "482914", d)), Err(Error::Denied(_))));
        assert!(matches!(Vault::edit(&db, |v| v.unlock("lee", "482913", d)), Err(Error::Denied(_))));

        Vault::edit(&db, |v| v.add_staff(&key, &new("lee", Role::Staff, "pass-word-1"), d)).unwrap();
        let taken = Vault::edit(&db, |v| v.add_staff(&key, &new("lee", Role::Staff, "pass-word-1"), d));
        assert!(matches!(taken, Err(Error::Conflict { .. })));
        let lee = Vault::edit(&db, |v| v.unlock("lee", "pass-word-1", d)).unwrap();
        assert_eq!(keys_of(&lee), [key.sql_literal().to_string()]);

        Vault::edit(&db, |v| v.disable("lee")).unwrap();
        let e = Vault::edit(&db, |v| v.unlock("lee", "pass-word-1", d)).err().unwrap();
        assert!(e.to_string().contains("disabled"), "{e}");
        // A new PIN enables again.
        Vault::edit(&db, |v| v.set_secret(&key, "lee", "739215", d)).unwrap();
        assert!(Vault::edit(&db, |v| v.unlock("lee", "739215", d)).is_ok());
        // Every failure so far is kept for the audit log, with the login tried.
        let failed = Vault::edit(&db, |v| Ok(v.take_failures())).unwrap();
        let why: Vec<(&str, &str)> = failed.iter().map(|f| (f.login.as_str(), f.why.as_str())).collect();
        assert_eq!(why, [("kim", "wrong PIN"), ("lee", "unknown login"), ("lee", "disabled")]);
        assert!(Vault::edit(&db, |v| Ok(v.take_failures())).unwrap().is_empty());
        std::fs::remove_dir_all(db.parent().unwrap()).unwrap();
    }

    #[test]
    fn a_rekey_reseals_for_everyone_without_their_pins_and_survives_an_interruption() {
        let db = temp("rekey");
        let Created { key: old, device, .. } =
            Vault::create(&db, &new("kim", Role::Manager, "482913"), &guard()).unwrap();
        let d = Some(&device);
        Vault::edit(&db, |v| v.add_staff(&old, &new("lee", Role::Staff, "pass-word-1"), d)).unwrap();
        let next = DbKey::random().unwrap();
        Vault::edit(&db, |v| v.stage_next(&next, d)).unwrap();
        // Interrupted here: both keys, current first.
        let lee = Vault::edit(&db, |v| v.unlock("lee", "pass-word-1", d)).unwrap();
        assert_eq!(keys_of(&lee), [old.sql_literal().to_string(), next.sql_literal().to_string()]);
        Vault::edit(&db, |v| {
            v.promote_next();
            Ok(())
        })
        .unwrap();
        for (login, pin) in [("kim", "482913"), ("lee", "pass-word-1")] {
            let u = Vault::edit(&db, |v| v.unlock(login, pin, d)).unwrap();
            assert_eq!(keys_of(&u), [next.sql_literal().to_string()], "{login}");
        }
        std::fs::remove_dir_all(db.parent().unwrap()).unwrap();
    }

    #[test]
    fn wrong_pins_are_counted_in_the_file_and_make_the_member_wait() {
        let db = temp("tries");
        let Created { device, .. } = Vault::create(&db, &new("kim", Role::Manager, "482913"), &guard()).unwrap();
        let d = Some(&device);
        for _ in 0..FREE_TRIES {
            // Each try reads the file afresh, as another process would.
            let e = Vault::edit(&db, |v| v.unlock("kim", "000001", d)).err().unwrap();
            assert!(e.to_string().contains("wrong PIN"), "{e}");
        }
        let e = Vault::edit(&db, |v| v.unlock("kim", "482913", d)).err().unwrap();
        assert!(e.to_string().contains("try again in"), "even the right PIN waits: {e}");
        assert_eq!(wait_after(FREE_TRIES), Some(chrono::Duration::seconds(30)));
        assert_eq!(wait_after(FREE_TRIES + 2), Some(chrono::Duration::seconds(120)));
        assert_eq!(wait_after(FREE_TRIES + 40), Some(chrono::Duration::seconds(MAX_WAIT_SECS)));
        assert_eq!(wait_after(FREE_TRIES - 1), None);
        std::fs::remove_dir_all(db.parent().unwrap()).unwrap();
    }

    #[test]
    fn a_format_1_slot_opens_and_gets_a_key_pair() {
        let db = temp("v1");
        let Created { key, device, .. } = Vault::create(&db, &new("kim", Role::Manager, "482913"), &guard()).unwrap();
        let d = Some(&device);
        // Write kim's slot as format 1 had it: the key sealed directly under the PIN.
        let mut v = Vault::read(&db).unwrap().unwrap();
        let (salt, nonce) = ([7u8; 16], [9u8; 24]);
        let wrap = stretch("482913", &salt, KDF).unwrap();
        let sealed = XChaCha20Poly1305::new(wrap.as_ref().into())
            .encrypt(XNonce::from_slice(&nonce), Payload { msg: key.0.as_slice(), aad: &v.aad("kim") })
            .unwrap();
        let s = &mut v.file.staff[0];
        (s.salt, s.nonce, s.sealed) = (B64.encode(salt), B64.encode(nonce), Some(B64.encode(sealed)));
        (s.identity, s.public, s.key) = (None, None, None);
        v.file.format = 1;
        v.save().unwrap();
        let u = Vault::edit(&db, |v| v.unlock("kim", "482913", d)).unwrap();
        assert_eq!(keys_of(&u), [key.sql_literal().to_string()]);
        let after = Vault::read(&db).unwrap().unwrap();
        assert!(after.file.staff[0].public.is_some() && after.file.staff[0].sealed.is_none());
        let u = Vault::edit(&db, |v| v.unlock("kim", "482913", d)).unwrap();
        assert_eq!(keys_of(&u), [key.sql_literal().to_string()], "opens the new way");
        std::fs::remove_dir_all(db.parent().unwrap()).unwrap();
    }

    #[test]
    fn a_copy_without_the_device_secret_opens_nothing_and_the_recovery_code_opens_it() {
        let db = temp("device");
        let created = Vault::create(&db, &new("kim", Role::Manager, "482913"), &guard()).unwrap();
        let (key, code) = (created.key, created.recovery_code);
        // The right PIN without the device secret (a copy taken off the machine): no key.
        let e = Vault::edit(&db, |v| v.unlock("kim", "482913", None)).err().unwrap();
        assert!(e.to_string().contains("device secret"), "{e}");
        let other = GuardChoice::Passphrase("다른 기계의 다른 데스크 암호".into());
        let (wrong, _) = DeviceSecret::create("elsewhere", &other).unwrap();
        assert!(Vault::edit(&db, |v| v.unlock("kim", "482913", Some(&wrong))).is_err());
        // The recovery code needs no device secret; a wrong code opens nothing.
        let v = Vault::read(&db).unwrap().unwrap();
        let keys = v.unlock_recovery(&code.0.to_lowercase()).unwrap();
        assert_eq!(keys[0].sql_literal().as_str(), key.sql_literal().as_str());
        assert!(v.unlock_recovery("0000-0000-0000-0000-0000-0000-0000-0000").is_err());
        // On the new machine: a new device secret, a new manager slot; kim's copy is void.
        let here = GuardChoice::Passphrase("새 기계에서 정한 데스크 암호 문장".into());
        let device = Vault::edit(&db, |v| v.recover_to(&key, &new("park", Role::Manager, "739215"), &here)).unwrap();
        let d = Some(&device);
        assert_eq!(
            keys_of(&Vault::edit(&db, |v| v.unlock("park", "739215", d)).unwrap()),
            [key.sql_literal().to_string()]
        );
        let e = Vault::edit(&db, |v| v.unlock("kim", "482913", d)).err().unwrap();
        assert!(e.to_string().contains("needs a new PIN"), "{e}");
        // A re-key reseals the recovery slot too.
        let next = DbKey::random().unwrap();
        Vault::edit(&db, |v| v.stage_next(&next, d)).unwrap();
        Vault::edit(&db, |v| {
            v.promote_next();
            Ok(())
        })
        .unwrap();
        let keys = Vault::read(&db).unwrap().unwrap().unlock_recovery(&code.0).unwrap();
        assert_eq!(keys[0].sql_literal().as_str(), next.sql_literal().as_str());
        std::fs::remove_dir_all(db.parent().unwrap()).unwrap();
    }

    #[test]
    fn weak_secrets_and_bad_logins_are_refused() {
        for s in ["12345", "123456", "987654", "111111", "short", "aaaaaaaa"] {
            assert!(check_secret(s).is_err(), "{s}");
        }
        for s in ["482913", "pass-word-1", "긴 비밀번호입니다"] {
            check_secret(s).unwrap();
        }
        for l in ["K", "Kim", "kim lee", "김", ""] {
            assert!(check_login(l).is_err(), "{l}");
        }
        let e = check_secret("1234").unwrap_err().to_string();
        assert!(!e.contains("1234"), "the secret is never echoed: {e}");
    }
}
