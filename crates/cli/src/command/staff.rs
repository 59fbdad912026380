//! `onestop staff …`: who signs in to this desk.

use std::path::PathBuf;

use clap::Subcommand;
use onestop_core::privacy;
use onestop_core::vault::{NewStaff, Role};
use onestop_core::Result;

use crate::common::{db_path, guard_choice, open, print_json, secret};

/// The recovery code, shown once: on standard output, after a line saying what it is.
fn print_recovery_code(code: &str) {
    outln!("복구 코드 / recovery code (write it down and keep it away from this computer; it is shown once):");
    outln!("{code}");
}

/// New PINs and passwords come from $ONESTOP_NEW_PASSWORD or a prompt (twice), never a flag.
#[derive(Subcommand)]
pub enum Cmd {
    /// Set up this desk with its first manager; an existing database is encrypted
    Init {
        #[arg(long)]
        login: String,
        /// Display name
        #[arg(long)]
        name: String,
    },
    /// Add a staff member (managers only)
    Add {
        #[arg(long)]
        login: String,
        #[arg(long)]
        name: String,
        /// manager or staff
        #[arg(long, default_value = "staff")]
        role: String,
    },
    /// Who can sign in, as the key file says (no sign-in needed; roles there are hints, the
    /// database's staff list decides)
    List {
        #[arg(long)]
        json: bool,
    },
    /// Set a new PIN: your own, or (managers) anyone's, which also enables a disabled member
    Pin { login: Option<String> },
    /// Disable a staff member: off the staff list, and the database re-keyed so no key file
    /// copied before opens it (managers only)
    Disable { login: String },
    /// Change a member's role: manager or staff (managers only)
    Role { login: String, role: String },
    /// Restore this desk on a new machine (or after losing the keystore) with the recovery
    /// code shown at set-up ($ONESTOP_RECOVERY_CODE or typed); you become its manager, and
    /// everyone else needs a new PIN
    Recover {
        #[arg(long)]
        login: String,
        /// Display name
        #[arg(long)]
        name: String,
    },
    /// Give a desk set up before device secrets one (the OS keystore, or $ONESTOP_DESK_PASSPHRASE)
    /// and a recovery code (managers only)
    Protect,
}

impl Cmd {
    pub fn run(self, db: &Option<PathBuf>) -> Result<()> {
        let new_secret = || secret("ONESTOP_NEW_PASSWORD", "새 PIN / new PIN: ", true);
        match self {
            Cmd::Init { login, name } => {
                let path = db_path(db)?;
                let first = NewStaff { login, name, role: Role::Manager, secret: new_secret()? };
                let done = privacy::set_up(&path, &first, &guard_choice())?;
                outln!("{} ({})", done.store.actor().map(|m| m.login.as_str()).unwrap_or_default(), path.display());
                print_recovery_code(&done.recovery_code);
            }
            Cmd::Add { login, name, role } => {
                let role = role.parse()?;
                let mut store = open(db)?;
                let m = store.add_staff(&NewStaff { login, name, role, secret: new_secret()? })?;
                outln!("{}", m.login);
            }
            Cmd::List { json } => {
                let all = privacy::staff_of(&db_path(db)?)?;
                if json {
                    print_json(&all);
                } else {
                    for m in all {
                        let role = if m.role == Role::Manager { "manager" } else { "staff" };
                        let off = if m.disabled { "  (disabled)" } else { "" };
                        outln!("{}\t{}\t{role}{off}", m.login, m.name);
                    }
                }
            }
            Cmd::Pin { login } => {
                let mut store = open(db)?;
                let login = login.or_else(|| store.actor().map(|m| m.login.clone())).unwrap_or_default();
                let m = store.set_staff_secret(&login, &new_secret()?)?;
                outln!("{}", m.login);
            }
            Cmd::Disable { login } => {
                let m = open(db)?.disable_staff(&login)?;
                outln!("{} disabled", m.login);
            }
            Cmd::Recover { login, name } => {
                let path = db_path(db)?;
                let code = secret("ONESTOP_RECOVERY_CODE", "복구 코드 / recovery code: ", false)?;
                let manager = NewStaff { login, name, role: Role::Manager, secret: new_secret()? };
                let store = privacy::recover(&path, &code, &manager, &guard_choice())?;
                outln!("{} recovered {}", store.actor().map(|m| m.login.as_str()).unwrap_or_default(), path.display());
            }
            Cmd::Protect => {
                let code = open(db)?.protect_desk(&guard_choice())?;
                print_recovery_code(&code);
            }
            Cmd::Role { login, role } => {
                let m = open(db)?.set_staff_role(&login, role.parse()?)?;
                outln!("{}\t{}", m.login, m.role.as_str());
            }
        }
        Ok(())
    }
}
