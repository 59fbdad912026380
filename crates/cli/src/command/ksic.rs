//! `onestop ksic`: look up KSIC sector codes by code or words.

use clap::Args;
use onestop_core::ksic::Ksic;
use onestop_core::{Lang, Result};

use crate::common::print_json;

#[derive(Args)]
pub struct Cmd {
    query: String,
    #[arg(long)]
    json: bool,
}

impl Cmd {
    pub fn run(self, lang: Lang) -> Result<()> {
        let hits = Ksic::get().search(&self.query, 50);
        if self.json {
            print_json(&hits);
        } else {
            for h in hits {
                outln!("{:<6} {}  {}", h.code, h.section, if lang == Lang::Ko { &h.ko } else { &h.en });
            }
        }
        Ok(())
    }
}
