#!/bin/sh
# The sandbox pod's entry point. The init container left the agent's secret in a memory-backed volume at
# /run/codingit/agent-secret (the Kubernetes Secret itself is mounted only into that init container). Open it as
# descriptor 3, delete the file, then start the agent, which reads the descriptor once and closes it: from then
# on no file in the pod holds the secret, and the agent is non-dumpable (docs/sandbox-protocol.md), so sandbox
# code running as the same user can read it neither from disk nor from the agent's memory.
set -eu
secret=/run/codingit/agent-secret
if [ ! -r "$secret" ]; then
  echo "codingit-sandbox: no agent secret at $secret (this image runs as a pod of the Kubernetes provider)" >&2
  exit 64
fi
exec 3<"$secret"
rm -f "$secret"
exec /usr/local/bin/codingit-agent --secret-fd 3 "$@"
