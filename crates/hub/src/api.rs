//! The HTTP routes (see `onestop_protocol::wire` for the table), the request log and the
//! protocol check.

use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::extract::{FromRequest, Query, Request, State};
use axum::http::StatusCode;
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Extension, Json, Router};
use deadpool_postgres::Pool;
use onestop_protocol::wire::{
    Health, HubRole, LoginRequest, LoginResponse, Me, PublishRequest, Published, PullResponse, PushRequest,
    PushResponse, MAX_BATCH, PROTOCOL, PROTOCOL_HEADER,
};
use serde::de::DeserializeOwned;
use serde::Deserialize;
use uuid::Uuid;

use crate::auth::{self, Session, Who};
use crate::db;
use crate::error::{ApiError, LoggedReason};
use crate::sync;

/// The largest request body accepted (a full push of consultations fits well within it).
pub const BODY_LIMIT: usize = 16 << 20;

/// What every handler shares. Cheap to clone.
#[derive(Clone)]
pub struct AppState {
    pub pool: Pool,
    pub token_ttl: Duration,
    /// An Argon2id hash of a random password: an unknown login is checked against it, so a wrong
    /// login takes as long as a wrong password and the answer cannot tell them apart.
    pub decoy_hash: Arc<str>,
    /// Password checks under way at once: each takes 19 MiB and a core for a moment, so a burst
    /// of logins waits its turn instead of exhausting memory.
    pub password_checks: Arc<tokio::sync::Semaphore>,
    /// Failed logins per login and per client address.
    pub throttle: Arc<crate::throttle::Throttle>,
    /// Client addresses come from the proxy's X-Forwarded-For.
    pub behind_proxy: bool,
}

/// The largest login body: a login, a password, a desk id and name.
pub const LOGIN_BODY_LIMIT: usize = 4 << 10;
/// The longest a login waits for a password check to be free before it is told to retry.
const CHECK_QUEUE_WAIT: Duration = Duration::from_secs(10);
/// The longest any request may take.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(60);

pub fn router(app: AppState) -> Router {
    Router::new()
        .route("/v1/login", post(login).layer(axum::extract::DefaultBodyLimit::max(LOGIN_BODY_LIMIT)))
        .route("/v1/logout", post(logout))
        .route("/v1/me", get(me))
        .route("/v1/push", post(push))
        .route("/v1/pull", get(pull))
        .route("/v1/catalogue", post(publish).get(catalogue))
        .layer(middleware::from_fn(check_protocol))
        .route("/health", get(health))
        .method_not_allowed_fallback(|| async { ApiError::WrongMethod })
        .fallback(|| async { ApiError::NotFound("no such endpoint") })
        .layer(axum::extract::DefaultBodyLimit::max(BODY_LIMIT))
        .layer(middleware::from_fn(time_limit))
        .layer(middleware::from_fn(log_request))
        .with_state(app)
}

/// One log line per request: method, path, status, time taken and who (login, center) once known.
/// Never headers, bodies or anything else a request carries.
async fn log_request(mut req: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = req.method().clone();
    let path = req.uri().path_and_query().map_or_else(|| req.uri().path().to_owned(), |p| p.as_str().to_owned());
    let who = Who::default();
    req.extensions_mut().insert(who.clone());
    let response = next.run(req).await;
    let (login, center) = match who.get() {
        Some((login, center)) => (login.as_str(), center.to_string()),
        None => ("-", "-".to_owned()),
    };
    let status = response.status().as_u16();
    let ms = started.elapsed().as_millis() as u64;
    match response.extensions().get::<LoggedReason>() {
        Some(LoggedReason(reason)) => {
            tracing::info!(%method, %path, status, ms, %login, %center, error = %reason, "request")
        }
        None => tracing::info!(%method, %path, status, ms, %login, %center, "request"),
    }
    response
}

/// A desk that states its protocol must state this hub's.
async fn check_protocol(req: Request, next: Next) -> Response {
    if let Some(value) = req.headers().get(PROTOCOL_HEADER) {
        if value.to_str().ok().map(str::trim) != Some(PROTOCOL.to_string().as_str()) {
            let sent = String::from_utf8_lossy(value.as_bytes()).chars().take(20).collect::<String>();
            return ApiError::invalid(PROTOCOL_HEADER, format!("this hub speaks protocol {PROTOCOL}, not {sent:?}"))
                .into_response();
        }
    }
    next.run(req).await
}

/// A JSON body whose rejection is an [`ApiError`] naming what is wrong.
pub struct Body<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for Body<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        Ok(Body(Json::<T>::from_request(req, state).await?.0))
    }
}

async fn health(State(app): State<AppState>) -> (StatusCode, Json<Health>) {
    let check = async {
        let client = app.pool.get().await.ok()?;
        client.query_one("SELECT 1", &[]).await.ok()
    };
    let up = matches!(tokio::time::timeout(Duration::from_secs(5), check).await, Ok(Some(_)));
    let (status, word) = if up { (StatusCode::OK, "ok") } else { (StatusCode::SERVICE_UNAVAILABLE, "unavailable") };
    let health =
        Health { status: if up { "ok" } else { "degraded" }.into(), database: word.into(), protocol: PROTOCOL };
    (status, Json(health))
}

const WRONG_LOGIN: &str = "wrong login or password";

/// No request runs longer than [`REQUEST_TIMEOUT`]: a stuck database or a slow client gets a
/// clear answer instead of holding a connection.
async fn time_limit(req: Request, next: Next) -> Response {
    match tokio::time::timeout(REQUEST_TIMEOUT, next.run(req)).await {
        Ok(response) => response,
        Err(_) => ApiError::Busy("the hub took too long to answer; nothing was changed, try again").into_response(),
    }
}

/// The client's address: the connection's, or behind a proxy the last X-Forwarded-For entry.
fn client_address(app: &AppState, peer: Option<std::net::SocketAddr>, headers: &axum::http::HeaderMap) -> String {
    let forwarded = app
        .behind_proxy
        .then(|| headers.get("x-forwarded-for").and_then(|v| v.to_str().ok()))
        .flatten()
        .and_then(|v| v.rsplit(',').next())
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty());
    forwarded.or_else(|| peer.map(|p| p.ip().to_string())).unwrap_or_else(|| "unknown".into())
}

async fn login(
    State(app): State<AppState>,
    Extension(who): Extension<Who>,
    peer: Option<Extension<axum::extract::ConnectInfo<std::net::SocketAddr>>>,
    headers: axum::http::HeaderMap,
    Body(req): Body<LoginRequest>,
) -> Result<Json<LoginResponse>, ApiError> {
    if req.desk_name.trim().is_empty() || req.desk_name.chars().count() > 200 {
        return Err(ApiError::invalid("desk_name", "1 to 200 characters"));
    }
    let address = client_address(&app, peer.map(|p| p.0 .0), &headers);
    let (login_key, address_key) = (format!("login:{}", req.login), format!("address:{address}"));
    let started = std::time::Instant::now();
    let waits = [app.throttle.wait(&login_key, started), app.throttle.wait(&address_key, started)];
    if let Some(wait) = waits.into_iter().flatten().max() {
        tracing::warn!(login = %req.login, %address, wait_secs = wait.as_secs() + 1, "sign-in refused: waiting after failed tries");
        return Err(ApiError::TooManyTries(wait.as_secs() + 1));
    }
    let account = {
        let client = app.pool.get().await?;
        client
            .query_opt(
                "SELECT id, password_hash, role, center_id, disabled_at IS NOT NULL FROM accounts WHERE login = $1",
                &[&req.login],
            )
            .await?
    };
    // Always one Argon2 verification, against the decoy when the login is unknown.
    let phc = account.as_ref().map_or_else(|| app.decoy_hash.to_string(), |row| row.get(1));
    let password = req.password;
    let matches = {
        // A bounded queue: a burst of logins waits a while for a check, then is told to retry.
        let permit = tokio::time::timeout(CHECK_QUEUE_WAIT, app.password_checks.acquire())
            .await
            .map_err(|_| ApiError::Busy("too many sign-ins at once; try again in a moment"))?;
        let _permit = permit.map_err(|_| ApiError::Internal)?;
        tokio::task::spawn_blocking(move || auth::verify_password(&password, &phc))
            .await
            .map_err(|_| ApiError::Internal)?
    };
    let row = match account {
        Some(row) if matches => row,
        _ => {
            let now = std::time::Instant::now();
            app.throttle.failed(&login_key, crate::throttle::PER_LOGIN, now);
            app.throttle.failed(&address_key, crate::throttle::PER_ADDRESS, now);
            tracing::warn!(login = %req.login, %address, "sign-in failed: wrong login or password");
            return Err(ApiError::Unauthorized(WRONG_LOGIN));
        }
    };
    if row.get::<_, bool>(4) {
        tracing::warn!(login = %req.login, %address, "sign-in refused: account disabled");
        return Err(ApiError::Unauthorized("account disabled"));
    }
    app.throttle.succeeded(&login_key);
    let (account_id, center): (i64, i64) = (row.get(0), row.get(3));
    let role = auth::parse_role(row.get(2)).ok_or(ApiError::Internal)?;
    let (token, hash) = auth::new_token().map_err(|e| {
        tracing::error!(error = %e, "no randomness for a token");
        ApiError::Internal
    })?;
    let mut client = app.pool.get().await?;
    let tx = db::write_center(&mut client, center).await?;
    let center_row =
        tx.query_opt("SELECT name, uid FROM centers WHERE id = $1", &[&center]).await?.ok_or(ApiError::Internal)?;
    let (center_name, center_uid): (String, Uuid) = (center_row.get(0), center_row.get(1));
    let expires_at = tx
        .query_one(
            "INSERT INTO tokens (hash, account_id, desk, desk_name, expires_at)
             VALUES ($1, $2, $3, $4, now() + make_interval(secs => $5)) RETURNING expires_at",
            &[&hash, &account_id, &req.desk, &req.desk_name.trim(), &app.token_ttl.as_secs_f64()],
        )
        .await?
        .get(0);
    tx.commit().await?;
    who.set(&req.login, center);
    Ok(Json(LoginResponse {
        token,
        login: req.login,
        center: center_name,
        center_uid: Some(center_uid),
        role,
        expires_at,
    }))
}

async fn logout(State(app): State<AppState>, session: Session) -> Result<StatusCode, ApiError> {
    let client = app.pool.get().await?;
    client
        .execute("UPDATE tokens SET revoked_at = now() WHERE hash = $1 AND revoked_at IS NULL", &[&session.token_hash])
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn me(State(app): State<AppState>, session: Session) -> Result<Json<Me>, ApiError> {
    let mut client = app.pool.get().await?;
    let tx = db::read_center(&mut client, session.center).await?;
    let center: String = tx
        .query_opt("SELECT name FROM centers WHERE id = $1", &[&session.center])
        .await?
        .ok_or(ApiError::Internal)?
        .get(0);
    tx.commit().await?;
    Ok(Json(Me { login: session.login, center, role: session.role, expires_at: session.expires_at }))
}

async fn push(
    State(app): State<AppState>,
    session: Session,
    Body(req): Body<PushRequest>,
) -> Result<Json<PushResponse>, ApiError> {
    sync::push(&app.pool, &session, &req).await.map(Json)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PullQuery {
    #[serde(default)]
    after: i64,
    limit: Option<usize>,
}

async fn pull(
    State(app): State<AppState>,
    session: Session,
    query: Result<Query<PullQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Json<PullResponse>, ApiError> {
    let Query(query) = query?;
    if query.after < 0 {
        return Err(ApiError::invalid("after", "must be 0 or more"));
    }
    let limit = query.limit.unwrap_or(MAX_BATCH);
    if !(1..=MAX_BATCH).contains(&limit) {
        return Err(ApiError::invalid("limit", format!("must be 1 to {MAX_BATCH}")));
    }
    sync::pull(&app.pool, &session, query.after, limit).await.map(Json)
}

async fn publish(
    State(app): State<AppState>,
    session: Session,
    Body(req): Body<PublishRequest>,
) -> Result<Json<Published>, ApiError> {
    if session.role != HubRole::Manager {
        return Err(ApiError::Forbidden("only a manager publishes the catalogue"));
    }
    for (i, p) in req.partners.iter().enumerate() {
        onestop_protocol::check::partner(p)
            .map_err(|e| ApiError::invalid(&format!("partners[{i}].{}", e.field), &e.reason))?;
    }
    sync::publish(&app.pool, &session, &req.programs, &req.partners).await.map(Json)
}

async fn catalogue(State(app): State<AppState>, session: Session) -> Result<Json<Published>, ApiError> {
    sync::latest_catalogue(&app.pool, &session).await?.map(Json).ok_or(ApiError::NotFound("no catalogue published yet"))
}
