#!/usr/bin/env bash
# Builds and runs Ward's libFuzzer targets.
#
#   Fuzz/run.sh [RUNS] [TARGET...]       RUNS inputs per target (default 100000); TARGETs among
#                                         model (lexer, parser, elaborator), proof (obligation
#                                         parser), concrete (front end + emulator + explorer)
#   FUZZ_JOBS=2 FUZZ_MAX_LEN=8192 FUZZ_TIMEOUT=10 Fuzz/run.sh 1000000 model
#
# Each library is compiled as its own module (so the sources' `import`s hold) with libFuzzer's
# coverage instrumentation and AddressSanitizer, then linked with the target's entry point.
# The corpus starts from Models/**/*.ward, Proofs/**/*.proof and Fuzz/seeds/, and grows in
# Fuzz/.work/corpus-TARGET (not committed). Crashes land in Fuzz/.work/crashes-TARGET; each one
# found so far is a regression test in Tests/WardSyntaxTests/Fuzz*.swift or Tests/WardIRTests/Fuzz*.swift.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
RUNS=${1:-100000}
[ $# -gt 0 ] && shift
TARGETS=${*:-model proof concrete}
WORK=$ROOT/Fuzz/.work
BUILD=$WORK/build
mkdir -p "$BUILD"
SAN=${FUZZ_SANITIZERS:-fuzzer,address}
OPT=${FUZZ_OPT:--O}
SWIFTC=${SWIFTC:-swiftc}

# snapshot DIR: a private copy of a source folder (others may be editing it while we compile);
# prints the copy's folder. The library is rebuilt only when the copy changed.
snapshot() {
  local name; name=$(basename "$1")
  rm -rf "$WORK/src.new/$name"; mkdir -p "$WORK/src.new"
  cp -r "$1" "$WORK/src.new/$name"
  if ! diff -rq "$WORK/src.new/$name" "$WORK/src/$name" >/dev/null 2>&1; then
    rm -rf "$WORK/src/$name"; mkdir -p "$WORK/src"; mv "$WORK/src.new/$name" "$WORK/src/$name"
    rm -f "$BUILD/$name.stamp"
  fi
  echo "$WORK/src/$name"
}

# build_lib NAME: a static library and its module from Sources/NAME, instrumented.
build_lib() {
  local name=$1 dir
  dir=$(snapshot "Sources/$name")
  local stamp=$BUILD/$name.stamp
  if [ -f "$stamp" ]; then return; fi
  echo "fuzz: compiling $name" >&2
  "$SWIFTC" $OPT -g -sanitize="$SAN" -parse-as-library -enable-testing \
    -module-name "$name" -I "$BUILD" -emit-module -emit-module-path "$BUILD/$name.swiftmodule" \
    -emit-library -static -o "$BUILD/lib$name.a" "$dir"/*.swift 2> >(grep -v "Cannot export local symbol" >&2)
  touch "$stamp"
}

# build_target TARGET ENTRY EXTRA-SOURCES... -- LIBS...
build_target() {
  local target=$1 entry=$2; shift 2
  local sources=() libs=()
  while [ $# -gt 0 ] && [ "$1" != "--" ]; do sources+=("$1"); shift; done
  [ $# -gt 0 ] && shift
  libs=("$@")
  echo "fuzz: linking fuzz-$target" >&2
  "$SWIFTC" $OPT -g -sanitize="$SAN" -parse-as-library -module-name "Fuzz_$target" -I "$BUILD" \
    "$entry" "${sources[@]}" -o "$BUILD/fuzz-$target" \
    $(for l in "${libs[@]}"; do echo "$BUILD/lib$l.a"; done) 2> >(grep -v "Cannot export local symbol" >&2)
}

build_lib WardSyntax
build_lib WardIR

seed() {  # seed TARGET PATTERN...: copy the seed files into the target's corpus
  local dir=$WORK/corpus-$1; shift
  mkdir -p "$dir"
  for f in "$@"; do [ -f "$f" ] && cp "$f" "$dir/seed-$(echo "$f" | tr '/' '_')"; done
}

shopt -s globstar nullglob
for target in $TARGETS; do
  case $target in
    model)
      build_target model Fuzz/FuzzModel.swift -- WardIR WardSyntax
      seed model Models/**/*.ward Fuzz/seeds/model/* ;;
    proof)
      mkdir -p "$WORK/src"; cp Sources/WardCheck/ObligationSyntax.swift "$WORK/src/ObligationSyntax.swift"
      build_target proof Fuzz/FuzzProof.swift "$WORK/src/ObligationSyntax.swift" -- WardSyntax
      seed proof Proofs/**/*.proof Fuzz/seeds/proof/* ;;
    concrete)
      build_lib WardConcrete
      build_target concrete Fuzz/FuzzConcrete.swift -- WardConcrete WardIR WardSyntax
      seed concrete Models/**/*.ward Fuzz/seeds/model/* ;;
    *) echo "unknown fuzz target '$target' (model, proof, concrete)" >&2; exit 64 ;;
  esac
  mkdir -p "$WORK/crashes-$target"
  echo "fuzz: running fuzz-$target for $RUNS inputs" >&2
  start=$(date +%s)
  status=0
  (cd "$WORK/crashes-$target" && "$BUILD/fuzz-$target" "$WORK/corpus-$target" \
      -runs="$RUNS" -dict="$ROOT/Fuzz/ward.dict" -max_len="${FUZZ_MAX_LEN:-4096}" \
      -timeout="${FUZZ_TIMEOUT:-10}" -rss_limit_mb="${FUZZ_RSS_MB:-2048}" -print_final_stats=1 \
      ${FUZZ_JOBS:+-fork=$FUZZ_JOBS} ${FUZZ_ARGS:-}) 2>&1 | tee "$WORK/log-$target.txt" | grep -E "^#[0-9]+ +(DONE|pulse)|stat::|ERROR|SUMMARY|Test unit written|==[0-9]+==" || status=$?
  end=$(date +%s)
  echo "fuzz: fuzz-$target: $RUNS runs requested in $((end - start)) s; log $WORK/log-$target.txt" >&2
  if grep -q "Test unit written" "$WORK/log-$target.txt"; then
    echo "fuzz: fuzz-$target FOUND A CRASH (see $WORK/crashes-$target)" >&2
    exit 1
  fi
done
