package org.shardtrain.mapreduce.testing;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.compress.BZip2Codec;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.GzipCodec;
import org.apache.hadoop.util.ReflectionUtils;

/**
 * Single large text inputs, shaped as users have them (one CSV, not pre-sharded Avro), for tests of split
 * reading: dense points around a few centres, the same points as labelled LIBSVM examples, and ratings.
 */
public final class BigText {
  private BigText() {}

  /** {@code n} points of dimension {@code d} around 3 centres, one per line, 6 decimals per value. */
  public static Path points(Path file, int n, int d, long seed) throws IOException {
    SplittableRandom r = new SplittableRandom(seed);
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      for (int i = 0; i < n; i++) {
        int c = i % 3;
        StringBuilder b = new StringBuilder();
        for (int j = 0; j < d; j++) {
          if (j > 0) b.append(',');
          b.append(String.format(Locale.ROOT, "%.6f", 10.0 * c + (j % 3) + gaussian(r)));
        }
        w.write(b.append('\n').toString());
      }
    }
    return file;
  }

  /** {@code n} labelled examples (0/1) of {@code d} features in LIBSVM text, the label a noisy linear rule. */
  public static Path examples(Path file, int n, int d, long seed) throws IOException {
    SplittableRandom r = new SplittableRandom(seed);
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      for (int i = 0; i < n; i++) {
        double[] x = new double[d];
        double z = 0;
        for (int j = 0; j < d; j++) {
          x[j] = gaussian(r);
          z += (j % 2 == 0 ? 1 : -0.5) * x[j];
        }
        StringBuilder b = new StringBuilder(z + gaussian(r) > 0 ? "1" : "0");
        for (int j = 0; j < d; j++) b.append(' ').append(j + 1).append(':').append(String.format(Locale.ROOT, "%.5f", x[j]));
        w.write(b.append('\n').toString());
      }
    }
    return file;
  }

  /** {@code n} ratings (user TAB item TAB rating) of {@code users} × {@code items}, from a rank-3 taste model. */
  public static Path ratings(Path file, int n, int users, int items, long seed) throws IOException {
    SplittableRandom r = new SplittableRandom(seed);
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      for (int i = 0; i < n; i++) {
        int u = r.nextInt(users);
        int it = r.nextInt(items);
        double taste = 3 + Math.sin(u) * Math.cos(it) + 0.5 * Math.sin(2.0 * u + it) + 0.3 * gaussian(r);
        long stars = Math.max(1, Math.min(5, Math.round(taste)));
        w.write("u" + u + "\ti" + it + "\t" + stars + "\n");
      }
    }
    return file;
  }

  /** A gzip copy ({@code .gz}) of {@code file}. */
  public static Path gzip(Path file) throws IOException {
    return compress(file, Path.of(file + ".gz"), GzipCodec.class);
  }

  /** A bzip2 copy ({@code .bz2}) of {@code file}. */
  public static Path bzip2(Path file) throws IOException {
    return compress(file, Path.of(file + ".bz2"), BZip2Codec.class);
  }

  private static Path compress(Path from, Path to, Class<? extends CompressionCodec> codecClass) throws IOException {
    CompressionCodec codec = ReflectionUtils.newInstance(codecClass, new Configuration());
    try (OutputStream out = codec.createOutputStream(Files.newOutputStream(to))) {
      Files.copy(from, out);
    }
    return to;
  }

  /** Replaces line {@code number} (1-based) of {@code file} by {@code text}. */
  public static void replaceLine(Path file, long number, String text) throws IOException {
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    lines.set((int) (number - 1), text);
    Files.write(file, lines, StandardCharsets.UTF_8);
  }

  /** The 1-based number of the first line that starts at or after byte {@code offset} (as {@code grep -b}). */
  public static long lineStartingAfter(Path file, long offset) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    long line = 1;
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == '\n') {
        line++;
        if (i + 1 >= offset) return line;
      }
    }
    throw new IllegalArgumentException(file + " has no line after byte " + offset);
  }

  /** The 1-based numbers of the lines containing {@code text}, as {@code grep -n} finds them. */
  public static List<Long> grepN(Path file, String text) throws IOException {
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    List<Long> out = new java.util.ArrayList<>();
    for (int i = 0; i < lines.size(); i++) if (lines.get(i).contains(text)) out.add(i + 1L);
    return out;
  }

  private static double gaussian(SplittableRandom r) {
    double u = 1 - r.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r.nextDouble());
  }
}
