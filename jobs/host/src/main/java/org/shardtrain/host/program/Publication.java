package org.shardtrain.host.program;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Comparator;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FileUtil;
import org.apache.hadoop.fs.Path;
import org.shardtrain.formats.FileFingerprint;

/**
 * A published model: a copy of a run's model/ folder inside the registry (so rerunning into the run's folder,
 * or deleting the run, cannot change or break what the registry serves) and a fingerprint of that copy,
 * which every reader checks ({@link ModelFiles#locate}): each file's {@link FileFingerprint} (length and the
 * filesystem's checksum — on HDFS no data is read, however large an ALS model's factor files), or, on a
 * filesystem that keeps no checksum, the SHA-256 of its bytes.
 */
final class Publication {
  static final String FINGERPRINT = "fingerprint";
  static final String ALGORITHM = "algorithm";
  static final String SHAPE = "shape";

  private Publication() {}

  /** Copies {@code modelDir} to {@code <registry>/models/<millis>} and returns the copy. */
  static Path copy(Configuration conf, Path modelDir, Path registry, long millis) throws IOException {
    FileSystem from = modelDir.getFileSystem(conf);
    FileSystem to = registry.getFileSystem(conf);
    Path target = new Path(new Path(registry, "models"), Long.toString(millis));
    Path tmp = new Path(new Path(registry, "models"), "_tmp." + millis);
    to.delete(tmp, true);
    to.mkdirs(tmp);
    for (FileStatus f : dataFiles(from, modelDir)) {
      if (!FileUtil.copy(from, f.getPath(), to, new Path(tmp, f.getPath().getName()), false, conf)) {
        throw new IOException("cannot copy " + f.getPath() + " into the registry " + registry);
      }
    }
    // Renamed into place whole: a reader never meets half a publication.
    if (!to.rename(tmp, target)) throw new IOException("cannot rename " + tmp + " to " + target);
    return target;
  }

  /** "name=fingerprint" of the folder's data files in name order, joined by ";". */
  static String fingerprint(FileSystem fs, Path dir) throws IOException {
    if (!fs.exists(dir)) throw new java.io.FileNotFoundException("published model " + dir + " is missing");
    StringBuilder out = new StringBuilder();
    for (FileStatus f : dataFiles(fs, dir)) {
      String print = FileFingerprint.of(fs, f.getPath(), f.getLen());
      if (print.indexOf(':') < 0) print += ":SHA-256:" + sha256(fs, f.getPath()); // no checksum kept here
      if (out.length() > 0) out.append(';');
      out.append(f.getPath().getName()).append('=').append(print);
    }
    return out.toString();
  }

  private static String sha256(FileSystem fs, Path file) throws IOException {
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    byte[] buffer = new byte[1 << 16];
    try (InputStream in = fs.open(file)) {
      for (int n; (n = in.read(buffer)) > 0; ) sha.update(buffer, 0, n);
    }
    return java.util.HexFormat.of().formatHex(sha.digest());
  }

  private static FileStatus[] dataFiles(FileSystem fs, Path dir) throws IOException {
    FileStatus[] files = fs.listStatus(dir, p -> !p.getName().startsWith("_") && !p.getName().startsWith("."));
    Arrays.sort(files, Comparator.comparing(f -> f.getPath().getName()));
    return Arrays.stream(files).filter(FileStatus::isFile).toArray(FileStatus[]::new);
  }
}
