#!/usr/bin/env bash
# Measures the desktop app (issue 7, whole-program figures) and writes
# target/bench-results/app-cold-start.json and app-memory.json:
#
# 1. Cold start to the first usable screen (target < 1.5 s): from just before the release app is
#    spawned to the moment its first screen (the sign-in screen of a desk holding 10,000
#    programs) has mounted and been painted. The app reports that moment itself: with
#    ONESTOP_STARTUP_PROBE set, the front end calls the `startup_probe` command after the frame
#    showing the screen (requestAnimationFrame, then a task) and Rust prints
#    `onestop-ready <unix µs> <screen>` on stderr; without the variable the command does nothing.
#    A fresh process each run, the page cache dropped before each (root only; the result says
#    whether it could). Also measured: warm starts (page cache kept), and as the floor WebKitGTK's
#    MiniBrowser from spawn to the first paint of a blank page, the same way.
# 2. Memory with 10,000 programs loaded (target < 200 MB): the app started by tauri-driver, signed
#    in, Programs opened and "include retired" ticked so that every program of the database is
#    listed; 2 s later the PSS (and RSS) of the app process and every process below it
#    (WebKitWebProcess, WebKitNetworkProcess) are read from /proc/PID/smaps_rollup. The floor is
#    the same app at its sign-in screen.
#
# Median and p95 over 10 cold runs and 3 memory runs (BENCH_COLD_RUNS, BENCH_WARM_RUNS,
# BENCH_MEM_RUNS change them). The front end and the app are built first (BENCH_SKIP_BUILD=1
# reuses target/release/onestop-desk and ui/dist as they are); the database is made each time
# with the CLI's generator (`onestop dev generate --programs 10000 --merchants 0
# --consultations 0 --seed 7`) in target/bench-app/. Runs under Xvfb (1366x768) in its own D-Bus
# session, as tests/e2e/run.sh does. Run it on an otherwise idle machine: about 3 minutes after
# the build.
#
#   bash scripts/bench-app.sh
#   BENCH_SKIP_BUILD=1 BENCH_ONLY=cold bash scripts/bench-app.sh    # cold start only (or memory)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
target="${CARGO_TARGET_DIR:-$root/target}"
export CARGO_TERM_COLOR=never

need() { command -v "$1" >/dev/null 2>&1; }
driver=$(command -v tauri-driver || echo "$HOME/.cargo/bin/tauri-driver")
if { ! need Xvfb || ! need dbus-run-session || [ ! -x "$driver" ]; } && [ -f scripts/install-deps.sh ]; then
  bash scripts/install-deps.sh
fi
for tool in cargo node npm Xvfb dbus-run-session; do
  need "$tool" || { echo "error: $tool not found (scripts/install-deps.sh installs what is needed)" >&2; exit 1; }
done
[ -x "$driver" ] || { echo "error: tauri-driver not found (cargo install tauri-driver --locked)" >&2; exit 1; }

if [ "${BENCH_SKIP_BUILD:-}" != 1 ]; then
  echo "== build: front end, then the release app and CLI"
  (cd ui && npm ci --no-audit --no-fund --loglevel=error && npm run build)
  cargo build --release --locked -p onestop-desk
  cargo build --release --locked -p onestop-cli --features dev
fi
app="$target/release/onestop-desk"
[ -x "$app" ] || { echo "error: $app not built" >&2; exit 1; }
onestop() { cargo run --release --locked -q -p onestop-cli --features dev -- "$@"; }

# The database: a desk set up by its manager, with 10,000 generated programs (on the disk, not
# in a tmpfs, so that dropping the page cache makes it cold too).
work="$target/bench-app"
rm -rf "$work"
mkdir -p "$work" "$target/bench-results"
cleanup() {
  [ -n "${xvfb:-}" ] && kill "$xvfb" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
pin=482913
export ONESTOP_DB="$work/desk.sqlite3" ONESTOP_STAFF=kim ONESTOP_PASSWORD=$pin ONESTOP_NEW_PASSWORD=$pin
echo "== database: 10,000 generated programs in $ONESTOP_DB"
onestop staff init --login kim --name 김관리
onestop dev generate --programs 10000 --merchants 0 --consultations 0 --seed 7
active=$(onestop catalogue list --json | node -e 'let s = ""; process.stdin.on("data", (d) => (s += d)).on("end", () => console.log(JSON.parse(s).length))')
echo "programs not retired (what Programs lists first): $active"
unset ONESTOP_PASSWORD ONESTOP_NEW_PASSWORD

if [ "$(id -u)" -eq 0 ]; then
  echo "page cache: dropped before each cold run (running as root)"
else
  echo "page cache: cannot be dropped (not root); the 'cold' runs will be partly warm" >&2
fi

display=:$((80 + RANDOM % 9))
while [ -e "/tmp/.X11-unix/X${display#:}" ]; do display=:$((${display#:} + 1)); done
Xvfb "$display" -screen 0 1366x768x24 -nolisten tcp >"$work/xvfb.log" 2>&1 &
xvfb=$!
for _ in $(seq 50); do [ -e "/tmp/.X11-unix/X${display#:}" ] && break; sleep 0.1; done

export DISPLAY=$display NO_AT_BRIDGE=1 ONESTOP_NO_OPEN=1
export BENCH_APP="$app" BENCH_DB="$ONESTOP_DB" BENCH_LOGIN=kim BENCH_PIN=$pin BENCH_PROGRAMS=10000
export BENCH_ACTIVE_PROGRAMS="$active" BENCH_DRIVER="$driver" BENCH_OUT="$target/bench-results"
# The desktop services' chatter (D-Bus activation, portals) goes to a log, not the terminal.
dbus-run-session -- node scripts/bench-app.mjs 2> >(grep -v -e dbus-daemon -e portal -e pw.conf -e SpiRegistry \
  -e 'max threads' -e '^$' -e 'RealtimeKit' -e PipeWire >&2)
for f in app-cold-start app-memory; do
  if [ -f "$target/bench-results/$f.json" ]; then
    echo "--- $target/bench-results/$f.json"
    cat "$target/bench-results/$f.json"
  fi
done
