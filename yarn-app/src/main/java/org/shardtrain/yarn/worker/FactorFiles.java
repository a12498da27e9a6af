package org.shardtrain.yarn.worker;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.DoubleBuffer;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.SequenceFile;
import org.apache.hadoop.io.Text;
import org.shardtrain.core.als.FactorBlock;
import org.shardtrain.formats.AlsValue;
import org.shardtrain.formats.FactorFolders;

/**
 * Factor files of ALS on YARN. Checkpoint folders hold the same SequenceFiles (ID → factor) the MapReduce
 * engine writes, one part per worker, so the model writer, evaluation and --resume read either engine's.
 * Exchange files carry one block's factors to one destination block between half-steps: a header, then the
 * factors (no IDs; see {@link #writeExchange}).
 */
public final class FactorFiles {
  public interface Visitor {
    void visit(String id, double[] factor, int k) throws IOException;
  }

  private FactorFiles() {}

  /** This worker's part of a checkpoint folder: every row of {@code factors}, under its ID. */
  static void writePart(Configuration conf, Path folder, int slot, String[] ids, FactorBlock factors) throws IOException {
    Path part = new Path(folder, String.format("part-w-%05d", slot));
    Text id = new Text();
    AlsValue v = new AlsValue();
    int k = factors.rank();
    double[] x = new double[k];
    try (SequenceFile.Writer out = AlsValue.factorPartWriter(conf, part)) {
      for (int r = 0; r < ids.length; r++) {
        factors.get(r, x, 0);
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
   * and the rows' factors as raw big-endian doubles, in the sender's ID order. No IDs travel: both sides know
   * the rows from the same routed ratings (see {@link ExchangeOrder}), and the digest proves they agree.
   * Written and read in batches of about {@value #BATCH_BYTES} bytes: a file may hold more than 2³¹ bytes
   * (rows × k × 8 is a {@code long}); its row count is an {@code int}, as the rows are some of one block's,
   * whose IDs are one array.
   */
  static void writeExchange(Configuration conf, Path file, int[] rows, long digest, FactorBlock factors)
      throws IOException {
    int k = factors.rank();
    int batch = rowsPerBatch(k);
    byte[] bytes = new byte[batch * k * Double.BYTES];
    DoubleBuffer values = ByteBuffer.wrap(bytes).asDoubleBuffer();
    FileSystem fs = file.getFileSystem(conf);
    try (FSDataOutputStream out = fs.create(file, true)) {
      out.writeInt(MAGIC);
      out.writeInt(rows.length);
      out.writeInt(k);
      out.writeLong(digest);
      for (int p = 0; p < rows.length; p += batch) {
        int n = Math.min(batch, rows.length - p);
        values.clear();
        for (int i = 0; i < n; i++) values.put(factors.arrayOf(rows[p + i]), factors.offsetOf(rows[p + i]), k);
        out.write(bytes, 0, n * k * Double.BYTES);
      }
    }
  }

  /**
   * Reads what {@code sender} sent to this block into {@code out}, row p of the file going to row
   * {@code into[p]}. A file whose rows, rank, IDs or length do not match the expected ones is an error.
   */
  static void readExchange(Configuration conf, Path file, int sender, int[] into, long digest, FactorBlock out)
      throws IOException {
    int k = out.rank();
    FileSystem fs = file.getFileSystem(conf);
    try (FSDataInputStream in = fs.open(file)) {
      int magic;
      int rows;
      int fileK;
      long fileDigest;
      try {
        magic = in.readInt();
        rows = in.readInt();
        fileK = in.readInt();
        fileDigest = in.readLong();
      } catch (EOFException e) {
        throw new IOException(file + ": not a factor exchange file");
      }
      if (magic != MAGIC) throw new IOException(file + ": not a factor exchange file");
      if (rows != into.length || fileK != k || fileDigest != digest) {
        throw new IOException(file + ": block " + sender + " sent " + rows + " factors of rank " + fileK
            + ", this block expected " + into.length + " of rank " + k + (fileDigest != digest ? " (different IDs)" : ""));
      }
      int batch = rowsPerBatch(k);
      byte[] bytes = new byte[batch * k * Double.BYTES];
      DoubleBuffer values = ByteBuffer.wrap(bytes).asDoubleBuffer();
      for (int p = 0; p < rows; p += batch) {
        int n = Math.min(batch, rows - p);
        try {
          in.readFully(bytes, 0, n * k * Double.BYTES);
        } catch (EOFException e) {
          throw new IOException(file + ": block " + sender + " sent " + rows + " factors of rank " + k
              + ", the file ends within factor " + (p + 1) + " (truncated)");
        }
        values.clear();
        for (int i = 0; i < n; i++) values.get(out.arrayOf(into[p + i]), out.offsetOf(into[p + i]), k);
      }
      if (in.read() != -1) {
        throw new IOException(file + ": block " + sender + " sent " + rows + " factors of rank " + k
            + ", and the file goes on after them");
      }
    }
  }

  /** Rows per read or write: a batch of about {@value #BATCH_BYTES} bytes, at least one row. */
  static int rowsPerBatch(int k) { return Math.max(1, BATCH_BYTES / (k * Double.BYTES)); }

  private static final int MAGIC = 0x53544658; // "STFX"
  private static final int BATCH_BYTES = 1 << 16;
}
