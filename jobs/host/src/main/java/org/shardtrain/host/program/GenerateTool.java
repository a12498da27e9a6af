package org.shardtrain.host.program;

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
  /** What to generate: points (k-means) or labelled examples (SGD). */
  enum Kind { POINTS, EXAMPLES, RATINGS }

  static final Param<Kind> TYPE = Param.enumParam("type", "shardtrain.generate.type", Kind.class)
      .defaultsTo(Kind.POINTS).describe("points: Gaussian blobs; examples: dense features, labels from a "
          + "random logistic model; ratings: TSV user, item, rating from a random rank-10 model (--dim = items)").build();
  static final Param<Long> USERS = Param.longParam("users", "shardtrain.generate.users").defaultsTo(100_000L)
      .validate(v -> v >= 1, "must be at least 1").describe("ratings: number of users").build();
  static final Param<org.shardtrain.core.io.RecordFormat> FORMAT = Param.enumParam("format", "shardtrain.generate.format",
      org.shardtrain.core.io.RecordFormat.class).defaultsTo(org.shardtrain.core.io.RecordFormat.AVRO)
      .describe("points: avro, or csv/tsv text (one file per shard, as users often keep data: try --shards 1);"
          + " examples: avro; ratings are always TSV").build();
  static final Param<Long> SEED = Param.longParam("seed", "shardtrain.generate.seed").defaultsTo(1L)
      .describe("random seed").build();

  @Override public String name() { return "generate"; }

  @Override public int listOrder() { return 80; }

  @Override
  public String summary() { return "Write synthetic points (Avro or CSV/TSV), labelled examples (Avro) or ratings (TSV), for benchmarks."; }

  @Override
  protected List<List<Param<?>>> parameters() {
    return List.of(List.of(TYPE, RunParams.OUTPUT.narrowed("output directory: the generated data files"), ROWS, DIM, USERS, CLUSTERS, SHARDS, FORMAT, SEED, RunParams.OVERWRITE));
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
    if (p.get(TYPE) == Kind.RATINGS) return generateRatings(conf, output, rows, p.get(USERS), d, shards, seed);
    org.shardtrain.core.io.RecordFormat format = p.get(FORMAT);
    boolean text = format == org.shardtrain.core.io.RecordFormat.CSV || format == org.shardtrain.core.io.RecordFormat.TSV;
    if (format == org.shardtrain.core.io.RecordFormat.LIBSVM || (text && p.get(TYPE) != Kind.POINTS)) {
      err.println("shardtrain generate: --format " + format.name().toLowerCase(java.util.Locale.ROOT)
          + " is for points only (examples are written as Avro)");
      return USAGE;
    }
    SplittableRandom centreRandom = new SplittableRandom(seed);
    boolean examples = p.get(TYPE) == Kind.EXAMPLES;
    // Points: blob centres. Examples: one row, the true weights of the logistic model labels are drawn from.
    double[][] centres = new double[examples ? 1 : clusters][d];
    for (double[] c : centres) {
      for (int i = 0; i < d; i++) c[i] = examples ? centreRandom.nextGaussian() / Math.sqrt(d) * 3 : centreRandom.nextDouble(-10, 10);
    }

    ExecutorService pool = Executors.newFixedThreadPool(Math.min(shards, Runtime.getRuntime().availableProcessors()));
    List<Future<?>> done = new ArrayList<>();
    for (int s = 0; s < shards; s++) {
      int shard = s;
      long from = rows * s / shards;
      long to = rows * (s + 1) / shards;
      done.add(pool.submit(() -> {
        String extension = text ? format.name().toLowerCase(java.util.Locale.ROOT) : "avro";
        Path file = new Path(output.root(), String.format("part-%05d.%s", shard, extension));
        SplittableRandom random = new SplittableRandom(seed * 1_000_003L + shard);
        if (examples) writeExamples(conf, file, centres[0], from, to, random);
        else if (text) writeTextShard(conf, file, centres, from, to, random, format == org.shardtrain.core.io.RecordFormat.CSV ? ',' : '\t');
        else writeShard(conf, file, centres, from, to, random);
        return null;
      }));
    }
    for (Future<?> f : done) f.get();
    pool.shutdown();
    out.printf("generate: %d %s of dimension %d into %d %s file%s under %s%n", rows,
        examples ? "labelled examples" : "points around " + clusters + " centres", d, shards,
        text ? format.name() : "Avro", shards == 1 ? "" : "s", output.root());
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

  /** The same points as {@link #writeShard}, as text with 4 decimals (about 8 bytes a value). */
  private static void writeTextShard(Configuration conf, Path file, double[][] centres, long from, long to,
                                     SplittableRandom random, char separator) throws Exception {
    int d = centres[0].length;
    StringBuilder line = new StringBuilder(16 * d);
    try (java.io.Writer w = new java.io.BufferedWriter(new java.io.OutputStreamWriter(
        file.getFileSystem(conf).create(file, false), java.nio.charset.StandardCharsets.UTF_8), 1 << 16)) {
      for (long r = from; r < to; r++) {
        double[] c = centres[random.nextInt(centres.length)];
        line.setLength(0);
        for (int i = 0; i < d; i++) {
          if (i > 0) line.append(separator);
          appendFixed4(line, c[i] + nextGaussian(random));
        }
        w.append(line).append('\n');
      }
    }
  }

  /** {@code x} with 4 decimals, without String.format's cost (20 million values for the issue-19 file). */
  static void appendFixed4(StringBuilder b, double x) {
    long scaled = Math.round(x * 10_000);
    if (scaled < 0) {
      b.append('-');
      scaled = -scaled;
    }
    long frac = scaled % 10_000;
    b.append(scaled / 10_000).append('.');
    if (frac < 1000) b.append('0');
    if (frac < 100) b.append('0');
    if (frac < 10) b.append('0');
    b.append(frac);
  }

  /**
   * Ratings of a random rank-10 model plus noise, clipped to 1..5: users and items drawn with a skew (some
   * popular), each (user, item) pair at most once per shard. TSV text, what als reads.
   */
  private int generateRatings(Configuration conf, RunOutput output, long rows, long users, int items, int shards,
                              long seed) throws Exception {
    int k = 10;
    for (int s = 0; s < shards; s++) {
      SplittableRandom random = new SplittableRandom(seed * 7_368_787L + s);
      Path file = new Path(output.root(), String.format("part-%05d.tsv", s));
      long from = rows * s / shards;
      long to = rows * (s + 1) / shards;
      java.util.Set<Long> seen = new java.util.HashSet<>();
      try (java.io.Writer w = new java.io.BufferedWriter(new java.io.OutputStreamWriter(
          file.getFileSystem(conf).create(file, false), java.nio.charset.StandardCharsets.UTF_8), 1 << 16)) {
        for (long r = from; r < to; r++) {
          long u;
          long i;
          do {
            u = (long) (users * Math.pow(random.nextDouble(), 1.5));
            i = (long) (items * Math.pow(random.nextDouble(), 2.0));
          } while (!seen.add(u * items + i));
          double score = 3.0;
          SplittableRandom fu = new SplittableRandom(seed ^ (u * 0x9E3779B97F4A7C15L));
          SplittableRandom fi = new SplittableRandom(~seed ^ (i * 0xC2B2AE3D27D4EB4FL));
          for (int j = 0; j < k; j++) score += nextGaussian(fu) * nextGaussian(fi) * 0.5;
          score += nextGaussian(random) * 0.5;
          w.write(u + "\t" + i + "\t" + Math.max(1, Math.min(5, Math.round(score))) + "\n");
        }
      }
    }
    out.printf("generate: %d ratings of %d users x %d items into %d TSV files under %s%n", rows, users, items, shards,
        output.root());
    return OK;
  }

  private static void writeExamples(Configuration conf, Path file, double[] truth, long from, long to,
                                    SplittableRandom random) throws Exception {
    int d = truth.length;
    org.apache.avro.Schema schema = org.shardtrain.formats.avro.LabeledExample.getClassSchema();
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream(16 + 12 * d);
    BinaryEncoder enc = null;
    double[] x = new double[d];
    try (OutputStream out = file.getFileSystem(conf).create(file, false);
         DataFileWriter<Object> writer = new DataFileWriter<>(new org.apache.avro.generic.GenericDatumWriter<>(schema))) {
      writer.setCodec(CodecFactory.snappyCodec());
      writer.create(schema, out);
      for (long r = from; r < to; r++) {
        double m = 0;
        for (int i = 0; i < d; i++) {
          x[i] = nextGaussian(random);
          m += truth[i] * x[i];
        }
        double label = random.nextDouble() < 1 / (1 + Math.exp(-m)) ? 1 : 0;
        bytes.reset();
        enc = EncoderFactory.get().binaryEncoder(bytes, enc);
        enc.writeDouble(label);
        enc.writeArrayStart();
        enc.setItemCount(d);
        for (int i = 0; i < d; i++) {
          enc.startItem();
          enc.writeInt(i);
        }
        enc.writeArrayEnd();
        enc.writeArrayStart();
        enc.setItemCount(d);
        for (int i = 0; i < d; i++) {
          enc.startItem();
          enc.writeDouble(x[i]);
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
