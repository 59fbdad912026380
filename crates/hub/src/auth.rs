//! Accounts and tokens: Argon2id passwords, random bearer tokens stored only as their SHA-256,
//! and the [`Session`] extractor that turns `Authorization: Bearer …` into an account and center.

use std::sync::{Arc, OnceLock};

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use axum::extract::FromRequestParts;
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64URL;
use base64::Engine as _;
use chrono::{DateTime, Utc};
use onestop_protocol::wire::HubRole;
use sha2::{Digest, Sha256};

use crate::api::AppState;
use crate::error::ApiError;

/// Random bytes in a token (encoded: 43 base64url characters).
const TOKEN_BYTES: usize = 32;

pub fn random_bytes<const N: usize>() -> Result<[u8; N], getrandom::Error> {
    let mut buf = [0u8; N];
    getrandom::fill(&mut buf)?;
    Ok(buf)
}

/// A new token: what the desk gets, and the hash the database keeps.
pub fn new_token() -> Result<(String, Vec<u8>), getrandom::Error> {
    let token = B64URL.encode(random_bytes::<TOKEN_BYTES>()?);
    let hash = token_hash(&token);
    Ok((token, hash))
}

pub fn token_hash(token: &str) -> Vec<u8> {
    Sha256::digest(token.as_bytes()).to_vec()
}

/// An Argon2id PHC string (the crate's defaults: 19 MiB, 2 passes, 1 lane).
pub fn hash_password(password: &str) -> Result<String, String> {
    let salt = random_bytes::<16>().map_err(|e| format!("no randomness: {e}"))?;
    let salt = SaltString::encode_b64(&salt).map_err(|e| e.to_string())?;
    Argon2::default().hash_password(password.as_bytes(), &salt).map(|h| h.to_string()).map_err(|e| e.to_string())
}

/// Whether `password` matches the PHC string; a malformed hash matches nothing.
pub fn verify_password(password: &str, phc: &str) -> bool {
    PasswordHash::new(phc).is_ok_and(|h| Argon2::default().verify_password(password.as_bytes(), &h).is_ok())
}

pub fn parse_role(role: &str) -> Option<HubRole> {
    match role {
        "manager" => Some(HubRole::Manager),
        "staff" => Some(HubRole::Staff),
        _ => None,
    }
}

pub fn role_name(role: HubRole) -> &'static str {
    match role {
        HubRole::Manager => "manager",
        HubRole::Staff => "staff",
    }
}

/// Who made a request, filled in once known, for the request's log line (login and center only).
#[derive(Clone, Debug, Default)]
pub struct Who(Arc<OnceLock<(String, i64)>>);

impl Who {
    pub fn set(&self, login: &str, center: i64) {
        let _ = self.0.set((login.to_owned(), center));
    }

    pub fn get(&self) -> Option<&(String, i64)> {
        self.0.get()
    }
}

/// An authenticated request: the token's account and center.
#[derive(Clone, Debug)]
pub struct Session {
    pub account: i64,
    pub login: String,
    pub role: HubRole,
    pub center: i64,
    pub expires_at: DateTime<Utc>,
    pub token_hash: Vec<u8>,
}

fn bearer(parts: &Parts) -> Result<&str, ApiError> {
    let value = parts.headers.get(AUTHORIZATION).ok_or(ApiError::Unauthorized("missing bearer token"))?;
    let value = value.to_str().map_err(|_| ApiError::Unauthorized("malformed token"))?;
    let token = value
        .strip_prefix("Bearer ")
        .or_else(|| value.strip_prefix("bearer "))
        .ok_or(ApiError::Unauthorized("missing bearer token"))?
        .trim();
    let well_formed = token.len() == 43 && token.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if !well_formed {
        return Err(ApiError::Unauthorized("malformed token"));
    }
    Ok(token)
}

impl FromRequestParts<AppState> for Session {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, app: &AppState) -> Result<Self, Self::Rejection> {
        let hash = token_hash(bearer(parts)?);
        let client = app.pool.get().await?;
        let row = client
            .query_opt(
                "SELECT a.id, a.login, a.role, a.center_id, t.expires_at,
                        a.disabled_at IS NOT NULL, t.revoked_at IS NOT NULL, t.expires_at <= now()
                 FROM tokens t JOIN accounts a ON a.id = t.account_id
                 WHERE t.hash = $1",
                &[&hash],
            )
            .await?
            .ok_or(ApiError::Unauthorized("unknown token"))?;
        let (disabled, revoked, expired): (bool, bool, bool) = (row.get(5), row.get(6), row.get(7));
        if disabled {
            return Err(ApiError::Unauthorized("account disabled"));
        }
        if revoked {
            return Err(ApiError::Unauthorized("token revoked"));
        }
        if expired {
            return Err(ApiError::Unauthorized("token expired"));
        }
        let role: String = row.get(2);
        let session = Session {
            account: row.get(0),
            login: row.get(1),
            role: parse_role(&role).ok_or(ApiError::Internal)?,
            center: row.get(3),
            expires_at: row.get(4),
            token_hash: hash,
        };
        if let Some(who) = parts.extensions.get::<Who>() {
            who.set(&session.login, session.center);
        }
        Ok(session)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_random_and_only_their_hash_is_kept() {
        let (a, ha) = new_token().expect("randomness");
        let (b, hb) = new_token().expect("randomness");
        assert_ne!(a, b);
        assert_eq!(a.len(), 43);
        assert_eq!(ha.len(), 32);
        assert_eq!(ha, token_hash(&a));
        assert_ne!(ha, hb);
    }

    #[test]
    fn passwords_verify_with_argon2id() {
        let phc = hash_password("correct horse").expect("hash");
        assert!(phc.starts_with("$argon2id$"));
        assert!(verify_password("correct horse", &phc));
        assert!(!verify_password("wrong horse", &phc));
        assert!(!verify_password("correct horse", "not a hash"));
    }
}
