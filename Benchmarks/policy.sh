#!/usr/bin/env bash
# Access-matrix policies (issue: policy): time to prove isolation of the hypervisor policy with
# 8, 64 and 1,000 guests (the parametric proof should stay flat: its induction step does not
# depend on the number of guests, only the base case and the bundled instance grow), and the
# explorer's states/s on the 8-guest policy (Models/policy/hypervisor-8.ward).
# Usage: Benchmarks/policy.sh [--quick]      (release build of ward; --quick: 8 and 64 guests)
set -euo pipefail
cd "$(dirname "$0")/.."
sizes="8 64 1000"; [ "${1:-}" = "--quick" ] && sizes="8 64"
swift build -c release --product ward >/dev/null
ward=.build/release/ward
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

# The hypervisor policy with N guests: Models/policy/hypervisor-8.ward with its guest lists
# (subjects, memories, matrix rows, domains) regenerated; every command and property unchanged.
gen() {
  python3 - "$1" <<'PY'
import re, sys
n = int(sys.argv[1])
text = open("Models/policy/hypervisor-8.ward").read()
gs = [f"G{i}" for i in range(1, n + 1)]
ms = [f"M{i}" for i in range(1, n + 1)]
text = text.replace("policy hypervisor_8 {", f"policy hypervisor_{n} {{")
text = re.sub(r"subjects unbounded \{[^}]*\}", "subjects unbounded { H, S_map, S_dev, " + ", ".join(gs) + " }", text)
text = re.sub(r"objects unbounded \{ Svc, DevSvc, [^}]*P1", "objects unbounded { Svc, DevSvc, " + ", ".join(ms) + ", P1", text)
text = re.sub(r"    S_map: [^\n]*\n", "    S_map: " + ", ".join(f"{m} {{map}}" for m in ms) + "\n", text)
rows = []
for i, (g, m) in enumerate(zip(gs, ms), 1):
    chan = ", C12 {send}" if i == 1 else ", C12 {recv}" if i == 2 else ""
    rows.append(f"    {g}: {m} {{execute, own}}, Svc {{call}}, DevSvc {{attach}}, P1 {{read, execute}}, P2 {{read}}{chan}\n")
text = re.sub(r"(    G1: [^\n]*\n)(    G\d+: [^\n]*\n)*", lambda _: "".join(rows), text, count=1)
text = re.sub(r"(  domain guest1 [^\n]*\n)(  domain guest\d+ [^\n]*\n)*",
              lambda _: "".join(f"  domain guest{i} {{ G{i}, M{i} }}\n" for i in range(1, n + 1)), text, count=1)
text = re.sub(r"isolation domains_isolated: [^\n]*", "isolation domains_isolated: " + ", ".join(f"guest{i}" for i in range(1, n + 1)), text)
print(text)
PY
}

printf '%-8s %12s %10s  %s\n' guests prove-s queries proof
for n in $sizes; do
  gen "$n" > "$tmp/h$n.ward"
  start=$(date +%s.%N)
  line=$($ward verify "$tmp/h$n.ward" --engine smt --depth 1 --property isolation --timeout 600000 | grep '  smt:' || true)
  end=$(date +%s.%N)
  queries=$(sed -E 's/.*\(([0-9]+) queries.*/\1/' <<<"$line")
  kind=$(sed -E 's/.*proved unbounded by (.*) \([0-9]+ queries.*/\1/' <<<"$line")
  printf '%-8s %12.2f %10s  %s\n' "$n" "$(echo "$end - $start" | bc)" "$queries" "$kind"
done

echo
printf '%-22s %10s %12s %14s %12s\n' explorer states transitions states/s bytes/state
for d in 1 2 3; do
  ex=$($ward verify Models/policy/hypervisor-8.ward --engine explore --depth "$d" --property isolation | grep '  explore:')
  states=$(sed -E 's/.*\(([0-9]+) states,.*/\1/' <<<"$ex")
  trans=$(sed -E 's/.* ([0-9]+) transitions.*/\1/' <<<"$ex")
  sps=$(sed -E 's/.* ([0-9.]+) states\/s.*/\1/' <<<"$ex")
  bps=$(sed -E 's/.* ([0-9.]+) bytes\/state.*/\1/' <<<"$ex")
  printf '%-22s %10s %12s %14s %12s\n' "hypervisor-8 depth $d" "$states" "$trans" "$sps" "$bps"
done
