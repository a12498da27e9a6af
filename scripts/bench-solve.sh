#!/usr/bin/env bash
# ALS's k×k solve: shardtrain's packed Cholesky against Mahout Math's QRDecomposition (what Mahout's ALS uses),
# in one process, on the same systems.
#   scripts/bench-solve.sh
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
mvn -q -B -pl integration -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile=target/bench.classpath >/dev/null
java -cp "integration/target/test-classes:$(cat integration/target/bench.classpath)" org.shardtrain.integration.bench.CholeskyBench
