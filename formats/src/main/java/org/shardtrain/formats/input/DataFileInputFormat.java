package org.shardtrain.formats.input;

import java.io.IOException;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapreduce.JobContext;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.shardtrain.core.io.RecordFormat;
import org.shardtrain.formats.PointSources;
import org.shardtrain.formats.TextCodecs;

/**
 * Base of shardtrain's input formats: inputs are listed as every engine lists them
 * ({@link PointSources#listDataFiles}: files, and the files directly in folders, skipping hidden files and
 * subfolders such as rejects/), and split as Hadoop splits them — Avro container files at their blocks, text
 * files as {@code TextInputFormat} does (plain and bzip2 files into block-sized splits, a line belonging to
 * the split where it starts; other compressed files whole, {@link TextCodecs}). Every record still carries
 * its exact line number ({@link org.shardtrain.formats.NumberedLines}).
 */
public abstract class DataFileInputFormat<K, V> extends FileInputFormat<K, V> {
  @Override
  protected List<FileStatus> listStatus(JobContext job) throws IOException {
    StringBuilder inputs = new StringBuilder();
    for (Path p : getInputPaths(job)) inputs.append(inputs.length() == 0 ? "" : ",").append(p);
    return PointSources.listDataFiles(job.getConfiguration(), inputs.toString());
  }

  @Override
  protected boolean isSplitable(JobContext context, Path file) {
    Configuration conf = context.getConfiguration();
    return PointInputFormat.format(conf) == RecordFormat.AVRO || TextCodecs.splittable(conf, file);
  }
}
