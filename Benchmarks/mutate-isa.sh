#!/usr/bin/env bash
# Removed-trap mutation of every bundled ISA (issue 9: every removed trap is caught by the
# classifier): one line per model with its kill rate and wall time. armv7 and x86-vtx run with Z3
# at full width (armv7's RFE is too large to enumerate at width 2; x86-vtx's CR4 bits 2 and 13 do
# not exist in a 2-bit word), the others by enumeration at width 2.
# Usage: Benchmarks/mutate-isa.sh [JOBS]   (default 2)
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=${1:-2}
swift build -c release --product ward >/dev/null
ward=.build/release/ward
for m in pg-machine pg-machine-holes riscv-priv pdp10 x86-legacy x86-umip armv7 x86-vtx; do
  engine=enumerate
  case $m in armv7|x86-vtx) engine=smt ;; esac
  start=$(date +%s)
  summary=$("$ward" mutate "Models/isa/$m.ward" --operator remove-trap --classify-engine "$engine" --jobs "$jobs" | head -n 1)
  printf '%-18s %-10s %4ss  %s\n' "$m" "$engine" "$(( $(date +%s) - start ))" "${summary#*: }"
done
