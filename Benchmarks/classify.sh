#!/usr/bin/env bash
# Classification time per bundled ISA model for each engine, and the enumerator's rate
# (issue: Popek–Goldberg classifier). Target: x86-legacy proved by Z3 at 32 bits in under 10 s.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product ward >/dev/null
ward=.build/release/ward
printf '%-22s %14s %14s %16s %10s\n' model enumerate@2-s smt@2-s smt@full-s holes
for m in Models/isa/*.ward; do
  case "$m" in *core*) continue;; esac
  t0=$(date +%s.%N); $ward classify "$m" --engine enumerate --width 2 >/dev/null || true; t1=$(date +%s.%N)
  $ward classify "$m" --engine smt --width 2 >/dev/null || true; t2=$(date +%s.%N)
  # classify exits 1 when the ISA has holes; that is not a failure to count them.
  holes=$({ $ward classify "$m" --engine smt --format json || true; } | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["theorems"]["vmm"]["holes"]))' || echo "?")
  t3=$(date +%s.%N)
  printf '%-22s %14.2f %14.2f %16.2f %10s\n' "$(basename "$m" .ward)" "$(echo "$t1 - $t0" | bc)" "$(echo "$t2 - $t1" | bc)" "$(echo "$t3 - $t2" | bc)" "$holes"
done
