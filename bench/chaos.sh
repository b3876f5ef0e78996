#!/usr/bin/env bash
# The chaos-delivery harness (issue 10): builds Parley and the bench, then runs org.parley.bench.chaos.Chaos,
# which starts Parley on 127.0.0.1:18090 (and, for PostgreSQL, its own PostgreSQL on 127.0.0.1:55433), runs
# visitors and agents through a seeded nemesis and prints the checker's figures. See bench/README.md.
#   bench/chaos.sh --db sqlite --short              # a development run, about 2 minutes
#   bench/chaos.sh --db sqlite                      # 30 kills of Parley, 20 socket drops
#   bench/chaos.sh --db postgresql                  # and 20 kills of PostgreSQL
#   bench/chaos.sh --control                        # negative control: must report lost > 0
#   bench/chaos.sh --db sqlite --seed 1234          # repeat a run's schedule
# Environment: PARLEY_BENCH_SKIP_BUILD=1 reuses target/parley.jar. Must run as root for PostgreSQL (it starts
# its own server as the postgres OS user). Exit code: 0 pass, 1 a figure failed, 2 bad usage, 3 the run broke.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT="$ROOT/bench/target/chaos"
cd "$ROOT"

# shellcheck source=bench/jdk.sh
. "$ROOT/bench/jdk.sh"
JDK=$(find_jdk)
if [ -z "$JDK" ]; then
  echo "chaos.sh: no JDK 21+ found: set JAVA_HOME to one, or install one under /usr/lib/jvm" >&2
  exit 1
fi
if [ "${PARLEY_BENCH_SKIP_BUILD:-}" != 1 ]; then
  mvn -B -q -DskipTests package
fi
[ -f target/parley.jar ] || { echo "chaos.sh: target/parley.jar is missing" >&2; exit 1; }
mvn -B -q -f bench/pom.xml compile dependency:build-classpath -Dmdep.includeScope=runtime \
  -Dmdep.outputFile="$ROOT/bench/target/classpath.txt"

# If the tool itself dies (kill -9, OOM), kill what it started and delete its temporary directories, from
# the cleanup file it keeps (one per chaos.sh). Every process is checked by a marker of this run in its command line.
CLEANUP_FILE="$OUT/cleanup-$$.txt"
cleanup_leftovers() {
  local file="$CLEANUP_FILE" kind a b pid line
  if [ -f "$file" ]; then
    while read -r kind a b; do
      case "$kind" in
        pid)
          if [ -r "/proc/$a/cmdline" ] && tr '\0' ' ' <"/proc/$a/cmdline" | grep -qF -- "$b"; then
            kill -9 "$a" 2>/dev/null || true
          fi ;;
        postgres)
          for pid in $(ls /proc | grep -E '^[0-9]+$'); do
            [ -r "/proc/$pid/cmdline" ] || continue
            line=$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null || true)
            case "$line" in
              "postgres: $a:"*|*"postgres -D $b "*) kill -9 "$pid" 2>/dev/null || true ;;
            esac
          done ;;
        dir)
          case "$a" in /tmp/parley-chaos-*) rm -rf -- "$a" ;; esac ;;
      esac
    done <"$file"
    rm -f "$file"
  fi
}
trap cleanup_leftovers EXIT

# The harness runs Parley with its own JDK (java.home), so JDK is the server's JDK too.
set +e
"$JDK/bin/java" -Xms256m -Xmx1g --enable-native-access=ALL-UNNAMED \
  -cp "$ROOT/bench/target/classes:$(cat "$ROOT/bench/target/classpath.txt")" org.parley.bench.chaos.Chaos \
  --jar "$ROOT/target/parley.jar" --out "$OUT" --cleanup-file "$CLEANUP_FILE" "$@"
code=$?
set -e
exit $code
