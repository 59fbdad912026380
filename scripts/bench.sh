#!/usr/bin/env bash
# Measures Onestop at district and city scale and writes bench/RESULTS.md (issue 7).
#
#   bash scripts/bench.sh            # everything (about 40 minutes on 2 cores, the first time)
#   bash scripts/bench.sh core hub   # only some parts: core, hub, app
#
# - core: `cargo bench -p onestop-core --bench city`: matching, "who should we call", search,
#   Bizinfo import, PDFs, the period report and the database size, on data made once by the
#   generator (10,000 programs, 100,000 merchants, 1,000,000 consultations; target/bench-data/).
# - hub:  `cargo bench -p onestop-hub --bench sync`: 10,000 changes pushed by one desk and
#   pulled by another through a real onestop-hub on a private PostgreSQL, over loopback.
# - app:  scripts/bench-app.sh: the release app's cold start to its first screen and the memory
#   of the app and its webview with 10,000 programs listed, under Xvfb.
# Each part writes target/bench-results/<figure>.json (median, p95, floor); the last step
# collects them with a description of the machine. Run it on an otherwise idle machine.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TERM_COLOR=never
parts=("$@")
[ "${#parts[@]}" -eq 0 ] && parts=(core hub app)
[ -d ../shared/data ] || { echo "error: ../shared/data not found beside the project (the Bizinfo sample)" >&2; exit 1; }
bash scripts/install-deps.sh

for part in "${parts[@]}"; do
  case "$part" in
    core) echo "== core (criterion)"; cargo bench --locked -p onestop-core --bench city ;;
    hub) echo "== hub sync (criterion)"; cargo bench --locked -p onestop-hub --bench sync ;;
    app) echo "== desktop app"; bash scripts/bench-app.sh ;;
    *) echo "error: unknown part $part (core, hub, app)" >&2; exit 1 ;;
  esac
done
python3 scripts/bench-report.py
