package org.shardtrain.mapreduce.testing;

import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.shardtrain.core.kmeans.KMeansModel;
import org.shardtrain.formats.AvroFiles;
import org.shardtrain.formats.KMeansModelCodec;

/** Reads models back from a run's output, as any Avro reader would. */
public final class Models {
  private Models() {}

  public static KMeansModel kmeans(Path output) throws Exception {
    return KMeansModelCodec.fromAvro(AvroFiles.readSingle(new Configuration(),
        new org.apache.hadoop.fs.Path(output.resolve("model/model.avro").toUri()),
        org.shardtrain.formats.avro.KMeansModel.class));
  }
}
