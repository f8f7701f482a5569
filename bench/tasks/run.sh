#!/usr/bin/env bash
# Task queue benchmark (issue 9) on PostgreSQL, loopback only. See README.md.
#   bench/tasks/run.sh               # builds the jar, then runs (about 3 minutes)
#   SKIP_BUILD=1 bench/tasks/run.sh  # reuse target/codingit-server.jar
set -euo pipefail
cd "$(dirname "$0")/../.."

JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
export MAVEN_OPTS=--sun-misc-unsafe-memory-access=allow JAVA_HOME
PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres}
export PGHOST PGPORT PGUSER
DB=tasks_bench_$$
PORT_A=${BENCH_PORT:-18095}
PORT_B=$((PORT_A + 1))
TASKS=${TASKS:-2000}
USERS=${USERS:-50}
RUNS=${RUNS:-200}
CONCURRENCY=${CONCURRENCY:-4}
PG_JAR=$(ls ~/.m2/repository/org/postgresql/postgresql/42.7.11/postgresql-42.7.11.jar)

if [ "${SKIP_BUILD:-}" != 1 ] || [ ! -f target/codingit-server.jar ]; then
  ./mvnw -B -q -DskipTests package
fi
JAR=target/codingit-server.jar
WORK=$(mktemp -d /tmp/codingit-tasks-bench.XXXXXX)
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null || true; done
  psql -q -d postgres -c "DROP DATABASE IF EXISTS $DB" || true
  rm -rf "$WORK"
}
trap cleanup EXIT

# The no-op pipeline, compiled against the server's classes and added with loader.path (never shipped).
./mvnw -B -q dependency:build-classpath -Dmdep.outputFile="$WORK/cp.txt" >/dev/null
mkdir -p "$WORK/classes"
"$JAVA_HOME/bin/javac" --release 21 -d "$WORK/classes" -cp "target/classes:$(cat "$WORK/cp.txt")" \
  bench/tasks/src/io/codingit/bench/NoOpTaskPipeline.java

psql -q -d postgres -c "CREATE DATABASE $DB"
JDBC="jdbc:postgresql://$PGHOST:$PGPORT/$DB"

start_server() { # name port
  mkdir -p "$WORK/$1"
  CODINGIT_DATABASE_URL="$JDBC" CODINGIT_DATABASE_USER=$PGUSER CODINGIT_DATABASE_PASSWORD="${PGPASSWORD:-}" \
  CODINGIT_DATA_DIR="$WORK/$1" PORT=$2 \
  CODINGIT_AUTH_JWT_SECRET=tasks-bench-shared-signing-secret-0123456789 \
  CODINGIT_RATE_LIMIT_GENERAL_CAPACITY=100000000 CODINGIT_RATE_LIMIT_AUTH_CAPACITY=100000000 \
  CODINGIT_TASKS_MAX_CONCURRENT=$CONCURRENCY CODINGIT_TASKS_MAX_PER_USER=1000 \
    "$JAVA_HOME/bin/java" -Dloader.path="$WORK/classes" -cp "$JAR" \
    org.springframework.boot.loader.launch.PropertiesLauncher > "$WORK/$1.log" 2>&1 &
  PIDS+=($!)
  for _ in $(seq 1 180); do
    curl -sf "http://127.0.0.1:$2/api/health" > /dev/null && return 0
    sleep 1
  done
  echo "server $1 did not start" >&2; cat "$WORK/$1.log" >&2; return 1
}

bench() { "$JAVA_HOME/bin/java" -cp "$PG_JAR" bench/tasks/TasksBench.java "$@"; }

echo "# tasks benchmark $(date -u +%FT%TZ), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), max-concurrent $CONCURRENCY per server"
start_server a "$PORT_A"
echo "## one server"
bench latency "http://127.0.0.1:$PORT_A" "$RUNS"
bench throughput "http://127.0.0.1:$PORT_A" "$JDBC" "$PGUSER" "${PGPASSWORD:-}" "$TASKS" "$USERS"
start_server b "$PORT_B"
echo "## two servers on the same database"
bench throughput "http://127.0.0.1:$PORT_A" "$JDBC" "$PGUSER" "${PGPASSWORD:-}" "$TASKS" "$USERS"
bench latency "http://127.0.0.1:$PORT_A" "$RUNS"
echo "load at the end $(cut -d' ' -f1-3 /proc/loadavg)"
