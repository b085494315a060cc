#!/bin/sh
# Cold start of drove-console (issue 18): from process start to the first paint of the
# application list holding every application of a drove-embedded seeded with APPSxINSTANCES.
#
#   bench/client/coldstart.sh [build dir] [APPSxINSTANCES] [runs]
#
# Starts drove-embedded in memory with the seed (default 10000x10), then runs drove-console
# --endpoint against it RUNS times (default 5) with DROVE_CONSOLE_FIRST_PAINT_ROWS=APPS: the
# console prints when the table first paints with that many rows and exits. Each run prints the
# console's own figures (ms since the kernel started the process, from /proc; ms since main())
# and the wall time measured here around the whole process (start to exit); then the median of
# each. Needs a display (DISPLAY, e.g. Xvfb) or runs on QT_QPA_PLATFORM=offscreen.
set -eu

BUILD=${1:-build}
SEED=${2:-10000x10}
RUNS=${3:-5}
APPS=${SEED%x*}
PORT=${DROVE_BENCH_PORT:-7312}
LOG=$(mktemp)
HOME_DIR=$(mktemp -d)

"$BUILD"/bin/drove-embedded --in-memory --no-request-log --listen 127.0.0.1:"$PORT" \
    --seed-bench "$SEED" >"$LOG" 2>&1 &
SERVER=$!
trap 'kill "$SERVER" 2>/dev/null; wait "$SERVER" 2>/dev/null; rm -rf "$LOG" "$HOME_DIR"' EXIT INT TERM
i=0
until grep -q "listening on" "$LOG"; do
    if ! kill -0 "$SERVER" 2>/dev/null; then cat "$LOG" >&2; exit 1; fi
    i=$((i + 1)); [ "$i" -lt 2400 ] || { echo "server did not come up" >&2; exit 1; }
    sleep 0.5
done
[ -n "${DISPLAY:-}" ] || export QT_QPA_PLATFORM=offscreen

echo "drove-console cold start to a painted list of $APPS applications ($SEED), $RUNS runs"
printf 'run  since-process-start-ms  since-main-ms  wall-ms\n'
results=$(mktemp)
run=1
while [ "$run" -le "$RUNS" ]; do
    start=$(date +%s%N)
    out=$(HOME="$HOME_DIR" XDG_CONFIG_HOME="$HOME_DIR/config" XDG_DATA_HOME="$HOME_DIR/data" \
          DROVE_CONSOLE_FIRST_PAINT_ROWS="$APPS" \
          timeout 60 "$BUILD"/bin/drove-console --endpoint "http://127.0.0.1:$PORT" \
          --criticality DEVELOPMENT 2>/dev/null | grep '^first-paint' || true)
    end=$(date +%s%N)
    [ -n "$out" ] || { echo "run $run: no first paint within 60 s" >&2; exit 1; }
    process=$(echo "$out" | awk '{print $5}')
    main=$(echo "$out" | awk '{print $7}')
    wall=$(( (end - start) / 1000000 ))
    printf '%-4s %-23s %-14s %s\n' "$run" "$process" "$main" "$wall"
    echo "$process $main $wall" >>"$results"
    run=$((run + 1))
done
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
printf 'median %-23s %-14s %s\n' "$(cut -d' ' -f1 "$results" | median)" \
    "$(cut -d' ' -f2 "$results" | median)" "$(cut -d' ' -f3 "$results" | median)"
rm -f "$results"
