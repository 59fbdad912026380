//! `onestop search`: search programs, merchants and consultation notes.

use std::path::PathBuf;

use clap::Args;
use onestop_core::Result;

use crate::common::{open, print_json};
use crate::output;

#[derive(Args)]
pub struct Cmd {
    query: String,
    #[arg(long)]
    json: bool,
}

impl Cmd {
    pub fn run(self, db: &Option<PathBuf>) -> Result<()> {
        let hits = open(db)?.search(&self.query, None, 50)?;
        if self.json {
            print_json(&hits);
        } else {
            output::hits(&hits);
        }
        Ok(())
    }
}
