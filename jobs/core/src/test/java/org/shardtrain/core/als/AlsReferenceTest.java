package org.shardtrain.core.als;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.shardtrain.core.loop.CheckpointStore;
import org.shardtrain.core.loop.IterationListener;
import org.shardtrain.core.loop.IterationLoop;
import org.shardtrain.core.loop.TrainingState;

/**
 * The reference engine (the loop, {@link AlsAlgorithm} and {@link InMemoryAlsPasses}) against ALS written
 * out from the definitions: alternate x_u = (Σ y·yᵀ + λ·n_u·I)⁻¹·Σ r·y over every user, then every item.
 * The kernels keep {@link NormalEquation}'s arithmetic, so they agree bit for bit.
 */
class AlsReferenceTest {
  private static Map<String, Map<String, Double>> ratings() {
    Random r = new Random(11);
    Map<String, Map<String, Double>> m = new TreeMap<>();
    for (int u = 0; u < 40; u++) {
      for (int i = 0; i < 25; i++) {
        if (r.nextDouble() < 0.3 || i == u % 25) m.computeIfAbsent("u" + u, x -> new TreeMap<>()).put("i" + i, (double) (1 + r.nextInt(5)));
      }
    }
    return m;
  }

  private static AlsParams params(boolean implicit, int iterations) {
    return new AlsParams(3, 0.1, implicit, 2, iterations, 5, null, 0, AlsParams.ColdStart.DROP);
  }

  /** ALS from the definitions, one NormalEquation per row (the reference as it was before the loop drove it). */
  private static Map<String, double[]>[] byDefinition(Map<String, Map<String, Double>> ratings, AlsParams p) {
    Map<String, Map<String, Double>> byItem = new TreeMap<>();
    ratings.forEach((u, row) -> row.forEach((i, v) -> byItem.computeIfAbsent(i, x -> new TreeMap<>()).put(u, v)));
    Map<String, double[]> items = new TreeMap<>();
    for (String i : byItem.keySet()) items.put(i, InitialFactors.of(p.seed(), i, p.rank()));
    Map<String, double[]> users = new TreeMap<>();
    for (int it = 0; it < p.maxIterations(); it++) {
      users = solveAll(ratings, items, p);
      items = solveAll(byItem, users, p);
    }
    @SuppressWarnings("unchecked")
    Map<String, double[]>[] out = new Map[] {users, items};
    return out;
  }

  private static Map<String, double[]> solveAll(Map<String, Map<String, Double>> rows, Map<String, double[]> other,
                                                AlsParams p) {
    int k = p.rank();
    NormalEquation g = new NormalEquation(k);
    for (double[] y : other.values()) g.add(y, 0, 0, 1);
    Map<String, double[]> out = new TreeMap<>();
    rows.forEach((id, row) -> {
      NormalEquation ne = new NormalEquation(k);
      row.forEach((o, v) -> {
        if (p.implicit()) ne.addImplicit(other.get(o), 0, v, p.alpha());
        else ne.addExplicit(other.get(o), 0, v);
      });
      if (p.implicit()) ne.addGram(g.packedLhs());
      out.put(id, ne.solve(p.lambda()));
    });
    return out;
  }

  private static double dot(double[] a, double[] b) {
    double s = 0;
    for (int j = 0; j < a.length; j++) s += a[j] * b[j];
    return s;
  }

  @Test
  void theReferenceEngineIsAlsByDefinition() throws Exception {
    Map<String, Map<String, Double>> ratings = ratings();
    for (boolean implicit : new boolean[] {false, true}) {
      AlsParams p = params(implicit, 4);
      AlsReference.Factors ref = AlsReference.train(ratings, p);
      Map<String, double[]>[] expected = byDefinition(ratings, p);
      assertEquals(expected[0].keySet(), ref.users().keySet());
      assertEquals(expected[1].keySet(), ref.items().keySet());
      for (String u : ref.users().keySet()) assertArrayEquals(expected[0].get(u), ref.users().get(u), 0, "user " + u);
      for (String i : ref.items().keySet()) assertArrayEquals(expected[1].get(i), ref.items().get(i), 0, "item " + i);
      assertEquals(4, ref.state().iteration());
    }
  }

  @Test
  void trainRmseIsTheErrorOfTheIterationsFactors() throws Exception {
    Map<String, Map<String, Double>> ratings = ratings();
    AlsReference.Factors ref = AlsReference.train(ratings, params(false, 3));
    double sse = 0;
    long n = 0;
    for (Map.Entry<String, Map<String, Double>> row : ratings.entrySet()) {
      for (Map.Entry<String, Double> e : row.getValue().entrySet()) {
        double err = e.getValue() - dot(ref.users().get(row.getKey()), ref.items().get(e.getKey()));
        sse += err * err;
        n++;
      }
    }
    var last = ref.state().history().get(2).metrics();
    assertEquals(Math.sqrt(sse / n), last.get("train_rmse"), 1e-9);
    assertEquals((double) n, last.get("ratings"));
  }

  @Test
  void noIterationsLeaveTheSeededItemsAndNoUsers() throws Exception {
    AlsReference.Factors ref = AlsReference.train(ratings(), params(false, 0));
    assertEquals(0, ref.users().size());
    assertEquals(25, ref.items().size());
    assertArrayEquals(InitialFactors.of(5, "i7", 3), ref.items().get("i7"), 0);
  }

  @Test
  void aWarmStartFromTwoIterationsContinuesAsFour() throws Exception {
    Map<String, Map<String, Double>> ratings = ratings();
    AlsParams two = params(false, 2);
    AlsReference.Factors first = AlsReference.train(ratings, two);
    AlsReference.Factors four = AlsReference.train(ratings, params(false, 4));
    InMemoryAlsPasses passes = new InMemoryAlsPasses(ratings, two);
    passes.put("warm", first.items());
    Map<String, double[]> items = continueFrom(passes, two, "warm");
    for (Map.Entry<String, double[]> e : items.entrySet()) {
      assertArrayEquals(four.items().get(e.getKey()), e.getValue(), 0, "item " + e.getKey());
    }
    // An item the warm factors lack starts from its seeded factor.
    Map<String, double[]> lacking = new TreeMap<>(first.items());
    lacking.remove("i3");
    passes.put("lacking", lacking);
    Map<String, double[]> seeded = new TreeMap<>(lacking);
    seeded.put("i3", InitialFactors.of(two.seed(), "i3", two.rank()));
    passes.put("seeded", seeded);
    Map<String, double[]> a = continueFrom(passes, two, "lacking");
    Map<String, double[]> b = continueFrom(passes, two, "seeded");
    for (String i : a.keySet()) assertArrayEquals(b.get(i), a.get(i), 0, "item " + i);
  }

  private static Map<String, double[]> continueFrom(InMemoryAlsPasses passes, AlsParams p, String warm) throws Exception {
    TrainingState<AlsFactors> s = new IterationLoop<>(new AlsAlgorithm(p, passes).startingFrom(warm),
        CheckpointStore.<AlsFactors>none(), IterationListener.NONE).run(p.maxIterations(), false);
    return passes.factors(s.model().items());
  }
}
