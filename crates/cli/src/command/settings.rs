//! `onestop settings …`: center settings (stage thresholds, counselor, center).

use std::path::PathBuf;

use clap::Subcommand;
use onestop_core::Result;

use crate::common::open;

#[derive(Subcommand)]
pub enum Cmd {
    Get { key: String },
    Set { key: String, value: String },
}

impl Cmd {
    pub fn run(self, db: &Option<PathBuf>) -> Result<()> {
        match self {
            Cmd::Get { key } => {
                let store = open(db)?;
                outln!("{}", store.setting(&key)?.unwrap_or_default());
            }
            Cmd::Set { key, value } => open(db)?.set_setting(&key, &value)?,
        }
        Ok(())
    }
}
