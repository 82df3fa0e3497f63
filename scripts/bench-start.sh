#!/usr/bin/env bash
# How fast kubecompass starts: `--version` (the process floor) against `validate` and `advise`
# (JSON and Markdown) on the shipped example, measured by hyperfine in interleaved rounds so
# that each ratio compares runs made at the same moment on a noisy machine.
#
#   scripts/bench-start.sh                 # the release build of this checkout
#   BEFORE=path/to/old/kubecompass scripts/bench-start.sh   # and an older binary, side by side
#   ROUNDS=10 RUNS=15 scripts/bench-start.sh
#
# Prints, per command, the median over all runs and the median over rounds of its ratio to
# `--version` measured in the same round.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v hyperfine >/dev/null || { echo "hyperfine is not installed (apt-get install hyperfine)" >&2; exit 1; }
cargo build --release --quiet
rounds=${ROUNDS:-10}
runs=${RUNS:-15}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
bins=("target/release/kubecompass")
[ -n "${BEFORE:-}" ] && bins+=("$BEFORE")
for r in $(seq "$rounds"); do
  cmds=()
  for bin in "${bins[@]}"; do
    cmds+=("$bin --version" "$bin validate" "$bin advise examples/webshop.yaml --format json"
           "$bin advise examples/webshop.yaml")
  done
  hyperfine -N --style none --warmup 3 --runs "$runs" --export-json "$work/$r.json" "${cmds[@]}" >/dev/null
done
python3 - "$work" "$rounds" <<'PY'
import json, statistics, sys
work, rounds = sys.argv[1], int(sys.argv[2])
times, ratios = {}, {}
for r in range(1, rounds + 1):
    results = json.load(open(f"{work}/{r}.json"))["results"]
    floor = {}
    for x in results:
        bin_ = x["command"].split()[0]
        m = statistics.median(x["times"])
        if x["command"].endswith("--version"):
            floor[bin_] = m
        times.setdefault(x["command"], []).extend(x["times"])
        ratios.setdefault(x["command"], []).append(m / floor[bin_])
print(f"{'command':<62} {'median':>9} {'x --version':>11}")
for cmd, ts in times.items():
    print(f"{cmd:<62} {statistics.median(ts) * 1000:7.2f} ms {statistics.median(ratios[cmd]):10.1f}x")
PY
