#!/usr/bin/env bash
# Runs every test of the project on a fresh Debian/Ubuntu machine with Rust and Node.js,
# installing what the tests need first: the core and CLI tests, the desktop app's command
# tests, the front-end unit tests, and end-to-end tests of the real app under Xvfb.
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

# System packages for building the WebKitGTK app and driving it under a virtual display.
pkgs=(pkg-config libwebkit2gtk-4.1-dev libssl-dev librsvg2-dev libayatana-appindicator3-dev
      webkit2gtk-driver xvfb xauth dbus-bin dbus-daemon fonts-noto-cjk curl poppler-utils
      postgresql)
missing=()
for p in "${pkgs[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "== installing ${missing[*]}"
  sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi
if ! need tauri-driver && [ ! -x "$HOME/.cargo/bin/tauri-driver" ]; then
  echo "== installing tauri-driver"
  cargo install tauri-driver --version 2.1.0 --locked --quiet
fi

echo "== front end: install, type-check, unit tests, build"
(cd ui && npm ci --no-audit --no-fund --loglevel=error && npm run check && npm test && npm run build)

echo "== Rust: build and test the workspace (core, CLI, desktop app commands, bindings)"
cargo build --workspace --all-targets --locked
cargo test --workspace --locked

echo "== end-to-end: the real app under Xvfb through tauri-driver"
bash tests/e2e/run.sh
