#!/usr/bin/env python3
"""A generated K-class set for the multinomial benchmark (scripts/bench.sh), as LIBSVM text.

Dense examples around K random centres: centre c_k ~ N(0, I_d), example x = c_k + N(0, sigma^2 I_d), class k
drawn uniformly; labels 0..K-1, feature indices 1..d (LIBSVM is 1-based). sigma is large enough that the
classes overlap (the nearest-centre rule, Bayes-optimal here, is right for about 88% of examples at the
defaults): the data are not separable, so the unpenalised multinomial likelihood has a finite optimum that
both systems can reach. Deterministic by --seed.

  gen-classes.py --output DIR --train N --test M [--dim 20] [--classes 10] [--sigma 1.5] [--seed 1]
  -> DIR/train/part-00000.libsvm, DIR/test/part-00000.libsvm
"""
import argparse
import os

import numpy as np


def write(path, labels, x):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    d = x.shape[1]
    cols = np.arange(1, d + 1)
    with open(path, "w") as f:
        for start in range(0, len(labels), 10000):  # in blocks: one formatted string per block, not per value
            rows = []
            for y, row in zip(labels[start:start + 10000], x[start:start + 10000]):
                rows.append(str(int(y)) + " " + " ".join(f"{j}:{v:.6g}" for j, v in zip(cols, row)))
            f.write("\n".join(rows) + "\n")


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--output", required=True)
    p.add_argument("--train", type=int, required=True)
    p.add_argument("--test", type=int, required=True)
    p.add_argument("--dim", type=int, default=20)
    p.add_argument("--classes", type=int, default=10)
    p.add_argument("--sigma", type=float, default=1.5)
    p.add_argument("--seed", type=int, default=1)
    a = p.parse_args()
    rng = np.random.default_rng(a.seed)
    centres = rng.standard_normal((a.classes, a.dim))
    for name, n in (("train", a.train), ("test", a.test)):
        y = rng.integers(0, a.classes, n)
        x = centres[y] + a.sigma * rng.standard_normal((n, a.dim))
        write(os.path.join(a.output, name, "part-00000.libsvm"), y, x)


if __name__ == "__main__":
    main()
