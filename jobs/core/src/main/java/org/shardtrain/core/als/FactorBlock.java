package org.shardtrain.core.als;

/**
 * The factors of one block of rows (a worker's users or items, or the other side's rows its ratings use):
 * {@code rank} doubles per row, row-major, held as chunks of whole rows so that a block may hold more than
 * 2³¹ doubles (one Java array cannot). A row never straddles two chunks, so the kernels read and write a
 * row as {@code (arrayOf(row), offsetOf(row))} exactly as they read one flat array, and the arithmetic —
 * hence every bit of the model — does not depend on the chunking.
 *
 * <p>Rows per chunk are a power of two (the largest that fits {@code maxChunkDoubles}), so finding a row's
 * chunk is a shift and a mask per rating, not a division. The last chunk holds only the rows left, so a
 * block that fits one chunk is one array of exactly {@code rows × rank} doubles, as before chunking.
 * Rows are an {@code int}: a block's IDs are one {@code String[]}; element indices are {@code long}.
 */
public final class FactorBlock {
  /**
   * 2²⁴ doubles (128 MiB): far below the 2³¹ limit and small enough that the collector finds room for a
   * chunk in a fragmented heap; at rank 50 a chunk is 262,144 rows (105 MB).
   */
  public static final int DEFAULT_MAX_CHUNK_DOUBLES = 1 << 24;

  private final int rows;
  private final int rank;
  private final int shift;
  private final int mask;
  private final double[][] chunks;

  /** Zeroed factors for {@code rows} rows of {@code rank} values, in chunks of at most 128 MiB. */
  public FactorBlock(int rows, int rank) { this(rows, rank, DEFAULT_MAX_CHUNK_DOUBLES); }

  /** Zeroed factors in chunks of at most {@code maxChunkDoubles} doubles (tests use small chunks). */
  public FactorBlock(int rows, int rank, int maxChunkDoubles) {
    if (rows < 0 || rank < 1) throw new IllegalArgumentException("a factor block of " + rows + " rows of rank " + rank);
    if (maxChunkDoubles < rank) {
      throw new IllegalArgumentException("a chunk of " + maxChunkDoubles + " doubles cannot hold a row of rank " + rank);
    }
    this.rows = rows;
    this.rank = rank;
    int rowsPerChunk = Integer.highestOneBit(maxChunkDoubles / rank);
    this.shift = Integer.numberOfTrailingZeros(rowsPerChunk);
    this.mask = rowsPerChunk - 1;
    int count = (int) ((rows + (long) rowsPerChunk - 1) >>> shift);
    this.chunks = new double[count][];
    for (int c = 0; c < count; c++) {
      long first = (long) c << shift;
      chunks[c] = new double[(int) Math.min(rowsPerChunk, rows - first) * rank];
    }
  }

  private FactorBlock(double[] values, int rank) {
    this.rank = rank;
    this.rows = values.length / rank;
    this.shift = 31; // one chunk: every row index (an int ≥ 0) shifts to chunk 0
    this.mask = Integer.MAX_VALUE;
    this.chunks = new double[][] {values};
  }

  /** A one-chunk block over {@code values} (row-major, {@code rank} per row), not copied: writes go to the array. */
  public static FactorBlock wrap(double[] values, int rank) {
    if (rank < 1 || values.length % rank != 0) {
      throw new IllegalArgumentException(values.length + " values are not whole rows of rank " + rank);
    }
    return new FactorBlock(values, rank);
  }

  public int rows() { return rows; }
  public int rank() { return rank; }

  /** Values held: rows × rank, which may exceed 2³¹. */
  public long doubles() { return (long) rows * rank; }

  public int chunkCount() { return chunks.length; }

  /** Chunk {@code c}: rows [{@link #firstRow}(c), firstRow(c) + length / rank), row-major. */
  public double[] chunk(int c) { return chunks[c]; }

  public int firstRow(int c) { return (int) ((long) c << shift); }

  /** The array holding row {@code row}'s factor, from {@link #offsetOf}(row). */
  public double[] arrayOf(int row) { return chunks[row >>> shift]; }

  public int offsetOf(int row) { return (row & mask) * rank; }

  /** Copies row {@code row} to {@code to[at, at + rank)}. */
  public void get(int row, double[] to, int at) { System.arraycopy(chunks[row >>> shift], (row & mask) * rank, to, at, rank); }

  /** Sets row {@code row} from {@code from[at, at + rank)}. */
  public void set(int row, double[] from, int at) { System.arraycopy(from, at, chunks[row >>> shift], (row & mask) * rank, rank); }

  /** A copy of row {@code row}. */
  public double[] row(int row) {
    double[] x = new double[rank];
    get(row, x, 0);
    return x;
  }

  /** Value {@code index} of the row-major whole (row index / rank, column index % rank). */
  public double get(long index) {
    int row = row(index);
    return chunks[row >>> shift][(row & mask) * rank + (int) (index % rank)];
  }

  public void set(long index, double value) {
    int row = row(index);
    chunks[row >>> shift][(row & mask) * rank + (int) (index % rank)] = value;
  }

  private int row(long index) {
    if (index < 0 || index >= doubles()) throw new IndexOutOfBoundsException("value " + index + " of " + doubles());
    return (int) (index / rank);
  }

  /** The whole block as one array (small blocks: tests and the reference engine's views). */
  public double[] toArray() {
    if (doubles() > Integer.MAX_VALUE - 8) throw new IllegalStateException(doubles() + " values do not fit one array");
    if (chunks.length == 1) return chunks[0].clone();
    double[] out = new double[(int) doubles()];
    int at = 0;
    for (double[] c : chunks) {
      System.arraycopy(c, 0, out, at, c.length);
      at += c.length;
    }
    return out;
  }

  @Override
  public String toString() { return rows + " rows of rank " + rank + " in " + chunks.length + " chunk(s)"; }
}
