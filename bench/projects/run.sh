#!/usr/bin/env bash
# Projects benchmark (issue 20) on PostgreSQL, loopback only. See README.md.
#   bench/projects/run.sh               # builds the jar, then runs (a few minutes)
#   SKIP_BUILD=1 bench/projects/run.sh  # reuse target/codingit-server.jar
set -euo pipefail
cd "$(dirname "$0")/../.."

JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
export MAVEN_OPTS=--sun-misc-unsafe-memory-access=allow JAVA_HOME
PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres}
export PGHOST PGPORT PGUSER
DB=projects_bench_$$
PORT=${BENCH_PORT:-18097}
RUNS=${RUNS:-200}
PG_JAR=$(ls ~/.m2/repository/org/postgresql/postgresql/*/postgresql-*.jar | sort -V | tail -1)

if [ "${SKIP_BUILD:-}" != 1 ] || [ ! -f target/codingit-server.jar ]; then
  ./mvnw -B -q -DskipTests package
fi
WORK=$(mktemp -d /tmp/codingit-projects-bench.XXXXXX)
PID=
cleanup() {
  if [ -n "$PID" ]; then kill "$PID" 2>/dev/null || true; wait "$PID" 2>/dev/null || true; fi
  psql -q -d postgres -c "DROP DATABASE IF EXISTS $DB" || true
  rm -rf "$WORK"
}
trap cleanup EXIT

psql -q -d postgres -c "CREATE DATABASE $DB"
JDBC="jdbc:postgresql://$PGHOST:$PGPORT/$DB"
CODINGIT_DATABASE_URL="$JDBC" CODINGIT_DATABASE_USER=$PGUSER CODINGIT_DATABASE_PASSWORD="${PGPASSWORD:-}" \
CODINGIT_DATA_DIR="$WORK/data" PORT=$PORT \
CODINGIT_RATE_LIMIT_GENERAL_CAPACITY=100000000 CODINGIT_RATE_LIMIT_AUTH_CAPACITY=100000000 \
CODINGIT_LLM_ALLOWED_BASE_URL_HOSTS=127.0.0.2 \
  "$JAVA_HOME/bin/java" -jar target/codingit-server.jar > "$WORK/server.log" 2>&1 &
PID=$!
for _ in $(seq 1 180); do
  curl -sf "http://127.0.0.1:$PORT/api/health" > /dev/null && break
  sleep 1
done
curl -sf "http://127.0.0.1:$PORT/api/health" > /dev/null || { echo "server did not start" >&2; cat "$WORK/server.log" >&2; exit 1; }

echo "# projects benchmark $(date -u +%FT%TZ), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
"$JAVA_HOME/bin/java" -cp "$PG_JAR" bench/projects/ProjectsBench.java "http://127.0.0.1:$PORT" "$JDBC" "$PGUSER" "${PGPASSWORD:-}" "$RUNS"
