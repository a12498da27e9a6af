package org.shardtrain.host.program;

import java.io.FileNotFoundException;
import java.io.PrintStream;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.conf.Configured;
import org.apache.hadoop.security.UserGroupInformation;
import org.apache.hadoop.util.Tool;
import org.apache.hadoop.util.ToolRunner;
import org.shardtrain.core.io.BadRecordException;
import org.shardtrain.core.param.CommandLine;
import org.shardtrain.core.param.Param;
import org.shardtrain.core.param.ParamException;
import org.shardtrain.core.param.ParamSet;
import org.shardtrain.core.param.ResolvedParams;
import org.shardtrain.core.param.RunParams;
import org.shardtrain.host.JobFailedException;
import org.shardtrain.host.engine.Engines;
import org.shardtrain.host.engine.RemoteEngine;
import org.shardtrain.host.engine.TrainingEngine;
import org.shardtrain.host.security.ClientLogin;
import org.shardtrain.host.security.RunFileSystems;

/**
 * Base of every shardtrain program: a Hadoop {@link Tool}, so {@code -D}, {@code -conf}, {@code -libjars}
 * and {@code -fs} work as usual (ToolRunner removes them before {@link #run}). Parameters are resolved
 * from the declared {@link ParamSet}; failures end in one line on stderr and an exit code:
 * 0 success, 1 the run failed (bad input, failed job, refused output), 2 invalid options.
 */
public abstract class ProgramTool extends Configured implements Tool {
  // Exit codes a scheduler can act on (README "Exit codes"): rerunning helps only after FAILED_CLUSTER.
  public static final int OK = 0;
  /** The run failed because of its input or arguments (a malformed record, a missing input, an existing output). */
  public static final int FAILED = 1;
  public static final int USAGE = 2;
  /** The run failed because of the cluster or the framework (lost containers, I/O errors, an AM that died). */
  public static final int FAILED_CLUSTER = 3;
  /** --require-convergence, and the run stopped at its iteration budget without converging (model written). */
  public static final int NOT_CONVERGED = 4;
  /**
   * Set by whoever resumes a run on the user's behalf (a new ApplicationMaster attempt): what failed, and
   * when (epoch milliseconds), for the recovery record in metrics.json.
   */
  public static final Param<String> RECOVERY_FAILED = Param.stringParam("recovery-failed", "shardtrain.recovery.failed")
      .defaultsTo("the previous run (resumed with --resume)").describe("what failed, for metrics.json's recovery record").build();
  public static final Param<Long> RECOVERY_FAILED_AT = Param.longParam("recovery-failed-at-millis", "shardtrain.recovery.failed-at-millis")
      .optional().describe("when it failed (epoch milliseconds)").build();

  protected PrintStream out = System.out;
  protected PrintStream err = System.err;
  /** Set where the program runs inside an engine's own process (the YARN ApplicationMaster). */
  private TrainingEngine engine;
  private String failure;
  private ResolvedParams resolved;
  static {
    // An operator's cluster-wide settings for shardtrain, found on the classpath (HADOOP_CONF_DIR) like
    // core-site.xml: above the built-in defaults, below -conf, -D and flags.
    Configuration.addDefaultResource("shardtrain-site.xml");
  }

  /** The program's name, as given to the driver. */
  public abstract String name();

  public abstract String summary();

  /** Where the program's line goes in the driver's list ({@link org.shardtrain.host.Programs}). */
  public int listOrder() { return 100; }

  protected abstract List<List<Param<?>>> parameters();

  /** Runs with validated parameters; returns the exit code. */
  protected abstract int execute(ResolvedParams params) throws Exception;

  /** The program's own parameters, then the login ones every program shares. */
  public ParamSet paramSet() {
    List<List<Param<?>>> groups = new java.util.ArrayList<>(parameters());
    groups.add(org.shardtrain.core.param.SecurityParams.ALL);
    return ParamSet.of(groups);
  }

  /** Where the program prints its results and errors (tests capture them). */
  /**
   * The per-iteration progress of a training program: rewritten in place when this process writes to a
   * terminal (its console, streams not replaced), one line per iteration otherwise, nothing with --quiet.
   */
  protected Progress progress(ResolvedParams p, int maxIterations, String metric,
                              java.util.function.Function<org.shardtrain.core.loop.IterationRecord, String> describe) {
    boolean terminal = System.console() != null && err == System.err;
    return new Progress(err, terminal, p.get(RunParams.QUIET), maxIterations, metric, describe);
  }

  public ProgramTool withStreams(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
    return this;
  }

  /** Runs the program's passes on {@code engine} in this process, whatever --engine says (the YARN AM). */
  public ProgramTool withEngine(TrainingEngine engine) {
    this.engine = engine;
    return this;
  }

  /** The one-line reason of the last failed run, or null. */
  public String failure() { return failure; }

  /** Values a scheduler may act on beyond metrics.json (an Oozie action's captured output). */
  public java.util.Map<String, String> actionOutput() { return actionOutput; }

  protected final java.util.Map<String, String> actionOutput = new java.util.LinkedHashMap<>();

  /** The parameters of the last run, as resolved (null if they did not resolve). */
  public ResolvedParams resolved() { return resolved; }

  /**
   * The engine this run's passes use here, or null when the program must be submitted elsewhere
   * ({@code --engine yarn} outside the ApplicationMaster: see {@link #submitElsewhere}).
   */
  protected final TrainingEngine engine(ResolvedParams p) {
    if (engine != null) return engine;
    return p.get(RunParams.ENGINE) == RunParams.Engine.MR ? Engines.local(RunParams.ENGINE.format(RunParams.Engine.MR)) : null;
  }

  /** Hands the whole run to the {@link RemoteEngine} on the classpath (the YARN client). */
  protected final int submitElsewhere(ResolvedParams p) throws Exception {
    RemoteEngine remote = Engines.remote(RunParams.ENGINE.format(p.get(RunParams.ENGINE)));
    return remote.submit(name(), getConf(), p, out, err);
  }

  @Override
  public final int run(String[] args) {
    ParamSet params = paramSet();
    try {
      CommandLine cli = CommandLine.parse(args, params);
      if (cli.helpRequested()) {
        out.print(params.usage(name(), summary()));
        return OK;
      }
      return resolveAndExecute(cli.flags());
    } catch (ParamException e) {
      return fail(USAGE, e.getMessage());
    }
  }

  /** Runs with parameters from the configuration alone (all of them staged there by a submitting client). */
  public final int runStaged() {
    return resolveAndExecute(java.util.Map.of());
  }

  private int resolveAndExecute(java.util.Map<String, String> flags) {
    ParamSet params = paramSet();
    try {
      Configuration conf = getConf();
      JobDefaults.apply(conf);
      resolved = params.resolve(conf::get, flags);
      if (engine == null) {
        // The submitting side (not the ApplicationMaster, which runs on the tokens it was given).
        String note = ClientLogin.login(conf, resolved);
        if (note != null) err.println("shardtrain " + name() + ": note: " + note);
        if (UserGroupInformation.isSecurityEnabled()) {
          RunFileSystems.addToJobNamenodes(conf, RunFileSystems.of(resolved, conf));
        }
      }
      return execute(resolved);
    } catch (ParamException e) {
      return fail(USAGE, e.getMessage());
    } catch (JobFailedException e) {
      return fail(e.inputError() ? FAILED : FAILED_CLUSTER, e.getMessage());
    } catch (BadRecordException | org.shardtrain.core.io.BadInputFileException | IllegalArgumentException
             | FileNotFoundException e) {
      return fail(FAILED, e.getMessage());
    } catch (org.apache.hadoop.fs.FileAlreadyExistsException e) {
      return fail(FAILED, e.getMessage());
    } catch (org.apache.hadoop.fs.UnsupportedFileSystemException e) {
      return fail(FAILED, unsupportedScheme(e));
    } catch (OutOfMemoryError e) {
      // Usually a size asked for (--k, --rank, --shards) far beyond the data or the heap: retrying the same
      // run cannot help, so it is not "the cluster failed".
      return fail(FAILED, "out of memory (" + e.getMessage() + ") in a JVM of at most "
          + Runtime.getRuntime().maxMemory() / (1 << 20) + " MB; give it more memory (HADOOP_HEAPSIZE, "
          + "--am-memory, --worker-memory) or ask for less (--k, --rank, --shards)");
    } catch (Exception e) {
      String full = noSpaceLeft(e);
      if (full != null) return fail(FAILED_CLUSTER, full);
      failure = e.toString();
      err.println("shardtrain " + name() + ": failed: " + e);
      e.printStackTrace(err);
      return FAILED_CLUSTER;
    } finally {
      // However the program ended, the outputs it was writing are free for the next run.
      OutputLock.releaseHeldByThisThread();
    }
  }

  /**
   * "--input foo://x: no filesystem for scheme "foo" …": Hadoop's own message names the scheme, not the path
   * nor the option that gave it.
   */
  private String unsupportedScheme(org.apache.hadoop.fs.UnsupportedFileSystemException e) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("scheme \"([^\"]+)\"").matcher(String.valueOf(e.getMessage()));
    String scheme = m.find() ? m.group(1) : null;
    if (scheme != null && resolved != null) {
      for (Param<?> p : resolved.params()) {
        Object v = resolved.get(p);
        if (p.isPath() && v != null && v.toString().startsWith(scheme + ":")) {
          return "--" + p.name() + " " + v + ": no filesystem for scheme '" + scheme + "' on this cluster (check the "
              + "path, or the fs." + scheme + ".impl setting)";
        }
      }
    }
    return e.getMessage() + " (check the paths given, or the fs." + scheme + ".impl setting)";
  }

  /**
   * One line for a full disk (ENOSPC from the local filesystem or a DataNode), which otherwise arrives as an
   * IOException deep in a stack trace. Not the input's fault, and not fixed by retrying until space is freed.
   */
  private static String noSpaceLeft(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      String m = t.getMessage();
      if (m != null && (m.contains("No space left on device") || m.contains("DiskOutOfSpaceException"))) {
        return "no space left on device: " + m.split("\n")[0] + " (free space there, then rerun"
            + " — with --resume if the run has checkpoints)";
      }
    }
    return null;
  }

  private int fail(int code, String message) {
    failure = message;
    err.println("shardtrain " + name() + ": error: " + message);
    return code;
  }

  /** Runs a program the way {@code hadoop jar} and the launcher do. */
  public static int runTool(Configuration conf, ProgramTool tool, String[] args) throws Exception {
    return ToolRunner.run(conf, tool, args);
  }
}
