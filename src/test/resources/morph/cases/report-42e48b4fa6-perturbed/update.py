    # ... existing code ...
    work, startup_ms, spring_s, rss_mb, cores, load = sys.argv[1:7]
    variants = sys.argv[7:]
    names = {"baseline": "baseline: no auth, rate limiting off (`/bench/noop`)",
             "auth-only": "authenticated, rate limiting off (`/api/bench/noop`)",
             "limited": "authenticated + rate-limited, in memory (`/api/bench/noop`)",
             "redis": "authenticated + rate-limited, Redis (`/api/bench/noop`)"}
    base = {k: median_of(work, kind, "baseline", k)
        # ... existing code ...
        added = p50 - base["p50"]
        print(f"| {names[v]} | {p50:.0f} | {p99:.0f} | {rps:.0f} | {added:+.0f} µs ({p50 / base['p50']:.2f}×) "
              f"| {rps / base['rps']:.2f} |")
    rounds = len(list(Path(work).glob("lat-baseline-*.txt")))
    print(f"\nMedian of {rounds} interleaved rounds per figure. Non-2xx responses during measurement: {errors}.\n")
    print(f"Startup of `java -jar target/codingit-server.jar` (fresh data dir, H2): {int(startup_ms) / 1000:.2f} s "
          f"until `/api/health` answered 200 (Spring's own figure: {spring_s} s). Idle RSS 10 s later: {rss_mb} MB.")

# ... existing code ...
