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

# ... existing code ...
LIMITED_PORT=$(free_port); BASE_PORT=$(free_port)
start_bench_server limited "$LIMITED_PORT"
start_bench_server baseline "$BASE_PORT" CODINGIT_RATE_LIMIT_ENABLED=false
AUTH_ONLY_PORT=$(free_port)
start_bench_server auth-only "$AUTH_ONLY_PORT" CODINGIT_RATE_LIMIT_ENABLED=false
VARIANTS=(baseline auth-only limited)
if redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
  REDIS_PORT=$(free_port)
  start_bench_server redis "$REDIS_PORT" CODINGIT_REDIS_URL=redis://127.0.0.1:6379 \
# ... existing code ...
fi
wait_healthy "$(now_ms)" "$LIMITED_PORT" >/dev/null
wait_healthy "$(now_ms)" "$BASE_PORT" >/dev/null
wait_healthy "$(now_ms)" "$AUTH_ONLY_PORT" >/dev/null
[ -z "${REDIS_PORT:-}" ] || wait_healthy "$(now_ms)" "$REDIS_PORT" >/dev/null

token_for() { # port -> access token of a new account
# ... existing code ...
}
declare -A URL AUTH
URL[baseline]="http://127.0.0.1:$BASE_PORT/bench/noop"; AUTH[baseline]="X-Bench: baseline"
URL[auth-only]="http://127.0.0.1:$AUTH_ONLY_PORT/api/bench/noop"; AUTH[auth-only]="Authorization: Bearer $(token_for "$AUTH_ONLY_PORT")"
URL[limited]="http://127.0.0.1:$LIMITED_PORT/api/bench/noop"; AUTH[limited]="Authorization: Bearer $(token_for "$LIMITED_PORT")"
if [ -n "${REDIS_PORT:-}" ]; then
  URL[redis]="http://127.0.0.1:$REDIS_PORT/api/bench/noop"; AUTH[redis]="Authorization: Bearer $(token_for "$REDIS_PORT")"
# ... existing code ...
# 3. Warm up, then measure latency (1 connection: the per-request cost) and throughput
#    (CONNECTIONS connections), the variants interleaved so that drift hits all alike.
for v in "${VARIANTS[@]}"; do wrk -t1 -c4 -d"$WARMUP" -H "${AUTH[$v]}" "${URL[$v]}" >/dev/null; done
for round in $(seq 1 "$ROUNDS"); do
  for v in "${VARIANTS[@]}"; do
    wrk -t1 -c1 -d"$DURATION" --latency -H "${AUTH[$v]}" "${URL[$v]}" >"$WORK/lat-$v-$round.txt"
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -H "${AUTH[$v]}" "${URL[$v]}" >"$WORK/tput-$v-$round.txt"
# ... existing code ...
python3 bench/report.py "$WORK" "$STARTUP_MS" "${SPRING_STARTED:-?}" "$IDLE_RSS" "$(nproc)" \
  "$(cut -d' ' -f1-3 /proc/loadavg)" "${VARIANTS[@]}" | tee "$OUT"
echo "written to $OUT"
rm -rf "$WORK"
