#!/usr/bin/env bash
# Makes the app's icons from assets/icons/icon.svg with the Tauri CLI (`tauri icon`, from
# ui/node_modules: run `npm ci` in ui/ first): the PNGs the Linux package installs, the window
# icon, and icon.ico / icon.icns for Windows and macOS builds. The generated files are committed;
# run this again after changing the SVG.
set -euo pipefail
cd "$(dirname "$0")/.."
tauri=ui/node_modules/.bin/tauri
[ -x "$tauri" ] || { echo "error: $tauri not found; run (cd ui && npm ci) first" >&2; exit 1; }
out=$(mktemp -d)
trap 'rm -rf "$out" "$out.log"' EXIT
# The default set, then a 256x256 PNG (the default's 256-pixel one is named 128x128@2x, which the
# Debian bundler would put in hicolor/256x256@2, the folder of 512-pixel icons).
for sizes in "" "--png 256"; do
  # shellcheck disable=SC2086 # $sizes is empty or two words
  if ! "$tauri" icon assets/icons/icon.svg --output "$out" $sizes >"$out.log" 2>&1; then
    cat "$out.log" >&2
    exit 1
  fi
done
# Only what tauri.conf.json's bundle.icon lists (not the Android, iOS and Windows Store sets).
for f in 32x32.png 64x64.png 128x128.png 256x256.png icon.png icon.ico icon.icns; do
  cp "$out/$f" "assets/icons/$f"
done
echo "icons written to assets/icons/"
