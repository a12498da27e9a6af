package org.shardtrain.yarn.worker;

import java.io.File;
import java.net.InetSocketAddress;
import org.apache.avro.specific.SpecificRecord;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.yarn.api.ApplicationConstants;
import org.shardtrain.core.io.BadRecordException;
import org.shardtrain.core.kernel.CpuKernels;
import org.shardtrain.core.kernel.DenseKernels;
import org.shardtrain.core.kernel.KernelCalibration;
import org.shardtrain.core.param.Param;
import org.shardtrain.core.param.RunParams;
import org.shardtrain.cuda.GpuBackend;
import org.shardtrain.host.KernelThreads;
import org.shardtrain.yarn.am.AppMaster;
import org.shardtrain.yarn.am.WorkerPools;
import org.shardtrain.yarn.rpc.Command;
import org.shardtrain.yarn.rpc.Registration;
import org.shardtrain.yarn.rpc.Report;
import org.shardtrain.yarn.rpc.WorkerProtocol;
import org.shardtrain.yarn.rpc.WorkerRpc;
import org.shardtrain.yarn.rpc.WorkerToken;
import org.shardtrain.yarn.collective.PeerEndpoint;

/**
 * A worker container's main: {@code WorkerMain <program> <am host> <am port> <slot> [cpu|gpu]}. Opens its
 * kernels (a GPU worker: CUDA, or the CPU kernels with the reason), measures their throughput, registers
 * with the AM, then runs commands until told to stop (or the AM is gone). Its state is the shards it
 * loaded, held in primitive arrays for the whole run.
 */
public final class WorkerMain {
  /** Test hook: each worker sleeps this long before every pass (to make a run last long enough to kill a worker). */
  public static final String PASS_DELAY = "shardtrain.debug.pass-delay-ms";
  private static final Param<Long> PASS_DELAY_MS = Param.longParam("debug-pass-delay-ms", PASS_DELAY).defaultsTo(0L)
      .describe("test hook: each pass waits this long first (a run long enough to observe)").build();

  private WorkerMain() {}

  public static void main(String[] args) throws Exception {
    String program = args[0];
    InetSocketAddress am = new InetSocketAddress(args[1], Integer.parseInt(args[2]));
    int slot = Integer.parseInt(args[3]);
    Configuration conf = new Configuration();
    conf.addResource(new File(AppMaster.JOB_CONF).toURI().toURL());
    String container = System.getenv(ApplicationConstants.Environment.CONTAINER_ID.name());
    String node = System.getenv(ApplicationConstants.Environment.NM_HOST.name());
    String pool = args.length > 4 ? args[4] : WorkerPools.CPU;
    int threads = KernelThreads.forWorker(conf, RunParams.WORKER_VCORES.read(conf::get));
    DenseKernels kernels;
    String fallback = null;
    if (WorkerPools.GPU.equals(pool)) {
      GpuBackend gpu = GpuBackend.open(0, threads); // device 0 of those YARN made visible to this container
      fallback = gpu.fallbackReason();
      kernels = gpu;
    } else {
      kernels = new CpuKernels(threads);
    }
    double gflops = KernelCalibration.gflops(kernels);
    System.err.printf("worker %d (%s pool): %s, %.1f GFLOP/s%s%n", slot, pool, kernels.detail(), gflops,
        fallback == null ? "" : "; GPU worker running the CPU kernels because " + fallback);
    WorkerProtocol rpc = WorkerRpc.proxy(conf, am);
    // The endpoint the other workers reach for allreduces, authenticated with the application's token.
    org.apache.hadoop.security.token.Token<WorkerToken.Identifier> token = WorkerToken.held();
    PeerEndpoint endpoint = token == null ? null : PeerEndpoint.start(conf, token, 2);
    Collectives collectives = endpoint == null ? null : new Collectives(endpoint, slot, rpc);
    WorkerTask task = switch (program) {
      case "kmeans" -> new KMeansWorker(conf, slot, kernels, collectives);
      case "sgd", "linear" -> new SgdWorker(conf, slot, kernels, collectives);
      case "als" -> new AlsWorker(conf, slot, kernels, collectives);
      default -> throw new IllegalArgumentException("no YARN worker for program " + program);
    };
    try {
      rpc.register(new Registration(slot, container, node, kernels.backend(), kernels.detail(), fallback, gflops)
          .peer(endpoint == null ? null : node + ":" + endpoint.port()));
      serve(rpc, task, slot, PASS_DELAY_MS.read(conf::get), collectives);
    } finally {
      WorkerRpc.close(rpc);
      if (endpoint != null) endpoint.close();
      kernels.close();
    }
    System.exit(0);
  }

  /**
   * The poll loop: runs each command and reports. Package-private as a test seam only ({@code CoordinationScaleTest}
   * runs it against the AM's Coordinator in-process); a worker reaches it through {@link #main}.
   */
  static void serve(WorkerProtocol rpc, WorkerTask task, int slot, long delayMillis, Collectives collectives)
      throws Exception {
    long last = Command.NONE;
    double compute = 0;
    double waited = 0;
    long idleSince = System.nanoTime();
    while (true) {
      Command c = rpc.nextCommand(slot, last, WorkerRpc.POLL_MILLIS);
      if (c.sequence() == Command.NONE) continue;
      if (c.isStop()) return;
      if (delayMillis > 0) Thread.sleep(delayMillis);
      long started = System.nanoTime();
      waited += (started - idleSince) / 1e9;
      last = c.sequence();
      SpecificRecord result = null;
      String error = null;
      boolean inputError = false;
      boolean collectiveFailed = false;
      if (collectives != null) collectives.running(c.sequence());
      try {
        result = task.run(c.operation());
      } catch (Collectives.CollectiveFailed e) {
        error = e.getMessage();
        collectiveFailed = true;
      } catch (BadRecordException | org.shardtrain.core.io.BadInputFileException | IllegalArgumentException
               | java.io.FileNotFoundException e) {
        error = e.getMessage();
        inputError = true;
      } catch (Exception | OutOfMemoryError e) {
        error = "worker " + slot + ": " + (e.getMessage() == null ? e.toString() : e.getMessage().split("\n")[0]);
        e.printStackTrace();
      }
      idleSince = System.nanoTime();
      compute += (idleSince - started) / 1e9;
      rpc.report(new Report(slot, c.sequence(), error, result, task.records(), compute, waited).inputError(inputError)
          .collectiveFailed(collectiveFailed)
          .peakRssMb(org.shardtrain.host.PeakMemory.residentMb()).nameNodeOps(org.shardtrain.yarn.rpc.NameNodeOps.ofThisProcess()));
    }
  }
}
