#!/bin/sh
# Load test of drove-embedded's HTTP API with wrk on loopback (bench/server/RESULTS.md).
#
#   bench/server/run-bench.sh [path/to/drove-embedded] [APPSxINSTANCES] [seconds]
#
# Starts drove-embedded in memory with APPSxINSTANCES seeded (default 1000x10), then runs wrk
# against each route at 10 and 100 connections and prints a Markdown table with requests/s and
# p99 latency, plus the app-summary/ping throughput ratio. Needs wrk.
set -eu

BIN=${1:-build/bin/drove-embedded}
SEED=${2:-1000x10}
DURATION=${3:-10}
PORT=${DROVE_BENCH_PORT:-7311}
HERE=$(cd "$(dirname "$0")" && pwd)
LOG=$(mktemp)

command -v wrk >/dev/null || { echo "wrk is not installed" >&2; exit 1; }

"$BIN" --in-memory --no-request-log --listen 127.0.0.1:"$PORT" --seed-bench "$SEED" >"$LOG" 2>&1 &
SERVER=$!
trap 'kill "$SERVER" 2>/dev/null; wait "$SERVER" 2>/dev/null; rm -f "$LOG"' EXIT INT TERM

# Seeding 10,000 instances takes about a minute on a 2-core VM.
i=0
until grep -q "listening on" "$LOG"; do
    if ! kill -0 "$SERVER" 2>/dev/null; then cat "$LOG" >&2; exit 1; fi
    i=$((i + 1)); [ "$i" -lt 1200 ] || { echo "server did not come up" >&2; exit 1; }
    sleep 0.5
done
grep "seeding done" "$LOG" >&2 || true

BASE="http://127.0.0.1:$PORT/apis/v1"
APP=BENCH_APP_500-1

run() { # name connections url [script]
    name=$1; conns=$2; url=$3; script=${4:-}
    if [ -n "$script" ]; then
        out=$(wrk -t2 -c"$conns" -d"${DURATION}s" --latency -s "$script" "$url")
    else
        out=$(wrk -t2 -c"$conns" -d"${DURATION}s" --latency "$url")
    fi
    rps=$(echo "$out" | awk '/^Requests\/sec:/ {print $2}')
    p99=$(echo "$out" | awk '$1 == "99%" {print $2}')
    non2xx=$(echo "$out" | awk '/Non-2xx/ {print $5}')
    errors=$(echo "$out" | awk '/Socket errors/ {print $0}')
    echo "| $name | $conns | $rps | $p99 | ${non2xx:-0} | ${errors:-none} |"
    eval "RPS_$(echo "$name" | tr -c 'A-Za-z0-9\n' '_')_$conns=$rps"
}

echo "| route | connections | requests/s | p99 latency | non-2xx | socket errors |"
echo "|---|---|---|---|---|---|"
for c in 10 100; do
    run ping "$c" "$BASE/ping"
    run app_summary "$c" "$BASE/applications/$APP"
    run applications "$c" "$BASE/applications"
    run instances "$c" "$BASE/applications/$APP/instances"
    run rejected_op "$c" "$BASE/applications/operations" "$HERE/rejected-op.lua"
done
for c in 10 100; do
    eval "p=\$RPS_ping_$c; s=\$RPS_app_summary_$c"
    echo "ratio app-summary/ping at $c connections: $(echo "$s $p" | awk '{printf "%.2f", $1 / $2}')"
done
