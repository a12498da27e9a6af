package org.shardtrain.core.io;

/**
 * Says when a text line that failed to parse (or starts oddly) is not UTF-8 text at all, so the user hears
 * "the file is UTF-16" instead of "column 1 is not a number: '?1?.?5'". Text inputs are read as UTF-8,
 * as Hadoop's {@code TextInputFormat} reads them.
 */
public final class TextEncoding {
  private TextEncoding() {}

  /** A byte-order mark at the start of the line (cheap: checked on every line). */
  public static void refuseByteOrderMark(CharSequence line) throws RecordParseException {
    if (line.length() > 0 && line.charAt(0) == '\uFEFF') {
      throw new RecordParseException("starts with a UTF-8 byte-order mark (EF BB BF); save the file as UTF-8 "
          + "without BOM, or remove it: sed -i '1s/^\\xEF\\xBB\\xBF//' FILE");
    }
  }

  /** Why {@code line} is not UTF-8 text, or null when it looks like text. */
  public static String problem(CharSequence line) {
    boolean replaced = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      // UTF-16 text read as UTF-8: every other byte of ASCII text is NUL (and its BOM decodes as U+FFFD).
      if (c == '\u0000') {
        return "holds NUL bytes: the file is not UTF-8 text (UTF-16? convert it: iconv -f UTF-16 -t UTF-8)";
      }
      replaced |= c == '\uFFFD';
    }
    return replaced ? "is not UTF-8 text (bytes that are not UTF-8; Latin-1? convert it with iconv to UTF-8)" : null;
  }

  /** {@code e}, or a parse error that says the line is not UTF-8 text when that is the reason. */
  public static RecordParseException explain(CharSequence line, RecordParseException e) {
    String problem = problem(line);
    return problem == null ? e : new RecordParseException(problem);
  }
}
