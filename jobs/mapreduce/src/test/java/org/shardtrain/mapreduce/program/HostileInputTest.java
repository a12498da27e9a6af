package org.shardtrain.mapreduce.program;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shardtrain.host.program.AlsTool;
import org.shardtrain.host.program.KMeansTool;
import org.shardtrain.host.program.ProgramTool;
import org.shardtrain.host.program.SgdTool;
import org.shardtrain.mapreduce.testing.LocalRun;

/**
 * Corrupt or hostile input, one table: each kind of file an upstream job can leave behind, the program that
 * reads it, and what must come out — exit 1, one line naming the file and the position or reason, no stack
 * trace, no output folder, and the input byte for byte as it was; for a bad record (not a bad file),
 * {@code --on-bad-record skip} counts it and trains on the rest. Nothing hangs or runs out of memory (the
 * 10 MB line is not read into memory: lines over 8 MB are rejected as such).
 */
class HostileInputTest {
  @TempDir static Path tmp;
  static Configuration conf;

  private record Case(String name, ProgramTool tool, Path input, String[] args, String... expected) {}

  @BeforeAll
  static void setUp() throws Exception {
    conf = LocalRun.conf(tmp);
  }

  @Test
  void everyKindOfBadFileFailsCleanlyAndIsLeftAsItWas() throws Exception {
    List<Case> cases = new ArrayList<>();
    Path points = tmp.resolve("points");
    assertEquals(0, LocalRun.run(conf, new ImportTool(), "--type", "points", "--format", "csv", "--input",
        org.shardtrain.core.testing.Datasets.shipped("iris/points.csv").toString(), "--output", points.toString(),
        "--shards", "1").exit());
    byte[] avro = Files.readAllBytes(points.resolve("part-r-00000.avro"));

    Path truncated = file("truncated/part-00000.avro", java.util.Arrays.copyOf(avro, avro.length / 2));
    cases.add(new Case("truncated Avro", new KMeansTool(), truncated.getParent(), new String[] {"--k", "3"},
        "part-00000.avro"));

    Path ratings = tmp.resolve("ratings-avro");
    assertEquals(0, LocalRun.run(conf, new ImportTool(), "--type", "ratings", "--format", "tsv", "--input",
        org.shardtrain.core.testing.Datasets.shipped("spark-ratings/ratings.tsv").toString(), "--output",
        ratings.toString(), "--shards", "1").exit());
    cases.add(new Case("Avro of another schema", new KMeansTool(), ratings, new String[] {"--k", "3"},
        "part-r-00000.avro", "Rating"));

    StringBuilder huge = new StringBuilder("1,2,3\n");
    huge.append("4,".repeat(5 << 20)).append("5\n6,7,8\n"); // a 10 MB line
    Path hugeLine = file("huge/points.csv", huge.toString().getBytes(StandardCharsets.UTF_8));
    cases.add(new Case("CSV with a 10 MB line", new KMeansTool(), hugeLine, new String[] {"--k", "1", "--format", "csv", "--max-iter", "2"},
        "points.csv", "line 2", "longer than"));

    Path nan = file("nan/points.csv", "1,2\n3,NaN\n5,6\n".getBytes(StandardCharsets.UTF_8));
    cases.add(new Case("NaN value", new KMeansTool(), nan, new String[] {"--k", "1", "--format", "csv", "--max-iter", "2"},
        "points.csv", "line 2"));
    Path inf = file("inf/points.csv", "1,2\n3,4\n5,Infinity\n".getBytes(StandardCharsets.UTF_8));
    cases.add(new Case("infinite value", new KMeansTool(), inf, new String[] {"--k", "1", "--format", "csv", "--max-iter", "2"},
        "points.csv", "line 3"));

    Path decreasing = file("decreasing/train.libsvm", "1 1:0.5 3:1\n0 4:1 2:0.5\n0 1:1 2:0.3\n1 2:1\n".getBytes(StandardCharsets.UTF_8));
    cases.add(new Case("LIBSVM decreasing indices", new SgdTool(), decreasing,
        new String[] {"--format", "libsvm", "--loss", "logistic", "--epochs", "2"}, "train.libsvm", "line 2"));
    Path negative = file("negative/train.libsvm", "1 1:0.5 3:1\n0 -2:1\n0 1:1 2:0.3\n1 2:1\n".getBytes(StandardCharsets.UTF_8));
    cases.add(new Case("LIBSVM negative index", new SgdTool(), negative,
        new String[] {"--format", "libsvm", "--loss", "logistic", "--epochs", "2"}, "train.libsvm", "line 2"));

    // Binary logistic regression takes 0/1 or -1/+1 labels; a 2 is refused (as Spark does), not binarised.
    Path multiClass = file("multi-class/train.libsvm", "1 1:0.5 3:1\n2 2:1\n0 1:1 2:0.3\n1 2:1\n".getBytes(StandardCharsets.UTF_8));
    cases.add(new Case("non-binary label for logistic", new SgdTool(), multiClass,
        new String[] {"--format", "libsvm", "--loss", "logistic", "--epochs", "2"}, "train.libsvm", "not a binary label", "line 2"));

    Path badRating = file("bad-rating/ratings.tsv", "1\t2\t4.0\n1\t3\tfive\n".getBytes(StandardCharsets.UTF_8));
    cases.add(new Case("non-numeric rating", new AlsTool(), badRating, new String[] {"--format", "tsv", "--rank", "2", "--max-iter", "2"},
        "ratings.tsv", "line 2"));

    List<String> failures = new ArrayList<>();
    for (Case c : cases) {
      String before = digest(c.input());
      Path out = tmp.resolve("out-" + c.name().replace(' ', '-'));
      List<String> args = new ArrayList<>(List.of("--input", c.input().toString(), "--output", out.toString()));
      args.addAll(List.of(c.args()));
      LocalRun.Result r = LocalRun.run(conf, c.tool(), args.toArray(String[]::new));
      List<String> errors = r.err().lines().filter(l -> l.contains("error:")).toList();
      String problem = null;
      if (r.exit() != 1) problem = "exit " + r.exit();
      else if (errors.size() != 1) problem = errors.size() + " error lines";
      else if (r.err().contains("\tat ")) problem = "a stack trace";
      else if (Files.exists(out)) problem = "an output folder was left";
      else if (!before.equals(digest(c.input()))) problem = "the input changed";
      else {
        for (String part : c.expected()) if (!errors.get(0).contains(part)) problem = "no '" + part + "' in the error";
      }
      if (problem == null && c.expected()[c.expected().length - 1].startsWith("line ")) {
        // A bad record, not a bad file: --on-bad-record skip counts it, sets it aside and trains on the rest.
        Path skipped = tmp.resolve("skip-" + c.name().replace(' ', '-'));
        List<String> skip = new ArrayList<>(List.of("--input", c.input().toString(), "--output", skipped.toString(),
            "--on-bad-record", "skip"));
        skip.addAll(List.of(c.args()));
        r = LocalRun.run(conf, c.tool(), skip.toArray(String[]::new));
        if (r.exit() != 0) problem = "with skip: exit " + r.exit();
        else if (LocalRun.metrics(skipped).get("bad_records").asLong() != 1) problem = "with skip: bad_records " + LocalRun.metrics(skipped).get("bad_records");
        else if (!before.equals(digest(c.input()))) problem = "with skip: the input changed";
        else if (!ownerOnly(skipped.resolve("rejects"))) problem = "with skip: rejects/ is open to others: "
            + Files.getPosixFilePermissions(skipped.resolve("rejects"));
      }
      if (problem != null) failures.add(c.name() + ": " + problem + "\n" + r.err().lines().limit(12).reduce("", (a, b) -> a + "    " + b + "\n"));
    }
    assertTrue(failures.isEmpty(), failures.size() + " of " + cases.size() + " kinds failed:\n" + String.join("\n", failures));
  }

  /** rejects/ holds copies of input lines, whose own permissions are not carried over: only its owner may enter. */
  private static boolean ownerOnly(Path dir) throws Exception {
    return Files.isDirectory(dir) && Files.getPosixFilePermissions(dir).equals(java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
  }

  private static Path file(String name, byte[] bytes) throws Exception {
    Path p = tmp.resolve(name);
    Files.createDirectories(p.getParent());
    Files.write(p, bytes);
    return p;
  }

  /** A file's or a folder's SHA-256 (its files in name order). */
  private static String digest(Path p) throws Exception {
    MessageDigest md = MessageDigest.getInstance("SHA-256");
    try (var files = Files.walk(p)) {
      for (Path f : files.filter(Files::isRegularFile).sorted().toList()) md.update(Files.readAllBytes(f));
    }
    return HexFormat.of().formatHex(md.digest());
  }
}
