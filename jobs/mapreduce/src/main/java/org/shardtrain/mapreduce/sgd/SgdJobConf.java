package org.shardtrain.mapreduce.sgd;

import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.shardtrain.core.param.Param;
import org.shardtrain.core.sgd.LinearModel;
import org.shardtrain.core.sgd.Loss;
import org.shardtrain.core.sgd.SgdParams;
import org.shardtrain.core.sgd.SgdState;
import org.shardtrain.formats.AvroFiles;
import org.shardtrain.formats.SgdCodec;

/**
 * What an SGD pass's tasks read from the job configuration: user parameters through their declarations,
 * per-pass values through the internal declarations below (set by the engine, never by a user).
 */
public final class SgdJobConf {
  /** Which examples a pass sees: the training part, the held-out part, or all (a separate test input). */
  public enum Role { TRAIN, TEST, ALL }

  static final Param<Role> ROLE = Param.enumParam("internal-sgd-role", "shardtrain.internal.sgd.role", Role.class)
      .defaultsTo(Role.ALL).describe("which examples the pass sees").build();
  static final Param<String> STATE = Param.pathParam("internal-sgd-state", "shardtrain.internal.sgd.state")
      .required().describe("the Avro file of the SGD state the pass starts from").build();
  static final Param<String> MODEL = Param.pathParam("internal-sgd-model", "shardtrain.internal.sgd.model")
      .required().describe("the Avro file of the linear model a prediction pass applies").build();
  static final Param<Long> STEP = Param.longParam("internal-sgd-step", "shardtrain.internal.sgd.step")
      .defaultsTo(1L).describe("the step number of a mini-batch pass").build();
  static final Param<Double> FRACTION = Param.doubleParam("internal-sgd-batch-fraction", "shardtrain.internal.sgd.batch-fraction")
      .defaultsTo(1.0).describe("the fraction of the examples a mini-batch pass samples").build();

  private SgdJobConf() {}

  public static void setRole(Configuration c, Role r) { ROLE.write(c::set, r); }
  public static Role role(Configuration c) { return ROLE.read(c::get); }

  public static Loss loss(Configuration c) { return SgdParams.LOSS.read(c::get); }

  public static long seed(Configuration c) { return SgdParams.SEED.read(c::get); }

  public static double testFraction(Configuration c) { return SgdParams.TEST_FRACTION.read(c::get); }

  public static void setState(Configuration c, Path file) { STATE.write(c::set, file.toString()); }

  public static SgdState state(Configuration c) throws IOException {
    return SgdCodec.fromAvro(AvroFiles.readSingle(c, new Path(STATE.read(c::get)), org.shardtrain.formats.avro.SgdState.class));
  }

  public static void setModel(Configuration c, Path file) { MODEL.write(c::set, file.toString()); }

  public static LinearModel model(Configuration c) throws IOException {
    return SgdCodec.fromAvro(AvroFiles.readSingle(c, new Path(MODEL.read(c::get)), org.shardtrain.formats.avro.LinearModel.class));
  }

  public static void setBatch(Configuration c, long step, double fraction) {
    STEP.write(c::set, step);
    FRACTION.write(c::set, fraction);
  }

  public static long step(Configuration c) { return STEP.read(c::get); }
  public static double fraction(Configuration c) { return FRACTION.read(c::get); }
}
