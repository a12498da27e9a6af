package org.shardtrain.core.als;

import static org.shardtrain.core.size.HeapLayout.array;
import static org.shardtrain.core.size.HeapLayout.ceilDiv;
import static org.shardtrain.core.size.HeapLayout.plus;
import static org.shardtrain.core.size.HeapLayout.times;

import java.util.Locale;
import org.shardtrain.core.size.HeapLayout;
import org.shardtrain.core.size.WorkerFootprint;

/**
 * The sizes of ALS on YARN with W workers, all {@code long}, from the shape of the data (ratings, users,
 * items, rank): what each worker's blocks hold, what travels per half-step, and the heap a worker needs.
 * Worker w owns user block w and item block w (an ID's block is its hash modulo W), so each holds about
 * R/W ratings twice (by user and by item), U/W user and I/W item factors, and the other side's factors its
 * ratings reference.
 *
 * <p>The heap is the larger of two peaks, priced with {@link HeapLayout} (measured on the real structures):
 * <ul>
 *   <li>loading (the gather): both sides' {@link RatingBlock.Builder}s full (an ID reference per rating and
 *       side, twice, and a double; arrays counted at twice the ratings, as they double while they grow), one
 *       of them building (IDs' ranks, two counting sorts: 4 int arrays, then the block's int and double
 *       arrays), the ID strings, and the hash sets that make IDs distinct; or, before it, the scatter's
 *       3·W open routed streams on the local disk, whose buffers share about {@value #ROUTING_BUFFERS_MIB} MiB
 *       ({@link #routingBufferBytes});</li>
 *   <li>iterating: both blocks (an int and a double per rating: 12 bytes; an int per row), the ID strings,
 *       the exchange orders (an int per row sent or received), and in the larger half-step the received
 *       factors and the solved ones (8 bytes per value), plus each kernel thread's normal-equation scratch;</li>
 * </ul>
 * and the heap is that live peak with the collector's room and a baseline ({@link HeapLayout#heapFor}). The
 * referenced rows assume ratings spread evenly over users and
 * items; real, skewed data references fewer (so needs less). Held-out ratings are not counted apart: count
 * them in {@code ratings} (they cost less than training ratings).
 */
public final class AlsSizes implements WorkerFootprint {
  /** What the scatter's 3·W routed streams' buffers share (each 4–64 KiB). */
  static final int ROUTING_BUFFERS_MIB = 16;

  /**
   * The buffer of one of the scatter's routed streams with {@code blocks} workers: 3·W streams (users, items and
   * held-out ratings per block) share about {@value #ROUTING_BUFFERS_MIB} MiB, each between 4 and 64 KiB.
   */
  public static int routingBufferBytes(int blocks) {
    return Math.max(4096, Math.min(1 << 16, (ROUTING_BUFFERS_MIB << 20) / (3 * Math.max(1, blocks))));
  }
  /** The widest vector lanes a kernel pads a row to (512-bit: 8 doubles). */
  private static final int WIDEST_LANES = 8;
  private static final int EXCHANGE_HEADER_BYTES = 4 + 4 + 4 + 8;

  private final long ratings;
  private final long users;
  private final long items;
  private final int rank;
  private final int workers;
  private final int threads;
  private final long ratingsPerBlock;
  private final long userRows;
  private final long itemRows;
  private final long referencedItems;
  private final long referencedUsers;

  /** One kernel thread per worker. */
  public AlsSizes(long ratings, long users, long items, int rank, int workers) {
    this(ratings, users, items, rank, workers, 1);
  }

  public AlsSizes(long ratings, long users, long items, int rank, int workers, int kernelThreads) {
    if (ratings < 0 || users < 0 || items < 0 || rank < 1 || workers < 1 || kernelThreads < 1) {
      throw new IllegalArgumentException("no ALS of " + ratings + " ratings, " + users + " users, " + items
          + " items, rank " + rank + " on " + workers + " workers of " + kernelThreads + " threads");
    }
    this.ratings = ratings;
    this.users = users;
    this.items = items;
    this.rank = rank;
    this.workers = workers;
    this.threads = kernelThreads;
    this.ratingsPerBlock = ceilDiv(ratings, workers);
    this.userRows = ceilDiv(users, workers);
    this.itemRows = ceilDiv(items, workers);
    this.referencedItems = referenced(items);
    this.referencedUsers = referenced(users);
  }

  /** The large recommender of issue 19: 10 billion ratings, 100 million users, 10 million items, rank 50. */
  public static AlsSizes largeRecommender(int workers) {
    return new AlsSizes(10_000_000_000L, 100_000_000L, 10_000_000L, 50, workers);
  }

  public int workers() { return workers; }

  /** Ratings in one worker's user block, and as many in its item block. */
  public long ratingsPerBlock() { return ratingsPerBlock; }
  public long userRowsPerBlock() { return userRows; }
  public long itemRowsPerBlock() { return itemRows; }

  /** Items a user block's ratings reference: the item factors a worker receives for the users half-step. */
  public long itemsReferencedByUserBlock() { return referencedItems; }

  /** Users an item block's ratings reference: the user factors a worker receives for the items half-step. */
  public long usersReferencedByItemBlock() { return referencedUsers; }

  public long userFactorDoubles() { return times(userRows, rank); }
  public long itemFactorDoubles() { return times(itemRows, rank); }
  public long receivedItemFactorDoubles() { return times(referencedItems, rank); }
  public long receivedUserFactorDoubles() { return times(referencedUsers, rank); }

  /** The largest {@link FactorBlock} a worker holds (may exceed 2³¹: it is chunked). */
  public long largestFactorBlockDoubles() {
    return Math.max(Math.max(userFactorDoubles(), itemFactorDoubles()),
        Math.max(receivedItemFactorDoubles(), receivedUserFactorDoubles()));
  }

  /**
   * Exchange bytes one worker reads in a half-step (W files, a header each): the other side's factors its
   * block references. On average a worker writes as much (every byte written is read once).
   */
  public long exchangeBytesPerHalfStep(AlsPasses.Side side) {
    long doubles = side == AlsPasses.Side.USERS ? receivedItemFactorDoubles() : receivedUserFactorDoubles();
    return plus(times(doubles, Double.BYTES), times(workers, EXCHANGE_HEADER_BYTES));
  }

  /** The larger half-step's exchange bytes per worker. */
  public long exchangeBytesPerHalfStep() {
    return Math.max(exchangeBytesPerHalfStep(AlsPasses.Side.USERS), exchangeBytesPerHalfStep(AlsPasses.Side.ITEMS));
  }

  /** One exchange file: the rows of one block that one block of the other side references. */
  public long largestExchangeFileBytes() {
    long userFile = (long) Math.ceil(userRows * referencedFraction(users));
    long itemFile = (long) Math.ceil(itemRows * referencedFraction(items));
    return plus(times(times(Math.max(userFile, itemFile), rank), Double.BYTES), EXCHANGE_HEADER_BYTES);
  }

  /** Whether each block's ratings and rows fit the int-indexed arrays a block is made of. */
  @Override
  public boolean fitsArrays() {
    long rows = Math.max(Math.max(userRows, itemRows), Math.max(referencedItems, referencedUsers));
    return ratingsPerBlock <= RatingBlock.Builder.MAX_RATINGS && rows <= RatingBlock.Builder.MAX_RATINGS;
  }

  /** Heap of one worker at the gather, the larger of the scatter's and the gather's peaks (see the class). */
  public long loadPeakBytes(HeapLayout h) {
    long n = ratingsPerBlock;
    long capacity = times(2, n);
    long filled = plus(times(2, array(capacity, h.referenceBytes())), array(capacity, Double.BYTES));
    long building = Math.max(plus(filled, times(2, array(n, Integer.BYTES))),
        plus(plus(array(capacity, Double.BYTES), times(4, array(n, Integer.BYTES))), array(n, Double.BYTES)));
    long usersBuilt = block(h, userRows, referencedItems);
    long reading = plus(times(2, filled), times(itemRows + referencedUsers, h.hashEntryBytes()));
    long buildingUsers = plus(plus(filled, building), times(Math.max(userRows, referencedItems), h.hashEntryBytes()));
    long buildingItems = plus(plus(usersBuilt, building), times(Math.max(itemRows, referencedUsers), h.hashEntryBytes()));
    long gather = plus(idStrings(h), Math.max(reading, Math.max(buildingUsers, buildingItems)));
    long scatter = times(times(3, workers), routingBufferBytes(workers));
    return Math.max(gather, scatter);
  }

  /** Heap of one worker in the larger half-step (see the class). */
  public long solvePeakBytes(HeapLayout h) {
    long blocks = plus(block(h, userRows, referencedItems), block(h, itemRows, referencedUsers));
    long orders = plus(times(2, array(referencedUsers + referencedItems, Integer.BYTES)),
        times(4L * workers, 16 + 8 + h.referenceBytes()));
    long usersStep = plus(factorBytes(referencedItems), factorBytes(userRows));
    long itemsStep = plus(factorBytes(referencedUsers), factorBytes(itemRows));
    long seen = Math.max(referencedItems, referencedUsers); // a boolean per row read from a folder (resume, warm start)
    long factors = plus(Math.max(usersStep, itemsStep), seen);
    return plus(plus(plus(blocks, idStrings(h)), plus(orders, factors)), times(threads, scratchBytes()));
  }

  /** The heap one worker needs, in bytes: the larger live peak, with the collector's room and the baseline. */
  @Override
  public long workerHeapBytes() {
    return WorkerFootprint.withLayout(h -> HeapLayout.heapFor(Math.max(loadPeakBytes(h), solvePeakBytes(h))));
  }

  /** The fewest workers of {@code kernelThreads} threads for this data whose heap fits {@code heapBytes}; -1: none. */
  public int workersNeededFor(long heapBytes) {
    return WorkerFootprint.workersNeededFor(heapBytes, w -> new AlsSizes(ratings, users, items, rank, w, threads));
  }

  @Override
  public String describe() {
    return String.format(Locale.ROOT, "ALS of %,d ratings (%,d users, %,d items, rank %d) on %,d workers: per worker"
            + " %,d ratings per block, %,d user and %,d item rows, %,d items and %,d users referenced; largest factor"
            + " block %,d doubles; exchange per half-step %,d bytes, largest file %,d bytes; heap %,d bytes",
        ratings, users, items, rank, workers, ratingsPerBlock, userRows, itemRows, referencedItems, referencedUsers,
        largestFactorBlockDoubles(), exchangeBytesPerHalfStep(), largestExchangeFileBytes(), workerHeapBytes());
  }

  /**
   * Rows of a side of {@code rows} rows that one block of the other side references: each row's R/rows
   * ratings fall in a given block with probability 1/W, so the row is referenced with probability
   * 1 − (1 − 1/W)^(R/rows); never more than the block's ratings or the side's rows.
   */
  private long referenced(long rows) {
    if (rows == 0 || ratings == 0) return 0;
    long expected = (long) Math.ceil(rows * referencedFraction(rows));
    return Math.min(Math.min(rows, ratingsPerBlock), expected);
  }

  private double referencedFraction(long rows) {
    if (rows == 0 || ratings == 0) return 0;
    if (workers == 1) return 1;
    return -Math.expm1((double) ratings / rows * Math.log1p(-1.0 / workers));
  }

  /** A built block: an int and a double per rating, an int per row, a reference per own and per other ID. */
  private long block(HeapLayout h, long rows, long otherRows) {
    long perRating = plus(array(ratingsPerBlock, Integer.BYTES), array(ratingsPerBlock, Double.BYTES));
    long perRow = plus(array(rows + 1, Integer.BYTES), plus(array(rows, h.referenceBytes()), array(otherRows, h.referenceBytes())));
    return plus(perRating, perRow);
  }

  /** A chunked block of rows × rank doubles. */
  private long factorBytes(long rows) {
    long doubles = times(rows, rank);
    long chunks = ceilDiv(doubles, FactorBlock.DEFAULT_MAX_CHUNK_DOUBLES) + 1;
    return plus(times(doubles, Double.BYTES), times(chunks, 16 + 8));
  }

  /** The ID strings: each side's reading makes one string per distinct ID it sees (own and referenced). */
  private long idStrings(HeapLayout h) {
    return times(plus(plus(userRows, referencedItems), plus(itemRows, referencedUsers)), h.idBytes());
  }

  /** One kernel thread's scratch: the vector path's 1,024 gathered ratings, the normal equation and its solve. */
  private long scratchBytes() {
    long p = ceilDiv(rank, WIDEST_LANES) * WIDEST_LANES;
    long packed = (long) rank * (rank + 1) / 2 + rank;
    long doubles = 1024 * p + 2 * 1024 + p + rank * p + 4 * packed;
    return times(doubles, Double.BYTES);
  }
}
