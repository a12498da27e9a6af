#!/usr/bin/env bash
# Quickstart: build if needed, then import -> train -> evaluate k-means on the Iris data the project ships,
# with Hadoop's local job runner on the local filesystem (no cluster needed, none used even if configured).
#
#   scripts/quickstart.sh [output-folder]      (default: ./quickstart-output; replaced on each run)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="$(mkdir -p "${1:-$ROOT/quickstart-output}" && cd "${1:-$ROOT/quickstart-output}" && pwd)"
unset HADOOP_CONF_DIR YARN_CONF_DIR   # the quickstart always runs locally

JAR="$(ls "$ROOT"/yarn-app/target/shardtrain-*-job.jar 2>/dev/null | head -n 1 || true)"
if [[ -z "$JAR" || -n "$(find "$ROOT" -path '*/src/*' -newer "$JAR" -type f -print -quit)" ]]; then
  echo "== building shardtrain (mvn -DskipTests package)"
  (cd "$ROOT" && mvn -q -B -DskipTests package)
fi

ST="$ROOT/scripts/shardtrain"
DATA="$ROOT/data/iris/points.csv"

echo "== 1/3 import: $DATA -> Avro shards"
"$ST" import --type points --format csv --input "$DATA" --output "$OUT/iris-avro" --shards 3 --overwrite

echo "== 2/3 train: k-means, k = 3, k-means|| initialisation"
"$ST" kmeans --input "$OUT/iris-avro" --output "$OUT/iris-kmeans" --k 3 --seed 1 --overwrite

echo "== 3/3 evaluate: the trained model on the original CSV"
"$ST" evaluate --model "$OUT/iris-kmeans" --input "$DATA" --format csv --output "$OUT/iris-evaluation" --overwrite \
  > /dev/null

WSSSE="$(sed -nE 's/^  "wssse": ([^,]+),?$/\1/p' "$OUT/iris-evaluation/metrics.json")"
cat <<DONE

Done. Within-cluster sum of squares (WSSSE) on Iris: $WSSSE (the published optimum for k = 3 is 78.85).
  model (Avro):        $OUT/iris-kmeans/model/model.avro
  training metrics:    $OUT/iris-kmeans/metrics.json
  evaluation metrics:  $OUT/iris-evaluation/metrics.json
  checkpoints:         $OUT/iris-kmeans/_checkpoints/
DONE
