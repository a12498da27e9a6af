package org.shardtrain.core.param;

import java.util.List;
import org.shardtrain.core.io.BadRecordPolicy;
import org.shardtrain.core.io.RecordFormat;

/** Parameters every training program shares: where data comes from and goes, and how a run behaves. */
public final class RunParams {
  private RunParams() {}

  public enum Engine { MR, YARN }

  public static final Param<String> INPUT = Param.pathParam("input", "shardtrain.input").required()
      .modelDefining().describe("input file or directory (comma-separated for several)").build();
  public static final Param<String> OUTPUT = Param.pathParam("output", "shardtrain.output").required()
      .describe("output directory: model/, metrics.json, rejects/").build();
  public static final Param<RecordFormat> FORMAT = Param.enumParam("format", "shardtrain.format", RecordFormat.class)
      .defaultsTo(RecordFormat.AVRO).modelDefining().describe("input format; text may be compressed (by"
          + " extension, as Hadoop reads it): .bz2 is split like plain text, .gz/.deflate/.snappy/.zst are read"
          + " whole, one task or worker per file").build();
  public static final Param<Engine> ENGINE = Param.enumParam("engine", "shardtrain.engine", Engine.class)
      .defaultsTo(Engine.MR).describe("execution engine: mr = one MapReduce job per iteration; yarn = long-lived "
          + "workers that keep their shards in memory (an embedded cluster when none is configured)").build();
  public static final Param<Boolean> OVERWRITE = Param.flag("overwrite", "shardtrain.overwrite")
      .describe("replace an existing output directory").build();
  public static final Param<BadRecordPolicy> ON_BAD_RECORD = Param.enumParam("on-bad-record",
          "shardtrain.on-bad-record", BadRecordPolicy.class).defaultsTo(BadRecordPolicy.FAIL).modelDefining()
      .describe("fail: stop at the first malformed record; skip: count it and write it to <output>/rejects/").build();
  public static final Param<String> CHECKPOINT_DIR = Param.pathParam("checkpoint-dir", "shardtrain.checkpoint-dir")
      .optional().describe("where checkpoints go (default <output>/_checkpoints)").build();
  public static final Param<Boolean> QUIET = Param.flag("quiet", "shardtrain.quiet")
      .describe("no per-iteration progress (a line rewritten in place on a terminal, one line per iteration "
          + "otherwise); the final summary and errors are still printed").build();
  public static final Param<Boolean> RESUME = Param.flag("resume", "shardtrain.resume")
      .describe("continue from the last complete checkpoint of an interrupted run").build();
  public static final Param<Boolean> REQUIRE_CONVERGENCE = Param.flag("require-convergence",
          "shardtrain.require-convergence")
      .describe("exit with code 4 (model still written) when the run stops at its iteration budget without "
          + "converging, so a scheduler can tell (kmeans, sgd; als runs a fixed number of iterations)").build();
  public static final Param<Integer> CHECKPOINT_EVERY = Param.intParam("checkpoint-every", "shardtrain.checkpoint.every")
      .defaultsTo(1).validate(n -> n >= 1, "at least 1")
      .describe("write a checkpoint every N iterations (the state after initialisation and the final state are "
          + "always written)").build();
  public static final Param<Integer> KEEP_CHECKPOINTS = Param.intParam("keep-checkpoints", "shardtrain.checkpoint.keep")
      .defaultsTo(3).validate(n -> n >= 1, "at least 1")
      .describe("how many of the newest checkpoints to keep (older ones are deleted; more than one lets a "
          + "corrupt newest checkpoint fall back to the one before)").build();


  // The YARN engine's resources; ignored by --engine mr (MapReduce sizes its own tasks).
  public static final Param<Integer> WORKERS = Param.intParam("workers", "shardtrain.yarn.workers").defaultsTo(2)
      .validate(n -> n >= 0 && n <= 10_000, "between 0 and 10000")
      .describe("--engine yarn: number of CPU worker containers; each holds its shards in memory (0 with "
          + "--gpu-workers for a GPU-only run)").build();
  public static final Param<Integer> GPU_WORKERS = Param.intParam("gpu-workers", "shardtrain.yarn.gpu-workers")
      .defaultsTo(0).validate(n -> n >= 0 && n <= 10_000, "between 0 and 10000")
      .describe("--engine yarn: number of GPU worker containers, on nodes with --gpu-label (and yarn.io/gpu where "
          + "the cluster declares it); they run the dense updates through CUDA, or the CPU kernels when no "
          + "device is usable").build();
  public static final Param<String> GPU_LABEL = Param.stringParam("gpu-label", "shardtrain.yarn.gpu-label")
      .defaultsTo("gpu").validate(s -> s.matches("[A-Za-z0-9][A-Za-z0-9_.-]*"), "a YARN node label name")
      .describe("--engine yarn: the node label of GPU nodes (the GPU pool's node-label expression)").build();
  public static final Param<Integer> GPUS_PER_WORKER = Param.intParam("gpus-per-worker", "shardtrain.yarn.gpus-per-worker")
      .defaultsTo(1).validate(n -> n >= 1 && n <= 64, "between 1 and 64")
      .describe("--engine yarn: yarn.io/gpu units each GPU worker asks for (where the cluster declares the resource)").build();
  public static final Param<Integer> KERNEL_THREADS = Param.intParam("kernel-threads", "shardtrain.kernel.threads")
      .defaultsTo(0).validate(n -> n >= 0 && n <= 1024, "between 0 and 1024")
      .describe("threads of the CPU kernels in each worker or map task (0: the container's vcores, "
          + "--worker-vcores or mapreduce.map.cpu.vcores)").build();
  public static final Param<Integer> WORKER_MEMORY = Param.intParam("worker-memory", "shardtrain.yarn.worker-memory-mb")
      .defaultsTo(1024).validate(n -> n >= 128, "at least 128")
      .describe("--engine yarn: memory of a worker container in MB (its heap is 80% of it)").build();
  public static final Param<Integer> WORKER_VCORES = Param.intParam("worker-vcores", "shardtrain.yarn.worker-vcores")
      .defaultsTo(1).validate(n -> n >= 1, "at least 1").describe("--engine yarn: virtual cores of a worker").build();
  public static final Param<Integer> AM_MEMORY = Param.intParam("am-memory", "shardtrain.yarn.am-memory-mb")
      .defaultsTo(1024).validate(n -> n >= 128, "at least 128")
      .describe("--engine yarn: memory of the ApplicationMaster container in MB").build();
  public static final Param<Integer> MAX_WORKER_FAILURES = Param.intParam("max-worker-failures",
          "shardtrain.yarn.max-worker-failures").defaultsTo(3).validate(n -> n >= 0, "at least 0")
      .describe("--engine yarn: how often one worker may be lost and replaced before the run fails").build();
  public static final Param<Integer> AM_ATTEMPTS = Param.intParam("am-attempts", "shardtrain.yarn.am-attempts")
      .defaultsTo(2).validate(n -> n >= 1, "at least 1")
      .describe("--engine yarn: ApplicationMaster attempts; a new attempt continues from the last checkpoint "
          + "(capped by the cluster's yarn.resourcemanager.am.max-attempts)").build();
  public static final Param<String> QUEUE = Param.stringParam("queue", "shardtrain.yarn.queue").defaultsTo("default")
      .describe("--engine yarn: the YARN queue to submit to").build();
  public static final Param<Boolean> DETACH = Param.flag("detach", "shardtrain.yarn.detach")
      .describe("--engine yarn: when the client is interrupted (Ctrl-C, SIGTERM), leave the application running "
          + "and print how to follow or kill it (shardtrain status|kill APP_ID); without it the client kills "
          + "the application").build();

  // The MapReduce engine's reduce tasks; ignored by --engine yarn.
  public static final Param<Integer> REDUCERS = Param.intParam("reducers", "shardtrain.mr.reducers").defaultsTo(0)
      .validate(n -> n >= 0 && n <= 100_000, "between 0 and 100000")
      .describe("--engine mr: reduce tasks of every job (0: from the data, about one per --bytes-per-reducer of "
          + "shuffled input or statistics; -D mapreduce.job.reduces is honoured when set and this is 0)").build();
  public static final Param<Long> BYTES_PER_REDUCER = Param.longParam("bytes-per-reducer", "shardtrain.mr.bytes-per-reducer")
      .defaultsTo(256L << 20).validate(n -> n >= 1, "at least 1")
      .describe("--engine mr: bytes a reduce task should receive when the reducer count is estimated from the "
          + "data (Hive's hive.exec.reducers.bytes.per.reducer default, 256 MB)").build();

  public static final List<Param<?>> ALL = List.of(INPUT, OUTPUT, FORMAT, ENGINE, OVERWRITE, ON_BAD_RECORD,
      REQUIRE_CONVERGENCE, QUIET, CHECKPOINT_DIR, RESUME, CHECKPOINT_EVERY, KEEP_CHECKPOINTS, WORKERS, WORKER_MEMORY, WORKER_VCORES, AM_MEMORY,
      MAX_WORKER_FAILURES, AM_ATTEMPTS, QUEUE, DETACH, GPU_WORKERS, GPU_LABEL, GPUS_PER_WORKER, KERNEL_THREADS,
      REDUCERS, BYTES_PER_REDUCER);

  /**
   * {@link #ALL} as a training program offers it: --format narrowed to the formats it reads, so --help lists
   * only those and any other is a usage error (exit 2) before anything runs.
   */
  public static List<Param<?>> readingFormats(org.shardtrain.core.io.RecordFormat... formats) {
    List<Param<?>> out = new java.util.ArrayList<>(ALL);
    out.set(out.indexOf(FORMAT), FORMAT.narrowed(null, formats));
    return List.copyOf(out);
  }
}
