//! A desk on disk for the tests: a fresh folder, a device secret under a passphrase (there is
//! no OS keystore here) and sign-in with it.
#![allow(dead_code, clippy::unwrap_used)]

use std::path::{Path, PathBuf};

use onestop_core::device::GuardChoice;
use onestop_core::{privacy, Store};

/// The test desks keep their device secret under this passphrase.
pub const PASSPHRASE: &str = "광진구 원스톱 센터의 데스크 암호";

pub fn guard() -> GuardChoice {
    GuardChoice::Passphrase(PASSPHRASE.into())
}

pub fn sign_in(db: &Path, login: &str, pin: &str) -> onestop_core::Result<Store> {
    let device = privacy::device_secret(db, Some(PASSPHRASE))?;
    privacy::sign_in_with(db, login, pin, device)
}

/// An empty folder of its own for the test `name` of `suite`.
pub fn temp(suite: &str, name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("onestop-{suite}-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}
