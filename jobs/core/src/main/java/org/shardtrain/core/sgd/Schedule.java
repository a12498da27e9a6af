package org.shardtrain.core.sgd;

/**
 * Step sizes: {@link #CONSTANT} η; {@link #INVSQRT} η/√t (t = the step number, from 1); {@link #ADAGRAD}
 * η/√(ε + Σ g²) per coordinate (Duchi et al. 2011), which needs per-coordinate accumulators that are part
 * of the optimiser state (and of every checkpoint).
 */
public enum Schedule {
  CONSTANT, INVSQRT, ADAGRAD;

  static final double EPSILON = 1e-8;

  /** The step for a coordinate whose squared-gradient sum (including this step's) is {@code sumSquares}. */
  public double step(double eta, long t, double sumSquares) {
    return switch (this) {
      case CONSTANT -> eta;
      case INVSQRT -> eta / Math.sqrt(Math.max(1, t));
      case ADAGRAD -> eta / Math.sqrt(EPSILON + sumSquares);
    };
  }
}
