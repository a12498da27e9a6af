package org.shardtrain.core.als;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.shardtrain.core.kernel.CpuKernels;
import org.shardtrain.core.kernel.DenseKernels;

/**
 * The builder's block against the definition it had when it sorted boxed indices: IDs sorted and
 * distinct, each row's ratings sorted by the other ID, duplicates of a pair in the order added (a stable
 * sort of the triples by (own, other)).
 */
class RatingBlockTest {
  private record Triple(String own, String other, double rating) {}

  @Test
  void theBuilderGivesTheStableSortOfTheTriples() {
    Random r = new Random(19);
    for (int n : new int[] {0, 1, 2, 17, 1_000, 5_003}) {
      List<Triple> triples = new ArrayList<>();
      RatingBlock.Builder builder = new RatingBlock.Builder();
      int owners = 1 + n / 7;
      int others = 1 + n / 3;
      for (int i = 0; i < n; i++) {
        // Few distinct IDs of varying length, so duplicate pairs and "10" < "9" orders both occur.
        Triple t = new Triple("u" + r.nextInt(owners), "i" + r.nextInt(others), r.nextInt(1000) / 10.0);
        triples.add(t);
        builder.add(t.own(), t.other(), t.rating());
      }
      RatingBlock block = builder.build();

      List<Triple> sorted = new ArrayList<>(triples); // List.sort is stable
      sorted.sort(Comparator.comparing(Triple::own).thenComparing(Triple::other));
      TreeSet<String> ownIds = new TreeSet<>();
      TreeSet<String> otherIds = new TreeSet<>();
      for (Triple t : triples) {
        ownIds.add(t.own());
        otherIds.add(t.other());
      }
      assertArrayEquals(ownIds.toArray(String[]::new), block.ids(), "n=" + n);
      assertArrayEquals(otherIds.toArray(String[]::new), block.otherIds(), "n=" + n);
      assertEquals(n, block.ratingCount());
      int q = 0;
      for (int row = 0; row < block.size(); row++) {
        assertEquals(q, block.ratingsFrom(row));
        for (; q < block.ratingsTo(row); q++) {
          Triple want = sorted.get(q);
          assertEquals(want.own(), block.id(row), "rating " + q);
          assertEquals(want.other(), block.otherIds()[block.otherOf(q)], "rating " + q);
          assertEquals(want.rating(), block.rating(q), "rating " + q + " (duplicates keep the order added)");
        }
      }
      assertEquals(n, q);
    }
  }

  @Test
  void aBuilderBuildsOnce() {
    RatingBlock.Builder b = new RatingBlock.Builder();
    b.add("u", "i", 1);
    b.build();
    assertThrows(IllegalStateException.class, b::build);
  }

  /** Chunked factors on both sides (a few rows per chunk) give the bits of one array each. */
  @Test
  void solvingWithSmallChunksGivesTheBitsOfOneArray() {
    Random r = new Random(5);
    RatingBlock.Builder builder = new RatingBlock.Builder();
    for (int i = 0; i < 3_000; i++) builder.add("u" + r.nextInt(200), "i" + r.nextInt(90), 1 + r.nextInt(5));
    RatingBlock block = builder.build();
    for (boolean implicit : new boolean[] {false, true}) {
      AlsParams p = params(7, implicit);
      int rows = block.otherIds().length;
      FactorBlock whole = new FactorBlock(rows, 7);
      FactorBlock chunked = new FactorBlock(rows, 7, 7 * 5); // 4 rows per chunk, the last partial
      InitialFactors.fill(3, block.otherIds(), whole, null);
      InitialFactors.fill(3, block.otherIds(), chunked, null);
      assertEquals(1, whole.chunkCount());
      assertEquals(23, chunked.chunkCount());
      double[] gram = NormalEquation.gram(whole);
      assertArrayEquals(gram, NormalEquation.gram(chunked), 0.0);
      try (DenseKernels kernels = new CpuKernels(2)) {
        RatingBlock.Solved a = block.solve(whole, p, gram, kernels);
        RatingBlock.Solved b = block.solve(chunked, p, gram, kernels);
        assertArrayEquals(a.factors().toArray(), b.factors().toArray(), 0.0);
        assertEquals(a.squaredError(), b.squaredError(), 0.0);
      }
    }
  }

  private static AlsParams params(int rank, boolean implicit) {
    return new AlsParams(rank, 0.1, implicit, 2, 1, 3, null, 0, AlsParams.ColdStart.DROP);
  }
}
