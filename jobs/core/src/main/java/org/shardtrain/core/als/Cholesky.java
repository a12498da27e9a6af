package org.shardtrain.core.als;

/**
 * Cholesky factorisation and solve of a symmetric positive definite system stored packed (upper triangle
 * by columns: element (i, j), i ≤ j, at j(j+1)/2 + i), in place, on primitive arrays. For the k ≤ a few
 * hundred of ALS this beats a general dense library call, which would first unpack the matrix.
 */
public final class Cholesky {
  private Cholesky() {}

  /** Overwrites {@code a} with U (A = UᵀU) and {@code b} with the solution of A·x = b. */
  public static void solvePacked(double[] a, double[] b, int k) {
    // Factor: U(i, j) for i ≤ j.
    for (int j = 0; j < k; j++) {
      int cj = j * (j + 1) / 2;
      for (int i = 0; i < j; i++) {
        int ci = i * (i + 1) / 2;
        double s = a[cj + i];
        for (int p = 0; p < i; p++) s -= a[ci + p] * a[cj + p];
        a[cj + i] = s / a[ci + i];
      }
      double d = a[cj + j];
      for (int p = 0; p < j; p++) d -= a[cj + p] * a[cj + p];
      if (!(d > 0)) throw new ArithmeticException("matrix is not positive definite (pivot " + j + " = " + d + ")");
      a[cj + j] = Math.sqrt(d);
    }
    // Forward: Uᵀ·y = b.
    for (int j = 0; j < k; j++) {
      int cj = j * (j + 1) / 2;
      double s = b[j];
      for (int p = 0; p < j; p++) s -= a[cj + p] * b[p];
      b[j] = s / a[cj + j];
    }
    // Backward: U·x = y.
    for (int i = k - 1; i >= 0; i--) {
      double s = b[i];
      for (int j = i + 1; j < k; j++) s -= a[j * (j + 1) / 2 + i] * b[j];
      b[i] = s / a[i * (i + 1) / 2 + i];
    }
  }
}
