#!/bin/sh
# Interpreter benchmark: our Java client -> driver in a bubblewrap sandbox, then the jupyter_client ->
# ipykernel baseline, in the same run on the same machine. Needs root, bubblewrap and Debian's python3
# with python3-ipykernel / python3-jupyter-client. Usage: bench/interpreter/run.sh [cells] [warmup]
set -e
cd "$(dirname "$0")/../.."
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
export MAVEN_OPTS=${MAVEN_OPTS:---sun-misc-unsafe-memory-access=allow}
CELLS=${1:-1000}
WARMUP=${2:-100}
./mvnw -B -q compile dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=runtime
"$JAVA_HOME/bin/java" -cp "target/classes:$(cat target/bench-classpath.txt)" bench/interpreter/InterpreterBench.java "$CELLS" "$WARMUP"
/usr/bin/python3 bench/interpreter/jupyter_baseline.py --cells "$CELLS" --warmup "$WARMUP"
