//! Test harness for the hub: a throwaway PostgreSQL cluster, the real `onestop-hub` binary serving
//! on a free port, and the account command. Shared by the hub's tests and the desk ↔ hub sync
//! scenarios; each test file uses part of it.
#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Output, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use tempfile::TempDir;

/// The hub's database role: may log in, owns the `onestop` database, and is bound by row-level
/// security (NOSUPERUSER NOBYPASSRLS).
pub const HUB_ROLE: &str = "onestop_hub";
pub const HUB_PASSWORD: &str = "hub-role-password";
pub const HUB_DB: &str = "onestop";

/// The hub binary built by Cargo for these tests.
pub fn hub_bin() -> &'static str {
    env!("CARGO_BIN_EXE_onestop-hub")
}

fn is_root() -> bool {
    // `id -u` rather than libc: the workspace forbids unsafe code.
    Command::new("id").arg("-u").output().map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0").unwrap_or(false)
}

/// Where initdb and pg_ctl are: `PG_BIN`, or the newest `/usr/lib/postgresql/*/bin`.
fn pg_bin() -> PathBuf {
    if let Some(dir) = std::env::var_os("PG_BIN") {
        let dir = PathBuf::from(dir);
        assert!(dir.join("initdb").is_file(), "PG_BIN={} has no initdb", dir.display());
        return dir;
    }
    let newest = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| {
            let version: u32 = e.file_name().to_str()?.split('.').next()?.parse().ok()?;
            let bin = e.path().join("bin");
            bin.join("initdb").is_file().then_some((version, bin))
        })
        .max();
    match newest {
        Some((_, bin)) => bin,
        None => panic!(
            "PostgreSQL server binaries not found (no PG_BIN and no /usr/lib/postgresql/*/bin/initdb): \
             the hub's tests need a real PostgreSQL. Install the Debian package: apt-get install postgresql \
             (scripts/test.sh does), or set PG_BIN to the directory holding initdb and pg_ctl."
        ),
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port()).expect("a free loopback port")
}

/// A PostgreSQL cluster of its own in a temporary directory, on a free loopback port. Stopped
/// (immediately) and removed on drop.
pub struct PgCluster {
    dir: TempDir,
    bin: PathBuf,
    port: u16,
    /// initdb and the server refuse to run as root: then they run as `postgres`.
    as_postgres: bool,
}

impl PgCluster {
    pub fn start() -> PgCluster {
        let bin = pg_bin();
        let as_postgres = is_root();
        let dir = tempfile::Builder::new().prefix("onestop-hub-pg-").tempdir().expect("a temporary directory");
        if as_postgres {
            let status = Command::new("chown").arg("postgres:").arg(dir.path()).status().expect("chown runs");
            assert!(status.success(), "chown postgres {} failed (does the user postgres exist?)", dir.path().display());
        }
        let mut cluster = PgCluster { dir, bin, port: 0, as_postgres };
        let data = cluster.data_dir();
        let out = cluster
            .pg_tool("initdb")
            .args(["-A", "trust", "-U", "postgres", "--encoding", "UTF8", "--no-locale", "--no-sync", "-D"])
            .arg(&data)
            .output()
            .expect("initdb runs");
        assert!(out.status.success(), "initdb failed:\n{}", String::from_utf8_lossy(&out.stderr));
        // Another test may take the port between our probe and the server's bind: try again.
        let mut last_error = String::new();
        for _ in 0..5 {
            cluster.port = free_port();
            let options = format!("-p {} -k {} -h 127.0.0.1 -F", cluster.port, cluster.dir.path().display());
            let out = cluster
                .pg_tool("pg_ctl")
                .args(["-w", "-t", "60", "-D"])
                .arg(&data)
                .arg("-l")
                .arg(cluster.dir.path().join("server.log"))
                .args(["-o", &options, "start"])
                .output()
                .expect("pg_ctl runs");
            if out.status.success() {
                cluster.psql_as(
                    "postgres",
                    "postgres",
                    &[
                        &format!("CREATE ROLE {HUB_ROLE} LOGIN NOSUPERUSER NOBYPASSRLS PASSWORD '{HUB_PASSWORD}'"),
                        &format!("CREATE DATABASE {HUB_DB} OWNER {HUB_ROLE}"),
                    ],
                );
                return cluster;
            }
            last_error = format!("{}\n{}", String::from_utf8_lossy(&out.stderr), cluster.server_log());
        }
        panic!("PostgreSQL did not start:\n{last_error}");
    }

    fn data_dir(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    fn pg_tool(&self, tool: &str) -> Command {
        let path = self.bin.join(tool);
        if self.as_postgres {
            let mut cmd = Command::new("runuser");
            cmd.args(["-u", "postgres", "--"]).arg(path);
            cmd
        } else {
            Command::new(path)
        }
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// The URL the hub connects with: its own role (not a superuser), its own database.
    pub fn url(&self) -> String {
        self.url_for(HUB_DB)
    }

    /// The hub role's URL for another database of this cluster (see [`PgCluster::create_database`]).
    pub fn url_for(&self, database: &str) -> String {
        format!("postgres://{HUB_ROLE}:{HUB_PASSWORD}@127.0.0.1:{}/{database}", self.port)
    }

    /// A superuser's URL: the hub must refuse it.
    pub fn superuser_url(&self) -> String {
        format!("postgres://postgres@127.0.0.1:{}/{HUB_DB}", self.port)
    }

    /// A new empty database owned by the hub role; returns its URL.
    pub fn create_database(&self, name: &str) -> String {
        self.psql_as("postgres", "postgres", &[&format!("CREATE DATABASE {name} OWNER {HUB_ROLE}")]);
        self.url_for(name)
    }

    /// Runs SQL statements through psql in one session as `user` on `database`; returns the
    /// unaligned, tuples-only output, or psql's error.
    pub fn try_psql_as(&self, user: &str, database: &str, statements: &[&str]) -> Result<String, String> {
        let mut cmd = Command::new(self.bin.join("psql"));
        cmd.args(["-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-U", user, "-d", database])
            .arg("-p")
            .arg(self.port.to_string())
            .env_remove("PGPASSWORD")
            .env_remove("PGOPTIONS");
        for s in statements {
            cmd.arg("-c").arg(s);
        }
        let out = cmd.output().expect("psql runs");
        if out.status.success() {
            Ok(String::from_utf8_lossy(&out.stdout).trim().to_owned())
        } else {
            Err(String::from_utf8_lossy(&out.stderr).into_owned())
        }
    }

    pub fn psql_as(&self, user: &str, database: &str, statements: &[&str]) -> String {
        self.try_psql_as(user, database, statements).unwrap_or_else(|e| panic!("psql {statements:?} failed: {e}"))
    }

    /// SQL as the hub role on the hub database (bound by row-level security like the hub).
    pub fn psql(&self, statements: &[&str]) -> String {
        self.psql_as(HUB_ROLE, HUB_DB, statements)
    }

    pub fn server_log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("server.log")).unwrap_or_default()
    }

    /// Stops the server at once (as a crash would), keeping the data for [`PgCluster::restart`].
    pub fn stop(&self) {
        let _ = self.pg_tool("pg_ctl").args(["-D"]).arg(self.data_dir()).args(["-m", "immediate", "stop"]).output();
    }

    /// Starts the stopped server again on the same port.
    pub fn restart(&self) {
        let options = format!("-p {} -k {} -h 127.0.0.1 -F", self.port, self.dir.path().display());
        let out = self
            .pg_tool("pg_ctl")
            .args(["-w", "-t", "60", "-D"])
            .arg(self.data_dir())
            .arg("-l")
            .arg(self.dir.path().join("server.log"))
            .args(["-o", &options, "start"])
            .output()
            .expect("pg_ctl runs");
        assert!(out.status.success(), "PostgreSQL did not restart:\n{}", self.server_log());
    }
}

impl Drop for PgCluster {
    fn drop(&mut self) {
        self.stop();
    }
}

/// A running `onestop-hub serve`. Its stderr (the log) goes to a file that [`Hub::logs`] reads.
pub struct Hub {
    child: Child,
    /// `http://127.0.0.1:PORT`
    base: String,
    port: u16,
    database_url: String,
    extra_args: Vec<String>,
    dir: TempDir,
}

impl Hub {
    /// Starts a hub on a free port; panics with its log if it does not come up.
    pub fn start(database_url: &str, extra_args: &[&str]) -> Hub {
        Hub::try_start(database_url, extra_args).unwrap_or_else(|log| panic!("the hub did not start:\n{log}"))
    }

    /// Starts a hub, or returns its log when it exits before listening.
    pub fn try_start(database_url: &str, extra_args: &[&str]) -> Result<Hub, String> {
        let dir = tempfile::Builder::new().prefix("onestop-hub-log-").tempdir().expect("a temporary directory");
        let extra_args: Vec<String> = extra_args.iter().map(|s| s.to_string()).collect();
        let (child, port) = spawn(database_url, 0, &extra_args, &dir.path().join("hub.log"))?;
        Ok(Hub {
            child,
            base: format!("http://127.0.0.1:{port}"),
            port,
            database_url: database_url.into(),
            extra_args,
            dir,
        })
    }

    pub fn base(&self) -> &str {
        &self.base
    }

    /// `base` + `path`.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Everything the hub wrote to stderr so far (across restarts).
    pub fn logs(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("hub.log")).unwrap_or_default()
    }

    /// SIGKILL: the hub dies at once, as in a crash.
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// Starts the hub again on the same port, with the same arguments.
    pub fn restart(&mut self) {
        self.kill();
        let log = self.dir.path().join("hub.log");
        let mut last = String::new();
        // The old socket may linger for a moment.
        for _ in 0..20 {
            match spawn(&self.database_url, self.port, &self.extra_args, &log) {
                Ok((child, _)) => {
                    self.child = child;
                    return;
                }
                Err(e) => last = e,
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        panic!("the hub did not restart on port {}:\n{last}", self.port);
    }

    /// SIGTERM, then waits for the hub to exit.
    pub fn terminate(&mut self) -> ExitStatus {
        let status = Command::new("kill").args(["-TERM", &self.child.id().to_string()]).status().expect("kill runs");
        assert!(status.success());
        self.child.wait().expect("the hub exits")
    }
}

impl Drop for Hub {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Spawns `onestop-hub serve` and waits for its `listening on ADDR` line; returns the port.
fn spawn(database_url: &str, port: u16, extra_args: &[String], log: &Path) -> Result<(Child, u16), String> {
    let stderr = std::fs::OpenOptions::new().create(true).append(true).open(log).expect("the hub's log file opens");
    let mut child = Command::new(hub_bin())
        .args(["serve", "--database-url", database_url, "--listen", &format!("127.0.0.1:{port}")])
        .args(extra_args)
        .env_remove("RUST_LOG")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(stderr)
        .spawn()
        .expect("the hub binary starts");
    let stdout = child.stdout.take().expect("piped stdout");
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        // Keep reading after the line so the hub never blocks on a full pipe.
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if let Some(addr) = line.strip_prefix("listening on ") {
                let _ = tx.send(addr.to_owned());
            }
        }
    });
    let read_log = || std::fs::read_to_string(log).unwrap_or_default();
    match rx.recv_timeout(Duration::from_secs(60)) {
        Ok(addr) => {
            let port = addr.rsplit(':').next().and_then(|p| p.parse().ok()).expect("listening on HOST:PORT");
            Ok((child, port))
        }
        Err(_) => {
            let _ = child.kill();
            let status = child.wait().ok();
            Err(format!("exit status {status:?}\n{}", read_log()))
        }
    }
}

/// Runs the hub binary with `args` (and extra environment), returning its output.
pub fn hub_command(args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(hub_bin());
    cmd.args(args).env_remove("ONESTOP_HUB_DATABASE_URL").env_remove("ONESTOP_HUB_PASSWORD").stdin(Stdio::null());
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().expect("the hub binary runs")
}

/// `onestop-hub user add`: an account `login` (its name is the login) in `center`.
pub fn hub_user(database_url: &str, center: &str, login: &str, role: &str, password: &str) {
    let out = hub_command(
        &[
            "user",
            "add",
            "--database-url",
            database_url,
            "--center",
            center,
            "--login",
            login,
            "--name",
            login,
            "--role",
            role,
        ],
        &[("ONESTOP_HUB_PASSWORD", password)],
    );
    assert!(
        out.status.success(),
        "user add {login} failed:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}
