//! Staff sign-in and the database key.
//!
//! The database is encrypted with SQLCipher under one random 256-bit key. That key is never
//! written down in the clear: the key file beside the database (`<db>.keys`) holds one copy per
//! staff member, sealed with XChaCha20-Poly1305 under a key stretched from that person's PIN or
//! password with Argon2id. Signing in is opening one's own copy; a wrong PIN fails the
//! authentication tag and reveals nothing. Disabling a staff member deletes their copy, so the
//! file no longer opens with their PIN.
//!
//! The key file holds logins, display names and roles (who may sign in), nothing about
//! merchants.

use std::path::{Path, PathBuf};

use argon2::{Algorithm, Argon2, Params, Version};
use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine as _;
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use crate::{Error, Result};

/// The key file's format version.
const FORMAT: u32 = 1;

/// Argon2id cost for new PINs: 19 MiB, 2 passes, 1 lane (the OWASP baseline). Stored per
/// staff member so it can be raised later without locking anyone out.
const KDF: Kdf = Kdf { m_kib: 19 * 1024, t: 2, p: 1 };

/// What a staff member may do beyond counter work: managers add and disable staff and read the
/// audit log.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Manager,
    Staff,
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
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct StaffMember {
    pub login: String,
    pub name: String,
    pub role: Role,
    pub disabled: bool,
}

/// The database key, wiped from memory when dropped.
pub struct DbKey(Zeroizing<[u8; 32]>);

impl DbKey {
    fn random() -> Result<DbKey> {
        let mut k = Zeroizing::new([0u8; 32]);
        random_bytes(k.as_mut())?;
        Ok(DbKey(k))
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

#[derive(Clone, Debug, Serialize, Deserialize)]
struct Slot {
    #[serde(flatten)]
    member: StaffMember,
    created_at: String,
    kdf: Kdf,
    salt: String,
    nonce: String,
    /// The sealed database key; none once the member is disabled.
    sealed: Option<String>,
}

#[derive(Debug, Serialize, Deserialize)]
struct KeyFile {
    format: u32,
    /// Random, bound into every sealed copy so a copy cannot be moved to another desk's file.
    desk_id: String,
    staff: Vec<Slot>,
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

/// The key file of one database.
#[derive(Debug)]
pub struct Vault {
    path: PathBuf,
    file: KeyFile,
}

/// The key file that belongs to a database file.
pub fn key_file_for(db: &Path) -> PathBuf {
    let mut name = db.file_name().map(|n| n.to_os_string()).unwrap_or_default();
    name.push(".keys");
    db.with_file_name(name)
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

impl Vault {
    /// The key file of `db`, if staff were set up.
    pub fn load(db: &Path) -> Result<Option<Vault>> {
        let path = key_file_for(db);
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(Error::Io { path: path.display().to_string(), source: e }),
        };
        let file: KeyFile = serde_json::from_str(&text)
            .map_err(|e| Error::invalid("key file", path.display(), format!("is damaged: {e}")))?;
        if file.format != FORMAT {
            return Err(Error::invalid(
                "key file",
                path.display(),
                format!("format {} is not one this Onestop reads ({FORMAT})", file.format),
            ));
        }
        Ok(Some(Vault { path, file }))
    }

    /// Start the key file of `db` with its first manager and a new random database key.
    /// Fails if the database already has a key file.
    pub fn create(db: &Path, first: &NewStaff) -> Result<(Vault, DbKey)> {
        let path = key_file_for(db);
        if path.exists() {
            return Err(Error::Conflict { what: "key file", id: path.display().to_string() });
        }
        if first.role != Role::Manager {
            return Err(Error::invalid("role", "staff", "the first staff member must be a manager"));
        }
        let mut desk_id = [0u8; 16];
        random_bytes(&mut desk_id)?;
        let mut vault = Vault { path, file: KeyFile { format: FORMAT, desk_id: B64.encode(desk_id), staff: vec![] } };
        let key = DbKey::random()?;
        vault.push(&key, first)?;
        Ok((vault, key))
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Everyone who was ever set up, in the order they were added.
    pub fn staff(&self) -> Vec<StaffMember> {
        self.file.staff.iter().map(|s| s.member.clone()).collect()
    }

    fn aad(&self, login: &str) -> Vec<u8> {
        format!("onestop-key-v{FORMAT}:{}:{login}", self.file.desk_id).into_bytes()
    }

    /// Check a PIN or password and return the member and the database key.
    pub fn unlock(&self, login: &str, secret: &str) -> Result<(StaffMember, DbKey)> {
        let slot = self
            .file
            .staff
            .iter()
            .find(|s| s.member.login == login)
            .ok_or_else(|| denied(format!("no staff member signs in as {login:?}")))?;
        let sealed = match (&slot.sealed, slot.member.disabled) {
            (Some(s), false) => s,
            _ => return Err(denied(format!("{login} is disabled; a manager can enable them with a new PIN"))),
        };
        let wrap = stretch(secret, &b64("salt", &slot.salt)?, slot.kdf)?;
        let nonce = b64("nonce", &slot.nonce)?;
        if nonce.len() != 24 {
            return Err(Error::invalid("key file", "nonce", "is damaged"));
        }
        let cipher = XChaCha20Poly1305::new(wrap.as_ref().into());
        let aad = self.aad(login);
        let plain = Zeroizing::new(
            cipher
                .decrypt(XNonce::from_slice(&nonce), Payload { msg: &b64("sealed key", sealed)?, aad: &aad })
                .map_err(|_| denied(format!("wrong PIN or password for {login}")))?,
        );
        let bytes: [u8; 32] =
            plain.as_slice().try_into().map_err(|_| Error::invalid("key file", "sealed key", "is damaged"))?;
        Ok((slot.member.clone(), DbKey(Zeroizing::new(bytes))))
    }

    /// Seal `key` for a new member (or a new PIN for an existing one) and save the file.
    fn push(&mut self, key: &DbKey, new: &NewStaff) -> Result<StaffMember> {
        check_login(&new.login)?;
        check_secret(&new.secret)?;
        let name = new.name.trim();
        if name.is_empty() || name.chars().count() > 60 {
            return Err(Error::invalid("name", &new.name, "1 to 60 characters"));
        }
        let mut salt = [0u8; 16];
        random_bytes(&mut salt)?;
        let mut nonce = [0u8; 24];
        random_bytes(&mut nonce)?;
        let wrap = stretch(&new.secret, &salt, KDF)?;
        let cipher = XChaCha20Poly1305::new(wrap.as_ref().into());
        let aad = self.aad(&new.login);
        let sealed = cipher
            .encrypt(XNonce::from_slice(&nonce), Payload { msg: key.0.as_slice(), aad: &aad })
            .expect("sealing a 32-byte key cannot fail");
        let member = StaffMember { login: new.login.clone(), name: name.to_string(), role: new.role, disabled: false };
        let slot = Slot {
            member: member.clone(),
            created_at: crate::clock::now().to_string(),
            kdf: KDF,
            salt: B64.encode(salt),
            nonce: B64.encode(nonce),
            sealed: Some(B64.encode(sealed)),
        };
        match self.file.staff.iter_mut().find(|s| s.member.login == new.login) {
            Some(old) => *old = slot,
            None => self.file.staff.push(slot),
        }
        self.save()?;
        Ok(member)
    }

    fn require_manager(by: &StaffMember) -> Result<()> {
        if by.role == Role::Manager {
            Ok(())
        } else {
            Err(denied(format!("{} is not a manager; only managers manage staff", by.login)))
        }
    }

    /// A manager adds a staff member. Fails if the login is taken.
    pub fn add_staff(&mut self, by: &StaffMember, key: &DbKey, new: &NewStaff) -> Result<StaffMember> {
        Vault::require_manager(by)?;
        if self.file.staff.iter().any(|s| s.member.login == new.login) {
            return Err(Error::Conflict { what: "staff login", id: new.login.clone() });
        }
        self.push(key, new)
    }

    /// A manager gives a member a new PIN (which also enables a disabled member), or a member
    /// changes their own.
    pub fn set_secret(&mut self, by: &StaffMember, key: &DbKey, login: &str, secret: &str) -> Result<StaffMember> {
        if by.login != login {
            Vault::require_manager(by)?;
        }
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
        self.push(key, &new)
    }

    /// A manager disables a member: their sealed copy of the key is deleted.
    pub fn disable(&mut self, by: &StaffMember, login: &str) -> Result<StaffMember> {
        Vault::require_manager(by)?;
        if by.login == login {
            return Err(Error::invalid("login", login, "you cannot disable yourself"));
        }
        let slot = self
            .file
            .staff
            .iter_mut()
            .find(|s| s.member.login == login)
            .ok_or_else(|| Error::not_found("staff member", login))?;
        slot.member.disabled = true;
        slot.sealed = None;
        let member = slot.member.clone();
        self.save()?;
        Ok(member)
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

    #[test]
    fn sign_in_add_disable() {
        let dir = std::env::temp_dir().join(format!("onestop-vault-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let db = dir.join("desk.sqlite3");
        let (mut v, key) = Vault::create(&db, &new("kim", Role::Manager, "482913")).unwrap();
        assert_eq!(key_file_for(&db), dir.join("desk.sqlite3.keys"));
        let text = std::fs::read_to_string(v.path()).unwrap();
        assert!(!text.contains("482913"));
        let (kim, k2) = Vault::load(&db).unwrap().unwrap().unlock("kim", "482913").unwrap();
        assert_eq!(k2.sql_literal(), key.sql_literal());
        assert!(matches!(v.unlock("kim", "482914"), Err(Error::Denied(_))));
        assert!(matches!(v.unlock("lee", "482913"), Err(Error::Denied(_))));

        let lee = v.add_staff(&kim, &key, &new("lee", Role::Staff, "pass-word-1")).unwrap();
        assert!(matches!(
            v.add_staff(&kim, &key, &new("lee", Role::Staff, "pass-word-1")),
            Err(Error::Conflict { .. })
        ));
        assert!(matches!(v.add_staff(&lee, &key, &new("park", Role::Staff, "pass-word-1")), Err(Error::Denied(_))));
        let (_, k3) = v.unlock("lee", "pass-word-1").unwrap();
        assert_eq!(k3.sql_literal(), key.sql_literal());

        v.disable(&kim, "lee").unwrap();
        let reloaded = Vault::load(&db).unwrap().unwrap();
        let e = reloaded.unlock("lee", "pass-word-1").unwrap_err();
        assert!(e.to_string().contains("disabled"), "{e}");
        // A new PIN enables again.
        v.set_secret(&kim, &key, "lee", "739215").unwrap();
        assert!(!Vault::load(&db).unwrap().unwrap().staff()[1].disabled);
        std::fs::remove_dir_all(&dir).unwrap();
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
