package org.shardtrain.formats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shardtrain.core.loop.IterationRecord;
import org.shardtrain.core.loop.TrainingState;
import org.shardtrain.formats.avro.AlsState;
import org.shardtrain.formats.avro.Checkpoint;

/** Checkpoint files on a real (local) Hadoop filesystem: checksums, fall-back, retention, referenced folders. */
class FsCheckpointStoreTest {
  @TempDir java.nio.file.Path tmp;
  final Configuration conf = new Configuration();

  FsCheckpointStore<AlsState> store(Path dir) {
    return new FsCheckpointStore<AlsState>(conf, dir, "als", Map.of("shardtrain.rank", "4"), s -> s, a -> (AlsState) a);
  }

  /** As ALS uses it: the users and items strings are factor folders the checkpoint refers to. */
  FsCheckpointStore<AlsState> storeWithFolders(Path dir) {
    return store(dir).referencedFolders(s -> Arrays.asList(s.getUsers(), s.getItems()));
  }

  static TrainingState<AlsState> state(int iteration, String users) {
    return new TrainingState<>(iteration, new AlsState(users, null), false,
        List.of(new IterationRecord(iteration, 0.5, Map.of("train_rmse", 1.0 / (iteration + 1)))));
  }

  Path dir() { return new Path(tmp.resolve("cp").toUri()); }

  FileSystem fs() throws Exception { return dir().getFileSystem(conf); }

  @Test
  void theNewestVerifiedCheckpointComesBackWhole() throws Exception {
    FsCheckpointStore<AlsState> s = store(dir());
    for (int i = 0; i < 3; i++) s.save(state(i, "u" + i));
    TrainingState<AlsState> back = s.latest().orElseThrow();
    assertEquals(2, back.iteration());
    assertEquals("u2", back.model().getUsers());
    assertEquals(1.0 / 3, back.history().get(0).metrics().get("train_rmse"), 0);
    assertTrue(s.rejected().isEmpty());
  }

  @Test
  void aCheckpointThatParsesButIsNotWhatWasWrittenFailsItsChecksum() throws Exception {
    FsCheckpointStore<AlsState> s = store(dir());
    for (int i = 0; i < 3; i++) s.save(state(i, "u" + i));
    // Silent corruption: a well-formed file whose record differs from the one the checksum was made of.
    Path newest = FsCheckpointStore.fileFor(dir(), 2);
    Checkpoint original = AvroFiles.readVerified(conf, newest, Checkpoint.class);
    String sha;
    try (org.apache.avro.file.DataFileReader<Checkpoint> r = new org.apache.avro.file.DataFileReader<>(
        new HadoopSeekableInput(newest, conf), new org.apache.avro.specific.SpecificDatumReader<>(Checkpoint.class))) {
      sha = r.getMetaString(AvroFiles.SHA256_META);
    }
    original.setModel(new AlsState("u2-damaged", null));
    try (OutputStream out = fs().create(newest, true);
         DataFileWriter<Checkpoint> w = new DataFileWriter<>(new SpecificDatumWriter<>(Checkpoint.class))) {
      w.setMeta(AvroFiles.SHA256_META, sha);
      w.create(Checkpoint.getClassSchema(), out);
      w.append(original);
    }
    TrainingState<AlsState> back = s.latest().orElseThrow();
    assertEquals(1, back.iteration());
    assertEquals("u1", back.model().getUsers());
    assertEquals(1, s.rejected().size());
    assertTrue(s.rejected().get(0).contains("checkpoint-000002.avro") && s.rejected().get(0).contains("fails its checksum"),
        s.rejected().toString());
  }

  @Test
  void aTruncatedOrUnchecksummedCheckpointIsPassedOver() throws Exception {
    FsCheckpointStore<AlsState> s = store(dir());
    for (int i = 0; i < 3; i++) s.save(state(i, "u" + i));
    Path newest = FsCheckpointStore.fileFor(dir(), 2);
    byte[] bytes;
    try (java.io.InputStream in = fs().open(newest)) {
      bytes = in.readAllBytes();
    }
    try (FSDataOutputStream out = fs().create(newest, true)) {
      out.write(bytes, 0, bytes.length - 20);
    }
    // Checkpoint 1 rewritten as a plain Avro file, with no checksum in its header.
    Path middle = FsCheckpointStore.fileFor(dir(), 1);
    Checkpoint one = AvroFiles.readVerified(conf, middle, Checkpoint.class);
    AvroFiles.writeAtomically(conf, middle, one);

    assertEquals(0, s.latest().orElseThrow().iteration());
    assertEquals(2, s.rejected().size(), s.rejected().toString());
    assertTrue(s.rejected().get(0).startsWith("checkpoint-000002.avro"), s.rejected().toString());
    assertTrue(s.rejected().get(1).contains("carries no checksum"), s.rejected().toString());
  }

  @Test
  void onlyTheNewestKAreKept() throws Exception {
    FsCheckpointStore<AlsState> s = store(dir()).keep(2);
    for (int i = 0; i <= 5; i++) s.save(state(i, "u" + i));
    List<String> names = Arrays.stream(fs().listStatus(dir())).map(f -> f.getPath().getName())
        .filter(n -> n.startsWith("checkpoint-")).sorted().toList();
    assertEquals(List.of("checkpoint-000004.avro", "checkpoint-000005.avro"), names);
  }

  /** A factor folder {@code factors-NNNNNN/users} with one part file, as the ALS engines write them. */
  String factors(int iteration, String content) throws Exception {
    Path users = FactorFolders.users(dir(), iteration);
    try (FSDataOutputStream out = fs().create(new Path(users, "part-00000"), true)) {
      out.write(content.getBytes(StandardCharsets.UTF_8));
    }
    return users.toString();
  }

  @Test
  void referencedFilesAreVerifiedAndFoldersGoWithTheirCheckpoints() throws Exception {
    FsCheckpointStore<AlsState> s = storeWithFolders(dir()).keep(2);
    s.save(new TrainingState<>(0, new AlsState(null, null), false, List.of()));
    for (int i = 1; i <= 4; i++) s.save(state(i, factors(i, "factors of iteration " + i)));
    // Iteration 5 is not checkpointed (--checkpoint-every): its folder lives until iteration 6 is saved.
    s.passed(state(5, factors(5, "five")));
    assertTrue(fs().exists(FactorFolders.iteration(dir(), 5)));
    s.save(state(6, factors(6, "six")));
    for (int i : new int[] {1, 2, 3, 5}) {
      assertFalse(fs().exists(FactorFolders.iteration(dir(), i)), "folder " + i + " should be gone");
    }
    assertTrue(fs().exists(FactorFolders.iteration(dir(), 4)) && fs().exists(FactorFolders.iteration(dir(), 6)));

    // A factor file of the newest checkpoint changes: that checkpoint is passed over.
    factors(6, "six, but different");
    TrainingState<AlsState> back = s.latest().orElseThrow();
    assertEquals(4, back.iteration());
    assertTrue(s.rejected().get(0).contains("has changed"), s.rejected().toString());
    // ... and one whose folder is gone, too.
    fs().delete(FactorFolders.iteration(dir(), 4), true);
    Optional<TrainingState<AlsState>> none = s.latest();
    assertTrue(none.isEmpty());
    assertTrue(s.rejected().get(1).contains("is missing"), s.rejected().toString());
  }

  @Test
  void aCheckpointOfOtherParametersIsRefusedNotSkipped() throws Exception {
    store(dir()).save(state(0, "u"));
    FsCheckpointStore<AlsState> other = new FsCheckpointStore<>(conf, dir(), "als", Map.of("shardtrain.rank", "8"),
        s -> s, a -> (AlsState) a);
    IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, other::latest);
    assertTrue(e.getMessage().contains("shardtrain.rank=4"), e.getMessage());
  }
}
