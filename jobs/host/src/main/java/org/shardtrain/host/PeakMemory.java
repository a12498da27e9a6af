package org.shardtrain.host;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * This JVM's peak resident set size (Linux's VmHWM), for metrics.json: what a run really took from the
 * machine, heap or not, as the benchmark compares it with Spark's JVM.
 */
public final class PeakMemory {
  private PeakMemory() {}

  /** Megabytes, or -1 where /proc is not there (not Linux). */
  public static double residentMb() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmHWM:")) return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
      }
    } catch (IOException | RuntimeException e) { // not Linux, or a format this does not know: no figure
    }
    return -1;
  }
}
