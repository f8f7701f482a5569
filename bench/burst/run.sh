#!/usr/bin/env bash
# Interpreter burst benchmark (issue 15). See README.md.
#   bench/burst/run.sh               # builds the jar, then runs (about 10 minutes)
#   SKIP_BUILD=1 bench/burst/run.sh  # reuse target/codingit-server.jar
set -euo pipefail
cd "$(dirname "$0")/../.."

JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
export MAVEN_OPTS=--sun-misc-unsafe-memory-access=allow JAVA_HOME
PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres}
export PGHOST PGPORT PGUSER
PORT=${BENCH_PORT:-18113}
USERS=${USERS:-10}
PER_USER=${PER_USER:-5}
BURSTS=${BURSTS:-2}
SETTLE=${SETTLE:-120}
MODES=${MODES:-"off on"}

if [ "${SKIP_BUILD:-}" != 1 ] || [ ! -f target/codingit-server.jar ]; then
  ./mvnw -B -q -DskipTests -Dconsole.skip=true package
fi
WORK=$(mktemp -d /tmp/codingit-burst-bench.XXXXXX)
chmod 755 "$WORK" # the runtime directories under it must be traversable by the sandbox uid
PID=
DB=
stop_server() {
  if [ -n "$PID" ]; then kill "$PID" 2>/dev/null || true; wait "$PID" 2>/dev/null || true; PID=; fi
  if [ -n "$DB" ]; then psql -q -d postgres -c "DROP DATABASE IF EXISTS $DB" || true; DB=; fi
}
cleanup() {
  stop_server
  rm -rf "$WORK" 2>/dev/null || echo "note: $WORK is left behind (a sandbox of a stopped server still mounted)" >&2
}
trap cleanup EXIT

bare() {
  "$JAVA_HOME/bin/java" bench/burst/BareBurst.java $((USERS * PER_USER))
}

# off: the change switched off by its settings (no driver started in the warm pool, the pool of fixed size 2),
# which is what the server did before; on: the defaults.
run_mode() {
  local mode=$1 flags=()
  if [ "$mode" = off ]; then
    flags=(--codingit.sandbox.interpreter.warm-start=false --codingit.sandbox.warm-pool-demand.max=0)
  fi
  DB=burst_bench_${mode}_$$
  psql -q -d postgres -c "CREATE DATABASE $DB"
  JDBC="jdbc:postgresql://$PGHOST:$PGPORT/$DB"
  CODINGIT_DATABASE_URL="$JDBC" CODINGIT_DATABASE_USER=$PGUSER CODINGIT_DATABASE_PASSWORD="${PGPASSWORD:-}" \
  CODINGIT_DATA_DIR="$WORK/data-$mode" PORT=$PORT \
  CODINGIT_RATE_LIMIT_GENERAL_CAPACITY=100000000 CODINGIT_RATE_LIMIT_AUTH_CAPACITY=100000000 \
    "$JAVA_HOME/bin/java" -jar target/codingit-server.jar --codingit.sandbox.runtime-dir="$WORK/run-$mode" \
      --codingit.sandbox.egress=none --codingit.sandbox.registry.keep-on-shutdown=false "${flags[@]}" \
      > "$WORK/server-$mode.log" 2>&1 &
  PID=$!
  for _ in $(seq 1 240); do
    curl -sf "http://127.0.0.1:$PORT/api/health" > /dev/null && break
    sleep 1
  done
  curl -sf "http://127.0.0.1:$PORT/api/health" > /dev/null || { echo "server did not start" >&2; tail -50 "$WORK/server-$mode.log" >&2; exit 1; }
  "$JAVA_HOME/bin/java" bench/burst/BurstBench.java "http://127.0.0.1:$PORT" "$mode" "$USERS" "$PER_USER" "$BURSTS" "$SETTLE" \
    || { grep -E "ERROR|WARN|Caused by|Exception:" "$WORK/server-$mode.log" | grep -v "^\s*at " | tail -40 >&2; exit 1; }
  stop_server
}

echo "# interpreter burst benchmark $(date -u +%FT%TZ), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
bare
for mode in $MODES; do
  echo "## mode $mode, load $(cut -d' ' -f1-3 /proc/loadavg)"
  run_mode "$mode"
done
bare
echo "# done $(date -u +%FT%TZ), load $(cut -d' ' -f1-3 /proc/loadavg)"
