#!/usr/bin/env bash
# Tests the Debian package by installing it: builds it (scripts/package.sh, a release build),
# checks its metadata and contents, installs it with dpkg, starts the INSTALLED app
# (/usr/bin/onestop-desk) under Xvfb through tauri-driver and WebKitWebDriver with an empty home
# folder, sets a desk up on its first-run screen and checks where its data landed, then removes
# the package again (also when a step fails). Needs root, or sudo, to install.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)

fail() { echo "error: $*" >&2; exit 1; }

sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || fail "installing the package needs root or sudo, and neither is available"
  sudo="sudo"
fi
driver=$(command -v tauri-driver || echo "$HOME/.cargo/bin/tauri-driver")
[ -x "$driver" ] || fail "tauri-driver not found (scripts/install-deps.sh installs it)"
for tool in dpkg dpkg-deb dpkg-query readelf ldd Xvfb dbus-run-session WebKitWebDriver desktop-file-validate curl node; do
  command -v "$tool" >/dev/null 2>&1 || fail "$tool not found (scripts/install-deps.sh installs what this test needs)"
done

# The version the package must carry: the app's (tauri.conf.json, as the bundler reads it).
version=$(node -p 'require("./tauri.conf.json").version')
package=onestop
app=/usr/bin/onestop-desk
if dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'ok installed'; then
  fail "$package is already installed on this machine; this test installs and removes it, so remove it first ($sudo dpkg -r $package)"
fi

work=$(mktemp -d)
installed=0
cleanup() {
  status=$?
  if [ -n "${xvfb:-}" ]; then kill "$xvfb" 2>/dev/null || true; fi
  if [ "$installed" = 1 ]; then
    echo "== package: removing $package"
    if ! $sudo dpkg -r "$package" >/dev/null; then
      echo "error: could not remove $package (dpkg -r $package)" >&2
      status=1
    elif [ -e "$app" ]; then
      echo "error: $app is still there after dpkg -r" >&2
      status=1
    fi
  fi
  rm -rf "$work"
  exit $status
}
trap cleanup EXIT

echo "== package: building the .deb (release build)"
start=$(date +%s)
deb=$(bash scripts/package.sh)
echo "built $deb in $(($(date +%s) - start)) s"
[ -f "$deb" ] || fail "scripts/package.sh printed '$deb', which is not a file"

echo "== package: metadata and contents"
field() { dpkg-deb -f "$deb" "$1"; }
dpkg-deb -I "$deb"
check() { # check DESCRIPTION ACTUAL EXPECTED-PATTERN (an extended regex)
  if ! grep -Eq -- "$3" <<<"$2"; then fail "$1: '$2' does not match /$3/"; fi
  echo "ok: $1"
}
check "package name" "$(field Package)" "^$package\$"
check "version" "$(field Version)" "^${version//./\\.}\$"
check "architecture" "$(field Architecture)" "^$(dpkg --print-architecture)\$"
check "section" "$(field Section)" '^misc$'
check "maintainer (name and address)" "$(field Maintainer)" '^[^<]+ <[^>]+@[^>]+>$'
check "short description" "$(field Description | head -1)" 'small business'
check "long description" "$(field Description | tail -n +2)" '소상공인 원스톱 종합지원센터'
depends=$(field Depends)
for dep in libwebkit2gtk-4.1-0 libgtk-3-0 libdbus-1-3 libssl3; do
  check "depends on $dep" "$depends" "(^|, )$dep(\$|[ ,])"
done
check "recommends a Secret Service keystore" "$(field Recommends)" 'gnome-keyring'

# The files it installs (regular files only, without the leading ./).
contents=$(dpkg-deb -c "$deb" | awk '$1 ~ /^-/ {sub(/^\.\//, "", $NF); print $NF}')
has() { grep -qx -- "$1" <<<"$contents" || fail "the package lacks /$1"; echo "ok: /$1"; }
has usr/bin/onestop-desk
desktop=usr/share/applications/Onestop.desktop
has "$desktop"
for size in 32x32 64x64 128x128 256x256 512x512; do
  has "usr/share/icons/hicolor/$size/apps/onestop-desk.png"
done
has usr/share/icons/hicolor/scalable/apps/onestop-desk.svg
others=$(grep -Ev '^usr/(bin/onestop-desk|share/applications/|share/icons/hicolor/)' <<<"$contents" || true)
[ -z "$others" ] || fail "the package installs unexpected files: $(tr '\n' ' ' <<<"$others")"

unpacked="$work/unpacked"
dpkg-deb -x "$deb" "$unpacked"
desktop-file-validate "$unpacked/$desktop" || fail "the desktop entry is not valid"
entry=$(cat "$unpacked/$desktop")
check "desktop entry: Korean name" "$entry" '^Name=원스톱 소상공인 지원 데스크$'
check "desktop entry: English name" "$entry" '^Name\[en\]=Onestop '
check "desktop entry: Korean comment" "$entry" '^Comment(\[ko\])?=.*소상공인'
check "desktop entry: English comment" "$entry" '^Comment\[en\]=.*small business'
check "desktop entry: category" "$entry" '^Categories=Office;$'
check "desktop entry: command" "$entry" '^Exec=onestop-desk$'
check "desktop entry: icon" "$entry" '^Icon=onestop-desk$'
check "desktop entry: window class" "$entry" '^StartupWMClass=onestop-desk$'

echo "== package: installing it (dpkg -i; its Depends must already be installed)"
installed=1
$sudo dpkg -i "$deb"
[ -x "$app" ] || fail "$app is not there after dpkg -i"
dpkg-query -W -f='${Status}' "$package" | grep -q 'ok installed' || fail "dpkg does not list $package as installed"
if ldd "$app" | grep -q 'not found'; then
  fail "the installed app misses libraries: $(ldd "$app" | grep 'not found' | tr '\n' ' ')"
fi

echo "== package: the installed app under Xvfb, with an empty home folder"
# A display nobody else uses (the e2e tests take :90 to :98).
n=80
while [ -e "/tmp/.X11-unix/X$n" ] || [ -e "/tmp/.X$n-lock" ]; do
  n=$((n + 1))
  [ "$n" -lt 90 ] || fail "no free X display between :80 and :89"
done
display=:$n
Xvfb "$display" -screen 0 1366x768x24 -nolisten tcp >"$work/xvfb.log" 2>&1 &
xvfb=$!
for _ in $(seq 50); do [ -e "/tmp/.X11-unix/X$n" ] && break; sleep 0.1; done
kill -0 "$xvfb" 2>/dev/null || fail "Xvfb did not start on $display: $(cat "$work/xvfb.log")"

home="$work/home"
mkdir -p "$home"
export SCREENSHOT_DIR="${PACKAGE_SCREENSHOT_DIR:-$root/target/package-screenshots}"
rm -rf "$SCREENSHOT_DIR"
# No ONESTOP_DB: the app finds its data folder itself, as on a counter PC. No OS keystore in this
# D-Bus session: the desk asks for a passphrase, which the test types.
env -u ONESTOP_DB -u ONESTOP_DESK_PASSPHRASE \
  HOME="$home" XDG_DATA_HOME="$home/.local/share" XDG_CONFIG_HOME="$home/.config" \
  XDG_CACHE_HOME="$home/.cache" XDG_STATE_HOME="$home/.local/state" \
  DISPLAY="$display" NO_AT_BRIDGE=1 ONESTOP_NO_OPEN=1 ONESTOP_APP="$app" DEB_PACKAGE="$package" \
  dbus-run-session -- bash -c '
  "$0" --port 4446 --native-port 4447 >"$1/driver.log" 2>&1 &
  drv=$!
  for _ in $(seq 100); do
    curl -s -o /dev/null http://127.0.0.1:4446/status && break
    sleep 0.1
  done
  status=0
  WEBDRIVER_URL=http://127.0.0.1:4446 node --test --test-reporter=spec tests/package/installed.test.mjs || status=$?
  kill $drv 2>/dev/null || true
  if [ $status -ne 0 ]; then echo "--- tauri-driver log"; tail -50 "$1/driver.log"; fi
  exit $status
' "$driver" "$work"
echo "screenshots: $SCREENSHOT_DIR"
