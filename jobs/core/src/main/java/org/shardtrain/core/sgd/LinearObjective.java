package org.shardtrain.core.sgd;

/**
 * The full-batch objective that L-BFGS minimises, on standardised features (as SGD trains):
 * F(w, b) = (1/n)·Σ_i L(w·z_i + b, y_i) + l2/2·‖w‖² + l1·‖w‖₁, where l2 and l1 come from the regularisation
 * (λ, or λ(1−α) and λα for the elastic net) and b is not penalised. This class holds the smooth part f (all
 * but the L1 term) and its gradient, computed from one gradient pass's mergeable sums ({@link GradientStats}):
 * ∂f/∂w_j = (G_j − μ_j·S)/(σ_j·n) + l2·w_j and ∂f/∂b = S/n (0 without an intercept, which then stays 0).
 */
public record LinearObjective(double smoothValue, double[] gradient, double dataLoss, double count) {

  public static LinearObjective of(SgdState state, GradientStats g, Regularization reg, boolean intercept) {
    int d = state.dimension();
    double n = Math.max(1, g.count());
    double[] w = state.weights();
    double[] mean = state.scaling().mean();
    double[] inv = state.scaling().invStd();
    double[] grad = new double[d + 1];
    double l2 = reg.l2();
    double squares = 0;
    for (int j = 0; j < d; j++) {
      grad[j] = (g.g(j) - mean[j] * g.gradientSum()) * inv[j] / n + l2 * w[j];
      squares += w[j] * w[j];
    }
    grad[d] = intercept ? g.gradientSum() / n : 0;
    double dataLoss = g.lossSum() / n;
    return new LinearObjective(dataLoss + 0.5 * l2 * squares, grad, dataLoss, g.count());
  }

  /** F = f + l1·‖w‖₁ at the point whose weights are the first d entries of {@code x}. */
  public double value(double[] x, double l1) {
    if (l1 == 0) return smoothValue;
    double abs = 0;
    for (int j = 0; j < x.length - 1; j++) abs += Math.abs(x[j]);
    return smoothValue + l1 * abs;
  }
}
