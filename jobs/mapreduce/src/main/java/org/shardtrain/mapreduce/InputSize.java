package org.shardtrain.mapreduce;

import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.compress.CompressionCodecFactory;
import org.apache.hadoop.io.compress.SplittableCompressionCodec;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.hadoop.util.StringUtils;

/**
 * The size of a job's input as the reducer estimate needs it: bytes and the number of map tasks
 * FileInputFormat will make (per file, by Hadoop's split-size rule), from one listing, without computing
 * splits. Listed once per run: an iterative pass reads the same input every time.
 */
public record InputSize(long bytes, long files, long mapTasks) {
  public static final InputSize NONE = new InputSize(0, 0, 0);

  /** {@code inputs}: comma-separated paths or globs, as given to FileInputFormat. */
  public static InputSize of(Configuration conf, String inputs) throws IOException {
    long minSize = Math.max(1, conf.getLong(FileInputFormat.SPLIT_MINSIZE, 1));
    long maxSize = conf.getLong(FileInputFormat.SPLIT_MAXSIZE, Long.MAX_VALUE);
    CompressionCodecFactory codecs = new CompressionCodecFactory(conf);
    long bytes = 0, files = 0, tasks = 0;
    for (String input : StringUtils.split(inputs)) {
      Path p = new Path(StringUtils.unEscapeString(input));
      FileSystem fs = p.getFileSystem(conf);
      FileStatus[] matches = fs.globStatus(p);
      if (matches == null) continue;
      for (FileStatus m : matches) {
        FileStatus[] children = m.isDirectory() ? fs.listStatus(m.getPath(), InputSize::visible) : new FileStatus[] {m};
        for (FileStatus f : children) {
          if (!f.isFile()) continue;
          var codec = codecs.getCodec(f.getPath());
          boolean splittable = codec == null || codec instanceof SplittableCompressionCodec;
          long split = ReducerEstimator.splitSize(f.getBlockSize() > 0 ? f.getBlockSize() : fs.getDefaultBlockSize(f.getPath()),
              minSize, maxSize);
          bytes += f.getLen();
          files++;
          tasks += ReducerEstimator.splits(f.getLen(), split, splittable);
        }
      }
    }
    return new InputSize(bytes, files, tasks);
  }

  private static boolean visible(Path p) {
    String n = p.getName();
    return !n.startsWith("_") && !n.startsWith(".");
  }
}
