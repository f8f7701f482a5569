#!/bin/sh
# Sandbox agent benchmarks (issue 15): the four figures of the issue, each measured beside its
# baseline in the same run by the feature benchmark that already owns it, now through the agent.
# Needs root, bubblewrap, Go (the agent is built by Maven) and Debian's python3 with ipykernel.
# Usage: bench/agent/run.sh [rounds]   (prints the lines to copy into docs/benchmarks.md)
set -e
cd "$(dirname "$0")/../.."
ROUNDS=${1:-100}
echo "== create + first command vs bare bwrap --unshare-all true"
bench/sandbox/run.sh "$ROUNDS"
echo "== 1+1 cell round trip (vs the jupyter_client -> ipykernel baseline)"
bench/interpreter/run.sh "$((ROUNDS * 5))" 50
echo "== PTY keystroke echo"
./mvnw -B -q -Dconsole.skip=true test -Dtest=TerminalEchoBench -Dsurefire.failIfNoSpecifiedTests=false | grep TERMINAL-ECHO
echo "== preview proxy overhead (vs the app directly)"
./mvnw -B -q -Dconsole.skip=true test -Dtest=PreviewProxyBench -Dsurefire.failIfNoSpecifiedTests=false | grep PREVIEW-BENCH
