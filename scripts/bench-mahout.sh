#!/usr/bin/env bash
# shardtrain's MapReduce ALS against Mahout 0.13's (ParallelALSFactorizationJob), side by side, issue 22:
#   - MovieLens 100k, the u2 split (../shared/data/movielens-100k/splits/u2.{base,test}.tsv; never shipped);
#   - generated: `shardtrain generate --type ratings` 2,000,000 ratings of 25,000 users x 100 items, one file
#     (seed 1; one file so no (user, item) pair repeats: Mahout would add repeats up), every 5th line held
#     out: 1,600,000 training ratings, 400,000 test ratings.
# Both explicit feedback, rank 10, lambda 0.1 (weighted-lambda on both sides), 15 iterations, on a Hadoop
# local job runner (shardtrain: Hadoop 3.5 `--engine mr`; Mahout: Hadoop 2.4.1), as many parallel map tasks
# as cores on both (Mahout also gets as many solver threads), and the same job-client polling interval on
# both: each interval in POLLS (default "50 1000" ms) sets mapreduce.client.completion.pollinterval and
# mapreduce.client.progressmonitor.pollinterval for both (shardtrain waits with the first, default 50 ms
# in shardtrain; Mahout with the second, waitForCompletion(true), Hadoop's default 1000 ms).
# s/iteration: the median over the 15 iterations (shardtrain: metrics.json history[].seconds, whose first
# iteration includes the once-per-run rows jobs; Mahout: from its "Recomputing U (iteration i/n)" log
# events to the next, the last to the end; its preparation jobs before the first iteration not counted);
# Mahout's random initial M from its fixed test seed (RandomUtils.useTestSeed), so reruns repeat;
# run s: the whole process, JVM start and test evaluation included, for both. Test RMSE: unseen users or
# items dropped on both sides. Prints one table, also written to <work>/results/mahout.md.
#
#   scripts/bench-mahout.sh [--quick] [work-folder]    (default ./bench-output; --quick: 3 iterations, 50 ms only)
#   ML_TRAIN=... ML_TEST=... POLLS="50" ITERATIONS=15 REPEATS=3 SETS=ml scripts/bench-mahout.sh ...
# REPEATS=N (default 1): N pairs of runs per row, alternating which engine goes first; the table shows the
# median of the runs' s/iteration (each run's in brackets; run s and RMSEs from the last pair) and the
# 1-minute load average before each pair. SETS=ml or SETS=gen runs one data set only.
#
# Mahout is a benchmark-only dependency: integration/mahout-peer, a standalone Maven module this script
# builds (the first build downloads Mahout 0.13 and Hadoop 2.4.1, about 40 MB, into ~/.m2).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [[ "${1:-}" == "--help" || "${1:-}" == "-h" ]]; then awk 'NR > 1 && !/^#/ {exit} NR > 1 {sub(/^# ?/, ""); print}' "$0"; exit 0; fi
QUICK=0
if [[ "${1:-}" == "--quick" ]]; then QUICK=1; shift; fi
WORK="$(mkdir -p "${1:-$ROOT/bench-output}" && cd "${1:-$ROOT/bench-output}" && pwd)"
unset HADOOP_CONF_DIR YARN_CONF_DIR
ST="$ROOT/scripts/shardtrain"
ML_TRAIN="${ML_TRAIN:-$ROOT/../shared/data/movielens-100k/splits/u2.base.tsv}"
ML_TEST="${ML_TEST:-$ROOT/../shared/data/movielens-100k/splits/u2.test.tsv}"
if (( QUICK )); then ITERATIONS="${ITERATIONS:-3}"; POLLS="${POLLS:-50}"; else ITERATIONS="${ITERATIONS:-15}"; POLLS="${POLLS:-50 1000}"; fi
REPEATS="${REPEATS:-1}"
RANK=10
LAMBDA=0.1

source "$ROOT/scripts/lib/bench-common.sh"
build_if_needed "$ROOT"

# ---- the Mahout peer (its own classpath: Hadoop 2.4.1, Guava 11 and the rest stay out of ours)
PEER_CP="$(peer_classpath mahout)"

# ---- data
DATA="$WORK/data-mahout"
GEN="$DATA/ratings-25k-100"
if [[ " ${SETS:-ml gen} " == *" gen "* && ! -f "$GEN/_done" ]]; then
  echo "generating 2,000,000 ratings (kept in $GEN) ..." >&2
  rm -rf "$GEN" && mkdir -p "$GEN"
  "$ST" generate --type ratings --rows 2000000 --users 25000 --dim 100 --shards 1 --seed 1 \
    --output "$GEN/all" --overwrite >/dev/null
  awk -v tr="$GEN/train.tsv" -v te="$GEN/test.tsv" '{ if (NR % 5 == 0) print > te; else print > tr }' "$GEN"/all/part-*.tsv
  touch "$GEN/_done"
fi
WHICH="${SETS:-ml gen}"
SETS=()
if [[ " $WHICH " == *" ml "* ]]; then
  if [[ -f "$ML_TRAIN" && -f "$ML_TEST" ]]; then SETS+=("MovieLens-100k u2|$ML_TRAIN|$ML_TEST"); else
    echo "bench-mahout.sh: MovieLens skipped ($ML_TRAIN not found; its terms forbid shipping it)" >&2; fi
fi
if [[ " $WHICH " == *" gen "* ]]; then SETS+=("generated 1.6M (25k x 100)|$GEN/train.tsv|$GEN/test.tsv"); fi

now() { date +%s.%N; }
mahout() { # train test poll -> "median_s test_rmse run_s train_rmse"
  local t0 t1 line
  t0="$(now)"
  java -Xmx4g -cp "$PEER_CP" org.shardtrain.bench.mahout.MahoutAlsPeer --train "$1" --test "$2" --work "$WORK/mahout-run" \
    --rank "$RANK" --lambda "$LAMBDA" --iterations "$ITERATIONS" --poll-ms "$3" --fixed-seed true >"$WORK/last-mahout.log" 2>&1 \
    || { tail -40 "$WORK/last-mahout.log" >&2; exit 1; }
  t1="$(now)"
  line="$(grep '^mahout-als ' "$WORK/last-mahout.log")"
  echo "$line" >>"$RESULTS/mahout-lines.txt"
  val() { sed -nE "s/.* $1=([^ ]+).*/\\1/p" <<<"$line"; }
  echo "$(val median_s) $(val test_rmse) $(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.2f", b - a}') $(val train_rmse)"
}
shardtrain_als() { # train test poll -> "median_s test_rmse run_s train_rmse"
  local t0 t1 out="$WORK/shardtrain-run"
  t0="$(now)"
  "$ST" als -D mapreduce.client.completion.pollinterval="$3" -D mapreduce.client.progressmonitor.pollinterval="$3" \
    --engine mr --input "$1" --test-input "$2" --format tsv --output "$out" --rank "$RANK" --lambda "$LAMBDA" \
    --max-iter "$ITERATIONS" --overwrite --quiet >"$WORK/last-shardtrain.log" 2>&1 \
    || { tail -40 "$WORK/last-shardtrain.log" >&2; exit 1; }
  t1="$(now)"
  read -r med _ <<<"$(iteration_seconds "$out/metrics.json")"
  echo "$med $(metric "$out/metrics.json" test_rmse) $(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.2f", b - a}')" \
    "$(metric "$out/metrics.json" train_rmse)"
}

RESULTS="$WORK/results"
mkdir -p "$RESULTS"
: >"$RESULTS/mahout-lines.txt"
TABLE="$RESULTS/mahout.md"
{
  machine_line
  echo "rank $RANK, lambda $LAMBDA, $ITERATIONS iterations, local job runner; load before the runs:$(uptime | sed 's/.*load average: / /')"
  echo
  echo "| data | poll ms | engine | s/iteration (median) | run s | test RMSE | train RMSE | shardtrain / Mahout s/iteration | load |"
  echo "|---|---|---|---|---|---|---|---|---|"
} | tee "$TABLE"
median() { tr ' ' '\n' | grep . | sort -g | awk '{v[NR]=$1} END {printf "%.3f", (NR%2)?v[(NR+1)/2]:(v[NR/2]+v[NR/2+1])/2}'; }
for set in "${SETS[@]}"; do
  IFS='|' read -r name train test <<<"$set"
  for poll in $POLLS; do
    ms=""; ss=""; loads=""
    for ((r = 1; r <= REPEATS; r++)); do # alternate which goes first, so a change of load hits both
      mm=""; sm=""
      loads+="$(cut -d' ' -f1 /proc/loadavg) "
      if (( r % 2 )); then
        read -r mm mr mt mtr <<<"$(mahout "$train" "$test" "$poll")"
        read -r sm sr stt str <<<"$(shardtrain_als "$train" "$test" "$poll")"
      else
        read -r sm sr stt str <<<"$(shardtrain_als "$train" "$test" "$poll")"
        read -r mm mr mt mtr <<<"$(mahout "$train" "$test" "$poll")"
      fi
      # the runs are in command substitutions, whose exit does not stop this script: an empty field does
      [[ -n "${mm:-}" && -n "${sm:-}" ]] || { echo "bench-mahout.sh: a run failed (log above)" >&2; exit 1; }
      ms+="$mm "; ss+="$sm "
    done
    mmed="$(median <<<"$ms")"; smed="$(median <<<"$ss")"
    each() { (( REPEATS > 1 )) && echo " (${1% })"; }
    printf "| %s | %s | Mahout 0.13 (Hadoop 2.4.1) | %s%s | %s | %.4f | %.4f | | %s|\n" "$name" "$poll" "$mmed" "$(each "$ms")" \
      "$mt" "$mr" "$mtr" "$loads" | tee -a "$TABLE"
    printf "| %s | %s | shardtrain --engine mr | %s%s | %s | %.4f | %.4f | **%.2f** | |\n" "$name" "$poll" "$smed" "$(each "$ss")" \
      "$stt" "$sr" "$str" "$(awk -v s="$smed" -v m="$mmed" 'BEGIN {print s / m}')" | tee -a "$TABLE"
  done
done
echo "load after the runs:$(uptime | sed 's/.*load average: / /')" | tee -a "$TABLE"
