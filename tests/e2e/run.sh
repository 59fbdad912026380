#!/usr/bin/env bash
# Runs the end-to-end tests of the real app: Xvfb display, D-Bus session, tauri-driver with
# WebKitWebDriver, an empty database in a temporary folder. Expects the app to be built.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
app="${ONESTOP_APP:-$root/target/debug/onestop-desk}"
[ -x "$app" ] || { echo "error: $app not built (cargo build)" >&2; exit 1; }
driver=$(command -v tauri-driver || echo "$HOME/.cargo/bin/tauri-driver")
work=$(mktemp -d)
export SCREENSHOT_DIR="${SCREENSHOT_DIR:-$root/target/e2e-screenshots}"
rm -rf "$SCREENSHOT_DIR"

display=:$((90 + RANDOM % 9))
Xvfb "$display" -screen 0 1366x768x24 -nolisten tcp >"$work/xvfb.log" 2>&1 &
xvfb=$!
cleanup() {
  [ -n "${drv:-}" ] && kill "$drv" 2>/dev/null || true
  kill "$xvfb" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
for _ in $(seq 50); do [ -e "/tmp/.X11-unix/X${display#:}" ] && break; sleep 0.1; done

# A short idle lock, so that a step can wait past it; the other steps are never idle that long.
export ONESTOP_IDLE_LOCK_SECS="${ONESTOP_IDLE_LOCK_SECS:-20}"
export DISPLAY=$display NO_AT_BRIDGE=1 ONESTOP_DB="$work/desk.sqlite3" ONESTOP_APP="$app" ONESTOP_NO_OPEN=1
dbus-run-session -- bash -c '
  "$0" --port 4444 >"$1/driver.log" 2>&1 &
  drv=$!
  for _ in $(seq 100); do
    curl -s -o /dev/null http://127.0.0.1:4444/status && break
    sleep 0.1
  done
  status=0
  node --test --test-reporter=spec tests/e2e/desk.test.mjs || status=$?
  kill $drv 2>/dev/null || true
  if [ $status -ne 0 ]; then echo "--- tauri-driver log"; tail -50 "$1/driver.log"; fi
  exit $status
' "$driver" "$work"
echo "screenshots: $SCREENSHOT_DIR"
