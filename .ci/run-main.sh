#!/bin/sh
# The main job: the GUI when there is a display; otherwise the seed lesson rendered offscreen.
set -eu
bin=$1
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  exec "$bin"
fi
echo "poolscope: no display (DISPLAY is not set); running the seed lesson headless instead."
"$bin" run --scenario assets/scenarios/seed.json
out="screenshots/poolscope-seed.png"
mkdir -p screenshots
if "$bin" shot --scenario assets/scenarios/seed.json --at 1.5 --out "$out" --size 1600x1000; then
  echo "poolscope: wrote a screenshot of the seed lesson to $(pwd)/$out"
fi
