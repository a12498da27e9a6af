package org.shardtrain.mapreduce.als;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.io.SequenceFile;
import org.apache.hadoop.io.Text;
import org.shardtrain.core.als.InitialFactors;
import org.shardtrain.core.als.NormalEquation;
import org.shardtrain.formats.AlsValue;

/**
 * The other side's factors a task holds while it solves rows: one flat array of count × k doubles and an ID
 * index. A broadcast half-step's map task reads all of them from its local copies of the factor files
 * (Hadoop's distributed cache; the driver ships them only when {@link #bytes} fits {@code --broadcast-mb}); a
 * blocked half-step's reducer holds only those its block's rows rate, as the shuffle delivered them
 * ({@link BlockSolveReducer}).
 *
 * <p>Which IDs: the factor files' when they are solved factors (one per rated ID); when the half-step starts
 * from seeded or warm-start factors, the side's rated IDs (the {@code ids} files), each with its file factor
 * or its {@link InitialFactors} — the same factors the join would have made.
 */
final class FactorIndex {
  /** Heap per factor beyond its k doubles: hash map node and table slot, the ID string, the boxed index. */
  static final long OVERHEAD_BYTES = 120;

  private final int k;
  private final Map<String, Integer> index = new HashMap<>();
  private double[] values;
  private int count;

  private FactorIndex(int k) {
    this.k = k;
    this.values = new double[16 * k];
  }

  /** The memory {@code count} factors of rank {@code k} take in a task. */
  static long bytes(long count, int k) { return count * (8L * k + OVERHEAD_BYTES); }

  /**
   * {@code factorFiles}: SequenceFiles id → factor; {@code idFiles}: the rated IDs (null: every ID of the
   * factor files). An ID of the list without a file factor gets its seeded one.
   */
  static FactorIndex load(Configuration conf, List<Path> factorFiles, List<Path> idFiles, int k, long seed)
      throws IOException {
    FactorIndex f = new FactorIndex(k);
    Text id = new Text();
    AlsValue v = new AlsValue();
    if (idFiles == null) {
      for (Path p : sorted(factorFiles)) {
        try (SequenceFile.Reader r = new SequenceFile.Reader(conf, SequenceFile.Reader.file(p))) {
          while (r.next(id, v)) f.put(id.toString(), v.vector(), v.size());
        }
      }
      return f;
    }
    Map<String, double[]> given = new HashMap<>();
    for (Path p : sorted(factorFiles)) {
      try (SequenceFile.Reader r = new SequenceFile.Reader(conf, SequenceFile.Reader.file(p))) {
        while (r.next(id, v)) given.put(id.toString(), v.vectorCopy());
      }
    }
    for (Path p : sorted(idFiles)) {
      try (SequenceFile.Reader r = new SequenceFile.Reader(conf, SequenceFile.Reader.file(p))) {
        while (r.next(id, NullWritable.get())) {
          String s = id.toString();
          double[] y = given.get(s);
          if (y == null) y = InitialFactors.of(seed, s, k);
          f.put(s, y, y.length);
        }
      }
    }
    return f;
  }

  private static List<Path> sorted(List<Path> files) {
    List<Path> out = new ArrayList<>(files);
    out.sort(Comparator.comparing(Path::getName));
    return out;
  }

  /** An empty index, filled with {@link #put}. */
  static FactorIndex empty(int k) { return new FactorIndex(k); }

  void put(String id, double[] y, int size) {
    if (size != k) throw new IllegalStateException("factor of " + id + " has " + size + " values, rank is " + k);
    if ((long) (count + 1) * k > Integer.MAX_VALUE - 8) throw new IllegalStateException("too many factors to broadcast");
    if ((count + 1) * k > values.length) values = Arrays.copyOf(values, Math.max((count + 1) * k, 2 * values.length));
    System.arraycopy(y, 0, values, count * k, k);
    if (index.putIfAbsent(id, count) != null) throw new IllegalStateException("two factors for " + id);
    count++;
  }

  int count() { return count; }

  /** The flat factors; the factor of an ID starts at {@link #offset}. */
  double[] values() { return values; }

  /** Where {@code id}'s factor starts in {@link #values}, or −1. */
  int offset(String id) {
    Integer i = index.get(id);
    return i == null ? -1 : i * k;
  }

  /** YᵀY over the factors held (implicit feedback), packed as {@link NormalEquation} keeps it. */
  double[] packedGram() {
    NormalEquation gram = new NormalEquation(k);
    for (int i = 0; i < count; i++) gram.add(values, i * k, 0, 1);
    return gram.packedLhs();
  }
}
