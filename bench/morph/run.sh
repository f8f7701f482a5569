#!/usr/bin/env bash
# JMH benchmark of the local apply engine. See README.md.
set -euo pipefail
cd "$(dirname "$0")"
JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
export JAVA_HOME
../../mvnw -B -q -f pom.xml package
"$JAVA_HOME/bin/java" -jar target/morph-bench.jar
