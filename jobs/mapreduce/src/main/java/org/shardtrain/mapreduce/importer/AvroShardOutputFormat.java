package org.shardtrain.mapreduce.importer;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import org.apache.avro.Schema;
import org.apache.avro.file.CodecFactory;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.BytesWritable;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.mapreduce.RecordWriter;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.hadoop.mapreduce.lib.output.FileOutputFormat;
import org.shardtrain.core.param.Param;

/**
 * One Avro container file per task ({@code part-r-NNNNN.avro}), appending records that are already
 * encoded (no decode and re-encode). The schema comes from the job configuration.
 */
public final class AvroShardOutputFormat extends FileOutputFormat<NullWritable, BytesWritable> {
  /** The records' Avro schema (set by the import program for its tasks). */
  public static final Param<String> SCHEMA = Param.stringParam("internal-import-schema", "shardtrain.internal.import.schema")
      .required().describe("the Avro schema of the imported records").build();

  @Override
  public RecordWriter<NullWritable, BytesWritable> getRecordWriter(TaskAttemptContext context) throws IOException {
    Schema schema = new Schema.Parser().parse(SCHEMA.read(context.getConfiguration()::get));
    Path file = getDefaultWorkFile(context, ".avro");
    OutputStream out = file.getFileSystem(context.getConfiguration()).create(file, false);
    DataFileWriter<Object> writer = new DataFileWriter<>(new GenericDatumWriter<>(schema));
    // Snappy: shards are re-read every iteration, and snappy decodes several times faster than deflate.
    writer.setCodec(CodecFactory.snappyCodec());
    writer.create(schema, out);
    return new RecordWriter<>() {
      @Override
      public void write(NullWritable key, BytesWritable value) throws IOException {
        writer.appendEncoded(ByteBuffer.wrap(value.getBytes(), 0, value.getLength()));
      }

      @Override
      public void close(TaskAttemptContext c) throws IOException {
        writer.close();
      }
    };
  }
}
