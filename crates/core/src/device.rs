//! The desk's device secret: the part of the database key's protection that is not in the data
//! folder nor in its backups.
//!
//! Every member's copy of the database key in the key file is wrapped a second time under a
//! 256-bit device secret. The secret lives in the OS keystore (Secret Service on Linux, the
//! Keychain on macOS, the Credential Manager on Windows, through the `keyring` crate), or — on
//! a machine without one, such as a headless server or CI — is stretched from a long passphrase
//! (`ONESTOP_DESK_PASSPHRASE`, or typed). A copy of the data folder and backups taken off the
//! machine therefore cannot be opened by searching the PIN space: the PIN opens a member's
//! key pair, and the copy of the key stays sealed under a secret the copy does not hold.
//!
//! A recovery code shown once at set-up opens a separate slot that needs no device secret, so a
//! manager can restore the desk and its backups on a new machine.

use argon2::{Algorithm, Argon2, Params, Version};
use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine as _;
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use crate::{Error, Result};

/// The environment variable a headless desk reads its passphrase from.
pub const PASSPHRASE_VAR: &str = "ONESTOP_DESK_PASSPHRASE";
/// The keystore service name; the entry's user is the desk's id.
const SERVICE: &str = "onestop-desk";
/// The shortest passphrase accepted: it alone stands between a copied folder and the data.
pub const PASSPHRASE_MIN: usize = 20;

/// Argon2id cost of a desk passphrase: 64 MiB, 2 passes (asked once per sign-in).
const PASSPHRASE_KDF: (u32, u32, u32) = (64 * 1024, 2, 1);

/// The device secret, wiped from memory when dropped.
#[derive(Clone)]
pub struct DeviceSecret(Zeroizing<[u8; 32]>);

impl std::fmt::Debug for DeviceSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DeviceSecret(***)")
    }
}

/// Where a desk keeps its device secret, as the key file records it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Guard {
    /// In the OS keystore under the desk's id.
    Keystore,
    /// Stretched from a passphrase; `check` proves a passphrase right before it is used.
    Passphrase { salt: String, check: String },
}

/// How to protect a new desk (or a desk recovered on a new machine).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "kind", content = "passphrase", rename_all = "snake_case")]
pub enum GuardChoice {
    Keystore,
    Passphrase(String),
}

impl Drop for GuardChoice {
    fn drop(&mut self) {
        if let GuardChoice::Passphrase(p) = self {
            zeroize::Zeroize::zeroize(p);
        }
    }
}

impl GuardChoice {
    /// The passphrase from `ONESTOP_DESK_PASSPHRASE` when set, else the OS keystore.
    pub fn from_env() -> GuardChoice {
        match std::env::var(PASSPHRASE_VAR) {
            Ok(p) if !p.is_empty() => GuardChoice::Passphrase(p),
            _ => GuardChoice::Keystore,
        }
    }
}

fn keystore_error(e: keyring::Error) -> Error {
    Error::Denied(format!(
        "the OS keystore cannot be used ({e}): unlock it, or give this desk a passphrase of {PASSPHRASE_MIN}+ characters instead (${PASSPHRASE_VAR})"
    ))
}

fn entry(desk_id: &str) -> Result<keyring::Entry> {
    keyring::Entry::new(SERVICE, desk_id).map_err(keystore_error)
}

/// Whether an OS keystore answers on this machine (a probe entry is written and removed).
pub fn keystore_available() -> bool {
    let Ok(e) = keyring::Entry::new(SERVICE, "probe") else { return false };
    let ok = e.set_secret(b"probe").is_ok() && e.get_secret().is_ok();
    let _ = e.delete_credential();
    ok
}

pub(crate) fn random32() -> Result<Zeroizing<[u8; 32]>> {
    let mut k = Zeroizing::new([0u8; 32]);
    getrandom::fill(k.as_mut()).map_err(|e| Error::Io {
        path: "the system random generator".into(),
        source: std::io::Error::other(e.to_string()),
    })?;
    Ok(k)
}

/// A passphrase's length for the minimum: a letter or digit of the Latin alphabet counts one,
/// any other character (a Hangul syllable) two.
fn weight(p: &str) -> usize {
    p.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum()
}

fn check_passphrase(p: &str) -> Result<()> {
    let first = p.chars().next();
    if weight(p) < PASSPHRASE_MIN || p.chars().all(|c| Some(c) == first) {
        return Err(Error::invalid(
            "desk passphrase",
            "***",
            format!(
                "at least {PASSPHRASE_MIN} characters (a Hangul syllable counts two), not one repeated; a few words make a good one"
            ),
        ));
    }
    Ok(())
}

fn stretch_passphrase(p: &str, salt: &[u8]) -> Result<DeviceSecret> {
    let (m, t, par) = PASSPHRASE_KDF;
    let params = Params::new(m, t, par, Some(32)).map_err(|e| Error::corrupt("key file", format!("Argon2: {e}")))?;
    let mut out = Zeroizing::new([0u8; 32]);
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
        .hash_password_into(p.as_bytes(), salt, out.as_mut())
        .map_err(|e| Error::corrupt("key file", format!("Argon2: {e}")))?;
    Ok(DeviceSecret(out))
}

const CHECK: &[u8] = b"onestop desk passphrase";

impl DeviceSecret {
    /// A new device secret for desk `desk_id`, kept as `choice` says; returns what the key file
    /// records.
    pub(crate) fn create(desk_id: &str, choice: &GuardChoice) -> Result<(DeviceSecret, Guard)> {
        match choice {
            GuardChoice::Keystore => {
                let secret = DeviceSecret(random32()?);
                let e = entry(desk_id)?;
                e.set_secret(secret.0.as_slice()).map_err(keystore_error)?;
                // Read back: a keystore that accepts and forgets would lock the desk later.
                let back = Zeroizing::new(e.get_secret().map_err(keystore_error)?);
                if back.as_slice() != secret.0.as_slice() {
                    return Err(Error::Denied("the OS keystore did not keep the desk's secret".into()));
                }
                Ok((secret, Guard::Keystore))
            }
            GuardChoice::Passphrase(p) => {
                check_passphrase(p)?;
                let salt = random32()?;
                let secret = stretch_passphrase(p, salt.as_slice())?;
                let check = secret.seal(desk_id, "check", CHECK)?;
                Ok((secret, Guard::Passphrase { salt: B64.encode(salt.as_slice()), check }))
            }
        }
    }

    /// The device secret of desk `desk_id` under `guard`: from the keystore, or stretched from
    /// `passphrase` (else `ONESTOP_DESK_PASSPHRASE`).
    pub(crate) fn unlock(desk_id: &str, guard: &Guard, passphrase: Option<&str>) -> Result<DeviceSecret> {
        match guard {
            Guard::Keystore => {
                let bytes = Zeroizing::new(entry(desk_id)?.get_secret().map_err(|e| match e {
                    keyring::Error::NoEntry => Error::Denied(
                        "this machine's keystore does not hold this desk's secret: the desk was set up on another machine or user account; a manager restores it here with the recovery code (onestop staff recover)".into(),
                    ),
                    e => keystore_error(e),
                })?);
                let k: [u8; 32] = bytes
                    .as_slice()
                    .try_into()
                    .map_err(|_| Error::Denied("the keystore's entry for this desk is damaged".into()))?;
                Ok(DeviceSecret(Zeroizing::new(k)))
            }
            Guard::Passphrase { salt, check } => {
                let env = std::env::var(PASSPHRASE_VAR).ok().map(Zeroizing::new);
                let p =
                    passphrase.or(env.as_deref().map(String::as_str)).filter(|p| !p.is_empty()).ok_or_else(|| {
                        Error::Denied(format!("this desk needs its passphrase (type it, or set ${PASSPHRASE_VAR})"))
                    })?;
                let salt = B64.decode(salt).map_err(|_| Error::invalid("key file", "guard salt", "is damaged"))?;
                let secret = stretch_passphrase(p, &salt)?;
                match secret.open(desk_id, "check", check) {
                    Ok(plain) if plain.as_slice() == CHECK => Ok(secret),
                    _ => Err(Error::Denied("wrong desk passphrase".into())),
                }
            }
        }
    }

    fn cipher(&self, purpose: &str) -> XChaCha20Poly1305 {
        // One key per purpose: BLAKE2b keyed with the secret, over the purpose.
        use blake2::digest::Mac;
        let mut mac = <blake2::Blake2bMac<blake2::digest::consts::U32> as Mac>::new_from_slice(self.0.as_slice())
            .expect("a 32-byte key fits BLAKE2b");
        mac.update(purpose.as_bytes());
        let key = Zeroizing::new(<[u8; 32]>::from(mac.finalize().into_bytes()));
        XChaCha20Poly1305::new(key.as_slice().into())
    }

    /// Encrypt `plain` for `purpose`, bound to `context` (a desk id, a login): nonce and
    /// ciphertext as base64.
    pub(crate) fn seal(&self, context: &str, purpose: &str, plain: &[u8]) -> Result<String> {
        let mut nonce = [0u8; 24];
        getrandom::fill(&mut nonce).map_err(|e| Error::Io {
            path: "the system random generator".into(),
            source: std::io::Error::other(e.to_string()),
        })?;
        let ct = self
            .cipher(purpose)
            .encrypt(XNonce::from_slice(&nonce), Payload { msg: plain, aad: context.as_bytes() })
            .map_err(|_| Error::corrupt("device secret", "encryption failed"))?;
        let mut out = nonce.to_vec();
        out.extend_from_slice(&ct);
        Ok(B64.encode(out))
    }

    /// Decrypt what [`DeviceSecret::seal`] wrote.
    pub(crate) fn open(&self, context: &str, purpose: &str, sealed: &str) -> Result<Zeroizing<Vec<u8>>> {
        let bytes = B64.decode(sealed).map_err(|_| Error::invalid("sealed value", purpose, "is damaged"))?;
        if bytes.len() < 24 {
            return Err(Error::invalid("sealed value", purpose, "is damaged"));
        }
        let (nonce, ct) = bytes.split_at(24);
        self.cipher(purpose)
            .decrypt(XNonce::from_slice(nonce), Payload { msg: ct, aad: context.as_bytes() })
            .map(Zeroizing::new)
            .map_err(|_| Error::Denied(format!("{purpose} does not open with this machine's device secret")))
    }
}

/// A recovery code: 160 random bits as 32 letters and digits (Crockford base32) in groups of
/// four, shown once at set-up.
pub struct RecoveryCode(pub Zeroizing<String>);

impl std::fmt::Debug for RecoveryCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("RecoveryCode(***)")
    }
}

const CROCKFORD: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

impl RecoveryCode {
    pub(crate) fn random() -> Result<RecoveryCode> {
        let bytes = random32()?;
        let mut s = Zeroizing::new(String::with_capacity(40));
        for (i, b) in bytes.iter().take(32).enumerate() {
            if i > 0 && i % 4 == 0 {
                s.push('-');
            }
            s.push(char::from(CROCKFORD[usize::from(b & 31)]));
        }
        Ok(RecoveryCode(s))
    }

    /// The code as typed, normalised: case, spaces and dashes do not matter; O is 0, I and L
    /// are 1.
    pub fn normalise(typed: &str) -> Zeroizing<String> {
        let mut s = Zeroizing::new(String::with_capacity(32));
        for c in typed.chars().filter(|c| !c.is_whitespace() && *c != '-') {
            s.push(match c.to_ascii_uppercase() {
                'O' => '0',
                'I' | 'L' => '1',
                c => c,
            });
        }
        s
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn a_passphrase_guard_opens_with_the_passphrase_only() {
        for weak in ["short", "aaaaaaaaaaaaaaaaaaaaaaaaa", "광진 원스톱"] {
            assert!(DeviceSecret::create("d", &GuardChoice::Passphrase(weak.into())).is_err(), "{weak}");
        }
        let (secret, guard) =
            DeviceSecret::create("d", &GuardChoice::Passphrase("광진 원스톱 센터 상담 창구".into())).unwrap();
        let sealed = secret.seal("d:kim", "slot", b"key").unwrap();
        let again = DeviceSecret::unlock("d", &guard, Some("광진 원스톱 센터 상담 창구")).unwrap();
        assert_eq!(again.open("d:kim", "slot", &sealed).unwrap().as_slice(), b"key");
        assert!(again.open("d:lee", "slot", &sealed).is_err(), "bound to its context");
        let e = DeviceSecret::unlock("d", &guard, Some("광진 원스톱 센터 상담 창고")).unwrap_err();
        assert!(e.to_string().contains("wrong desk passphrase"), "{e}");
    }

    #[test]
    fn recovery_codes_are_long_random_and_forgiving_to_type() {
        let a = RecoveryCode::random().unwrap();
        let b = RecoveryCode::random().unwrap();
        assert_ne!(a.0.as_str(), b.0.as_str());
        assert_eq!(a.0.len(), 32 + 7);
        let typed = a.0.to_lowercase().replace('-', " ");
        assert_eq!(RecoveryCode::normalise(&typed).as_str(), a.0.replace('-', ""));
        assert_eq!(RecoveryCode::normalise("o1l-I").as_str(), "0111");
    }
}
