package org.shardtrain.core.io;

import java.util.Arrays;

/**
 * Parses a LIBSVM line {@code label idx:val idx:val ...} (1-based, strictly increasing indices up to
 * 2^31-1) into a label and reused 0-based index and value buffers; no allocation per feature.
 */
public final class LibsvmParser {
  private int[] indices = new int[16];
  private double[] values = new double[16];
  private double label;

  public double label() { return label; }
  /** 0-based feature indices of the last parsed line. */
  public int[] indices() { return indices; }
  public double[] values() { return values; }

  /** Returns the number of features on the line. */
  public int parse(CharSequence line) throws RecordParseException {
    TextEncoding.refuseByteOrderMark(line);
    try {
      return parseFeatures(line);
    } catch (RecordParseException e) {
      throw TextEncoding.explain(line, e);
    }
  }

  private int parseFeatures(CharSequence line) throws RecordParseException {
    String s = line.toString().trim();
    if (s.isEmpty()) throw new RecordParseException("empty line");
    String[] tokens = s.split("\\s+");
    try {
      label = Double.parseDouble(tokens[0]);
    } catch (NumberFormatException e) {
      throw new RecordParseException("label is not a number: '" + DenseTextParser.abbreviate(tokens[0]) + "'");
    }
    if (!Double.isFinite(label)) throw new RecordParseException("label is not finite");
    int n = 0;
    long previous = 0;
    for (int t = 1; t < tokens.length; t++) {
      String tok = tokens[t];
      int colon = tok.indexOf(':');
      if (colon <= 0) throw new RecordParseException("feature " + t + " is not index:value: '" + DenseTextParser.abbreviate(tok) + "'");
      long index;
      double value;
      try {
        index = Long.parseLong(tok.substring(0, colon));
      } catch (NumberFormatException e) {
        throw new RecordParseException("feature " + t + " has a non-integer index: '" + DenseTextParser.abbreviate(tok) + "'");
      }
      if (index < 1 || index > Integer.MAX_VALUE) {
        throw new RecordParseException("feature " + t + " index " + index + " is outside 1.." + Integer.MAX_VALUE);
      }
      if (index <= previous) {
        throw new RecordParseException("feature " + t + " index " + index + " does not increase (previous " + previous + ")");
      }
      try {
        value = Double.parseDouble(tok.substring(colon + 1));
      } catch (NumberFormatException e) {
        throw new RecordParseException("feature " + t + " value is not a number: '" + DenseTextParser.abbreviate(tok) + "'");
      }
      if (!Double.isFinite(value)) throw new RecordParseException("feature " + t + " value is not finite");
      if (n == indices.length) {
        indices = Arrays.copyOf(indices, n * 2);
        values = Arrays.copyOf(values, n * 2);
      }
      indices[n] = (int) (index - 1);
      values[n] = value;
      n++;
      previous = index;
    }
    return n;
  }
}
