//! The production `onestop` binary (built without the `dev` feature) has no `dev` commands:
//! benchmark data and test loops write past the audit log and the sync outbox.
#![cfg(not(feature = "dev"))]
#![allow(clippy::unwrap_used)]

use std::process::Command;

#[test]
fn the_production_binary_has_no_dev_command() {
    for args in [&["dev", "generate"][..], &["dev", "save-loop", "--merchant", "x"]] {
        let out = Command::new(env!("CARGO_BIN_EXE_onestop")).args(args).env_remove("ONESTOP_DB").output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?} ran");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("unrecognized subcommand 'dev'"), "{err}");
    }
    let help = Command::new(env!("CARGO_BIN_EXE_onestop")).arg("--help").output().unwrap();
    let help = String::from_utf8_lossy(&help.stdout);
    assert!(help.contains("merchant"), "{help}");
    assert!(!help.lines().any(|l| l.trim_start().starts_with("dev ")), "{help}");
}
