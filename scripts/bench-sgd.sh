#!/usr/bin/env bash
# SGD per-epoch time on the local job runner (no cluster), the figures asked for in issue 4:
#   - a9a (32,561 x 123 sparse, from ../shared/data when present), logistic + L2, test on a9a.t
#   - generated 500,000 x 100 dense labelled examples (Avro, 4 shards, seed 1), logistic, 20% held out
# Both averaging modes; per-epoch seconds and test metrics read from metrics.json.
#
#   scripts/bench-sgd.sh [work-folder]     (default: ./bench-output; generated data is kept and reused)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WORK="${1:-$ROOT/bench-output}"
mkdir -p "$WORK"
unset HADOOP_CONF_DIR YARN_CONF_DIR
ST="$ROOT/scripts/shardtrain"
source "$ROOT/scripts/lib/bench-common.sh"
build_if_needed "$ROOT"

report() { # name size mode metrics.json
  read -r med mean min max <<<"$(iteration_seconds "$4")"
  printf "%-22s %-16s %-8s per epoch: median %.3f s, mean %.3f s (min %.3f, max %.3f); test accuracy %.4f, AUC %.4f\n" \
    "$1" "$2" "$3" "$med" "$mean" "$min" "$max" "$(metric "$4" test_accuracy)" "$(metric "$4" test_auc)"
}

machine_line
echo "runner:  Hadoop local job runner; gradient = full-batch AdaGrad steps, model = one local SGD epoch per task"
echo

A9A="$ROOT/../shared/data/a9a"
if [[ -f "$A9A/a9a" ]]; then
  "$ST" sgd --input "$A9A/a9a" --format libsvm --test-input "$A9A/a9a.t" --output "$WORK/sgd-a9a-gradient" \
    --loss logistic --reg l2 --lambda 1e-4 --intercept --epochs 20 --step 0.5 --overwrite >/dev/null 2>&1
  report "a9a (LIBSVM text)" "32,561 x 123" gradient "$WORK/sgd-a9a-gradient/metrics.json"
  "$ST" sgd --input "$A9A/a9a" --format libsvm --test-input "$A9A/a9a.t" --output "$WORK/sgd-a9a-model" \
    --loss logistic --reg l2 --lambda 1e-4 --intercept --epochs 5 --step 0.1 --averaging model --overwrite >/dev/null 2>&1
  report "a9a (LIBSVM text)" "32,561 x 123" model "$WORK/sgd-a9a-model/metrics.json"
else
  echo "a9a: skipped (../shared/data not present; its licence does not allow shipping it)"
fi

if [[ ! -f "$WORK/gen-examples-500k-100/_done" ]]; then
  "$ST" generate --type examples --rows 500000 --dim 100 --shards 4 --seed 1 --output "$WORK/gen-examples-500k-100" \
    --overwrite >/dev/null
  touch "$WORK/gen-examples-500k-100/_done"
fi
"$ST" sgd --input "$WORK/gen-examples-500k-100" --output "$WORK/sgd-gen-gradient" --loss logistic --intercept \
  --epochs 6 --test-fraction 0.2 --overwrite >/dev/null 2>&1
report "generated (Avro)" "500,000 x 100" gradient "$WORK/sgd-gen-gradient/metrics.json"
"$ST" sgd --input "$WORK/gen-examples-500k-100" --output "$WORK/sgd-gen-model" --loss logistic --intercept \
  --epochs 4 --step 0.1 --averaging model --test-fraction 0.2 --overwrite >/dev/null 2>&1
report "generated (Avro)" "500,000 x 100" model "$WORK/sgd-gen-model/metrics.json"
