package org.shardtrain.formats;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.shardtrain.core.io.RecordFormat;

/** Opens point files by format, and lists the data files of an input the way every engine does. */
public final class PointSources {
  private PointSources() {}

  public static PointSource open(Configuration conf, Path file, RecordFormat format, long start, long length)
      throws IOException {
    return switch (format) {
      case AVRO -> new AvroPointSource(conf, file, start, length);
      case CSV, TSV -> new TextPointSource(conf, file, format, start, length);
      case LIBSVM -> throw new IllegalArgumentException(
          "k-means reads dense points: use --format csv, tsv or avro (LIBSVM is for labelled examples)");
    };
  }

  /** Labelled examples: Avro {@code LabeledExample} files or LIBSVM text. */
  public static ExampleSource openExamples(Configuration conf, Path file, RecordFormat format, long start, long length)
      throws IOException {
    return switch (format) {
      case AVRO -> new AvroExampleSource(conf, file, start, length);
      case LIBSVM -> new LibsvmExampleSource(conf, file, start, length);
      case CSV, TSV -> throw new IllegalArgumentException(
          "labelled examples are read from --format libsvm or avro (import csv/tsv examples as libsvm first)");
    };
  }

  /** Ratings: Avro {@code Rating} files or TSV/CSV text. */
  public static RatingSource openRatings(Configuration conf, Path file, RecordFormat format, long start, long length)
      throws IOException {
    return switch (format) {
      case AVRO -> new AvroRatingSource(conf, file, start, length);
      case TSV, CSV -> new TextRatingSource(conf, file, format, start, length);
      case LIBSVM -> throw new IllegalArgumentException("ratings are read from --format avro, tsv or csv");
    };
  }

  /**
   * The data files of comma-separated input paths: files as given, and the files directly inside given
   * directories, skipping hidden files (names starting with _ or .) and subdirectories (such as rejects/).
   * Sorted, so that every engine and every run sees them in the same order.
   */
  public static List<FileStatus> listDataFiles(Configuration conf, String inputs) throws IOException {
    List<FileStatus> out = new ArrayList<>();
    for (String part : inputs.split(",")) {
      if (part.isBlank()) continue;
      Path p = new Path(part.trim());
      FileSystem fs = p.getFileSystem(conf);
      FileStatus[] matches = fs.globStatus(p);
      if (matches == null || matches.length == 0) {
        throw new java.io.FileNotFoundException("input " + p + " does not exist");
      }
      for (FileStatus st : matches) {
        if (st.isDirectory()) {
          for (FileStatus child : fs.listStatus(st.getPath())) {
            if (child.isFile() && !hidden(child.getPath())) out.add(child);
          }
        } else {
          out.add(st);
        }
      }
    }
    out.sort(Comparator.comparing(s -> s.getPath().toString()));
    return out;
  }

  private static boolean hidden(Path p) {
    String n = p.getName();
    return n.startsWith("_") || n.startsWith(".");
  }
}
