#!/usr/bin/env bash
# Builds the desktop app (front end and Rust, release mode) and launches it with the bundled
# catalogue. With arguments, runs the `onestop` command line instead: scripts/run.sh match ...
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "$#" -gt 0 ]; then
  cargo build --release --locked -p onestop-cli -q
  exec ./target/release/onestop "$@"
fi
(cd ui && npm ci --no-audit --no-fund --loglevel=error && npm run build)
cargo build --release --locked -p onestop-desk
exec ./target/release/onestop-desk
