//! The desk's device secret in a real OS keystore (Secret Service). Not part of `cargo test`
//! (`test = false` in Cargo.toml): a keystore needs a session; `scripts/test.sh` runs this with
//! `scripts/with-keystore.sh cargo test -p onestop-core --test keystore`, and it fails, not
//! skips, when no keystore answers.

#![allow(clippy::unwrap_used)] // tests fail loudly by design

use onestop_core::device::{keystore_available, GuardChoice};
use onestop_core::privacy;
use onestop_core::vault::{key_file_for, NewStaff, Role};

fn manager(login: &str, pin: &str) -> NewStaff {
    NewStaff { login: login.into(), name: format!("{login} 관리자"), role: Role::Manager, secret: pin.into() }
}

#[test]
fn the_device_secret_lives_in_the_keystore_and_the_recovery_code_replaces_it() {
    assert!(keystore_available(), "no OS keystore answers: run through scripts/with-keystore.sh");
    let dir = std::env::temp_dir().join(format!("onestop-keystore-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let db = dir.join("desk.sqlite3");
    let done = privacy::set_up(&db, &manager("kim", "482913"), &GuardChoice::Keystore).unwrap();
    let code = done.recovery_code.clone();
    drop(done);
    assert_eq!(privacy::guard_of(&db).unwrap(), Some("keystore"));
    // Signing in reads the secret from the keystore: nothing to type but the PIN.
    std::env::remove_var(onestop_core::device::PASSPHRASE_VAR);
    privacy::sign_in(&db, "kim", "482913").unwrap();

    // Another machine (here: the keystore entry gone): the PIN alone opens nothing.
    let file: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(key_file_for(&db)).unwrap()).unwrap();
    let desk_id = file["desk_id"].as_str().unwrap();
    keyring::Entry::new("onestop-desk", desk_id).unwrap().delete_credential().unwrap();
    let e = privacy::sign_in(&db, "kim", "482913").err().unwrap();
    assert!(e.to_string().contains("recovery code"), "{e}");

    // The recovery code restores it, with a new secret in this keystore.
    privacy::recover(&db, &code, &manager("park", "739215"), &GuardChoice::Keystore).unwrap();
    privacy::sign_in(&db, "park", "739215").unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
}
