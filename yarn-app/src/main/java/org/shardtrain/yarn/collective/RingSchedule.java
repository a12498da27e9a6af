package org.shardtrain.yarn.collective;

import java.util.ArrayList;
import java.util.List;

/**
 * Reduce-scatter then all-gather around the ring of members (the bandwidth-optimal allreduce of Patarasuk and
 * Yuan, as Horovod and NCCL run it) — for large vectors: the vector is cut into W chunks; in W − 1 rounds each
 * member adds the chunk its predecessor sends and passes the sum on, so member r ends with the whole sum of
 * chunk (r + 1) mod W; in W − 1 more rounds those sums go round the ring. Each member sends and receives
 * 2·(W − 1)/W of the vector in all — under twice the payload, whatever W — at the price of 2·(W − 1) rounds
 * of latency. Chunk c's sum is accumulated in ring order starting at member c: ((x_c + x_{c+1}) + x_{c+2}) + …
 */
public final class RingSchedule implements Schedule {
  @Override
  public String name() { return "ring"; }

  @Override
  public List<List<Transfer>> roundsOf(int rank, int members, long length) {
    if (members < 1 || rank < 0 || rank >= members) throw new IllegalArgumentException("member " + rank + " of " + members);
    List<List<Transfer>> rounds = new ArrayList<>();
    if (members == 1) return rounds;
    int next = (rank + 1) % members;
    int previous = (rank + members - 1) % members;
    // Reduce-scatter step s: member r sends chunk (r − s) and receives its predecessor's, chunk (r − 1 − s);
    // all-gather step s: it sends chunk (r + 1 − s) and receives chunk (r − s).
    for (int phase = 0; phase < 2; phase++) {
      Transfer.Combine combine = phase == 0 ? Transfer.Combine.ADD : Transfer.Combine.SET;
      for (int step = 0; step < members - 1; step++) {
        int out = Math.floorMod(rank + phase - step, members);
        int in = Math.floorMod(previous + phase - step, members);
        rounds.add(List.of(
            new Transfer(rank, next, chunkStart(out, members, length), chunkStart(out + 1, members, length), combine),
            new Transfer(previous, rank, chunkStart(in, members, length), chunkStart(in + 1, members, length), combine)));
      }
    }
    return rounds;
  }

  /**
   * Where chunk c of W starts: ⌊c·n / W⌋, as c·q + ⌊c·r / W⌋ with n = q·W + r, which cannot overflow (c·r < W²)
   * however long the vector.
   */
  static long chunkStart(int chunk, int members, long length) {
    long q = length / members;
    long r = length % members;
    return chunk * q + chunk * r / members;
  }
}
