package org.shardtrain.mapreduce.importer;

import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.BytesWritable;
import org.apache.hadoop.io.IntWritable;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Mapper;
import org.apache.hadoop.mapreduce.lib.input.FileSplit;
import org.shardtrain.core.io.RecordParseException;
import org.shardtrain.core.param.ProgramParams;
import org.shardtrain.formats.NumberedLines;
import org.shardtrain.formats.input.BadRecords;
import org.shardtrain.formats.input.ShardtrainCounter;

/**
 * Parses text lines into Avro records and deals them to shards round-robin, each task starting at a
 * different shard, so shards differ in size by at most the number of input files.
 */
public final class ImportMapper extends Mapper<LongWritable, Text, IntWritable, BytesWritable> {
  private RecordEncoder encoder;
  private BadRecords badRecords;
  private int shards;
  private int next;
  private FileSplit split;
  private long linesBefore = -1; // lines of the file before this split, counted at the first bad record
  private final IntWritable shard = new IntWritable();
  private final BytesWritable value = new BytesWritable();

  @Override
  protected void setup(Context context) {
    Configuration conf = context.getConfiguration();
    encoder = RecordEncoder.of(
        ProgramParams.IMPORT_TYPE.read(conf::get), ProgramParams.IMPORT_FORMAT.read(conf::get));
    shards = context.getNumReduceTasks();
    next = Math.floorMod(context.getTaskAttemptID().getTaskID().getId() * 7919, shards);
    badRecords = new BadRecords(context);
    split = (FileSplit) context.getInputSplit();
  }

  @Override
  protected void map(LongWritable lineInSplit, Text line, Context context) throws IOException, InterruptedException {
    if (line.getLength() == 0) return;
    String text = line.toString();
    byte[] encoded;
    try {
      if (text.equals(NumberedLineInputFormat.TOO_LONG)) throw new RecordParseException("line longer than " + NumberedLines.MAX_LINE_BYTES + " bytes");
      encoded = encoder.encode(text);
    } catch (RecordParseException e) {
      if (linesBefore < 0) linesBefore = NumberedLines.linesBefore(context.getConfiguration(), split.getPath(), split.getStart());
      badRecords.handle(split.getPath().toString(), "line " + (linesBefore + lineInSplit.get()), e.getMessage(), text);
      return;
    }
    value.set(encoded, 0, encoded.length);
    shard.set(next);
    next = (next + 1) % shards;
    context.getCounter(ShardtrainCounter.RECORDS).increment(1);
    context.write(shard, value);
  }

  @Override
  public void run(Context context) throws IOException, InterruptedException {
    BadRecords.reportFailures(context, () -> super.run(context));
  }

  @Override
  protected void cleanup(Context context) throws IOException, InterruptedException {
    badRecords.close();
  }
}
