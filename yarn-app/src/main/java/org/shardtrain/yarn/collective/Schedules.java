package org.shardtrain.yarn.collective;

/**
 * Which schedule an allreduce of a given size takes: the tree while a message's latency dominates (small
 * vectors: 2·log₂W rounds), the ring once its bytes do (large vectors: under 2× the payload per member, but
 * 2·(W − 1) rounds). For B bytes, per-message latency α and per-byte time β, the tree costs about
 * 2·log₂W·(α + 2·B·β) (a parent moves two vectors per round) and the ring 2·(W − 1)·(α + B·β / W); they
 * meet, at W = 64, where 114·α = 22·B·β: B ≈ 5.2·α/β. Measured between two {@link PeerEndpoint}s over
 * loopback IPC on the 2-core development machine with other builds running ({@code PeerEndpointTest}): α ≈ 0.5
 * ms per message, 180–250 MB/s (β ≈ 4–5.5 ns per byte), so B ≈ 500–650 KB; {@link #RING_FROM_BYTES} is 512
 * KiB. On a LAN both α and β are larger, in about the same ratio (docs/scaling.md).
 */
public final class Schedules {
  /** Vectors of at least this many bytes take the ring. */
  public static final long RING_FROM_BYTES = 512L << 10;

  private Schedules() {}

  public static Schedule forBytes(long bytes, long ringFromBytes) {
    return bytes >= ringFromBytes ? new RingSchedule() : new TreeSchedule();
  }
}
