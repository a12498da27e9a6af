package org.shardtrain.host.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumSet;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordingFile;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.CreateFlag;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FsConstants;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fork-free local file system against Hadoop's own {@link RawLocalFileSystem} (which asks {@code ls},
 * {@code chmod} and {@code readlink}): the same statuses, permissions it sets that Hadoop's reads back, and
 * no child process — counted by the JVM's own flight recorder, whose probe is shown to see Hadoop's forks.
 */
class NioRawLocalFileSystemTest {
  @TempDir java.nio.file.Path dir;
  private final Configuration conf = new Configuration();
  private RawLocalFileSystem stock;
  private NioRawLocalFileSystem nio;
  private Path root;

  @BeforeEach
  void open() throws IOException {
    assumeTrue(NioRawLocalFileSystem.effective(), "Hadoop's native library is loaded: the class defers to Hadoop's");
    stock = new RawLocalFileSystem();
    stock.initialize(FsConstants.LOCAL_FS_URI, conf);
    nio = new NioRawLocalFileSystem();
    nio.initialize(FsConstants.LOCAL_FS_URI, conf);
    root = new Path(dir.toUri());
  }

  @Test
  void statusesEqualHadoopsForFilesDirectoriesStickyBitsAndListings() throws Exception {
    Path a = file("a", "0640");
    Path b = file("b:colon", "0755");
    Path sub = new Path(root, "sub");
    stock.mkdirs(sub, new FsPermission((short) 0700));
    Path sticky = new Path(root, "sticky");
    stock.mkdirs(sticky);
    stock.setPermission(sticky, new FsPermission((short) 01777)); // Hadoop's chmod: the sticky bit too
    for (Path p : new Path[] {a, b, sub, sticky, root}) assertSame(stock.getFileStatus(p), nio.getFileStatus(p));
    assertTrue(nio.getFileStatus(sticky).getPermission().getStickyBit());
    assertEquals(new FsPermission((short) 0640), nio.getFileStatus(a).getPermission());

    FileStatus[] expected = sorted(stock.listStatus(root));
    FileStatus[] actual = sorted(nio.listStatus(root));
    assertEquals(4, actual.length);
    for (int i = 0; i < expected.length; i++) assertSame(expected[i], actual[i]);
    assertSame(stock.listStatus(a)[0], nio.listStatus(a)[0]);
    assertThrows(FileNotFoundException.class, () -> nio.getFileStatus(new Path(root, "missing")));
    assertThrows(FileNotFoundException.class, () -> nio.listStatus(new Path(root, "missing")));
    // Under a file (ENOTDIR to the system call): not found, as Hadoop's File.exists() answers.
    assertThrows(FileNotFoundException.class, () -> stock.getFileStatus(new Path(a, "under")));
    assertThrows(FileNotFoundException.class, () -> nio.getFileStatus(new Path(a, "under")));
  }

  @Test
  void linkStatusesEqualHadoopsForALinkADanglingLinkAndAFile() throws Exception {
    Path target = file("target", "0604");
    Path link = new Path(root, "link");
    Files.createSymbolicLink(dir.resolve("link"), dir.resolve("target"));
    Path dangling = new Path(root, "dangling");
    Files.createSymbolicLink(dir.resolve("dangling"), dir.resolve("nowhere"));
    for (Path q : new Path[] {link, dangling, target}) {
      // Hadoop's readlink is given the path's string (FileUtil.readLink(new File(f.toString()))), so it sees
      // links only by bare paths: a qualified one (file:/...) reads as no link. This class reads both.
      Path p = Path.getPathWithoutSchemeAndAuthority(q);
      FileStatus s = stock.getFileLinkStatus(p);
      FileStatus n = nio.getFileLinkStatus(p);
      assertEquals(n.isSymlink(), nio.getFileLinkStatus(q).isSymlink());
      assertSame(s, n);
      assertEquals(s.isSymlink(), n.isSymlink(), p.toString());
      if (s.isSymlink()) assertEquals(s.getSymlink(), n.getSymlink());
    }
    assertTrue(nio.getFileLinkStatus(link).isSymlink());
    assertFalse(nio.getFileLinkStatus(target).isSymlink());
  }

  @Test
  void permissionsSetHereAreWhatHadoopReadsAndNothingForks() throws Exception {
    long forks = forksDuring(() -> {
      Path f = new Path(root, "made/deeper/f");
      try (var out = nio.create(f, new FsPermission((short) 0640), false, 4096, (short) 1, 1 << 20, null)) {
        out.write(1);
      }
      nio.setPermission(f, new FsPermission((short) 0751));
      nio.mkdirs(new Path(root, "d"), new FsPermission((short) 0750));
      nio.getFileStatus(f).getPermission();
      nio.listStatus(root);
      nio.getFileLinkStatus(f);
      nio.rename(f, new Path(root, "made/g"));
    });
    assertEquals(0, forks, "child processes started by the fork-free file system");
    FsPermission umask = FsPermission.getUMask(conf);
    assertEquals(new FsPermission((short) 0751), stock.getFileStatus(new Path(root, "made/g")).getPermission());
    assertEquals(new FsPermission((short) 0750).applyUMask(umask), stock.getFileStatus(new Path(root, "d")).getPermission());
    assertEquals(FsPermission.getDirDefault().applyUMask(umask), stock.getFileStatus(new Path(root, "made")).getPermission());

    // The probe sees Hadoop's own class fork (so a zero above is not a blind probe).
    assertTrue(forksDuring(() -> stock.getFileStatus(new Path(root, "d")).getPermission()) > 0);
  }

  @Test
  void theFileContextSideLocalisesAsTheCacheDoesWithoutForks() throws Exception {
    Configuration c = new Configuration();
    c.set(LocalFileSystems.CONTEXT_IMPL, NioLocalFs.class.getName());
    FileContext fc = FileContext.getFileContext(FsConstants.LOCAL_FS_URI, c);
    Path from = new Path(root, "download.tmp");
    Path to = new Path(root, "download");
    long forks = forksDuring(() -> {
      // What the distributed cache's FSDownload does: a directory, a file, a permission, a rename.
      fc.mkdir(from, new FsPermission((short) 0755), true);
      try (var out = fc.create(new Path(from, "part"), EnumSet.of(CreateFlag.CREATE), Options.CreateOpts.createParent())) {
        out.write(2);
      }
      fc.setPermission(new Path(from, "part"), new FsPermission((short) 0555));
      fc.rename(from, to, Options.Rename.OVERWRITE);
    });
    assertEquals(0, forks);
    assertEquals(new FsPermission((short) 0555), stock.getFileStatus(new Path(to, "part")).getPermission());
  }

  @Test
  void chosenOnlyForTheLocalRunnerAndNeverOverTheUsersChoice() {
    Configuration local = new Configuration();
    LocalFileSystems.chooseFor(local);
    assertEquals(NioLocalFileSystem.class.getName(), local.get(LocalFileSystems.FS_IMPL));
    assertEquals(NioLocalFs.class.getName(), local.get(LocalFileSystems.CONTEXT_IMPL));
    assertEquals(NioLocalFs.class.getName(), new Configuration().get(LocalFileSystems.CONTEXT_IMPL),
        "a fresh Configuration (the distributed cache's) sees it as a default");

    Configuration cluster = new Configuration(false);
    cluster.set("mapreduce.framework.name", "yarn");
    LocalFileSystems.chooseFor(cluster);
    assertEquals(null, cluster.get(LocalFileSystems.FS_IMPL));

    Configuration users = new Configuration();
    users.set(LocalFileSystems.FS_IMPL, "org.example.TheirLocalFileSystem");
    LocalFileSystems.chooseFor(users);
    assertEquals("org.example.TheirLocalFileSystem", users.get(LocalFileSystems.FS_IMPL));
  }

  private Path file(String name, String octal) throws IOException {
    Path p = new Path(root, new Path(null, null, name));
    try (var out = stock.create(p)) {
      out.write(new byte[] {1, 2, 3});
    }
    stock.setPermission(p, new FsPermission(octal));
    return p;
  }

  private static FileStatus[] sorted(FileStatus[] s) {
    FileStatus[] c = s.clone();
    Arrays.sort(c, Comparator.comparing(x -> x.getPath().toString()));
    return c;
  }

  /** Every field Hadoop's status has (FileStatus.equals compares the path only). */
  private static void assertSame(FileStatus expected, FileStatus actual) {
    String p = expected.getPath().toString();
    assertEquals(expected.getPath(), actual.getPath(), p);
    assertEquals(expected.getLen(), actual.getLen(), p);
    assertEquals(expected.isDirectory(), actual.isDirectory(), p);
    assertEquals(expected.getReplication(), actual.getReplication(), p);
    assertEquals(expected.getBlockSize(), actual.getBlockSize(), p);
    assertEquals(expected.getModificationTime(), actual.getModificationTime(), p);
    assertEquals(expected.getPermission(), actual.getPermission(), p);
    assertEquals(expected.getOwner(), actual.getOwner(), p);
    assertEquals(expected.getGroup(), actual.getGroup(), p);
  }

  interface Io { void run() throws Exception; }

  /** Child processes started while {@code work} runs, from the JVM's {@code jdk.ProcessStart} events. */
  private long forksDuring(Io work) throws Exception {
    java.nio.file.Path out = dir.resolveSibling(dir.getFileName() + ".jfr");
    try (Recording r = new Recording()) {
      r.enable("jdk.ProcessStart");
      r.start();
      work.run();
      r.stop();
      r.dump(out);
    }
    try {
      return RecordingFile.readAllEvents(out).stream().filter(e -> e.getEventType().getName().equals("jdk.ProcessStart")).count();
    } finally {
      Files.deleteIfExists(out);
    }
  }
}
