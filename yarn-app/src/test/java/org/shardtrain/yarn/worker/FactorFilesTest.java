package org.shardtrain.yarn.worker;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shardtrain.core.als.FactorBlock;

/**
 * Factor files streamed in batches from and into chunked factor blocks: the rows sent are scattered over
 * small chunks on both sides and span several write and read batches, and the bytes are the layout the
 * exchange always had (header, then big-endian doubles). A short, long or foreign file is refused.
 */
class FactorFilesTest {
  @TempDir Path dir;
  private final Configuration conf = new Configuration();

  @Test
  void exchangeRoundTripsAcrossChunkAndBatchBoundaries() throws IOException {
    Random r = new Random(4);
    // rank 3: 2,730 rows a batch; rank 1000: 8. Chunks of 7 rows (rank 3) and 1 row (rank 1000) on one side,
    // 2 and 1 on the other.
    for (int[] shape : new int[][] {{3, 7_001, 3 * 7, 3 * 2}, {1000, 40, 1000, 1000}}) {
      int k = shape[0];
      int rows = shape[1];
      FactorBlock sender = new FactorBlock(rows, k, shape[2]);
      for (long i = 0; i < sender.doubles(); i++) sender.set(i, r.nextGaussian());
      int[] sent = new int[rows / 2 + 1]; // every other row, and the last
      for (int p = 0; p < sent.length; p++) sent[p] = Math.min(rows - 1, 2 * p);
      int[] into = new int[sent.length]; // spread over the receiver's rows in reverse
      for (int p = 0; p < into.length; p++) into[p] = 2 * (into.length - 1 - p) + 1;
      FactorBlock receiver = new FactorBlock(2 * into.length + 1, k, shape[3]);

      org.apache.hadoop.fs.Path file = path("x-" + k);
      FactorFiles.writeExchange(conf, file, sent, 77L, sender);
      assertArrayEquals(expectedBytes(sent, 77L, sender), Files.readAllBytes(dir.resolve("x-" + k)), "rank " + k);
      FactorFiles.readExchange(conf, file, 0, into, 77L, receiver);
      for (int p = 0; p < sent.length; p++) {
        assertArrayEquals(sender.row(sent[p]), receiver.row(into[p]), "rank " + k + ", row " + p);
      }
      assertTrue(sent.length > FactorFiles.rowsPerBatch(k), "rank " + k + ": more rows than one batch");
    }
  }

  @Test
  void aTruncatedLongerOrForeignFileIsRefused() throws IOException {
    FactorBlock f = new FactorBlock(10, 2, 4);
    for (long i = 0; i < f.doubles(); i++) f.set(i, i);
    int[] rows = {0, 3, 9};
    org.apache.hadoop.fs.Path file = path("whole");
    FactorFiles.writeExchange(conf, file, rows, 5L, f);
    byte[] whole = Files.readAllBytes(dir.resolve("whole"));

    Files.write(dir.resolve("short"), java.util.Arrays.copyOf(whole, whole.length - 3));
    IOException e = assertThrows(IOException.class, () -> read("short", rows, 5L));
    assertTrue(e.getMessage().contains("truncated"), e.getMessage());

    Files.write(dir.resolve("long"), java.util.Arrays.copyOf(whole, whole.length + 8));
    e = assertThrows(IOException.class, () -> read("long", rows, 5L));
    assertTrue(e.getMessage().contains("goes on after them"), e.getMessage());

    Files.write(dir.resolve("foreign"), "not factors at all".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    e = assertThrows(IOException.class, () -> read("foreign", rows, 5L));
    assertTrue(e.getMessage().contains("not a factor exchange file"), e.getMessage());

    e = assertThrows(IOException.class, () -> read("whole", new int[] {0, 1}, 5L));
    assertTrue(e.getMessage().contains("sent 3 factors of rank 2, this block expected 2 of rank 2"), e.getMessage());
  }

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
  }

  private void read(String name, int[] into, long digest) throws IOException {
    FactorFiles.readExchange(conf, path(name), 1, into, digest, new FactorBlock(10, 2));
  }

  private org.apache.hadoop.fs.Path path(String name) { return new org.apache.hadoop.fs.Path(dir.resolve(name).toUri()); }

  /** The exchange layout written independently: magic "STFX", rows, k, digest, then the rows' doubles. */
  private static byte[] expectedBytes(int[] rows, long digest, FactorBlock f) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(0x53544658);
      out.writeInt(rows.length);
      out.writeInt(f.rank());
      out.writeLong(digest);
      for (int r : rows) for (double v : f.row(r)) out.writeDouble(v);
    }
    return bytes.toByteArray();
  }
}
