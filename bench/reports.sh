#!/usr/bin/env bash
# The reports benchmark (issue 14): a year of one busy shop, every report timed over HTTP on SQLite and then
# PostgreSQL. See bench/README.md, "Reports". Per database:
#   1. a fresh data dir (SQLite) or a fresh schema parley_reportbench_* on 127.0.0.1:5432 (PostgreSQL);
#   2. parley admin migrate, parley admin create-owner (the shop);
#   3. N raw days of the shop (default 7 x 50,000 visitors a day) written with JDBC;
#   4. parley admin rollup: the real RollupJob rolls those hours up;
#   5. those rollup rows copied with SQL over the rest of the year (loading a year of raw rows would take hours);
#   6. the server started, every report timed, the server stopped; the data dir / schema removed.
#   bench/reports.sh                                  # both databases, full size (about 10 minutes)
#   bench/reports.sh --db sqlite --visitors 5000 --raw-days 2 --days-per-year 60 --runs 3   # a quick run
# Environment: PARLEY_BENCH_PORT (default 18085), PARLEY_BENCH_SKIP_BUILD=1 reuses target/parley.jar,
# PARLEY_BENCH_POSTGRES_URL (default jdbc:postgresql://127.0.0.1:5432/test?user=postgres), PARLEY_BENCH_KEEP=1
# keeps the data dir and schema of each database (printed) to look into with sqlite3 / psql; delete them after.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
PORT=${PARLEY_BENCH_PORT:-18085}
BASE="http://127.0.0.1:$PORT"
PG=${PARLEY_BENCH_POSTGRES_URL:-jdbc:postgresql://127.0.0.1:5432/test?user=postgres}
LOG="$ROOT/bench/target/reports-server.log"
DBS="sqlite postgresql" VISITORS=50000 RAW_DAYS=7 YEAR_DAYS=365 RUNS=5 WARMUP=1 MAX_SECONDS=600

usage() { sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
num() { [[ "$2" =~ ^[0-9]+$ ]] && [ "$2" -ge "$3" ] && [ "$2" -le "$4" ] || { echo "reports.sh: $1 must be $3..$4" >&2; exit 2; }; }
while [ $# -gt 0 ]; do
  [ $# -ge 2 ] || usage
  case "$1" in
    --db) case "$2" in sqlite|postgresql) DBS=$2 ;; both) DBS="sqlite postgresql" ;; *) usage ;; esac ;;
    --visitors) num "$1" "$2" 100 200000; VISITORS=$2 ;;
    --raw-days) num "$1" "$2" 1 14; RAW_DAYS=$2 ;;
    --days-per-year) num "$1" "$2" 2 400; YEAR_DAYS=$2 ;;
    --runs) num "$1" "$2" 1 50; RUNS=$2 ;;
    --warmup) num "$1" "$2" 0 10; WARMUP=$2 ;;
    --max-seconds) num "$1" "$2" 10 3600; MAX_SECONDS=$2 ;;
    *) usage ;;
  esac
  shift 2
done
[ "$YEAR_DAYS" -ge "$RAW_DAYS" ] || { echo "reports.sh: --days-per-year must be at least --raw-days" >&2; exit 2; }
case "$PG" in jdbc:postgresql://127.0.0.1[:/]*|jdbc:postgresql://localhost[:/]*) ;;
  *) echo "reports.sh: PARLEY_BENCH_POSTGRES_URL must be on 127.0.0.1 or localhost" >&2; exit 2 ;; esac

# shellcheck source=bench/jdk.sh
. "$ROOT/bench/jdk.sh"
JDK=$(find_jdk)
[ -n "$JDK" ] || { echo "reports.sh: no JDK 21+ found: set JAVA_HOME or install one under /usr/lib/jvm" >&2; exit 1; }
cd "$ROOT"
if [ "${PARLEY_BENCH_SKIP_BUILD:-}" != 1 ]; then
  mvn -B -q -DskipTests package
fi
[ -f target/parley.jar ] || { echo "reports.sh: target/parley.jar is missing" >&2; exit 1; }
mvn -B -q -f bench/pom.xml compile dependency:build-classpath -Dmdep.includeScope=runtime \
  -Dmdep.outputFile="$ROOT/bench/target/classpath.txt"
if curl -s -o /dev/null "$BASE/health"; then
  echo "reports.sh: something already listens on $BASE; stop it or set PARLEY_BENCH_PORT" >&2
  exit 1
fi
mkdir -p "$(dirname "$LOG")"

tool() { "$JDK/bin/java" -Xmx1g --enable-native-access=ALL-UNNAMED -cp "$ROOT/bench/target/classes:$(cat "$ROOT/bench/target/classpath.txt")" \
  org.parley.bench.reports.ReportBench "$@"; }
admin() { "$JDK/bin/java" --enable-native-access=ALL-UNNAMED -jar target/parley.jar admin "$@"; }
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

SERVER="" DATA="" SCHEMA=""
cleanup() {
  if [ -n "$SERVER" ] && kill -0 "$SERVER" 2>/dev/null; then
    kill "$SERVER"
    for _ in $(seq 1 40); do kill -0 "$SERVER" 2>/dev/null || break; sleep 0.5; done
    kill -9 "$SERVER" 2>/dev/null || true
    wait "$SERVER" 2>/dev/null || true
  fi
  SERVER=""
  if [ "${PARLEY_BENCH_KEEP:-}" = 1 ] && [ -n "$DATA" ]; then
    echo "reports.sh: kept $DATA${SCHEMA:+ and schema $SCHEMA} (PARLEY_BENCH_KEEP=1)"
    DATA="" SCHEMA=""
  fi
  if [ -n "$SCHEMA" ]; then
    tool schema drop --db "$PG" --schema "$SCHEMA" || echo "reports.sh: could not drop schema $SCHEMA" >&2
  fi
  SCHEMA=""
  case "$DATA" in /tmp/parley-reportbench.*) rm -rf -- "$DATA" ;; esac
  DATA=""
}
trap cleanup EXIT

END=$(( $(date +%s) / 86400 * 86400 * 1000 ))   # today 00:00 UTC: raw rows end there, whole UTC days (the daily rollups copy whole)
echo "reports.sh: $RAW_DAYS raw days x $VISITORS visitors a day, rolled up by parley admin rollup, then those rollup rows"
echo "  copied over $YEAR_DAYS days with SQL (a year of raw rows would take hours to load); $WARMUP warm-up + $RUNS timed"
echo "  requests each; JDK $JDK; $(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg)"
for DB in $DBS; do
  DATA=$(mktemp -d /tmp/parley-reportbench.XXXXXX)
  export PARLEY_DATA_DIR="$DATA"
  if [ "$DB" = postgresql ]; then
    SCHEMA="parley_reportbench_$(date +%s)_$$"
    tool schema create --db "$PG" --schema "$SCHEMA"
    export PARLEY_DATABASE_URL="$PG&currentSchema=$SCHEMA"
    case "$PG" in *\?*) ;; *) PARLEY_DATABASE_URL="$PG?currentSchema=$SCHEMA" ;; esac
    DBURL=$PARLEY_DATABASE_URL
  else
    unset PARLEY_DATABASE_URL
    DBURL="jdbc:sqlite:$DATA/parley.db"
  fi
  echo
  echo "== $DB =="
  admin migrate
  PASSWORD="bench-$(od -An -N8 -tx8 /dev/urandom | tr -d ' ')"
  WS=$(printf '%s\n' "$PASSWORD" | admin create-owner --password-stdin --email owner@reportbench.example \
    --name "Bench Owner" --workspace "Busy shop" | sed -n 's/^workspace \([^ ]*\) .*/\1/p')
  [ -n "$WS" ] || { echo "reports.sh: create-owner gave no workspace" >&2; exit 1; }
  T=$(now)
  tool seed --db "$DBURL" --workspace "$WS" --end "$END" --raw-days "$RAW_DAYS" --visitors "$VISITORS"
  T2=$(now)
  admin rollup --workspace "$WS"
  echo "rollup: $(since "$T2") s (parley admin rollup, the real RollupJob)"
  tool copy --db "$DBURL" --workspace "$WS" --end "$END" --raw-days "$RAW_DAYS" --year-days "$YEAR_DAYS"
  echo "seeding: $(since "$T") s in all (raw rows, rollup, copy)"

  PARLEY_PORT=$PORT PARLEY_BASE_URL=$BASE PARLEY_RATE_LIMITS=off PARLEY_DEMO=off PARLEY_PRUNE_EVERY=off \
    "$JDK/bin/java" ${PARLEY_JAVA_OPTS:--XX:+UseSerialGC} --enable-native-access=ALL-UNNAMED -jar target/parley.jar \
    >"$LOG.$DB" 2>&1 &
  SERVER=$!
  for i in $(seq 1 120); do
    curl -fs -o /dev/null "$BASE/health" && break
    if ! kill -0 "$SERVER" 2>/dev/null || [ "$i" = 120 ]; then
      echo "reports.sh: the server did not become healthy within 60 s; last lines of $LOG.$DB:" >&2
      tail -n 30 "$LOG.$DB" >&2
      exit 1
    fi
    sleep 0.5
  done
  tool time --url "$BASE" --email owner@reportbench.example --password "$PASSWORD" --runs "$RUNS" --warmup "$WARMUP" \
    --max-seconds "$MAX_SECONDS" --year-days "$YEAR_DAYS"
  echo "server RSS: $(awk '/VmRSS/ { printf "%d MB", $2 / 1024 }' "/proc/$SERVER/status")"
  cleanup
done
