package org.shardtrain.yarn.am;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.hadoop.mapreduce.lib.input.FileSplit;
import org.shardtrain.formats.input.PointInputFormat;
import org.shardtrain.yarn.protocol.SlotSplits;
import org.shardtrain.yarn.protocol.Split;
import org.shardtrain.yarn.protocol.SplitPlan;

/**
 * Which input splits each worker holds: splits as MapReduce would cut them (the same input listing and
 * split rule, {@code DataFileInputFormat}), dealt largest first to the worker with the fewest bytes; each
 * worker's preferred nodes are those that store most of its bytes (its container is asked for there).
 */
public final class ShardPlan {
  /** A byte range of one file. */
  public record Shard(String path, long start, long length) {
    /** As a MapReduce input split (what the input formats read). */
    public org.apache.hadoop.mapreduce.lib.input.FileSplit split() {
      return new org.apache.hadoop.mapreduce.lib.input.FileSplit(new org.apache.hadoop.fs.Path(path), start, length, null);
    }
  }

  /** The shards as the input splits a {@link org.shardtrain.formats.input.ShardReader} reads. */
  public static List<org.apache.hadoop.mapreduce.lib.input.FileSplit> splits(List<Shard> shards) {
    return shards.stream().map(Shard::split).toList();
  }

  private final List<List<Shard>> shards;
  private final List<Map<String, Long>> localBytes;

  private ShardPlan(List<List<Shard>> shards, List<Map<String, Long>> localBytes) {
    this.shards = shards;
    this.localBytes = localBytes;
  }

  public static ShardPlan of(Configuration conf, String inputs, int workers) throws IOException {
    double[] equal = new double[workers];
    Arrays.fill(equal, 1);
    return of(conf, inputs, equal);
  }

  /**
   * Splits dealt by throughput: each split, largest first, goes to the worker that would finish its bytes
   * soonest, (bytes + split) / weight, so a worker ten times faster gets about ten times the data and no
   * pass waits long on the slowest. A weight that is not positive counts as the smallest positive one.
   */
  public static ShardPlan of(Configuration conf, String inputs, double[] weights) throws IOException {
    int workers = weights.length;
    Job job = Job.getInstance(new Configuration(conf));
    FileInputFormat.setInputPaths(job, inputs);
    List<InputSplit> splits = new PointInputFormat().getSplits(job);
    List<FileSplit> files = new ArrayList<>();
    for (InputSplit s : splits) files.add((FileSplit) s);
    files.sort(Comparator.comparingLong(FileSplit::getLength).reversed()
        .thenComparing(s -> s.getPath().toString()).thenComparingLong(FileSplit::getStart));
    List<List<Shard>> shards = new ArrayList<>();
    List<Map<String, Long>> local = new ArrayList<>();
    long[] bytes = new long[workers];
    for (int i = 0; i < workers; i++) {
      shards.add(new ArrayList<>());
      local.add(new HashMap<>());
    }
    double[] speed = usable(weights);
    for (FileSplit s : files) {
      int w = 0;
      for (int i = 1; i < workers; i++) {
        if ((bytes[i] + s.getLength()) / speed[i] < (bytes[w] + s.getLength()) / speed[w]) w = i;
      }
      bytes[w] += s.getLength();
      shards.get(w).add(new Shard(s.getPath().toString(), s.getStart(), s.getLength()));
      for (String host : s.getLocations()) local.get(w).merge(host, s.getLength(), Long::sum);
    }
    return new ShardPlan(shards, local);
  }

  private static double[] usable(double[] weights) {
    double smallest = Double.POSITIVE_INFINITY;
    for (double w : weights) if (w > 0 && w < smallest) smallest = w;
    double[] out = new double[weights.length];
    for (int i = 0; i < weights.length; i++) {
      out[i] = weights[i] > 0 && Double.isFinite(weights[i]) ? weights[i] : (Double.isFinite(smallest) ? smallest : 1);
    }
    return out;
  }

  /** Bytes of input each worker holds, by slot. */
  public long[] bytes() {
    long[] b = new long[shards.size()];
    for (int w = 0; w < b.length; w++) for (Shard s : shards.get(w)) b[w] += s.length();
    return b;
  }

  /**
   * A plan from a checkpoint's {@link #assignment()}: the same splits on the same workers, with the nodes
   * that hold each split's bytes looked up afresh (blocks may have moved since).
   */
  public static ShardPlan restore(Configuration conf, List<String> assignment, int workers) throws IOException {
    List<List<Shard>> shards = new ArrayList<>();
    List<Map<String, Long>> local = new ArrayList<>();
    for (int i = 0; i < workers; i++) {
      shards.add(new ArrayList<>());
      local.add(new HashMap<>());
    }
    for (String line : assignment) {
      String[] f = line.split("\t");
      if (f.length != 4) throw new IOException("malformed shard assignment '" + line + "' in the checkpoint");
      int w = Integer.parseInt(f[0]);
      if (w < 0 || w >= workers) throw new IOException("the checkpoint's assignment names worker " + w + " of " + workers);
      Shard s = new Shard(f[1], Long.parseLong(f[2]), Long.parseLong(f[3]));
      shards.get(w).add(s);
      org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(s.path());
      org.apache.hadoop.fs.FileSystem fs = path.getFileSystem(conf);
      for (org.apache.hadoop.fs.BlockLocation b : fs.getFileBlockLocations(fs.getFileStatus(path), s.start(), s.length())) {
        long overlap = Math.min(b.getOffset() + b.getLength(), s.start() + s.length()) - Math.max(b.getOffset(), s.start());
        for (String host : b.getHosts()) local.get(w).merge(host, Math.max(0, overlap), Long::sum);
      }
    }
    return new ShardPlan(shards, local);
  }

  /** One {@code worker TAB path TAB start TAB length} per split, for checkpoints (see {@link #restore}). */
  public List<String> assignment() {
    List<String> out = new ArrayList<>();
    for (int w = 0; w < shards.size(); w++) {
      for (Shard s : shards.get(w)) out.add(w + "\t" + s.path() + "\t" + s.start() + "\t" + s.length());
    }
    return out;
  }

  public int workers() { return shards.size(); }

  public List<Shard> shards(int worker) { return shards.get(worker); }

  /** Nodes holding the most of this worker's bytes, best first (at most three). */
  public String[] preferredNodes(int worker) {
    return localBytes.get(worker).entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
        .limit(3).map(Map.Entry::getKey).toArray(String[]::new);
  }

  /** Bytes of this worker's splits stored on {@code node}. */
  public long localBytes(int worker, String node) { return localBytes.get(worker).getOrDefault(node, 0L); }

  /** Every worker's shards, for a load command (each worker picks its own). */
  public SplitPlan message() {
    List<SlotSplits> slots = new ArrayList<>();
    for (List<Shard> list : shards) {
      List<Split> splits = new ArrayList<>();
      for (Shard s : list) splits.add(new Split(s.path(), s.start(), s.length()));
      slots.add(new SlotSplits(splits));
    }
    return new SplitPlan(slots);
  }

  /** The shards of {@code worker} in a load command's plan; null for no plan (no separate test input). */
  public static List<Shard> shardsOf(SplitPlan plan, int worker) {
    if (plan == null) return null;
    List<Shard> mine = new ArrayList<>();
    for (Split s : plan.getSlots().get(worker).getSplits()) mine.add(new Shard(s.getPath(), s.getStart(), s.getLength()));
    return mine;
  }

  @Override
  public String toString() { return Arrays.toString(shards.toArray()); }
}
