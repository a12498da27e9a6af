package org.shardtrain.formats;

import java.io.IOException;
import java.io.OutputStream;
import org.apache.avro.Schema;
import org.apache.avro.file.CodecFactory;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/** Small Avro container files (models, checkpoints) on any Hadoop filesystem, written atomically. */
public final class AvroFiles {
  private AvroFiles() {}

  /**
   * Writes {@code record} to {@code target}: first to a hidden temporary file beside it, then renamed into
   * place, so that a reader never sees a half-written file (rename is atomic on HDFS).
   */
  public static <T extends SpecificRecord> void writeAtomically(Configuration conf, Path target, T record)
      throws IOException {
    FileSystem fs = target.getFileSystem(conf);
    Path tmp = new Path(target.getParent(), "_tmp." + target.getName() + "." + System.nanoTime());
    Schema schema = record.getSchema();
    try (OutputStream out = fs.create(tmp, false);
         DataFileWriter<T> writer = new DataFileWriter<>(new SpecificDatumWriter<T>(schema))) {
      writer.setCodec(CodecFactory.deflateCodec(6));
      writer.create(schema, out);
      writer.append(record);
    }
    if (fs.exists(target) && !fs.delete(target, false)) throw new IOException("cannot replace " + target);
    if (!fs.rename(tmp, target)) {
      fs.delete(tmp, false);
      throw new IOException("cannot rename " + tmp + " to " + target);
    }
  }

  /** Reads the single record of a small Avro file. */
  public static <T extends SpecificRecord> T readSingle(Configuration conf, Path path, Class<T> type)
      throws IOException {
    try (DataFileReader<T> reader = new DataFileReader<>(new HadoopSeekableInput(path, conf),
        new SpecificDatumReader<>(type))) {
      if (!reader.hasNext()) throw new IOException(path + " holds no record");
      return reader.next();
    } catch (org.apache.avro.AvroRuntimeException e) {
      throw new IOException(path + ": corrupt Avro file (" + AvroSplit.rootMessage(e) + ")", e);
    }
  }
}
