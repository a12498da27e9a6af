package org.shardtrain.yarn.am;

import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.shardtrain.core.als.AlsFactors;
import org.shardtrain.core.als.AlsParams;
import org.shardtrain.core.als.FactorSource;
import org.shardtrain.core.als.NormalEquation;
import org.shardtrain.core.als.RatingErrors;
import org.shardtrain.core.param.ParamSet;
import org.shardtrain.formats.FactorFolders;
import org.shardtrain.host.engine.AlsEngine;
import org.shardtrain.yarn.protocol.AlsErrors;
import org.shardtrain.yarn.protocol.AlsEvaluate;
import org.shardtrain.yarn.protocol.AlsGather;
import org.shardtrain.yarn.protocol.AlsGram;
import org.shardtrain.yarn.protocol.AlsLoad;
import org.shardtrain.yarn.protocol.AlsLoaded;
import org.shardtrain.yarn.protocol.AlsSide;
import org.shardtrain.yarn.protocol.AlsSolve;
import org.shardtrain.yarn.protocol.AlsSolved;
import org.shardtrain.yarn.protocol.AlsWarmGram;
import org.shardtrain.yarn.protocol.ColdStart;
import org.shardtrain.yarn.rpc.PackedDoubles;

/**
 * ALS on the workers: worker b holds user block b and item block b with their ratings; a half-step solves
 * one side in every block, and each block pulls only the factors its ratings use from the workers that
 * solved them (their endpoints; no file per pair). Factors also go to the same checkpoint folders as the
 * MapReduce engine's (one part per worker), so the model writer, evaluation and --resume need nothing
 * engine-specific. The half-step's error and implicit feedback's Gram matrix are summed among the workers.
 */
final class YarnAlsPasses implements AlsEngine {
  private final Configuration conf;
  private final Coordinator workers;
  private final ShardPlan plan;
  private final Path factorsRoot;
  private final Path rejectsDir;
  private final AlsParams params;
  private long testRatings;
  /** YᵀY of the newest item factors and of the newest user factors (implicit feedback). */
  private double[] itemGram;
  private double[] userGram;
  /** The iteration whose user factors the workers hold (0: none). */
  private int solvedUsers;
  /** The last iteration whose item factors the workers hold (-1: none in this process). */
  private int exchangedItems = -1;
  /** Collectives posted so far: with the epoch, what tells one allreduce's messages from another's. */
  private long collectives;

  YarnAlsPasses(Configuration conf, Coordinator workers, ShardPlan plan, Path factorsRoot, Path rejectsDir) {
    this.conf = conf;
    this.workers = workers;
    this.plan = plan;
    this.factorsRoot = factorsRoot;
    this.rejectsDir = rejectsDir;
    this.params = AlsParams.from(new ParamSet(AlsParams.ALL).resolve(conf::get, java.util.Map.of()));
  }

  @Override
  public Prepared prepare(String inputs, String testInputs) throws Exception {
    ShardPlan test = testInputs == null ? null : ShardPlan.of(conf, testInputs, plan.workers());
    long records = 0;
    long bad = 0;
    long train = 0;
    double sum = 0;
    for (AlsLoaded r : workers.setup(new AlsLoad(rejectsDir.toString(), plan.message(),
        test == null ? null : test.message()), AlsLoaded.class)) {
      records += r.getRecords();
      bad += r.getBadRecords();
      train += r.getTrainRatings();
      sum += r.getRatingSum();
      testRatings += r.getTestRatings();
    }
    // Not a setup command: a replacement pulls its blocks' ratings on the first command it runs, which names
    // the members as they are then (a replayed setup command would name the members of its time).
    itemGram = sumGrams(workers.callCollective(m -> new AlsGather(workers.memberTable().of(m, ++collectives)), AlsGram.class));
    exchangedItems = 0;
    return new Prepared(train, train == 0 ? 0 : sum / train, records, bad);
  }

  @Override public boolean hasTestRatings() { return testRatings > 0; }

  /**
   * A half-step on every worker. Users: the item factors come seeded, from a warm start's folder, from the
   * workers that solved this process's previous items half-step, or (a resumed run) from the checkpoint's
   * folder. Items: always from the workers that solved this iteration's users half-step.
   */
  @Override
  public HalfStep solve(Side side, FactorSource from, int iteration) throws Exception {
    Path out = FactorFolders.of(factorsRoot, iteration, side);
    return side == Side.USERS ? solveUsers(from, iteration, out) : solveItems(from, iteration, out);
  }

  private HalfStep solveUsers(FactorSource from, int iteration, Path users) throws Exception {
    // The protocol's name for where a worker finds the factors it solves from (core's FactorSource says what they are).
    org.shardtrain.yarn.protocol.FactorSource source;
    if (from.kind() == FactorSource.Kind.SEEDED) {
      source = org.shardtrain.yarn.protocol.FactorSource.INITIAL;
    } else if (from.kind() == FactorSource.Kind.WARM) { // the given item factors, seeded ones for items they lack
      source = org.shardtrain.yarn.protocol.FactorSource.WARM;
      if (params.implicit()) {
        itemGram = sumGrams(workers.callCollective(m -> new AlsWarmGram(from.location(),
            workers.memberTable().of(m, ++collectives)), AlsGram.class));
      }
    } else if (exchangedItems == iteration - 1) {
      source = org.shardtrain.yarn.protocol.FactorSource.EXCHANGE;
    } else { // resumed from a checkpoint written by an earlier run
      source = org.shardtrain.yarn.protocol.FactorSource.FOLDER;
      if (params.implicit()) itemGram = gramOf(new Path(from.location()));
    }
    userGram = halfStep(AlsSide.USERS, iteration, source, from.location(), itemGram, users).gram;
    solvedUsers = iteration;
    return HalfStep.unmeasured(users.toString()); // the workers report the error of the items half-step only
  }

  private HalfStep solveItems(FactorSource from, int iteration, Path items) throws Exception {
    if (from.kind() != FactorSource.Kind.SOLVED || solvedUsers != iteration
        || !from.location().equals(FactorFolders.users(factorsRoot, iteration).toString())) {
      throw new IllegalStateException("the items half-step of iteration " + iteration
          + " reads the factors of that iteration's users half-step, not " + from);
    }
    Totals totals = halfStep(AlsSide.ITEMS, iteration, org.shardtrain.yarn.protocol.FactorSource.EXCHANGE,
        from.location(), userGram, items);
    itemGram = totals.gram;
    exchangedItems = iteration;
    return new HalfStep(items.toString(), totals.sse, totals.ratings);
  }

  /** A half-step's totals (summed among the workers: slot 0 answers with them, the others with zeros). */
  private record Totals(double sse, long ratings, double[] gram) {}

  /**
   * Posts a half-step as a collective: built again for a new membership if a worker is replaced during it (the
   * survivors' fetches or sums fail or are superseded; the replacement serves its predecessor's factors from
   * its part of {@code sourceFolder}).
   */
  private Totals halfStep(AlsSide side, int iteration, org.shardtrain.yarn.protocol.FactorSource source,
                          String sourceFolder, double[] otherGram, Path folder) throws Exception {
    double sse = 0;
    long ratings = 0;
    double[] gram = null;
    for (AlsSolved r : workers.callCollective(m -> new AlsSolve(side, iteration, source, sourceFolder,
        PackedDoubles.of(params.implicit() ? otherGram : null), folder.toString(), workers.memberTable().of(m, ++collectives)),
        AlsSolved.class)) {
      sse += r.getSquaredError();
      ratings += r.getRatings();
      gram = add(gram, PackedDoubles.toArray(r.getGram()));
    }
    return new Totals(sse, ratings, gram);
  }

  /**
   * The held-out errors: summed among the workers (slot 0 answers with the total, the others with an empty
   * vector, skipped here). A pure read of the factor folders, so a
   * replacement's registration may post it again.
   */
  @Override
  public RatingErrors evaluate(AlsFactors factors, double trainMean, AlsParams.ColdStart coldStart) throws Exception {
    RatingErrors total = new RatingErrors(coldStart, trainMean);
    ColdStart cold = ColdStart.valueOf(coldStart.name());
    List<AlsErrors> parts = workers.callCollective(m -> new AlsEvaluate(factors.users(), factors.items(), cold, trainMean,
        workers.memberTable().of(m, ++collectives)), AlsErrors.class);
    for (AlsErrors r : parts) {
      double[] v = PackedDoubles.toArray(r.getErrors());
      if (v.length > 0) total.addFlat(v);
    }
    return total;
  }

  /** YᵀY of a factor folder, streamed (a resumed implicit run; the blocks' partial sums are gone). */
  private double[] gramOf(Path folder) throws java.io.IOException {
    NormalEquation ne = new NormalEquation(params.rank());
    org.shardtrain.yarn.worker.FactorFiles.readFolder(conf, folder, (id, x, k) -> ne.add(x, 0, 0, 1));
    return ne.packedLhs();
  }

  private static double[] sumGrams(List<AlsGram> results) {
    double[] total = null;
    for (AlsGram r : results) total = add(total, PackedDoubles.toArray(r.getGram()));
    return total;
  }

  private static double[] add(double[] total, double[] part) {
    if (part == null) return total;
    if (total == null) return part.clone();
    for (int i = 0; i < part.length; i++) total[i] += part[i];
    return total;
  }
}
