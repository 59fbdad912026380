//! Syncing a desk with the center's hub (`onestop-hub`): the protocol, the field merge the hub
//! applies, and the desk's side (outbox, push, pull, catalogue publish).

pub mod desk;

pub use desk::{
    publish_catalogue, sign_in, sign_out, sync, SetAsideItem, SyncConflict, SyncProgress, SyncReport, SyncStatus,
};

pub use onestop_protocol::{merge, wire};
