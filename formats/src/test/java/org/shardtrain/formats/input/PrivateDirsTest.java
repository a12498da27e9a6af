package org.shardtrain.formats.input;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** On the local filesystem, whose modes the operating system reports independently of Hadoop. */
class PrivateDirsTest {
  @TempDir java.nio.file.Path tmp;

  @Test
  void everyDirectoryItCreatesIsOwnerOnlyAndWhatExistedIsLeftAlone() throws Exception {
    FileSystem fs = FileSystem.getLocal(new Configuration());
    java.nio.file.Path output = Files.createDirectory(tmp.resolve("output"));
    Files.setPosixFilePermissions(output, PosixFilePermissions.fromString("rwxr-xr-x"));

    PrivateDirs.ensure(fs, new Path(output.resolve("rejects/test").toUri()));
    assertEquals("rwx------", mode(output.resolve("rejects")), "a parent created on the way");
    assertEquals("rwx------", mode(output.resolve("rejects/test")));
    assertEquals("rwxr-xr-x", mode(output), "the existing output folder keeps its mode");

    Files.setPosixFilePermissions(output.resolve("rejects"), PosixFilePermissions.fromString("rwxrwxrwx"));
    PrivateDirs.ensure(fs, new Path(output.resolve("rejects").toUri()));
    assertEquals("rwx------", mode(output.resolve("rejects")), "an existing one is closed");
  }

  private static String mode(java.nio.file.Path p) throws Exception {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }
}
