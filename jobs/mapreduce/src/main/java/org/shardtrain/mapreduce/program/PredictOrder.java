package org.shardtrain.mapreduce.program;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapreduce.TaskInputOutputContext;
import org.apache.hadoop.mapreduce.lib.input.FileSplit;
import org.apache.hadoop.mapreduce.lib.output.FileOutputFormat;

/**
 * Keeps {@code predict}'s part files in input order now that one file is read in many splits. Hadoop numbers
 * map tasks after sorting the splits by size, biggest first ({@code JobSubmitter}), so {@code part-m-00000} is
 * the largest split, not the first. Each map task records the split it read beside its part file
 * ({@code _split-m-NNNNN}: path TAB start), and the driver renames the parts by their split's place in the
 * input: the order every engine lists the files in, then the offset in the file.
 */
public final class PredictOrder {
  private static final String MARK = "_split-";

  private PredictOrder() {}

  /** Called by a predict mapper's setup: which split this task's part file holds. */
  public static void record(TaskInputOutputContext<?, ?, ?, ?> context) throws IOException, InterruptedException {
    FileSplit split = (FileSplit) ((org.apache.hadoop.mapreduce.MapContext<?, ?, ?, ?>) context).getInputSplit();
    Path dir = FileOutputFormat.getWorkOutputPath(context);
    String name = String.format("%sm-%05d", MARK, context.getTaskAttemptID().getTaskID().getId());
    try (OutputStream out = dir.getFileSystem(context.getConfiguration()).create(new Path(dir, name), true)) {
      out.write((split.getPath() + "\t" + split.getStart()).getBytes(StandardCharsets.UTF_8));
    }
  }

  /** Renames the job's {@code part-m-N} files in {@code work} to the input order of their splits. */
  public static void inInputOrder(Configuration conf, Path work, List<FileStatus> listing) throws IOException {
    FileSystem fs = work.getFileSystem(conf);
    Map<String, Integer> fileOrder = new HashMap<>();
    for (int i = 0; i < listing.size(); i++) fileOrder.put(listing.get(i).getPath().toString(), i);
    record Part(String task, int file, long start) {}
    List<Part> parts = new ArrayList<>();
    for (FileStatus mark : fs.listStatus(work, p -> p.getName().startsWith(MARK))) {
      String[] f;
      try (var in = fs.open(mark.getPath())) {
        f = new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\t");
      }
      Integer file = fileOrder.get(fs.makeQualified(new Path(f[0])).toString());
      if (file == null) file = fileOrder.getOrDefault(f[0], Integer.MAX_VALUE);
      parts.add(new Part(mark.getPath().getName().substring(MARK.length()), file, Long.parseLong(f[1])));
      fs.delete(mark.getPath(), false);
    }
    parts.sort(Comparator.comparingInt(Part::file).thenComparingLong(Part::start));
    // Two steps, so that no rename lands on a part not yet moved.
    for (Part p : parts) rename(fs, new Path(work, "part-" + p.task()), new Path(work, "ordered-" + p.task()));
    for (int i = 0; i < parts.size(); i++) {
      rename(fs, new Path(work, "ordered-" + parts.get(i).task()), new Path(work, String.format("part-m-%05d", i)));
    }
  }

  private static void rename(FileSystem fs, Path from, Path to) throws IOException {
    if (fs.exists(from) && !fs.rename(from, to)) throw new IOException("cannot move " + from + " to " + to);
  }
}
