#!/bin/bash
# Performance figures, measured side by side in one run and printed as ratios (`make bench`).
#   tests/bench/run-benchmarks.sh [BUILD_DIR]      (default: build)
# Environment: REPS (default 3; each figure is the median), JOBS (default 2000000; JOBS0, default
# 50000, for the unbuffered figure, where every job is a rendezvous of OS threads),
# OPEN_LOOP_S (default 20; the memory figure's open loop at 50k jobs/s), PEERS (where the peer
# programs are built, default /tmp/poolscope-bench-peers), ANCHORS (where their sources are).
# The peers come from ../shared/anchors (a Go channel pool and a textbook mutex pool); without
# them, only poolscope's own figures are printed. The machine may be shared: never quote one
# absolute figure, quote the ratios.
set -u
cd "$(dirname "$0")/../.."
BUILD=${1:-build}
BIN=$BUILD/app/poolscope
REPS=${REPS:-3}
JOBS=${JOBS:-2000000}
JOBS0=${JOBS0:-50000}
OPEN_LOOP_S=${OPEN_LOOP_S:-20}
PEERS=${PEERS:-/tmp/poolscope-bench-peers}
# The anchors sit beside the checkout (../shared), or beside a worktree's parent (../../shared).
ANCHORS=${ANCHORS:-../shared/anchors}
[[ -d $ANCHORS || ! -d ../../shared/anchors ]] || ANCHORS=../../shared/anchors

[[ -x $BIN ]] || { echo "no $BIN: build first (make build)"; exit 1; }

have_go=0 have_naive=0
if [[ -d $ANCHORS ]]; then
  mkdir -p "$PEERS"
  if command -v go >/dev/null; then
    (cd "$ANCHORS/gopool" && go build -o "$PEERS/gopool" .) >/dev/null 2>&1 && have_go=1
  fi
  g++ -O2 -std=c++20 -pthread "$ANCHORS/naive_pool.cpp" -o "$PEERS/naive" 2>/dev/null && have_naive=1
  ((have_go)) || echo "note: the Go peer was not built (apt-get install golang-go); Go ratios skipped"
  ((have_naive)) || echo "note: the mutex-pool peer was not built; its ratios skipped"
else
  echo "note: $ANCHORS not found: peers skipped, poolscope's own figures only"
fi

gnu_time=$(command -v /usr/bin/time || true)

median() { python3 -c 'import statistics,sys; print(statistics.median(map(float, sys.argv[1:])))' "$@"; }
ratio() { python3 -c 'import sys; a,b=map(float,sys.argv[1:3]); r=a/b if b else 0; print(("n/a" if not b else f"{r:.2f}" if r >= 0.1 else f"{r:.3f}"))' "$1" "$2"; }
mjobs() { python3 -c 'import sys; v=float(sys.argv[1]); print(f"{v/1e6:.2f}M" if v >= 1e6 else f"{v/1e3:.1f}k")' "$1"; }
ours_bench() { "$BIN" bench --jobs "$n" --workers 2 "$@" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["jobs_per_s"])'; }

echo "poolscope performance, $(date -u +%Y-%m-%d), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); medians of $REPS"

# Throughput: empty jobs, 2 workers, buffer 1024 and 0; recording on vs off. Unbuffered, every
# receive is one hand-off of one job (as in Go): no batch rides on a rendezvous.
# Recording on/off is a small difference under a large scheduling noise (four busy threads on
# two cores), so it takes PAIRS side-by-side pairs (default 9), in alternating order.
PAIRS=${PAIRS:-9}
for buf in 1024 0; do
  n=$JOBS
  ((buf == 0)) && n=$JOBS0
  o=() f=() g=() m=() pairs=()
  for ((i = 0; i < REPS; i++)); do
    o+=("$(ours_bench --buffer $buf)")
    ((have_go)) && g+=("$("$PEERS/gopool" throughput "$n" 2 $buf | awk '{print $2}')")
    ((have_naive && buf > 0)) && m+=("$("$PEERS/naive" "$n" 2 $buf | awk '{print $2}')")
  done
  if ((buf > 0)); then
    on=() off=()
    for ((i = 0; i < PAIRS; i++)); do
      if ((i % 2)); then
        off+=("$(ours_bench --buffer $buf --no-trace)") on+=("$(ours_bench --buffer $buf)")
      else
        on+=("$(ours_bench --buffer $buf)") off+=("$(ours_bench --buffer $buf --no-trace)")
      fi
      pairs+=("$(ratio "${on[-1]}" "${off[-1]}")")
    done
  fi
  om=$(median "${o[@]}")
  label="buffer $buf"
  ((buf == 0)) && label="buffer 0 (unbuffered, one job per receive)"
  line="throughput $label: poolscope $(mjobs "$om") jobs/s (events recorded)"
  ((have_go)) && { gm=$(median "${g[@]}"); line+=" = $(ratio "$om" "$gm")x Go ($(mjobs "$gm"))"; }
  ((have_naive && buf > 0)) && { nm=$(median "${m[@]}"); line+=", $(ratio "$om" "$nm")x mutex pool ($(mjobs "$nm"))"; }
  echo "$line"
  if ((buf > 0)); then
    onm=$(median "${on[@]}") fm=$(median "${off[@]}")
    echo "recording on/off, buffer $buf: $(ratio "$onm" "$fm") ($(mjobs "$onm") with events, $(mjobs "$fm") without," \
      "medians of $PAIRS pairs; median of the pairs' ratios $(printf '%.2f' "$(median "${pairs[@]}")"))"
    # The stable figure: instructions per job (callgrind, when valgrind is installed), the
    # difference between two run lengths so that start-up cancels out.
    if command -v valgrind >/dev/null; then
      instr() {
        valgrind --tool=callgrind --callgrind-out-file=/dev/null "$BIN" bench --jobs "$1" \
          --workers 2 --buffer $buf "${@:2}" --json 2>&1 | sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
      }
      per_job() { python3 -c 'import sys; a,b=map(int,sys.argv[1:]); print(round((a-b)/360000))' "$(instr 400000 "$@")" "$(instr 40000 "$@")"; }
      ion=$(per_job) ioff=$(per_job --no-trace)
      echo "recording on/off by instructions per job (callgrind): $(ratio "$ioff" "$ion") ($ion with events, $ioff without)"
    fi
  fi
done

# Sleep-job fidelity: 8 workers, wall time over the ideal n*d/8, and what waiting cost: CPU
# seconds per wall second (poolscope: its threads during the run; Go: the whole process).
# The machine's floor beside them: 8 bare threads sleeping back to back on the same timer (no
# pool, no queue), then polling the last stretch as the engine's sleeper may (its budget).
FLOOR=$BUILD/tests/poolscope_timer_floor
for spec in "2000 1" "200 10"; do
  set -- $spec
  o=() oc=() g=() gc=() f0=() f1=() f1c=()
  for ((i = 0; i < REPS; i++)); do
    if [[ -x $FLOOR ]]; then
      read -r r _ < <("$FLOOR" 8 "$1" $(($2 * 1000)) 0) && f0+=("$r")
      read -r r c tail_us < <("$FLOOR" 8 "$1" $(($2 * 1000)) engine) && f1+=("$r") f1c+=("$c")
    fi
    read -r r c < <("$BIN" run --workers 8 --buffer 64 --jobs "$1" --job-ms "$2" --job-kind sleep \
      --json | python3 -c "import json,sys; j=json.load(sys.stdin); \
print(j['wall_s'] / ($1 * $2 / 1000 / 8), j['cpu_s'] / j['wall_s'])")
    o+=("$r") oc+=("$c")
    if ((have_go)); then
      # GNU time gives the Go process's CPU time (its start-up included: a few milliseconds).
      out=$( { $gnu_time -f 'cpu %U %S' "$PEERS/gopool" sleepjobs "$1" 8 64 $(($2 * 1000)); } 2>&1)
      g+=("$(awk '/^wall/ {print $8}' <<<"$out")")
      gc+=("$(awk '/^wall/ {w = $2} /^cpu/ {c = $2 + $3} END {print (c == "" ? "nan" : c / w)}' <<<"$out")")
    fi
  done
  line="sleep fidelity $1 x $2 ms, 8 workers: wall/ideal $(printf '%.3f' "$(median "${o[@]}")"),"
  line+=" CPU $(printf '%.3f' "$(median "${oc[@]}")") s/s"
  if ((have_go)); then
    line+=" (Go $(printf '%.3f' "$(median "${g[@]}")")"
    [[ -n $gnu_time ]] && line+=", CPU $(printf '%.3f' "$(median "${gc[@]}")") s/s"
    line+=")"
  fi
  if ((${#f0[@]} && ${#f1[@]})); then
    line+="; this machine's floor, 8 bare threads on the timer: $(printf '%.3f' "$(median "${f0[@]}")"),"
    line+=" polling the last $tail_us us (the engine's budget): $(printf '%.3f' "$(median "${f1[@]}")")"
    line+=" (CPU $(printf '%.3f' "$(median "${f1c[@]}")") s/s)"
  fi
  echo "$line"
done

# Memory: an open loop at 50k jobs/s; RSS sampled every second, peak from the kernel.
"$BIN" run --workers 4 --buffer 1024 --rate 50000 --duration "$OPEN_LOOP_S" --job-ms 0 \
  --job-kind sleep --json >/dev/null 2>/tmp/poolscope-bench-time.$$ &
pid=$!
samples=()
while kill -0 $pid 2>/dev/null; do
  rss=$(awk '/VmRSS/ {print $2}' /proc/$pid/status 2>/dev/null) && [[ -n $rss ]] && samples+=("$rss")
  sleep 1
done
wait $pid
python3 - "$OPEN_LOOP_S" "${samples[@]}" <<'PY'
import sys
secs, s = sys.argv[1], [int(x) / 1024 for x in sys.argv[2:]]
if not s:
    print("memory: no samples"); sys.exit()
half = s[len(s) // 2:]
print(f"memory, open loop 50k jobs/s for {secs} s: peak RSS {max(s):.0f} MB; "
      f"second half {min(half):.0f}-{max(half):.0f} MB (flat once the windows fill)")
PY
rm -f /tmp/poolscope-bench-time.$$
