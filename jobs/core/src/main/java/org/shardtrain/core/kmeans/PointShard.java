package org.shardtrain.core.kmeans;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.shardtrain.core.kernel.DenseKernels;

/**
 * The prepared points one task or worker holds, as row-major blocks of primitive doubles (no object per
 * point), and every k-means pass over them. The reference engine cuts its points into shards like this;
 * a YARN worker keeps one for the whole run. Each pass returns fresh statistics for the caller to merge.
 */
public final class PointShard {
  private final int d;
  private final DistanceMeasure measure;
  private final long seed;
  private final List<double[]> blocks = new ArrayList<>();
  private final List<Integer> counts = new ArrayList<>();
  /** Each block's points' centres in the last Lloyd pass (-1: none yet), so the next pass can skip centres. */
  private final List<int[]> assigned = new ArrayList<>();
  private long size;

  public PointShard(int dimension, DistanceMeasure measure, long seed) {
    this.d = dimension;
    this.measure = measure;
    this.seed = seed;
  }

  /** Adds {@code count} prepared points, row-major from {@code values}[0] (kept as is when exactly that long, else copied). */
  public void addBlock(double[] values, int count) {
    if (count == 0) return;
    blocks.add(values.length == count * d ? values : Arrays.copyOf(values, count * d));
    counts.add(count);
    int[] none = new int[count];
    Arrays.fill(none, -1);
    assigned.add(none);
    size += count;
  }

  /**
   * Prepares {@code count} raw points (row-major from {@code raw}[0]; unit length under cosine) into a new
   * block. A point the measure cannot take (a zero vector under cosine) is an IllegalArgumentException:
   * engines check records before they get here.
   */
  public void addRaw(double[] raw, int count) {
    double[] point = new double[d];
    double[] prepared = new double[d];
    double[] out = new double[count * d];
    for (int i = 0, off = 0; i < count; i++, off += d) {
      System.arraycopy(raw, off, point, 0, d);
      String reason = measure.prepare(point, d, prepared);
      if (reason != null) throw new IllegalArgumentException("point " + i + " of a block: " + reason);
      System.arraycopy(prepared, 0, out, off, d);
    }
    addBlock(out, count);
  }

  public long size() { return size; }
  public int dimension() { return d; }

  public BottomKSample scan(int sampleSize) {
    BottomKSample s = new BottomKSample(sampleSize, d, seed);
    forEach(s::add);
    return s;
  }

  public SeedingRound seedingRound(double[] candidates, int round, double oversampling) {
    Assigner assigner = new Assigner(candidates, candidates.length / d, d, measure);
    SeedingRound s = new SeedingRound(d, seed, round, oversampling);
    forEach(x -> {
      assigner.assign(x);
      s.add(x, assigner.lastDistance());
    });
    return s;
  }

  public CandidateWeights weigh(double[] candidates) {
    Assigner assigner = new Assigner(candidates, candidates.length / d, d, measure);
    CandidateWeights w = new CandidateWeights(candidates.length / d);
    forEach(x -> w.add(assigner.assign(x), assigner.lastDistance()));
    return w;
  }

  /**
   * The hot pass: block by block through the kernel backend, points read in place, starting from each
   * point's centre of the previous pass (any model: a centre index is only a hint, never trusted).
   */
  public KMeansStats lloyd(KMeansModel model, DenseKernels kernels) {
    LloydPass pass = new LloydPass(model, kernels);
    for (int b = 0; b < blocks.size(); b++) {
      pass.addBlock(blocks.get(b), counts.get(b), assigned.get(b));
    }
    return pass.stats();
  }

  private interface PointVisitor { void visit(double[] x); }

  /** Visits every point through one reused buffer (the statistics copy what they keep). */
  private void forEach(PointVisitor v) {
    double[] x = new double[d];
    for (int b = 0; b < blocks.size(); b++) {
      double[] values = blocks.get(b);
      for (int i = 0, n = counts.get(b), off = 0; i < n; i++, off += d) {
        System.arraycopy(values, off, x, 0, d);
        v.visit(x);
      }
    }
  }
}
