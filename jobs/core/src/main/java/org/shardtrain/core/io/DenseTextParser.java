package org.shardtrain.core.io;

/**
 * Parses one line of delimited numbers (CSV or TSV) into a reused primitive buffer, without
 * allocating per value: the map side of k-means reads millions of these per iteration.
 */
public final class DenseTextParser {
  private final char delimiter;
  private double[] buffer = new double[16];

  public DenseTextParser(RecordFormat format) {
    this.delimiter = switch (format) {
      case CSV -> ',';
      case TSV -> '\t';
      default -> throw new IllegalArgumentException(format + " is not a dense text format");
    };
  }

  /** The values of the last parsed line; valid up to the count that {@link #parse} returned. */
  public double[] values() { return buffer; }

  /**
   * Parses {@code line[from, to)}; returns the number of values. Spaces around values are allowed;
   * empty fields, non-numbers, NaN and infinities are rejected with the column that holds them.
   */
  public int parse(CharSequence line) throws RecordParseException {
    TextEncoding.refuseByteOrderMark(line);
    try {
      return parseValues(line);
    } catch (RecordParseException e) {
      throw TextEncoding.explain(line, e);
    }
  }

  private int parseValues(CharSequence line) throws RecordParseException {
    int n = 0;
    int len = line.length();
    if (len == 0 || line.toString().isBlank()) throw new RecordParseException("empty line");
    int start = 0;
    while (start <= len) {
      int end = start;
      while (end < len && line.charAt(end) != delimiter) end++;
      double v = parseField(line, start, end, n + 1);
      if (n == buffer.length) buffer = java.util.Arrays.copyOf(buffer, n * 2);
      buffer[n++] = v;
      start = end + 1;
    }
    return n;
  }

  private static double parseField(CharSequence line, int start, int end, int column) throws RecordParseException {
    while (start < end && Character.isWhitespace(line.charAt(start))) start++;
    while (end > start && Character.isWhitespace(line.charAt(end - 1))) end--;
    if (start == end) throw new RecordParseException("column " + column + " is empty");
    String text = line.subSequence(start, end).toString();
    double v;
    try {
      v = Double.parseDouble(text);
    } catch (NumberFormatException e) {
      throw new RecordParseException("column " + column + " is not a number: '" + abbreviate(text) + "'");
    }
    if (!Double.isFinite(v)) throw new RecordParseException("column " + column + " is not finite: '" + abbreviate(text) + "'");
    return v;
  }

  static String abbreviate(String s) {
    return s.length() <= 40 ? s : s.substring(0, 37) + "...";
  }
}
