package org.shardtrain.yarn.worker;

import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.shardtrain.core.als.AlsParams;
import org.shardtrain.core.als.FactorBlock;
import org.shardtrain.core.als.InitialFactors;
import org.shardtrain.core.als.NormalEquation;
import org.shardtrain.core.als.RatingBlock;
import org.shardtrain.core.kernel.DenseKernels;
import org.shardtrain.core.param.ParamSet;
import org.shardtrain.yarn.am.ShardPlan;
import org.shardtrain.yarn.am.WorkerPools;
import org.shardtrain.yarn.collective.Reduction;
import org.shardtrain.yarn.collective.TreeSchedule;
import org.shardtrain.yarn.protocol.AlsErrors;
import org.shardtrain.yarn.protocol.AlsEvaluate;
import org.shardtrain.yarn.protocol.AlsGather;
import org.shardtrain.yarn.protocol.AlsGram;
import org.shardtrain.yarn.protocol.AlsLoad;
import org.shardtrain.yarn.protocol.AlsSide;
import org.shardtrain.yarn.protocol.AlsSolve;
import org.shardtrain.yarn.protocol.AlsSolved;
import org.shardtrain.yarn.protocol.AlsWarmGram;
import org.shardtrain.yarn.protocol.FactorSource;
import org.shardtrain.yarn.protocol.Members;
import org.shardtrain.yarn.rpc.PackedDoubles;

/**
 * A worker's ALS: user block {@code slot} and item block {@code slot} (an ID's block is its hash modulo the
 * worker count), their ratings as {@link RatingBlock}s, and only the other side's factors those ratings
 * reference. This class runs the operations; the rating shuffle ({@link RatingShuffle}), the factors'
 * sources ({@link FactorSources}), the out-blocks it serves to the other workers ({@link OutBlocks}) and those it
 * pulls from them ({@link FactorPull}), and the evaluation ({@link HeldOutRatings}) are their own. Between
 * half-steps HDFS sees only each worker's part of the checkpoint folder: one file per worker per half-step.
 */
public final class AlsWorker implements WorkerTask {
  private final Configuration conf;
  private final int slot;
  private final int blocks;
  private final AlsParams params;
  private final DenseKernels kernels;
  private final OutBlocks outBlocks = new OutBlocks();
  private PeerRetry retry;
  private RoutedStreams routedStreams;
  private FactorSources sources;
  private RatingShuffle shuffle;
  private RatingShuffle.Blocks own;
  private ExchangeOrder userExchange;
  private ExchangeOrder itemExchange;
  /** The allreduce among workers (null when this worker has no endpoint). */
  private final Collectives collectives;

  AlsWorker(Configuration conf, int slot, DenseKernels kernels, Collectives collectives) {
    this.conf = conf;
    this.slot = slot;
    this.kernels = kernels;
    this.collectives = collectives;
    this.blocks = WorkerPools.from(conf).total();
    this.params = AlsParams.from(new ParamSet(AlsParams.ALL).resolve(conf::get, Map.of()));
    this.fetchTimeoutMillis = org.shardtrain.yarn.am.Coordinator.PASS_TIMEOUT_MS.read(conf::get);
  }

  /**
   * Serves this worker's factors and routed ratings to the others and pulls theirs, waiting at most
   * {@link #fetchTimeoutMillis} for one answer.
   */
  private void connect(RoutedStreams streams) {
    if (collectives == null) throw new IllegalStateException("ALS worker " + slot + " has no endpoint for the other workers");
    routedStreams = streams;
    collectives.serveAls(outBlocks, streams);
    retry = new PeerRetry(collectives, slot, fetchTimeoutMillis);
    sources = new FactorSources(conf, new FactorPull(collectives, outBlocks, slot, fetchTimeoutMillis), params.seed(),
        params.rank());
  }

  /**
   * This worker's blocks, pulled from the other workers the first time a command needs them: after the load,
   * or in a worker that replaced a lost one, on the first command it runs (that names the members as they are).
   */
  private void gathered(Members members) throws Exception {
    if (members != null) collectives.withTable(members); // the table comes once per epoch: keep it even if unused here
    if (own != null) return;
    if (members == null) throw new IllegalStateException("worker " + slot + " has no ratings and no members to pull them from");
    own = shuffle.gather(members, collectives, retry);
    userExchange = new ExchangeOrder(own.users(), blocks);
    itemExchange = new ExchangeOrder(own.items(), blocks);
  }

  /**
   * How long a fetch from another worker is asked again before the command fails: the pass time-out, as a
   * replacement may take as long as a load to read its shards again before it serves anything.
   */
  private long fetchTimeoutMillis;

  /** Test seam ({@code AlsExchangeTest}): a shorter wait for other workers' data than the pass time-out. */
  AlsWorker fetchTimeout(long millis) {
    this.fetchTimeoutMillis = millis;
    if (retry != null) connect(routedStreams);
    return this;
  }

  @Override
  public long records() {
    return own == null ? 0 : own.users().ratingCount() + own.items().ratingCount() + own.test().size();
  }

  @Override
  public SpecificRecord run(SpecificRecord operation) throws Exception {
    int k = params.rank();
    if (operation instanceof AlsLoad c) {
      RoutedStreams routed = RoutedStreams.forWorker(slot);
      connect(routed);
      shuffle = new RatingShuffle(conf, routed, slot, blocks, params);
      return shuffle.scatter(c.getRejects(), ShardPlan.shardsOf(c.getTrain(), slot), ShardPlan.shardsOf(c.getTest(), slot));
    }
    if (operation instanceof AlsGather c) {
      gathered(c.getMembers());
      RatingBlock items = own.items();
      FactorBlock initial = new FactorBlock(items.size(), k);
      InitialFactors.fill(params.seed(), items.ids(), initial, null);
      return gram(initial);
    }
    if (operation instanceof AlsWarmGram c) {
      gathered(c.getMembers());
      return new AlsGram(PackedDoubles.of(NormalEquation.gram(sources.warmOwn(own.items(), new Path(c.getItems())))));
    }
    if (operation instanceof AlsSolve c) {
      gathered(c.getMembers());
      return solve(c);
    }
    if (operation instanceof AlsEvaluate c) {
      gathered(c.getMembers());
      double[] errors = own.test().evaluate(new Path(c.getUsers()), new Path(c.getItems()),
          AlsParams.ColdStart.valueOf(c.getColdStart().name()), c.getTrainMean()).flat();
      if (c.getMembers() == null) return new AlsErrors(PackedDoubles.of(errors));
      // Every block's errors have the same few values (RatingErrors' fixed layout): summed on the tree.
      collectives.allreduce(errors, c.getMembers(), new TreeSchedule(), Reduction.SUM);
      return new AlsErrors(PackedDoubles.of(slot == 0 ? errors : new double[0]));
    }
    throw WorkerTask.unknown(operation);
  }

  /**
   * A half-step: users at iteration t solve against items of t - 1, items against users of t. The solved
   * factors go to this worker's part of the checkpoint folder and are served as step {@code <side>-<t>}; the
   * half-step's error, rating count and YᵀY are summed among the workers (slot 0 answers with the totals).
   */
  private AlsSolved solve(AlsSolve c) throws Exception {
    int t = c.getIteration();
    boolean users = c.getSide() == AlsSide.USERS;
    RatingBlock block = users ? own.users() : own.items();
    ExchangeOrder order = users ? userExchange : itemExchange;
    String from = users ? "items-" + (t - 1) : "users-" + t;
    if (c.getSource() == FactorSource.EXCHANGE && !outBlocks.holds(from)) {
      // This worker replaced a lost one: serve what the predecessor solved, from its part of the folder.
      RatingBlock served = users ? own.items() : own.users();
      outBlocks.keep(from, FactorFiles.readPart(conf, new Path(c.getSourceFolder()), slot, served.ids(), params.rank()),
          users ? itemExchange : userExchange);
    }
    FactorBlock other = sources.other(block, order, c.getSource(), c.getSourceFolder(), from, c.getMembers());
    RatingBlock.Solved s = block.solve(other, params, PackedDoubles.toArray(c.getGram()), kernels);
    FactorFiles.writePart(conf, new Path(c.getFolder()), slot, block.ids(), s.factors());
    outBlocks.keep((users ? "users-" : "items-") + t, s.factors(), order);
    double[] gram = params.implicit() ? NormalEquation.gram(s.factors()) : new double[0];
    double[] totals = new double[2 + gram.length];
    totals[0] = s.squaredError();
    totals[1] = s.ratings(); // exact in a double up to 2⁵³ ratings
    System.arraycopy(gram, 0, totals, 2, gram.length);
    collectives.allreduce(totals, c.getMembers(), new TreeSchedule(), Reduction.SUM);
    if (slot != 0) return new AlsSolved(0.0, 0L, null);
    return new AlsSolved(totals[0], (long) totals[1],
        params.implicit() ? PackedDoubles.of(java.util.Arrays.copyOfRange(totals, 2, totals.length)) : null);
  }

  /** This block's part of YᵀY under implicit feedback; nothing under explicit. */
  private AlsGram gram(FactorBlock factors) {
    return new AlsGram(params.implicit() ? PackedDoubles.of(NormalEquation.gram(factors)) : null);
  }
}
