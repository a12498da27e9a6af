package org.shardtrain.core.sgd;

import org.shardtrain.core.kernel.DenseKernels;

/**
 * The reference engine for SGD: passes are loops over examples in memory, cut into {@code splits} parts
 * whose statistics are merged as a distributed engine would. Model averaging runs one local SGD per part.
 */
public final class InMemorySgdPasses implements SgdPasses {
  private final SparseExamples train;
  private final SparseExamples test;
  private final int splits;
  private final long seed;
  private FeatureScaling scaling;
  private final DenseKernels kernels;
  /** The training examples as a dense matrix, built at the first gradient pass when they are dense. */
  private DenseExamples dense;
  private boolean denseChecked;

  public InMemorySgdPasses(SparseExamples train, SparseExamples test, long seed, int splits) {
    this(train, test, seed, splits, null);
  }

  /** With {@code kernels} (null: none), a dense training set's gradient passes run on the dense kernel. */
  public InMemorySgdPasses(SparseExamples train, SparseExamples test, long seed, int splits, DenseKernels kernels) {
    this.train = train;
    this.test = test;
    this.seed = seed;
    this.splits = Math.max(1, splits);
    this.kernels = kernels;
  }

  private int from(int s) { return (int) ((long) train.size() * s / splits); }

  @Override
  public FeatureStats scan() {
    FeatureStats total = new FeatureStats();
    for (int i = 0; i < train.size(); i++) {
      total.add(train.label(i), train.indices(), train.values(), train.from(i), train.to(i));
    }
    return total;
  }

  @Override
  public GradientStats gradient(SgdState state, Loss loss, long step, double fraction) {
    DenseExamples x = state.classes() == null ? denseTraining(state.dimension()) : null;
    if (x != null) {
      GradientStats total = new GradientStats(state.dimension());
      denseGradient(x, state.marginModel(loss), state.scaling(), loss, step, fraction, total);
      return total;
    }
    GradientPass pass = new GradientPass(state, loss);
    for (int i = 0; i < train.size(); i++) {
      if (!ExampleSampling.inBatch(seed, step, fraction, train.label(i), train.indices(), train.values(),
          train.from(i), train.to(i))) continue;
      pass.add(train.label(i), train.indices(), train.values(), train.from(i), train.to(i));
    }
    return pass.stats();
  }

  private DenseExamples denseTraining(int d) {
    if (kernels == null) return null;
    if (!denseChecked || (dense != null && dense.dimension() != d)) {
      dense = DenseExamples.of(train, d);
      denseChecked = true;
    }
    return dense;
  }

  /** The mini-batch (the same examples {@link ExampleSampling#inBatch} picks) through the dense kernel. */
  private void denseGradient(DenseExamples x, LinearModel m, FeatureScaling sc, Loss loss, long step, double fraction,
                             GradientStats total) {
    int n = train.size();
    double[] labels = new double[n];
    int[] rows = null;
    int count = n;
    if (fraction < 1) {
      rows = new int[n];
      count = 0;
    }
    for (int i = 0; i < n; i++) {
      labels[i] = sc.label(train.label(i));
      if (rows != null && ExampleSampling.inBatch(seed, step, fraction, train.label(i), train.indices(), train.values(),
          train.from(i), train.to(i))) {
        rows[count++] = i;
      }
    }
    kernels.denseGradient(x.values(), n, x.dimension(), labels, rows, count, m.weights(), m.intercept(), loss, total.flat());
  }

  @Override
  public double[] localEpoch(SgdState state, SgdParams p) {
    double[] sum = null;
    for (int s = 0; s < splits; s++) {
      LocalSgd local = new LocalSgd(state, p.loss(), p.regularization(), p.schedule(), p.step(), p.intercept());
      for (int i = from(s); i < from(s + 1); i++) {
        local.add(state.scaling().label(train.label(i)), train.indices(), train.values(), train.from(i), train.to(i));
      }
      double[] part = local.weightedSum();
      if (sum == null) sum = part;
      else for (int k = 0; k < sum.length; k++) sum[k] += part[k];
    }
    return sum;
  }

  @Override
  public EvalStats evaluate(LinearModel model) { return evaluate(model, test); }

  /** Metrics over the training examples (train_* metrics). */
  public EvalStats evaluateTraining(LinearModel model) { return evaluate(model, train); }

  private static EvalStats evaluate(LinearModel model, SparseExamples examples) {
    EvalStats e = new EvalStats();
    for (int i = 0; i < examples.size(); i++) {
      e.add(model, examples.label(i), examples.indices(), examples.values(), examples.from(i), examples.to(i));
    }
    return e;
  }
}
