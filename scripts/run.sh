#!/usr/bin/env bash
# Builds the onestop command line and runs it with the given arguments. With no arguments
# it matches the example merchant against the bundled catalogue.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --locked -p onestop-cli -q
if [ "$#" -eq 0 ]; then
  set -- match --profile examples/profile-gwangjin-cafe.json --as-of 2023-05-02
fi
exec ./target/release/onestop "$@"
