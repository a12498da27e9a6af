package org.shardtrain.host.fs;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ChecksumFs;
import org.apache.hadoop.fs.DelegateToFileSystem;
import org.apache.hadoop.fs.FsConstants;
import org.apache.hadoop.fs.FsServerDefaults;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.local.LocalConfigKeys;

/**
 * The {@code FileContext} side of {@link NioLocalFileSystem} ({@code fs.AbstractFileSystem.file.impl}): the
 * local runner's distributed cache localises files through a FileContext, whose stock local file system
 * ({@code LocalFs}) builds its own {@code RawLocalFileSystem} and cannot be given another. This is the
 * same composition — checksums over a delegate to the file system — around {@link NioRawLocalFileSystem}.
 */
public class NioLocalFs extends ChecksumFs {
  public NioLocalFs(URI uri, Configuration conf) throws IOException, URISyntaxException {
    super(new Raw(uri, conf));
  }

  /** As Hadoop's {@code RawLocalFs}, whose constructors are not public. */
  static final class Raw extends DelegateToFileSystem {
    Raw(URI uri, Configuration conf) throws IOException, URISyntaxException {
      super(uri, new NioRawLocalFileSystem(), conf, FsConstants.LOCAL_FS_URI.getScheme(), false);
    }

    @Override public int getUriDefaultPort() { return -1; }

    @Override public FsServerDefaults getServerDefaults(Path f) throws IOException { return LocalConfigKeys.getServerDefaults(); }

    @Override @Deprecated public FsServerDefaults getServerDefaults() throws IOException { return LocalConfigKeys.getServerDefaults(); }

    // As Hadoop's: local file systems differ in what names they take; the OS decides.
    @Override public boolean isValidName(String src) { return true; }
  }
}
