package org.shardtrain.mapreduce.als;

import org.apache.hadoop.conf.Configuration;
import org.shardtrain.core.als.AlsParams;
import org.shardtrain.core.param.Param;

/**
 * What ALS tasks read from the job configuration: user parameters through their declarations, per-job
 * values through the internal declarations below (set by the engine, never by a user).
 */
public final class AlsJobConf {
  /** What a join does for an ID that has ratings but no factor. */
  public enum Missing { FAIL, INITIAL, COLD }

  static final Param<Missing> MISSING = Param.enumParam("internal-als-missing-factor", "shardtrain.internal.als.missing-factor",
      Missing.class).defaultsTo(Missing.FAIL).describe("what a join does for an ID with ratings but no factor").build();
  static final Param<String> GRAM = Param.stringParam("internal-als-gram", "shardtrain.internal.als.gram")
      .optional().describe("the packed Gram matrix of the other side's factors (implicit feedback), comma-separated").build();

  private AlsJobConf() {}

  public static int rank(Configuration c) { return AlsParams.RANK.read(c::get); }
  public static double lambda(Configuration c) { return AlsParams.LAMBDA.read(c::get); }
  public static boolean implicit(Configuration c) { return AlsParams.IMPLICIT.read(c::get); }
  public static double alpha(Configuration c) { return AlsParams.ALPHA.read(c::get); }
  public static long seed(Configuration c) { return AlsParams.SEED.read(c::get); }

  public static void setMissing(Configuration c, Missing m) { MISSING.write(c::set, m); }
  public static Missing missing(Configuration c) { return MISSING.read(c::get); }

  /** The packed Gram matrix YᵀY of the other side's factors (implicit feedback), as text. */
  public static void setGram(Configuration c, double[] packed) {
    StringBuilder sb = new StringBuilder();
    for (double v : packed) sb.append(sb.length() == 0 ? "" : ",").append(Double.toString(v));
    GRAM.write(c::set, sb.toString());
  }

  public static double[] gram(Configuration c) {
    String s = GRAM.read(c::get);
    if (s == null) return null;
    String[] f = s.split(",");
    double[] out = new double[f.length];
    for (int i = 0; i < f.length; i++) out[i] = Double.parseDouble(f[i]);
    return out;
  }
}
