#!/usr/bin/env bash
# Issue 20 point 5's SGD scale test at the worker counts that mvn verify's 1 GB test heap does not hold:
# SgdCoordinationScaleTest (the AM's Coordinator and YarnSgdPasses, W simulated workers running SgdWorker and the
# ring allreduce in one JVM; d = 100,000) at W = 16, 256 and 1,000, with a larger heap. It prints, per W, the AM's
# bytes in and out per gradient pass, each worker's bytes, the time from the last report to the merged gradient and
# the heap held, and runs the test's assertions at every W (docs/scaling.md, "The scale test, SGD").
# Held: ~1.7 MB per idle worker (its frame: the scaling's 2·d doubles) and ~3–6 MB more per worker during a pass;
# W = 1,000 needs about 8 GB of heap.
#
#   scripts/bench-coordination.sh                      (WS=16,256,1000 HEAP=10g PASSES=5)
#   WS=16,64,256 HEAP=4g scripts/bench-coordination.sh (other worker counts, smallest first; heap; passes per W)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [[ "${1:-}" == "--help" || "${1:-}" == "-h" ]]; then awk 'NR > 1 && !/^#/ {exit} NR > 1 {sub(/^# ?/, ""); print}' "$0"; exit 0; fi
WS="${WS:-16,256,1000}"
HEAP="${HEAP:-10g}"
PASSES="${PASSES:-5}"
cd "$ROOT"
echo "$(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); W = $WS, heap $HEAP" >&2
# Offline, in the reactor with the modules the test needs (never installed into ~/.m2); only this test class.
mvn -B -o -q verify -pl jobs/core,jobs/cuda,formats,jobs/host,jobs/mapreduce,yarn-app -DskipITs \
  -Dtest=SgdCoordinationScaleTest -Dsurefire.failIfNoSpecifiedTests=false -Dtest.heap="$HEAP" \
  -Dshardtrain.scale.sgd.workers="$WS" -Dshardtrain.scale.sgd.passes="$PASSES"
