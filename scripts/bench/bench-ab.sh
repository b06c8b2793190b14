#!/usr/bin/env bash
# Compares classification speed of two checkouts of this repository (e.g. `git worktree add
# /tmp/old <commit>`; each needs node_modules): runs scripts/bench/bench-predict.ts from THIS checkout's
# copy in each, as separate processes in alternating order, and prints each side's median of the
# per-process best, in sentences/s, with the runs. On a VM whose speed drifts, only a difference
# that wins most pairs means anything.
#   usage: scripts/bench/bench-ab.sh DIR_A DIR_B [PAIRS=6]
set -euo pipefail
A=$1 B=$2 PAIRS=${3:-6}
here=$(cd "$(dirname "$0")" && pwd)
for d in "$A" "$B"; do
  [ -d "$d/models" ] || { echo "bench-ab: $d is not a checkout of this repository" >&2; exit 2; }
  mkdir -p "$d/scripts/bench" && [ "$here/bench-predict.ts" -ef "$d/scripts/bench/bench-predict.ts" ] || cp "$here/bench-predict.ts" "$d/scripts/bench/bench-predict.ts"
done
run() { (cd "$1" && npx --no-install tsx scripts/bench/bench-predict.ts 2>/dev/null); }
ra=() rb=()
for i in $(seq "$PAIRS"); do
  if (( i % 2 )); then ra+=("$(run "$A")"); rb+=("$(run "$B")"); else rb+=("$(run "$B")"); ra+=("$(run "$A")"); fi
done
median() { printf '%s\n' "$@" | sort -n | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'; }
wins=0; for i in "${!ra[@]}"; do (( rb[i] > ra[i] )) && wins=$((wins + 1)); done
echo "A $A: median $(median "${ra[@]}") (${ra[*]})"
echo "B $B: median $(median "${rb[@]}") (${rb[*]})"
echo "B faster in $wins of $PAIRS pairs"
