package org.shardtrain.yarn.rpc;

/**
 * A 64-bit digest of a model's values, bit for bit (FNV-1a over each double's raw bits): how a member that
 * computed the next model itself proves it holds the one the AM computed, without the AM sending it.
 */
public final class ModelDigest {
  private static final long OFFSET = 0xcbf29ce484222325L;
  private static final long PRIME = 0x100000001b3L;

  private ModelDigest() {}

  public static long of(double[] values) {
    long h = OFFSET;
    for (double v : values) {
      long bits = Double.doubleToRawLongBits(v);
      for (int i = 0; i < 8; i++) {
        h ^= (bits >>> (8 * i)) & 0xff;
        h *= PRIME;
      }
    }
    return h ^ values.length;
  }
}
