package org.shardtrain.core.sgd;

import java.util.List;
import org.shardtrain.core.param.Param;
import org.shardtrain.core.param.ResolvedParams;

/** The SGD parameters, declared once, and their typed, validated values for one run. */
public record SgdParams(Loss loss, Regularization regularization, double step, Schedule schedule, long batch,
                        int epochs, Averaging averaging, boolean intercept, boolean standardize,
                        String initialModel, String testInput, double testFraction, long seed, double tolerance,
                        Optimizer optimizer, int memory) {

  public enum Averaging { GRADIENT, MODEL }

  public static final Param<Loss> LOSS = Param.enumParam("loss", "shardtrain.sgd.loss", Loss.class).required()
      .modelDefining().describe("logistic (two classes), multinomial (K classes: softmax, labels are class ids 0…1023), squared "
          + "(regression) or hinge (linear SVM)").build();
  public static final Param<Regularization.Kind> REG = Param.enumParam("reg", "shardtrain.sgd.reg",
      Regularization.Kind.class).defaultsTo(Regularization.Kind.NONE).modelDefining()
      .describe("penalty on the weights (never the intercept)").build();
  public static final Param<Double> LAMBDA = Param.doubleParam("lambda", "shardtrain.sgd.lambda").defaultsTo(0.0)
      .modelDefining().validate(v -> v >= 0, "must be 0 or more").describe("regularisation strength").build();
  public static final Param<Double> L1_RATIO = Param.doubleParam("l1-ratio", "shardtrain.sgd.l1-ratio").defaultsTo(0.5)
      .modelDefining().validate(v -> v >= 0 && v <= 1, "must be between 0 and 1")
      .describe("elastic net: the L1 share of the penalty").build();
  public static final Param<Double> STEP = Param.doubleParam("step", "shardtrain.sgd.step").defaultsTo(0.5)
      .modelDefining().validate(v -> v > 0, "must be positive").describe("step size η").build();
  public static final Param<Schedule> SCHEDULE = Param.enumParam("schedule", "shardtrain.sgd.schedule", Schedule.class)
      .defaultsTo(Schedule.ADAGRAD).modelDefining().describe("step sizes: η, η/√t, or AdaGrad per coordinate").build();
  public static final Param<Long> BATCH = Param.longParam("batch", "shardtrain.sgd.batch").defaultsTo(0L)
      .modelDefining().validate(v -> v >= 0, "must be 0 or more")
      .describe("gradient averaging: examples per step, sampled (0 = the full batch, one step per epoch)").build();
  public static final Param<Integer> EPOCHS = Param.intParam("epochs", "shardtrain.sgd.epochs").defaultsTo(20)
      .validate(v -> v >= 0, "must be 0 or more").describe("passes over the training data").build();
  public static final Param<Averaging> AVERAGING = Param.enumParam("averaging", "shardtrain.sgd.averaging",
      Averaging.class).defaultsTo(Averaging.GRADIENT).modelDefining()
      .describe("gradient = synchronous (mini-)batch gradient descent; model = iterative parameter mixing").build();
  public static final Param<Boolean> INTERCEPT = Param.flag("intercept", "shardtrain.sgd.intercept").modelDefining()
      .describe("fit an intercept").build();
  public static final Param<Boolean> STANDARDIZE = Param.flag("standardize", "shardtrain.sgd.standardize")
      .modelDefining().describe("train on centred, unit-variance features (and label, for squared loss); "
          + "the saved model still reads raw features").build();
  public static final Param<String> INITIAL_MODEL = Param.pathParam("initial-model", "shardtrain.sgd.initial-model")
      .optional().modelDefining().describe("warm start from an earlier sgd output, model, or publish registry (its current model)").build();
  public static final Param<String> TEST_INPUT = Param.pathParam("test-input", "shardtrain.sgd.test-input")
      .optional().describe("held-out examples for the test metrics").build();
  public static final Param<Double> TEST_FRACTION = Param.doubleParam("test-fraction", "shardtrain.sgd.test-fraction")
      .defaultsTo(0.0).modelDefining().validate(v -> v >= 0 && v < 1, "must be in [0, 1)")
      .describe("hold out this fraction of the input (chosen by hashing each example with the seed)").build();
  public static final Param<Long> SEED = Param.longParam("seed", "shardtrain.sgd.seed").defaultsTo(42L).modelDefining()
      .describe("seed of the test split and of mini-batch sampling").build();
  public static final Param<Double> TOL = Param.doubleParam("tol", "shardtrain.sgd.tol").defaultsTo(0.0)
      .modelDefining().validate(v -> v >= 0, "must be 0 or more")
      .describe("stop when the training loss changes by less than this fraction (0 = run every epoch)").build();

  public static final Param<Optimizer> OPTIMIZER = Param.enumParam("optimizer", "shardtrain.sgd.optimizer",
      Optimizer.class).defaultsTo(Optimizer.SGD).modelDefining()
      .describe("sgd: one step per pass (--step, --schedule, --batch, --averaging), for data too large for many "
          + "full passes; lbfgs: L-BFGS on the full-batch objective (OWL-QN with an L1 term), reaches the "
          + "regularised optimum without tuning").build();
  public static final Param<Integer> LBFGS_MEMORY = Param.intParam("lbfgs-memory", "shardtrain.sgd.lbfgs-memory")
      .defaultsTo(10).modelDefining().validate(v -> v >= 1 && v <= 1000, "must be between 1 and 1000")
      .describe("L-BFGS: correction pairs kept (Spark's and Breeze's default: 10)").build();

  public static final List<Param<?>> ALL = List.of(LOSS, OPTIMIZER, REG, LAMBDA, L1_RATIO, STEP, SCHEDULE, BATCH,
      EPOCHS, AVERAGING, INTERCEPT, STANDARDIZE, INITIAL_MODEL, TEST_INPUT, TEST_FRACTION, SEED, TOL, LBFGS_MEMORY);

  public static SgdParams from(ResolvedParams p) {
    if (p.get(TEST_INPUT) != null && p.get(TEST_FRACTION) > 0) {
      throw new org.shardtrain.core.param.ParamException("give --test-input or --test-fraction, not both");
    }
    if (p.get(OPTIMIZER) == Optimizer.LBFGS && p.get(LOSS) == Loss.HINGE) {
      throw new org.shardtrain.core.param.ParamException("--optimizer lbfgs needs a smooth loss (logistic or squared); "
          + "the hinge loss has no gradient at margin 1: use --optimizer sgd");
    }
    if (p.get(LOSS) == Loss.MULTINOMIAL && p.get(OPTIMIZER) == Optimizer.SGD && p.get(AVERAGING) == Averaging.MODEL) {
      throw new org.shardtrain.core.param.ParamException("--loss multinomial trains by --optimizer lbfgs or "
          + "--averaging gradient; --averaging model is for the binary and regression losses");
    }
    if (p.get(REG) != Regularization.Kind.NONE && p.get(LAMBDA) == 0) {
      throw new org.shardtrain.core.param.ParamException("--reg " + REG.format(p.get(REG)) + " needs --lambda > 0");
    }
    return new SgdParams(p.get(LOSS), new Regularization(p.get(REG), p.get(LAMBDA), p.get(L1_RATIO)), p.get(STEP),
        p.get(SCHEDULE), p.get(BATCH), p.get(EPOCHS), p.get(AVERAGING), p.get(INTERCEPT), p.get(STANDARDIZE),
        p.get(INITIAL_MODEL), p.get(TEST_INPUT), p.get(TEST_FRACTION), p.get(SEED), p.get(TOL), p.get(OPTIMIZER),
        p.get(LBFGS_MEMORY));
  }
}
