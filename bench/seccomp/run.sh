#!/bin/sh
# Seccomp benchmark: builds the classes, then runs SeccompBench with the runtime classpath.
# Needs root, bubblewrap, python3-seccomp and gcc. Usage: bench/seccomp/run.sh [rounds] [interleaved rounds]
set -e
cd "$(dirname "$0")/../.."
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
export MAVEN_OPTS=${MAVEN_OPTS:---sun-misc-unsafe-memory-access=allow}
./mvnw -B -q compile dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=runtime
"$JAVA_HOME/bin/java" -cp "target/classes:$(cat target/bench-classpath.txt)" bench/seccomp/SeccompBench.java "${1:-100}"
# the interleaved comparison (CPU time, per-round ratios) of the sandbox's filter and variants of it
gcc -O2 -o target/seccomp-interleaved bench/seccomp/interleaved.c
programs=$(/usr/bin/python3 -c 'import tempfile; print(tempfile.mkdtemp(prefix="codingit-seccomp-"))')
/usr/bin/python3 -I bench/seccomp/variants.py src/main/resources/io/codingit/sandbox/local/seccomp-filter.py "$programs"
echo "== interleaved blocks: median per call, and the median of each round's ratio to unfiltered"
target/seccomp-interleaved "${2:-300}" none "sandbox-filter=$programs/tree.bpf" "linear=$programs/linear.bpf" \
  "linear+priorities=$programs/priority.bpf" "allow-all=$programs/allow.bpf"
rm -rf "$programs"
