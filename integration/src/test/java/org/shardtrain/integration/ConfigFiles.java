package org.shardtrain.integration;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** Files the project ships under conf/, found from the module's working directory. */
final class ConfigFiles {
  private ConfigFiles() {}

  static Path project(String relative) {
    for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.exists(dir.resolve(relative)) && Files.exists(dir.resolve("pom.xml"))) return dir.resolve(relative);
    }
    throw new IllegalStateException(relative + " not found above " + Paths.get("").toAbsolutePath());
  }
}
