//! `onestop backup` and `onestop restore`: online backups of the database, and putting one back.

use std::path::PathBuf;

use clap::Args;
use onestop_core::Result;
use serde_json::json;

use crate::common::{db_path, open, print_json};

#[derive(Args)]
pub struct Backup {
    /// Folder for backups [default: backups/ beside the database]
    #[arg(long)]
    dir: Option<PathBuf>,
    /// How many backups to keep
    #[arg(long, default_value_t = 14)]
    keep: usize,
    /// List the backups instead of taking one
    #[arg(long)]
    list: bool,
    #[arg(long)]
    json: bool,
}

#[derive(Args)]
pub struct Restore {
    file: PathBuf,
    #[arg(long)]
    json: bool,
}

/// `backups/` beside the database file.
fn backups_dir(cli_db: &Option<PathBuf>) -> Result<PathBuf> {
    let db = db_path(cli_db)?;
    Ok(db.parent().map(|d| d.join("backups")).unwrap_or_else(|| PathBuf::from("backups")))
}

impl Backup {
    pub fn run(self, db: &Option<PathBuf>) -> Result<()> {
        let Backup { dir, keep, list, json } = self;
        let dir = match dir {
            Some(d) => d,
            None => backups_dir(db)?,
        };
        let shown = if list { onestop_core::backup::list(&dir)? } else { vec![open(db)?.backup_into(&dir, keep)?] };
        if json {
            print_json(&shown);
        } else {
            for b in shown {
                outln!("{}  {}  {} KB", b.taken_at.format("%Y-%m-%d %H:%M:%S"), b.path, b.bytes.div_ceil(1024));
            }
        }
        Ok(())
    }
}

impl Restore {
    pub fn run(self, db: &Option<PathBuf>) -> Result<()> {
        let Restore { file, json } = self;
        let safety_dir = backups_dir(db)?;
        let safety = open(db)?.restore_from(&file, &safety_dir)?;
        if json {
            print_json(&json!({"restored": file, "previous_data_saved_to": safety.path}));
        } else {
            outln!("restored {}; the data it replaced is saved in {}", file.display(), safety.path);
        }
        Ok(())
    }
}
