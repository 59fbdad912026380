#!/usr/bin/env bash
# Installs what the tests and benchmarks need on a fresh Debian/Ubuntu machine: the system
# packages for building the WebKitGTK app and driving it under a virtual display, PostgreSQL for
# the hub, and tauri-driver. Used by scripts/test.sh and scripts/bench.sh.
set -euo pipefail
need() { command -v "$1" >/dev/null 2>&1; }

# System packages for building the WebKitGTK app and driving it under a virtual display, and the
# OS keystore (libdbus for the Secret Service client; gnome-keyring for the keystore test), and
# the Debian package's test (desktop-file-utils checks its desktop entry).
pkgs=(pkg-config libwebkit2gtk-4.1-dev libssl-dev librsvg2-dev libayatana-appindicator3-dev
      webkit2gtk-driver xvfb xauth dbus-bin dbus-daemon fonts-noto-cjk curl poppler-utils
      postgresql libdbus-1-dev gnome-keyring desktop-file-utils)
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

