package org.shardtrain.yarn.collective;

/**
 * How a member combines a received range with its own values. {@link #SUM} is element-wise and so runs on any
 * schedule; a reduction that is not (a top-M merge) needs whole vectors, which only the tree sends.
 */
public interface Reduction {
  /** mine[lo, lo + received.length) ← combine(received, mine[...]); must be commutative and associative. */
  void combine(double[] mine, int lo, double[] received);

  /** Whether any range may be combined on its own (the ring cuts vectors into chunks). */
  boolean elementWise();

  /** Addition, written received + mine (IEEE addition is commutative, so the order of operands is moot). */
  Reduction SUM = new Reduction() {
    @Override
    public void combine(double[] mine, int lo, double[] received) {
      for (int i = 0; i < received.length; i++) mine[lo + i] = received[i] + mine[lo + i];
    }

    @Override public boolean elementWise() { return true; }
  };
}
