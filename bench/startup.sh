#!/usr/bin/env bash
# Start-up time and idle RSS of the packaged server: the plain jar (`java -jar`) versus the
# launcher's way (extracted jar + JDK 25 AOT class cache), alternating, N rounds each, same run.
# Ready = /api/health answers 200. Loopback only. Usage: bench/startup.sh [rounds]
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${1:-5}
JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
JAVA="$JAVA_HOME/bin/java"
JAR=target/codingit-server.jar
[ -f "$JAR" ] || ./mvnw -B -q -DskipTests package
OPTS=(@jvm.options) # the server's JVM options, as ./codingit passes them (the cache is trained with them too)
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

# the AOT cache, made exactly as ./codingit makes it
"$JAVA" -Djarmode=tools -jar "$JAR" extract --destination "$WORK/app" >/dev/null
"$JAVA" "${OPTS[@]}" -XX:AOTCacheOutput="$WORK/app.aot" -Dspring.context.exit=onRefresh -jar "$WORK/app/codingit-server.jar" \
  --server.port=0 --codingit.data-dir="$WORK/training" >"$WORK/training.log" 2>&1

port=18300
measure() { # label data-dir java-args...
  local label=$1 data=$2; shift 2
  port=$((port + 1))
  local start end pid rss
  start=$(date +%s%N)
  "$JAVA" "${OPTS[@]}" "$@" --server.port=$port --codingit.data-dir="$data" >"$WORK/$label-$port.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 1200); do
    curl -fs -o /dev/null "http://127.0.0.1:$port/api/health" && break
    sleep 0.05
  done
  end=$(date +%s%N)
  sleep 10
  rss=$(awk '/VmRSS/ {printf "%.0f", $2/1024}' "/proc/$pid/status")
  kill "$pid"; wait "$pid" 2>/dev/null || true
  printf '%s %d %s\n' "$label" $(((end - start) / 1000000)) "$rss"
}

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
for round in $(seq 1 "$ROUNDS"); do
  measure plain "$WORK/plain-$round" -jar "$JAR"
  measure plain-restart "$WORK/plain-$round" -jar "$JAR"
  measure aot "$WORK/aot-$round" -XX:AOTCache="$WORK/app.aot" -jar "$WORK/app/codingit-server.jar"
  measure aot-restart "$WORK/aot-$round" -XX:AOTCache="$WORK/app.aot" -jar "$WORK/app/codingit-server.jar"
done | tee "$WORK/results"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
awk '{ms[$1]=ms[$1] " " $2; rss[$1]=rss[$1] " " $3}
     END { for (k in ms) print k ": ready ms" ms[k] " | idle RSS MB" rss[k] }' "$WORK/results"
