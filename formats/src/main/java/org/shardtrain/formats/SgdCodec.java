package org.shardtrain.formats;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.shardtrain.core.sgd.Classes;
import org.shardtrain.core.sgd.FeatureScaling;
import org.shardtrain.core.sgd.LinearModel;
import org.shardtrain.core.sgd.Loss;
import org.shardtrain.core.sgd.QuasiNewtonMemory;
import org.shardtrain.core.sgd.SgdState;

/** Converts SGD models and optimiser state between the core and their Avro records. */
public final class SgdCodec {
  private SgdCodec() {}

  public static org.shardtrain.formats.avro.LinearModel toAvro(LinearModel m, Map<String, String> params) {
    return org.shardtrain.formats.avro.LinearModel.newBuilder()
        .setFormatVersion(m.classes() == null ? 1 : 2)
        .setLoss(m.loss().name().toLowerCase(Locale.ROOT))
        .setFeatureCount(m.featureCount())
        .setWeights(list(m.weights()))
        .setIntercept(m.intercept())
        .setParams(params)
        .setShardtrainVersion(Version.get())
        .setClasses(m.classes() == null ? null : list(m.classes().labels()))
        .setIntercepts(m.classes() == null ? null : list(m.classes().intercepts()))
        .build();
  }

  public static LinearModel fromAvro(org.shardtrain.formats.avro.LinearModel a) {
    double[] w = array(a.getWeights());
    Classes classes = a.getClasses() == null ? null : new Classes(array(a.getClasses()), array(a.getIntercepts()));
    long rows = classes == null ? 1 : classes.count();
    if (w.length != rows * a.getFeatureCount()) {
      throw new IllegalArgumentException("model has " + w.length + " weights but " + rows + " × featureCount "
          + a.getFeatureCount());
    }
    return new LinearModel(Loss.valueOf(a.getLoss().toUpperCase(Locale.ROOT)), w, a.getIntercept(), classes);
  }

  public static org.shardtrain.formats.avro.SgdState toAvro(SgdState s) {
    FeatureScaling sc = s.scaling();
    return org.shardtrain.formats.avro.SgdState.newBuilder()
        .setWeights(list(s.weights()))
        .setIntercept(s.intercept())
        .setStep(s.step())
        .setAccumulators(s.accumulators() == null ? null : list(s.accumulators()))
        .setMean(list(sc.mean()))
        .setInvStd(list(sc.invStd()))
        .setLabelMean(sc.labelMean())
        .setLabelStd(sc.labelStd())
        .setLbfgs(s.memory() == null ? null : toAvro(s.memory()))
        .setClasses(s.classes() == null ? null : list(s.classes().labels()))
        .setIntercepts(s.classes() == null ? null : list(s.classes().intercepts()))
        .build();
  }

  public static SgdState fromAvro(org.shardtrain.formats.avro.SgdState a) {
    FeatureScaling sc = new FeatureScaling(array(a.getMean()), array(a.getInvStd()), a.getLabelMean(), a.getLabelStd());
    return new SgdState(array(a.getWeights()), a.getIntercept(), a.getStep(),
        a.getAccumulators() == null ? null : array(a.getAccumulators()), sc,
        a.getLbfgs() == null ? null : fromAvro(a.getLbfgs()),
        a.getClasses() == null ? null : new Classes(array(a.getClasses()), array(a.getIntercepts())));
  }

  private static org.shardtrain.formats.avro.QuasiNewtonMemory toAvro(QuasiNewtonMemory m) {
    return org.shardtrain.formats.avro.QuasiNewtonMemory.newBuilder()
        .setObjective(m.objective())
        .setGradient(list(m.gradient()))
        .setS(m.s().stream().map(SgdCodec::list).toList())
        .setY(m.y().stream().map(SgdCodec::list).toList())
        .build();
  }

  private static QuasiNewtonMemory fromAvro(org.shardtrain.formats.avro.QuasiNewtonMemory a) {
    return new QuasiNewtonMemory(a.getObjective(), array(a.getGradient()),
        a.getS().stream().map(SgdCodec::array).toList(), a.getY().stream().map(SgdCodec::array).toList());
  }

  static List<Double> list(double[] v) {
    List<Double> out = new ArrayList<>(v.length);
    for (double x : v) out.add(x);
    return out;
  }

  static double[] array(List<Double> l) {
    double[] out = new double[l.size()];
    for (int i = 0; i < out.length; i++) out[i] = l.get(i);
    return out;
  }
}
