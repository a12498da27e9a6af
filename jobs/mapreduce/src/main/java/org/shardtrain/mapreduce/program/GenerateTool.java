package org.shardtrain.mapreduce.program;

import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.avro.file.CodecFactory;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.shardtrain.core.param.Param;
import org.shardtrain.core.param.ResolvedParams;
import org.shardtrain.core.param.RunParams;
import org.shardtrain.formats.avro.Point;

/**
 * {@code shardtrain generate}: Gaussian blobs as Avro point shards, deterministic for a seed (each shard has
 * its own random stream), for benchmarks and trials at sizes no shipped dataset has.
 */
public final class GenerateTool extends ProgramTool {
  static final Param<Long> ROWS = Param.longParam("rows", "shardtrain.generate.rows").required()
      .validate(v -> v >= 1, "must be at least 1").describe("number of points").build();
  static final Param<Integer> DIM = Param.intParam("dim", "shardtrain.generate.dim").required()
      .validate(v -> v >= 1, "must be at least 1").describe("values per point").build();
  static final Param<Integer> CLUSTERS = Param.intParam("clusters", "shardtrain.generate.clusters").defaultsTo(20)
      .validate(v -> v >= 1, "must be at least 1").describe("number of blobs").build();
  static final Param<Integer> SHARDS = Param.intParam("shards", "shardtrain.generate.shards").defaultsTo(4)
      .validate(v -> v >= 1, "must be at least 1").describe("number of Avro files").build();
  static final Param<Long> SEED = Param.longParam("seed", "shardtrain.generate.seed").defaultsTo(1L)
      .describe("random seed").build();

  @Override public String name() { return "generate"; }

  @Override
  public String summary() { return "Write synthetic points (Gaussian blobs) as Avro shards, for benchmarks."; }

  @Override
  protected List<List<Param<?>>> parameters() {
    return List.of(List.of(RunParams.OUTPUT, ROWS, DIM, CLUSTERS, SHARDS, SEED, RunParams.OVERWRITE));
  }

  @Override
  protected int execute(ResolvedParams p) throws Exception {
    Configuration conf = getConf();
    RunOutput output = new RunOutput(conf, p.get(RunParams.OUTPUT));
    output.prepare(conf, "", p.get(RunParams.OVERWRITE), false);
    long rows = p.get(ROWS);
    int d = p.get(DIM);
    int shards = p.get(SHARDS);
    int clusters = p.get(CLUSTERS);
    long seed = p.get(SEED);
    SplittableRandom centreRandom = new SplittableRandom(seed);
    double[][] centres = new double[clusters][d];
    for (double[] c : centres) for (int i = 0; i < d; i++) c[i] = centreRandom.nextDouble(-10, 10);

    ExecutorService pool = Executors.newFixedThreadPool(Math.min(shards, Runtime.getRuntime().availableProcessors()));
    List<Future<?>> done = new ArrayList<>();
    for (int s = 0; s < shards; s++) {
      int shard = s;
      long from = rows * s / shards;
      long to = rows * (s + 1) / shards;
      done.add(pool.submit(() -> {
        writeShard(conf, new Path(output.root(), String.format("part-%05d.avro", shard)), centres, from, to,
            new SplittableRandom(seed * 1_000_003L + shard));
        return null;
      }));
    }
    for (Future<?> f : done) f.get();
    pool.shutdown();
    out.printf("generate: %d points of dimension %d around %d centres into %d Avro shards under %s%n",
        rows, d, clusters, shards, output.root());
    return OK;
  }

  private static void writeShard(Configuration conf, Path file, double[][] centres, long from, long to,
                                 SplittableRandom random) throws Exception {
    int d = centres[0].length;
    FileSystem fs = file.getFileSystem(conf);
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream(16 + 8 * d);
    BinaryEncoder enc = null;
    try (OutputStream out = fs.create(file, false);
         DataFileWriter<Object> writer = new DataFileWriter<>(new org.apache.avro.generic.GenericDatumWriter<>(Point.getClassSchema()))) {
      writer.setCodec(CodecFactory.snappyCodec());
      writer.create(Point.getClassSchema(), out);
      for (long r = from; r < to; r++) {
        double[] c = centres[random.nextInt(centres.length)];
        bytes.reset();
        enc = EncoderFactory.get().binaryEncoder(bytes, enc);
        enc.writeArrayStart();
        enc.setItemCount(d);
        for (int i = 0; i < d; i++) {
          enc.startItem();
          enc.writeDouble(c[i] + nextGaussian(random));
        }
        enc.writeArrayEnd();
        enc.flush();
        writer.appendEncoded(java.nio.ByteBuffer.wrap(bytes.toByteArray()));
      }
    }
  }

  private static double nextGaussian(SplittableRandom r) {
    // Box–Muller; SplittableRandom has no nextGaussian before Java 17's RandomGenerator default.
    double u = 1.0 - r.nextDouble();
    double v = r.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
}
