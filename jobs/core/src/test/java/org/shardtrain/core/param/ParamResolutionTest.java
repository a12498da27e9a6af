package org.shardtrain.core.param;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.shardtrain.core.kmeans.DistanceMeasure;
import org.shardtrain.core.kmeans.KMeansParams;

class ParamResolutionTest {
  private static final ParamSet PARAMS = ParamSet.of(List.of(RunParams.ALL, KMeansParams.ALL));

  private static ResolvedParams resolve(Map<String, String> conf, String... args) {
    CommandLine cli = CommandLine.parse(args, PARAMS);
    return PARAMS.resolve(ParamSource.of(conf), cli.flags());
  }

  @Test
  void defaultsThenConfigurationThenCommandLine() {
    ResolvedParams p = resolve(Map.of("shardtrain.kmeans.k", "5", "shardtrain.kmeans.max-iter", "7"),
        "--input", "in", "--output", "out", "--max-iter", "9");
    assertEquals(5, p.get(KMeansParams.K)); // from configuration (-D / -conf / Oozie)
    assertEquals(9, p.get(KMeansParams.MAX_ITER)); // the flag wins over configuration
    assertEquals(1e-4, p.get(KMeansParams.TOL)); // default
    assertEquals(DistanceMeasure.EUCLIDEAN, p.get(KMeansParams.DISTANCE));
  }

  @Test
  void flagsEnumsAndEqualsForm() {
    ResolvedParams p = resolve(Map.of(), "--input=in", "--output", "out", "--k", "3", "--distance", "cosine",
        "--overwrite", "--on-bad-record", "skip");
    assertEquals(DistanceMeasure.COSINE, p.get(KMeansParams.DISTANCE));
    assertEquals(Boolean.TRUE, p.get(RunParams.OVERWRITE));
    assertEquals("in", p.get(RunParams.INPUT));
    assertEquals("skip", p.asConfiguration().get("shardtrain.on-bad-record"));
  }

  @Test
  void errorsAreOneLineAndNameTheOption() {
    assertMessage("missing required option --k", () -> resolve(Map.of(), "--input", "a", "--output", "b"));
    assertMessage("--k (command line): 0 is invalid; k must be at least 1",
        () -> resolve(Map.of(), "--input", "a", "--output", "b", "--k", "0"));
    assertMessage("--k (command line): cannot read 'three' as integer",
        () -> resolve(Map.of(), "--input", "a", "--output", "b", "--k", "three"));
    assertMessage("unknown option --kk", () -> resolve(Map.of(), "--kk", "3"));
    assertMessage("--distance (configuration shardtrain.kmeans.distance): cannot read 'manhattan'",
        () -> resolve(Map.of("shardtrain.kmeans.distance", "manhattan"), "--input", "a", "--output", "b", "--k", "2"));
    assertMessage("option --k needs a value", () -> resolve(Map.of(), "--k"));
  }

  @Test
  void usageListsEveryParameterWithItsKey() {
    String usage = PARAMS.usage("kmeans", "k-means");
    for (Param<?> p : PARAMS.params()) {
      assertTrue(usage.contains("--" + p.name()) && usage.contains(p.key()), p.name());
    }
  }

  private static void assertMessage(String expectedStart, org.junit.jupiter.api.function.Executable e) {
    ParamException ex = assertThrows(ParamException.class, e);
    assertTrue(ex.getMessage().startsWith(expectedStart), ex.getMessage());
    assertTrue(!ex.getMessage().contains("\n"), "one line");
  }
}
