package org.shardtrain.core.sgd;

/**
 * The search direction of L-BFGS and OWL-QN (Andrew and Gao, 2007, "Scalable training of L1-regularized
 * log-linear models"). With an L1 term c·‖w‖₁ the objective is not differentiable where a weight is 0; OWL-QN
 * steers by the <em>pseudo-gradient</em> ◇F (the steepest-descent direction's negative, coordinate by
 * coordinate), limits the quasi-Newton direction to the orthant it points into, and projects trial points
 * back onto that orthant — so weights reach exactly zero. With c = 0 all of this is plain L-BFGS. Only the
 * first {@code penalised} coordinates (the weights) carry the L1 term; the intercepts after them never do.
 */
public final class QuasiNewtonDirection {
  private QuasiNewtonDirection() {}

  /**
   * ◇F_j = ∂f_j + c·sign(w_j) where w_j ≠ 0; at w_j = 0 the one-sided derivative that descends
   * (∂f_j + c if that is &lt; 0, ∂f_j − c if that is &gt; 0), else 0: zero is optimal in that coordinate.
   */
  public static double[] pseudoGradient(double[] x, double[] smoothGradient, double l1, int penalised) {
    double[] pg = smoothGradient.clone();
    if (l1 == 0) return pg;
    for (int j = 0; j < penalised; j++) {
      double g = smoothGradient[j];
      if (x[j] > 0) pg[j] = g + l1;
      else if (x[j] < 0) pg[j] = g - l1;
      else if (g + l1 < 0) pg[j] = g + l1;
      else if (g - l1 > 0) pg[j] = g - l1;
      else pg[j] = 0;
    }
    return pg;
  }

  /**
   * −H·pg by the two-loop recursion (Nocedal and Wright, Algorithm 7.4) over the memory's corrections, with
   * H₀ = (s·y / y·y)·I from the newest pair; with an L1 term, entries whose sign does not descend (p_j·pg_j ≥ 0)
   * are set to 0 (OWL-QN's constraint of the direction to the orthant of −pg).
   */
  public static double[] direction(double[] pg, QuasiNewtonMemory memory, boolean constrain) {
    int m = memory.corrections();
    double[] q = pg.clone();
    double[] alpha = new double[m];
    double[] rho = new double[m];
    for (int i = m - 1; i >= 0; i--) {
      double[] s = memory.s().get(i);
      double[] y = memory.y().get(i);
      rho[i] = 1 / dot(y, s);
      alpha[i] = rho[i] * dot(s, q);
      axpy(-alpha[i], y, q);
    }
    if (m > 0) {
      double[] s = memory.s().get(m - 1);
      double[] y = memory.y().get(m - 1);
      double gamma = dot(s, y) / dot(y, y);
      for (int j = 0; j < q.length; j++) q[j] *= gamma;
    }
    for (int i = 0; i < m; i++) {
      double beta = rho[i] * dot(memory.y().get(i), q);
      axpy(alpha[i] - beta, memory.s().get(i), q);
    }
    for (int j = 0; j < q.length; j++) {
      q[j] = -q[j];
      if (constrain && q[j] * pg[j] >= 0) q[j] = 0;
    }
    return q;
  }

  /**
   * The trial point x + α·p; with an L1 term, weights that would cross into another orthant than ξ (the sign
   * of w_j, or of −pg_j where w_j = 0) are set to 0 instead.
   */
  public static double[] trialPoint(double[] x, double[] p, double alpha, double[] pg, boolean project,
                                    int penalised) {
    double[] out = new double[x.length];
    for (int j = 0; j < x.length; j++) {
      out[j] = x[j] + alpha * p[j];
      if (project && j < penalised) {
        double orthant = x[j] != 0 ? Math.signum(x[j]) : -Math.signum(pg[j]);
        if (Math.signum(out[j]) != orthant) out[j] = 0;
      }
    }
    return out;
  }

  public static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) s += a[i] * b[i];
    return s;
  }

  public static double norm(double[] a) { return Math.sqrt(dot(a, a)); }

  private static void axpy(double a, double[] x, double[] y) {
    for (int i = 0; i < y.length; i++) y[i] += a * x[i];
  }
}
