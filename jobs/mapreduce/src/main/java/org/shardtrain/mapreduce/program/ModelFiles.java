package org.shardtrain.mapreduce.program;

import java.io.FileNotFoundException;
import java.io.IOException;
import org.apache.avro.Schema;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.shardtrain.core.sgd.LinearModel;
import org.shardtrain.formats.AvroFiles;
import org.shardtrain.formats.HadoopSeekableInput;
import org.shardtrain.formats.SgdCodec;

/** Finds and reads models: a run output directory, its model/ folder, or the model file itself. */
final class ModelFiles {
  private ModelFiles() {}

  static Path locate(Configuration conf, String given) throws IOException {
    Path p = new Path(given);
    FileSystem fs = p.getFileSystem(conf);
    Path published = new Path(p, "current.properties"); // a `shardtrain publish` registry: its current model
    if (fs.exists(published)) {
      java.util.Properties current = new java.util.Properties();
      try (java.io.InputStream in = fs.open(published)) {
        current.load(in);
      }
      if (current.getProperty("model") != null) p = new Path(current.getProperty("model"));
    }
    for (Path candidate : new Path[] {p, new Path(p, "model.avro"), new Path(new Path(p, "model"), "model.avro")}) {
      if (fs.exists(candidate) && fs.getFileStatus(candidate).isFile()) return candidate;
    }
    throw new FileNotFoundException("no model at " + p + " (expected a run output, its model/ folder, model.avro or a publish registry)");
  }

  /** The record name of the model file's schema (KMeansModel, LinearModel, ...). */
  static String kind(Configuration conf, Path file) throws IOException {
    try (DataFileReader<Object> r = new DataFileReader<>(new HadoopSeekableInput(file, conf), new GenericDatumReader<>())) {
      Schema s = r.getSchema();
      return s.getName();
    }
  }

  /** {@link #locate}, refusing a model file of another kind ({@code kind}: the Avro record name). */
  static Path locate(Configuration conf, String given, String kind, String what) throws IOException {
    Path file = locate(conf, given);
    String actual = kind(conf, file);
    if (!actual.equals(kind)) throw new IllegalArgumentException(file + " is a " + actual + ", not " + what);
    return file;
  }

  static org.shardtrain.core.kmeans.KMeansModel readKMeans(Configuration conf, String given) throws IOException {
    Path file = locate(conf, given, "KMeansModel", "a k-means model");
    return org.shardtrain.formats.KMeansModelCodec.fromAvro(
        AvroFiles.readSingle(conf, file, org.shardtrain.formats.avro.KMeansModel.class));
  }

  static LinearModel readLinear(Configuration conf, String given) throws IOException {
    Path file = locate(conf, given, "LinearModel", "a linear model");
    return SgdCodec.fromAvro(AvroFiles.readSingle(conf, file, org.shardtrain.formats.avro.LinearModel.class));
  }
}
