package org.shardtrain.formats;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.shardtrain.core.loop.CheckpointStore;
import org.shardtrain.core.loop.IterationRecord;
import org.shardtrain.core.loop.TrainingState;
import org.shardtrain.formats.avro.Checkpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checkpoints as Avro files {@code checkpoint-NNNNNN.avro} in a directory on the job's filesystem, each
 * written atomically (temporary file, then rename). The newest readable one wins; one that cannot be read
 * (truncated, corrupt) is logged and the one before it is used. A checkpoint made with other
 * model-defining parameters is refused rather than silently continued.
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

  public FsCheckpointStore(Configuration conf, Path dir, String algorithm, Map<String, String> modelDefiningParams,
                           Function<M, Object> toAvro, Function<Object, M> fromAvro) {
    this.conf = conf;
    this.dir = dir;
    this.algorithm = algorithm;
    this.params = new LinkedHashMap<>(modelDefiningParams);
    this.toAvro = toAvro;
    this.fromAvro = fromAvro;
  }

  public Path dir() { return dir; }

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
        .build();
    AvroFiles.writeAtomically(conf, fileFor(dir, state.iteration()), cp);
  }

  @Override
  public Optional<TrainingState<M>> latest() throws IOException {
    FileSystem fs = dir.getFileSystem(conf);
    if (!fs.exists(dir)) return Optional.empty();
    FileStatus[] files = fs.listStatus(dir, p -> NAME.matcher(p.getName()).matches());
    Arrays.sort(files, Comparator.comparing((FileStatus f) -> f.getPath().getName()).reversed());
    for (FileStatus f : files) {
      Checkpoint cp;
      try {
        cp = AvroFiles.readSingle(conf, f.getPath(), Checkpoint.class);
      } catch (IOException | RuntimeException e) {
        LOG.warn("Ignoring unreadable checkpoint {} ({}); trying the one before it", f.getPath(), e.getMessage());
        continue;
      }
      checkBelongsToThisRun(cp, f.getPath());
      List<IterationRecord> history = new ArrayList<>();
      for (org.shardtrain.formats.avro.IterationRecord r : cp.getHistory()) {
        history.add(new IterationRecord(r.getIteration(), r.getSeconds(), r.getMetrics()));
      }
      return Optional.of(new TrainingState<>(cp.getIteration(), fromAvro.apply(cp.getModel()), cp.getConverged(), history));
    }
    return Optional.empty();
  }

  private void checkBelongsToThisRun(Checkpoint cp, Path file) {
    if (!cp.getAlgorithm().equals(algorithm)) {
      throw new IllegalArgumentException("checkpoint " + file + " is of " + cp.getAlgorithm() + ", not " + algorithm);
    }
    for (Map.Entry<String, String> e : params.entrySet()) {
      String theirs = cp.getParams().get(e.getKey());
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
