package org.shardtrain.yarn.rpc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.apache.hadoop.io.DataOutputBuffer;
import org.junit.jupiter.api.Test;
import org.shardtrain.core.sgd.FeatureScaling;
import org.shardtrain.core.sgd.SgdState;
import org.shardtrain.formats.SgdCodec;
import org.shardtrain.yarn.protocol.SgdGradient;

/**
 * What one SGD step sends to each worker at d = 100,000 with AdaGrad: before, the whole state as Avro lists
 * (weights, accumulators, the scaling's means and inverse deviations: ~32·d bytes, decoded into boxed
 * Doubles); now the point only, packed (8·(d + 1) bytes, one bulk copy). The sizes and decoding times are
 * printed for docs/design.md.
 */
class SgdGradientPayloadTest {
  @Test
  void aGradientCommandCarriesThePointOnlyPacked() throws Exception {
    int d = 100_000;
    Random random = new Random(1);
    double[] w = new double[d];
    double[] acc = new double[d + 1];
    double[] mean = new double[d];
    double[] inv = new double[d];
    for (int i = 0; i < d; i++) {
      w[i] = random.nextGaussian();
      acc[i] = random.nextDouble();
      mean[i] = random.nextGaussian();
      inv[i] = 1 + random.nextDouble();
    }
    SgdState state = new SgdState(w, 0.5, 42, acc, new FeatureScaling(mean, inv, 0, 1));

    byte[] before = AvroBytes.encode(SgdCodec.toAvro(state)); // what SgdGradient carried until protocol 4
    DataOutputBuffer after = new DataOutputBuffer();
    new Command(1, new SgdGradient(PackedDoubles.of(state.point()), 42L, 1.0, null)).write(after);
    System.out.printf("SGD gradient command at d = %,d with AdaGrad: %,d bytes before (the state), %,d after (the point)%n",
        d, before.length, after.getLength());
    assertTrue(after.getLength() <= 8L * (d + 1) + 200, "the point and a few fields: " + after.getLength());
    assertTrue(before.length > 3.5 * after.getLength(), before.length + " vs " + after.getLength());

    // The worker reads back exactly the point.
    Command got = WorkerMessagesTest.roundTrip(new Command(1, new SgdGradient(PackedDoubles.of(state.point()), 42L, 1.0, null)));
    assertArrayEquals(state.point(), PackedDoubles.toArray(((SgdGradient) got.operation()).getPoint()), 0);

    // Decoding: boxed lists of the old state versus one bulk copy (best of 5, after warming up).
    long boxed = Long.MAX_VALUE;
    long packed = Long.MAX_VALUE;
    byte[] point = AvroBytes.encode(new SgdGradient(PackedDoubles.of(state.point()), 42L, 1.0, null));
    for (int round = 0; round < 10; round++) {
      long t0 = System.nanoTime();
      SgdCodec.fromAvro(AvroBytes.decode(before, org.shardtrain.formats.avro.SgdState.class));
      long t1 = System.nanoTime();
      PackedDoubles.toArray(AvroBytes.decode(point, SgdGradient.class).getPoint());
      long t2 = System.nanoTime();
      if (round >= 5) {
        boxed = Math.min(boxed, t1 - t0);
        packed = Math.min(packed, t2 - t1);
      }
    }
    System.out.printf("decoding it: %.2f ms before, %.2f ms after%n", boxed / 1e6, packed / 1e6);
  }
}
