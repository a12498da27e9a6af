#!/usr/bin/env bash
# The mini-cluster sweep of issue 20: the YARN engine with W = 1, 2, 4, 8 real worker containers (512 MB each) on
# the embedded single-machine HDFS + YARN, k-means and ALS, to show the same model at every W and what an
# iteration's coordination costs as W grows.
#   - k-means: generated 200,000 x 20 points (Avro, 8 shards, seed 1), k = 20, random init, --tol 0, 10 iterations
#   - ALS: generated 200,000 ratings of 10,000 users x 2,000 items (TSV, 8 shards), 20% held out, rank 10,
#     5 iterations
# Per W it prints the median s/iteration, the AM's bytes in and out per iteration and its merge seconds
# (metrics.json coordination), and the model's figures against
# W = 1's: k-means WSSSE of every iteration and the cluster sizes; ALS train RMSE of every iteration and the
# test RMSE (relative differences; the merge order of the tree depends on W, so equal to ~1e-12, not bit for bit).
#
#   scripts/bench-scaling.sh [work-folder]     (default: ./bench-output; generated data is kept and reused)
#   WS="1 2 4 8" scripts/bench-scaling.sh      (the worker counts)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [[ "${1:-}" == "--help" || "${1:-}" == "-h" ]]; then awk 'NR > 1 && !/^#/ {exit} NR > 1 {sub(/^# ?/, ""); print}' "$0"; exit 0; fi
WORK="$(mkdir -p "${1:-$ROOT/bench-output}" && cd "${1:-$ROOT/bench-output}" && pwd)"
unset HADOOP_CONF_DIR YARN_CONF_DIR
ST="$ROOT/scripts/shardtrain"
WS="${WS:-1 2 4 8}"

source "$ROOT/scripts/lib/bench-common.sh"
build_if_needed "$ROOT"

DATA="$WORK/data-scaling"
generate() { # folder generate-args...
  local dir="$DATA/$1"; shift
  if [[ ! -f "$dir/_done" ]]; then
    "$ST" generate "$@" --seed 1 --output "$dir" --overwrite >/dev/null
    touch "$dir/_done"
  fi
}
generate points --rows 200000 --dim 20 --clusters 20 --shards 8
generate ratings --type ratings --rows 200000 --users 10000 --dim 2000 --shards 8

CLUSTER="$WORK/cluster-scaling"
echo "starting the embedded cluster ..." >&2
"$ST" cluster start "$CLUSTER" >/dev/null
trap '"$ST" cluster stop "$CLUSTER" >/dev/null' EXIT

run() { # workers output program args...
  local w="$1" out="$2"; shift 2
  HADOOP_CONF_DIR="$CLUSTER/conf" "$ST" "$@" --engine yarn --workers "$w" --worker-memory 512 --am-memory 512 \
    --output "file://$out" --overwrite --quiet >/dev/null 2>"$WORK/last-run.log" || { tail -40 "$WORK/last-run.log" >&2; exit 1; }
}

summary() { # kind run-folder reference-folder workers -> one table row
  python3 - "$@" <<'EOF'
import json, statistics, sys
kind, run, ref, w = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
m = json.load(open(run + "/metrics.json"))
r = json.load(open(ref + "/metrics.json"))
secs = [h["seconds"] for h in m["history"]][1:] or [m["history"][0]["seconds"]]
co = m["coordination"][1:] or m["coordination"]
med = lambda k: statistics.median(c[k] for c in co)
def rel(a, b):
    return abs(a - b) / max(abs(b), 1e-300)
if kind == "kmeans":
    key = "wssse"
    final = rel(m["wssse"], r["wssse"])
    extra = "sizes equal" if m["cluster_sizes"] == r["cluster_sizes"] else "SIZES DIFFER"
else:
    key = "train_rmse"
    final = rel(m["test_rmse"], r["test_rmse"])
    extra = "test RMSE %.6f" % m["test_rmse"]
hist = max(rel(a["metrics"][key] if "metrics" in a else a[key], b["metrics"][key] if "metrics" in b else b[key])
           for a, b in zip(m["history"], r["history"]))
print("| %s | %d | %.3f | %d | %d | %.5f | %.1e | %.1e | %s |" % (kind, w, statistics.median(secs),
      med("am_bytes_in"), med("am_bytes_out"), med("am_merge_seconds"), hist, final, extra))
EOF
}

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(java -version 2>&1 | head -1)"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| run | W | s/iteration (median, after the first) | AM bytes in / iteration | AM bytes out / iteration | AM merge s / iteration | max relative difference per iteration vs W = 1 | final figure vs W = 1 | |"
echo "|---|---|---|---|---|---|---|---|---|"
first=""
for w in $WS; do
  run "$w" "$WORK/scaling/kmeans-$w" kmeans --input "file://$DATA/points" --k 20 --init random --seed 1 --max-iter 10 --tol 0
  [[ -z "$first" ]] && first="$w"
  summary kmeans "$WORK/scaling/kmeans-$w" "$WORK/scaling/kmeans-$first" "$w"
done
for w in $WS; do
  run "$w" "$WORK/scaling/als-$w" als --input "file://$DATA/ratings" --format tsv --test-fraction 0.2 --rank 10 --max-iter 5 --seed 1
  summary als "$WORK/scaling/als-$w" "$WORK/scaling/als-$first" "$w"
done
echo
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
