#!/usr/bin/env bash
# Called by MemoryLoad with (label, pid): where the server's memory and threads go at that moment.
# Needs the server started with -XX:NativeMemoryTracking=summary. Output: $INSPECT_OUT/<label>.*
set -euo pipefail
label=$1 pid=$2 out=${INSPECT_OUT:-/tmp}
jcmd=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/jcmd
"$jcmd" "$pid" VM.native_memory summary >"$out/$label.nmt" 2>&1 || true
"$jcmd" "$pid" Thread.print >"$out/$label.threads" 2>&1 || true
"$jcmd" "$pid" GC.heap_info >"$out/$label.heap" 2>&1 || true
grep -E 'VmRSS|RssAnon|RssFile|RssShmem|Threads' "/proc/$pid/status" >"$out/$label.status"
echo "inspected $label: $(tr '\n' ' ' <"$out/$label.status")"
