package org.shardtrain.host.program;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The output contract every training program follows (later tools read it):
 * <pre>
 *   output/model/        the model (Avro)
 *   output/metrics.json  algorithm, engine, iterations, converged, the final metric, wall_seconds, history
 *   output/rejects/      records set aside under --on-bad-record skip
 *   output/_checkpoints/ checkpoints (default place; --checkpoint-dir moves them)
 *   output/_work/        per-pass scratch, removed at the end of a successful run
 * </pre>
 * An existing output is never replaced without --overwrite, and an output that would contain the input
 * (so that replacing it deletes the input) is refused outright.
 */
public final class RunOutput {
  private final Configuration conf;
  private final FileSystem fs;
  private final Path root;
  private boolean createdByThisRun;

  public RunOutput(Configuration conf, String output) throws IOException {
    this.conf = conf;
    Path p = new Path(output);
    this.fs = p.getFileSystem(conf);
    this.root = fs.makeQualified(p);
  }

  public Path root() { return root; }
  public Path modelDir() { return new Path(root, "model"); }
  public Path modelFile() { return new Path(modelDir(), "model.avro"); }
  public Path metricsFile() { return new Path(root, "metrics.json"); }
  public Path rejectsDir() { return new Path(root, "rejects"); }
  public Path defaultCheckpointDir() { return new Path(root, "_checkpoints"); }
  public Path workDir() { return new Path(root, "_work"); }

  /**
   * Makes the output ready: refuses an existing one without {@code overwrite} (a {@code resume} continues in
   * it), and refuses any output that is, or contains, one of the inputs.
   */
  public void prepare(Configuration conf, String inputs, boolean overwrite, boolean resume) throws IOException {
    refuseOverlap("output", "--output", root, inputs, conf);
    boolean exists = fs.exists(root);
    // Before anything is deleted: a second run on a live run's output is refused, not allowed to replace it.
    if (exists) OutputLock.refuseIfHeld(fs, root);
    if (exists && !resume) {
      if (!overwrite) {
        throw new FileAlreadyExistsException("output " + root + " already exists; pass --overwrite to replace it"
            + (holdsCheckpoints(root) ? ", or --resume to continue the run it holds (it has checkpoints)" : ""));
      }
      if (!fs.delete(root, true)) throw new IOException("cannot delete " + root);
    }
    createdByThisRun = !exists || !resume;
    makeDir(root);
    lock = OutputLock.take(fs, root);
    // The passes write rejected records there first (then move them to rejects/).
    org.shardtrain.formats.input.PrivateDirs.ensure(fs, workDir());
  }

  private OutputLock lock;

  /** Whether an existing output holds checkpoints at their default place (an interrupted run). */
  private boolean holdsCheckpoints(Path output) throws IOException {
    Path cp = new Path(output, "_checkpoints");
    return fs.exists(cp) && fs.listStatus(cp, p -> p.getName().startsWith("checkpoint-")).length > 0;
  }

  /**
   * Creates the output folder or says in one line why it cannot: Hadoop's local filesystem answers a
   * read-only parent with "false", and the first file written there then fails as "…/_work does not exist".
   */
  private void makeDir(Path dir) throws IOException {
    boolean made;
    try {
      made = fs.mkdirs(dir);
    } catch (org.apache.hadoop.security.AccessControlException e) {
      throw new IllegalArgumentException("cannot create the output " + dir + ": permission denied ("
          + e.getMessage().split("\n")[0] + ")");
    } catch (org.apache.hadoop.fs.ParentNotDirectoryException e) {
      made = false; // said below, with the file in the way
    }
    if (!made || !fs.getFileStatus(dir).isDirectory()) {
      Path parent = dir.getParent();
      while (parent != null && !fs.exists(parent)) parent = parent.getParent();
      String why = parent == null ? "no parent folder exists"
          : fs.getFileStatus(parent).isFile() ? parent + " is a file, not a folder"
          : "its folder " + parent + " is not writable by " + System.getProperty("user.name");
      throw new IllegalArgumentException("cannot create the output " + dir + ": " + why);
    }
  }

  /** Ends this run's hold on the output (the lock); the program's end does it too. */
  public void release() {
    if (lock != null) lock.release();
  }

  /**
   * After a failure: removes an output this run created when it holds nothing worth keeping (no checkpoint
   * under {@code checkpoints}), so that fixing the input and running again needs no --overwrite.
   */
  public void discardIfEmpty(Path checkpoints) {
    try {
      if (!createdByThisRun) {
        release();
        return;
      }
      FileSystem cfs = checkpoints.getFileSystem(conf);
      if (cfs.exists(checkpoints) && cfs.listStatus(checkpoints, p -> p.getName().startsWith("checkpoint-")).length > 0) {
        release();
        return;
      }
      release();
      fs.delete(root, true);
    } catch (IOException e) {
      // Best effort: the run's own error is what the user needs to see.
    }
  }

  /** After a failure nothing can resume from: removes the output if this run created it. */
  public void discardCreated() {
    try {
      release();
      if (createdByThisRun) fs.delete(root, true);
    } catch (IOException e) {
      // Best effort, as above.
    }
  }

  /**
   * Refuses a folder the run writes to (and prunes: outputs are replaced, old checkpoints deleted) that is,
   * or contains, or lies within one of the inputs.
   */
  static void refuseOverlap(String what, String flag, Path qualifiedDir, String inputs, Configuration conf)
      throws IOException {
    for (String in : inputs.split(",")) {
      if (in.isBlank()) continue;
      Path input = new Path(in.trim());
      Path qualified = input.getFileSystem(conf).makeQualified(input);
      if (isWithin(qualified, qualifiedDir) || isWithin(qualifiedDir, qualified)) {
        throw new IllegalArgumentException(what + " " + qualifiedDir + " and input " + qualified + " overlap"
            + "; choose another " + flag + " (a run never modifies its input)");
      }
    }
  }

  static boolean isWithin(Path child, Path parent) {
    String c = child.toUri().getPath();
    String p = parent.toUri().getPath();
    return c.equals(p) || c.startsWith(p.endsWith("/") ? p : p + "/");
  }

  public void writeText(Path file, String text) throws IOException {
    writeText(fs, file, text);
  }

  /** Write, then rename: a reader sees the old file or the new one, never half of one. */
  public static void writeText(FileSystem fs, Path file, String text) throws IOException {
    Path tmp = new Path(file.getParent(), "_tmp." + file.getName());
    try (OutputStream out = fs.create(tmp, true)) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
    fs.delete(file, false);
    if (!fs.rename(tmp, file)) throw new IOException("cannot rename " + tmp + " to " + file);
  }

  /**
   * Moves what a map-only or import job wrote into its output folder {@code jobOutput}: its {@code part-*}
   * files to the root and its {@code rejects-*} files to rejects/. Returns how many part files moved.
   */
  public int adoptJobOutput(Path jobOutput) throws IOException {
    int parts = 0;
    for (FileStatus f : fs.listStatus(jobOutput, p -> p.getName().startsWith("part-"))) {
      rename(f.getPath(), new Path(root, f.getPath().getName()));
      parts++;
    }
    adoptRejects(jobOutput, rejectsDir());
    return parts;
  }

  /** Moves the {@code rejects-*} files in {@code from} into {@code rejects}. */
  public static void adoptRejects(FileSystem fs, Path from, Path rejects) throws IOException {
    FileStatus[] files = fs.listStatus(from, p -> p.getName().startsWith(org.shardtrain.formats.input.BadRecords.REJECTS + "-"));
    if (files.length == 0) return;
    org.shardtrain.formats.input.PrivateDirs.ensure(fs, rejects);
    for (FileStatus f : files) {
      Path target = new Path(rejects, f.getPath().getName());
      fs.delete(target, false);
      if (!fs.rename(f.getPath(), target)) throw new IOException("cannot move " + f.getPath() + " to " + target);
    }
  }

  private void adoptRejects(Path from, Path rejects) throws IOException { adoptRejects(fs, from, rejects); }

  private void rename(Path from, Path to) throws IOException {
    if (!fs.rename(from, to)) throw new IOException("cannot move " + from + " to " + to);
  }

  /** A metrics.json (a training run's or an evaluation's), for the programs that judge or report runs. */
  public static com.fasterxml.jackson.databind.JsonNode readMetrics(Configuration conf, Path file) throws IOException {
    FileSystem fs = file.getFileSystem(conf);
    if (!fs.exists(file)) throw new java.io.FileNotFoundException("no metrics at " + file);
    try (java.io.InputStream in = fs.open(file)) {
      return new com.fasterxml.jackson.databind.ObjectMapper().readTree(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  /** The end of a successful run: its scratch folder goes, and the output is free for the next run. */
  public void removeWork() throws IOException {
    fs.delete(workDir(), true);
    release();
  }
}
