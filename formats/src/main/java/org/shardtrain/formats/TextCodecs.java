package org.shardtrain.formats;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionCodecFactory;
import org.apache.hadoop.io.compress.SplittableCompressionCodec;

/**
 * Compressed text inputs, recognised as {@code TextInputFormat} recognises them: by the file's extension,
 * through Hadoop's codec factory ({@code io.compression.codecs} and the codecs on the classpath). {@code .bz2}
 * is split at its compressed blocks like a plain file; {@code .gz}, {@code .deflate}, {@code .snappy} (Hadoop's
 * block framing) and {@code .zst} cannot be entered in the middle, so each such file is one split, read by one
 * task or worker — many files of a few hundred MB spread better than one large one. {@code .zst} (and
 * {@code .lz4}) need Hadoop's native library built with them, as on most clusters; where a JVM has not
 * loaded it, reading such a file fails with one line that says so.
 */
public final class TextCodecs {
  private TextCodecs() {}

  /** The codec that decompresses {@code path}, or null for a plain text file. */
  public static CompressionCodec codec(Configuration conf, Path path) {
    return new CompressionCodecFactory(conf).getCodec(path);
  }

  /** Whether a text file can be cut into several splits: plain or bzip2. */
  public static boolean splittable(Configuration conf, Path path) {
    CompressionCodec codec = codec(conf, path);
    return codec == null || codec instanceof SplittableCompressionCodec;
  }
}
