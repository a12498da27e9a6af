package org.shardtrain.core.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

/**
 * Test data: sets the project ships (data/, permissive licences) and sets read from ../shared/data when
 * present (tests on those are skipped, with the reason, when it is not).
 */
public final class Datasets {
  private Datasets() {}

  /** A file under the project's data/ folder. */
  public static Path shipped(String relative) {
    String root = System.getProperty("shardtrain.data");
    Path base = root != null ? Paths.get(root) : findUp("data");
    Path p = base.resolve(relative);
    if (!Files.exists(p)) throw new IllegalStateException("shipped dataset missing: " + p);
    return p;
  }

  /** A file under ../shared/data; skips the calling test when it is not there. */
  public static Path shared(String relative) {
    String root = System.getProperty("shardtrain.shared.data");
    Path p = root == null ? null : Paths.get(root).resolve(relative);
    assumeTrue(p != null && Files.exists(p),
        "skipped: ../shared/data/" + relative + " is not present (not redistributable with the project)");
    return p;
  }

  public static double[][] readCsv(Path p) {
    try {
      List<String> lines = Files.readAllLines(p);
      double[][] out = new double[lines.size()][];
      for (int i = 0; i < lines.size(); i++) {
        String[] f = lines.get(i).split(",");
        out[i] = new double[f.length];
        for (int j = 0; j < f.length; j++) out[i][j] = Double.parseDouble(f[j]);
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reads a LIBSVM file (1-based indices) into primitive arrays. */
  public static org.shardtrain.core.sgd.SparseExamples readLibsvm(Path p) {
    org.shardtrain.core.io.LibsvmParser parser = new org.shardtrain.core.io.LibsvmParser();
    org.shardtrain.core.sgd.SparseExamples out = new org.shardtrain.core.sgd.SparseExamples();
    try {
      for (String line : Files.readAllLines(p)) {
        if (line.isBlank()) continue;
        int n = parser.parse(line);
        out.add(parser.label(), parser.indices(), parser.values(), n);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (org.shardtrain.core.io.RecordParseException e) {
      throw new IllegalStateException(p + ": " + e.getMessage());
    }
    return out;
  }

  /** A file or folder of the project (e.g. {@code conf/oozie}), found from the module's working directory. */
  public static Path projectFile(String relative) {
    return findUp(relative);
  }

  private static Path findUp(String name) {
    Path dir = Paths.get("").toAbsolutePath();
    while (dir != null) {
      if (Files.exists(dir.resolve(name)) && Files.exists(dir.resolve("pom.xml"))) return dir.resolve(name);
      dir = dir.getParent();
    }
    throw new IllegalStateException("cannot find the project's " + name);
  }
}
