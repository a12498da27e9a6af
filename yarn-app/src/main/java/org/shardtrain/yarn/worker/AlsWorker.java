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
import org.shardtrain.yarn.rpc.PackedDoubles;

/**
 * A worker's ALS: user block {@code slot} and item block {@code slot} (an ID's block is its hash modulo the
 * worker count), their ratings as {@link RatingBlock}s, and only the other side's factors those ratings
 * reference. This class runs the operations; the rating shuffle ({@link RatingShuffle}), the factors'
 * sources ({@link FactorSources}) and exchange ({@link FactorExchange}), and the evaluation
 * ({@link HeldOutRatings}) are their own.
 */
public final class AlsWorker implements WorkerTask {
  private final Configuration conf;
  private final int slot;
  private final int blocks;
  private final AlsParams params;
  private final DenseKernels kernels;
  private FactorExchange exchange;
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
  }

  @Override
  public long records() {
    return own == null ? 0 : own.users().ratingCount() + own.items().ratingCount() + own.test().size();
  }

  @Override
  public SpecificRecord run(SpecificRecord operation) throws Exception {
    int k = params.rank();
    if (operation instanceof AlsLoad c) {
      Path folder = new Path(c.getExchange());
      exchange = new FactorExchange(conf, folder, slot, blocks);
      sources = new FactorSources(conf, exchange, params.seed(), k);
      shuffle = new RatingShuffle(conf, folder, slot, blocks, params);
      return shuffle.scatter(c.getRejects(), ShardPlan.shardsOf(c.getTrain(), slot), ShardPlan.shardsOf(c.getTest(), slot));
    }
    if (operation instanceof AlsGather) {
      own = shuffle.gather();
      userExchange = new ExchangeOrder(own.users(), blocks);
      itemExchange = new ExchangeOrder(own.items(), blocks);
      RatingBlock items = own.items();
      FactorBlock initial = new FactorBlock(items.size(), k);
      InitialFactors.fill(params.seed(), items.ids(), initial, null);
      return gram(initial);
    }
    if (operation instanceof AlsWarmGram c) {
      return new AlsGram(PackedDoubles.of(NormalEquation.gram(sources.warmOwn(own.items(), new Path(c.getItems())))));
    }
    if (operation instanceof AlsSolve c) return solve(c);
    if (operation instanceof AlsEvaluate c) {
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
   * A half-step: users at iteration t solve against items of t - 1, items against users of t; the solved
   * factors are published as step {@code <side>-<t>}.
   */
  private AlsSolved solve(AlsSolve c) throws Exception {
    int t = c.getIteration();
    boolean users = c.getSide() == AlsSide.USERS;
    RatingBlock block = users ? own.users() : own.items();
    ExchangeOrder order = users ? userExchange : itemExchange;
    FactorBlock other = sources.other(block, order, c.getSource(), c.getSourceFolder(),
        users ? "items-" + (t - 1) : "users-" + t);
    RatingBlock.Solved s = block.solve(other, params, PackedDoubles.toArray(c.getGram()), kernels);
    exchange.publish(block, s.factors(), order, new Path(c.getFolder()), (users ? "users-" : "items-") + t);
    return new AlsSolved(s.squaredError(), s.ratings(), gram(s.factors()).getGram());
  }

  /** This block's part of YᵀY under implicit feedback; nothing under explicit. */
  private AlsGram gram(FactorBlock factors) {
    return new AlsGram(params.implicit() ? PackedDoubles.of(NormalEquation.gram(factors)) : null);
  }
}
