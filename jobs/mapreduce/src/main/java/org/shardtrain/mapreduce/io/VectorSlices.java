package org.shardtrain.mapreduce.io;

import java.io.IOException;
import java.util.Arrays;
import org.apache.hadoop.conf.Configuration;
import org.shardtrain.core.param.Param;

/**
 * A long statistics vector (SGD: a gradient, feature sums, a model sum — d + a few doubles) cut into
 * fixed-size slices, one slot each, so a pass can spread it over reducers by range: slice j holds
 * coordinates [j·S, (j+1)·S). Vectors of different tasks may differ in length (feature sums grow with the
 * largest index a task saw); a slice is placed by its number, so the driver's assembly does not depend on
 * which tasks had which length.
 */
public final class VectorSlices {
  /** 64 Ki doubles: 512 KB per slice, so d = 10⁷ features spread over up to 153 reducers. */
  static final Param<Integer> SLICE = Param.intParam("internal-slice-size", "shardtrain.internal.pass.slice-size")
      .defaultsTo(1 << 16).validate(n -> n >= 1, "at least 1")
      .describe("doubles per slice of a statistics vector (one reducer slot each)").build();

  private final int slice;
  private double[] assembled;

  private VectorSlices(int slice) { this.slice = slice; }

  public static VectorSlices of(Configuration conf) { return new VectorSlices(SLICE.read(conf::get)); }

  /** Sets the slice size (tests cut short vectors to see several reducers). */
  public static void setSliceSize(Configuration conf, int doubles) { SLICE.write(conf::set, doubles); }

  /** Slots of a vector of {@code length} doubles (at least 1: an empty vector still travels, as slot 0). */
  public long slots(long length) { return Math.max(1, (length + slice - 1) / slice); }

  /** Writes {@code v} as its slices. */
  public void emit(double[] v, SliceSink out) throws IOException, InterruptedException {
    if (v.length == 0) {
      out.write(0, v, 0, 0);
      return;
    }
    for (int j = 0, from = 0; from < v.length; j++, from += slice) out.write(j, v, from, Math.min(slice, v.length - from));
  }

  public interface SliceSink {
    void write(int slot, double[] v, int from, int length) throws IOException, InterruptedException;
  }

  /** Driver side: adds one summed slice at its place. */
  public void accept(int slot, PartialWritable p) {
    long from = (long) slot * slice;
    int end = Math.toIntExact(from + p.size());
    if (assembled == null) assembled = new double[end];
    else if (assembled.length < end) assembled = Arrays.copyOf(assembled, end);
    System.arraycopy(p.vector(), 0, assembled, (int) from, p.size());
  }

  /** The whole vector, or null when no task wrote one. */
  public double[] assembled() { return assembled; }
}
