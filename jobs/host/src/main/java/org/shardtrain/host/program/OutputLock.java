package org.shardtrain.host.program;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * {@code <output>/_lock}: one run writes an output at a time. Taken by an exclusive create (atomic on HDFS
 * and on local disks), holding who took it — user, host, process, the YARN application when the run is an
 * ApplicationMaster — so that a second run says "another run is writing there" instead of failing later on a
 * file the first one moved. A lock whose holder is provably gone (this host, process ended) or that belongs
 * to an earlier attempt of the same YARN application is taken over; any other is refused with the way out.
 * Released when the program ends, however it ends ({@link ProgramTool}).
 */
public final class OutputLock {
  public static final String NAME = "_lock";
  /** Tokens of the locks this JVM holds (two programs in one JVM are two runs, as in the tests). */
  private static final Set<String> HELD = ConcurrentHashMap.newKeySet();
  /** Locks not yet released, by the thread that took them (a program's main thread). */
  private static final java.util.Map<OutputLock, Thread> OPEN = new ConcurrentHashMap<>();
  static {
    // Ctrl-C or SIGTERM: the lock goes with the process (a kill -9 leaves it, and the next run on this host
    // sees its process gone and takes it over). Before Hadoop's FileSystem cache closes the filesystems.
    org.apache.hadoop.util.ShutdownHookManager.get().addShutdownHook(
        () -> OPEN.keySet().forEach(OutputLock::release), org.apache.hadoop.fs.FileSystem.SHUTDOWN_HOOK_PRIORITY + 1);
  }

  private final FileSystem fs;
  private final Path file;
  private final String token = UUID.randomUUID().toString();

  private OutputLock(FileSystem fs, Path file) {
    this.fs = fs;
    this.file = file;
  }

  /** Refuses when another live run holds the lock of {@code output} (checked before anything is deleted). */
  static void refuseIfHeld(FileSystem fs, Path output) throws IOException {
    Path file = new Path(output, NAME);
    Properties holder = read(fs, file);
    if (holder != null && !isStale(holder)) throw held(output, holder);
  }

  /** Takes the lock of {@code output} (which exists), taking over a stale one. */
  static OutputLock take(FileSystem fs, Path output) throws IOException {
    OutputLock lock = new OutputLock(fs, new Path(output, NAME));
    Properties holder = read(fs, lock.file);
    if (holder != null) {
      if (!isStale(holder)) throw held(output, holder);
      fs.delete(lock.file, false);
    }
    Properties me = identity(lock.token);
    try (OutputStream out = fs.create(lock.file, false)) {
      java.io.StringWriter text = new java.io.StringWriter();
      me.store(text, "shardtrain: the run writing this folder");
      out.write(text.toString().getBytes(StandardCharsets.UTF_8));
    } catch (FileAlreadyExistsException e) {
      Properties winner = read(fs, lock.file);
      throw held(output, winner != null ? winner : new Properties());
    }
    HELD.add(lock.token);
    OPEN.put(lock, Thread.currentThread());
    return lock;
  }

  /** Removes the lock if this run still holds it. */
  void release() {
    if (OPEN.remove(this) == null) return;
    HELD.remove(token);
    try {
      Properties holder = read(fs, file);
      if (holder != null && token.equals(holder.getProperty("token"))) fs.delete(file, false);
    } catch (IOException e) {
      // Best effort: a stale lock of this host is taken over by the next run.
    }
  }

  /** Releases the locks this thread's program still holds (it ended, maybe by an exception). */
  static void releaseHeldByThisThread() {
    Thread me = Thread.currentThread();
    OPEN.forEach((lock, thread) -> {
      if (thread == me) lock.release();
    });
  }

  private static IllegalArgumentException held(Path output, Properties holder) {
    String app = holder.getProperty("application");
    return new IllegalArgumentException("output " + output + " is being written by another run ("
        + holder.getProperty("user", "?") + " on " + holder.getProperty("host", "?") + ", process "
        + holder.getProperty("pid", "?") + (app != null ? ", " + app : "") + ", since "
        + holder.getProperty("started", "?") + "); wait for it to end, or if it is gone, delete "
        + new Path(output, NAME));
  }

  /** Whether the holder has provably ended, or is an earlier attempt of this very YARN application. */
  private static boolean isStale(Properties holder) {
    Properties me = identity("");
    String app = holder.getProperty("application");
    if (app != null && app.equals(me.getProperty("application"))) return true;
    if (!me.getProperty("host").equals(holder.getProperty("host"))) return false;
    long pid;
    try {
      pid = Long.parseLong(holder.getProperty("pid", ""));
    } catch (NumberFormatException e) {
      return false;
    }
    if (pid == ProcessHandle.current().pid()) return !HELD.contains(holder.getProperty("token"));
    return ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true);
  }

  private static Properties identity(String token) {
    Properties p = new Properties();
    p.setProperty("token", token);
    p.setProperty("user", System.getProperty("user.name"));
    String host;
    try {
      host = java.net.InetAddress.getLocalHost().getCanonicalHostName();
    } catch (IOException e) {
      host = "unknown";
    }
    p.setProperty("host", host);
    p.setProperty("pid", Long.toString(ProcessHandle.current().pid()));
    p.setProperty("started", java.time.Instant.now().toString());
    String container = System.getenv("CONTAINER_ID"); // set by the NodeManager in every YARN container
    if (container != null) {
      try {
        p.setProperty("application", org.apache.hadoop.yarn.api.records.ContainerId.fromString(container)
            .getApplicationAttemptId().getApplicationId().toString());
      } catch (IllegalArgumentException e) {
        // not a container ID we can read: the host and process still identify the run
      }
    }
    return p;
  }

  private static Properties read(FileSystem fs, Path file) throws IOException {
    if (!fs.exists(file)) return null;
    Properties p = new Properties();
    try (InputStream in = fs.open(file)) {
      p.load(in);
    } catch (java.io.FileNotFoundException e) {
      return null; // released between the two calls
    }
    return p;
  }
}
