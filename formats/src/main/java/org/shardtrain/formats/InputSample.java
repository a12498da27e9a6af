package org.shardtrain.formats;

import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.shardtrain.core.io.RecordFormat;

/**
 * What the head of an input says about all of it, read before any container starts so the ApplicationMaster
 * can estimate a worker's heap: records per input byte, and per record the values (points), non-zeros
 * (examples) or distinct users and items (ratings). It reads the first data file's first records — up to
 * {@link #MAX_RECORDS} or {@link #MAX_BYTES} of it — through the same sources the workers use, so a
 * compressed or Avro file is measured in the bytes it occupies on disk.
 *
 * <p>An estimate, not a count: a file whose head differs from its body (sorted by size, say) misleads it.
 * It is used only to refuse runs that clearly cannot fit.
 */
public final class InputSample {
  static final int MAX_RECORDS = 20_000;
  static final long MAX_BYTES = 8L << 20;

  /** What was read: records, the bytes of file they took, and per-record figures. */
  public record Figures(long records, long bytes, double valuesPerRecord, int maxFeature, long distinctUsers,
                        long distinctItems) {
    /** Records per byte of input as stored (0 when nothing was read). */
    public double recordsPerByte() { return bytes == 0 ? 0 : records / (double) bytes; }
  }

  public enum Kind { POINTS, EXAMPLES, RATINGS }

  private InputSample() {}

  public static Figures of(Configuration conf, String inputs, RecordFormat format, Kind kind) throws IOException {
    List<FileStatus> files = PointSources.listDataFiles(conf, inputs);
    for (FileStatus f : files) {
      if (f.getLen() == 0) continue;
      return switch (kind) {
        case POINTS -> points(conf, f, format);
        case EXAMPLES -> examples(conf, f, format);
        case RATINGS -> ratings(conf, f, format);
      };
    }
    return new Figures(0, 0, 0, 0, 0, 0);
  }

  /** The bytes of the file the source has consumed: all of it at its end, else its progress through it. */
  private static long consumed(FileStatus f, float progress, boolean ended) {
    return ended ? f.getLen() : Math.max(1, (long) (progress * (double) f.getLen()));
  }

  private static Figures points(Configuration conf, FileStatus f, RecordFormat format) throws IOException {
    try (PointSource s = PointSources.open(conf, f.getPath(), format, 0, f.getLen())) {
      long records = 0;
      long values = 0;
      boolean more;
      while ((more = s.next()) && records < MAX_RECORDS && s.progress() * (double) f.getLen() < MAX_BYTES) {
        records++;
        if (s.error() == null) values += s.vector().size();
      }
      return new Figures(records, consumed(f, s.progress(), !more), records == 0 ? 0 : values / (double) records,
          0, 0, 0);
    }
  }

  private static Figures examples(Configuration conf, FileStatus f, RecordFormat format) throws IOException {
    try (ExampleSource s = PointSources.openExamples(conf, f.getPath(), format, 0, f.getLen())) {
      long records = 0;
      long nonZeros = 0;
      int maxFeature = 0;
      boolean more;
      while ((more = s.next()) && records < MAX_RECORDS && s.progress() * (double) f.getLen() < MAX_BYTES) {
        records++;
        if (s.error() != null) continue;
        nonZeros += s.size();
        if (s.size() > 0) maxFeature = Math.max(maxFeature, s.indices()[s.size() - 1] + 1);
      }
      return new Figures(records, consumed(f, s.progress(), !more),
          records == 0 ? 0 : nonZeros / (double) records, maxFeature, 0, 0);
    }
  }

  private static Figures ratings(Configuration conf, FileStatus f, RecordFormat format) throws IOException {
    try (RatingSource s = PointSources.openRatings(conf, f.getPath(), format, 0, f.getLen())) {
      long records = 0;
      Set<String> users = new HashSet<>();
      Set<String> items = new HashSet<>();
      boolean more;
      while ((more = s.next()) && records < MAX_RECORDS && s.progress() * (double) f.getLen() < MAX_BYTES) {
        records++;
        if (s.error() != null) continue;
        users.add(s.user());
        items.add(s.item());
      }
      return new Figures(records, consumed(f, s.progress(), !more), 3, 0, users.size(), items.size());
    }
  }
}
