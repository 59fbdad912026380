#!/usr/bin/env bash
# Runs a command with an OS keystore: a private D-Bus session with gnome-keyring's Secret
# Service, its login keyring unlocked, kept in a throwaway folder. The keystore tests need it
# (scripts/test.sh runs them through this); a desktop session already has one.
set -euo pipefail
if ! command -v gnome-keyring-daemon >/dev/null || ! command -v dbus-run-session >/dev/null; then
  echo "error: gnome-keyring-daemon and dbus-run-session are needed (scripts/install-deps.sh installs them)" >&2
  exit 1
fi
home=$(mktemp -d -t onestop-keystore-XXXXXX)
trap 'rm -rf "$home"' EXIT
export ONESTOP_KEYSTORE_HOME="$home"
exec dbus-run-session -- bash -c '
  set -euo pipefail
  export XDG_DATA_HOME="$ONESTOP_KEYSTORE_HOME/data" XDG_RUNTIME_DIR="$ONESTOP_KEYSTORE_HOME/run"
  mkdir -p "$XDG_DATA_HOME" "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
  eval "$(printf "test-keyring" | gnome-keyring-daemon --unlock --components=secrets --daemonize)"
  exec "$@"
' with-keystore "$@"
