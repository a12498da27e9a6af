package org.shardtrain.formats.input;

import java.io.IOException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.permission.FsPermission;

/**
 * Directories only their owner may enter (0700), for what holds copies of input records (rejects/, the
 * passes' work folder, where rejects are first written) or configuration that may hold credentials (the
 * YARN staging directory). The input's own permissions are not carried over to such copies, so they are
 * kept to the run's user. Models, metrics and checkpoints keep the user's umask: they are meant to be
 * shared and published.
 */
public final class PrivateDirs {
  public static final FsPermission OWNER_ONLY = new FsPermission((short) 0700);

  private PrivateDirs() {}

  /**
   * Makes {@code dir} 0700, creating it if needed; so is every missing parent it creates on the way (a
   * mkdirs alone gives those the umask's mode, e.g. 0755, leaving rejects/ open when rejects/test is made).
   */
  public static Path ensure(FileSystem fs, Path dir) throws IOException {
    java.util.List<Path> created = new java.util.ArrayList<>();
    for (Path p = dir; p != null && !fs.exists(p); p = p.getParent()) created.add(p);
    fs.mkdirs(dir, OWNER_ONLY);
    if (!created.contains(dir)) created.add(dir);
    for (Path p : created) {
      if (!fs.getFileStatus(p).getPermission().equals(OWNER_ONLY)) fs.setPermission(p, OWNER_ONLY);
    }
    return dir;
  }
}
