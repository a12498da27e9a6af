package org.shardtrain.formats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.compress.BZip2Codec;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.GzipCodec;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.hadoop.mapreduce.lib.input.FileSplit;
import org.apache.hadoop.util.ReflectionUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shardtrain.core.io.BadInputFileException;
import org.shardtrain.core.io.RecordFormat;
import org.shardtrain.core.param.RunParams;
import org.shardtrain.formats.input.PointInputFormat;

/**
 * Text files read split by split: every non-empty line is read exactly once, by the split where it starts,
 * with its exact line number — compared with the file cut into lines by {@code String.split}, for plain
 * files cut at every kind of offset (inside a line, on a newline, on a line's first byte, inside a CRLF) and
 * bzip2 files cut across compressed blocks.
 */
class NumberedLinesTest {
  @TempDir java.nio.file.Path tmp;
  final Configuration conf = new Configuration();

  /** Lines of random lengths, some empty, some ending in CRLF, the last one without a newline. */
  static String text(int lines, long seed) {
    Random r = new Random(seed);
    StringBuilder b = new StringBuilder();
    for (int i = 1; i <= lines; i++) {
      if (r.nextInt(10) == 0) {
        b.append(r.nextBoolean() ? "\n" : "\r\n");
        continue;
      }
      b.append(i);
      int extra = r.nextInt(40);
      for (int j = 0; j < extra; j++) b.append(',').append(r.nextInt(1000));
      if (i < lines) b.append(r.nextInt(5) == 0 ? "\r\n" : "\n");
    }
    return b.toString();
  }

  /** The reference: (line number, text) of every non-empty line. */
  static List<String> expected(String text) {
    List<String> out = new ArrayList<>();
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String l = lines[i].endsWith("\r") ? lines[i].substring(0, lines[i].length() - 1) : lines[i];
      if (!l.isEmpty()) out.add((i + 1) + ":" + l);
    }
    return out;
  }

  List<String> readSplits(Path file, long fileLength, long splitSize) throws IOException {
    List<String> out = new ArrayList<>();
    for (long start = 0; start < fileLength; start += splitSize) {
      try (NumberedLines lines = new NumberedLines(conf, file, start, Math.min(splitSize, fileLength - start))) {
        while (lines.next()) out.add(lines.number() + ":" + lines.line());
      }
    }
    return out;
  }

  Path write(String name, String text, CompressionCodec codec) throws IOException {
    java.nio.file.Path p = tmp.resolve(name);
    try (OutputStream raw = Files.newOutputStream(p);
         OutputStream out = codec == null ? raw : codec.createOutputStream(raw)) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
    return new Path(p.toUri());
  }

  @Test
  void plainFileCutAnywhereGivesEveryLineOnceWithItsNumber() throws IOException {
    String text = text(400, 1);
    Path file = write("points.csv", text, null);
    long length = Files.size(tmp.resolve("points.csv"));
    List<String> want = expected(text);
    for (long size : new long[] {1, 2, 3, 7, 64, 100, 1000, 4096, length - 1, length, length * 2}) {
      assertEquals(want, readSplits(file, length, size), "split size " + size);
    }
  }

  @Test
  void splitBoundaryOnTheFirstByteOfALineOrInsideACrlf() throws IOException {
    String text = "1,1\r\n2,2\n\n4,4\r\n5,5";
    Path file = write("edges.csv", text, null);
    List<String> want = expected(text);
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    // Every two-split cut: the line starting at the cut, and a cut between \r and \n.
    for (int cut = 1; cut < bytes.length; cut++) {
      List<String> got = new ArrayList<>();
      for (long[] s : new long[][] {{0, cut}, {cut, bytes.length - cut}}) {
        try (NumberedLines lines = new NumberedLines(conf, file, s[0], s[1])) {
          while (lines.next()) got.add(lines.number() + ":" + lines.line());
        }
      }
      assertEquals(want, got, "cut at byte " + cut);
    }
  }

  @Test
  void bzip2SplitsAcrossCompressedBlocks() throws IOException {
    // Over 900 kB of text makes several bzip2 blocks (at most 900 kB each).
    String text = text(30_000, 2);
    BZip2Codec codec = ReflectionUtils.newInstance(BZip2Codec.class, conf);
    Path file = write("points.csv.bz2", text, codec);
    long length = Files.size(tmp.resolve("points.csv.bz2"));
    assertTrue(text.length() > 2_000_000, "several blocks: " + text.length() + " bytes");
    List<String> want = expected(text);
    assertEquals(want, readSplits(file, length, length));
    assertEquals(want, readSplits(file, length, length / 7 + 1));
    assertEquals(want, readSplits(file, length, 50_000));

    byte[] whole = Files.readAllBytes(tmp.resolve("points.csv.bz2"));
    Files.write(tmp.resolve("cut.csv.bz2"), java.util.Arrays.copyOf(whole, whole.length * 2 / 3));
    Path cut = new Path(tmp.resolve("cut.csv.bz2").toUri());
    BadInputFileException e = assertThrows(BadInputFileException.class, () -> readSplits(cut, whole.length * 2 / 3, whole.length));
    assertTrue(e.getMessage().startsWith(cut + ": truncated .bz2 file (it ends inside compressed data, after line "),
        e.getMessage());
  }

  @Test
  void gzipIsReadWholeAndACutCopyIsOneErrorLine() throws IOException {
    String text = text(20_000, 3);
    GzipCodec codec = ReflectionUtils.newInstance(GzipCodec.class, conf);
    Path file = write("points.csv.gz", text, codec);
    long length = Files.size(tmp.resolve("points.csv.gz"));
    assertEquals(expected(text), readSplits(file, length, length));

    byte[] whole = Files.readAllBytes(tmp.resolve("points.csv.gz"));
    Files.write(tmp.resolve("cut.csv.gz"), java.util.Arrays.copyOf(whole, whole.length / 2));
    Path cut = new Path(tmp.resolve("cut.csv.gz").toUri());
    BadInputFileException e = assertThrows(BadInputFileException.class, () -> readSplits(cut, whole.length / 2, whole.length));
    assertTrue(e.getMessage().startsWith(cut + ": truncated .gz file (it ends inside compressed data, after line "),
        e.getMessage());
    assertEquals(1, e.getMessage().lines().count(), e.getMessage());
  }

  @Test
  void aZstdFileWithoutHadoopsNativeLibraryIsOneLineNamingIt() throws IOException {
    org.junit.jupiter.api.Assumptions.assumeFalse(org.apache.hadoop.util.NativeCodeLoader.isNativeCodeLoaded(),
        "this JVM has Hadoop's native library: .zst may be readable here");
    Path file = write("points.csv.zst", "not really zstd\n", null);
    BadInputFileException e = assertThrows(BadInputFileException.class, () -> new NumberedLines(conf, file).close());
    assertTrue(e.getMessage().startsWith(file + ": .zst files cannot be decompressed by this JVM ("), e.getMessage());
    assertEquals(1, e.getMessage().lines().count(), e.getMessage());
  }

  @Test
  void splitsAsTheInputFormatsCutThem() throws Exception {
    String text = text(20_000, 4);
    write("a.csv", text, null);
    write("b.csv.gz", text, ReflectionUtils.newInstance(GzipCodec.class, conf));
    write("c.csv.bz2", text, ReflectionUtils.newInstance(BZip2Codec.class, conf));
    Job job = Job.getInstance(new Configuration(conf));
    RunParams.FORMAT.write(job.getConfiguration()::set, RecordFormat.CSV);
    FileInputFormat.setInputPaths(job, new Path(tmp.toUri()));
    FileInputFormat.setMaxInputSplitSize(job, 64 * 1024);
    List<InputSplit> splits = new PointInputFormat().getSplits(job);
    long plain = Files.size(tmp.resolve("a.csv"));
    long bz2 = Files.size(tmp.resolve("c.csv.bz2"));
    int perFile = (int) ((plain + 65535) / 65536);
    long gz = splits.stream().filter(s -> ((FileSplit) s).getPath().getName().endsWith(".gz")).count();
    long bz = splits.stream().filter(s -> ((FileSplit) s).getPath().getName().endsWith(".bz2")).count();
    long csv = splits.stream().filter(s -> ((FileSplit) s).getPath().getName().endsWith(".csv")).count();
    assertEquals(1, gz, "a gzip file is one split");
    assertTrue(bz > 1 && Math.abs(bz - (bz2 + 65535) / 65536) <= 1, bz + " splits of a bzip2 file of " + bz2 + " bytes");
    assertTrue(Math.abs(csv - perFile) <= 1, csv + " splits of a plain file, about " + perFile);
    // Read through the splits as a task would: the same lines as the file has, for each file.
    for (String name : new String[] {"a.csv", "b.csv.gz", "c.csv.bz2"}) {
      List<String> got = new ArrayList<>();
      for (InputSplit s : splits) {
        FileSplit f = (FileSplit) s;
        if (!f.getPath().getName().equals(name)) continue;
        try (NumberedLines lines = new NumberedLines(conf, f.getPath(), f.getStart(), f.getLength())) {
          while (lines.next()) got.add(lines.number() + ":" + lines.line());
        }
      }
      assertEquals(expected(text), got, name);
    }
  }
}
