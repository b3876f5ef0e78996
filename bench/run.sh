#!/usr/bin/env bash
# Builds Parley, starts it on 127.0.0.1:18080 with a fresh data dir and rate limits off, runs the
# bench against it (arguments are passed to the tool), and stops the server. See bench/README.md.
#   bench/run.sh                                   # all figures, default sizes
#   bench/run.sh --mode idle --connections 2000    # one figure, smaller
# Environment: PARLEY_BENCH_PORT (default 18080), PARLEY_BENCH_SKIP_BUILD=1 to reuse target/parley.jar.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
PORT=${PARLEY_BENCH_PORT:-18080}
BASE="http://127.0.0.1:$PORT"
LOG="$ROOT/bench/target/server.log"

# shellcheck source=bench/jdk.sh
. "$ROOT/bench/jdk.sh"

JDK=$(find_jdk)
if [ -z "$JDK" ]; then
  echo "run.sh: no JDK 21+ found: set JAVA_HOME to one, or install one under /usr/lib/jvm" >&2
  exit 1
fi

# Each idle connection is one file descriptor in the bench and one in the server (children inherit this).
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
echo "run.sh: JDK $JDK, open files $(ulimit -n), server $BASE" >&2

cd "$ROOT"
if [ "${PARLEY_BENCH_SKIP_BUILD:-}" != 1 ]; then
  mvn -q -DskipTests package
fi
[ -f target/parley.jar ] || { echo "run.sh: target/parley.jar is missing" >&2; exit 1; }
if curl -s -o /dev/null "$BASE/health"; then
  echo "run.sh: something already listens on $BASE; stop it or set PARLEY_BENCH_PORT" >&2
  exit 1
fi
mvn -f bench/pom.xml -q compile

DATA=$(mktemp -d /tmp/parley-bench-data.XXXXXX)
mkdir -p "$(dirname "$LOG")"
# The same JVM options as ./parley run (see docs/adr/0002-serial-gc.md). PARLEY_SIGNUP=invite lets the demo
# owner create the fresh workspaces of --mode flows (POST /api/v1/workspaces); nothing else uses it here.
# shellcheck disable=SC2086
PARLEY_PORT=$PORT PARLEY_BASE_URL=$BASE PARLEY_DATA_DIR=$DATA PARLEY_RATE_LIMITS=off PARLEY_SIGNUP=invite \
  "$JDK/bin/java" ${PARLEY_JAVA_OPTS:--XX:+UseSerialGC} --enable-native-access=ALL-UNNAMED -jar target/parley.jar >"$LOG" 2>&1 &
SERVER=$!

stop_server() {
  if kill -0 "$SERVER" 2>/dev/null; then
    kill "$SERVER"
    for _ in $(seq 1 40); do
      kill -0 "$SERVER" 2>/dev/null || break
      sleep 0.5
    done
    kill -9 "$SERVER" 2>/dev/null || true
  fi
  wait "$SERVER" 2>/dev/null || true
  rm -rf "$DATA"
}
trap stop_server EXIT

for i in $(seq 1 120); do
  if curl -fs -o /dev/null "$BASE/health"; then
    break
  fi
  if ! kill -0 "$SERVER" 2>/dev/null || [ "$i" = 120 ]; then
    echo "run.sh: the server did not become healthy within 60 s; last lines of $LOG:" >&2
    tail -n 30 "$LOG" >&2
    exit 1
  fi
  sleep 0.5
done

echo "run.sh: server pid $SERVER healthy; server log: $LOG" >&2
# `compile` in the same command runs the toolchain selection, so exec:exec uses the JDK 21+.
mvn -f bench/pom.xml -q compile exec:exec -Dbench.args="--url $BASE --pid $SERVER $*"
