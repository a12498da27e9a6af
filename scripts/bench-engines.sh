#!/usr/bin/env bash
# Per-iteration time of both engines on the same machine, the figures asked for in issue 5:
#   - k-means: generated 1,000,000 x 20 points (Avro, 4 shards, seed 1), k = 20, random init, 10 iterations
#   - ALS: generated 100,000 users x 10,000 items x 2,000,000 ratings (TSV, 4 shards), 20% held out, rank 10, 3 iterations
#   - logistic SGD: generated 500,000 x 100 dense examples (Avro, 4 shards), 20% held out, gradient averaging, 6 epochs
# --engine mr runs on Hadoop's local job runner (no cluster); --engine yarn on an embedded single-machine
# HDFS + YARN started here (`shardtrain cluster start`), with 2 worker containers. Data stays on the local
# filesystem for both. Per-iteration seconds are read from each run's metrics.json (history[].seconds).
#
#   scripts/bench-engines.sh [work-folder]     (default: ./bench-output; generated data is kept and reused)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WORK="$(mkdir -p "${1:-$ROOT/bench-output}" && cd "${1:-$ROOT/bench-output}" && pwd)"
unset HADOOP_CONF_DIR YARN_CONF_DIR
ST="$ROOT/scripts/shardtrain"
WORKERS="${WORKERS:-2}"

source "$ROOT/scripts/lib/bench-common.sh"
build_if_needed "$ROOT"

generate() { # folder generate-args...
  local dir="$WORK/$1"; shift
  if [[ ! -f "$dir/_done" ]]; then
    "$ST" generate "$@" --seed 1 --output "$dir" --overwrite >/dev/null
    touch "$dir/_done"
  fi
}
generate gen-1m-20 --rows 1000000 --dim 20 --clusters 20 --shards 4
generate gen-ratings-2m --type ratings --rows 2000000 --users 100000 --dim 10000 --shards 4
generate gen-examples-500k-100 --type examples --rows 500000 --dim 100 --shards 4

CLUSTER="$WORK/cluster"
"$ST" cluster start "$CLUSTER" >/dev/null
trap '"$ST" cluster stop "$CLUSTER" >/dev/null' EXIT

run() { # engine program args...  (the output folder is the last --output argument)
  local engine="$1"; shift
  if [[ "$engine" == yarn ]]; then
    HADOOP_CONF_DIR="$CLUSTER/conf" "$ST" "$@" --engine yarn --workers "$WORKERS" --overwrite >/dev/null 2>"$WORK/last-run.log" \
      || { cat "$WORK/last-run.log" >&2; exit 1; }
  else
    "$ST" "$@" --engine mr --overwrite >/dev/null 2>"$WORK/last-run.log" || { cat "$WORK/last-run.log" >&2; exit 1; }
  fi
}

declare -A MEDIAN
report() { # label engine metrics.json quality-key
  read -r med mean min max <<<"$(iteration_seconds "$3")"
  MEDIAN["$1/$2"]="$med"
  printf "%-40s %-5s median %7.3f s  mean %7.3f s  (min %.3f, max %.3f)  %s %s\n" "$1" "$2" "$med" "$mean" "$min" "$max" \
    "$4" "$(metric "$3" "$4")"
}

machine_line
echo "engines: mr = Hadoop local job runner; yarn = embedded HDFS + YARN, $WORKERS worker containers (separate JVMs)"
echo

KM="k-means 1,000,000 x 20, k = 20"
for e in mr yarn; do
  run "$e" kmeans --input "file://$WORK/gen-1m-20" --output "file://$WORK/eng-km-$e" --k 20 --init random --seed 1 \
    --max-iter 10 --tol 0 --worker-memory 1024
  report "$KM" "$e" "$WORK/eng-km-$e/metrics.json" wssse
done
SGD="logistic SGD 500,000 x 100 (per epoch)"
for e in mr yarn; do
  run "$e" sgd --input "file://$WORK/gen-examples-500k-100" --output "file://$WORK/eng-sgd-$e" --loss logistic \
    --intercept --epochs 6 --test-fraction 0.2 --worker-memory 1536
  report "$SGD" "$e" "$WORK/eng-sgd-$e/metrics.json" test_accuracy
done
ALS="ALS 2,000,000 ratings, rank 10"
for e in mr yarn; do
  run "$e" als --input "file://$WORK/gen-ratings-2m" --format tsv --test-fraction 0.2 --output "file://$WORK/eng-als-$e" \
    --rank 10 --lambda 0.1 --max-iter 3 --worker-memory 2048
  report "$ALS" "$e" "$WORK/eng-als-$e/metrics.json" test_rmse
done

echo
for name in "$KM" "$SGD" "$ALS"; do
  awk -v n="$name" -v mr="${MEDIAN[$name/mr]}" -v y="${MEDIAN[$name/yarn]}" \
    'BEGIN {printf "%-40s yarn / mr = %.3f (%.1fx faster per iteration)\n", n, y / mr, mr / y}'
done
awk -v y="${MEDIAN[$KM/yarn]}" 'BEGIN {printf "k-means on YARN: %.3f s per iteration; target <= 0.1 s\n", y}'
