package org.shardtrain.yarn.worker;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shardtrain.core.als.FactorBlock;

/**
 * A worker's part of a checkpoint folder: every row of a chunked factor block under its ID, read back into the
 * same rows by a worker that replaces it; a part of other IDs, fewer rows or another rank is refused.
 */
class FactorFilesTest {
  @TempDir Path dir;
  private final Configuration conf = new Configuration();

  @Test
  void aPartHoldsEveryRowOfAChunkedBlockUnderItsId() throws IOException {
    FactorBlock f = new FactorBlock(11, 3, 6); // 2 rows a chunk, the last one alone
    for (long i = 0; i < f.doubles(); i++) f.set(i, i * 0.5);
    String[] ids = new String[11];
    for (int r = 0; r < ids.length; r++) ids[r] = "id" + r;
    org.apache.hadoop.fs.Path folder = path("users");
    FactorFiles.writePart(conf, folder, 3, ids, f);
    Map<String, double[]> read = new HashMap<>();
    FactorFiles.readFolder(conf, folder, (id, x, n) -> read.put(id, java.util.Arrays.copyOf(x, n)));
    assertEquals(11, read.size());
    for (int r = 0; r < ids.length; r++) assertArrayEquals(f.row(r), read.get(ids[r]), 0.0, ids[r]);

    // A replacement reads its block's part back into the same rows.
    FactorBlock back = FactorFiles.readPart(conf, folder, 3, ids, 3);
    for (int r = 0; r < ids.length; r++) assertArrayEquals(f.row(r), back.row(r), 0.0, ids[r]);
  }

  @Test
  void aPartOfOtherIdsFewerRowsOrAnotherRankIsRefused() throws IOException {
    FactorBlock f = new FactorBlock(3, 2);
    String[] ids = {"a", "b", "c"};
    org.apache.hadoop.fs.Path folder = path("items");
    FactorFiles.writePart(conf, folder, 0, ids, f);
    IOException e = assertThrows(IOException.class, () -> FactorFiles.readPart(conf, folder, 0, new String[] {"a", "x", "c"}, 2));
    assertTrue(e.getMessage().endsWith("factor 2 is of b (2 values), block 0 expected x of rank 2"), e.getMessage());
    e = assertThrows(IOException.class, () -> FactorFiles.readPart(conf, folder, 0, new String[] {"a", "b", "c", "d"}, 2));
    assertTrue(e.getMessage().endsWith(": 3 factors, block 0 has 4"), e.getMessage());
    e = assertThrows(IOException.class, () -> FactorFiles.readPart(conf, folder, 0, ids, 5));
    assertTrue(e.getMessage().endsWith("factor 1 is of a (2 values), block 0 expected a of rank 5"), e.getMessage());
  }

  private org.apache.hadoop.fs.Path path(String name) { return new org.apache.hadoop.fs.Path(dir.resolve(name).toUri()); }
}
