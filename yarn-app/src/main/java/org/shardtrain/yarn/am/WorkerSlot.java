package org.shardtrain.yarn.am;

import java.util.Map;
import org.shardtrain.core.io.Json;

/** What the AM knows of one worker: its container and node, and its running totals (for metrics and status). */
public final class WorkerSlot {
  private final int index;
  private volatile String containerId = "";
  private volatile String node = "";
  private volatile boolean registered;
  private volatile long records;
  private volatile double computeSeconds;
  private volatile double waitSeconds;
  private volatile int restarts;
  // Totals of the containers this slot had before its current one (a replacement counts from zero).
  private volatile double computeBefore;
  private volatile double waitBefore;

  WorkerSlot(int index) { this.index = index; }

  public int index() { return index; }
  public boolean isRegistered() { return registered; }
  public String containerId() { return containerId; }
  public String node() { return node; }

  void registered(String containerId, String node) {
    this.containerId = containerId;
    this.node = node;
    this.registered = true;
  }

  void update(long records, double compute, double wait) {
    this.records = records;
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
    m.put("records", records);
    m.put("compute_seconds", computeSeconds);
    m.put("wait_seconds", waitSeconds);
    m.put("restarts", restarts);
    return m;
  }
}
