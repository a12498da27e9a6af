package org.shardtrain.core.als;

import java.util.Map;
import java.util.TreeMap;

/**
 * The reference driver for ALS: the same alternating solves, in one process over ratings held in maps.
 * Engines are tested against its factors; it is not meant for large data.
 */
public final class AlsReference {
  private AlsReference() {}

  /** Ratings as user → (item → rating). */
  public record Factors(Map<String, double[]> users, Map<String, double[]> items) {}

  public static Factors train(Map<String, Map<String, Double>> ratings, AlsParams p) {
    int k = p.rank();
    Map<String, Map<String, Double>> byItem = new TreeMap<>();
    ratings.forEach((u, m) -> m.forEach((i, r) -> byItem.computeIfAbsent(i, x -> new TreeMap<>()).put(u, r)));
    Map<String, double[]> items = new TreeMap<>();
    for (String i : byItem.keySet()) items.put(i, InitialFactors.of(p.seed(), i, k));
    Map<String, double[]> users = new TreeMap<>();
    for (int it = 0; it < p.maxIterations(); it++) {
      users = solveAll(ratings, items, p);
      items = solveAll(byItem, users, p);
    }
    return new Factors(users, items);
  }

  private static Map<String, double[]> solveAll(Map<String, Map<String, Double>> rows, Map<String, double[]> other,
                                                AlsParams p) {
    int k = p.rank();
    double[] gram = null;
    if (p.implicit()) {
      NormalEquation g = new NormalEquation(k);
      for (double[] y : other.values()) g.add(y, 0, 0, 1);
      gram = g.packedLhs();
    }
    Map<String, double[]> out = new TreeMap<>();
    for (Map.Entry<String, Map<String, Double>> row : rows.entrySet()) {
      NormalEquation ne = new NormalEquation(k);
      for (Map.Entry<String, Double> e : row.getValue().entrySet()) {
        double[] y = other.get(e.getKey());
        if (p.implicit()) ne.addImplicit(y, 0, e.getValue(), p.alpha());
        else ne.addExplicit(y, 0, e.getValue());
      }
      if (gram != null) ne.addGram(gram);
      out.put(row.getKey(), ne.solve(p.lambda()));
    }
    return out;
  }
}
