package org.shardtrain.host;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.Properties;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.util.ToolRunner;
import org.shardtrain.core.param.ProgramParams;
import org.shardtrain.core.param.ResolvedParams;
import org.shardtrain.core.param.RunParams;
import org.shardtrain.host.program.ProgramTool;
import org.shardtrain.host.program.RunOutput;

/**
 * The main class of an Oozie {@code <java>} action: {@code OozieMain <program> [options]}. The program's
 * parameters come from the action's configuration (the file Oozie names in the {@code oozie.action.conf.xml}
 * system property: its {@code <configuration>} and {@code <job-xml>}), then from the {@code <arg>}s; the
 * outcome goes to the file named by {@code oozie.action.output.properties} for {@code <capture-output/>}:
 * {@code exit_code}, {@code model} and {@code metrics} paths, and every number, string and flag at the top of
 * the run's metrics.json (so a decision node can read {@code ${wf:actionData('train')['wssse']}}). A run
 * that fails throws, so the action ends in ERROR with the program's one-line reason.
 */
public final class OozieMain {
  public static final String ACTION_CONF = "oozie.action.conf.xml";
  public static final String ACTION_OUTPUT = "oozie.action.output.properties";
  /** Oozie's default cap on captured output is 2 KB ({@code oozie.action.max.output.data}). */
  static final int MAX_VALUE_CHARS = 200;

  private OozieMain() {}

  public static void main(String[] args) throws Exception {
    Outcome outcome = run(args, System.out, System.err);
    if (outcome.exitCode() != ProgramTool.OK) throw new IllegalStateException(outcome.message(args[0]));
  }

  /** The exit code and one-line failure of a run. */
  public record Outcome(int exitCode, String failure) {
    /** What the action's error is (Oozie's {@code wf:errorMessage}): the exit code and the one-line reason. */
    public String message(String program) {
      return "shardtrain " + program + " exited with code " + exitCode + (failure == null ? "" : ": " + failure);
    }
  }

  public static Outcome run(String[] args, PrintStream out, PrintStream err) throws Exception {
    if (args.length == 0) {
      throw new IllegalArgumentException("usage: " + OozieMain.class.getName() + " <program> [options]");
    }
    Configuration conf = new Configuration();
    String actionConf = System.getProperty(ACTION_CONF);
    if (actionConf != null) conf.addResource(new Path(new File(actionConf).getAbsoluteFile().toURI()));
    ProgramTool tool = Programs.named(args[0]);
    tool.withStreams(out, err);
    int code = ToolRunner.run(conf, tool, Arrays.copyOfRange(args, 1, args.length));
    String outputFile = System.getProperty(ACTION_OUTPUT);
    if (outputFile != null) {
      Properties p = describe(conf, tool, code);
      try (OutputStream o = new FileOutputStream(outputFile)) {
        p.store(o, "shardtrain " + args[0]);
      }
    }
    return new Outcome(code, tool.failure());
  }

  /** What the decision nodes of a workflow may read. */
  static Properties describe(Configuration conf, ProgramTool tool, int code) throws IOException {
    Properties p = new Properties();
    p.setProperty("exit_code", Integer.toString(code));
    p.setProperty("program", tool.name());
    if (tool.failure() != null) p.setProperty("failure", clip(tool.failure()));
    tool.actionOutput().forEach((k, v) -> p.setProperty(k, clip(v)));
    ResolvedParams resolved = tool.resolved();
    if (resolved == null) return p;
    String root = null;
    if (resolved.has(RunParams.OUTPUT) && resolved.get(RunParams.OUTPUT) != null) {
      root = resolved.get(RunParams.OUTPUT);
      Path model = new Path(root, "model");
      if (model.getFileSystem(conf).exists(model)) p.setProperty("model", qualified(conf, model));
    } else if (resolved.has(ProgramParams.METRICS_OUTPUT) && resolved.get(ProgramParams.METRICS_OUTPUT) != null) {
      root = resolved.get(ProgramParams.METRICS_OUTPUT);
    }
    if (root == null) return p;
    Path metrics = new Path(root, "metrics.json");
    if (!metrics.getFileSystem(conf).exists(metrics)) return p;
    p.setProperty("metrics", qualified(conf, metrics));
    JsonNode json = RunOutput.readMetrics(conf, metrics);
    for (Iterator<Map.Entry<String, JsonNode>> it = json.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (e.getValue().isValueNode() && !p.containsKey(e.getKey())) p.setProperty(e.getKey(), clip(e.getValue().asText()));
    }
    return p;
  }

  private static String qualified(Configuration conf, Path p) throws IOException {
    return p.getFileSystem(conf).makeQualified(p).toString();
  }

  private static String clip(String s) {
    return s.length() <= MAX_VALUE_CHARS ? s : s.substring(0, MAX_VALUE_CHARS - 3) + "...";
  }
}
