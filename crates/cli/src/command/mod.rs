//! One file per command (or group of subcommands): its clap type and the handler that runs it.

pub mod application;
pub mod audit;
pub mod backup;
pub mod catalogue;
pub mod consult;
#[cfg(feature = "dev")]
pub mod dev;
pub mod ksic;
pub mod matching;
pub mod merchant;
pub mod partner;
pub mod report;
pub mod search;
pub mod settings;
pub mod staff;
pub mod sync;
pub mod visit;
