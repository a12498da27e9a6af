package org.shardtrain.formats;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.shardtrain.core.kmeans.DistanceMeasure;
import org.shardtrain.formats.avro.Centroid;
import org.shardtrain.formats.avro.KMeansModel;

/** Converts between the core's k-means model and its Avro record. */
public final class KMeansModelCodec {
  private KMeansModelCodec() {}

  /** {@code counts} may be null (a checkpoint taken before the sizes are known). */
  public static KMeansModel toAvro(org.shardtrain.core.kmeans.KMeansModel model, long[] counts,
                                   Map<String, String> params) {
    List<Centroid> centroids = new ArrayList<>(model.k());
    for (int j = 0; j < model.k(); j++) {
      List<Double> values = new ArrayList<>(model.dimension());
      for (double v : model.centre(j)) values.add(v);
      centroids.add(Centroid.newBuilder().setIndex(j).setCount(counts == null ? -1 : counts[j]).setValues(values).build());
    }
    return KMeansModel.newBuilder()
        .setFormatVersion(1)
        .setDistance(model.measure().name().toLowerCase(Locale.ROOT))
        .setDimension(model.dimension())
        .setCentroids(centroids)
        .setParams(params)
        .setShardtrainVersion(Version.get())
        .build();
  }

  public static org.shardtrain.core.kmeans.KMeansModel fromAvro(KMeansModel avro) {
    int k = avro.getCentroids().size();
    int d = avro.getDimension();
    double[] centres = new double[k * d];
    for (Centroid c : avro.getCentroids()) {
      if (c.getValues().size() != d) {
        throw new IllegalArgumentException("centroid " + c.getIndex() + " has " + c.getValues().size()
            + " values, the model's dimension is " + d);
      }
      for (int i = 0; i < d; i++) centres[c.getIndex() * d + i] = c.getValues().get(i);
    }
    DistanceMeasure measure = DistanceMeasure.valueOf(avro.getDistance().toUpperCase(Locale.ROOT));
    return new org.shardtrain.core.kmeans.KMeansModel(k, d, measure, centres);
  }
}
