package org.shardtrain.host.program;

import java.io.PrintStream;

/**
 * A terminal's progress line: {@link #rewrite} replaces it in place (carriage return, padded over a longer
 * previous line, no newline); {@link #println} first ends it, so other output starts on its own line.
 * Used by {@link Progress} and by the YARN client relaying the ApplicationMaster's progress lines.
 */
public final class ConsoleLine {
  private final PrintStream err;
  private int pending; // length of the line now on the terminal, 0 when none

  public ConsoleLine(PrintStream err) { this.err = err; }

  public void rewrite(String line) {
    err.print("\r" + line + " ".repeat(Math.max(0, pending - line.length())));
    err.flush();
    pending = line.length();
  }

  public void println(String line) {
    end();
    err.println(line);
  }

  /** Ends the line rewritten in place, if any. */
  public void end() {
    if (pending > 0) err.println();
    pending = 0;
  }
}
