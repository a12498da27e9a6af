package org.shardtrain.mapreduce.als;

import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Mapper;
import org.apache.hadoop.mapreduce.Reducer;
import org.shardtrain.core.als.InitialFactors;
import org.shardtrain.core.als.NormalEquation;
import org.shardtrain.formats.AlsValue;
import org.shardtrain.mapreduce.io.PartialWritable;

/**
 * Pairs a side's factors with their destinations when no solve of this run wrote them together: before the
 * first blocked half-step of a run (seeded factors, a warm start's, or a checkpoint's on resume). A join on the
 * ID of the side's rows (only their destinations travel) and its factor folder (if any); an ID without a factor
 * gets its {@link InitialFactors} or fails, per {@link AlsJobConf.Missing}; a factor of an unrated ID is dropped.
 * Writes (id, {@link RoutedFactor}) and, at cleanup, the Gram Σ y·yᵀ of the factors it routed (implicit
 * feedback's YᵀY) to the {@code stats} output. Once per run, not per half-step.
 */
public final class RouteJob {
  private RouteJob() {}

  /** A row's destinations, under its ID (the value never carries a factor). */
  public static final class FromRows extends Mapper<Text, RatingRow, AlsKey, RoutedFactor> {
    private final AlsKey key = new AlsKey();
    private final RoutedFactor value = new RoutedFactor();

    @Override
    protected void map(Text id, RatingRow row, Context context) throws IOException, InterruptedException {
      key.set(id, AlsKey.RATING);
      context.write(key, value.setDestinations(row.destinations(), row.destinationCount()));
    }
  }

  /** A factor, sorted before its ID's destinations (the value never carries destinations). */
  public static final class FromFactors extends Mapper<Text, AlsValue, AlsKey, RoutedFactor> {
    private final AlsKey key = new AlsKey();
    private final RoutedFactor value = new RoutedFactor();

    @Override
    protected void map(Text id, AlsValue factor, Context context) throws IOException, InterruptedException {
      key.set(id, AlsKey.FACTOR);
      context.write(key, value.setFactor(factor.vector(), factor.size()));
    }
  }

  public static final class RouteReducer extends Reducer<AlsKey, RoutedFactor, Text, RoutedFactor> {
    private int k;
    private long seed;
    private AlsJobConf.Missing missing;
    private double[] factor;
    private NormalEquation gram;
    private SideOutput stats;

    @Override
    protected void setup(Context context) {
      Configuration conf = context.getConfiguration();
      k = AlsJobConf.rank(conf);
      seed = AlsJobConf.seed(conf);
      missing = AlsJobConf.missing(conf);
      factor = new double[k];
      gram = new NormalEquation(k);
      stats = new SideOutput(context, RowSolver.STATS_OUTPUT);
    }

    @Override
    protected void reduce(AlsKey key, Iterable<RoutedFactor> values, Context context) throws IOException, InterruptedException {
      boolean haveFactor = false;
      for (RoutedFactor v : values) {
        if (key.tag() == AlsKey.FACTOR) { // the secondary sort puts the factor before the row's destinations
          if (v.size() != k) throw new IllegalStateException("factor of " + key.id() + " has " + v.size() + " values, rank is " + k);
          System.arraycopy(v.factor(), 0, factor, 0, k);
          haveFactor = true;
          continue;
        }
        if (!haveFactor) {
          if (missing != AlsJobConf.Missing.INITIAL) throw new IllegalStateException("no factor for " + key.id());
          System.arraycopy(InitialFactors.of(seed, key.id().toString(), k), 0, factor, 0, k);
          haveFactor = true;
        }
        gram.add(factor, 0, 0, 1);
        context.write(key.id(), v.setFactor(factor, k));
      }
    }

    @Override
    public void run(Context context) throws IOException, InterruptedException {
      org.shardtrain.formats.input.BadRecords.reportFailures(context, () -> super.run(context));
    }

    @Override
    protected void cleanup(Context context) throws IOException, InterruptedException {
      double[] packed = gram.packedLhs();
      stats.writeAndClose(new PartialWritable(gram.count(), 0, packed, packed.length));
    }
  }
}
