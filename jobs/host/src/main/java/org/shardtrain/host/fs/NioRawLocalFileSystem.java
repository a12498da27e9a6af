package org.shardtrain.host.fs;

import java.io.File;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.Arrays;
import java.util.Map;
import org.apache.hadoop.fs.FSLinkResolver;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileUtil;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.io.nativeio.NativeIO;

/**
 * Hadoop's local file system with its permission calls made through {@code java.nio} instead of child
 * processes, where Hadoop's native library is not loaded.
 *
 * <p>Why: without {@code libhadoop}, {@link RawLocalFileSystem} forks {@code chmod} after every file it creates
 * and every directory it makes, {@code ls -ld} for every permission, owner or group it is asked for, and
 * {@code readlink} for every link status (rename asks twice). A job on the local runner does ~66 of these
 * (staging, splits, job.xml, the distributed cache's visibility checks and localisation, the task's output),
 * a few milliseconds each: most of the fixed cost of a small MapReduce iteration (docs/design.md, "Fixed
 * cost"). Each {@link FileStatus} here is one {@code stat} (the {@code unix} attribute view: mode with its
 * sticky bit, owner, group, size, times) and each permission change one {@code chmod} call — the same
 * values the commands print and set (the test compares them with Hadoop's own class).
 *
 * <p>With the native library loaded, or on a platform without the {@code unix} view, every call is
 * Hadoop's own. Setting the sticky bit is left to Hadoop too ({@code java.nio} cannot set it).
 */
public class NioRawLocalFileSystem extends RawLocalFileSystem {
  private static final boolean UNIX_VIEW = FileSystems.getDefault().supportedFileAttributeViews().contains("unix");
  private static final String ATTRIBUTES = "unix:mode,owner,group,size,lastModifiedTime,lastAccessTime,isDirectory";

  /** True when this class does the work itself (no native library, a POSIX platform). */
  public static boolean effective() {
    return UNIX_VIEW && !NativeIO.isAvailable();
  }

  @Override
  public FileStatus getFileStatus(Path f) throws IOException {
    if (!effective()) return super.getFileStatus(f);
    return status(f, pathToFile(f), true);
  }

  @Override
  public FileStatus[] listStatus(Path f) throws IOException {
    if (!effective()) return super.listStatus(f);
    File local = pathToFile(f);
    if (!local.isDirectory()) return new FileStatus[] {getFileStatus(f)};
    String[] names = FileUtil.list(local);
    FileStatus[] results = new FileStatus[names.length];
    int n = 0;
    for (String name : names) {
      try {
        // The three-argument Path, as Hadoop's: a name with a colon is a name, not a scheme.
        results[n] = getFileStatus(new Path(f, new Path(null, null, name)));
        n++;
      } catch (FileNotFoundException gone) {
        // Deleted since the directory was listed, as Hadoop's listing skips it.
      }
    }
    return n == results.length ? results : Arrays.copyOf(results, n);
  }

  @Override
  public FileStatus getFileLinkStatus(Path f) throws IOException {
    if (!effective()) return super.getFileLinkStatus(f);
    File local = pathToFile(f);
    if (!Files.isSymbolicLink(local.toPath())) return getFileStatus(f);
    Path target = new Path(Files.readSymbolicLink(local.toPath()).toString());
    FileStatus link;
    try {
      FileStatus to = getFileStatus(f);
      link = new FileStatus(to.getLen(), false, to.getReplication(), to.getBlockSize(), to.getModificationTime(),
          to.getAccessTime(), to.getPermission(), to.getOwner(), to.getGroup(), target, f);
    } catch (FileNotFoundException dangling) {
      link = new FileStatus(0, false, 0, 0, 0, 0, FsPermission.getDefault(), "", "", target, f);
    }
    // As Hadoop's: a link's status carries its target qualified.
    link.setSymlink(FSLinkResolver.qualifySymlinkTarget(getUri(), link.getPath(), link.getSymlink()));
    return link;
  }

  @Override
  public void setPermission(Path p, FsPermission permission) throws IOException {
    if (!effective() || permission.getStickyBit()) {
      super.setPermission(p, permission);
      return;
    }
    try {
      Files.setPosixFilePermissions(pathToFile(p).toPath(), PosixFilePermissions.fromString(permission.toString()));
    } catch (NoSuchFileException e) {
      throw new FileNotFoundException("File " + p + " does not exist");
    }
  }

  /** One stat of {@code local}: what Hadoop's status reads from File, BasicFileAttributes and {@code ls -ld}. */
  private FileStatus status(Path f, File local, boolean follow) throws IOException {
    Map<String, Object> a;
    try {
      a = follow ? Files.readAttributes(local.toPath(), ATTRIBUTES)
          : Files.readAttributes(local.toPath(), ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
    } catch (FileSystemException e) {
      // As Hadoop's (File.exists()): missing, a dangling link, or under a file (ENOTDIR) — all "not found".
      if (!local.exists()) throw new FileNotFoundException("File " + f + " does not exist");
      throw e;
    }
    int mode = (Integer) a.get("mode");
    return new FileStatus((Long) a.get("size"), (Boolean) a.get("isDirectory"), 1, getDefaultBlockSize(f),
        ((FileTime) a.get("lastModifiedTime")).toMillis(), ((FileTime) a.get("lastAccessTime")).toMillis(),
        new FsPermission((short) (mode & 01777)), ((UserPrincipal) a.get("owner")).getName(),
        ((UserPrincipal) a.get("group")).getName(),
        new Path(local.getPath()).makeQualified(getUri(), getWorkingDirectory()));
  }
}
