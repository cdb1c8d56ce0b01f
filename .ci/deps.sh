#!/bin/sh
# Installs every Debian package poolscope needs to build, test, run and package (dpkg-dev and
# file: CPack's scan for run-time dependencies; librsvg2-bin: the icons; desktop-file-utils: the
# menu entry's check), and nothing when all are present. Runs apt-get as root, through sudo
# otherwise; says what to do when neither works.
set -eu
PACKAGES="ca-certificates git make cmake g++ pkg-config python3 python3-glad \
  libimgui-dev libglfw3-dev libstb-dev libegl-dev libgl-dev libgl1-mesa-dri libegl-mesa0 \
  nlohmann-json3-dev libcli11-dev libgtest-dev libgmock-dev libbenchmark-dev \
  fonts-dejavu-core xvfb xauth xdotool \
  dpkg-dev file librsvg2-bin desktop-file-utils"

missing=""
for p in $PACKAGES; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0

echo "poolscope: installing missing Debian packages:$missing"
if [ "$(id -u)" = 0 ]; then
  SUDO=""
elif command -v sudo >/dev/null 2>&1; then
  SUDO="sudo"
else
  echo "poolscope: cannot install$missing: not root and no sudo. Install them as root and retry." >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing
