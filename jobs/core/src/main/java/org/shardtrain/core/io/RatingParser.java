package org.shardtrain.core.io;

/**
 * Parses a rating line {@code user item rating [timestamp]} separated by tabs (TSV) or commas (CSV).
 * IDs are kept as text so that 64-bit and string IDs are never truncated.
 */
public final class RatingParser {
  private final String delimiter;
  private String user;
  private String item;
  private double rating;

  public RatingParser(RecordFormat format) {
    this.delimiter = switch (format) {
      case CSV -> ",";
      case TSV -> "\t";
      default -> throw new IllegalArgumentException(format + " is not a ratings text format");
    };
  }

  public String user() { return user; }
  public String item() { return item; }
  public double rating() { return rating; }

  public void parse(CharSequence line) throws RecordParseException {
    // IDs are any text, so a BOM or NULs would otherwise become part of a user ID silently.
    TextEncoding.refuseByteOrderMark(line);
    try {
      parseFields(line);
    } catch (RecordParseException e) {
      throw TextEncoding.explain(line, e);
    }
    String problem = TextEncoding.problem(user);
    if (problem == null) problem = TextEncoding.problem(item);
    if (problem != null) throw new RecordParseException(problem);
  }

  private void parseFields(CharSequence line) throws RecordParseException {
    String[] f = line.toString().split(java.util.regex.Pattern.quote(delimiter), -1);
    if (f.length < 3 || f.length > 4) {
      throw new RecordParseException("expected user, item, rating [, timestamp]; found " + f.length + " fields");
    }
    user = f[0].trim();
    item = f[1].trim();
    if (user.isEmpty()) throw new RecordParseException("user id is empty");
    if (item.isEmpty()) throw new RecordParseException("item id is empty");
    try {
      rating = Double.parseDouble(f[2].trim());
    } catch (NumberFormatException e) {
      throw new RecordParseException("rating is not a number: '" + DenseTextParser.abbreviate(f[2]) + "'");
    }
    if (!Double.isFinite(rating)) throw new RecordParseException("rating is not finite");
  }
}
