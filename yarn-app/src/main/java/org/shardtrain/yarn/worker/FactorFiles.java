package org.shardtrain.yarn.worker;

import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
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
 * engine writes, one part per worker, so the model writer, evaluation and --resume read either engine's, and
 * a worker that replaces a lost one serves its predecessor's newest factors from its part.
 */
public final class FactorFiles {
  public interface Visitor {
    void visit(String id, double[] factor, int k) throws IOException;
  }

  private FactorFiles() {}

  /** This worker's part of a checkpoint folder: every row of {@code factors}, under its ID. */
  static void writePart(Configuration conf, Path folder, int slot, String[] ids, FactorBlock factors) throws IOException {
    Path part = partOf(folder, slot);
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
   * This worker's part of a checkpoint folder, read back into its block's rows (a replacement serving what its
   * lost predecessor solved): every row of {@code ids}, in that order, and nothing else.
   */
  static FactorBlock readPart(Configuration conf, Path folder, int slot, String[] ids, int rank) throws IOException {
    Path part = partOf(folder, slot);
    FactorBlock out = new FactorBlock(ids.length, rank);
    Text id = new Text();
    AlsValue v = new AlsValue();
    int r = 0;
    try (SequenceFile.Reader in = new SequenceFile.Reader(conf, SequenceFile.Reader.file(part))) {
      while (in.next(id, v)) {
        if (r >= ids.length || !ids[r].equals(id.toString()) || v.size() != rank) {
          throw new IOException(part + ": factor " + (r + 1) + " is of " + id + " (" + v.size() + " values), block "
              + slot + " expected " + (r < ids.length ? ids[r] : "no more") + " of rank " + rank);
        }
        out.set(r++, v.vector(), 0);
      }
    }
    if (r != ids.length) throw new IOException(part + ": " + r + " factors, block " + slot + " has " + ids.length);
    return out;
  }

  private static Path partOf(Path folder, int slot) { return new Path(folder, String.format("part-w-%05d", slot)); }
}
