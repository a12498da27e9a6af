#!/usr/bin/env bash
# Compiles the kernels to PTX into the module's classes (a resource of the jar) when nvcc is on the PATH
# (or under /usr/local/cuda); without it the build goes on and GPU workers fall back to the CPU kernels,
# saying that this build has no PTX. compute_80: Ampere and newer; the driver JIT-compiles the PTX.
set -euo pipefail
src="$(dirname "$0")/shardtrain_kernels.cu"
out="$1/org/shardtrain/cuda"
nvcc="$(command -v nvcc || true)"
[ -z "$nvcc" ] && [ -x /usr/local/cuda/bin/nvcc ] && nvcc=/usr/local/cuda/bin/nvcc
if [ -z "$nvcc" ]; then
  echo "[shardtrain] nvcc not found: building without PTX (GPU workers will use the CPU kernels)"
  exit 0
fi
mkdir -p "$out"
"$nvcc" -ptx -arch=compute_80 -fmad=false -O3 -o "$out/shardtrain_kernels.ptx" "$src"
echo "[shardtrain] PTX: $out/shardtrain_kernels.ptx ($("$nvcc" --version | tail -1))"
