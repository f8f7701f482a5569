#!/usr/bin/env bash
# Files API benchmark on PostgreSQL, loopback only. See README.md.
set -euo pipefail
cd "$(dirname "$0")/../.."

JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres}
export PGHOST PGPORT PGUSER
DB=files_bench_$$
PORT=${BENCH_PORT:-18093}
PG_JAR=$(ls ~/.m2/repository/org/postgresql/postgresql/42.7.11/postgresql-42.7.11.jar)

if [ "${SKIP_BUILD:-}" != 1 ]; then
  MAVEN_OPTS=--sun-misc-unsafe-memory-access=allow JAVA_HOME=$JAVA_HOME ./mvnw -B -q -DskipTests package
fi
JAR=target/codingit-server.jar

psql -q -d postgres -c "CREATE DATABASE $DB"
DATA=$(mktemp -d)
cleanup() {
  [ -n "${SERVER:-}" ] && kill "$SERVER" 2>/dev/null && wait "$SERVER" 2>/dev/null || true
  psql -q -d postgres -c "DROP DATABASE IF EXISTS $DB" || true
  rm -rf "$DATA"
}
trap cleanup EXIT

# Budgets raised so the limiter does not throttle the measurement itself.
CODINGIT_DATABASE_URL="jdbc:postgresql://$PGHOST:$PGPORT/$DB" CODINGIT_DATABASE_USER=$PGUSER \
CODINGIT_DATA_DIR=$DATA PORT=$PORT \
CODINGIT_RATE_LIMIT_GENERAL_CAPACITY=1000000 CODINGIT_RATE_LIMIT_AUTH_CAPACITY=1000000 \
  "$JAVA_HOME/bin/java" -jar "$JAR" \
    --management.metrics.distribution.percentiles.http.server.requests=0.5,0.9,0.99 \
    > "$DATA/server.log" 2>&1 &
SERVER=$!
for _ in $(seq 1 120); do
  curl -sf "http://127.0.0.1:$PORT/api/health" > /dev/null && break
  sleep 1
done

"$JAVA_HOME/bin/java" -cp "$PG_JAR" bench/files/FilesBench.java "http://127.0.0.1:$PORT" \
  "jdbc:postgresql://$PGHOST:$PGPORT/$DB" "$PGUSER" "${PGPASSWORD:-}"
