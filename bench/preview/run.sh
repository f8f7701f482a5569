#!/bin/sh
# Preview proxy benchmark (issue 15): the app through the server that created its sandbox and through a second
# server, against the same app on the host's loopback, in one run. Needs root, bubblewrap and the test PostgreSQL
# (CODINGIT_TEST_DATABASE_URL, as for the tests). Usage: bench/preview/run.sh [runs] — see bench/preview/README.md.
set -e
export PREVIEW_BENCH_RUNS=${1:-1000}
cd "$(dirname "$0")/../.."
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
export MAVEN_OPTS=${MAVEN_OPTS:---sun-misc-unsafe-memory-access=allow}
./mvnw -B -q -o test -Dtest=PreviewTwoServersBench -Dsurefire.failIfNoSpecifiedTests=false -Dconsole.skip=true \
  -Dcodingit.gvisor-pass.skip=true | grep PREVIEW-BENCH
