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
    if (s.classes() != null) return multinomialStep(s, g, reg, schedule, eta, intercept);
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

  /**
   * The same step for K rows of weights (multinomial): the gradient of {@link LinearObjective} (its L2 part
   * included), then per coordinate the schedule's η and the L1 proximal step on the weights; the intercepts
   * are unpenalised. AdaGrad's accumulators are laid out as the point: K·d weights, then K intercepts.
   */
  private static SgdState multinomialStep(SgdState s, GradientStats g, Regularization reg, Schedule schedule,
                                          double eta, boolean intercept) {
    double[] grad = LinearObjective.of(s, g, reg, intercept).gradient();
    double[] x = s.point();
    double[] acc = s.accumulators() == null ? null : s.accumulators().clone();
    long t = s.step() + 1;
    int penalised = s.weights().length;
    for (int i = 0; i < x.length; i++) {
      double sumSq = 0;
      if (acc != null) sumSq = acc[i] += grad[i] * grad[i];
      double eta_i = schedule.step(eta, t, sumSq);
      x[i] -= eta_i * grad[i];
      if (i < penalised) x[i] = reg.prox(x[i], eta_i);
    }
    SgdState next = s.atPoint(x, t, null);
    return new SgdState(next.weights(), 0, t, acc, s.scaling(), null, next.classes());
  }
}
