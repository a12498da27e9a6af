package org.shardtrain.core.sgd;

/** The driver-side step of synchronous gradient averaging, and the averaging of locally trained models. */
public final class SgdUpdate {
  private SgdUpdate() {}

  /**
   * One step from the summed gradient: w ← prox_{η·l1}(w − η·(∇ + l2·w)), b ← b − η·∂b (no penalty on b;
   * b stays 0 without {@code intercept}). η per coordinate from the schedule; AdaGrad accumulates ∇².
   */
  public static SgdState step(SgdState s, GradientStats g, Loss loss, Regularization reg, Schedule schedule,
                              double eta, boolean intercept) {
    int d = s.dimension();
    double n = Math.max(1, g.count());
    double[] mean = s.scaling().mean();
    double[] inv = s.scaling().invStd();
    double[] w = s.weights().clone();
    double[] acc = s.accumulators() == null ? null : s.accumulators().clone();
    long t = s.step() + 1;
    for (int j = 0; j < d; j++) {
      double grad = (g.g(j) - mean[j] * g.gradientSum()) * inv[j] / n + reg.l2() * w[j];
      double sumSq = 0;
      if (acc != null) sumSq = acc[j] += grad * grad;
      double eta_j = schedule.step(eta, t, sumSq);
      w[j] = reg.prox(w[j] - eta_j * grad, eta_j);
    }
    double b = 0;
    if (intercept) {
      double grad = g.gradientSum() / n;
      double sumSq = 0;
      if (acc != null) sumSq = acc[d] += grad * grad;
      b = s.intercept() - schedule.step(eta, t, sumSq) * grad;
    }
    return new SgdState(w, b, t, acc, s.scaling());
  }
}
