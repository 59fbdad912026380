//! Shared by the CLI tests: a temporary desk and the `onestop` binary run against it.
#![allow(dead_code, clippy::unwrap_used)]

use std::path::PathBuf;
use std::process::{Command, Output};

use serde_json::Value;

pub struct Desk {
    pub dir: PathBuf,
}

/// The manager every test desk is set up with.
pub const LOGIN: &str = "kim";
pub const PIN: &str = "482913";
/// The test desks keep their device secret under a passphrase (there is no OS keystore here).
pub const PASSPHRASE: &str = "명령줄 시험용 데스크 암호 문장";

impl Desk {
    /// A new desk, set up with its first manager (the database encrypted under their PIN).
    pub fn new(name: &str) -> Desk {
        let desk = Desk::empty(name);
        let out = Command::new(env!("CARGO_BIN_EXE_onestop"))
            .args(["--db", desk.db().to_str().unwrap(), "staff", "init", "--login", LOGIN, "--name", "김관리"])
            .env("ONESTOP_NEW_PASSWORD", PIN)
            .env("ONESTOP_DESK_PASSPHRASE", PASSPHRASE)
            .env_remove("ONESTOP_DB")
            .output()
            .unwrap();
        assert!(out.status.success(), "staff init: {}", String::from_utf8_lossy(&out.stderr));
        desk
    }

    /// A folder with no database and no staff yet.
    pub fn empty(name: &str) -> Desk {
        let dir = std::env::temp_dir().join(format!("onestop-cli-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        Desk { dir }
    }

    /// The CLI against this desk, signed in as `login` with `pin`.
    pub fn command_as(&self, login: &str, pin: &str) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_onestop"));
        c.arg("--db")
            .arg(self.db())
            .env("ONESTOP_STAFF", login)
            .env("ONESTOP_PASSWORD", pin)
            .env("ONESTOP_DESK_PASSPHRASE", PASSPHRASE)
            .env_remove("ONESTOP_NEW_PASSWORD")
            .env_remove("ONESTOP_DB");
        c
    }

    pub fn db(&self) -> PathBuf {
        self.dir.join("desk.sqlite3")
    }

    pub fn file(&self, name: &str, text: &str) -> PathBuf {
        let p = self.dir.join(name);
        std::fs::write(&p, text).unwrap();
        p
    }

    pub fn run(&self, args: &[&str]) -> Output {
        self.command_as(LOGIN, PIN).args(args).output().unwrap()
    }

    pub fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(out.status.success(), "{args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    }

    pub fn json(&self, args: &[&str]) -> Value {
        serde_json::from_str(&self.ok(args)).unwrap()
    }

    /// Runs a command that must fail with exit code 2 and one clear line on stderr.
    pub fn bad(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
        assert!(out.stdout.is_empty());
        let err = String::from_utf8(out.stderr).unwrap();
        assert_eq!(err.trim_end().lines().count(), 1, "one line: {err}");
        err
    }

    /// Count records through the CLI's own JSON listing ("merchant" or "consult").
    pub fn count(&self, noun: &str) -> usize {
        self.json(&[noun, "list", "--json"]).as_array().unwrap().len()
    }
}

impl Drop for Desk {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
