package org.shardtrain.mapreduce.program;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shardtrain.core.testing.Datasets;
import org.shardtrain.formats.avro.Recommendation;
import org.shardtrain.host.program.AlsTool;
import org.shardtrain.mapreduce.testing.LocalRun;

/** recommend against a brute-force ranking of the model's own factors, and implicit ALS against popularity. */
class RecommendLocalRunnerTest {
  @TempDir static Path tmp;
  static Configuration conf;
  static final Path SAMPLE = Datasets.shipped("spark-ratings/ratings.tsv");

  @BeforeAll
  static void setUp() throws Exception {
    conf = LocalRun.conf(tmp);
    assertEquals(0, LocalRun.run(conf, new AlsTool(), "--input", SAMPLE.toString(), "--format", "tsv", "--output",
        tmp.resolve("model").toString(), "--rank", "4", "--max-iter", "3").exit());
  }

  static Map<String, List<String>> readAvro(Path file) throws Exception {
    Map<String, List<String>> out = new TreeMap<>();
    try (DataFileReader<Recommendation> r = new DataFileReader<>(new File(file.toString()),
        new SpecificDatumReader<>(Recommendation.class))) {
      for (Recommendation rec : r) out.put(rec.getUser(), rec.getItems().stream().map(i -> i.getItem()).toList());
    }
    return out;
  }

  static Map<String, List<String>> readTsv(Path file) throws Exception {
    Map<String, List<String>> out = new TreeMap<>();
    for (String line : Files.readAllLines(file)) {
      String[] f = line.split("\t");
      out.computeIfAbsent(f[0], x -> new ArrayList<>()).add(f[2]);
    }
    return out;
  }

  @Test
  void topNEqualsTheBruteForceRankingInEveryBlockLayout() throws Exception {
    Map<String, double[]> users = AlsLocalRunnerTest.factors(tmp.resolve("model/model/users.avro"));
    Map<String, double[]> items = AlsLocalRunnerTest.factors(tmp.resolve("model/model/items.avro"));
    Map<String, Map<String, Double>> rated = AlsLocalRunnerTest.read(SAMPLE);
    Map<String, List<String>> expected = new TreeMap<>();
    for (String u : users.keySet()) {
      List<String> candidates = new ArrayList<>(items.keySet());
      candidates.removeAll(rated.getOrDefault(u, Map.of()).keySet());
      double[] x = users.get(u);
      Map<String, Double> score = new HashMap<>();
      for (String i : candidates) {
        double s = 0;
        for (int j = 0; j < x.length; j++) s += x[j] * items.get(i)[j];
        score.put(i, s);
      }
      candidates.sort(Comparator.comparing((String i) -> -score.get(i)).thenComparing(i -> i));
      expected.put(u, candidates.subList(0, 5));
    }
    for (String perBlock : new String[] {"20000", "7"}) {
      Path out = tmp.resolve("rec-" + perBlock);
      LocalRun.Result r = LocalRun.run(conf, new RecommendTool(), "--model", tmp.resolve("model").toString(), "--all",
          "--top", "5", "--exclude-rated", SAMPLE.toString(), "--items-per-block", perBlock, "--output", out.toString());
      assertEquals(0, r.exit(), r.err());
      assertEquals(expected, readAvro(out.resolve("recommendations.avro")), "items per block " + perBlock);
    }
  }

  @Test
  void onlyTheUsersAskedForAndKnownAreServed() throws Exception {
    Path wanted = tmp.resolve("wanted-input/users.txt");
    Files.createDirectories(wanted.getParent());
    Files.writeString(wanted, "3\n7\nnobody\n");
    Path out = tmp.resolve("rec-some");
    LocalRun.Result r = LocalRun.run(conf, new RecommendTool(), "--model", tmp.resolve("model").toString(), "--users",
        wanted.toString(), "--top", "3", "--format", "tsv", "--output", out.toString());
    assertEquals(0, r.exit(), r.err());
    Map<String, List<String>> recs = readTsv(out.resolve("recommendations.tsv"));
    assertEquals(Set.of("3", "7"), recs.keySet());
    assertEquals(3, recs.get("3").size());
    // "nobody" had no ratings in training: reported, not dropped silently.
    assertEquals(List.of("nobody"), Files.readAllLines(out.resolve("unknown-users.txt")));
    assertTrue(r.out().contains("1 of the users asked for are not in the model"), r.out());
    LocalRun.Result neither = LocalRun.run(conf, new RecommendTool(), "--model", tmp.resolve("model").toString(),
        "--output", tmp.resolve("rec-none").toString());
    assertEquals(2, neither.exit());
  }

  @Test
  void implicitAlsBeatsMostPopularOnPrecisionAt10() throws Exception {
    Path base = Datasets.shared("movielens-100k/splits/u2.base.tsv");
    Path test = Datasets.shared("movielens-100k/splits/u2.test.tsv");
    assertEquals(0, LocalRun.run(conf, new AlsTool(), "--input", base.toString(), "--format", "tsv", "--output",
        tmp.resolve("ml-implicit").toString(), "--implicit", "--alpha", "1", "--rank", "10", "--lambda", "0.1",
        "--max-iter", "10").exit());
    Path out = tmp.resolve("ml-rec");
    assertEquals(0, LocalRun.run(conf, new RecommendTool(), "--model", tmp.resolve("ml-implicit").toString(), "--all",
        "--top", "10", "--exclude-rated", base.toString(), "--output", out.toString()).exit());
    Map<String, List<String>> recs = readAvro(out.resolve("recommendations.avro"));

    Map<String, Map<String, Double>> train = AlsLocalRunnerTest.read(base);
    Map<String, Map<String, Double>> held = AlsLocalRunnerTest.read(test);
    Map<String, Integer> popularity = new HashMap<>();
    train.values().forEach(m -> m.keySet().forEach(i -> popularity.merge(i, 1, Integer::sum)));
    List<String> byPopularity = new ArrayList<>(popularity.keySet());
    byPopularity.sort(Comparator.comparing((String i) -> -popularity.get(i)).thenComparing(i -> i));

    double als = 0, popular = 0;
    int users = 0;
    for (Map.Entry<String, Map<String, Double>> e : held.entrySet()) {
      Set<String> relevant = e.getValue().keySet();
      Set<String> seen = train.getOrDefault(e.getKey(), Map.of()).keySet();
      List<String> baseline = byPopularity.stream().filter(i -> !seen.contains(i)).limit(10).toList();
      Set<String> hitsAls = new HashSet<>(recs.getOrDefault(e.getKey(), List.of()));
      hitsAls.retainAll(relevant);
      Set<String> hitsPop = new HashSet<>(baseline);
      hitsPop.retainAll(relevant);
      als += hitsAls.size() / 10.0;
      popular += hitsPop.size() / 10.0;
      users++;
    }
    als /= users;
    popular /= users;
    System.out.printf("precision@10 on u2: implicit ALS %.4f, most popular %.4f%n", als, popular);
    assertTrue(als > popular, "implicit ALS " + als + " vs most popular " + popular);
  }
}
