#!/usr/bin/env bash
# Quickstart: build if needed, start an embedded single-machine HDFS + YARN (`shardtrain cluster start`),
# then import -> train -> evaluate k-means on the Iris data the project ships: the training runs on the
# YARN engine (an ApplicationMaster and two worker JVMs that keep the points in memory). Inputs and
# outputs stay on the local filesystem (file:// paths); the embedded cluster is stopped at the end.
#
#   scripts/quickstart.sh [output-folder]      (default: ./quickstart-output; replaced on each run)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="$(mkdir -p "${1:-$ROOT/quickstart-output}" && cd "${1:-$ROOT/quickstart-output}" && pwd)"
unset HADOOP_CONF_DIR YARN_CONF_DIR   # the quickstart brings its own cluster

JAR="$(ls "$ROOT"/jobs/dist/target/shardtrain-*-job.jar 2>/dev/null | head -n 1 || true)"
if [[ -z "$JAR" || -n "$(find "$ROOT" -path '*/src/*' -newer "$JAR" -type f -print -quit)" ]]; then
  echo "== building shardtrain (mvn -DskipTests package)"
  (cd "$ROOT" && mvn -q -B -DskipTests package)
fi

ST="$ROOT/scripts/shardtrain"
DATA="$ROOT/data/iris/points.csv"
CLUSTER="$OUT/cluster"

echo "== 0/3 cluster: an embedded HDFS + YARN in the background ($CLUSTER)"
"$ST" cluster start "$CLUSTER"
trap '"$ST" cluster stop "$CLUSTER" >/dev/null' EXIT
export HADOOP_CONF_DIR="$CLUSTER/conf"

echo "== 1/3 import: $DATA -> Avro shards"
"$ST" import --type points --format csv --input "file://$DATA" --output "file://$OUT/iris-avro" --shards 3 --overwrite

echo "== 2/3 train: k-means, k = 3, k-means|| initialisation, on the YARN engine with 2 workers"
"$ST" kmeans --engine yarn --workers 2 --worker-memory 512 --am-memory 512 \
  --input "file://$OUT/iris-avro" --output "file://$OUT/iris-kmeans" --k 3 --seed 1 --overwrite

echo "== 3/3 evaluate: the trained model on the original CSV"
"$ST" evaluate --model "file://$OUT/iris-kmeans" --input "file://$DATA" --format csv \
  --output "file://$OUT/iris-evaluation" --overwrite > /dev/null

WSSSE="$(sed -nE 's/^  "wssse": ([^,]+),?$/\1/p' "$OUT/iris-evaluation/metrics.json")"
cat <<DONE

Done. Within-cluster sum of squares (WSSSE) on Iris: $WSSSE (the published optimum for k = 3 is 78.85).
  model (Avro):        $OUT/iris-kmeans/model/model.avro
  training metrics:    $OUT/iris-kmeans/metrics.json   (engine "yarn", one entry per worker)
  evaluation metrics:  $OUT/iris-evaluation/metrics.json
  checkpoints:         $OUT/iris-kmeans/_checkpoints/
The same with MapReduce, one job per iteration: "$ST" kmeans --engine mr --input ... (see README).
DONE
