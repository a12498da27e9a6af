package org.shardtrain.host.program;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/** Counts the records in a rejects/ folder (a resumed run did not see them counted). */
final class Rejects {
  private Rejects() {}

  static long count(Configuration conf, Path dir) throws IOException {
    FileSystem fs = dir.getFileSystem(conf);
    if (!fs.exists(dir)) return 0;
    long n = 0;
    for (FileStatus f : fs.listStatus(dir)) {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(fs.open(f.getPath()), StandardCharsets.UTF_8))) {
        while (r.readLine() != null) n++;
      }
    }
    return n;
  }
}
