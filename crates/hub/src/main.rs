//! `onestop-hub`: the center's sync service. Desks push their changes to it and pull everyone
//! else's; it keeps each center's data in PostgreSQL, bound to the center by row-level security.
//! See README.md beside this crate and `onestop_protocol::wire` for the protocol.

mod admin;
mod api;
mod auth;
mod db;
mod error;
mod sync;
mod throttle;

use std::io::Write as _;
use std::net::SocketAddr;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use clap::{Args, Parser, Subcommand, ValueEnum};
use onestop_protocol::wire::HubRole;
use tokio::net::TcpSocket;

use crate::db::SetupError;

#[derive(Parser)]
#[command(name = "onestop-hub", version, about = "Onestop hub: the sync service of a center's desks")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Migrate the database, then serve the desks over HTTP.
    Serve(ServeArgs),
    /// Bring the database schema up to date, then exit.
    Migrate(MigrateArgs),
    /// Manage accounts.
    #[command(subcommand)]
    User(UserCommand),
    /// Manage tokens.
    #[command(subcommand)]
    Token(TokenCommand),
    /// Check a center's data against the desk's domain types.
    #[command(subcommand)]
    Data(DataCommand),
}

#[derive(Clone, Copy, ValueEnum)]
enum Kind {
    #[value(name = "merchant")]
    Merchant,
    #[value(name = "consultation_version")]
    ConsultationVersion,
    #[value(name = "application_version")]
    ApplicationVersion,
    #[value(name = "visit_version")]
    VisitVersion,
}

#[derive(Subcommand)]
enum DataCommand {
    /// List the records a desk cannot read (kind, uid, version, seq, the field and why).
    Check {
        #[command(flatten)]
        db: DbArgs,
        #[arg(long)]
        center: String,
    },
    /// Drop one record that does not read (one that reads is refused); the drop is logged and
    /// kept in the admin_actions table.
    Drop {
        #[command(flatten)]
        db: DbArgs,
        #[arg(long)]
        center: String,
        #[arg(long, value_enum)]
        kind: Kind,
        #[arg(long)]
        uid: uuid::Uuid,
        /// The consultation's version (required for consultation_version).
        #[arg(long)]
        version: Option<i32>,
    },
}

#[derive(Args)]
struct DbArgs {
    /// PostgreSQL URL (postgres://role:password@host:port/db) of a role that is neither superuser
    /// nor BYPASSRLS.
    #[arg(long, env = "ONESTOP_HUB_DATABASE_URL", hide_env_values = true)]
    database_url: String,
}

#[derive(Args)]
struct MigrateArgs {
    #[command(flatten)]
    db: DbArgs,
    /// The role `serve` connects as: after migrating, grant it reading and writing rows of the
    /// hub's tables and nothing more (it owns nothing, so it cannot turn row-level security off).
    #[arg(long, env = "ONESTOP_HUB_SERVING_ROLE")]
    grant_to: Option<String>,
}

#[derive(Args)]
struct ServeArgs {
    #[command(flatten)]
    db: DbArgs,
    /// Address to listen on, e.g. 127.0.0.1:8080 (port 0: any free port, printed at startup).
    #[arg(long)]
    listen: SocketAddr,
    /// How long a desk's token stays valid.
    #[arg(long, default_value_t = 30 * 24 * 3600, value_parser = clap::value_parser!(u64).range(1..))]
    token_ttl_secs: u64,
    /// Most database connections this hub opens.
    #[arg(long, default_value_t = 16, value_parser = clap::value_parser!(u16).range(1..))]
    max_connections: u16,
    /// Behind a reverse proxy on this machine: count failed logins per client address by the
    /// proxy's X-Forwarded-For (its last entry), not the proxy's own address.
    #[arg(long, env = "ONESTOP_HUB_BEHIND_PROXY")]
    behind_proxy: bool,
}

#[derive(Clone, Copy, ValueEnum)]
enum Role {
    Manager,
    Staff,
}

#[derive(Subcommand)]
enum UserCommand {
    /// Add an account (its center is created if missing). The password comes from
    /// ONESTOP_HUB_PASSWORD or is asked for twice.
    Add {
        #[command(flatten)]
        db: DbArgs,
        #[arg(long)]
        center: String,
        #[arg(long)]
        login: String,
        #[arg(long)]
        name: String,
        #[arg(long, value_enum)]
        role: Role,
    },
    /// Disable an account and revoke all its tokens.
    Disable {
        #[command(flatten)]
        db: DbArgs,
        #[arg(long)]
        login: String,
    },
    /// List a center's accounts.
    List {
        #[command(flatten)]
        db: DbArgs,
        #[arg(long)]
        center: String,
    },
}

#[derive(Subcommand)]
enum TokenCommand {
    /// Revoke every token of a login (it can sign in again).
    Revoke {
        #[command(flatten)]
        db: DbArgs,
        #[arg(long)]
        login: String,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    // The service logs every request; the administration commands only what goes wrong.
    init_logging(if matches!(cli.command, Command::Serve(_) | Command::Migrate(_)) { "info" } else { "warn" });
    // The password is read before anything else runs, so the prompt is not interleaved with logs.
    let password = match &cli.command {
        Command::User(UserCommand::Add { .. }) => match read_password() {
            Ok(p) => Some(p),
            Err(e) => {
                eprintln!("error: {e}");
                return ExitCode::FAILURE;
            }
        },
        _ => None,
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli.command, password)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

/// What is logged: RUST_LOG (else `default_level`), but never the database driver's debug
/// lines, which carry each statement's parameters (merchant data), whatever RUST_LOG says.
fn log_filter(env: Option<&str>, default_level: &str) -> tracing_subscriber::EnvFilter {
    let base = env
        .and_then(|e| tracing_subscriber::EnvFilter::try_new(e).ok())
        .unwrap_or_else(|| tracing_subscriber::EnvFilter::new(default_level));
    base.add_directive("tokio_postgres=warn".parse().expect("a fixed, valid directive"))
}

/// Logs go to stderr; RUST_LOG filters them.
fn init_logging(default_level: &str) {
    let filter = log_filter(std::env::var("RUST_LOG").ok().as_deref(), default_level);
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .with_env_filter(filter)
        .with_target(false)
        .init();
}

fn read_password() -> Result<String, String> {
    if let Ok(p) = std::env::var("ONESTOP_HUB_PASSWORD") {
        return Ok(p);
    }
    let first = rpassword::prompt_password("Password: ").map_err(|e| format!("cannot read the password: {e}"))?;
    let again = rpassword::prompt_password("Again: ").map_err(|e| format!("cannot read the password: {e}"))?;
    if first != again {
        return Err("the two passwords differ".into());
    }
    Ok(first)
}

async fn run(command: Command, password: Option<String>) -> Result<(), SetupError> {
    match command {
        Command::Serve(args) => serve(args).await,
        Command::Migrate(args) => {
            let database = open(&args.db, 2).await?;
            if let Some(role) = &args.grant_to {
                db::grant_serving(&database.pool, role).await?;
                tracing::info!(%role, "serving role granted reading and writing rows");
            }
            Ok(())
        }
        Command::User(UserCommand::Add { db, center, login, name, role }) => {
            let database = open(&db, 2).await?;
            let role = match role {
                Role::Manager => HubRole::Manager,
                Role::Staff => HubRole::Staff,
            };
            let password = password.unwrap_or_default();
            let new = admin::NewAccount { center: &center, login: &login, name: &name, role, password: &password };
            let created = admin::add_user(&database.pool, &new).await?;
            if created {
                println!("created center {center:?}");
            }
            println!("added {login:?} ({}) to {center:?}", auth::role_name(role));
            Ok(())
        }
        Command::User(UserCommand::Disable { db, login }) => {
            let database = open(&db, 2).await?;
            let revoked = admin::disable_user(&database.pool, &login).await?;
            println!("disabled {login:?}; {revoked} token(s) revoked");
            Ok(())
        }
        Command::User(UserCommand::List { db, center }) => {
            let database = open(&db, 2).await?;
            print!("{}", admin::list_users(&database.pool, &center).await?);
            Ok(())
        }
        Command::Data(DataCommand::Check { db, center }) => {
            let database = open(&db, 2).await?;
            print!("{}", admin::check_data(&database.pool, &center).await?);
            Ok(())
        }
        Command::Data(DataCommand::Drop { db, center, kind, uid, version }) => {
            let database = open(&db, 2).await?;
            let kind = match kind {
                Kind::Merchant => "merchant",
                Kind::ConsultationVersion => "consultation_version",
                Kind::ApplicationVersion => "application_version",
                Kind::VisitVersion => "visit_version",
            };
            // Who ran it, as the operating system says: kept with the drop.
            let by = std::env::var("USER").or_else(|_| std::env::var("LOGNAME")).unwrap_or_else(|_| "-".into());
            let problem = admin::drop_unreadable(&database.pool, &center, kind, uid, version, &by).await?;
            println!("dropped {kind} {uid} from {center:?} ({problem})");
            Ok(())
        }
        Command::Token(TokenCommand::Revoke { db, login }) => {
            let database = open(&db, 2).await?;
            let revoked = admin::revoke_user_tokens(&database.pool, &login).await?;
            println!("{revoked} token(s) of {login:?} revoked");
            Ok(())
        }
    }
}

/// Connects, refuses a role that row-level security would not bind (every command: a schema
/// created by a superuser would not even be the hub role's), and brings the schema up to date.
async fn open(args: &DbArgs, max_connections: usize) -> Result<db::Database, SetupError> {
    let database = db::connect(&args.database_url, max_connections).await?;
    tracing::info!(database = %database.target, "connected");
    db::check_role(&database.pool).await?;
    let (before, after) = db::migrate(&database.pool).await?;
    if before == after {
        tracing::info!(version = after, "schema up to date");
    } else {
        tracing::info!(from = before, to = after, "schema migrated");
    }
    Ok(database)
}

async fn serve(args: ServeArgs) -> Result<(), SetupError> {
    let database = open(&args.db, usize::from(args.max_connections)).await?;
    if db::owns_tables(&database.pool).await? {
        tracing::warn!(
            "serving as the owner of the hub's tables: a compromised hub could turn row-level security off; \
             serve as a role granted rows only (`migrate --grant-to`, crates/hub/README.md)"
        );
    }
    let decoy = tokio::task::spawn_blocking(|| {
        let random = auth::random_bytes::<16>().map_err(|e| e.to_string())?;
        auth::hash_password(&format!("{random:?}"))
    })
    .await
    .map_err(|e| SetupError::Refused(e.to_string()))?
    .map_err(SetupError::Refused)?;
    let app = api::AppState {
        pool: database.pool.clone(),
        token_ttl: Duration::from_secs(args.token_ttl_secs),
        decoy_hash: Arc::from(decoy),
        password_checks: Arc::new(tokio::sync::Semaphore::new(
            std::thread::available_parallelism().map_or(2, |n| n.get() * 2),
        )),
        throttle: Arc::new(throttle::Throttle::default()),
        behind_proxy: args.behind_proxy,
    };
    let listener =
        bind(args.listen).map_err(|e| SetupError::Refused(format!("cannot listen on {}: {e}", args.listen)))?;
    let local = listener.local_addr().map_err(|e| SetupError::Refused(format!("cannot listen: {e}")))?;
    tracing::info!(address = %local, token_ttl_secs = args.token_ttl_secs, "listening");
    // Tests and supervisors wait for this line on stdout.
    println!("listening on {local}");
    let _ = std::io::stdout().flush();
    axum::serve(listener, api::router(app).into_make_service_with_connect_info::<std::net::SocketAddr>())
        .with_graceful_shutdown(shutdown_signal())
        .await
        .map_err(|e| SetupError::Refused(format!("serving failed: {e}")))?;
    database.pool.close();
    tracing::info!("stopped");
    Ok(())
}

/// A listener that may take the port of a hub that just died (SO_REUSEADDR).
fn bind(addr: SocketAddr) -> std::io::Result<tokio::net::TcpListener> {
    let socket = if addr.is_ipv4() { TcpSocket::new_v4()? } else { TcpSocket::new_v6()? };
    socket.set_reuseaddr(true)?;
    socket.bind(addr)?;
    socket.listen(1024)
}

/// Resolves on Ctrl-C or SIGTERM: the hub stops accepting and finishes the requests under way.
async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(e) = tokio::signal::ctrl_c().await {
            tracing::error!(error = %e, "cannot listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(e) => {
                tracing::error!(error = %e, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
    tracing::info!("shutting down");
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use std::sync::{Arc, Mutex};

    #[derive(Clone, Default)]
    struct Buf(Arc<Mutex<Vec<u8>>>);

    impl std::io::Write for Buf {
        fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(b);
            Ok(b.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn debug_logging_never_shows_the_drivers_statement_parameters() {
        for env in [Some("debug"), Some("trace"), Some("debug,tokio_postgres=trace"), None] {
            let buf = Buf::default();
            let out = buf.clone();
            let subscriber = tracing_subscriber::fmt()
                .with_writer(move || out.clone())
                .with_env_filter(super::log_filter(env, "debug"))
                .finish();
            tracing::subscriber::with_default(subscriber, || {
                tracing::debug!(target: "tokio_postgres::query", "executing statement s1 with parameters: [\"홍길동\"]");
                tracing::debug!(target: "onestop_hub::sync", "pushed 3 changes");
            });
            let text = String::from_utf8(buf.0.lock().unwrap().clone()).unwrap();
            assert!(text.contains("pushed 3 changes"), "{env:?}: {text}");
            assert!(!text.contains("홍길동"), "{env:?}: {text}");
        }
    }
}
