package org.shardtrain.bench.spark;

import java.nio.file.Files;
import java.nio.file.Path;

/** This process's peak resident set (VmHWM), the same figure shardtrain records for its JVMs. */
final class PeakMemory {
  private PeakMemory() {}

  static double residentMb() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmHWM:")) return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
      }
    } catch (Exception e) { // not Linux
    }
    return -1;
  }
}
