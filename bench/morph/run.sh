#!/usr/bin/env bash
# Benchmarks of the local apply engine. See README.md.
#   bench/morph/run.sh                      JMH: tokens/s on the 10-edit, 2,000-line case (and its baseline)
#   bench/morph/run.sh accuracy <corpus>    correct / refused / silently wrong per language, tokens/s
set -euo pipefail
cd "$(dirname "$0")"
JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
export JAVA_HOME
../../mvnw -B -q -f pom.xml package
if [ "${1:-}" = accuracy ]; then
  corpus=${2:?usage: run.sh accuracy <cases.jsonl | corpus directory>}
  case "$corpus" in /*) ;; *) corpus="$OLDPWD/$corpus" ;; esac
  exec "$JAVA_HOME/bin/java" -cp target/morph-bench.jar io.codingit.bench.morph.AccuracyBench "$corpus"
fi
exec "$JAVA_HOME/bin/java" -jar target/morph-bench.jar "$@"
