#!/usr/bin/env bash
# Load test of 'dateline serve' on loopback: build dateline, make a store of
# synthetic articles (once; it is kept for the next run), start the server,
# and measure the search API and the article pages with wrk.
#
#   web/loadtest/run.sh                      # 20,000 articles, 50 connections, 30 s per scenario
#   ARTICLES=100000 web/loadtest/run.sh      # the target size (the store takes ~10 min to build on 2 cores)
#
# Settings (environment): ARTICLES (20000), CONNS (50), DURATION (30s),
# THREADS (2), PORT (8099), WORKDIR (a directory kept between runs, default
# ${TMPDIR:-/tmp}/dateline-loadtest). Needs wrk (apt-get install wrk).
# Exits non-zero when a target is missed or a request fails.
set -euo pipefail

ARTICLES=${ARTICLES:-20000}
CONNS=${CONNS:-50}
DURATION=${DURATION:-30s}
THREADS=${THREADS:-2}
PORT=${PORT:-8099}
WORKDIR=${WORKDIR:-${TMPDIR:-/tmp}/dateline-loadtest}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
DB=$WORKDIR/store-$ARTICLES

command -v wrk >/dev/null || { echo "loadtest: wrk not found (apt-get install wrk)" >&2; exit 2; }
mkdir -p "$WORKDIR"
echo "building dateline and the load test driver"
(cd "$ROOT" && go build -o "$WORKDIR/dateline" ./cmd/dateline && go build -o "$WORKDIR/loadtest" ./web/loadtest)

if [ ! -d "$DB" ]; then
  echo "making a store of $ARTICLES synthetic articles in $DB"
  "$WORKDIR/dateline" --db "$DB.tmp" bench --articles "$ARTICLES" --json > "$WORKDIR/bench-$ARTICLES.json"
  mv "$DB.tmp" "$DB"
fi

SERVER=
stop() { if [ -n "$SERVER" ]; then kill "$SERVER" 2>/dev/null; wait "$SERVER" 2>/dev/null || true; SERVER=; fi; }
trap stop EXIT
start() { # start [serve flags...]
  "$WORKDIR/dateline" --db "$DB" serve --addr "127.0.0.1:$PORT" "$@" 2> "$WORKDIR/serve.log" &
  SERVER=$!
  for i in $(seq 1 120); do
    curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && return 0
    kill -0 "$SERVER" 2>/dev/null || { echo "loadtest: the server exited:" >&2; tail -5 "$WORKDIR/serve.log" >&2; exit 1; }
    sleep 0.5
  done
  echo "loadtest: the server did not answer" >&2; exit 1
}

# 1. As served by default (with the response cache), after a warm-up: the targets.
start
curl -fs "http://127.0.0.1:$PORT/api/stats"; echo
status=0
"$WORKDIR/loadtest" -url "http://127.0.0.1:$PORT" -c "$CONNS" -t "$THREADS" -d "$DURATION" \
  -label "$ARTICLES articles, response cache on" -json "$WORKDIR/result-$ARTICLES-cached.json" || status=$?
stop

# 2. Without the cache, so every request searches the index and reads the
#    store: reported, not judged (on a small machine 50 closed-loop clients
#    make latency the queue length divided by the throughput).
start --cache 0
"$WORKDIR/loadtest" -url "http://127.0.0.1:$PORT" -c "$CONNS" -t "$THREADS" -d "$DURATION" -warm=false -report-only \
  -label "$ARTICLES articles, no cache" -json "$WORKDIR/result-$ARTICLES-uncached.json" || status=$?
stop
exit $status
