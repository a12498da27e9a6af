package org.shardtrain.core.als;

/** Where a half-step reads the other side's factors: its location, and what a missing ID gets. */
public record FactorSource(Kind kind, String location) {
  public enum Kind {
    /** No location: every ID gets its {@link InitialFactors} (iteration 1 of a cold start). */
    SEEDED,
    /** A warm start's factors; IDs they lack get their {@link InitialFactors}. */
    WARM,
    /** Factors a half-step solved; every ID the ratings reference must be there. */
    SOLVED
  }

  public static FactorSource seeded() { return new FactorSource(Kind.SEEDED, null); }
  public static FactorSource warm(String location) { return new FactorSource(Kind.WARM, location); }
  public static FactorSource solved(String location) { return new FactorSource(Kind.SOLVED, location); }

  /** The item factors an iteration's users half-step starts from, given the state before it. */
  public static FactorSource itemsOf(AlsFactors current) {
    if (current.items() == null) return seeded();
    return current.isStart() ? warm(current.items()) : solved(current.items());
  }
}
