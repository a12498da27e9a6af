package org.shardtrain.host.program;

import java.io.IOException;
import java.io.PrintStream;
import java.util.Map;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.shardtrain.core.io.BadRecordPolicy;
import org.shardtrain.core.io.Json;
import org.shardtrain.core.param.ProgramParams;
import org.shardtrain.core.param.ResolvedParams;
import org.shardtrain.core.param.RunParams;

/**
 * What every evaluation does around its passes: an optional output folder (never over the input), a
 * scratch folder removed at the end, where rejects go, and the metrics printed as JSON (and written to
 * {@code <output>/metrics.json} when an output was given).
 */
public final class EvaluationRun implements AutoCloseable {
  private final Configuration conf;
  private final ResolvedParams params;
  private final RunOutput output;
  private final Path work;

  /** {@code modelFile}: the model evaluated, whose folder the output may not overlap. */
  public EvaluationRun(Configuration conf, ResolvedParams params, Path modelFile) throws IOException {
    this.conf = conf;
    this.params = params;
    String inputs = params.get(RunParams.INPUT);
    org.shardtrain.formats.PointSources.listDataFiles(conf, inputs); // a missing input fails here, in one line
    String outputDir = params.get(ProgramParams.METRICS_OUTPUT);
    this.output = outputDir == null ? null : new RunOutput(conf, outputDir);
    if (output != null) {
      output.prepare(conf, inputs + "," + modelFile.getParent(), params.get(RunParams.OVERWRITE), false);
    }
    this.work = output != null ? output.workDir()
        : new Path(conf.get("hadoop.tmp.dir", "/tmp"), "shardtrain-evaluate-" + UUID.randomUUID());
  }

  public String inputs() { return params.get(RunParams.INPUT); }
  public Path work() { return work; }
  public Path rejects() { return output != null ? output.rejectsDir() : new Path(work, "rejects"); }

  /** The bad-record count to report: counted only under --on-bad-record skip. */
  public long badRecords(long counted) {
    return params.get(RunParams.ON_BAD_RECORD) == BadRecordPolicy.SKIP ? counted : 0L;
  }

  /** A metrics object that starts with the algorithm, the model and the input. */
  public Map<String, Object> metrics(String algorithm, Path model) {
    Map<String, Object> m = Json.object();
    m.put("format_version", Metrics.FORMAT_VERSION);
    m.put("algorithm", algorithm);
    m.put("model", model.toString());
    m.put("input", inputs());
    return m;
  }

  public void finish(Map<String, Object> metrics, PrintStream out, PrintStream err) throws IOException {
    String json = Json.write(metrics);
    out.print(json);
    if (output != null) {
      output.writeText(output.metricsFile(), json);
      err.println("metrics: " + output.metricsFile());
    }
  }

  @Override
  public void close() throws IOException {
    work.getFileSystem(conf).delete(work, true);
  }
}
