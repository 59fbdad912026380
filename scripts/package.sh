#!/usr/bin/env bash
# Builds the desk app's Debian package with Tauri's bundler (`tauri build --bundles deb`, the
# CLI from ui/node_modules) and prints the path of the .deb on stdout; the build's own output goes
# to stderr. A release build of the front end and the app (about 10 minutes from scratch on 2
# cores). Needs what scripts/test.sh installs (scripts/install-deps.sh), Rust and Node.js.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"
profile=release

tauri=ui/node_modules/.bin/tauri
if [ ! -x "$tauri" ]; then
  echo "== installing the front end's npm packages (the Tauri CLI among them)" >&2
  (cd ui && npm ci --no-audit --no-fund --loglevel=error) >&2
fi

target=$(cargo metadata --format-version 1 --no-deps --locked |
  node -e 'let s = ""; process.stdin.on("data", (d) => (s += d)).on("end", () => console.log(JSON.parse(s).target_directory))')
out="$target/$profile/bundle/deb"
rm -rf "$out"

# The bundler runs tauri.conf.json's beforeBuildCommand (the front end's build) first.
"$tauri" build --ci --bundles deb -- --locked --profile "$profile" >&2

shopt -s nullglob
debs=("$out"/*.deb)
if [ "${#debs[@]}" -ne 1 ]; then
  echo "error: expected one .deb in $out, found ${#debs[@]}" >&2
  exit 1
fi
echo "${debs[0]}"
