#!/usr/bin/env bash
# MCP benchmark: run_code("1+1") through /mcp against its REST baseline in the same run, then 200
# concurrent MCP sessions. Loopback only; needs root and bubblewrap (real sandboxes). See README.md.
# Usage: bench/mcp/run.sh [calls] [sessions]
set -euo pipefail
cd "$(dirname "$0")/../.."
JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
PORT=${BENCH_PORT:-18190}
if [ "${SKIP_BUILD:-}" != 1 ]; then
  MAVEN_OPTS=--sun-misc-unsafe-memory-access=allow JAVA_HOME=$JAVA_HOME ./mvnw -B -q -DskipTests -Dconsole.skip=true package
fi
DATA=$(mktemp -d)
cleanup() {
  [ -n "${SERVER:-}" ] && kill "$SERVER" 2>/dev/null && wait "$SERVER" 2>/dev/null || true
  rm -rf "$DATA"
}
trap cleanup EXIT
# Budgets raised so the limiter does not throttle the measurement itself (both paths draw from general).
CODINGIT_DATA_DIR=$DATA PORT=$PORT \
CODINGIT_RATE_LIMIT_GENERAL_CAPACITY=10000000 CODINGIT_RATE_LIMIT_AUTH_CAPACITY=1000000 \
CODINGIT_RATE_LIMIT_MCP_CAPACITY=10000000 \
  "$JAVA_HOME/bin/java" -jar target/codingit-server.jar > "$DATA/server.log" 2>&1 &
SERVER=$!
for _ in $(seq 1 120); do
  curl -sf "http://127.0.0.1:$PORT/api/health" > /dev/null && break
  sleep 1
done
"$JAVA_HOME/bin/java" bench/mcp/McpBench.java "http://127.0.0.1:$PORT" "${1:-500}" "${2:-200}"
