#!/usr/bin/env bash
# On a machine with an NVIDIA GPU, its driver (R580 or newer for the CUDA 13 PTX), Java 17 and Maven:
# the tests tagged "gpu" — each CUDA kernel against the CPU kernels with its throughput against the
# device's peak, and a k-means run with a GPU worker pool on the mini cluster giving the CPU-only centres.
#   scripts/gpu-check.sh [PEAK_GFLOPS]     (default 34000: FP64 of an H100/H200 SXM without tensor cores)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader || { echo "no NVIDIA driver here" >&2; exit 1; }
# Maven's -D user properties reach the forked test JVMs as system properties.
mvn -B -Pgpu verify -pl jobs/cuda,integration -am -Dshardtrain.gpu.peak-gflops="${1:-34000}" | grep -v "^\[INFO\] Download"
