package org.shardtrain.mapreduce.kmeans;

import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.shardtrain.core.kernel.CpuKernels;
import org.shardtrain.core.kmeans.KMeansModel;
import org.shardtrain.core.kmeans.LloydPass;
import org.shardtrain.host.KernelThreads;
import org.shardtrain.host.engine.KMeansJobConf;

/**
 * A Lloyd iteration's mapper: gathers prepared points into blocks and runs each through the CPU kernels
 * ({@link LloydPass}: nearest centres and per-centre partial sums held in memory); emits k partials (and
 * the far points) at cleanup, so the shuffle carries k records per task instead of one per point.
 */
public final class KMeansMapper extends PointMapper {
  /** Points per kernel call. */
  static final int BLOCK = 4096;
  private CpuKernels kernels;
  private LloydPass pass;
  private double[] block;
  private int buffered;

  @Override
  protected void setupPass(Configuration conf) throws IOException {
    KMeansModel model = KMeansJobConf.centres(conf);
    if (model.dimension() != dimension) {
      throw new IllegalStateException("centres have dimension " + model.dimension() + ", input " + dimension);
    }
    kernels = new CpuKernels(KernelThreads.forMapTask(conf));
    pass = new LloydPass(model, kernels);
    block = new double[BLOCK * dimension];
  }

  @Override
  protected void accept(double[] point) {
    System.arraycopy(point, 0, block, buffered * dimension, dimension);
    if (++buffered == BLOCK) flush();
  }

  private void flush() {
    pass.addBlock(block, buffered);
    block = new double[BLOCK * dimension]; // a fresh array: a kernel may keep what it was given (LloydPass)
    buffered = 0;
  }

  @Override
  protected void emit(Context context) throws IOException, InterruptedException {
    flush();
    kernels.close();
    KMeansPartials.emitLloyd(pass.stats(), KMeansPartials.sink(context));
  }
}
