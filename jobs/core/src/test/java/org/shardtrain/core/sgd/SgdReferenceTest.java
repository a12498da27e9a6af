package org.shardtrain.core.sgd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.shardtrain.core.loop.CheckpointStore;
import org.shardtrain.core.loop.IterationListener;
import org.shardtrain.core.loop.IterationLoop;
import org.shardtrain.core.testing.Datasets;

/** Whole SGD runs in one process (the reference engine) against published results on shipped data. */
class SgdReferenceTest {

  static LinearModel train(SparseExamples train, SparseExamples test, SgdParams p, int splits) throws Exception {
    SgdAlgorithm algo = new SgdAlgorithm(p, new InMemorySgdPasses(train, test, p.seed(), splits), null);
    return new IterationLoop<>(algo, CheckpointStore.<SgdState>none(), IterationListener.NONE)
        .run(p.epochs(), false).model().toModel(p.loss());
  }

  static SgdParams params(Loss loss, SgdParams.Averaging averaging, int epochs, double step) {
    return new SgdParams(loss, new Regularization(Regularization.Kind.NONE, 0, 0), step, Schedule.ADAGRAD, 0, epochs,
        averaging, true, true, null, null, 0, 1, 0, Optimizer.SGD, 10);
  }

  @Test
  void lpsaLeastSquaresReachesThePublishedCoefficients() throws Exception {
    SparseExamples lpsa = Datasets.readLibsvm(Datasets.shipped("spark-lpsa/lpsa.libsvm"));
    double[] published = {0.6795, 0.2631, -0.1415, 0.2101, 0.3052, -0.2885, -0.0213, 0.2670}; // R lm, ESL Table 3.2
    for (SgdParams.Averaging a : SgdParams.Averaging.values()) {
      // Model averaging takes one SGD step per example: smaller steps, more epochs (67 examples only).
      boolean gd = a == SgdParams.Averaging.GRADIENT;
      LinearModel m = train(lpsa, lpsa, params(Loss.SQUARED, a, gd ? 300 : 300, gd ? 0.5 : 0.05), 1);
      double tol = gd ? 0.02 : 0.03;
      assertEquals(2.4649, m.intercept(), tol, a + " intercept");
      for (int j = 0; j < 8; j++) assertEquals(published[j], m.weights()[j], tol, a + " w" + (j + 1));
    }
  }

  @Test
  void breastCancerLogisticAccuracy() throws Exception {
    SparseExamples all = Datasets.readLibsvm(Datasets.shipped("breast-cancer/data.libsvm"));
    SparseExamples[] split = all.split(7, 0.3);
    for (SgdParams.Averaging a : SgdParams.Averaging.values()) {
      LinearModel m = train(split[0], split[1], params(Loss.LOGISTIC, a, 30, 0.5), 2);
      EvalStats e = new InMemorySgdPasses(split[0], split[1], 7, 1).evaluate(m);
      assertTrue(e.accuracy() >= 0.94, a + " accuracy " + e.accuracy());
      assertTrue(e.auc() >= 0.97, a + " auc " + e.auc());
    }
  }
}
