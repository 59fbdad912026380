//! Errors answered to desks: an HTTP status with a [`wire::ErrorBody`]. Database failures are
//! logged here (SQLSTATE and message only, never parameters or row contents) and reach the desk as
//! "unavailable" or "internal" without detail.

use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use deadpool_postgres::PoolError;
use onestop_protocol::wire::ErrorBody;
use tokio_postgres::error::SqlState;

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// 400: bad input; the message names the field.
    #[error("{0}")]
    Invalid(String),
    /// 401: no, wrong, expired or revoked token, or a failed login.
    #[error("{0}")]
    Unauthorized(&'static str),
    /// 403: not allowed for this account's role.
    #[error("{0}")]
    Forbidden(&'static str),
    #[error("{0}")]
    NotFound(&'static str),
    /// 405: the path exists, not with this method.
    #[error("method not allowed here")]
    WrongMethod,
    /// 413: the body is larger than the endpoint accepts.
    #[error("the request body is too large: a sign-in takes at most 4 KiB, any other request 16 MiB")]
    TooLarge,
    /// 429: too many failed logins; try again after the duration.
    #[error("too many failed sign-ins: try again in {0} seconds")]
    TooManyTries(u64),
    /// 503: busy (too many requests waiting) or too slow to answer.
    #[error("{0}")]
    Busy(&'static str),
    /// 503: the database cannot be reached.
    #[error("the database is unavailable")]
    Unavailable,
    /// 500: a bug or a broken database; details are in the hub's log, not the answer.
    #[error("internal error")]
    Internal,
}

impl ApiError {
    pub fn invalid(field: &str, problem: impl std::fmt::Display) -> Self {
        ApiError::Invalid(format!("{field}: {problem}"))
    }

    fn parts(&self) -> (StatusCode, &'static str) {
        match self {
            ApiError::Invalid(_) => (StatusCode::BAD_REQUEST, "invalid"),
            ApiError::Unauthorized(_) => (StatusCode::UNAUTHORIZED, "unauthorized"),
            ApiError::Forbidden(_) => (StatusCode::FORBIDDEN, "forbidden"),
            ApiError::NotFound(_) => (StatusCode::NOT_FOUND, "not_found"),
            ApiError::WrongMethod => (StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed"),
            ApiError::TooLarge => (StatusCode::PAYLOAD_TOO_LARGE, "too_large"),
            ApiError::TooManyTries(_) => (StatusCode::TOO_MANY_REQUESTS, "too_many_tries"),
            ApiError::Busy(_) => (StatusCode::SERVICE_UNAVAILABLE, "busy"),
            ApiError::Unavailable => (StatusCode::SERVICE_UNAVAILABLE, "unavailable"),
            ApiError::Internal => (StatusCode::INTERNAL_SERVER_ERROR, "internal"),
        }
    }
}

/// Why a request failed, for its log line: the error code, or the fixed reason of a 401/403/404.
/// Never the message of a 400, which may quote the request.
#[derive(Clone, Copy, Debug)]
pub struct LoggedReason(pub &'static str);

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, code) = self.parts();
        let reason = match &self {
            ApiError::Unauthorized(r) | ApiError::Forbidden(r) | ApiError::NotFound(r) => r,
            _ => code,
        };
        let mut response = (status, Json(ErrorBody { code: code.into(), message: self.to_string() })).into_response();
        if let ApiError::TooManyTries(secs) = self {
            response.headers_mut().insert(axum::http::header::RETRY_AFTER, axum::http::HeaderValue::from(secs));
        }
        response.extensions_mut().insert(LoggedReason(reason));
        response
    }
}

/// Whether retrying the whole transaction may succeed (serialization failure, deadlock).
pub fn is_retryable(e: &tokio_postgres::Error) -> bool {
    matches!(e.code(), Some(c) if *c == SqlState::T_R_SERIALIZATION_FAILURE || *c == SqlState::T_R_DEADLOCK_DETECTED)
}

/// Whether the error says the database is unreachable rather than that a statement failed.
pub fn is_unavailable(e: &tokio_postgres::Error) -> bool {
    match e.as_db_error() {
        Some(db) => {
            let code = db.code().code();
            // 08: connection exception; 57P01..57P03: shutting down or starting up.
            code.starts_with("08") || matches!(code, "57P01" | "57P02" | "57P03")
        }
        // Not a statement's error: the connection is gone, or talking to the server failed.
        None => e.is_closed() || std::error::Error::source(e).is_some_and(|s| s.is::<std::io::Error>()),
    }
}

impl From<tokio_postgres::Error> for ApiError {
    fn from(e: tokio_postgres::Error) -> Self {
        if is_unavailable(&e) {
            tracing::warn!(error = %e, "database unavailable");
            return ApiError::Unavailable;
        }
        match e.as_db_error() {
            Some(db) => tracing::error!(sqlstate = db.code().code(), message = db.message(), "database error"),
            None => tracing::error!(error = %e, "database error"),
        }
        ApiError::Internal
    }
}

impl From<PoolError> for ApiError {
    fn from(e: PoolError) -> Self {
        match e {
            PoolError::Backend(e) => {
                tracing::warn!(error = %e, "cannot connect to the database");
                ApiError::Unavailable
            }
            other => {
                tracing::warn!(error = %other, "no database connection");
                ApiError::Unavailable
            }
        }
    }
}

impl From<JsonRejection> for ApiError {
    fn from(r: JsonRejection) -> Self {
        if r.status() == StatusCode::PAYLOAD_TOO_LARGE {
            return ApiError::TooLarge;
        }
        let text = r.body_text();
        let text = text.strip_prefix("Failed to deserialize the JSON body into the target type: ").unwrap_or(&text);
        ApiError::invalid("body", text)
    }
}

impl From<QueryRejection> for ApiError {
    fn from(r: QueryRejection) -> Self {
        let text = r.body_text();
        let text = text.strip_prefix("Failed to deserialize query string: ").unwrap_or(&text);
        ApiError::invalid("query", text)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_too_large_message_names_the_limits_the_router_applies() {
        let text = super::ApiError::TooLarge.to_string();
        assert!(text.contains(&format!("{} KiB", crate::api::LOGIN_BODY_LIMIT >> 10)), "{text}");
        assert!(text.contains(&format!("{} MiB", crate::api::BODY_LIMIT >> 20)), "{text}");
    }
}
