package org.shardtrain.core.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.shardtrain.core.als.FactorBlock;
import org.shardtrain.core.als.NormalEquation;

/**
 * {@link Simd} on the JDK's Vector API, at the machine's preferred width. Loaded by name only when the
 * module is present, so the rest of the project runs on a JVM started without it (docs/design.md,
 * "Kernels", has the measurements that chose each shape).
 */
final class VectorSimd extends Simd {
  private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
  private static final int L = S.length();

  @Override String describe() { return (L * 64) + "-bit vectors (jdk.incubator.vector)"; }

  @Override int tile() { return L; }

  /**
   * Lanes are points: the tile is transposed into {@code scratch} (d rows of L points), then eight centres
   * at a time accumulate x·c for all L points in eight registers, each centre value broadcast once per
   * dimension; the running minimum and its centre index are lane-wise too, so no horizontal reduction is
   * needed. Lanes past {@code points} hold zeros and are ignored.
   */
  @Override
  void assignTile(double[] x, int off, int d, int points, double[] centres, int k, double[] bias, double[] scratch,
                  int[] nearest, double[] score) {
    for (int i = 0; i < d; i++) {
      for (int t = 0; t < L; t++) scratch[i * L + t] = t < points ? x[off + t * d + i] : 0;
    }
    DoubleVector best = DoubleVector.broadcast(S, Double.POSITIVE_INFINITY);
    DoubleVector index = DoubleVector.zero(S);
    int j = 0;
    for (; j + 8 <= k; j += 8) {
      int c0 = j * d, c1 = c0 + d, c2 = c1 + d, c3 = c2 + d, c4 = c3 + d, c5 = c4 + d, c6 = c5 + d, c7 = c6 + d;
      DoubleVector a0 = DoubleVector.zero(S), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0;
      for (int i = 0; i < d; i++) {
        DoubleVector xv = DoubleVector.fromArray(S, scratch, i * L);
        a0 = xv.fma(DoubleVector.broadcast(S, centres[c0 + i]), a0);
        a1 = xv.fma(DoubleVector.broadcast(S, centres[c1 + i]), a1);
        a2 = xv.fma(DoubleVector.broadcast(S, centres[c2 + i]), a2);
        a3 = xv.fma(DoubleVector.broadcast(S, centres[c3 + i]), a3);
        a4 = xv.fma(DoubleVector.broadcast(S, centres[c4 + i]), a4);
        a5 = xv.fma(DoubleVector.broadcast(S, centres[c5 + i]), a5);
        a6 = xv.fma(DoubleVector.broadcast(S, centres[c6 + i]), a6);
        a7 = xv.fma(DoubleVector.broadcast(S, centres[c7 + i]), a7);
      }
      // In centre order, strictly lower only: each lane keeps its lowest centre on a tie.
      DoubleVector q;
      VectorMask<Double> lower;
      q = a0.mul(-2.0).add(bias[j]); lower = q.lt(best); best = best.blend(q, lower); index = index.blend(j, lower);
      q = a1.mul(-2.0).add(bias[j + 1]); lower = q.lt(best); best = best.blend(q, lower); index = index.blend(j + 1, lower);
      q = a2.mul(-2.0).add(bias[j + 2]); lower = q.lt(best); best = best.blend(q, lower); index = index.blend(j + 2, lower);
      q = a3.mul(-2.0).add(bias[j + 3]); lower = q.lt(best); best = best.blend(q, lower); index = index.blend(j + 3, lower);
      q = a4.mul(-2.0).add(bias[j + 4]); lower = q.lt(best); best = best.blend(q, lower); index = index.blend(j + 4, lower);
      q = a5.mul(-2.0).add(bias[j + 5]); lower = q.lt(best); best = best.blend(q, lower); index = index.blend(j + 5, lower);
      q = a6.mul(-2.0).add(bias[j + 6]); lower = q.lt(best); best = best.blend(q, lower); index = index.blend(j + 6, lower);
      q = a7.mul(-2.0).add(bias[j + 7]); lower = q.lt(best); best = best.blend(q, lower); index = index.blend(j + 7, lower);
    }
    for (; j < k; j++) {
      DoubleVector a = DoubleVector.zero(S);
      for (int i = 0, c = j * d; i < d; i++) a = DoubleVector.fromArray(S, scratch, i * L).fma(DoubleVector.broadcast(S, centres[c + i]), a);
      DoubleVector q = a.mul(-2.0).add(bias[j]);
      VectorMask<Double> lower = q.lt(best);
      best = best.blend(q, lower);
      index = index.blend(j, lower);
    }
    for (int t = 0; t < points; t++) {
      nearest[t] = (int) index.lane(t);
      score[t] = best.lane(t);
    }
  }

  @Override
  double dot(double[] a, int aOff, double[] b, int bOff, int n) {
    if (L == 8) {
      DoubleVector s = DoubleVector.zero(S);
      int i = 0;
      for (; i + 8 <= n; i += 8) s = DoubleVector.fromArray(S, a, aOff + i).fma(DoubleVector.fromArray(S, b, bOff + i), s);
      if (i < n) { // the tail in its lanes (i is a multiple of 8): masked-off lanes add fma(0, 0, s) = s
        VectorMask<Double> m = S.indexInRange(i, n);
        s = DoubleVector.fromArray(S, a, aOff + i, m).fma(DoubleVector.fromArray(S, b, bOff + i, m), s);
      }
      return sum8(s);
    }
    double[] c = new double[CHAINS];
    for (int i = 0; i < n; i++) c[i & 7] = Math.fma(a[aOff + i], b[bOff + i], c[i & 7]);
    return sumChains(c);
  }

  @Override
  double squaredDistance(double[] a, int aOff, double[] b, int bOff, int n) {
    if (L == 8) {
      DoubleVector s = DoubleVector.zero(S);
      int i = 0;
      for (; i + 8 <= n; i += 8) {
        DoubleVector diff = DoubleVector.fromArray(S, a, aOff + i).sub(DoubleVector.fromArray(S, b, bOff + i));
        s = diff.fma(diff, s);
      }
      if (i == n) return sum8(s);
      // The tail lane by lane (value i into chain i mod 8, as the vector did), in registers: a masked load is
      // not one instruction in Java 17's incubator API, and a scratch array cost more than the rest at d = 20.
      double c0 = s.lane(0), c1 = s.lane(1), c2 = s.lane(2), c3 = s.lane(3);
      double c4 = s.lane(4), c5 = s.lane(5), c6 = s.lane(6), c7 = s.lane(7);
      int r = n - i; // 1 to 7 values, into chains 0 to r - 1
      double t;
      t = a[aOff + i] - b[bOff + i]; c0 = Math.fma(t, t, c0);
      if (r > 1) { t = a[aOff + i + 1] - b[bOff + i + 1]; c1 = Math.fma(t, t, c1); }
      if (r > 2) { t = a[aOff + i + 2] - b[bOff + i + 2]; c2 = Math.fma(t, t, c2); }
      if (r > 3) { t = a[aOff + i + 3] - b[bOff + i + 3]; c3 = Math.fma(t, t, c3); }
      if (r > 4) { t = a[aOff + i + 4] - b[bOff + i + 4]; c4 = Math.fma(t, t, c4); }
      if (r > 5) { t = a[aOff + i + 5] - b[bOff + i + 5]; c5 = Math.fma(t, t, c5); }
      if (r > 6) { t = a[aOff + i + 6] - b[bOff + i + 6]; c6 = Math.fma(t, t, c6); }
      return ((c0 + c1) + (c2 + c3)) + ((c4 + c5) + (c6 + c7));
    }
    double[] c = new double[CHAINS];
    for (int i = 0; i < n; i++) {
      double diff = a[aOff + i] - b[bOff + i];
      c[i & 7] = Math.fma(diff, diff, c[i & 7]);
    }
    return sumChains(c);
  }

  /** The eight chains summed pairwise, as {@link Simd#sumChains}. */
  private static double sum8(DoubleVector s) {
    return ((s.lane(0) + s.lane(1)) + (s.lane(2) + s.lane(3))) + ((s.lane(4) + s.lane(5)) + (s.lane(6) + s.lane(7)));
  }

  @Override
  void axpy(double alpha, double[] x, int xOff, double[] y, int yOff, int n) {
    DoubleVector al = DoubleVector.broadcast(S, alpha);
    int i = 0;
    for (; i + L <= n; i += L) {
      al.fma(DoubleVector.fromArray(S, x, xOff + i), DoubleVector.fromArray(S, y, yOff + i)).intoArray(y, yOff + i);
    }
    for (; i < n; i++) y[yOff + i] = Math.fma(alpha, x[xOff + i], y[yOff + i]);
  }

  /**
   * Ratings gathered at a time: a row's scratch is at most 1,024 rows of P lanes (0.4–0.5 MiB at rank 50, in
   * L2), however many ratings the row has; before, an item rated 40 million times at rank 50 needed an
   * array beyond 2³¹ doubles.
   */
  static final int SEGMENT = 1024;

  /**
   * The row's factors gathered, {@value #SEGMENT} ratings at a time, into rows of P = ⌈k/L⌉·L lanes
   * (zero-padded); then, column by column (two at a time, for two independent chains), A's column j over
   * lanes v.. as one vector accumulator carried over the ratings in order: acc = y_q[v..]·(w_q·y_qj) + acc,
   * kept in a register within a segment and in {@code scratch} between segments (a store and a load do not
   * round). Each kept lane is NormalEquation's multiply-then-add chain in rating order, so the bits are the
   * same.
   */
  @Override
  void normalEquation(int[] other, double[] ratings, int from, int to, FactorBlock factors, boolean implicit,
                      double alpha, NormalEquation into, double[] scratch) {
    int k = factors.rank();
    int p = ((k + L - 1) / L) * L;
    int segment = Math.min(SEGMENT, to - from);
    int weights = segment * p;
    int targets = weights + segment;
    int sumB = targets + segment; // b over lanes 0..p, carried between segments
    int sumA = sumB + p; // A's column j over lanes 0..p at sumA + j·p, carried between segments
    int packed = sumA + k * p; // A packed, then b
    java.util.Arrays.fill(scratch, sumB, packed, 0.0);
    for (int start = from; start < to; start += segment) {
      int n = Math.min(segment, to - start);
      for (int q = 0; q < n; q++) {
        int row = q * p;
        int o = other[start + q];
        System.arraycopy(factors.arrayOf(o), factors.offsetOf(o), scratch, row, k);
        for (int i = k; i < p; i++) scratch[row + i] = 0;
        double r = ratings[start + q];
        scratch[weights + q] = implicit ? NormalEquation.implicitWeight(r, alpha) : 1.0;
        scratch[targets + q] = implicit ? NormalEquation.implicitTarget(r, alpha) : r;
      }
      for (int v = 0; v < p; v += L) { // b_j = Σ t_q·y_qj
        DoubleVector acc = DoubleVector.fromArray(S, scratch, sumB + v);
        for (int q = 0; q < n; q++) acc = DoubleVector.fromArray(S, scratch, q * p + v).mul(scratch[targets + q]).add(acc);
        acc.intoArray(scratch, sumB + v);
      }
      for (int j = 0; j < k; j += 2) {
        boolean pair = j + 1 < k;
        int last = pair ? j + 1 : j;
        int c0 = sumA + j * p;
        int c1 = c0 + p;
        for (int v = 0; v <= last; v += L) {
          DoubleVector a0 = DoubleVector.fromArray(S, scratch, c0 + v);
          DoubleVector a1 = pair ? DoubleVector.fromArray(S, scratch, c1 + v) : a0;
          for (int q = 0; q < n; q++) {
            int row = q * p;
            DoubleVector y = DoubleVector.fromArray(S, scratch, row + v);
            double w = scratch[weights + q];
            a0 = y.mul(w * scratch[row + j]).add(a0);
            if (pair) a1 = y.mul(w * scratch[row + j + 1]).add(a1);
          }
          a0.intoArray(scratch, c0 + v);
          if (pair) a1.intoArray(scratch, c1 + v);
        }
      }
    }
    int b = packed + k * (k + 1) / 2;
    System.arraycopy(scratch, sumB, scratch, b, k);
    int idx = packed;
    for (int j = 0; j < k; j++) {
      System.arraycopy(scratch, sumA + j * p, scratch, idx, j + 1);
      idx += j + 1;
    }
    into.set(scratch, packed, scratch, b, to - from);
  }

  @Override
  int normalScratch(int k, int ratings) {
    int p = ((k + L - 1) / L) * L;
    int segment = Math.min(SEGMENT, ratings);
    return segment * p + 2 * segment + p + k * p + k * (k + 1) / 2 + k;
  }
}
