package org.shardtrain.mapreduce.kmeans;

import java.io.IOException;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapreduce.Counters;
import org.shardtrain.core.kmeans.BottomKSample;
import org.shardtrain.core.kmeans.CandidateWeights;
import org.shardtrain.core.kmeans.DistanceMeasure;
import org.shardtrain.core.kmeans.KMeansModel;
import org.shardtrain.core.kmeans.KMeansStats;
import org.shardtrain.core.kmeans.SeedingRound;
import org.shardtrain.formats.AvroFiles;
import org.shardtrain.formats.KMeansModelCodec;
import org.shardtrain.formats.input.ShardtrainCounter;
import org.shardtrain.host.engine.KMeansEngine;
import org.shardtrain.host.engine.KMeansJobConf;
import org.shardtrain.mapreduce.MapReducePass;

/**
 * The MapReduce engine's k-means passes: one job each. The centres a pass needs go to a small Avro file
 * in the work directory that every task reads at setup (not into the job configuration, which would not
 * scale with k × d).
 */
public final class MapReduceKMeansPasses implements KMeansEngine {
  private final MapReducePass runner;
  private final Path workDir;
  private final Configuration conf;
  private final int dimension;
  private final DistanceMeasure measure;
  private final long seed;
  private int files;
  private Counters scanCounters;

  public MapReduceKMeansPasses(Configuration conf, String inputs, Path workDir, Path rejectsDir, int dimension,
                               DistanceMeasure measure, long seed) {
    this.conf = conf;
    this.workDir = workDir;
    this.dimension = dimension;
    this.measure = measure;
    this.seed = seed;
    KMeansJobConf.setDimension(conf, dimension);
    this.runner = new MapReducePass(conf, inputs, workDir, rejectsDir);
  }

  /** Counters of the scan pass (records, bad records), or null when the run resumed past it. */
  public Counters scanCounters() { return scanCounters; }

  @Override
  public boolean scanned() { return scanCounters != null; }

  /** How many splits (map tasks) the pass that read and checked the input had; 0 when it did not run. */
  public long inputSplits() {
    return scanCounters == null ? 0 : scanCounters.findCounter(ShardtrainCounter.INPUT_SPLITS).getValue();
  }

  @Override
  public long badRecords() {
    return scanCounters == null ? 0 : scanCounters.findCounter(ShardtrainCounter.BAD_RECORDS).getValue();
  }

  @Override
  public BottomKSample scan(int sampleSize) throws Exception {
    BottomKSample total = new BottomKSample(sampleSize, dimension, seed);
    MapReducePass.Outcome o = runner.run("scan", ScanMapper.class, true, MapReducePass.Shape.ONE,
        c -> KMeansJobConf.setSampleSize(c, sampleSize),
        (key, v) -> KMeansPartials.addScan(total, key, v));
    scanCounters = o.counters();
    return total;
  }

  @Override
  public SeedingRound seedingRound(double[] candidates, int round, double oversampling) throws Exception {
    Path file = writeCentres(candidates);
    SeedingRound total = new SeedingRound(dimension, seed, round, oversampling);
    runner.run("kmeans-parallel-round-" + round, SeedingMapper.class, false, MapReducePass.Shape.ONE,
        c -> {
          KMeansJobConf.setCentres(c, file);
          KMeansJobConf.setRound(c, round, oversampling);
        },
        (key, v) -> KMeansPartials.addSeeding(total, key, v));
    return total;
  }

  @Override
  public CandidateWeights weigh(double[] candidates) throws Exception {
    Path file = writeCentres(candidates);
    CandidateWeights total = new CandidateWeights(candidates.length / dimension);
    runner.run("kmeans-parallel-weights", WeightMapper.class, false, weightsShape(total.size()),
        c -> KMeansJobConf.setCentres(c, file),
        (key, v) -> KMeansPartials.addWeights(total, key, v));
    return total;
  }

  @Override
  public KMeansStats lloyd(KMeansModel model) throws Exception {
    Path file = writeCentres(model.centres());
    KMeansStats total = new KMeansStats(model.k(), dimension);
    runner.run("lloyd", KMeansMapper.class, false, lloydShape(model.k()),
        c -> KMeansJobConf.setCentres(c, file),
        (key, v) -> KMeansPartials.addLloyd(total, key, v));
    return total;
  }

  /** A Lloyd pass that also counts and sets aside bad records: the evaluation of a finished model. */
  @Override
  public KMeansStats evaluate(KMeansModel model) throws Exception {
    Path file = writeCentres(model.centres());
    KMeansStats total = new KMeansStats(model.k(), dimension);
    MapReducePass.Outcome o = runner.run("evaluate", KMeansMapper.class, true, lloydShape(model.k()),
        c -> KMeansJobConf.setCentres(c, file),
        (key, v) -> KMeansPartials.addLloyd(total, key, v));
    scanCounters = o.counters();
    return total;
  }

  /** A Lloyd pass: k centre slots of (count, cost, d sums) each (PartialWritable: ~ 8·d + 20 bytes). */
  private MapReducePass.Shape lloydShape(int k) { return new MapReducePass.Shape(k, (long) k * (8L * dimension + 20)); }

  /** The weights pass: one (count) slot per candidate. */
  private static MapReducePass.Shape weightsShape(int candidates) { return new MapReducePass.Shape(candidates, 20L * candidates); }

  private Path writeCentres(double[] centres) throws IOException {
    Path file = new Path(workDir, String.format("centres-%03d.avro", ++files));
    KMeansModel m = new KMeansModel(centres.length / dimension, dimension, measure, centres);
    AvroFiles.writeAtomically(conf, file, KMeansModelCodec.toAvro(m, null, Map.of()));
    return file;
  }
}
