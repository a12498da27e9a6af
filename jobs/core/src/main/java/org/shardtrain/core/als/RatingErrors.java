package org.shardtrain.core.als;

/**
 * Mergeable test-error statistics of an ALS model: a rating whose user and item both have factors is
 * predicted as x·y; a cold one (either factor missing) is dropped or predicted as the training mean, per
 * {@link AlsParams.ColdStart}, and counted either way. Flat layout: [n, SSE, cold, dropped].
 */
public final class RatingErrors {
  private final AlsParams.ColdStart coldStart;
  private final double trainingMean;
  private final double[] v = new double[4];

  public RatingErrors(AlsParams.ColdStart coldStart, double trainingMean) {
    this.coldStart = coldStart;
    this.trainingMean = trainingMean;
  }

  /** Adds one rating; {@code x} or {@code y} is null for a cold user or item. */
  public void add(double[] x, double[] y, int k, double rating) {
    double prediction;
    if (x != null && y != null) {
      prediction = 0;
      for (int j = 0; j < k; j++) prediction += x[j] * y[j];
    } else {
      v[2]++;
      if (coldStart == AlsParams.ColdStart.DROP) {
        v[3]++;
        return;
      }
      prediction = trainingMean;
    }
    double e = rating - prediction;
    v[0]++;
    v[1] += e * e;
  }

  /** Adds shipped statistics (the flat layout). */
  public void addFlat(double[] flat) {
    for (int i = 0; i < v.length; i++) v[i] += flat[i];
  }

  public double[] flat() { return v.clone(); }
  public long ratings() { return (long) v[0]; }
  public double rmse() { return v[0] == 0 ? Double.NaN : Math.sqrt(v[1] / v[0]); }
  public long cold() { return (long) v[2]; }
  public long dropped() { return (long) v[3]; }
}
