package org.shardtrain.host.program;

import java.io.IOException;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.shardtrain.core.io.BadRecordException;
import org.shardtrain.core.io.BadRecordPolicy;
import org.shardtrain.core.io.RecordFormat;
import org.shardtrain.formats.PointSource;
import org.shardtrain.formats.PointSources;

/**
 * Reads the input's first valid point in the driver, before any job starts, to learn the dimension every
 * other point must have; fails early, in one line, on a missing or empty input or (under fail) on a bad
 * first record.
 */
public final class InputProbe {
  private InputProbe() {}

  public static int dimension(Configuration conf, String inputs, RecordFormat format, BadRecordPolicy policy)
      throws IOException {
    List<FileStatus> files = PointSources.listDataFiles(conf, inputs);
    if (files.isEmpty()) throw new IllegalArgumentException("input " + inputs + " holds no data files");
    for (FileStatus f : files) {
      try (PointSource source = PointSources.open(conf, f.getPath(), format, 0, f.getLen())) {
        while (source.next()) {
          if (source.error() == null) return source.vector().size();
          if (policy == BadRecordPolicy.FAIL) {
            throw new BadRecordException(source.file(), source.position(), source.error());
          }
        }
      }
    }
    throw new IllegalArgumentException("input " + inputs + " holds no valid points");
  }
}
