package org.shardtrain.formats.input;

import java.io.IOException;
import java.util.List;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapreduce.JobContext;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.shardtrain.core.io.RecordFormat;
import org.shardtrain.formats.PointSources;

/**
 * Base of shardtrain's input formats: inputs are listed as every engine lists them
 * ({@link PointSources#listDataFiles}: files, and the files directly in folders, skipping hidden files and
 * subfolders such as rejects/), and only Avro container files are split — a text file is read whole, so its
 * line numbers are exact.
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
    return PointInputFormat.format(context.getConfiguration()) == RecordFormat.AVRO;
  }
}
