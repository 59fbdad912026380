//! `onestop sync …`: sync with the center's hub.

use std::path::PathBuf;

use clap::Subcommand;
use onestop_core::sync;
use onestop_core::{Error, Result};

use crate::common::{open, print_json, secret};

#[derive(clap::Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct Cmd {
    #[command(subcommand)]
    cmd: Option<SyncCmd>,
    /// The hub's address, https://… (remembered after the first sign-in)
    #[arg(long)]
    hub: Option<String>,
    /// Hub account to sign this desk in with; the password comes from $ONESTOP_HUB_PASSWORD or
    /// a prompt and is not stored (the desk keeps a revocable token)
    #[arg(long)]
    user: Option<String>,
    #[arg(long)]
    json: bool,
}

#[derive(Subcommand)]
enum SyncCmd {
    /// Hub, last sync, changes waiting, conflicts
    Status {
        #[arg(long)]
        json: bool,
    },
    /// Pulled items this desk could not read, set aside (the field and why)
    SetAside {
        #[arg(long)]
        json: bool,
    },
    /// Merchant fields two desks set differently
    Conflicts {
        #[arg(long)]
        json: bool,
    },
    /// Settle a conflict: VALUE (JSON, or plain text) becomes the field's value on every desk
    Resolve { merchant: String, field: String, value: String },
    /// Publish this desk's catalogue to the center (managers); every desk takes it on sync
    Publish,
    /// Sign this desk out of the hub (its token is revoked)
    Logout,
}

fn print_sync_status(st: &sync::SyncStatus) {
    let or_dash = |o: &Option<String>| o.clone().unwrap_or_else(|| "-".into());
    outln!("hub:         {}", or_dash(&st.hub));
    outln!("account:     {} ({}, {})", or_dash(&st.login), or_dash(&st.center), or_dash(&st.role));
    outln!("last synced: {}", st.last_synced.map(|t| t.to_string()).unwrap_or_else(|| "never".into()));
    outln!("waiting:     {} change(s); {} catalogue program(s) to publish", st.waiting, st.catalogue_waiting);
    outln!("conflicts:   {}", st.conflicts);
    if st.set_aside > 0 {
        outln!("set aside:   {} item(s) this desk could not read (onestop sync set-aside)", st.set_aside);
    } else {
        outln!("set aside:   0");
    }
    outln!("catalogue:   version {}", st.catalogue_version);
}

impl Cmd {
    pub fn run(self, db: &Option<PathBuf>) -> Result<()> {
        let mut store = open(db)?;
        match self.cmd {
            Some(SyncCmd::Status { json }) => {
                let st = store.sync_status()?;
                if json {
                    print_json(&st);
                } else {
                    print_sync_status(&st);
                }
            }
            Some(SyncCmd::SetAside { json }) => {
                let items = store.sync_set_aside()?;
                if json {
                    print_json(&items);
                } else if items.is_empty() {
                    outln!("no items set aside");
                } else {
                    for i in &items {
                        outln!("{}\t{}\t{}\t{}", i.seq, i.kind, i.record_id, i.problem);
                    }
                }
            }
            Some(SyncCmd::Conflicts { json }) => {
                let all = store.sync_conflicts()?;
                if json {
                    print_json(&all);
                } else {
                    for c in all {
                        let values: Vec<String> = c.values.iter().map(|v| v.to_string()).collect();
                        outln!(
                            "{}  {}  {}: {}",
                            c.merchant_id,
                            c.merchant_name.unwrap_or_default(),
                            c.field,
                            values.join(" | ")
                        );
                    }
                }
            }
            Some(SyncCmd::Resolve { merchant, field, value }) => {
                let v = serde_json::from_str(&value).unwrap_or(serde_json::Value::String(value));
                let m = store.resolve_conflict(&merchant, &field, v)?;
                outln!("{} {field} resolved; sent on the next sync", m.id);
            }
            Some(SyncCmd::Publish) => {
                let p = sync::publish_catalogue(&mut store)?;
                outln!(
                    "catalogue version {} published ({} programs)",
                    p.version,
                    store.programs(&Default::default())?.len()
                );
            }
            Some(SyncCmd::Logout) => {
                sync::sign_out(&mut store)?;
                outln!("signed out of the hub");
            }
            None => {
                if let Some(user) = &self.user {
                    let hub = match &self.hub {
                        Some(h) => h.clone(),
                        None => store.sync_status()?.hub.ok_or_else(|| {
                            Error::invalid("--hub", "", "give the hub's address the first time this desk signs in")
                        })?,
                    };
                    let password = secret("ONESTOP_HUB_PASSWORD", &format!("{user} hub password: "), false)?;
                    let who = sync::sign_in(&mut store, &hub, user, &password)?;
                    eprintln!(
                        "signed in to {hub} as {} ({}, until {})",
                        who.login,
                        who.center,
                        who.expires_at.date_naive()
                    );
                } else if let Some(h) = &self.hub {
                    let known = store.sync_status()?.hub;
                    if known.as_deref().map(|k| k.trim_end_matches('/')) != Some(h.trim_end_matches('/')) {
                        return Err(Error::invalid(
                            "--hub",
                            h,
                            "this desk is not signed in to that hub: add --user LOGIN to sign in",
                        ));
                    }
                }
                let quiet = self.json || !std::io::IsTerminal::is_terminal(&std::io::stderr());
                let report = sync::sync(&mut store, &mut |p| {
                    if !quiet {
                        match p {
                            sync::SyncProgress::Pushing { done, total } => eprintln!("sending {done}/{total}"),
                            sync::SyncProgress::Pulling { received } => eprintln!("received {received}"),
                            sync::SyncProgress::Catalogue { version } => eprintln!("catalogue version {version}"),
                        }
                    }
                })?;
                if self.json {
                    print_json(&report);
                } else {
                    outln!(
                    "sent {} (already on the hub {}, dropped for erased merchants {}), received {}, set aside {}, new conflicts {}",
                    report.pushed,
                    report.duplicates,
                    report.dropped_erased,
                    report.pulled,
                    report.set_aside,
                    report.conflicted
                );
                    print_sync_status(&report.status);
                }
            }
        }
        Ok(())
    }
}
