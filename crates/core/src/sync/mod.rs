//! Syncing a desk with the center's hub (`onestop-hub`): the protocol, the field merge the hub
//! applies, and the desk's side (outbox, push, pull, catalogue publish).

pub mod merge;
pub mod wire;
