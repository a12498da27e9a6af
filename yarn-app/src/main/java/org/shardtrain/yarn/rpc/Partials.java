package org.shardtrain.yarn.rpc;

import org.shardtrain.formats.stats.KMeansPartials;
import org.shardtrain.formats.stats.PartialWritable;

/**
 * k-means statistics on the wire: the very (key, partial) pairs a MapReduce map task emits
 * ({@link KMeansPartials}), so both engines merge the same way through the same code.
 */
public final class Partials {
  private Partials() {}

  public interface Consumer {
    void accept(int key, PartialWritable value);
  }

  public static KMeansPartials.Sink sink(Bytes.Out out) {
    return (key, count, amount, vector, size) -> out.i(key).l(count).d(amount).doubles(vector, vector == null ? 0 : size);
  }

  public static void forEach(byte[] bytes, Consumer consumer) {
    Bytes.In in = Bytes.in(bytes);
    PartialWritable v = new PartialWritable();
    while (in.more()) {
      int key = in.i();
      long count = in.l();
      double amount = in.d();
      double[] vector = in.doubles();
      v.set(count, amount, vector == null ? new double[0] : vector, vector == null ? 0 : vector.length);
      consumer.accept(key, v);
    }
  }
}
