package org.shardtrain.host.program;

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
public final class ModelFiles {
  private ModelFiles() {}

  public static Path locate(Configuration conf, String given) throws IOException {
    Path p = new Path(given);
    FileSystem fs = p.getFileSystem(conf);
    Path published = new Path(p, "current.properties"); // a `shardtrain publish` registry: its current model
    if (fs.exists(published)) {
      java.util.Properties current = new java.util.Properties();
      try (java.io.InputStream in = fs.open(published)) {
        current.load(in);
      }
      if (current.getProperty("model") != null) p = new Path(current.getProperty("model"));
      // A publication is immutable: its own copy, whose fingerprint is checked on every read.
      String recorded = current.getProperty(Publication.FINGERPRINT);
      if (recorded != null) {
        String actual = Publication.fingerprint(fs, p);
        if (!recorded.equals(actual)) {
          throw new org.shardtrain.core.io.BadInputFileException("the model published in " + given + " (" + p
              + ") has changed since it was published (now " + actual + ", recorded " + recorded
              + "); publish a model again");
        }
      }
    }
    for (Path candidate : new Path[] {p, new Path(p, "model.avro"), new Path(new Path(p, "model"), "model.avro")}) {
      if (fs.exists(candidate) && fs.getFileStatus(candidate).isFile()) return candidate;
    }
    throw new FileNotFoundException("no model at " + p + " (expected a run output, its model/ folder, model.avro or a publish registry)");
  }

  /** The record name of the model file's schema (KMeansModel, LinearModel, ...). */
  public static String kind(Configuration conf, Path file) throws IOException {
    try (DataFileReader<Object> r = new DataFileReader<>(new HadoopSeekableInput(file, conf), new GenericDatumReader<>())) {
      Schema s = r.getSchema();
      return s.getName();
    } catch (IOException | org.apache.avro.AvroRuntimeException e) {
      if (!AvroFiles.isUnreadableFile(e)) throw e;
      throw new org.shardtrain.core.io.BadInputFileException("model " + file + ": " + AvroFiles.unreadableReason(file, conf, e), e);
    }
  }

  /**
   * The folder a program must never write over because it reads the model in it ({@code given} located as
   * above): the model file's own folder — a run's model/, or the publication a registry points at. An output
   * beside it (say {@code <run>/eval}) is fine; one that is or contains it is refused, so --overwrite can
   * never delete the model being read.
   */
  public static String guardedFolder(Configuration conf, String given) throws IOException {
    return locate(conf, given).getParent().toString();
  }

  /**
   * What a model is, beyond its kind: the sizes and settings without which two models' metrics cannot be
   * compared (a k = 1 model's WSSSE "beats" any k = 3 model's). Read from the model file's own fields.
   */
  public static String shape(Configuration conf, Path file) throws IOException {
    try (DataFileReader<org.apache.avro.generic.GenericRecord> r =
             new DataFileReader<>(new HadoopSeekableInput(file, conf), new GenericDatumReader<>())) {
      org.apache.avro.generic.GenericRecord m = r.next();
      return switch (r.getSchema().getName()) {
        case "KMeansModel" -> "k=" + ((java.util.Collection<?>) m.get("centroids")).size() + ", dimension="
            + m.get("dimension") + ", distance=" + m.get("distance");
        case "LinearModel" -> "loss=" + m.get("loss") + ", features=" + m.get("featureCount");
        case "AlsModel" -> "rank=" + m.get("rank") + ", implicit=" + m.get("implicit");
        default -> r.getSchema().getName();
      };
    } catch (IOException | org.apache.avro.AvroRuntimeException | java.util.NoSuchElementException e) {
      if (e instanceof IOException && !AvroFiles.isUnreadableFile(e)) throw (IOException) e;
      throw new org.shardtrain.core.io.BadInputFileException("model " + file + ": " + AvroFiles.unreadableReason(file, conf, e), e);
    }
  }

  /** {@link #locate}, refusing a model file of another kind ({@code kind}: the Avro record name). */
  public static Path locate(Configuration conf, String given, String kind, String what) throws IOException {
    Path file = locate(conf, given);
    String actual = kind(conf, file);
    if (!actual.equals(kind)) throw new IllegalArgumentException(file + " is a " + actual + ", not " + what);
    return file;
  }

  public static org.shardtrain.core.kmeans.KMeansModel readKMeans(Configuration conf, String given) throws IOException {
    Path file = locate(conf, given, "KMeansModel", "a k-means model");
    return org.shardtrain.formats.KMeansModelCodec.fromAvro(
        AvroFiles.readSingle(conf, file, org.shardtrain.formats.avro.KMeansModel.class));
  }

  public static LinearModel readLinear(Configuration conf, String given) throws IOException {
    Path file = locate(conf, given, "LinearModel", "a linear model");
    return SgdCodec.fromAvro(AvroFiles.readSingle(conf, file, org.shardtrain.formats.avro.LinearModel.class));
  }
}
