package org.shardtrain.yarn.worker;

import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.shardtrain.core.als.FactorBlock;
import org.shardtrain.core.als.InitialFactors;
import org.shardtrain.core.als.RatingBlock;
import org.shardtrain.yarn.protocol.FactorSource;
import org.shardtrain.yarn.protocol.Members;

/**
 * Where a half-step's other-side factors come from: seeded ({@code INITIAL}), pulled from the workers that
 * solved them in the previous half-step ({@code EXCHANGE}), a checkpoint's folder ({@code FOLDER}, every factor must be there), or a
 * warm start's folder ({@code WARM}, factors it lacks are seeded, as a cold start would).
 */
final class FactorSources {
  private final Configuration conf;
  private final FactorPull pull;
  private final long seed;
  private final int rank;

  FactorSources(Configuration conf, FactorPull pull, long seed, int rank) {
    this.conf = conf;
    this.pull = pull;
    this.seed = seed;
    this.rank = rank;
  }

  /** The factors {@code block}'s ratings reference, in its {@code otherIds} order. */
  FactorBlock other(RatingBlock block, ExchangeOrder order, FactorSource source, String folder, String step,
                    Members members) throws IOException, Collectives.CollectiveFailed {
    String[] ids = block.otherIds();
    FactorBlock out = new FactorBlock(ids.length, rank);
    switch (source) {
      case INITIAL -> InitialFactors.fill(seed, ids, out, null);
      case EXCHANGE -> pull.receive(order, step, members, out);
      case FOLDER, WARM -> {
        boolean[] seen = new boolean[ids.length];
        FactorFiles.readFolder(conf, new Path(folder), (id, x, n) -> {
          int i = block.otherIndex(id);
          if (i < 0) return;
          keep(id, x, n, out, i, seen);
        });
        if (source == FactorSource.WARM) {
          InitialFactors.fill(seed, ids, out, seen);
        } else {
          for (int i = 0; i < ids.length; i++) {
            if (!seen[i]) throw new IOException("no factor for " + ids[i] + " (" + step + ")");
          }
        }
      }
      default -> throw new IllegalArgumentException("no factor source " + source);
    }
    return out;
  }

  /** {@code block}'s own factors from a warm start's folder, seeded for the IDs it lacks (a warm start's YᵀY). */
  FactorBlock warmOwn(RatingBlock block, Path folder) throws IOException {
    FactorBlock out = new FactorBlock(block.size(), rank);
    boolean[] seen = new boolean[block.size()];
    FactorFiles.readFolder(conf, folder, (id, x, n) -> {
      int r = block.row(id);
      if (r < 0) return;
      keep(id, x, n, out, r, seen);
    });
    InitialFactors.fill(seed, block.ids(), out, seen);
    return out;
  }

  private void keep(String id, double[] x, int n, FactorBlock out, int row, boolean[] seen) throws IOException {
    if (n != rank) throw new IOException("factor of " + id + " has " + n + " values, not " + rank);
    out.set(row, x, 0);
    seen[row] = true;
  }
}
