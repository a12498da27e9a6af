package org.shardtrain.integration;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A real headless Chromium (Debian's {@code chromium}), installed here with apt-get when missing and
 * possible (.ci/run installs it too): the DOM it renders and screenshots of a page.
 */
final class Chromium {
  private static String binary;

  private Chromium() {}

  /** The browser, installing it where missing; the test is skipped, with the reason, where it cannot be had. */
  static synchronized String binary() throws Exception {
    if (binary != null) return binary;
    binary = find();
    if (binary == null && new File("/usr/bin/apt-get").canExecute() && "root".equals(System.getProperty("user.name"))) {
      run(List.of("apt-get", "install", "-y", "-q", "chromium"), 600);
      binary = find();
    }
    Assumptions.assumeTrue(binary != null, "no chromium on this machine and it could not be installed (apt-get install chromium)");
    return binary;
  }

  private static String find() {
    for (String name : new String[] {"chromium", "chromium-browser", "google-chrome"}) {
      for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
        File f = new File(dir, name);
        if (f.canExecute()) return f.getAbsolutePath();
      }
    }
    return null;
  }

  /** A local empty page, for starting the browser once. */
  static String blankPage() throws IOException {
    Path page = Files.createTempFile("blank", ".html");
    Files.writeString(page, "<!doctype html><title>blank</title>");
    page.toFile().deleteOnExit();
    return page.toUri().toString();
  }

  /** The DOM after the page loaded (and ran whatever it runs). */
  static String dom(String url) throws Exception {
    return run(command("--dump-dom", url), 120);
  }

  /** A PNG screenshot of the page at 1200 × 1400. */
  static void screenshot(String url, Path png) throws Exception {
    Files.createDirectories(png.getParent());
    run(command("--screenshot=" + png.toAbsolutePath(), "--window-size=1200,1400", url), 120);
    if (!Files.exists(png) || Files.size(png) == 0) throw new IOException("chromium wrote no screenshot at " + png);
  }

  private static List<String> command(String... args) throws Exception {
    List<String> c = new ArrayList<>(List.of(binary(), "--headless", "--no-sandbox", "--disable-gpu",
        "--disable-dev-shm-usage", "--no-first-run", "--hide-scrollbars"));
    c.addAll(List.of(args));
    return c;
  }

  private static String run(List<String> command, int seconds) throws Exception {
    Path log = Files.createTempFile("chromium", ".err");
    Process p = new ProcessBuilder(command).redirectError(log.toFile()).start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException(String.join(" ", command) + " did not finish in " + seconds + " s");
    }
    if (p.exitValue() != 0) {
      throw new IOException(String.join(" ", command) + " exited " + p.exitValue() + ": " + Files.readString(log));
    }
    Files.deleteIfExists(log);
    return new String(out, StandardCharsets.UTF_8);
  }
}
