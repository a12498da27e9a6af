package org.shardtrain.yarn.worker;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.util.Progressable;

/**
 * The local filesystem, counting the calls that would each be a NameNode operation on HDFS: create, open,
 * delete, rename, mkdirs, file status and listing (counted where callers make them, so a checksum file's own
 * calls are not counted twice). Installed with {@link #install}, which also turns off the filesystem cache so
 * every {@code FileSystem.get} of that configuration makes one of these.
 */
public final class CountingLocalFileSystem extends LocalFileSystem {
  public static final AtomicLong CREATED = new AtomicLong();
  public static final AtomicLong OTHER = new AtomicLong();

  /** {@code conf} with this class as the {@code file:} filesystem. */
  public static Configuration install(Configuration conf) {
    conf.setClass("fs.file.impl", CountingLocalFileSystem.class, org.apache.hadoop.fs.FileSystem.class);
    conf.setBoolean("fs.file.impl.disable.cache", true);
    return conf;
  }

  /** Every operation counted so far. */
  public static long operations() { return CREATED.get() + OTHER.get(); }

  @Override
  public FSDataOutputStream create(Path f, FsPermission permission, boolean overwrite, int bufferSize, short replication,
                                   long blockSize, Progressable progress) throws IOException {
    CREATED.incrementAndGet();
    return super.create(f, permission, overwrite, bufferSize, replication, blockSize, progress);
  }

  @Override
  public FSDataInputStream open(Path f, int bufferSize) throws IOException {
    OTHER.incrementAndGet();
    return super.open(f, bufferSize);
  }

  @Override
  public boolean delete(Path f, boolean recursive) throws IOException {
    OTHER.incrementAndGet();
    return super.delete(f, recursive);
  }

  @Override
  public boolean rename(Path src, Path dst) throws IOException {
    OTHER.incrementAndGet();
    return super.rename(src, dst);
  }

  @Override
  public boolean mkdirs(Path f, FsPermission permission) throws IOException {
    OTHER.incrementAndGet();
    return super.mkdirs(f, permission);
  }

  @Override
  public FileStatus getFileStatus(Path f) throws IOException {
    OTHER.incrementAndGet();
    return super.getFileStatus(f);
  }

  @Override
  public FileStatus[] listStatus(Path f) throws IOException {
    OTHER.incrementAndGet();
    return super.listStatus(f);
  }
}
