package org.shardtrain.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every value a run uses comes from a declared parameter (issue 18): no production source outside the
 * parameter code reads a {@code shardtrain.} configuration key with a raw {@code conf.get…} — it reads
 * {@code Param.read(conf::get)}, which defaults, parses and validates as the programs do. The check reads
 * the sources of every module (a key spelled literally, a declaration's {@code .key()}, or a constant whose
 * value is a {@code shardtrain.} key) and names each offending line.
 */
class ParameterReadsTest {
  /** A configuration getter (any receiver: a Configuration or a map of raw values) and its first argument. */
  private static final Pattern GETTER = Pattern.compile(
      "(\\w+(?:\\(\\))?)\\.(get|getInt|getLong|getBoolean|getDouble|getFloat|getTrimmed|getStrings|getTrimmedStrings"
          + "|getStringCollection|getEnum|getClass)\\(\\s*([^,()]+(?:\\(\\))?)");
  /**
   * Receivers that are maps of recorded values looked up by a declaration's key, not configurations: a
   * checkpoint's or model's recorded parameters (InputIdentity, EvaluateTool) and the defaults file's index.
   */
  private static final Set<String> RECORDED_VALUES = Set.of("out", "programs", "getParams()");
  private static final Pattern KEY_CONSTANT = Pattern.compile("\\b([A-Z][A-Z0-9_]*)\\s*=\\s*\"shardtrain\\.");

  @Test
  void noRawReadOfAShardtrainKeyOutsideTheParameterCode() throws IOException {
    List<Path> sources = productionSources();
    assertTrue(sources.size() > 100, "found only " + sources.size() + " sources under " + root());
    Set<String> keyConstants = new HashSet<>();
    for (Path f : sources) {
      Matcher m = KEY_CONSTANT.matcher(Files.readString(f));
      while (m.find()) keyConstants.add(m.group(1));
    }
    List<String> offences = new ArrayList<>();
    for (Path f : sources) {
      if (f.toString().contains("/org/shardtrain/core/param/")) continue; // the parameter code itself
      List<String> lines = Files.readAllLines(f);
      for (int i = 0; i < lines.size(); i++) {
        Matcher m = GETTER.matcher(lines.get(i));
        while (m.find()) {
          if (RECORDED_VALUES.contains(m.group(1))) continue;
          String arg = m.group(3).trim();
          String constant = arg.contains(".") ? arg.substring(arg.lastIndexOf('.') + 1) : arg;
          if (arg.startsWith("\"shardtrain.") || arg.endsWith(".key()") || keyConstants.contains(constant)) {
            offences.add(root().relativize(f) + ":" + (i + 1) + ": " + lines.get(i).trim());
          }
        }
      }
    }
    assertEquals(List.of(), offences, "read these through their Param (Param.read(conf::get)), not conf.get");
  }

  /** The check finds what it is meant to find (so an empty list above means something). */
  @Test
  void theCheckRecognisesARawRead() {
    for (String line : List.of("int k = conf.getInt(KMeansParams.K.key(), 3);",
        "String s = c.get(\"shardtrain.kmeans.k\");", "long t = conf.getLong(Coordinator.PASS_TIMEOUT, 5);")) {
      Matcher m = GETTER.matcher(line);
      assertTrue(m.find(), line);
      String arg = m.group(3).trim();
      assertTrue(arg.startsWith("\"shardtrain.") || arg.endsWith(".key()") || arg.endsWith("PASS_TIMEOUT"), arg);
    }
  }

  private static Path root() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.exists(dir.resolve("jobs/core/pom.xml"))) dir = dir.getParent();
    if (dir == null) throw new IllegalStateException("not inside the shardtrain checkout: " + Path.of("").toAbsolutePath());
    return dir;
  }

  private static List<Path> productionSources() throws IOException {
    List<Path> out = new ArrayList<>();
    for (String module : List.of("jobs/core", "jobs/cuda", "formats", "jobs/host", "jobs/mapreduce", "yarn-app")) {
      Path src = root().resolve(module).resolve("src/main/java");
      if (!Files.isDirectory(src)) continue;
      try (Stream<Path> files = Files.walk(src)) {
        files.filter(p -> p.toString().endsWith(".java")).forEach(out::add);
      }
    }
    return out;
  }
}
