package org.shardtrain.formats;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.Path;
import org.shardtrain.core.als.AlsPasses;

/**
 * The one owner of ALS's file layout, whichever engine or program reads or writes it:
 * <ul>
 *   <li>a run's checkpoint directory holds one folder per iteration, {@code factors-NNNNNN}, beside the
 *       checkpoint files, with {@code users/} and {@code items/} inside; iteration 0's {@code items/} is a
 *       warm start's item factors;</li>
 *   <li>a factor folder holds part files {@code part-*} (SequenceFiles ID → factor, one per reducer or
 *       worker);</li>
 *   <li>a model folder holds {@code users.avro} and {@code items.avro} (Avro {@code Factor} records).</li>
 * </ul>
 */
public final class FactorFolders {
  private static final Pattern ITERATION = Pattern.compile("factors-(\\d{6,})");

  private FactorFolders() {}

  /** The folder of an iteration's factors, {@code root/factors-NNNNNN}. */
  public static Path iteration(Path root, int iteration) {
    return new Path(root, String.format(java.util.Locale.ROOT, "factors-%06d", iteration));
  }

  /** The factor folder of one side of an iteration, {@code root/factors-NNNNNN/users} (or {@code items}). */
  public static Path of(Path root, int iteration, AlsPasses.Side side) {
    return new Path(iteration(root, iteration), side == AlsPasses.Side.USERS ? "users" : "items");
  }

  public static Path users(Path root, int iteration) { return of(root, iteration, AlsPasses.Side.USERS); }
  public static Path items(Path root, int iteration) { return of(root, iteration, AlsPasses.Side.ITEMS); }

  /** The iteration of a folder named {@code factors-NNNNNN}; −1 for any other name. */
  public static int iterationOf(String folderName) {
    Matcher m = ITERATION.matcher(folderName);
    return m.matches() ? Integer.parseInt(m.group(1)) : -1;
  }

  /** The glob of a factor folder's part files. */
  public static Path parts(Path folder) { return new Path(folder, "part-*"); }

  /** The one part file of a factor folder written in one piece (a model's factors copied for the jobs). */
  public static Path singlePart(Path folder) { return new Path(folder, "part-r-00000"); }

  /** A model folder's factor file of one side, {@code users.avro} or {@code items.avro}. */
  public static Path modelFile(Path modelDir, AlsPasses.Side side) {
    return new Path(modelDir, side == AlsPasses.Side.USERS ? "users.avro" : "items.avro");
  }
}
