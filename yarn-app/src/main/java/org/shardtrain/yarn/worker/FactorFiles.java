package org.shardtrain.yarn.worker;

import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.SequenceFile;
import org.apache.hadoop.io.Text;
import org.shardtrain.formats.AlsValue;
import org.shardtrain.formats.FactorFolders;

/**
 * Factor files of ALS on YARN. Checkpoint folders hold the same SequenceFiles (ID → factor) the MapReduce
 * engine writes, one part per worker, so the model writer, evaluation and --resume read either engine's.
 * Exchange files carry one block's factors to one destination block between half-steps: a count, then
 * (ID, k doubles) records.
 */
public final class FactorFiles {
  public interface Visitor {
    void visit(String id, double[] factor, int k) throws IOException;
  }

  private FactorFiles() {}

  static void writePart(Configuration conf, Path folder, int slot, String[] ids, int[] rows, double[] factors, int k)
      throws IOException {
    Path part = new Path(folder, String.format("part-w-%05d", slot));
    Text id = new Text();
    AlsValue v = new AlsValue();
    double[] x = new double[k];
    try (SequenceFile.Writer out = AlsValue.factorPartWriter(conf, part)) {
      for (int r : rows) {
        System.arraycopy(factors, r * k, x, 0, k);
        id.set(ids[r]);
        out.append(id, v.factor(x, k));
      }
    }
  }

  /** Visits every factor of a checkpoint folder (all workers' or all reducers' parts). */
  public static void readFolder(Configuration conf, Path folder, Visitor visitor) throws IOException {
    FileSystem fs = folder.getFileSystem(conf);
    Text id = new Text();
    AlsValue v = new AlsValue();
    for (FileStatus part : fs.globStatus(FactorFolders.parts(folder))) {
      try (SequenceFile.Reader in = new SequenceFile.Reader(conf, SequenceFile.Reader.file(part.getPath()))) {
        while (in.next(id, v)) visitor.visit(id.toString(), v.vector(), v.size());
      }
    }
  }

  /**
   * One block's factors for one destination block: a header (magic, rows, k, the digest of the rows' IDs)
   * and the rows' factors as raw doubles, in the sender's ID order. No IDs travel: both sides know the
   * rows from the same routed ratings (see {@link ExchangeOrder}), and the digest proves they agree.
   */
  static void writeExchange(Configuration conf, Path file, int[] rows, long digest, double[] factors, int k)
      throws IOException {
    java.nio.ByteBuffer bytes = java.nio.ByteBuffer.allocate(HEADER + rows.length * k * Double.BYTES);
    bytes.putInt(MAGIC).putInt(rows.length).putInt(k).putLong(digest);
    java.nio.DoubleBuffer values = bytes.asDoubleBuffer();
    for (int r : rows) values.put(factors, r * k, k);
    FileSystem fs = file.getFileSystem(conf);
    try (java.io.OutputStream out = fs.create(file, true)) {
      out.write(bytes.array());
    }
  }

  /**
   * Reads what {@code sender} sent to this block into {@code out} (row-major, k per row), row p of the file
   * going to row {@code into[p]}. A file whose rows or IDs do not match the expected ones is an error.
   */
  static void readExchange(Configuration conf, Path file, int sender, int[] into, long digest, double[] out, int k)
      throws IOException {
    FileSystem fs = file.getFileSystem(conf);
    byte[] all;
    try (java.io.InputStream in = fs.open(file)) {
      all = in.readAllBytes();
    }
    java.nio.ByteBuffer bytes = java.nio.ByteBuffer.wrap(all);
    if (all.length < HEADER || bytes.getInt() != MAGIC) throw new IOException(file + ": not a factor exchange file");
    int rows = bytes.getInt();
    int fileK = bytes.getInt();
    long fileDigest = bytes.getLong();
    if (rows != into.length || fileK != k || fileDigest != digest || all.length != HEADER + rows * k * Double.BYTES) {
      throw new IOException(file + ": block " + sender + " sent " + rows + " factors of rank " + fileK
          + ", this block expected " + into.length + " of rank " + k + (fileDigest != digest ? " (different IDs)" : ""));
    }
    java.nio.DoubleBuffer values = bytes.asDoubleBuffer();
    for (int p = 0; p < rows; p++) values.get(out, into[p] * k, k);
  }

  private static final int MAGIC = 0x53544658; // "STFX"
  private static final int HEADER = 4 + 4 + 4 + 8;
}
