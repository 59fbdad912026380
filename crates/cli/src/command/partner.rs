//! `onestop partner …`: the center's partner directory (managers keep it; it is published with
//! the catalogue).

use std::path::PathBuf;

use clap::Subcommand;
use onestop_core::partner::Partner;
use onestop_core::{Error, Lang, Result};

use crate::common::{open, print_json, read_input};

#[derive(Subcommand)]
pub enum Cmd {
    /// The directory
    List {
        /// Retired partners too
        #[arg(long)]
        all: bool,
        #[arg(long)]
        json: bool,
    },
    Show {
        id: String,
        #[arg(long)]
        json: bool,
    },
    /// Add or change a partner from a JSON file (the format `partner show --json` prints)
    Save {
        file: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// Retire a partner (or bring it back with --undo)
    Retire {
        id: String,
        #[arg(long)]
        undo: bool,
    },
}

fn line(lang: Lang, p: &Partner) {
    let kinds: Vec<&str> = p.kinds.iter().map(|k| k.as_str()).collect();
    outln!(
        "{:<36} {}{}  [{}]",
        p.id,
        p.full_name(lang),
        if p.retired {
            if lang == Lang::Ko {
                " (중단)"
            } else {
                " (retired)"
            }
        } else {
            ""
        },
        kinds.join(", ")
    );
}

impl Cmd {
    pub fn run(self, db: &Option<PathBuf>, lang: Lang) -> Result<()> {
        match self {
            Cmd::List { all, json } => {
                let list = open(db)?.partners(all)?;
                if json {
                    print_json(&list);
                } else {
                    for p in &list {
                        line(lang, p);
                    }
                }
            }
            Cmd::Show { id, json } => {
                let p = open(db)?.partner(&id)?;
                if json {
                    print_json(&p);
                } else {
                    line(lang, &p);
                    for (label, value) in [("contact", &p.contact), ("hours", &p.hours), ("address", &p.address)] {
                        if let Some(v) = value {
                            outln!("  {label}: {v}");
                        }
                    }
                    if let Some(n) = &p.note {
                        outln!("  {}", n.get(lang));
                    }
                }
            }
            Cmd::Save { file, json } => {
                let text = read_input("FILE", &file)?;
                let p: Partner = serde_json::from_str(&text).map_err(|e| {
                    Error::invalid(
                        file.display().to_string(),
                        format!("line {} column {}", e.line(), e.column()),
                        e.to_string(),
                    )
                })?;
                let p = open(db)?.save_partner(p)?;
                if json {
                    print_json(&p);
                } else {
                    line(lang, &p);
                }
            }
            Cmd::Retire { id, undo } => {
                let p = open(db)?.retire_partner(&id, !undo)?;
                line(lang, &p);
            }
        }
        Ok(())
    }
}
