package org.shardtrain.mapreduce.sgd;

import java.io.IOException;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapreduce.Counters;
import org.shardtrain.core.sgd.EvalStats;
import org.shardtrain.core.sgd.FeatureStats;
import org.shardtrain.core.sgd.GradientStats;
import org.shardtrain.core.sgd.LinearModel;
import org.shardtrain.core.sgd.LocalSgd;
import org.shardtrain.core.sgd.Loss;
import org.shardtrain.core.sgd.SgdParams;
import org.shardtrain.core.sgd.SgdState;
import org.shardtrain.formats.AvroFiles;
import org.shardtrain.formats.SgdCodec;
import org.shardtrain.formats.input.ExampleInputFormat;
import org.shardtrain.formats.input.ShardtrainCounter;
import org.shardtrain.host.engine.SgdEngine;
import org.shardtrain.mapreduce.MapReducePass;
import org.shardtrain.mapreduce.io.VectorSlices;

/**
 * The MapReduce engine's SGD passes: one job each; every task emits one statistics vector, in slices the
 * reducers sum by range ({@link VectorSlices}). The model or state a pass needs is a small Avro file in the work directory.
 * Evaluation runs over the held-out part of the input, or over a separate test input when one is given.
 */
public final class MapReduceSgdPasses implements SgdEngine {
  private final Configuration conf;
  private final MapReducePass train;
  private final MapReducePass test;
  private final SgdJobConf.Role testRole;
  private final Path workDir;
  private int files;
  private Counters scanCounters;

  /** {@code testInputs} null: the test set is the held-out fraction of {@code inputs}. */
  public MapReduceSgdPasses(Configuration conf, String inputs, String testInputs, Path workDir, Path rejectsDir) {
    this.conf = conf;
    this.workDir = workDir;
    this.train = new MapReducePass(conf, inputs, workDir, rejectsDir);
    this.test = testInputs == null ? train : new MapReducePass(conf, testInputs, new Path(workDir, "test"),
        new Path(rejectsDir, "test"));
    this.testRole = testInputs == null ? SgdJobConf.Role.TEST : SgdJobConf.Role.ALL;
  }

  /** How many splits (map tasks) the pass that read and checked the input had; 0 when it did not run. */
  public long inputSplits() {
    return scanCounters == null ? 0 : scanCounters.findCounter(ShardtrainCounter.INPUT_SPLITS).getValue();
  }

  @Override
  public long badRecords() {
    return scanCounters == null ? 0 : scanCounters.findCounter(ShardtrainCounter.BAD_RECORDS).getValue();
  }

  @Override
  public boolean scanned() { return scanCounters != null; }

  @Override
  public FeatureStats scan() throws Exception {
    VectorSlices out = VectorSlices.of(conf);
    // The feature count is what the scan finds out: its vector's length is unknown, so one reducer.
    MapReducePass.Outcome o = train.run("sgd-scan", ExampleInputFormat.class, SgdScanMapper.class, scanCounters == null,
        MapReducePass.Shape.ONE, c -> SgdJobConf.setRole(c, SgdJobConf.Role.TRAIN), out::accept);
    if (scanCounters == null) scanCounters = o.counters();
    return out.assembled() == null ? new FeatureStats() : FeatureStats.of(out.assembled());
  }

  @Override
  public GradientStats gradient(SgdState state, Loss loss, long step, double fraction) throws Exception {
    Path file = writeState(state);
    VectorSlices out = VectorSlices.of(conf);
    train.run("sgd-gradient-" + step, ExampleInputFormat.class, GradientMapper.class, false,
        shape(out, GradientStats.HEADER + (long) state.dimension()), c -> {
      SgdJobConf.setRole(c, SgdJobConf.Role.TRAIN);
      SgdJobConf.setState(c, file);
      SgdJobConf.setBatch(c, step, fraction);
    }, out::accept);
    return out.assembled() == null ? new GradientStats(state.dimension()) : GradientStats.of(out.assembled());
  }

  @Override
  public double[] localEpoch(SgdState state, SgdParams params) throws Exception {
    Path file = writeState(state);
    VectorSlices out = VectorSlices.of(conf);
    // A model sum: weights and intercept, and as much again for the AdaGrad accumulators and the L1 gravity.
    train.run("sgd-local-epoch", ExampleInputFormat.class, LocalSgdMapper.class, false,
        shape(out, LocalSgd.HEADER + 3L * state.dimension() + 2), c -> {
      SgdJobConf.setRole(c, SgdJobConf.Role.TRAIN);
      SgdJobConf.setState(c, file);
    }, out::accept);
    return out.assembled() == null ? new double[] {0} : out.assembled();
  }

  @Override
  public EvalStats evaluate(LinearModel model) throws Exception {
    return evaluate(model, test, testRole, false);
  }

  @Override
  public EvalStats evaluateTraining(LinearModel model) throws Exception {
    return evaluate(model, train, SgdJobConf.Role.TRAIN, false);
  }

  /** Metrics over all of the input, counting bad records (the evaluate program). */
  public EvalStats evaluateAll(LinearModel model) throws Exception {
    return evaluate(model, train, SgdJobConf.Role.ALL, true);
  }

  private EvalStats evaluate(LinearModel model, MapReducePass runner, SgdJobConf.Role role, boolean report)
      throws Exception {
    Path file = new Path(workDir, String.format("model-%03d.avro", ++files));
    AvroFiles.writeAtomically(conf, file, SgdCodec.toAvro(model, Map.of()));
    VectorSlices out = VectorSlices.of(conf);
    // Metrics and their histograms: a fixed few thousand doubles, one reducer's worth.
    MapReducePass.Outcome o = runner.run("sgd-evaluate", ExampleInputFormat.class, SgdEvalMapper.class, report,
        MapReducePass.Shape.ONE, c -> {
      SgdJobConf.setRole(c, role);
      SgdJobConf.setModel(c, file);
    }, out::accept);
    if (report) scanCounters = o.counters();
    return out.assembled() == null ? new EvalStats() : EvalStats.of(out.assembled());
  }

  /** A pass emitting one vector of about {@code length} doubles per task: one slot per slice. */
  private static MapReducePass.Shape shape(VectorSlices slices, long length) {
    return new MapReducePass.Shape(slices.slots(length), 8 * length);
  }

  private Path writeState(SgdState state) throws IOException {
    Path file = new Path(workDir, String.format("state-%03d.avro", ++files));
    AvroFiles.writeAtomically(conf, file, SgdCodec.toAvro(state));
    return file;
  }
}
