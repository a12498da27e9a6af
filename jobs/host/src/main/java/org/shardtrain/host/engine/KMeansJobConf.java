package org.shardtrain.host.engine;

import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.shardtrain.core.kmeans.DistanceMeasure;
import org.shardtrain.core.kmeans.KMeansModel;
import org.shardtrain.core.kmeans.KMeansParams;
import org.shardtrain.core.param.Param;
import org.shardtrain.formats.AvroFiles;
import org.shardtrain.formats.KMeansModelCodec;

/**
 * What a k-means pass's tasks and workers read from their configuration (the way TeraSort keeps its
 * settings): user parameters through their declarations, per-pass values through the internal
 * declarations below (set by the engine for its own tasks, never by a user; not listed by --help).
 */
public final class KMeansJobConf {
  static final Param<Integer> DIMENSION = Param.intParam("internal-kmeans-dimension", "shardtrain.internal.kmeans.dimension")
      .required().validate(d -> d >= 1, "at least 1").describe("the points' dimension").build();
  static final Param<String> CENTRES = Param.pathParam("internal-kmeans-centres", "shardtrain.internal.kmeans.centres")
      .required().describe("the Avro model file of the centres (or k-means|| candidates) a pass assigns points to").build();
  static final Param<Integer> ROUND = Param.intParam("internal-kmeans-round", "shardtrain.internal.kmeans.round")
      .defaultsTo(1).describe("the k-means|| seeding round").build();
  static final Param<Double> OVERSAMPLING = Param.doubleParam("internal-kmeans-oversampling", "shardtrain.internal.kmeans.oversampling")
      .defaultsTo(2.0).describe("the k-means|| oversampling factor").build();
  static final Param<Integer> SAMPLE_SIZE = Param.intParam("internal-kmeans-sample-size", "shardtrain.internal.kmeans.sample-size")
      .defaultsTo(1).describe("the bottom-k sample's size").build();

  private KMeansJobConf() {}

  /** The points' dimension, for the tasks and for the input format's checks. */
  public static void setDimension(Configuration conf, int d) {
    DIMENSION.write(conf::set, d);
    org.shardtrain.formats.input.PointInputFormat.setExpectedPoints(conf, d, measure(conf) == DistanceMeasure.COSINE);
  }

  public static int dimension(Configuration conf) { return DIMENSION.read(conf::get); }

  public static DistanceMeasure measure(Configuration conf) { return KMeansParams.DISTANCE.read(conf::get); }

  public static long seed(Configuration conf) { return KMeansParams.SEED.read(conf::get); }

  /** The centres (or k-means|| candidates) the pass assigns points to: an Avro model file. */
  public static void setCentres(Configuration conf, Path file) { CENTRES.write(conf::set, file.toString()); }

  public static KMeansModel centres(Configuration conf) throws IOException {
    Path p = new Path(CENTRES.read(conf::get));
    return KMeansModelCodec.fromAvro(AvroFiles.readSingle(conf, p, org.shardtrain.formats.avro.KMeansModel.class));
  }

  public static void setRound(Configuration conf, int round, double oversampling) {
    ROUND.write(conf::set, round);
    OVERSAMPLING.write(conf::set, oversampling);
  }

  public static int round(Configuration conf) { return ROUND.read(conf::get); }
  public static double oversampling(Configuration conf) { return OVERSAMPLING.read(conf::get); }

  public static void setSampleSize(Configuration conf, int n) { SAMPLE_SIZE.write(conf::set, n); }
  public static int sampleSize(Configuration conf) { return SAMPLE_SIZE.read(conf::get); }
}
