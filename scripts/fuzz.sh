#!/usr/bin/env bash
# Coverage-guided fuzzing of onestop-core's parsers with cargo-fuzz (libFuzzer): the profile
# parser, the catalogue loader, the Bizinfo loader, the application-window text parser and the
# business registration number check, and what sync carries: push bodies as the hub checks them
# and pulled pages as a desk checks them (fuzz/fuzz_targets/). Builds the targets once, then runs
# each for SECONDS (default 30) from its seeds (fuzz/seeds/<target>, committed) and its working
# corpus (fuzz/corpus/<target>, grown by the fuzzer, not committed).
#
#   scripts/fuzz.sh [SECONDS] [TARGET...]
#
# Fails if any target panics or crashes, hangs (one input taking over 5 s) or needs over 1 GiB,
# naming the input it saved under fuzz/artifacts/<target>/. Needs the nightly toolchain (for the
# sanitizer and coverage flags); installs cargo-fuzz if it is missing. Extra libFuzzer options
# can be passed in FUZZ_ARGS, e.g. FUZZ_ARGS="-max_len=65536". See fuzz/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
export CARGO_TERM_COLOR=never

all_targets=(profile catalogue bizinfo window_text brn hub_push pulled_items)
secs="${1:-30}"
if ! [[ "$secs" =~ ^[1-9][0-9]*$ ]]; then
  echo "usage: scripts/fuzz.sh [SECONDS] [TARGET...]   (targets: ${all_targets[*]})" >&2
  exit 2
fi
shift $(($# > 0 ? 1 : 0))
targets=("$@")
[ "${#targets[@]}" -gt 0 ] || targets=("${all_targets[@]}")
for t in "${targets[@]}"; do
  [ -f "fuzz/fuzz_targets/$t.rs" ] || { echo "error: no fuzz target $t (targets: ${all_targets[*]})" >&2; exit 2; }
done

# cargo fuzz builds with -Zsanitizer=address and other unstable flags: nightly only.
if ! command -v rustup >/dev/null 2>&1 || ! rustup run nightly rustc --version >/dev/null 2>&1; then
  echo "error: fuzzing needs the nightly Rust toolchain, and none is installed." >&2
  echo "       Install it with: rustup toolchain install nightly --profile minimal" >&2
  exit 1
fi
echo "== toolchain: $(rustup run nightly rustc --version)"

if ! cargo fuzz --version >/dev/null 2>&1; then
  echo "== installing cargo-fuzz"
  cargo install cargo-fuzz --version 0.13.2 --locked
fi
echo "== $(cargo fuzz --version)"

echo "== building the fuzz targets (release with debug assertions, AddressSanitizer)"
start=$(date +%s)
cargo +nightly fuzz build --fuzz-dir fuzz
echo "== built in $(($(date +%s) - start)) s"

logs=fuzz/target/fuzz-logs
mkdir -p "$logs"
failed=()
summary=()
for t in "${targets[@]}"; do
  mkdir -p "fuzz/corpus/$t" "fuzz/artifacts/$t"
  log="$logs/$t.log"
  echo "== fuzzing $t for $secs s (log: $log)"
  rc=0
  # shellcheck disable=SC2086 # FUZZ_ARGS is a list of options
  cargo +nightly fuzz run --fuzz-dir fuzz "$t" "$root/fuzz/corpus/$t" "$root/fuzz/seeds/$t" -- \
    -max_total_time="$secs" -timeout=5 -rss_limit_mb=1024 -dict="$root/fuzz/dicts/$t.dict" \
    -print_final_stats=1 ${FUZZ_ARGS:-} >"$log" 2>&1 || rc=$?
  done_line=$(grep -E '^#[0-9]+[[:space:]]+DONE' "$log" | tail -n 1 || true)
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n 1)
  corpus=$(find "fuzz/corpus/$t" -type f | wc -l)
  if [ "$rc" -eq 0 ]; then
    echo "   ok: ${execs:-?} executions (${rate:-?}/s), working corpus $corpus inputs"
    [ -n "$done_line" ] && echo "   $done_line"
    summary+=("$(printf '%-12s ok      %12s executions %8s/s' "$t" "${execs:-?}" "${rate:-?}")")
  else
    artifacts=$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$log")
    # The report: a panic's message and backtrace, or libFuzzer's and the sanitizer's own.
    first=$(grep -n -m 1 -E "panicked at|==[0-9]+== ?ERROR|ERROR: libFuzzer|ALARM: working on" "$log" | cut -d: -f1 || true)
    echo "!! $t FAILED (exit $rc) after ${execs:-?} executions:" >&2
    if [ -n "$first" ]; then
      tail -n "+$first" "$log" | grep -v '^INFO: \|^MS: \|^#[0-9]' | head -n 40 | sed 's/^/   /' >&2
    else
      tail -n 40 "$log" | sed 's/^/   /' >&2
    fi
    if [ -n "$artifacts" ]; then
      while IFS= read -r a; do
        echo "!! input saved as $a" >&2
        echo "   reproduce: cargo +nightly fuzz run --fuzz-dir fuzz $t $a" >&2
        echo "   minimize:  cargo +nightly fuzz tmin --fuzz-dir fuzz $t $a" >&2
      done <<<"$artifacts"
    else
      echo "!! no input was saved (a harness or build failure?): see $log" >&2
    fi
    failed+=("$t")
    summary+=("$(printf '%-12s FAILED  %12s executions  %s' "$t" "${execs:-?}" "${artifacts//$'\n'/ }")")
  fi
done

echo "== summary ($secs s per target)"
printf '   %s\n' "${summary[@]}"
if [ "${#failed[@]}" -gt 0 ]; then
  echo "error: fuzzing found failures in: ${failed[*]}" >&2
  exit 1
fi
