package org.shardtrain.integration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/** Small helpers the integration tests share: data onto HDFS, metrics.json off it, waiting for a condition. */
final class ItFiles {
  private ItFiles() {}

  /** Copies a local text file to HDFS as {@code parts} files of consecutive lines (a folder of shards). */
  static Path shardedCopy(FileSystem fs, java.nio.file.Path local, String dir, int parts) throws Exception {
    List<String> lines = Files.readAllLines(local);
    Path folder = new Path(dir);
    for (int p = 0; p < parts; p++) {
      try (FSDataOutputStream out = fs.create(new Path(folder, String.format("part-%05d.csv", p)), true)) {
        for (int i = lines.size() * p / parts; i < lines.size() * (p + 1) / parts; i++) {
          out.write((lines.get(i) + "\n").getBytes(StandardCharsets.UTF_8));
        }
      }
    }
    return folder;
  }

  static JsonNode metrics(FileSystem fs, String output) throws Exception {
    try (InputStream in = fs.open(new Path(output, "metrics.json"))) {
      return new ObjectMapper().readTree(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  /** A k-means model file on any filesystem {@code conf} reaches. */
  static org.shardtrain.core.kmeans.KMeansModel kmeans(org.apache.hadoop.conf.Configuration conf, String modelFile)
      throws Exception {
    return org.shardtrain.formats.KMeansModelCodec.fromAvro(org.shardtrain.formats.AvroFiles.readSingle(conf,
        new Path(modelFile), org.shardtrain.formats.avro.KMeansModel.class));
  }

  /** A linear (SGD) model file on any filesystem {@code conf} reaches. */
  static org.shardtrain.core.sgd.LinearModel linear(org.apache.hadoop.conf.Configuration conf, String modelFile)
      throws Exception {
    return org.shardtrain.formats.SgdCodec.fromAvro(org.shardtrain.formats.AvroFiles.readSingle(conf,
        new Path(modelFile), org.shardtrain.formats.avro.LinearModel.class));
  }

  /** Polls every 50 ms until {@code condition} holds; fails after {@code seconds}. */
  static void await(String what, int seconds, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + seconds * 1_000_000_000L;
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) throw new AssertionError("timed out after " + seconds + " s waiting for " + what);
      Thread.sleep(50);
    }
  }

  static boolean exists(FileSystem fs, String path) {
    try {
      return fs.exists(new Path(path));
    } catch (java.io.IOException e) {
      return false;
    }
  }

  static String[] concat(String[] a, String... b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
