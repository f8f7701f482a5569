#!/usr/bin/env bash
# The console's load-time goal (issue 24) measured repeatably: see bench/console/README.md.
# Usage: bench/console/run.sh [rounds]   (default 7)
set -euo pipefail
cd "$(dirname "$0")/../.."
ROUNDS="${1:-7}"
# the built console, as the jar serves it (the Maven build's own step, without the rest of the build)
(cd web && npm ci --no-audit --no-fund >/dev/null && npm run build -- --outDir ../target/classes/static >/dev/null)
./mvnw -q -o -Dconsole.skip=true test -Dtest=ConsoleLoadBench -Dsurefire.failIfNoSpecifiedTests=false \
  -Dbench.rounds="$ROUNDS" 2>&1 | grep CONSOLE-LOAD
