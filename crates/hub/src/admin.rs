//! Administration from the command line: add, disable and list accounts, revoke tokens; list the
//! records of a center a desk could not read, and drop one (on record in `admin_actions`).

use deadpool_postgres::Pool;
use onestop_protocol::check;
use onestop_protocol::wire::HubRole;
use tokio_postgres::error::SqlState;

use crate::auth;
use crate::db::{self, SetupError};

/// Shortest password accepted for an account.
pub const MIN_PASSWORD: usize = 8;

pub struct NewAccount<'a> {
    pub center: &'a str,
    pub login: &'a str,
    pub name: &'a str,
    pub role: HubRole,
    pub password: &'a str,
}

fn check(field: &str, value: &str, max: usize) -> Result<(), SetupError> {
    if value.trim().is_empty() || value.trim() != value || value.chars().count() > max {
        return Err(SetupError::Refused(format!(
            "{field}: must be 1 to {max} characters without leading or trailing spaces"
        )));
    }
    if value.chars().any(char::is_control) {
        return Err(SetupError::Refused(format!("{field}: no control characters")));
    }
    Ok(())
}

/// Adds an account, creating its center if needed. Returns whether the center was created.
pub async fn add_user(pool: &Pool, new: &NewAccount<'_>) -> Result<bool, SetupError> {
    check("center", new.center, 200)?;
    check("login", new.login, 64)?;
    check("name", new.name, 200)?;
    if new.login.chars().any(char::is_whitespace) {
        return Err(SetupError::Refused("login: no spaces".into()));
    }
    if new.password.chars().count() < MIN_PASSWORD {
        return Err(SetupError::Refused(format!("password: at least {MIN_PASSWORD} characters")));
    }
    let password = new.password.to_owned();
    let phc = tokio::task::spawn_blocking(move || auth::hash_password(&password))
        .await
        .map_err(|e| SetupError::Db(e.to_string()))?
        .map_err(SetupError::Db)?;
    let mut client = pool.get().await.map_err(|e| SetupError::Db(e.to_string()))?;
    let tx = client.transaction().await?;
    let (center, created) = match find_center(&tx, new.center).await? {
        Some(id) => (id, false),
        None => {
            let id: i64 = tx.query_one("SELECT nextval(pg_get_serial_sequence('centers', 'id'))", &[]).await?.get(0);
            db::set_center(&tx, id).await?;
            tx.execute("INSERT INTO centers (id, name) VALUES ($1, $2)", &[&id, &new.center]).await?;
            (id, true)
        }
    };
    let inserted = tx
        .execute(
            "INSERT INTO accounts (center_id, login, name, role, password_hash) VALUES ($1, $2, $3, $4, $5)",
            &[&center, &new.login, &new.name, &auth::role_name(new.role), &phc],
        )
        .await;
    match inserted {
        Err(e) if e.code() == Some(&SqlState::UNIQUE_VIOLATION) => {
            return Err(SetupError::Refused(format!("login {:?} is taken", new.login)));
        }
        other => other?,
    };
    tx.commit().await?;
    Ok(created)
}

/// A center's id by its name (the administration commands alone may look centers up by name).
async fn find_center(tx: &deadpool_postgres::Transaction<'_>, name: &str) -> Result<Option<i64>, SetupError> {
    tx.execute("SELECT set_config('onestop.directory', 'on', true)", &[]).await?;
    let id = tx.query_opt("SELECT id FROM centers WHERE name = $1", &[&name]).await?.map(|r| r.get(0));
    tx.execute("SELECT set_config('onestop.directory', '', true)", &[]).await?;
    Ok(id)
}

/// Revokes every live token of a login; returns how many.
async fn revoke_tokens(tx: &deadpool_postgres::Transaction<'_>, account: i64) -> Result<u64, SetupError> {
    Ok(tx
        .execute("UPDATE tokens SET revoked_at = now() WHERE account_id = $1 AND revoked_at IS NULL", &[&account])
        .await?)
}

async fn account_id(tx: &deadpool_postgres::Transaction<'_>, login: &str) -> Result<(i64, bool), SetupError> {
    let row = tx
        .query_opt("SELECT id, disabled_at IS NOT NULL FROM accounts WHERE login = $1 FOR UPDATE", &[&login])
        .await?
        .ok_or_else(|| SetupError::Refused(format!("no account with login {login:?}")))?;
    Ok((row.get(0), row.get(1)))
}

/// Disables an account and revokes all its tokens at once; returns how many tokens.
pub async fn disable_user(pool: &Pool, login: &str) -> Result<u64, SetupError> {
    let mut client = pool.get().await.map_err(|e| SetupError::Db(e.to_string()))?;
    let tx = client.transaction().await?;
    let (id, disabled) = account_id(&tx, login).await?;
    if !disabled {
        tx.execute("UPDATE accounts SET disabled_at = now() WHERE id = $1", &[&id]).await?;
    }
    let revoked = revoke_tokens(&tx, id).await?;
    tx.commit().await?;
    Ok(revoked)
}

/// Revokes all tokens of a login without disabling it; returns how many.
pub async fn revoke_user_tokens(pool: &Pool, login: &str) -> Result<u64, SetupError> {
    let mut client = pool.get().await.map_err(|e| SetupError::Db(e.to_string()))?;
    let tx = client.transaction().await?;
    let (id, _) = account_id(&tx, login).await?;
    let revoked = revoke_tokens(&tx, id).await?;
    tx.commit().await?;
    Ok(revoked)
}

/// The accounts of a center as tab-separated lines with a header.
pub async fn list_users(pool: &Pool, center: &str) -> Result<String, SetupError> {
    let mut client = pool.get().await.map_err(|e| SetupError::Db(e.to_string()))?;
    let tx = client.build_transaction().read_only(true).start().await?;
    let id = find_center(&tx, center).await?.ok_or_else(|| SetupError::Refused(format!("no center {center:?}")))?;
    let rows = tx
        .query(
            "SELECT a.login, a.name, a.role, a.disabled_at IS NOT NULL, a.created_at,
                    (SELECT count(*) FROM tokens t
                     WHERE t.account_id = a.id AND t.revoked_at IS NULL AND t.expires_at > now())
             FROM accounts a WHERE a.center_id = $1 ORDER BY a.login",
            &[&id],
        )
        .await?;
    tx.commit().await?;
    let mut out = String::from("login\tname\trole\tstatus\tcreated\tlive tokens\n");
    for row in rows {
        let created: chrono::DateTime<chrono::Utc> = row.get(4);
        let tokens: i64 = row.get(5);
        out.push_str(&format!(
            "{}\t{}\t{}\t{}\t{}\t{tokens}\n",
            row.get::<_, String>(0),
            row.get::<_, String>(1),
            row.get::<_, String>(2),
            if row.get::<_, bool>(3) { "disabled" } else { "active" },
            created.format("%Y-%m-%d %H:%M UTC"),
        ));
    }
    Ok(out)
}

/// A record the hub holds that a desk could not read (see `onestop_protocol::check`).
pub struct Unreadable {
    pub kind: &'static str,
    pub uid: uuid::Uuid,
    /// A consultation's version.
    pub version: Option<i32>,
    pub seq: i64,
    /// The field and why, never a personal value.
    pub problem: String,
}

/// A center's id by name, in a transaction bound to it.
async fn bind_center(tx: &deadpool_postgres::Transaction<'_>, center: &str) -> Result<i64, SetupError> {
    let id = find_center(tx, center).await?.ok_or_else(|| SetupError::Refused(format!("no center {center:?}")))?;
    db::set_center(tx, id).await?;
    Ok(id)
}

async fn unreadable_in(tx: &deadpool_postgres::Transaction<'_>, center: i64) -> Result<Vec<Unreadable>, SetupError> {
    let mut out = Vec::new();
    let merchants = tx
        .query("SELECT uid, state, seq FROM merchants WHERE center_id = $1 AND NOT erased ORDER BY seq", &[&center])
        .await?;
    for row in merchants {
        let state: tokio_postgres::types::Json<onestop_protocol::wire::Fields> = row.try_get(1)?;
        if let Err(e) = check::merchant_state(&state.0) {
            let problem = e.within("state").to_string();
            out.push(Unreadable { kind: "merchant", uid: row.get(0), version: None, seq: row.get(2), problem });
        }
    }
    let versions = tx
        .query(
            "SELECT uid, merchant_uid, version, data, seq FROM consultation_versions WHERE center_id = $1 ORDER BY seq",
            &[&center],
        )
        .await?;
    for row in versions {
        let data: serde_json::Value = row.try_get(3)?;
        if let Err(e) = check::consultation(row.get(0), row.get(1), &data) {
            out.push(Unreadable {
                kind: "consultation_version",
                uid: row.get(0),
                version: Some(row.get(2)),
                seq: row.get(4),
                problem: e.within("data").to_string(),
            });
        }
    }
    for (kind, sql) in [
        (
            "application_version",
            "SELECT uid, merchant_uid, version, data, seq FROM application_versions WHERE center_id = $1",
        ),
        ("visit_version", "SELECT uid, merchant_uid, version, data, seq FROM visit_versions WHERE center_id = $1"),
    ] {
        for row in tx.query(sql, &[&center]).await? {
            let data: serde_json::Value = row.try_get(3)?;
            let problem = match kind {
                "application_version" => check::application(row.get(0), row.get(1), &data).err(),
                _ => check::visit(row.get(0), row.get(1), &data).err(),
            };
            if let Some(e) = problem {
                out.push(Unreadable {
                    kind,
                    uid: row.get(0),
                    version: Some(row.get(2)),
                    seq: row.get(4),
                    problem: e.within("data").to_string(),
                });
            }
        }
    }
    out.sort_by_key(|u| u.seq);
    Ok(out)
}

/// The statements that find and delete one version of a kind that keeps versions.
fn version_sql(kind: &str) -> (&'static str, &'static str) {
    match kind {
        "application_version" => (
            "SELECT 1 FROM application_versions WHERE center_id = $1 AND uid = $2 AND version = $3",
            "DELETE FROM application_versions WHERE center_id = $1 AND uid = $2 AND version = $3",
        ),
        "visit_version" => (
            "SELECT 1 FROM visit_versions WHERE center_id = $1 AND uid = $2 AND version = $3",
            "DELETE FROM visit_versions WHERE center_id = $1 AND uid = $2 AND version = $3",
        ),
        _ => (
            "SELECT 1 FROM consultation_versions WHERE center_id = $1 AND uid = $2 AND version = $3",
            "DELETE FROM consultation_versions WHERE center_id = $1 AND uid = $2 AND version = $3",
        ),
    }
}

/// The records of a center that do not read with the domain's types, as tab-separated lines with
/// a header: kind, uid, version, seq and the field that fails.
pub async fn check_data(pool: &Pool, center: &str) -> Result<String, SetupError> {
    let mut client = pool.get().await.map_err(|e| SetupError::Db(e.to_string()))?;
    let tx = client.build_transaction().read_only(true).start().await?;
    let id = bind_center(&tx, center).await?;
    let found = unreadable_in(&tx, id).await?;
    tx.commit().await?;
    let mut out = String::from("kind\tuid\tversion\tseq\tproblem\n");
    for u in found {
        let version = u.version.map_or_else(|| "-".to_owned(), |v| v.to_string());
        out.push_str(&format!("{}\t{}\t{version}\t{}\t{}\n", u.kind, u.uid, u.seq, u.problem));
    }
    Ok(out)
}

/// Drops one record of a center that does not read (a readable one is refused), and records the
/// drop in `admin_actions` with `by` and the problem, in the same transaction. Returns the
/// problem. A dropped merchant's row goes (a desk that pushes it again makes it anew); desks that
/// already set it aside keep it aside.
pub async fn drop_unreadable(
    pool: &Pool,
    center: &str,
    kind: &str,
    uid: uuid::Uuid,
    version: Option<i32>,
    by: &str,
) -> Result<String, SetupError> {
    if kind != "merchant" && version.is_none() {
        return Err(SetupError::Refused(format!("--version: name the version of the {kind} to drop")));
    }
    let version = if kind == "merchant" { None } else { version };
    let mut client = pool.get().await.map_err(|e| SetupError::Db(e.to_string()))?;
    let tx = client.transaction().await?;
    let id = bind_center(&tx, center).await?;
    let found = unreadable_in(&tx, id).await?;
    let Some(bad) = found.into_iter().find(|u| u.kind == kind && u.uid == uid && u.version == version) else {
        let exists = match kind {
            "merchant" => {
                tx.query_opt("SELECT 1 FROM merchants WHERE center_id = $1 AND uid = $2 AND NOT erased", &[&id, &uid])
                    .await?
            }
            _ => tx.query_opt(version_sql(kind).0, &[&id, &uid, &version]).await?,
        };
        return Err(SetupError::Refused(if exists.is_some() {
            format!("{kind} {uid} reads with the domain's types: not dropped")
        } else {
            format!("no {kind} {uid} in {center:?}")
        }));
    };
    match kind {
        "merchant" => tx.execute("DELETE FROM merchants WHERE center_id = $1 AND uid = $2", &[&id, &uid]).await?,
        _ => tx.execute(version_sql(kind).1, &[&id, &uid, &version]).await?,
    };
    tx.execute(
        "INSERT INTO admin_actions (center_id, by, action, kind, uid, version, reason)
         VALUES ($1, $2, 'drop', $3, $4, $5, $6)",
        &[&id, &by, &kind, &uid, &version, &bad.problem],
    )
    .await?;
    tx.commit().await?;
    tracing::warn!(center, kind, %uid, ?version, by, problem = %bad.problem, "unreadable record dropped");
    Ok(bad.problem)
}
