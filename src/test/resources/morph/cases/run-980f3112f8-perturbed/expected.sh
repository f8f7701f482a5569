#!/usr/bin/env bash
# Benchmark of issue 2: the cost of authentication + rate limiting on a no-op route, startup time
# and idle RSS of the packaged server. Loopback only. See bench/README.md.
#   bench/run.sh            # full run (about 8 minutes on an idle machine), results in bench/results/
#   DURATION=5s bench/run.sh  # quicker, noisier
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
DURATION=${DURATION:-15s}
WARMUP=${WARMUP:-30s}
ROUNDS=${ROUNDS:-3}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-16}

pick_jdk() {
  local c v
  for c in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/*; do
    [ -n "$c" ] && [ -x "$c/bin/java" ] || continue
    v=$("$c/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/ *java.specification.version = //p')
    if [ "${v:-0}" -ge 21 ] 2>/dev/null; then echo "$c"; return 0; fi
  done
  return 1
}
JAVA_HOME=$(pick_jdk) || { echo "no JDK >= 21 found" >&2; exit 1; }
export JAVA_HOME MAVEN_OPTS="--sun-misc-unsafe-memory-access=allow"
JAVA="$JAVA_HOME/bin/java"
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }
command -v curl >/dev/null || { echo "curl is missing: apt-get install -y curl" >&2; exit 1; }

JAR=target/codingit-server.jar
[ -f "$JAR" ] || ./mvnw -B -q package -DskipTests
WORK=$(mktemp -d /tmp/codingit-bench.XXXXXX)
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

# The bench route, compiled against the server's own classes and libraries.
./mvnw -B -q dependency:build-classpath -Dmdep.outputFile="$WORK/cp.txt" >/dev/null
mkdir -p "$WORK/classes"
"$JAVA_HOME/bin/javac" --release 21 -d "$WORK/classes" \
  -cp "target/classes:$(cat "$WORK/cp.txt")" bench/src/io/codingit/bench/BenchRoutes.java

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
now_ms() { date +%s%3N; }
wait_healthy() { # port -> prints ms waited
  local start=$1 port=$2
  for _ in $(seq 1 6000); do
    if curl -fs -o /dev/null "http://127.0.0.1:$port/api/health"; then echo $(( $(now_ms) - start )); return 0; fi
    sleep 0.05
  done
  echo "server on $port did not become healthy" >&2; return 1
}
rss_mb() { awk '/VmRSS/ {printf "%.0f", $2/1024}' "/proc/$1/status"; }

# 1. Startup and idle RSS of the plain jar, exactly as a user starts it.
PORT=$(free_port); T0=$(now_ms)
PORT=$PORT CODINGIT_DATA_DIR="$WORK/plain" "$JAVA" -jar "$JAR" >"$WORK/plain.log" 2>&1 &
PLAIN=$!; PIDS+=("$PLAIN")
STARTUP_MS=$(wait_healthy "$T0" "$PORT")
SPRING_STARTED=$(sed -n 's/.*Started CodingItApplication in \([0-9.]*\) seconds.*/\1/p' "$WORK/plain.log" | head -1)
sleep 10
IDLE_RSS=$(rss_mb "$PLAIN")
kill "$PLAIN"; wait "$PLAIN" 2>/dev/null || true

# 2. Servers with the bench route: limited (auth + rate limit, in memory), baseline (both off),
#    and limited on Redis when one answers at 127.0.0.1:6379.
start_bench_server() { # name port env... (started together; startup is measured above, not here)
  local name=$1 port=$2; shift 2
  env "$@" PORT="$port" CODINGIT_DATA_DIR="$WORK/$name" CODINGIT_RATE_LIMIT_GENERAL_CAPACITY=2000000000 \
    "$JAVA" -Dloader.path="$WORK/classes" -cp "$JAR" org.springframework.boot.loader.launch.PropertiesLauncher \
    >"$WORK/$name.log" 2>&1 &
  PIDS+=("$!")
}
LIMITED_PORT=$(free_port); BASE_PORT=$(free_port)
start_bench_server limited "$LIMITED_PORT"
start_bench_server baseline "$BASE_PORT" CODINGIT_RATE_LIMIT_ENABLED=false
AUTH_ONLY_PORT=$(free_port)
start_bench_server auth-only "$AUTH_ONLY_PORT" CODINGIT_RATE_LIMIT_ENABLED=false
VARIANTS=(baseline auth-only limited)
if redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
  REDIS_PORT=$(free_port)
  start_bench_server redis "$REDIS_PORT" CODINGIT_REDIS_URL=redis://127.0.0.1:6379 \
    CODINGIT_RATE_LIMIT_REDIS_KEY_PREFIX="codingit-bench:$(date +%s):"
  VARIANTS+=(redis)
fi
wait_healthy "$(now_ms)" "$LIMITED_PORT" >/dev/null
wait_healthy "$(now_ms)" "$BASE_PORT" >/dev/null
wait_healthy "$(now_ms)" "$AUTH_ONLY_PORT" >/dev/null
[ -z "${REDIS_PORT:-}" ] || wait_healthy "$(now_ms)" "$REDIS_PORT" >/dev/null

token_for() { # port -> access token of a new account
  curl -fs -H 'Content-Type: application/json' \
    -d "{\"email\":\"bench-$RANDOM$RANDOM@example.test\",\"password\":\"Bench-$(date +%s%N)\"}" \
    "http://127.0.0.1:$1/api/auth/signup" | python3 -c 'import json,sys; print(json.load(sys.stdin)["accessToken"])'
}
declare -A URL AUTH
URL[baseline]="http://127.0.0.1:$BASE_PORT/bench/noop"; AUTH[baseline]="X-Bench: baseline"
URL[auth-only]="http://127.0.0.1:$AUTH_ONLY_PORT/api/bench/noop"; AUTH[auth-only]="Authorization: Bearer $(token_for "$AUTH_ONLY_PORT")"
URL[limited]="http://127.0.0.1:$LIMITED_PORT/api/bench/noop"; AUTH[limited]="Authorization: Bearer $(token_for "$LIMITED_PORT")"
if [ -n "${REDIS_PORT:-}" ]; then
  URL[redis]="http://127.0.0.1:$REDIS_PORT/api/bench/noop"; AUTH[redis]="Authorization: Bearer $(token_for "$REDIS_PORT")"
fi
for v in "${VARIANTS[@]}"; do # each must answer 200 before it is measured
  code=$(curl -s -o /dev/null -w '%{http_code}' -H "${AUTH[$v]}" "${URL[$v]}")
  [ "$code" = 200 ] || { echo "$v answered $code at ${URL[$v]}" >&2; exit 1; }
done

# 3. Warm up, then measure latency (1 connection: the per-request cost) and throughput
#    (CONNECTIONS connections), the variants interleaved so that drift hits all alike.
for v in "${VARIANTS[@]}"; do wrk -t1 -c4 -d"$WARMUP" -H "${AUTH[$v]}" "${URL[$v]}" >/dev/null; done
for round in $(seq 1 "$ROUNDS"); do
  for v in "${VARIANTS[@]}"; do
    wrk -t1 -c1 -d"$DURATION" --latency -H "${AUTH[$v]}" "${URL[$v]}" >"$WORK/lat-$v-$round.txt"
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -H "${AUTH[$v]}" "${URL[$v]}" >"$WORK/tput-$v-$round.txt"
  done
done

mkdir -p bench/results
OUT="bench/results/$(date -u +%Y%m%dT%H%M%SZ).md"
python3 bench/report.py "$WORK" "$STARTUP_MS" "${SPRING_STARTED:-?}" "$IDLE_RSS" "$(nproc)" \
  "$(cut -d' ' -f1-3 /proc/loadavg)" "${VARIANTS[@]}" | tee "$OUT"
echo "written to $OUT"
rm -rf "$WORK"
