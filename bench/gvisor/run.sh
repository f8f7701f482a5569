#!/bin/sh
# gVisor level against the namespaces level: builds the classes, then runs GvisorBench with the runtime
# classpath. Needs root, bubblewrap, python3-seccomp, runsc, python3-pandas. Usage: bench/gvisor/run.sh [rounds] [cells]
set -e
cd "$(dirname "$0")/../.."
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
export MAVEN_OPTS=${MAVEN_OPTS:---sun-misc-unsafe-memory-access=allow}
./mvnw -B -q compile dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=runtime
"$JAVA_HOME/bin/java" -cp "target/classes:$(cat target/bench-classpath.txt)" bench/gvisor/GvisorBench.java "${1:-10}" "${2:-500}"
