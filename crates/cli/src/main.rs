//! `onestop`: the command line over onestop-core, for scripting, tests and headless use.

/// `println!` that ends the program quietly when the reader has gone (`onestop ... | head`).
macro_rules! outln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        if let Err(e) = writeln!(std::io::stdout(), $($arg)*) {
            if e.kind() == std::io::ErrorKind::BrokenPipe {
                std::process::exit(0);
            }
            eprintln!("error: cannot write output: {e}");
            std::process::exit(1);
        }
    }};
}

mod command;
mod common;
mod output;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use onestop_core::{Lang, Result};

#[derive(Parser)]
#[command(name = "onestop", version, about = "Onestop: the one-stop support desk for small business owners")]
struct Cli {
    /// Database file [default: $ONESTOP_DB, else the per-user data file shared with the app]
    #[arg(long, global = true, value_name = "PATH")]
    db: Option<PathBuf>,
    /// Language of readable output and error messages: ko (default) or en
    #[arg(long, global = true, env = "ONESTOP_LANG", default_value = "ko")]
    lang: String,
    /// Staff login to sign in as; the PIN or password comes from $ONESTOP_PASSWORD or a prompt
    #[arg(long, global = true, env = "ONESTOP_STAFF", value_name = "LOGIN")]
    staff: Option<String>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Match a merchant against the catalogue
    Match(command::matching::Cmd),
    /// Merchant profiles
    #[command(subcommand)]
    Merchant(command::merchant::Cmd),
    /// Consultation records
    #[command(subcommand)]
    Consult(command::consult::Cmd),
    /// Applications to programs: statuses, amounts and the duties after applying
    #[command(subcommand)]
    Application(command::application::Cmd),
    /// The program catalogue
    #[command(subcommand)]
    Catalogue(command::catalogue::Cmd),
    /// The center's partner directory (managers keep it; published with the catalogue)
    #[command(subcommand)]
    Partner(command::partner::Cmd),
    /// Visit plans for visiting consultants; a visit made is recorded as a consultation
    #[command(subcommand)]
    Visit(command::visit::Cmd),
    /// Search programs, merchants and consultation notes
    Search(command::search::Cmd),
    /// Look up KSIC sector codes by code or words
    Ksic(command::ksic::Cmd),
    /// Printable documents (PDF) and report figures (CSV)
    #[command(subcommand)]
    Report(command::report::Cmd),
    /// Center settings (stage thresholds, counselor, center)
    #[command(subcommand)]
    Settings(command::settings::Cmd),
    /// Back up the database (online: the app may keep working) into a folder, keeping the newest
    Backup(command::backup::Backup),
    /// Replace the database's contents with a backup; the current data is backed up first
    Restore(command::backup::Restore),
    /// Staff accounts: who signs in to this desk (the database is encrypted under their PINs)
    #[command(subcommand)]
    Staff(command::staff::Cmd),
    /// Who viewed, changed, exported or printed which record (managers only)
    Audit(command::audit::Cmd),
    /// Sync with the center's hub: send this desk's changes, take the other desks' changes and
    /// the published catalogue (signs the desk in to the hub first when --user is given)
    Sync(command::sync::Cmd),
    /// Tools for development and testing (only in a build with the `dev` feature)
    #[cfg(feature = "dev")]
    #[command(subcommand, hide = true)]
    Dev(command::dev::Cmd),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let _ = common::STAFF.set(cli.staff.clone());
    // Errors speak the output's language; a --lang that does not parse is itself reported in
    // English, the one language every reader of that mistake shares with us.
    let lang = cli.lang.parse::<Lang>().ok();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            match lang {
                Some(Lang::Ko) => eprintln!("오류: {}", e.message_ko()),
                _ => eprintln!("error: {e}"),
            }
            ExitCode::from(if e.is_user_error() { 2 } else { 1 })
        }
    }
}

fn run(cli: Cli) -> Result<()> {
    let lang: Lang = cli.lang.parse()?;
    let db = &cli.db;
    match cli.command {
        Command::Match(cmd) => cmd.run(db, lang),
        Command::Merchant(cmd) => cmd.run(db, lang),
        Command::Consult(cmd) => cmd.run(db, lang),
        Command::Application(cmd) => cmd.run(db, lang),
        Command::Catalogue(cmd) => cmd.run(db, lang),
        Command::Partner(cmd) => cmd.run(db, lang),
        Command::Visit(cmd) => cmd.run(db, lang),
        Command::Search(cmd) => cmd.run(db),
        Command::Ksic(cmd) => cmd.run(lang),
        Command::Report(cmd) => cmd.run(db, lang),
        Command::Settings(cmd) => cmd.run(db),
        Command::Backup(cmd) => cmd.run(db),
        Command::Restore(cmd) => cmd.run(db),
        Command::Staff(cmd) => cmd.run(db),
        Command::Audit(cmd) => cmd.run(db),
        Command::Sync(cmd) => cmd.run(db),
        #[cfg(feature = "dev")]
        Command::Dev(cmd) => cmd.run(db),
    }
}
