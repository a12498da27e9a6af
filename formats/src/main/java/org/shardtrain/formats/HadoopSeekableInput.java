package org.shardtrain.formats;

import java.io.IOException;
import org.apache.avro.file.SeekableInput;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/** Avro's random-access input over a file on any Hadoop filesystem (HDFS, local, ...). */
public final class HadoopSeekableInput implements SeekableInput {
  private final FSDataInputStream in;
  private final long length;

  public HadoopSeekableInput(Path path, Configuration conf) throws IOException {
    FileSystem fs = path.getFileSystem(conf);
    this.length = fs.getFileStatus(path).getLen();
    this.in = fs.open(path);
  }

  @Override public void seek(long p) throws IOException { in.seek(p); }
  @Override public long tell() throws IOException { return in.getPos(); }
  @Override public long length() { return length; }
  @Override public int read(byte[] b, int off, int len) throws IOException { return in.read(b, off, len); }
  @Override public void close() throws IOException { in.close(); }
}
