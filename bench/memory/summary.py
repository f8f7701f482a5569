"""Medians per figure of bench/memory/run.sh's raw lines ("name round mode-launch key=value"), new / base."""
import statistics
import sys
from collections import defaultdict

values = defaultdict(list)
for line in open(sys.argv[1]):
    parts = line.split()
    if len(parts) != 4 or "=" not in parts[3]:
        continue
    name, _, run, figure = parts
    key, value = figure.split("=", 1)
    values[(run + " " + key, name)].append(float(value))

floor = {f.replace("floor-", "start-"): v for (f, name), v in values.items() if name == "floor"}
for figure, v in sorted(floor.items()):
    print(f"floor (bare Spring Boot web app) {figure}: median {statistics.median(v):g} ({' / '.join(f'{x:g}' for x in v)})")
print()
print("| figure | base (median) | new (median) | new / base | runs |")
print("| --- | ---: | ---: | ---: | --- |")
for figure in sorted({f for f, _ in values}):
    base, new = values.get((figure, "base"), []), values.get((figure, "new"), [])
    if not base or not new:
        continue
    b, n = statistics.median(base), statistics.median(new)
    ratio = f"{n / b:.2f}" if b else "-"
    runs = " / ".join(f"{x:g}" for x in base) + " → " + " / ".join(f"{x:g}" for x in new)
    print(f"| {figure} | {b:g} | {n:g} | {ratio} | {runs} |")
