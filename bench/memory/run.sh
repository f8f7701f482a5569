#!/usr/bin/env bash
# Memory and start-up of the server under the peer-style chat load (issue 21), two checkouts side by side:
# BASE (e.g. main's commit in a detached worktree) and this checkout, each started the way its own
# ./codingit starts it (extracted jar + JDK 25 AOT cache, plus the options of its jvm.options when it has
# one), alternating A B A B (or
# side by side with PAIRED=1). Loopback only. Method and figures: bench/memory/README.md.
# Usage: bench/memory/run.sh BASE_CHECKOUT [rounds]
set -euo pipefail
cd "$(dirname "$0")/../.."
HERE=$(pwd)
BASE=$(cd "${1:?usage: bench/memory/run.sh BASE_CHECKOUT [rounds]}" && pwd)
ROUNDS=${2:-2}
JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
JAVA="$JAVA_HOME/bin/java"
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
OUT="$HERE/bench/results/memory-$STAMP"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$OUT"

# the jar, its extraction and the AOT cache, made as ./codingit makes them (options included: the cache
# must be trained with the collector and heap flags it is used with)
prepare() { # name checkout
  local name=$1 dir=$2
  [ -f "$dir/target/codingit-server.jar" ] || (cd "$dir" && ./mvnw -B -q -DskipTests -Dconsole.skip=true package)
  local opts=()
  [ -f "$dir/jvm.options" ] && opts=("@$dir/jvm.options")
  mkdir -p "$WORK/$name"
  "$JAVA" -Djarmode=tools -jar "$dir/target/codingit-server.jar" extract --destination "$WORK/$name/jar" >/dev/null
  "$JAVA" "${opts[@]}" -XX:AOTCacheOutput="$WORK/$name/app.aot" -Dspring.context.exit=onRefresh \
    -jar "$WORK/$name/jar/codingit-server.jar" --server.port=0 --codingit.data-dir="$WORK/$name/training" \
    >"$WORK/$name/training.log" 2>&1
  printf '%s\n' "${opts[@]}" >"$WORK/$name/opts"
}

port=18600
run() { # name round mode launch(aot|plain)
  local name=$1 round=$2 mode=$3 launch=$4
  port=$((port + 1))
  local opts=() cmd
  mapfile -t opts < <(grep . "$WORK/$name/opts" || true)
  if [ "$launch" = aot ]; then
    cmd=("$JAVA" "${opts[@]}" -XX:AOTCache="$WORK/$name/app.aot" -jar "$WORK/$name/jar/codingit-server.jar")
  else
    cmd=("$JAVA" "${opts[@]}" -jar "$WORK/$name/jar/codingit-server.jar")
  fi
  echo "$(date -u +%T) $name round $round: $mode ($launch), load $(cut -d' ' -f1 /proc/loadavg)" >&2
  "$JAVA" "$HERE/bench/memory/MemoryLoad.java" "$mode" "$WORK/data-$port" "$port" -- "${cmd[@]}" \
    | sed "s/^/$name $round $mode-$launch /" | tee -a "$OUT/raw.txt"
}

prepare base "$BASE"
prepare new "$HERE"
{ echo "base: $BASE ($(git -C "$BASE" rev-parse --short HEAD))"; echo "new: $HERE ($(git rev-parse --short HEAD))"
  echo "base options: $(tr '\n' ' ' <"$WORK/base/opts")"; echo "new options: $(tr '\n' ' ' <"$WORK/new/opts")"
  echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"; } >"$OUT/about.txt"
# PAIRED=1: base and new of each step run at the same time instead of one after the other (half the
# wall time on a machine too loaded for the sequential A B A B; both still see the same load)
for round in $(seq 1 "$ROUNDS"); do
  order="base new"
  [ $((round % 2)) = 0 ] && order="new base"
  for step in "steady aot" "peak aot" "start plain"; do
    for name in $order; do
      if [ "${PAIRED:-0}" = 1 ]; then
        run "$name" "$round" $step &
        port=$((port + 1))
      else
        run "$name" "$round" $step
      fi
    done
    wait
  done
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)" >>"$OUT/about.txt"
python3 "$HERE/bench/memory/summary.py" "$OUT/raw.txt" | tee "$OUT/summary.md"
cat "$OUT/about.txt"
