package org.shardtrain.mapreduce.program;

import java.io.IOException;
import java.util.Map;
import java.util.function.Function;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.shardtrain.core.loop.IterationListener;
import org.shardtrain.core.loop.IterationLoop;
import org.shardtrain.core.loop.IterativeAlgorithm;
import org.shardtrain.core.loop.IterationRecord;
import org.shardtrain.core.loop.TrainingState;
import org.shardtrain.core.param.ResolvedParams;
import org.shardtrain.core.param.RunParams;
import org.shardtrain.formats.FsCheckpointStore;

/**
 * What every training program does around its algorithm: prepare the output (never over the input, never
 * over an existing output without --overwrite), keep checkpoints where --checkpoint-dir says, run the
 * iteration loop (resuming when asked), and, when the run fails before its first checkpoint, remove the
 * output it created.
 */
final class TrainingRun {
  /** Test hook: simulate a crash right after the checkpoint of this iteration is written. */
  static final String FAIL_AFTER_ITERATION = "shardtrain.debug.fail-after-iteration";

  private final Configuration conf;
  private final ResolvedParams params;
  private final RunOutput output;
  private final Path checkpoints;

  /** {@code allInputs}: every input the run reads (comma-separated), none of which the output may overlap. */
  TrainingRun(Configuration conf, ResolvedParams params, String allInputs) throws IOException {
    this.conf = conf;
    this.params = params;
    this.output = new RunOutput(conf, params.get(RunParams.OUTPUT));
    output.prepare(conf, allInputs, params.get(RunParams.OVERWRITE), params.get(RunParams.RESUME));
    this.checkpoints = params.get(RunParams.CHECKPOINT_DIR) == null ? output.defaultCheckpointDir()
        : new Path(params.get(RunParams.CHECKPOINT_DIR));
  }

  RunOutput output() { return output; }

  /** Where checkpoints (and, for ALS, each iteration's factor folders) go. */
  Path checkpointDir() { return checkpoints; }

  /** Checkpoints of {@code algorithm}'s state, refused on resume if made with other model-defining parameters. */
  <M> FsCheckpointStore<M> checkpointStore(String algorithm, Function<M, Object> toAvro, Function<Object, M> fromAvro) {
    Map<String, String> modelDefining = params.modelDefining();
    return new FsCheckpointStore<>(conf, checkpoints, algorithm, modelDefining, toAvro, fromAvro);
  }

  /** Runs the loop; {@code progress} prints each iteration. */
  <M> TrainingState<M> run(IterativeAlgorithm<M> algorithm, FsCheckpointStore<M> store, int maxIterations,
                           IterationListener progress) throws Exception {
    int failAfter = conf.getInt(FAIL_AFTER_ITERATION, -1);
    IterationListener listener = (IterationRecord record, boolean converged) -> {
      progress.iterationDone(record, converged);
      if (record.iteration() == failAfter) {
        throw new IllegalStateException("stopped after iteration " + failAfter + " by " + FAIL_AFTER_ITERATION);
      }
    };
    try {
      return new IterationLoop<>(algorithm, store, listener).run(maxIterations, params.get(RunParams.RESUME));
    } catch (Exception e) {
      output.discardIfEmpty(checkpoints);
      throw e;
    }
  }
}
