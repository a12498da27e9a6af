package org.shardtrain.yarn.rpc;

import java.nio.ByteBuffer;

/**
 * The protocol's vectors: Avro {@code bytes} holding packed big-endian doubles, to and from the primitive arrays
 * the math works on — one bulk copy each way. Avro's {@code array<double>} became a {@code List<Double>} on
 * the reading side: a boxed Double per value, 16–24 bytes of heap each and a virtual call per read, for the
 * largest messages of a run (SGD weights and gradients, k-means sums, ALS Gram matrices).
 */
public final class PackedDoubles {
  private PackedDoubles() {}

  /** {@code values} packed; null stays null. */
  public static ByteBuffer of(double[] values) {
    if (values == null) return null;
    ByteBuffer b = ByteBuffer.allocate(8 * values.length);
    b.asDoubleBuffer().put(values);
    return b;
  }

  /** The packed values (from the buffer's position to its limit, which stay as they are); null stays null. */
  public static double[] toArray(ByteBuffer packed) {
    if (packed == null) return null;
    ByteBuffer b = packed.duplicate().order(java.nio.ByteOrder.BIG_ENDIAN);
    if (b.remaining() % 8 != 0) throw new IllegalArgumentException("a packed vector of " + b.remaining() + " bytes");
    double[] out = new double[b.remaining() / 8];
    b.asDoubleBuffer().get(out);
    return out;
  }
}
