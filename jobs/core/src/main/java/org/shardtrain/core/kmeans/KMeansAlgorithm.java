package org.shardtrain.core.kmeans;

import java.util.LinkedHashMap;
import java.util.Map;
import org.shardtrain.core.loop.IterativeAlgorithm;
import org.shardtrain.core.loop.StepResult;

/** k-means as the iteration loop drives it; the engine only supplies {@link KMeansPasses}. */
public final class KMeansAlgorithm implements IterativeAlgorithm<KMeansModel> {
  private final KMeansParams params;
  private final int dimension;
  private final KMeansPasses passes;
  private long points = -1;
  private KMeansModel initialCentres;

  public KMeansAlgorithm(KMeansParams params, int dimension, KMeansPasses passes) {
    this.params = params;
    this.dimension = dimension;
    this.passes = passes;
  }

  /** Warm start: these centres instead of the seeding (the scan still counts and checks the points). */
  public KMeansAlgorithm startingFrom(KMeansModel model) {
    this.initialCentres = checkWarmStart(params, dimension, model);
    return this;
  }

  /** {@code model}, if its k, dimension and distance are this run's; else an IllegalArgumentException saying which. */
  public static KMeansModel checkWarmStart(KMeansParams params, int dimension, KMeansModel model) {
    if (model.k() != params.k() || model.dimension() != dimension || model.measure() != params.distance()) {
      throw new IllegalArgumentException("the initial model has k=" + model.k() + ", dimension " + model.dimension()
          + ", distance " + model.measure().name().toLowerCase(java.util.Locale.ROOT) + "; this run has k=" + params.k()
          + ", dimension " + dimension + ", distance " + params.distance().name().toLowerCase(java.util.Locale.ROOT));
    }
    return model;
  }

  /** The most values one Java array holds (a model's centres are one array of k × dimension). */
  public static final long MAX_VALUES = Integer.MAX_VALUE - 8;

  /** Valid points counted by the initial scan (-1 when the run resumed past initialisation). */
  public long points() { return points; }

  @Override
  public KMeansModel initialise() throws Exception {
    int k = params.k();
    int d = dimension;
    BottomKSample sample = passes.scan(k);
    points = sample.seen();
    if (points == 0) throw new IllegalArgumentException("the input holds no valid points");
    if (k > points) {
      throw new IllegalArgumentException("--k " + k + " is larger than the number of points (" + points + ")");
    }
    if ((long) k * d > MAX_VALUES) {
      throw new IllegalArgumentException("--k " + k + " × dimension " + d + " = " + (long) k * d
          + " centre values exceed what one model holds (2^31); use a smaller --k");
    }
    if (initialCentres != null) return initialCentres;
    if (params.init() == KMeansParams.Init.RANDOM) {
      return KMeansInit.fromSample(sample, k, d, params.distance());
    }
    double[] candidates = KMeansInit.firstCandidate(sample, d);
    for (int round = 1; round <= params.initRounds(); round++) {
      double[] chosen = passes.seedingRound(candidates, round, KMeansInit.oversampling(k)).chosen();
      double[] grown = java.util.Arrays.copyOf(candidates, candidates.length + chosen.length);
      System.arraycopy(chosen, 0, grown, candidates.length, chosen.length);
      candidates = grown;
    }
    candidates = KMeansInit.topUp(candidates, sample, k, d);
    CandidateWeights weights = passes.weigh(candidates);
    return KMeansInit.recluster(candidates, weights.weights(), k, d, params.distance(), params.seed());
  }

  @Override
  public StepResult<KMeansModel> step(KMeansModel model, int iteration) throws Exception {
    KMeansUpdate.Result r = KMeansUpdate.update(model, passes.lloyd(model));
    Map<String, Double> metrics = new LinkedHashMap<>();
    metrics.put("wssse", r.cost());
    metrics.put("max_move", r.maxMove());
    metrics.put("points", (double) r.points());
    metrics.put("empty_clusters", (double) r.emptyClusters());
    metrics.put("reseeded", (double) r.reseeded());
    return new StepResult<>(r.model(), metrics, KMeansUpdate.converged(r, params.tolerance()));
  }

  /** Centres overflow only on inputs near Double.MAX_VALUE, whose squared distances are infinite. */
  @Override
  public String divergence(org.shardtrain.core.loop.StepResult<KMeansModel> step) {
    String metric = org.shardtrain.core.loop.DivergedException.nonFiniteMetric(step.metrics(), "wssse");
    return metric != null ? metric : org.shardtrain.core.loop.DivergedException.nonFinite("the centres", step.model().centres());
  }

  @Override
  public String divergenceHint() {
    return "the points' values are too large for their squared distances (scale the input)";
  }

  /** The cost (WSSSE for Euclidean) of {@code model} over all points, and per-cluster sizes. */
  public KMeansStats evaluate(KMeansModel model) throws Exception {
    return passes.lloyd(model);
  }
}
