package org.shardtrain.yarn.am;

import java.util.Map;
import org.shardtrain.core.io.Json;

/** What the AM knows of one worker: its container and node, and its running totals (for metrics and status). */
public final class WorkerSlot {
  private final int index;
  private final String pool;
  private volatile String containerId = "";
  private volatile String backend = "";
  private volatile String fallbackReason;
  private volatile double gflops;
  private volatile java.util.List<String> nodeLabels = java.util.List.of();
  private volatile long gpus;
  private volatile String nodeId = "";
  private volatile String node = "";
  private volatile boolean registered;
  private volatile String peer;
  private volatile long records;
  private volatile double computeSeconds;
  private volatile double peakRssMb = -1;
  private volatile double waitSeconds;
  private volatile int restarts;
  // Totals of the containers this slot had before its current one (a replacement counts from zero).
  private volatile double computeBefore;
  private volatile double waitBefore;

  WorkerSlot(int index, String pool) {
    this.index = index;
    this.pool = pool;
  }

  public String pool() { return pool; }
  public String backend() { return backend; }
  public String fallbackReason() { return fallbackReason; }
  /** The calibrated kernel throughput this worker registered with (0 before it registered). */
  public double gflops() { return gflops; }

  public int index() { return index; }
  public boolean isRegistered() { return registered; }
  /** Whether the ResourceManager has given this slot a container (it may still be starting). */
  public boolean isAllocated() { return !nodeId.isEmpty(); }
  public String containerId() { return containerId; }
  public String node() { return node; }

  void registered(org.shardtrain.yarn.rpc.Registration r) {
    this.containerId = r.containerId();
    this.node = r.node();
    this.backend = r.backend();
    this.fallbackReason = r.fallbackReason();
    this.gflops = r.gflops();
    this.peer = r.peer();
    this.registered = true;
  }

  /** The registered worker's allreduce endpoint (host:port), or null. */
  public String peer() { return peer; }

  /** What the ResourceManager gave this slot's container: the node's labels and the yarn.io/gpu units. */
  void allocated(String nodeId, java.util.List<String> nodeLabels, long gpus) {
    this.nodeId = nodeId;
    this.nodeLabels = java.util.List.copyOf(nodeLabels);
    this.gpus = gpus;
  }

  void update(long records, double compute, double wait, double peakRssMb) {
    this.records = records;
    this.peakRssMb = Math.max(this.peakRssMb, peakRssMb); // over the slot's containers, replacements included
    this.computeSeconds = computeBefore + compute;
    this.waitSeconds = waitBefore + wait;
  }

  /** The slot's container is gone; its replacement will register. */
  void lost() {
    registered = false;
    restarts++;
    computeBefore = computeSeconds;
    waitBefore = waitSeconds;
  }

  /** One entry of metrics.json's {@code workers} and of the status document. */
  public Map<String, Object> describe() {
    Map<String, Object> m = Json.object();
    m.put("worker", index);
    m.put("container", containerId);
    m.put("node", node);
    m.put("node_id", nodeId);
    m.put("pool", pool);
    m.put("node_labels", new java.util.ArrayList<Object>(nodeLabels));
    m.put("gpus", gpus);
    m.put("backend", backend);
    if (fallbackReason != null) m.put("fallback_reason", fallbackReason);
    m.put("kernel_gflops", gflops);
    m.put("records", records);
    m.put("compute_seconds", computeSeconds);
    m.put("wait_seconds", waitSeconds);
    m.put("restarts", restarts);
    m.put("peak_rss_mb", peakRssMb);
    return m;
  }

  /** The workers not registered yet, in one line: containers YARN has not given, and containers starting; null if none. */
  static String waitingFor(WorkerSlot[] slots) {
    int pending = 0;
    int pendingGpu = 0;
    int starting = 0;
    for (WorkerSlot s : slots) {
      if (s.isRegistered()) continue;
      if (s.isAllocated()) {
        starting++;
      } else {
        pending++;
        if (s.pool().equals(WorkerPools.GPU)) pendingGpu++;
      }
    }
    if (pending + starting == 0) return null;
    return "waiting for " + (pending + starting) + " of " + slots.length + " workers: " + pending + " container"
        + (pending == 1 ? "" : "s") + " not yet allocated by YARN" + (pendingGpu > 0 ? " (" + pendingGpu + " on GPU nodes)" : "")
        + ", " + starting + " starting";
  }

  /** Why a run gives up waiting {@code timeoutMillis} for its workers to start: how many, and what to check. */
  static String notStartedWithin(WorkerSlot[] slots, long timeoutMillis) {
    long missing = java.util.Arrays.stream(slots).filter(s -> !s.isRegistered()).count();
    long gpuMissing = java.util.Arrays.stream(slots).filter(s -> !s.isRegistered() && s.pool().equals(WorkerPools.GPU)).count();
    return missing + " of " + slots.length + " workers did not start within " + timeoutMillis / 1000
        + " s (is the cluster short of memory or vcores for --workers/--worker-memory?"
        + (gpuMissing > 0 ? " " + gpuMissing + " GPU worker(s) wait for a free node with the GPU label and GPUs" : "") + ")";
  }
}
