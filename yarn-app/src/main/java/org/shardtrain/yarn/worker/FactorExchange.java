package org.shardtrain.yarn.worker;

import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.shardtrain.core.als.FactorBlock;
import org.shardtrain.core.als.RatingBlock;

/**
 * ALS factors between blocks, through files: after a half-step a block writes its factors to the
 * checkpoint folder (its part) and, for every block, just the factors that block's ratings use (Spark
 * ALS's out-blocks); the next half-step reads the files addressed to it (its in-blocks). Exchange files:
 * {@code <exchange>/<step>/to-<block>/from-<block>}, where step is {@code users-<t>} or {@code items-<t>}.
 */
final class FactorExchange {
  private final Configuration conf;
  private final Path exchange;
  private final int slot;
  private final int blocks;

  FactorExchange(Configuration conf, Path exchange, int slot, int blocks) {
    this.conf = conf;
    this.exchange = exchange;
    this.slot = slot;
    this.blocks = blocks;
  }

  /** Writes this block's new factors: its part of the checkpoint folder, and one exchange file per block. */
  void publish(RatingBlock own, FactorBlock factors, ExchangeOrder order, Path folder, String step) throws IOException {
    FactorFiles.writePart(conf, folder, slot, own.ids(), factors);
    for (int b = 0; b < blocks; b++) {
      FactorFiles.writeExchange(conf, file(step, b, slot), order.sends[b], order.sendDigests[b], factors);
    }
  }

  /** The factors every block published at {@code step} for this block, into {@code out} in its otherIds order. */
  void receive(ExchangeOrder order, String step, FactorBlock out) throws IOException {
    for (int s = 0; s < blocks; s++) {
      FactorFiles.readExchange(conf, file(step, slot, s), s, order.receives[s], order.receiveDigests[s], out);
    }
  }

  private Path file(String step, int to, int from) { return new Path(exchange, step + "/to-" + to + "/from-" + from); }
}
