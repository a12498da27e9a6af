package org.shardtrain.core.sgd;

import java.util.ArrayList;
import java.util.List;

/**
 * What L-BFGS carries from one iteration to the next, checkpointed with the weights so that {@code --resume}
 * continues exactly: the smooth objective and its gradient at the current point (so an iteration does not
 * pay a pass to recompute them), and the last m correction pairs s = x_{k+1} − x_k, y = ∇f_{k+1} − ∇f_k,
 * oldest first. Vectors have d + 1 entries: the weights, then the intercept.
 */
public record QuasiNewtonMemory(double objective, double[] gradient, List<double[]> s, List<double[]> y) {

  public QuasiNewtonMemory {
    if (s.size() != y.size()) throw new IllegalArgumentException(s.size() + " s but " + y.size() + " y corrections");
    s = List.copyOf(s);
    y = List.copyOf(y);
  }

  public static QuasiNewtonMemory at(double objective, double[] gradient) {
    return new QuasiNewtonMemory(objective, gradient, List.of(), List.of());
  }

  public int corrections() { return s.size(); }

  /**
   * The memory at the next point: the pair (s, y) appended and the oldest dropped beyond {@code capacity}.
   * A pair with s·y ≤ 0 (no positive curvature along s, possible only where the objective is not strictly
   * convex or rounding dominates) is skipped, which keeps the implied inverse Hessian positive definite.
   */
  public QuasiNewtonMemory next(double objective, double[] gradient, double[] step, double[] change, int capacity) {
    List<double[]> ns = new ArrayList<>(s);
    List<double[]> ny = new ArrayList<>(y);
    if (QuasiNewtonDirection.dot(step, change) > 0) {
      ns.add(step);
      ny.add(change);
      while (ns.size() > capacity) {
        ns.remove(0);
        ny.remove(0);
      }
    }
    return new QuasiNewtonMemory(objective, gradient, ns, ny);
  }
}
