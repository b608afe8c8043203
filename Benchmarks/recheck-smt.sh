#!/usr/bin/env bash
# Re-checks every SMT-LIB query `ward check --smt-dir` wrote with another solver and compares its
# answer with Z3's (the script's `(set-info :status …)`). Also times the same files under
# `z3 -smt2` for comparison with Ward's own solver time.
#   Benchmarks/recheck-smt.sh [SMT_DIR] [SOLVER...]   (default: a fresh export of Proofs/, cvc5)
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${1:-}
shift || true
solvers=("$@")
[ ${#solvers[@]} -eq 0 ] && solvers=(cvc5)
if [ -z "$dir" ]; then
  dir=$(mktemp -d)
  swift build -c release --product ward >/dev/null
  .build/release/ward check Proofs --smt-dir "$dir" >/dev/null
fi
mapfile -t files < <(find "$dir" -name '*.smt2' | sort)
echo "queries: ${#files[@]} under $dir"
for solver in "${solvers[@]}"; do
  agree=0; disagree=0; skipped=0; undecided=0
  start=$(date +%s.%N)
  for f in "${files[@]}"; do
    want=$(grep -o '(set-info :status [a-z]*)' "$f" | head -1 | sed 's/.*status \([a-z]*\))/\1/')
    if [ "$want" = unknown ]; then skipped=$((skipped + 1)); continue; fi
    # A solver that checks `:status` itself aborts on a different answer ("Expected result
    # unsat but got sat"): read its answer from that message.
    case "$solver" in
      cvc5) out=$(timeout 120 cvc5 --tlimit=60000 "$f" 2>&1 || true) ;;
      z3) out=$(timeout 120 z3 -smt2 "$f" 2>&1 || true) ;;
      *) out=$(timeout 120 "$solver" "$f" 2>&1 || true) ;;
    esac
    got=$(printf '%s\n' "$out" | sed -n 's/.*Expected result [a-z]* but got \([a-z]*\).*/\1/p' | head -1)
    [ -z "$got" ] && got=$(printf '%s\n' "$out" | head -1)
    if [ "$got" = "$want" ]; then agree=$((agree + 1))
    elif [ "$got" = sat ] || [ "$got" = unsat ]; then disagree=$((disagree + 1)); echo "DISAGREE $solver: $f (Z3 $want, $solver $got)"
    else undecided=$((undecided + 1)); echo "UNDECIDED $solver: $f ($got)"; fi
  done
  end=$(date +%s.%N)
  printf '%s: %d agree, %d disagree, %d undecided by %s, %d unknown to Z3 (skipped); %.1f s\n' \
    "$solver" "$agree" "$disagree" "$undecided" "$solver" "$skipped" "$(echo "$end - $start" | bc)"
done
