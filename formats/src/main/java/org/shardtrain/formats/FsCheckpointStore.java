package org.shardtrain.formats;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.shardtrain.core.loop.CheckpointStore;
import org.shardtrain.core.loop.IterationRecord;
import org.shardtrain.core.loop.TrainingState;
import org.shardtrain.formats.avro.Checkpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checkpoints as Avro files {@code checkpoint-NNNNNN.avro} in a directory on the job's filesystem, each
 * written atomically (temporary file, then rename) with the SHA-256 of its record in the header. The newest
 * checkpoint that verifies wins: one that is truncated, corrupt, fails its checksum, or whose referenced
 * files (ALS factor folders) are missing or changed is logged, remembered in {@link #rejected()}, and the one
 * before it is used. A checkpoint made with other model-defining parameters is refused rather than silently
 * continued. Only the {@link #keep} newest checkpoints are kept; folders named {@code factors-NNNNNN} ({@link FactorFolders}) beside
 * them (a model's data that lives outside the checkpoint file) are deleted once no kept checkpoint and no
 * later iteration needs them.
 */
public final class FsCheckpointStore<M> implements CheckpointStore<M> {
  private static final Logger LOG = LoggerFactory.getLogger(FsCheckpointStore.class);
  private static final Pattern NAME = Pattern.compile("checkpoint-(\\d{6,})\\.avro");

  private final Configuration conf;
  private final Path dir;
  private final String algorithm;
  private final Map<String, String> params;
  private final Function<M, Object> toAvro;
  private final Function<Object, M> fromAvro;
  private int keep = Integer.MAX_VALUE;
  private Function<M, List<String>> referencedFolders = m -> List.of();
  private Supplier<List<String>> assignment = List::of;
  private final List<String> rejected = new ArrayList<>();

  public FsCheckpointStore(Configuration conf, Path dir, String algorithm, Map<String, String> modelDefiningParams,
                           Function<M, Object> toAvro, Function<Object, M> fromAvro) {
    this.conf = conf;
    this.dir = dir;
    this.algorithm = algorithm;
    this.params = new LinkedHashMap<>(modelDefiningParams);
    this.toAvro = toAvro;
    this.fromAvro = fromAvro;
  }

  /** Keeps only the {@code newest} newest checkpoints. */
  public FsCheckpointStore<M> keep(int newest) {
    if (newest < 1) throw new IllegalArgumentException("keep at least one checkpoint");
    this.keep = newest;
    return this;
  }

  /** Folders (or files) outside the checkpoint that a model needs; their sizes and checksums are recorded. */
  public FsCheckpointStore<M> referencedFolders(Function<M, List<String>> folders) {
    this.referencedFolders = folders;
    return this;
  }

  /** The engine's shard-to-worker assignment, recorded in each checkpoint. */
  public FsCheckpointStore<M> assignment(Supplier<List<String>> assignment) {
    this.assignment = assignment;
    return this;
  }

  public Path dir() { return dir; }

  /** What {@link #latest()} passed over, newest first, each with the reason. */
  public List<String> rejected() { return List.copyOf(rejected); }

  public static Path fileFor(Path dir, int iteration) {
    return new Path(dir, String.format("checkpoint-%06d.avro", iteration));
  }

  @Override
  public void save(TrainingState<M> state) throws IOException {
    FileSystem fs = dir.getFileSystem(conf);
    fs.mkdirs(dir);
    List<org.shardtrain.formats.avro.IterationRecord> history = new ArrayList<>();
    for (IterationRecord r : state.history()) {
      history.add(new org.shardtrain.formats.avro.IterationRecord(r.iteration(), r.seconds(), r.metrics()));
    }
    Checkpoint cp = Checkpoint.newBuilder()
        .setAlgorithm(algorithm)
        .setIteration(state.iteration())
        .setConverged(state.converged())
        .setParams(params)
        .setHistory(history)
        .setModel(toAvro.apply(state.model()))
        .setCreatedMillis(System.currentTimeMillis())
        .setAssignment(new ArrayList<>(assignment.get()))
        .setFiles(describeFiles(state.model()))
        .build();
    AvroFiles.writeChecksummed(conf, fileFor(dir, state.iteration()), cp);
    removeOld(fs, state.iteration());
  }

  @Override
  public void passed(TrainingState<M> state) throws IOException {
    removeOld(dir.getFileSystem(conf), state.iteration());
  }

  @Override
  public Optional<TrainingState<M>> latest() throws IOException {
    rejected.clear();
    for (Path file : newestFirst(dir.getFileSystem(conf))) {
      Checkpoint cp;
      try {
        cp = AvroFiles.readVerified(conf, file, Checkpoint.class);
        verifyFiles(cp, file);
      } catch (IOException | RuntimeException e) {
        String why = e.getMessage() == null ? e.toString() : e.getMessage();
        LOG.warn("Ignoring checkpoint {}: {}; trying the one before it", file, why);
        rejected.add(file.getName() + ": " + why);
        continue;
      }
      checkBelongsToThisRun(cp, file);
      List<IterationRecord> history = new ArrayList<>();
      for (org.shardtrain.formats.avro.IterationRecord r : cp.getHistory()) {
        history.add(new IterationRecord(r.getIteration(), r.getSeconds(), r.getMetrics()));
      }
      return Optional.of(new TrainingState<>(cp.getIteration(), fromAvro.apply(cp.getModel()), cp.getConverged(), history));
    }
    return Optional.empty();
  }

  /**
   * The shard assignment of the newest checkpoint in {@code dir} that verifies, or an empty list; read by an
   * ApplicationMaster before it starts workers, so that a resumed run deals the splits exactly as before.
   */
  public static List<String> latestAssignment(Configuration conf, Path dir) throws IOException {
    FileSystem fs = dir.getFileSystem(conf);
    for (Path file : newestFirst(fs, dir)) {
      try {
        List<String> out = new ArrayList<>();
        for (CharSequence s : AvroFiles.readVerified(conf, file, Checkpoint.class).getAssignment()) out.add(s.toString());
        return out;
      } catch (IOException | RuntimeException e) {
        LOG.warn("Ignoring checkpoint {} for the shard assignment: {}", file, e.getMessage());
      }
    }
    return List.of();
  }

  private List<Path> newestFirst(FileSystem fs) throws IOException { return newestFirst(fs, dir); }

  private static List<Path> newestFirst(FileSystem fs, Path dir) throws IOException {
    if (!fs.exists(dir)) return List.of();
    FileStatus[] files = fs.listStatus(dir, p -> NAME.matcher(p.getName()).matches());
    Arrays.sort(files, Comparator.comparing((FileStatus f) -> f.getPath().getName()).reversed());
    List<Path> out = new ArrayList<>();
    for (FileStatus f : files) out.add(f.getPath());
    return out;
  }

  /** Deletes checkpoints beyond the newest {@link #keep}, and factor folders only those (or no one) needed. */
  private void removeOld(FileSystem fs, int currentIteration) throws IOException {
    List<Path> files = newestFirst(fs);
    Set<Integer> kept = new HashSet<>();
    for (int i = 0; i < files.size(); i++) {
      if (i < keep) {
        kept.add(iterationOf(files.get(i)));
      } else if (!fs.delete(files.get(i), false)) {
        LOG.warn("could not delete old checkpoint {}", files.get(i));
      }
    }
    for (FileStatus f : fs.listStatus(dir, p -> FactorFolders.iterationOf(p.getName()) >= 0)) {
      int iteration = FactorFolders.iterationOf(f.getPath().getName());
      if (iteration < currentIteration && !kept.contains(iteration)) fs.delete(f.getPath(), true);
    }
  }

  /** Every file under the model's referenced folders: path → length, plus the filesystem's checksum if it has one. */
  private Map<String, String> describeFiles(M model) throws IOException {
    Map<String, String> files = new TreeMap<>();
    for (String folder : referencedFolders.apply(model)) {
      if (folder == null) continue;
      Path root = new Path(folder);
      FileSystem fs = root.getFileSystem(conf);
      RemoteIterator<LocatedFileStatus> it = fs.listFiles(root, true);
      while (it.hasNext()) {
        LocatedFileStatus f = it.next();
        String name = f.getPath().getName();
        if (name.startsWith(".") || name.startsWith("_")) continue;
        files.put(relativeTo(conf, dir, f.getPath().toString()), FileFingerprint.of(fs, f.getPath(), f.getLen()));
      }
    }
    return files;
  }

  /**
   * A path as a checkpoint in {@code dir} records it: relative to {@code dir} when it lies under it (ALS factor
   * folders do), so that a run copied or moved elsewhere still resumes; any other path unchanged.
   */
  public static String relativeTo(Configuration conf, Path dir, String path) {
    if (path == null) return null;
    try {
      Path p = new Path(path);
      String base = dir.getFileSystem(conf).makeQualified(dir).toString() + "/";
      String full = p.getFileSystem(conf).makeQualified(p).toString();
      return full.startsWith(base) ? full.substring(base.length()) : path;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** A path recorded in a checkpoint in {@code dir}: relative ones are under {@code dir} (absolute: older checkpoints). */
  public static String resolveAgainst(Path dir, String recorded) {
    if (recorded == null) return null;
    Path p = new Path(recorded);
    return p.isAbsolute() || p.toUri().getScheme() != null ? recorded : new Path(dir, p).toString();
  }

  private void verifyFiles(Checkpoint cp, Path checkpoint) throws IOException {
    for (Map.Entry<? extends CharSequence, ? extends CharSequence> e : cp.getFiles().entrySet()) {
      Path p = new Path(resolveAgainst(dir, e.getKey().toString()));
      FileSystem fs = p.getFileSystem(conf);
      if (!fs.exists(p)) throw new IOException("its file " + p + " is missing");
      String actual = FileFingerprint.of(fs, p, fs.getFileStatus(p).getLen());
      if (!actual.equals(e.getValue().toString())) {
        throw new IOException("its file " + p + " has changed (" + actual + ", recorded " + e.getValue() + ")");
      }
    }
  }

  private void checkBelongsToThisRun(Checkpoint cp, Path file) {
    if (!cp.getAlgorithm().equals(algorithm)) {
      throw new IllegalArgumentException("checkpoint " + file + " is of " + cp.getAlgorithm() + ", not " + algorithm);
    }
    for (Map.Entry<String, String> e : params.entrySet()) {
      String theirs = cp.getParams().get(e.getKey());
      if (!e.getValue().equals(theirs) && e.getKey().endsWith(".input.files")) {
        throw new IllegalArgumentException("cannot resume: the input is not the data checkpoint " + file
            + " was trained on (then: " + theirs + "; now: " + e.getValue() + "); resume with that input, "
            + "or start again with --overwrite");
      }
      if (!e.getValue().equals(theirs)) {
        throw new IllegalArgumentException("cannot resume: checkpoint " + file + " was made with " + e.getKey() + "="
            + theirs + ", this run has " + e.getValue() + " (use the same parameters, or another --checkpoint-dir)");
      }
    }
  }

  /** The iteration number in a checkpoint file name, or -1. */
  public static int iterationOf(Path p) {
    Matcher m = NAME.matcher(p.getName());
    return m.matches() ? Integer.parseInt(m.group(1)) : -1;
  }
}
