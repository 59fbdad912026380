#!/usr/bin/env bash
# Runs every test of the project on a fresh Debian/Ubuntu machine with Rust and Node.js,
# installing what the tests need first: the core and CLI tests, the desktop app's command
# tests, the front-end unit tests, end-to-end tests of the real app under Xvfb, and the Debian
# package installed and its app started.
# Used as is by .ci/run.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TERM_COLOR=never

need() { command -v "$1" >/dev/null 2>&1; }
for tool in cargo node npm; do
  need "$tool" || { echo "error: $tool not found; install Rust (rustup) and Node.js 20.19+ first" >&2; exit 1; }
done
if [ ! -d ../shared/seeds ]; then
  echo "error: ../shared/seeds not found beside the project; the catalogue tests check citations against it" >&2
  exit 1
fi

bash scripts/install-deps.sh

echo "== front end: install, type-check, unit tests, build"
(cd ui && npm ci --no-audit --no-fund --loglevel=error && npm run check && npm test && npm run build)

echo "== Rust: formatting and lints (warnings are errors)"
cargo fmt --all --check
cargo clippy --workspace --all-targets --locked -- -D warnings
cargo clippy --workspace --all-targets --features onestop-cli/dev --locked -- -D warnings

echo "== Rust: build and test the workspace (domain, core, CLI, hub, desktop app commands, bindings)"
cargo build --workspace --all-targets --locked
cargo test --workspace --locked
echo "== the desk's device secret in a real OS keystore (gnome-keyring in a private D-Bus session)"
bash scripts/with-keystore.sh cargo test -p onestop-core --locked --test keystore
echo "== the CLI's dev build: the crash test kills 'onestop dev save-loop'"
cargo test --workspace --features onestop-cli/dev --locked --test crash
echo "== benchmarks in test mode: each routine once, on small generated data"
cargo test --workspace --benches --locked

echo "== end-to-end: the real app under Xvfb through tauri-driver"
bash tests/e2e/run.sh

echo "== the Debian package: built (release), installed, the installed app started, removed"
bash tests/package/run.sh
