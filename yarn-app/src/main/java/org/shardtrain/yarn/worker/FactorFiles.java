package org.shardtrain.yarn.worker;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.SequenceFile;
import org.apache.hadoop.io.Text;
import org.shardtrain.mapreduce.als.AlsValue;

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
    try (SequenceFile.Writer out = SequenceFile.createWriter(conf, SequenceFile.Writer.file(part),
        SequenceFile.Writer.keyClass(Text.class), SequenceFile.Writer.valueClass(AlsValue.class))) {
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
    for (FileStatus part : fs.globStatus(new Path(folder, "part-*"))) {
      try (SequenceFile.Reader in = new SequenceFile.Reader(conf, SequenceFile.Reader.file(part.getPath()))) {
        while (in.next(id, v)) visitor.visit(id.toString(), v.vector(), v.size());
      }
    }
  }

  static void writeExchange(Configuration conf, Path file, String[] ids, int[] rows, double[] factors, int k)
      throws IOException {
    FileSystem fs = file.getFileSystem(conf);
    try (DataOutputStream out = new DataOutputStream(new java.io.BufferedOutputStream(fs.create(file, true), 1 << 16))) {
      out.writeInt(rows.length);
      out.writeInt(k);
      for (int r : rows) {
        out.writeUTF(ids[r]);
        for (int j = 0; j < k; j++) out.writeDouble(factors[r * k + j]);
      }
    }
  }

  /** Visits every factor sent to one block (all files in its exchange folder). */
  static void readExchange(Configuration conf, Path folder, Visitor visitor) throws IOException {
    FileSystem fs = folder.getFileSystem(conf);
    if (!fs.exists(folder)) return;
    for (FileStatus f : fs.listStatus(folder)) {
      try (DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(fs.open(f.getPath()), 1 << 16))) {
        int n = in.readInt();
        int k = in.readInt();
        double[] x = new double[k];
        for (int i = 0; i < n; i++) {
          String id = in.readUTF();
          for (int j = 0; j < k; j++) x[j] = in.readDouble();
          visitor.visit(id, x, k);
        }
      }
    }
  }
}
