package org.shardtrain.host.program;

import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.shardtrain.core.io.Json;
import org.shardtrain.core.param.ResolvedParams;
import org.shardtrain.host.engine.TrainingEngine;

/**
 * The frame every training program (kmeans, sgd, als) runs in, written once: where the passes run (this
 * process's engine, or the whole program submitted elsewhere — on YARN the ApplicationMaster then runs this
 * same program with its own engine), the run's configuration (the cluster's plus every resolved parameter),
 * and the end of metrics.json (model, parameters, the engine's and run's descriptions, wall time) and of
 * the console. A program fills in {@link #train}: its data checks, passes, loop and model.
 */
public abstract class TrainingProgram extends ProgramTool {
  /** What a program's {@link #train} is given: the parameters, the run's configuration and engine. */
  protected record Training(ResolvedParams params, Configuration conf, TrainingEngine engine, long startedNanos) {}

  @Override
  protected final int execute(ResolvedParams p) throws Exception {
    TrainingEngine engine = engine(p);
    if (engine == null) return submitElsewhere(p);
    Configuration conf = new Configuration(getConf());
    p.asConfiguration().forEach(conf::set);
    return train(new Training(p, conf, engine, System.nanoTime()));
  }

  protected abstract int train(Training t) throws Exception;

  /**
   * Completes and writes metrics.json (the same fields, in the same order, for every algorithm and engine),
   * removes the work folder and names the model and metrics on the console.
   */
  protected final void finish(Training t, TrainingRun run, Map<String, Object> metrics) throws java.io.IOException {
    RunOutput output = run.output();
    metrics.put("model", output.modelDir().toString());
    metrics.put("params", t.params().asConfiguration());
    t.engine().describe(metrics);
    run.describe(metrics);
    metrics.put("wall_seconds", (System.nanoTime() - t.startedNanos()) / 1e9);
    output.writeText(output.metricsFile(), Json.write(metrics));
    output.removeWork();
  }

  /** The console's last two lines, after the program's own summary line. */
  protected final void printLocations(TrainingRun run) {
    out.println("model:   " + run.output().modelDir());
    out.println("metrics: " + run.output().metricsFile());
  }
}
