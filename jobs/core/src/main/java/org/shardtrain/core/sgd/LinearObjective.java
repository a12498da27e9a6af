package org.shardtrain.core.sgd;

/**
 * The full-batch objective that L-BFGS minimises, on standardised features (as SGD trains):
 * F(W, b) = (1/n)·Σ_i L(margins_i, y_i) + l2/2·‖W‖² + l1·‖W‖₁, margins_k = w_k·z_i + b_k (one row for the
 * binary and regression losses, K for multinomial), where l2 and l1 come from the regularisation (λ, or
 * λ(1−α) and λα for the elastic net) and the intercepts are not penalised. This class holds the smooth part
 * f (all but the L1 term) and its gradient, computed from one gradient pass's mergeable sums
 * ({@link GradientStats}): ∂f/∂w_kj = (G_kj − μ_j·S_k)/(σ_j·n) + l2·w_kj and ∂f/∂b_k = S_k/n (0 without an
 * intercept, which then stays 0). The gradient is laid out as {@link SgdState#point()}.
 */
public record LinearObjective(double smoothValue, double[] gradient, double dataLoss, double count) {

  public static LinearObjective of(SgdState state, GradientStats g, Regularization reg, boolean intercept) {
    int d = state.dimension();
    int rows = state.rows();
    double n = Math.max(1, g.count());
    double[] w = state.weights();
    double[] mean = state.scaling().mean();
    double[] inv = state.scaling().invStd();
    double[] grad = new double[rows * d + rows];
    double l2 = reg.l2();
    double squares = 0;
    for (int k = 0; k < rows; k++) {
      double s = rows == 1 ? g.gradientSum() : g.gradientSum(k);
      for (int j = 0; j < d; j++) {
        double gkj = rows == 1 ? g.g(j) : g.g(rows, d, k, j);
        int at = k * d + j;
        grad[at] = (gkj - mean[j] * s) * inv[j] / n + l2 * w[at];
        squares += w[at] * w[at];
      }
      grad[rows * d + k] = intercept ? s / n : 0;
    }
    double dataLoss = g.lossSum() / n;
    return new LinearObjective(dataLoss + 0.5 * l2 * squares, grad, dataLoss, g.count());
  }

  /** F = f + l1·‖W‖₁ at point {@code x}, whose first {@code penalised} entries are the weights. */
  public double value(double[] x, int penalised, double l1) { return plusL1(smoothValue, x, penalised, l1); }

  /** {@code smooth} + l1·Σ|x_j| over the first {@code penalised} entries (the weights). */
  public static double plusL1(double smooth, double[] x, int penalised, double l1) {
    if (l1 == 0) return smooth;
    double abs = 0;
    for (int j = 0; j < penalised; j++) abs += Math.abs(x[j]);
    return smooth + l1 * abs;
  }
}
