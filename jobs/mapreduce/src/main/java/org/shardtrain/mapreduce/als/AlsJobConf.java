package org.shardtrain.mapreduce.als;

import org.apache.hadoop.conf.Configuration;
import org.shardtrain.core.als.AlsParams;

/** Typed accessors for what ALS tasks read from the job configuration. */
public final class AlsJobConf {
  static final String MISSING = "shardtrain.internal.als.missing-factor";
  static final String GRAM = "shardtrain.internal.als.gram";

  /** What a join does for an ID that has ratings but no factor. */
  public enum Missing { FAIL, INITIAL, COLD }

  private AlsJobConf() {}

  public static int rank(Configuration c) { return c.getInt(AlsParams.RANK.key(), AlsParams.RANK.defaultValue()); }
  public static double lambda(Configuration c) { return c.getDouble(AlsParams.LAMBDA.key(), AlsParams.LAMBDA.defaultValue()); }
  public static boolean implicit(Configuration c) { return c.getBoolean(AlsParams.IMPLICIT.key(), false); }
  public static double alpha(Configuration c) { return c.getDouble(AlsParams.ALPHA.key(), AlsParams.ALPHA.defaultValue()); }
  public static long seed(Configuration c) { return c.getLong(AlsParams.SEED.key(), AlsParams.SEED.defaultValue()); }

  public static void setMissing(Configuration c, Missing m) { c.set(MISSING, m.name()); }
  public static Missing missing(Configuration c) { return Missing.valueOf(c.get(MISSING, Missing.FAIL.name())); }

  /** The packed Gram matrix YᵀY of the other side's factors (implicit feedback), as text. */
  public static void setGram(Configuration c, double[] packed) {
    StringBuilder sb = new StringBuilder();
    for (double v : packed) sb.append(sb.length() == 0 ? "" : ",").append(Double.toString(v));
    c.set(GRAM, sb.toString());
  }

  public static double[] gram(Configuration c) {
    String s = c.get(GRAM);
    if (s == null || s.isEmpty()) return null;
    String[] f = s.split(",");
    double[] out = new double[f.length];
    for (int i = 0; i < f.length; i++) out[i] = Double.parseDouble(f[i]);
    return out;
  }
}
