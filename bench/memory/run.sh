#!/usr/bin/env bash
# Memory and start-up of the server under the peer-style chat load (issue 21), two checkouts side by side:
# BASE (e.g. main's commit in a detached worktree) and this checkout, each started the way its own
# ./codingit starts it (extracted jar + JDK 25 AOT cache, plus the options of its jvm.options when it has
# one), alternating A B A B (or
# side by side with PAIRED=1). Loopback only. Method and figures: bench/memory/README.md.
# Usage: bench/memory/run.sh BASE_CHECKOUT [rounds]; STEPS="steady aot,peak aot" runs only those steps
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
  # the glibc arena cap its ./codingit sets, if it sets one
  sed -n 's/.*MALLOC_ARENA_MAX:-\([0-9]*\).*/\1/p' "$dir/codingit" | head -1 >"$WORK/$name/arenas"
}

# the floor: a bare Spring Boot web app (floor/FloorApp.java) on the web-starter jars of this checkout's
# build, with this checkout's JVM options and its own AOT cache, started the same two ways
FLOOR_JARS='^(spring-(aop|beans|context|core|expression|web|webmvc)-[0-9]|spring-boot-(autoconfigure|http-converter|jackson|servlet|tomcat|web-server|webmvc)?-?[0-9]|tomcat-embed-(core|el|websocket)|jackson-(core|databind)-3|jackson-annotations|logback|slf4j-api|log4j-to-slf4j|micrometer-(commons|observation)|jspecify|jakarta.annotation|snakeyaml-[0-9]|commons-logging)'
prepare_floor() {
  mkdir -p "$WORK/floor/classes"
  FLOOR_CP=$(ls "$WORK/new/jar/lib" | grep -E "$FLOOR_JARS" | sed "s|^|$WORK/new/jar/lib/|" | paste -sd:)
  "$JAVA_HOME/bin/javac" -proc:none -cp "$FLOOR_CP" -d "$WORK/floor/classes" "$HERE/bench/memory/floor/FloorApp.java"
  # a jar, not the directory: the JVM's AOT cache refuses a non-empty directory on the class path
  "$JAVA_HOME/bin/jar" cf "$WORK/floor/floor.jar" -C "$WORK/floor/classes" .
  FLOOR_CP="$WORK/floor/floor.jar:$FLOOR_CP"
  cp "$WORK/new/opts" "$WORK/new/arenas" "$WORK/floor/"
  local opts=()
  mapfile -t opts < <(grep . "$WORK/floor/opts" || true)
  "$JAVA" "${opts[@]}" -XX:AOTCacheOutput="$WORK/floor/app.aot" -Dspring.context.exit=onRefresh \
    -cp "$FLOOR_CP" floor.FloorApp --server.port=0 >"$WORK/floor/training.log" 2>&1
}

port=18600
run() { # name round mode launch(aot|plain)
  local name=$1 round=$2 mode=$3 launch=$4
  port=$((port + 1))
  local opts=() cmd
  mapfile -t opts < <(grep . "$WORK/$name/opts" || true)
  if [ "$name" = floor ]; then
    cmd=("$JAVA" "${opts[@]}")
    [ "$launch" = aot ] && cmd+=(-XX:AOTCache="$WORK/floor/app.aot")
    cmd+=(-cp "$FLOOR_CP" floor.FloorApp)
  elif [ "$launch" = aot ]; then
    cmd=("$JAVA" "${opts[@]}" -XX:AOTCache="$WORK/$name/app.aot" -jar "$WORK/$name/jar/codingit-server.jar")
  else
    cmd=("$JAVA" "${opts[@]}" -jar "$WORK/$name/jar/codingit-server.jar")
  fi
  echo "$(date -u +%T) $name round $round: $mode ($launch), load $(cut -d' ' -f1 /proc/loadavg)" >&2
  local arenas
  arenas=$(cat "$WORK/$name/arenas")
  [ -n "$arenas" ] && cmd=(env MALLOC_ARENA_MAX="$arenas" "${cmd[@]}")
  "$JAVA" "$HERE/bench/memory/MemoryLoad.java" "$mode" "$WORK/data-$port" "$port" -- "${cmd[@]}" \
    | sed "s/^/$name $round $mode-$launch /" | tee -a "$OUT/raw.txt"
}

# the two checkouts' training starts at the same time (each a few minutes on a loaded machine)
prepare base "$BASE" & base_prepared=$!
prepare new "$HERE" & new_prepared=$!
wait $base_prepared
wait $new_prepared
prepare_floor
{ echo "base: $BASE ($(git -C "$BASE" rev-parse --short HEAD))"; echo "new: $HERE ($(git rev-parse --short HEAD))"
  echo "base options: $(tr '\n' ' ' <"$WORK/base/opts") MALLOC_ARENA_MAX=$(cat "$WORK/base/arenas")"
  echo "new and floor options: $(tr '\n' ' ' <"$WORK/new/opts") MALLOC_ARENA_MAX=$(cat "$WORK/new/arenas")"
  echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"; } >"$OUT/about.txt"
# PAIRED=1: base and new of each step run at the same time instead of one after the other (half the
# wall time on a machine too loaded for the sequential A B A B; both still see the same load)
for round in $(seq 1 "$ROUNDS"); do
  order="base new"
  [ $((round % 2)) = 0 ] && order="new base"
  IFS=, read -r -a steps <<<"${STEPS:-steady aot,peak aot,start plain,floor aot,floor plain}"
  for step in "${steps[@]}"; do
    names=$order
    [ "${step%% *}" = floor ] && names=floor
    for name in $names; do
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
