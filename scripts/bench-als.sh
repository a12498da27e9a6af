#!/usr/bin/env bash
# ALS per-iteration time on the local job runner (no cluster), the figures asked for in issue 3:
#   - MovieLens 100k, split u2 (from ../shared/data when present; never shipped): rank 10, λ 0.1, 15 iterations
#   - generated 100,000 users x 10,000 items x 2,000,000 ratings (TSV, seed 1), 20% held out: rank 10, 3 iterations
#
#   scripts/bench-als.sh [work-folder]     (default: ./bench-output; generated data is kept and reused)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WORK="${1:-$ROOT/bench-output}"
mkdir -p "$WORK"
unset HADOOP_CONF_DIR YARN_CONF_DIR
ST="$ROOT/scripts/shardtrain"
source "$ROOT/scripts/lib/bench-common.sh"
build_if_needed "$ROOT"

report() { # name size metrics.json
  read -r med mean min max <<<"$(iteration_seconds "$3")"
  printf "%-22s %-26s per iteration: median %.3f s, mean %.3f s (min %.3f, max %.3f); test RMSE %.4f\n" \
    "$1" "$2" "$med" "$mean" "$min" "$max" "$(metric "$3" test_rmse)"
}

machine_line
echo "runner:  Hadoop local job runner; an iteration = 4 jobs (join + solve for users, then for items)"
echo

ML="$ROOT/../shared/data/movielens-100k/splits"
if [[ -f "$ML/u2.base.tsv" ]]; then
  "$ST" als --input "$ML/u2.base.tsv" --test-input "$ML/u2.test.tsv" --format tsv --output "$WORK/als-ml-u2" \
    --rank 10 --lambda 0.1 --max-iter 15 --overwrite >/dev/null 2>&1
  report "MovieLens 100k (u2)" "943 x 1,682, 80,000 ratings" "$WORK/als-ml-u2/metrics.json"
else
  echo "MovieLens: skipped (../shared/data not present; its terms forbid shipping it)"
fi

if [[ ! -f "$WORK/gen-ratings-2m/_done" ]]; then
  "$ST" generate --type ratings --rows 2000000 --users 100000 --dim 10000 --shards 4 --seed 1 \
    --output "$WORK/gen-ratings-2m" --overwrite >/dev/null
  touch "$WORK/gen-ratings-2m/_done"
fi
"$ST" als --input "$WORK/gen-ratings-2m" --format tsv --test-fraction 0.2 --output "$WORK/als-gen" --rank 10 \
  --lambda 0.1 --max-iter 3 --overwrite >/dev/null 2>&1
report "generated (TSV)" "100,000 x 10,000, 2M ratings" "$WORK/als-gen/metrics.json"
