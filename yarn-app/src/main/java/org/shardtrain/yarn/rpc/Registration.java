package org.shardtrain.yarn.rpc;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.io.Writable;

/**
 * A worker's first call: which slot it fills, from which container on which node, and what its kernels
 * run on: the backend ({@code cpu} or {@code cuda}), why a GPU worker fell back to the CPU (if it did), and
 * its measured kernel throughput, by which the AM deals the shards.
 */
public final class Registration implements Writable {
  private int slot;
  private String containerId = "";
  private String node = "";
  private String backend = "";
  private String detail = "";
  private String fallbackReason = "";
  private double gflops;
  private String peer = "";

  public Registration() {}

  public Registration(int slot, String containerId, String node, String backend, String detail, String fallbackReason,
                      double gflops) {
    this.slot = slot;
    this.containerId = containerId == null ? "" : containerId;
    this.node = node == null ? "" : node;
    this.backend = backend;
    this.detail = detail;
    this.fallbackReason = fallbackReason == null ? "" : fallbackReason;
    this.gflops = gflops;
  }

  public int slot() { return slot; }
  public String containerId() { return containerId; }
  public String node() { return node; }
  public String backend() { return backend; }
  public String detail() { return detail; }
  /** Null unless a GPU worker runs the CPU kernels. */
  public String fallbackReason() { return fallbackReason.isEmpty() ? null : fallbackReason; }
  /** The k-means kernel's measured GFLOP/s on this worker (its calibration). */
  public double gflops() { return gflops; }

  /** Where the other workers reach this one's allreduce endpoint (host:port); null when it opened none. */
  public String peer() { return peer.isEmpty() ? null : peer; }

  public Registration peer(String hostPort) {
    this.peer = hostPort == null ? "" : hostPort;
    return this;
  }

  @Override
  public void write(DataOutput out) throws IOException {
    out.writeInt(slot);
    Text.writeString(out, containerId);
    Text.writeString(out, node);
    Text.writeString(out, backend);
    Text.writeString(out, detail);
    Text.writeString(out, fallbackReason);
    out.writeDouble(gflops);
    Text.writeString(out, peer);
  }

  @Override
  public void readFields(DataInput in) throws IOException {
    slot = in.readInt();
    containerId = Text.readString(in);
    node = Text.readString(in);
    backend = Text.readString(in);
    detail = Text.readString(in);
    fallbackReason = Text.readString(in);
    gflops = in.readDouble();
    peer = Text.readString(in);
  }
}
