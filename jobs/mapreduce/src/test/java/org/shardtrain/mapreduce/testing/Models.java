package org.shardtrain.mapreduce.testing;

import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.shardtrain.core.kmeans.KMeansModel;
import org.shardtrain.formats.AvroFiles;
import org.shardtrain.formats.KMeansModelCodec;

/** Reads models back from a run's output, as any Avro reader would. */
public final class Models {
  private Models() {}

  /** id -> factor of an ALS factor file ({@code users.avro}, {@code items.avro}) on any filesystem. */
  public static java.util.Map<String, double[]> alsFactors(Configuration conf, org.apache.hadoop.fs.Path avro)
      throws Exception {
    java.util.Map<String, double[]> out = new java.util.HashMap<>();
    try (org.apache.avro.file.DataFileReader<org.shardtrain.formats.avro.Factor> r = new org.apache.avro.file.DataFileReader<>(
        new org.shardtrain.formats.HadoopSeekableInput(avro, conf),
        new org.apache.avro.specific.SpecificDatumReader<>(org.shardtrain.formats.avro.Factor.class))) {
      for (org.shardtrain.formats.avro.Factor f : r) {
        out.put(f.getId(), f.getFactors().stream().mapToDouble(Double::doubleValue).toArray());
      }
    }
    return out;
  }

  /** The same, for a local file. */
  public static java.util.Map<String, double[]> alsFactors(Path avro) throws Exception {
    return alsFactors(new Configuration(), new org.apache.hadoop.fs.Path(avro.toUri()));
  }

  public static KMeansModel kmeans(Path output) throws Exception {
    return KMeansModelCodec.fromAvro(AvroFiles.readSingle(new Configuration(),
        new org.apache.hadoop.fs.Path(output.resolve("model/model.avro").toUri()),
        org.shardtrain.formats.avro.KMeansModel.class));
  }
}
