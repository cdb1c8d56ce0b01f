#!/bin/sh
# A real window under Xvfb: start `poolscope`, click the "Screenshot" button, drag the workers
# slider, press F12, and find the PNGs in ./screenshots (run in a temp dir); then SIGINT must
# close the window promptly (exit status 130). Skips (77) only when xvfb-run or xdotool is missing.
set -eu
exe=$(realpath "$1")
for tool in xvfb-run xdotool; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "SKIP: $tool is not installed (apt-get install xvfb xauth xdotool)"
    exit 77
  fi
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
# The window remembers its settings: here, in the temp dir, never the user's own.
export XDG_CONFIG_HOME="$work/config"
cat > inner.sh <<'INNER'
set -eu
exe=$1
"$exe" --workers 3 --buffer 5 --jobs 100000 --job-ms 100 >app.log 2>&1 &
pid=$!
fail() { echo "FAIL: $*"; cat app.log; kill -9 "$pid" 2>/dev/null || true; exit 1; }
wid=$(timeout 20 xdotool search --sync --onlyvisible --name '^poolscope' | head -n 1) || fail "no window"
[ -n "$wid" ] || fail "no window"
sleep 1.5
count() { ls screenshots/poolscope-*.png 2>/dev/null | wc -l; }
# Wait up to ~3 s for the n-th screenshot to appear.
await() {
  i=0
  while [ "$(count)" -lt "$1" ] && [ $i -lt 30 ]; do sleep 0.1; i=$((i + 1)); done
  [ "$(count)" -ge "$1" ] || fail "$2"
}
# The layout is fixed: the Screenshot button is at the top of the controls column.
xdotool mousemove --window "$wid" 70 42
sleep 0.3
xdotool click 1
await 1 "clicking the Screenshot button saved nothing"
# The workers slider: drag it from its left part to its right part.
xdotool mousemove --window "$wid" 150 400
sleep 0.3
xdotool mousedown 1
sleep 0.3
xdotool mousemove --window "$wid" 280 400
sleep 0.3
xdotool mouseup 1
sleep 0.3
# Real key events (XTEST) go to the focused window; GLFW ignores synthetic (--window) ones.
xdotool windowfocus --sync "$wid" 2>/dev/null || xdotool windowactivate "$wid" 2>/dev/null || true
sleep 0.3
xdotool key F12
await 2 "pressing F12 saved nothing"
n=$(count)
start=$(date +%s%N)
kill -INT "$pid"
rc=0
wait "$pid" || rc=$?
ms=$(( ($(date +%s%N) - start) / 1000000 ))
[ "$rc" -eq 130 ] || fail "exit status $rc after SIGINT (expected 130)"
[ "$ms" -lt 2000 ] || fail "took $ms ms to close after SIGINT"
[ -f "$XDG_CONFIG_HOME/poolscope/settings.json" ] || fail "no settings.json saved on exit"
echo "OK: $n screenshots; closed ${ms} ms after SIGINT"
INNER
xvfb-run -a -s "-screen 0 1600x1000x24" sh inner.sh "$exe"
