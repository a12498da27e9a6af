package org.shardtrain.host.program;

import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.shardtrain.core.io.Json;
import org.shardtrain.core.loop.CheckpointStore;
import org.shardtrain.core.loop.IterationListener;
import org.shardtrain.core.loop.IterationLoop;
import org.shardtrain.core.loop.IterationRecord;
import org.shardtrain.core.loop.IterativeAlgorithm;
import org.shardtrain.core.loop.TrainingState;
import org.shardtrain.core.param.Param;
import org.shardtrain.core.param.ResolvedParams;
import org.shardtrain.core.param.RunParams;
import org.shardtrain.formats.FsCheckpointStore;
import org.shardtrain.host.engine.TrainingEngine;

/**
 * What every training program does around its algorithm: prepare the output (never over the input, never
 * over an existing output without --overwrite), keep checkpoints where --checkpoint-dir says, run the
 * iteration loop (resuming when asked), and, when the run fails before its first checkpoint, remove the
 * output it created.
 */
public final class TrainingRun {
  /** Test hook: simulate a crash right after the checkpoint of this iteration is written. */
  public static final String FAIL_AFTER_ITERATION = "shardtrain.debug.fail-after-iteration";
  private static final Param<Integer> FAIL_AFTER = Param.intParam("debug-fail-after-iteration", FAIL_AFTER_ITERATION)
      .defaultsTo(-1).describe("test hook: stop the run after this iteration's checkpoint").build();

  private final Configuration conf;
  private final ResolvedParams params;
  private final RunOutput output;
  private final Path checkpoints;
  private final TrainingEngine engine;
  private final PrintStream err;
  private FsCheckpointStore<?> store;
  private Map<String, Object> recovery;
  private final long startedMillis;

  /** {@code allInputs}: every input the run reads (comma-separated), none of which the output may overlap. */
  TrainingRun(Configuration conf, ResolvedParams params, String allInputs, TrainingEngine engine, PrintStream err)
      throws IOException {
    this.conf = conf;
    this.params = params;
    this.engine = engine;
    this.err = err;
    this.startedMillis = System.currentTimeMillis();
    allInputs = allInputs + warmStartFolder(conf, params);
    String checkpointDir = params.get(RunParams.CHECKPOINT_DIR);
    if (checkpointDir != null) {
      // Before the output is made: a refused run leaves nothing behind.
      Path dir = new Path(checkpointDir);
      RunOutput.refuseOverlap("checkpoint directory", "--checkpoint-dir", dir.getFileSystem(conf).makeQualified(dir),
          allInputs, conf);
    }
    this.output = new RunOutput(conf, params.get(RunParams.OUTPUT));
    output.prepare(conf, allInputs, params.get(RunParams.OVERWRITE), params.get(RunParams.RESUME));
    this.checkpoints = params.get(RunParams.CHECKPOINT_DIR) == null ? output.defaultCheckpointDir()
        : new Path(params.get(RunParams.CHECKPOINT_DIR));
  }

  RunOutput output() { return output; }

  /**
   * ",folder" of the model a warm start reads (--initial-model of any algorithm), or "": a run never
   * replaces the model it starts from, even with --overwrite.
   */
  private static String warmStartFolder(Configuration conf, ResolvedParams params) throws IOException {
    for (org.shardtrain.core.param.Param<?> p : params.params()) {
      if (p.name().equals("initial-model") && params.get(p) != null) {
        return "," + ModelFiles.guardedFolder(conf, params.get(p).toString());
      }
    }
    return "";
  }

  /** Where checkpoints (and, for ALS, each iteration's factor folders) go. */
  Path checkpointDir() { return checkpoints; }

  /** Checkpoints of {@code algorithm}'s state, refused on resume if made with other model-defining parameters. */
  <M> FsCheckpointStore<M> checkpointStore(String algorithm, Function<M, Object> toAvro, Function<Object, M> fromAvro)
      throws IOException {
    // The input by what it is (qualified paths, its files' lengths and times), not by the string typed.
    Map<String, String> modelDefining = InputIdentity.of(conf, params, params.modelDefining());
    FsCheckpointStore<M> s = new FsCheckpointStore<>(conf, checkpoints, algorithm, modelDefining, toAvro, fromAvro)
        .keep(params.get(RunParams.KEEP_CHECKPOINTS)).assignment(engine::assignment);
    this.store = s;
    return s;
  }

  /** Runs the loop; {@code progress} prints each iteration. */
  <M> TrainingState<M> run(IterativeAlgorithm<M> algorithm, FsCheckpointStore<M> store, int maxIterations,
                           IterationListener progress) throws Exception {
    int failAfter = FAIL_AFTER.read(conf::get);
    IterationListener listener = (IterationRecord record, boolean converged) -> {
      progress.iterationDone(record, converged);
      if (record.iteration() == failAfter) {
        throw new IllegalStateException("stopped after iteration " + failAfter + " by " + FAIL_AFTER_ITERATION);
      }
    };
    boolean resume = params.get(RunParams.RESUME);
    // On resume, the loop's read of the newest checkpoint also tells the user which one (restore()).
    CheckpointStore<M> reporting = !resume ? store : new CheckpointStore<>() {
      @Override public Optional<TrainingState<M>> latest() throws IOException { return restore(store); }
      @Override public void save(TrainingState<M> state) throws IOException { store.save(state); }
      @Override public void passed(TrainingState<M> state) throws IOException { store.passed(state); }
    };
    try {
      return new IterationLoop<>(algorithm, reporting, listener, params.get(RunParams.CHECKPOINT_EVERY))
          .run(maxIterations, resume);
    } catch (org.shardtrain.core.loop.DivergedException e) {
      // Its checkpoints lead only to the same divergence: nothing of the run is worth resuming.
      output.discardCreated();
      throw e;
    } catch (Exception | Error e) {
      // An Error too (out of memory): a run that fails before its first checkpoint leaves nothing behind.
      output.discardIfEmpty(checkpoints);
      throw e;
    }
  }

  /**
   * Work of the run before its loop (reading and routing the input, for ALS): on failure, like a failure in
   * the loop, the output this run created goes away when it holds no checkpoint.
   */
  public <T> T beforeLoop(java.util.concurrent.Callable<T> work) throws Exception {
    try {
      return work.call();
    } catch (Exception | Error e) {
      // An Error too (out of memory): a run that fails before its first checkpoint leaves nothing behind.
      output.discardIfEmpty(checkpoints);
      throw e;
    }
  }

  /** Reads the newest good checkpoint, tells the user which one (and what was passed over), and notes the recovery. */
  private <M> Optional<TrainingState<M>> restore(FsCheckpointStore<M> store) throws IOException {
    Optional<TrainingState<M>> state = store.latest();
    for (String r : store.rejected()) err.println("checkpoint passed over: " + r);
    if (state.isEmpty()) {
      if (!store.rejected().isEmpty()) err.println("no usable checkpoint in " + checkpoints + "; starting from the beginning");
      return state;
    }
    int iteration = state.get().iteration();
    err.printf("resuming from checkpoint %d in %s%n", iteration, checkpoints);
    Long failedAtMillis = ProgramTool.RECOVERY_FAILED_AT.readIfSet(conf::get);
    long failedAt = failedAtMillis == null ? startedMillis : failedAtMillis;
    recovery = Json.object();
    recovery.put("failed", ProgramTool.RECOVERY_FAILED.read(conf::get));
    recovery.put("iteration", iteration + 1);
    recovery.put("resumed_from_checkpoint", iteration);
    List<Object> passedOver = Json.array();
    passedOver.addAll(store.rejected());
    recovery.put("checkpoints_passed_over", passedOver);
    recovery.put("seconds_to_recover", Math.max(0, System.currentTimeMillis() - failedAt) / 1e3);
    return state;
  }

  /**
   * The program's exit code for a finished run: {@link ProgramTool#NOT_CONVERGED} (after saying so) when
   * --require-convergence is set and the run stopped without converging, else OK.
   */
  int exitCode(String program, TrainingState<?> state) {
    return exitCode(program, state, true);
  }

  /** As above; an algorithm without a convergence test ({@code testsConvergence} false, ALS) says so and is OK. */
  int exitCode(String program, TrainingState<?> state, boolean testsConvergence) {
    if (params.get(RunParams.REQUIRE_CONVERGENCE) && !testsConvergence) {
      err.println("shardtrain " + program + ": runs a fixed number of iterations; --require-convergence does not apply");
      return ProgramTool.OK;
    }
    if (params.get(RunParams.REQUIRE_CONVERGENCE) && !state.converged()) {
      err.println("shardtrain " + program + ": stopped after " + state.iteration()
          + " iterations without converging (--require-convergence: exit code " + ProgramTool.NOT_CONVERGED + ")");
      return ProgramTool.NOT_CONVERGED;
    }
    return ProgramTool.OK;
  }

  /** Adds this run's recovery (if it resumed) to metrics.json's {@code recoveries}, before the engine's (workers'). */
  @SuppressWarnings("unchecked")
  void describe(Map<String, Object> metrics) {
    List<Object> recoveries = (List<Object>) metrics.computeIfAbsent("recoveries", k -> Json.array());
    if (recovery != null) recoveries.add(0, recovery);
    if (store != null) {
      metrics.put("checkpoints", store.dir().toString());
    }
  }
}
