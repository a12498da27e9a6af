package org.shardtrain.yarn.am;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

/** What the coordination scale tests (k-means, SGD) measure alike and hold to the same bounds. */
final class ScaleFigures {
  private ScaleFigures() {}

  /**
   * Each member sends and receives at most 3 payloads' values per pass, whatever W: no hub among the workers
   * (the tree: ≤ 3 each way; the ring: 2·(W − 1)/W, plus a broadcast's one).
   */
  static void assertNoHubAmongWorkers(int workers, long maxSent, long maxReceived, long payloadValues) {
    assertTrue(maxSent <= 3 * payloadValues, "W = " + workers + ": a member sent " + maxSent + " values per pass");
    assertTrue(maxReceived <= 3 * payloadValues, "W = " + workers + ": a member received " + maxReceived + " values per pass");
  }

  /**
   * {@code what} at {@code largeW} workers is less than a quarter of the workers' growth times its figure at
   * {@code smallW}: sub-linear in W. The small figure is floored at 0.05 ms (a thread's wake-up on this machine),
   * so a lucky sub-wake-up measurement cannot make the bound unfair.
   */
  static void assertSubLinear(String what, int smallW, double smallMs, int largeW, double largeMs) {
    double growth = (double) largeW / smallW;
    double ratio = largeMs / Math.max(smallMs, 0.05);
    assertTrue(ratio < growth / 4, what + " grew " + ratio + "x for " + growth + "x the workers");
  }

  static double median(double[] values) {
    double[] v = values.clone();
    Arrays.sort(v);
    int n = v.length;
    return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
  }

  /** Milliseconds to 3 decimals, for printing. */
  static double[] rounded(double[] ms) {
    double[] r = new double[ms.length];
    for (int i = 0; i < ms.length; i++) r[i] = Math.round(ms[i] * 1000) / 1000.0;
    return r;
  }
}
