#!/usr/bin/env bash
# Classification time per bundled ISA model for each engine, and the enumerator's rate
# (issue: Popek–Goldberg classifier). Target: x86-legacy proved by Z3 at 32 bits in under 10 s.
# `ward classify` also runs the nested-VMM check (Theorem 2) when Theorem 1 holds; that time is
# included in the classify columns, so `ward check` (which runs it only when an obligation
# expects it) is the figure for CI. states/s: the states the enumerator ran the instructions from
# (every operand from each), per second of enumerate@2, which includes Theorem 2 where it runs.
# Usage: Benchmarks/classify.sh [MODEL.ward...]   (default: every bundled ISA model)
set -euo pipefail
cd "$(dirname "$0")/.."
if [ $# -gt 0 ]; then models=("$@"); else models=(Models/isa/*.ward); fi
swift build -c release --product ward >/dev/null
ward=.build/release/ward
now() { date +%s.%N; }
printf '%-18s %12s %12s %12s %12s %6s\n' model enum@2-s smt@2-s smt@32-s states/s holes
for m in "${models[@]}"; do
  case "$m" in *core*) continue;; esac
  t0=$(now); $ward classify "$m" --engine enumerate --width 2 --format json >/tmp/ward-bench-enum.json || true; t1=$(now)
  $ward classify "$m" --engine smt --width 2 >/dev/null || true; t2=$(now)
  $ward classify "$m" --engine smt --format json >/tmp/ward-bench-smt.json || true; t3=$(now)
  holes=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["theorems"]["vmm"]["holes"]))' /tmp/ward-bench-smt.json || echo "?")
  states=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1])).get("statistics", {}).get("enumeratedStates", 0))' /tmp/ward-bench-enum.json || echo 0)
  printf '%-18s %12.2f %12.2f %12.2f %12.0f %6s\n' "$(basename "$m" .ward)" "$(echo "$t1 - $t0" | bc)" "$(echo "$t2 - $t1" | bc)" \
    "$(echo "$t3 - $t2" | bc)" "$(echo "$states / ($t1 - $t0)" | bc -l)" "$holes"
done
rm -f /tmp/ward-bench-enum.json /tmp/ward-bench-smt.json
