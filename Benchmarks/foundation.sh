#!/usr/bin/env bash
# Explorer states/s and bytes/state on two-guests scaled up, and SMT proof time (issue: foundation).
# Usage: Benchmarks/foundation.sh [--quick]     (release build of ward)
set -euo pipefail
cd "$(dirname "$0")/.."
sizes="2 4 8 10 12"; [ "${1:-}" = "--quick" ] && sizes="2 4 8"
swift build -c release --product ward >/dev/null
ward=.build/release/ward
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
printf '%-8s %10s %12s %14s %12s %12s\n' guests states transitions states/s bytes/state smt-seconds
for n in $sizes; do
  python3 Benchmarks/gen_guests.py "$n" > "$tmp/g$n.ward"
  ex=$($ward verify "$tmp/g$n.ward" --engine explore --property isolation | grep '  explore:')
  states=$(sed -E 's/.*\(exhaustive: ([0-9]+) states.*/\1/' <<<"$ex")
  trans=$(sed -E 's/.* ([0-9]+) transitions.*/\1/' <<<"$ex")
  sps=$(sed -E 's/.* ([0-9.]+) states\/s.*/\1/' <<<"$ex")
  bps=$(sed -E 's/.* ([0-9.]+) bytes\/state.*/\1/' <<<"$ex")
  smt=$($ward verify "$tmp/g$n.ward" --engine smt --property isolation | grep '  smt:' | sed -E 's/.*queries, ([0-9.]+) s\).*/\1/')
  printf '%-8s %10s %12s %14s %12s %12s\n' "$n" "$states" "$trans" "$sps" "$bps" "$smt"
done
