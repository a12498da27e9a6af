package org.shardtrain.host.program;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.shardtrain.core.param.Param;
import org.shardtrain.core.param.ResolvedParams;
import org.shardtrain.core.param.RunParams;
import org.shardtrain.formats.PointSources;

/**
 * What a checkpoint records of the data a run trained on, so that --resume continues only on the same data:
 * every path parameter that defines the model, resolved and qualified (so {@code p.csv} typed in two folders
 * are two inputs, and {@code ../dir/p.csv} and {@code p.csv} in dir are one), and the input's data files by
 * what they are — count, total length and a digest of each file's qualified path, length and modification
 * time. Reading contents would cost a pass over 100 GB; length and modification time are what Hadoop's own
 * caches (the distributed cache's timestamps) trust to say a file is unchanged.
 */
final class InputIdentity {
  /** The checkpoint key of the input files' description. */
  static final String FILES_KEY = RunParams.INPUT.key() + ".files";

  private InputIdentity() {}

  /** {@code modelDefining} with its path values qualified and the input's files described. */
  static Map<String, String> of(Configuration conf, ResolvedParams params, Map<String, String> modelDefining)
      throws IOException {
    Map<String, String> out = new LinkedHashMap<>(modelDefining);
    for (Param<?> p : params.params()) {
      String value = out.get(p.key());
      if (p.isPath() && value != null) out.put(p.key(), qualified(conf, value));
    }
    out.put(FILES_KEY, describe(PointSources.listDataFiles(conf, params.get(RunParams.INPUT))));
    return out;
  }

  static String qualified(Configuration conf, String paths) throws IOException {
    StringBuilder b = new StringBuilder();
    for (String part : paths.split(",")) {
      if (part.isBlank()) continue;
      Path p = new Path(part.trim());
      if (b.length() > 0) b.append(',');
      b.append(p.getFileSystem(conf).makeQualified(p));
    }
    return b.toString();
  }

  /** "3 files, 4551 bytes, digest 0f3a…" — short enough for a one-line refusal, exact enough to tell. */
  static String describe(List<FileStatus> files) {
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    long bytes = 0;
    for (FileStatus f : files) {
      bytes += f.getLen();
      sha.update((f.getPath() + "\t" + f.getLen() + "\t" + f.getModificationTime() + "\n").getBytes(StandardCharsets.UTF_8));
    }
    String digest = java.util.HexFormat.of().formatHex(sha.digest()).substring(0, 16);
    return files.size() + (files.size() == 1 ? " file, " : " files, ") + bytes + " bytes, digest " + digest;
  }
}
