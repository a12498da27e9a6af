package org.shardtrain.mapreduce.sgd;

import java.io.IOException;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.shardtrain.core.sgd.LinearModel;
import org.shardtrain.core.sgd.Loss;
import org.shardtrain.core.sgd.SgdParams;
import org.shardtrain.core.sgd.SgdState;
import org.shardtrain.formats.AvroFiles;
import org.shardtrain.formats.SgdCodec;

/** Typed accessors for what an SGD pass's tasks read from the job configuration. */
public final class SgdJobConf {
  /** Which examples a pass sees: the training part, the held-out part, or all (a separate test input). */
  public enum Role { TRAIN, TEST, ALL }

  static final String ROLE = "shardtrain.internal.sgd.role";
  static final String STATE = "shardtrain.internal.sgd.state";
  static final String MODEL = "shardtrain.internal.sgd.model";
  static final String STEP = "shardtrain.internal.sgd.step";
  static final String FRACTION = "shardtrain.internal.sgd.batch-fraction";

  private SgdJobConf() {}

  public static void setRole(Configuration c, Role r) { c.set(ROLE, r.name()); }
  public static Role role(Configuration c) { return Role.valueOf(c.get(ROLE, Role.ALL.name())); }

  public static Loss loss(Configuration c) {
    return Loss.valueOf(c.get(SgdParams.LOSS.key()).toUpperCase(Locale.ROOT));
  }

  public static long seed(Configuration c) { return c.getLong(SgdParams.SEED.key(), SgdParams.SEED.defaultValue()); }

  public static double testFraction(Configuration c) { return c.getDouble(SgdParams.TEST_FRACTION.key(), 0); }

  public static void setState(Configuration c, Path file) { c.set(STATE, file.toString()); }

  public static SgdState state(Configuration c) throws IOException {
    return SgdCodec.fromAvro(AvroFiles.readSingle(c, new Path(c.get(STATE)), org.shardtrain.formats.avro.SgdState.class));
  }

  public static void setModel(Configuration c, Path file) { c.set(MODEL, file.toString()); }

  public static LinearModel model(Configuration c) throws IOException {
    return SgdCodec.fromAvro(AvroFiles.readSingle(c, new Path(c.get(MODEL)), org.shardtrain.formats.avro.LinearModel.class));
  }

  public static void setBatch(Configuration c, long step, double fraction) {
    c.setLong(STEP, step);
    c.setDouble(FRACTION, fraction);
  }

  public static long step(Configuration c) { return c.getLong(STEP, 1); }
  public static double fraction(Configuration c) { return c.getDouble(FRACTION, 1.0); }
}
