//! `onestop catalogue …`: the program catalogue, its imports, history and prospects.

use std::path::PathBuf;

use chrono::Local;
use clap::{Args, Subcommand};
use onestop_core::feed::{Feed, FetchOptions};
use onestop_core::profile::parse_date;
use onestop_core::store::ProgramFilter;
use onestop_core::{Error, Lang, Result};
use serde_json::json;

use crate::common::{open, print_json, read_input};
use crate::output;

/// How to ask the Bizinfo or K-Startup API (with `--url`).
#[derive(Args)]
pub struct FeedArgs {
    /// The API key (Bizinfo crtfcKey, K-Startup serviceKey); better given in BIZINFO_KEY or
    /// KSTARTUP_KEY, out of the shell history
    #[arg(long, requires = "url")]
    key: Option<String>,
    /// Only the most recent N notices (searchCnt)
    #[arg(long, requires = "url")]
    search_cnt: Option<u32>,
    /// Support area code (searchLclasId), e.g. 01 finance, 06 management
    #[arg(long, requires = "url")]
    lclas_id: Option<String>,
    /// Hashtags, comma-separated, e.g. 서울,소상공인
    #[arg(long, requires = "url")]
    hashtags: Option<String>,
    /// Notices per page
    #[arg(long, default_value_t = 100, requires = "url")]
    page_unit: u32,
    /// Seconds to wait for each answer
    #[arg(long, default_value_t = 30, requires = "url")]
    timeout: u64,
    /// Attempts per page before giving up (waits 1 s, 2 s, 4 s, ... between them)
    #[arg(long, default_value_t = 5, requires = "url")]
    attempts: u32,
}

impl FeedArgs {
    fn options(self, feed: Feed, url: String) -> FetchOptions {
        // Each feed's key has its own variable: one service's key is never sent to the other.
        let variable = match feed {
            Feed::Bizinfo => "BIZINFO_KEY",
            Feed::Kstartup => "KSTARTUP_KEY",
        };
        FetchOptions {
            url,
            key: self.key.or_else(|| std::env::var(variable).ok().filter(|k| !k.trim().is_empty())),
            search_cnt: self.search_cnt,
            lclas_id: self.lclas_id,
            hashtags: self.hashtags,
            page_unit: self.page_unit,
            timeout_ms: self.timeout.saturating_mul(1000),
            attempts: self.attempts,
            ..Default::default()
        }
    }
}

#[derive(Subcommand)]
pub enum Cmd {
    List {
        #[arg(long)]
        kind: Option<String>,
        #[arg(long)]
        stage: Option<String>,
        #[arg(long)]
        provider: Option<String>,
        /// Only programs open on this date (YYYY-MM-DD)
        #[arg(long)]
        open_on: Option<String>,
        /// Only programs from this source: bundled, bizinfo, kstartup, staff, onestop
        #[arg(long)]
        source: Option<String>,
        #[arg(long)]
        json: bool,
    },
    Show {
        id: String,
        #[arg(long)]
        json: bool,
    },
    Search {
        query: String,
        #[arg(long)]
        json: bool,
    },
    /// Who should we call about this program: merchants it fits or may fit, best first
    Prospects {
        id: String,
        /// Judge eligibility on this date (YYYY-MM-DD) [default: today]
        #[arg(long)]
        on: Option<String>,
        #[arg(long, default_value_t = 50)]
        limit: usize,
        #[arg(long)]
        json: bool,
    },
    /// Import programs: from the Bizinfo (기업마당) or K-Startup (창업진흥원) API (--url) or a
    /// saved response, or an Onestop catalogue file
    #[command(group(clap::ArgGroup::new("input").required(true).args(["file", "url"])))]
    Import {
        #[arg(long, value_parser = ["bizinfo", "kstartup", "onestop"])]
        format: String,
        /// A saved response or catalogue file
        file: Option<PathBuf>,
        /// Fetch from the API, e.g. https://www.bizinfo.go.kr/uss/rss/bizinfoApi.do or
        /// https://apis.data.go.kr/B552735/kisedKstartupService01/getAnnouncementInformation01
        #[arg(long)]
        url: Option<String>,
        #[command(flatten)]
        feed: FeedArgs,
        #[arg(long)]
        json: bool,
    },
    /// Every saved version of a program, with what changed
    History {
        id: String,
        #[arg(long)]
        json: bool,
    },
    /// Write the whole catalogue as an Onestop catalogue file
    Export { file: PathBuf },
    /// Set a program's criteria from a JSON list (kept across re-imports)
    Criteria {
        id: String,
        #[arg(long)]
        file: PathBuf,
    },
}

impl Cmd {
    pub fn run(self, db: &Option<PathBuf>, lang: Lang) -> Result<()> {
        match self {
            Cmd::List { kind, stage, provider, open_on, source, json } => {
                let filter = ProgramFilter {
                    kind: kind.map(|k| k.parse()).transpose()?,
                    stage: stage.map(|s| s.parse()).transpose()?,
                    provider,
                    open_on: open_on.map(|d| parse_date("--open-on", &d)).transpose()?,
                    include_retired: false,
                    origin: source.map(|s| check_source(&s)).transpose()?,
                };
                let programs = open(db)?.programs(&filter)?;
                if json {
                    print_json(&programs);
                } else {
                    for p in programs {
                        outln!("{:<40} {}", p.id, p.name.get(lang));
                    }
                }
            }
            Cmd::Prospects { id, on, limit, json } => {
                let on = on.map(|d| parse_date("--on", &d)).transpose()?.unwrap_or_else(|| Local::now().date_naive());
                let list = open(db)?.view_prospects(&id, on, limit)?;
                if json {
                    print_json(&list);
                } else {
                    outln!(
                        "{}: {} merchants checked on {}, {} eligible, {} to ask",
                        list.program_id,
                        list.merchants_checked,
                        list.as_of,
                        list.eligible,
                        list.unknown
                    );
                    for p in &list.prospects {
                        let missing = if p.missing.is_empty() {
                            String::new()
                        } else {
                            format!("  ask: {}", p.missing.join(", "))
                        };
                        outln!(
                            "{:<9} {:<10} {:<24} {:<8} {}{missing}",
                            p.verdict.as_str(),
                            &p.merchant_id[..8.min(p.merchant_id.len())],
                            p.name.as_deref().unwrap_or("-"),
                            p.district.as_deref().unwrap_or("-"),
                            p.phone.as_deref().unwrap_or("")
                        );
                    }
                }
            }
            Cmd::Show { id, json } => {
                let p = open(db)?.program(&id)?;
                if json {
                    let mut v = serde_json::to_value(&p).expect("plain data");
                    let today = Local::now().date_naive();
                    v["window"] = json!({
                        "status": p.window.status(today),
                        "opens_on": p.window.opens_on,
                        "closes_on": p.window.closes_on,
                        "until_budget_exhausted": p.window.until_budget_exhausted,
                        "always_open": p.window.always_open,
                        "budget_year": p.window.budget_year,
                        "note": p.window.note,
                    });
                    print_json(&v);
                } else {
                    output::program(lang, &p);
                }
            }
            Cmd::Import { format, file, url, feed, json } => {
                if file.is_some() {
                    // Feed flags only mean something with --url; silently ignoring them would hide a mistake.
                    let given = [
                        (url.is_some(), "--url"),
                        (feed.key.is_some(), "--key"),
                        (feed.search_cnt.is_some(), "--search-cnt"),
                        (feed.lclas_id.is_some(), "--lclas-id"),
                        (feed.hashtags.is_some(), "--hashtags"),
                    ];
                    if let Some((_, flag)) = given.iter().find(|(on, _)| *on) {
                        return Err(Error::invalid(*flag, "", "fetches from the API: give FILE or --url, not both"));
                    }
                }
                let summary = match (file, url) {
                    (Some(file), _) => {
                        let body = read_input("FILE", &file)?;
                        let mut store = open(db)?;
                        if format == "bizinfo" {
                            onestop_core::bizinfo::import_body(&mut store, &body)?
                        } else if format == "kstartup" {
                            onestop_core::kstartup::import_body(&mut store, &body)?
                        } else {
                            let programs = onestop_core::catalogue::parse_file(&file.display().to_string(), &body)?;
                            store.import_programs(&programs, "onestop", vec![])?
                        }
                    }
                    (None, Some(url)) => {
                        let which = match format.as_str() {
                            "bizinfo" => Feed::Bizinfo,
                            "kstartup" => Feed::Kstartup,
                            _ => {
                                return Err(Error::invalid(
                                    "--url",
                                    url,
                                    "only --format bizinfo or kstartup is fetched over HTTP",
                                ))
                            }
                        };
                        let opts = feed.options(which, url);
                        let mut store = open(db)?;
                        let bar = output::ImportProgress::new();
                        let r = onestop_core::feed::import_feed_url(&mut store, which, &opts, &mut |p| bar.show(&p));
                        bar.finish();
                        r?
                    }
                    (None, None) => unreachable!("clap requires FILE or --url"),
                };
                if json {
                    print_json(&summary);
                } else {
                    outln!(
                        "imported {}, updated {}, unchanged {}, rejected {}",
                        summary.imported,
                        summary.updated,
                        summary.unchanged,
                        summary.rejected
                    );
                    for r in &summary.rejections {
                        outln!("  rejected {}: {}", r.id, r.reason);
                    }
                }
            }
            Cmd::History { id, json } => {
                let versions = open(db)?.program_history(&id)?;
                if json {
                    print_json(&versions);
                } else {
                    for v in &versions {
                        outln!("v{} {} {}", v.version, v.saved_at.format("%Y-%m-%d %H:%M"), v.reason);
                        for c in &v.changes {
                            let show =
                                |x: &Option<serde_json::Value>| x.as_ref().map_or("—".to_string(), |v| v.to_string());
                            outln!("    {}: {} → {}", c.path, show(&c.before), show(&c.after));
                        }
                    }
                }
            }
            Cmd::Export { file } => {
                let programs = open(db)?.programs(&ProgramFilter { include_retired: true, ..Default::default() })?;
                let text = serde_json::to_string_pretty(&programs).expect("plain data") + "\n";
                onestop_core::pdf::write_atomically(&file, text.as_bytes())?;
                outln!("{} programs → {}", programs.len(), file.display());
            }
            Cmd::Criteria { id, file } => {
                let text = read_input("--file", &file)?;
                let criteria: Vec<onestop_core::program::Criterion> = serde_json::from_str(&text)
                    .map_err(|e| Error::invalid("--file", file.display(), format!("not a list of criteria: {e}")))?;
                let p = open(db)?.set_program_criteria(&id, criteria)?;
                outln!("{}: {} criteria", p.id, p.criteria.len());
            }
            Cmd::Search { query, json } => {
                let store = open(db)?;
                let hits = store.search(&query, Some("program"), 50)?;
                if json {
                    let programs: Vec<_> = hits.iter().map(|h| store.program(&h.id)).collect::<Result<_>>()?;
                    print_json(&programs);
                } else {
                    output::hits(&hits);
                }
            }
        }
        Ok(())
    }
}

/// A program source as `catalogue list --source` takes it.
fn check_source(s: &str) -> Result<String> {
    const SOURCES: [&str; 5] = ["bundled", "bizinfo", "kstartup", "staff", "onestop"];
    match SOURCES.iter().find(|x| **x == s.trim()) {
        Some(x) => Ok(x.to_string()),
        None => Err(Error::invalid("--source", s, format!("expected one of {}", SOURCES.join(", ")))),
    }
}
