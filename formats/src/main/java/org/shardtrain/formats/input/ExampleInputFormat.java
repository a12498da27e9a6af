package org.shardtrain.formats.input;

import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.RecordReader;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.hadoop.mapreduce.lib.input.FileSplit;
import org.shardtrain.formats.ExampleSource;
import org.shardtrain.formats.PointSources;

/**
 * Labelled sparse examples from Avro {@code LabeledExample} files or LIBSVM text (split as
 * {@link DataFileInputFormat} says), in {@link ExampleBlock}s; a bad record comes alone in its
 * block with its location.
 */
public final class ExampleInputFormat extends DataFileInputFormat<LongWritable, ExampleBlock> {
  static final int BLOCK_EXAMPLES = 4096;
  static final int BLOCK_NON_ZEROS = 64 * 1024;



  @Override
  public RecordReader<LongWritable, ExampleBlock> createRecordReader(InputSplit split, TaskAttemptContext context) {
    return new Reader();
  }

  private static final class Reader extends RecordReader<LongWritable, ExampleBlock> {
    private ExampleSource source;
    private boolean pendingBad; // the source stands on a bad record the next block must carry alone
    private boolean exhausted;
    // An example that did not fit the previous block (the source reuses its buffers, so it is copied).
    private int[] carriedIdx;
    private double[] carriedVal;
    private double carriedLabel;
    private final LongWritable key = new LongWritable();
    private final ExampleBlock block = new ExampleBlock();
    /** The loss trained with, whose labels are checked here (null: not training, labels not checked). */
    private org.shardtrain.core.sgd.Loss loss;

    @Override
    public void initialize(InputSplit s, TaskAttemptContext c) throws IOException {
      FileSplit fs = (FileSplit) s;
      Configuration conf = c.getConfiguration();
      source = PointSources.openExamples(conf, fs.getPath(), PointInputFormat.format(conf), fs.getStart(), fs.getLength());
      c.getCounter(ShardtrainCounter.INPUT_SPLITS).increment(1);
      // Set for training passes (which check labels against the loss); a prediction pass has no loss.
      loss = org.shardtrain.core.sgd.SgdParams.LOSS.readIfSet(conf::get);
    }

    /** The source's own error for its current record, or a label this loss cannot be trained on. */
    private String error() {
      String e = source.error();
      return e != null || loss == null ? e : loss.labelProblem(source.label());
    }

    @Override
    public boolean nextKeyValue() throws IOException {
      key.set(key.get() + 1);
      block.reset(BLOCK_EXAMPLES, BLOCK_NON_ZEROS);
      if (carriedIdx != null) {
        block.add(carriedLabel, carriedIdx, carriedVal, carriedIdx.length);
        carriedIdx = null;
      }
      if (pendingBad && block.count() == 0) {
        pendingBad = false;
        block.setBad(error(), source.file(), source.position(), source.raw());
        return true;
      }
      while (!exhausted && !pendingBad) {
        if (!source.next()) {
          exhausted = true;
          break;
        }
        if (error() != null) {
          if (block.count() == 0) {
            block.setBad(error(), source.file(), source.position(), source.raw());
            return true;
          }
          pendingBad = true;
          break;
        }
        if (!block.fits(source.size()) && block.count() > 0) {
          carriedLabel = source.label();
          carriedIdx = java.util.Arrays.copyOf(source.indices(), source.size());
          carriedVal = java.util.Arrays.copyOf(source.values(), source.size());
          break;
        }
        block.add(source.label(), source.indices(), source.values(), source.size());
      }
      return block.count() > 0;
    }

    @Override public LongWritable getCurrentKey() { return key; }
    @Override public ExampleBlock getCurrentValue() { return block; }
    @Override public float getProgress() throws IOException { return source == null ? 0 : source.progress(); }
    @Override public void close() throws IOException { if (source != null) source.close(); }
  }
}
