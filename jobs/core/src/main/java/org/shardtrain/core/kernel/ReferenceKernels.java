package org.shardtrain.core.kernel;

import org.shardtrain.core.als.FactorBlock;
import org.shardtrain.core.sgd.Loss;

/**
 * The naive loops, one point, row or example at a time, written from the definitions rather than from the
 * fast kernels: distances by subtraction, full (unpacked) normal matrices solved by Gaussian elimination
 * with partial pivoting, plain dot products. The independent reference in tests and the "naive" column of
 * the kernel benchmark; never used to train.
 */
public final class ReferenceKernels implements DenseKernels {
  @Override public String backend() { return "reference"; }

  @Override public String detail() { return "naive loops, one thread"; }

  @Override
  public void kmeansAssign(double[] x, int n, int d, double[] centres, int k, boolean euclidean, int[] nearest,
                           double[] distance, long[] counts, double[] sums, double[] costs) {
    for (int p = 0; p < n; p++) {
      int best = 0;
      double bestDistance = Double.POSITIVE_INFINITY;
      for (int j = 0; j < k; j++) {
        double dist = 0;
        if (euclidean) {
          for (int i = 0; i < d; i++) {
            double diff = x[p * d + i] - centres[j * d + i];
            dist += diff * diff;
          }
        } else {
          double dot = 0;
          for (int i = 0; i < d; i++) dot += x[p * d + i] * centres[j * d + i];
          dist = Math.max(0.0, 1.0 - dot);
        }
        if (dist < bestDistance) {
          bestDistance = dist;
          best = j;
        }
      }
      nearest[p] = best;
      distance[p] = bestDistance;
      counts[best]++;
      costs[best] += bestDistance;
      for (int i = 0; i < d; i++) sums[best * d + i] += x[p * d + i];
    }
  }

  @Override
  public double alsSolve(int[] rowStart, int[] other, double[] ratings, int rows, FactorBlock otherFactors,
                         AlsSolveSpec spec, FactorBlock out) {
    int k = otherFactors.rank();
    double sse = 0;
    for (int r = 0; r < rows; r++) {
      double[][] a = new double[k][k];
      double[] b = new double[k];
      int n = rowStart[r + 1] - rowStart[r];
      if (spec.implicit()) {
        for (int j = 0, idx = 0; j < k; j++) {
          for (int i = 0; i <= j; i++, idx++) {
            a[i][j] += spec.gram()[idx];
            if (i != j) a[j][i] += spec.gram()[idx];
          }
        }
      }
      for (int q = rowStart[r]; q < rowStart[r + 1]; q++) {
        double rating = ratings[q];
        double weight = spec.implicit() ? spec.alpha() * Math.abs(rating) : 1;
        double target = spec.implicit() ? (rating > 0 ? 1 + spec.alpha() * Math.abs(rating) : 0) : rating;
        double[] y = otherFactors.row(other[q]);
        for (int i = 0; i < k; i++) {
          double yi = y[i];
          b[i] += target * yi;
          for (int j = 0; j < k; j++) a[i][j] += weight * yi * y[j];
        }
      }
      for (int i = 0; i < k; i++) a[i][i] += spec.lambda() * n;
      double[] x = gauss(a, b);
      out.set(r, x, 0);
      if (!spec.implicit()) {
        for (int q = rowStart[r]; q < rowStart[r + 1]; q++) {
          double pred = 0;
          double[] y = otherFactors.row(other[q]);
          for (int i = 0; i < k; i++) pred += x[i] * y[i];
          sse += (ratings[q] - pred) * (ratings[q] - pred);
        }
      }
    }
    return sse;
  }

  private static double[] gauss(double[][] a, double[] b) {
    int k = b.length;
    for (int c = 0; c < k; c++) {
      int pivot = c;
      for (int r = c + 1; r < k; r++) if (Math.abs(a[r][c]) > Math.abs(a[pivot][c])) pivot = r;
      double[] row = a[c]; a[c] = a[pivot]; a[pivot] = row;
      double t = b[c]; b[c] = b[pivot]; b[pivot] = t;
      for (int r = c + 1; r < k; r++) {
        double f = a[r][c] / a[c][c];
        for (int j = c; j < k; j++) a[r][j] -= f * a[c][j];
        b[r] -= f * b[c];
      }
    }
    double[] x = new double[k];
    for (int r = k - 1; r >= 0; r--) {
      double s = b[r];
      for (int j = r + 1; j < k; j++) s -= a[r][j] * x[j];
      x[r] = s / a[r][r];
    }
    return x;
  }

  @Override
  public void denseGradient(double[] x, int n, int d, double[] labels, int[] rows, int count, double[] v, double c,
                            Loss loss, double[] stats) {
    int selected = rows == null ? n : count;
    for (int s = 0; s < selected; s++) {
      int r = rows == null ? s : rows[s];
      double m = c;
      for (int i = 0; i < d; i++) m += v[i] * x[r * d + i];
      double g = loss.derivative(m, labels[r]);
      stats[0] += 1;
      stats[1] += loss.value(m, labels[r]);
      stats[2] += g;
      for (int i = 0; i < d; i++) stats[3 + i] += g * x[r * d + i];
    }
  }

  @Override public void close() {}
}
