package org.shardtrain.formats;

import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.shardtrain.core.io.RatingParser;
import org.shardtrain.core.io.RecordFormat;
import org.shardtrain.core.io.RecordParseException;

/** Ratings from one split of a TSV or CSV file, each with its exact line number ({@link NumberedLines}). */
public final class TextRatingSource implements RatingSource {
  private final NumberedLines lines;
  private final RatingParser parser;
  private String error;

  public TextRatingSource(Configuration conf, Path path, RecordFormat format, long start, long length)
      throws IOException {
    this.lines = new NumberedLines(conf, path, start, length);
    this.parser = new RatingParser(format);
  }

  @Override
  public boolean next() throws IOException {
    if (!lines.next()) return false;
    if (lines.tooLong()) {
      error = lines.tooLongReason();
      return true;
    }
    try {
      parser.parse(lines.line().toString());
      error = null;
    } catch (RecordParseException e) {
      error = e.getMessage();
    }
    return true;
  }

  @Override public String user() { return parser.user(); }
  @Override public String item() { return parser.item(); }
  @Override public double rating() { return parser.rating(); }
  @Override public String error() { return error; }
  @Override public String raw() { return lines.line().toString(); }
  @Override public String position() { return lines.position(); }
  @Override public String file() { return lines.file(); }
  @Override public float progress() throws IOException { return lines.progress(); }
  @Override public void close() throws IOException { lines.close(); }
}
