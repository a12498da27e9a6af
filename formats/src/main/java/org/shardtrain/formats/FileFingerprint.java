package org.shardtrain.formats;

import java.io.IOException;
import org.apache.hadoop.fs.FileChecksum;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * What a file is, cheaply: its length and the filesystem's own checksum of it (HDFS: the MD5 of its blocks'
 * CRCs, which the DataNodes compute from block metadata — the client reads no data, however large the
 * file). Used where a reference must notice that the file it names was replaced: a checkpoint's ALS factor
 * files, a publication's model files.
 */
public final class FileFingerprint {
  private FileFingerprint() {}

  /** "length:algorithm:hex", or the length alone on a filesystem that keeps no checksum (the local one). */
  public static String of(FileSystem fs, Path p, long length) throws IOException {
    FileChecksum sum = fs.getFileChecksum(p);
    return sum == null ? Long.toString(length) : length + ":" + sum.getAlgorithmName() + ":"
        + java.util.HexFormat.of().formatHex(sum.getBytes());
  }
}
