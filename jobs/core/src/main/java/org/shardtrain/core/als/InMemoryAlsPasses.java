package org.shardtrain.core.als;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.shardtrain.core.kernel.CpuKernels;

/**
 * The reference engine's ALS: the ratings held in memory as one {@link RatingBlock} per side, each
 * half-step solved by the CPU kernels (one thread) that the YARN workers use, so every row is finished by
 * {@link RowSolve} as in every engine. The MapReduce and YARN engines are tested against it. Locations are
 * keys of its own table of factors ({@code users-000001}, ...); {@link #put} adds factors under a location
 * of the caller's choosing (a warm start's item factors).
 */
public final class InMemoryAlsPasses implements AlsPasses {
  private final AlsParams params;
  /** User rows rating items, and item rows rated by users. */
  private final RatingBlock users;
  private final RatingBlock items;
  private final Map<String, Factors> table = new HashMap<>();

  /** IDs in sorted order and their factors, a row each. */
  private record Factors(String[] ids, FactorBlock values) {}

  /** {@code ratings}: user → (item → rating). */
  public InMemoryAlsPasses(Map<String, Map<String, Double>> ratings, AlsParams params) {
    this.params = params;
    RatingBlock.Builder byUser = new RatingBlock.Builder();
    RatingBlock.Builder byItem = new RatingBlock.Builder();
    ratings.forEach((u, row) -> row.forEach((i, r) -> {
      byUser.add(u, i, r);
      byItem.add(i, u, r);
    }));
    this.users = byUser.build();
    this.items = byItem.build();
  }

  @Override
  public HalfStep solve(Side side, FactorSource from, int iteration) {
    RatingBlock block = side == Side.USERS ? users : items;
    FactorBlock other = otherFactors(block, from);
    // Implicit feedback: YᵀY over the other side's factors (every one the ratings reference).
    double[] gram = params.implicit() ? NormalEquation.gram(other) : null;
    RatingBlock.Solved solved;
    try (CpuKernels kernels = new CpuKernels(1)) {
      solved = block.solve(other, params, gram, kernels);
    }
    String location = String.format(Locale.ROOT, "%s-%06d", side.name().toLowerCase(Locale.ROOT), iteration);
    table.put(location, new Factors(block.ids(), solved.factors()));
    return new HalfStep(location, solved.squaredError(), solved.ratings());
  }

  /** The factors at {@code location}, ID → factor in ID order. */
  public Map<String, double[]> factors(String location) {
    Factors f = table.get(location);
    if (f == null) throw new IllegalArgumentException("no factors at " + location);
    Map<String, double[]> out = new TreeMap<>();
    for (int r = 0; r < f.ids().length; r++) out.put(f.ids()[r], f.values().row(r));
    return out;
  }

  /** The starting factors (seeded) of every item that has ratings. */
  public Map<String, double[]> initialItems() {
    Map<String, double[]> out = new TreeMap<>();
    for (String id : items.ids()) out.put(id, InitialFactors.of(params.seed(), id, params.rank()));
    return out;
  }

  /** Keeps {@code factors} (ID → factor of the run's rank) under {@code location}, for a {@link FactorSource}. */
  public void put(String location, Map<String, double[]> factors) {
    int k = params.rank();
    Map<String, double[]> sorted = new TreeMap<>(factors);
    FactorBlock values = new FactorBlock(sorted.size(), k);
    int r = 0;
    for (double[] x : sorted.values()) {
      if (x.length != k) throw new IllegalArgumentException("a factor has " + x.length + " values, not " + k);
      values.set(r++, x, 0);
    }
    table.put(location, new Factors(sorted.keySet().toArray(String[]::new), values));
  }

  /** The factors {@code block}'s ratings reference, in its {@link RatingBlock#otherIds()} order. */
  private FactorBlock otherFactors(RatingBlock block, FactorSource from) {
    String[] ids = block.otherIds();
    FactorBlock out = new FactorBlock(ids.length, params.rank());
    if (from.kind() == FactorSource.Kind.SEEDED) {
      InitialFactors.fill(params.seed(), ids, out, null);
      return out;
    }
    Factors f = table.get(from.location());
    if (f == null) throw new IllegalArgumentException("no factors at " + from.location());
    boolean[] given = new boolean[ids.length];
    for (int i = 0; i < ids.length; i++) {
      int r = java.util.Arrays.binarySearch(f.ids(), ids[i]);
      if (r < 0) continue;
      out.set(i, f.values().arrayOf(r), f.values().offsetOf(r));
      given[i] = true;
    }
    if (from.kind() == FactorSource.Kind.WARM) {
      InitialFactors.fill(params.seed(), ids, out, given);
    } else {
      for (int i = 0; i < ids.length; i++) {
        if (!given[i]) throw new IllegalStateException("no factor for " + ids[i] + " at " + from.location());
      }
    }
    return out;
  }
}
