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
import org.shardtrain.core.sgd.Loss;
import org.shardtrain.core.sgd.SgdParams;
import org.shardtrain.core.sgd.SgdState;
import org.shardtrain.formats.AvroFiles;
import org.shardtrain.formats.SgdCodec;
import org.shardtrain.formats.input.ExampleInputFormat;
import org.shardtrain.formats.input.ShardtrainCounter;
import org.shardtrain.host.engine.SgdEngine;
import org.shardtrain.mapreduce.MapReducePass;

/**
 * The MapReduce engine's SGD passes: one job each; every task emits one statistics vector that the
 * combiner and the reducer sum. The model or state a pass needs is a small Avro file in the work directory.
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
    double[][] out = new double[1][];
    MapReducePass.Outcome o = train.run("sgd-scan", ExampleInputFormat.class, SgdScanMapper.class, scanCounters == null,
        c -> SgdJobConf.setRole(c, SgdJobConf.Role.TRAIN), (k, v) -> out[0] = v.vectorCopy());
    if (scanCounters == null) scanCounters = o.counters();
    return out[0] == null ? new FeatureStats() : FeatureStats.of(out[0]);
  }

  @Override
  public GradientStats gradient(SgdState state, Loss loss, long step, double fraction) throws Exception {
    Path file = writeState(state);
    double[][] out = new double[1][];
    train.run("sgd-gradient-" + step, ExampleInputFormat.class, GradientMapper.class, false, c -> {
      SgdJobConf.setRole(c, SgdJobConf.Role.TRAIN);
      SgdJobConf.setState(c, file);
      SgdJobConf.setBatch(c, step, fraction);
    }, (k, v) -> out[0] = v.vectorCopy());
    return out[0] == null ? new GradientStats(state.dimension()) : GradientStats.of(out[0]);
  }

  @Override
  public double[] localEpoch(SgdState state, SgdParams params) throws Exception {
    Path file = writeState(state);
    double[][] out = new double[1][];
    train.run("sgd-local-epoch", ExampleInputFormat.class, LocalSgdMapper.class, false, c -> {
      SgdJobConf.setRole(c, SgdJobConf.Role.TRAIN);
      SgdJobConf.setState(c, file);
    }, (k, v) -> out[0] = v.vectorCopy());
    return out[0] == null ? new double[] {0} : out[0];
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
    double[][] out = new double[1][];
    MapReducePass.Outcome o = runner.run("sgd-evaluate", ExampleInputFormat.class, SgdEvalMapper.class, report, c -> {
      SgdJobConf.setRole(c, role);
      SgdJobConf.setModel(c, file);
    }, (k, v) -> out[0] = v.vectorCopy());
    if (report) scanCounters = o.counters();
    return out[0] == null ? new EvalStats() : EvalStats.of(out[0]);
  }

  private Path writeState(SgdState state) throws IOException {
    Path file = new Path(workDir, String.format("state-%03d.avro", ++files));
    AvroFiles.writeAtomically(conf, file, SgdCodec.toAvro(state));
    return file;
  }
}
