"""Baseline: a warm `1+1` round trip through jupyter_client to an ipykernel on this machine.

Measures, per cell, the time from sending execute_request until the kernel reports idle on iopub
(the point where every output of the cell, including execute_result, has been received), which is
what our interpreter's `end` event marks. Prints one JSON object.

Run with Debian's python: /usr/bin/python3 jupyter_baseline.py [--cells N] [--warmup N]
"""
import argparse
import json
import os
import time

from jupyter_client.manager import start_new_kernel


def percentile(sorted_values, fraction):
    index = min(len(sorted_values) - 1, int(round(fraction * (len(sorted_values) - 1))))
    return sorted_values[index]


def memory_kib(pid, field, file):
    try:
        with open("/proc/%d/%s" % (pid, file)) as f:
            for line in f:
                if line.startswith(field):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def run_cell(client, code):
    msg_id = client.execute(code, store_history=True)
    result = None
    while True:
        message = client.get_iopub_msg(timeout=30)
        if message["parent_header"].get("msg_id") != msg_id:
            continue
        kind = message["msg_type"]
        if kind == "execute_result":
            result = message["content"]["data"]
        elif kind == "status" and message["content"]["execution_state"] == "idle":
            break
    client.get_shell_msg(timeout=30)  # the execute_reply
    return result


def main():
    os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    parser = argparse.ArgumentParser()
    parser.add_argument("--cells", type=int, default=1000)
    parser.add_argument("--warmup", type=int, default=100)
    args = parser.parse_args()

    started = time.perf_counter()
    manager, client = start_new_kernel(kernel_name="python3")
    start_seconds = time.perf_counter() - started
    try:
        for _ in range(args.warmup):
            run_cell(client, "1+1")
        timings = []
        for _ in range(args.cells):
            before = time.perf_counter_ns()
            result = run_cell(client, "1+1")
            timings.append((time.perf_counter_ns() - before) / 1e6)
            assert result == {"text/plain": "2"}, result
        timings.sort()
        time.sleep(1)  # idle
        pid = manager.provisioner.process.pid
        print(json.dumps({
            "what": "jupyter_client -> ipykernel, warm 1+1",
            "cells": args.cells,
            "p50_ms": round(percentile(timings, 0.50), 3),
            "p99_ms": round(percentile(timings, 0.99), 3),
            "kernel_start_ms": round(start_seconds * 1000, 1),
            "idle_kernel_rss_mib": round(memory_kib(pid, "VmRSS:", "status") / 1024, 1),
            "idle_kernel_pss_mib": round(memory_kib(pid, "Pss:", "smaps_rollup") / 1024, 1),
        }))
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)


if __name__ == "__main__":
    main()
