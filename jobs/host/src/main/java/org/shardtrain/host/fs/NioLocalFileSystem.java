package org.shardtrain.host.fs;

import org.apache.hadoop.fs.LocalFileSystem;

/**
 * Hadoop's checksummed local file system ({@code file:}) over {@link NioRawLocalFileSystem}: the class
 * {@code fs.file.impl} names on the local job runner when Hadoop's native library is absent
 * ({@code LocalFileSystems}).
 */
public class NioLocalFileSystem extends LocalFileSystem {
  public NioLocalFileSystem() {
    super(new NioRawLocalFileSystem());
  }
}
