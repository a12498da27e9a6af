#!/usr/bin/env bash
# The dense kernels (k-means assign, ALS normal equations, SGD dense gradient): naive loop, scalar FMA,
# Vector API on one thread and on every core; GFLOP/s against the machine's peak.
#   scripts/bench-kernels.sh [PEAK_GFLOPS [BANDWIDTH_GBS]]   (defaults: 117 and 33, the 2-core build machine)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
mvn -q -B -pl integration -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile=target/bench.classpath >/dev/null
java --add-modules=jdk.incubator.vector -cp "integration/target/test-classes:$(cat integration/target/bench.classpath)" \
  org.shardtrain.integration.bench.KernelBench "$@" 2> >(grep -v 'incubator modules' >&2)
