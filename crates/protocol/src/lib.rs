//! The desk ↔ hub protocol: the wire types ([`wire`]), the check that a record sent can be read
//! with the domain's types ([`check`]) and the field-by-field merge of merchant
//! edits ([`merge`]) that the hub applies and the desk relies on.
//!
//! Architecture invariant: depends on `onestop-domain` only; the hub builds on this crate, not
//! on the desk's store (`cargo tree -p onestop-hub -e normal` lists no libsqlite3-sys, krilla
//! or skrifa; checked by `crates/core/tests/layers.rs`).

pub mod check;
pub mod merge;
pub mod wire;
