#!/bin/sh
# Pause/resume benchmark (issue 18): builds the classes, then runs PauseBench with the runtime classpath.
# Needs root and bubblewrap. Usage: bench/pause/run.sh [rounds]
set -e
cd "$(dirname "$0")/../.."
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
export MAVEN_OPTS=${MAVEN_OPTS:---sun-misc-unsafe-memory-access=allow}
./mvnw -B -q -o compile dependency:build-classpath -Dconsole.skip=true -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=runtime
"$JAVA_HOME/bin/java" -cp "target/classes:$(cat target/bench-classpath.txt)" bench/pause/PauseBench.java "${1:-10}"
