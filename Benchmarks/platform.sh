#!/usr/bin/env bash
# Platform isolation (issue 6): the full-width proof of Models/platform/iommu.ward (64-bit
# addresses, 4 KiB pages) by Z3: the time of each property alone and of the whole proof; the time
# Z3 takes at full width to find each bug variant's shortest counterexample; how the whole proof
# grows with the number of guests and devices (GUESTS/GUEST_BITS, DEVICES/DEV_BITS via --set; owner
# ids need GUESTS + 2 values: the free pool and the hypervisor); then the explorer at the reduced
# width. Usage: Benchmarks/platform.sh [--quick]   (release build; --quick: no scaling, no explorer)
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product ward >/dev/null
ward=.build/release/ward
model=Models/platform/iommu.ward

# Seconds of one run (wall clock), and its exit code must be 0.
timed() {
  local s e
  s=$(date +%s.%N)
  "$ward" verify "$model" --engine smt --depth 1 "$@" >/dev/null
  e=$(date +%s.%N)
  echo "$e - $s" | bc
}

printf '%-24s %8s\n' property seconds
props=$(grep -oE '^  invariant [a-z_0-9]+' "$model" | awk '{print $2}')
for p in $props; do printf '%-24s %8.2f\n' "$p" "$(timed --property "$p")"; done
printf '%-24s %8.2f\n' "(all, one run)" "$(timed)"

echo
printf '%-28s %-22s %8s\n' "bug (Z3, full width)" property seconds
for spec in first-page-only:dma_isolation:1 length-overflow:dma_isolation:1 missing-ownership:dma_isolation:1 \
            permission-escalation:dma_write_permitted:1 shadow-no-ownership:shadow_consistency:1 \
            balloon-pinned:dma_isolation:2 unmap-without-flush:no_reuse_before_flush:3; do
  IFS=: read -r bug prop depth <<< "$spec"
  s=$(date +%s.%N)
  code=0
  "$ward" verify "Models/platform/bugs/iommu-$bug.ward" --engine smt --property "$prop" --depth "$depth" >/dev/null || code=$?
  [ "$code" = 1 ] || { echo "iommu-$bug: exit $code, expected 1 (violated)" >&2; exit 1; }
  e=$(date +%s.%N)
  printf '%-28s %-22s %8.2f\n' "$bug" "$prop" "$(echo "$e - $s" | bc)"
done

[ "${1:-}" = "--quick" ] && exit 0
echo
printf '%6s %6s %8s\n' guests devices seconds
for cfg in "2 2 2 1" "6 3 4 2" "14 4 8 3" "30 5 16 4"; do
  set -- $cfg
  printf '%6s %6s %8.2f\n' "$1" "$3" "$(timed --set GUESTS=$1 --set GUEST_BITS=$2 --set DEVICES=$3 --set DEV_BITS=$4)"
done

echo
echo "explore, 8-byte address space, 2-byte pages, 1 guest, 1 device:"
for d in 3 4; do
  "$ward" verify "$model" --engine explore --depth $d --set ADDR_BITS=3 --set PAGE_SHIFT=1 --set GUESTS=1 --set DEVICES=1 \
    | grep -m1 'explore:' | sed "s/^ *explore: /  depth $d: /"
done
