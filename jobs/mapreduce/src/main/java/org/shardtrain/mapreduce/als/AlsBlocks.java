package org.shardtrain.mapreduce.als;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.IntWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Partitioner;
import org.apache.hadoop.mapreduce.lib.partition.HashPartitioner;
import org.shardtrain.core.param.Param;

/**
 * Users and items in blocks, for the blocked half-step ({@link BlockSolveReducer}). An ID's block is the one
 * Hadoop's {@link HashPartitioner} gives its {@link Text} key among {@code blocks} reducers, so the rows job
 * ({@link RowsJob}), run with one reducer per block, leaves block b's rows in {@code part-r-0000b}: the file the
 * half-step's reducer b reads. Both sides have the same number of blocks, chosen once per run.
 */
public final class AlsBlocks {
  /** How many blocks the other side has: the rows job writes each row's destinations in them (0: none). */
  static final Param<Integer> OTHER_BLOCKS = Param.intParam("internal-als-other-blocks", "shardtrain.internal.als.other-blocks")
      .defaultsTo(0).describe("how many blocks the other side's rows are in (the rows job's destinations)").build();
  /** The folder of this side's rows, one file per block, that a blocked half-step's reducers read. */
  static final Param<String> ROWS_DIR = Param.stringParam("internal-als-rows-dir", "shardtrain.internal.als.rows-dir")
      .optional().describe("the folder of the rows a blocked half-step solves, one part file per block").build();

  private AlsBlocks() {}

  /** The block of {@code id} among {@code blocks}: HashPartitioner's (hash & MAX) mod blocks. */
  public static int of(Text id, int blocks) { return (id.hashCode() & Integer.MAX_VALUE) % blocks; }

  /** The rows file of {@code block}, as the rows job's reducer of that number names it. */
  static org.apache.hadoop.fs.Path rowsFile(Configuration conf, int block) {
    String dir = ROWS_DIR.read(conf::get);
    if (dir == null) throw new IllegalStateException("a blocked half-step needs its rows folder");
    return new org.apache.hadoop.fs.Path(dir, String.format("part-r-%05d", block));
  }

  /** Sends a factor addressed to block b to reducer b (there are as many reducers as blocks). */
  public static final class BlockPartitioner extends Partitioner<IntWritable, Object> {
    @Override
    public int getPartition(IntWritable block, Object value, int partitions) { return block.get() % partitions; }
  }
}
