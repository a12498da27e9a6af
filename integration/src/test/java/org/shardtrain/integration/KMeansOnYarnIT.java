package org.shardtrain.integration;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.apache.avro.file.DataFileStream;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.shardtrain.core.kmeans.DistanceMeasure;
import org.shardtrain.core.kmeans.KMeansModel;
import org.shardtrain.core.kmeans.KMeansParams;
import org.shardtrain.core.kmeans.KMeansReference;
import org.shardtrain.core.testing.Datasets;
import org.shardtrain.formats.AvroFiles;
import org.shardtrain.formats.KMeansModelCodec;
import org.shardtrain.host.program.KMeansTool;
import org.shardtrain.mapreduce.program.ImportTool;
import org.shardtrain.mapreduce.testing.LocalRun;

/**
 * import → kmeans on a real HDFS and YARN: shards, checkpoints and the model are HDFS files, every pass is
 * a MapReduce job whose tasks run in YARN containers, and the model equals the in-process reference's.
 */
class KMeansOnYarnIT {
  static MiniClusters cluster;
  static Configuration conf;

  @BeforeAll
  static void start() throws Exception {
    cluster = MiniClusters.get();
    conf = cluster.clientConf();
  }

  @Test
  void importAndTrainOnHdfsAndYarn() throws Exception {
    FileSystem fs = cluster.fs();
    Path csv = new Path("/data/iris/points.csv");
    fs.copyFromLocalFile(new Path(Datasets.shipped("iris/points.csv").toUri()), csv);

    LocalRun.Result imp = LocalRun.run(conf, new ImportTool(), "--type", "points", "--format", "csv",
        "--input", csv.toString(), "--output", "/data/iris/avro", "--shards", "2");
    assertEquals(0, imp.exit(), imp.err());
    assertTrue(fs.exists(new Path("/data/iris/avro/part-r-00001.avro")));

    LocalRun.Result r = LocalRun.run(conf, new KMeansTool(), "--input", "/data/iris/avro", "--output", "/runs/iris",
        "--k", "3", "--init", "random", "--seed", "2", "--max-iter", "3", "--tol", "0");
    assertEquals(0, r.exit(), r.err());

    // The model is a plain Avro file on HDFS that any Avro reader opens.
    try (InputStream in = fs.open(new Path("/runs/iris/model/model.avro"));
         DataFileStream<GenericRecord> avro = new DataFileStream<>(in, new GenericDatumReader<>())) {
      GenericRecord model = avro.next();
      assertEquals(3, ((java.util.List<?>) model.get("centroids")).size());
      assertEquals("euclidean", model.get("distance").toString());
    }
    assertTrue(fs.exists(new Path("/runs/iris/_checkpoints/checkpoint-000003.avro")));
    JsonNode metrics;
    try (InputStream in = fs.open(new Path("/runs/iris/metrics.json"))) {
      metrics = new ObjectMapper().readTree(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
    assertEquals(3, metrics.get("iterations").asInt());
    assertEquals(150, metrics.get("records").asLong());

    KMeansModel trained = KMeansModelCodec.fromAvro(AvroFiles.readSingle(conf, new Path("/runs/iris/model/model.avro"),
        org.shardtrain.formats.avro.KMeansModel.class));
    double[][] pts = Datasets.readCsv(Datasets.shipped("iris/points.csv"));
    KMeansParams p = new KMeansParams(3, KMeansParams.Init.RANDOM, DistanceMeasure.EUCLIDEAN, 3, 0, 2, 2);
    KMeansModel reference = KMeansReference.train(pts, p, 1).model();
    assertArrayEquals(reference.centres(), trained.centres(), 1e-9);
  }
}
