package org.shardtrain.mapreduce.kmeans;

import java.io.IOException;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.shardtrain.core.kmeans.DistanceMeasure;
import org.shardtrain.core.kmeans.KMeansModel;
import org.shardtrain.core.kmeans.KMeansParams;
import org.shardtrain.formats.AvroFiles;
import org.shardtrain.formats.KMeansModelCodec;

/**
 * Typed accessors for what a k-means pass's tasks read from the job configuration (the way TeraSort keeps
 * its settings): user parameters under their declared keys, per-pass values under shardtrain.internal.*.
 */
public final class KMeansJobConf {
  static final String DIMENSION = "shardtrain.internal.kmeans.dimension";
  static final String CENTRES = "shardtrain.internal.kmeans.centres";
  static final String ROUND = "shardtrain.internal.kmeans.round";
  static final String OVERSAMPLING = "shardtrain.internal.kmeans.oversampling";
  static final String SAMPLE_SIZE = "shardtrain.internal.kmeans.sample-size";

  private KMeansJobConf() {}

  /** The points' dimension, for the tasks and for the input format's checks. */
  public static void setDimension(Configuration conf, int d) {
    conf.setInt(DIMENSION, d);
    org.shardtrain.mapreduce.io.PointInputFormat.setExpectedPoints(conf, d, measure(conf) == DistanceMeasure.COSINE);
  }

  public static int dimension(Configuration conf) {
    int d = conf.getInt(DIMENSION, -1);
    if (d < 1) throw new IllegalStateException(DIMENSION + " is not set");
    return d;
  }

  public static DistanceMeasure measure(Configuration conf) {
    return DistanceMeasure.valueOf(conf.get(KMeansParams.DISTANCE.key(), "euclidean").toUpperCase(Locale.ROOT));
  }

  public static long seed(Configuration conf) {
    return conf.getLong(KMeansParams.SEED.key(), KMeansParams.SEED.defaultValue());
  }

  /** The centres (or k-means|| candidates) the pass assigns points to: an Avro model file. */
  public static void setCentres(Configuration conf, Path file) { conf.set(CENTRES, file.toString()); }

  public static KMeansModel centres(Configuration conf) throws IOException {
    Path p = new Path(conf.get(CENTRES));
    return KMeansModelCodec.fromAvro(AvroFiles.readSingle(conf, p, org.shardtrain.formats.avro.KMeansModel.class));
  }

  public static void setRound(Configuration conf, int round, double oversampling) {
    conf.setInt(ROUND, round);
    conf.setDouble(OVERSAMPLING, oversampling);
  }

  public static int round(Configuration conf) { return conf.getInt(ROUND, 1); }
  public static double oversampling(Configuration conf) { return conf.getDouble(OVERSAMPLING, 2.0); }

  public static void setSampleSize(Configuration conf, int n) { conf.setInt(SAMPLE_SIZE, n); }
  public static int sampleSize(Configuration conf) { return conf.getInt(SAMPLE_SIZE, 1); }
}
