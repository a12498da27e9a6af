package org.shardtrain.yarn.worker;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.shardtrain.yarn.collective.ByteChunk;
import org.shardtrain.yarn.collective.StreamServer;

/**
 * The ratings a worker routed to each block at load, as files on its node's local disks — the container's
 * {@code LOCAL_DIRS}, spread over them by name as MapReduce spreads map outputs, and removed with the
 * application by the NodeManager — never on HDFS. Served to the block's owner from the worker's endpoint
 * (the MapReduce shuffle's map-output files, served by the ShuffleHandler, are the model), and kept for the
 * run: a worker that replaces a lost one pulls its blocks' ratings again from every other worker.
 */
final class RoutedStreams implements StreamServer {
  private final List<Path> dirs;
  /** Set once every stream is written and closed: before, fetches are answered "not held". */
  private volatile boolean written;

  private RoutedStreams(List<Path> dirs) { this.dirs = dirs; }

  /**
   * A worker's, under its container's local directories ({@code LOCAL_DIRS}); outside a container (tests, a
   * local run), under a temporary directory removed when the JVM exits.
   */
  static RoutedStreams forWorker(int slot) throws IOException {
    String localDirs = System.getenv("LOCAL_DIRS");
    List<Path> dirs = new ArrayList<>();
    if (localDirs != null && !localDirs.isBlank()) {
      for (String d : localDirs.split(",")) dirs.add(Files.createDirectories(Path.of(d, "shardtrain-routed-" + slot)));
    } else {
      Path tmp = Files.createTempDirectory("shardtrain-routed-" + slot + "-");
      Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteQuietly(tmp)));
      dirs.add(tmp);
    }
    return new RoutedStreams(dirs);
  }

  /** In {@code dir} (tests). */
  static RoutedStreams in(Path dir) { return new RoutedStreams(List.of(dir)); }

  /** A stream's names are {@code <side>-<block>} (RatingShuffle's): anything else a peer asks for is refused. */
  private static final java.util.regex.Pattern NAME = java.util.regex.Pattern.compile("[uit]-\\d+");

  private Path file(String name) throws IOException {
    if (!NAME.matcher(name).matches()) throw new IOException("no routed ratings named " + name);
    return dirs.get(Math.floorMod(name.hashCode(), dirs.size())).resolve(name);
  }

  /** A new stream {@code name} (one block's routed ratings of one side), replacing any earlier one, buffered. */
  DataOutputStream create(String name, int bufferBytes) throws IOException {
    written = false;
    return new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file(name)), bufferBytes));
  }

  /** Every stream is written: serve them. */
  void written() { written = true; }

  /** This worker's own stream {@code name} (its own blocks' share), or an empty one. */
  InputStream openLocal(String name) throws IOException {
    Path f = file(name);
    return Files.exists(f) ? Files.newInputStream(f) : InputStream.nullInputStream();
  }

  @Override
  public ByteChunk serve(String name, long offset, int maxBytes) throws IOException {
    if (!written) return ByteChunk.notHeld();
    Path f = file(name);
    if (!Files.exists(f)) return ByteChunk.of(0, 0, new byte[0], 0);
    try (FileChannel in = FileChannel.open(f, StandardOpenOption.READ)) {
      long total = in.size();
      int n = (int) Math.max(0, Math.min(maxBytes, total - offset));
      ByteBuffer b = ByteBuffer.allocate(n);
      while (b.hasRemaining() && in.read(b, offset + b.position()) >= 0) {
        // FileChannel.read may return fewer bytes than asked: read on from where it stopped.
      }
      return ByteChunk.of(total, offset, b.array(), b.position());
    }
  }

  private static void deleteQuietly(Path dir) {
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.deleteIfExists(p);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } catch (IOException | UncheckedIOException e) {
      // best effort at exit
    }
  }
}
