package org.shardtrain.bench.spark;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function;

/**
 * shardtrain's Avro shards (local files) as Spark RDDs, read by the tasks themselves (one partition per
 * shard, as a Spark user with the files on HDFS would), and the one shardtrain file the peer writes: the
 * initial k-means model both systems start from.
 */
final class AvroShards {
  private AvroShards() {}

  /** The records of every .avro file in {@code dir}, converted by {@code convert}; one partition per file. */
  static <T> JavaRDD<T> read(JavaSparkContext sc, String dir, Function<GenericRecord, T> convert) {
    File[] files = new File(dir).listFiles((d, name) -> name.endsWith(".avro"));
    if (files == null || files.length == 0) throw new IllegalArgumentException("no .avro files in " + dir);
    List<String> paths = new ArrayList<>();
    for (File f : files) paths.add(f.getAbsolutePath());
    paths.sort(null);
    return sc.parallelize(paths, paths.size()).flatMap(path -> {
      List<T> records = new ArrayList<>();
      try (DataFileReader<GenericRecord> in = new DataFileReader<>(new File(path), new GenericDatumReader<>())) {
        GenericRecord r = null;
        while (in.hasNext()) records.add(convert.call(r = in.next(r)));
      }
      return records.iterator();
    });
  }

  /** An Avro array of doubles as a primitive array. */
  static double[] doubles(Object avroArray) {
    @SuppressWarnings("unchecked")
    List<Double> list = (List<Double>) avroArray;
    double[] v = new double[list.size()];
    for (int i = 0; i < v.length; i++) v[i] = list.get(i);
    return v;
  }

  static int[] ints(Object avroArray) {
    @SuppressWarnings("unchecked")
    List<Integer> list = (List<Integer>) avroArray;
    int[] v = new int[list.size()];
    for (int i = 0; i < v.length; i++) v[i] = list.get(i);
    return v;
  }

  /**
   * Writes centres as shardtrain's KMeansModel (schemas read from formats/src/main/avro, so this module needs
   * no shardtrain classes), for {@code shardtrain kmeans --initial-model}.
   */
  static void writeKMeansModel(File schemas, double[][] centres, File out) throws IOException {
    Schema.Parser parser = new Schema.Parser();
    Schema centroid = parser.parse(new File(schemas, "Centroid.avsc"));
    Schema model = parser.parse(new File(schemas, "KMeansModel.avsc"));
    List<GenericRecord> list = new ArrayList<>();
    for (int j = 0; j < centres.length; j++) {
      GenericRecord c = new GenericData.Record(centroid);
      c.put("index", j);
      c.put("count", 0L);
      List<Double> values = new ArrayList<>();
      for (double v : centres[j]) values.add(v);
      c.put("values", values);
      list.add(c);
    }
    GenericRecord m = new GenericData.Record(model);
    m.put("formatVersion", 1);
    m.put("distance", "euclidean");
    m.put("dimension", centres[0].length);
    m.put("centroids", list);
    m.put("params", new java.util.HashMap<String, String>(java.util.Map.of("seeded.by", "spark k-means||")));
    m.put("shardtrainVersion", "");
    try (DataFileWriter<GenericRecord> w = new DataFileWriter<>(new GenericDatumWriter<>(model))) {
      w.create(model, out);
      w.append(m);
    }
  }
}
