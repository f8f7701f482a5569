"""Turns bench/run.sh's wrk outputs into the markdown table of bench/results and docs/benchmarks.md."""
import re
import statistics
import sys
from pathlib import Path

UNITS_US = {"us": 1.0, "ms": 1000.0, "s": 1_000_000.0}


def parse(path):
    text = Path(path).read_text()
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
    pct = {}
    for p, value, unit in re.findall(r"^\s+(50|75|90|99)%\s+([\d.]+)(us|ms|s)\s*$", text, re.M):
        pct[p] = float(value) * UNITS_US[unit]
    non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", text)
    return {"rps": rps, "p50": pct["50"], "p99": pct["99"], "non2xx": int(non2xx.group(1)) if non2xx else 0}


def median_of(work, kind, variant, key):
    return statistics.median(parse(f)[key] for f in sorted(Path(work).glob(f"{kind}-{variant}-*.txt")))


def main():
    work, startup_ms, spring_s, rss_mb, cores, load = sys.argv[1:7]
    variants = sys.argv[7:]
    names = {"baseline": "baseline: no auth, rate limiting off (`/bench/noop`)",
             "limited": "authenticated + rate-limited, in memory (`/api/bench/noop`)",
             "redis": "authenticated + rate-limited, Redis (`/api/bench/noop`)"}
    base = {k: median_of(work, kind, "baseline", k)
            for kind, k in (("lat", "p50"), ("lat", "p99"), ("tput", "rps"))}
    errors = sum(parse(f)["non2xx"] for f in Path(work).glob("*-*-*.txt"))
    print(f"Machine: {cores} cores, load average {load} at the end of the run.\n")
    print("| variant | p50, 1 conn (µs) | p99, 1 conn (µs) | req/s, 16 conn | p50 added vs baseline | req/s ratio |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for v in variants:
        p50 = median_of(work, "lat", v, "p50")
        p99 = median_of(work, "lat", v, "p99")
        rps = median_of(work, "tput", v, "rps")
        added = p50 - base["p50"]
        print(f"| {names[v]} | {p50:.0f} | {p99:.0f} | {rps:.0f} | {added:+.0f} µs ({p50 / base['p50']:.2f}×) "
              f"| {rps / base['rps']:.2f} |")
    print(f"\nNon-2xx responses during measurement: {errors}.\n")
    print(f"Startup of `java -jar target/codingit-server.jar` (fresh data dir, H2): {int(startup_ms) / 1000:.2f} s "
          f"until `/api/health` answered 200 (Spring's own figure: {spring_s} s). Idle RSS 10 s later: {rss_mb} MB.")


if __name__ == "__main__":
    main()
