//! PostgreSQL: the connection pool, the embedded migrations, the role check and the per-center
//! transaction every authorized request runs in.

use std::str::FromStr;
use std::time::Duration;

use deadpool_postgres::{Manager, ManagerConfig, Pool, RecyclingMethod, Runtime, Transaction};
use tokio_postgres::config::Host;
use tokio_postgres::{Config, IsolationLevel, NoTls};

/// The migrations, run in order; each is embedded at build time. Append only: a released file is
/// never edited. `hub_schema_version` records which have run.
pub const MIGRATIONS: &[(&str, &str)] = &[
    ("0001_init", include_str!("../migrations/0001_init.sql")),
    ("0002_erased_by", include_str!("../migrations/0002_erased_by.sql")),
    ("0003_admin_actions", include_str!("../migrations/0003_admin_actions.sql")),
    ("0004_center_uid", include_str!("../migrations/0004_center_uid.sql")),
    ("0005_application_versions", include_str!("../migrations/0005_application_versions.sql")),
];

/// Taken (transaction-scoped) while migrating, so hubs started together on one database migrate
/// one after the other. Any fixed number; this one spells "onestop".
const MIGRATION_LOCK: i64 = 0x006f_6e65_7374_6f70;

/// A startup or administration failure, printed as `error: …` before exiting with status 1.
#[derive(Debug, thiserror::Error)]
pub enum SetupError {
    #[error("invalid database URL: {0}")]
    Url(String),
    #[error("cannot connect to PostgreSQL at {target}: {cause}")]
    Connect { target: String, cause: String },
    #[error("database error: {0}")]
    Db(String),
    #[error("{0}")]
    Refused(String),
}

impl From<tokio_postgres::Error> for SetupError {
    fn from(e: tokio_postgres::Error) -> Self {
        match e.as_db_error() {
            Some(db) => SetupError::Db(format!("{} ({})", db.message(), db.code().code())),
            None => SetupError::Db(e.to_string()),
        }
    }
}

/// A pool and where it points, for messages (never the password).
pub struct Database {
    pub pool: Pool,
    pub target: String,
}

/// `host:port/dbname as user`, without the password, for logs and error messages.
pub fn describe(config: &Config) -> String {
    let host = match config.get_hosts().first() {
        Some(Host::Tcp(h)) => h.clone(),
        #[cfg(unix)]
        Some(Host::Unix(p)) => p.display().to_string(),
        None => "localhost".into(),
    };
    let port = config.get_ports().first().copied().unwrap_or(5432);
    let db = config.get_dbname().or(config.get_user()).unwrap_or("?");
    format!("{host}:{port}/{db} as {}", config.get_user().unwrap_or("?"))
}

/// Opens a pool on `url` and checks a first connection, so a wrong URL fails at startup.
pub async fn connect(url: &str, max_connections: usize) -> Result<Database, SetupError> {
    let mut config = Config::from_str(url).map_err(|e| SetupError::Url(e.to_string()))?;
    if config.get_connect_timeout().is_none() {
        config.connect_timeout(Duration::from_secs(5));
    }
    config.application_name("onestop-hub");
    let target = describe(&config);
    let manager = Manager::from_config(config, NoTls, ManagerConfig { recycling_method: RecyclingMethod::Fast });
    let pool = Pool::builder(manager)
        .max_size(max_connections)
        .runtime(Runtime::Tokio1)
        .wait_timeout(Some(Duration::from_secs(10)))
        .create_timeout(Some(Duration::from_secs(10)))
        .recycle_timeout(Some(Duration::from_secs(5)))
        .build()
        .map_err(|e| SetupError::Db(e.to_string()))?;
    if let Err(e) = pool.get().await {
        let cause = match e {
            deadpool_postgres::PoolError::Backend(e) => e.to_string(),
            other => other.to_string(),
        };
        return Err(SetupError::Connect { target, cause });
    }
    Ok(Database { pool, target })
}

/// Refuses a role that row-level security would not bind: a superuser or one with BYPASSRLS.
pub async fn check_role(pool: &Pool) -> Result<(), SetupError> {
    let client = pool.get().await.map_err(|e| SetupError::Db(e.to_string()))?;
    let row = client
        .query_one("SELECT current_user::text, rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user", &[])
        .await?;
    let (role, superuser, bypass): (String, bool, bool) = (row.get(0), row.get(1), row.get(2));
    if superuser || bypass {
        let what = if superuser { "is a superuser" } else { "has BYPASSRLS" };
        return Err(SetupError::Refused(format!(
            "the database role \"{role}\" {what}, so row-level security would not keep centers apart; \
             connect as a role made with NOSUPERUSER NOBYPASSRLS (see crates/hub/README.md)"
        )));
    }
    Ok(())
}

/// Brings the schema up to date; returns (version before, version after). Runs in one transaction
/// under an advisory lock: two hubs starting together migrate one after the other, and a failed
/// migration leaves nothing. A database migrated by a newer hub is refused, not modified. A schema
/// already up to date is only read, so a serving role without the right to create tables can
/// start; one that is behind tells that role to run `migrate` as the schema's owner.
pub async fn migrate(pool: &Pool) -> Result<(usize, usize), SetupError> {
    let mut client = pool.get().await.map_err(|e| SetupError::Db(e.to_string()))?;
    let tx = client.transaction().await?;
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK]).await?;
    let exists: bool = tx.query_one("SELECT to_regclass('hub_schema_version') IS NOT NULL", &[]).await?.get(0);
    let current = if exists {
        let v: i32 = tx.query_one("SELECT coalesce(max(version), 0) FROM hub_schema_version", &[]).await?.get(0);
        usize::try_from(v).map_err(|_| SetupError::Db(format!("schema version {v}")))?
    } else {
        0
    };
    if current > MIGRATIONS.len() {
        return Err(SetupError::Refused(format!(
            "the database schema is at version {current}, written by a newer hub (this one knows up to {})",
            MIGRATIONS.len()
        )));
    }
    if current == MIGRATIONS.len() {
        tx.commit().await?;
        return Ok((current, current));
    }
    let behind = |e: tokio_postgres::Error| match e.code() {
        Some(&tokio_postgres::error::SqlState::INSUFFICIENT_PRIVILEGE) => SetupError::Refused(format!(
            "the database schema is at version {current} and this hub needs {}, but this role may not change \
             the schema: run `onestop-hub migrate` with the schema owner's URL first (crates/hub/README.md)",
            MIGRATIONS.len()
        )),
        _ => SetupError::from(e),
    };
    tx.batch_execute(
        "CREATE TABLE IF NOT EXISTS hub_schema_version (
             version integer PRIMARY KEY,
             name text NOT NULL,
             applied_at timestamptz NOT NULL DEFAULT now()
         )",
    )
    .await
    .map_err(behind)?;
    for (i, (name, sql)) in MIGRATIONS.iter().enumerate().skip(current) {
        tx.batch_execute(sql).await.map_err(behind)?;
        let version = i32::try_from(i + 1).map_err(|_| SetupError::Db("too many migrations".into()))?;
        tx.execute("INSERT INTO hub_schema_version (version, name) VALUES ($1, $2)", &[&version, name]).await?;
    }
    tx.commit().await?;
    Ok((current, MIGRATIONS.len()))
}

/// Gives the serving role what serving needs and no more: reading and writing rows of every hub
/// table (the schema version only read), and the sequences. It owns nothing, so it can neither
/// turn row-level security off nor change a policy or the schema. Run by the owner after
/// [`migrate`]; running it again after a later migration covers the new tables.
pub async fn grant_serving(pool: &Pool, role: &str) -> Result<(), SetupError> {
    let mut client = pool.get().await.map_err(|e| SetupError::Db(e.to_string()))?;
    let tx = client.transaction().await?;
    let row = tx
        .query_opt(
            "SELECT quote_ident(rolname), rolsuper, rolbypassrls, rolname = current_user FROM pg_roles WHERE rolname = $1",
            &[&role],
        )
        .await?
        .ok_or_else(|| SetupError::Refused(format!("--grant-to: no database role named \"{role}\"")))?;
    let (quoted, superuser, bypass, itself): (String, bool, bool, bool) =
        (row.get(0), row.get(1), row.get(2), row.get(3));
    if itself {
        return Err(SetupError::Refused(format!(
            "--grant-to: \"{role}\" is the role migrating; the serving role must be another one, that owns nothing"
        )));
    }
    if superuser || bypass {
        return Err(SetupError::Refused(format!(
            "--grant-to: \"{role}\" is a superuser or has BYPASSRLS, which row-level security does not bind"
        )));
    }
    tx.batch_execute(&format!(
        "GRANT USAGE ON SCHEMA public TO {quoted};
         GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {quoted};
         REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON hub_schema_version FROM {quoted};
         GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {quoted};"
    ))
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Whether the connected role owns the hub's tables: it could then turn row-level security off.
pub async fn owns_tables(pool: &Pool) -> Result<bool, SetupError> {
    let client = pool.get().await.map_err(|e| SetupError::Db(e.to_string()))?;
    let row = client
        .query_one(
            "SELECT coalesce(bool_or(tableowner = current_user), false) FROM pg_tables WHERE schemaname = 'public'",
            &[],
        )
        .await?;
    Ok(row.get(0))
}

/// Binds the transaction to one center: row-level security shows and accepts only its rows until
/// the transaction ends (`set_config(…, true)` is transaction-local, so a pooled connection never
/// carries it to the next request).
pub async fn set_center(tx: &Transaction<'_>, center: i64) -> Result<(), tokio_postgres::Error> {
    tx.execute("SELECT set_config('onestop.center', $1, true)", &[&center.to_string()]).await?;
    Ok(())
}

/// A read-only snapshot of one center (pulls: the items and the catalogue version agree).
pub async fn read_center<'a>(
    client: &'a mut deadpool_postgres::Client,
    center: i64,
) -> Result<Transaction<'a>, tokio_postgres::Error> {
    let tx = client.build_transaction().isolation_level(IsolationLevel::RepeatableRead).read_only(true).start().await?;
    set_center(&tx, center).await?;
    Ok(tx)
}

/// A read-write transaction bound to one center.
pub async fn write_center<'a>(
    client: &'a mut deadpool_postgres::Client,
    center: i64,
) -> Result<Transaction<'a>, tokio_postgres::Error> {
    let tx = client.transaction().await?;
    set_center(&tx, center).await?;
    Ok(tx)
}
