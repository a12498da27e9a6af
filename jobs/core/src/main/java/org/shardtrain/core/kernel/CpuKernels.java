package org.shardtrain.core.kernel;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import org.shardtrain.core.als.FactorBlock;
import org.shardtrain.core.als.NormalEquation;
import org.shardtrain.core.als.RowSolve;
import org.shardtrain.core.sgd.Loss;

/**
 * The CPU backend: each kernel cuts its work into fixed-size chunks (of points, rows or examples), runs
 * them on up to {@code threads} threads, and merges the chunks' partial statistics in chunk order. The
 * chunking does not depend on the thread count, so one thread and eight give the same bits. Inner loops
 * are on primitive arrays through {@link Simd}.
 */
public final class CpuKernels implements DenseKernels {
  /** Points per k-means chunk: the chunk's partial sums are k·d doubles, small next to 4096·d. */
  static final int POINT_CHUNK = 4096;
  /** Rows per ALS chunk. */
  static final int ROW_CHUNK = 64;
  /** Examples per SGD chunk. */
  static final int EXAMPLE_CHUNK = 2048;

  private final int threads;
  private final Simd simd;
  private final ExecutorService pool;
  private CentreGeometry lastGeometry;
  private final java.util.concurrent.atomic.AtomicLong decidedByOneDistance = new java.util.concurrent.atomic.AtomicLong();

  /** A backend on {@code threads} threads (at least 1), with the best {@link Simd} this JVM offers. */
  public CpuKernels(int threads) { this(threads, Simd.best()); }

  CpuKernels(int threads, Simd simd) {
    this.threads = Math.max(1, threads);
    this.simd = simd;
    this.pool = this.threads == 1 ? null : Executors.newFixedThreadPool(this.threads, r -> {
      Thread t = new Thread(r, "shardtrain-kernel");
      t.setDaemon(true);
      return t;
    });
  }

  /** The same kernels with scalar FMA: the vector path's reference in tests and benchmarks. */
  public static CpuKernels scalar(int threads) { return new CpuKernels(threads, Simd.scalar()); }

  @Override public String backend() { return "cpu"; }

  @Override public String detail() { return "cpu: " + threads + " thread" + (threads == 1 ? "" : "s") + ", " + simd.describe(); }

  public int threads() { return threads; }

  @Override
  public void kmeansAssign(double[] x, int n, int d, double[] centres, int k, boolean euclidean, int[] nearest,
                           double[] distance, long[] counts, double[] sums, double[] costs) {
    double[] bias = centreBias(centres, k, d, euclidean);
    int chunks = (n + POINT_CHUNK - 1) / POINT_CHUNK;
    List<KMeansPartial> parts = run(chunks, c -> assignChunk(x, c, n, d, centres, k, euclidean, bias, nearest, distance));
    for (KMeansPartial part : parts) part.addTo(counts, sums, costs);
  }

  /**
   * With each point's previous centre in {@code nearest}, most points need one distance instead of k: if
   * every other centre c_j is at least 2·d(x, c_a) + margin away from the previous centre c_a, no c_j can be
   * nearer than c_a (triangle inequality; Elkan 2003, Lemma 1). Points that fail the test are scored against
   * c_a and only the centres that could still win, with the kernel's own arithmetic and tie rule, so the
   * answer is the full kernel's, bit for bit. The margin δ = 1e-9 · (‖x‖² + max ‖c‖²) is far above the
   * scores' rounding error (about d · 1e-16 of the same scale), so a point is never decided by rounding.
   */
  @Override
  public void kmeansAssignFrom(double[] x, int n, int d, double[] centres, int k, boolean euclidean, int[] nearest,
                               double[] distance, long[] counts, double[] sums, double[] costs) {
    if (!euclidean || k < 2) {
      kmeansAssign(x, n, d, centres, k, euclidean, nearest, distance, counts, sums, costs);
      return;
    }
    CentreGeometry geometry = geometry(centres, k, d);
    double[] bias = geometry.bias();
    int chunks = (n + POINT_CHUNK - 1) / POINT_CHUNK;
    List<KMeansPartial> parts = run(chunks, c -> {
      int from = c * POINT_CHUNK;
      int to = Math.min(n, from + POINT_CHUNK);
      for (int p = from; p < to; p++) {
        if (nearest[p] < 0 || nearest[p] >= k) return assignChunk(x, c, n, d, centres, k, true, bias, nearest, distance);
      }
      KMeansPartial part = new KMeansPartial(k, d);
      int[] candidates = new int[k];
      double[] score = new double[1];
      long oneDistance = 0;
      for (int p = from; p < to; p++) {
        int o = p * d;
        int a = nearest[p];
        double u2 = simd.squaredDistance(x, o, centres, a * d, d);
        int m = geometry.candidates(a, u2);
        if (m == 0) oneDistance++;
        int j = m == 0 ? a : geometry.nearest(x, o, a, m, candidates, score);
        double dist = j == a ? u2 : simd.squaredDistance(x, o, centres, j * d, d);
        nearest[p] = j;
        distance[p] = dist;
        part.add(simd, x, o, j, dist);
      }
      decidedByOneDistance.addAndGet(oneDistance);
      return part;
    });
    for (KMeansPartial part : parts) part.addTo(counts, sums, costs);
  }

  /** The last pass's centre geometry while the centres are the same (a shard is many blocks). */
  private CentreGeometry geometry(double[] centres, int k, int d) {
    CentreGeometry g = lastGeometry;
    if (g == null || !g.isFor(centres, k, d)) lastGeometry = g = new CentreGeometry(centres.clone(), k, d, centreBias(centres, k, d, true));
    return g;
  }

  /** Points {@link #kmeansAssignFrom} decided with one distance since this backend was made (tests, logs). */
  public long decidedByOneDistance() { return decidedByOneDistance.get(); }

  /** One chunk of points through the full kernel: every centre scored, in tiles. */
  private KMeansPartial assignChunk(double[] x, int c, int n, int d, double[] centres, int k, boolean euclidean,
                                    double[] bias, int[] nearest, double[] distance) {
    int from = c * POINT_CHUNK;
    int to = Math.min(n, from + POINT_CHUNK);
    int tile = simd.tile();
    KMeansPartial part = new KMeansPartial(k, d);
    double[] scratch = new double[d * tile];
    double[] score = new double[tile];
    int[] best = new int[tile];
    for (int p = from; p < to; p += tile) {
      int points = Math.min(tile, to - p);
      simd.assignTile(x, p * d, d, points, centres, k, bias, scratch, best, score);
      for (int t = 0; t < points; t++) {
        int o = (p + t) * d;
        int j = best[t];
        // The exact distance of the winner: the expanded form loses precision far from the origin.
        // Under cosine the score is −2·x·c, so 1 − x·c = 1 + score/2.
        double dist = euclidean ? simd.squaredDistance(x, o, centres, j * d, d) : Math.max(0.0, 1.0 + score[t] / 2);
        nearest[p + t] = j;
        distance[p + t] = dist;
        part.add(simd, x, o, j, dist);
      }
    }
    return part;
  }

  /**
   * Each centre's score offset: ‖c‖² under Euclidean distance (score ‖c‖² − 2·x·c), 0 under cosine. Every
   * backend takes it from here, so their scores are the same numbers.
   */
  public static double[] centreBias(double[] centres, int k, int d, boolean euclidean) {
    double[] bias = new double[k];
    for (int j = 0; j < k && euclidean; j++) {
      double s = 0;
      for (int i = 0; i < d; i++) s += centres[j * d + i] * centres[j * d + i];
      bias[j] = s;
    }
    return bias;
  }

  /** One chunk's k-means statistics. */
  private static final class KMeansPartial {
    final int d;
    final long[] counts;
    final double[] sums;
    final double[] costs;

    KMeansPartial(int k, int d) {
      this.d = d;
      this.counts = new long[k];
      this.sums = new double[k * d];
      this.costs = new double[k];
    }

    void add(Simd simd, double[] x, int o, int j, double dist) {
      counts[j]++;
      costs[j] += dist;
      simd.add(x, o, sums, j * d, d);
    }

    void addTo(long[] c, double[] s, double[] cost) {
      for (int j = 0; j < counts.length; j++) {
        c[j] += counts[j];
        cost[j] += costs[j];
      }
      for (int i = 0; i < sums.length; i++) s[i] += sums[i];
    }
  }

  @Override
  public double alsSolve(int[] rowStart, int[] other, double[] ratings, int rows, FactorBlock otherFactors,
                         AlsSolveSpec spec, FactorBlock out) {
    int k = otherFactors.rank();
    int chunks = (rows + ROW_CHUNK - 1) / ROW_CHUNK;
    RowSolve finish = spec.rowSolve();
    List<Double> errors = run(chunks, c -> {
      double sse = 0;
      NormalEquation ne = new NormalEquation(k);
      double[] scratch = new double[simd.normalScratch(k, 64)];
      for (int r = c * ROW_CHUNK, end = Math.min(rows, r + ROW_CHUNK); r < end; r++) {
        int need = simd.normalScratch(k, rowStart[r + 1] - rowStart[r]);
        if (scratch.length < need) scratch = new double[Math.max(need, (int) Math.min(Integer.MAX_VALUE - 8, 2L * scratch.length))];
        simd.normalEquation(other, ratings, rowStart[r], rowStart[r + 1], otherFactors, spec.implicit(), spec.alpha(),
            ne, scratch);
        double sumSquares = 0;
        for (int q = rowStart[r]; q < rowStart[r + 1]; q++) sumSquares += ratings[q] * ratings[q];
        sse += finish.finish(ne, sumSquares, out.arrayOf(r), out.offsetOf(r));
      }
      return sse;
    });
    double sse = 0;
    for (double e : errors) sse += e;
    return sse;
  }

  @Override
  public void denseGradient(double[] x, int n, int d, double[] labels, int[] rows, int count, double[] v, double c,
                            Loss loss, double[] stats) {
    int selected = rows == null ? n : count;
    int chunks = (selected + EXAMPLE_CHUNK - 1) / EXAMPLE_CHUNK;
    List<double[]> parts = run(chunks, ch -> {
      double[] part = new double[stats.length];
      for (int s = ch * EXAMPLE_CHUNK, end = Math.min(selected, s + EXAMPLE_CHUNK); s < end; s++) {
        int r = rows == null ? s : rows[s];
        double m = c + simd.dot(v, 0, x, r * d, d);
        double g = loss.derivative(m, labels[r]);
        part[0] += 1;
        part[1] += loss.value(m, labels[r]);
        part[2] += g;
        simd.axpy(g, x, r * d, part, 3, d);
      }
      return part;
    });
    for (double[] part : parts) for (int i = 0; i < stats.length; i++) stats[i] += part[i];
  }

  /** Runs {@code tasks} chunk tasks (on the pool when there is more than one) and returns their results in order. */
  private <T> List<T> run(int tasks, IntFunction<T> task) {
    List<T> results = new ArrayList<>(tasks);
    if (pool == null || tasks <= 1) {
      for (int t = 0; t < tasks; t++) results.add(task.apply(t));
      return results;
    }
    List<Future<T>> futures = new ArrayList<>(tasks);
    for (int t = 0; t < tasks; t++) {
      int id = t;
      futures.add(pool.submit(() -> task.apply(id)));
    }
    try {
      for (Future<T> f : futures) results.add(f.get());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException re) throw re;
      if (cause instanceof Error er) throw er;
      throw new IllegalStateException(cause);
    }
    return results;
  }

  @Override
  public void close() {
    if (pool != null) pool.shutdownNow();
  }
}
