#!/usr/bin/env bash
# Runs every test of the project on a fresh Debian/Ubuntu machine with a Rust toolchain,
# installing what the tests need first. Used as is by .ci/run.
set -euo pipefail
cd "$(dirname "$0")/.."

need() { command -v "$1" >/dev/null 2>&1; }
if ! need cargo; then
  echo "error: cargo not found; install Rust (https://rustup.rs) first" >&2
  exit 1
fi
# The seed documents the catalogue cites live beside the project (../shared/seeds).
if [ ! -d ../shared/seeds ]; then
  echo "error: ../shared/seeds not found beside the project; the catalogue tests check citations against it" >&2
  exit 1
fi

export CARGO_TERM_COLOR=never
# Two cores: build the test binaries once, then run them.
cargo build --workspace --all-targets --locked
cargo test --workspace --locked
