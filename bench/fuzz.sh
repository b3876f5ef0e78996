#!/usr/bin/env bash
# Fuzzes Parley's parsers and verifiers (issue 11). How to read the output, and what was run: bench/fuzz.md.
#   bench/fuzz.sh                       every target, 5 s each (the CI run, about 3 minutes)
#   bench/fuzz.sh all 1m                every target, 1 minute each
#   bench/fuzz.sh FramesFuzzTest 10m    one Java target (a *FuzzTest class), 10 minutes
#   bench/fuzz.sh linkify 10m           the link renderer (web/shared/linkify.fuzz.test.ts, fast-check)
# Durations: Jazzer's form (30s, 10m, 1h). A finding fails the run; Jazzer writes its input to the class's
# Inputs directory under src/test/resources, where the unit tests replay it from then on.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=bench/jdk.sh
source bench/jdk.sh

target=${1:-all}
duration=${2:-5s}

seconds() { # 10m -> 600
  local value=${1%[smh]} unit=${1: -1}
  case "$unit" in
    h) echo $((value * 3600)) ;;
    m) echo $((value * 60)) ;;
    s) echo "$value" ;;
    *) echo "$1" ;;
  esac
}

fuzz_java() { # $1: a -Dtest pattern
  local jdk
  jdk=$(find_jdk)
  if [ -z "$jdk" ]; then
    echo "bench/fuzz.sh: no JDK 21 or newer found (JAVA_HOME or /usr/lib/jvm)" >&2
    exit 1
  fi
  JAVA_HOME=$jdk mvn -B -DskipWeb -Pfuzz test -Dtest="$1" -Dfuzz.duration="$duration"
}

fuzz_linkify() {
  (cd web && { [ -d node_modules ] || npm ci --no-audit --no-fund; } \
    && LINKIFY_FUZZ_SECONDS=$(seconds "$duration") npx vitest run shared/linkify.fuzz.test.ts)
}

case "$target" in
  all) fuzz_java '*FuzzTest' && fuzz_linkify ;;
  linkify) fuzz_linkify ;;
  *FuzzTest) fuzz_java "$target" ;;
  *) echo "usage: bench/fuzz.sh [all | linkify | <Name>FuzzTest] [duration, e.g. 30s or 10m]" >&2; exit 2 ;;
esac
